"""Export for OpenSearch / Elasticsearch and query translation: structural checks (no server
here; scripts/opensearch_check.py compares hits against a live one)."""

from __future__ import annotations

import json
import re
from dataclasses import fields
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import STORIES, capture, write_corpus

from indexer.build import dup_key
from indexer.cli import cli
from indexer.errors import IndexMissingError, QueryError, UsageError
from indexer.export import _iso, export_opensearch, index_body
from indexer.opensearch import to_opensearch
from indexer.record import Article, article_id
from indexer.schema import build_schema

SCHEMA = build_schema()
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2})?)?$")


def read_bulk(outdir: Path) -> list[tuple[dict, dict]]:
    """(action, source) pairs of every bulk file, checking the _bulk framing on the way."""
    pairs = []
    for part in sorted(outdir.glob("articles-*.ndjson")):
        data = part.read_bytes()
        assert data.endswith(b"\n") and not data.endswith(b"\n\n")
        lines = data.decode("utf-8").split("\n")[:-1]
        assert len(lines) % 2 == 0
        for action_line, source_line in zip(lines[::2], lines[1::2], strict=True):
            action, source = json.loads(action_line), json.loads(source_line)
            assert list(action) == ["index"] and set(action["index"]) == {"_id"}
            assert "index" not in source and action["index"]["_id"] == source["id"]
            pairs.append((action, source))
    return pairs


def indexed_ids(index_dir: Path) -> set[str]:
    from whoosh import index as whoosh_index

    from indexer.indexdir import WHOOSH_DIR, require_generation

    ix = whoosh_index.open_dir(str(require_generation(index_dir) / WHOOSH_DIR))
    with ix.reader() as reader:
        return {doc["id"] for doc in reader.all_stored_fields()}


# -- export -----------------------------------------------------------------------------


def test_bulk_files_alternate_action_and_source(built, tmp_path):
    seen = []
    summary = export_opensearch(built, tmp_path / "out", progress=lambda d, t: seen.append((d, t)))
    pairs = read_bulk(tmp_path / "out")
    assert summary.files == ["articles-0001.ndjson"] and summary.articles == len(pairs) == 3
    assert seen[-1] == (3, 3)
    assert summary.bytes == (tmp_path / "out" / "articles-0001.ndjson").stat().st_size


def test_every_indexed_article_exported_with_stable_ids(built, corpus, tmp_path):
    from indexer.build import update_index

    export_opensearch(built, tmp_path / "a")
    first = read_bulk(tmp_path / "a")
    ids = [action["index"]["_id"] for action, _ in first]
    assert set(ids) == indexed_ids(built) and len(ids) == len(set(ids))
    assert {s["path"]: s["id"] for _, s in first} == {p: article_id(p) for p in STORIES}

    export_opensearch(built, tmp_path / "b")  # same archive: byte-identical files
    assert (tmp_path / "a" / "articles-0001.ndjson").read_bytes() == \
        (tmp_path / "b" / "articles-0001.ndjson").read_bytes()

    # An edited page keeps its id: re-posting updates the document instead of adding one.
    (corpus / "beta.txt").write_text(capture(
        "Valley Gazette", "Council rejects the library budget", "Update : 04 Mar 2024, 05:00 PM",
        ["The town council rejected the library budget on Monday, Mayor Elena Ruiz said."]))
    update_index(corpus, built, jobs=1)
    export_opensearch(built, tmp_path / "a")
    again = {s["id"]: s for _, s in read_bulk(tmp_path / "a")}
    assert set(again) == set(ids)
    assert again[article_id("beta.txt")]["headline"] == "Council rejects the library budget"


def test_split_by_max_bytes_and_stale_parts_removed(tmp_path):
    from indexer.build import update_index

    stories = {f"s{i:02d}.txt": STORIES["alpha.txt"].replace("port strike", f"strike {i}")
               for i in range(12)}
    index_dir = tmp_path / "index"
    update_index(write_corpus(tmp_path / "corpus", stories), index_dir, jobs=1)
    out = tmp_path / "out"
    out.mkdir()
    (out / "articles-0099.ndjson").write_text("stale\n")
    (out / "notes.txt").write_text("mine\n")
    one = len(next(iter(_pairs_bytes(index_dir))))
    summary = export_opensearch(index_dir, out, max_bytes=3 * one + 10)
    assert summary.files == [f"articles-{n:04d}.ndjson" for n in range(1, 5)]
    assert sorted(p.name for p in out.glob("articles-*")) == summary.files
    assert (out / "notes.txt").read_text() == "mine\n"
    for name in summary.files:
        assert (out / name).stat().st_size <= 3 * one + 10
    assert len(read_bulk(out)) == 12

    # An article larger than the limit gets a file of its own rather than being dropped.
    summary = export_opensearch(index_dir, out, max_bytes=10)
    assert len(summary.files) == 12 and len(read_bulk(out)) == 12


