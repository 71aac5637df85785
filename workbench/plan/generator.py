"""The editorial plan (PED) generator: dated posts from the brief, platforms and pillars.

Deterministic: the same inputs and seed give the same plan (one `random.Random(seed)`).
Rules it holds, over the horizon of whole weeks from `start`:
- cadence: each platform gets exactly its posts a week per format; a fractional cadence is
  spread across weeks (1.5 a week gives 1, 2, 1, 2...: week w gets
  floor((w + 1) x c) - floor(w x c) posts);
- only formats the client can produce (others are replaced by one it can, and it says so);
- holidays, observances and commercial dates get posts on their dates (at most a third of a
  platform's slots in a week), and campaign periods get campaign posts;
- a share of the slots is kept as reactive slots for news and trends;
- the other posts take the pillars: each pillar's count is within one post of its target
  share of them (largest remainder), spread evenly, never three in a row on a platform;
  within a week, formats are swapped between posts so that each pillar gets its formats;
- posts in `keep` (edited or locked by the manager) are never replaced.
Bad input never raises: the plan comes back with messages.
"""

from __future__ import annotations

import json
import math
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from workbench.i18n import Label, Message, fmt_date
from workbench.i18n import t as translate
from workbench.models import (
    Brief,
    Campaign,
    ClientKind,
    ContentFormat,
    EditorialPlan,
    Pillar,
    PlannedPost,
    Platform,
    PlatformSelection,
    PostKind,
)
from workbench.plan.calendar import CalendarEvent, EventKind, calendar_events
from workbench.plan.copywriting import CaptionWriter, plan_hashtags
from workbench.plan.ideas import (
    NOTICE_DAYS,
    Topic,
    TopicChooser,
    event_topics,
    family_of,
    holiday_is_relevant,
    holiday_notices,
    idea_banks,
    news_note,
    niche_tags,
    notice_topic,
    pillar_key,
)
from workbench.platforms.rules import producible_formats
from workbench.reference import DATA_DIR, SourcedValue, read_csv, sectors

__all__ = [
    "MAX_WEEKS",
    "GeneratedPlan",
    "PostingTimes",
    "fill_template",
    "generate_plan",
    "hashtag_of",
    "largest_remainder",
    "pillar_templates",
    "pillar_topics",
    "pillar_type",
    "post_templates",
    "posting_times",
    "regenerate",
    "sector_label",
    "template_key",
]

MAX_WEEKS = 52
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# At most this share of a platform's weekly slots goes to holidays and world days.
EVENT_SHARE = Decimal(1) / 3
# At most this many reactive slots a week across all platforms, never two on one day.
REACTIVE_PER_WEEK = 2
# Holiday posts are stills: a Christmas greeting or the hours are no Reel.
VIDEO_FORMATS = frozenset({ContentFormat.short_video, ContentFormat.long_video, ContentFormat.live})
# A campaign takes this share of each platform's slots in its period (at least one).
CAMPAIGN_SHARE = Decimal(1) / 3


@dataclass(frozen=True)
class GeneratedPlan:
    """The posts, by date, time and platform; the pillars used; what the manager should know."""

    posts: tuple[PlannedPost, ...]
    pillars: tuple[Pillar, ...]
    events: tuple[CalendarEvent, ...] = ()
    messages: tuple[Message, ...] = ()


@dataclass(frozen=True)
class PostingTimes:
    """When a platform is worth posting on: weekdays (0 = Monday) and times, with the source."""

    platform: Platform
    weekdays: tuple[int, ...]
    times: tuple[time, ...]
    source: SourcedValue


@lru_cache(maxsize=1)
def posting_times() -> dict[Platform, PostingTimes]:
    """Default days and times per platform from data/posting_times.csv (estimates)."""
    result = {}
    for row in read_csv("posting_times.csv"):
        platform = Platform(row["platform"])
        weekdays = tuple(sorted(WEEKDAYS.index(d) for d in row["days"].split()))
        times = tuple(sorted(time.fromisoformat(t) for t in row["times"].split()))
        if not weekdays or not times:
            raise ValueError(f"posting_times.csv: no day or time for {platform}")
        source = SourcedValue.from_row({**row, "value": str(len(times)), "unit": "slots/day"})
        result[platform] = PostingTimes(platform, weekdays, times, source)
    missing = set(Platform) - set(result)
    if missing:
        raise ValueError(f"posting_times.csv: no row for {sorted(missing)}")
    return result


# --- templates ------------------------------------------------------------------------------


