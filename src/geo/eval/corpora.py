"""Gold corpora for evaluation: LGL, GeoVirus and HIPE (NewsEye) read into plain dataclasses.

The corpora themselves live outside the repository (``../shared/eval`` or ``$GEO_SHARED_DIR/eval``) and
are never copied into it. Every loader checks that ``text[start:end]`` equals the annotated phrase; a
mismatch is counted and reported with a :class:`CorpusWarning`, never fixed silently.
"""

from __future__ import annotations

import datetime as dt
import warnings
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from geo import settings
from geo.errors import InputError
from geo.paths import REPO_ROOT

SHARED_ENV = "GEO_SHARED_DIR"

# Short names accepted by load_corpus, with the file each stands for inside <shared>/eval.
CORPUS_FILES = {
    "lgl": "lgl.xml",
    "geovirus": "GeoVirus.xml",
    "hipe": "HIPE-2022-v2.1-newseye-dev-fr.tsv",
}


class CorpusWarning(UserWarning):
    """Gold annotations that do not match the text they point into."""


@dataclass(frozen=True, slots=True)
class GoldPlace:
    """A gold toponym: a 0-based span ``text[start:end]`` and, where the corpus has them, coordinates."""

    start: int
    end: int
    text: str
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    feature_code: str = ""

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(slots=True)
class GoldDocument:
    """One annotated article."""

    id: str
    text: str
    language: str
    places: list[GoldPlace] = field(default_factory=list)
    published: dt.date | None = None
    # HIPE tags names of places (LOC), never demonyms ("les Suisses"): those are not scored there.
    demonyms_scored: bool = True


def shared_dir() -> Path | None:
    """The shared data folder: $GEO_SHARED_DIR, else ``<repo root>/../shared``; None when absent."""
    env = settings.value(SHARED_ENV)
    path = Path(env).expanduser() if env else REPO_ROOT.parent / "shared"
    return path if path.is_dir() else None


def offset_mismatches(docs: list[GoldDocument]) -> list[str]:
    """Describe every gold place whose span does not read as its annotated phrase (empty when all do)."""
    problems = []
    for doc in docs:
        for place in doc.places:
            found = doc.text[place.start : place.end]
            if found != place.text or not 0 <= place.start < place.end <= len(doc.text):
                problems.append(f"{doc.id} [{place.start}:{place.end}] {place.text!r} != {found!r}")
    return problems


def _report_mismatches(path: Path, docs: list[GoldDocument]) -> None:
    problems = offset_mismatches(docs)
    if problems:
        shown = "; ".join(problems[:5]) + (" …" if len(problems) > 5 else "")
        warnings.warn(
            f"{path.name}: {len(problems)} gold span(s) do not match the text: {shown}",
            CorpusWarning,
            stacklevel=3,
        )


def _parse_xml(path: Path) -> ET.Element:
    try:
        return ET.parse(path).getroot()
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such corpus file") from exc
    except (OSError, ET.ParseError) as exc:
        raise InputError(f"{path.name}: cannot read as XML: {exc}") from exc


def _int(elem: ET.Element, tag: str, path: Path, where: str) -> int:
    value = elem.findtext(tag)
    try:
        return int(value.strip())  # type: ignore[union-attr]
    except (AttributeError, ValueError) as exc:
        raise InputError(f"{path.name}: {where}: <{tag}> is {value!r}, not an integer") from exc


def _float(value: str | None) -> float | None:
    if value is None or not value.strip():
        return None
    return float(value)


