"""Post topics from the idea banks (data/idea_banks.json), filled with the brief's specifics.

Sectors are grouped into families; each family has idea patterns per pillar type, a calendar
of monthly hooks, the holidays it posts about and what counts as news for it. A kind of
client (professional, public body, non-profit, artist) overlays the family: its patterns win
for the pillar types it has, and its `never` words take out any pattern that breaks its code.
The manager's own pillar ideas win over both.

Two topics are the same when they come from the same pattern with the same brief item; on a
platform a topic does not come back within `REPEAT_WEEKS` weeks.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from workbench.models import Brief, ClientKind, Pillar, Platform
from workbench.plan.calendar import CalendarEvent, EventKind
from workbench.reference import DATA_DIR, sectors

__all__ = [
    "NOTICE_DAYS",
    "REPEAT_WEEKS",
    "Specifics",
    "Topic",
    "TopicChooser",
    "brief_specifics",
    "event_topics",
    "family_of",
    "family_patterns",
    "holiday_is_relevant",
    "holiday_notices",
    "idea_banks",
    "news_note",
    "niche_tags",
    "notice_topic",
    "pillar_key",
]

REPEAT_WEEKS = 8
# The share of a platform's posts whose topic names the brief that the chooser keeps: issue
# 16 wants 60%, and holiday notices and reactive slots come on top of the chosen topics.
NAMING_TARGET = 0.7
_FIELD = re.compile(r"\{(\w+)\}")
_ITEM_FIELDS = ("signature", "item", "season_item", "place", "person", "event")


@lru_cache(maxsize=1)
def idea_banks() -> dict[str, Any]:
    """data/idea_banks.json, checked: every family names known sectors, patterns both languages."""
    import json

    data: dict[str, Any] = json.loads((DATA_DIR / "idea_banks.json").read_text(encoding="utf-8"))
    known = {s.code for s in sectors()}
    for code, family in data["families"].items():
        unknown = set(family["sectors"]) - known
        if unknown:
            raise ValueError(f"idea_banks.json: family {code} has unknown sectors {unknown}")
    return data


@lru_cache(maxsize=1)
def _sector_families() -> dict[str, str]:
    return {s: code for code, f in idea_banks()["families"].items() for s in f["sectors"]}


def family_of(sector: str) -> str:
    """The family of a sector code ('restaurant' -> 'food'); 'general' when unknown."""
    return _sector_families().get(sector, "general")


def pillar_key(pillar: Pillar, known: dict[str, str]) -> str:
    """The bank's pillar type for a pillar: its template name, else words in its name and
    description, else its goal ('Dietro il bancone' -> 'behind_the_scenes')."""
    data = idea_banks()
    key = known.get(pillar.name.casefold())
    if key and key in data["common"]:
        return key
    text = f"{pillar.name} {pillar.description}".casefold()
    name = pillar.name.casefold()
    for words_in in (name, text):
        for candidate, words in data["pillar_keywords"].items():
            if any(word in words_in for word in words):
                return str(candidate)
    goal = pillar.goal.value if pillar.goal else ""
    return str(data["goal_pillars"].get(goal, "showcase"))


@dataclass(frozen=True)
class Specifics:
    """What a brief gives the patterns, ready to fill them."""

    signature: tuple[str, ...]
    items: tuple[str, ...]
    by_month: dict[int, tuple[str, ...]]
    all_year: tuple[str, ...]
    places: tuple[str, ...]
    people: tuple[str, ...]
    events: tuple[tuple[str, int | None], ...]
    differentiators: tuple[str, ...]
    city: str
    sector: str

    def in_season(self, names: Sequence[str], month: int) -> tuple[str, ...]:
        """The items of `names` that matter in `month`: all-year ones and those of the month
        (open day in September is no December topic)."""
        seasonal = {n for items in self.by_month.values() for n in items}
        this_month = set(self.by_month.get(month, ()))
        return tuple(n for n in names if n not in seasonal or n in this_month)

    def values(self, name: str, month: int) -> tuple[str, ...]:
        """The brief's values for a pattern field in a month ('' fields have none)."""
        if name == "signature":
            return self.in_season(self.signature, month) or self.in_season(self.items, month)
        if name == "item":
            return self.in_season(self.items, month)
        if name == "season_item":
            return self.by_month.get(month, ())
        if name == "place":
            return self.places
        if name == "person":
            return self.people
        if name == "event":
            return tuple(n for n, m in self.events if m is None or m == month)
        if name == "differentiator":
            return self.differentiators
        if name == "city":
            return (self.city,) if self.city else ()
        if name == "sector":
            return (self.sector,) if self.sector else ()
        return ()

    def named_in(self, text: str) -> tuple[str, ...]:
        """The items, places, people and events of the brief a text names (not the city)."""
        folded = text.casefold()
        names = [*self.items, *self.places, *self.people, *(n for n, _ in self.events)]
        return tuple(n for n in dict.fromkeys(names) if _bare(n) in folded)


