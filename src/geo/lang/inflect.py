"""A demonym's other forms (feminine, plurals) by the rules of its language pack's demonym_forms.tsv."""

from __future__ import annotations

from functools import cache

from geo.lang.pack import pack

Rules = tuple[tuple[str, str], ...]  # (ending, replacement), longest ending first


@cache
def _rules(language: str, form: str) -> Rules:
    p = pack(language)
    rows = [(r["ending"], r["replacement"]) for r in p.rows("demonym_forms.tsv") if r["form"] == form] if p else []
    return tuple(sorted(rows, key=lambda r: -len(r[0])))  # sorted() is stable: file order among equals


def _apply(word: str, rules: Rules) -> str | None:
    """The word with the first matching ending replaced, or None when no rule applies."""
    for ending, replacement in rules:
        if word.endswith(ending):
            return word[: len(word) - len(ending)] + replacement
    return None


def demonym_forms(word: str, language: str) -> list[str]:
    """A demonym as written (masculine singular) and its other forms: "américain" -> américaine, américains,
    américaines; "Russian" -> Russians; "Chinese" stays. [] for an empty word."""
    w = word.strip()
    if not w:
        return []
    feminine = _apply(w, _rules(language, "feminine"))
    forms = [w, feminine] if feminine else [w]
    plural = _rules(language, "plural")
    return list(dict.fromkeys(forms + [_apply(form, plural) or form for form in forms]))
