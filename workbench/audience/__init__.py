"""Audience: persona templates, each persona's reach on each platform, the audience summary.

The names below load on first use (`workbench.lazy`); code inside the workbench imports
from the submodules.
"""

from typing import TYPE_CHECKING

from workbench.lazy import lazy_exports

if TYPE_CHECKING:
    from workbench.audience.personas import (
        ADULTS,
        AGE_GROUPS,
        EU_MEMBERS,
        AreaEstimate,
        LocalArea,
        Place,
        PlatformShape,
        PopulationBand,
        ReachEstimate,
        ReachFigure,
        estimate_reach,
        keep_countable_places,
        local_population,
        move_persona,
        national_shares,
        national_users,
        persona_template_note,
        persona_templates,
        persona_weights,
        place_label,
        place_notes,
        place_of,
        place_problems,
        platform_shapes,
        population,
        reach_figures,
        region_of,
        region_population,
        source_labels,
        summarize_audience,
    )

__all__ = [
    "ADULTS",
    "AGE_GROUPS",
    "AreaEstimate",
    "EU_MEMBERS",
    "LocalArea",
    "Place",
    "PlatformShape",
    "PopulationBand",
    "ReachEstimate",
    "ReachFigure",
    "estimate_reach",
    "keep_countable_places",
    "local_population",
    "move_persona",
    "national_shares",
    "national_users",
    "persona_template_note",
    "persona_templates",
    "persona_weights",
    "place_label",
    "place_notes",
    "place_of",
    "place_problems",
    "platform_shapes",
    "population",
    "reach_figures",
    "region_of",
    "region_population",
    "source_labels",
    "summarize_audience",
]

__getattr__ = lazy_exports(__name__, ("personas",))
