"""French and English: every message the code asks for has a French translation; languages, dates, numbers."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from babel.messages.pofile import read_po

from geo.paths import REPO_ROOT
from geo.ui import i18n
from geo.ui.i18n import Translator

SOURCES = [REPO_ROOT / "dashboard.py", *sorted((REPO_ROOT / "pages").glob("*.py")),
           *sorted((REPO_ROOT / "src" / "geo" / "ui").glob("*.py")),
           REPO_ROOT / "src" / "geo" / "export" / "png.py"]
# tr("…"), tr('…'), _("…") and the first two arguments of tr.n("…", "…", …): the messages the code shows.
SINGLE = re.compile(r"""(?<![\w.])(?:tr|_)\(\s*(["'])((?:(?!\1).)+)\1\s*[,)]""")
PLURAL = re.compile(r"""tr\.n\(\s*(["'])((?:(?!\1).)+)\1\s*,\s*(["'])((?:(?!\3).)+)\3""")


def used_messages() -> set[str]:
    found = set()
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        found |= {m.group(2) for m in SINGLE.finditer(text)}
        found |= {m.group(2) for m in PLURAL.finditer(text)}
    return found


def catalogue(lang: str) -> dict[str, object]:
    with i18n.catalogue_path(lang).open("rb") as fh:
        return {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in read_po(fh) if m.id}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_message_the_code_shows_is_in_the_catalogue(lang):
    messages = used_messages()
    assert len(messages) > 80
    known = catalogue(lang)
    missing = sorted(m for m in messages if m not in known)
    assert not missing, f"not in {lang} catalogue: {missing}"
    if lang == "fr":
        untranslated = sorted(m for m in messages if not known[m] or (isinstance(known[m], tuple) and not all(known[m])))
        assert not untranslated


def test_french_placeholders_match_the_english_ones():
    fields = re.compile(r"\{(\w+)\}")
    for msgid, msgstr in catalogue("fr").items():
        for text in (msgstr if isinstance(msgstr, tuple) else (msgstr,)):
            assert set(fields.findall(text)) <= set(fields.findall(msgid)) | {"count"}, (msgid, text)


@pytest.mark.parametrize("link, browser, expected", [
    ("fr", "en-US", "fr"), ("en", "fr-FR", "en"), (None, "fr-CA", "fr"), (None, "fr", "fr"),
    (None, "en-GB", "en"), (None, "de-DE", "en"), (None, None, "en"), (None, "not a locale!", "en"),
])
def test_the_link_wins_else_the_browser_language(link, browser, expected):
    assert i18n.choose(link, browser) == expected


def test_dates_numbers_types_and_plurals_in_each_language():
    fr, en = Translator("fr"), Translator("en")
    day = dt.date(2025, 2, 17)
    assert fr.date(day) == "17 févr. 2025" and en.date(day) == "Feb 17, 2025"
    assert fr.date("2025-02-17", "long") == "17 février 2025"
    assert fr.num(12345) == "12\u202f345" and en.num(12345) == "12,345"
    assert fr.pct(0.85) == "85\u00a0%" and en.pct(0.85) == "85%"
    assert fr.type("strike") == "frappe" and en.type("strike") == "strike"
    assert fr.n("{count} event", "{count} events", 1) == "1 événement"
    assert fr.n("{count} event", "{count} events", 3) == "3 événements"
    assert en.n("Include {count} earlier event", "Include {count} earlier events", 3) == "Include 3 earlier events"
    assert fr("Download PNG") == "Télécharger en PNG" and en("Download PNG") == "Download PNG"
    assert Translator("xx").lang == "en"  # an unknown language falls back to English, never fails
