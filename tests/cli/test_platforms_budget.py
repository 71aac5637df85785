"""recommend and budget on the command line, run as automation would (`run_cli`)."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import run_cli as run
from workbench.models import FactorWeights, Platform
from workbench.platforms import FACTORS


@pytest.fixture
def demo_id(env: dict[str, str]) -> str:
    return run("demo", env=env).stdout.strip()


def test_recommend_ranks_every_platform_with_factors_and_reasons(
    env: dict[str, str],
    demo_id: str,
) -> None:
    data = json.loads(run("recommend", demo_id, "--json", env=env).stdout)
    assert data["client_id"] == int(demo_id)
    assert data["weights"] == FactorWeights().model_dump()
    ranked = data["platforms"]
    assert [p["rank"] for p in ranked] == list(range(1, len(Platform) + 1))
    assert [p["platform"] for p in ranked[:2]] == ["instagram", "facebook"]
    scores = [Decimal(p["score"]) for p in ranked]
    assert scores == sorted(scores, reverse=True)
    first = ranked[0]
    assert first["recommended"] and first["label"] == "Instagram"
    assert [f["name"] for f in first["factors"]] == list(FACTORS)
    for factor in first["factors"]:
        assert 0 <= Decimal(factor["value"]) <= 1 and factor["reasons"]
    total = sum(Decimal(f["contribution"]) for f in first["factors"])
    assert abs(total - Decimal(first["score"])) <= Decimal("0.3")
    assert any("obiettivo «Notorietà»" in r for r in first["reasons"])  # Italian by default


def test_recommend_speaks_the_chosen_language(
    env: dict[str, str],
    demo_id: str,
) -> None:
    data = json.loads(run("recommend", demo_id, "--json", "--lang", "en", env=env).stdout)
    reasons = data["platforms"][0]["reasons"]
    assert any("goal “Awareness”" in r for r in reasons)
    assert data["platforms"][0]["factors"][2]["label"] == "Production capacity"
    text = run("recommend", demo_id, "--lang", "en", env=env).stdout.splitlines()
    ranking, proposal = text[: text.index("")], text[text.index("") + 1 :]
    assert ranking[0].startswith("1\tInstagram\t") and len(ranking) == len(Platform)
    assert any(line.startswith("Total: ") and "hours a week" in line for line in proposal)


def test_budget_prints_the_chosen_tier_with_totals_net_vat_gross(
    env: dict[str, str],
    demo_id: str,
) -> None:
    data = json.loads(run("budget", demo_id, "--json", env=env).stdout)
    assert data["tier"] == "essential" and data["currency"] == "EUR"
    contents = [(i["platform"], i["format"]) for i in data["items"] if i["category"] == "content"]
    assert contents == [("instagram", "photo"), ("facebook", "photo")]
    fees = data["totals"]["fees"]
    net, vat, gross = (Decimal(fees[k]) for k in ("net", "vat", "gross"))
    assert all(len(fees[k].split(".")[1]) == 2 for k in fees)  # money as decimal strings
    assert vat == (net * Decimal("0.22")).quantize(Decimal("0.01")) and gross == net + vat
    assert sum(Decimal(i["amount"]) for i in data["items"]) == net
    assert data["totals"]["ad_spend"] == "50.00"
    assert Decimal(data["totals"]["monthly_gross"]) == gross + Decimal(50)  # no VAT on ads
    (ad,) = data["ads"]
    assert ad["platform"] == "instagram" and ad["impressions"] == [4545, 6666]
    assert data["setup"]["category"] == "setup" and data["warnings"] == []
    rate = next(a for a in data["items"][0]["inputs"] if a["name"] == "hourly_rate")
    assert rate["origin"] == "data" and rate["year"] == 2025 and rate["value"] == "40"


def test_budget_as_text_names_fees_vat_and_ads(
    env: dict[str, str],
    demo_id: str,
) -> None:
    lines = run("budget", demo_id, "--lang", "en", env=env).stdout.splitlines()
    assert lines[0].startswith("Photo on Instagram, 3 a week\t€")
    assert any(line.startswith("Fees €") and "ads €50.00" in line for line in lines)


def test_the_strategy_export_carries_platforms_and_budget(
    env: dict[str, str],
    demo_id: str,
) -> None:
    exported = json.loads(run("export", demo_id, "-o", "-", env=env).stdout)
    assert [c["platform"] for c in exported["platforms"]["choices"]] == ["instagram", "facebook"]
    assert exported["budget"]["tier"] == "essential"


def test_budget_without_platforms_says_so_and_costs_nothing(
    env: dict[str, str],
    tmp_path: Path,
) -> None:
    document = {
        "format": "strategy-workbench",
        "schema_version": 2,
        "client": {"name": "Senza piattaforme"},
        "brief": {"kind": "artist"},
    }
    source = tmp_path / "bare.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    client_id = run("import", str(source), env=env).stdout.strip()
    data = json.loads(run("budget", client_id, "--json", "--lang", "en", env=env).stdout)
    assert data["items"] == [] and data["totals"]["fees"]["gross"] == "0.00"
    assert data["warnings"] == ["No platform chosen: choose at least one to estimate the budget."]
    ranked = json.loads(run("recommend", client_id, "--json", env=env).stdout)["platforms"]
    assert len(ranked) == len(Platform)


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (("recommend", "999", "--json"), 1, "999"),
        (("budget", "999"), 1, "999"),
        (("budget", "abc"), 2, "abc"),
        (("recommend",), 2, "client_id"),
    ],
)
def test_bad_input_gives_one_line_and_a_non_zero_exit(
    env: dict[str, str],
    args: tuple[str, ...],
    code: int,
    needle: str,
) -> None:
    result = run(*args, env=env, check=False)
    assert result.returncode == code
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0]
    assert "Traceback" not in result.stderr and result.stdout == ""
