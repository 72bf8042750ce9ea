"""The corpus: a folder of saved pages. Finding pages and reading their bytes (never writing)."""

from __future__ import annotations

import gzip
import os
import stat
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .config import settings
from .decode import looks_binary
from .errors import PageError


@dataclass(frozen=True)
class PageFile:
    relpath: str  # "/"-separated, relative to the corpus
    path: Path
    size: int
    mtime_ns: int


def is_page(name: str) -> bool:
    lower = name.lower()
    return any(lower.endswith(suffix) for suffix in settings()["page_suffixes"])


def page_format(name: str) -> str:
    """"text" for text captures, else "html"."""
    lower = name.lower().removesuffix(".gz")
    return "text" if lower.endswith(".txt") else "html"


@dataclass
class Walk:
    """Result of walking a corpus: the pages, and what was passed over."""

    pages: list[PageFile]
    skipped: int = 0  # files that are not pages
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (relpath, reason)


def walk_corpus(corpus: Path) -> Walk:
    """Every page under ``corpus``, recursively, in sorted order. Symlinked folders are not
    followed (no loops); symlinked files are read."""
    pages: list[PageFile] = []
    skipped = 0
    unreadable: list[tuple[str, str]] = []

    def onerror(err: OSError) -> None:
        rel = os.path.relpath(err.filename, corpus) if err.filename else "?"
        unreadable.append((rel.replace(os.sep, "/"), f"cannot read: {err.strerror or err}"))

    for dirpath, dirnames, filenames in os.walk(corpus, onerror=onerror):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            full = Path(dirpath, name)
            rel = full.relative_to(corpus).as_posix()
            if not is_page(name):
                skipped += 1
                continue
            try:
                st = full.stat()
            except OSError as err:
                unreadable.append((rel, f"cannot read: {err.strerror or err}"))
                continue
            if not stat.S_ISREG(st.st_mode):  # reading a FIFO blocks; a device may never end
                unreadable.append((rel, "cannot read: not a regular file"))
                continue
            pages.append(PageFile(rel, full, st.st_size, st.st_mtime_ns))
    return Walk(pages, skipped, unreadable)


def read_page(path: Path) -> bytes:
    """The page's bytes, gunzipped, at most ``max_page_bytes``; PageError when unusable."""
    limit = settings()["max_page_bytes"]
    try:
        if path.name.lower().endswith(".gz"):
            with gzip.open(path, "rb") as fh:
                data = fh.read(limit + 1)
        else:
            with open(path, "rb") as fh:
                size = os.fstat(fh.fileno()).st_size  # read() of the size: no 64 MB buffer
                data = fh.read(size + 1 if 0 < size <= limit else limit + 1)
    except (EOFError, gzip.BadGzipFile, zlib.error) as err:
        raise PageError(f"broken gzip data: {err or 'truncated'}") from None
    except OSError as err:
        raise PageError(f"cannot read: {err.strerror or err}") from None
    if len(data) > limit:
        raise PageError(f"page larger than {limit // (1 << 20)} MB")
    if looks_binary(data):
        raise PageError("binary data, not a text page")
    return data


def iter_paths(paths: list[Path]) -> Iterator[Path]:
    """Expand command-line paths: files as given, folders to the pages inside them."""
    for path in paths:
        if path.is_dir():
            for page in walk_corpus(path).pages:
                yield page.path
        else:
            yield path
