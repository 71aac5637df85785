"""The editorial plan as a Metricool bulk-upload CSV (Planner > Import CSV).

Layout: the column names of Metricool's own template (`Mtr_calendar_template.csv`), in
its order, limited to what a plan fills in; Metricool matches columns by name.

- Text: caption, then the hashtags, then the link, separated by a blank line.
- Date YYYY-MM-DD and Time HH:MM:SS, the post's local time: set the brand's time zone
  in Metricool to the client's.
- Draft: TRUE unless the post is approved or scheduled.
- One column per network holding TRUE or FALSE: exactly one TRUE per row.
- Post type per network: Instagram and Facebook REEL for short videos, STORY for
  stories, POST otherwise; YouTube SHORT or VIDEO, titled with the topic; TikTok and
  Pinterest titled with the topic, the Pinterest pin linked to the post's link.
- Picture and alt-text columns stay empty: media are added in Metricool.

Comma-separated, UTF-8 without BOM, as the template. Unlike the CSV for people, cells
are not prefixed against spreadsheet formulas: the text goes to the social network as
it is, and an apostrophe would be published.

Left out, and reported (`SkippedPost`): posts on a network Metricool does not publish
to (WhatsApp, Telegram), posts already published, and posts without a caption, such
as reactive slots kept free for news: there is nothing to schedule yet.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from workbench.exports.plan_rows import plan_posts
from workbench.i18n import Label, Message
from workbench.models import ContentFormat, EditorialPlan, PlannedPost, Platform, PostStatus

__all__ = [
    "COLUMNS",
    "NETWORKS",
    "NETWORK_COLUMNS",
    "SchedulerExport",
    "SkipReason",
    "SkippedPost",
    "plan_scheduler",
    "skipped_messages",
    "skipped_posts",
]

# Metricool's network columns, in the template's order.
NETWORK_COLUMNS = (
    "Facebook",
    "Twitter/X",
    "LinkedIn",
    "GBP",
    "Instagram",
    "Pinterest",
    "TikTok",
    "Youtube",
    "Threads",
    "Bluesky",
)
NETWORKS: dict[Platform, str] = {
    Platform.facebook: "Facebook",
    Platform.x: "Twitter/X",
    Platform.linkedin: "LinkedIn",
    Platform.instagram: "Instagram",
    Platform.pinterest: "Pinterest",
    Platform.tiktok: "TikTok",
    Platform.youtube: "Youtube",
    Platform.threads: "Threads",
}
PICTURES = 10
COLUMNS = (
    "Text",
    "Date",
    "Time",
    "Draft",
    *NETWORK_COLUMNS,
    *(f"Picture Url {n}" for n in range(1, PICTURES + 1)),
    *(f"Alt text picture {n}" for n in range(1, PICTURES + 1)),
    "Shortener",
    "Pinterest Pin Title",
    "Pinterest Pin Link",
    "Instagram Post Type",
    "Youtube Video Title",
    "Youtube Video Type",
    "Facebook Post Type",
    "TikTok Title",
    "Brand name",
)
READY = (PostStatus.approved, PostStatus.scheduled)
META_TYPES = {ContentFormat.short_video: "REEL", ContentFormat.story: "STORY"}
# Title lengths the networks accept.
TITLE_MAX = {"Youtube": 100, "TikTok": 90, "Pinterest": 100}


class SkipReason(StrEnum):
    platform = "platform"  # Metricool does not publish there
    published = "published"
    no_caption = "no_caption"


@dataclass(frozen=True)
class SkippedPost:
    post_id: str
    platform: Platform
    reason: SkipReason


@dataclass(frozen=True)
class SchedulerExport:
    """The CSV bytes and the posts left out of them, with why."""

    data: bytes
    skipped: tuple[SkippedPost, ...]


def _skip_reason(post: PlannedPost) -> SkipReason | None:
    if post.platform not in NETWORKS:
        return SkipReason.platform
    if post.status is PostStatus.published:
        return SkipReason.published
    if not post.caption.strip():
        return SkipReason.no_caption
    return None


def skipped_posts(plan: EditorialPlan) -> tuple[SkippedPost, ...]:
    """The posts the Metricool file leaves out, without building it."""
    return tuple(
        SkippedPost(post.id, post.platform, reason)
        for post in plan_posts(plan)
        if (reason := _skip_reason(post)) is not None
    )


def _text(post: PlannedPost) -> str:
    parts = (post.caption.strip(), " ".join(post.hashtags), post.link.strip())
    return "\n\n".join(part for part in parts if part)


def _row(post: PlannedPost) -> dict[str, str]:
    network = NETWORKS[post.platform]
    row = dict.fromkeys(COLUMNS, "")
    row.update(dict.fromkeys(NETWORK_COLUMNS, "FALSE"))
    row.update(
        {
            "Text": _text(post),
            "Date": post.date.isoformat(),
            "Time": post.time.strftime("%H:%M:%S"),
            "Draft": "FALSE" if post.status in READY else "TRUE",
            network: "TRUE",
            "Shortener": "FALSE",  # keep the UTM links readable and intact
        }
    )
    topic = post.topic.strip()
    if network == "Instagram":
        row["Instagram Post Type"] = META_TYPES.get(post.format, "POST")
    elif network == "Facebook":
        row["Facebook Post Type"] = META_TYPES.get(post.format, "POST")
    elif network == "Youtube":
        row["Youtube Video Title"] = topic[: TITLE_MAX["Youtube"]]
        row["Youtube Video Type"] = "SHORT" if post.format is ContentFormat.short_video else "VIDEO"
    elif network == "TikTok":
        row["TikTok Title"] = topic[: TITLE_MAX["TikTok"]]
    elif network == "Pinterest":
        row["Pinterest Pin Title"] = topic[: TITLE_MAX["Pinterest"]]
        row["Pinterest Pin Link"] = post.link.strip()
    return row


def plan_scheduler(plan: EditorialPlan) -> SchedulerExport:
    """The plan as Metricool's bulk-upload CSV (layout in the module docstring)."""
    posts = plan_posts(plan)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    skipped: list[SkippedPost] = []
    for post in posts:
        reason = _skip_reason(post)
        if reason is None:
            writer.writerow(_row(post))
        else:
            skipped.append(SkippedPost(post.id, post.platform, reason))
    return SchedulerExport(out.getvalue().encode("utf-8"), tuple(skipped))


def skipped_messages(skipped: tuple[SkippedPost, ...]) -> list[Message]:
    """One message per reason, with how many posts it left out."""
    counts = Counter(s.reason for s in skipped)
    messages = []
    if counts[SkipReason.no_caption]:
        messages.append(
            Message("exports.skip_no_caption", {"count": counts[SkipReason.no_caption]})
        )
    if counts[SkipReason.platform]:
        platforms = dict.fromkeys(s.platform for s in skipped if s.reason is SkipReason.platform)
        messages.append(
            Message(
                "exports.skip_platform",
                {
                    "count": counts[SkipReason.platform],
                    "platforms": [Label(f"platforms.{p.value}") for p in platforms],
                },
            )
        )
    if counts[SkipReason.published]:
        messages.append(
            Message(
                "exports.skip_published",
                {
                    "count": counts[SkipReason.published],
                    "status": Label(f"post_status.{PostStatus.published.value}"),
                },
            )
        )
    return messages
