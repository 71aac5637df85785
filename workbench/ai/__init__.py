"""The AI assistant: the one seam to the model (`seam`), the actions on a strategy (`actions`),
what they give offline (`offline`) and the brand voice every generation uses.

The names below load on first use (`workbench.lazy`); code inside the workbench imports
from the submodules.
"""

from typing import TYPE_CHECKING

from workbench.lazy import lazy_exports

if TYPE_CHECKING:
    from workbench.ai.actions import (
        CAPTIONS_MAX,
        HASHTAGS_MAX,
        HOOKS_MAX,
        IDEAS_MAX,
        AiOutcome,
        CaptionDraft,
        Idea,
        UsageTotals,
        accept_captions,
        audience_summary,
        captions,
        competitor_takeaways,
        executive_summary,
        find_pillar,
        hashtags,
        hooks,
        ideas,
        input_hash,
        plan_pillars,
        usage_totals,
    )
    from workbench.ai.brand_voice import (
        LANGUAGE_NAMES,
        BrandVoice,
        brand_voice,
    )
    from workbench.ai.offline import (
        HOOK_TEMPLATES,
        TAKEAWAYS_MAX,
        offline_audience_summary,
        offline_captions,
        offline_competitor_takeaways,
        offline_executive_summary,
        offline_hashtags,
        offline_hooks,
        offline_ideas,
    )
    from workbench.ai.seam import (
        DEFAULT_ENDPOINT,
        MAX_RETRIES,
        TOKENS_MAX,
        AiError,
        AiPrice,
        AiStatus,
        Usage,
        ai_prices,
        ai_status,
        api_key,
        ask,
        price_for,
        test_connection,
        usage_for,
    )

__all__ = [
    "AiError",
    "AiOutcome",
    "AiPrice",
    "AiStatus",
    "BrandVoice",
    "CAPTIONS_MAX",
    "CaptionDraft",
    "DEFAULT_ENDPOINT",
    "HASHTAGS_MAX",
    "HOOKS_MAX",
    "HOOK_TEMPLATES",
    "IDEAS_MAX",
    "Idea",
    "LANGUAGE_NAMES",
    "MAX_RETRIES",
    "TAKEAWAYS_MAX",
    "TOKENS_MAX",
    "Usage",
    "UsageTotals",
    "accept_captions",
    "ai_prices",
    "ai_status",
    "api_key",
    "ask",
    "audience_summary",
    "brand_voice",
    "captions",
    "competitor_takeaways",
    "executive_summary",
    "find_pillar",
    "hashtags",
    "hooks",
    "ideas",
    "input_hash",
    "offline_audience_summary",
    "offline_captions",
    "offline_competitor_takeaways",
    "offline_executive_summary",
    "offline_hashtags",
    "offline_hooks",
    "offline_ideas",
    "plan_pillars",
    "price_for",
    "test_connection",
    "usage_for",
    "usage_totals",
]

__getattr__ = lazy_exports(__name__, ("actions", "seam", "offline", "brand_voice"))
