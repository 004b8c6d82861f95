"""The timeline: the dense default range, the far events counted outside it, bars per day, week or month."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from geo.ui import timeline as tl
from geo.ui.i18n import Translator

D = dt.date


def dates(*values: str) -> pd.Series:
    return pd.Series(list(values))


def test_one_old_background_event_does_not_stretch_the_default_range():
    recent = [f"2025-02-{d:02d}" for d in range(10, 25)] * 3
    series = dates("2022-03-01", *recent)
    assert tl.dense_range(series) == (D(2025, 2, 10), D(2025, 2, 24))
    assert tl.outside(series, D(2025, 2, 10), D(2025, 2, 24)) == (1, 0)


def test_events_spread_evenly_are_all_dense():
    series = dates(*[(D(2024, 1, 1) + dt.timedelta(days=7 * i)).isoformat() for i in range(60)])
    lo, hi = tl.dense_range(series)
    assert (lo, hi) == (D(2024, 1, 1), D(2024, 1, 1) + dt.timedelta(days=7 * 59))
    assert tl.dense_range(dates()) is None and tl.dense_range(pd.Series([None, None])) is None


def test_bars_per_day_then_week_then_month():
    assert tl.unit_for(D(2025, 1, 1), D(2025, 3, 1)) == "day"
    assert tl.unit_for(D(2024, 1, 1), D(2025, 3, 1)) == "week"
    assert tl.unit_for(D(2021, 1, 1), D(2025, 3, 1)) == "month"
    days = pd.DataFrame({"date": pd.to_datetime(["2024-01-03", "2024-01-20", "2024-02-02"]),
                         "type": ["strike", "clash", "strike"], "events": [2, 1, 4]})
    months = tl.bins(days, (D(2024, 1, 1), D(2024, 2, 29)), "month")
    assert [(b.first, b.last, sum(b.counts)) for b in months] == [(D(2024, 1, 1), D(2024, 1, 31), 3),
                                                                  (D(2024, 2, 1), D(2024, 2, 29), 4)]
    weeks = tl.bins(days, (D(2024, 1, 1), D(2024, 2, 29)), "week")
    assert len(weeks) == 9 and weeks[0].first == D(2024, 1, 1) and sum(weeks[0].counts) == 2


def test_the_histogram_speaks_the_interface_language():
    days = pd.DataFrame({"date": pd.to_datetime(["2025-02-17"]), "type": ["strike"], "events": [3]})
    fr = tl.histogram_html(days, (D(2025, 2, 10), D(2025, 2, 24)), (None, None), Translator("fr"))
    assert "10 févr. 2025" in fr and "max. 3 événements par jour" in fr and "3 frappe" in fr
    en = tl.histogram_html(days, (D(2025, 2, 10), D(2025, 2, 24)), (None, None), Translator("en"))
    assert "Feb 10, 2025" in en and "max 3 events per day" in en


def test_undated_events_stay_in_the_default_range():
    df = pd.DataFrame({"id": ["a", "b", "c"], "date": ["2022-01-01", "2025-02-17", None]})
    assert list(tl.within(df, D(2025, 2, 10), D(2025, 2, 24))["id"]) == ["b", "c"]
