"""The document the parse stages pass along: one article, filled in field by field, and what a parse returns."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Iterable

from geo.lang.lexicons import Lexicon
from geo.model import DateInfo, Event, Mention, Sentence
from geo.parse.arguments import Parse
from geo.parse.events import DatedSpan
from geo.parse.nlp import Analysis
from geo.parse.recognize import Unit
from geo.parse.text import Normalised, Paragraph


@dataclass(slots=True)
class ParseInput:
    """One article to parse."""

    text: str
    id: str = ""
    language: str | None = None
    published: DateInfo | None = None
    title: str = ""
    explain: bool = False  # record each stage's decisions on mentions and events (``trace``)


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
    # Events recalled from before (background) or announced (planned): kept, off the map by default.
    other_events: list[Event] = field(default_factory=list)


@dataclass(slots=True)
class Step:
    """One decision a stage made about a mention or an event, with its main reasons (``--explain``)."""

    stage: str
    decision: str
    reasons: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Doc:
    """One article on its way through the stages. Every field but ``item`` and ``notices`` starts unset
    (None) and is set by the one stage that declares it in ``assigns``; every offset is into ``clean``."""

    item: ParseInput
    notices: list[str] = field(default_factory=list)
    norm: Normalised | None = None
    clean: str | None = None
    paragraphs: list[Paragraph] | None = None
    language: str | None = None
    analyses: Iterable[Analysis] | None = None  # a stream, read once by the units stage (geo.parse.stages.Feed)
    units: list[Unit] | None = None
    lexicon: Lexicon | None = None
    supported: bool | None = None
    mentions: list[Mention] | None = None
    roles_read: bool | None = None
    resolved: bool | None = None
    title: str | None = None
    title_span: tuple[int, int] | None = None
    published: DateInfo | None = None
    dates: dict[int, list[DatedSpan]] | None = None
    dateline: Mention | None = None
    parses: dict[int, Parse] | None = None  # sentence index → dependency parse (geo.parse.arguments)
    events: list[Event] | None = None
    other_events: list[Event] | None = None
    traced: bool | None = None
    result: ParseResult | None = None

    @classmethod
    def slots(cls) -> tuple[str, ...]:
        """The names of the fields stages may assign."""
        return tuple(f.name for f in fields(cls) if f.name not in ("item", "notices"))
