"""Text as given → text ready for NLP, paragraphs, headlines, sentences and language.

Offsets always point into the text as given: every transformation here keeps the length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from geo.model import Sentence

# One-for-one replacements: curly apostrophes confuse the French tokenizer ("n’"/"qu’" become
# junk entities) and invisible spaces split names.
_SAME_LENGTH = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'",
    "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\u200b": " ", "\ufeff": " ",
    "\t": " ", "\r": " ", "\x0b": " ", "\x0c": " ",
})
_ENTITY = re.compile(r"&(#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
_HEADLINE_END = tuple(".!?:;»\"”…,")
MAX_HEADLINE_WORDS = 25


def clean_for_nlp(text: str) -> str:
    """Same-length cleaning: apostrophes, odd spaces, HTML entities (decoded and padded)."""
    import html

    def entity(m: re.Match[str]) -> str:
        decoded = html.unescape(m.group(0))
        if decoded == m.group(0) or len(decoded) != 1:
            return m.group(0)
        return decoded + " " * (len(m.group(0)) - 1)

    out = _ENTITY.sub(entity, text) if "&" in text else text
    return out.translate(_SAME_LENGTH)


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


SUPPORTED_LANGUAGES = ("fr", "en")


@lru_cache(maxsize=1)
def _langid():
    import py3langid

    return py3langid


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language (py3langid over the first few thousand characters)."""
    sample = text[:4000]
    if not sample.strip():
        return "und"
    code, _ = _langid().classify(sample)
    return code
