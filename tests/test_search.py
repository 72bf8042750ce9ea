"""The search library API: filters, sorting, paging, duplicates, facets, people, suggestions."""

import json

import pytest
from click.testing import CliRunner
from conftest import STORIES, capture, write_corpus

from indexer.batch import run_batch
from indexer.build import update_index
from indexer.cli import cli
from indexer.errors import QueryError
from indexer.search import open_archive

LAVROV = capture(
    "Eastern Wire", "Lavrov meets envoys in Moscow", "Update : 20 Sep 2023, 11:00 AM",
    ["Russian Foreign Minister Sergei Lavrov met envoys from five countries on Wednesday.",
     "Lavrov said the talks had been useful and would continue next month."])
LAVROV_OCT = capture(
    "Eastern Wire", "Lavrov travels to Beijing", "Update : 02 Oct 2023, 09:00 AM",
    ["Foreign Minister Sergei Lavrov arrived in Beijing on Monday for two days of talks.",
     "Lavrov is expected to meet his Chinese counterpart on Tuesday."])


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("s")
    stories = dict(STORIES, **{"lav1.txt": LAVROV, "lav2.txt": LAVROV_OCT,
                               # the same story on another site: collapsed by default
                               "copy/alpha.txt": STORIES["alpha.txt"].replace(
                                   "Harbour Ledger", "Coast Chronicle")})
    corpus = write_corpus(root / "corpus", stories)
    update_index(corpus, root / "index", jobs=1)
    with open_archive(root / "index") as opened:
        yield opened


def ids(results):
    return [h.path for h in results.hits]


def test_person_forms_match(archive):
    for query in ('people:"Sergei Lavrov"', "people:lavrov"):
        assert sorted(ids(archive.search(query))) == ["lav1.txt", "lav2.txt"]
    assert sorted(ids(archive.search("talks", person="Lavrov"))) == ["lav1.txt", "lav2.txt"]
    assert ids(archive.search("talks", person="Elena Ruiz")) == []


def test_date_query_forms_mean_what_they_say(archive):
    assert ids(archive.search("lavrov date:[2023-09-01 TO 2023-09-30]")) == ["lav1.txt"]
    assert ids(archive.search("lavrov date:2023-10")) == ["lav2.txt"]
    assert ids(archive.search("lavrov date:>2023-09-20")) == ["lav2.txt"]
    assert ids(archive.search("lavrov", since="2023-09-01", until="2023-09-30")) == ["lav1.txt"]
    assert ids(archive.search("lavrov", since="2023-10-02")) == ["lav2.txt"]


def test_sort_newest_oldest(archive):
    assert ids(archive.search("lavrov", sort="newest")) == ["lav2.txt", "lav1.txt"]
    assert ids(archive.search("lavrov", sort="oldest")) == ["lav1.txt", "lav2.txt"]


def test_limit_and_offset_page_through(archive):
    everything = ids(archive.search("said OR talks", limit=50))
    assert len(everything) >= 4
    assert ids(archive.search("said OR talks", limit=2, offset=1)) == everything[1:3]


def test_duplicates_collapse_with_also_in(archive):
    collapsed = archive.search("dockers strike")
    assert len(collapsed.hits) == 1 and collapsed.total == 2
    assert collapsed.hits[0].also_in in (["Coast Chronicle"], ["Harbour Ledger"])
    assert len(archive.search("dockers strike", collapse=False).hits) == 2


def test_facets_count_the_whole_matched_set(archive):
    facets = archive.facets("lavrov")
    assert facets.total == 2
    assert ("Sergei Lavrov", 2) in facets.people
    assert facets.sources == [("Eastern Wire", 2)]
    assert facets.months == [("2023-09", 1), ("2023-10", 1)]


def test_people_listing(archive):
    everyone = dict(archive.people())
    assert everyone["Sergei Lavrov"] == 2
    assert dict(archive.people("turbines")) == {"Sofia Lind": 1}


def test_did_you_mean(archive):
    results = archive.search("lavrof")
    assert results.hits == [] and results.suggestion == "lavrov"
    assert archive.search("turbnes").suggestion == "turbines"


def test_bad_query_raises(archive):
    with pytest.raises(QueryError):
        archive.search("lavrov date:2023-99")


def test_stats(archive):
    stats = archive.stats()
    assert stats["articles"] == 6
    assert (stats["first_date"], stats["last_date"]) == ("2023-09-12", "2024-05-14")
    assert {"name": "Sergei Lavrov", "count": 2} in stats["top_people"]


def test_batch_records_in_input_order(archive):
    lines = ["lavrov", "# comment", "", '{"id": "oct", "query": "lavrov", "since": "2023-10-01"}',
             '"broken', '{"query": "x", "colour": 1}', "{not json"]
    records = list(run_batch(archive, lines))
    assert [r["id"] for r in records] == ["1", "oct", "5", "6", "7"]
    assert records[0]["total"] == 2 and records[0]["error"] is None
    assert [h["path"] for h in records[1]["hits"]] == ["lav2.txt"]
    assert "unbalanced quote" in records[2]["error"]
    assert "unknown key" in records[3]["error"] and "bad JSON" in records[4]["error"]
    for record in records:
        assert set(record) == {"id", "query", "total", "hits", "error", "elapsed_ms"}


