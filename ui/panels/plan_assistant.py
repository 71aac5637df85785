"""The plan's assistant tab: ideas, captions, hashtags and hooks, from the model or offline.

Every action is one request (workbench.ai.actions), cached by its input in the database, so a rerun
or a repeat costs nothing. Results are previews: the manager accepts them per item and only
then is the plan saved; accepted text is marked AI-assisted. Without an API key the same
buttons use the offline template generator, and the page says so.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import streamlit as st

from ui.assistant import outcome_caption, read, run_action
from ui.forms import code_label, date_input_format
from ui.state import lang, settings, t
from workbench.ai.actions import (
    AiOutcome,
    accept_captions,
    captions,
    hashtags,
    hooks,
    ideas,
    usage_totals,
)
from workbench.ai.seam import ai_status, test_connection
from workbench.i18n import fmt_date, fmt_number, render
from workbench.models import EditorialPlan, HashtagSet, PlannedPost, PostKind
from workbench.strategy import Strategy

__all__ = ["render_assistant"]

K = "plan.ai"
Save = Callable[[EditorialPlan], bool]
MAX_CAPTIONS = 50


def _status(client_id: int, L: str) -> None:
    status = ai_status(settings())
    a, b = st.columns([4, 1], vertical_alignment="center")
    if status.enabled:
        a.success(
            t("aiui.status_on", model=status.model, endpoint=status.endpoint),
            icon=":material/smart_toy:",
        )
        if b.button(t("aiui.test_connection"), key=f"{K}.test", icon=":material/wifi_tethering:"):
            with st.spinner(t("aiui.testing")):
                st.info(render(test_connection(settings()), L))
    else:
        a.info(t("aiui.status_off"), icon=":material/cloud_off:")
    with read() as session:
        totals = usage_totals(session, client_id)
    if totals.calls:
        st.caption(
            t(
                "aiui.client_totals",
                calls=totals.calls,
                tokens=fmt_number(totals.input_tokens + totals.output_tokens, L),
                cost=fmt_number(totals.cost_usd, L, digits=4),
            )
        )


def _period(plan: EditorialPlan) -> tuple[date, date]:
    first = min((p.date for p in plan.posts), default=date.today())
    return max(first, date.today()), max(first, date.today()) + timedelta(days=13)


def render_assistant(strategy: Strategy, plan: EditorialPlan, client_id: int, save: Save) -> None:
    """The assistant: status and totals, then ideas, captions, hashtags and hooks."""
    L = lang()
    _status(client_id, L)
    tabs = st.tabs(
        [t("aiui.tab_ideas"), t("aiui.tab_captions"), t("aiui.tab_hashtags"), t("aiui.tab_hooks")],
        key=f"{K}.tab",
        on_change="rerun",
    )
    for tab, render_tab in zip(tabs, (_ideas, _captions, _hashtags, _hooks), strict=True):
        if tab.open:  # only the open tab runs
            with tab:
                render_tab(strategy, plan, save, L)


# --- ideas ------------------------------------------------------------------------------------


def _ideas(strategy: Strategy, plan: EditorialPlan, save: Save, L: str) -> None:
    st.caption(t("aiui.ideas_help"))
    if not plan.pillars:
        st.info(t("aiui.need_pillars"), icon=":material/lightbulb:")
        return
    first, last = _period(plan)
    a, b, c, d = st.columns([3, 2, 2, 2], vertical_alignment="bottom")
    pillar = a.selectbox(t("fields.pillar"), [p.name for p in plan.pillars], key=f"{K}.i_pillar")
    fmt = date_input_format(L)
    start = b.date_input(t("fields.start"), value=first, key=f"{K}.i_start", format=fmt)
    end = c.date_input(t("fields.end"), value=last, key=f"{K}.i_end", format=fmt)
    count = d.number_input(t("aiui.count"), 1, 20, value=5, key=f"{K}.i_count")
    if st.button(
        t("aiui.ideas_go"), key=f"{K}.i_go", type="primary", icon=":material/emoji_objects:"
    ):
        if end < start:
            st.error(t("plan.bad_range"), icon=":material/error:")
        else:
            run_action(
                lambda s: ideas(
                    s,
                    strategy,
                    pillar=pillar,
                    start=start,
                    end=end,
                    count=int(count),
                    settings=settings(),
                    lang=L,
                ),
                f"{K}.ideas",
            )
    outcome: AiOutcome[Any] | None = st.session_state.get(f"{K}.ideas")
    if outcome is None:
        return
    outcome_caption(outcome, L)
    chosen = []
    for i, idea in enumerate(outcome.items):
        with st.container(border=True):
            keep = st.checkbox(f"**{_md(idea.title)}**", value=True, key=f"{K}.i_keep.{i}")
            st.markdown(_md(idea.brief))
            if idea.caption:
                st.caption(_md(idea.caption))
            if idea.hashtags:
                st.caption(" ".join(_md(h) for h in idea.hashtags))
            if keep:
                chosen.append(idea)
    targets = _idea_targets(plan, pillar, start, end)
    st.caption(t("aiui.ideas_targets", count=len(targets), pillar=pillar))
    if st.button(
        t("aiui.ideas_apply", count=min(len(chosen), len(targets))),
        key=f"{K}.i_apply",
        icon=":material/playlist_add_check:",
        disabled=not chosen or not targets,
    ):
        posts = {p.id: p for p in plan.posts}
        for idea, post in zip(chosen, targets, strict=False):
            update: dict[str, Any] = {
                "topic": idea.title[:200],
                "brief": idea.brief,
                "caption": idea.caption or post.caption,
                "hashtags": list(idea.hashtags) or post.hashtags,
                "edited": True,
                "ai_assisted": outcome.source == "model",
            }
            posts[post.id] = post.model_copy(update=update)
        if save(plan.model_copy(update={"posts": list(posts.values())})):
            st.session_state.pop(f"{K}.ideas", None)
            st.toast(t("aiui.applied"))
            st.rerun()


def _idea_targets(plan: EditorialPlan, pillar: str, start: date, end: date) -> list[PlannedPost]:
    """The pillar's posts in the period that the manager has not edited or locked."""
    return [
        p
        for p in plan.posts
        if p.pillar == pillar and start <= p.date <= end and not (p.edited or p.locked)
    ]


