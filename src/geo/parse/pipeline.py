"""The geoparser: article text → sentences, mentions, events, through geo.parse.stages; models loaded once."""

from __future__ import annotations

import threading
from dataclasses import replace
from functools import cached_property
from typing import Iterable, Iterator, Sequence

from geo.gazetteer.index import Gazetteer
from geo.model import DateInfo, Mention
from geo.parse import stages
from geo.parse.doc import Doc, ParseInput, ParseResult
from geo.parse.nlp import Models
from geo.parse.recognize import SurfaceMatcher
from geo.parse.resolve import resolve
from geo.parse.roles import read_region_words
from geo.parse.stages import Tools
from geo.parse.text import SUPPORTED_LANGUAGES, normalise, paragraphs
from geo.parse.units import build_units, unit_at

__all__ = ["Pipeline", "ParseInput", "ParseResult", "BATCH_ARTICLES", "MIN_MATCH_POPULATION"]

# Settlements at least this large are found by gazetteer match even where the NER misses them.
MIN_MATCH_POPULATION = 5_000
BATCH_ARTICLES = 32


class Pipeline:
    """The geoparser: owns the gazetteer, the spaCy models and the name matcher."""

    def __init__(self, gazetteer: Gazetteer | None = None, models: Models | None = None) -> None:
        self.gazetteer = gazetteer or Gazetteer.open()
        self.models = models or Models()
        self._lock = threading.Lock()

    @cached_property
    def matcher(self) -> SurfaceMatcher:
        """Aho-Corasick automaton over the gazetteer's salient names (built once)."""
        return SurfaceMatcher(self.gazetteer.surface_forms(MIN_MATCH_POPULATION))

    def warm_up(self, languages: Sequence[str] = SUPPORTED_LANGUAGES) -> None:
        """Load what parsing needs now rather than on the first article."""
        _ = self.matcher
        # Read on the first article otherwise (half a second for dotted_only_keys' query).
        self.gazetteer.abbreviation_keys()
        self.gazetteer.dotted_only_keys()
        for lang in languages:
            self.models.get(lang)

    def parse(self, text: str, *, language: str | None = None, published: DateInfo | None = None,
              article_id: str = "", title: str = "", explain: bool = False) -> ParseResult:
        """Parse one article (with ``explain``, a trace of each stage's decisions on mentions and events)."""
        return next(iter(self.parse_many([ParseInput(text, article_id, language, published, title, explain)])))

    def parse_many(self, items: Iterable[ParseInput]) -> Iterator[ParseResult]:
        """Parse articles in batches, so the models see many paragraphs at once."""
        batch: list[ParseInput] = []
        for item in items:
            batch.append(item)
            if len(batch) >= BATCH_ARTICLES:
                yield from self._parse_batch(batch)
                batch = []
        if batch:
            yield from self._parse_batch(batch)

    def _parse_batch(self, batch: list[ParseInput]) -> list[ParseResult]:
        return stages.run([Doc(item) for item in batch], Tools(self.gazetteer, self.models, self.matcher))

    def resolve_spans(self, text: str, spans: Sequence[tuple[int, int]], *, language: str = "en") -> list[Mention]:
        """Resolve given spans (e.g. gold toponyms) with the document as context; no NER.

        The spans and the mentions returned are in offsets into ``text`` as given.
        """
        from geo.parse.nlp import _rule_based

        norm = normalise(text)
        clean = norm.clean
        paras = paragraphs(clean)
        units = build_units(paras, [_rule_based(p.text) for p in paras])
        inside = [norm.to_clean(s, e) for s, e in spans]
        # Resolved on the clean name ("Kh&eacute;rson" is looked up as "Khérson"), returned on the span given.
        mentions = [Mention(s, e, clean[s:e], "gold", sentence=unit_at(units, s)) for s, e in inside]
        for unit in units:
            read_region_words(unit, mentions)  # "Washington state", "Utah, Washington and Wyoming"
        resolve(mentions, self.gazetteer)
        return [replace(m, start=s, end=e, text=text[s:e]) for m, (s, e) in zip(mentions, spans)]