def _pairs_bytes(index_dir: Path):
    from indexer.export import bulk_pair
    from indexer.indexdir import STORE_FILE, require_generation
    from indexer.store import RecordStore

    store = RecordStore(require_generation(index_dir) / STORE_FILE, readonly=True)
    try:
        yield from (bulk_pair(a) for a in store.articles())
    finally:
        store.close()


def test_mapping_covers_every_article_field(built, tmp_path):
    export_opensearch(built, tmp_path / "o")
    body = index_body()
    assert json.loads((tmp_path / "o" / "index.json").read_text()) == body
    props = body["mappings"]["properties"]
    assert body["mappings"]["dynamic"] == "strict"
    assert {f.name for f in fields(Article)} <= set(props)
    for _, source in read_bulk(tmp_path / "o"):  # strict mapping: no unmapped key
        assert set(source) <= set(props)
    for name in ("published", "updated", "captured", "date"):
        assert props[name]["type"] == "date"
    for name in ("source", "url", "path", "id"):
        assert props[name]["type"] == "keyword"
    assert props["people"]["type"] == "text" and props["people"]["fields"]["keyword"]["type"] == "keyword"
    analyzers = body["settings"]["analysis"]["analyzer"]
    assert "porter_stem" in analyzers[props["headline"]["analyzer"]]["filter"]
    assert "asciifolding" in analyzers[props["body"]["analyzer"]]["filter"]
    assert "porter_stem" not in analyzers[props["people"]["analyzer"]]["filter"]
    stop = body["settings"]["analysis"]["filter"]["newsindex_stop"]["stopwords"]
    assert "the" in stop and "putin" not in stop


def test_dates_are_iso_8601(built, tmp_path):
    export_opensearch(built, tmp_path / "o")
    sources = [s for _, s in read_bulk(tmp_path / "o")]
    gamma = next(s for s in sources if s["path"] == "gamma.txt")
    assert gamma["published"].startswith("2023-09-12") and gamma["date"].startswith("2023-09-12T")
    for source in sources:
        for name in ("published", "updated", "captured", "date"):
            assert source[name] is None or ISO.match(source[name]), (name, source[name])
        assert source["date"] is not None
        assert source["dup"] == dup_key(Article.from_dict(source))


@pytest.mark.parametrize("value, expected", [
    ("2024-05-14", "2024-05-14"),
    ("2024-05-14T08:30:00+02:00", "2024-05-14T08:30:00+02:00"),
    ("2024-05-14 08:30", "2024-05-14T08:30:00"),
    ("2024-05-14T08:30:00Z", "2024-05-14T08:30:00+00:00"),
    ("last Tuesday", "last Tuesday"),  # kept; the mapping ignores malformed dates
    (None, None),
])
def test_iso_normalisation(value, expected):
    assert _iso(value) == expected


def test_readme_has_the_curl_commands(built, tmp_path):
    export_opensearch(built, tmp_path / "o", index_name="news-archive")
    readme = (tmp_path / "o" / "README.txt").read_text()
    assert ("curl -sS -X PUT \"$URL/news-archive\" -H 'Content-Type: application/json' "
            "--data-binary @index.json") in readme
    assert ("curl -sS -X POST \"$URL/news-archive/_bulk?filter_path=errors,items.*.error\" "
            "-H 'Content-Type: application/x-ndjson' --data-binary @articles-0001.ndjson") in readme


@pytest.mark.parametrize("name", ["News", "a b", "-x", "a/b", "", "x:y"])
def test_bad_index_names(built, tmp_path, name):
    with pytest.raises(UsageError, match="bad index name"):
        export_opensearch(built, tmp_path / "o", index_name=name)


def test_export_errors(tmp_path, built):
    with pytest.raises(IndexMissingError):
        export_opensearch(tmp_path / "nowhere", tmp_path / "o")
    (tmp_path / "file").write_text("x")
    with pytest.raises(UsageError, match="not a folder"):
        export_opensearch(built, tmp_path / "file")


# -- the CLI ----------------------------------------------------------------------------


