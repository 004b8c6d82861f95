"""ViewState ⇄ URL query parameters, and filtering events (pure, no Streamlit)."""

import datetime as dt
import itertools
import random

import pandas as pd
import pytest

from geo.ui import view as views
from geo.ui.view import ViewState

D = dt.date


def rows():
    base = dict(admin1="", precision="settlement", conflicts=[], headline="Titre", sources=None,
                sentence_start=0, date_precision="day")
    data = [
        dict(id="e1", type="strike", date="2025-02-17", place="Il’skiy", country="RU", lat=44.8, lon=38.6,
             confidence=0.99, sentence="Frappe sur la raffinerie d'Ilsky.", actors=["Ilsky"], article_id="a1"),
        dict(id="e2", type="meeting", date="2025-02-18", place="Paris", country="FR", lat=48.9, lon=2.3,
             confidence=0.58, sentence="Sommet d'urgence à Paris.", actors=["Mark Rutte"], article_id="a1"),
        dict(id="e3", type="statement", date="2025-02-18", place="Warsaw", country="PL", lat=52.2, lon=21.0,
             confidence=0.89, sentence="Tusk a déclaré à Varsovie.", actors=["Donald Tusk"], article_id="a2"),
        dict(id="e4", type="meeting", date=None, place="Riyadh", country="SA", lat=24.7, lon=46.7,
             confidence=0.4, sentence="Négociations à Riyad.", actors=[], article_id="a3", sources=["a3", "a2"]),
        dict(id="e5", type="strike", date="2025-02-20", place="Paris", country="FR", lat=48.9, lon=2.3,
             confidence=0.7, sentence="Explosion.", actors=[], article_id="a3", headline="Une explosion à PARIS"),
    ]
    out = []
    for r in data:
        row = {**base, **r}
        row["sources"] = row["sources"] or [row["article_id"]]
        out.append(row)
    return out


@pytest.fixture
def df():
    return views.frame(rows())


# ------------------------------------------------------------------ from_query / to_query

def test_empty_query_is_the_default_view():
    view, notices = ViewState.from_query({})
    assert view == ViewState() and notices == [] and view.to_query() == {}


def test_a_full_link_is_parsed():
    view, notices = ViewState.from_query({
        "from": "2025-02-17", "to": "2025-02-18", "type": "strike,meeting", "country": "ru,FR",
        "article": "43e22cb8e98b852b", "q": "  raffinerie   Ilsky ", "min_conf": "0.5", "event": "5e1dd779172d8a55",
        "lat": "44.84222", "lon": "38.56686", "zoom": "9", "mode": "briefing", "step": "3",
    })
    assert notices == []
    assert view == ViewState(D(2025, 2, 17), D(2025, 2, 18), ("meeting", "strike"), ("FR", "RU"),
                             ("43e22cb8e98b852b",), "raffinerie Ilsky", 0.5, "5e1dd779172d8a55", 44.84222, 38.56686,
                             9, "briefing", 3)


def test_repeated_keys_as_streamlit_gives_them():
    view, notices = ViewState.from_query({"type": ["strike", "clash,protest"], "zoom": ["3", "5"]})
    assert view.types == ("clash", "protest", "strike") and view.zoom == 5 and notices == []


def test_to_query_writes_only_non_default_keys_in_the_documented_names():
    view = ViewState(date_from=D(2025, 2, 18), types=("strike",), zoom=6)
    assert view.to_query() == {"from": "2025-02-18", "type": "strike", "zoom": "6"}
    assert set(ViewState(D(2025, 1, 1), D(2025, 1, 2), ("strike",), ("RU",), ("a1",), "x", 0.5, "e1", 1.0, 2.0,
                         3, "briefing", 4, "fr", 8.0, ("background", "reported")).to_query()) == set(views.QUERY_KEYS)


def test_lang_autoplay_and_status_round_trip_through_the_url():
    view = ViewState(lang="fr", autoplay=7.5, status=("background", "planned", "reported"), mode="briefing")
    query = view.to_query()
    assert query["lang"] == "fr" and query["autoplay"] == "7.5" and query["status"] == "background,planned,reported"
    again, notices = ViewState.from_query(query)
    assert again == view and notices == []
    assert set(ViewState.from_query({"status": "all"})[0].status) == set(views.STATUSES)
    assert "status" not in ViewState(status=views.DEFAULT_STATUSES).to_query()  # the default stays out of links


