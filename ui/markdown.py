"""User text shown inside Markdown: literal, on one line, never read as formatting."""

from __future__ import annotations

import re

__all__ = ["markdown_text"]

# Every ASCII punctuation mark: CommonMark lets each be escaped, which also stops
# Streamlit's directives (:red[...], :material/...:), LaTeX ($) and links.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def markdown_text(text: str, limit: int | None = None) -> str:
    """User text as literal Markdown on one line, cut to `limit` characters with '…'."""
    line = " ".join(text.split())
    if limit is not None and len(line) > limit:
        line = line[: limit - 1].rstrip() + "…"
    return _PUNCTUATION.sub(r"\\\1", line)
