"""Parse time and peak memory against text size: parsing must be linear in the text.

    nice .venv/bin/python benchmarks/text_size.py [--sizes 10,100,1000,5000] [--runs 3]

Each size (in kilobytes of text) is parsed in a fresh process, so that its peak resident memory
(ru_maxrss) is its own: the pipeline is loaded, warmed up on a short text, then the text is parsed
once. ``--runs`` rounds go over every size in turn; the medians are kept. CPU time (process time) is
what the ratios compare: on a shared machine, wall time also measures the neighbours. The text is the project's French demo articles (and the
French sample of ../shared when present) repeated to the size, in two shapes: ``article`` (paragraphs
as written) and ``one-line`` (the same words with no line break at all: one paragraph). Targets: time
per MB within 1.5x of the 100 kB figure measured in the same run; peak memory at most 1 GB.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

TARGET_RATIO = 1.5
TARGET_PEAK_MB = 1024


def base_text() -> str:
    """The French demo articles and the shared French sample, one after the other."""
    from geo.eval.corpora import shared_dir
    from geo.ingest.samples import demo_articles

    texts = [a.text for a in demo_articles() if a.language == "fr"]
    shared = shared_dir()
    if shared and (shared / "samples" / "jour-1091-fr.txt").exists():
        texts.append((shared / "samples" / "jour-1091-fr.txt").read_text(encoding="utf-8"))
    return "\n\n".join(texts) + "\n\n"


def text_of(size: int, shape: str) -> str:
    """``size`` characters of text in the given shape."""
    base = base_text()
    if shape == "one-line":
        base = " ".join(base.split()) + " "
    return (base * (size // len(base) + 1))[:size]


def child(size: int, shape: str) -> None:
    """In a fresh process: parse the text once; print its wall and CPU time and the peak memory as JSON."""
    import datetime as dt

    from geo.model import DateInfo
    from geo.parse.pipeline import Pipeline

    text = text_of(size, shape)
    published = DateInfo(dt.date(2025, 2, 20))
    pipeline = Pipeline()
    pipeline.warm_up(["fr"])
    pipeline.parse(text_of(5_000, shape), language="fr", published=published)  # first-call costs (dateparser)
    wall, cpu = time.perf_counter(), time.process_time()
    pipeline.parse(text, language="fr", published=published)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(json.dumps({"size": size, "shape": shape, "wall": wall, "cpu": cpu, "peak_mb": peak}))


def measure(size: int, shape: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", str(size), shape],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10,100,1000,5000", help="sizes in kB of text (1 kB = 1,000 characters)")
    ap.add_argument("--shapes", default="article,one-line")
    ap.add_argument("--runs", type=int, default=3, help="rounds; each round parses every size once, in turn")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(int(args.child[0]), args.child[1])
        return
    sizes = [int(s) * 1000 for s in args.sizes.split(",")]
    shapes = args.shapes.split(",")
    # Rounds over every size in turn, so that a load that comes and goes on a shared machine falls on
    # all sizes alike; the medians are compared.
    got: dict[tuple[str, int], list[dict]] = {}
    for _ in range(args.runs):
        for shape in shapes:
            for size in sizes:
                got.setdefault((shape, size), []).append(measure(size, shape))
                print(json.dumps(got[shape, size][-1]), file=sys.stderr, flush=True)  # each figure as it comes
    print("| shape | size | median wall s | median CPU s | CPU s per MB | vs 100 kB | wall s per MB | peak MB |")
    print("|---|---|---|---|---|---|---|---|")
    worst_ratio, worst_peak = 1.0, 0.0
    for shape in shapes:
        per_mb = {size: statistics.median(r["cpu"] for r in got[shape, size]) / (size / 1e6) for size in sizes}
        base = per_mb.get(100_000) or per_mb[sizes[0]]
        for size in sizes:
            runs = got[shape, size]
            wall = statistics.median(r["wall"] for r in runs)
            cpu = statistics.median(r["cpu"] for r in runs)
            peak = max(r["peak_mb"] for r in runs)
            ratio = per_mb[size] / base
            worst_ratio, worst_peak = max(worst_ratio, ratio, 1 / ratio), max(worst_peak, peak)
            print(f"| {shape} | {size // 1000:,} kB | {wall:.2f} | {cpu:.2f} | {per_mb[size]:.1f} | {ratio:.2f} | "
                  f"{wall / (size / 1e6):.1f} | {peak:.0f} |", flush=True)
    print(f"\nworst CPU-time-per-MB ratio to 100 kB: {worst_ratio:.2f} (target <= {TARGET_RATIO}); "
          f"worst peak {worst_peak:.0f} MB (target <= {TARGET_PEAK_MB})")


if __name__ == "__main__":
    main()
