"""Reading articles from files and standard input (the I/O edge), with clear refusals."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator

from geo.errors import InputError

MAX_ARTICLE_BYTES = 5_000_000  # a long feature is ~100 kB; more is not an article
TEXT_SUFFIXES = {".txt", ".md", ".text", ".html", ".htm", ".json"}
BATCH_SUFFIXES = {".jsonl", ".csv"}


@dataclass(frozen=True)
class Failure:
    """An item that could not be read, parsed or stored, and why (one line naming it)."""

    name: str
    reason: str
    exit_code: int = 1  # what the CLI exits with when this is the only failure (3: unreadable input)


@dataclass(frozen=True)
class Skipped(Failure):
    """A file of a folder that is not read, on purpose, and why (a README, an image): named, not an error."""

    exit_code: int = 0


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


def decode(data: bytes, name: str, *, limit: int | None = MAX_ARTICLE_BYTES) -> str:
    """Bytes → text; refuses empty, binary, oversized and undecodable input with a one-line reason.

    UTF-8 (with or without a BOM) and UTF-16 with a BOM are read as such; any other encoding (UTF-16
    without a BOM, Latin-1, CP1251…) is detected by charset-normalizer."""
    if limit is not None and len(data) > limit:
        raise InputError(f"{name}: {len(data):,} bytes is too large for an article (limit {limit:,})")
    return check_text(_text(data, name), name)


def check_text(text: str, name: str) -> str:
    """The text itself if it reads as text: refuses NUL and control characters (a binary file) and emptiness."""
    if "\x00" in text[:8192]:
        raise InputError(f"{name}: binary file (NUL characters), not text")
    controls = sum(1 for c in text[:8192] if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
    if controls > max(8, len(text[:8192]) // 100):
        raise InputError(f"{name}: binary file ({controls} control characters), not text")
    if not text.strip():
        raise InputError(f"{name}: empty: no text to parse")
    return text


def _text(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: not valid UTF-16 text ({exc.reason} at byte {exc.start})") from exc
    head = data[:8192]
    nul = head.count(0) * 10 > len(head)  # UTF-16 of most scripts is a third to half NULs; a stray one is not
    if not nul:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            error = f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
    else:
        error = "binary file (NUL bytes), not text"
    guess = _detected(data, utf16_only=nul)
    if guess is None:
        raise InputError(f"{name}: {error}, and no other text encoding fits; save it as UTF-8")
    return guess


_COMMON = ("utf_8", "utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be", "cp1252", "latin_1",
           "iso8859_15", "cp1251", "koi8_r", "koi8_u", "cp1250", "iso8859_2", "cp1253", "cp1254")


def _detected(data: bytes, *, utf16_only: bool) -> str | None:
    """The text charset-normalizer reads in the bytes, or None; with NUL bytes, only UTF-16 or UTF-32."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    best = matches[0] if matches else None
    # Code pages that read the bytes equally well (cp1251 and mac_cyrillic differ in a few capitals):
    # the one in common use wins.
    best = next((m for m in matches if m.encoding in _COMMON and m.chaos <= best.chaos + 0.01), best)
    if best is None or (utf16_only and not best.encoding.startswith(("utf_16", "utf_32"))):
        return None
    text = str(best)
    # Bytes with NULs read as UTF-16 make "text" of anything: words need spaces between them.
    if utf16_only and sum(c.isspace() for c in text[:4096]) < max(1, len(text[:4096]) // 25):
        return None
    return text


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


def html_tree(html: str):
    """An lxml tree of an HTML page, however deeply nested (libxml2's depth limit lifted: huge_tree)."""
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True, encoding="utf-8")
    try:
        return lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None


