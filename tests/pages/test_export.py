"""The export page through AppTest: the strategy JSON and the editorial plan's downloads."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from tests.apptest import demo_id, open_app, texts
from tests.conftest import make_client
from workbench.db import read_session
from workbench.i18n import Message, render, t
from workbench.models import PostKind
from workbench.strategy import load_strategy


def _labels(at) -> list[str]:  # noqa: ANN001
    return [b.proto.label for b in at.get("download_button")]


def test_the_page_offers_the_whole_strategy_as_json(db: Engine) -> None:
    at = open_app("export", client=demo_id(db))
    # After the plan's files the client's JSON, then the backup of every client.
    assert _labels(at)[-2:] == ["Scarica il JSON", "Scarica il backup (.zip)"]
    assert "arriveranno" not in texts(at)  # no more promise of formats to come: they are here


@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_plan_section_offers_four_files(db: Engine, lang: str) -> None:
    client_id = demo_id(db)
    at = open_app("export", client=client_id, lang=lang)
    assert not at.exception and not at.error
    assert t("export.plan_title", lang) in [s.value for s in at.subheader]
    assert _labels(at) == [
        t("export.xlsx_download", lang),
        t("export.csv_download", lang),
        t("export.ics_download", lang),
        t("export.scheduler_download", lang),
        t("export.report_pdf", lang),
        t("export.report_html", lang),
        t("export.json_download", lang),
        t("backup.download", lang),
    ]
    assert at.radio(key="export.csv_sep").options == [
        t("export.sep_semicolon", lang),
        t("export.sep_comma", lang),
    ]
    # The demo keeps reactive slots free: the Metricool file says it leaves them out.
    with read_session(db) as session:
        plan = load_strategy(session, client_id).plan
    unwritten = sum(1 for p in plan.posts if p.kind == PostKind.reactive and not p.caption)
    assert unwritten
    said = render(Message("exports.skip_no_caption", {"count": unwritten}), lang)
    assert said in [c.value for c in at.caption]


def test_choosing_the_comma_keeps_the_page_whole(db: Engine) -> None:
    at = open_app("export", client=demo_id(db))
    at.radio(key="export.csv_sep").set_value(",").run()
    assert not at.exception and at.radio(key="export.csv_sep").value == ","
    assert len(_labels(at)) == 8


def test_an_empty_plan_says_where_to_make_it_instead_of_buttons(db: Engine) -> None:
    at = open_app("export", client=make_client(db, "Gelateria Polo"))
    assert t("exports.empty_plan", "it") in [i.value for i in at.info]
    # The strategy still exports, the report says there is no plan yet, the backup holds it.
    assert _labels(at) == [
        t("export.report_pdf", "it"),
        t("export.report_html", "it"),
        t("export.json_download", "it"),
        t("backup.download", "it"),
    ]


def test_without_a_client_the_page_says_to_pick_one(db: Engine) -> None:
    at = open_app("export")
    assert t("export.pick_client", "it") in [i.value for i in at.info]
    assert t("backup.empty", "it") in [i.value for i in at.info]  # nothing to back up yet
    assert _labels(at) == []
    assert "Strategy Workbench" in texts(at)  # the import section is still there


def test_the_report_period_defaults_to_four_weeks_and_waits_for_its_end(db: Engine) -> None:
    client_id = demo_id(db)
    at = open_app("export", client=client_id)
    with read_session(db) as session:
        plan = load_strategy(session, client_id).plan
    start, end = at.date_input(key=f"export.report_period.{client_id}").value
    assert (end - start).days == 27 and start >= plan.start  # type: ignore[operator]
    assert "La sintesi è il testo modello" in texts(at)  # no key in tests
    at.date_input(key=f"export.report_period.{client_id}").set_value((start,)).run()
    assert not at.exception
    assert t("export.report_pick_end", "it") in texts(at)
    assert t("export.report_pdf", "it") not in _labels(at)
