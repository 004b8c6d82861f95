"""The parse as a declared list of stages over one Doc, each saying what it requires and what it assigns.

    clean → segment → analyse → units → recognise → roles → resolve → date → syntax → link → explain → assemble

Each stage is a small function of the Doc and the Tools (gazetteer, models, matcher) it is given;
the work itself lives in the modules named beside it. ``analyse`` runs over a batch of documents at
once, so the language models see many paragraphs together. ``tests/test_stages.py`` checks that
every requirement is assigned by an earlier stage and that no stage assigns what another does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence

from geo.lang.lexicons import lexicon
from geo.lang.names import fold
from geo.model import Role
from geo.parse import arguments
from geo.parse import dates as dating
from geo.parse import explain as explaining
from geo.parse import recognize_more as more
from geo.parse.as_given import as_given
from geo.parse.doc import Doc, ParseResult
from geo.parse.events import DatedSpan, find_events
from geo.parse.recognize import (
    facility_mentions,
    find_dateline,
    gazetteer_mentions,
    mark_quoted,
    merge,
    ner_mentions,
    not_eponyms,
    not_people,
    not_titled,
    stop_words,
    surnames,
)
from geo.parse.resolve import resolve
from geo.parse.roles import finer_references, read_region_words, read_roles
from geo.parse.slavic import SLAVIC, inflected_mentions
from geo.parse.status import REPORTED, STATUSES
from geo.parse.text import detect_language, normalise, paragraphs
from geo.parse.units import build_units

if TYPE_CHECKING:
    from geo.gazetteer.index import Gazetteer
    from geo.parse.nlp import Analysis, Models
    from geo.parse.recognize import SurfaceMatcher


@dataclass(frozen=True)
class Tools:
    """What stages may use besides the Doc: the gazetteer, the language models, the name matcher."""

    gazetteer: Gazetteer
    models: Models
    matcher: SurfaceMatcher


@dataclass(frozen=True)
class Stage:
    """A named step: reads the Doc fields in ``requires``, sets those in ``assigns``."""

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    run: Callable[[Doc, Tools], None] | None = None
    run_batch: Callable[[Sequence[Doc], Tools], None] | None = None  # stages that see the whole batch


def clean(doc: Doc, tools: Tools) -> None:
    """HTML entities decoded, odd spaces and apostrophes made plain, with an offset map back (geo.parse.text)."""
    doc.norm = normalise(doc.item.text)
    doc.clean = doc.norm.clean


def segment(doc: Doc, tools: Tools) -> None:
    """Paragraphs and headlines; the language given, else detected."""
    doc.paragraphs = paragraphs(doc.clean)
    doc.language = (doc.item.language or detect_language(doc.clean)).lower()


def analyse(docs: Sequence[Doc], tools: Tools) -> None:
    """Sentences, tokens and named entities from the language models, one batch per language (geo.parse.nlp).

    The analyses are a stream the ``units`` stage draws from, document after document: the models run
    as the units are built, so a long text's paragraph analyses are never all held at once."""
    for language in {d.language for d in docs}:
        members = [d for d in docs if d.language == language]
        feed = Feed(tools.models.analyse((para.text for d in members for para in d.paragraphs), language))
        for d in members:
            d.analyses = feed.take(len(d.paragraphs))


class Feed:
    """One stream of analyses shared by a batch's documents, each taking its paragraphs' share in turn."""

    def __init__(self, stream: Iterable[Analysis]) -> None:
        self._stream = iter(stream)
        self._promised = 0  # analyses handed to documents so far
        self._drawn = 0  # analyses drawn from the stream so far

    def take(self, count: int) -> Iterator[Analysis]:
        """The next ``count`` analyses, drawn when read; shares are read once, in the order taken."""
        first = self._promised
        self._promised += count
        return self._share(first, count)

    def _share(self, first: int, count: int) -> Iterator[Analysis]:
        if self._drawn != first:
            raise RuntimeError("a document's analyses are read once, in the order of the batch")
        for _ in range(count):
            self._drawn += 1
            yield next(self._stream)


def units(doc: Doc, tools: Tools) -> None:
    """Sentences with their tokens and entities in article offsets; the language's lexicon."""
    doc.units = build_units(doc.paragraphs, doc.analyses)
    doc.lexicon = lexicon(doc.language)
    doc.supported = tools.models.supports(doc.language)
    if not doc.supported:
        doc.notices.append(f"language {doc.language!r} has no language model here: places were found by "
                           "gazetteer match only, and no events were extracted")


