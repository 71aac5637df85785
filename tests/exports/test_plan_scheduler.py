"""The plan as Metricool's bulk-upload CSV: layout, drafts, networks and the posts left out."""

from __future__ import annotations

import csv
import io
from datetime import date, time

import pytest

from tests.export_factories import make_post
from workbench.errors import WorkbenchError
from workbench.exports.plan_scheduler import (
    COLUMNS,
    NETWORK_COLUMNS,
    SkipReason,
    plan_scheduler,
    skipped_messages,
)
from workbench.i18n import render
from workbench.models import EditorialPlan


def _rows(data: bytes) -> list[dict[str, str]]:
    assert not data.startswith(b"\xef\xbb\xbf")  # the header's first cell is exactly "Text"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_header_follows_metricool_template_order() -> None:
    data = plan_scheduler(EditorialPlan(posts=[make_post()])).data
    header = data.decode("utf-8").split("\r\n")[0].split(",")
    assert header[:4] == ["Text", "Date", "Time", "Draft"]
    assert header[4:14] == list(NETWORK_COLUMNS)
    assert "Picture Url 10" in header and "Alt text picture 10" in header
    assert header == list(COLUMNS)


def test_one_row_per_post_with_its_network_date_time_and_text() -> None:
    post = make_post(
        date=date(2027, 3, 5),
        time=time(18, 30),
        caption="Torta del mese: crostata.",
        hashtags=["#bologna", "#dolci"],
        link="https://example.it/?utm_source=instagram",
    )
    (row,) = _rows(plan_scheduler(EditorialPlan(posts=[post])).data)
    assert row["Text"] == (
        "Torta del mese: crostata.\n\n#bologna #dolci\n\nhttps://example.it/?utm_source=instagram"
    )
    assert (row["Date"], row["Time"]) == ("2027-03-05", "18:30:00")
    assert {n: row[n] for n in NETWORK_COLUMNS} == {
        n: "TRUE" if n == "Instagram" else "FALSE" for n in NETWORK_COLUMNS
    }
    assert row["Instagram Post Type"] == "POST"
    assert row["Picture Url 1"] == ""  # media are added in Metricool


@pytest.mark.parametrize(
    ("status", "draft"),
    [
        ("idea", "TRUE"),
        ("draft", "TRUE"),
        ("to_approve", "TRUE"),
        ("approved", "FALSE"),
        ("scheduled", "FALSE"),
    ],
)
def test_posts_not_yet_approved_arrive_as_drafts(status: str, draft: str) -> None:
    (row,) = _rows(plan_scheduler(EditorialPlan(posts=[make_post(status=status)])).data)
    assert row["Draft"] == draft


@pytest.mark.parametrize(
    ("platform", "fmt", "column", "value"),
    [
        ("instagram", "short_video", "Instagram Post Type", "REEL"),
        ("instagram", "story", "Instagram Post Type", "STORY"),
        ("facebook", "short_video", "Facebook Post Type", "REEL"),
        ("facebook", "photo", "Facebook Post Type", "POST"),
        ("youtube", "short_video", "Youtube Video Type", "SHORT"),
        ("youtube", "long_video", "Youtube Video Type", "VIDEO"),
        ("x", "text", "Twitter/X", "TRUE"),
        ("linkedin", "carousel", "LinkedIn", "TRUE"),
        ("threads", "text", "Threads", "TRUE"),
        ("tiktok", "short_video", "TikTok Title", "Argomento 0"),
        ("pinterest", "photo", "Pinterest Pin Link", "https://example.it"),
    ],
)
def test_each_network_gets_its_column_and_post_type(
    platform: str, fmt: str, column: str, value: str
) -> None:
    post = make_post(platform=platform, format=fmt)
    (row,) = _rows(plan_scheduler(EditorialPlan(posts=[post])).data)
    assert row[column] == value
    assert sum(row[n] == "TRUE" for n in NETWORK_COLUMNS) == 1


def test_reactive_slots_other_networks_and_published_posts_are_left_out_and_said() -> None:
    posts = [
        make_post(0),
        make_post(1, kind="reactive", caption="", pillar=""),
        make_post(2, platform="whatsapp", id="whatsapp-1"),
        make_post(3, platform="telegram", id="telegram-1"),
        make_post(4, status="published"),
        make_post(5, kind="reactive", caption="Il derby di ieri: la torta rossoblù"),
    ]
    export = plan_scheduler(EditorialPlan(posts=posts))
    rows = _rows(export.data)
    assert [r["Text"].split("\n")[0] for r in rows] == [
        "Testo del post 0",
        "Il derby di ieri: la torta rossoblù",  # a reactive slot someone wrote is kept
    ]
    assert {(s.post_id, s.reason) for s in export.skipped} == {
        ("instagram-0001", SkipReason.no_caption),
        ("whatsapp-1", SkipReason.platform),
        ("telegram-1", SkipReason.platform),
        ("instagram-0004", SkipReason.published),
    }
    said = [render(m, "it") for m in skipped_messages(export.skipped)]
    assert said == [
        "Fuori dal file per Metricool: 1 post senza testo (slot reattivi o ancora da scrivere).",
        "Fuori dal file per Metricool: 2 post su Canali WhatsApp e Telegram, "
        "dove Metricool non pubblica.",
        "Fuori dal file per Metricool: 1 post con stato Pubblicato.",
    ]
    assert render(skipped_messages(export.skipped)[0], "en").startswith(
        "Left out of the Metricool file, posts without a caption: 1"
    )
    assert skipped_messages(()) == []


def test_text_goes_to_the_network_verbatim() -> None:
    # Metricool publishes the cell as it is: an apostrophe against formulas would be posted.
    (row,) = _rows(
        plan_scheduler(EditorialPlan(posts=[make_post(caption="@amici, ci vediamo")])).data
    )
    assert row["Text"].startswith("@amici, ci vediamo")


def test_an_empty_plan_is_refused_with_a_message() -> None:
    with pytest.raises(WorkbenchError) as raised:
        plan_scheduler(EditorialPlan())
    assert raised.value.key == "exports.empty_plan"
