"""Databases the page and browser tests open: the shared digest, plus a hostile little article."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from geo.eval.corpora import shared_dir
from geo.ingest.readers import RawArticle
from geo.ingest.workflow import ingest
from geo.store.db import Store

DIGEST = "samples/jour-1091-fr.txt"
DIGEST_PUBLISHED = dt.date(2025, 2, 18)
# An article whose text carries markup next to a place name that gets an event: it must show as text.
XSS_TEXT = (
    "Frappe sur Kharkiv <img src=x onerror=alert(1)>\n\n"
    "Kharkiv, 18 février 2025. Une frappe de drone a touché Kharkiv <img src=x onerror=alert(1)> dans la nuit, "
    "selon le maire. <script>alert(2)</script>\n"
)
XSS_TITLE = "Frappe <script>alert(3)</script>"


def digest_path() -> Path:
    """The shared digest article; skips the test when ../shared is absent."""
    shared = shared_dir()
    if shared is None or not (shared / DIGEST).is_file():
        pytest.skip(f"needs {DIGEST} in the shared data folder (../shared or $GEO_SHARED_DIR), absent here")
    return shared / DIGEST


def fill(path: Path, pipeline, *, xss: bool = False) -> Store:
    """A store at `path` holding the digest (and the hostile article when asked)."""
    store = Store(path)
    raws = [RawArticle(digest_path().read_text(encoding="utf-8"), "jour-1091-fr.txt",
                       title="Jour 1091 de résistance", url="https://example.org/jour-1091",
                       published=DIGEST_PUBLISHED, language="fr")]
    if xss:
        raws.append(RawArticle(XSS_TEXT, "xss.txt", title=XSS_TITLE, published=DIGEST_PUBLISHED, language="fr",
                               url="javascript:alert(4)"))
    outcomes, failures = ingest(raws, pipeline, store)
    assert not failures and all(o.status == "ingested" for o in outcomes)
    return store
