"""Reading articles from files and standard input (the I/O edge), with clear refusals."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from geo.errors import InputError

MAX_ARTICLE_BYTES = 5_000_000  # a long feature is ~100 kB; more is not an article
TEXT_SUFFIXES = {".txt", ".md", ".text", ".html", ".htm", ".json"}


@dataclass(slots=True)
class RawArticle:
    """An article's text and what its source says of it, before parsing."""

    text: str
    name: str  # file name or "-" (for messages)
    title: str = ""
    url: str = ""
    published: dt.date | None = None
    language: str | None = None
    source: str = ""  # the publication (site name), when known; else the name stands for it
    published_how: str = "given"  # given, page (the page's metadata), feed (the feed's item date)


def article_id(text: str) -> str:
    """Stable id: hash of the text with Unicode and whitespace normalised."""
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()[:16]


def decode(data: bytes, name: str) -> str:
    """Bytes → text; refuses empty, binary, oversized and non-UTF-8 input with a one-line reason."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(f"{name}: {len(data):,} bytes is too large for an article (limit {MAX_ARTICLE_BYTES:,})")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: not valid UTF-16 text ({exc.reason} at byte {exc.start})") from exc
    else:
        if b"\x00" in data[:8192]:
            raise InputError(f"{name}: binary file (NUL bytes), not text")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{name}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); save it as UTF-8"
            ) from exc
    controls = sum(1 for c in text[:8192] if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
    if controls > max(8, len(text[:8192]) // 100):
        raise InputError(f"{name}: binary file ({controls} control characters), not text")
    if not text.strip():
        raise InputError(f"{name}: empty: no text to parse")
    return text


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


def html_to_text(html: str, name: str) -> tuple[str, str]:
    """Main text and title of an HTML page (trafilatura)."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False) or ""
    meta = trafilatura.extract_metadata(html)
    if not text.strip():
        raise InputError(f"{name}: HTML page with no article text found")
    return text, (meta.title if meta and meta.title else "")


def read_bytes(data: bytes, name: str) -> list[RawArticle]:
    """Articles in one file's bytes: plain text, HTML, or JSON ({text,…} or a list of them)."""
    text = decode(data, name)
    if name.lower().endswith(".json"):
        return _from_json(text, name)
    if name.lower().endswith((".html", ".htm")) or looks_like_html(text):
        body, title = html_to_text(text, name)
        return [RawArticle(body, name, title=title)]
    return [RawArticle(text, name)]


def _from_json(text: str, name: str) -> list[RawArticle]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}: not valid JSON ({exc.msg} at line {exc.lineno})") from exc
    items = data if isinstance(data, list) else [data]
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not item["text"].strip():
            raise InputError(f"{name}: item {i} has no \"text\" string")
        out.append(RawArticle(item["text"], f"{name}[{i}]", title=str(item.get("title") or ""),
                              url=str(item.get("url") or ""), published=parse_date(item.get("published"), name),
                              language=item.get("language")))
    return out


def parse_date(value: object, name: str = "date") -> dt.date | None:
    """YYYY-MM-DD (or an ISO datetime) → date; None stays None."""
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise InputError(f"{name}: {value!r} is not a date (expected YYYY-MM-DD)") from exc


def read_path(path: Path) -> list[RawArticle]:
    """Articles from a file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    return read_bytes(data, str(path))


def iter_paths(target: Path) -> Iterator[Path]:
    """A file, or the article files of a folder (sorted, recursive)."""
    if target.is_dir():
        for p in sorted(target.rglob("*")):
            if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES and not p.name.startswith(".") \
                    and p.name.lower() != "readme.md":
                yield p
    elif target.exists():
        yield target
    else:
        raise InputError(f"{target}: no such file or folder")