def test_batch_cli_exit_codes(tmp_path):
    corpus = write_corpus(tmp_path / "c")
    update_index(corpus, tmp_path / "ix", jobs=1)
    runner = CliRunner()

    def batch(text):
        return runner.invoke(cli, ["batch", "-", "--index", str(tmp_path / "ix")], input=text)
    ok = batch("strike\nturbines\n")
    assert ok.exit_code == 0 and len(ok.output.splitlines()) == 2
    some = batch("strike\n(unclosed\n")
    assert some.exit_code == 3
    assert json.loads(some.output.splitlines()[1])["error"].startswith("unbalanced parenthesis")
    assert batch('"x\n(y\n').exit_code == 2


def test_facets_and_people_cli(tmp_path):
    corpus = write_corpus(tmp_path / "c", {"lav1.txt": LAVROV, "lav2.txt": LAVROV_OCT})
    update_index(corpus, tmp_path / "ix", jobs=1)
    runner = CliRunner()
    out = runner.invoke(cli, ["search", "lavrov", "--facets", "--format", "json",
                              "--index", str(tmp_path / "ix")])
    facets = json.loads(out.output)["facets"]
    assert facets["months"] == [{"month": "2023-09", "count": 1}, {"month": "2023-10", "count": 1}]
    text = runner.invoke(cli, ["search", "lavrov", "--facets", "--color", "never",
                               "--index", str(tmp_path / "ix")]).output
    assert "  2023-09  " + "█" * 30 + " 1" in text
    people = runner.invoke(cli, ["people", "--index", str(tmp_path / "ix"), "--format", "tsv"])
    assert people.output.splitlines() == ["name\tcount", "Sergei Lavrov\t2"]


def test_undated_articles_sort_last_both_ways(tmp_path):
    stories = {
        "a.txt": capture("Site A", "Storm hits coast", "Update : 10 Jan 2020, 10:00 AM",
                         ["A storm hit the coast on Monday and flooded many towns along it."]),
        "b.txt": capture("Site B", "Storm hits inland", "",
                         ["Another storm hit inland areas on Tuesday and flooded many farms."]),
        "c.txt": capture("Site C", "Storm returns", "Update : 10 Jan 2022, 10:00 AM",
                         ["The storm returned on Friday and flooded the same towns again."]),
    }
    update_index(write_corpus(tmp_path / "c", stories), tmp_path / "ix", jobs=1)
    with open_archive(tmp_path / "ix") as archive:
        assert ids(archive.search("storm", sort="newest")) == ["c.txt", "a.txt", "b.txt"]
        assert ids(archive.search("storm", sort="oldest")) == ["a.txt", "c.txt", "b.txt"]


def test_sorting_by_date_keeps_the_time_of_day_and_days_match_whole(tmp_path):
    stories = {
        f"{name}.txt": capture("Site A", f"Storm report {name}", f"Update : 10 Jan 2020, {time}",
                               [f"The storm report {name} says the coast flooded again today."])
        for name, time in (("early", "06:00 AM"), ("late", "11:30 PM"), ("noon", "12:00 PM"))
    }
    update_index(write_corpus(tmp_path / "c", stories), tmp_path / "ix", jobs=1)
    with open_archive(tmp_path / "ix") as archive:
        assert ids(archive.search("storm", sort="newest")) == ["late.txt", "noon.txt", "early.txt"]
        assert ids(archive.search("storm", sort="oldest")) == ["early.txt", "noon.txt", "late.txt"]
        assert archive.search("storm date:2020-01-10").total == 3
        assert archive.search("storm", since="2020-01-10", until="2020-01-10").total == 3
        assert archive.search("storm date:>2020-01-10").total == 0


def test_total_counts_matches_that_cannot_reach_the_top(tmp_path):
    # Whoosh's top-N collector swaps an OR for "headline AND MAYBE body" once body matches can
    # no longer make the top N, and then never sees the body-only matches: their count is lost
    para = ["Boats and ferries were counted by officials on the quay today, the port said."]
    filler = "The council met on Tuesday and the mayor spoke about roads and schools. " * 6
    stories = {f"a{i:02d}.txt": capture("Site", f"Harbour news from the council about roads {i}",
                                        "Update : 10 Jan 2020, 10:00 AM", para) for i in range(20)}
    stories.update({f"m{i:02d}.txt": capture("Site", f"Harbour {i}", "Update : 10 Jan 2020, 10:00 AM",
                                             para) for i in range(20)})
    stories.update({f"z{i:02d}.txt": capture("Site", f"Council news {i}", "Update : 10 Jan 2020, 10:00 AM",
                                             [filler + f"A harbour was mentioned in item {i}."])
                    for i in range(40)})
    update_index(write_corpus(tmp_path / "c", stories), tmp_path / "ix", jobs=1)
    with open_archive(tmp_path / "ix") as archive:
        assert archive.search("harbour", limit=3).total == 80
        assert archive.search("harbour", limit=3, collapse=False).total == 80


def test_batch_jobs_keep_input_order_and_results(tmp_path):
    from indexer.batch import run_batch_jobs

    update_index(write_corpus(tmp_path / "c"), tmp_path / "ix", jobs=1)
    lines = ["strike", '"broken', "turbines", "budget OR strike", "zebra"] * 4
    with open_archive(tmp_path / "ix") as archive:
        one = list(run_batch(archive, lines))
    two = list(run_batch_jobs(tmp_path / "ix", lines, jobs=2))

    def strip(records):
        return [{k: v for k, v in r.items() if k != "elapsed_ms"} for r in records]
    assert strip(one) == strip(two)
    assert [r["id"] for r in two] == [str(i) for i in range(1, 21)]
