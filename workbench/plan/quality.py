"""How good a plan's content is, measured: the rules of issue 16 as numbers.

- distinct topics per platform: two topics are the same when they read the same once case,
  emoji, digits, dates, punctuation and the city are taken out;
- posts naming the brief: a topic that names an item of the offering, a place, a person or
  an event; the city alone counts for at most a third of the 60% wanted;
- duplicate and near-duplicate captions: the same, or word-trigram Jaccard similarity of at
  least NEAR_DUPLICATE, once topic and hashtags are taken out;
- calls to action that do not fit their platform or format, forbidden words, hashtags.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from workbench.models import Brief, ContentFormat, PlannedPost, Platform, PostKind
from workbench.plan.captions import caption_rules
from workbench.plan.ideas import REPEAT_WEEKS, brief_specifics

__all__ = [
    "NEAR_DUPLICATE",
    "ContentQuality",
    "PlatformQuality",
    "cta_mismatch",
    "near_duplicate_pairs",
    "score_plan",
    "shingles",
    "similar",
    "topic_key",
]

NEAR_DUPLICATE = 0.7
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def topic_key(topic: str, city: str = "") -> str:
    """A topic reduced to what makes it itself: no case, emoji, digits, punctuation, city."""
    text = topic.casefold()
    if city:
        text = text.replace(city.casefold(), " ")
    return " ".join(_WORD.findall(text))


def similar(grams: set[tuple[str, ...]], other: set[tuple[str, ...]]) -> bool:
    """Whether two captions' word trigrams overlap enough to read as the same caption."""
    return bool(grams and other) and len(grams & other) / len(grams | other) >= NEAR_DUPLICATE


def shingles(text: str) -> set[tuple[str, ...]]:
    """The word trigrams of a text, case-folded, without digits or punctuation."""
    return _shingles(text)


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.casefold())
    return {tuple(words[i : i + 3]) for i in range(max(1, len(words) - 2))}


def _caption_body(post: PlannedPost) -> str:
    text = post.caption
    for piece in (post.topic.rstrip(" ."), *post.hashtags):
        text = text.replace(piece, " ")
    return text


def near_duplicate_pairs(posts: Sequence[PlannedPost]) -> tuple[int, int]:
    """(identical, near-identical) pairs of captions once topic and hashtags are out."""
    bodies = [(_caption_body(p), _shingles(_caption_body(p))) for p in posts if p.caption]
    same = near = 0
    for i, (text, grams) in enumerate(bodies):
        for other, other_grams in bodies[i + 1 :]:
            if " ".join(text.split()) == " ".join(other.split()):
                same += 1
            else:
                near += similar(grams, other_grams)
    return same, near


def cta_mismatch(post: PlannedPost) -> str:
    """Why a post's call to action does not fit its platform or format ('' when it does)."""
    cta = post.cta.casefold()
    if "link in bio" in cta and post.platform != Platform.instagram:
        return "link in bio outside Instagram"
    if ("sondaggio" in cta or "storia" in cta or "poll" in cta) and post.format != (
        ContentFormat.story
    ):
        return "story sticker without a story"
    if "recension" in cta and post.platform == Platform.linkedin:
        return "review request on LinkedIn"
    if post.platform == Platform.whatsapp and ("comment" in cta or "tagga" in cta):
        return "comments on a WhatsApp channel"
    return ""


@dataclass(frozen=True)
class PlatformQuality:
    platform: Platform
    content_posts: int
    distinct_topic_ratio: float
    repeats_within_8_weeks: int
    naming_brief_ratio: float  # items, places, people, events
    city_only_ratio: float
    max_hashtags: int
    hashtag_limit: int


@dataclass(frozen=True)
class ContentQuality:
    platforms: tuple[PlatformQuality, ...]
    captions: int
    duplicate_captions: int
    near_duplicate_captions: int
    cta_mismatches: tuple[str, ...]
    forbidden_words: tuple[str, ...]
    reactive_per_week_max: int
    reactive_same_day: int

    def meets_issue_16(self) -> bool:
        """Point 4 and 5: 80% distinct topics, 60% naming the brief (the city alone a third
        of it at most), no repeat within 8 weeks, captions all different, CTAs that fit."""
        return (
            all(
                p.distinct_topic_ratio >= 0.8
                and p.repeats_within_8_weeks == 0
                and p.naming_brief_ratio + min(p.city_only_ratio, 0.2) >= 0.6
                for p in self.platforms
            )
            and self.duplicate_captions == 0
            and self.near_duplicate_captions == 0
            and not self.cta_mismatches
            and not self.forbidden_words
        )


def score_plan(posts: Sequence[PlannedPost], brief: Brief) -> ContentQuality:
    """The content measures of a plan (see the module doc)."""
    specifics = brief_specifics(brief)
    by_platform: dict[Platform, list[PlannedPost]] = defaultdict(list)
    for post in sorted(posts, key=lambda p: (p.date, p.time)):
        if post.kind != PostKind.reactive:
            by_platform[post.platform].append(post)
    start = min((p.date for p in posts), default=None)
    platforms = []
    for platform, content in by_platform.items():
        keys = [topic_key(p.topic, brief.city) for p in content]
        repeats = 0
        last: dict[str, int] = {}
        for post, key in zip(content, keys, strict=True):
            day = post.date.toordinal()
            if key in last and day - last[key] < 7 * REPEAT_WEEKS:
                repeats += 1
            last[key] = day
        named = [bool(specifics.named_in(p.topic)) for p in content]
        city = [
            not n and bool(brief.city) and brief.city.casefold() in p.topic.casefold()
            for p, n in zip(content, named, strict=True)
        ]
        platforms.append(
            PlatformQuality(
                platform=platform,
                content_posts=len(content),
                distinct_topic_ratio=len(set(keys)) / len(keys),
                repeats_within_8_weeks=repeats,
                naming_brief_ratio=sum(named) / len(named),
                city_only_ratio=sum(city) / len(city),
                max_hashtags=max(len(p.hashtags) for p in content),
                hashtag_limit=caption_rules()[platform].max_hashtags,
            )
        )
    same, near = near_duplicate_pairs(posts)
    avoid = [w.casefold() for w in brief.words_to_avoid]
    forbidden = tuple(
        f"{p.id}: {w}"
        for p in posts
        for w in avoid
        if w in f"{p.topic} {p.caption} {p.cta}".casefold()
    )
    reactive = [p for p in posts if p.kind == PostKind.reactive]
    weekly: dict[int, int] = defaultdict(int)
    for post in reactive:
        weekly[(post.date - start).days // 7 if start else 0] += 1
    return ContentQuality(
        platforms=tuple(platforms),
        captions=sum(1 for p in posts if p.caption),
        duplicate_captions=same,
        near_duplicate_captions=near,
        cta_mismatches=tuple(f"{p.id}: {why}" for p in posts if (why := cta_mismatch(p))),
        forbidden_words=forbidden,
        reactive_per_week_max=max(weekly.values(), default=0),
        reactive_same_day=len(reactive) - len({p.date for p in reactive}),
    )