def _date(value: str | None) -> dt.date | None:
    """The date at the start of an ISO timestamp ('2009-03-20 12:24:52-05'), None if absent or 'NA'."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def load_lgl(path: str | Path) -> list[GoldDocument]:
    """Read LGL (``<article docid><text><toponyms><toponym><start><end><phrase><gaztag>``); 0-based offsets."""
    path = Path(path)
    root = _parse_xml(path)
    docs = []
    for n, article in enumerate(root.iter("article")):
        doc_id = article.get("docid") or str(n)
        text = article.findtext("text")
        if text is None:
            raise InputError(f"{path.name}: article {doc_id} has no <text>")
        places = []
        for toponym in article.iter("toponym"):
            where = f"article {doc_id}"
            start, end = _int(toponym, "start", path, where), _int(toponym, "end", path, where)
            phrase = toponym.findtext("phrase") or ""
            lat = lon = gid = None
            fcode = ""
            gaztag = toponym.find("gaztag")
            if gaztag is not None:
                try:
                    lat, lon = _float(gaztag.findtext("lat")), _float(gaztag.findtext("lon"))
                    gid = int(gaztag.get("geonameid")) if gaztag.get("geonameid") else None
                except ValueError as exc:
                    raise InputError(f"{path.name}: {where}: bad <gaztag> for {phrase!r}: {exc}") from exc
                fcode = (gaztag.findtext("fcode") or "").strip()
            places.append(GoldPlace(start, end, phrase, lat, lon, gid, fcode))
        docs.append(GoldDocument(doc_id, text, "en", places, _date(article.findtext("dltime"))))
    if not docs:
        raise InputError(f"{path.name}: no <article> found: not an LGL file")
    _report_mismatches(path, docs)
    return docs


def load_geovirus(path: str | Path) -> list[GoldDocument]:
    """Read GeoVirus (``<article><source><text><locations><location>``); its 1-based offsets become 0-based."""
    path = Path(path)
    root = _parse_xml(path)
    docs = []
    for n, article in enumerate(root.iter("article")):
        doc_id = f"geovirus-{n}"
        text = article.findtext("text")
        if text is None:
            raise InputError(f"{path.name}: article {n} has no <text>")
        places = []
        # iter(), not the children of <locations>: one article nests <location> elements inside each other.
        for location in article.iter("location"):
            if location.find("name") is None:
                continue
            where = f"article {n}"
            start, end = _int(location, "start", path, where), _int(location, "end", path, where)
            try:
                lat, lon = _float(location.findtext("lat")), _float(location.findtext("lon"))
            except ValueError as exc:
                raise InputError(f"{path.name}: {where}: bad coordinates: {exc}") from exc
            places.append(GoldPlace(start - 1, end - 1, location.findtext("name") or "", lat, lon))
        docs.append(GoldDocument(doc_id, text, "en", places, None))
    if not docs:
        raise InputError(f"{path.name}: no <article> found: not a GeoVirus file")
    _report_mismatches(path, docs)
    return docs


def load_hipe(path: str | Path, *, dehyphenate: bool = False) -> list[GoldDocument]:
    """Read a HIPE-2022 TSV; each document's text is rebuilt from its tokens and LOC spans point into it.

    Tokens are joined by one space, by nothing after ``NoSpaceAfter``, and by a newline at a line end:
    after ``EndOfLine`` (always a hyphenated word such as ``Constan¬``) and where ``NoSpaceAfter`` would
    glue two words together (``des|impôts``: NewsEye marks unhyphenated line ends that way). With
    ``dehyphenate`` the ``¬`` is dropped and the halves joined, as a reader would see the word.
    A LOC split by the annotators at a line-end hyphen (``Constan¬`` B-LOC, ``tinople`` B-LOC) is one span.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such corpus file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path.name}: cannot read as UTF-8 text: {exc}") from exc
    if not lines or not lines[0].startswith("TOKEN\t"):
        raise InputError(f"{path.name}: not a HIPE TSV (the first line should be the TOKEN… header)")
    header = lines[0].split("\t")
    try:
        col_tag, col_misc = header.index("NE-COARSE-LIT"), header.index("MISC")
    except ValueError as exc:
        raise InputError(f"{path.name}: header lacks the NE-COARSE-LIT or MISC column") from exc

    raw: list[tuple[dict[str, str], list[tuple[str, str, set[str]]]]] = []  # (metadata, tokens) a document
    for number, line in enumerate(lines[1:], start=2):
        if line.startswith("#"):
            key, _, value = line[1:].partition("=")
            key = key.strip().split(":")[-1]
            if key == "document_id" or not raw:
                raw.append(({}, []))
            raw[-1][0][key] = value.strip()
            continue
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) <= max(col_tag, col_misc):
            raise InputError(f"{path.name}: line {number}: {len(cells)} columns, expected {len(header)}")
        if not raw:
            raw.append(({}, []))
        # NewsEye writes "B-LOC", hipe2020 and letemps "B-loc": one reading for both.
        raw[-1][1].append((cells[0], cells[col_tag].upper(), set(cells[col_misc].split("|"))))

    docs = []
    for n, (meta, tokens) in enumerate(raw):
        text, spans = _rebuild(tokens, dehyphenate)
        places = [GoldPlace(start, end, text[start:end]) for start, end in spans]
        docs.append(GoldDocument(meta.get("document_id", f"doc-{n}"), text, meta.get("language", ""), places,
                                 _date(meta.get("date")), demonyms_scored=False))
    if not docs or not any(doc.text for doc in docs):
        raise InputError(f"{path.name}: no documents found")
    _report_mismatches(path, docs)
    return docs


