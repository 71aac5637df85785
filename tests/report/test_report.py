"""The client report (workbench.report): the HTML and the PDF a client receives, and the CLI."""

from __future__ import annotations

import base64
import io
import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pypdfium2
import pytest
from pypdf import PdfReader
from sqlalchemy.engine import Engine

from tests.conftest import run_cli
from workbench.ai.offline import offline_executive_summary
from workbench.db import read_session, write_session
from workbench.demo import create_demo_client
from workbench.i18n import fmt_date
from workbench.report import default_period, report_html, report_pdf
from workbench.strategy import Strategy, load_strategy, save_section

TODAY = date(2026, 3, 2)


@pytest.fixture
def demo(sqlite_engine: Engine) -> Strategy:
    """The demo client, its brief description carrying markup a browser must not run."""
    with write_session(sqlite_engine) as session:
        client = create_demo_client(session, today=TODAY)
        strategy = load_strategy(session, client.id)
        brief = strategy.brief.model_copy(
            update={"description": "Torte <script>alert('x')</script> & dolci"}
        )
        save_section(
            session, client.id, "brief", brief, expected_version=strategy.sections["brief"].version
        )
    with read_session(sqlite_engine) as session:
        return load_strategy(session, client.id)


def _period(strategy: Strategy) -> tuple[date, date]:
    return default_period(strategy, TODAY)


def _pdf(strategy: Strategy, lang: str) -> bytes:
    summary = offline_executive_summary(strategy, lang=lang)
    return report_pdf(strategy, lang=lang, summary=summary, period=_period(strategy), today=TODAY)


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_period_is_four_weeks_from_the_plan_start_or_today(demo: Strategy) -> None:
    start, end = _period(demo)
    assert start == demo.plan.start and end == start + timedelta(days=27)
    later = start + timedelta(days=10)
    assert default_period(demo, later) == (later, later + timedelta(days=27))


def test_html_is_self_contained_escaped_and_complete(demo: Strategy) -> None:
    summary = offline_executive_summary(demo, lang="it")
    html = report_html(demo, lang="it", summary=summary, period=_period(demo), today=TODAY)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; dolci" in html
    assert demo.client.name in html
    start, end = _period(demo)
    assert f"Periodo: {fmt_date(start, 'it')} – {fmt_date(end, 'it')}" in html
    for heading in (
        "Sintesi",
        "Pubblico",
        "Piattaforme scelte",
        "KPI e obiettivi",
        "Budget mensile",
    ):
        assert f"<h2>{heading}</h2>" in html
    for kpi in demo.brief.kpi_targets:
        assert f"<td>{kpi.metric}</td>" in html
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
    assert len(images) == 2 and all(base64.b64decode(i).startswith(b"\x89PNG") for i in images)
    # Self-contained: nothing is fetched when the file is opened.
    assert not re.search(r'(src|href)="(https?:)?//', html)
    first_post = min(demo.plan.posts, key=lambda p: (p.date, p.time))
    assert first_post.topic.replace("'", "&#39;") in html


def test_pdf_has_the_sections_in_italian_and_renders(demo: Strategy, tmp_path: Path) -> None:
    data = _pdf(demo, "it")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 3
    cover = reader.pages[0].extract_text()
    assert "Report per il cliente".upper() in cover and demo.client.name in cover
    assert fmt_date(_period(demo)[0], "it") in cover
    text = _pdf_text(data)
    for heading in ("Sintesi", "Pubblico", "Piattaforme scelte", "KPI e obiettivi", "Grafici"):
        assert heading in text
    assert "Budget mensile" in text and "IVA 22%" in text and "€" in text
    assert demo.brief.kpi_targets[0].metric in text
    # The CI smoke check: page 1 renders to an image that is not blank.
    image = pypdfium2.PdfDocument(data)[0].render(scale=1).to_pil().convert("L")
    assert image.size[1] == 842 and image.size[0] in (595, 596)  # A4 at 72 dpi
    dark = sum(image.histogram()[:128])
    assert dark > 1000, "the cover has no visible text"
    image.save(tmp_path / "page-1.png")


def test_pdf_in_english(demo: Strategy) -> None:
    text = _pdf_text(_pdf(demo, "en"))
    for heading in ("Executive summary", "Audience", "Chosen platforms", "KPIs against targets"):
        assert heading in text
    assert "Monthly budget" in text and "Sintesi" not in text


