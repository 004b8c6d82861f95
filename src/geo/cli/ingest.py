"""geo-events ingest and geo-events feeds: batches, web pages and feeds, with a progress bar and a summary."""

from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from geo.errors import GeoError
from geo.gazetteer.corrected import CorrectedPlaces
from geo.ingest.batch import count_items, read_target
from geo.ingest.fetch import fetch_article
from geo.ingest.progress import ProgressBar
from geo.ingest.workflow import Failure, Item, Summary, ingest_items
from geo.settings import FetchSettings
from geo.store.db import IngestOutcome, Store


def is_url(target: str) -> bool:
    """Whether a command-line input is a web address rather than a path."""
    return target.lower().startswith(("http://", "https://"))


class _Learning:
    """A pipeline made on the first article to parse (a batch that fails to read loads nothing), resolving
    every name reviewers corrected as they said."""

    def __init__(self, make: Callable[[], Any], store: Store) -> None:
        self._make, self._store = make, store
        self.pipeline: Any = None
        self._plain: Any = None

    def parse_many(self, inputs: Any) -> Any:
        """As Pipeline.parse_many."""
        if self.pipeline is None:
            self.pipeline = self._make()
            self._plain = self.pipeline.gazetteer
            if not isinstance(self._plain, CorrectedPlaces):
                self.pipeline.gazetteer = CorrectedPlaces(self._plain, self._store)
        return self.pipeline.parse_many(inputs)

    def restore(self) -> None:
        """Give the pipeline its own gazetteer back (it may be shared, and the store is about to close)."""
        if self.pipeline is not None:
            self.pipeline.gazetteer = self._plain


@contextmanager
def learning(make_pipeline: Callable[[], Any], store: Store) -> Iterator[Any]:
    """For the time of one command: a pipeline that learned from the store's corrections, made when needed."""
    lazy = _Learning(make_pipeline, store)
    try:
        yield lazy
    finally:
        lazy.restore()


def fetched(url: str, store: Store, settings: FetchSettings) -> Iterator[Item]:
    """The article at a URL, or a duplicate outcome when that URL is stored, or the reason it failed."""
    if store.has_url(url):
        yield IngestOutcome("", "duplicate", 0)
        return
    try:
        yield fetch_article(url, settings=settings)
    except GeoError as exc:
        yield Failure(url, str(exc), exc.exit_code)


def _items(args: argparse.Namespace, targets: list[str], store: Store, settings: FetchSettings) -> Iterator[Item]:
    for target in targets:
        found = fetched(target, store, settings) if is_url(target) else read_target(target, sys.stdin.buffer)
        for item in found:
            if not isinstance(item, (Failure, IngestOutcome)):
                item.published = item.published or args.published
                item.language = item.language or args.lang
                item.title = item.title or args.title
                if args.paths and args.url:
                    item.url = item.url or args.url
            yield item


def report(summary: Summary, *, quiet_single: bool = True) -> int:
    """Print outcomes (stdout), failures and the summary (stderr); the exit code."""
    if quiet_single and not summary.outcomes and not summary.skipped and len(summary.failures) == 1:
        failure = summary.failures[0]  # one input that failed: one line, as for any error
        print(f"geo-events: {failure.reason}", file=sys.stderr)
        return failure.exit_code
    for o in summary.outcomes:
        if o.article_id:
            print(f"{o.status}\t{o.article_id}\t{o.events} events")
    for f in summary.failures:
        print(f"failed\t{f.name}\t{f.reason}", file=sys.stderr)
    for f in summary.skipped:
        print(f"not read\t{f.name}\t{f.reason}", file=sys.stderr)
    print(f"summary: {summary.line()}", file=sys.stderr)
    return max((f.exit_code for f in summary.failures), default=0)


def ingest_command(args: argparse.Namespace, make_pipeline: Callable[[], Any]) -> int:
    """geo-events ingest: every input read, parsed and stored; one bad item never stops the others."""
    settings = FetchSettings.from_env()
    targets = list(args.paths) or ([args.url] if args.url else ["-"])
    total = sum((count_items(t) if not is_url(t) else 1) or 0 for t in targets)
    with Store(args.db) as store:
        bar = ProgressBar(sys.stderr)
        try:
            if getattr(args, "cluster", None):
                from geo.ingest.cluster import ClusterParser

                with ClusterParser.connect(args.cluster, store.place_aliases()) as cluster:
                    summary = ingest_items(_items(args, targets, store, settings), None, store, total=total,
                                           progress=bar.update, parse_chunks=cluster.parse_chunks)
            else:
                with learning(make_pipeline, store) as pipeline:
                    summary = ingest_items(_items(args, targets, store, settings), pipeline, store, total=total,
                                           progress=bar.update)
        finally:
            bar.close()
    return report(summary)


def feeds_command(args: argparse.Namespace, make_pipeline: Callable[[], Any]) -> int:
    """geo-events feeds add|list|update|remove."""
    from geo.ingest.feeds import check_feed_url, update_feed

    with Store(args.db) as store:
        if args.action == "add":
            for url in args.urls:
                added = store.add_feed(check_feed_url(url))
                print(f"{'added' if added else 'already there'}\t{url.strip()}")
            return 0
        if args.action == "remove":
            missing = [u for u in args.urls if not store.delete_feed(u.strip())]
            for url in missing:
                print(f"geo-events: no feed {url!r}", file=sys.stderr)
            return 3 if missing else 0
        feeds = store.feeds()
        if args.action == "list":
            for f in feeds:
                state = f"error: {f['error']}" if f["error"] else f"{f['items']} items, {f['new_items']} new"
                print(f"{f['url']}\t{f['title']}\t{f['checked'] or 'never checked'}\t{state}")
            return 0
        if not feeds:
            print("geo-events: no feeds yet: add one with `geo-events feeds add URL`", file=sys.stderr)
            return 0
        settings = FetchSettings.from_env()
        code = 0
        with learning(make_pipeline, store) as pipeline:
            for feed in feeds:
                bar = ProgressBar(sys.stderr, f"items of {feed['url']}")
                try:
                    done = update_feed(feed["url"], store, pipeline, settings=settings, progress=bar.update)
                finally:
                    bar.close()
                if done.error:
                    print(f"feed failed\t{feed['url']}\t{done.error}", file=sys.stderr)
                    code = max(code, 3)
                    continue
                print(f"feed\t{feed['url']}\t{done.items} items", file=sys.stderr)
                code = max(code, report(done.summary, quiet_single=False))
        return code
