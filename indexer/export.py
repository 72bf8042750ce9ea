"""Export the archive for OpenSearch / Elasticsearch: index body, _bulk files, README.

Reads the stored article records (no re-scraping), one at a time, so memory stays flat
however large the archive. The layout of OUTDIR (documented in docs/opensearch.md):

    index.json              settings (analyzers like the Whoosh ones) and mappings
    articles-0001.ndjson    _bulk bodies: action line, source line, ...; each file at most
    articles-0002.ndjson    ``max_bytes``, always numbered (even when there is only one)
    README.txt              the curl commands that create the index and post the files

Every action is ``{"index": {"_id": <article id>}}`` with no ``_index``: the files are posted
to ``/<index>/_bulk``, and re-posting a later export replaces documents instead of adding
copies (the id derives from the page path).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .errors import UsageError
from .indexdir import STORE_FILE, close_generation, open_generation
from .record import Article
from .store import RecordStore

Progress = Callable[[int, int], None]

DEFAULT_INDEX_NAME = "newsindex"
DEFAULT_MAX_BYTES = 50 * 2**20
PART_PATTERN = re.compile(r"articles-\d{4,}\.ndjson")
DATE_FIELDS = ("published", "updated", "captured")

# The Whoosh analysers of schema.py, in Lucene terms. Tokenizers: the same regular expressions
# (Unicode \w); lowercase; accent folding; words shorter than 2 dropped, then Whoosh's stop
# list (StopFilter minsize=2); headline and body also Porter-stemmed.
_WORDS = r"\w+(?:[.'’]\w+)*"
_NAMES = r"\w+(?:[-'’]\w+)*"
TEXT_ANALYZER = "newsindex_text"
NAME_ANALYZER = "newsindex_names"


def _stop_words() -> list[str]:
    from whoosh.analysis import STOP_WORDS

    return sorted(STOP_WORDS)


def index_body() -> dict[str, Any]:
    """The body of ``PUT /<index>``: analysis settings and a strict mapping of every field."""
    filters = ["lowercase", "asciifolding", "newsindex_min2", "newsindex_stop"]
    analysis = {
        "tokenizer": {
            "newsindex_words": {"type": "pattern", "pattern": _WORDS, "group": 0,
                                "flags": "UNICODE_CHARACTER_CLASS"},
            "newsindex_names": {"type": "pattern", "pattern": _NAMES, "group": 0,
                                "flags": "UNICODE_CHARACTER_CLASS"},
        },
        "filter": {
            "newsindex_min2": {"type": "length", "min": 2},
            "newsindex_stop": {"type": "stop", "stopwords": _stop_words()},
        },
        "analyzer": {
            TEXT_ANALYZER: {"type": "custom", "tokenizer": "newsindex_words",
                            "filter": [*filters, "porter_stem"]},
            NAME_ANALYZER: {"type": "custom", "tokenizer": "newsindex_names", "filter": filters},
        },
    }
    keyword = {"type": "keyword", "ignore_above": 4096}
    day_or_time = {"type": "date", "format": "strict_date_optional_time", "ignore_malformed": True}
    properties: dict[str, dict[str, Any]] = {
        "id": {"type": "keyword"},
        "path": keyword,
        "headline": {"type": "text", "analyzer": TEXT_ANALYZER},
        "body": {"type": "text", "analyzer": TEXT_ANALYZER},
        "source": {**keyword, "fields": {"text": {"type": "text", "analyzer": NAME_ANALYZER}}},
        "url": keyword,
        "people": {"type": "text", "analyzer": NAME_ANALYZER, "fields": {"keyword": keyword}},
        "published": day_or_time,
        "updated": day_or_time,
        "byline": {"type": "text", "analyzer": NAME_ANALYZER},
        "kind": {"type": "keyword"},
        "lang": {"type": "keyword"},
        "format": {"type": "keyword"},
        "encoding": {"type": "keyword"},
        "captured": day_or_time,
        "content_hash": {"type": "keyword"},
        "extractor": {"type": "keyword"},
        # Not Article fields. date: what newsindex's date: queries, --since and --until
        # search (published, else updated, in UTC); dup: the syndicated-copy key that
        # `newsindex search` collapses on (OpenSearch: "collapse": {"field": "dup"}).
        "date": {"type": "date", "format": "strict_date_optional_time"},
        "dup": {"type": "keyword"},
    }
    return {"settings": {"analysis": analysis},
            "mappings": {"dynamic": "strict", "properties": properties}}


def _iso(value: str | None) -> str | None:
    """An ISO 8601 date or date-time as OpenSearch's strict format reads it; other text as is
    (the mapping ignores malformed dates, the record keeps them)."""
    if not value:
        return value
    text = value.strip()
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text[:-1] + "+00:00" if text[-1:] in "Zz" else text).isoformat()
    except ValueError:
        return value


def opensearch_doc(article: Article) -> dict[str, Any]:
    """The _source of an article: every record field, ISO dates, plus ``date`` and ``dup``."""
    from .build import dup_key
    from .dates import to_utc

    doc = article.to_dict()
    for name in DATE_FIELDS:
        doc[name] = _iso(doc.get(name))
    when = article.published or article.updated  # as build.document() dates the Whoosh doc
    utc = to_utc(when) if when else None
    doc["date"] = utc.isoformat() if utc else None
    doc["dup"] = dup_key(article)
    return doc


def bulk_pair(article: Article) -> bytes:
    """The two _bulk lines of one article, newline-terminated."""
    action = {"index": {"_id": article.id}}
    source = json.dumps(opensearch_doc(article), ensure_ascii=False, separators=(",", ":"))
    return (json.dumps(action) + "\n" + source + "\n").encode("utf-8")


def check_index_name(name: str) -> str:
    """OpenSearch's index-name rules, checked here rather than by a failing curl."""
    bad = set('\\/*?"<>| ,#:') & set(name)
    if (not name or name != name.lower() or bad or name[0] in "-_+" or name in (".", "..")
            or len(name.encode("utf-8")) > 255):
        raise UsageError(f"bad index name {name!r}: use lower case, no spaces or \\/*?\"<>|,#:, "
                         "not starting with - _ +")
    return name


