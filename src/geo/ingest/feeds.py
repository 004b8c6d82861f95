"""RSS and Atom feeds (feedparser): remember them, and bring in the items not stored yet.

feedparser only ever reads bytes handed to it here; every download goes through geo.ingest.fetch and its checks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator
from urllib.parse import urlsplit

from geo.errors import GeoError, InputError
from geo.ingest.fetch import FEED_TYPES, fetch, fetch_article
from geo.ingest.readers import RawArticle, html_to_text
from geo.ingest.workflow import Failure, Item, Progress, Summary, ingest_items
from geo.parse.pipeline import Pipeline
from geo.settings import FetchSettings
from geo.store.db import IngestOutcome, Store

# Feeds often carry HTML entities XML does not define (&nbsp;): read them anyway. Any other XML error
# (a truncated or garbled file) makes the feed malformed: better said than half-read.
_TOLERATED = ("undefined entity",)


class FeedError(InputError):
    """A feed that cannot be read: not RSS or Atom, or malformed XML."""


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed: where the article is, and what the feed says of it."""

    url: str
    title: str = ""
    published: dt.date | None = None
    content: str = ""  # the entry's own HTML text, used when it has no link


@dataclass
class FeedReport:
    """What updating one feed did."""

    url: str
    title: str = ""
    error: str = ""
    items: int = 0
    summary: Summary = field(default_factory=Summary)


def check_feed_url(url: str) -> str:
    """A feed address, trimmed; refuses anything but http(s)://host/…"""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FeedError(f"{url!r} is not a feed address (expected http:// or https://…)")
    return url


def parse_feed(data: bytes, url: str, *, max_items: int = 200) -> tuple[str, list[FeedItem]]:
    """The feed's title and items (newest as the feed orders them), from its bytes."""
    import feedparser

    parsed = feedparser.parse(data)  # bytes, never a URL: feedparser must not fetch anything itself
    problem = parsed.get("bozo_exception")
    if parsed.get("bozo") and problem is not None and type(problem).__name__ == "SAXParseException" \
            and not any(t in str(problem) for t in _TOLERATED):
        where = f" at line {problem.getLineNumber()}" if hasattr(problem, "getLineNumber") else ""
        raise FeedError(f"{url}: malformed feed ({problem.getMessage() if hasattr(problem, 'getMessage') else problem}"
                        f"{where})")
    if not parsed.get("version") and not parsed.entries:
        raise FeedError(f"{url}: not an RSS or Atom feed")
    items = []
    for entry in parsed.entries[:max_items]:
        link = str(entry.get("link") or "").strip()
        content = ""
        if entry.get("content"):
            content = str(entry.content[0].get("value") or "")
        content = content or str(entry.get("summary") or "")
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = dt.date(*stamp[:3]) if stamp else None
        if link or content.strip():
            items.append(FeedItem(link, str(entry.get("title") or "").strip(), published, content))
    return str(parsed.feed.get("title") or "").strip(), items


def item_articles(items: list[FeedItem], store: Store, settings: FetchSettings,
                  fetcher: Callable[..., RawArticle] = fetch_article, **fetch_kwargs: Any) -> Iterator[Item]:
    """Each item as an article (its page fetched); a link already stored is a duplicate, not fetched again."""
    for item in items:
        if item.url and store.has_url(item.url):
            yield IngestOutcome("", "duplicate", 0)
            continue
        try:
            if item.url:
                raw = fetcher(item.url, settings=settings, **fetch_kwargs)
            else:
                text, title = html_to_text(f"<html><body>{item.content}</body></html>", item.title or "feed item")
                raw = RawArticle(text, item.title or "feed item", title=title)
        except GeoError as exc:
            yield Failure(item.url or item.title, str(exc), exc.exit_code)
            continue
        raw.title = raw.title or item.title
        if raw.published is None and item.published is not None:
            raw.published, raw.published_how = item.published, "feed"
        yield raw


def update_feed(url: str, store: Store, pipeline: Pipeline, *, settings: FetchSettings | None = None,
                progress: Progress | None = None, **fetch_kwargs: Any) -> FeedReport:
    """Fetch one feed and ingest its new items; a feed that fails is reported, and recorded in the store."""
    settings = settings or FetchSettings.from_env()
    report = FeedReport(url)
    try:
        page = fetch(url, accept=FEED_TYPES, settings=settings, **fetch_kwargs)
        report.title, items = parse_feed(page.body, url, max_items=settings.max_items)
    except GeoError as exc:
        report.error = str(exc)
        store.feed_checked(url, error=report.error)
        return report
    report.items = len(items)
    report.summary = ingest_items(item_articles(items, store, settings, **fetch_kwargs), pipeline, store,
                                  total=len(items), progress=progress)
    store.feed_checked(url, title=report.title, items=len(items), new_items=report.summary.ingested)
    return report


def update_all(store: Store, pipeline: Pipeline, *, settings: FetchSettings | None = None,
               on_feed: Callable[[int, int, str], None] | None = None, **fetch_kwargs: Any) -> list[FeedReport]:
    """Update every stored feed in turn; one feed's failure never stops the next."""
    feeds = store.feeds()
    reports = []
    for i, feed in enumerate(feeds, 1):
        if on_feed:
            on_feed(i, len(feeds), feed["url"])
        reports.append(update_feed(feed["url"], store, pipeline, settings=settings, **fetch_kwargs))
    return reports
