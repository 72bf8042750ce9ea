#!/usr/bin/env python3
"""Pages per second of ``parse_html`` + ``extract_html`` in one process.

Reads every page of a shared extraction data set (default: the ScrapingHub dev pages,
about 170 KB each) into memory, then times parsing plus extraction over all of them;
prints each run and the median of the runs (default 3). Decoding and file reading are
not timed.

Usage (from the repository root):

    python scripts/bench_extract.py
    python scripts/bench_extract.py --runs 5 --data ../shared/data/extraction/wcxb-dev
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from indexer.html import ExtractError, extract_html, parse_html  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data" / "extraction" / "scrapinghub-dev"


def load_pages(folder: Path) -> list[str]:
    pages = []
    for path in sorted((folder / "html").iterdir()):
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        pages.append(data.decode("utf-8", errors="replace"))
    return pages


def one_run(pages: list[str]) -> float:
    start = time.perf_counter()
    for text in pages:
        with contextlib.suppress(ExtractError):  # an unusable page still counts
            extract_html(parse_html(text))
    return len(pages) / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with html/")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not (args.data / "html").is_dir():
        print(f"no pages: {args.data / 'html'} not found", file=sys.stderr)
        return 2
    pages = load_pages(args.data)
    size = sum(len(p) for p in pages) / len(pages) / 1000
    print(f"{len(pages)} pages, {size:.0f} K characters each on average")
    one_run(pages[:5])  # warm-up: rules, caches
    rates = []
    for i in range(args.runs):
        rates.append(one_run(pages))
        print(f"run {i + 1}: {rates[-1]:.1f} pages/s")
    print(f"median: {statistics.median(rates):.1f} pages/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
