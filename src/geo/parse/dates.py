"""Dates in news text: the publication date of an article, and the dates its sentences mention.

Pure functions, no I/O: the reference date (``base``) is always passed in.

How it works: per language, a small lexicon (``LEXICONS``: month and weekday names,
relative phrases, the words around them) is compiled once into a handful of regexes.
``find_dates`` first runs a cheap pre-filter (is there any month, weekday, relative word
or four-digit number in the sentence at all?) and only then the phrase regexes. Explicit
phrases ("17 février 2025", "Feb. 17") are handed to dateparser, one short phrase at a
time and cached; relative phrases ("hier", "last week", "mardi dernier") are computed
from the lexicon's offsets. dateparser is never run over whole sentences: its search
mode reads "1091", "sa" or "mer" as dates.

Add a language by adding data/lang/<code>/dates.toml (same keys as fr and en).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

from geo.lang.pack import available, pack
from geo.model import DateInfo, DatePrecision

__all__ = [
    "DAY_ONE",
    "LEXICONS",
    "DateMention",
    "find_dates",
    "dateline_span",
    "publication_date",
    "day_counter_date",
]

DAY_ONE = dt.date(2022, 2, 24)
"""Day 1 of Russia's full-scale invasion of Ukraine: "Jour 1091" is DAY_ONE + 1090 days."""

DATELINE_WINDOW = 300
"""How far into the text a dateline or a day counter is looked for (characters)."""

UPCOMING_DAYS = 45
"""An explicit day and month without a year ("le 17 février") falling at most this many
days after the base date is read as upcoming (this year, ``future=True``) rather than as
nearly a year ago; otherwise it takes the year that puts it nearest on or before base."""


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date phrase in a sentence, with offsets into that sentence."""

    start: int
    end: int
    text: str
    info: DateInfo
    future: bool = False  # refers to a date after the base date ("demain", "next week")
    until: dt.date | None = None  # last day of a range ("du 14 au 16 février"), else None


def _grammars() -> dict[str, dict[str, Any]]:
    """Each language pack's date grammar (data/lang/<code>/dates.toml), by language code."""
    packs = (pack(code) for code in available())
    return {p.code: grammar for p in packs if (grammar := p.dates())}


# Month and weekday names, relative phrases and counters per language: data, read once.
LEXICONS: dict[str, dict[str, Any]] = _grammars()

_YEAR = r"(?:19|20)\d{2}(?![\d,.]\d)"
_COUNTER_N = r"(?P<n>\d{1,2}[,.\u00a0\u202f ]\d{3}|\d{1,5})"


# --------------------------------------------------------------------------------------
# Compiling a lexicon
# --------------------------------------------------------------------------------------


