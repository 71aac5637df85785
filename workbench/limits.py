"""Limits on what enters the workbench that belong to no single model: ids and JSON documents.

Every limit, these and the ones kept next to what they guard (`models.NAME_MAX`,
`imports.tables.MAX_ROWS`...), is listed in docs/reliability.md with the message it gives;
a test holds the code to that table.
"""

from __future__ import annotations

import json
from typing import Any

from workbench.errors import ImportFailed

__all__ = [
    "ID_MAX",
    "JSON_MAX_BYTES",
    "JSON_MAX_DEPTH",
    "id_in_range",
    "json_too_large",
    "load_json",
]

# Database ids are 64-bit signed integers: a larger one names nothing.
ID_MAX = 2**63 - 1
# A strategy document or one file of a backup archive. A full client (20,000 plan posts,
# 20,000 results, 50 competitors with years of figures) stays well under it.
JSON_MAX_BYTES = 64 * 2**20
# A strategy is at most 6 levels deep; deeper is not a strategy (and could exhaust the stack).
JSON_MAX_DEPTH = 32


def id_in_range(value: int) -> bool:
    """Whether `value` can be a database id (1 to 2**63 - 1)."""
    return 1 <= value <= ID_MAX


def _depth(document: Any) -> int:
    """How deeply lists and objects nest, walked without recursion."""
    deepest = 0
    todo: list[tuple[Any, int]] = [(document, 1)]
    while todo:
        value, depth = todo.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, depth)
        if depth > JSON_MAX_DEPTH:
            return depth
        todo.extend((child, depth + 1) for child in children)
    return deepest


def json_too_large(max_bytes: int) -> ImportFailed:
    """The refusal of a JSON document over `max_bytes`, the limit in MB (one decimal)."""
    megabytes = max_bytes / 2**20
    limit = int(megabytes) if megabytes == int(megabytes) else round(megabytes, 1)
    return ImportFailed("errors.json_too_large", limit=limit)


def load_json(data: str | bytes, *, max_bytes: int = JSON_MAX_BYTES) -> Any:
    """Parse untrusted JSON within the size and depth limits.

    Raises ImportFailed: `errors.json_too_large`, `errors.json_too_deep`,
    `errors.import_not_json`.
    """
    if len(data) > max_bytes:
        raise json_too_large(max_bytes)
    try:
        document = json.loads(data)
    except RecursionError as exc:
        raise ImportFailed("errors.json_too_deep", limit=JSON_MAX_DEPTH) from exc
    except (UnicodeDecodeError, ValueError) as exc:
        raise ImportFailed("errors.import_not_json") from exc
    if _depth(document) > JSON_MAX_DEPTH:
        raise ImportFailed("errors.json_too_deep", limit=JSON_MAX_DEPTH)
    return document