def _load_json(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def _pillar_data() -> dict[str, Any]:
    data = _load_json("pillar_templates.json")
    for template in data["templates"]:
        if sum(template["shares"].values()) != 100:
            raise ValueError(f"pillar_templates.json: shares not adding to 100 in {template}")
    return data


@lru_cache(maxsize=1)
def _post_data() -> dict[str, Any]:
    return _load_json("post_templates.json")


@lru_cache(maxsize=1)
def _pillar_keys() -> dict[str, str]:
    """Every template pillar name (both languages, overrides too), case-folded -> its key."""
    data = _pillar_data()
    keys = {}
    for key, pillar in data["pillars"].items():
        for name in pillar["name"].values():
            keys[name.casefold()] = key
    for template in data["templates"]:
        for key, names in template.get("names", {}).items():
            for name in names.values():
                keys[name.casefold()] = key
    return keys


@lru_cache(maxsize=1)
def _template_ideas() -> frozenset[str]:
    """The templates' example ideas, case-folded: placeholders, not the manager's own ideas."""
    return frozenset(
        idea.casefold()
        for pillar in _pillar_data()["pillars"].values()
        for ideas in pillar["example_ideas"].values()
        for idea in ideas
    )


def _matches(listed: list[str], value: str) -> bool:
    return "*" in listed or value in listed


def pillar_templates(kind: ClientKind | None, sector: str, lang: str = "it") -> list[Pillar]:
    """Suggested pillars for a kind of client and sector, shares adding up to 100."""
    data = _pillar_data()
    kind_value = kind.value if kind else ""
    template = next(
        t
        for t in data["templates"]
        if _matches(t["kinds"], kind_value) and _matches(t["sectors"], sector)
    )
    pillars = []
    for key, share in template["shares"].items():
        base = data["pillars"][key]
        name = template.get("names", {}).get(key, base["name"])
        pillars.append(
            Pillar(
                name=name[lang] if lang in name else name["it"],
                description=base["description"].get(lang, base["description"]["it"]),
                goal=base["goal"],
                target_share=Decimal(share),
                colour=base["colour"],
                formats=base["formats"],
                example_ideas=base["example_ideas"].get(lang, base["example_ideas"]["it"]),
            )
        )
    return pillars


# --- allocation -----------------------------------------------------------------------------


def _week_count(cadence: Decimal, week: int) -> int:
    """Posts in week `week` (from 0) at `cadence` a week: fractions spread evenly."""
    return math.floor((week + 1) * cadence) - math.floor(week * cadence)


def largest_remainder(total: int, weights: Sequence[Decimal]) -> list[int]:
    """Split `total` into whole counts proportional to `weights` (largest remainder)."""
    weight_sum = sum(weights, Decimal(0))
    if total <= 0 or weight_sum <= 0:
        return [0] * len(weights)
    exact = [total * w / weight_sum for w in weights]
    counts = [math.floor(e) for e in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _spread(counts: Sequence[int], order: Sequence[int]) -> list[int]:
    """Indexes repeated `counts` times, evenly interleaved (smooth weighted round robin)."""
    total = sum(counts)
    current = [0] * len(counts)
    rank = {index: position for position, index in enumerate(order)}
    sequence = []
    for _ in range(total):
        for i, count in enumerate(counts):
            current[i] += count
        chosen = max(range(len(counts)), key=lambda i: (current[i], -rank[i]))
        current[chosen] -= total
        sequence.append(chosen)
    return sequence


@dataclass
class _Slot:
    platform: Platform
    day: date
    at: time
    format: ContentFormat
    kind: PostKind = PostKind.planned
    pillar: int | None = None
    event: CalendarEvent | None = None
    campaign: Campaign | None = None
    campaign_step: int = 0


def _pick_days(days: Sequence[date], count: int) -> list[date]:
    """`count` days spread over `days`, repeating days in turn when there are more posts."""
    if count <= len(days):
        return [days[(2 * i + 1) * len(days) // (2 * count)] for i in range(count)]
    return sorted(days[i % len(days)] for i in range(count))


def _week_slots(
    platform: Platform,
    formats: list[ContentFormat],
    week_start: date,
    end: date,
    times: PostingTimes,
    rng: random.Random,
) -> tuple[list[_Slot], int]:
    """The slots of one platform in one week and how many posts found no slot."""
    days = [
        week_start + timedelta(days=d)
        for d in range(7)
        if (week_start + timedelta(days=d)).weekday() in times.weekdays
        and week_start + timedelta(days=d) <= end
    ]
    capacity = len(days) * len(times.times)
    placed = formats[:capacity]
    picked = _pick_days(days, len(placed))
    per_day = Counter(picked)
    offset = rng.randrange(len(times.times))
    slots: list[_Slot] = []
    for day, n in sorted(per_day.items()):
        chosen = sorted(times.times[(offset + j) % len(times.times)] for j in range(n))
        slots.extend(_Slot(platform, day, at, ContentFormat.text) for at in chosen)
        offset += 1
    for slot, fmt in zip(slots, placed, strict=True):
        slot.format = fmt
    return slots, len(formats) - len(placed)


def _usable_cadence(
    selection: PlatformSelection, producible: frozenset[ContentFormat], messages: list[Message]
) -> dict[Platform, dict[ContentFormat, Decimal]]:
    """Each platform's cadence, formats the client cannot make replaced by ones it can."""
    usable: dict[Platform, dict[ContentFormat, Decimal]] = {}
    for choice in selection.choices:
        cadence: dict[ContentFormat, Decimal] = defaultdict(Decimal)
        for fmt, per_week in choice.cadence.items():
            if per_week <= 0:
                continue
            if fmt in producible:
                cadence[fmt] += per_week
                continue
            replacement = next((f for f in choice.formats if f in producible), None)
            replacement = replacement or next((f for f in ContentFormat if f in producible), None)
            platform = Label(f"platforms.{choice.platform.value}")
            if replacement is None:
                messages.append(
                    Message("plan.format_dropped", {"platform": platform, "count": per_week})
                )
                continue
            cadence[replacement] += per_week
            messages.append(
                Message(
                    "plan.format_replaced",
                    {
                        "platform": platform,
                        "format": Label(f"formats.{fmt.value}"),
                        "replacement": Label(f"formats.{replacement.value}"),
                    },
                )
            )
        if cadence:
            usable[choice.platform] = dict(cadence)
    return usable


def _normalised(pillars: Sequence[Pillar], messages: list[Message]) -> list[Pillar]:
    total = sum((p.target_share for p in pillars), Decimal(0))
    if total == 100:
        return list(pillars)
    messages.append(Message("plan.shares_normalised", {"total": total}))
    if total <= 0:
        share = (Decimal(100) / len(pillars)).quantize(Decimal("0.01"))
        return [p.model_copy(update={"target_share": share}) for p in pillars]
    return [
        p.model_copy(
            update={"target_share": (p.target_share * 100 / total).quantize(Decimal("0.01"))}
        )
        for p in pillars
    ]


def _week_of(day: date, start: date) -> int:
    """The plan week a day falls in, counting from 0 at `start`."""
    return (day - start).days // 7


def _by_date(events: Sequence[CalendarEvent]) -> dict[date, CalendarEvent]:
    """One event a date for the posts: the holidays of a date together (San Petronio and San
    Francesco on 4 October in Bologna), else the first observance or commercial date."""
    by_date: dict[date, CalendarEvent] = {}
    for event in events:
        first = by_date.get(event.date)
        if first is None:
            by_date[event.date] = event
        elif event.kind == EventKind.holiday and first.kind == EventKind.holiday:
            by_date[event.date] = replace(
                first, also=(*first.also, event), patron=first.patron or event.patron
            )
    return by_date


def _is_holiday(slot: _Slot) -> bool:
    return slot.event is not None and slot.event.kind == EventKind.holiday


def _claim_slot(
    slots: list[_Slot], day: date, rule: PostingTimes, start: date, still: bool
) -> _Slot | None:
    """A planned slot of `slots` on `day`: one already there, else the nearest of its plan
    week moved to a free time of the day; `still`: not a video (formats are swapped with
    another post of the week so the cadence holds). None when there is none."""
    week = [s for s in slots if _week_of(s.day, start) == _week_of(day, start)]
    planned = [s for s in week if s.kind == PostKind.planned]
    same_day = [s for s in planned if s.day == day]
    movable = sorted(planned, key=lambda s: abs((s.day - day).days))
    if still:
        same_day.sort(key=lambda s: s.format in VIDEO_FORMATS)
        movable.sort(key=lambda s: s.format in VIDEO_FORMATS)
    slot = same_day[0] if same_day else movable[0] if movable else None
    if slot is None:
        return None
    other = slot
    if still and slot.format in VIDEO_FORMATS:
        other = next((s for s in planned if s.format not in VIDEO_FORMATS), slot)
        if other is slot:
            return None
    if slot.day != day:
        taken = {s.at for s in slots if s.day == day}
        free = [t for t in rule.times if t not in taken]
        if not free:
            return None
        slot.day, slot.at = day, free[0]
    slot.format, other.format = other.format, slot.format
    return slot


def _place_notices(
    slots_by_platform: dict[Platform, list[_Slot]],
    notices: Sequence[CalendarEvent],
    times: dict[Platform, PostingTimes],
    start: date,
) -> None:
    """Each holiday period's opening-hours notice, on the main (first) platform only, three
    to seven days before the period, in an earlier plan week than its first holiday when it
    can be, never as a video."""
    if not slots_by_platform:
        return
    platform, slots = next(iter(slots_by_platform.items()))
    rule = times[platform]
    last = max((s.day for s in slots), default=start)
    for notice in notices:
        first = notice.also[0].date
        days = [first - timedelta(days=n) for n in NOTICE_DAYS]
        days = [d for d in days if start <= d <= last and d.weekday() in rule.weekdays]
        days.sort(key=lambda d: _week_of(d, start) == _week_of(first, start))
        for day in days:
            slot = _claim_slot(slots, day, rule, start, still=True)
            if slot is not None:
                slot.kind, slot.event = PostKind.observance, replace(notice, date=day)
                break
        slots.sort(key=lambda s: (s.day, s.at))


def _place_events(
    slots_by_platform: dict[Platform, list[_Slot]],
    events: Sequence[CalendarEvent],
    times: dict[Platform, PostingTimes],
    start: date,
    messages: list[Message],
) -> None:
    """Turn (or move, within its plan week) one slot per platform onto each event's date.

    Observances and commercial dates take at most a third of a platform's week; a platform
    has at most one holiday post a week (a period's notice counts), never as a video.
    """
    for day, event in sorted(_by_date(events).items()):
        placed = False
        holiday = event.kind == EventKind.holiday
        for platform, slots in slots_by_platform.items():
            rule = times[platform]
            if day.weekday() not in rule.weekdays:
                continue
            week = [s for s in slots if _week_of(s.day, start) == _week_of(day, start)]
            used = sum(1 for s in week if s.kind == PostKind.observance and not _is_holiday(s))
            if not week:
                continue
            if holiday and any(_is_holiday(s) for s in week):
                placed = True  # the week has its holiday post already
                continue
            if not holiday and used + 1 > math.floor(len(week) * EVENT_SHARE):
                continue
            slot = _claim_slot(slots, day, rule, start, still=holiday)
            if slot is None:
                continue
            slot.kind, slot.event = PostKind.observance, event
            placed = True
        if not placed and not any(day.weekday() in times[p].weekdays for p in slots_by_platform):
            messages.append(
                Message("plan.no_slot_for_event", {"date": day.isoformat(), "event": event.name})
            )
    for slots in slots_by_platform.values():
        slots.sort(key=lambda s: (s.day, s.at))


def _place_campaigns(
    slots_by_platform: dict[Platform, list[_Slot]], campaigns: Sequence[Campaign]
) -> None:
    for campaign in campaigns:
        for slots in slots_by_platform.values():
            inside = [
                s
                for s in slots
                if campaign.start <= s.day <= campaign.end and s.kind == PostKind.planned
            ]
            if not inside:
                continue
            count = max(1, math.floor(len(inside) * CAMPAIGN_SHARE))
            for i in range(count):
                slot = inside[(2 * i + 1) * len(inside) // (2 * count)] if count > 1 else inside[0]
                slot.kind, slot.campaign = PostKind.campaign, campaign
                # The campaign's story in order: it starts, the details, the last days.
                slot.campaign_step = 0 if i == 0 else 2 if i == count - 1 else 1


def _place_reactive(
    slots_by_platform: dict[Platform, list[_Slot]],
    share: Decimal,
    start: date,
    rng: random.Random,
) -> None:
    """Keep slots free for news and trends: `share` % of the slots over the horizon (a small
    plan gets one every few weeks, the quota carried from week to week), at most
    REACTIVE_PER_WEEK a week across all platforms, never two on one day, the platforms
    taking turns."""
    if share <= 0:
        return
    platforms = list(slots_by_platform)
    weeks: dict[int, list[_Slot]] = defaultdict(list)
    for platform in platforms:
        for slot in slots_by_platform[platform]:
            weeks[_week_of(slot.day, start)].append(slot)
    turn = rng.randrange(len(platforms)) if platforms else 0
    # Start half a slot in, so that a quota of 1.5 a horizon rounds to one or two, not zero.
    quota = Decimal("0.5")
    for week in sorted(weeks):
        slots = weeks[week]
        quota += Decimal(len(slots)) * share / 100
        wanted = min(REACTIVE_PER_WEEK, math.floor(quota))
        quota -= wanted
        days: set[date] = set()
        for _ in range(wanted):
            for step in range(len(platforms)):
                platform = platforms[(turn + step) % len(platforms)]
                free = [
                    s
                    for s in slots
                    if s.platform == platform and s.kind == PostKind.planned and s.day not in days
                ]
                if free:
                    slot = free[rng.randrange(len(free))]
                    slot.kind = PostKind.reactive
                    days.add(slot.day)
                    turn = (turn + step + 1) % len(platforms)
                    break


def _break_runs(sequence: list[_Slot]) -> bool:
    """Swap pillars so that no three posts in a row share one; False if impossible."""
    pillars = [s.pillar for s in sequence]
    for i in range(2, len(pillars)):
        if pillars[i] == pillars[i - 1] == pillars[i - 2]:
            for j in range(i + 1, len(pillars)):
                if pillars[j] == pillars[i]:
                    continue
                candidate = pillars.copy()
                candidate[i], candidate[j] = candidate[j], candidate[i]
                window = candidate[max(0, j - 2) : j + 3]
                if not any(
                    window[k] == window[k + 1] == window[k + 2] for k in range(len(window) - 2)
                ):
                    pillars = candidate
                    break
            else:
                return False
    for slot, pillar in zip(sequence, pillars, strict=True):
        slot.pillar = pillar
    return True


def _assign_pillars(
    slots_by_platform: dict[Platform, list[_Slot]],
    pillars: Sequence[Pillar],
    kept: Counter[int],
    rng: random.Random,
    messages: list[Message],
) -> None:
    """Largest-remainder counts over all pillar posts (kept ones included), shared out to
    the platforms in proportion to their slots, then spread evenly on each platform."""
    sequences = {
        platform: [s for s in slots if s.kind == PostKind.planned]
        for platform, slots in slots_by_platform.items()
    }
    planned = sum(len(sequence) for sequence in sequences.values())
    targets = largest_remainder(planned + sum(kept.values()), [p.target_share for p in pillars])
    remaining = [max(0, target - kept[i]) for i, target in enumerate(targets)]
    excess = sum(remaining) - planned
    for i in sorted(range(len(remaining)), key=lambda i: -remaining[i]):
        cut = min(excess, remaining[i])
        remaining[i] -= cut
        excess -= cut
    order = list(range(len(pillars)))
    rng.shuffle(order)
    for platform, sequence in sequences.items():
        # Each platform takes its share of what is left, so the last one takes the rest
        # and the totals stay exact.
        counts = largest_remainder(len(sequence), [Decimal(r) for r in remaining])
        remaining = [r - c for r, c in zip(remaining, counts, strict=True)]
        for slot, pillar in zip(sequence, _spread(counts, order), strict=True):
            slot.pillar = pillar
        if not _break_runs(sequence):
            messages.append(
                Message("plan.pillar_runs", {"platform": Label(f"platforms.{platform.value}")})
            )


def _match_formats(
    slots_by_platform: dict[Platform, list[_Slot]], pillars: Sequence[Pillar], start: date
) -> None:
    """Swap formats between posts of one platform and week so that pillars get their formats.

    The formats of each week stay the same, so the cadence per format holds.
    """

    def fits(slot: _Slot, fmt: ContentFormat) -> bool:
        formats = pillars[slot.pillar].formats if slot.pillar is not None else []
        return not formats or fmt in formats

    for slots in slots_by_platform.values():
        weeks: dict[int, list[_Slot]] = defaultdict(list)
        for slot in slots:
            if slot.kind == PostKind.planned:
                weeks[_week_of(slot.day, start)].append(slot)
        for week in weeks.values():
            for slot in week:
                if fits(slot, slot.format):
                    continue
                for other in week:
                    if fits(slot, other.format) and fits(other, slot.format):
                        slot.format, other.format = other.format, slot.format
                        break


# --- copy -----------------------------------------------------------------------------------


def _sector_label(sector: str, lang: str) -> str:
    for s in sectors():
        if s.code == sector:
            return s.label(lang).lower()
    return sector or ("il settore" if lang == "it" else "the sector")


def _tag(text: str) -> str:
    return "#" + "".join(ch for ch in text.title() if ch.isalnum())


def _fill(text: str, **values: str) -> str:
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text


@dataclass
class _Lead:
    """The first post of a pillar in a week: its idea, and the platforms that adapted it."""

    topic: Topic
    slot: _Slot
    adapted: set[Platform] = field(default_factory=set)


@dataclass
class _Writer:
    """Writes every post of one plan: topics that do not repeat, captions that differ."""

    brief: Brief
    pillars: Sequence[Pillar]
    lang: str
    rng: random.Random
    start: date
    shared: dict[tuple[int, int], _Lead] = field(default_factory=dict)
    event_uses: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.sector = _sector_label(self.brief.sector, self.lang)
        self.topics = _topic_chooser(self.brief, self.lang, self.rng)
        self.copy = CaptionWriter(self.brief, self.lang, self.rng)
        known = _pillar_keys()
        self.keys = [pillar_key(p, known) for p in self.pillars]
        self.news = news_note(self.brief, self.lang)
        self.niche = niche_tags(self.brief)

    def _values(self, topic: Topic, day: date) -> dict[str, str]:
        spec = self.topics.specifics
        pick = self.rng.choice
        items = spec.in_season(spec.items, day.month)
        item = topic.item or (pick(items) if items else "")
        descriptions = {i.name: i.description for i in self.brief.offering}
        return {
            "item": item,
            "description": descriptions.get(item, ""),
            "place": pick(spec.places) if spec.places else "",
            "person": pick(spec.people) if spec.people else "",
            "differentiator": pick(spec.differentiators) if spec.differentiators else "",
            "city": self.brief.city,
            "use": pick(self.brief.words_to_use) if self.brief.words_to_use else "",
        }

    def _hashtags(self, platform: Platform, topic: Topic, key: str, event: str) -> list[str]:
        pillar_tags = _post_data()["pillar_hashtags"]
        sector_tag = idea_banks()["sector_tags"].get(self.brief.sector, {}).get(self.lang, "")
        return plan_hashtags(
            platform,
            sector_tag=sector_tag or (self.sector if self.brief.sector else ""),
            niche=self.niche,
            city=self.brief.city,
            pillar_tag=pillar_tags[key][self.lang] if key in pillar_tags else "",
            item=next((n for n in topic.named if n in self.topics.specifics.items), ""),
            event=event,
            tag=_tag,
        )

    def write(self, slot: _Slot) -> dict[str, Any]:
        """Topic, brief, caption, hashtags and call to action of one slot.

        One idea is adapted across platforms: a pillar post on another platform in the same
        week as one already written takes its topic, once per platform, unless that platform
        had it lately, and its brief says so; the caption is the platform's own.
        """
        data = _post_data()
        lang = self.lang
        week = _week_of(slot.day, self.start)
        fmt_name = translate(f"formats.{slot.format.value}", lang).lower()
        pillar = self.pillars[slot.pillar] if slot.pillar is not None else None
        values = {"sector": self.sector, "format": fmt_name}
        adapted = ""
        event_name = ""
        if slot.kind == PostKind.reactive:
            return {
                "topic": data["reactive_topic"][lang],
                "brief": " ".join(
                    (_fill(data["briefs"][lang]["reactive"], **values), self.news)
                ).strip(),
                "caption": "",
                "hashtags": [],
                "cta": "",
                "pillar": "",
            }
        if slot.kind == PostKind.observance and slot.event is not None and slot.event.notice:
            key = "notice"
            topic = notice_topic(slot.event, self.topics.family, lang)
            values["event"] = slot.event.name
        elif slot.kind == PostKind.observance and slot.event is not None:
            key = "holiday" if slot.event.kind == EventKind.holiday else "observance"
            options = event_topics(
                slot.event, self.topics.specifics, self.topics.family, self.brief.kind, lang
            )
            avoid = [w.casefold() for w in self.brief.words_to_avoid]
            options = [
                t for t in options if not any(w in t.text.casefold() for w in avoid)
            ] or options
            ident = f"{slot.event.date}"
            topic = options[self.event_uses[ident] % len(options)]
            self.event_uses[ident] += 1
            event_name = slot.event.name
            values["event"] = topic.text.split(":")[0]
        elif slot.kind == PostKind.campaign and slot.campaign is not None:
            key = "campaign"
            values["campaign"] = slot.campaign.name
            steps = data["campaign_topics"][lang]
            step = steps[min(slot.campaign_step, len(steps) - 1)]
            if slot.campaign_step == 1:
                middle = data["campaign_middle"][lang]
                step = middle[self.event_uses["campaign:" + slot.campaign.name] % len(middle)]
                self.event_uses["campaign:" + slot.campaign.name] += 1
            text = _fill(step, campaign=slot.campaign.name)
            topic = Topic(text, ("campaign", text.casefold()))
            event_name = slot.campaign.name
        else:
            assert pillar is not None and slot.pillar is not None
            key = self.keys[slot.pillar]
            lead = self.shared.get((week, slot.pillar))
            if (
                lead is not None
                and lead.slot.platform != slot.platform
                and slot.platform not in lead.adapted
                and self.topics.free_on(slot.platform, lead.topic, slot.day)
                and (
                    lead.topic.from_manager
                    or self.topics.names_brief(lead.topic)
                    or not self.topics.short_of_naming(slot.platform)
                )
            ):
                lead.adapted.add(slot.platform)
                topic = lead.topic
                self.topics.mark(slot.platform, slot.day, topic)
                adapted = _fill(
                    data["adapted"][lang],
                    lead=translate(f"platforms.{lead.slot.platform.value}", lang),
                    lead_date=fmt_date(lead.slot.day, lang, "d MMMM"),
                    platform=translate(f"platforms.{slot.platform.value}", lang),
                )
            else:
                topic = self.topics.choose(slot.platform, slot.day, pillar, key)
                if lead is None:
                    self.shared[(week, slot.pillar)] = _Lead(topic, slot)
        self.topics.tally(slot.platform, topic)
        values["pillar"] = pillar.name if pillar else ""
        values["topic"] = topic.text
        kind = slot.kind.value
        caption = self.copy.caption(slot.platform, key, topic.text, self._values(topic, slot.day))
        cta_key = key if slot.kind == PostKind.planned else "campaign"
        if slot.kind == PostKind.observance:
            cta_key = key
        return {
            "topic": topic.text[:200],
            "brief": " ".join(filter(None, (_fill(data["briefs"][lang][kind], **values), adapted))),
            "caption": caption,
            "hashtags": self._hashtags(slot.platform, topic, key, event_name),
            "cta": self.copy.cta(slot.platform, slot.format, cta_key),
            "pillar": pillar.name if pillar else "",
        }


# --- the templates for other writers (the offline AI assistant) --------------------------


def post_templates() -> dict[str, Any]:
    """Topics, captions, briefs, calls to action and hashtags of data/post_templates.json."""
    return _post_data()


def template_key(pillar_name: str) -> str:
    """The template a pillar name comes from ('Dietro le quinte' -> 'behind_the_scenes'),
    'generic' for a pillar the manager named."""
    return _pillar_keys().get(pillar_name.casefold(), "generic")


def sector_label(sector: str, lang: str) -> str:
    """The sector's name in lower case, as the captions use it."""
    return _sector_label(sector, "en" if lang == "en" else "it")


def hashtag_of(text: str) -> str:
    """'pasticceria artigianale' -> '#PasticceriaArtigianale'."""
    return _tag(text)


def fill_template(text: str, **values: str) -> str:
    """A template with its {name} fields filled; unknown fields stay as they are."""
    return _fill(text, **values)


def pillar_type(pillar: Pillar) -> str:
    """The idea banks' type of a pillar ('Dietro il bancone' -> 'behind_the_scenes')."""
    return pillar_key(pillar, _pillar_keys())


def _topic_chooser(brief: Brief, lang: str, rng: random.Random) -> TopicChooser:
    """The plan's topic chooser: the idea banks, with the templates' topics as a fallback for
    a pillar type the banks give nothing to."""
    sector = _sector_label(brief.sector, lang)
    fallback = {
        key: [t for t in topics[lang] if "{idea}" not in t]
        for key, topics in _post_data()["topics"].items()
    }
    return TopicChooser(
        brief, lang, rng, sector if brief.sector else "", _template_ideas(), fallback
    )


def pillar_topics(
    pillar: Pillar, brief: Brief, days: Sequence[date], *, lang: str, seed: int = 1
) -> list[Topic]:
    """One topic for each of `days`, chosen as the plan generator chooses them: the
    manager's ideas on the pillar first, then the idea banks filled with the brief's
    specifics (signature items, items in season for the day's month, places, people,
    events), a topic coming back only once every other one has had its turn."""
    lang = "en" if lang == "en" else "it"
    chooser = _topic_chooser(brief, lang, random.Random(seed))
    key = pillar_type(pillar)
    return [chooser.choose(Platform.instagram, day, pillar, key) for day in days]


# --- the generator --------------------------------------------------------------------------


def generate_plan(
    brief: Brief,
    selection: PlatformSelection,
    pillars: Sequence[Pillar],
    *,
    start: date,
    weeks: int,
    reactive_share: Decimal = Decimal(15),
    campaigns: Sequence[Campaign] = (),
    seed: int = 1,
    lang: str = "it",
    keep: Iterable[PlannedPost] = (),
) -> GeneratedPlan:
    """Dated posts for `weeks` weeks from `start` at the selection's cadence (see module doc)."""
    messages: list[Message] = []
    if not 1 <= weeks <= MAX_WEEKS:
        return GeneratedPlan(
            (), tuple(pillars), (), (Message("plan.bad_horizon", {"weeks": weeks}),)
        )
    if not any(c.posts_per_week > 0 for c in selection.choices):
        return GeneratedPlan((), tuple(pillars), (), (Message("plan.no_platform"),))
    if not pillars:
        pillars = pillar_templates(brief.kind, brief.sector, lang)
        messages.append(Message("plan.template_pillars"))
    pillars = _normalised(pillars, messages)
    producible = producible_formats(brief.capabilities)
    if not producible:
        messages.append(Message("plan.no_capabilities"))
        producible = frozenset(ContentFormat)
    cadence = _usable_cadence(selection, producible, messages)
    rng = random.Random(seed)
    end = start + timedelta(days=7 * weeks - 1)
    kept = [p for p in keep if start <= p.date <= end]
    times = posting_times()

    slots_by_platform: dict[Platform, list[_Slot]] = {}
    for platform, per_format in cadence.items():
        slots = []
        for week in range(weeks):
            formats = [fmt for fmt, c in per_format.items() for _ in range(_week_count(c, week))]
            rng.shuffle(formats)
            week_start = start + timedelta(days=7 * week)
            week_slots, lost = _week_slots(platform, formats, week_start, end, times[platform], rng)
            if lost:
                messages.append(
                    Message(
                        "plan.too_many_posts",
                        {
                            "platform": Label(f"platforms.{platform.value}"),
                            "week": week + 1,
                            "posts": len(formats),
                            "slots": len(formats) - lost,
                        },
                    )
                )
            slots.extend(week_slots)
        slots_by_platform[platform] = slots
    _drop_kept_slots(slots_by_platform, kept, start)

    family = family_of(brief.sector)
    every_event = calendar_events(
        start, end, province=brief.province, sector=brief.sector, lang=lang
    )
    relevant = {e.date for e in every_event if holiday_is_relevant(e, family)}
    # A holiday of a relevant date keeps its name in the post (San Petronio, San Francesco).
    events = [
        e
        for e in every_event
        if e.date in relevant
        and holiday_is_relevant(e, family)
        or e.date in relevant
        and e.kind == EventKind.holiday
    ]
    _place_notices(slots_by_platform, holiday_notices(every_event, lang), times, start)
    _place_events(slots_by_platform, events, times, start, messages)
    _place_campaigns(slots_by_platform, campaigns)
    _place_reactive(slots_by_platform, reactive_share, start, rng)
    names = {p.name: i for i, p in enumerate(pillars)}
    kept_pillars = Counter(
        names[p.pillar] for p in kept if p.kind == PostKind.planned and p.pillar in names
    )
    _assign_pillars(slots_by_platform, pillars, kept_pillars, rng, messages)
    _match_formats(slots_by_platform, pillars, start)

    posts = list(kept)
    ids = {p.id for p in kept}
    writer = _Writer(brief, pillars, lang if lang in ("it", "en") else "it", rng, start)
    # The first platform of the selection leads: the others adapt its week's ideas.
    for slot in (slot for slots in slots_by_platform.values() for slot in slots):
        post_id = f"{slot.platform.value}-{slot.day:%Y%m%d}-{slot.at:%H%M}"
        while post_id in ids:
            post_id += "b"
        ids.add(post_id)
        posts.append(
            PlannedPost.model_construct(
                id=post_id,
                platform=slot.platform,
                date=slot.day,
                time=slot.at,
                format=slot.format,
                link=brief.website,
                kind=slot.kind,
                **writer.write(slot),
            )
        )
    posts.sort(key=lambda p: (p.date, p.time, p.platform.value))
    return GeneratedPlan(tuple(posts), tuple(pillars), tuple(events), tuple(messages))


def _drop_kept_slots(
    slots_by_platform: dict[Platform, list[_Slot]], kept: Sequence[PlannedPost], start: date
) -> None:
    """A kept post takes the place of a new one: same platform, nearest slot in its week."""
    for post in kept:
        slots = slots_by_platform.get(post.platform)
        if not slots:
            continue
        near = [s for s in slots if _week_of(s.day, start) == _week_of(post.date, start)]
        if near:
            near.sort(key=lambda s: (abs((s.day - post.date).days), s.at != post.time))
            slots.remove(near[0])


def regenerate(
    plan: EditorialPlan,
    brief: Brief,
    selection: PlatformSelection,
    start: date,
    end: date,
    *,
    seed: int | None = None,
    lang: str = "it",
) -> GeneratedPlan:
    """New posts from start to end; posts outside it, and edited or locked ones, stay."""
    if end < start:
        return GeneratedPlan(
            tuple(plan.posts), tuple(plan.pillars), (), (Message("plan.bad_range"),)
        )
    weeks = math.ceil(((end - start).days + 1) / 7)
    inside = [p for p in plan.posts if start <= p.date <= end]
    keep = [p for p in inside if p.locked or p.edited]
    result = generate_plan(
        brief,
        selection,
        plan.pillars,
        start=start,
        weeks=weeks,
        reactive_share=plan.reactive_share,
        campaigns=plan.campaigns,
        seed=plan.seed if seed is None else seed,
        lang=lang,
        keep=keep,
    )
    if not result.posts:
        return replace(result, posts=tuple(plan.posts))
    outside = [p for p in plan.posts if not start <= p.date <= end]
    fresh = [p for p in result.posts if p.date <= end]
    posts = sorted([*outside, *fresh], key=lambda p: (p.date, p.time, p.platform.value))
    return replace(result, posts=tuple(posts))
