#!/usr/bin/env python3
"""Benchmark newsindex against what a user would otherwise use, side by side in one run.

Generates a deterministic corpus of raw news pages with ``../shared/tools/make_corpus.py``
(``shared/`` must sit beside the repository), then measures:

1. ingest (raw pages -> searchable index), pages/s: ``newsindex index --rebuild`` with the
   default worker count and with ``--jobs 1``, against a naive baseline (one process,
   BeautifulSoup ``get_text``, one Whoosh writer, one commit); peak RSS of each;
2. a no-op re-index and adding 100 new pages (``make_corpus.py --start``), seconds;
3. query latency as the user feels it: ``newsindex search`` as a fresh process against
   ``rg -i -l -F`` and ``grep -ril``, plus in-process ``Archive.search`` p50/p95 with snippets;
4. batch throughput with snippets: ``indexer.batch.run_batch`` in-process and
   ``newsindex batch FILE``, against one CLI call per query (extrapolated from a sample);
5. sizes: the index folder against the corpus and the extracted text.

    python scripts/bench.py                       # 20,000 pages, ~15-25 min on 2 cores
    python scripts/bench.py --quick               # 1,000 pages smoke run, ~1-2 min
    python scripts/bench.py --pages 100000        # optional scale row (slow, ~9 GB corpus)
    python scripts/bench.py --json bench.json --workdir /tmp/newsindex-bench

The corpus is kept in the work folder and reused when it matches (--pages, --seed); pages
added for the add-100 test are removed again at the end. Exit status: 0 measured (targets
missed are reported, not fatal), 2 usage error (e.g. ../shared missing).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
MAKE_CORPUS = SHARED / "tools" / "make_corpus.py"
NEWS_DATA = SHARED / "data" / "news"
QUERY_FILE = Path(__file__).with_name("bench_queries.txt")
PAGE_SUFFIXES = (".html", ".htm", ".txt", ".html.gz", ".htm.gz", ".txt.gz")

# name: (comparison, threshold, unit) -- printed beside each figure
TARGETS = {
    "ingest_pages_per_s": (">=", 150.0, "pages/s"),
    "ingest_vs_baseline": (">=", 2.5, "x"),
    "noop_s": ("<=", 1.0, "s"),
    "add100_s": ("<=", 5.0, "s"),
    "cli_search_s": ("<=", 0.3, "s"),
    "inproc_p95_ms": ("<=", 50.0, "ms"),
    "batch_qps": (">=", 300.0, "q/s"),
    "index_vs_text": ("<=", 1.5, "x"),
    "peak_rss_mb": ("<=", 1024.0, "MB"),
}


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- processes

def _tree_rss_kb(root: int) -> int:
    """Sum of VmRSS over ``root`` and all its descendants (Linux /proc), in KiB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        try:
            with open(f"/proc/{pid}/stat", "rb") as fh:
                stat = fh.read()
            ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
            with open(f"/proc/{pid}/statm", "rb") as fh:
                rss[pid] = int(fh.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(pid)
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def busy_cpu_s() -> float:
    """CPU seconds the whole machine has been busy (all processes, all cores), from /proc/stat."""
    try:
        with open("/proc/stat") as fh:
            fields = [int(x) for x in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return float("nan")
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def run(cmd: list[str], *, sample_rss: bool = False, stdout=subprocess.DEVNULL,
        cwd: Path | None = None, check: bool = True, ok_codes=(0,)) -> dict:
    """Run ``cmd``; wall seconds, peak RSS of its largest process (wait4 rusage, which covers
    reaped descendants like RUSAGE_CHILDREN) and, with ``sample_rss``, the peak of the sum
    over its whole process tree (sampled every 0.25 s)."""
    busy0, self0 = busy_cpu_s(), time.process_time()
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, cwd=cwd)
    peak_tree = [0]
    stop = threading.Event()
    if sample_rss:
        def sampler() -> None:
            while not stop.is_set():
                with contextlib.suppress(Exception):
                    peak_tree[0] = max(peak_tree[0], _tree_rss_kb(proc.pid))
                stop.wait(0.25)
        thread = threading.Thread(target=sampler, daemon=True)
        thread.start()
    err = proc.stderr.read() if proc.stderr else b""
    out = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    stop.set()
    cpu = usage.ru_utime + usage.ru_stime
    # CPU that other processes on the machine used meanwhile (contention on a small box)
    other = busy_cpu_s() - busy0 - cpu - (time.process_time() - self0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if check and proc.returncode not in ok_codes:
        sys.exit(f"bench: command failed ({proc.returncode}): {' '.join(map(str, cmd))}\n"
                 f"{err.decode(errors='replace')[-2000:]}")
    return {"wall_s": wall, "cpu_s": cpu, "other_cpu_s": max(other, 0.0),
            "maxrss_mb": usage.ru_maxrss / 1024, "tree_peak_mb": peak_tree[0] / 1024,
            "returncode": proc.returncode, "stderr": err.decode(errors="replace"),
            "stdout": out.decode(errors="replace")}


def newsindex_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("newsindex")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("newsindex")
    return [found] if found else [sys.executable, "-m", "indexer"]


def dir_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


# --------------------------------------------------------------------------- corpus

def ensure_corpus(workdir: Path, pages: int, seed: int) -> tuple[Path, Path, float | None]:
    """The benchmark corpus and its truth file, generated unless a matching one is there."""
    corpus = workdir / f"corpus-{pages}-s{seed}"
    truth = workdir / f"truth-{pages}-s{seed}.jsonl"
    marker = corpus / ".bench-corpus.json"
    want = {"pages": pages, "seed": seed}
    remove_added_pages(workdir, corpus)
    if marker.is_file() and truth.is_file():
        with contextlib.suppress(ValueError):
            if json.loads(marker.read_text()) == want:
                log(f"reusing corpus {corpus}")
                return corpus, truth, None
    shutil.rmtree(corpus, ignore_errors=True)
    log(f"generating {pages} pages into {corpus} (make_corpus.py, ~1.5 s per 1000 pages)")
    started = time.perf_counter()
    subprocess.run([sys.executable, str(MAKE_CORPUS), "--out", str(corpus), "--pages", str(pages),
                    "--seed", str(seed), "--truth", str(truth), "--quiet"], check=True)
    marker.write_text(json.dumps(want))
    return corpus, truth, time.perf_counter() - started


def remove_added_pages(workdir: Path, corpus: Path) -> None:
    """Delete pages an add-100 step wrote (listed in added-*.jsonl), restoring the corpus."""
    for listing in sorted(workdir.glob("added-*.jsonl")):
        for line in listing.read_text(encoding="utf-8").splitlines():
            with contextlib.suppress(ValueError, OSError):
                (corpus / json.loads(line)["path"]).unlink(missing_ok=True)
        listing.unlink()


def corpus_files(corpus: Path) -> list[Path]:
    files = []
    for dirpath, dirnames, filenames in os.walk(corpus):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith(".") and name.lower().endswith(PAGE_SUFFIXES):
                files.append(Path(dirpath, name))
    return files


# --------------------------------------------------------------------------- baseline

def naive_baseline(corpus: Path, out: Path) -> dict:
    """What a user writes in an afternoon: one process, BeautifulSoup get_text over the whole
    page, one Whoosh writer, one commit. Schema like newsindex's core (id, path, headline,
    body) with Whoosh's stock StemmingAnalyzer."""
    import gzip

    from bs4 import BeautifulSoup
    from whoosh import fields, index
    from whoosh.analysis import StemmingAnalyzer

    schema = fields.Schema(
        path=fields.ID(stored=True, unique=True),
        headline=fields.TEXT(analyzer=StemmingAnalyzer(), stored=True),
        body=fields.TEXT(analyzer=StemmingAnalyzer()),
    )
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    ix = index.create_in(str(out), schema)
    writer = ix.writer()
    count = 0
    for path in corpus_files(corpus):
        opener = gzip.open if path.name.lower().endswith(".gz") else open
        with opener(path, "rb") as fh:
            data = fh.read()
        if ".txt" in path.name.lower():
            text = data.decode("utf-8", "replace")
            headline = next((line.strip() for line in text.splitlines() if line.strip()), "")
        else:
            soup = BeautifulSoup(data, "lxml")
            h1 = soup.find("h1") or soup.title
            headline = h1.get_text(" ", strip=True) if h1 else ""
            text = soup.get_text(" ")
        writer.add_document(path=path.relative_to(corpus).as_posix(), headline=headline, body=text)
        count += 1
    writer.commit()
    return {"pages": count}


# --------------------------------------------------------------------------- queries

def latency_queries() -> list[str]:
    if not QUERY_FILE.is_file():
        sys.exit(f"bench: query file missing: {QUERY_FILE}")
    lines = [ln.strip() for ln in QUERY_FILE.read_text(encoding="utf-8").splitlines()]
    return [ln for ln in lines if ln and not ln.startswith("#")]


def as_newsindex_query(terms: str) -> str:
    return f'"{terms}"' if " " in terms else terms


_STOP = frozenset({"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have",
    "he", "her", "his", "in", "is", "it", "its", "of", "on", "or", "that", "the", "their", "they",
    "this", "to", "was", "were", "will", "with", "says", "said", "say", "new", "u.s.", "qtr",
    "net", "inc", "corp", "co", "mln", "pct", "dlr", "dlrs", "1st", "2nd", "3rd", "4th", "may",
    "up", "no"})


def batch_queries(truth: Path, n: int, seed: int = 0) -> list[str]:
    """``n`` deterministic queries drawn from the corpus headlines and people: single words,
    two-word ANDs, phrases and person names, the way users search an archive."""
    from indexer.errors import QueryError
    from indexer.query import parse_query
    from indexer.schema import build_schema

    rng = random.Random(seed)
    headlines, people = [], set()
    with open(truth, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            words = [w for w in re.findall(r"[a-z][a-z'-]{2,}", rec["headline"].lower())
                     if w not in _STOP]
            if words:
                headlines.append(words)
            people.update(p.replace("-", " ") for p in rec.get("people") or [])
    people_list = sorted(people)
    queries: list[str] = []
    schema = build_schema()

    def add(query: str) -> None:
        try:
            parse_query(query, schema)  # e.g. a stop word of Whoosh's list that _STOP lacks
        except QueryError:
            return
        queries.append(query)

    while len(queries) < n:
        roll = rng.random()
        words = rng.choice(headlines)
        if roll < 0.5 or len(words) < 2:
            add(rng.choice(words))
        elif roll < 0.8:
            a, b = rng.sample(words, 2)
            add(f"{a} {b}")
        elif roll < 0.9:
            i = rng.randrange(len(words) - 1)
            add(f'"{words[i]} {words[i + 1]}"')
        elif people_list:
            name = rng.choice(people_list)
            add(f'"{name}"' if " " in name else name)
    return queries


# --------------------------------------------------------------------------- benchmark

def bench(args) -> dict:
    ni = newsindex_cmd()
    workdir = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    results: dict = {"pages_requested": args.pages, "workdir": str(workdir), "repeat": args.repeat}
    t0 = time.perf_counter()

    corpus, truth, gen_s = ensure_corpus(workdir, args.pages, args.seed)
    files = corpus_files(corpus)
    n_pages = len(files)
    results["corpus"] = {"pages": n_pages, "bytes": sum(f.stat().st_size for f in files),
                         "generate_s": gen_s}
    index = workdir / "index"
    index_j1 = workdir / "index-jobs1"
    base_dir = workdir / "baseline-index"

    def ingest(name: str, cmd: list[str], ok=(0, 3)) -> dict:
        log(f"ingest: {name} ...")
        r = run(cmd, sample_rss=True, ok_codes=ok)
        out = {"seconds": r["wall_s"], "pages_per_s": n_pages / r["wall_s"],
               "cpu_s": r["cpu_s"], "cpu_ms_per_page": 1000 * r["cpu_s"] / n_pages,
               "other_processes_cpu_s": r["other_cpu_s"],
               "peak_rss_largest_process_mb": r["maxrss_mb"], "peak_rss_tree_mb": r["tree_peak_mb"]}
        log(f"  {name}: {r['wall_s']:.1f} s, {out['pages_per_s']:.1f} pages/s, "
            f"CPU {r['cpu_s']:.0f} s ({out['cpu_ms_per_page']:.1f} ms/page), "
            f"other processes' CPU {r['other_cpu_s']:.0f} s, peak RSS {r['maxrss_mb']:.0f} MB "
            f"(process) / {r['tree_peak_mb']:.0f} MB (tree)")
        return out

    # 1. ingest
    ing: dict = {}
    if not args.skip_baseline:
        ing["baseline"] = ingest("naive baseline (bs4 get_text + 1 Whoosh writer)",
                                 [sys.executable, str(Path(__file__).resolve()), "--_baseline",
                                  str(corpus), str(base_dir)], ok=(0,))
    default_jobs = os.cpu_count() or 1
    if not args.skip_jobs1 and default_jobs > 1:
        shutil.rmtree(index_j1, ignore_errors=True)
        ing["newsindex_jobs1"] = ingest("newsindex index --rebuild --jobs 1",
                                        [*ni, "index", "--corpus", str(corpus), "--index",
                                         str(index_j1), "--rebuild", "--jobs", "1"])
    shutil.rmtree(index, ignore_errors=True)
    ing["newsindex_default"] = ingest(f"newsindex index --rebuild (default: {default_jobs} jobs)",
                                      [*ni, "index", "--corpus", str(corpus), "--index", str(index),
                                       "--rebuild"])
    ing["default_jobs"] = default_jobs
    if "baseline" in ing:
        ing["ratio_vs_baseline"] = ing["newsindex_default"]["pages_per_s"] / ing["baseline"]["pages_per_s"]
        ing["cpu_ratio_baseline_vs_default"] = (ing["baseline"]["cpu_ms_per_page"]
                                                / ing["newsindex_default"]["cpu_ms_per_page"])
    results["ingest"] = ing

    # 5. sizes (before add-100 changes the index)
    from indexer.indexdir import STORE_FILE, WHOOSH_DIR, current_generation
    from indexer.store import RecordStore

    gen = current_generation(index)
    store = RecordStore(gen / STORE_FILE, readonly=True)
    text_bytes = articles = 0
    for art in store.articles():
        text_bytes += len(art.headline.encode("utf-8")) + len(art.body.encode("utf-8"))
        articles += 1
    failures = len(store.failures())
    store.close()
    sizes = {
        "corpus_bytes": results["corpus"]["bytes"],
        "index_bytes": dir_bytes(index),
        "whoosh_bytes": dir_bytes(gen / WHOOSH_DIR),
        "store_bytes": sum(p.stat().st_size for p in gen.glob(STORE_FILE + "*")),
        "extracted_text_bytes": text_bytes,
        # a segment is one .trm (separate files) or one .seg (an older compound segment)
        "whoosh_segments": len([f for f in (gen / WHOOSH_DIR).iterdir()
                                if f.suffix in (".trm", ".seg")]),
        "articles": articles,
        "failed_pages": failures,
    }
    if "baseline" in ing and base_dir.exists():
        sizes["baseline_index_bytes"] = dir_bytes(base_dir)
    sizes["index_vs_text"] = sizes["index_bytes"] / max(text_bytes, 1)
    sizes["whoosh_vs_text"] = sizes["whoosh_bytes"] / max(text_bytes, 1)
    sizes["index_vs_corpus"] = sizes["index_bytes"] / max(sizes["corpus_bytes"], 1)
    results["size"] = sizes
    if not args.keep:
        shutil.rmtree(base_dir, ignore_errors=True)
        shutil.rmtree(index_j1, ignore_errors=True)

    # 2a. no-op re-index
    log("no-op re-index ...")
    noop = [run([*ni, "index", "--corpus", str(corpus), "--index", str(index)])["wall_s"]
            for _ in range(args.repeat)]
    results["noop"] = {"runs_s": noop, "median_s": statistics.median(noop)}
    log(f"  no-op: median {statistics.median(noop):.2f} s")

    # 3. query latency
    queries = latency_queries()
    rg = shutil.which("rg")
    lat: dict = {"queries": queries, "ripgrep": bool(rg)}
    log(f"query latency: {len(queries)} queries, fresh processes ...")
    run([*ni, "search", "--index", str(index), "warmup"], ok_codes=(0, 1))
    cli, rg_t, grep_t = [], [], []
    for q in queries:
        cli.append(run([*ni, "search", "--index", str(index), "--color", "never",
                        as_newsindex_query(q)], ok_codes=(0, 1))["wall_s"])
        if rg:
            rg_t.append(run([rg, "-i", "-l", "-F", "--no-ignore", "--", q, str(corpus)],
                            ok_codes=(0, 1))["wall_s"])
        if not args.skip_grep:
            grep_t.append(run(["grep", "-r", "-i", "-l", "-F", "--", q, str(corpus)],
                              ok_codes=(0, 1))["wall_s"])
    lat["newsindex_cli"] = {"median_s": statistics.median(cli), "p95_s": pct(cli, 0.95),
                            "runs_s": cli}
    lat["rg"] = ({"median_s": statistics.median(rg_t), "p95_s": pct(rg_t, 0.95), "runs_s": rg_t}
                 if rg_t else None)
    lat["grep"] = ({"median_s": statistics.median(grep_t), "p95_s": pct(grep_t, 0.95),
                    "runs_s": grep_t} if grep_t else None)
    log(f"  newsindex search: median {lat['newsindex_cli']['median_s']:.3f} s; "
        + (f"rg: {lat['rg']['median_s']:.3f} s" if lat["rg"] else "rg: not installed")
        + (f"; grep: {lat['grep']['median_s']:.3f} s" if lat["grep"] else ""))

    # 3b/4. in-process search and batch
    from indexer.batch import run_batch
    from indexer.search import open_archive

    bq = batch_queries(truth, args.batch)
    bfile = workdir / "batch-queries.txt"
    bfile.write_text("\n".join(bq) + "\n", encoding="utf-8")
    started = time.perf_counter()
    archive = open_archive(index)
    open_s = time.perf_counter() - started
    for q in queries:  # warm-up: caches of the searcher, the store and index_form
        archive.search(as_newsindex_query(q))
    per_q, totals = [], []
    for q in bq:
        s = time.perf_counter()
        res = archive.search(q)
        per_q.append((time.perf_counter() - s) * 1000)
        totals.append(res.total)
    lat["inprocess"] = {"open_archive_s": open_s, "p50_ms": pct(per_q, 0.5),
                        "p95_ms": pct(per_q, 0.95), "p99_ms": pct(per_q, 0.99),
                        "max_ms": max(per_q), "queries": len(per_q),
                        "median_total_hits": statistics.median(totals),
                        "zero_hit_queries": sum(1 for t in totals if t == 0)}
    log(f"  in-process: p50 {lat['inprocess']['p50_ms']:.1f} ms, p95 {lat['inprocess']['p95_ms']:.1f} ms")
    results["latency"] = lat

    log(f"batch: {len(bq)} queries with snippets ...")
    inproc = []
    for _ in range(args.repeat):
        s = time.perf_counter()
        records = list(run_batch(archive, bq, limit=10))
        inproc.append(time.perf_counter() - s)
    errors = sum(1 for r in records if r["error"])
    archive.close()
    cli_batch = [run([*ni, "batch", "--index", str(index), str(bfile)], ok_codes=(0, 3))["wall_s"]
                 for _ in range(args.repeat)]
    cli_batch2 = [run([*ni, "batch", "--jobs", "2", "--index", str(index), str(bfile)],
                      ok_codes=(0, 3))["wall_s"] for _ in range(args.repeat)]
    per_call = lat["newsindex_cli"]["median_s"]
    results["batch"] = {
        "queries": len(bq), "errors": errors,
        "inprocess_s": statistics.median(inproc), "inprocess_qps": len(bq) / statistics.median(inproc),
        "cli_batch_s": statistics.median(cli_batch), "cli_batch_qps": len(bq) / statistics.median(cli_batch),
        "cli_batch_jobs2_qps": len(bq) / statistics.median(cli_batch2),
        "cli_per_query_s": per_call, "cli_per_query_qps": 1 / per_call,
        "cli_per_query_extrapolated_s": per_call * len(bq),
    }
    log(f"  batch: in-process {results['batch']['inprocess_qps']:.0f} q/s, "
        f"CLI batch {results['batch']['cli_batch_qps']:.0f} q/s, "
        f"CLI per query {1 / per_call:.1f} q/s")

    # 2b. add 100 pages (last: it grows the corpus; the pages are removed at the end)
    log("add 100 pages ...")
    add = []
    try:
        for k in range(args.repeat):
            listing = workdir / f"added-{k}.jsonl"
            subprocess.run([sys.executable, str(MAKE_CORPUS), "--out", str(corpus), "--pages", "100",
                            "--start", str(args.pages + 100 * k), "--seed", str(args.seed),
                            "--truth", str(listing), "--quiet"], check=True)
            r = run([*ni, "index", "--corpus", str(corpus), "--index", str(index), "--format", "json"],
                    stdout=subprocess.PIPE, ok_codes=(0, 3))
            add.append(r["wall_s"])
            summary = json.loads(r["stdout"])
            if summary["added"] != 100:
                log(f"  warning: add-100 step added {summary['added']} pages")
    finally:
        remove_added_pages(workdir, corpus)
    results["add100"] = {"runs_s": add, "median_s": statistics.median(add)}
    log(f"  add 100: median {statistics.median(add):.2f} s")
    # bring the index back in line with the restored corpus (not timed)
    run([*ni, "index", "--corpus", str(corpus), "--index", str(index)], ok_codes=(0, 3))

    results["total_s"] = time.perf_counter() - t0
    return results


# --------------------------------------------------------------------------- report

def figures(r: dict) -> list[tuple[str, str, float | None, str | None]]:
    """(label, formatted value, raw value, target key) rows of the table."""
    ing, size, lat, bat = r["ingest"], r["size"], r["latency"], r["batch"]
    d = ing["newsindex_default"]
    rows: list = [
        (f"ingest newsindex default ({ing['default_jobs']} jobs)", f"{d['pages_per_s']:.1f} pages/s "
         f"({d['seconds']:.0f} s)", d["pages_per_s"], "ingest_pages_per_s"),
    ]
    if "newsindex_jobs1" in ing:
        j = ing["newsindex_jobs1"]
        rows.append(("ingest newsindex --jobs 1", f"{j['pages_per_s']:.1f} pages/s ({j['seconds']:.0f} s)",
                     j["pages_per_s"], "ingest_pages_per_s"))
    if "baseline" in ing:
        b = ing["baseline"]
        rows.append(("ingest naive baseline (bs4+Whoosh, 1 proc)",
                     f"{b['pages_per_s']:.1f} pages/s ({b['seconds']:.0f} s)", None, None))
        rows.append(("ingest ratio newsindex default / baseline", f"{ing['ratio_vs_baseline']:.2f}x",
                     ing["ratio_vs_baseline"], "ingest_vs_baseline"))
        rows.append(("CPU per page, baseline / newsindex default",
                     f"{ing['cpu_ratio_baseline_vs_default']:.2f}x (contention-proof)", None, None))
    cpu_rows, rss_rows = [], []
    for key, label in (("newsindex_default", "default"), ("newsindex_jobs1", "--jobs 1"),
                       ("baseline", "baseline")):
        if key not in ing:
            continue
        x, ours = ing[key], key != "baseline"
        cpu_rows.append((f"ingest CPU {label} (user+sys, all its processes)",
                         f"{x['cpu_ms_per_page']:.1f} ms/page = {1000 / x['cpu_ms_per_page']:.0f} "
                         f"pages/CPU-s (others used {x['other_processes_cpu_s']:.0f} CPU-s "
                         f"in its {x['seconds']:.0f} s)", None, None))
        rss_rows.append((f"peak RSS {label} (process tree / largest process)",
                         f"{x['peak_rss_tree_mb']:.0f} / {x['peak_rss_largest_process_mb']:.0f} MB",
                         x["peak_rss_tree_mb"] if ours else None, "peak_rss_mb" if ours else None))
    rows += cpu_rows + rss_rows
    rows += [
        ("no-op re-index (median)", f"{r['noop']['median_s']:.2f} s", r["noop"]["median_s"], "noop_s"),
        ("add 100 pages (median)", f"{r['add100']['median_s']:.2f} s", r["add100"]["median_s"], "add100_s"),
        ("newsindex search, fresh process (median)", f"{lat['newsindex_cli']['median_s']:.3f} s "
         f"(p95 {lat['newsindex_cli']['p95_s']:.3f})", lat["newsindex_cli"]["median_s"], "cli_search_s"),
        ("rg -i -l -F over the corpus (median)", f"{lat['rg']['median_s']:.3f} s" if lat["rg"]
         else "n/a (install ripgrep)", None, None),
        ("grep -ril over the corpus (median)", f"{lat['grep']['median_s']:.3f} s" if lat["grep"]
         else "skipped", None, None),
        ("in-process search+snippets p50", f"{lat['inprocess']['p50_ms']:.1f} ms", None, None),
        ("in-process p99 / max (zero-hit queries: spelling suggestion)",
         f"{lat['inprocess']['p99_ms']:.0f} / {lat['inprocess']['max_ms']:.0f} ms "
         f"({lat['inprocess']['zero_hit_queries']} zero-hit)", None, None),
        ("in-process search+snippets p95", f"{lat['inprocess']['p95_ms']:.1f} ms",
         lat["inprocess"]["p95_ms"], "inproc_p95_ms"),
        (f"batch in-process run_batch ({bat['queries']} q)", f"{bat['inprocess_qps']:.0f} q/s",
         bat["inprocess_qps"], "batch_qps"),
        ("batch `newsindex batch FILE` (1 process)", f"{bat['cli_batch_qps']:.0f} q/s",
         bat["cli_batch_qps"], "batch_qps"),
        ("batch `newsindex batch --jobs 2 FILE`", f"{bat['cli_batch_jobs2_qps']:.0f} q/s "
         f"({bat['cli_batch_jobs2_qps'] * bat['cli_per_query_s']:.0f}x one CLI call per query)",
         bat["cli_batch_jobs2_qps"], "batch_qps"),
        ("CLI once per query (extrapolated)", f"{bat['cli_per_query_qps']:.1f} q/s "
         f"({bat['cli_per_query_extrapolated_s']:.0f} s per {bat['queries']})", None, None),
        ("corpus size", f"{size['corpus_bytes'] / 1e6:.0f} MB ({r['corpus']['pages']} pages)", None, None),
        ("extracted text (headline+body)", f"{size['extracted_text_bytes'] / 1e6:.1f} MB", None, None),
        ("index folder (whoosh + record store)", f"{size['index_bytes'] / 1e6:.1f} MB "
         f"(whoosh {size['whoosh_bytes'] / 1e6:.1f} in {size['whoosh_segments']} segments, "
         f"store {size['store_bytes'] / 1e6:.1f})", None, None),
        ("index / extracted text",
         f"{size['index_vs_text']:.2f}x (whoosh only {size['whoosh_vs_text']:.2f}x)",
         size["index_vs_text"], "index_vs_text"),
        ("index / corpus", f"{size['index_vs_corpus'] * 100:.1f} %", None, None),
    ]
    if "baseline_index_bytes" in size:
        rows.append(("baseline index folder", f"{size['baseline_index_bytes'] / 1e6:.1f} MB", None, None))
    return rows


def verdict(value: float | None, key: str | None) -> tuple[str, str]:
    if key is None or value is None:
        return "", ""
    op, limit, unit = TARGETS[key]
    ok = value >= limit if op == ">=" else value <= limit
    return f"{op} {limit:g} {unit}", "ok" if ok else "MISS"


def print_table(r: dict) -> list[dict]:
    rows = figures(r)
    out = []
    width = max(len(label) for label, *_ in rows)
    vwidth = max(len(v) for _, v, *_ in rows)
    print(f"\nnewsindex benchmark: {r['corpus']['pages']} pages, {r['machine']['nproc']} cores, "
          f"{r['machine']['cpu']}, commit {r['commit']}")
    print(f"{'metric':<{width}}  {'value':<{vwidth}}  {'target':<16} status")
    print("-" * (width + vwidth + 26))
    for label, text, value, key in rows:
        target, status = verdict(value, key)
        print(f"{label:<{width}}  {text:<{vwidth}}  {target:<16} {status}")
        out.append({"metric": label, "value": text, "raw": value, "target": target, "status": status})
    print(f"(total benchmark time {r['total_s'] / 60:.1f} min)")
    return out


def machine() -> dict:
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = round(int(line.split()[1]) / 1024 / 1024, 1)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip() or "?"
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gb": mem, "python": platform.python_version(),
            "platform": platform.platform(), "commit": commit}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--_baseline"]:  # internal: the naive baseline, run as its own process
        print(json.dumps(naive_baseline(Path(argv[1]), Path(argv[2]))))
        return 0
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pages", type=int, default=None, help="corpus size (default 20000; --quick 1000)")
    p.add_argument("--workdir", type=Path, default=None,
                   help="corpus, indexes and scratch (default /tmp/newsindex-bench)")
    p.add_argument("--json", type=Path, help="write all figures as JSON here")
    p.add_argument("--quick", action="store_true", help="smoke run: 1000 pages, 200 batch queries, 1 repeat")
    p.add_argument("--repeat", type=int, default=None, help="repeats of the cheap measurements (default 3)")
    p.add_argument("--batch", type=int, default=None, help="batch queries (default 1000)")
    p.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    p.add_argument("--skip-baseline", action="store_true", help="leave out the naive baseline ingest")
    p.add_argument("--skip-jobs1", action="store_true", help="leave out the --jobs 1 ingest")
    p.add_argument("--skip-grep", action="store_true", help="leave out grep -ril (slowest comparison)")
    p.add_argument("--keep", action="store_true", help="keep the baseline and --jobs 1 indexes")
    args = p.parse_args(argv)
    args.pages = args.pages or (1000 if args.quick else 20000)
    args.repeat = args.repeat or (1 if args.quick else 3)
    args.batch = args.batch or (200 if args.quick else 1000)
    args.workdir = args.workdir or Path("/tmp/newsindex-bench")
    if args.pages < 100 or args.repeat < 1 or args.batch < 1:
        p.error("--pages must be >= 100, --repeat and --batch >= 1")

    missing = [str(x) for x in (MAKE_CORPUS, NEWS_DATA) if not x.exists()]
    if missing:
        print(f"bench: {', '.join(missing)} not found.\nThe benchmark needs the shared data and tools "
              f"checked out beside the repository, at {SHARED}.", file=sys.stderr)
        return 2
    try:
        import indexer  # noqa: F401
    except ImportError:
        print("bench: the indexer package is not importable; run `pip install -e .` in the repository "
              "(or activate its virtualenv) first", file=sys.stderr)
        return 2
    if not shutil.which("rg"):
        log("ripgrep not found: its column will read n/a (install ripgrep)")

    started_on = machine()
    results = bench(args)
    results["machine"] = started_on
    results["commit"] = results["machine"]["commit"]
    results["date"] = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    results["targets"] = {k: {"op": op, "value": v, "unit": u} for k, (op, v, u) in TARGETS.items()}
    results["table"] = print_table(results)
    results["self_rusage_children_maxrss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        log(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
