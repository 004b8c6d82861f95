"""The events-per-day histogram (plain HTML bars)."""

import datetime as dt
import re

import pandas as pd

from geo.ui import timeline

D = dt.date


def days(rows):
    return pd.DataFrame([{"date": pd.Timestamp(d), "type": t, "events": n} for d, t, n in rows])


def bins(out):
    pattern = r"<div class='ge-bin' title='([^']*)' style='opacity:([0-9.]+)'>((?:<div [^>]*></div>)*)</div>"
    return re.findall(pattern, out)


def test_one_column_per_day_stacked_by_type_with_the_range_in_full_colour():
    out = timeline.histogram_html(days([("2025-02-17", "strike", 3), ("2025-02-18", "meeting", 2),
                                        ("2025-02-18", "statement", 1)]),
                                  (D(2025, 2, 16), D(2025, 2, 19)), (D(2025, 2, 18), D(2025, 2, 18)))
    columns = bins(out)
    assert [c[0] for c in columns] == ["16 Feb 2025: 0 events", "17 Feb 2025: 3 events (3 strike)",
                                       "18 Feb 2025: 3 events (2 meeting, 1 statement)", "19 Feb 2025: 0 events"]
    assert [float(c[1]) for c in columns] == [0.22, 0.22, 1.0, 0.22]
    assert "#D55E00" in columns[1][2] and "#0072B2" in columns[2][2] and "#009E73" in columns[2][2]
    assert "height:56.0px" in columns[1][2]  # the fullest day is full height
    assert "max 3 events per day" in out and "16 Feb 2025" in out and "19 Feb 2025" in out


def test_long_spans_are_binned():
    out = timeline.histogram_html(days([("2022-03-01", "meeting", 1), ("2025-02-17", "strike", 4)]),
                                  (D(2022, 3, 1), D(2025, 2, 24)))
    columns = bins(out)
    assert len(columns) <= timeline.MAX_COLUMNS and "per 10 days" in out
    assert sum(1 for c in columns if "(" in c[0]) == 2
    assert all(float(c[1]) == 1 for c in columns)  # no range chosen: everything in colour


def test_nothing_from_outside_the_window_and_no_markup_from_data():
    out = timeline.histogram_html(days([("2025-01-01", "strike", 9), ("2025-02-17", "<b>x</b>", 1)]),
                                  (D(2025, 2, 17), D(2025, 2, 17)))
    assert "<b>" not in out and "9" not in re.sub(r"height:[0-9.]+px", "", out).replace("2025", "")
