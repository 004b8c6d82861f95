"""Reading the project's hand tables: tab-separated, a header, '#' comment lines (one reader for all)."""

from __future__ import annotations

from pathlib import Path


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a tab-separated file with a header; '#' lines are comments; a missing file has no rows."""
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as f:
        lines = [line.rstrip("\n") for line in f if line.strip() and not line.startswith("#")]
    if not lines:
        return []
    header = lines[0].split("\t")
    rows = []
    for line in lines[1:]:  # tabs only: quotes are text ("« ", "d'Ilsky"), not CSV quoting
        cells = line.split("\t")
        cells += [""] * (len(header) - len(cells))
        rows.append({h: c.strip() for h, c in zip(header, cells)})
    return rows
