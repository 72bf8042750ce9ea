"""Batch queries: a file of queries in, one JSON record per query out, in input order.

Each input line is a query, or a JSON object {"id", "query", "limit", "since", "until",
"person", "sort"}; blank lines and ``#`` comments are skipped. A bad query gives a record
with an "error" and the batch goes on. The index is opened once.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .errors import NewsindexError
from .search import Archive, open_archive

REQUEST_KEYS = ("id", "query", "limit", "since", "until", "person", "sort")


@dataclass
class Request:
    id: str
    query: str | None = None
    limit: int | None = None
    since: str | None = None
    until: str | None = None
    person: str | None = None
    sort: str = "relevance"
    error: str | None = None  # the input line itself was bad


def read_requests(lines: Iterable[str]) -> Iterator[Request]:
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not line.startswith("{"):
            yield Request(str(number), line)
            continue
        try:
            data = json.loads(line)
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
        except ValueError as err:
            yield Request(str(number), error=f"line {number}: bad JSON: {err}")
            continue
        unknown = sorted(set(data) - set(REQUEST_KEYS))
        if unknown:
            yield Request(str(data.get("id", number)),
                          error=f"line {number}: unknown key(s) {', '.join(unknown)}")
            continue
        limit = data.get("limit")
        if limit is not None and (not isinstance(limit, int) or limit < 0):
            yield Request(str(data.get("id", number)), data.get("query"),
                          error=f"line {number}: limit must be a whole number >= 0")
            continue
        yield Request(str(data.get("id", number)), data.get("query"), limit, data.get("since"),
                      data.get("until"), data.get("person"), data.get("sort") or "relevance")


def run_request(archive: Archive, request: Request, *, limit: int | None = None,
                snippets: bool = True) -> dict[str, Any]:
    started = time.perf_counter()
    record: dict[str, Any] = {"id": request.id, "query": request.query, "total": 0, "hits": [],
                              "error": request.error}
    if request.error is None:
        try:
            if not isinstance(request.query, str) or not request.query.strip():
                raise NewsindexError("no query")
            results = archive.search(
                request.query, limit=request.limit if request.limit is not None else limit,
                since=request.since, until=request.until, person=request.person,
                sort=request.sort, snippets=snippets, suggest=False)
            record["total"] = results.total
            record["hits"] = [hit.to_dict() for hit in results.hits]
        except NewsindexError as err:
            record["error"] = str(err)
    record["elapsed_ms"] = round((time.perf_counter() - started) * 1000, 2)
    return record


def run_batch(archive: Archive, lines: Iterable[str], *, limit: int | None = None,
              snippets: bool = True) -> Iterator[dict[str, Any]]:
    """One result record per request, in input order."""
    for request in read_requests(lines):
        yield run_request(archive, request, limit=limit, snippets=snippets)


_ARCHIVE: Archive | None = None  # a batch worker's own open index


def _open_worker_archive(index_dir: str) -> None:
    global _ARCHIVE
    _ARCHIVE = open_archive(index_dir)


def _run_in_worker(job: tuple[Request, int | None, bool]) -> dict[str, Any]:
    request, limit, snippets = job
    assert _ARCHIVE is not None
    return run_request(_ARCHIVE, request, limit=limit, snippets=snippets)


def run_batch_jobs(index_dir: str | os.PathLike[str], lines: Iterable[str], *, jobs: int,
                   limit: int | None = None, snippets: bool = True) -> Iterator[dict[str, Any]]:
    """``run_batch`` across ``jobs`` processes, each with the index open once; records still
    come out in input order."""
    ctx = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    work = ((request, limit, snippets) for request in read_requests(lines))
    with ctx.Pool(jobs, initializer=_open_worker_archive, initargs=(str(index_dir),)) as pool:
        yield from pool.imap(_run_in_worker, work, chunksize=8)
