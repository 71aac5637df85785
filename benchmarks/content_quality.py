"""Content quality of generated plans: `python -m benchmarks.content_quality [--weeks 12]`.

Scores a 12-week plan for each brief of benchmarks/content_briefs.json (the six public
examples of issue 16 and six more) with workbench.plan.quality, and prints JSON: per brief
and platform the distinct-topic ratio, repeats within 8 weeks, the share of posts naming the
brief (and naming only the city), hashtags against the platform's limit; per plan duplicate
and near-duplicate captions, CTA/format mismatches, forbidden words, reactive slots a week.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from workbench.models import Brief, PlatformChoice, PlatformSelection
from workbench.plan.generator import generate_plan
from workbench.plan.quality import score_plan

BRIEFS = Path(__file__).with_name("content_briefs.json")


def _selection(cadences: dict[str, dict[str, str]]) -> PlatformSelection:
    return PlatformSelection(
        choices=[
            PlatformChoice(
                platform=platform,
                formats=list(cadence),
                cadence={fmt: Decimal(n) for fmt, n in cadence.items()},
            )
            for platform, cadence in cadences.items()
        ]
    )


def run(weeks: int, start: date, seed: int) -> dict[str, Any]:
    """The scores of every benchmark brief, and whether each meets the rules of issue 16."""
    results = []
    for example in json.loads(BRIEFS.read_text(encoding="utf-8"))["briefs"]:
        brief = Brief.model_validate(example["brief"])
        plan = generate_plan(
            brief, _selection(example["platforms"]), [], start=start, weeks=weeks, seed=seed
        )
        quality = score_plan(plan.posts, brief)
        scores = asdict(quality)
        for platform in scores["platforms"]:
            platform["platform"] = platform["platform"].value
            for name in ("distinct_topic_ratio", "naming_brief_ratio", "city_only_ratio"):
                platform[name] = round(platform[name], 3)
        results.append({"brief": example["name"], "meets": quality.meets_issue_16(), **scores})
    return {
        "weeks": weeks,
        "start": start.isoformat(),
        "seed": seed,
        "briefs": len(results),
        "meeting_the_rules": sum(r["meets"] for r in results),
        "results": results,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=12)
    parser.add_argument("--start", type=date.fromisoformat, default=date(2027, 1, 4))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(json.dumps(run(args.weeks, args.start, args.seed), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
