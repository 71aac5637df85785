"""Offline captions, calls to action and hashtags of planned posts, written for each platform.

A caption is a hook (the first line, with the topic), sentences of substance and line breaks
shaped by the platform (data/caption_templates.json); the call to action comes from
data/ctas.csv, filtered by platform, format, pillar type and the client's kind (no "link in
bio" outside Instagram, no poll without stories, no review request on LinkedIn or from a
professional). Sentences and calls to action take turns over the plan, so that no two
captions read alike once the topic is taken out. Words the brief avoids never appear.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from workbench.models import Brief, ClientKind, ContentFormat, Platform
from workbench.plan.captions import caption_rules
from workbench.plan.ideas import idea_banks
from workbench.plan.quality import shingles, similar
from workbench.reference import DATA_DIR, read_csv

__all__ = [
    "CaptionWriter",
    "Cta",
    "caption_templates",
    "ctas",
    "fitting_ctas",
    "plan_hashtags",
]

_FIELD = re.compile(r"\{(\w+)\}")
# Kinds whose captions carry no emoji: they speak as an institution or under a code.
_SOBER_KINDS = frozenset({ClientKind.professional, ClientKind.public_body})
# Post types whose captions never borrow the generic hooks and sentences.
_OWN_WORDS = frozenset({"holiday", "notice"})


@lru_cache(maxsize=1)
def caption_templates() -> dict[str, Any]:
    """data/caption_templates.json: hooks, sentences, emoji and platform shapes."""
    data: dict[str, Any] = json.loads(
        (DATA_DIR / "caption_templates.json").read_text(encoding="utf-8")
    )
    missing = set(Platform) - set(data["shapes"])
    if missing:
        raise ValueError(f"caption_templates.json: no shape for {sorted(missing)}")
    return data


@dataclass(frozen=True)
class Cta:
    """A call to action and where it fits."""

    id: str
    group: str
    pillars: frozenset[str]
    platforms: frozenset[str]
    formats: frozenset[str]
    kinds: frozenset[str]
    needs: str
    text: dict[str, str]

    def fits(self, platform: Platform, fmt: ContentFormat, key: str, kind: str = "") -> bool:
        return (
            ("*" in self.kinds or kind in self.kinds)
            and ("*" in self.platforms or platform.value in self.platforms)
            and ("*" in self.formats or fmt.value in self.formats)
            and ("*" in self.pillars or key in self.pillars)
        )


@lru_cache(maxsize=1)
def ctas() -> tuple[Cta, ...]:
    """Every call to action of data/ctas.csv."""
    return tuple(
        Cta(
            id=row["id"],
            group=row["group"],
            pillars=frozenset(row["pillars"].split()),
            platforms=frozenset(row["platforms"].split()),
            formats=frozenset(row["formats"].split()),
            kinds=frozenset(row["kinds"].split()),
            needs=row["needs"],
            text={"it": row["text_it"], "en": row["text_en"]},
        )
        for row in read_csv("ctas.csv")
    )


def _fill(text: str, values: dict[str, str]) -> str | None:
    """The text with its fields filled, None when one has no value."""
    for name in _FIELD.findall(text):
        if not values.get(name):
            return None
        text = text.replace("{" + name + "}", values[name])
    return text


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _ctas_never(brief: Brief) -> set[str]:
    """The groups of calls to action the client's kind never gets (a professional: reviews)."""
    overlay = idea_banks()["kinds"].get(brief.kind.value if brief.kind else "", {})
    return set(overlay.get("ctas_never", []))


def fitting_ctas(
    brief: Brief, platform: Platform, fmt: ContentFormat, key: str, lang: str
) -> list[Cta]:
    """The calls to action that fit a post: its platform, format and pillar type, the client's
    kind, website and whether it has a place open to the public, and none with a word the
    brief avoids."""
    kind = brief.kind.value if brief.kind else "company"
    never = _ctas_never(brief)
    avoid = [w.casefold() for w in brief.words_to_avoid]
    # "Come and see us" only where there is a place open to the public.
    venue = brief.sector in idea_banks()["venue_sectors"]
    return [
        c
        for c in ctas()
        if c.fits(platform, fmt, key, kind)
        and c.group not in never
        and (c.needs != "website" or bool(brief.website))
        and (c.needs != "venue" or venue)
        and not any(word in c.text[lang].casefold() for word in avoid)
    ]


