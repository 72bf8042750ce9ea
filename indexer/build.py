"""Building and updating the index from a corpus: incremental, batched, crash-safe.

Pages are compared with what the record store saw last time: stat first, hash only when size
or mtime differ, re-scrape only when the content or the extractor changed. Scraping runs in
worker processes while this process writes Whoosh; every batch is committed to Whoosh first
and to the record store second, so a run killed at any moment leaves the last commit
searchable and the next run redoes only what the store has not recorded.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .config import extractor_version, settings
from .corpus import PageFile, read_page, walk_corpus
from .errors import NewsindexError, UsageError
from .indexdir import (
    STORE_FILE,
    WHOOSH_DIR,
    current_generation,
    new_generation,
    publish,
    remove_stale,
    write_lock,
)
from .record import Article
from .scrape import scrape
from .store import RecordStore

Progress = Callable[[int, int], None]


@dataclass
class Summary:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    skipped: int = 0  # files that are not pages
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {
            "added": self.added, "updated": self.updated, "removed": self.removed,
            "unchanged": self.unchanged, "failed": [{"path": p, "reason": r} for p, r in self.failed],
            "skipped": self.skipped, "seconds": round(self.seconds, 3),
        }


@dataclass(frozen=True)
class _Job:
    page: PageFile
    old_hash: str | None
    old_extractor: str | None
    extractor: str
    rules_file: Path | None


@dataclass
class _Result:
    page: PageFile
    digest: str = ""
    article: Article | None = None
    error: str | None = None
    same: bool = False  # content and extractor unchanged: only the stat moved


class _PageTimeout(BaseException):
    """A page ran out of time. (Not an Exception: no ``except Exception`` in an extractor
    may swallow it.)"""


@contextlib.contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Interrupt the Python code of the block after ``seconds`` (SIGALRM; main thread only,
    as in workers and in a one-process run; C code such as lxml's parser runs to its end)."""
    if not seconds or not hasattr(signal, "setitimer") or (
            threading.current_thread() is not threading.main_thread()):
        yield
        return

    def expire(signum, frame):
        raise _PageTimeout

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _run_job(job: _Job) -> _Result:
    """Read, hash and (if needed) scrape one page. Runs in a worker; never raises."""
    limit = settings()["page_timeout_seconds"]
    try:
        data = read_page(job.page.path)
        digest = hashlib.sha1(data).hexdigest()
        if digest == job.old_hash and job.extractor == job.old_extractor:
            return _Result(job.page, digest, same=True)
        with _time_limit(limit):
            article = scrape(data, job.page.relpath, rules_file=job.rules_file)
        return _Result(job.page, digest, article)
    except _PageTimeout:
        return _Result(job.page, error=f"took more than {limit} s to scrape")
    except NewsindexError as err:
        return _Result(job.page, error=str(err))
    except RecursionError:
        return _Result(job.page, error="page too deeply nested")
    except MemoryError:
        return _Result(job.page, error="page too large to process")
    except Exception as err:  # a scraper bug must not stop the run: report it with the page
        return _Result(job.page, error=f"internal error: {type(err).__name__}: {err}")