def recognise(doc: Doc, tools: Tools) -> None:
    """Spans that name places: the model's entities, gazetteer matches, facility phrases (geo.parse.recognize)."""
    folded = fold(doc.clean)
    stops = _stop_words(doc.language)
    found = []
    for unit in doc.units:
        found += ner_mentions(unit, doc.clean, tools.gazetteer)
        found += gazetteer_mentions(unit, doc.clean, folded, tools.matcher, tools.gazetteer, stops, doc.lexicon)
        if doc.lexicon is not None:
            found += facility_mentions(unit, doc.clean, doc.lexicon, tools.gazetteer)
        if doc.language in SLAVIC:  # "у Харкові", "под Курском", "Запорізькій області" (geo.parse.slavic)
            found += inflected_mentions(unit, doc.clean, tools.gazetteer, tools.matcher, stops, doc.lexicon,
                                        doc.language)
    found = more.refine(found, doc.clean, doc.units, tools.gazetteer, doc.language,
                        tools.models.word_ranks(doc.language))
    doc.mentions = merge(found, tools.gazetteer)


def roles(doc: Doc, tools: Tools) -> None:
    """What the words around each name make of it; names that are people, eponyms or quoted (geo.parse.roles)."""
    mentions = doc.mentions
    by_unit: dict[int, list] = {}  # each sentence reads its own names: no scan of the whole text per sentence
    for m in mentions:
        by_unit.setdefault(m.sentence, []).append(m)
    for unit in doc.units:
        read_roles(unit, by_unit.get(unit.index, []), doc.lexicon)
        read_region_words(unit, by_unit.get(unit.index, []))
    people = surnames(doc.units, doc.clean, tools.gazetteer) - more.titled_places(doc.units, doc.clean, doc.language)
    mentions = not_people(mentions, people)
    mentions = not_eponyms(doc.units, mentions, doc.lexicon)
    mentions = not_titled(doc.units, mentions, doc.language)
    mark_quoted(mentions, [(p.start, p.end) for p in doc.paragraphs], doc.clean)
    doc.mentions[:] = mentions
    doc.roles_read = True


def resolve_places(doc: Doc, tools: Tools) -> None:
    """One place per mention from the whole document (geo.parse.resolve); unknown names with no cue dropped."""
    resolve(doc.mentions, tools.gazetteer)
    finer_references(doc.mentions)
    more.place_unresolved(doc.mentions, tools.gazetteer)
    doc.mentions[:] = more.not_common_words(doc.mentions, tools.models.word_ranks(doc.language))
    # A name the NER calls a place but no gazetteer knows, with no word that makes it one, is
    # more often a person or a firm ("Saakashvili", "Ripley") than an unknown village.
    doc.mentions[:] = [m for m in doc.mentions
                       if m.place is not None or m.role in _PLACING or m.source in more.KEPT_UNRESOLVED]
    doc.resolved = True


def date(doc: Doc, tools: Tools) -> None:
    """Title, dateline, publication date, and the dates each sentence states (geo.parse.dates)."""
    paras = doc.paragraphs
    first_body = next(((p.start, p.end) for p in paras if not p.is_headline), None)
    doc.dateline = find_dateline(doc.mentions, first_body, doc.clean)
    title_para = None if doc.item.title else next((p for p in paras if p.is_headline), None)
    doc.title = doc.item.title or (title_para.text if title_para else "")
    doc.title_span = (title_para.start, title_para.end) if title_para else None
    doc.published = doc.item.published or dating.publication_date(doc.clean, language=doc.language)
    if doc.published is None:
        doc.notices.append("no publication date given or found in the text: relative dates are not resolved")
    doc.dates = _sentence_dates(doc) if doc.published else {}


def syntax(docs: Sequence[Doc], tools: Tools) -> None:
    """Dependency parses of the sentences holding an event word and a resolved place, and of those only,
    one batch per language (geo.parse.nlp, geo.parse.arguments); none without a scorer to use them."""
    use = arguments.scorer() is not None
    for doc in docs:
        # Languages without a dependency parser (ru, uk read by natasha) keep the rules alone.
        doc.parses = {} if use and doc.supported and doc.lexicon is not None \
            and tools.models.can_parse(doc.language) else None
    for language in {d.language for d in docs if d.parses is not None}:
        wanted = [(d, u) for d in docs if d.parses is not None and d.language == language
                  for u in arguments.worth_parsing(d.units, d.mentions, d.lexicon)]
        parsed = tools.models.syntax([u.sentence.text for _, u in wanted], language)
        for (d, u), tokens in zip(wanted, parsed):
            d.parses[u.index] = arguments.Parse(tokens, u.sentence.start)