_ARTICLE = re.compile(r"^(il|lo|la|i|gli|le|l'|the) (?=\w{4})|^l'(?=\w{4})", re.IGNORECASE)


def _bare(name: str) -> str:
    """A name without its leading article, case-folded: 'nel laboratorio a vista' names
    'il laboratorio a vista'."""
    return _ARTICLE.sub("", name.casefold(), count=1)


def brief_specifics(brief: Brief, sector_label: str = "") -> Specifics:
    """The brief's offering, places, people, events and differentiators as pattern values."""
    items = tuple(dict.fromkeys(i.name for i in brief.offering))
    by_month: dict[int, list[str]] = {}
    for item in brief.offering:
        for month in item.months:
            by_month.setdefault(month, []).append(item.name)
    return Specifics(
        signature=tuple(i.name for i in brief.offering if i.signature),
        items=items,
        by_month={m: tuple(v) for m, v in by_month.items()},
        all_year=tuple(i.name for i in brief.offering if not i.months),
        places=tuple(brief.places),
        people=tuple(brief.people),
        events=tuple((e.name, e.month) for e in brief.events),
        differentiators=tuple(brief.differentiators),
        city=brief.city,
        sector=sector_label,
    )


@dataclass(frozen=True)
class Topic:
    """A post's topic: its text, what makes it the same as another, what it names."""

    text: str
    key: tuple[str, str]  # (pattern id, main item): the same key is the same topic
    named: tuple[str, ...] = ()
    item: str = ""  # the main item, for the caption
    from_manager: bool = False


def _kind_overlay(kind: ClientKind | None) -> dict[str, Any]:
    overlay: dict[str, Any] = idea_banks()["kinds"].get(kind.value if kind else "", {})
    return overlay


def _allowed(text: str, never: Sequence[str]) -> bool:
    folded = text.casefold()
    return not any(word in folded for word in never)


def family_patterns(
    family: str, kind: ClientKind | None, key: str, lang: str
) -> list[tuple[str, str]]:
    """(pattern id, pattern) for a family, kind and pillar type: the kind's own patterns when
    it has them for the type, else the family's and the common ones; the kind's `never`
    words filter all of them."""
    data = idea_banks()
    overlay = _kind_overlay(kind)
    never = overlay.get("never", [])
    own = overlay.get("patterns", {}).get(key)
    if own:
        groups = [own]
    else:
        groups = [
            data["families"].get(family, {}).get("patterns", {}).get(key, []),
            data["common"].get(key, []),
        ]
    result = []
    for patterns in groups:
        for pattern in patterns:
            text = pattern.get(lang, pattern["it"])
            if _allowed(pattern["it"], never):
                # The pattern's own words are its identity: one pattern in two pillar types
                # (a date to save is an event and a promotion) is one topic.
                result.append((pattern["it"], text))
    return result


