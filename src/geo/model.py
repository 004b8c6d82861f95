"""The vocabulary: plain dataclasses passed between the stages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class PlaceKind(StrEnum):
    """What sort of gazetteer entry a place is."""

    CONTINENT = "continent"
    AREA = "area"  # a sea, a world region, a conflict area: no admin boundary holds it
    COUNTRY = "country"
    REGION = "region"  # admin-1: state, oblast, krai, région
    DISTRICT = "district"  # admin-2: county, département, raion
    SETTLEMENT = "settlement"  # city, town, village


class Precision(StrEnum):
    """How exactly a point stands for what the text names."""

    FACILITY = "facility"  # a refinery, station, plant named near a settlement: the point is the settlement
    SETTLEMENT = "settlement"
    DISTRICT = "district"
    REGION = "region"
    COUNTRY = "country"
    AREA = "area"
    CONTINENT = "continent"


class EventType(StrEnum):
    """Journalist-facing event types, after ACLED."""

    STRIKE = "strike"
    CLASH = "clash"
    MEETING = "meeting"
    STATEMENT = "statement"
    PROTEST = "protest"
    OTHER = "other"


class Role(StrEnum):
    """What the words around a place name make of it (geo.parse.roles)."""

    NONE = ""  # no cue
    LOCATIVE = "locative"  # something happens at it: "à Paris", "in Riyadh"
    TARGET = "target"  # what a strike hit: "frappe sur Kharkiv", "Odessa a été visée"
    FACILITY = "facility"  # named as a facility's place: "raffinerie d'Ilsky"
    ACTOR = "actor"  # metonymy: "talks with Moscow", "l'aide à Kyiv"
    DIRECTION = "direction"  # motion to or from it: "départ pour Paris", "launched from Yemen"
    TOPIC = "topic"  # what a subject is about: "la guerre en Ukraine"
    REFERENCE = "reference"  # says where another place is: "Brovary, près de Kyiv"
    NAME_PART = "name-part"  # inside another name: "Paris Hilton", "Manchester United"


class DatePrecision(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry (GeoNames id for GeoNames places)."""

    id: int
    name: str
    country: str  # ISO 3166-1 alpha-2, "" for continents
    lat: float
    lon: float
    kind: PlaceKind
    population: int = 0
    admin1: str = ""  # admin-1 region name, e.g. "Krasnodar Krai"
    admin1_code: str = ""  # GeoNames admin-1 code, e.g. "38"
    feature_code: str = ""  # GeoNames feature code where known (PPLC, ADM1, PCLI…)

    @property
    def label(self) -> str:
        """Name, region, country: what a reader needs to tell two places apart."""
        parts = [self.name]
        if self.admin1 and self.admin1 != self.name:
            parts.append(self.admin1)
        if self.country and self.kind is not PlaceKind.COUNTRY:
            parts.append(self.country)
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class DateInfo:
    """A date with how precise it is and how it was known."""

    date: dt.date
    precision: DatePrecision = DatePrecision.DAY
    how: str = "given"  # given, dateline, day-counter, file, explicit, relative, context, publication


@dataclass(slots=True)
class Candidate:
    """One place a mention could mean, with the resolver's score."""

    place: Place
    score: float
    reasons: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Mention:
    """A span of the article naming a place, with the place chosen for it."""

    start: int
    end: int
    text: str
    source: str = "ner"  # ner, gazetteer, facility, gold
    kind: str = "toponym"  # toponym, demonym
    facility: str = ""  # "raffinerie de pétrole", "oil pumping station"… when named as a facility
    sentence: int = -1  # index into the parse's sentences
    place: Place | None = None
    candidates: list[Candidate] = field(default_factory=list)
    confidence: float = 0.0
    precision: Precision | None = None
    conflicts: list[str] = field(default_factory=list)
    # What the words before the name make of it: locative ("à Paris"), target ("frappe sur Kharkiv"),
    # actor (metonymy: "entre nous et Washington", "l'aide à Kyiv"), direction ("départ pour Paris"),
    # facility ("raffinerie d'Ilsky"), or "" (no cue).
    role: Role = Role.NONE
    quoted: bool = False  # inside quotation marks: a place someone spoke of, not where they spoke
    region_word: bool = False  # the words around name a region by it: "the Kharkiv and Sumy regions"
    listed: int = -1  # names joined in one list ("Utah, Washington and Wyoming") share this number
    within: int = -1  # start of the name written as holding this one: "Athens, Georgia" (Athens -> Georgia)
    trace: list = field(default_factory=list)  # geo.parse.doc.Step per stage, when a parse is explained

    @property
    def locative(self) -> bool:
        """Whether the text puts something at this place (not metonymy, not a destination)."""
        return self.role in (Role.LOCATIVE, Role.FACILITY, Role.TARGET)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (or headline) with offsets into the text as given."""

    start: int
    end: int
    text: str
    paragraph: int
    section: int  # paragraphs under the same headline share a section
    is_headline: bool = False


@dataclass(slots=True)
class Event:
    """Something the article says happened at a place on a date."""

    id: str
    type: EventType
    place: Place
    precision: Precision
    confidence: float
    date: DateInfo | None
    sentences: list[Sentence]
    headline: str = ""
    trigger: str = ""
    mention: Mention | None = None
    actors: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    status: str = "automatic"  # automatic, corrected, rejected
    article_id: str = ""
    sources: list[str] = field(default_factory=list)
    trace: list = field(default_factory=list)  # geo.parse.doc.Step per stage, when a parse is explained
    # Whether the article reports it as news ("reported"), recalls it from before ("background") or
    # announces it ("planned", dated the day it is planned for); ``status`` is the review status.
    event_status: str = "reported"


@dataclass(slots=True)
class Article:
    """A news article as ingested."""

    id: str
    text: str
    title: str = ""
    url: str = ""
    source: str = ""
    language: str = ""
    published: DateInfo | None = None
    ingested: dt.datetime | None = None
