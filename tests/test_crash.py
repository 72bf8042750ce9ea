"""Crash safety and concurrency: SIGKILL at any moment, readers during a run, the writers' lock.

Indexers run as real subprocesses (``python -c RUNNER``) so that they can be killed. RUNNER
lowers ``commit_every_pages`` (so that commits happen often) and can slow scraping down (so
that a run lasts long enough to be caught in the middle); everything else is the real CLI.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import STORIES, need_shared, write_corpus

from indexer.indexdir import LOCK, STORE_FILE, current_generation
from indexer.search import open_archive

ROOT = Path(__file__).resolve().parents[1]

# argv: commit_every_pages, seconds of sleep per scraped page, then the newsindex arguments.
RUNNER = """
import sys, time
from indexer.config import settings
cfg = settings()
cfg["commit_every_pages"] = int(sys.argv[1])
cfg["commit_every_seconds"] = 3600
delay = float(sys.argv[2])
if delay:
    import indexer.build as build
    real = build.scrape
    def slow(*args, **kwargs):
        time.sleep(delay)
        return real(*args, **kwargs)
    build.scrape = slow
from indexer.cli import main
sys.argv = ["newsindex"] + sys.argv[3:]
main()
"""


def start(*args, every: int = 50, delay: float = 0.0) -> subprocess.Popen:
    """A ``newsindex`` subprocess in its own process group (so that tests can clean up)."""
    cmd = [sys.executable, "-c", RUNNER, str(every), str(delay), *map(str, args)]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


def run(*args, every: int = 50, delay: float = 0.0, timeout: float = 120):
    proc = start(*args, every=every, delay=delay)
    try:
        out, err = proc.communicate(timeout=timeout)
    finally:
        reap(proc)
    return proc.returncode, out, err


def reap(proc: subprocess.Popen) -> None:
    """Kill what is left of a subprocess's group (its scraping workers) and wait for it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    if proc.stdout:
        proc.stdout.close()
    if proc.stderr:
        proc.stderr.close()


