"""The unit words of region and district names (data/gazetteer/unit_words.tsv), by what the build does with them."""

from __future__ import annotations

from functools import cache

from geo.lang.pack import read_tsv
from geo.paths import DATA_DIR

UNIT_WORDS_FILE = DATA_DIR / "gazetteer" / "unit_words.tsv"


@cache
def _rows() -> tuple[tuple[str, str, str], ...]:
    return tuple((r["word"], r["use"], r.get("unit", "")) for r in read_tsv(UNIT_WORDS_FILE))


def unit_words(use: str) -> tuple[str, ...]:
    """The words of one use (region, subdivision, district_prefix, district_after, district_before), in file order."""
    return tuple(word for word, u, _ in _rows() if u == use)


def unit_endings(use: str) -> tuple[tuple[str, str], ...]:
    """(word or ending, unit) pairs of one use (adjective_ending, unit_suffix), in file order."""
    return tuple((word, unit) for word, u, unit in _rows() if u == use)
