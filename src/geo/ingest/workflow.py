"""Ingest: raw articles → parse → store. Shared by the CLI and the pages.

Items stream through in chunks (the parser batches them); an article already stored is skipped before it is
parsed; one bad item — unreadable, unparseable, unstorable — is reported and never stops the others.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Sequence

from geo.errors import GeoError
from geo.ingest.readers import Failure, RawArticle, Skipped, article_id
from geo.model import Article, DateInfo
from geo.parse.pipeline import BATCH_ARTICLES, ParseInput, ParseResult, Pipeline
from geo.store.db import IngestOutcome, Store


@dataclass
class Summary:
    """What a batch did: one outcome per stored or skipped article, one failure per bad item."""

    outcomes: list[IngestOutcome] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # files of a folder not read on purpose, each named

    @property
    def ingested(self) -> int:
        return sum(1 for o in self.outcomes if o.status == "ingested")

    @property
    def duplicates(self) -> int:
        return sum(1 for o in self.outcomes if o.status == "duplicate")

    @property
    def merged(self) -> int:
        """Events that joined an event another article had already reported."""
        return sum(o.merged for o in self.outcomes)

    def line(self) -> str:
        """'3 ingested, 1 skipped as duplicate, 2 failed' (and how many events joined known ones)."""
        merged = f" ({self.merged} of their events already reported by another source)" if self.merged else ""
        not_read = f", {len(self.skipped)} not read (not articles)" if self.skipped else ""
        return (f"{self.ingested} ingested{merged}, {self.duplicates} skipped as duplicate, "
                f"{len(self.failures)} failed{not_read}")


Progress = Callable[[int, int], None]


def ingest(raws: Sequence[RawArticle], pipeline: Pipeline, store: Store, *,
           progress: Progress | None = None) -> tuple[list[IngestOutcome], list[Failure]]:
    """Parse and store articles; duplicates are skipped, one bad article never stops the rest.

    progress(i, n) after each parsed article, n being how many are new."""
    todo = sum(1 for raw in raws if not store.has_article(article_id(raw.text)))
    done = itertools.count(1)
    summary = ingest_items(raws, pipeline, store,
                           on_parsed=(lambda: progress(next(done), todo)) if progress else None)
    return summary.outcomes, summary.failures


Item = RawArticle | Failure | IngestOutcome


ParsedChunk = tuple[list[tuple[RawArticle, str]], Iterable[ParseResult | Failure]]
ParseChunks = Callable[[Iterable[list[tuple[RawArticle, str]]]], Iterable[ParsedChunk]]


def ingest_items(items: Iterable[Item], pipeline: Pipeline | None, store: Store, *,
                 total: int | None = None, progress: Progress | None = None,
                 on_parsed: Callable[[], None] | None = None, parse_chunks: ParseChunks | None = None) -> Summary:
    """Ingest a stream of articles, chunk by chunk; items that already failed (Failure) or were found stored
    before reading them (IngestOutcome: a known URL) are counted as they are.

    progress(done, total) after each item of any kind (total 0 when unknown). parse_chunks: where chunks are
    parsed when not by ``pipeline`` in this process (geo.ingest.cluster: on a Dask cluster); it gives back
    (chunk, results) in chunk order, and the results are stored here, in that order."""
    summary = Summary()
    count = itertools.count(1)

    def tick() -> None:
        if progress:
            progress(next(count), total or 0)

    chunks = _new_chunks(items, store, summary, tick)
    parsed = parse_chunks(chunks) if parse_chunks else ((chunk, _parse(chunk, pipeline)) for chunk in chunks)
    for chunk, results in parsed:
        _store_chunk(chunk, results, store, summary, tick, on_parsed)
    return summary


def _new_chunks(items: Iterable[Item], store: Store, summary: Summary,
                tick: Callable[[], None]) -> Iterator[list[tuple[RawArticle, str]]]:
    """Chunks of articles not stored yet (and not seen earlier in the batch); the rest counted on the way."""
    seen: set[str] = set()
    chunk: list[tuple[RawArticle, str]] = []
    for item in items:
        if isinstance(item, Failure):
            (summary.skipped if isinstance(item, Skipped) else summary.failures).append(item)
            tick()
            continue
        if isinstance(item, IngestOutcome):
            summary.outcomes.append(item)
            tick()
            continue
        aid = article_id(item.text)
        if aid in seen or store.has_article(aid) or (item.url and store.has_url(item.url)):
            summary.outcomes.append(IngestOutcome(aid, "duplicate", 0))
            tick()
            continue
        seen.add(aid)
        chunk.append((item, aid))
        if len(chunk) >= BATCH_ARTICLES:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _store_chunk(chunk: list[tuple[RawArticle, str]], results: Iterable[ParseResult | Failure], store: Store,
                 summary: Summary, tick: Callable[[], None], on_parsed: Callable[[], None] | None) -> None:
    for (raw, aid), result in zip(chunk, results):
        if isinstance(result, Failure):
            summary.failures.append(result)
        else:
            article = Article(aid, raw.text, result.title, raw.url, raw.source or raw.name, result.language,
                              result.published, dt.datetime.now(dt.timezone.utc))
            try:
                summary.outcomes.append(store.add(article, result.events, result.mentions, result.notices))
            except GeoError as exc:
                summary.failures.append(Failure(raw.name, str(exc), exc.exit_code))
        if on_parsed:
            on_parsed()
        tick()


def _inputs(chunk: list[tuple[RawArticle, str]]) -> list[ParseInput]:
    # explain: the store keeps each event's trace, which the dashboard's panel shows ("why is this dot here?")
    return [ParseInput(raw.text, aid, raw.language,
                       DateInfo(raw.published, how=raw.published_how) if raw.published else None, raw.title,
                       explain=True)
            for raw, aid in chunk]


def _parse(chunk: list[tuple[RawArticle, str]], pipeline: Pipeline) -> Iterator[ParseResult | Failure]:
    """Parse results in chunk order; if the batch breaks, each article alone, so only the bad one fails."""
    inputs = _inputs(chunk)
    try:
        yield from list(pipeline.parse_many(inputs))
        return
    except Exception:  # noqa: BLE001 - retried one by one below, where each error is reported with its article
        pass
    for (raw, _), one in zip(chunk, inputs):
        try:
            yield next(iter(pipeline.parse_many([one])))
        except GeoError as exc:
            yield Failure(raw.name, f"{raw.name}: {exc}", exc.exit_code)
        except Exception as exc:  # noqa: BLE001 - a parser bug on one article must not stop the batch
            yield Failure(raw.name, f"{raw.name}: could not be parsed ({type(exc).__name__}: {exc})")


def load_demo(store: Store, pipeline: Pipeline) -> int:
    """Fill an empty store with the project's demo articles; returns how many were added."""
    from geo.ingest.samples import demo_articles

    if store.count_articles():
        return 0
    raws = [RawArticle(a.text, a.path.name, title=a.title, published=a.published, language=a.language)
            for a in demo_articles()]
    outcomes, _ = ingest(raws, pipeline, store)
    return sum(1 for o in outcomes if o.status == "ingested")
