"""Text as given → text ready for NLP, paragraphs, headlines, sentences and language.

``normalise`` decodes HTML entities (changing the length) and keeps the edits, so that offsets into the
clean text map back to the text as given; everything else here keeps the length.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from html.entities import html5

from geo.model import Sentence

# One-for-one replacements: curly apostrophes confuse the French tokenizer ("n’"/"qu’" become
# junk entities) and invisible spaces split names.
_SAME_LENGTH = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'",
    "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\u200b": " ", "\ufeff": " ",
    "\t": " ", "\r": " ", "\x0b": " ", "\x0c": " ",
})
# Only complete entities, ";" included: the "&" of "AT&T" or of "?a=1&copy=2" is text.
_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
_HEADLINE_END = tuple(".!?:;»\"”…,")
MAX_HEADLINE_WORDS = 25


def _decode(entity: re.Match[str]) -> str | None:
    """What one complete entity stands for (html.unescape's rules), None when it is no entity."""
    body = entity.group(1)
    if body.startswith("#"):
        # html.unescape knows the odd cases: &#150; is "–" (cp1252), &#0; is U+FFFD, &#1; is nothing.
        return html.unescape(entity.group(0))
    # The HTML5 table with its ";", not html.unescape: that would read "&notit;" as "¬it;".
    return html5.get(body + ";")


def clean_for_nlp(text: str) -> str:
    """Same-length cleaning: apostrophes, odd spaces, one-character HTML entities (decoded and padded)."""

    def entity(m: re.Match[str]) -> str:
        decoded = _decode(m)
        if decoded is None or len(decoded) != 1:
            return m.group(0)
        return decoded + " " * (len(m.group(0)) - 1)

    out = _ENTITY.sub(entity, text) if "&" in text else text
    return out.translate(_SAME_LENGTH)


@dataclass(frozen=True, slots=True)
class Edits:
    """The spans an entity decoding replaced: parallel lists, increasing in both texts."""

    clean_starts: tuple[int, ...]
    clean_ends: tuple[int, ...]
    original_starts: tuple[int, ...]
    original_ends: tuple[int, ...]


def _map_start(offset: int, starts: tuple[int, ...], ends: tuple[int, ...],
               to_starts: tuple[int, ...], to_ends: tuple[int, ...]) -> int:
    """A start offset across the edits: inside a replaced span it goes to that span's start."""
    i = bisect_right(starts, offset) - 1
    if i < 0:
        return offset
    if offset < ends[i]:
        return to_starts[i]
    return offset + to_ends[i] - ends[i]


def _map_end(offset: int, starts: tuple[int, ...], ends: tuple[int, ...],
             to_starts: tuple[int, ...], to_ends: tuple[int, ...]) -> int:
    """An end offset across the edits: the end of the span that produced the character before it."""
    i = bisect_left(starts, offset) - 1  # the last edit starting before the character at offset - 1 ends
    if i < 0:
        return offset
    if offset <= ends[i]:
        return to_ends[i]
    return offset + to_ends[i] - ends[i]


@dataclass(frozen=True, slots=True)
class Normalised:
    """Text ready for NLP, and the edits that lead its offsets back to the text as given."""

    clean: str
    edits: Edits | None = None  # None: same length, offsets are the same in both texts

    def original_start(self, offset: int) -> int:
        """Where the clean character at ``offset`` came from in the text as given."""
        e = self.edits
        return offset if e is None else _map_start(offset, e.clean_starts, e.clean_ends, e.original_starts,
                                                   e.original_ends)

    def original_end(self, offset: int) -> int:
        """The end, in the text as given, of what produced the clean characters before ``offset``."""
        e = self.edits
        return offset if e is None else _map_end(offset, e.clean_starts, e.clean_ends, e.original_starts,
                                                 e.original_ends)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """A clean span → the span of the text as given that produced it."""
        if self.edits is None:
            return start, end
        s = self.original_start(start)
        return s, max(s, self.original_end(end))

    def to_clean(self, start: int, end: int) -> tuple[int, int]:
        """A span of the text as given → the clean span it became (an entity cut in two is taken whole)."""
        e = self.edits
        if e is None:
            return start, end
        s = _map_start(start, e.original_starts, e.original_ends, e.clean_starts, e.clean_ends)
        return s, max(s, _map_end(end, e.original_starts, e.original_ends, e.clean_starts, e.clean_ends))


# A line that goes on in lower case, or after a short lower-case word ("de", "à", "the": no sentence ends
# there), continues the sentence before it: the break is the width of a column, not a paragraph.
_BREAK = re.compile(r"\n(?=[ \t]*([^\W\d_]))")
_LAST_WORD = re.compile(r"(\S*)[ \t]*$")


def reflow(text: str) -> str:
    """Turn the line breaks of wrapped lines into spaces (same length), so that a sentence, and a name
    broken over two lines ("à\nNew York"), reads whole; paragraph breaks stay."""
    if "\n" not in text:
        return text
    chars = None
    for m in _BREAK.finditer(text):
        last = _LAST_WORD.search(text, max(0, m.start() - 40), m.start()).group(1)
        if not last or last[-1] in ".!?:;»\"”":
            continue
        if m.group(1).islower() or (len(last) <= 3 and last.isalpha() and last.islower()):
            chars = chars or list(text)
            chars[m.start()] = " "
    return "".join(chars) if chars else text


# OCR exports mark a word broken at a line end with "¬" ("Constan¬\ntinople"): the word is read whole.
_LINE_BREAK_HYPHEN = re.compile(r"(?<=\w)¬[ \t]*\r?\n[ \t]*(?=\w)")


def _edits(text: str) -> list[tuple[re.Match[str], str]]:
    """Entities to decode and OCR line-end hyphens to drop, in text order: (match, replacement)."""
    found = []
    if "&" in text:
        found += [(m, d) for m in _ENTITY.finditer(text) if (d := _decode(m)) is not None]
    if "¬" in text:
        found += [(m, "") for m in _LINE_BREAK_HYPHEN.finditer(text)]
    return sorted(found, key=lambda f: f[0].start())


def normalise(text: str) -> Normalised:
    """Decode HTML entities, join the words an OCR line-end "¬" broke, apply the one-for-one
    replacements, keeping the way back to ``text``."""
    if "&" not in text and "¬" not in text:  # the common case: no edit, no map
        return Normalised(reflow(text.translate(_SAME_LENGTH)))
    pieces: list[str] = []
    clean_starts: list[int] = []
    clean_ends: list[int] = []
    original_starts: list[int] = []
    original_ends: list[int] = []
    pos = length = 0
    for m, decoded in _edits(text):
        pieces.append(text[pos : m.start()])
        length += m.start() - pos
        pieces.append(decoded)
        clean_starts.append(length)
        length += len(decoded)
        clean_ends.append(length)
        original_starts.append(m.start())
        original_ends.append(m.end())
        pos = m.end()
    if not pieces:
        return Normalised(reflow(text.translate(_SAME_LENGTH)))
    pieces.append(text[pos:])
    # Translating after decoding also turns a decoded &rsquo; or &nbsp; into "'" or " ".
    clean = reflow("".join(pieces).translate(_SAME_LENGTH))
    edits = Edits(tuple(clean_starts), tuple(clean_ends), tuple(original_starts), tuple(original_ends))
    return Normalised(clean, edits)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A line of text (headline or body) with its offsets."""

    start: int
    end: int
    text: str
    index: int
    section: int
    is_headline: bool


# A capitalised place and a comma, then more: a dateline opening the body, not a title.
_DATELINE_OPENING = re.compile(r"[A-ZÀ-Ý][A-ZÀ-Ý'’. -]{2,}, .*[a-zà-ÿ]")  # not "UKRAINE, RUSSIA TALKS"


def is_headline(line: str, *, first: bool = False) -> bool:
    """A short line without closing punctuation reads as a headline; the first line too if short."""
    stripped = line.strip()
    if not stripped:
        return False
    words = len(stripped.split())
    if words > MAX_HEADLINE_WORDS:
        return False
    if first:
        return not _DATELINE_OPENING.match(stripped)  # "KYIV, Feb. 17 (Reuters) - …" opens a body
    return not stripped.endswith(_HEADLINE_END) and words >= 3


# The longest paragraph handed to the language model at once. Longer ones (a transcript, a text with no
# line breaks) are cut into windows at sentence ends, so that time and memory grow with the text's length,
# not with its square, and no text reaches spaCy's length limit (1,000,000 characters).
MAX_PARAGRAPH_CHARS = 10_000
_SPACE = re.compile(r"\s+")


def windows(text: str, size: int = MAX_PARAGRAPH_CHARS) -> list[tuple[int, int]]:
    """``text`` cut into spans of at most ``size`` characters: after the last sentence end of each window's
    second half, else at its last space, else at ``size``; spaces between spans are left out."""
    out: list[tuple[int, int]] = []
    pos, n = 0, len(text)
    while pos < n:
        if n - pos <= size:
            cut, nxt = n, n
        else:
            lo, hi = pos + size // 2, pos + size
            ends = [m for m in _SENTENCE_END.finditer(text, lo, hi + 1)]
            spaces = ends or [m for m in _SPACE.finditer(text, lo, hi + 1)]
            if spaces:
                cut, nxt = spaces[-1].start(), spaces[-1].end()
            else:
                cut, nxt = hi, hi
        chunk = text[pos:cut]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            out.append((pos + lead, pos + len(chunk.rstrip())))
        pos = max(nxt, pos + 1)
    return out


def paragraphs(text: str) -> list[Paragraph]:
    """Split on line breaks; headlines open a new section. Offsets are into ``text``."""
    out: list[Paragraph] = []
    section = 0
    for m in re.finditer(r"[^\n]+", text):
        raw = m.group(0)
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        if not body:
            continue
        start = m.start() + lead
        if len(body) > MAX_PARAGRAPH_CHARS:  # no headline: each window a paragraph of its own
            for s, e in windows(body):
                out.append(Paragraph(start + s, start + e, body[s:e], len(out), section, False))
            continue
        headline = is_headline(body, first=not out)
        if headline and out and not out[-1].is_headline:
            section += 1
        out.append(Paragraph(start, start + len(body), body, len(out), section, headline))
    if len(out) == 1 and out[0].is_headline:  # a one-line text is all body
        out[0] = Paragraph(out[0].start, out[0].end, out[0].text, 0, 0, False)
    return out


_SENTENCE_END = re.compile(r"(?<=[.!?…])[»\"”)]*\s+(?=[«\"“(]?[A-ZÀ-ÖØ-ÞА-Я0-9])")


def split_sentences(paragraph: Paragraph) -> list[Sentence]:
    """Rule-based sentence split, used where no language model runs."""
    out: list[Sentence] = []
    pos = 0
    text = paragraph.text
    for m in _SENTENCE_END.finditer(text):
        out.append(_sentence(paragraph, pos, m.start()))
        pos = m.end()
    out.append(_sentence(paragraph, pos, len(text)))
    return [s for s in out if s.text]


def _sentence(p: Paragraph, start: int, end: int) -> Sentence:
    chunk = p.text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    chunk = chunk.strip()
    s = p.start + start + lead
    return Sentence(s, s + len(chunk), chunk, p.index, p.section, p.is_headline)


SUPPORTED_LANGUAGES = ("fr", "en")  # warmed up at start; Russian and Ukrainian load on their first article
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


@lru_cache(maxsize=1)
def _langid():
    import py3langid

    return py3langid


@lru_cache(maxsize=1)
def _slavic_detector():
    """lingua restricted to Russian and Ukrainian: reliable on short texts where py3langid confuses them."""
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.RUSSIAN, Language.UKRAINIAN).build()


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language: py3langid over the first few thousand characters; a text
    mostly in Cyrillic is told Russian or Ukrainian by lingua (loaded only for such texts)."""
    sample = text[:4000]
    if not sample.strip():
        return "und"
    cyrillic = len(_CYRILLIC.findall(sample))
    if cyrillic and cyrillic >= len(_LATIN.findall(sample)):
        found = _slavic_detector().detect_language_of(sample)
        if found is not None:
            return found.iso_code_639_1.name.lower()
    code, _ = _langid().classify(sample)
    return code