def link(doc: Doc, tools: Tools) -> None:
    """Events: trigger words linked to the places where they happened, one per happening (geo.parse.events);
    the news on the map (``events``), what is recalled or announced apart (``other_events``)."""
    found = find_events(doc.units, doc.mentions, doc.lexicon if doc.supported else None, dates=doc.dates,
                        published=doc.published, article_id=doc.item.id, title=doc.title,
                        dateline=doc.dateline, parses=doc.parses, statuses=STATUSES)
    doc.events = [e for e in found if e.event_status == REPORTED]
    doc.other_events = [e for e in found if e.event_status != REPORTED]


def explain(doc: Doc, tools: Tools) -> None:
    """With ``explain`` asked, a trace on every mention and event: each stage's decision and reasons."""
    if doc.item.explain:
        explaining.trace(doc.mentions, doc.events)


def assemble(doc: Doc, tools: Tools) -> None:
    """The result, with every offset and shown slice mapped back onto the text as given (geo.parse.as_given)."""
    parsed = ParseResult(doc.item.id, doc.clean, doc.language, doc.title, doc.published,
                         [u.sentence for u in doc.units], doc.mentions, doc.events, doc.notices, doc.other_events)
    doc.result = as_given(parsed, doc.norm, doc.item.text, title_span=doc.title_span)


STAGES: tuple[Stage, ...] = (
    Stage("clean", (), ("norm", "clean"), clean),
    Stage("segment", ("clean",), ("paragraphs", "language"), segment),
    Stage("analyse", ("paragraphs", "language"), ("analyses",), run_batch=analyse),
    Stage("units", ("paragraphs", "analyses", "language"), ("units", "lexicon", "supported"), units),
    Stage("recognise", ("clean", "units", "language", "lexicon"), ("mentions",), recognise),
    Stage("roles", ("clean", "units", "paragraphs", "mentions", "lexicon"), ("roles_read",), roles),
    Stage("resolve", ("mentions", "roles_read"), ("resolved",), resolve_places),
    Stage("date", ("clean", "paragraphs", "mentions", "resolved", "units", "language"),
          ("title", "title_span", "published", "dates", "dateline"), date),
    Stage("syntax", ("units", "mentions", "resolved", "lexicon", "supported", "language"), ("parses",),
          run_batch=syntax),
    Stage("link", ("units", "mentions", "resolved", "lexicon", "supported", "dates", "published", "title",
                   "dateline", "parses"), ("events", "other_events"), link),
    Stage("explain", ("mentions", "events"), ("traced",), explain),
    Stage("assemble", ("norm", "clean", "language", "title", "title_span", "published", "units", "mentions",
                       "events", "other_events"), ("result",), assemble),
)

_PLACING = (Role.LOCATIVE, Role.TARGET, Role.FACILITY)
_STOPS: dict[str, frozenset[str]] = {}


def run(docs: Sequence[Doc], tools: Tools, stages: Sequence[Stage] = STAGES) -> list[ParseResult]:
    """Run the stages in order over a batch of documents; each stage runs once per document."""
    for stage in stages:
        if stage.run_batch is not None:
            stage.run_batch(docs, tools)
        else:
            for doc in docs:
                stage.run(doc, tools)
    return [doc.result for doc in docs]


def _stop_words(language: str) -> frozenset[str]:
    if language not in _STOPS:
        _STOPS[language] = stop_words(language)
    return _STOPS[language]


def _sentence_dates(doc: Doc) -> dict[int, list[DatedSpan]]:
    out: dict[int, list[DatedSpan]] = {}
    # The dateline's day is when the article was filed, not when what it tells happened: an event
    # next to it takes its own "yesterday" or "on Sunday", else the publication date.
    line = dating.dateline_span(doc.clean, language=doc.language, base=doc.published.date)
    filed = (line[0], line[1]) if line and line[2] == doc.published.date else (0, 0)
    for u in doc.units:
        found = dating.find_dates(u.sentence.text, base=doc.published.date, language=doc.language)
        spans = [DatedSpan(u.sentence.start + d.start, u.sentence.start + d.end, d.info, d.future) for d in found]
        spans = [d for d in spans if not (d.start < filed[1] and filed[0] < d.end)]
        if spans:
            out[u.index] = spans
    return out
