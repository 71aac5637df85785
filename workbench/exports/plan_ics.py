"""The editorial plan as an iCalendar file (RFC 5545), for Google Calendar, Outlook, Apple.

One 30-minute VEVENT per post at the post's local time in the client's time zone
(`plan_rows.time_zone`: Europe/Rome for Italy), with the zone's VTIMEZONE included so
every calendar application places it right. The UID joins the post id and the client id,
so importing the file again updates the same events instead of duplicating them.
SUMMARY is "[Platform] topic"; DESCRIPTION lists pillar, format, caption, hashtags, call
to action, link and status, labelled in the chosen language.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from workbench.exports.plan_rows import plan_posts, time_zone
from workbench.i18n import t
from workbench.models import PlannedPost, utcnow
from workbench.strategy import Strategy

__all__ = ["EVENT_MINUTES", "PRODID", "plan_ics", "post_uid"]

EVENT_MINUTES = 30
PRODID = "-//Strategy Workbench//Editorial plan//EN"


def post_uid(post: PlannedPost, client_id: int | None) -> str:
    """A UID that stays the same across exports: post id, client id, the app's name."""
    return f"{post.id}.{client_id}@strategy-workbench"


def _description(post: PlannedPost, lang: str) -> str:
    lines = [
        (t("fields.pillar", lang), post.pillar),
        (t("fields.format", lang), t(f"formats.{post.format.value}", lang)),
        (t("fields.caption", lang), post.caption),
        (t("fields.hashtags", lang), " ".join(post.hashtags)),
        (t("fields.cta", lang), post.cta),
        (t("fields.link", lang), post.link),
        (t("fields.status", lang), t(f"post_status.{post.status.value}", lang)),
    ]
    return "\n".join(f"{label}: {value}" for label, value in lines if value)


def plan_ics(strategy: Strategy, *, lang: str, now: datetime | None = None) -> bytes:
    """The plan's posts as an .ics calendar; `now` is the DTSTAMP (default: the present)."""
    posts = plan_posts(strategy.plan)
    zone = ZoneInfo(time_zone(strategy.brief.country))
    stamp = now or utcnow()
    calendar = Calendar.new(
        name=t("exports.title", lang, client=strategy.client.name),
        prodid=PRODID,
        uid=f"plan.{strategy.client.id}@strategy-workbench",
    )
    seen: set[str] = set()
    for post in posts:
        uid = post_uid(post, strategy.client.id)
        while uid in seen:  # ids are unique in a saved plan; a hand-made one may repeat
            uid = "x" + uid
        seen.add(uid)
        start = datetime.combine(post.date, post.time, tzinfo=zone)
        platform = t(f"platforms.{post.platform.value}", lang)
        topic = post.topic or t(f"post_kind.{post.kind.value}", lang)
        calendar.add_component(
            Event.new(
                uid=uid,
                stamp=stamp,
                start=start,
                end=start + timedelta(minutes=EVENT_MINUTES),
                summary=f"[{platform}] {topic}",
                description=_description(post, lang),
                categories=[post.pillar] if post.pillar else (),
            )
        )
    # The zone's rules for the plan's years only: a VTIMEZONE for 1970-2038 would be most
    # of the file.
    calendar.add_missing_timezones(
        first_date=date(posts[0].date.year, 1, 1), last_date=date(posts[-1].date.year + 1, 1, 1)
    )
    return calendar.to_ical()
