"""Name normalisation: pure functions shared by the gazetteer and the recognisers.

``fold`` keeps the length of the text so that offsets found in ``fold(text)``
are offsets into ``text``; ``name_key`` is the lookup key everywhere;
``variant_keys`` gives general transliteration/morphology fallbacks.
"""

from __future__ import annotations

import difflib
import unicodedata
from functools import lru_cache

from geo.lang.tsv import read_tsv
from geo.paths import DATA_DIR

__all__ = [
    "APOSTROPHES",
    "DASHES",
    "fold",
    "name_key",
    "variant_keys",
    "apostrophe_variants",
    "adjective_variants",
    "english_digraphs",
    "named_after",
]

# Every apostrophe / quote-like char and every hyphen / dash folds to one space.
APOSTROPHES = "'’‘‛ʼʹʻ`´′″\"“”„«»"
DASHES = "-‐‑‒–—―−"
_TO_SPACE = set(APOSTROPHES + DASHES + ".\u00a0\u202f\u2009\t\n\r")

# Letters that NFD does not decompose but have an obvious one-letter base.
_SPECIAL = {
    "ß": "s",
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "ł": "l",
    "ı": "i",
    "ħ": "h",
    "ŧ": "t",
    "ƒ": "f",
    "þ": "t",
}


def _fold_char(ch: str) -> str:
    if ch in _TO_SPACE:
        return " "
    low = ch.lower()
    if len(low) != 1:  # 'İ'.lower() is two code points: take the base letter
        base = unicodedata.normalize("NFD", ch)[0].lower()
        return base if len(base) == 1 else ch
    if low in _SPECIAL:
        return _SPECIAL[low]
    if low.isascii():
        return low
    decomposed = unicodedata.normalize("NFD", low)
    base = decomposed[0]
    if len(base) == 1 and (len(decomposed) == 1 or all(unicodedata.combining(c) for c in decomposed[1:])):
        if unicodedata.combining(base):
            return low
        return base
    return low


