"""The plan's calendar, week and charts as a manager sees them, in Italian and English."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import make_brief
from ui.markdown import markdown_text
from ui.views.plan import DAY_LINES, cadence_note, mix_note
from workbench.i18n import fmt_number, t
from workbench.models import (
    EditorialPlan,
    Pillar,
    PlannedPost,
    Platform,
    PlatformChoice,
    PlatformSelection,
    PostKind,
    PostStatus,
)
from workbench.plan.generator import generate_plan
from workbench.plan.summary import WeekCadence, pillar_mix, status_counts

MONDAY = date(2027, 1, 4)
SELECTION = PlatformSelection(
    choices=[
        PlatformChoice(
            platform="instagram",
            formats=["photo", "short_video"],
            cadence={"photo": Decimal(3), "short_video": Decimal("1.5")},
        ),
        PlatformChoice(platform="facebook", formats=["photo"], cadence={"photo": Decimal(2)}),
    ]
)
PILLARS = [
    Pillar(name="Prodotti", target_share=Decimal(50), colour="#E45756"),
    Pillar(name="Dietro le quinte", target_share=Decimal(30), colour="#4C78A8"),
    Pillar(name="Domande", target_share=Decimal(20), colour="#54A24B"),
]
WEEKDAYS = {
    "it": ["lun", "mar", "mer", "gio", "ven", "sab", "dom"],
    "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
}


def make_plan(weeks: int = 8, selection: PlatformSelection = SELECTION) -> EditorialPlan:
    """A generated plan from Monday 4 January 2027, as the plan page saves it."""
    result = generate_plan(make_brief(), selection, PILLARS, start=MONDAY, weeks=weeks, seed=3)
    return EditorialPlan(pillars=PILLARS, start=MONDAY, weeks=weeks, posts=list(result.posts))


def views_app() -> None:
    """The script under test: one view of the plan given in the session state."""
    from datetime import date

    import streamlit as st

    from ui.views.plan import render_charts, render_month, render_week

    plan, selection, lang = st.session_state.plan, st.session_state.selection, st.session_state.lang
    key = ("test", 1)
    if st.session_state.view == "month":
        render_month(plan, "pv.month", lang, key)
    elif st.session_state.view == "week":
        render_week(plan, "pv.week", lang, key)
    else:
        render_charts(plan, selection, plan.start or date(2027, 1, 4), plan.weeks, lang, key)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Views are cached per version key: each test starts from its own plan."""
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def show(
    view: str,
    plan: EditorialPlan,
    lang: str = "it",
    selection: PlatformSelection = SELECTION,
) -> AppTest:
    at = AppTest.from_function(views_app, default_timeout=30)
    at.session_state.plan, at.session_state.selection = plan, selection
    at.session_state.view, at.session_state.lang = view, lang
    at.run()
    assert not at.exception, at.exception
    return at


def cells(at: AppTest) -> list[str]:
    """The day cells of the month grid, row by row (after the seven weekday headers)."""
    return [m.value for m in at.markdown[7:]]


def cell_of(at: AppTest, day: date, first_shown: date) -> str:
    return cells(at)[(day - first_shown).days]


def post(day: date, topic: str, pillar: str = "Prodotti", **fields: Any) -> PlannedPost:
    return PlannedPost(
        id=f"instagram-{day:%Y%m%d}-{topic[:8]}",
        platform="instagram",
        date=day,
        time=fields.pop("at", time(12, 0)),
        format="photo",
        pillar=pillar,
        topic=topic,
        **fields,
    )


# --- month -----------------------------------------------------------------------------------