def _alt(words) -> str:
    """Regex alternation of literal words, longest first (so "févr." beats "févr")."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _word_end(word: str) -> str:
    """A literal word with a right boundary that also works after a final dot."""
    return re.escape(word) + ("" if word.endswith(".") else r"\b")


def _alt_words(words) -> str:
    return "|".join(_word_end(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class _Compiled:
    lang: str
    prefilter: re.Pattern[str]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]  # (kind, regex), in priority order
    months: dict[str, int]
    weekdays: dict[str, int]
    weekday_mods: dict[str, str]
    relative: tuple[tuple[re.Pattern[str], str, int], ...]
    ago: tuple[tuple[re.Pattern[str], int], ...]
    units: dict[str, str]
    numbers: dict[str, int]
    counters: tuple[re.Pattern[str], ...]
    counter_context: re.Pattern[str]
    published: str


_ISO = re.compile(r"(?<![\d-])(?P<y>(?:19|20)\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d])")


@functools.lru_cache(maxsize=None)
def _compiled(lang: str) -> _Compiled | None:
    lex = LEXICONS.get(lang)
    if lex is None:
        return None
    flags = re.IGNORECASE
    full = lex["months"]
    abbr = lex["month_abbr"]
    months = {**full, **abbr}
    month_any = f"(?:{_alt_words(months)})"
    month_full = f"(?:{_alt_words(full)})"
    wds = lex["weekdays"]
    wd = f"(?:{_alt_words(wds)})"
    day = f"(?:{lex['day']})"
    year = _YEAR
    past_suf = lex["past_suffix"]
    fut_suf = lex["future_suffix"]
    suffix = ""
    if past_suf or fut_suf:
        alts = "|".join(x for x in (past_suf, fut_suf) if x)
        suffix = rf"(?:\s+(?P<suf>{alts})\b)?"
    wd_lead = rf"(?:(?P<wd>{wd}),?\s+)?"
    day_of = rf"(?:\s+{lex['day_of']})?" if lex["day_of"] else ""
    B = r"(?<![\w.])"  # left boundary that also refuses "1.17 février"

    pats: list[tuple[str, str]] = []
    pats.append(("iso", _ISO.pattern))
    if lex["numeric_order"]:
        pats.append(("numeric", rf"{B}(?P<a>\d{{1,2}})[/.](?P<b>\d{{1,2}})[/.](?P<y>{year})"))
    sep = rf"\s*(?:{lex['range_sep']})\s*"
    lead = rf"(?:(?:{lex['range_lead']})\s+)?"
    if "dmy" in lex["date_orders"]:
        pats.append(("range_dmy", rf"{B}{lead}(?P<d>{day}){sep}(?P<d2>{day}){day_of}\s+(?P<m>{month_any})(?:,?\s+(?P<y>{year}))?"))
        pats.append(("dmy", rf"{B}{wd_lead}(?:the\s+)?(?P<d>{day}){day_of}\s+(?P<m>{month_any})(?:,?\s+(?P<y>{year}))?{suffix}"))
    if "mdy" in lex["date_orders"]:
        pats.append(("range_mdy", rf"{B}(?P<m>{month_any})\s*(?P<d>{day}){sep}(?P<d2>{day})\b(?:,?\s+(?P<y>{year}))?"))
        pats.append(("mdy", rf"{B}{wd_lead}(?:the\s+)?(?P<m>{month_any})\s*(?P<d>{day})\b(?!\s*[:h]\d)(?:,?\s+(?P<y>{year}))?"))
    pats.append(("month_year", rf"{B}(?P<m>{month_any})\s+(?P<y>{year})"))
    pats.append(("month", rf"{B}(?:{lex['month_prefixes']})\s*(?P<m>{month_full}){suffix}"))
    pats.append(("year", rf"{B}(?:{lex['year_prefixes']})\s+(?P<y>{year})\b(?!\s*(?:-|–|/)\s*\d)"))
    night = lex["night_pattern"].format(wd1=f"(?P<wd>{wd})", wd2=f"(?P<wd2>{wd})")
    pats.append(("night", rf"\b{night}"))
    pre = lex["weekday_prefixes"]
    suf = lex["weekday_suffixes"]
    pre_re = rf"(?:(?P<pre>{_alt(pre)})\s+)?" if pre else ""
    suf_re = rf"(?:\s+(?P<wsuf>{_alt(suf)})\b)?" if suf else ""
    parts = rf"(?:\s+(?:{lex['weekday_parts']})\b)?"
    pats.append(("weekday", rf"\b{pre_re}(?P<wd>{wd}){parts}{suf_re}"))

    compiled = tuple((kind, re.compile(p, flags)) for kind, p in pats)
    relative = tuple((re.compile(rf"\b(?:{rx})\b", flags), unit, off) for rx, unit, off in lex["relative"])
    n_re = rf"(?P<n>\d{{1,3}}|{_alt(lex['numbers'])})"
    unit_re = rf"(?P<unit>{_alt(lex['units'])})"
    ago = tuple(
        (re.compile(r"\b" + rx.format(n=n_re, unit=unit_re) + r"\b", flags), sign)
        for rx, sign in lex["ago"]
    )
    counters = tuple(re.compile(rx.format(n=_COUNTER_N), flags) for rx in lex["counter"])

    # Pre-filter: any month or weekday name, relative word or 4-digit number.
    trig = set(full) | {a.rstrip(".") for a in abbr} | set(wds) | set(lex["triggers"])
    prefilter = re.compile(rf"\d{{4}}|\b(?:{_alt(trig)})\b", flags)
    return _Compiled(
        lang=lang,
        prefilter=prefilter,
        patterns=compiled,
        months={k.lower(): v for k, v in months.items()},
        weekdays={k.lower(): v for k, v in wds.items()},
        weekday_mods={**{k.lower(): v for k, v in pre.items()}, **{k.lower(): v for k, v in suf.items()}},
        relative=relative,
        ago=ago,
        units={k.lower(): v for k, v in lex["units"].items()},
        numbers={k.lower(): v for k, v in lex["numbers"].items()},
        counters=counters,
        counter_context=re.compile(lex["counter_context"], flags),
        published=lex["published"],
    )


def _lang(language: str | None) -> str:
    return (language or "").strip().lower()[:2]


# --------------------------------------------------------------------------------------
# Date arithmetic
# --------------------------------------------------------------------------------------


def _last_on_or_before(month: int, day: int, base: dt.date) -> dt.date | None:
    """The (month, day) nearest on or before base: "28 décembre" seen on 3 Jan is last year."""
    for year in (base.year, base.year - 1, base.year - 2, base.year - 3, base.year - 4):
        try:
            d = dt.date(year, month, day)
        except ValueError:  # 29 February in a common year, 31 April…
            continue
        if d <= base:
            return d
    return None


def _first_after_or_on(month: int, day: int, base: dt.date) -> dt.date | None:
    for year in range(base.year, base.year + 5):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if d >= base:
            return d
    return None


def _add_months(d: dt.date, n: int) -> dt.date:
    """First day of the month n months from d's month."""
    m = d.month - 1 + n
    return dt.date(d.year + m // 12, m % 12 + 1, 1)


def _shift(base: dt.date, unit: str, n: int) -> tuple[dt.date, DatePrecision]:
    if unit == "day":
        return base + dt.timedelta(days=n), DatePrecision.DAY
    if unit == "week":
        return base + dt.timedelta(days=7 * n), DatePrecision.WEEK
    if unit == "month":
        return _add_months(base, n), DatePrecision.MONTH
    return dt.date(base.year + n, 1, 1), DatePrecision.YEAR


def _weekday_date(weekday: int, base: dt.date, mode: str) -> dt.date:
    """The weekday on or before base ("lundi", "ce dimanche"), strictly before ("mardi
    dernier", "last Tuesday"), or strictly after ("lundi prochain", "next Monday")."""
    back = (base.weekday() - weekday) % 7
    if mode == "past":
        return base - dt.timedelta(days=back or 7)
    if mode == "future":
        ahead = (weekday - base.weekday()) % 7
        return base + dt.timedelta(days=ahead or 7)
    return base - dt.timedelta(days=back)


@functools.lru_cache(maxsize=8192)
def _dateparser(phrase: str, base: dt.date, language: str, order: str) -> dt.date | None:
    """dateparser on one short phrase, cached by (phrase, base, language)."""
    import dateparser  # imported here: loading it costs ~0.3 s

    settings = {
        "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day, 12),
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if order:
        settings["DATE_ORDER"] = order
    try:
        parsed = dateparser.parse(phrase, languages=[language], settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    return parsed.date() if parsed else None


def _day_number(text: str) -> int:
    t = text.lower()
    if t in ("1er", "premier"):
        return 1
    return int(re.match(r"\d+", t).group())


# --------------------------------------------------------------------------------------
# find_dates
# --------------------------------------------------------------------------------------


def find_dates(sentence: str, *, base: dt.date, language: str) -> list[DateMention]:
    """Date phrases in one sentence, resolved against ``base`` (the publication date).

    Explicit dates without a year take the year that puts them nearest on or before
    ``base``, unless they fall within ``UPCOMING_DAYS`` after it ("le 20 février" in an
    article of 18 February is the coming 20th, flagged ``future``); "prochain" ones the
    nearest on or after. Month names alone and weekdays always look back. Relative phrases are
    counted from ``base``. Mentions are sorted by offset and never overlap.
    """
    c = _compiled(_lang(language))
    if isinstance(base, dt.datetime):
        base = base.date()
    if c is None:  # unknown language: ISO dates only
        return [m for m in (_iso(x, base) for x in _ISO.finditer(sentence)) if m]
    if not c.prefilter.search(sentence):
        return []
    found: list[tuple[int, int, int, DateMention]] = []
    prio = 0
    for kind, rx in c.patterns:
        for m in rx.finditer(sentence):
            dm = _resolve(kind, m, base, c)
            if dm is not None:
                found.append((dm.start, -(dm.end - dm.start), prio, dm))
        prio += 1
    for rx, unit, off in c.relative:
        for m in rx.finditer(sentence):
            d, prec = _shift(base, unit, off)
            info = DateInfo(d, prec, "relative")
            found.append((m.start(), m.start() - m.end(), prio, DateMention(m.start(), m.end(), m.group(), info, off > 0)))
        prio += 1
    for rx, sign in c.ago:
        for m in rx.finditer(sentence):
            n_txt = m.group("n").lower()
            n = int(n_txt) if n_txt.isdigit() else c.numbers.get(n_txt)
            unit = c.units.get(m.group("unit").lower())
            if n is None or unit is None:
                continue
            d, prec = _shift(base, unit, sign * n)
            info = DateInfo(d, prec, "relative")
            found.append((m.start(), m.start() - m.end(), prio, DateMention(m.start(), m.end(), m.group(), info, sign > 0)))
        prio += 1
    if not found:
        return []
    found.sort(key=lambda t: (t[0], t[1], t[2]))
    out: list[DateMention] = []
    end = -1
    for start, _, _, dm in found:
        if start >= end:
            out.append(dm)
            end = dm.end
    return out


def _iso(m: re.Match[str], base: dt.date) -> DateMention | None:
    try:
        d = dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None
    return DateMention(m.start(), m.end(), m.group(), DateInfo(d, DatePrecision.DAY, "explicit"), d > base)


def _resolve(kind: str, m: re.Match[str], base: dt.date, c: _Compiled) -> DateMention | None:
    """Turn one regex match into a DateMention (None when it is not a valid date)."""
    g = m.groupdict()
    start, end, text = m.start(), m.end(), m.group()
    if kind == "iso":
        return _iso(m, base)
    if kind == "numeric":
        d = _dateparser(text, base, c.lang, "DMY")
        if d is None:
            return None
        return DateMention(start, end, text, DateInfo(d, DatePrecision.DAY, "explicit"), d > base)
    if kind in ("dmy", "mdy", "range_dmy", "range_mdy"):
        month = c.months[g["m"].lower()]
        day = _day_number(g["d"])
        year = int(g["y"]) if g.get("y") else None
        mode = _suffix_mode(g.get("suf"), c)
        until = None
        if kind.startswith("range"):
            day2 = _day_number(g["d2"])
            if not 1 <= day <= day2 <= 31:
                return None
            last = _explicit(month, day2, year, base, c, mode=mode)
            if last is None:
                return None
            try:
                first = last.replace(day=day)
            except ValueError:
                return None
            until, d = last, first
        else:
            d = _explicit(month, day, year, base, c, mode=mode)
            if d is None:
                return None
        info = DateInfo(d, DatePrecision.DAY, "explicit")
        return DateMention(start, end, text, info, d > base, until)
    if kind == "month_year":
        d = dt.date(int(g["y"]), c.months[g["m"].lower()], 1)
        return DateMention(start, end, text, DateInfo(d, DatePrecision.MONTH, "explicit"), d > base)
    if kind == "month":
        month = c.months[g["m"].lower()]
        if _suffix_mode(g.get("suf"), c) == "future":
            y = base.year if month > base.month else base.year + 1
        else:
            y = base.year if month <= base.month else base.year - 1
        d = dt.date(y, month, 1)
        s = m.start("m")  # the span is the month name (and its suffix), not "en"/"in"
        return DateMention(s, end, m.string[s:end], DateInfo(d, DatePrecision.MONTH, "explicit"), d > base)
    if kind == "year":
        y = int(g["y"])
        s = m.start("y")
        return DateMention(s, end, m.string[s:end], DateInfo(dt.date(y, 1, 1), DatePrecision.YEAR, "explicit"), y > base.year)
    if kind == "night":
        wd1 = c.weekdays[g["wd"].lower()]
        wd2 = c.weekdays[g["wd2"].lower()]
        if (wd1 + 1) % 7 != wd2:
            return None
        d = _weekday_date(wd2, base, "this") - dt.timedelta(days=1)
        return DateMention(start, end, text, DateInfo(d, DatePrecision.DAY, "relative"), d > base)
    if kind == "weekday":
        mode = c.weekday_mods.get((g.get("pre") or g.get("wsuf") or "").lower(), "this")
        d = _weekday_date(c.weekdays[g["wd"].lower()], base, mode)
        return DateMention(start, end, text, DateInfo(d, DatePrecision.DAY, "relative"), d > base)
    return None


def _suffix_mode(suffix: str | None, c: _Compiled) -> str:
    """"past" for "le 3 mars dernier", "future" for "le 3 mars prochain", else "auto"."""
    if not suffix:
        return "auto"
    lex = LEXICONS[c.lang]
    if lex["future_suffix"] and re.fullmatch(lex["future_suffix"], suffix, re.I):
        return "future"
    return "past"


def _explicit(month: int, day: int, year: int | None, base: dt.date, c: _Compiled, *, mode: str) -> dt.date | None:
    """An explicit day and month (and maybe year): dateparser reads the phrase, the
    year rule is ours: nearest on or before base, or just ahead (``UPCOMING_DAYS``),
    or on/after for "prochain", strictly looking back for "dernier"."""
    name = next((k for k, v in LEXICONS[c.lang]["months"].items() if v == month), None)
    phrase = f"{day} {name} {year}" if year else f"{day} {name}"
    d = _dateparser(phrase, base, c.lang, "DMY")
    if d is None or (d.month, d.day) != (month, day):
        try:  # dateparser said no (or something else): trust the regex groups
            d = dt.date(year or base.year, month, day)
        except ValueError:
            return None
    if year is not None:
        return d if d.year == year else None
    if mode == "future":
        return _first_after_or_on(month, day, base)
    if mode == "auto":
        ahead = _first_after_or_on(month, day, base)
        if ahead is not None and (ahead - base).days <= UPCOMING_DAYS:
            return ahead
    return _last_on_or_before(month, day, base)


# --------------------------------------------------------------------------------------
# publication_date
# --------------------------------------------------------------------------------------


def day_counter_date(n: int) -> dt.date:
    """Day n of the full-scale invasion: day 1 is 24 February 2022."""
    return DAY_ONE + dt.timedelta(days=n - 1)


_AGENCY = r"\(\s*(?:AFP|Reuters|AP|Associated\s+Press|Ukrinform|UNIAN|Interfax(?:-Ukraine)?|TASS|Belga|ANSA|dpa|EFE|Bloomberg|[A-Z][A-Za-z.]{1,14})\s*\)"
_CITY = r"[A-ZÀ-Ý][\w'’.\- ]{0,40}?,\s*"
# What may follow a dateline: after "CITY, date" almost anything that ends the date;
# after a date alone at the start of a line, only an agency, a dash or the end of the line
# (so that a paragraph opening "Lundi 17 février, les dirigeants…" is not a dateline).
_FOLLOW_CITY = re.compile(rf"\s*(?:{_AGENCY}|[–—\-|·:,]|$)", re.MULTILINE)
# "22 juin 2012. - Cette nuit…": a full stop may close the date before the dash.
_FOLLOW_BARE = re.compile(rf"[ \t]*\.?[ \t]*(?:{_AGENCY}|[–—\-|·]|$)", re.MULTILINE)


def publication_date(
    text: str, *, language: str | None = None, base: dt.date | None = None
) -> DateInfo | None:
    """The publication date an article gives itself, or None.

    (a) A day counter near the top: "Jour 1091 de résistance", "Day 1000 of the war"
        -> DAY_ONE + (n - 1) days, how="day-counter".
    (b) A dateline in the first ~300 characters: "KYIV, Feb. 18 (Reuters) –",
        "PARIS, 18 février 2025 (AFP) -", "18 février 2025 —", "Published: 2025-02-18"
        -> how="dateline". A dateline without a year needs ``base`` (e.g. the ingest
        date) to pick its year; without one it is ignored rather than guessed.
    """
    head = text[:DATELINE_WINDOW]
    langs = [_lang(language)] if language and _lang(language) in LEXICONS else list(LEXICONS)
    comps = [c for c in (_compiled(lang) for lang in langs) if c is not None]

    # (a) day counter
    best: tuple[int, int] | None = None
    for c in comps:
        for rx in c.counters:
            for m in rx.finditer(head):
                if not c.counter_context.search(head, m.end(), m.end() + 60):
                    continue
                n = int(re.sub(r"\D", "", m.group("n")))
                if 1 <= n <= 20000 and (best is None or m.start() < best[0]):
                    best = (m.start(), n)
    if best is not None:
        return DateInfo(day_counter_date(best[1]), DatePrecision.DAY, "day-counter")

    # (b) dateline
    hits = _dateline_hits(head, comps, base)
    if hits:
        return DateInfo(hits[0][2], DatePrecision.DAY, "dateline")
    return None


def dateline_span(text: str, *, language: str | None = None, base: dt.date | None = None
                  ) -> tuple[int, int, dt.date] | None:
    """Where the dateline's date stands in the text (start, end) and its day, or None.

    The day an article was filed ("Tuesday, September 22, 2015" on a line of its own, "KYIV, Feb. 18
    (Reuters) –", "22 juin 2012. - ") is not the day anything it reports happened: the event dating
    leaves it out and counts from the publication date instead.
    """
    langs = [_lang(language)] if language and _lang(language) in LEXICONS else list(LEXICONS)
    comps = [c for c in (_compiled(lang) for lang in langs) if c is not None]
    hits = _dateline_hits(text[:DATELINE_WINDOW], comps, base)
    return hits[0] if hits else None


def _dateline_hits(head: str, comps: list[_Compiled], base: dt.date | None) -> list[tuple[int, int, dt.date]]:
    """Dates standing as a dateline in ``head``: (start, end, day), first first."""
    ref = base or dt.date.max.replace(year=9998)
    hits: list[tuple[int, int, dt.date]] = []
    for c in comps:
        for kind, rx in c.patterns:
            if kind not in ("iso", "numeric", "dmy", "mdy"):
                continue
            for m in rx.finditer(head):
                has_year = bool(m.groupdict().get("y")) or kind == "iso"
                if not has_year and base is None:
                    continue
                line_start = head.rfind("\n", 0, m.start()) + 1
                before = head[line_start:m.start()]
                pub = re.fullmatch(rf"\s*(?:{_CITY})?(?:{c.published})\s*:?\s*(?:le\s+|on\s+)?", before, re.I)
                if not pub:
                    if re.fullmatch(r"\s*", before):
                        follow = _FOLLOW_BARE
                    elif re.fullmatch(rf"\s*{_CITY}", before):
                        follow = _FOLLOW_CITY
                    else:
                        continue
                    if not follow.match(head, m.end()):
                        continue
                dm = _resolve(kind, m, ref, c)
                if dm is None or (base is not None and dm.info.date > base + dt.timedelta(days=1)):
                    continue
                hits.append((m.start(), m.end(), dm.info.date))
    return sorted(hits)
