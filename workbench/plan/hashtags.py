"""Hashtags: read what the manager typed, and add the client's hashtag sets to posts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from workbench.models import HashtagSet, PlannedPost, PostKind
from workbench.plan.captions import caption_rules

__all__ = ["MAX_TAGS", "parse_hashtags", "tags_for", "with_sets"]

# Instagram refuses a post with more than 30 hashtags; the others read worse long before.
MAX_TAGS = 30
_SEPARATORS = re.compile(r"[\s,;]+")


def parse_hashtags(text: str) -> list[str]:
    """'#pasticceria, bologna #Dolci' -> ['#pasticceria', '#bologna', '#Dolci'].

    Spaces, commas and semicolons separate; a missing '#' is added; repeats (ignoring case)
    are dropped, keeping the first spelling.
    """
    tags: dict[str, str] = {}
    for word in _SEPARATORS.split(text):
        word = word.strip().lstrip("#")
        word = "".join(ch for ch in word if ch.isalnum() or ch == "_")
        if word:
            tags.setdefault(word.casefold(), "#" + word)
    return list(tags.values())


def tags_for(pillar: str, sets: Sequence[HashtagSet]) -> list[str]:
    """The tags of the sets that apply to a post of `pillar` (sets without pillar apply to all)."""
    key = pillar.casefold()
    return [tag for s in sets if not s.pillar or s.pillar.casefold() == key for tag in s.tags]


def _merge(limit: int, *groups: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for group in groups:
        for tag in group:
            seen.setdefault(tag.casefold(), tag)
    return list(seen.values())[: min(limit, MAX_TAGS)]


def with_sets(posts: Iterable[PlannedPost], sets: Sequence[HashtagSet]) -> list[PlannedPost]:
    """Posts with the matching sets' tags first (the pillar's sets, then those for every
    post), then their own, within the platform's `max_hashtags` (data/caption_rules.csv).

    Posts the manager edited or locked are left as they are, and reactive slots stay empty.
    """
    pillar_sets = [s for s in sets if s.pillar]
    general = [s for s in sets if not s.pillar]
    result = []
    for post in posts:
        extra = tags_for(post.pillar, pillar_sets) + tags_for(post.pillar, general)
        if extra and not (post.edited or post.locked or post.kind == PostKind.reactive):
            limit = caption_rules()[post.platform].max_hashtags
            post = post.model_copy(update={"hashtags": _merge(limit, extra, post.hashtags)})
        result.append(post)
    return result