def test_month_calendar_in_italian_puts_each_post_on_its_day() -> None:
    plan = make_plan()
    at = show("month", plan)
    months = at.selectbox[0]
    assert months.label == "Mese"
    assert months.options == ["gennaio 2027", "febbraio 2027"]
    assert [m.value for m in at.markdown[:7]] == [f"**{d}**" for d in WEEKDAYS["it"]]
    # January 2027 starts on a Friday: the grid opens on Monday 28 December, dimmed.
    first_shown = date(2026, 12, 28)
    assert cells(at)[:4] == [":gray[28]", ":gray[29]", ":gray[30]", ":gray[31]"]
    assert len(cells(at)) == 5 * 7
    day = date(2027, 1, 14)
    on_day = [p for p in plan.posts if p.date == day]
    assert on_day
    cell = cell_of(at, day, first_shown)
    assert cell.startswith("**14**")
    for p in on_day:
        assert markdown_text(p.topic, 32) in cell
        assert f"{p.time:%H:%M}" in cell
    assert markdown_text(on_day[0].topic, 32) not in cell_of(
        at, day + timedelta(days=1), first_shown
    )
    january = [p for p in plan.posts if p.date.month == 1]
    assert at.caption[0].value.startswith(f"Post nel mese: {len(january)}. Per stato: Idea ")


def test_holidays_and_reactive_slots_are_marked_and_pillars_have_their_colour() -> None:
    plan = make_plan()
    at = show("month", plan)
    epiphany = cell_of(at, date(2027, 1, 6), date(2026, 12, 28))
    assert ":material/celebration:" in epiphany and "Epifania" in epiphany
    reactive = next(p for p in plan.posts if p.kind == PostKind.reactive and p.date.month == 1)
    assert ":material/bolt:" in cell_of(at, reactive.date, date(2026, 12, 28))
    planned = next(p for p in plan.posts if p.pillar == "Domande" and p.date.month == 1)
    assert ':color[●]{foreground="#54A24B"}' in cell_of(at, planned.date, date(2026, 12, 28))
    legend = at.caption[-1].value
    assert ':color[●]{foreground="#E45756"} Prodotti' in legend
    assert ":material/celebration: Ricorrenza" in legend


def test_month_calendar_in_english() -> None:
    at = show("month", make_plan(), lang="en")
    assert at.selectbox[0].label == "Month"
    assert at.selectbox[0].options == ["January 2027", "February 2027"]
    assert [m.value for m in at.markdown[:7]] == [f"**{d}**" for d in WEEKDAYS["en"]]
    assert at.caption[0].value.startswith("Posts this month: ")


def test_february_2027_fills_four_weeks_from_monday_the_first() -> None:
    plan = make_plan()
    at = show("month", plan)
    at.selectbox[0].set_value("2027-02").run()
    assert at.selectbox[0].value == "2027-02"
    grid = cells(at)
    assert len(grid) == 4 * 7
    assert grid[0].startswith("**1**") and grid[-1].startswith("**28**")
    assert not any(c.startswith(":gray[") for c in grid)
    february = [p for p in plan.posts if p.date.month == 2]
    assert at.caption[0].value.startswith(f"Post nel mese: {len(february)}.")


def test_a_plan_of_1500_posts_draws_only_the_chosen_month() -> None:
    busy = PlatformSelection(
        choices=[
            PlatformChoice(platform=p, formats=["photo"], cadence={"photo": Decimal(n)})
            for p, n in [
                ("instagram", 7),
                ("facebook", 7),
                ("tiktok", 7),
                ("linkedin", 5),
                ("x", 3),
            ]
        ]
    )
    plan = make_plan(weeks=52, selection=busy)
    assert len(plan.posts) >= 1500
    at = show("month", plan)
    assert at.selectbox[0].options[-1] == "gennaio 2028"  # 52 weeks to Sunday 2 January
    grid = cells(at)
    assert len(grid) == 5 * 7  # January only: seven cells a week, no other month
    shown = 0
    for cell in grid:
        lines = cell.split("  \n")[1:]
        more = [line for line in lines if line.startswith(":small[:gray[+")]
        assert len(lines) - len(more) <= DAY_LINES
        shown += len(lines) - len(more)
        shown += sum(int(line.removeprefix(":small[:gray[+").split()[0]) for line in more)
    assert shown == sum(1 for p in plan.posts if (p.date.year, p.date.month) == (2027, 1))


def test_a_crowded_day_lists_the_first_posts_and_counts_the_rest() -> None:
    day = date(2027, 3, 10)
    posts = [post(day, f"Post {h}", at=time(h, 0)) for h in range(8, 17)]
    at = show("month", EditorialPlan(pillars=PILLARS, posts=posts))
    cell = cell_of(at, day, date(2027, 3, 1))
    lines = cell.split("  \n")
    assert lines[0] == "**10**"
    assert [line.split("**IG** ")[1].rstrip("]") for line in lines[1:-1]] == [
        f"Post {h}" for h in range(8, 8 + DAY_LINES)
    ]
    assert lines[-1] == ":small[:gray[+3 altri]]"


