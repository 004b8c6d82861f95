import datetime as dt
import re

import pytest

from geo.errors import InputError
from geo.ingest.readers import article_id
from geo.ingest.workflow import Failure
from geo.store.db import IngestOutcome
from geo.ui.sources import (
    article_label,
    article_table,
    pasted_article,
    plain,
    read_uploads,
    report,
)


def test_pasted_article_keeps_the_form_fields():
    raw = pasted_article("  Frappe sur Kharkiv.\n", title=" T ", url="https://example.org/a",
                         published=dt.date(2025, 2, 18), language="FR")
    assert (raw.text, raw.title, raw.url, raw.published, raw.language) == (
        "  Frappe sur Kharkiv.\n", "T", "https://example.org/a", dt.date(2025, 2, 18), "fr")
    assert pasted_article("x").language is None


@pytest.mark.parametrize("kwargs, message", [
    ({"text": " \n "}, "pasted text: empty"),
    ({"text": "a\x00b" * 10}, "binary"),
    ({"text": "ok", "url": "javascript:alert(1)"}, "not a web address"),
    ({"text": "ok", "url": "example.org"}, "not a web address"),
    ({"text": "ok", "language": "french"}, "two-letter"),
])
def test_pasted_article_refusals(kwargs, message):
    with pytest.raises(InputError, match=message):
        pasted_article(**kwargs)


def test_uploads_are_read_one_by_one_and_bad_files_reported():
    raws, failures = read_uploads([
        ("a.txt", "Frappe sur Kharkiv.".encode()),
        ("empty.txt", b""),
        ("latin.txt", "Frappe à Kharkiv".encode("latin-1")),
        ("b.json", b'[{"text": "Summit in Paris.", "title": "T"}]'),
        ("bad.json", b"{"),
    ])
    assert [r.name for r in raws] == ["a.txt", "latin.txt", "b.json[0]"]  # Latin-1 is detected, not refused
    assert [f.name for f in failures] == ["empty.txt", "bad.json"]
    assert failures[1].reason.startswith("bad.json: not valid JSON")


def test_report_says_what_happened():
    said = report([IngestOutcome("a1", "ingested", 1), IngestOutcome("a2", "ingested", 3),
                   IngestOutcome("a3", "duplicate", 0)],
                  [Failure("x.txt", "x.txt: empty: no text to parse"), Failure("y.json[0]", "database locked")],
                  {"a1": "Frappe", "a3": "Sommet"})
    assert said.added == ["Added Frappe with 1 event", "Added a2 with 3 events"]
    assert said.duplicates == ["Already stored, not added again: Sommet"]
    assert said.failures == ["x.txt: empty: no text to parse", "y.json[0]: database locked"]


def test_plain_leaves_no_active_markdown():
    evil = "<img src=x onerror=alert(1)>\n[a](javascript:x) **b** :red[c] $x$ `d` # e"
    out = plain(evil)
    assert "\n" not in out and not re.search(r"(?<!\\)[<>\[\]()*`$:#]", out)
    assert re.sub(r"\\(.)", r"\1", out) == " ".join(evil.split())


def test_article_table_and_label():
    a = {"id": article_id("x"), "title": "T " * 60, "published": "2025-02-18", "events": 2, "source": "s"}
    (row,) = article_table([a])
    assert list(row)[:4] == ["title", "published", "language", "events"] and row["language"] is None
    label = article_label(a)
    assert label.endswith(" · 2025-02-18 · 2 events") and len(label) < 120
    assert article_label({"id": "abc", "title": "", "events": 0}) == "abc · undated · 0 events"
