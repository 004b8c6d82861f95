"""The interface's languages: gettext catalogues (geo/ui/locale/<lang>/LC_MESSAGES/geo_events.po, read with Babel)
and Babel's date and number formats. Pages get one Translator and never branch on the language."""

from __future__ import annotations

import datetime as dt
import io
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import Translations

from geo.ui.view import LANGS

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "geo_events"
DEFAULT_LANG = "en"


def catalogue_path(lang: str) -> Path:
    """The .po file of one language."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=None)
def _translations(lang: str) -> Translations:
    # The .po is the source of truth: compiled to .mo in memory (no build step, no stale .mo in the repo).
    with catalogue_path(lang).open("rb") as fh:
        catalog = read_po(fh, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def browser_lang(locale: str | None) -> str:
    """The interface language for a browser locale such as 'fr-FR' (English when we have no catalogue)."""
    if not locale:
        return DEFAULT_LANG
    try:
        code = Locale.parse(str(locale).replace("-", "_")).language
    except (UnknownLocaleError, ValueError, TypeError):
        return DEFAULT_LANG
    return code if code in LANGS else DEFAULT_LANG


def choose(link_lang: str | None, browser_locale: str | None) -> str:
    """The link's ?lang= wins; else the browser's language."""
    return link_lang if link_lang in LANGS else browser_lang(browser_locale)


class Translator:
    """Messages, plurals, dates and numbers in one language."""

    def __init__(self, lang: str = DEFAULT_LANG) -> None:
        self.lang = lang if lang in LANGS else DEFAULT_LANG
        self._tr = _translations(self.lang)

    def __call__(self, message: str, **values: Any) -> str:
        """A translated message, with {name} fields filled in."""
        text = self._tr.gettext(message)
        return text.format(**values) if values else text

    def n(self, singular: str, plural: str, count: int, **values: Any) -> str:
        """A translated message whose form depends on `count` ({count} is filled in, formatted)."""
        text = self._tr.ngettext(singular, plural, count)
        return text.format(count=self.num(count), **values)

    def num(self, value: float, digits: int = 0) -> str:
        """A number in this language's format (1,234 / 1 234)."""
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self.lang)

    def pct(self, value: float) -> str:
        """A share as a percentage (85% / 85 %)."""
        return format_percent(value, locale=self.lang)

    def date(self, value: dt.date | str | None, style: str = "medium") -> str:
        """A date in this language ('Feb 17, 2025' / '17 févr. 2025'); '' for none, text as is if unparsable."""
        if value is None or value == "":
            return ""
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value[:10])
            except ValueError:
                return value
        return format_date(value, format=style, locale=self.lang)

    def month(self, value: dt.date) -> str:
        """'Feb 2025' / 'févr. 2025'."""
        return format_date(value, format="MMM y", locale=self.lang)

    def type(self, kind: str) -> str:
        """An event type's name (strike, clash…) in this language."""
        return self(TYPE_NAMES.get(kind, kind))

    def join(self, items: Iterable[str]) -> str:
        """A comma-separated list."""
        return ", ".join(items)


def _(message: str) -> str:
    """Marks a message for extraction (pybabel extract -k _) where it is defined, not where it is shown."""
    return message


# Event types as the interface names them (the stored value stays the English code).
TYPE_NAMES = {
    "strike": _("strike"),
    "clash": _("clash"),
    "meeting": _("meeting"),
    "statement": _("statement"),
    "protest": _("protest"),
    "other": _("other"),
}

# Each language named in itself, for the language chooser.
LANG_NAMES = {"en": "English", "fr": "Français"}


def page_lang(link_lang: str | None, session_lang: str | None, browser_locale: str | None) -> str:
    """The language of a page other than the map: its link's ?lang=, else the one chosen on the map in this
    session, else the browser's."""
    return choose(link_lang if link_lang in LANGS else session_lang, browser_locale)
