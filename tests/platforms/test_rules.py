"""The rule tables and defaults in data/: complete, in range, sourced, and checked on load."""

import csv
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from workbench.models import Capability, ClientKind, ContentFormat, Platform
from workbench.platforms import rules as platform_rules
from workbench.platforms.rules import (
    GOALS,
    ad_costs,
    format_fit,
    goal_fit,
    kind_fit,
    posting_defaults,
    producible_formats,
    rate,
)

DATA = Path(__file__).resolve().parents[2] / "data"
FILES = [
    "platform_goal_fit.csv",
    "platform_kind_fit.csv",
    "platform_format_fit.csv",
    "posting_defaults.csv",
    "rates.csv",
    "ad_costs.csv",
]


@pytest.fixture
def fresh_tables() -> Iterator[None]:
    loaders = [goal_fit, kind_fit, format_fit, posting_defaults, platform_rules.rates, ad_costs]
    for loader in loaders:
        loader.cache_clear()
    yield
    for loader in loaders:
        loader.cache_clear()


@pytest.mark.parametrize("name", FILES)
def test_every_row_says_where_it_comes_from(name: str) -> None:
    with (DATA / name).open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        assert row["source"].strip() and row["region"].strip() and row["note"].strip(), row
        assert 2000 <= int(row["year"]) <= 2030
        assert row["estimate"] in {"true", "false"}
        if "reason_it" in row:
            assert row["reason_it"].strip() and row["reason_en"].strip(), row


def test_rule_tables_cover_every_goal_kind_and_format() -> None:
    assert {(goal, p) for goal in GOALS for p in Platform} == set(goal_fit())
    assert {(f, p) for f in ContentFormat for p in Platform} == set(format_fit())
    kinds = {(code, p) for group, code, p in kind_fit() if group == "kind"}
    assert kinds == {(k.value, p) for k in ClientKind for p in Platform}
    for rule in [*goal_fit().values(), *kind_fit().values(), *format_fit().values()]:
        assert 0 <= rule.fit <= 1


def test_the_rules_say_what_a_manager_would() -> None:
    goals, kinds, formats = goal_fit(), kind_fit(), format_fit()
    assert goals[("leads", Platform.linkedin)].score.value == 5
    assert "B2B" in goals[("leads", Platform.linkedin)].reason.it
    assert formats[(ContentFormat.long_video, Platform.youtube)].score.value == 5
    assert formats[(ContentFormat.text, Platform.instagram)].score.value == 0
    assert kinds[("market", "b2b", Platform.linkedin)].score.value == 5
    assert kinds[("kind", "event", Platform.instagram)].score.value == 5


def test_clients_make_the_formats_their_capabilities_allow() -> None:
    assert producible_formats([Capability.photo]) == {
        ContentFormat.photo,
        ContentFormat.carousel,
        ContentFormat.story,
    }
    assert producible_formats([Capability.writing]) == {ContentFormat.text}
    assert producible_formats([]) == frozenset()


def test_posting_defaults_carry_the_published_guidance_and_ordered_tiers() -> None:
    defaults = posting_defaults()
    instagram_min = defaults[(Platform.instagram, "guidance_min")]
    assert (instagram_min.value, instagram_min.year) == (3, 2023)
    assert "Hootsuite" in instagram_min.source and not instagram_min.estimate
    assert defaults[(Platform.facebook, "guidance_max")].value == 14  # 2 a day
    for platform in Platform:
        tiers = [defaults[(platform, t)].value for t in ("essential", "growth", "premium")]
        assert 0 < tiers[0] <= tiers[1] <= tiers[2], platform
        assert defaults[(platform, "essential")].estimate


def test_money_defaults_and_their_sources() -> None:
    assert rate("hourly_rate").value == 40 and not rate("hourly_rate").estimate
    assert rate("vat_rate").value == 22
    assert rate("hours_per_post", "carousel").estimate  # no public source: an estimate
    meta = ad_costs()[(Platform.instagram, "cpm")]
    assert (meta.low.value, meta.high.value) == (Decimal("7.50"), Decimal("11.00"))
    linkedin = ad_costs()[(Platform.linkedin, "cpc")]
    converted = Decimal("5.6") / Decimal("1.08")  # USD at the rate stated in the note
    assert linkedin.low.value < converted < linkedin.high.value
    assert "1,08" in linkedin.low.note
    assert (Platform.whatsapp, "cpm") not in ad_costs()  # no self-serve ads


def test_a_broken_table_is_refused_on_load(
    monkeypatch: pytest.MonkeyPatch, fresh_tables: None
) -> None:
    rows = platform_rules.read_csv("platform_format_fit.csv")
    monkeypatch.setattr(platform_rules, "read_csv", lambda name: rows[1:])
    with pytest.raises(ValueError, match="no rule"):
        format_fit()
    bad = [{**rows[0], "score": "7"}, *rows[1:]]
    monkeypatch.setattr(platform_rules, "read_csv", lambda name: bad)
    with pytest.raises(ValueError, match="0-5"):
        format_fit()