def _md(text: str) -> str:
    from ui.markdown import markdown_text

    return markdown_text(text)


# --- captions ---------------------------------------------------------------------------------


def _captions(strategy: Strategy, plan: EditorialPlan, save: Save, L: str) -> None:
    st.caption(t("aiui.captions_help", limit=MAX_CAPTIONS))
    if not plan.posts:
        st.info(t("plan.empty"), icon=":material/calendar_month:")
        return
    first, last = _period(plan)
    platforms = sorted({p.platform.value for p in plan.posts})
    a, b, c = st.columns([3, 2, 2], vertical_alignment="bottom")
    chosen_platforms = a.multiselect(
        t("fields.platform"),
        platforms,
        default=platforms,
        key=f"{K}.c_platforms",
        format_func=code_label("platforms", L),
    )
    fmt = date_input_format(L)
    start = b.date_input(t("fields.start"), value=first, key=f"{K}.c_start", format=fmt)
    end = c.date_input(t("fields.end"), value=last, key=f"{K}.c_end", format=fmt)
    selected = [
        p
        for p in plan.posts
        if p.platform.value in chosen_platforms
        and start <= p.date <= end
        and p.kind != PostKind.reactive
        and not p.locked
    ]
    st.caption(t("aiui.captions_selected", count=len(selected)))
    if len(selected) > MAX_CAPTIONS:
        st.warning(t("aiui.too_many_posts", limit=MAX_CAPTIONS, count=len(selected)))
    if st.button(
        t("aiui.captions_go"),
        key=f"{K}.c_go",
        type="primary",
        icon=":material/edit_note:",
        disabled=not selected or len(selected) > MAX_CAPTIONS,
    ):
        ids = [p.id for p in selected]
        run_action(
            lambda s: captions(s, strategy, ids, settings=settings(), lang=L), f"{K}.captions"
        )
    outcome: AiOutcome[Any] | None = st.session_state.get(f"{K}.captions")
    if outcome is None:
        return
    outcome_caption(outcome, L)
    by_id = {p.id: p for p in plan.posts}
    accepted: set[str] = set()
    for draft in outcome.items:
        post = by_id.get(draft.post_id)
        if post is None:
            continue
        with st.container(border=True):
            head = t(
                "aiui.caption_head",
                date=fmt_date(post.date, L, "EEE d MMM"),
                time=post.time.strftime("%H:%M"),
                platform=t(f"platforms.{post.platform.value}"),
                topic=_md(post.topic),
            )
            if st.checkbox(head, value=True, key=f"{K}.c_keep.{draft.post_id}"):
                accepted.add(draft.post_id)
            left, right = st.columns(2)
            left.caption(t("aiui.caption_now"))
            left.markdown(_md(post.caption) or "—")
            right.caption(t("aiui.caption_new"))
            right.markdown(_md(draft.caption))
            if draft.hashtags:
                right.caption(" ".join(_md(h) for h in draft.hashtags))
    if st.button(
        t("aiui.captions_apply", count=len(accepted)),
        key=f"{K}.c_apply",
        icon=":material/done_all:",
        disabled=not accepted,
    ):
        new_plan = accept_captions(plan, list(outcome.items), accepted)
        if outcome.source != "model":  # offline text is not AI-assisted
            new_plan = new_plan.model_copy(
                update={
                    "posts": [
                        p.model_copy(update={"ai_assisted": False}) if p.id in accepted else p
                        for p in new_plan.posts
                    ]
                }
            )
        if save(new_plan):
            st.session_state.pop(f"{K}.captions", None)
            st.toast(t("aiui.applied"))
            st.rerun()


