"""A wrong entry on the brief is named in the user's language and blocks nothing else."""

from __future__ import annotations

import re
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from workbench.i18n import t

pytestmark = pytest.mark.e2e

BUDGET_ERROR = "Budget mensile massimo (€): il budget massimo non può essere inferiore al minimo."


def test_budget_range_error_names_the_field_and_the_rest_is_saved(
    app, server, tmp_path: Path
) -> None:
    app.open(lang="it")
    app.page.get_by_label("Nome del nuovo cliente").fill(f"Ottica Test {uuid.uuid4().hex[:6]}")
    app.rerun_after(app.page.get_by_role("button", name="Crea cliente").click)
    expect(app.title).to_have_text("Brief")
    expect(app.page.get_by_text(t("brief.not_saved_yet", "it"))).to_be_visible()
    client_id = int(re.search(r"client=(\d+)", app.page.url).group(1))  # type: ignore[union-attr]
    app.type_into("brief.budget_min", "500")
    app.type_into("brief.budget_max", "800")

    # The minimum ends up above the maximum: the maximum just typed is the one at fault.
    app.type_into("brief.budget_max", "300")
    errors = app.page.get_by_test_id("stAlertContentError").get_by_test_id("stMarkdownContainer")
    expect(errors).to_have_text([BUDGET_ERROR])
    expect(app.page.get_by_text(t("brief.saved_except", "it"))).to_be_visible()
    app.expect_no_error_page()

    # Other fields keep saving while the error is on screen.
    app.type_into("brief.city", "Lecce")
    app.type_into("brief.approver", "Marta, titolare")
    expect(errors).to_have_text([BUDGET_ERROR])

    brief = server.export(client_id, tmp_path)["brief"]
    assert brief["city"] == "Lecce"
    assert brief["approver"] == "Marta, titolare"
    assert Decimal(brief["budget_min"]) == Decimal("500")
    assert Decimal(brief["budget_max"]) == Decimal("800")

    # A reload shows what is stored: the last valid maximum, and no error.
    app.reload()
    expect(app.field("brief.city")).to_have_value("Lecce")
    expect(app.field("brief.budget_max")).to_have_value("800")
    expect(app.field("brief.budget_min")).to_have_value("500")
    expect(errors).to_have_count(0)


OFFERING_ERROR = (
    "Offerta › riga 1: «13» non è un mese: scrivi un numero da 1 a 12, un intervallo come 9-11"
    " o il nome del mese."
)


def test_a_bad_offering_line_is_named_and_the_good_lines_are_saved(
    app, server, tmp_path: Path
) -> None:
    app.open(lang="it")
    app.page.get_by_label("Nome del nuovo cliente").fill(f"Cantina Test {uuid.uuid4().hex[:6]}")
    app.rerun_after(app.page.get_by_role("button", name="Crea cliente").click)
    expect(app.title).to_have_text("Brief")
    expect(app.page.get_by_text(t("brief.not_saved_yet", "it"))).to_be_visible()
    client_id = int(re.search(r"client=(\d+)", app.page.url).group(1))  # type: ignore[union-attr]

    typed = "* Brunello | il nostro rosso | 9-13\nOlio nuovo | ottobre-dicembre"
    app.type_into("brief.offering", typed)
    errors = app.page.get_by_test_id("stAlertContentError").get_by_test_id("stMarkdownContainer")
    expect(errors).to_have_text([OFFERING_ERROR])
    expect(app.field("brief.offering")).to_have_value(typed)  # nothing typed is lost
    app.expect_no_error_page()

    offering = server.export(client_id, tmp_path)["brief"]["offering"]
    assert [(i["name"], i["months"]) for i in offering] == [("Olio nuovo", [10, 11, 12])]
