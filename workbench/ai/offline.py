"""What the AI buttons give without a model: the same kinds of result, from templates and data.

Deterministic (the same inputs give the same text) and built from what the rest of the
workbench already has: the plan generator's post templates and pillar ideas, the audience
summary, the competitors' notes, the catalogue's sentences. Plain drafts for the manager
to rewrite; the notice next to them says they come from templates.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from babel.lists import format_list

from workbench.audience.personas import estimate_reach, summarize_audience
from workbench.budget.estimate import estimate_budget
from workbench.i18n import LOCALES, fmt_date, fmt_money, fmt_number, t
from workbench.models import (
    Audience,
    Brief,
    CaptionDraft,
    Competitors,
    ContentFormat,
    EditorialPlan,
    Idea,
    Pillar,
    PlannedPost,
)
from workbench.plan.captions import fit_caption, shorten
from workbench.plan.generator import (
    fill_template,
    hashtag_of,
    pillar_topics,
    post_templates,
    sector_label,
    template_key,
)
from workbench.plan.hashtags import parse_hashtags, tags_for
from workbench.platforms.rules import producible_formats
from workbench.strategy import Strategy

__all__ = [
    "HOOK_TEMPLATES",
    "TAKEAWAYS_MAX",
    "offline_audience_summary",
    "offline_captions",
    "offline_competitor_takeaways",
    "offline_executive_summary",
    "offline_hashtags",
    "offline_hooks",
    "offline_ideas",
]

HOOK_TEMPLATES = 6  # ai.offline.hook_1 ... hook_6 in the catalogue
TAKEAWAYS_MAX = 10
IDEA_HASHTAGS = 5


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "it"


def _join(items: Sequence[str], lang: str) -> str:
    return format_list(list(items), locale=LOCALES[_lang(lang)]) if items else ""


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if not text or text.endswith((".", "!", "?", "…")) else text + "."


def _idea_formats(pillar: Pillar, brief: Brief) -> list[ContentFormat]:
    """The pillar's formats the client can make; else whatever it can make; else the pillar's."""
    producible = producible_formats(brief.capabilities)
    usable = [f for f in pillar.formats if f in producible]
    return usable or sorted(producible, key=list(ContentFormat).index) or list(pillar.formats)


def _base_hashtags(brief: Brief, pillar: Pillar | None, lang: str) -> list[str]:
    tags = [hashtag_of(sector_label(brief.sector, lang))]
    if brief.city:
        tags.append(hashtag_of(brief.city))
    key = template_key(pillar.name) if pillar else "generic"
    pillar_tags = post_templates()["pillar_hashtags"]
    if key in pillar_tags:
        tags.append("#" + pillar_tags[key][_lang(lang)])
    return tags


def _idea_days(start: date, end: date | None, count: int) -> list[date]:
    """`count` days spread over the period, so each idea's month is one of the period's."""
    span = max(((end or start) - start).days, 0)
    return [start + timedelta(days=span * i // count) for i in range(count)]


def offline_ideas(
    brief: Brief,
    pillar: Pillar,
    *,
    start: date,
    count: int,
    lang: str,
    end: date | None = None,
) -> list[Idea]:
    """`count` ideas whose topics come from the idea banks as the plan's do: the manager's
    ideas on the pillar, then the brief's offering (signature items first, items in season
    for the period), places, people and events.

    The choice moves with the week of `start`, so another period gets other ideas first; a
    topic that comes round again gets another format.
    """
    lang = _lang(lang)
    data = post_templates()
    days = _idea_days(start, end, count)
    topics = pillar_topics(pillar, brief, days, lang=lang, seed=start.toordinal() // 7)
    formats = _idea_formats(pillar, brief)
    base = _base_hashtags(brief, pillar, lang)
    seen: set[str] = set()
    ideas = []
    for i, topic in enumerate(topics):
        fmt = formats[i % len(formats)] if formats else None
        label = t(f"formats.{fmt.value}", lang) if fmt else ""
        repeated = topic.text.casefold() in seen
        seen.add(topic.text.casefold())
        title = f"{topic.text} ({label.lower()})" if repeated and label else topic.text
        values = {"topic": _sentence(topic.text), "pillar": pillar.name, "format": label.lower()}
        named = [hashtag_of(name) for name in topic.named]
        hashtags = parse_hashtags(" ".join([*named, *base]))[:IDEA_HASHTAGS]
        ideas.append(
            Idea(
                title=shorten(title, 120),
                brief=fill_template(data["briefs"][lang]["planned"], **values),
                caption=fill_template(data["captions"][lang]["planned"], **values),
                hashtags=hashtags,
                format=fmt,
                source="offline",
            )
        )
    return ideas


def offline_hooks(post: PlannedPost, *, count: int, lang: str) -> list[str]:
    """Up to `count` opening lines around the post's topic, from the catalogue's patterns."""
    topic = (post.topic or post.pillar or t(f"formats.{post.format.value}", lang)).strip()
    topic = topic.rstrip(" .!?…")
    return [
        t(f"ai.offline.hook_{n}", lang, topic=topic)
        for n in range(1, min(count, HOOK_TEMPLATES) + 1)
    ]


def offline_captions(posts: Sequence[PlannedPost], *, lang: str) -> list[CaptionDraft]:
    """For each post: a hook, the post's caption (or the template's) with its call to action,
    its hashtags, all within the platform's limits."""
    lang = _lang(lang)
    data = post_templates()
    drafts = []
    for post in posts:
        hook = offline_hooks(post, count=1, lang=lang)[0]
        body = post.caption or fill_template(
            data["captions"][lang][post.kind.value],
            topic=_sentence(post.topic),
            event=post.topic,
            campaign=post.topic,
        )
        text = "\n\n".join(part for part in (hook, body, _sentence(post.cta)) if part)
        caption, tags = fit_caption(post.platform, text, list(post.hashtags))
        drafts.append(CaptionDraft(post_id=post.id, hook=hook, caption=caption, hashtags=tags))
    return drafts