@pytest.mark.parametrize("params, fragment", [
    ({"lang": "de"}, "lang='de'"),
    ({"autoplay": "0"}, "autoplay='0'"),
    ({"autoplay": "soon"}, "seconds per step"),
    ({"status": "rumour"}, "rumour"),
])
def test_bad_lang_autoplay_or_status_is_dropped_with_a_notice(params, fragment):
    view, notices = ViewState.from_query(params)
    assert view == ViewState() and any(fragment in n for n in notices)


def test_background_events_are_hidden_unless_asked_and_events_without_a_status_count_as_reported():
    df = views.frame([
        {"id": "a", "type": "strike", "date": "2025-02-17", "place": "A", "admin1": "", "country": "UA", "lat": 1.0,
         "lon": 1.0, "precision": "settlement", "confidence": 0.9, "conflicts": [], "sentence": "s", "headline": "h",
         "actors": [], "article_id": "x", "sources": [], "status": "background"},
        {"id": "b", "type": "strike", "date": "2025-02-17", "place": "B", "admin1": "", "country": "UA", "lat": 1.0,
         "lon": 1.0, "precision": "settlement", "confidence": 0.9, "conflicts": [], "sentence": "s", "headline": "h",
         "actors": [], "article_id": "x", "sources": [], "status": "automatic"},
        {"id": "c", "type": "strike", "date": "2025-02-17", "place": "C", "admin1": "", "country": "UA", "lat": 1.0,
         "lon": 1.0, "precision": "settlement", "confidence": 0.9, "conflicts": [], "sentence": "s", "headline": "h",
         "actors": [], "article_id": "x", "sources": [], "status": None},
    ])
    assert list(views.filter_events(df, ViewState())["id"]) == ["b", "c"]
    assert list(views.filter_events(df, ViewState(status=views.STATUSES))["id"]) == ["a", "b", "c"]
    assert list(views.filter_events(df.drop(columns="status"), ViewState())["id"]) == ["a", "b", "c"]
    happening = df.assign(event_status=["reported", "background", None])  # the parser's own field wins
    assert list(views.filter_events(happening, ViewState())["id"]) == ["a", "c"]


@pytest.mark.parametrize("params, kept, fragment", [
    ({"from": "2025-13-01"}, {}, "from='2025-13-01'"),
    ({"to": "yesterday"}, {}, "not a date"),
    ({"from": "20250218"}, {}, "YYYY-MM-DD"),
    ({"zoom": "99"}, {}, "zoom='99'"),
    ({"zoom": "-1"}, {}, "0 to 18"),
    ({"zoom": "4.5"}, {}, "whole number"),
    ({"type": "strike,foo"}, {"type": "strike"}, "unknown event type(s) foo"),
    ({"min_conf": "7"}, {}, "min_conf='7'"),
    ({"min_conf": "nan"}, {}, "0 to 1"),
    ({"min_conf": "lots"}, {}, "0 to 1"),
    ({"mode": "present"}, {}, "mode='present'"),
    ({"lat": "100", "lon": "3"}, {}, "latitude"),
    ({"lat": "48.8"}, {}, "both are needed"),
    ({"lon": "inf", "lat": "1"}, {}, "map centre"),
    ({"step": "-3"}, {}, "step='-3'"),
    ({"country": "RUS,fr"}, {"country": "FR"}, "RUS"),
    ({"event": "<script>alert(1)</script>"}, {}, "not an event id"),
    ({"article": "a b"}, {}, "article id"),
    ({"zom": "5"}, {}, "unknown link parameter(s): zom"),
])
def test_every_malformed_value_is_dropped_with_a_notice(params, kept, fragment):
    view, notices = ViewState.from_query(params)
    assert view.to_query() == kept
    assert len(notices) == 1 and fragment in notices[0], notices


def test_reversed_dates_are_swapped_with_a_notice():
    view, notices = ViewState.from_query({"from": "2025-02-20", "to": "2025-02-17"})
    assert (view.date_from, view.date_to) == (D(2025, 2, 17), D(2025, 2, 20)) and "swapped" in notices[0]


def test_streamlit_own_keys_pass_silently_and_bad_values_keep_the_rest():
    view, notices = ViewState.from_query({"embed": "true", "zoom": "99", "type": "meeting", "from": "x"})
    assert view.types == ("meeting",) and view.zoom is None and len(notices) == 2


