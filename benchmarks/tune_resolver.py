"""Resolution accuracy on LGL and GeoVirus (gold spans) for alternative resolver weights.

    .venv/bin/python benchmarks/tune_resolver.py              # default weights
    .venv/bin/python benchmarks/tune_resolver.py --search     # coordinate search around them

Both corpora are scored together so that no weight is fitted to one of them; the defaults in
geo.parse.resolve.Weights came from this search. Other corpora check the result.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from geo.eval.corpora import load_corpus  # noqa: E402
from geo.eval.score import great_circle_km  # noqa: E402
from geo.gazetteer.index import Gazetteer  # noqa: E402
from geo.model import Mention  # noqa: E402
from geo.parse.nlp import _rule_based  # noqa: E402
from geo.parse.resolve import DEFAULT_WEIGHTS, Weights, resolve  # noqa: E402
from geo.parse.roles import read_region_words  # noqa: E402
from geo.parse.text import clean_for_nlp, paragraphs  # noqa: E402
from geo.parse.units import build_units  # noqa: E402
from geo.parse.units import unit_at as _unit_at


class Memo:
    """The gazetteer with its look-ups memoised: the search resolves the same names many times."""

    def __init__(self, g: Gazetteer) -> None:
        self.lookup_fuzzy = functools.lru_cache(maxsize=None)(g.lookup_fuzzy)
        self.demonym = functools.lru_cache(maxsize=None)(g.demonym)
        self.region = g.region


def prepare(names: list[str]):
    docs = []
    for name in names:
        _, gold = load_corpus(name)
        for d in gold:
            paras = paragraphs(clean_for_nlp(d.text))
            units = build_units(paras, [_rule_based(p.text) for p in paras])
            spans = [(p.start, p.end, p.lat, p.lon) for p in d.places]
            docs.append((name, d.text, units, spans))
    return docs


def score(docs, places, weights: Weights) -> dict[str, float]:
    hits: dict[str, list[int]] = {}
    for name, text, units, spans in docs:
        mentions = [Mention(s, e, text[s:e], "gold", sentence=_unit_at(units, s)) for s, e, _, _ in spans]
        for unit in units:  # as Pipeline.resolve_spans does: "Washington state", lists of states
            read_region_words(unit, mentions)
        resolve(mentions, places, weights)
        for m, (_, _, lat, lon) in zip(mentions, spans):
            if lat is None:
                continue
            ok = m.place is not None and great_circle_km(lat, lon, m.place.lat, m.place.lon) <= 161
            hits.setdefault(name, []).append(int(ok))
    return {k: sum(v) / len(v) for k, v in hits.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--search", action="store_true")
    args = ap.parse_args()
    docs = prepare(["lgl", "geovirus"])
    places = Memo(Gazetteer.open())
    best = DEFAULT_WEIGHTS
    result = score(docs, places, best)
    print("default", {k: round(v, 4) for k, v in result.items()})
    if not args.search:
        return
    best_mean = sum(result.values()) / len(result)
    steps = {
        "country": (0.5, 1.3), "region": (0.3, 0.8, 1.1), "district": (-0.2, 0.3),
        "population": (0.6, 0.8, 1.2, 1.5), "capital": (0.0, 0.5), "country_share": (0.4, 1.2, 1.6, 2.0),
        "sentence_region": (0.6, 2.0), "document_region": (0.3, 1.0, 1.5), "proximity": (0.25, 1.0, 1.5),
        "proximity_km": (100.0, 600.0), "region_holds_story": (0.0, 0.25, 1.0), "variant": (-0.5, -0.1),
        "pair_proximity": (0.0, 0.25, 1.0, 1.5), "pair_candidates": (3, 20), "area": (0.4, 1.0), "world_capital": (0.0, 0.3, 1.0),
        "country_share_names": (1.0, 2.0, 3.0), "alternate": (0.0, -0.25, -0.5),
    }
    for _round in range(2):
        for field_name, values in steps.items():
            for v in values:
                trial = dataclasses.replace(best, **{field_name: v})
                t = time.perf_counter()
                r = score(docs, places, trial)
                mean = sum(r.values()) / len(r)
                if mean > best_mean + 1e-4:
                    best, best_mean = trial, mean
                    print(f"{field_name}={v}: {({k: round(x, 4) for k, x in r.items()})} "
                          f"({time.perf_counter() - t:.1f} s)")
    print("best", best)


if __name__ == "__main__":
    main()