def offline_hashtags(
    brief: Brief,
    plan: EditorialPlan,
    audience: Audience,
    *,
    pillar: Pillar | None,
    count: int,
    lang: str,
) -> list[str]:
    """Up to `count` hashtags: the plan's hashtag sets for the pillar, then sector, city,
    pillar, its example ideas, the region and the personas' interests."""
    lang = _lang(lang)
    candidates = tags_for(pillar.name if pillar else "", plan.hashtag_sets)
    candidates += _base_hashtags(brief, pillar, lang)
    if brief.city:
        candidates.append(hashtag_of(f"{sector_label(brief.sector, lang)} {brief.city}"))
    if pillar:
        candidates.append(hashtag_of(pillar.name))
        candidates += [hashtag_of(idea) for idea in pillar.example_ideas]
    if brief.region:
        candidates.append(hashtag_of(brief.region))
    candidates += [hashtag_of(i) for p in audience.personas for i in p.interests]
    return parse_hashtags(" ".join(candidates))[:count]


def offline_audience_summary(audience: Audience, brief: Brief, *, lang: str) -> str:
    """The audience step's own summary: personas and where to reach them, with sources."""
    return summarize_audience(audience, brief, estimate_reach(audience, brief), lang)


def offline_competitor_takeaways(competitors: Competitors, *, lang: str) -> list[str]:
    """Sentences from the competitors' notes: what to borrow and the gaps first, then
    strengths, weak spots and themes that work; one line saying so when there are no notes."""
    lang = _lang(lang)
    others = [c for c in competitors.competitors if not c.is_client]
    takeaways: list[str] = []
    for field, key in (
        ("to_borrow", "borrow"),
        ("gaps", "gap"),
        ("strengths", "strength"),
        ("weaknesses", "weakness"),
    ):
        for competitor in others:
            text = getattr(competitor, field).strip()
            if text:
                takeaways.append(
                    t(
                        f"ai.offline.takeaway_{key}",
                        lang,
                        name=competitor.name,
                        text=_sentence(text),
                    )
                )
    for competitor in others:
        if competitor.best_themes:
            themes = _join(competitor.best_themes, lang)
            takeaways.append(
                t("ai.offline.takeaway_themes", lang, name=competitor.name, themes=themes)
            )
    return takeaways[:TAKEAWAYS_MAX] or [t("ai.offline.no_competitor_notes", lang)]


def _plan_sentence(plan: EditorialPlan, lang: str) -> str:
    if not plan.posts:
        return t("ai.offline.summary_no_plan", lang)
    first = min(p.date for p in plan.posts)
    last = max(p.date for p in plan.posts)
    pillars = _join([p.name for p in plan.pillars], lang) or "-"
    return t(
        "ai.offline.summary_plan",
        lang,
        posts=fmt_number(len(plan.posts), lang),
        start=fmt_date(first, lang, "d MMMM yyyy"),
        end=fmt_date(last, lang, "d MMMM yyyy"),
        pillars=pillars,
    )


def offline_executive_summary(strategy: Strategy, *, lang: str) -> str:
    """A few paragraphs for the client report: who and why, the audience, channels and plan,
    the budget. Each from the step that holds it; a step not done yet says so."""
    lang = _lang(lang)
    brief = strategy.brief
    sector = sector_label(brief.sector, lang)
    place = brief.city or brief.region
    intro = (
        t(
            "ai.offline.summary_intro_place",
            lang,
            name=strategy.client.name,
            sector=sector,
            place=place,
        )
        if place
        else t("ai.offline.summary_intro", lang, name=strategy.client.name, sector=sector)
    )
    first = [intro, _sentence(brief.description)]
    if brief.objectives:
        labels = [t(f"objectives.{o.value}", lang).lower() for o in brief.objectives]
        first.append(t("ai.offline.summary_goals", lang, objectives=_join(labels, lang)))
    if brief.kpi_targets:
        kpis = [f"{k.metric} {fmt_number(k.target, lang, digits=2)}" for k in brief.kpi_targets]
        first.append(t("ai.offline.summary_kpis", lang, kpis=_join(kpis, lang)))
    audience = strategy.audience.summary or offline_audience_summary(
        strategy.audience, brief, lang=lang
    )
    choices = [c for c in strategy.platforms.choices if c.posts_per_week > 0]
    if choices:
        platforms = _join([t(f"platforms.{c.platform.value}", lang) for c in choices], lang)
        per_week = sum((c.posts_per_week for c in choices), Decimal(0))
        channels = t(
            "ai.offline.summary_platforms",
            lang,
            platforms=platforms,
            posts=fmt_number(per_week, lang, digits=1),
        )
    else:
        channels = t("ai.offline.summary_no_platforms", lang)
    paragraphs = [
        " ".join(part for part in first if part),
        audience,
        f"{channels} {_plan_sentence(strategy.plan, lang)}",
    ]
    if choices:
        estimate = estimate_budget(brief, strategy.platforms, strategy.budget)
        amount = fmt_money(estimate.monthly_gross, lang)
        paragraphs.append(t("ai.offline.summary_budget", lang, amount=amount))
    return "\n\n".join(paragraphs)