def test_cli_export(built, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["export", "--format", "opensearch", str(out),
                                      "--index", str(built), "--index-name", "arch"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("exported 3 articles to ") and "README.txt" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["README.txt", "articles-0001.ndjson", "index.json"]
    assert '"$URL/arch/_bulk' in (out / "README.txt").read_text()

    result = CliRunner().invoke(cli, ["export", str(out), "--index", str(tmp_path / "none")])
    assert result.exit_code == 2 and "no index at" in result.output
    result = CliRunner().invoke(cli, ["export", str(out), "--format", "solr", "--index", str(built)])
    assert result.exit_code == 2 and "solr" in result.output


def test_print_opensearch(tmp_path):
    result = CliRunner().invoke(cli, ["search", "turbines", "--print-opensearch", "--since", "2023-09",
                                      "--person", "Sofia Lind", "--index", str(tmp_path / "none")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["query"]["bool"]["filter"][0] == {"match_phrase": {"people": "Sofia Lind"}}
    bad = CliRunner().invoke(cli, ["search", '"open', "--print-opensearch"])
    assert bad.exit_code == 2 and "unbalanced quote" in bad.output


# -- query translation ------------------------------------------------------------------

DEFAULT = ["headline^2", "body", "people"]


def mm(text: str, **extra) -> dict:
    return {"multi_match": {"query": text, "type": "most_fields", "fields": DEFAULT,
                            "operator": "and", **extra}}


def should(*clauses) -> dict:
    return {"bool": {"should": list(clauses), "minimum_should_match": 1}}


def days(gte: str | None = None, lt: str | None = None, gt: str | None = None) -> dict:
    bounds = {"format": "strict_date_optional_time"}
    bounds.update({k: v for k, v in (("gte", gte), ("gt", gt), ("lt", lt)) if v})
    return {"range": {"date": bounds}}


CASES = [
    ("putin", mm("putin")),
    ("Putin satellites", {"bool": {"must": [mm("Putin"), mm("satellites")]}}),  # typed words
    ("putin AND satellite", {"bool": {"must": [mm("putin"), mm("satellite")]}}),
    ("putin OR kim", should(mm("putin"), mm("kim"))),
    ("putin NOT kim", {"bool": {"must": [mm("putin")], "must_not": [mm("kim")]}}),
    ("putin -kim", {"bool": {"must": [mm("putin")], "must_not": [mm("kim")]}}),
    ("NOT kim", {"bool": {"must_not": [mm("kim")]}}),
    ("+putin kim", {"bool": {"must": [mm("putin")], "should": [mm("kim")]}}),
    ("(kim OR putin) AND satellite", {"bool": {"must": [should(mm("kim"), mm("putin")),
                                                        mm("satellite")]}}),
    ("kim OR NOT putin", should(mm("kim"), {"bool": {"must_not": [mm("putin")]}})),
    ('"number one"', {"multi_match": {"query": "number one", "type": "phrase", "fields": DEFAULT}}),
    ('"Putin\'s war"', {"multi_match": {"query": "Putin's war", "type": "phrase", "fields": DEFAULT}}),
    ('"the wind"', mm("wind")),  # stop words dropped as Whoosh drops them
    ('headline:"wind turbines"~3',
     {"match_phrase": {"headline": {"query": "wind turbines", "slop": 2, "boost": 2.0}}}),
    ("headline:running", {"match": {"headline": {"query": "running", "operator": "and", "boost": 2.0}}}),
    ("body:Café", {"match": {"body": {"query": "Café", "operator": "and"}}}),
    ("people:lavrov", {"match": {"people": {"query": "lavrov", "operator": "and"}}}),
    ('source:"harbour ledger"', {"match_phrase": {"source.text": {"query": "harbour ledger"}}}),
    ("mother-in-law", mm("mother-in-law")),
    ("U.S.", {"multi_match": {"query": "U.S.", "type": "most_fields", "fields": ["headline^2", "body"],
                              "operator": "and"}}),  # no name in it for the people analyser
    ("putin^3", mm("putin", boost=3.0)),
    ("headline:putin^3", {"match": {"headline": {"query": "putin", "operator": "and", "boost": 6.0}}}),
    ("headline:(putin OR kim)^3", {"bool": {"should": [
        {"match": {"headline": {"query": "putin", "operator": "and", "boost": 2.0}}},
        {"match": {"headline": {"query": "kim", "operator": "and", "boost": 2.0}}}],
        "minimum_should_match": 1, "boost": 3.0}}),
    ("putn~", mm("putn", fuzziness=1, fuzzy_transpositions=False)),
    ("putn~2", mm("putn", fuzziness=2, fuzzy_transpositions=False)),
    ("putin~1/2", mm("putin", fuzziness=1, fuzzy_transpositions=False, prefix_length=2)),
    ("satel*", should({"prefix": {"headline": {"value": "satel", "boost": 2.0}}},
                      {"prefix": {"body": {"value": "satel"}}},
                      {"prefix": {"people": {"value": "satel"}}})),
    ("people:sat?llite", {"wildcard": {"people": {"value": "sat?llite"}}}),
    ("date:2023-09", days("2023-09-01T00:00:00", "2023-10-01T00:00:00")),
    ("date:2023", days("2023-01-01T00:00:00", "2024-01-01T00:00:00")),
    ("date:2023-09-12", days("2023-09-12T00:00:00", "2023-09-13T00:00:00")),
    ("date:[2023-09-01 TO 2023-09-30]", days("2023-09-01T00:00:00", "2023-10-01T00:00:00")),
    ("date:[2023-09 TO]", days("2023-09-01T00:00:00")),
    ("date:>2023-09-01", days("2023-09-02T00:00:00")),
    ("date:>=2023-09-01", days("2023-09-01T00:00:00")),
    ("date:<2023-09-01", days(lt="2023-09-01T00:00:00")),
    ("turbines date:2023-09", {"bool": {"must": [mm("turbines")],
                                        "filter": [days("2023-09-01T00:00:00", "2023-10-01T00:00:00")]}}),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0] for c in CASES])
def test_query_translation_table(text, expected):
    assert to_opensearch(text, SCHEMA) == {"query": expected}


def test_search_filters():
    q = to_opensearch("turbines", SCHEMA, since="2023-09", until="2023-09-12", person="Sofia Lind")
    assert q == {"query": {"bool": {"must": [mm("turbines")], "filter": [
        {"match_phrase": {"people": "Sofia Lind"}},
        days("2023-09-01T00:00:00", "2023-09-13T00:00:00")]}}}
    assert to_opensearch("turbines", SCHEMA, until="2024")["query"]["bool"]["filter"] == [
        days(lt="2025-01-01T00:00:00")]
    assert to_opensearch("turbines", SCHEMA) == {"query": mm("turbines")}


@pytest.mark.parametrize("text, kwargs, message", [
    ('"number one', {}, "unbalanced quote"),
    ("(kim OR putin", {}, "unbalanced parenthesis"),
    ("colour:red", {}, "unknown field"),
    ("date:2023-13", {}, "bad date"),
    ("a*", {}, "too broad"),
    ("the AND of", {}, "no searchable words"),
    ("", {}, "empty query"),
    ("putin", {"since": "2024", "until": "2023"}, "before --since"),
    ("putin", {"since": "yesterday"}, "bad date"),
    ("putin", {"person": "--"}, "no name"),
])
def test_translation_errors(text, kwargs, message):
    with pytest.raises(QueryError, match=message):
        to_opensearch(text, SCHEMA, **kwargs)


def _field_names(clause, found: set[str]) -> set[str]:
    if isinstance(clause, dict):
        for key, value in clause.items():
            if key in ("match", "match_phrase", "prefix", "wildcard", "range"):
                found.update(value)
            elif key == "fields":
                found.update(f.split("^")[0] for f in value)
            else:
                _field_names(value, found)
    elif isinstance(clause, list):
        for item in clause:
            _field_names(item, found)
    return found


def test_translated_fields_exist_in_the_mapping():
    props = index_body()["mappings"]["properties"]
    mapped = set(props) | {f"{k}.{sub}" for k, v in props.items() for sub in v.get("fields", {})}
    for text, _ in CASES:
        assert _field_names(to_opensearch(text, SCHEMA, person="Kim"), set()) <= mapped, text


def test_any_query_translates_or_is_a_query_error():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    props = index_body()["mappings"]["properties"]
    mapped = set(props) | {f"{k}.{sub}" for k, v in props.items() for sub in v.get("fields", {})}
    pieces = st.sampled_from(["putin", "Kim", "the", "Café", "satel*", "sat?l", "putn~", "~2", "^2",
                              "AND", "OR", "NOT", "-", "+", "(", ")", '"', "headline:", "people:",
                              "source:", "date:", "2023-09", "[2023 TO 2024]", ">2023", "mother-in-law",
                              "U.S.", "o'brien", " "])

    @settings(max_examples=300, deadline=None)
    @given(st.lists(pieces, min_size=1, max_size=8).map(" ".join))
    def check(text: str) -> None:
        try:
            result = to_opensearch(text, SCHEMA)
        except QueryError:
            return
        assert _field_names(result, set()) <= mapped
        json.dumps(result)

    check()
