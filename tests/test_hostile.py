"""Hostile and broken pages: every one is indexed sensibly or reported as failed with a reason,
the run completes, nothing is fetched, the corpus is never written, memory stays bounded and
no terminal escape from a page reaches the terminal.

The pages are generated here, in tmp folders (nothing hostile is committed). Indexing runs in a
subprocess with a timeout, so that a hang is a failure and not a stuck test run.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import random
import socket
import stat
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path

import pytest

from indexer.search import open_archive

ROOT = Path(__file__).resolve().parents[1]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

PARA = ("The harbour council met on Tuesday to discuss the new ferry timetable for the winter "
        "season, and the mayor said the changes would take effect in December. ")


def article(headline: str, words: str = "", paras: int = 4, head: str = "") -> str:
    body = "".join(f"<p>{PARA}{words}</p>\n" for _ in range(paras))
    return (f"<!DOCTYPE html><html><head>{head}<title>{headline}</title></head><body>"
            f"<nav><a href='/'>Home</a></nav><article><h1>{headline}</h1>{body}</article>"
            "<footer>Copyright</footer></body></html>")


BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
 <!ENTITY xxe SYSTEM "{url}xxe.txt">
 <!ENTITY % remote SYSTEM "{url}remote.dtd">
 %remote;
]>
<html><body><article><h1>Entity bomb lolwords</h1><p>&lol9; &xxe;</p><p>{para}</p></article></body></html>
"""

ESCAPES = ("\x1b[2J", "\x1b]0;pwned\x07", "\x1b[31m", "\x9b31m", "\x07", "\x1bP+q\x1b\\")


