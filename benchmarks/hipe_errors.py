"""French place recognition on HIPE-2022 files, in two halves, with the errors counted by kind.

    .venv/bin/python benchmarks/hipe_errors.py [FILE.tsv ...] [--examples KIND]

Default file: the NewsEye French dev file in ../shared/eval. Each file's documents are split in two
halves (first half A, second half B), so that a change tuned on A is checked on B. Documents with no
entity of any type are left out (some letemps documents were never annotated). Scores are exact-span
P/R/F1 on LOC, demonyms not scored (as ``geo-events eval``). Errors by kind:

- false negatives: ``boundary`` (a prediction overlaps the gold span), ``line-break`` (the name runs over
  a line end), ``caps`` (a heading in capitals), ``lower-case`` (a street or other place named with its
  kind: "rue de Rivoli"), ``other``;
- false positives (not overlapping any gold LOC): ``in-PER``, ``in-ORG``, ``in-PROD`` (inside an entity
  of another type: a person's or an organisation's name), ``other``.
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def other_entities(path: Path) -> list[list[tuple[int, int, str]]]:
    """Per document, the spans of entities that are not places (PER, ORG, ...) in the loader's text."""
    from geo.eval.corpora import _rebuild

    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    tag_col, misc_col = header.index("NE-COARSE-LIT"), header.index("MISC")
    docs: list[list[tuple[str, str, set[str]]]] = []
    for line in lines[1:]:
        if line.startswith("#"):
            if "document_id" in line or not docs:
                docs.append([])
            continue
        if line.strip():
            cells = line.split("\t")
            docs[-1].append((cells[0], cells[tag_col].upper(), set(cells[misc_col].split("|"))))
    out = []
    for tokens in docs:
        kinds = {tag[2:] for _, tag, _ in tokens if tag[2:] and tag[2:] != "LOC"}
        spans = []
        for kind in sorted(kinds):
            as_loc = [(t, tag[:2] + "LOC" if tag[2:] == kind else "O", m) for t, tag, m in tokens]
            spans += [(s, e, kind) for s, e in _rebuild(as_loc, False)[1]]
        out.append(spans)
    return out


def fn_kind(text: str, start: int, end: int, predicted: set[tuple[int, int]]) -> str:
    surface = text[start:end]
    if any(s < end and start < e for s, e in predicted):
        return "boundary"
    if "\n" in surface or "¬" in surface:
        return "line-break"
    if surface.isupper():
        return "caps"
    if not surface[:1].isupper():
        return "lower-case"
    return "other"


def main() -> None:
    from geo.eval.corpora import load_hipe, shared_dir
    from geo.parse.pipeline import ParseInput, Pipeline

    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--examples", default="", help="print the errors of this kind (e.g. FN:other)")
    args = ap.parse_args()
    files = args.files or [shared_dir() / "eval" / "HIPE-2022-v2.1-newseye-dev-fr.tsv"]
    pipeline = Pipeline()
    totals = {"A": [0, 0, 0], "B": [0, 0, 0]}
    kinds: collections.Counter[str] = collections.Counter()
    for path in files:
        docs = load_hipe(path)
        others = other_entities(path)
        kept = [(d, o) for d, o in zip(docs, others, strict=True) if d.places or o]
        results = pipeline.parse_many(ParseInput(d.text, d.id, "fr") for d, _ in kept)
        for n, ((doc, other), result) in enumerate(zip(kept, results)):
            half = "A" if n < len(kept) // 2 else "B"
            gold = {(p.start, p.end) for p in doc.places}
            predicted = {(m.start, m.end) for m in result.mentions if m.kind != "demonym"}
            counts = totals[half]
            counts[0] += len(gold & predicted)
            counts[1] += len(predicted - gold)
            counts[2] += len(gold - predicted)
            for s, e in gold - predicted:
                kind = "FN:" + fn_kind(doc.text, s, e, predicted)
                kinds[kind] += 1
                if args.examples == kind:
                    print(kind, repr(doc.text[max(0, s - 40) : e + 20]))
            for s, e in predicted - gold:
                if any(a < e and s < b for a, b in gold):
                    continue  # a boundary error, counted once as a false negative
                inside = next((k for a, b, k in other if a < e and s < b), None)
                kind = f"FP:in-{inside}" if inside else "FP:other"
                kinds[kind] += 1
                if args.examples == kind:
                    print(kind, repr(doc.text[max(0, s - 40) : e + 20]))
    for half, (tp, fp, fn) in totals.items():
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"half {half}: P {p:.3f} R {r:.3f} F1 {f:.3f} (tp {tp}, fp {fp}, fn {fn})")
    for kind, n in kinds.most_common():
        print(f"{n:6d}  {kind}")


if __name__ == "__main__":
    main()
