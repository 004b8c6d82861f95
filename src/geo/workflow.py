"""Ingest: raw articles → parse → store. Shared by the CLI and the pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from geo.errors import GeoError
from geo.ingest import RawArticle, article_id
from geo.model import Article, DateInfo
from geo.pipeline import ParseInput, Pipeline
from geo.store import IngestOutcome, Store


@dataclass(frozen=True)
class Failure:
    name: str
    reason: str


def ingest(raws: Sequence[RawArticle], pipeline: Pipeline, store: Store, *,
           progress: Callable[[int, int], None] | None = None) -> tuple[list[IngestOutcome], list[Failure]]:
    """Parse and store articles; duplicates are skipped, one bad article never stops the rest."""
    outcomes: list[IngestOutcome] = []
    failures: list[Failure] = []
    todo: list[tuple[RawArticle, str]] = []
    for raw in raws:
        aid = article_id(raw.text)
        if store.has_article(aid):
            outcomes.append(IngestOutcome(aid, "duplicate", 0))
        else:
            todo.append((raw, aid))
    inputs = (
        ParseInput(raw.text, aid, raw.language,
                   DateInfo(raw.published, how="given") if raw.published else None, raw.title)
        for raw, aid in todo
    )
    for i, ((raw, aid), result) in enumerate(zip(todo, pipeline.parse_many(inputs)), 1):
        article = Article(aid, raw.text, result.title, raw.url, raw.name, result.language, result.published,
                          dt.datetime.now(dt.timezone.utc))
        try:
            outcomes.append(store.add(article, result.events, result.mentions, result.notices))
        except GeoError as exc:
            failures.append(Failure(raw.name, str(exc)))
        if progress:
            progress(i, len(todo))
    return outcomes, failures


def load_demo(store: Store, pipeline: Pipeline) -> int:
    """Fill an empty store with the project's demo articles; returns how many were added."""
    from geo.samples import demo_articles

    if store.count_articles():
        return 0
    raws = [RawArticle(a.text, a.path.name, title=a.title, published=a.published, language=a.language)
            for a in demo_articles()]
    outcomes, _ = ingest(raws, pipeline, store)
    return sum(1 for o in outcomes if o.status == "ingested")


