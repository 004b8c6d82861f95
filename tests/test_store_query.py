"""Server-side filters, counts and the map grid (geo.store.query), and `events` streaming, on both databases."""

from __future__ import annotations

import collections
import datetime as dt
import io
import json

import pytest

from geo.export.records import dumps, to_csv, to_geojson, write_csv, write_geojson, write_json, write_jsonl
from geo.store import query
from geo.store.db import EventFilter, Store
from geo.store.synth import fill

FILTERS = [
    EventFilter(),
    EventFilter(date_from=dt.date(2025, 2, 1), date_to=dt.date(2025, 2, 20), types=("strike", "clash")),
    EventFilter(countries=("RU", "UA", "FR"), min_conf=0.7),
    EventFilter(bbox=(40.0, -10.0, 60.0, 40.0)),
    EventFilter(q="oil depot"),
]


def kept(row: dict, f: EventFilter) -> bool:
    """The same filter, in Python, as the reference."""
    s, w, n, e = f.bbox or (-90, -180, 90, 180)
    text = " ".join([row["place"], row["sentence"], row["headline"], *row["actors"]]).casefold()
    return ((not f.date_from or row["date"] >= f.date_from.isoformat())
            and (not f.date_to or row["date"] <= f.date_to.isoformat())
            and (not f.types or row["type"] in f.types) and (not f.countries or row["country"] in f.countries)
            and row["confidence"] >= f.min_conf and s <= row["lat"] <= n and w <= row["lon"] <= e
            and f.q.casefold() in text)


@pytest.fixture
def store(store_url, gazetteer):
    with Store(store_url) as s:
        fill(s, 600, seed=11, gazetteer=gazetteer)
        yield s


@pytest.mark.parametrize("where", FILTERS, ids=range(len(FILTERS)))
def test_filters_counts_and_grid_are_the_databases_and_agree_with_python(store, where):
    everything = store.events()
    expected = [r for r in everything if kept(r, where)]
    assert expected, "the filter keeps nothing: a weak test"
    assert [r["id"] for r in store.iter_events(where)] == [r["id"] for r in expected]
    assert store.count_events(where) == len(expected)
    facets = query.facets(store, where)
    assert facets["type"] == dict(collections.Counter(r["type"] for r in expected))
    assert facets["country"] == dict(collections.Counter(r["country"] for r in expected))
    cells = query.grid(store, where, cell_deg=2.5)
    assert sum(c.count for c in cells) == len(expected)
    by_id = {r["id"]: r for r in expected}
    for c in cells:
        first = by_id[c.event_id]
        assert c.south <= first["lat"] < c.north and c.west <= first["lon"] < c.east
        assert c.south <= c.lat <= c.north and c.west <= c.lon <= c.east
    assert [c.count for c in cells] == sorted((c.count for c in cells), reverse=True)
    both = query.overview(store, where, cell_deg=2.5)
    assert both.count == len(expected) and both.facets == facets
    key = lambda c: (c.row, c.col)  # noqa: E731 - cells of equal counts may come in either order
    assert len(both.cells) == len(cells)
    for a, b in zip(sorted(both.cells, key=key), sorted(cells, key=key)):
        assert (a.row, a.col, a.count, a.event_id) == (b.row, b.col, b.count, b.event_id)
        assert a.lat == pytest.approx(b.lat) and a.lon == pytest.approx(b.lon)


def test_grid_refuses_a_bad_cell_size_and_caps_its_cells(store):
    with pytest.raises(ValueError, match="cell_deg"):
        query.grid(store, cell_deg=0)
    with pytest.raises(ValueError, match="cell_deg"):
        query.overview(store, cell_deg=-1)
    assert len(query.grid(store, cell_deg=0.01, limit=5)) == 5
    assert [c.count for c in query.overview(store, cell_deg=0.01, limit=5).cells] == \
        [c.count for c in query.grid(store, cell_deg=0.01, limit=5)]


def test_streamed_output_is_the_text_built_in_memory(store):
    rows = store.events()
    for write, whole in ((write_geojson, dumps(to_geojson(rows)) + "\n"), (write_csv, to_csv(rows)),
                         (write_json, dumps(rows) + "\n")):
        out = io.StringIO()
        assert write(iter(store.iter_events()), out) == len(rows)
        assert out.getvalue() == whole
    out = io.StringIO()
    write_jsonl(store.iter_events(), out)
    assert [json.loads(line)["id"] for line in out.getvalue().splitlines()] == [r["id"] for r in rows]


