"""Each stored event keeps the parser's trace (why it is where it is), and the panel shows it folded."""

from __future__ import annotations

import datetime as dt

from alembic import command
from sqlalchemy import insert

from geo.ingest.readers import RawArticle
from geo.ingest.workflow import ingest
from geo.store import tables as t
from geo.store.db import Store, db_url, make_engine
from geo.store.schema import _config, head
from geo.ui.i18n import Translator
from geo.ui.panel import event_card, trace_section

TEXT = ("Drones hit an oil depot in Kropotkin overnight on 17 February 2025, the regional governor said.\n\n"
        "Firefighters worked through the morning in Kropotkin.")


def test_each_stored_event_keeps_its_trace(store_url, pipeline):
    with Store(store_url) as store:
        outcomes, failures = ingest([RawArticle(TEXT, "kropotkin.txt", language="en",
                                                published=dt.date(2025, 2, 17))], pipeline, store)
        assert not failures and outcomes[0].events >= 1
        (event,) = [e for e in store.events() if e["place"] == "Kropotkin"]
        assert "trace" not in event  # the listing stays as it was; the trace is read one event at a time
        trace = store.trace(event["id"])
        stages = [s["stage"] for s in trace]
        assert stages[:3] == ["recognise", "roles", "resolve"] and stages[-2:] == ["link", "date"]
        link = trace[stages.index("link")]
        assert "Kropotkin" in link["decision"] and any("trigger word" in r for r in link["reasons"])
        assert store.trace("no-such-event") == []


def test_a_store_at_the_previous_revision_gains_an_empty_trace(store_url):
    engine = make_engine(db_url(store_url))
    with engine.begin() as conn:
        command.upgrade(_config(conn), "0003")
        conn.execute(insert(t.articles).values(id="a1", text="x", ingested="2025-02-18"))
        conn.execute(insert(t.events).values(**_row()))
    engine.dispose()
    with Store(store_url) as store:
        assert store.event("e1")["place"] == "Kropotkin" and store.trace("e1") == []
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head()


def _row() -> dict:
    return dict(id="e1", article_id="a1", type="strike", date="2025-02-17", date_precision="day", date_how="given",
                place_id=1, place="Kropotkin", country="RU", lat=45.437, lon=40.57, precision="settlement",
                confidence=0.9, sentence="Drones hit Kropotkin.", sentence_start=0, sentence_end=21)


STEPS = [
    {"stage": "recognise", "decision": "'Kropotkin' names a place", "reasons": ["found by ner"]},
    {"stage": "resolve", "decision": "<script>alert(1)</script>",
     "reasons": ["a", "b", "c", "d — not shown: only the main reasons"]},
    {"stage": "link", "decision": "strike at Kropotkin", "reasons": []},
]


def test_the_panel_folds_the_trace_escaped_with_translated_stage_names():
    html = trace_section(STEPS, Translator("fr"))
    assert html.startswith("<details") and " open" not in html.split(">", 1)[0]  # folded until asked
    assert "Pourquoi ce point est-il ici" in html and "Quel lieu" in html and "Quel événement" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "d — not shown" not in html and "found by ner" in html
    assert "Why is this dot here?" in trace_section(STEPS, Translator("en"))


def test_an_event_stored_without_a_trace_shows_no_section():
    row = {**_row(), "conflicts": [], "candidates": []}
    assert trace_section([], Translator()) == "" and "<details" not in event_card(row, {}, Translator(), [])
    assert "<details" in event_card(row, {}, Translator(), STEPS)


def test_the_trace_moves_with_the_event_when_its_first_source_goes(tmp_path, pipeline):
    again = "Firefighters fought a blaze at an oil depot in Kropotkin after a drone strike on 17 February 2025."
    with Store(tmp_path / "events.db") as store:
        raws = [RawArticle(TEXT, "first.txt", language="en", published=dt.date(2025, 2, 17)),
                RawArticle(again, "second.txt", language="en", published=dt.date(2025, 2, 18))]
        outcomes, failures = ingest(raws, pipeline, store)
        assert not failures and outcomes[1].merged >= 1  # the second article reports the same strike
        (event,) = [e for e in store.events() if e["place"] == "Kropotkin" and e["type"] == "strike"]
        first = outcomes[0].article_id
        assert event["article_id"] == first
        before = _trigger(store.trace(event["id"]))
        assert before in TEXT  # the first article's words
        store.delete_article(first)
        after = _trigger(store.trace(event["id"]))
        assert after != before and after in again  # now the second's


def _link(trace: list[dict]) -> dict:
    return next(s for s in trace if s["stage"] == "link")


def _trigger(trace: list[dict]) -> str:
    """The trigger word the link step names ("trigger word: 'hit'" → hit)."""
    (reason,) = [r for r in _link(trace)["reasons"] if r.startswith("trigger word: ")]
    return reason.removeprefix("trigger word: ").strip("'")
