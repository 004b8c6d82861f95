"""Parse throughput against spaCy's full French pipeline alone, start-up time and peak memory.

    .venv/bin/python benchmarks/parse_speed.py [--runs 3] [--repeat 4]

Texts: the project's demo articles, plus the French digest and the French HIPE documents from
../shared when present. Baseline and ours run alternately in the same process, so the ratio holds
on a noisy machine; the CLI (`geo-events parse --jsonl`) is then timed as a user runs it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def french_texts() -> list[str]:
    from geo.eval.corpora import load_hipe, shared_dir
    from geo.ingest.samples import demo_articles

    texts = [a.text for a in demo_articles() if a.language == "fr"]
    shared = shared_dir()
    if shared:
        texts.append((shared / "samples" / "jour-1091-fr.txt").read_text(encoding="utf-8"))
        texts += [d.text for d in load_hipe(shared / "eval" / "HIPE-2022-v2.1-newseye-dev-fr.tsv")]
    return texts


def words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=2, help="copies of the corpus per run")
    args = ap.parse_args()

    import spacy

    from geo.parse.pipeline import ParseInput, Pipeline
    from geo.parse.text import clean_for_nlp, paragraphs

    texts = french_texts() * args.repeat
    n_words = words(texts)
    # The baseline gets the same help ours gets: clean text split into paragraphs.
    paras = [p.text for t in texts for p in paragraphs(clean_for_nlp(t))]

    t0 = time.perf_counter()
    pipeline = Pipeline()
    pipeline.warm_up(["fr"])
    startup = time.perf_counter() - t0
    full = spacy.load("fr_core_news_md")

    base, ours, models = [], [], []
    for _ in range(args.runs):
        t = time.perf_counter()
        for _doc in full.pipe(paras, batch_size=64):
            pass
        base.append(n_words / (time.perf_counter() - t))
        # Our spaCy part alone (senter + NER; geo.parse.nlp drops the shared tok2vec that only fed the parser,
        # tagger and morphologizer): what is left for our own code to spend.
        t = time.perf_counter()
        for _a in pipeline.models.analyse(paras, "fr"):
            pass
        models.append(n_words / (time.perf_counter() - t))
        t = time.perf_counter()
        for _r in pipeline.parse_many(ParseInput(x, str(i), "fr") for i, x in enumerate(texts)):
            pass
        ours.append(n_words / (time.perf_counter() - t))

    # The CLI as a user runs it: start-up + parse, peak memory of the process.
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for i, x in enumerate(texts):
            f.write(json.dumps({"id": i, "text": x, "language": "fr"}) + "\n")
    cli = ROOT / ".venv" / "bin" / "geo-events"
    t = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([str(cli), "parse", "--jsonl", f.name], check=True, stdout=subprocess.DEVNULL)
    cli_seconds = time.perf_counter() - t
    peak_mb = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
    os.unlink(f.name)

    result = {
        "texts": len(texts), "words": n_words, "runs": args.runs,
        "spacy_full_words_per_s": round(statistics.median(base)),
        "spacy_ours_words_per_s": round(statistics.median(models)),
        "geo_parse_words_per_s": round(statistics.median(ours)),
        "ratio": round(statistics.median(o / b for o, b in zip(ours, base)), 2),
        "startup_s": round(startup, 2),
        "cli_total_s": round(cli_seconds, 2),
        "cli_peak_rss_mb": round(peak_mb),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