def test_cli_events_streams_every_format(store, capsys):
    from geo.cli.main import main

    assert main(["--db", store.url, "events", "--format", "jsonl", "--type", "strike"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(json.loads(line)["type"] == "strike" for line in lines)
    assert len(lines) == store.count_events(EventFilter(types=("strike",)))
    assert main(["--db", store.url, "events", "--format", "geojson", "--from", "2025-02-27"]) == 0
    features = json.loads(capsys.readouterr().out)["features"]
    assert features and all(f["properties"]["date"] >= "2025-02-27" for f in features)


# ------------------------------------------------------------------ the dashboard's questions (#13 point 5, #15)
from geo.ui import server_view, timeline, view as views  # noqa: E402
from geo.ui.view import ViewState  # noqa: E402

VIEWS = [
    ViewState(),
    ViewState(types=("strike", "clash"), date_from=dt.date(2025, 2, 1), date_to=dt.date(2025, 2, 20)),
    ViewState(countries=("RU", "UA"), min_conf=0.7),
    ViewState(q="oil depot"),
    ViewState(q="nowhere-at-all", types=("protest",)),
    ViewState(status=("background",)),
]


@pytest.mark.parametrize("view", VIEWS, ids=range(len(VIEWS)))
def test_the_dashboards_filter_in_sql_keeps_what_the_dataframe_filter_keeps(store, view):
    frame = views.frame(store.events())
    dense = timeline.dense_range(frame["date"])
    expected = views.filter_events(frame, view)
    if view.date_from is None and view.date_to is None:
        expected = timeline.within(expected, *dense)
    where = server_view.event_filter(view, default_range=dense)
    assert list(query.map_points(store, where)["id"]) == list(expected["id"])
    days = query.per_day(store, server_view.event_filter(view, default_range=dense, dates=False))
    assert server_view.count_kept(days, where) == len(expected)


def test_per_day_counts_give_the_timeline_what_the_events_give_it(store):
    frame = views.frame(store.events())
    days = query.per_day(store)
    assert int(days["events"].sum()) == len(frame)
    dated = days[days["date"].notna()]
    assert timeline.dense_range_of_counts(dated) == timeline.dense_range(frame["date"])
    lo, hi = dt.date(2025, 2, 5), dt.date(2025, 2, 15)
    assert timeline.outside_counts(days, lo, hi) == timeline.outside(frame["date"], lo, hi)
    assert server_view.bounds_of_days(days) == views.date_bounds(frame)


def test_map_points_recent_articles_and_same_point(store):
    points = query.map_points(store, EventFilter(types=("strike",)), limit=25)
    assert list(points.columns) == list(query.MAP_COLUMNS) and len(points) == 25
    assert all(isinstance(c, list) for c in points["conflicts"])
    titles, counts = query.recent_articles(store, 5)
    everything = store.articles()
    assert list(titles) == [a["id"] for a in everything[:5]]
    assert counts == {a["id"]: a["events"] for a in everything[:5]}
    oldest = everything[-1]["id"]
    assert oldest in query.recent_articles(store, 5, (oldest,))[0]
    events = store.events()
    stacked = collections.Counter((e["lat"], e["lon"]) for e in events).most_common(1)[0][0]
    first = next(e for e in events if (e["lat"], e["lon"]) == stacked)
    others = query.same_point(store, first, limit=1000)
    assert {o["id"] for o in others} == {e["id"] for e in events if (e["lat"], e["lon"]) == stacked} - {first["id"]}


@pytest.mark.parametrize("where", [EventFilter(), EventFilter(types=("strike", "clash")),
                                   EventFilter(countries=("UA",), statuses=("planned", "reported")),
                                   EventFilter(statuses=("background",))], ids=range(4))
def test_the_cube_answers_timeline_and_facets_as_the_database_does(store, where):
    c = query.cube(store)
    assert server_view.cube_answers(where)
    folded = server_view.cube_days(c, where)
    asked = query.per_day(store, where)
    assert folded.fillna("-").values.tolist() == asked.fillna("-").values.tolist()
    assert server_view.cube_facets(c) == query.facets(store)
    assert not server_view.cube_answers(EventFilter(q="depot"))


def test_coarsened_cells_are_the_databases_cells_at_that_size(store):
    fine = query.grid(store, EventFilter(), cell_deg=1.0, limit=None)
    coarse = {(c.row, c.col): c for c in query.grid(store, EventFilter(), cell_deg=4.0, limit=None)}
    merged = server_view.coarsen(fine, 1.0, 4.5)
    assert {(c.row, c.col): c.count for c in merged} == {k: c.count for k, c in coarse.items()}
    for c in merged:
        twin = coarse[(c.row, c.col)]
        assert (c.south, c.west, c.event_id) == (twin.south, twin.west, twin.event_id)
        assert abs(c.lat - twin.lat) < 1e-6 and abs(c.lon - twin.lon) < 1e-6
