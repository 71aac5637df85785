"""UTM links: tag a post's link so the client's analytics can tell which post brought a visit.

Parameters follow Google Analytics' campaign URL builder: utm_source (the platform),
utm_medium (default "social"), utm_campaign, utm_content (the post). Existing query
parameters are kept; existing utm_ parameters are replaced.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from workbench.errors import FieldProblem
from workbench.models import PlannedPost, UtmSettings

__all__ = ["link_problem", "slug", "utm_link", "with_utm"]

UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")


def slug(text: str) -> str:
    """'Dietro le quinte!' -> 'dietro-le-quinte' (ASCII, lower case, hyphens)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def link_problem(url: str) -> FieldProblem | None:
    """Why `url` cannot be tagged (not http(s), no host), or None when it can."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in parts.netloc:
        return FieldProblem(("link",), "errors.bad_url", value=url)
    return None


def utm_link(
    url: str, *, source: str, medium: str = "social", campaign: str = "", content: str = ""
) -> str:
    """`url` with UTM parameters (empty values left out); raises ValueError on a bad URL."""
    if link_problem(url) is not None:
        raise ValueError(f"not a web address: {url!r}")
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in UTM_KEYS]
    values = {
        "utm_source": slug(source),
        "utm_medium": slug(medium),
        "utm_campaign": slug(campaign),
        "utm_content": slug(content),
    }
    query += [(k, v) for k, v in values.items() if v]
    return urlunsplit(parts._replace(path=parts.path or "/", query=urlencode(query)))


def with_utm(posts: Iterable[PlannedPost], settings: UtmSettings) -> list[PlannedPost]:
    """Posts whose web link is tagged: source = platform, content = the post's id.

    Posts without a valid web link, and posts the manager edited or locked, stay as they are.
    """
    result = []
    for post in posts:
        editable = settings.enabled and not (post.edited or post.locked)
        if editable and post.link and link_problem(post.link) is None:
            link = utm_link(
                post.link,
                source=post.platform.value,
                medium=settings.medium or "social",
                campaign=settings.campaign,
                content=post.id,
            )
            post = post.model_copy(update={"link": link})
        result.append(post)
    return result
