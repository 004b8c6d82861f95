"""Article text → sentences, mentions, events: the stages wired together, models loaded once."""

from __future__ import annotations

import threading
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Iterable, Iterator, Sequence

from geo.gazetteer.index import Gazetteer
from geo.lang.lexicons import lexicon
from geo.lang.names import fold
from geo.model import DateInfo, Event, Mention, Sentence
from geo.parse import dates as dating
from geo.parse.as_given import as_given
from geo.parse.events import DatedSpan, find_events
from geo.parse.nlp import Analysis, Models
from geo.parse.recognize import (
    SurfaceMatcher,
    Unit,
    facility_mentions,
    find_dateline,
    gazetteer_mentions,
    mark_quoted,
    merge,
    ner_mentions,
    not_eponyms,
    not_people,
    stop_words,
    surnames,
)
from geo.parse.resolve import resolve
from geo.parse.roles import finer_references, read_region_words, read_roles
from geo.parse.text import (
    SUPPORTED_LANGUAGES,
    Normalised,
    Paragraph,
    detect_language,
    normalise,
    paragraphs,
)

# Settlements at least this large are found by gazetteer match even where the NER misses them.
MIN_MATCH_POPULATION = 5_000
BATCH_ARTICLES = 32


@dataclass(slots=True)
class ParseInput:
    """One article to parse."""

    text: str
    id: str = ""
    language: str | None = None
    published: DateInfo | None = None
    title: str = ""


@dataclass(slots=True)
class ParseResult:
    """What the parser found in one article; offsets are into ``text`` exactly as given."""

    id: str
    text: str
    language: str
    title: str
    published: DateInfo | None
    sentences: list[Sentence]
    mentions: list[Mention]
    events: list[Event]
    notices: list[str] = field(default_factory=list)


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
              article_id: str = "", title: str = "") -> ParseResult:
        """Parse one article."""
        return next(iter(self.parse_many([ParseInput(text, article_id, language, published, title)])))

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
        prepared = []
        for item in batch:
            norm = normalise(item.text)
            paras = paragraphs(norm.clean)
            language = (item.language or detect_language(norm.clean)).lower()
            prepared.append((item, norm, paras, language))
        analyses: dict[int, list[Analysis]] = {}
        for language in {p[3] for p in prepared}:
            members = [i for i, p in enumerate(prepared) if p[3] == language]
            texts = [para.text for i in members for para in prepared[i][2]]
            results = iter(self.models.analyse(texts, language))
            for i in members:
                analyses[i] = [next(results) for _ in prepared[i][2]]
        return [self._finish(item, norm, paras, language, analyses[i])
                for i, (item, norm, paras, language) in enumerate(prepared)]

    def _finish(self, item: ParseInput, norm: Normalised, paras: list[Paragraph], language: str,
                analyses: list[Analysis]) -> ParseResult:
        # Every stage reads the clean text as if it were the text given; as_given maps the result back.
        clean = norm.clean
        notices: list[str] = []
        units = build_units(paras, analyses)
        lex = lexicon(language)
        supported = self.models.supports(language)
        if not supported:
            notices.append(
                f"language {language!r} has no language model here: places were found by gazetteer "
                "match only, and no events were extracted"
            )
        folded = fold(clean)
        stops = _stop_words(language)
        found: list[Mention] = []
        for unit in units:
            found += ner_mentions(unit, clean, self.gazetteer)
            found += gazetteer_mentions(unit, clean, folded, self.matcher, self.gazetteer, stops, lex)
            if lex is not None:
                found += facility_mentions(unit, clean, lex, self.gazetteer)
        mentions = merge(found, self.gazetteer)
        for unit in units:
            read_roles(unit, mentions, lex)
            read_region_words(unit, mentions)
        mentions = not_people(mentions, surnames(units, clean, self.gazetteer))
        mentions = not_eponyms(units, mentions, lex)
        mark_quoted(mentions, [(p.start, p.end) for p in paras], clean)
        resolve(mentions, self.gazetteer)
        finer_references(mentions)
        # A name the NER calls a place but no gazetteer knows, with no word that makes it one, is
        # more often a person or a firm ("Saakashvili", "Ripley") than an unknown village.
        mentions = [m for m in mentions if m.place is not None or m.role in ("locative", "target", "facility")]
        first_body = next(((p.start, p.end) for p in paras if not p.is_headline), None)
        dateline = find_dateline(mentions, first_body, clean)
        title_para = None if item.title else next((p for p in paras if p.is_headline), None)
        title = item.title or (title_para.text if title_para else "")
        published = item.published or dating.publication_date(clean, language=language)
        if published is None:
            notices.append("no publication date given or found in the text: relative dates are not resolved")
        found_dates = _dates(units, published, language) if published else {}
        events = find_events(units, mentions, lex if supported else None, dates=found_dates,
                             published=published, article_id=item.id, title=title, dateline=dateline)
        parsed = ParseResult(item.id, clean, language, title, published,
                             [u.sentence for u in units], mentions, events, notices)
        title_span = (title_para.start, title_para.end) if title_para else None
        return as_given(parsed, norm, item.text, title_span=title_span)

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
        mentions = [Mention(s, e, clean[s:e], "gold", sentence=_unit_at(units, s)) for s, e in inside]
        for unit in units:
            read_region_words(unit, mentions)  # "Washington state", "Utah, Washington and Wyoming"
        resolve(mentions, self.gazetteer)
        return [replace(m, start=s, end=e, text=text[s:e]) for m, (s, e) in zip(mentions, spans)]


