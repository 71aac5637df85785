"""The brief: the client's offering, places, people, differentiators and events as lines.

The names below load on first use (`workbench.lazy`); code inside the workbench imports
from the submodules.
"""

from typing import TYPE_CHECKING

from workbench.lazy import lazy_exports

if TYPE_CHECKING:
    from workbench.brief.offering import (
        SIGNATURE_MARK,
        format_events,
        format_offering,
        format_words,
        parse_events,
        parse_months,
        parse_offering,
        parse_words,
    )

__all__ = [
    "SIGNATURE_MARK",
    "format_events",
    "format_offering",
    "format_words",
    "parse_events",
    "parse_months",
    "parse_offering",
    "parse_words",
]

__getattr__ = lazy_exports(__name__, ("offering",))
