"""Dashboard speed at scale: page open → first marker drawn (headless Chromium), against a bare Streamlit page
opened in the same run; filter-change rerun, map size, memory.

    .venv/bin/python benchmarks/map_speed.py [--events 100000] [--small 1000] [--pg-events 1000000] [--runs 5]

Fills temporary databases with geo.store.synth (clearly marked synthetic events; PostgreSQL: a throwaway server,
tests/pg.py), starts `streamlit run dashboard.py` on each (and `streamlit run` of a one-line page, the baseline),
and prints one JSON object. "First marker" is the first marker or grid badge drawn in the map's iframe.
Targets (issues #13, #15): 1k events: page open to first marker ≤ bare page + 0.5 s (medians, warm server);
100k (SQLite) and 1M (PostgreSQL): first open ≤ 3 s; filter change ≤ 300 ms server side (median).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "src"), str(REPO / "tests" / "browser"), str(REPO)]

from browser_support import CHROMIUM_ARGS, LOCAL_HOSTS, Server, chromium  # noqa: E402

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
LAYER = "window.feature_group[window.feature_group.length - 1]"
DRAWN = (f"window.map && window.map._loaded && window.feature_group && {LAYER}.geoEvents && "
         f"({LAYER}.geoEvents.points.getLayers().length + {LAYER}.geoEvents.clusters.getLayers().length) > 0")


def make_db(folder: Path, n: int) -> Path:
    """A database holding n synthetic events."""
    from geo.store.db import Store
    from geo.store.synth import fill

    path = folder / f"synth-{n}.db"
    with Store(path) as store:
        fill(store, n, seed=3)
    return path


BARE_PAGE = 'import streamlit as st\nst.title("Bare page")\n'


def page_open_seconds(browser, url: str, bare: bool = False) -> float:
    """From navigation to the first event marker drawn in the map iframe (or, for the bare page, to its title),
    in a fresh browser context."""
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if (r.request.url.split("/")[2].split(":")[0] in LOCAL_HOSTS)
               else r.abort())
    start = time.perf_counter()
    page.goto(url)
    if bare:
        page.get_by_text("Bare page").wait_for(timeout=120_000)
    else:
        page.wait_for_selector(MAP_FRAME, timeout=120_000)
        page.query_selector(MAP_FRAME).content_frame().wait_for_function(DRAWN, timeout=120_000, polling=50)
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def bare_numbers(runs: int, folder: Path) -> dict:
    """The baseline: a one-line Streamlit page, opened as the dashboard is (same browser flags, warm server)."""
    from playwright.sync_api import sync_playwright

    script = folder / "bare_page.py"
    script.write_text(BARE_PAGE)
    server = Server(folder / "unused.db", folder / "bare.log", script=str(script))
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
            page_open_seconds(browser, server.url, bare=True)
            times = [page_open_seconds(browser, server.url, bare=True) for _ in range(runs)]
            browser.close()
        return {"page_open_median_s": round(statistics.median(times), 2),
                "page_open_runs_s": [round(t, 2) for t in times]}
    finally:
        server.stop()


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def browser_numbers(db: str | Path, runs: int, folder: Path) -> dict:
    """Median page-open time over `runs` fresh pages (after one warm-up that fills the server's cache)."""
    from playwright.sync_api import sync_playwright

    server = Server(db, folder / f"{Path(str(db)).name.replace('/', '_') or 'pg'}.log")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
            cold = page_open_seconds(browser, server.url)
            times = [page_open_seconds(browser, server.url) for _ in range(runs)]
            browser.close()
        return {"page_open_cold_s": round(cold, 2), "page_open_median_s": round(statistics.median(times), 2),
                "page_open_runs_s": [round(t, 2) for t in times],
                "server_peak_rss_mb": round(peak_rss_mb(server.process.pid), 1)}
    finally:
        server.stop()


PER_FILTER_CACHES = ("_days", "_grid", "_points", "_full_events")


def drop_filter_caches() -> None:
    """Forget the answers cached per filter (not the store-wide ones): every rerun timed asks the database."""
    import app_state

    for name in PER_FILTER_CACHES:
        getattr(app_state, name).clear()


class DatabaseClock:
    """Time spent in the database questions the page asks (geo.store.query and Store reads), summed per rerun."""

    NAMES = ("grid", "overview", "per_day", "map_points", "cube", "recent_articles", "same_point")

    def __init__(self) -> None:
        from geo.store import query

        self.spent = 0.0
        for name in self.NAMES:
            setattr(query, name, self._timed(getattr(query, name)))

    def _timed(self, fn):
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.spent += time.perf_counter() - start
        return timed

    def lap(self) -> float:
        spent, self.spent = self.spent, 0.0
        return spent


def _timed_reruns(at, clock, changes) -> tuple[list[float], list[float]]:
    """Each change then a rerun with cold filter caches: (whole script seconds, database seconds) per rerun."""
    whole, database = [], []
    for change in changes:
        change()
        drop_filter_caches()
        clock.lap()
        start = time.perf_counter()
        at.run()
        whole.append(time.perf_counter() - start)
        database.append(clock.lap())
        assert not at.exception, at.exception
    return whole, database


def server_numbers(db: str | Path, runs: int) -> dict:
    """Server-side: the first run, a rerun after a filter change and after a pan or zoom (AppTest: the script's
    time, database included, nothing cached per filter), and the size of what the map is sent."""
    os.environ["GEO_DB"] = str(db)
    from streamlit.testing.v1 import AppTest

    import app_state
    from geo.ui import mapview
    app_state.reset()
    clock = DatabaseClock()
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=600)
    start = time.perf_counter()
    at.run()
    first = time.perf_counter() - start
    first_db = clock.lap()
    assert not at.exception, at.exception
    args = json.loads(at.get("component_instance")[0].proto.json_args)
    payload = mapview.payload_from_js(args["feature_group"])
    grid = mapview.grid_from_js(args["feature_group"])
    choices = [["strike"], ["strike", "meeting"], [], ["protest"], ["clash", "statement"], []]
    reruns, reruns_db = _timed_reruns(at, clock, [
        (lambda i=i: at.multiselect(key="w_types").set_value(choices[i % len(choices)])) for i in range(runs * 2)])
    # Pans and zooms over Ukraine and Europe (what the page does when the map reports a new view on a large set).
    views = [((44.0, 22.0, 53.0, 41.0), 6), ((47.0, 30.0, 51.0, 38.0), 7), ((35.0, -10.0, 60.0, 30.0), 5),
             ((49.5, 35.5, 50.5, 37.0), 9), ((40.0, 0.0, 55.0, 45.0), 5), ((48.0, 33.0, 52.0, 40.0), 7)]

    def pan(i: int) -> None:
        (south, west, north, east), zoom = views[i % len(views)]
        at.session_state["map"] = {"bounds": {"_southWest": {"lat": south, "lng": west},
                                              "_northEast": {"lat": north, "lng": east}}, "zoom": zoom}

    pans, pans_db = _timed_reruns(at, clock, [(lambda i=i: pan(i)) for i in range(runs * 2)])
    app_state.reset()
    return {
        "map": "markers" if payload else "grid",
        "markers": len(payload["id"]) if payload else 0, "grid_cells": len(grid["n"]) if grid else 0,
        "component_args_mb": round(len(at.get("component_instance")[0].proto.json_args) / 1e6, 2),
        "first_run_s": round(first, 2), "first_run_database_s": round(first_db, 2),
        "filter_rerun_median_ms": round(statistics.median(reruns) * 1000),
        "filter_rerun_runs_ms": [round(r * 1000) for r in reruns],
        "filter_rerun_database_median_ms": round(statistics.median(reruns_db) * 1000),
        "filter_rerun_database_runs_ms": [round(r * 1000) for r in reruns_db],
        "pan_rerun_median_ms": round(statistics.median(pans) * 1000),
        "pan_rerun_runs_ms": [round(r * 1000) for r in pans],
        "pan_rerun_database_median_ms": round(statistics.median(pans_db) * 1000),
    }


