"""What the first paint loads: heavy libraries wait until the feature that needs them runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Each costs a tenth of a second to most of a second of imports on the 2-core machine.
HEAVY = (
    "alembic",
    "altair",
    "fpdf",
    "holidays",
    "icalendar",
    "jinja2",
    "openai",
    "openpyxl",
    "pandas",
    "vl_convert",
    "xlsxwriter",
)


def _loaded_after(imports: str) -> set[str]:
    code = f"import json, sys\n{imports}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_the_home_page_and_the_step_packages_load_no_heavy_library() -> None:
    # app.py's own imports, the home page's, and what other pages import at the top.
    loaded = _loaded_after(
        "import ui.review, ui.saving, ui.shell, ui.state\n"
        "from workbench.demo import create_demo_client\n"
        "from workbench.clients import list_clients\n"
        "from workbench.report import client_report, default_period\n"
        "from workbench.exports.plan_files import build_plan_file\n"
    )
    assert {name for name in HEAVY if name in loaded} == set()


def test_a_report_loads_its_libraries_when_it_is_made() -> None:
    loaded = _loaded_after("from workbench.report.charts import mix_chart\n")
    assert "altair" not in loaded
    loaded = _loaded_after(
        "from decimal import Decimal\n"
        "from workbench.plan.summary import PillarMix\n"
        "from workbench.report.charts import mix_chart\n"
        "mix = PillarMix('Prodotti', '#aa3300', True, 6, Decimal(60), Decimal(50), Decimal(5))\n"
        "assert mix_chart([mix], 'it').png.startswith(b'\\x89PNG')\n"
    )
    assert {"altair", "vl_convert"} <= loaded