def kill(proc: subprocess.Popen) -> None:
    """SIGKILL the indexer itself (not its workers: they must notice by themselves)."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


def wait_for(predicate, timeout: float = 30.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


def lock_holder(index_dir: Path) -> str:
    try:
        return (index_dir / LOCK).read_text().strip()
    except FileNotFoundError:
        return ""


def store_ids(index_dir: Path) -> list[str]:
    gen = current_generation(index_dir)
    db = sqlite3.connect(f"file:{gen / STORE_FILE}?mode=ro", uri=True)
    try:
        return [row[0] for row in db.execute("SELECT id FROM pages WHERE record IS NOT NULL")]
    finally:
        db.close()


def check_index(index_dir: Path, query: str, batch: int) -> int:
    """The index opens, answers a query, and holds exactly one commit's state: the record store's
    indexed pages, or (killed between the two commits) those plus at most one more batch.
    Returns the number of searchable articles."""
    recorded = store_ids(index_dir)  # first: the store commits after Whoosh
    with open_archive(index_dir) as archive:
        results = archive.search(query, limit=5)
        assert results.total >= 0
        ids = [doc["id"] for doc in archive.searcher.all_stored_fields()]
        assert archive.searcher.doc_count() == len(ids)
    assert len(ids) == len(set(ids)), "a page is in the index twice"
    assert set(recorded) <= set(ids), "the record store has pages that are not searchable"
    assert len(ids) - len(recorded) <= batch, "the index is more than one commit ahead"
    return len(ids)


def small_corpus(folder: Path, n: int) -> Path:
    """``n`` distinct text captures (fast to scrape), each with the word ``harbour``."""
    base = STORIES["alpha.txt"]
    return write_corpus(folder, {f"d{i // 100}/p{i:04d}.txt": base.replace(
        "three-week", f"{i}-day").replace("Dockers", f"Dockers{i}") for i in range(n)})


@pytest.mark.slow
@pytest.mark.shared
def test_sigkill_at_random_moments_leaves_a_usable_index(tmp_path):
    tool = need_shared("tools", "make_corpus.py")
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    subprocess.run([sys.executable, str(tool), "--out", str(corpus), "--pages", "2000", "--quiet"],
                   check=True, timeout=120)
    every = 50
    rng = random.Random(20261127)
    seen_partial = 0
    for _ in range(20):  # each run resumes the last one; startup takes about a second
        proc = start("index", "--corpus", corpus, "--index", index_dir, "--jobs", 2, every=every)
        time.sleep(rng.uniform(0.1, 4.0))
        kill(proc)
        reap(proc)
        if current_generation(index_dir) is None:
            continue  # killed before the first build made anything visible
        count = check_index(index_dir, "said", every)
        seen_partial += 0 < count < 2000
    assert seen_partial >= 5, "the kills should have hit the run in the middle"

    code, _, err = run("index", "--corpus", corpus, "--index", index_dir, "--jobs", 2,
                         every=every)
    assert code == 0, err
    assert check_index(index_dir, "said", 0) == 2000
    resumed = sorted(store_ids(index_dir))
    with open_archive(index_dir) as archive:
        searchable = sorted(doc["id"] for doc in archive.searcher.all_stored_fields())

    code, _, err = run("index", "--corpus", corpus, "--index", index_dir, "--jobs", 2, "--rebuild",
                         "--format", "json", every=500)
    assert code == 0, err
    with open_archive(index_dir) as archive:
        rebuilt = sorted(doc["id"] for doc in archive.searcher.all_stored_fields())
    assert searchable == rebuilt == resumed
    assert sorted(store_ids(index_dir)) == rebuilt


@pytest.mark.slow
def test_sigkill_during_rebuild_keeps_the_old_index(tmp_path):
    corpus, index_dir = small_corpus(tmp_path / "corpus", 300), tmp_path / "index"
    code, _, err = run("index", "--corpus", corpus, "--index", index_dir, "--jobs", 1)
    assert code == 0, err
    old = current_generation(index_dir)
    old_ids = sorted(store_ids(index_dir))
    rng = random.Random(7)
    for _ in range(4):
        proc = start("index", "--corpus", corpus, "--index", index_dir, "--jobs", 1, "--rebuild",
                     every=20, delay=0.01)
        time.sleep(rng.uniform(0.3, 2.0))
        kill(proc)
        reap(proc)
        assert current_generation(index_dir) == old
        assert check_index(index_dir, "harbour", 0) == 300
        assert sorted(store_ids(index_dir)) == old_ids
    # The next run cleans up what the killed rebuilds left and leaves one generation.
    code, _, err = run("index", "--corpus", corpus, "--index", index_dir, "--jobs", 1)
    assert code == 0, err
    assert [p.name for p in index_dir.glob("gen-*")] == [old.name]
    code, _, err = run("index", "--corpus", corpus, "--index", index_dir, "--jobs", 1, "--rebuild")
    assert code == 0, err
    assert current_generation(index_dir) != old and not old.exists()
    assert sorted(store_ids(index_dir)) == old_ids


@pytest.mark.slow
def test_searches_during_rebuild_swaps_never_fail(tmp_path):
    corpus, index_dir = small_corpus(tmp_path / "corpus", 60), tmp_path / "index"
    assert run("index", "--corpus", corpus, "--index", index_dir, "--jobs", 1)[0] == 0
    script = (f"for i in 1 2 3 4 5 6; do {sys.executable} -m indexer index --corpus {corpus} "
              f"--index {index_dir} --jobs 1 --rebuild >/dev/null || exit 1; done")
    rebuilds = subprocess.Popen(["bash", "-c", script], cwd=ROOT, start_new_session=True)
    searches = 0
    try:
        while rebuilds.poll() is None:
            with open_archive(index_dir) as archive:  # a swap must not pull it away
                assert archive.search("harbour").total == 60
                assert archive.stats()["articles"] == 60
                assert archive.facets("harbour").total == 60
            searches += 1
        assert rebuilds.wait() == 0
    finally:
        reap(rebuilds)
    assert searches > 10
    # a generation still open during the last swap is removed by the next run
    assert run("index", "--corpus", corpus, "--index", index_dir, "--jobs", 1)[0] == 0
    assert [p.name for p in index_dir.glob("gen-*")] == [current_generation(index_dir).name]


@pytest.mark.slow
def test_searches_during_a_run_see_the_last_commit(tmp_path):
    n, every = 400, 25
    corpus, index_dir = small_corpus(tmp_path / "corpus", n), tmp_path / "index"
    proc = start("index", "--corpus", corpus, "--index", index_dir, "--jobs", 1, every=every,
                 delay=0.01)
    counts = []
    try:
        while proc.poll() is None:
            if current_generation(index_dir) is not None:
                count = check_index(index_dir, "harbour", n)  # commits go on meanwhile
                with open_archive(index_dir) as archive:  # every page has the word
                    assert archive.search("harbour").total == archive.searcher.doc_count()
                counts.append(count)
            time.sleep(0.05)
        assert proc.wait() == 0, proc.stderr.read()
    finally:
        reap(proc)
    assert counts == sorted(counts), "a reader saw the index go back in time"
    assert any(0 < c < n for c in counts), "no search ran while the indexer was in the middle"
    assert check_index(index_dir, "harbour", 0) == n


@pytest.mark.slow
def test_search_cli_answers_while_an_update_runs(tmp_path):
    corpus, index_dir = small_corpus(tmp_path / "corpus", 200), tmp_path / "index"
    assert run("index", "--corpus", corpus, "--index", index_dir, "--jobs", 1)[0] == 0
    for path in sorted(corpus.rglob("*.txt"))[:150]:
        path.write_text(path.read_text().replace("Harbour", "Lighthouse"))
    proc = start("index", "--corpus", corpus, "--index", index_dir, "--jobs", 1, every=10,
                 delay=0.05)
    try:
        wait_for(lambda: lock_holder(index_dir) == str(proc.pid), what="the indexer's lock")
        code, out, err = run("search", "lighthouse OR harbour", "--index", index_dir,
                             "--format", "paths", "-n", 500)
        assert proc.poll() is None, "the update finished too early to test anything"
        assert code == 0, err
        assert len(out.split()) == 200
        assert proc.wait(timeout=60) == 0
    finally:
        reap(proc)
    code, out, _ = run("search", "lighthouse", "--index", index_dir, "--format", "paths", "-n", 500)
    assert code == 0 and len(out.split()) == 150


@pytest.mark.slow
def test_second_indexer_waits_then_exits_75_naming_the_holder(tmp_path):
    corpus, index_dir = small_corpus(tmp_path / "corpus", 100), tmp_path / "index"
    holder = start("index", "--corpus", corpus, "--index", index_dir, "--jobs", 1, delay=0.2)
    try:
        wait_for(lambda: lock_holder(index_dir) == str(holder.pid), what="the indexer's lock")
        started = time.monotonic()
        code, out, err = run("index", "--corpus", corpus, "--index", index_dir, "--wait", 1.5)
        waited = time.monotonic() - started
        assert holder.poll() is None
    finally:
        reap(holder)
    assert code == 75, (out, err)
    assert f"index is being updated by another process (pid {holder.pid})" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert waited >= 1.5


@pytest.mark.slow
@pytest.mark.parametrize("jobs", [1, 2])
def test_lock_of_a_killed_indexer_never_blocks(tmp_path, jobs):
    # With jobs=2 the killed indexer's scraping workers are busy on slow pages when it dies:
    # they must not keep its locks (the index lock, Whoosh's write lock) alive.
    corpus, index_dir = small_corpus(tmp_path / "corpus", 120), tmp_path / "index"
    proc = start("index", "--corpus", corpus, "--index", index_dir, "--jobs", jobs, delay=0.5)
    try:
        wait_for(lambda: lock_holder(index_dir) == str(proc.pid), what="the indexer's lock")
        time.sleep(1.5)
        kill(proc)
        code, _, err = run("index", "--corpus", corpus, "--index", index_dir, "--wait", 0,
                             "--jobs", 1)
    finally:
        reap(proc)
    assert code == 0, err
    assert check_index(index_dir, "harbour", 0) == 120
