"""The plan table a client can read: when, where, what and the words first (issue 18)."""

from __future__ import annotations

from datetime import date, time

from ui.panels.plan_table import column_order
from workbench.models import ContentFormat, PlannedPost, Platform


def _post(post_id: str, **changes: object) -> PlannedPost:
    return PlannedPost(
        id=post_id,
        date=date(2026, 12, 8),
        time=time(18, 0),
        platform=Platform.instagram,
        format=ContentFormat.photo,
        topic="Pane con lievito madre",
        **changes,
    )


def test_date_platform_topic_and_caption_come_first() -> None:
    columns = column_order([_post("a")], {})
    assert columns[:5] == ["date", "time", "platform", "topic", "caption"]
    assert columns.index("locked") > columns.index("brief")


def test_the_review_and_ai_columns_show_only_when_a_post_has_one() -> None:
    assert not {"review", "ai_assisted"} & set(column_order([_post("a"), _post("b")], {}))
    shown = column_order([_post("a"), _post("b", ai_assisted=True)], {"a": "Approvato"})
    assert {"review", "ai_assisted"} <= set(shown)