def _rebuild(tokens: list[tuple[str, str, set[str]]], dehyphenate: bool) -> tuple[str, list[tuple[int, int]]]:
    """Join HIPE tokens into text; return it with the (start, end) of each LOC span."""
    parts: list[str] = []
    length = 0
    spans: list[tuple[int, int]] = []
    span: list[int] | None = None
    for i, (token, tag, misc) in enumerate(tokens):
        hyphenated = "EndOfLine" in misc and token.endswith("¬")
        if dehyphenate and hyphenated:
            token = token[:-1]
        continues = tag == "I-LOC" or (tag == "B-LOC" and i > 0 and _broken_word(tokens[i - 1]))
        if span is not None and not continues:
            spans.append((span[0], span[1]))
            span = None
        if tag in ("B-LOC", "I-LOC"):
            if span is None:
                span = [length, length]
            span[1] = length + len(token)
        parts.append(token)
        length += len(token)
        if i + 1 < len(tokens):
            following = tokens[i + 1][0]
            if "EndOfLine" in misc:
                separator = "" if dehyphenate and hyphenated else "\n"
            elif "NoSpaceAfter" in misc:
                glued = token[-1:].isalnum() and following[:1].isalnum()
                separator = "\n" if glued else ""
            else:
                separator = " "
            parts.append(separator)
            length += len(separator)
    if span is not None:
        spans.append((span[0], span[1]))
    return "".join(parts), spans


def _broken_word(previous: tuple[str, str, set[str]]) -> bool:
    """Whether a LOC token ends a line with a hyphen, so a B-LOC after it is the rest of the word."""
    token, tag, misc = previous
    return tag in ("B-LOC", "I-LOC") and "EndOfLine" in misc and token.endswith("¬")


def _kind(path: Path) -> str:
    """Which loader reads the file: by extension, then by the XML elements it holds."""
    if path.suffix.lower() == ".tsv":
        return "hipe"
    if path.suffix.lower() != ".xml":
        raise InputError(f"{path.name}: unknown corpus format (expected .xml or .tsv)")
    try:
        with path.open(encoding="utf-8") as handle:
            head = handle.read(20000)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc}") from exc
    if "<toponym" in head:
        return "lgl"
    if "<location" in head:
        return "geovirus"
    raise InputError(f"{path.name}: neither LGL (<toponym>) nor GeoVirus (<location>) XML")


def load_corpus(path_or_name: str) -> tuple[str, list[GoldDocument]]:
    """Load a corpus by file path or by short name ('lgl', 'geovirus', 'hipe'); return (name, documents)."""
    key = path_or_name.strip().lower()
    if key in CORPUS_FILES:
        shared = shared_dir()
        if shared is None:
            raise InputError(
                f"corpus {path_or_name!r}: no shared data folder (set {SHARED_ENV} or put it at ../shared)"
            )
        path = shared / "eval" / CORPUS_FILES[key]
    else:
        path = Path(path_or_name).expanduser()
    if not path.is_file():
        raise InputError(f"{path}: no such corpus file")
    kind = _kind(path)
    name = next((short for short, file in CORPUS_FILES.items() if file == path.name), path.stem)
    loader = {"lgl": load_lgl, "geovirus": load_geovirus, "hipe": load_hipe}[kind]
    return name, loader(path)
