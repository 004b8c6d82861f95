"""Batches of articles: a folder, a JSONL file, a CSV file. Each item is an article or the reason it is not one.

A bad item (a line that is not JSON, a CSV row with the wrong number of fields, an unreadable file) becomes a
Failure in its place, and reading goes on with the next one.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

from geo.errors import GeoError, InputError
from geo.ingest.readers import (
    MAX_ARTICLE_BYTES,
    RawArticle,
    decode,
    iter_paths,
    parse_date,
    read_bytes,
    read_path,
)
from geo.ingest.workflow import Failure

Item = RawArticle | Failure
BATCH_SUFFIXES = (".jsonl", ".csv")
FIELDS = ("id", "text", "title", "url", "published", "language", "source")


def record_article(record: dict[str, Any], name: str, source: str = "") -> RawArticle:
    """One JSONL object or CSV row → an article; refuses a missing or empty text and a bad date."""
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{name}: no \"text\" (a non-empty string is needed)")
    text = decode(text.encode("utf-8"), name)  # the checks a file gets: size, binary content
    language = str(record.get("language") or "").strip().lower() or None
    return RawArticle(text, name, title=str(record.get("title") or "").strip(), url=str(record.get("url") or "").strip(),
                      published=parse_date(record.get("published"), name), language=language,
                      source=str(record.get("source") or "").strip() or source)


def _label(base: str, n: int, record: dict[str, Any] | None = None) -> str:
    ident = record.get("id") if isinstance(record, dict) else None
    return f"{base} line {n}" + (f" (id {ident})" if ident not in (None, "") else "")


def read_jsonl(lines: Iterable[bytes], name: str) -> Iterator[Item]:
    """Articles from JSON Lines: one object per line with text and optional id, title, url, published, language."""
    source = Path(name).name
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(decode(line, f"{name} line {n}"))
        except json.JSONDecodeError as exc:
            yield Failure(f"{name} line {n}", f"{name} line {n}: not JSON ({exc.msg} at column {exc.colno})", 3)
            continue
        except InputError as exc:
            yield Failure(f"{name} line {n}", str(exc), 3)
            continue
        if not isinstance(obj, dict):
            yield Failure(f"{name} line {n}", f"{name} line {n}: expected a JSON object, got {type(obj).__name__}", 3)
            continue
        label = _label(name, n, obj)
        try:
            yield record_article(obj, label, source)
        except InputError as exc:
            yield Failure(label, str(exc), 3)


def read_csv(stream: IO[str], name: str) -> Iterator[Item]:
    """Articles from CSV with a header row naming at least a text column (and id, title, url, published…)."""
    csv.field_size_limit(max(csv.field_size_limit(), MAX_ARTICLE_BYTES))
    reader = csv.reader(stream)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        yield Failure(name, f"{name}: empty CSV file (a header row with a text column is needed)", 3)
        return
    except (csv.Error, UnicodeDecodeError) as exc:
        yield Failure(name, f"{name}: unreadable CSV header ({exc})", 3)
        return
    if "text" not in header:
        yield Failure(name, f"{name}: the header has no \"text\" column (found: {', '.join(header) or 'nothing'})", 3)
        return
    source = Path(name).name
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Failure(f"{name} line {line}", f"{name} line {line}: broken CSV row ({exc})", 3)
            if reader.line_num < line:
                return  # the reader did not move past the bad row: nothing more can be read
            continue
        except UnicodeDecodeError as exc:
            yield Failure(f"{name} line {line}", f"{name} line {line}: not UTF-8 text ({exc.reason}); "
                                                 "the rest of the file is not read", 3)
            return
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield Failure(f"{name} line {line}",
                          f"{name} line {line}: {len(row)} fields where the header has {len(header)}", 3)
            continue
        record = dict(zip(header, row))
        label = _label(name, line, record)
        try:
            yield record_article(record, label, source)
        except InputError as exc:
            yield Failure(label, str(exc), 3)


def read_target(target: str, stdin: IO[bytes] | None = None) -> Iterator[Item]:
    """Articles from one command-line input: '-', a folder, a .jsonl, a .csv or an article file."""
    if target == "-":
        yield from _guarded("<stdin>", lambda: read_bytes(stdin.read() if stdin else b"", "<stdin>"))
        return
    path = Path(target)
    try:
        paths = list(iter_paths(path))
    except InputError as exc:
        yield Failure(target, str(exc), exc.exit_code)
        return
    for p in paths:
        yield from read_file(p)


def read_file(path: Path) -> Iterator[Item]:
    """Articles from one file, whatever its kind (a batch file gives many)."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".jsonl":
            with path.open("rb") as f:
                yield from read_jsonl(f, str(path))
            return
        if suffix == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as f:
                yield from read_csv(f, str(path))
            return
    except OSError as exc:
        yield Failure(str(path), f"{path}: cannot read ({exc.strerror or exc})", 3)
        return
    yield from _guarded(str(path), lambda: read_path(path))


def read_upload(name: str, data: bytes) -> Iterator[Item]:
    """Articles from an uploaded file's bytes (the Sources page)."""
    suffix = Path(name).suffix.lower()
    if suffix == ".jsonl":
        yield from read_jsonl(io.BytesIO(data), name)
    elif suffix == ".csv":
        yield from read_csv(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline=""), name)
    else:
        yield from _guarded(name, lambda: read_bytes(data, name))


def _guarded(name: str, read) -> Iterator[Item]:
    try:
        yield from read()
    except GeoError as exc:
        yield Failure(name, str(exc), exc.exit_code)


def count_items(target: str) -> int | None:
    """How many items an input holds, cheaply (lines, rows, files), for a progress bar; None if unknown."""
    path = Path(target)
    try:
        if target == "-" or not path.exists():
            return None
        if path.is_dir():
            return sum(1 for _ in iter_paths(path))
        if path.suffix.lower() == ".jsonl":
            with path.open("rb") as f:
                return sum(1 for line in f if line.strip())
        if path.suffix.lower() == ".csv":
            with path.open(encoding="utf-8-sig", errors="replace", newline="") as f:
                return max(0, sum(1 for _ in csv.reader(f)) - 1)
    except (OSError, csv.Error, InputError):
        return None
    return 1