def _month_patterns(
    family: str, kind: ClientKind | None, month: int, lang: str
) -> list[tuple[str, str]]:
    never = _kind_overlay(kind).get("never", [])
    patterns = idea_banks()["families"].get(family, {}).get("months", {}).get(str(month), [])
    return [(p["it"], p.get(lang, p["it"])) for p in patterns if _allowed(p["it"], never)]


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _fillings(
    pattern_id: str, pattern: str, specifics: Specifics, month: int, seasonal: bool
) -> list[Topic]:
    """Every topic a pattern gives: one per value of its first item field, the other fields
    taking values in turn (never the same value twice in one topic)."""
    fields = list(dict.fromkeys(_FIELD.findall(pattern)))
    values: dict[str, tuple[str, ...]] = {}
    for name in fields:
        found = specifics.values(name, month)
        if not found and name == "season_item" and seasonal:
            found = specifics.all_year or specifics.values("signature", month)
        if not found:
            return []
        values[name] = found
    main = next((f for f in fields if f in _ITEM_FIELDS), fields[0] if fields else "")
    if not main:
        return [Topic(pattern, (pattern_id, ""), specifics.named_in(pattern))]
    topics = []
    for n, value in enumerate(values[main]):
        chosen = {main: value}
        for k, name in enumerate(f for f in fields if f != main):
            options = [v for v in values[name] if v not in chosen.values()]
            if not options:
                break
            chosen[name] = options[(n + k) % len(options)]
        else:
            text = pattern
            for name, fill in chosen.items():
                text = text.replace("{" + name + "}", fill)
            named = tuple(dict.fromkeys(v for f, v in chosen.items() if f in _ITEM_FIELDS))
            topics.append(Topic(_capitalised(text), (pattern_id, value.casefold()), named, value))
    return topics


