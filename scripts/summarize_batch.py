#!/usr/bin/env python3
"""Summarise `newsindex batch` output: hits per query, per month of publication.

    newsindex batch scripts/watchlist.txt | python3 scripts/summarize_batch.py
    python3 scripts/summarize_batch.py today.jsonl

Standard library only; reads JSON lines from files or stdin.
"""

from __future__ import annotations

import fileinput
import json
import sys
from collections import Counter


def main() -> int:
    rows = []
    months: set[str] = set()
    with fileinput.input(sys.argv[1:]) as lines:
        for line in lines:
            if not line.strip():
                continue
            record = json.loads(line)
            per_month = Counter((hit.get("published") or "")[:7] or "undated"
                                for hit in record["hits"])
            months.update(per_month)
            rows.append((record["id"], record["query"], record["total"], record["error"],
                         per_month))
    columns = sorted(months)
    print("\t".join(["id", "query", "total", *columns, "error"]))
    for rid, query, total, error, per_month in rows:
        cells = [str(per_month.get(m, 0)) for m in columns]
        print("\t".join([str(rid), str(query), str(total), *cells, error or ""]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