def pg_fill(url: str, n: int) -> float:
    """Fill a PostgreSQL database as benchmarks/store_scale.py does (synth, 100,000 per seed, VACUUM ANALYZE)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("store_scale", REPO / "benchmarks" / "store_scale.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.fill(url, n)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--pg-events", type=int, default=0, help="also a PostgreSQL store of this many events")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-server", action="store_true", help="skip the AppTest filter-rerun numbers")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "tests"))
    result: dict = {"machine": {"cpus": os.cpu_count(), "load_average_before": os.getloadavg()},
                    "browser": "Debian Chromium, headless, software rendering"}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        result["bare"] = bare_numbers(args.runs, folder)
        for label, n in (("small", args.small), ("large", args.events)):
            if not n:
                continue
            start = time.perf_counter()
            db = make_db(folder, n)
            entry = {"events_requested": n, "synth_fill_s": round(time.perf_counter() - start, 1)}
            entry.update(browser_numbers(db, args.runs, folder))
            if label == "large" and not args.skip_server:
                entry.update(server_numbers(db, args.runs))
            result[label] = entry
        if args.pg_events:
            import pg

            with pg.server() as base:
                url = pg.create_database(base, "bench")
                entry = {"events_requested": args.pg_events, "fill_s": round(pg_fill(url, args.pg_events), 1)}
                entry.update(browser_numbers(url, args.runs, folder))
                if not args.skip_server:
                    entry.update(server_numbers(url, args.runs))
                result["postgresql"] = entry
        result["load_average_after"] = os.getloadavg()
    targets = {}
    if "small" in result:
        over = result["small"]["page_open_median_s"] - result["bare"]["page_open_median_s"]
        result["small_over_bare_s"] = round(over, 2)
        targets["small_first_marker_le_bare_plus_0_5s"] = over <= 0.5
    for label in ("large", "postgresql"):
        if label in result:
            targets[f"{label}_first_open_le_3s"] = result[label]["page_open_cold_s"] <= 3
            targets[f"{label}_page_open_median_le_3s"] = result[label]["page_open_median_s"] <= 3
            if "filter_rerun_median_ms" in result[label]:
                targets[f"{label}_filter_rerun_le_300ms"] = result[label]["filter_rerun_median_ms"] <= 300
    result["targets_met"] = targets
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
