"""Review: check the places the machine was unsure of, and correct them. Draws only (logic: geo.ui.review)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from app_state import gazetteer, online_geocoders, store
from geo.errors import GeoError
from geo.ui import i18n, review
from geo.ui.sources import plain

S = st.session_state
tr = i18n.Translator(i18n.page_lang(st.query_params.get("lang"), getattr(S.get("view"), "lang", None),
                                    st.context.locale))
st.set_page_config(page_title=tr("Review · What happened where"), layout="wide")
st.title(tr("Review places"))
WIDGETS = ("review_candidate", "review_query", "review_result", "review_type", "review_date")

try:
    db, gaz = store(), gazetteer()
except GeoError as exc:
    st.error(plain(exc))
    st.stop()
if flash := S.pop("review_flash", None):
    (st.warning if flash.startswith("!") else st.success)(plain(flash.lstrip("!")))


def forget_widgets() -> None:
    """Another event: its own choices, not the last one's."""
    for key in (*WIDGETS, "review_results", "review_notice"):
        S.pop(key, None)


def correct(event_id: str, changes: list[tuple[str, object]], how: str, said: str) -> None:
    """Store corrections, then move on to the next event in the queue."""
    try:
        for field, value in changes:
            db.correct(event_id, field, value, how=how)
    except GeoError as exc:
        S.review_flash = f"!{exc}"
        return
    S.review_flash = said
    S.pop("review_event", None)
    forget_widgets()


def use_candidate(event_id: str) -> None:
    # Read the widgets now, in the callback: arguments bound at the last run may predate the choice.
    choices = review.candidate_choices(db.event(event_id) or {}, gaz)
    pick = S.get("review_candidate")
    if pick is not None and pick < len(choices):
        correct(event_id, [("place", choices[pick].place)], "candidate", tr("Place set to {place}", place=choices[pick].label))


def use_result(event_id: str) -> None:
    results, pick = S.get("review_results") or [], S.get("review_result")
    if pick is not None and pick < len(results):
        correct(event_id, [("place", results[pick].place)], results[pick].how, tr("Place set to {place}", place=results[pick].label))


def save_type_and_date(event_id: str) -> None:
    event = db.event(event_id) or {}
    day = S.get("review_date")
    changes = [(f, v) for f, v, old in (("type", S.get("review_type"), event.get("type")),
                                        ("date", day.isoformat() if day else None, event.get("date")))
               if v is not None and v != old]
    if changes:
        correct(event_id, changes, "edit", tr("Type and date saved"))


def run_search(query: str) -> None:
    try:
        found = review.search(query, gaz, online_geocoders())
    except GeoError as exc:
        found = review.SearchResult(notice=str(exc))
    S.review_results, S.review_notice = found.choices, found.notice


queue = db.review_queue()
if not queue:
    st.success(tr("Nothing to review: every event is sure of its place, or has been checked."))
    st.stop()
labels = {e["id"]: review.event_label(e) for e in queue}
st.caption(plain(tr.n("{count} event to check: low confidence, a conflict, or a region or country point.",
                      "{count} events to check: low confidence, a conflict, or a region or country point.",
                      len(queue)) + " " + tr("Least sure first.")))
event_id = st.selectbox(tr("Event to check"), list(labels), format_func=labels.get, key="review_event",
                        on_change=forget_widgets)
event = db.event(event_id)
if event is None:
    st.warning(tr("This event is gone (its article was deleted). Choose another."))
    st.stop()

st.markdown(f"**{plain(event['headline'] or '')}**")
st.markdown(f"> {review.sentence_markdown(event)}")
st.caption(plain(tr("Now: {type} at {place} · {precision} · {date} · why: {reasons}", type=tr.type(event["type"]),
                    place=", ".join(x for x in (event["place"], event["admin1"], event["country"]) if x),
                    precision=event["precision"], date=tr.date(event.get("date")) or tr("undated"),
                    reasons="; ".join(review.reasons(event)))))
if len(event["sources"]) > 1:
    st.caption(plain(tr.n("Reported by {count} source", "Reported by {count} sources", len(event["sources"]))))

choices = review.candidate_choices(event, gaz)
left, right = st.columns([3, 2])
with left:
    out = st_folium(review.review_map(event, choices), key=f"review_map_{event_id}", height=360,
                    returned_objects=["last_clicked"], use_container_width=True)
    clicked = (out or {}).get("last_clicked")
    if clicked:
        point = review.point_choice(clicked["lat"], clicked["lng"], gaz, event.get("mention_text") or "")
        st.button(tr("Set the point to {place}", place=point.label), key="review_set_point", on_click=correct,
                  args=(event_id, [("place", point.place)], "map", tr("Point set for {place}", place=event["place"])))
    else:
        st.caption(tr("Click the map to put the event at another point."))

with right:
    st.button(tr("Accept as it is"), type="primary", key="review_accept", on_click=correct,
              args=(event_id, [("status", "accepted")], "accept", tr("Accepted: {place}", place=event["place"])))
    if choices:
        st.radio(tr("Candidate places"), range(len(choices)), format_func=lambda i: choices[i].label,
                 key="review_candidate")
        st.button(tr("Use this place"), key="review_pick", on_click=use_candidate, args=(event_id,))
    st.text_input(tr("Search for a place"), key="review_query", placeholder=tr("a town, region or country"))
    st.button(tr("Search"), key="review_search", on_click=lambda: run_search(S.get("review_query", "")))
    if S.get("review_notice"):
        st.info(plain(S.review_notice))
    results = S.get("review_results") or []
    if results:
        st.radio(tr("Places found"), range(len(results)), format_func=lambda i: results[i].label,
                 key="review_result")
        st.button(tr("Use this result"), key="review_use_result", on_click=use_result, args=(event_id,))

    st.divider()
    st.selectbox(tr("Type"), review.TYPES, index=review.TYPES.index(event["type"]), key="review_type",
                 format_func=tr.type)
    st.date_input(tr("Date"), value=dt.date.fromisoformat(event["date"]) if event.get("date") else None,
                  key="review_date")
    st.button(tr("Save type and date"), key="review_save", on_click=save_type_and_date, args=(event_id,))
    st.button(tr("Reject: not an event"), key="review_reject", on_click=correct,
              args=(event_id, [("status", "rejected")], "reject", tr("Rejected: it no longer shows on the map")))

done = db.corrections(event_id)
if done:
    st.subheader(tr("Corrections of this event"))
    st.dataframe(pd.DataFrame(review.history(done)), hide_index=True, width="stretch")