class _FoldTable(dict):
    """str.translate table that computes (and caches) each char's fold on first sight."""

    def __missing__(self, codepoint: int) -> str:
        value = _fold_char(chr(codepoint))
        self[codepoint] = value
        return value


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lowercase, strip diacritics, quotes/dashes/dots -> space; same length as ``text``."""
    out = text.translate(_TABLE)
    if len(out) != len(text):  # defensive: never happens with one-char values
        return "".join(_fold_char(c) for c in text)
    return out


def name_key(name: str) -> str:
    """The lookup key: fold, collapse whitespace, strip."""
    return " ".join(fold(name).split())


# ---------------------------------------------------------------------------
# Variants

# Endings of romanised Russian / Ukrainian names and their alternative spellings (data/gazetteer/romanized_endings.tsv).
_ENDINGS = DATA_DIR / "gazetteer" / "romanized_endings.tsv"


def _endings(use: str) -> tuple[str, ...]:
    return tuple(r["ending"] for r in read_tsv(_ENDINGS) if r["use"] == use)


_ADJ_MASC = _endings("adjective_masculine")
_ADJ_OTHER = _endings("adjective_other")
_ADJ_ALL = tuple(sorted(set(_ADJ_MASC + _ADJ_OTHER), key=len, reverse=True))
_MASC_SPELLINGS, _OTHER_SPELLINGS, _STORED_SPELLINGS = (
    _endings("masculine_spelling"), _endings("other_spelling"), _endings("stored_spelling"))
# -iy / -yy / -ij / -ii / -y word endings (Nizhniy / Nizhny / Nizhnij / Nizhnii).
_Y_ENDINGS, _Y_SPELLINGS = _endings("y_ending"), _endings("y_spelling")
# -iya / -ia / -ya (Rossiya / Rossia / Rosiya)
_IA_ENDINGS, _IA_SPELLINGS = _endings("ia_ending"), _endings("ia_spelling")


# Dutch/German-style romanisation of Russian (old GeoNames names, "Tsjeljabinsk"): letter groups, not words.
_DUTCH_DIGRAPHS = (("tsj", "ch"), ("zj", "zh"), ("sj", "sh"))


def english_digraphs(text: str) -> str:
    """Dutch/German-style digraphs of romanised Russian in English style, in either case: "Tsjeljabinsk" ->
    "Cheljabinsk" (the callers then read "j" as "y" where they mean to)."""
    for dutch, english in _DUTCH_DIGRAPHS:
        text = text.replace(dutch, english).replace(dutch.capitalize(), english.capitalize())
    return text


def _token_variants(tok: str) -> list[str]:
    """Alternative spellings of one token, most specific first."""
    out: list[str] = []
    if len(tok) < 4:
        return out
    for end in _ADJ_ALL:
        if tok.endswith(end) and len(tok) - len(end) >= 2:
            root = tok[: -len(end)]
            masc = [root + e for e in _MASC_SPELLINGS]
            other = [root + e for e in _OTHER_SPELLINGS]
            if end in _ADJ_MASC:
                out += masc + other
            else:
                out += other + masc
            out += [root + "sk", root]
            break
    else:
        for end in _Y_ENDINGS:
            if tok.endswith(end) and len(tok) - len(end) >= 3:
                stem = tok[: -len(end)]
                if end == "y" and stem[-1] in "aeiouy":
                    break
                out += [stem + e for e in _Y_SPELLINGS]
                break
        for end in _IA_ENDINGS:
            if tok.endswith(end) and len(tok) - len(end) >= 3:
                stem = tok[: -len(end)]
                out += [stem + e for e in _IA_SPELLINGS]
                break
    # Word-initial ye/e and kh/h alternation (Yekaterinburg/Ekaterinburg, Kharkiv/Harkiv).
    if tok.startswith("ye"):
        out.append(tok[1:])
    elif tok.startswith("e") and len(tok) > 4:
        out.append("y" + tok)
    if tok.startswith("kh"):
        out.append(tok[1:])
    # Dutch/German-style transliteration of Russian: zj -> zh, tsj -> ch, sj -> sh, j -> y
    if "j" in tok:
        t = english_digraphs(tok).replace("dzh", "j")
        t2 = t.replace("j", "y")
        out += [t, t2]
    # French transliteration of Ukrainian and Russian: ou -> u, tch -> ch, ch -> sh, j -> zh
    # (Houliaïpole / Huliaipole, Tchernihiv / Chernihiv, Chostka / Shostka, Jytomyr / Zhytomyr).
    if any(x in tok for x in ("ou", "ch", "j")):
        out.append(tok.replace("tch", "\0").replace("ch", "sh").replace("\0", "ch").replace("ou", "u")
                   .replace("j", "zh"))
    seen = {tok}
    uniq = []
    for v in out:
        if v not in seen and len(v) >= 3:
            seen.add(v)
            uniq.append(v)
    return uniq


def variant_keys(key: str) -> list[str]:
    """Lookup-time fallbacks for a name key, most specific first, without ``key`` itself.

    General transliteration / morphology rules only (Russian/Ukrainian adjectival
    endings, -iy/-y alternation, ye-/e-, kh-/h-, apostrophe joins).
    """
    key = name_key(key)
    if not key:
        return []
    toks = key.split(" ")
    out: list[str] = []
    # Apostrophes fold to spaces: "il skiy" may also be written "ilskiy".
    if len(toks) > 1 and any(len(t) <= 2 for t in toks):
        out.append("".join(toks))
    # Change one token at a time, last token first (the adjective usually comes last
    # in station / street names, first in "Nizhniy Novgorod").
    order = list(range(len(toks) - 1, -1, -1))
    for i in order:
        for v in _token_variants(toks[i]):
            out.append(" ".join(toks[:i] + [v] + toks[i + 1 :]))
    # The joined form's own variants ("il skiy" -> "ilskiy" -> "ilsky").
    if len(toks) > 1 and any(len(t) <= 2 for t in toks):
        out += _token_variants("".join(toks))
    seen = {key}
    uniq = []
    for v in out:
        if v not in seen:
            seen.add(v)
            uniq.append(v)
    return uniq


def apostrophe_variants(name: str) -> list[str]:
    """Build-time keys for names with apostrophes: Il'skiy -> ['ilskiy'] (name_key gives 'il skiy')."""
    if not any(c in APOSTROPHES for c in name):
        return []
    joined = name_key("".join(c for c in name if c not in APOSTROPHES))
    return [joined] if joined and joined != name_key(name) else []


def adjective_variants(key: str) -> list[str]:
    """Build-time keys: a -skiy ending also written -sky, -ski, -skij, -skii (and back)."""
    toks = key.split(" ")
    if not toks:
        return []
    last = toks[-1]
    for end in _ADJ_MASC:
        if last.endswith(end) and len(last) - len(end) >= 2:
            root = last[: -len(end)]
            return [
                " ".join(toks[:-1] + [root + e])
                for e in _STORED_SPELLINGS
                if root + e != last
            ]
    return []


@lru_cache(maxsize=65536)
def named_after(region: str, town: str) -> bool:
    """Whether a region's name is a town's name, alone or with a unit word ("Kharkiv Oblast", "Kharkiv"),
    in the same or a close transliteration ("Zaporizhzhia Oblast" and "Zaporizhzhya")."""
    r, t = name_key(region), name_key(town)
    if not t:
        return False
    if r == t or r.startswith(t + " "):
        return True
    head = " ".join(r.split()[: len(t.split())])  # the region's name on as many words as the town's
    return len(t) >= 6 and head[:1] == t[:1] and difflib.SequenceMatcher(None, head, t).ratio() >= _CLOSE_SPELLING


_CLOSE_SPELLING = 0.85  # of two transliterations of one name: "zaporizhzhia" and "zaporizhzhya" score 0.92