def _worker_init(indexer_pid: int) -> None:
    """A scraping worker dies with its indexer (Linux): a killed run must leave no orphan
    that goes on scraping while holding the indexer's files and Whoosh's write lock."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != indexer_pid:  # it died before prctl
        os._exit(1)


def _results(jobs: list[_Job], workers: int) -> Iterator[_Result]:
    if workers <= 1 or len(jobs) < 32:
        yield from map(_run_job, jobs)
        return
    ctx = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    # No maxtasksperchild: replacement workers would be forked by the pool's handler thread,
    # and PR_SET_PDEATHSIG kills them when that thread ends, possibly while one holds the
    # task queue's lock, which hangs terminate() (seen at 100k pages).
    pool = ctx.Pool(workers, initializer=_worker_init, initargs=(os.getpid(),))
    try:
        yield from pool.imap_unordered(_run_job, jobs, chunksize=settings()["scrape_chunk_size"])
    except BaseException:  # an error, an interrupt, or the consumer stopped early
        pool.terminate()
        pool.join()
        raise
    pool.close()  # every result is in: the workers exit by themselves
    pool.join()


def document(article: Article) -> dict:
    """The Whoosh document of an article (fields as in schema.py)."""
    from .dates import to_utc
    from .schema import day_number, when_value

    shown = article.published or article.updated
    date = to_utc(shown) if shown else None
    doc = {
        "id": article.id,
        "headline": article.headline,
        "body": article.body,
        "people": ", ".join(article.people),
        "person": ",".join(p.replace(",", " ") for p in article.people),
        "source": article.source or "",
        "site": article.source or "",
        "dup": dup_key(article),
    }
    if date is not None:
        doc["date"] = day_number(date)
        doc["when"] = when_value(date)
    return {k: v for k, v in doc.items() if v is not None and v != ""}


_WORD = re.compile(r"\w+")


def dup_key(article: Article) -> str:
    """Same story, different site: equal when the first 60 words of the body are equal."""
    words = _WORD.findall(article.body.lower())[:60]
    if len(words) < 20:
        words = _WORD.findall(f"{article.headline} {article.body}".lower())
    return hashlib.sha1(" ".join(words).encode()).hexdigest()[:16]


def _open_or_create(gen: Path):
    from .schema import build_schema
    from .storage import MappedStorage

    wdir = gen / WHOOSH_DIR
    wdir.mkdir(parents=True, exist_ok=True)
    storage = MappedStorage(wdir)
    return storage.open_index() if storage.index_exists() else storage.create_index(build_schema())


def _is_current(gen: Path) -> bool:
    from .schema import is_current
    from .storage import MappedStorage

    storage = MappedStorage(gen / WHOOSH_DIR)
    if not storage.index_exists():
        return True  # (a first build that published an empty generation creates it)
    ix = storage.open_index()
    try:
        return is_current(ix.schema)
    finally:
        ix.close()


def update_index(
    corpus: Path,
    index_dir: Path,
    *,
    rebuild: bool = False,
    wait: float | None = None,
    jobs: int | None = None,
    rules_file: Path | None = None,
    progress: Progress | None = None,
) -> Summary:
    """Bring the index in ``index_dir`` up to date with ``corpus``; returns what changed."""
    started = time.monotonic()
    corpus, index_dir = Path(corpus), Path(index_dir)
    if not corpus.is_dir():
        raise UsageError(f"corpus folder not found: {corpus}",
                         hint="pass --corpus DIR or set NEWSINDEX_CORPUS")
    if index_dir.resolve() == corpus.resolve():
        raise UsageError("the index folder must not be the corpus folder")
    wait = settings()["lock_wait_seconds"] if wait is None else wait
    with write_lock(index_dir, wait):
        live = None if rebuild else current_generation(index_dir)
        if live is not None and not _is_current(live):
            live = None  # made by an older newsindex: rebuilt beside it, then swapped in
        remove_stale(index_dir)
        gen = live or new_generation(index_dir)
        if live is None and current_generation(index_dir) is None:
            # First build: make batches visible as they commit; readers must find an empty
            # index (not a half-made folder) until the first one does.
            _open_or_create(gen).close()
            RecordStore(gen / STORE_FILE).close()
            publish(index_dir, gen)
        summary = _update(corpus, gen, fresh=live is None, jobs=jobs, rules_file=rules_file,
                          progress=progress)
        if gen != current_generation(index_dir):
            publish(index_dir, gen)
    summary.seconds = time.monotonic() - started
    return summary


def _update(corpus: Path, gen: Path, *, fresh: bool, jobs: int | None, rules_file: Path | None,
            progress: Progress | None) -> Summary:
    ix = _open_or_create(gen)
    store = RecordStore(gen / STORE_FILE)
    try:
        return _sync(corpus, ix, store, fresh=fresh, jobs=jobs, rules_file=rules_file,
                     progress=progress)
    finally:
        store.close()
        ix.close()


def _sync(corpus: Path, ix, store: RecordStore, *, fresh: bool, jobs: int | None,
          rules_file: Path | None, progress: Progress | None) -> Summary:
    from .storage import WRITER_OPTIONS

    summary = Summary()
    walk = walk_corpus(corpus)
    summary.skipped = walk.skipped
    summary.failed.extend(walk.unreadable)
    seen = store.seen()
    extractor = extractor_version(rules_file)

    todo: list[_Job] = []
    present: set[str] = set()
    for page in walk.pages:
        present.add(page.relpath)
        old = seen.get(page.relpath)
        if (old and old.size == page.size and old.mtime_ns == page.mtime_ns
                and old.extractor == extractor):
            summary.unchanged += 1
            continue
        todo.append(_Job(page, old.hash if old else None, old.extractor if old else None,
                         extractor, rules_file))
    gone = [path for path in seen if path not in present]

    if not todo and not gone:
        return summary

    cfg = settings()
    writer = ix.writer(**WRITER_OPTIONS)
    pending = 0
    last_commit = time.monotonic()

    def commit() -> None:
        nonlocal writer, pending, last_commit
        writer.commit()
        store.commit()
        writer = ix.writer(**WRITER_OPTIONS)
        pending = 0
        last_commit = time.monotonic()

    try:
        for path in gone:
            writer.delete_by_term("id", seen[path].id)
            store.delete(path)
            summary.removed += 1
        workers = jobs or os.cpu_count() or 1
        for done, result in enumerate(_results(todo, workers), 1):
            page = result.page
            old = seen.get(page.relpath)
            if result.same:
                store.touch(page.relpath, page.size, page.mtime_ns)
                summary.unchanged += 1
            elif result.article is None:
                if old and old.id and not old.error:
                    writer.delete_by_term("id", old.id)
                store.put(page.relpath, page.size, page.mtime_ns, result.digest, extractor, None,
                          result.error)
                summary.failed.append((page.relpath, result.error or "unknown error"))
            else:
                if fresh:
                    writer.add_document(**document(result.article))
                else:
                    writer.update_document(**document(result.article))
                store.put(page.relpath, page.size, page.mtime_ns, result.digest, extractor,
                          result.article)
                if old and not old.error:
                    summary.updated += 1
                else:
                    summary.added += 1
            pending += 1
            if progress:
                progress(done, len(todo))
            if pending >= cfg["commit_every_pages"] or (
                    time.monotonic() - last_commit >= cfg["commit_every_seconds"]):
                commit()
        store.set_meta("last_update", time.strftime("%Y-%m-%dT%H:%M:%S%z"))
        # Batched commits leave many small segments, and Whoosh searches those slowly: merge
        # them into one after a fresh build, or once an archive has gathered too many.
        writer.commit(optimize=fresh or _segment_count(ix) >= cfg["max_segments"])
        store.commit()
    except BaseException:
        writer.cancel()
        raise
    return summary


def _segment_count(ix) -> int:
    with ix.reader() as reader:
        return len(reader.segments() or [])


def scrape_paths(paths: Iterable[Path], rules_file: Path | None = None) -> Iterator[
        tuple[str, Article | None, str | None]]:
    """``extract``: scrape each file, index untouched; yields (path as given, record, error)."""
    extractor = extractor_version(rules_file)
    for path in paths:
        page = PageFile(str(path), Path(path), 0, 0)
        result = _run_job(_Job(page, None, None, extractor, rules_file))
        yield str(path), result.article, result.error
