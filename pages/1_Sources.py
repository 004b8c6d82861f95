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
from geo.ui import i18n
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

tr = i18n.Translator(i18n.page_lang(st.query_params.get("lang"), getattr(st.session_state.get("view"), "lang", None),
                                    st.context.locale))
st.set_page_config(page_title=tr("Sources · What happened where"), layout="wide")
st.title(tr("Sources"))

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
        bar = st.progress(0.0, text=tr.n("Parsing {count} article…", "Parsing {count} articles…", len(raws)))
        try:
            outcomes, more = ingest(raws, pipeline(), db, progress=lambda i, n: bar.progress(
                i / n, text=tr("Parsed {done} of {total}", done=tr.num(i), total=tr.num(n))))
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


paste_tab, upload_tab, web_tab, feeds_tab = st.tabs([tr("Paste text"), tr("Upload files"), tr("From a web page"),
                                                        tr("Feeds")])
with paste_tab:
    with st.form("paste"):
        text = st.text_area(tr("Article text"), height=220, key="paste_text")
        left, right = st.columns(2)
        title = left.text_input(tr("Title (optional; default: the first line)"), key="paste_title")
        url = right.text_input(tr("Source URL (optional)"), key="paste_url")
        published = left.date_input(tr("Publication date (optional)"), value=None, key="paste_published")
        language = right.selectbox(tr("Language"), list(LANGUAGES), format_func=LANGUAGES.get, key="paste_language")
        pasted = st.form_submit_button(tr("Parse and add"), type="primary")
    if pasted:
        try:
            raw = pasted_article(text, title=title, url=url, published=published, language=language)
        except GeoError as exc:
            st.error(plain(exc))
        else:
            add([raw], [])

with upload_tab:
    with st.form("upload", clear_on_submit=True):
        files = st.file_uploader(tr("Article files (.txt, .md, .html, .json; batches: .jsonl, .csv with a text column)"),
                                 type=UPLOAD_TYPES,
                                 accept_multiple_files=True, key="upload_files")
        uploaded = st.form_submit_button(tr("Parse and add"), type="primary")
    if uploaded:
        if not files:
            st.error(tr("Choose one or more files first."))
        else:
            add(*read_uploads((f.name, f.getvalue()) for f in files))

with web_tab:
    with st.form("web"):
        page_url = st.text_input(tr("Web page address"), key="web_url", placeholder="https://…")
        fetched = st.form_submit_button(tr("Fetch, parse and add"), type="primary")
    if fetched and db.has_url(page_url.strip()):
        st.info(plain(tr("Already stored, not fetched again: {url}", url=page_url.strip())))
    elif fetched:
        try:
            with st.spinner(tr("Fetching the page…")):
                raw = fetch_article(page_url.strip(), settings=FetchSettings.from_env())
        except GeoError as exc:
            st.error(plain(exc))
        else:
            add([raw], [])

with feeds_tab:
    with st.form("feed_add", clear_on_submit=True):
        feed_url = st.text_input(tr("Feed address (RSS or Atom)"), key="feed_url", placeholder="https://…/rss")
        adding = st.form_submit_button(tr("Add feed"))
    if adding:
        try:
            url = check_feed_url(feed_url)
            st.success(plain(tr("Feed added: {url}", url=url) if db.add_feed(url) else tr("Already there: {url}", url=url)))
        except GeoError as exc:
            st.error(plain(exc))
    feeds = db.feeds()
    if feeds:
        if st.button(tr("Update all feeds"), type="primary", key="feeds_update"):
            try:
                settings = FetchSettings.from_env()
                for n, feed in enumerate(feeds, 1):
                    bar = st.progress(0.0, text=tr("Feed {n} of {total}: {url}", n=n, total=len(feeds), url=feed["url"]))
                    done = update_feed(feed["url"], db, pipeline(), settings=settings,
                                       progress=lambda i, total: bar.progress(
                                           min(1.0, i / total) if total else 0.0,
                                           text=tr("Item {done} of {total}", done=i, total=total)))
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
        st.markdown(plain(tr("No feeds yet: add one above.")))

st.subheader(tr("Articles"))
articles = db.articles()
st.caption(plain(tr("{articles}, {events} · database: {db}",
                    articles=tr.n("{count} article", "{count} articles", len(articles)),
                    events=tr.n("{count} event", "{count} events", sum(a["events"] for a in articles)), db=db.where)))
if articles:
    st.dataframe(pd.DataFrame(article_table(articles), columns=list(LIST_COLUMNS)), hide_index=True,
                 width="stretch")
else:
    st.info(tr("No articles yet: paste one or upload files above."))


def ask_delete() -> None:
    st.session_state["delete_pending"] = st.session_state.get("delete_choice")


def confirm_delete(article_id: str, label: str) -> None:
    st.session_state.pop("delete_pending", None)
    st.session_state["delete_choice"] = None
    try:
        gone = db.delete_article(article_id)
    except GeoError as exc:
        st.session_state["sources_flash"] = tr("Could not delete {label}: {error}", label=label, error=exc)
        return
    st.session_state["sources_flash"] = tr("Deleted {label}", label=label) if gone else tr("Already gone: {label}",
                                                                                            label=label)


def cancel_delete() -> None:
    st.session_state.pop("delete_pending", None)


if articles:
    labels = {a["id"]: article_label(a) for a in articles}
    st.subheader(tr("Delete an article"))
    choice = st.selectbox(tr("Article to delete"), list(labels), format_func=labels.get, index=None,
                          placeholder=tr("Choose an article…"), key="delete_choice")
    st.button(tr("Delete…"), disabled=choice is None, on_click=ask_delete, key="delete_ask")
    pending = st.session_state.get("delete_pending")
    if pending is not None and pending == choice:
        st.warning(plain(tr("Delete {label} and all its events? This cannot be undone.", label=labels[pending])))
        yes, no = st.columns(2)
        yes.button(tr("Yes, delete it"), type="primary", on_click=confirm_delete, args=(pending, labels[pending]),
                   key="delete_confirm")
        no.button(tr("Cancel"), on_click=cancel_delete, key="delete_cancel")
