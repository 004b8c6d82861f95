"""No Python module of src/geo holds a list of words of a human language: those live in data/ (language packs
under data/lang/<code>/, toponymy under data/gazetteer/). A collection literal of two or more alphabetic
strings (set, tuple, list, dict keys, "a b c".split()) must hold only the project's own tokens: field and column
names, enum values, URL keys, or the few machine vocabularies allowed below."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from geo.export.records import CSV_COLUMNS, PROPERTIES
from geo.model import DatePrecision, EventType, PlaceKind, Precision, Role
from geo.store import tables
from geo.ui.view import QUERY_KEYS

SRC = Path(__file__).resolve().parents[1] / "src" / "geo"
WORD = re.compile(r"^[^\W\d_]+(?:['’ -][^\W\d_]+)*\.?$")
MIN_WORDS = 2  # a pair is a list too ({"times", "post"})

# The project's own vocabulary: what the code names, not what a language says.
PROJECT_TOKENS = (
    {c.name for table in tables.metadata.tables.values() for c in table.columns}
    | set(tables.metadata.tables)
    | {str(v.value) for enum in (DatePrecision, EventType, PlaceKind, Precision, Role) for v in enum}
    | set(PROPERTIES) | set(CSV_COLUMNS) | set(QUERY_KEYS)
)


def code_tokens(paths: list[Path]) -> set[str]:
    """Every name the code itself uses (variables, attributes, arguments, keywords, functions, classes) and
    every string it reads a record with (row["label"], row.get("weight")): field names, not words of a language."""
    out: set[str] = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Name):
                out.add(node.id)
            elif isinstance(node, ast.Attribute):
                out.add(node.attr)
            elif isinstance(node, ast.arg):
                out.add(node.arg)
            elif isinstance(node, ast.keyword) and node.arg:
                out.add(node.arg)
            elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                out.add(node.name)
            elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
                out.add(str(node.slice.value))
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
                  and node.args and isinstance(node.args[0], ast.Constant)):
                out.add(str(node.args[0].value))
    return out


# Machine vocabularies that happen to be spelt with letters (each a standard's or a library's, not a language's).
ALLOWED = {
    # Universal Dependencies / spaCy dependency labels and their classes (geo.parse.arguments, status)
    "nsubj", "nsubjpass", "csubj", "csubjpass", "expl", "agent", "dobj", "obj", "iobj", "attr", "dative", "oprd",
    "pobj", "obl", "npadvmod", "advmod", "nmod", "amod", "nummod", "poss", "compound", "appos", "conj", "subj",
    "subjpass", "other", "prep", "acl", "relcl", "ccomp", "xcomp", "advcl", "parataxis", "dep", "root", "mark",
    "case", "det", "cc", "punct", "aux", "auxpass", "cop", "neg",
    # the preposition classes of data/lang/<code>/arguments.tsv (its `class` column's values)
    "at", "near", "origin", "goal", "about", "with", "of", "by",
    # feature names of the learned scorer's weight file (geo.parse.arguments)
    "bias", "rule", "after", "dominates", "quoted", "fronted", "headline",
    # spaCy pipe names (geo.parse.nlp); ISO 639-1 codes; file formats; evaluation corpora; marker shapes
    "parser", "lemmatizer", "morphologizer", "tagger", "ner", "en", "fr", "ru", "uk", "de", "es", "it", "pt",
    "geojson", "csv", "json", "jsonl", "png", "lgl", "geovirus", "hipe", "triangle", "diamond", "circle", "square",
    # HTML element names (geo.ingest.readers); HTTP content encodings; address classes (geo.ingest.fetch)
    "script", "style", "noscript", "template", "head", "p", "div", "br", "li", "tr", "article", "section",
    "blockquote", "h1", "gzip", "x-gzip", "deflate", "loopback", "link-local", "private", "multicast",
    "unspecified", "reserved",
    # the project's codes: event and review statuses, how a date was known, admin-1 unit keys
    # (data/gazetteer/admin1_units.tsv), CLI commands, geocoder names, setting kinds, date orders, meta keys
    "reported", "background", "planned", "automatic", "accepted", "corrected", "rejected", "publication",
    "given", "dateline", "day-counter", "explicit", "relative", "context", "file", "republic", "okrug", "city",
    "eval", "synth", "nominatim", "photon", "flag", "positive", "numeric", "dmy", "mdy", "iso", "fingerprint",
    "built", "nl", "pl", "ner-cued", "pane", "styles", "https", "weak", "synthetic", "explore", "briefing",
    "lakes", "rivers", "gold spans", "end to end",  # URL scheme, trigger strength, date source, view modes,
    # basemap layers, evaluation modes
    # configuration syntax (GEO_* flags), not prose
    "true", "yes", "on", "false", "no", "off",
    # letter groups, not words: OCR confusions (geo.parse.recognize_more), transliteration digraphs of Russian
    # and Ukrainian in Dutch/German and French styles (geo.lang.names, geo.gazetteer.build)
    "rn", "ii", "cl", "ck", "tsj", "zj", "sj", "zh", "ch", "sh", "ou", "tch", "dzh", "kh", "ye",
    # OpenCorpora grammeme tags as pymorphy3 names cases and tenses (geo.lang.morphology, geo.parse.roles)
    "nomn", "gent", "gen2", "datv", "accs", "ablt", "loct", "loc2", "voct", "futr", "past", "pres",
}


def _strings(node: ast.AST) -> list[str]:
    if isinstance(node, (ast.Set, ast.Tuple, ast.List)):
        out: list[str] = []
        for e in node.elts:
            if isinstance(e, ast.Constant) and isinstance(e.value, str):
                out.append(e.value)
            elif isinstance(e, (ast.Tuple, ast.List)):
                out += _strings(e)
        return out
    if isinstance(node, ast.Dict):
        return [k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "split"
            and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str)):
        return node.func.value.value.split()
    return []


def word_lists(path: Path, known: set[str] = frozenset()) -> list[tuple[int, list[str]]]:
    """(line, the words) of each collection literal in a module that holds words of no known vocabulary."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        strings = _strings(node)
        if all(len(x) == 1 for x in strings):
            continue  # single characters: letters and Unicode classes (names.fold's table), not words
        # Lowercase words: capitalised strings here are labels, codes and headers (PER, UA, User-Agent).
        words = [x for x in strings if len(x) > 1 and WORD.match(x.strip()) and x == x.lower()]
        strange = [w for w in words if w not in PROJECT_TOKENS and w not in ALLOWED and w not in known]
        if len(words) >= MIN_WORDS and strange:
            found.append((node.lineno, strange))
    return found


def test_no_module_holds_a_list_of_words():
    modules = sorted(SRC.rglob("*.py"))
    known = code_tokens(modules)
    offenders = [f"{p.relative_to(SRC)}:{line}: {words[:6]}" for p in modules
                 for line, words in word_lists(p, known)]
    assert not offenders, "word lists belong in data/lang/<code>/ or data/gazetteer/:\n" + "\n".join(offenders)


def test_the_check_finds_a_word_list(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('STOP = {"the", "of", "près"}\nOK = ("id", "type", "date")\nCUES = "near nearby by".split()\n')
    assert [line for line, _ in word_lists(module)] == [1, 3]