def build_units(paras: list[Paragraph], analyses: list[Analysis], original: str | None = None) -> list[Unit]:
    """Sentences with tokens and entities in article offsets; sentence text as given in ``original``."""
    units: list[Unit] = []
    for para, analysis in zip(paras, analyses):
        # Tokens and entities come in text order: each sentence takes its slice, found by bisection,
        # rather than scanning the paragraph's tokens once per sentence.
        token_starts = [t.start for t in analysis.tokens]
        entity_starts = [e.start for e in analysis.entities]
        for s_start, s_end in analysis.sentences:
            chunk = para.text[s_start:s_end]
            lead = len(chunk) - len(chunk.lstrip())
            chunk = chunk.strip()
            if not chunk:
                continue
            start = para.start + s_start + lead
            end = start + len(chunk)
            shown = original[start:end] if original is not None else chunk
            sentence = Sentence(start, end, shown, para.index, para.section, para.is_headline)
            tokens = [t.__class__(t.start + para.start, t.end + para.start, t.text, t.key, t.upper)
                      for t in analysis.tokens[bisect_left(token_starts, s_start) : bisect_left(token_starts, s_end)]]
            ents = [e.__class__(e.start + para.start, e.end + para.start, e.label)
                    for e in analysis.entities[bisect_left(entity_starts, s_start) : bisect_left(entity_starts, s_end)]]
            units.append(Unit(len(units), sentence, tokens, ents, analysis.has_ner))
    return units


def _unit_at(units: list[Unit], offset: int) -> int:
    for u in units:
        if u.sentence.start <= offset < u.sentence.end + 1:
            return u.index
    return -1


_STOPS: dict[str, frozenset[str]] = {}


def _stop_words(language: str) -> frozenset[str]:
    if language not in _STOPS:
        _STOPS[language] = stop_words(language)
    return _STOPS[language]


def _dates(units: Sequence[Unit], published: DateInfo, language: str) -> dict[int, list[DatedSpan]]:
    out: dict[int, list[DatedSpan]] = {}
    for u in units:
        found = dating.find_dates(u.sentence.text, base=published.date, language=language)
        if found:
            out[u.index] = [DatedSpan(u.sentence.start + d.start, u.sentence.start + d.end, d.info, d.future)
                            for d in found]
    return out
