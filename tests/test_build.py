"""Incremental indexing: what changes is exactly what is touched, and the result equals a rebuild."""

import os
import threading
import time

import pytest
from conftest import STORIES, capture, write_corpus

from indexer.build import update_index
from indexer.errors import IndexLockedError, IndexMissingError, UsageError
from indexer.indexdir import current_generation, write_lock
from indexer.search import open_archive
from indexer.storage import MappedStorage


def _counts(summary):
    return (summary.added, summary.updated, summary.removed, summary.unchanged, len(summary.failed))


def _ids_and_records(index_dir):
    with open_archive(index_dir) as archive:
        stored = {doc["id"]: doc for doc in archive.searcher.all_stored_fields()}
        records = {a.id: a.to_dict() for a in archive.store.articles()}
    return stored, records


def test_first_run_adds_everything_then_nothing(corpus, tmp_path):
    index_dir = tmp_path / "index"
    assert _counts(update_index(corpus, index_dir, jobs=1)) == (3, 0, 0, 0, 0)
    assert _counts(update_index(corpus, index_dir, jobs=1)) == (0, 0, 0, 3, 0)


def test_add_change_delete_touch_rename(corpus, tmp_path):
    index_dir = tmp_path / "index"
    update_index(corpus, index_dir, jobs=1)
    (corpus / "delta.txt").write_text(capture(
        "Metro Daily", "Heatwave warning for the capital", "Update : 03 Jul 2024, 10:00 AM",
        ["Forecasters issued a heatwave warning for the capital on Wednesday.",
         "Health official Anna Berg urged residents to check on elderly neighbours."]))
    (corpus / "beta.txt").write_text(
        STORIES["beta.txt"].replace("library", "museum").replace("libraries", "museums"))
    (corpus / "gamma.txt").unlink()
    st = (corpus / "alpha.txt").stat()
    os.utime(corpus / "alpha.txt", ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # touched only
    assert _counts(update_index(corpus, index_dir, jobs=1)) == (1, 1, 1, 1, 0)

    with open_archive(index_dir) as archive:
        assert archive.search("heatwave").total == 1
        assert archive.search("museum").total == 1
        assert archive.search("library").total == 0
        assert archive.search("turbines").total == 0
    (corpus / "delta.txt").rename(corpus / "epsilon.txt")
    assert _counts(update_index(corpus, index_dir, jobs=1)) == (1, 0, 1, 2, 0)
    with open_archive(index_dir) as archive:
        assert [h.path for h in archive.search("heatwave").hits] == ["epsilon.txt"]


def test_incremental_result_equals_a_rebuild(corpus, tmp_path):
    inc = tmp_path / "inc"
    update_index(corpus, inc, jobs=1)
    (corpus / "gamma.txt").write_text(STORIES["gamma.txt"].replace("forty", "sixty"))
    (corpus / "alpha.txt").unlink()
    write_corpus(corpus, {"sub/zeta.txt": STORIES["alpha.txt"].replace("Dock", "Rail")})
    update_index(corpus, inc, jobs=1)
    fresh = tmp_path / "fresh"
    update_index(corpus, fresh, jobs=1, rebuild=True)
    assert _ids_and_records(inc) == _ids_and_records(fresh)
    # Same top hits. (Order may differ where scores are close: like Lucene, Whoosh counts
    # deleted documents in term statistics until their segment is merged.)
    with open_archive(inc) as a, open_archive(fresh) as b:
        for q in ("strike", "turbines OR budget", "sixty", "rail workers", "people:ruiz"):
            ra, rb = a.search(q), b.search(q)
            assert ra.total == rb.total
            assert sorted(h.id for h in ra.hits) == sorted(h.id for h in rb.hits)


def test_changed_extractor_version_reprocesses(corpus, tmp_path, monkeypatch):
    index_dir = tmp_path / "index"
    update_index(corpus, index_dir, jobs=1)
    monkeypatch.setattr("indexer.build.extractor_version", lambda rules=None: "changed")
    assert _counts(update_index(corpus, index_dir, jobs=1)) == (0, 3, 0, 0, 0)


def test_one_bad_page_is_reported_and_the_rest_indexed(corpus, tmp_path):
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "broken.html.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    (corpus / "notes.pdf").write_bytes(b"%PDF")
    before = {p: p.read_bytes() for p in corpus.rglob("*") if p.is_file()}
    summary = update_index(corpus, tmp_path / "index", jobs=1)
    assert summary.added == 3 and summary.skipped == 1
    assert {path for path, _ in summary.failed} == {"empty.txt", "broken.html.gz"}
    assert all(reason for _, reason in summary.failed)
    after = {p: p.read_bytes() for p in corpus.rglob("*") if p.is_file()}
    assert before == after  # the corpus is read only


def test_an_open_archive_survives_a_commit_that_merges_its_segments_away(corpus, tmp_path):
    """A searcher opens a segment's files lazily; a run that merges segments deletes them."""
    index_dir = tmp_path / "index"
    update_index(corpus, index_dir, jobs=1)
    whoosh_dir = current_generation(index_dir) / "whoosh"
    with open_archive(index_dir) as archive:
        before = {p.name for p in whoosh_dir.iterdir() if p.suffix == ".col"}
        MappedStorage(whoosh_dir).open_index().optimize()  # one new segment, the old deleted
        assert not before & {p.name for p in whoosh_dir.iterdir()}, "nothing was merged away"
        results = archive.search("kowalski")
        assert [h.path for h in results.hits] == ["alpha.txt"]
        assert archive.get(results.hits[0].id).headline == "Dockers vote to end the port strike"


def test_a_commit_between_opening_and_pinning_is_retried(corpus, tmp_path, monkeypatch):
    index_dir = tmp_path / "index"
    update_index(corpus, index_dir, jobs=1)
    whoosh_dir = current_generation(index_dir) / "whoosh"
    pin, calls = MappedStorage.pin, []

    def commit_then_pin(storage):
        calls.append(storage.list())
        if len(calls) == 1:  # the files of the commit just opened go before they are pinned
            MappedStorage(whoosh_dir).open_index().optimize()
        pin(storage)

    monkeypatch.setattr(MappedStorage, "pin", commit_then_pin)
    with open_archive(index_dir) as archive:
        assert len(calls) == 2
        assert archive.searcher.reader().generation() == archive.ix.latest_generation()
        assert [h.path for h in archive.search("kowalski").hits] == ["alpha.txt"]


def test_rebuild_swaps_generations_and_keeps_searchable(corpus, tmp_path):
    index_dir = tmp_path / "index"
    update_index(corpus, index_dir, jobs=1)
    old = current_generation(index_dir)
    update_index(corpus, index_dir, jobs=1, rebuild=True)
    new = current_generation(index_dir)
    assert new != old and not old.exists()
    with open_archive(index_dir) as archive:
        assert archive.search("strike").total == 1


def test_an_index_made_by_an_older_version_is_refused_then_rebuilt(corpus, tmp_path, monkeypatch):
    from whoosh import fields

    from indexer import schema

    current = schema.build_schema

    def older():  # an earlier schema: one more field than today's
        old = current()
        old.add("kind", fields.ID(stored=True))
        return old
    index_dir = tmp_path / "index"
    monkeypatch.setattr(schema, "build_schema", older)
    update_index(corpus, index_dir, jobs=1)
    monkeypatch.setattr(schema, "build_schema", current)
    old = current_generation(index_dir)
    with pytest.raises(IndexMissingError, match="older newsindex") as err:
        open_archive(index_dir)
    assert "--rebuild" in err.value.hint

    assert _counts(update_index(corpus, index_dir, jobs=1)) == (3, 0, 0, 0, 0)
    assert current_generation(index_dir) != old
    with open_archive(index_dir) as archive:
        assert archive.search("strike").total == 1


def test_failed_rebuild_leaves_the_old_index(corpus, tmp_path, monkeypatch):
    index_dir = tmp_path / "index"
    update_index(corpus, index_dir, jobs=1)
    old = current_generation(index_dir)

    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")
    monkeypatch.setattr("indexer.build._sync", boom)
    with pytest.raises(RuntimeError):
        update_index(corpus, index_dir, jobs=1, rebuild=True)
    assert current_generation(index_dir) == old
    with open_archive(index_dir) as archive:
        assert archive.search("strike").total == 1


def test_second_writer_waits_then_fails_with_pid(corpus, tmp_path):
    index_dir = tmp_path / "index"
    held = threading.Event()
    release = threading.Event()

    def holder():
        with write_lock(index_dir, 0):
            held.set()
            release.wait(10)
    thread = threading.Thread(target=holder)
    thread.start()
    held.wait(5)
    try:
        started = time.monotonic()
        with pytest.raises(IndexLockedError, match=rf"another process \(pid {os.getpid()}\)"):
            update_index(corpus, index_dir, jobs=1, wait=0.3)
        assert time.monotonic() - started >= 0.3
    finally:
        release.set()
        thread.join()
    assert update_index(corpus, index_dir, jobs=1).added == 3  # released: no stale lock


def test_missing_corpus_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="corpus folder not found"):
        update_index(tmp_path / "nope", tmp_path / "index")


def test_parallel_workers_give_the_same_index(tmp_path):
    stories = {f"p{i:03d}.txt": STORIES["alpha.txt"].replace("three-week", f"{i}-day")
               for i in range(40)}
    corpus = write_corpus(tmp_path / "c", stories)
    one, two = tmp_path / "one", tmp_path / "two"
    assert update_index(corpus, one, jobs=1).added == 40
    assert update_index(corpus, two, jobs=2).added == 40
    assert _ids_and_records(one) == _ids_and_records(two)