@pytest.mark.parametrize("view", ["month", "week", "charts"])
def test_an_empty_plan_says_to_generate_it(view: str) -> None:
    at = show(view, EditorialPlan())
    assert [i.value for i in at.info] == [t("planview.empty", "it")]
    assert "genera il piano" in at.info[0].value
    assert not at.selectbox and not at.get("vega_lite_chart")


# --- user text -------------------------------------------------------------------------------


def test_user_text_is_shown_as_typed_never_as_markup() -> None:
    typed = "**<b>Saldi</b>** :red[ora] $5$ [qui](http://x.it)"
    plan = EditorialPlan(
        pillars=[Pillar(name="_Offerte_", target_share=Decimal(100))],
        posts=[post(date(2027, 1, 14), typed, pillar="_Offerte_", caption="# Titolo\nresto")],
    )
    for view, limit in (("month", 32), ("week", None)):
        at = show(view, plan)
        every = "\n".join(m.value for m in at.markdown)
        assert markdown_text(typed, limit) in every
        assert typed[:10] not in every
        assert not any(m.proto.allow_html for m in at.markdown)
    assert r"\_Offerte\_" in every
    assert r"\# Titolo" in every and "resto" not in every  # the caption's first line only


def test_markdown_text_escapes_punctuation_joins_lines_and_cuts() -> None:
    assert markdown_text("a*b_c [x](y) :red[z] $1$") == r"a\*b\_c \[x\]\(y\) \:red\[z\] \$1\$"
    assert markdown_text("riga uno\nriga   due") == "riga uno riga due"
    assert markdown_text("Una frase molto lunga", 10) == "Una frase…"
    assert markdown_text("Breve", 10) == "Breve"


# --- week ------------------------------------------------------------------------------------


def test_week_view_lists_each_day_posts_in_detail() -> None:
    plan = make_plan()
    at = show("week", plan)
    weeks = at.selectbox[0]
    assert weeks.label == "Settimana"
    assert len(weeks.options) == 8
    assert weeks.options[0] == "Settimana 1 · 4 gen – 10 gen 2027"
    weeks.set_value("2027-01-11").run()
    headers = [c.markdown[0].value for c in at.columns]
    assert headers == [
        "**lun 11 gen**",
        "**mar 12 gen**",
        "**mer 13 gen**",
        "**gio 14 gen**",
        "**ven 15 gen**",
        "**sab 16 gen**",
        "**dom 17 gen**",
    ]
    in_week = [p for p in plan.posts if date(2027, 1, 11) <= p.date <= date(2027, 1, 17)]
    target = next(p for p in in_week if p.kind == PostKind.planned)
    column = at.columns[(target.date - date(2027, 1, 11)).days]
    block = next(m.value for m in column.markdown if markdown_text(target.topic) in m.value)
    assert block.startswith(f"**{target.time:%H:%M}** · ")
    assert t(f"platforms.{target.platform.value}") in block
    assert t(f"formats.{target.format.value}") in block
    assert markdown_text(target.pillar) in block
    assert ":gray-badge[Idea]" in block
    assert markdown_text(target.caption.splitlines()[0], 90) in block
    empty_days = [d for d in range(7) if not any(p.date.weekday() == d for p in in_week)]
    for d in empty_days:
        assert [c.value for c in at.columns[d].caption] == ["Nessun post"]
    assert (
        at.caption[0].value
        == f"Post nella settimana: {len(in_week)}. Per stato: Idea {len(in_week)}."
    )


def test_week_view_in_english_shows_status_and_lock() -> None:
    plan = make_plan(weeks=2)
    first = plan.posts[0]
    plan.posts[0] = first.model_copy(update={"status": PostStatus.approved, "locked": True})
    at = show("week", plan, lang="en")
    assert at.selectbox[0].options == [
        "Week 1 · 4 Jan – 10 Jan 2027",
        "Week 2 · 11 Jan – 17 Jan 2027",
    ]
    assert at.columns[0].markdown[0].value == "**Mon 4 Jan**"
    column = at.columns[first.date.weekday()]
    block = next(m.value for m in column.markdown if markdown_text(first.topic) in m.value)
    assert ":green-badge[Approved]" in block and ":material/lock:" in block