@dataclass
class TopicChooser:
    """Picks each post's topic so that none comes back on a platform within REPEAT_WEEKS
    weeks, brief specifics come first, and items and patterns take turns."""

    brief: Brief
    lang: str
    rng: random.Random
    sector_label: str = ""
    template_ideas: frozenset[str] = frozenset()
    fallback: dict[str, list[str]] = field(default_factory=dict)
    _used: dict[Platform, dict[tuple[str, str], date]] = field(default_factory=dict)
    _global: Counter[tuple[str, str]] = field(default_factory=Counter)
    _items: Counter[str] = field(default_factory=Counter)
    _patterns: Counter[str] = field(default_factory=Counter)
    _naming: dict[Platform, list[int]] = field(default_factory=dict)  # [naming, written]

    def __post_init__(self) -> None:
        self.specifics = brief_specifics(self.brief, self.sector_label)
        self.family = family_of(self.brief.sector)

    def free_on(self, platform: Platform, topic: Topic, day: date) -> bool:
        """Whether `topic` last went out on `platform` at least REPEAT_WEEKS weeks before."""
        last = self._used.get(platform, {}).get(topic.key)
        return last is None or (day - last).days >= 7 * REPEAT_WEEKS

    def candidates(self, pillar: Pillar, key: str, month: int) -> list[Topic]:
        """The manager's ideas for the pillar, then the bank's topics for the month."""
        spec = self.specifics
        topics = [
            Topic(idea, ("idea", idea.casefold()), spec.named_in(idea), "", True)
            for idea in pillar.example_ideas
            if idea.casefold() not in self.template_ideas
            # An idea about a seasonal item waits for its season.
            and len(spec.in_season(spec.named_in(idea), month)) == len(spec.named_in(idea))
        ]
        kind = self.brief.kind
        for pattern_id, pattern in family_patterns(self.family, kind, key, self.lang):
            topics += _fillings(pattern_id, pattern, self.specifics, month, False)
        if key not in ("interaction", "social_proof", "people"):
            for pattern_id, pattern in _month_patterns(self.family, kind, month, self.lang):
                topics += _fillings(pattern_id, pattern, self.specifics, month, True)
        if not any(not t.from_manager for t in topics):
            for i, text in enumerate(
                self.fallback.get(key, []) or self.fallback.get("generic", [])
            ):
                filled = text.replace("{sector}", self.sector_label).replace(
                    "{pillar}", pillar.name
                )
                topics.append(Topic(filled, (f"fallback:{key}:{i}", ""), ()))
        avoid = [w.casefold() for w in self.brief.words_to_avoid]
        clean = [t for t in topics if not any(w in t.text.casefold() for w in avoid)]
        return clean or topics or [Topic(pillar.name, ("pillar", pillar.name.casefold()))]

    def _rank(self, topic: Topic, platform: Platform) -> tuple[float, ...]:
        city_only = (
            not topic.named
            and bool(self.specifics.city)
            and (self.specifics.city.casefold() in topic.text.casefold())
        )
        fresh = topic.key not in self._used.get(platform, {})
        return (
            0 if topic.from_manager and fresh else 1,  # the manager's ideas once, first
            0 if fresh else 1,
            # What names the client's offering, places or people beats what does not,
            # even when another platform already has its own version of it this period.
            0 if topic.named else 1 if city_only else 2,
            self._global[topic.key],
            self._items[topic.item.casefold()] if topic.item else 0,
            self._patterns[topic.key[0]],
            self.rng.random(),
        )

    def choose(self, platform: Platform, day: date, pillar: Pillar, key: str) -> Topic:
        """The best topic for a post of `pillar` on `platform` on `day`."""
        topics = self.candidates(pillar, key, day.month)
        free = [t for t in topics if self.free_on(platform, t, day)]
        own = [t for t in free if t.from_manager and t.key not in self._used.get(platform, {})]
        if self.short_of_naming(platform):  # keep NAMING_TARGET of the posts on the brief
            own = [t for t in own if self.names_brief(t)] or own
            free = [t for t in free if self.names_brief(t)] or free
        if own:  # the manager's ideas, in their order, before the bank
            topic = own[0]
        elif free:
            topic = min(free, key=lambda t: self._rank(t, platform))
        else:  # every topic was used lately: the one used longest ago
            used = self._used.get(platform, {})
            topic = min(topics, key=lambda t: (used.get(t.key, date.min), self.rng.random()))
        self.mark(platform, day, topic)
        return topic

    def names_brief(self, topic: Topic) -> bool:
        """Whether a topic names the offering, a place, a person or an event of the brief."""
        return bool(self.specifics.named_in(topic.text))

    def short_of_naming(self, platform: Platform) -> bool:
        """Whether one more post not naming the brief would take `platform` below
        NAMING_TARGET of its posts."""
        naming, written = self._naming.get(platform, [0, 0])
        return naming < NAMING_TARGET * (written + 1)

    def tally(self, platform: Platform, topic: Topic) -> None:
        """Count a post written on `platform` (any kind), for the naming share."""
        counts = self._naming.setdefault(platform, [0, 0])
        counts[0] += self.names_brief(topic)
        counts[1] += 1

    def mark(self, platform: Platform, day: date, topic: Topic) -> None:
        """Record that `topic` goes out on `platform` on `day`."""
        self._used.setdefault(platform, {})[topic.key] = day
        self._global[topic.key] += 1
        if topic.item:
            self._items[topic.item.casefold()] += 1
        self._patterns[topic.key[0]] += 1


def holiday_is_relevant(event: CalendarEvent, family: str) -> bool:
    """Whether a family posts about a public holiday: the patron saint always, the others
    as its `holidays` list says ('all' for every one)."""
    if event.kind != EventKind.holiday or event.patron:
        return True
    listed = idea_banks()["families"].get(family, {}).get("holidays", "all")
    return listed == "all" or (event.key or event.name) in listed


# The opening-hours notice of a holiday period goes out this many days before its first day.
NOTICE_DAYS = (5, 4, 6, 3, 7)


