"""The CLI contract: exit codes, formats, errors as one line."""

import json

import pytest
from click.testing import CliRunner
from conftest import SEED

from indexer.cli import cli


def run(*args, **kwargs):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, **kwargs)


def test_search_text_plain_markers(built):
    result = run("search", "turbines", "--index", built, "--color", "never")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "1. Wind turbines approved for the northern coast"
    assert lines[1] == "   2023-09-12 · Northern Star · gamma.txt"
    assert "**turbines**" in result.output
    assert "\x1b[" not in result.output
    assert lines[-1] == "1-1 of 1 articles"


def test_search_text_color_always(built):
    result = run("search", "turbines", "--index", built, "--color", "always")
    assert "\x1b[1;33mturbines\x1b[0m" in result.output


def test_search_json_contract(built):
    result = run("search", "strike OR budget", "--index", built, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["version"] == 1 and data["query"] == "strike OR budget" and data["total"] == 2
    hit = data["hits"][0]
    for key in ("id", "path", "headline", "published", "source", "people", "score", "snippet",
                "spans"):
        assert key in hit
    for start, end in hit["spans"]:
        assert hit["snippet"][start:end].lower().startswith(("strike", "budget"))


def test_search_jsonl_tsv_paths(built):
    jsonl = run("search", "strike OR budget", "--index", built, "--format", "jsonl")
    records = [json.loads(line) for line in jsonl.output.splitlines()]
    assert len(records) == 2 and {r["path"] for r in records} == {"alpha.txt", "beta.txt"}
    tsv = run("search", "strike", "--index", built, "--format", "tsv",
              "--fields", "path,headline,people")
    assert tsv.output.splitlines() == [
        "path\theadline\tpeople",
        "alpha.txt\tDockers vote to end the port strike\tMarta Kowalski; Tomas Brandt"]
    paths = run("search", "strike OR budget", "--index", built, "--format", "paths",
                "--sort", "oldest")
    assert paths.output.splitlines() == ["beta.txt", "alpha.txt"]


def test_no_hits_exit_1_and_bad_query_exit_2(built):
    none = run("search", "zebra", "--index", built)
    assert none.exit_code == 1
    bad = run("search", '"unclosed', "--index", built)
    assert bad.exit_code == 2
    assert bad.output.strip().splitlines() == [
        "Error: unbalanced quote: the '\"' at column 1 is never closed"]


def test_no_index_says_how_to_build_it(tmp_path):
    result = run("search", "putin", "--index", tmp_path / "none")
    assert result.exit_code == 2
    assert "no index at" in result.output and "newsindex index" in result.output


def test_index_command_summary(corpus, tmp_path):
    result = run("index", "--corpus", corpus, "--index", tmp_path / "ix", "--jobs", "1")
    assert result.exit_code == 0
    assert result.output.startswith("added 3, updated 0, removed 0, unchanged 0, failed 0")
    again = run("index", "--corpus", corpus, "--index", tmp_path / "ix", "--format", "json")
    assert json.loads(again.output)["unchanged"] == 3


def test_index_env_defaults(corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSINDEX_CORPUS", str(corpus))
    monkeypatch.setenv("NEWSINDEX_INDEX", str(tmp_path / "envix"))
    assert run("index", "--jobs", "1").exit_code == 0
    assert run("search", "strike").exit_code == 0


def test_extract_seed_record():
    result = run("extract", SEED, "--format", "json")
    assert result.exit_code == 0
    record = json.loads(result.output)
    assert record["headline"] == "Kim tells Putin deepening ties is 'number one priority'"
    assert record["source"] == "Dhaka Tribune"
    assert record["published"].startswith("2023-09-13")
    assert record["path"] == str(SEED)


def test_extract_jsonl_reports_failures_and_goes_on(tmp_path):
    bad = tmp_path / "bad.html.gz"
    bad.write_bytes(b"not gzip")
    result = CliRunner().invoke(cli, ["extract", str(bad), str(SEED), "--format", "jsonl"])
    assert result.exit_code == 0  # the records carry the errors (evaluate.py reads them)
    assert result.stderr == '1 page(s) failed: see their "error" fields\n'
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["path"] == str(bad) and first["error"]
    assert second["path"] == str(SEED) and "error" not in second


def test_show_by_id_and_path(built):
    hit = json.loads(run("search", "turbines", "--index", built, "--format", "json").output)
    art_id = hit["hits"][0]["id"]
    by_id = run("show", art_id, "--index", built)
    by_path = run("show", "gamma.txt", "--index", built)
    assert by_id.output == by_path.output
    assert by_id.output.startswith("Wind turbines approved for the northern coast\n")
    assert "Fishermen said they would appeal" in by_id.output
    assert run("show", "nope", "--index", built).exit_code == 1


@pytest.mark.parametrize("args", [["search"], ["search", "x", "--limit", "-1"],
                                  ["search", "x", "--format", "xml"]])
def test_usage_errors_exit_2(args, built):
    assert run(*args, "--index", built).exit_code == 2


def test_help_does_not_import_lxml_or_whoosh():
    import subprocess
    import sys

    code = ("import sys; from indexer.cli import cli; "
            "sys.argv=['newsindex','--help']\n"
            "try: cli.main(prog_name='newsindex')\n"
            "except SystemExit: pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('lxml','whoosh','bs4')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_shell_completion_script_and_candidates():
    import os
    import subprocess
    import sys

    env = dict(os.environ, _NEWSINDEX_COMPLETE="bash_source")
    script = subprocess.run([sys.executable, "-m", "indexer"], env=env, capture_output=True,
                            text=True, check=True).stdout
    assert "_newsindex_completion" in script and "complete " in script
    env = dict(os.environ, _NEWSINDEX_COMPLETE="bash_complete", COMP_WORDS="newsindex sea",
               COMP_CWORD="1")
    out = subprocess.run([sys.executable, "-m", "indexer"], env=env, capture_output=True,
                         text=True, check=True).stdout
    assert "plain,search" in out.splitlines()
