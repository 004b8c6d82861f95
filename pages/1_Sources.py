"""Sources: add articles (paste, upload, web page, feeds), list them with their event counts, delete one.
Draws only."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_state import pipeline, store
from geo.errors import GeoError
from geo.ingest.feeds import check_feed_url, update_feed
from geo.ingest.fetch import fetch_article
from geo.ingest.readers import RawArticle
from geo.ingest.workflow import Failure, ingest
from geo.settings import FetchSettings
from geo.ui.sources import (
    FEED_COLUMNS,
    LANGUAGES,
    LIST_COLUMNS,
    UPLOAD_TYPES,
    article_label,
    article_table,
    feed_message,
    feed_table,
    pasted_article,
    plain,
    read_uploads,
    report,
    summary_line,
)

st.set_page_config(page_title="Sources · What happened where", layout="wide")
st.title("Sources")

try:
    db = store()
except GeoError as exc:
    st.error(plain(exc))
    st.stop()
if flash := st.session_state.pop("sources_flash", None):
    st.success(plain(flash))


def add(raws: list[RawArticle], failures: list[Failure]) -> None:
    """Parse and store, with a progress bar; then say what happened."""
    outcomes = []
    if raws:
        bar = st.progress(0.0, text=f"Parsing {len(raws)} article{'s' if len(raws) > 1 else ''}…")
        try:
            outcomes, more = ingest(raws, pipeline(), db,
                                    progress=lambda i, n: bar.progress(i / n, text=f"Parsed {i} of {n}"))
        except GeoError as exc:
            bar.empty()
            st.error(plain(exc))
            return
        bar.empty()
        failures = failures + more
    titles = {a["id"]: a["title"] for a in db.articles()}
    said = report(outcomes, failures, titles)
    for line in said.added:
        st.success(plain(line))
    for line in said.duplicates:
        st.info(plain(line))
    for line in said.failures:
        st.error(plain(line))
    if len(raws) + len(failures) > 1:
        st.caption(plain(summary_line(outcomes, failures)))


paste_tab, upload_tab, web_tab, feeds_tab = st.tabs(["Paste text", "Upload files", "From a web page", "Feeds"])
with paste_tab:
    with st.form("paste"):
        text = st.text_area("Article text", height=220, key="paste_text")
        left, right = st.columns(2)
        title = left.text_input("Title (optional; default: the first line)", key="paste_title")
        url = right.text_input("Source URL (optional)", key="paste_url")
        published = left.date_input("Publication date (optional)", value=None, key="paste_published")
        language = right.selectbox("Language", list(LANGUAGES), format_func=LANGUAGES.get, key="paste_language")
        pasted = st.form_submit_button("Parse and add", type="primary")
    if pasted:
        try:
            raw = pasted_article(text, title=title, url=url, published=published, language=language)
        except GeoError as exc:
            st.error(plain(exc))
        else:
            add([raw], [])

with upload_tab:
    with st.form("upload", clear_on_submit=True):
        files = st.file_uploader("Article files (.txt, .md, .html, .json; batches: .jsonl, .csv with a text column)",
                                 type=UPLOAD_TYPES,
                                 accept_multiple_files=True, key="upload_files")
        uploaded = st.form_submit_button("Parse and add", type="primary")
    if uploaded:
        if not files:
            st.error("Choose one or more files first.")
        else:
            add(*read_uploads((f.name, f.getvalue()) for f in files))

with web_tab:
    with st.form("web"):
        page_url = st.text_input("Web page address", key="web_url", placeholder="https://…")
        fetched = st.form_submit_button("Fetch, parse and add", type="primary")
    if fetched and db.has_url(page_url.strip()):
        st.info(plain(f"Already stored, not fetched again: {page_url.strip()}"))
    elif fetched:
        try:
            with st.spinner("Fetching the page…"):
                raw = fetch_article(page_url.strip(), settings=FetchSettings.from_env())
        except GeoError as exc:
            st.error(plain(exc))
        else:
            add([raw], [])

with feeds_tab:
    with st.form("feed_add", clear_on_submit=True):
        feed_url = st.text_input("Feed address (RSS or Atom)", key="feed_url", placeholder="https://…/rss")
        adding = st.form_submit_button("Add feed")
    if adding:
        try:
            url = check_feed_url(feed_url)
            st.success(plain(f"Feed added: {url}" if db.add_feed(url) else f"Already there: {url}"))
        except GeoError as exc:
            st.error(plain(exc))
    feeds = db.feeds()
    if feeds:
        if st.button("Update all feeds", type="primary", key="feeds_update"):
            try:
                settings = FetchSettings.from_env()
                for n, feed in enumerate(feeds, 1):
                    bar = st.progress(0.0, text=f"Feed {n} of {len(feeds)}: {feed['url']}")
                    done = update_feed(feed["url"], db, pipeline(), settings=settings,
                                       progress=lambda i, total: bar.progress(
                                           min(1.0, i / total) if total else 0.0, text=f"Item {i} of {total}"))
                    bar.empty()
                    kind, line = feed_message(done)
                    (st.error if kind == "error" else st.success)(plain(line))
                    for failure in done.summary.failures:
                        st.warning(plain(failure.reason))
            except GeoError as exc:
                st.error(plain(exc))
            feeds = db.feeds()
        st.dataframe(pd.DataFrame(feed_table(feeds), columns=list(FEED_COLUMNS)), hide_index=True, width="stretch",
                     key="feeds_table")
    else:
        st.markdown(plain("No feeds yet: add one above."))

st.subheader("Articles")
articles = db.articles()
st.caption(plain(f"{len(articles)} articles, {sum(a['events'] for a in articles)} events · database: {db.where}"))
if articles:
    st.dataframe(pd.DataFrame(article_table(articles), columns=list(LIST_COLUMNS)), hide_index=True,
                 width="stretch")
else:
    st.info("No articles yet: paste one or upload files above.")


def ask_delete() -> None:
    st.session_state["delete_pending"] = st.session_state.get("delete_choice")


def confirm_delete(article_id: str, label: str) -> None:
    st.session_state.pop("delete_pending", None)
    st.session_state["delete_choice"] = None
    try:
        gone = db.delete_article(article_id)
    except GeoError as exc:
        st.session_state["sources_flash"] = f"Could not delete {label}: {exc}"
        return
    st.session_state["sources_flash"] = f"Deleted {label}" if gone else f"Already gone: {label}"


def cancel_delete() -> None:
    st.session_state.pop("delete_pending", None)


if articles:
    labels = {a["id"]: article_label(a) for a in articles}
    st.subheader("Delete an article")
    choice = st.selectbox("Article to delete", list(labels), format_func=labels.get, index=None,
                          placeholder="Choose an article…", key="delete_choice")
    st.button("Delete…", disabled=choice is None, on_click=ask_delete, key="delete_ask")
    pending = st.session_state.get("delete_pending")
    if pending is not None and pending == choice:
        st.warning(plain(f"Delete {labels[pending]} and all its events? This cannot be undone."))
        yes, no = st.columns(2)
        yes.button("Yes, delete it", type="primary", on_click=confirm_delete, args=(pending, labels[pending]),
                   key="delete_confirm")
        no.button("Cancel", on_click=cancel_delete, key="delete_cancel")