def test_junk_never_raises():
    rng = random.Random(7)
    junk = ["", " ", "%", "💥", "\x00", "1e999", "-0", "０", "2025-02-30", "NaN", "[]", "{}", ",", ",,", "a" * 500,
            "<img src=x onerror=alert(1)>", "1,2", "0x10", "True"]
    for _ in range(2000):
        params = {key: rng.choice(junk) if rng.random() < 0.8 else [rng.choice(junk), rng.choice(junk)]
                  for key in rng.sample(views.QUERY_KEYS + ("junk",), rng.randint(1, 6))}
        view, notices = ViewState.from_query(params)
        again, more = ViewState.from_query(view.to_query())
        assert again == view and more == []


def random_view(rng: random.Random) -> ViewState:
    start = D(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 700))
    return ViewState(
        date_from=rng.choice([None, start]),
        date_to=rng.choice([None, start + dt.timedelta(days=rng.randint(0, 30))]),
        types=tuple(rng.sample(views.TYPES, rng.randint(0, 3))),
        countries=tuple(rng.sample(["RU", "UA", "FR", "SA", "PL", "US"], rng.randint(0, 3))),
        articles=tuple(rng.sample(["43e22cb8e98b852b", "a1", "b-2", "c_3"], rng.randint(0, 2))),
        q=rng.choice(["", "Ilsky", "raffinerie de pétrole", "l’OTAN & co", "a=b?c#d", "100%"]),
        min_conf=rng.choice([0.0, 0.05, 0.5, 0.99, 1.0, rng.random()]),
        event=rng.choice([None, "5e1dd779172d8a55", "x-1_2"]),
        lat=(lat := rng.choice([None, rng.uniform(-90, 90)])),
        lon=None if lat is None else rng.uniform(-180, 180),
        zoom=rng.choice([None, 0, 7, 18]),
        mode=rng.choice(views.MODES),
        step=rng.choice([0, 1, 42]),
    )


def test_round_trip_over_many_combinations():
    rng = random.Random(2025)
    for _ in range(3000):
        view = random_view(rng)
        query = view.to_query()
        assert all(isinstance(v, str) for v in query.values())
        parsed, notices = ViewState.from_query(query)
        assert notices == [] and parsed == view, (view, query)
        assert parsed.to_query() == query


def test_round_trip_of_every_single_key():
    values = {"date_from": D(2025, 2, 18), "date_to": D(2025, 2, 19), "types": ("clash",), "countries": ("UA",),
              "articles": ("a1",), "q": "x", "min_conf": 0.25, "event": "e1", "zoom": 0, "mode": "briefing",
              "step": 2}
    for n in (1, 2):
        for keys in itertools.combinations(values, n):
            view = ViewState(**{k: values[k] for k in keys})
            assert ViewState.from_query(view.to_query()) == (view, [])


def test_share_url_replaces_the_query():
    view = ViewState(event="e1", zoom=7)
    assert views.share_url("http://localhost:8501/?old=1", view) == "http://localhost:8501/?event=e1&zoom=7"
    assert views.share_url("http://h/", ViewState()) == "http://h/"


# ------------------------------------------------------------------ filtering

def ids(df):
    return sorted(df["id"])


def test_no_filter_keeps_everything(df):
    assert ids(views.filter_events(df, ViewState(event="e1", zoom=3))) == ["e1", "e2", "e3", "e4", "e5"]


def test_date_range_drops_undated_and_outside(df):
    assert ids(views.filter_events(df, ViewState(date_from=D(2025, 2, 18), date_to=D(2025, 2, 18)))) == ["e2", "e3"]
    assert ids(views.filter_events(df, ViewState(date_to=D(2025, 2, 17)))) == ["e1"]


def test_types_countries_confidence(df):
    assert ids(views.filter_events(df, ViewState(types=("meeting",)))) == ["e2", "e4"]
    assert ids(views.filter_events(df, ViewState(countries=("FR", "PL")))) == ["e2", "e3", "e5"]
    assert ids(views.filter_events(df, ViewState(min_conf=0.6))) == ["e1", "e3", "e5"]


def test_articles_match_the_article_and_the_sources(df):
    assert ids(views.filter_events(df, ViewState(articles=("a2",)))) == ["e3", "e4"]


