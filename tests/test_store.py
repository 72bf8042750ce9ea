"""The record store and the Whoosh storage underneath an index."""

import json
import zlib

from conftest import STORIES, write_corpus

from indexer.build import update_index
from indexer.indexdir import WHOOSH_DIR, current_generation
from indexer.record import Article
from indexer.search import open_archive
from indexer.storage import MappedStorage
from indexer.store import RecordStore


def _article(n: int) -> Article:
    body = (f"Story {n}: the council met on Tuesday and agreed that the harbour would reopen "
            f"after the storm, the mayor said. Officials said repairs would take {n} weeks. ") * 3
    return Article(id=f"id{n:04d}", path=f"p/{n}.txt", headline=f"Harbour story {n}", body=body,
                   people=["Anna Berg"], published="2024-05-14T08:30:00", source="Harbour Ledger")


def test_records_round_trip_and_shrink_once_the_store_has_a_dictionary(tmp_path):
    store = RecordStore(tmp_path / "a.db")
    articles = [_article(n) for n in range(200)]
    for a in articles[:3]:
        store.put(a.path, 1, 1, "h", "x", a)
    store.commit()
    early_reader = RecordStore(tmp_path / "a.db", readonly=True)  # before there is a dictionary
    late = _article(999)
    for a in [*articles[3:], late]:
        store.put(a.path, 1, 1, "h", "x", a)
    store.commit()

    reader = RecordStore(tmp_path / "a.db", readonly=True)
    assert list(reader.articles()) == sorted([*articles, late], key=lambda a: a.path)
    assert early_reader.get(late.id) == late
    blobs = dict(reader.db.execute("SELECT id, record FROM pages"))
    plain = len(zlib.compress(json.dumps(late.to_dict()).encode(), 9))
    assert blobs[late.id][:1] == b"D" and len(blobs[late.id]) < plain * 0.6


def test_a_small_store_without_a_dictionary_reads_back(tmp_path):
    store = RecordStore(tmp_path / "a.db")
    store.put("p/1.txt", 1, 1, "h", "x", _article(1))
    store.commit()
    assert RecordStore(tmp_path / "a.db", readonly=True).get("id0001") == _article(1)


def test_segments_are_separate_mapped_files(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    index_dir = tmp_path / "index"
    update_index(corpus, index_dir, jobs=1)
    wdir = current_generation(index_dir) / WHOOSH_DIR
    names = {p.suffix for p in wdir.iterdir()}
    assert ".seg" not in names and {".trm", ".pst", ".toc"} <= names
    with open_archive(index_dir) as archive:
        assert archive.search("dockers").total == 1


def test_an_older_compound_segment_is_still_read(tmp_path):
    from whoosh import fields

    schema = fields.Schema(id=fields.ID(stored=True), body=fields.TEXT)
    storage = MappedStorage(tmp_path)
    ix = storage.create_index(schema)
    with ix.writer(compound=True) as writer:
        for name, text in STORIES.items():
            writer.add_document(id=name, body=text)
    assert any(p.suffix == ".seg" for p in tmp_path.iterdir())
    with MappedStorage(tmp_path).open_index().searcher() as searcher:
        from whoosh.qparser import QueryParser

        hits = searcher.search(QueryParser("body", schema).parse("library budget"))
        assert [h["id"] for h in hits] == ["beta.txt"]


def test_an_empty_file_opens_as_empty(tmp_path):
    (tmp_path / "empty.bin").write_bytes(b"")
    with MappedStorage(tmp_path).open_file("empty.bin") as f:
        assert f.read() == b""
