"""The Sources page's logic: pasted text and uploaded files → articles, outcomes → messages (no streamlit)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence
from urllib.parse import urlsplit

from geo.errors import InputError
from geo.ingest.batch import BATCH_SUFFIXES, read_upload
from geo.ingest.readers import TEXT_SUFFIXES, RawArticle, decode
from geo.ingest.workflow import Failure, Summary
from geo.store.db import IngestOutcome

PASTE_NAME = "pasted text"
UPLOAD_TYPES = sorted(s.lstrip(".") for s in (*TEXT_SUFFIXES, *BATCH_SUFFIXES))
FEED_COLUMNS = ("title", "url", "checked", "items", "new_items", "error")
LANGUAGES = {"": "Detect automatically", "fr": "French", "en": "English"}
LIST_COLUMNS = ("title", "published", "language", "events", "source", "url", "ingested", "id")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$])")


def plain(text: object) -> str:
    """Text made literal for Streamlit markdown (st.success, st.error…): no links, images, HTML or colours."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def pasted_article(text: str, *, title: str = "", url: str = "", published: dt.date | None = None,
                   language: str = "") -> RawArticle:
    """A pasted text with what the form says of it; refuses empty, binary-looking or oversized text."""
    body = decode(text.encode("utf-8"), PASTE_NAME)
    url = url.strip()
    if url and (urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc):
        raise InputError(f"{url!r} is not a web address (expected http:// or https://…)")
    language = language.strip().lower()
    if language and not re.fullmatch(r"[a-z]{2}", language):
        raise InputError(f"{language!r} is not a two-letter language code (fr, en, …)")
    return RawArticle(body, PASTE_NAME, title=title.strip(), url=url, published=published,
                      language=language or None)


def read_uploads(files: Iterable[tuple[str, bytes]]) -> tuple[list[RawArticle], list[Failure]]:
    """Articles in uploaded files (a .jsonl or .csv holds many); a bad file, line or row is reported and the
    others go on."""
    raws: list[RawArticle] = []
    failures: list[Failure] = []
    for name, data in files:
        for item in read_upload(name, data):
            (failures if isinstance(item, Failure) else raws).append(item)
    return raws, failures


@dataclass
class Report:
    """What an ingest did, as sentences for the page."""

    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def report(outcomes: Sequence[IngestOutcome], failures: Sequence[Failure], titles: dict[str, str]) -> Report:
    """Sentences for the outcomes of an ingest (titles: article id → title)."""
    out = Report()
    for o in outcomes:
        name = titles.get(o.article_id) or o.article_id
        if o.status == "duplicate":
            out.duplicates.append(f"Already stored, not added again: {name}")
        else:
            out.added.append(f"Added {name} with {o.events} event{'' if o.events == 1 else 's'}")
    out.failures += [f.reason if f.reason.startswith(f.name) else f"{f.name}: {f.reason}" for f in failures]
    return out


def summary_line(outcomes: Sequence[IngestOutcome], failures: Sequence[Failure]) -> str:
    """'3 ingested, 1 skipped as duplicate, 2 failed' for a batch."""
    return "Batch: " + Summary(list(outcomes), list(failures)).line()


def feed_table(feeds: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of the feed list, in FEED_COLUMNS order."""
    return [{k: f.get(k) for k in FEED_COLUMNS} for f in feeds]


def feed_message(report: Any) -> tuple[str, str]:
    """(kind, sentence) for one feed's update: kind is 'error' or 'success'."""
    name = report.title or report.url
    if report.error:
        return "error", report.error
    return "success", f"{name}: {report.items} items; {report.summary.line()}"

def article_table(articles: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of the article list, in LIST_COLUMNS order."""
    return [{k: a.get(k) for k in LIST_COLUMNS} for a in articles]


def article_label(article: dict[str, Any]) -> str:
    """One line naming an article in a chooser: title · date · events."""
    title = " ".join(str(article.get("title") or article.get("source") or article["id"]).split())
    if len(title) > 80:
        title = title[:79] + "…"
    return f"{title} · {article.get('published') or 'undated'} · {article.get('events', 0)} events"
