"""draft on the command line: from a brief alone to a whole stored first strategy, offline."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import run_cli as run
from workbench.budget.estimate import estimate_budget
from workbench.db import make_engine, read_session
from workbench.reference import DATA_DIR
from workbench.strategy import load_strategy

EXAMPLES = json.loads((DATA_DIR / "example_briefs.json").read_text(encoding="utf-8"))["briefs"]


def _import_brief(tmp_path: Path, env: dict[str, str], example: dict) -> str:
    document = {
        "format": "strategy-workbench",
        "schema_version": 2,
        "client": {"name": example["name"]},
        "brief": example["brief"],
    }
    path = tmp_path / "brief.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return run("import", str(path), env=env).stdout.strip()


@pytest.mark.parametrize("index", [1, 3])  # the volleyball club (in-house), the software house
def test_draft_fills_every_step_within_budget_and_hours(
    tmp_path: Path, env: dict[str, str], index: int
) -> None:
    example = EXAMPLES[index]
    client_id = _import_brief(tmp_path, env, example)
    data = json.loads(run("draft", client_id, "--json", env=env).stdout)
    assert data["fits_budget"] and data["fits_hours"]
    assert data["filled"] == ["audience", "budget", "plan", "platforms"]
    assert data["plan"]["weeks"] == 12 and data["plan"]["posts"] > 0
    engine = make_engine(f"sqlite:///{env['WORKBENCH_DB_PATH']}")
    with read_session(engine) as session:
        strategy = load_strategy(session, int(client_id))
    assert strategy.audience.personas and strategy.plan.posts
    assert [c.platform.value for c in strategy.platforms.choices] == [
        p["platform"] for p in data["platforms"]
    ]
    # The numbers printed are the budget page's for what was stored.
    estimate = estimate_budget(strategy.brief, strategy.platforms, strategy.budget)
    assert data["package"]["monthly_net"] == str(estimate.monthly_net)
    assert Decimal(data["hours_per_week"]) == estimate.hours_per_week.quantize(Decimal("0.1"))
    assert Decimal(data["package"]["monthly_net"]) <= Decimal(example["brief"]["budget_max"])
    assert Decimal(data["hours_per_week"]) <= Decimal(example["brief"]["hours_per_week"])
    if strategy.brief.in_house:
        assert data["package"]["fees"] == "0.00"
    else:
        assert Decimal(data["package"]["fees"]) > 0 and data["package"]["ads"]
    # A second draft keeps every step already filled.
    again = json.loads(run("draft", client_id, "--json", env=env).stdout)
    assert again["filled"] == [] and sorted(again["kept"]) == sorted(data["filled"])
    recommend = json.loads(run("recommend", client_id, "--json", env=env).stdout)
    assert recommend["recommended"]["package"] == data["package"]


def test_draft_refuses_a_horizon_out_of_range(env: dict[str, str]) -> None:
    result = run("draft", "1", "--weeks", "60", env=env, check=False)
    assert result.returncode == 2 and "1 to 52" in result.stderr


def test_a_brief_with_the_minimum_above_the_maximum_is_named(
    tmp_path: Path, env: dict[str, str]
) -> None:
    example = {"name": "Bad budget", "brief": {"budget_min": "900", "budget_max": "500"}}
    document = {"format": "strategy-workbench", "schema_version": 2, **{"client": {"name": "x"}}}
    document["brief"] = example["brief"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = run("import", str(path), env=env, check=False)
    assert result.returncode == 1 and "Budget" in result.stderr