class Listener:
    """A local TCP server that records whoever connects: pages point their resources here."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/"
        self.connections = 0
        self.stopping = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stopping:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.stopping = True
        self.thread.join(5)
        self.sock.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def remote_refs(url: str) -> str:
    """Every way an HTML page can point at something to fetch."""
    return (f'<link rel="stylesheet" href="{url}style.css"><script src="{url}app.js"></script>'
            f'<base href="{url}"><meta http-equiv="refresh" content="30; url={url}refresh">'
            f'<style>@import url("{url}import.css");</style>')


def build_hostile(folder: Path, url: str) -> dict[str, str]:
    """Write the hostile corpus; returns {relpath: expected outcome} where the outcome is
    "indexed", "failed" or "either" (indexed or failed, as long as the run goes on)."""
    folder.mkdir(parents=True)
    expect: dict[str, str] = {}

    def put(name: str, data: bytes | str, outcome: str) -> Path:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        expect[name] = outcome
        return path

    rng = random.Random(1)
    put("ok.html", article("Ferry timetable approved"), "indexed")
    put("empty.html", b"", "failed")
    put("blank.txt", b" \n\t\n", "failed")
    put("junk.html", bytes(rng.randrange(256) for _ in range(30000)), "failed")
    put("png-named.html", b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(5000)),
        "failed")
    put("truncated.html.gz", gzip.compress(article("Truncated gzip").encode())[:200], "failed")
    put("not-gzip.html.gz", article("Plain bytes named gz").encode(), "failed")
    # gzip bomb: 200 MB of zeros in about 200 KB, stopped at the page size limit
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"\0" * (1 << 20)
    put("bomb.html.gz", b"".join([z.compress(chunk) for _ in range(200)] + [z.flush()]), "failed")

    # unreadable in ways that work for root too: a FIFO (reading would block forever), a
    # dangling symlink, a symlink loop, a symlink to a folder; a directory named like a page
    os.mkfifo(folder / "fifo.html")
    expect["fifo.html"] = "failed"
    (folder / "dangling.html").symlink_to(folder / "nowhere.html")
    expect["dangling.html"] = "failed"
    (folder / "loop-a.html").symlink_to(folder / "loop-b.html")
    (folder / "loop-b.html").symlink_to(folder / "loop-a.html")
    expect["loop-a.html"] = expect["loop-b.html"] = "failed"
    (folder / "folder.html").mkdir()
    put("folder.html/inside.html", article("Inside a folder named like a page"), "indexed")
    (folder / "sub").mkdir()
    (folder / "sub" / "loop").symlink_to(folder)  # a folder loop: never followed
    (folder / "sub" / "up.html").symlink_to(folder / "ok.html")  # symlinked file: read
    expect["sub/up.html"] = "indexed"
    if not IS_ROOT:
        locked = put("locked.html", article("Locked page"), "failed")
        locked.chmod(0)

    put("deep.html", "<html><body>" + "<div>" * 100_000 + PARA + "</div>" * 100_000
        + "</body></html>", "either")
    put("deep-after-article.html", "<html><body><h1>Deep nesting follows the story</h1>"
        f"<p>{PARA}</p><p>{PARA}</p>" + "<div><span>" * 100_000 + "</body></html>", "indexed")
    # an h1 of "?" marks ("Beginner?s Guide" is mended from a meta title: each mark is a
    # wildcard) against a long title: matching must not go exponential
    put("wildcard-h1.html", article("a" * 300 + "b").replace(
        "<h1>" + "a" * 300 + "b", "<h1>" + "a?" * 150 + "a", 1), "indexed")
    # a title of endless site-like parts: stripping them recursed once per part (a
    # RecursionError, holding a copy of the title per level)
    put("title-domains.html", article("Ferry timetable approved").replace(
        "<title>Ferry timetable approved", "<title>Ferry timetable approved" + " | a.com" * 200_000,
        1), "indexed")
    # a title of endless short " | x" labels and no h1: cutting them went quadratic
    put("title-labels.html", article("Ferry timetable approved").replace(
        "<title>Ferry timetable approved", "<title>Ferry labels approved" + " | x" * 200_000, 1
        ).replace("<h1>Ferry timetable approved</h1>", ""), "indexed")
    # thousands of logo h1s and a long title: each logo's name was stripped from each title
    put("logo-h1s.html", article("Ferry timetable approved").replace(
        "<title>Ferry timetable approved", "<title>Ferry timetable approved - " + "y" * 500_000, 1
        ).replace("</article>", "".join(f'<h1 class="logo">Site {i}</h1>' for i in range(20_000))
                  + "</article>"), "indexed")
    # one container of paragraphs and then thousands of one-link lines: the links below the
    # container were counted again for each line
    put("link-lines.html", "<html><body><article><h1>Ferry link lines</h1><div>"
        + "".join(f"<p>{PARA} {i}</p>" for i in range(5))
        + "".join(f"<a href='/p{i}'>Ward {i} office</a><p></p>" for i in range(100_000))
        + "</div></article></body></html>", "indexed")
    # a class attribute of megabytes on the boxes holding the paragraphs: it was read and
    # hashed again for each paragraph below it
    put("long-class.html", "<html><body><h1>Ferry long class</h1><div class='widget "
        + "x" * 6_500_000 + "'>" + f"<p>{PARA}</p>" * 9000 + "</div><div class='widget'>"
        + f"<p>{PARA}</p>" * 9000 + "</div></body></html>", "indexed")
    put("bad-utf8.html", article("Zürich café reopens").encode().replace(
        b"ferry", b"fe\xff\xfe\xc3rry"), "indexed")
    put("utf16-bom.html", b"\xff\xfe" + article("Zürich utf-sixteen ferry").encode("utf-16-le"),
        "indexed")
    put("utf16be-bom.html", b"\xfe\xff" + article("Bigendian ferry").encode("utf-16-be"),
        "indexed")
    put("cp1252.html", article("Caf\u00e9 \u201cquotes\u201d cost \u20ac5").encode("cp1252"),
        "indexed")
    put("wrong-charset.html", article(
        "Łódź mislabelled", head='<meta charset="shift_jis">').encode(), "indexed")
    put("declared-utf8-is-cp1252.html", article(
        "Crème brûlée declared", head='<meta charset="utf-8">').encode("cp1252"), "indexed")
    put("nul.html", article("Null\x00bytes here", words="nul\x00 " * 20).encode()
        + b"\x00" * 64, "indexed")
    put("entity-bomb.html", BOMB.format(url=url, para=PARA), "either")
    put("network.html", article("Remote references", head=remote_refs(url)) + (
        f'<img src="{url}img.png"><iframe src="{url}frame"></iframe>'
        f'<object data="{url}obj"></object><svg><image href="{url}svg.png"/></svg>'
        f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{url}xi.xml"/>'),
        "indexed")
    put("xxe.html", f'<?xml version="1.0"?><!DOCTYPE html SYSTEM "{url}doctype.dtd">'
        + article("External doctype"), "indexed")
    escape_words = "".join(ESCAPES)
    put("escapes.html", article(
        f"Escape{ESCAPES[0]}sequences{ESCAPES[1]}headline",
        words=f"terminal {escape_words} mischief <script>document.title='{ESCAPES[0]}'</script>"),
        "indexed")
    # character references to controls survive parsing (see the report): only the output
    # is checked for this one
    put("escapes-entities.html", article(
        "Entity &#27;[31mescapes&#27;[0m", words="mischief &#27;[2J &#x1b;]0;entity&#7; &#155;31m"),
        "indexed")
    put("escapes.txt", "Friday, November 27, 2026\n\n\nHarbour Ledger\n\nTerminal"
        f"{escape_words} mischief in a text capture\n\n{PARA}\n\n{PARA}\n", "indexed")
    put("script-only.html", "<html><head><script>var body = 'ferry ' + 'x'.repeat(10);"
        "</script></head><body><script>document.write('<p>ferry</p>')</script></body></html>",
        "failed")
    put("redirect-meta.html", '<html><head><meta http-equiv="refresh" content="0; '
        'url=https://example.com/story"></head><body></body></html>', "failed")
    put("redirect-js.html", "<html><head><script>window.location.replace("
        "'https://example.com/story')</script></head><body></body></html>", "failed")
    return expect


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every entry's type, bytes (regular files) or target (symlinks), mode and mtime."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = Path(dirpath, name)
            st = path.lstat()
            if stat.S_ISLNK(st.st_mode):
                content = os.readlink(path)
            elif stat.S_ISREG(st.st_mode) and st.st_mode & 0o444:
                content = path.read_bytes()
            else:
                content = None
            found[str(path.relative_to(folder))] = (stat.S_IFMT(st.st_mode), content,
                                                     st.st_mode, st.st_mtime_ns)
    return found


def newsindex(*args: object, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "indexer", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


def test_hostile_corpus_is_indexed_or_reported(tmp_path, listener):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    expect = build_hostile(corpus, listener.url)
    before = snapshot(corpus)

    result = newsindex("index", "--corpus", corpus, "--index", index_dir, "--format", "json",
                       "--jobs", 2, timeout=120)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    failed = {f["path"]: f["reason"] for f in summary["failed"]}
    with open_archive(index_dir) as archive:
        records = {a.path: a for a in archive.store.articles()}
        ids = {doc["id"] for doc in archive.searcher.all_stored_fields()}
        indexed = {path: a for path, a in records.items() if a.id in ids}

    for name, outcome in expect.items():
        assert not (name in failed and name in indexed), name
        assert name in failed or name in indexed, f"{name} is neither indexed nor reported"
        if outcome == "failed":
            assert failed.get(name), f"{name} should fail with a reason"
        elif outcome == "indexed":
            assert name in indexed, f"{name} failed: {failed.get(name)} (all failures: {failed})"
    assert set(indexed) | set(failed) == set(expect)
    assert summary["added"] == len(indexed)

    # the reasons say what is wrong
    assert "empty" in failed["empty.html"]
    assert "binary" in failed["junk.html"] and "binary" in failed["png-named.html"]
    assert "gzip" in failed["truncated.html.gz"] and "gzip" in failed["not-gzip.html.gz"]
    assert "larger than" in failed["bomb.html.gz"]
    assert "regular file" in failed["fifo.html"]
    assert "symbolic links" in failed["loop-a.html"]

    # and what is indexed is sensible
    for rec in records.values():
        if rec.path == "escapes-entities.html":
            continue
        for text in (rec.headline, rec.body, rec.source or ""):
            assert not any(c in text for c in "\x00\x1b\x07"), (rec.path, text[:200])
            assert len(text) < 100_000, rec.path
    assert records["bad-utf8.html"].headline == "Zürich café reopens"
    assert "Zürich" in records["utf16-bom.html"].headline
    assert records["utf16be-bom.html"].headline == "Bigendian ferry"
    assert records["cp1252.html"].headline == "Café “quotes” cost €5"
    assert records["wrong-charset.html"].headline == "Łódź mislabelled"
    assert records["declared-utf8-is-cp1252.html"].headline == "Crème brûlée declared"
    assert records["nul.html"].headline == "Nullbytes here"
    assert "Deep nesting" in records["deep-after-article.html"].headline
    assert records["title-domains.html"].headline == "Ferry timetable approved"
    assert records["title-labels.html"].headline == "Ferry labels approved"
    assert records["logo-h1s.html"].headline == "Ferry timetable approved"
    assert "[2J" not in records["escapes.html"].body and "pwned" not in records["escapes.html"].body
    assert records["escapes.html"].headline == "Escapesequencesheadline"
    if "entity-bomb.html" in records:
        assert "lollol" not in records["entity-bomb.html"].body

    assert listener.connections == 0, "a page made the indexer connect to a server"
    assert snapshot(corpus) == before, "the corpus was written"


def test_no_page_escape_reaches_search_output(tmp_path, listener):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    build_hostile(corpus, listener.url)
    for name in list(os.listdir(corpus)):
        if not name.startswith("escapes"):
            path = corpus / name
            if path.is_dir() and not path.is_symlink():
                continue
            path.unlink()
    assert newsindex("index", "--corpus", corpus, "--index", index_dir).returncode == 0
    for args in (["--color", "never"], ["--color", "always"], ["--format", "tsv"],
                 ["--format", "paths"], ["--facets"]):
        result = newsindex("search", "mischief", "--index", index_dir, *args)
        assert result.returncode == 0, result.stderr
        assert "escapes" in result.stdout
        shown = result.stdout + result.stderr
        if "always" not in args:
            assert not any(c in shown for c in "\x1b\x9b\x07"), (args, shown)
        for seq in ESCAPES:
            assert seq not in shown, (args, shown)
        assert "pwned" not in shown
    result = newsindex("show", "escapes.html", "--index", index_dir)
    assert result.returncode == 0 and not any(c in result.stdout for c in "\x1b\x9b\x07")


@pytest.mark.skipif(not IS_ROOT, reason="needs root to show that chmod 000 is no obstacle")
def test_chmod_000_as_root_is_still_read(tmp_path):
    # Root reads a chmod 000 file: the unreadable cases above use a FIFO, a dangling symlink
    # and a symlink loop instead, which fail for everyone.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    page = corpus / "locked.html"
    page.write_text(article("Locked page"))
    page.chmod(0)
    result = newsindex("index", "--corpus", corpus, "--index", tmp_path / "index", "--format", "json")
    assert result.returncode == 0 and json.loads(result.stdout)["added"] == 1


@pytest.mark.skipif(IS_ROOT, reason="root can read a chmod 000 file (see test_chmod_000_as_root)")
def test_chmod_000_is_reported(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ok.html").write_text(article("Open page"))
    page = corpus / "locked.html"
    page.write_text(article("Locked page"))
    page.chmod(0)
    result = newsindex("index", "--corpus", corpus, "--index", tmp_path / "index", "--format", "json")
    summary = json.loads(result.stdout)
    assert summary["added"] == 1
    assert [f["path"] for f in summary["failed"]] == ["locked.html"]
    assert "ermission" in summary["failed"][0]["reason"]


RSS_PROBE = """
import json, resource, subprocess, sys
proc = subprocess.run([sys.executable, "-m", "indexer", *sys.argv[1:]], capture_output=True,
                      text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KB on Linux
print(json.dumps({"code": proc.returncode, "out": proc.stdout, "err": proc.stderr,
                  "peak_kb": peak}))
"""


@pytest.mark.slow
def test_50_mb_page_stays_under_1_gb(tmp_path, listener):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    para = f"<p>{PARA}</p>\n".encode()
    big = corpus / "big.html"
    with open(big, "wb") as fh:
        fh.write(b"<html><head><title>Enormous page</title></head><body><article>"
                 b"<h1>Enormous page</h1>")
        for _ in range(50 * (1 << 20) // len(para) + 1):
            fh.write(para)
        fh.write(b"</article></body></html>")
    (corpus / "ok.html").write_text(article("Ferry timetable approved"))
    assert big.stat().st_size > 50 * (1 << 20)
    before = snapshot(corpus)
    # a separate probe process, so that RUSAGE_CHILDREN counts only this indexer
    probe = subprocess.run([sys.executable, "-c", RSS_PROBE, "index", "--corpus", str(corpus),
                            "--index", str(tmp_path / "index"), "--format", "json", "--jobs", "1"],
                           cwd=ROOT, capture_output=True, text=True, timeout=300)
    report = json.loads(probe.stdout)
    assert report["code"] == 0, report["err"]
    summary = json.loads(report["out"])
    assert summary["added"] + len(summary["failed"]) == 2 and summary["added"] >= 1
    peak_mb = report["peak_kb"] / 1024
    print(f"peak RSS indexing a 50 MB page: {peak_mb:.0f} MB; failed: {summary['failed']}")
    assert peak_mb < 1024
    assert snapshot(corpus) == before
    assert listener.connections == 0


@pytest.mark.slow
def test_50_mb_capture_of_mojibake_stays_under_1_gb(tmp_path):
    # double-encoded UTF-8 in every word: the repair listed each sequence it found (1.7 GB)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    line = "\u00c3\u00a9\u00c3\u00a8 " * 30 + "\n\n"
    with open(corpus / "mojibake.txt", "w", encoding="utf-8") as fh:
        fh.write("Friday, November 27, 2026\n\n\nHarbour Ledger\n\nCaf\u00c3\u00a9 owners\n\n")
        for _ in range(50 * (1 << 20) // len(line.encode()) + 1):
            fh.write(line)
    probe = subprocess.run([sys.executable, "-c", RSS_PROBE, "index", "--corpus", str(corpus),
                            "--index", str(tmp_path / "index"), "--format", "json", "--jobs", "1"],
                           cwd=ROOT, capture_output=True, text=True, timeout=300)
    report = json.loads(probe.stdout)
    assert report["code"] == 0, report["err"]
    assert json.loads(report["out"])["added"] == 1
    peak_mb = report["peak_kb"] / 1024
    print(f"peak RSS indexing a 50 MB capture of mojibake: {peak_mb:.0f} MB")
    assert peak_mb < 1024


def test_a_page_that_never_finishes_is_given_up(tmp_path, monkeypatch):
    from indexer import build
    from indexer.config import settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ok.html").write_text(article("Ferry timetable approved"))
    (corpus / "endless.html").write_text(article("Endless page"))
    real = build.scrape

    def scrape(data, relpath, **kwargs):
        while relpath == "endless.html":  # an extractor stuck in a loop, catching everything
            with contextlib.suppress(Exception):
                time.sleep(0.01)
        return real(data, relpath, **kwargs)

    monkeypatch.setattr(build, "scrape", scrape)
    monkeypatch.setitem(settings(), "page_timeout_seconds", 0.5)
    summary = build.update_index(corpus, tmp_path / "index", jobs=1)
    assert summary.added == 1
    assert summary.failed == [("endless.html", "took more than 0.5 s to scrape")]