@pytest.mark.parametrize("q, expected", [
    ("ilsky", ["e1"]),            # sentence (and actors), case-insensitive
    ("il’skiy", ["e1"]),          # place
    ("rutte", ["e2"]),            # actors
    ("explosion à paris", ["e5"]),  # headline
    ("paris", ["e2", "e5"]),
    ("nothing like this", []),
    ("(", []),                    # not a regex
])
def test_free_text(df, q, expected):
    assert ids(views.filter_events(df, ViewState(q=q))) == expected


def test_filters_combine(df):
    view = ViewState(date_from=D(2025, 2, 18), types=("meeting", "strike"), countries=("FR",), q="paris")
    assert ids(views.filter_events(df, view)) == ["e2", "e5"]


def test_filter_works_on_a_frame_without_the_search_column(df):
    bare = df.drop(columns=[views.SEARCH_COLUMN])
    assert ids(views.filter_events(bare, ViewState(q="rutte"))) == ["e2"]


def test_empty_store_frame_filters_to_nothing():
    empty = views.frame([])
    assert views.filter_events(empty, ViewState(q="x", types=("strike",))).empty
    assert views.date_bounds(empty) is None


def test_counts():
    assert views.counts(12, 340) == "12 of 340 events"
    assert views.counts(5, 5) == "5 events"
    assert views.counts(1, 1) == "1 event"
    assert views.counts(1_200, 100_000) == "1,200 of 100,000 events"


def test_per_day_marks_the_range_and_ignores_it_for_counting(df):
    days = views.per_day(df, ViewState(date_from=D(2025, 2, 18), date_to=D(2025, 2, 18), types=("meeting", "strike")))
    table = {(d.strftime("%Y-%m-%d"), t): (n, r) for d, t, n, r in days.itertuples(index=False)}
    assert table == {("2025-02-17", "strike"): (1, False), ("2025-02-18", "meeting"): (1, True),
                     ("2025-02-20", "strike"): (1, False)}


def test_shift_days_keeps_the_width_and_stays_inside():
    bounds = (D(2025, 2, 1), D(2025, 2, 10))
    view = ViewState(date_from=D(2025, 2, 3), date_to=D(2025, 2, 5))
    moved = views.shift_days(view, 1, bounds)
    assert (moved.date_from, moved.date_to) == (D(2025, 2, 4), D(2025, 2, 6))
    assert views.shift_days(view, 30, bounds).date_to == D(2025, 2, 10)
    assert views.shift_days(view, -30, bounds).date_from == D(2025, 2, 1)
    whole = views.shift_days(ViewState(), 1, bounds)
    assert (whole.date_from, whole.date_to) == bounds


def test_histogram_window_gives_context_around_the_range():
    bounds = (D(2022, 3, 1), D(2025, 2, 24))
    assert views.histogram_window(ViewState(), bounds) == bounds
    view = ViewState(date_from=D(2025, 2, 17), date_to=D(2025, 2, 18))
    assert views.histogram_window(view, bounds) == (D(2025, 2, 10), D(2025, 2, 24))
    wide = ViewState(date_from=D(2024, 1, 1), date_to=D(2024, 12, 31))
    assert views.histogram_window(wide, bounds) == (D(2023, 1, 1), D(2025, 2, 24))


def test_a_stale_event_is_dropped_with_a_notice(df):
    view, notices = views.check_against(ViewState(event="gone", zoom=5), df)
    assert view == ViewState(zoom=5) and "gone" in notices[0]
    assert views.check_against(ViewState(event="e1"), df) == (ViewState(event="e1"), [])


def test_briefing_order_and_step(df):
    ordered = views.briefing_order(df)
    assert list(ordered["id"]) == ["e1", "e2", "e3", "e5", "e4"]  # undated last
    assert views.briefing_step(ViewState(step=9), 5) == 4
    assert views.briefing_step(ViewState(step=2), 0) == 0


def test_same_place(df):
    assert ids(views.same_place(df, "e2")) == ["e5"]
    assert views.same_place(df, "nope").empty


def test_records_drop_internal_columns_and_nan(df):
    out = views.records(df)
    assert len(out) == 5 and not any(k.startswith("_") for k in out[0])
    assert out[3]["date"] is None and out[0]["actors"] == ["Ilsky"]


def test_frame_from_store_rows_keeps_lists():
    df = views.frame(rows())
    assert isinstance(df, pd.DataFrame) and df.loc[0, "actors"] == ["Ilsky"]