@dataclass
class ExportSummary:
    outdir: Path
    index_name: str
    articles: int = 0
    files: list[str] = field(default_factory=list)  # bulk file names, in posting order
    bytes: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"outdir": str(self.outdir), "index_name": self.index_name,
                "articles": self.articles, "files": self.files, "bytes": self.bytes,
                "seconds": round(self.seconds, 3)}


class _Parts:
    """Bulk files of at most ``max_bytes`` each (a single larger article gets a file alone)."""

    def __init__(self, outdir: Path, max_bytes: int, summary: ExportSummary):
        self.outdir, self.max_bytes, self.summary = outdir, max_bytes, summary
        self.fh = None
        self.size = 0

    def write(self, pair: bytes) -> None:
        if self.fh is None or (self.size and self.size + len(pair) > self.max_bytes):
            self.close()
            name = f"articles-{len(self.summary.files) + 1:04d}.ndjson"
            self.fh = open(self.outdir / name, "wb")  # noqa: SIM115 (closed by close())
            self.summary.files.append(name)
            self.size = 0
        self.fh.write(pair)
        self.size += len(pair)
        self.summary.bytes += len(pair)

    def close(self) -> None:
        if self.fh is not None:
            self.fh.close()
            self.fh = None


def export_opensearch(index_dir: Path | str, outdir: Path | str, *,
                      index_name: str = DEFAULT_INDEX_NAME, max_bytes: int = DEFAULT_MAX_BYTES,
                      progress: Progress | None = None) -> ExportSummary:
    """Write index.json, articles-NNNN.ndjson and README.txt for the live index into ``outdir``.

    Bulk files left in ``outdir`` by an earlier export are removed first, so posting every
    ``articles-*.ndjson`` never re-posts stale records."""
    started = time.monotonic()
    outdir = Path(outdir)
    check_index_name(index_name)
    if max_bytes < 1:
        raise UsageError("the largest bulk file size must be positive")
    if outdir.exists() and not outdir.is_dir():
        raise UsageError(f"not a folder: {outdir}")
    gen, gen_lock = open_generation(Path(index_dir))  # a rebuild's swap does not remove it
    try:
        return _export(gen, outdir, index_name, max_bytes, progress, started)
    finally:
        close_generation(gen_lock)


def _export(gen: Path, outdir: Path, index_name: str, max_bytes: int,
            progress: Callable[[int, int], None] | None, started: float) -> ExportSummary:
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        for old in outdir.iterdir():
            if PART_PATTERN.fullmatch(old.name):
                old.unlink()
    except OSError as err:
        raise UsageError(f"cannot write to {outdir}: {err.strerror or err}") from None
    summary = ExportSummary(outdir, index_name)
    (outdir / "index.json").write_text(
        json.dumps(index_body(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    store = RecordStore(gen / STORE_FILE, readonly=True)
    parts = _Parts(outdir, max_bytes, summary)
    try:
        total = store.count()
        for article in store.articles():
            parts.write(bulk_pair(article))
            summary.articles += 1
            if progress:
                progress(summary.articles, total)
    finally:
        parts.close()
        store.close()
    (outdir / "README.txt").write_text(readme(summary), encoding="utf-8")
    summary.seconds = time.monotonic() - started
    return summary


def files_phrase(n: int) -> str:
    return f"{n} file" if n == 1 else f"{n} files"


def readme(summary: ExportSummary) -> str:
    """README.txt: what the files are and the exact commands to load them."""
    name = summary.index_name
    post = [f"curl -sS -X POST \"$URL/{name}/_bulk?filter_path=errors,items.*.error\" "
            f"-H 'Content-Type: application/x-ndjson' --data-binary @{f}; echo"
            for f in summary.files] or ["# (no articles were exported)"]
    return "\n".join([
        f"newsindex export for OpenSearch / Elasticsearch: {summary.articles} articles, "
        f"index {name!r}.",
        "",
        "  index.json            settings (analyzers) and mappings",
        f"  articles-NNNN.ndjson  _bulk bodies ({files_phrase(len(summary.files))}), "
        "post them in any order",
        "",
        "Run these in this folder. Set URL to your server; add -u USER:PASSWORD (and -k for a",
        "self-signed certificate) if it needs them.",
        "",
        "URL=http://localhost:9200",
        "",
        "# 1. Create the index (once; it fails if it exists - to start afresh, first:",
        f"#    curl -sS -X DELETE \"$URL/{name}\")",
        f"curl -sS -X PUT \"$URL/{name}\" -H 'Content-Type: application/json' "
        "--data-binary @index.json; echo",
        "",
        "# 2. Post the articles. Each answer must say \"errors\":false.",
        *post,
        "",
        "# 3. Check: the count should be "
        f"{summary.articles}.",
        f"curl -sS -X POST \"$URL/{name}/_refresh\"; echo",
        f"curl -sS \"$URL/{name}/_count\"; echo",
        "",
        "Re-exporting and posting again updates articles in place (the _id is the article id),",
        "but does not delete articles that left the archive: delete and re-create the index for",
        "an exact copy. Queries: `newsindex search --print-opensearch QUERY` prints the query DSL",
        f"for a newsindex query; post it to \"$URL/{name}/_search\".",
        "",
    ])
