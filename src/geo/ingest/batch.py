"""Batches of articles: a folder, a JSONL file, a CSV file. Each item is an article or the reason it is not one.

A bad item (a line that is not JSON, a CSV row with the wrong number of fields, an unreadable file) becomes a
Failure in its place, and reading goes on with the next one.
"""

from __future__ import annotations

import csv
import io
import json
from collections import deque
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

from geo.errors import GeoError, InputError
from geo.ingest.readers import (
    MAX_ARTICLE_BYTES,
    Failure,
    RawArticle,
    check_text,
    decode,
    parse_date,
    read_bytes,
    read_path,
    walk,
)

Item = RawArticle | Failure
BATCH_SUFFIXES = (".jsonl", ".csv")
FIELDS = ("id", "text", "title", "url", "published", "language", "source")


def record_article(record: dict[str, Any], name: str, source: str = "") -> RawArticle:
    """One JSONL object or CSV row → an article; refuses a missing or empty text and a bad date."""
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{name}: no \"text\" (a non-empty string is needed)")
    size = len(text.encode("utf-8", "replace"))
    if size > MAX_ARTICLE_BYTES:  # the checks a file gets: size, binary content
        raise InputError(f"{name}: {size:,} bytes is too large for an article (limit {MAX_ARTICLE_BYTES:,})")
    text = check_text(text, name)
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
        except RecursionError:
            yield Failure(f"{name} line {n}", f"{name} line {n}: JSON nested too deeply to read", 3)
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


class _Lines:
    """The lines of a text, numbered, that a CSV reader takes one by one; the lines of a row it could not
    read can be given back, so that reading starts again on the line after the row's first."""

    def __init__(self, stream: Iterable[str]) -> None:
        self._stream = iter(stream)
        self._back: deque[tuple[int, str]] = deque()
        self._next = 1
        self.taken: list[tuple[int, str]] = []  # the lines of the row being read

    def __iter__(self) -> "_Lines":
        return self

    def __next__(self) -> str:
        if self._back:
            n, line = self._back.popleft()
        else:
            line = next(self._stream)
            n, self._next = self._next, self._next + 1
        self.taken.append((n, line))
        return line

    def give_back(self, lines: list[tuple[int, str]]) -> None:
        self._back.extendleft(reversed(lines))


def read_csv(stream: IO[str] | Iterable[str], name: str) -> Iterator[Item]:
    """Articles from CSV with a header row naming at least a text column (and id, title, url, published…).

    Rows are read strictly: a row the CSV rules cannot read (an unclosed quote, text after a closing
    quote) is a Failure named by its first line, and reading starts again on the next line, so that the
    good rows after it are kept rather than swallowed into one field."""
    csv.field_size_limit(max(csv.field_size_limit(), MAX_ARTICLE_BYTES))
    lines = _Lines(stream)
    reader = csv.reader(lines, strict=True)
    header: list[str] | None = None
    source = Path(name).name
    while True:
        lines.taken.clear()
        try:
            row = next(reader)
        except StopIteration:
            if header is None:
                yield Failure(name, f"{name}: empty CSV file (a header row with a text column is needed)", 3)
            return
        except csv.Error as exc:
            taken = list(lines.taken)
            first = taken[0][0] if taken else reader.line_num
            if header is None:
                yield Failure(name, f"{name}: unreadable CSV header ({exc})", 3)
                return
            yield Failure(f"{name} line {first}", f"{name} line {first}: broken CSV row ({exc}"
                          f"{'; an unclosed quote?' if len(taken) > 1 else ''})", 3)
            lines.give_back(taken[1:])
            reader = csv.reader(lines, strict=True)
            continue
        except UnicodeDecodeError as exc:
            yield Failure(f"{name}", f"{name}: not UTF-8 text ({exc.reason}); the rest of the file is not read", 3)
            return
        line = lines.taken[0][0] if lines.taken else reader.line_num
        if header is None:
            header = [h.strip().lower() for h in row]
            if "text" not in header:
                yield Failure(name, f"{name}: the header has no \"text\" column "
                                    f"(found: {', '.join(header) or 'nothing'})", 3)
                return
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            taken = list(lines.taken)
            spans = len(taken) > 1
            yield Failure(f"{name} line {line}", f"{name} line {line}: {len(row)} fields where the header has "
                                                 f"{len(header)}{'; an unclosed quote?' if spans else ''}", 3)
            if spans:  # a quote that ran over the lines after: they are read again, as rows of their own
                lines.give_back(taken[1:])
                reader = csv.reader(lines, strict=True)
            continue
        record = dict(zip(header, row))
        label = _label(name, line, record)
        try:
            yield record_article(record, label, source)
        except InputError as exc:
            yield Failure(label, str(exc), 3)


def read_target(target: str, stdin: IO[bytes] | None = None) -> Iterator[Item]:
    """Articles from one command-line input: '-', a folder, a .jsonl, a .csv or an article file. Every file
    of a folder is read or named: unreadable folders, link loops and files not read (Skipped) with why."""
    if target == "-":
        yield from _guarded("<stdin>", lambda: read_bytes(stdin.read() if stdin else b"", "<stdin>"))
        return
    path = Path(target)
    try:
        found = walk(path)
        for p in found:
            if isinstance(p, Failure):
                yield p
            else:
                yield from read_file(p)
    except InputError as exc:
        yield Failure(target, str(exc), exc.exit_code)


def read_file(path: Path) -> Iterator[Item]:
    """Articles from one file, whatever its kind (a batch file gives many)."""
    suffix = path.suffix.lower()
    if suffix not in BATCH_SUFFIXES:
        yield from _guarded(str(path), lambda: read_path(path))
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Failure(str(path), f"{path}: cannot read ({exc.strerror or exc})", 3)
        return
    yield from read_upload(str(path), data)


def _batch_text(data: bytes, name: str) -> str | None:
    """A batch file's text when it is not UTF-8 (UTF-16, Latin-1…: detected); None for UTF-8."""
    head = data[:8192]
    try:
        if head.count(0) * 10 <= len(head) and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            data.decode("utf-8")
            return None  # UTF-8, stray NULs and all: each row is checked on its own
    except UnicodeDecodeError:
        pass
    return decode(data, name, limit=None)


def read_upload(name: str, data: bytes) -> Iterator[Item]:
    """Articles from a file's bytes (an upload on the Sources page, a file of a batch)."""
    suffix = Path(name).suffix.lower()
    if suffix not in BATCH_SUFFIXES:
        yield from _guarded(name, lambda: read_bytes(data, name))
        return
    try:
        text = _batch_text(data, name)
    except InputError as exc:
        yield Failure(name, str(exc), exc.exit_code)
        return
    if suffix == ".jsonl":
        lines = io.BytesIO(data) if text is None else (line.encode("utf-8") for line in text.split("\n"))
        yield from read_jsonl(lines, name)
    else:
        text = data.decode("utf-8-sig") if text is None else text
        yield from read_csv(io.StringIO(text, newline=""), name)


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
            return sum(1 for _ in walk(path))
        if path.suffix.lower() == ".jsonl":
            with path.open("rb") as f:
                return sum(1 for line in f if line.strip())
        if path.suffix.lower() == ".csv":
            with path.open(encoding="utf-8-sig", errors="replace", newline="") as f:
                return max(0, sum(1 for _ in csv.reader(f)) - 1)
    except (OSError, csv.Error, InputError):
        return None
    return 1
