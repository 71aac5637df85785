"""Files managers bring: spreadsheets read into rows (`tables`), competitor figures from them."""

from workbench.imports.competitor_figures import (
    CompetitorImport,
    apply_competitor_import,
    parse_competitor_file,
    write_competitor_template,
)
from workbench.imports.tables import ImportProblem, Table, describe_import_problem, read_table

__all__ = [
    "CompetitorImport",
    "ImportProblem",
    "Table",
    "apply_competitor_import",
    "describe_import_problem",
    "parse_competitor_file",
    "read_table",
    "write_competitor_template",
]
