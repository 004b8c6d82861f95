"""The dashboard on a PostgreSQL store (GEO_DB a URL): the same markers and share links as on SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_data import fill
from streamlit.testing.v1 import AppTest

import app_state
from geo.ui import mapview

pytestmark = pytest.mark.slow
APP = str(Path(__file__).resolve().parents[1] / "dashboard.py")


def test_markers_and_a_share_link_on_postgresql(postgres, pipeline, monkeypatch):
    import json

    import pg

    url = pg.create_database(postgres)
    store = fill(url, pipeline)
    events = store.events()
    store.close()
    monkeypatch.setenv("GEO_DB", url)
    app_state.reset()
    try:
        at = AppTest.from_file(APP, default_timeout=120).run()
        assert not at.exception
        payload = mapview.payload_from_js(json.loads(at.get("component_instance")[0].proto.json_args)["feature_group"])
        assert sorted(payload["id"]) == sorted(e["id"] for e in events)
        assert "postgres@" in " ".join(c.value for c in at.caption)
        day = events[0]["date"]
        shared = AppTest.from_file(APP, default_timeout=120)
        shared.query_params["from"], shared.query_params["to"] = day, day
        shared.run()
        assert not shared.exception
        payload = mapview.payload_from_js(
            json.loads(shared.get("component_instance")[0].proto.json_args)["feature_group"])
        assert sorted(payload["id"]) == sorted(e["id"] for e in events if e["date"] == day)
    finally:
        app_state.reset()
