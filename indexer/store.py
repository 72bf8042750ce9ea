"""The record store beside the Whoosh index: per page, what was seen (for incremental runs)
and the full article record (for snippets, ``show`` and export). SQLite, one file.

Records are JSON, deflated against a preset dictionary: the first ~32 KB of records the store
was given (kept in ``meta``). Records are short (a news story is a few KB), too short for
deflate to find much repetition in one alone; the dictionary supplies the field names and the
language's common words, and cuts the store by about a third."""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .record import Article

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    path TEXT PRIMARY KEY,
    id TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    hash TEXT,
    extractor TEXT,
    error TEXT,
    record BLOB
);
CREATE INDEX IF NOT EXISTS pages_id ON pages(id);
CREATE INDEX IF NOT EXISTS pages_hash ON pages(hash);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""


@dataclass(frozen=True)
class Seen:
    """What the last run recorded of one page."""

    id: str
    size: int
    mtime_ns: int
    hash: str | None
    extractor: str | None
    error: str | None


_DICT_KEY = "zdict"
_DICT_SIZE = 32 * 1024  # deflate's window: a longer dictionary is not used
_WITH_DICT = b"D"  # marks a record deflated against the dictionary (plain zlib starts 0x78)


def _json(article: Article) -> bytes:
    data = {k: v for k, v in article.to_dict().items() if v is not None}  # None is the default
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class RecordStore:
    def __init__(self, path: Path, readonly: bool = False):
        self.path = path
        if readonly:
            self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        else:
            self.db = sqlite3.connect(path, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_SCHEMA)
            self.db.commit()
        self._zdict = self.get_meta(_DICT_KEY)
        self._sample = bytearray()  # records seen before there is a dictionary

    def _pack(self, article: Article) -> bytes:
        data = _json(article)
        if self._zdict is None:
            self._sample += data
            if len(self._sample) >= _DICT_SIZE:
                self._zdict = bytes(self._sample[-_DICT_SIZE:])
                self.set_meta(_DICT_KEY, self._zdict)
            return zlib.compress(data, 9)
        packer = zlib.compressobj(9, zdict=self._zdict)
        return _WITH_DICT + packer.compress(data) + packer.flush()

    def _unpack(self, blob: bytes) -> Article:
        if blob[:1] == _WITH_DICT:
            if self._zdict is None:  # made by a writer since this store was opened
                self._zdict = self.get_meta(_DICT_KEY)
            unpacker = zlib.decompressobj(zdict=self._zdict)
            data = unpacker.decompress(blob[1:]) + unpacker.flush()
        else:
            data = zlib.decompress(blob)
        return Article.from_dict(json.loads(data))

    def close(self) -> None:
        self.db.close()

    def commit(self) -> None:
        self.db.commit()

    def seen(self) -> dict[str, Seen]:
        rows = self.db.execute("SELECT path, id, size, mtime_ns, hash, extractor, error FROM pages")
        return {row[0]: Seen(*row[1:]) for row in rows}

    def put(self, path: str, size: int, mtime_ns: int, digest: str, extractor: str,
            article: Article | None, error: str | None = None) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (path, article.id if article else "", size, mtime_ns, digest, extractor, error,
             self._pack(article) if article else None),
        )

    def touch(self, path: str, size: int, mtime_ns: int) -> None:
        self.db.execute("UPDATE pages SET size = ?, mtime_ns = ? WHERE path = ?",
                        (size, mtime_ns, path))

    def delete(self, path: str) -> None:
        self.db.execute("DELETE FROM pages WHERE path = ?", (path,))

    def get(self, id_or_path: str) -> Article | None:
        row = self.db.execute(
            "SELECT record FROM pages WHERE (id = ? OR path = ?) AND record IS NOT NULL LIMIT 1",
            (id_or_path, id_or_path),
        ).fetchone()
        return self._unpack(row[0]) if row else None

    def get_many(self, ids: list[str]) -> dict[str, Article]:
        found: dict[str, Article] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT record FROM pages WHERE id IN ({marks}) AND record IS NOT NULL", chunk)
            for (blob,) in rows:
                article = self._unpack(blob)
                found[article.id] = article
        return found

    def articles(self) -> Iterator[Article]:
        for (blob,) in self.db.execute(
                "SELECT record FROM pages WHERE record IS NOT NULL ORDER BY path"):
            yield self._unpack(blob)

    def failures(self) -> list[tuple[str, str]]:
        return list(self.db.execute(
            "SELECT path, error FROM pages WHERE error IS NOT NULL ORDER BY path"))

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM pages WHERE record IS NOT NULL").fetchone()[0]

    def set_meta(self, key: str, value: str | bytes) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def get_meta(self, key: str) -> str | bytes | None:  # bytes: a BLOB value
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None
