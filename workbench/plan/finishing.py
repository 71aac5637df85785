"""Generated posts made ready for the plan: the client's hashtag sets, then tagged links.

Every place that puts freshly generated posts into a plan (the plan page, a draft from the
brief, the demo client) finishes them here, so they all get the same tags and links.
"""

from __future__ import annotations

from collections.abc import Iterable

from workbench.models import EditorialPlan, PlannedPost
from workbench.plan.hashtags import with_sets
from workbench.plan.utm import with_utm

__all__ = ["finish_posts"]


def finish_posts(posts: Iterable[PlannedPost], plan: EditorialPlan) -> list[PlannedPost]:
    """`posts` with `plan`'s hashtag sets added, then their links tagged with its UTM
    settings; posts the manager edited or locked stay as they are."""
    return with_utm(with_sets(posts, plan.hashtag_sets), plan.utm)