def test_cli_writes_both_reports(env: dict[str, str], tmp_path: Path) -> None:
    client = run_cli("demo", env=env).stdout.strip()
    pdf = tmp_path / "report.pdf"
    run_cli("export", client, "--format", "report-pdf", "-o", str(pdf), "--lang", "en", env=env)
    assert "Executive summary" in _pdf_text(pdf.read_bytes())
    html = run_cli(
        "export", client, "--format", "report-html", "-o", "-", "--from", "2030-01-07", env=env
    ).stdout
    assert "Periodo: 7 gen 2030 – 3 feb 2030" in html and "Nessun post previsto" in html
    refused = run_cli("export", client, "--format", "report-pdf", "-o", "-", env=env, check=False)
    assert refused.returncode == 2 and "-o FILE.pdf" in refused.stderr


def test_kpis_show_the_monitoring_results_and_what_they_say(demo: Strategy) -> None:
    from workbench.models import Platform, PostResult, Results
    from workbench.report import report_content

    start, end = _period(demo)
    first_pillar = demo.plan.pillars[0].name
    instagram = [p for p in demo.plan.posts if p.platform is Platform.instagram and p.date <= end]
    results = [
        PostResult(
            platform=p.platform,
            date=p.date,
            time=p.time,
            reach=1000,
            likes=90 if p.pillar == first_pillar else 30,
            followers=3000 + i,
        )
        for i, p in enumerate(instagram)
    ]
    later = PostResult(platform=Platform.instagram, date=end + timedelta(days=1), followers=9999)
    strategy = Strategy(
        client=demo.client,
        sections={
            **demo.sections,
            "results": replace(demo.sections["results"], model=Results(posts=[*results, later])),
        },
    )
    report = report_content(strategy, lang="it", summary="", period=(start, end), today=TODAY)
    actual = {row[1]: row[4] for row in report.kpis.rows}
    # The latest Instagram count up to the period's end (not the later one), against 3.500.
    last = 3000 + len(instagram) - 1
    assert actual["Follower Instagram"] == f"{last:,} ({round(last / 35)}%)".replace(",", ".")
    assert actual["Ordini torte da social al mese"] == "—"
    assert report.insights[0] == (
        f"Nel periodo: {len(results)} post pubblicati con risultati, "
        f"{len(results)} corrispondono a post del piano."
    )
    assert report.insights[1].startswith("Engagement rate medio ")
    html = report_html(strategy, lang="it", summary="", period=(start, end), today=TODAY)
    assert "Nel periodo: " in html


def test_a_month_of_results_reports_that_month_and_plans_the_next(demo: Strategy) -> None:
    from workbench.models import PostResult, Results
    from workbench.report import report_content

    # Four weeks of the plan are out: results for every post in them.
    start = demo.plan.start
    assert start is not None
    out = [p for p in demo.plan.posts if p.date < start + timedelta(days=28)]
    results = [
        PostResult(platform=p.platform, date=p.date, time=p.time, reach=1000, likes=40 + i)
        for i, p in enumerate(out)
    ]
    strategy = Strategy(
        client=demo.client,
        sections={
            **demo.sections,
            "results": replace(demo.sections["results"], model=Results(posts=results)),
        },
    )
    today = start + timedelta(days=30)  # a Wednesday after the four weeks
    period = default_period(strategy, today)
    assert period == (start, start + timedelta(days=27))
    report = report_content(strategy, lang="it", summary="", period=period, today=today)
    following = (start + timedelta(days=28), start + timedelta(days=55))
    first, last = (fmt_date(day, "it") for day in following)
    assert report.headings["plan"] == f"Piano del prossimo periodo: {first} – {last}"
    planned = [p for p in demo.plan.posts if following[0] <= p.date <= following[1]]
    assert len(report.plan.rows) == len(planned)
    assert [c.title for c in report.charts][0] == "Engagement rate per rubrica nel periodo"
    assert report.insights[0].startswith(f"Nel periodo: {len(results)} post pubblicati")


def test_reactive_slots_show_as_room_for_news_in_the_report(demo: Strategy) -> None:
    from workbench.report.content import report_content

    report = report_content(demo, lang="it", summary="", period=_period(demo), today=TODAY)
    topics = [row[5] for row in report.plan.rows]
    assert "Spazio per l'attualità" in topics
    assert not any("notizie e tendenze" in topic for topic in topics)
