"""Caption rules per platform (data/caption_rules.csv) and fitting a caption inside them.

The limits are the platforms' own (X: 280 characters, hashtags included); the target length,
hashtag count and style are editorial guidance the assistant's prompt passes on. Lengths are
counted in characters as Python counts them: X weighs emoji and links differently, so a
caption close to the limit is worth a last look in the scheduler.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from workbench.models import Platform
from workbench.reference import SourcedValue, read_csv

__all__ = ["CaptionRule", "caption_rules", "fit_caption", "shorten"]

ELLIPSIS = "…"


@dataclass(frozen=True)
class CaptionRule:
    """How long a caption may and should be on a platform, its hashtags and its style."""

    platform: Platform
    max_chars: int
    target_chars: int
    max_hashtags: int
    style: str
    source: SourcedValue


@lru_cache(maxsize=1)
def caption_rules() -> dict[Platform, CaptionRule]:
    """One rule per platform; a platform without a row is a data error (ValueError)."""
    rules = {}
    for row in read_csv("caption_rules.csv"):
        platform = Platform(row["platform"])
        rules[platform] = CaptionRule(
            platform=platform,
            max_chars=int(row["max_chars"]),
            target_chars=int(row["target_chars"]),
            max_hashtags=int(row["max_hashtags"]),
            style=row["style"],
            source=SourcedValue.from_row({**row, "unit": "characters"}, "max_chars"),
        )
    missing = set(Platform) - set(rules)
    if missing:
        raise ValueError(f"caption_rules.csv: no row for {sorted(missing)}")
    return rules


def shorten(text: str, limit: int) -> str:
    """`text` in at most `limit` characters: whole sentences when they fill at least half of
    it, else cut at a word boundary with '…'."""
    text = text.strip()
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return text[:limit]
    window = text[: limit + 1]
    sentence_end = max(window.rfind(mark) for mark in (". ", "! ", "? ", ".\n", "!\n", "?\n"))
    if sentence_end + 1 >= limit // 2:
        return text[: sentence_end + 1]
    cut = text[: limit - len(ELLIPSIS)]
    if " " in cut and not text[len(cut)].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:-") + ELLIPSIS


def fit_caption(platform: Platform, caption: str, hashtags: list[str]) -> tuple[str, list[str]]:
    """Caption and hashtags within the platform's limits: at most its hashtags, and caption
    plus ' ' plus the hashtags joined by spaces at most its characters.

    Hashtags keep their place while they take at most half the characters (dropped from
    the last otherwise); the caption is shortened to the room left.
    """
    rule = caption_rules()[platform]

    def room_for(tags: list[str]) -> int:
        return rule.max_chars - (1 + len(" ".join(tags)) if tags else 0)

    tags = list(hashtags[: rule.max_hashtags])
    while tags and room_for(tags) < rule.max_chars // 2:
        tags.pop()
    return shorten(caption, room_for(tags)), tags