def holiday_notices(events: Sequence[CalendarEvent], lang: str) -> list[CalendarEvent]:
    """One opening-hours notice per holiday period of data/idea_banks.json (Christmas to
    Epiphany, Easter and Easter Monday, Ferragosto), dated five days before its first holiday
    in `events`; `also` holds the period's holidays."""
    notices = []
    for period in idea_banks()["holiday_periods"]:
        members = sorted(
            (e for e in events if e.kind == EventKind.holiday and e.key in period["holidays"]),
            key=lambda e: e.date,
        )
        groups: list[list[CalendarEvent]] = []
        for event in members:  # one period a year: its holidays lie within a fortnight
            if groups and (event.date - groups[-1][0].date).days <= 14:
                groups[-1].append(event)
            else:
                groups.append([event])
        name = period["name"].get(lang, period["name"]["it"])
        for group in groups:
            first = group[0]
            notices.append(
                replace(
                    first,
                    date=first.date - timedelta(days=NOTICE_DAYS[0]),
                    name=name,
                    key=f"notice:{period['key']}",
                    patron=False,
                    also=tuple(group),
                    notice=True,
                )
            )
    return notices


def notice_topic(event: CalendarEvent, family: str, lang: str) -> Topic:
    """The topic of a holiday period's notice: the family's hours pattern with the period."""
    pattern = (
        idea_banks()["families"].get(family, {}).get("holiday_notice")
        or idea_banks()["families"]["general"]["holiday_notice"]
    )
    text = str(pattern.get(lang, pattern["it"])).replace("{event}", event.name)
    return Topic(text, (event.key, str(event.date.year)))


def _short_name(event: CalendarEvent, lang: str) -> str:
    names = idea_banks()["holiday_names"]
    entry = names.get(event.key or event.name)
    return str(entry.get(lang, entry["it"])) if entry else event.name


def event_topics(
    event: CalendarEvent, specifics: Specifics, family: str, kind: ClientKind | None, lang: str
) -> list[Topic]:
    """Topics that link a dated event to the client, best first: the family's holiday
    patterns for a holiday, the observance patterns for a world day, sober ones for a
    commemoration; the event's own name when the brief fills none."""
    data = idea_banks()
    names = [_short_name(part, lang) for part in (event, *event.also)]
    joiner = " e " if lang == "it" else " and "
    name = joiner.join(dict.fromkeys(names))
    month = event.date.month
    if event.kind == EventKind.holiday:
        patterns = data["families"].get(family, {}).get("holiday_patterns", [])
    elif "commemorazione" in event.note or "solennità" in event.note:
        patterns = data["commemoration_patterns"]
    else:
        patterns = data["observance_patterns"]
    never = _kind_overlay(kind).get("never", [])
    topics: list[Topic] = []
    for i, pattern in enumerate(patterns):
        text = pattern.get(lang, pattern["it"]).replace("{event}", name)
        if not _allowed(pattern["it"], never):
            continue
        topics += _fillings(f"event:{event.date}:{i}", text, specifics, month, True)
    return topics or [Topic(name, (f"event:{event.date}", ""))]


def news_note(brief: Brief, lang: str) -> str:
    """What counts as news for this client's family, for the reactive slots."""
    family = idea_banks()["families"].get(family_of(brief.sector), {})
    note = family.get("news", {})
    return str(note.get(lang, note.get("it", "")))


def niche_tags(brief: Brief) -> tuple[str, ...]:
    """The niche hashtags (without '#') that words of the brief call for, from
    data/idea_banks.json `niche_tags` ('pizza fritta' -> pizza, pizzeria)."""
    words = " ".join(
        (brief.description, *(i.name for i in brief.offering), *brief.places)
    ).casefold()
    found: list[str] = []
    for word, tags in idea_banks()["niche_tags"].items():
        if word != "note" and word in words:
            found.extend(tags)
    return tuple(dict.fromkeys(found))