# --- hashtags ---------------------------------------------------------------------------------


def _hashtags(strategy: Strategy, plan: EditorialPlan, save: Save, L: str) -> None:
    st.caption(t("aiui.hashtags_help"))
    a, b = st.columns([3, 1], vertical_alignment="bottom")
    pillar = a.selectbox(
        t("fields.pillar"),
        ["", *(p.name for p in plan.pillars)],
        key=f"{K}.h_pillar",
        format_func=lambda name: name or t("aiui.all_pillars"),
    )
    count = b.number_input(t("aiui.count"), 3, 30, value=10, key=f"{K}.h_count")
    if st.button(t("aiui.hashtags_go"), key=f"{K}.h_go", type="primary", icon=":material/tag:"):
        run_action(
            lambda s: hashtags(
                s, strategy, pillar=pillar or None, count=int(count), settings=settings(), lang=L
            ),
            f"{K}.hashtags",
        )
    outcome: AiOutcome[Any] | None = st.session_state.get(f"{K}.hashtags")
    if outcome is None:
        return
    outcome_caption(outcome, L)
    chosen = st.pills(
        t("aiui.hashtags_pick"),
        list(outcome.items),
        selection_mode="multi",
        default=list(outcome.items),
        key=f"{K}.h_pick",
    )
    name = st.text_input(
        t("aiui.set_name"), value=pillar or t("aiui.set_default"), key=f"{K}.h_name"
    )
    if st.button(
        t("aiui.hashtags_apply"), key=f"{K}.h_apply", icon=":material/add:", disabled=not chosen
    ):
        new_set = HashtagSet(
            name=name or t("aiui.set_default"), tags=list(chosen)[:30], pillar=pillar
        )
        sets = [s for s in plan.hashtag_sets if s.name.casefold() != new_set.name.casefold()]
        if save(plan.model_copy(update={"hashtag_sets": [*sets, new_set]})):
            st.session_state.pop(f"{K}.hashtags", None)
            st.toast(t("plan.sets_saved"))
            st.rerun()


# --- hooks ------------------------------------------------------------------------------------


def _hooks(strategy: Strategy, plan: EditorialPlan, save: Save, L: str) -> None:
    st.caption(t("aiui.hooks_help"))
    posts = [p for p in plan.posts if p.kind != PostKind.reactive and not p.locked]
    if not posts:
        st.info(t("plan.empty"), icon=":material/calendar_month:")
        return
    labels = {
        p.id: f"{fmt_date(p.date, L, 'd MMM')} · {t(f'platforms.{p.platform.value}')} · {p.topic}"
        for p in posts
    }
    a, b = st.columns([4, 1], vertical_alignment="bottom")
    post_id = a.selectbox(
        t("aiui.hooks_post"), list(labels), key=f"{K}.k_post", format_func=labels.__getitem__
    )
    count = b.number_input(t("aiui.count"), 2, 10, value=4, key=f"{K}.k_count")
    if st.button(t("aiui.hooks_go"), key=f"{K}.k_go", type="primary", icon=":material/bolt:"):
        run_action(
            lambda s: hooks(s, strategy, post_id, count=int(count), settings=settings(), lang=L),
            f"{K}.hooks",
        )
        st.session_state[f"{K}.hooks_for"] = post_id
    outcome: AiOutcome[Any] | None = st.session_state.get(f"{K}.hooks")
    if outcome is None or st.session_state.get(f"{K}.hooks_for") != post_id:
        return  # hooks are shown for the post they were written for
    outcome_caption(outcome, L)
    hook = st.radio(t("aiui.hooks_pick"), list(outcome.items), key=f"{K}.k_pick")
    if st.button(
        t("aiui.hooks_apply"), key=f"{K}.k_apply", icon=":material/done:", disabled=not hook
    ):
        post = next(p for p in plan.posts if p.id == post_id)
        rest = post.caption.split("\n", 1)[1] if "\n" in post.caption else post.caption
        caption = f"{hook}\n{rest}".strip()[:4000]
        updated = post.model_copy(
            update={"caption": caption, "edited": True, "ai_assisted": outcome.source == "model"}
        )
        posts_new = [updated if p.id == post_id else p for p in plan.posts]
        if save(plan.model_copy(update={"posts": posts_new})):
            st.session_state.pop(f"{K}.hooks", None)
            st.toast(t("aiui.applied"))
            st.rerun()