class _Words(HTMLParser):
    """Every text of a page but its scripts, styles and head, read as a stream of tags (no tree, no depth)."""

    _HIDDEN = {"script", "style", "noscript", "template", "head", "title"}
    _BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article", "section", "blockquote"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self._HIDDEN:
            self._hidden += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def plain_text(html: str) -> str:
    """The words of a page, block by block, scripts and styles aside: the text of a page that trafilatura
    finds no article in (one nested deeper than any tree parser goes)."""
    words = _Words()
    words.feed(html)
    words.close()
    lines = (" ".join(line.split()) for line in "".join(words.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def html_to_text(html: str, name: str) -> tuple[str, str]:
    """Main text and title of an HTML page (trafilatura over an lxml tree, so that depth is no limit)."""
    import trafilatura

    tree = html_tree(html)
    meta = trafilatura.extract_metadata(tree) if tree is not None else None
    text = (trafilatura.extract(tree, include_comments=False, include_tables=False) if tree is not None else "") \
        or plain_text(html)
    if not text.strip():
        raise InputError(f"{name}: HTML page with no article text found")
    return text, (meta.title if meta and meta.title else "")


def read_bytes(data: bytes, name: str) -> list[RawArticle | Failure]:
    """Articles in one file's bytes: plain text, HTML, or JSON ({text,…} or a list of them); a bad item of
    a JSON list is a Failure in its place, and the others are read."""
    text = decode(data, name)
    if name.lower().endswith(".json"):
        return _from_json(text, name)
    if name.lower().endswith((".html", ".htm")) or looks_like_html(text):
        body, title = html_to_text(text, name)
        return [RawArticle(body, name, title=title)]
    return [RawArticle(text, name)]


def _from_json(text: str, name: str) -> list[RawArticle | Failure]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}: not valid JSON ({exc.msg} at line {exc.lineno})") from exc
    except RecursionError as exc:
        raise InputError(f"{name}: JSON nested too deeply to read") from exc
    if not isinstance(data, list):
        return [_json_item(data, name)]
    out: list[RawArticle | Failure] = []
    for i, item in enumerate(data):
        label = f"{name}[{i}]"
        try:
            out.append(_json_item(item, label))
        except InputError as exc:
            out.append(Failure(label, str(exc), 3))
    return out


def _json_item(item: object, label: str) -> RawArticle:
    if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not item["text"].strip():
        raise InputError(f"{label}: no \"text\" string")
    language = item.get("language")
    return RawArticle(item["text"], label, title=str(item.get("title") or ""), url=str(item.get("url") or ""),
                      published=parse_date(item.get("published"), label),
                      language=language.strip().lower() or None if isinstance(language, str) else None)


def parse_date(value: object, name: str = "date") -> dt.date | None:
    """YYYY-MM-DD (or an ISO datetime) → date; None stays None."""
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise InputError(f"{name}: {value!r} is not a date (expected YYYY-MM-DD)") from exc


def read_path(path: Path) -> list[RawArticle | Failure]:
    """Articles from a file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    return read_bytes(data, str(path))


def walk(target: Path) -> Iterator[Path | Failure]:
    """A file, or every file of a folder (sorted, recursive, symbolic links followed): the ones to read as
    Paths, the others named with the reason they are not read (Skipped), and folders that cannot be read
    or that a link loop leads back to as Failures."""
    if target.is_dir():
        yield from _walk(target, set())
    elif target.is_file():
        yield target
    elif target.exists():  # a pipe or a device would be read for ever
        raise InputError(f"{target}: not a regular file (a pipe, a device…): not read")
    elif target.is_symlink():
        raise InputError(f"{target}: a symbolic link to nothing (its target does not exist)")
    elif re.match(r"[A-Za-z][A-Za-z0-9+.-]+:/", str(target)):  # Path folds "file:///x" into "file:/x"
        scheme = str(target).split(":", 1)[0]
        raise InputError(f"{target}: {scheme}: addresses are not fetched (only http:// and https://), "
                         "and no file has this name")
    else:
        raise InputError(f"{target}: no such file or folder")


def _walk(folder: Path, seen: set[tuple[int, int]]) -> Iterator[Path | Failure]:
    try:
        st = folder.stat()
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield Failure(str(folder), f"{folder}: cannot read this folder ({exc.strerror or exc}): "
                                   "the files in it were not read", 3)
        return
    if (st.st_dev, st.st_ino) in seen:
        yield Failure(str(folder), f"{folder}: a symbolic link back to a folder already read (a loop): "
                                   "not read twice", 3)
        return
    seen.add((st.st_dev, st.st_ino))
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            yield Skipped(str(path), f"{path}: hidden, not read")
            continue
        try:
            is_dir = entry.is_dir()  # follows links
            is_file = entry.is_file()
        except OSError as exc:
            yield Failure(str(path), f"{path}: cannot read ({exc.strerror or exc})", 3)
            continue
        if is_dir:
            yield from _walk(path, seen)
        elif not is_file:
            why = "a symbolic link to nothing (or a loop of links)" if entry.is_symlink() else "not a regular file"
            yield Failure(str(path), f"{path}: {why}: not read", 3)
        elif entry.name.lower() == "readme.md":
            yield Skipped(str(path), f"{path}: a README, not an article: not read")
        elif path.suffix.lower() not in TEXT_SUFFIXES | BATCH_SUFFIXES:
            yield Skipped(str(path), f"{path}: not an article file ({path.suffix or 'no suffix'}; "
                                     f"read: {' '.join(sorted(TEXT_SUFFIXES | BATCH_SUFFIXES))}): not read")
        else:
            yield path


def iter_paths(target: Path) -> Iterator[Path]:
    """A file, or the article files of a folder (sorted, recursive); batch files and what is not read aside."""
    for p in walk(target):
        if isinstance(p, Path) and (p == target or p.suffix.lower() in TEXT_SUFFIXES):
            yield p