# --- charts ----------------------------------------------------------------------------------


def specs(at: AppTest) -> list[dict[str, Any]]:
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def test_charts_compare_the_mix_and_the_cadence_with_their_targets() -> None:
    at = show("charts", make_plan())
    mix, cadence = specs(at)
    assert mix["title"] == "Mix delle rubriche: quota effettiva e obiettivo"
    bars = mix["layer"][0]["encoding"]
    assert bars["x"]["title"] == "Quota dei post con rubrica (%)"
    assert bars["color"]["scale"]["range"] == ["#E45756", "#4C78A8", "#54A24B"]
    assert [tip["title"] for tip in bars["tooltip"]][:3] == [
        "Rubrica",
        "Post",
        "Quota effettiva %",
    ]
    assert cadence["title"] == "Post a settimana per piattaforma"
    assert cadence["layer"][0]["encoding"]["x"]["title"] == "Settimana del piano"
    notes = [m.value for m in at.markdown]
    assert notes == [t("planview.mix_on_target", "it"), t("planview.cadence_on_target", "it")]


def test_a_deleted_post_and_a_moved_pillar_are_named_under_the_charts() -> None:
    plan = make_plan(weeks=4)
    gone = next(
        p for p in plan.posts if p.platform == Platform.instagram and p.date >= date(2027, 1, 11)
    )
    plan.posts.remove(gone)
    moved = [p for p in plan.posts if p.pillar == "Domande"][:3]
    for p in moved:
        plan.posts[plan.posts.index(p)] = p.model_copy(update={"pillar": "Prodotti"})
    mix = {m.name: m for m in pillar_mix(plan)}
    at = show("charts", plan)
    mix_line, cadence_line = (m.value for m in at.markdown)
    prodotti = fmt_number(mix["Prodotti"].difference, "it", digits=1)
    domande = fmt_number(-mix["Domande"].difference, "it", digits=1)
    assert mix_line == (
        f"Fuori quota, in post rispetto all'obiettivo: Prodotti +{prodotti} e Domande −{domande}."
    )
    assert cadence_line == "Fuori cadenza: Instagram, settimana 2: 4 post su 5."
    at = show("charts", plan, lang="en")
    mix_spec, _ = specs(at)
    assert mix_spec["title"] == "Pillar mix: actual and target share"
    assert [m.value for m in at.markdown][1] == "Off cadence: Instagram, week 2: 4 of 5 posts."


def test_notes_join_items_in_the_language_and_shorten_long_lists() -> None:
    pillars = [
        Pillar(name="A*", target_share=Decimal(50)),
        Pillar(name="B", target_share=Decimal(50)),
    ]
    plan = EditorialPlan(
        pillars=pillars,
        posts=[
            post(MONDAY + timedelta(days=i), f"p{i}", pillar="A*" if i < 6 else "B")
            for i in range(10)
        ],
    )
    assert mix_note(pillar_mix(plan), "it") == (
        r"Fuori quota, in post rispetto all'obiettivo: A\* +1 e B −1."
    )
    assert mix_note(pillar_mix(plan), "en") == (
        r"Off target, in posts against the target: A\* +1 and B −1."
    )
    rows = [
        WeekCadence(
            platform=Platform.tiktok,
            week=w,
            start=MONDAY + timedelta(days=7 * (w - 1)),
            end=MONDAY + timedelta(days=7 * w - 1),
            posts=1,
            target=2,
            statuses=status_counts([]),
        )
        for w in range(1, 8)
    ]
    assert cadence_note(rows, "it") == (
        "Fuori cadenza: TikTok, settimana 1: 1 post su 2, TikTok, settimana 2: 1 post su 2, "
        "TikTok, settimana 3: 1 post su 2, TikTok, settimana 4: 1 post su 2 "
        "e altre 3 settimane."
    )
    # One more than the shown few is named rather than counted.
    assert "settimana 5" in cadence_note(rows[:5], "it")
    assert "altre" not in cadence_note(rows[:5], "it")