@dataclass
class CaptionWriter:
    """Writes the captions and calls to action of one plan, keeping them all different."""

    brief: Brief
    lang: str
    rng: random.Random
    _uses: Counter[str] = field(default_factory=Counter)
    _combos: set[tuple[str, ...]] = field(default_factory=set)
    _written: list[set[tuple[str, ...]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        data = caption_templates()
        tones = {t.casefold() for t in self.brief.tone_descriptors}
        self.sober = self.brief.kind in _SOBER_KINDS or bool(tones & set(data["sober_tones"]))
        self.avoid = [w.casefold() for w in self.brief.words_to_avoid]
        self.cta_never = _ctas_never(self.brief)
        self.kind = self.brief.kind.value if self.brief.kind else "company"
        # "Come and see us" only where there is a place open to the public.
        self.venue = self.brief.sector in idea_banks()["venue_sectors"]

    def _clean(self, text: str) -> bool:
        folded = text.casefold()
        return not any(word in folded for word in self.avoid)

    def _pool(self, section: str, key: str, values: dict[str, str]) -> list[tuple[str, str]]:
        data = caption_templates()[section]
        pool = []
        # A greeting or an hours notice takes only its own sentences: "you often ask us"
        # reads wrong on Christmas Day.
        for group in (key,) if key in _OWN_WORDS else (key, "*"):
            for i, entry in enumerate(data.get(group, [])):
                text = _fill(entry.get(self.lang, entry["it"]), values)
                if text is not None and self._clean(text.replace(values["topic"], " ")):
                    pool.append((f"{section}:{group}:{i}", text))
        return pool

    def _least_used(self, pool: list[tuple[str, str]], count: int) -> list[tuple[str, str]]:
        ranked = sorted(pool, key=lambda p: (self._uses[p[0]], self.rng.random()))
        return ranked[:count]

    def _has(self, needs: str) -> bool:
        return (
            not needs
            or (needs == "website" and bool(self.brief.website))
            or (needs == "venue" and self.venue)
        )

    def cta(self, platform: Platform, fmt: ContentFormat, key: str) -> str:
        """The least used call to action that fits the platform, format, pillar and client."""
        fitting = fitting_ctas(self.brief, platform, fmt, key, self.lang)
        if not fitting:
            fitting = [
                c
                for c in ctas()
                if c.fits(platform, fmt, "*", self.kind)
                and "*" in c.pillars
                and c.group not in self.cta_never
                and self._has(c.needs)
            ]
        if not fitting:
            return ""
        chosen = min(fitting, key=lambda c: (self._uses["cta:" + c.id], self.rng.random()))
        self._uses["cta:" + chosen.id] += 1
        return chosen.text[self.lang]

    def caption(self, platform: Platform, key: str, topic: str, values: dict[str, str]) -> str:
        """Hook, then the platform's number of sentences, in the platform's shape.

        Hook and sentences are the least used so far; a hook with the same sentences is never
        used twice in a plan, and of a dozen tries the one least like the captions already
        written wins (word trigrams, as `plan_quality` measures them).
        """
        data = caption_templates()
        shape = data["shapes"][platform.value]
        values = {**values, "topic": topic.rstrip(" .")}
        hooks = self._pool("hooks", key, values)
        bodies = self._pool("bodies", key, values)
        count = min(shape["sentences"], len(bodies))
        best: tuple[int, str, tuple[str, str], list[tuple[str, str]]] | None = None
        for attempt in range(12):
            hook = self._least_used(hooks, 4)[self.rng.randrange(min(4, len(hooks)))]
            sentences = self._least_used(bodies, count + 2 + attempt // 3)
            self.rng.shuffle(sentences)
            sentences = sentences[:count]
            combo = (hook[0], *sorted(s[0] for s in sentences))
            if combo in self._combos:
                continue
            text = self._shape(platform, hook[1], sentences)
            grams = shingles(text.replace(values["topic"], " "))
            clashes = sum(similar(grams, other) for other in self._written[-400:])
            if best is None or clashes < best[0]:
                best = (clashes, text, hook, sentences)
            if not clashes:
                break
        if best is None:  # every combination used: the least used parts again
            hook = self._least_used(hooks, 1)[0]
            sentences = self._least_used(bodies, count)
            best = (0, self._shape(platform, hook[1], sentences), hook, sentences)
        _, text, hook, sentences = best
        self._combos.add((hook[0], *sorted(s[0] for s in sentences)))
        self._written.append(shingles(text.replace(values["topic"], " ")))
        for part in (hook, *sentences):
            self._uses[part[0]] += 1
        if shape["emoji"] and not self.sober:
            marks = data["emoji"].get(key) or data["emoji"]["showcase"]
            first, _, rest = text.partition(shape["separator"])
            mark = marks[self._uses["emoji:" + key] % len(marks)]
            text = f"{first} {mark}" + (shape["separator"] + rest if rest else "")
            self._uses["emoji:" + key] += 1
        # Far past the platform's target (a long brief item in a short format): the hook alone.
        return text if len(text) <= caption_rules()[platform].target_chars * 2 else hook[1]

    def _shape(self, platform: Platform, hook: str, sentences: list[tuple[str, str]]) -> str:
        shape = caption_templates()["shapes"][platform.value]
        parts = [_capitalised(s[1]) for s in sentences]
        body = ("\n" if platform == Platform.linkedin else " ").join(parts)
        text = shape["separator"].join(part for part in (hook, body) if part)
        return text.replace("?.", "?").replace("!.", "!").replace("….", "…")


def plan_hashtags(
    platform: Platform,
    *,
    sector_tag: str,
    niche: tuple[str, ...] = (),
    city: str,
    pillar_tag: str,
    item: str,
    event: str,
    tag: Any,
) -> list[str]:
    """Hashtags within the platform's `max_hashtags`: two niche tags of the sector (the
    sector's own name when the brief calls for none), the place, the event on an event post,
    the item, then the pillar's. Niche and place tags are lower case, as people type them."""
    limit = caption_rules()[platform].max_hashtags
    if limit <= 0:
        return []
    candidates = ["#" + n for n in niche[:2]]
    if not candidates and sector_tag:
        candidates.append(tag(sector_tag).lower())
    if city:
        candidates.append(tag(city).lower())
    if event:
        candidates.append(tag(event))
    if item:
        candidates.append(tag(item))
    if pillar_tag:
        candidates.append("#" + pillar_tag)
    unique = list(dict.fromkeys(c for c in candidates if len(c) > 1))
    return unique[:limit]
