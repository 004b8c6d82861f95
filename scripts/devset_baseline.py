"""Score `geo-events parse` on the Russian and Ukrainian development sets (data/devset/ru, data/devset/uk).

Runs the parser through its public interface (`geo-events parse --jsonl`, with each article's language
and publication date) and compares with the hand-made gold:
  places  exact-span precision/recall/F1, and the share of gold places found (overlapping span) and
          resolved within 161 km of the gold point;
  events  one-to-one matching of predicted and gold events by distance (<= 161 km), then also
          requiring the same type: precision and recall.
Usage:  python scripts/devset_baseline.py [ru uk] [--json]
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from geo.geodesy import haversine_km  # noqa: E402

TOLERANCE_KM = 161.0


def load(lang: str) -> list[tuple[str, str, dict]]:
    """(name, text, gold) for every article of one language."""
    folder = REPO / "data" / "devset" / lang
    return [(p.stem, p.with_suffix(".txt").read_text(encoding="utf-8"), json.loads(p.read_text(encoding="utf-8")))
            for p in sorted(folder.glob("*.json"))]


def run_parser(docs: list[tuple[str, str, dict]], lang: str) -> dict[str, dict]:
    """The parser's JSON output per article, from one `geo-events parse --jsonl` process."""
    lines = "".join(json.dumps({"id": name, "text": text, "language": lang, "published": gold["published"]},
                               ensure_ascii=False) + "\n" for name, text, gold in docs)
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    out = subprocess.run([sys.executable, "-m", "geo.cli.main", "parse", "--jsonl", "-"], input=lines,
                         capture_output=True, text=True, env=env, check=True).stdout
    return {rec["id"]: rec for rec in map(json.loads, out.splitlines())}


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def _match_events(gold: list[dict], pred: list[dict], same_type: bool) -> int:
    """Greedy one-to-one matches of predicted to gold events within the tolerance."""
    pairs = []
    for i, g in enumerate(gold):
        for j, f in enumerate(pred):
            lon, lat = f["geometry"]["coordinates"]
            if same_type and f["properties"]["type"] != g["type"]:
                continue
            d = haversine_km(g["lat"], g["lon"], lat, lon)
            if d <= TOLERANCE_KM:
                pairs.append((d, i, j))
    used_g, used_p = set(), set()
    for _, i, j in sorted(pairs):
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
    return len(used_g)


def score(lang: str) -> dict:
    """Counts and scores of the parser against one language's gold."""
    docs = load(lang)
    results = run_parser(docs, lang)
    n_gold = n_pred = exact = found = 0
    ev_gold = ev_pred = ev_loc = ev_typed = 0
    notices: set[str] = set()
    for name, _text, gold in docs:
        res = results[name]
        notices.update(res.get("notices", []))
        mentions = res["mentions"]
        spans = {(m["start"], m["end"]) for m in mentions}
        n_gold += len(gold["places"])
        n_pred += len(mentions)
        exact += sum((p["start"], p["end"]) in spans for p in gold["places"])
        for p in gold["places"]:
            if any(m["start"] < p["end"] and p["start"] < m["end"] and m.get("lat") is not None
                   and haversine_km(p["lat"], p["lon"], m["lat"], m["lon"]) <= TOLERANCE_KM for m in mentions):
                found += 1
        feats = res["events"]["features"]
        ev_gold += len(gold["events"])
        ev_pred += len(feats)
        ev_loc += _match_events(gold["events"], feats, same_type=False)
        ev_typed += _match_events(gold["events"], feats, same_type=True)
    return {
        "language": lang, "articles": len(docs),
        "places": {"gold": n_gold, "predicted": n_pred, "exact_span_matches": exact, **_prf(exact, n_pred, n_gold),
                   "found_within_161km": found, "found_within_161km_share": round(found / n_gold, 3) if n_gold else 0.0},
        "events": {"gold": ev_gold, "predicted": ev_pred, "matched_within_161km": ev_loc,
                   "within_161km": _prf(ev_loc, ev_pred, ev_gold),
                   "matched_within_161km_same_type": ev_typed,
                   "within_161km_same_type": _prf(ev_typed, ev_pred, ev_gold)},
        "notices": sorted(notices),
    }


def main(argv: list[str]) -> int:
    """Print the scores of each language asked for (default: ru and uk)."""
    langs = [a for a in argv[1:] if not a.startswith("--")] or ["ru", "uk"]
    reports = [score(lang) for lang in langs]
    if "--json" in argv:
        print(json.dumps(reports, ensure_ascii=False, indent=1))
        return 0
    for r in reports:
        pl, ev = r["places"], r["events"]
        print(f"{r['language']}: {r['articles']} articles")
        print(f"  places: gold {pl['gold']}, predicted {pl['predicted']}, exact spans {pl['exact_span_matches']} "
              f"(P {pl['precision']}, R {pl['recall']}, F1 {pl['f1']}); found and within 161 km "
              f"{pl['found_within_161km']} ({pl['found_within_161km_share']})")
        loc, typed = ev["within_161km"], ev["within_161km_same_type"]
        print(f"  events: gold {ev['gold']}, predicted {ev['predicted']}, within 161 km {ev['matched_within_161km']} "
              f"(P {loc['precision']}, R {loc['recall']}); same type too {ev['matched_within_161km_same_type']} "
              f"(P {typed['precision']}, R {typed['recall']})")
        for notice in r["notices"]:
            print(f"  notice: {notice}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
