"""The recommendation on varied briefs: what is chosen, whether it fits, how long it takes.

Usage: .venv/bin/python benchmarks/decision.py [--json FILE] [--lang it|en]

For every brief of data/example_briefs.json (personas from the brief's own list, or the
templates of its kind and sector), it ranks the platforms, decides the package and prints
the platforms with posts a week, ads, monthly cost against the budget and hours against
the brief's; then the share of briefs that fit the budget and the hours, the mean share of
the maximum budget used, and the slowest decision. Nothing is stored.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbench.audience.personas import persona_templates  # noqa: E402
from workbench.models import Audience, Brief, Persona  # noqa: E402
from workbench.platforms import decide, decision_as_dict, score_platforms  # noqa: E402


def example_briefs() -> list[dict[str, Any]]:
    document = json.loads((ROOT / "data" / "example_briefs.json").read_text(encoding="utf-8"))
    return list(document["briefs"])


def audience_for(example: dict[str, Any], brief: Brief) -> Audience:
    personas = [Persona.model_validate(p) for p in example.get("personas", [])]
    if not personas:
        personas = persona_templates(brief.kind.value if brief.kind else None, brief.sector, "it")
    return Audience(personas=personas)


def run(lang: str) -> dict[str, Any]:
    rows = []
    for example in example_briefs():
        brief = Brief.model_validate(example["brief"])
        audience = audience_for(example, brief)
        started = time.perf_counter()
        decision = decide(brief, score_platforms(brief, audience))
        elapsed = time.perf_counter() - started
        data = decision_as_dict(decision, lang)
        cost = decision.package.cost
        used = None
        if brief.budget_max:
            used = float(cost / brief.budget_max)
        rows.append(
            {
                "name": example["name"],
                "budget_max": None if brief.budget_max is None else str(brief.budget_max),
                "hours_available": str(brief.hours_per_week),
                "in_house": brief.in_house,
                "platforms": {p["platform"]: dict(p["cadence"].items()) for p in data["platforms"]},
                "ads": data["package"]["ads"],
                "cost": str(cost),
                "hours_per_week": data["hours_per_week"],
                "fits_budget": decision.fits_budget,
                "fits_hours": decision.fits_hours,
                "binding": decision.binding,
                "budget_used": used,
                "seconds": round(elapsed, 4),
            }
        )
    with_budget = [r for r in rows if r["budget_used"] is not None]
    return {
        "briefs": rows,
        "fit_budget_share": sum(r["fits_budget"] for r in rows) / len(rows),
        "fit_hours_share": sum(r["fits_hours"] for r in rows) / len(rows),
        "mean_budget_used": (
            statistics.mean(r["budget_used"] for r in with_budget) if with_budget else None
        ),
        "slowest_seconds": max(r["seconds"] for r in rows),
    }


def _print(result: dict[str, Any]) -> None:
    for row in result["briefs"]:
        platforms = "; ".join(
            f"{p} " + ", ".join(f"{f} {n}" for f, n in cadence.items())
            for p, cadence in row["platforms"].items()
        )
        ads = ", ".join(f"{p} {a}" for p, a in row["ads"].items()) or "-"
        budget = row["budget_max"] if row["budget_max"] is not None else "-"
        used = f"{row['budget_used']:.0%}" if row["budget_used"] is not None else "-"
        print(
            f"{row['name']:<36} {platforms:<58} ads {ads:<22} "
            f"EUR {row['cost']:>8} / {budget:>6} ({used:>4})  "
            f"h {row['hours_per_week']:>4} / {row['hours_available']:<4} "
            f"{'ok' if row['fits_budget'] else 'OVER'}/{'ok' if row['fits_hours'] else 'OVER'} "
            f"[{row['binding']}] {row['seconds'] * 1000:.0f} ms"
        )
    print(
        f"\nfit budget {result['fit_budget_share']:.0%}, "
        f"fit hours {result['fit_hours_share']:.0%}, "
        f"mean budget used {result['mean_budget_used']:.0%}, "
        f"slowest decision {result['slowest_seconds'] * 1000:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write the result as JSON to this file")
    parser.add_argument("--lang", default="it", choices=["it", "en"])
    args = parser.parse_args()
    result = run(args.lang)
    _print(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
