#!/usr/bin/env python3
"""Score newsindex's scraper on the labelled dev data in ../shared with the shared scorer.

    python scripts/eval_quality.py                  # everything: extraction (2 sets), people, dates
    python scripts/eval_quality.py extraction       # or people, or dates
    python scripts/eval_quality.py people --func    # the module function in-process (faster to iterate)
    python scripts/eval_quality.py all --check      # also apply the CI floors in tests/quality_floors.json

By default each set is scored through the product itself, `python -m indexer extract --format
jsonl` (the same contract held-out data is scored with). The last lines are a table of the
summary metrics. Exit status: 0 scored (and, with --check, every floor met), 1 a floor not
met, 2 ../shared missing or a usage error.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "tools" / "evaluate.py"
FLOORS = ROOT / "tests" / "quality_floors.json"
CLI = f"{shlex.quote(sys.executable)} -m indexer extract --format jsonl"

# name: (scorer mode, data option, data path, in-process function, metrics to show)
SETS = {
    "scrapinghub-dev": ("extraction", "--data", "data/extraction/scrapinghub-dev",
                        "indexer.html:evaluate_entry",
                        ["sh4_f1", "trailing_chrome", "leading_headline", "errors"]),
    "wcxb-dev": ("extraction", "--data", "data/extraction/wcxb-dev", "indexer.html:evaluate_entry",
                 ["sh4_f1", "headline_exact", "trailing_chrome", "leading_headline", "errors"]),
    "conll-dev": ("people", "--conll", "data/people/conll2003-eng.testa",
                  "indexer.people:evaluate_entry",
                  ["prose_persons_strict_f1", "persons_strict_f1", "names_strict_p", "errors"]),
    "dates-dev": ("dates", "--data", "data/dates/dev", "indexer.dates:evaluate_entry",
                  ["accuracy_dated", "accuracy", "errors"]),
}


def floors() -> dict[str, dict[str, dict[str, float]]]:
    return json.loads(FLOORS.read_text(encoding="utf-8"))


def score(name: str, *, func: bool = False, check: bool = False,
          extra: list[str] | None = None) -> tuple[int, dict, str]:
    """Run the scorer on one set; returns (exit status, summary metrics, report text)."""
    mode, option, data, function, _ = SETS[name]
    command = [sys.executable, str(SCORER), mode, option, str(SHARED / data), "--name", name]
    command += ["--func", function] if func else ["--cmd", CLI]
    if check:
        limits = floors().get(name, {})
        for kind in ("min", "max"):
            for metric, value in limits.get(kind, {}).items():
                command += [f"--{kind}", f"{metric}={value}"]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "summary.json"
        run = subprocess.run([*command, "--json", str(out), *(extra or [])], cwd=ROOT,
                             capture_output=True, text=True, timeout=1800, check=False)
        summary = json.loads(out.read_text())["summary"] if out.exists() else {}
    return run.returncode, summary, run.stdout + run.stderr


def _fmt(value: object) -> str:
    return f"{value:.3f}" if isinstance(value, float) else "n/a" if value is None else str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", nargs="?", default="all",
                        choices=["all", "extraction", "people", "dates", *SETS])
    parser.add_argument("--func", action="store_true",
                        help="call the module function in-process instead of the CLI")
    parser.add_argument("--check", action="store_true",
                        help="apply the floors of tests/quality_floors.json")
    parser.add_argument("-v", "--verbose", action="store_true", help="print the full reports")
    args = parser.parse_args(argv)
    if not SCORER.is_file():
        print(f"../shared not found ({SCORER}): the evaluation data sits beside the repository",
              file=sys.stderr)
        return 2
    names = [n for n, spec in SETS.items() if args.what in ("all", n, spec[0])]
    worst = 0
    rows = []
    for name in names:
        status, summary, report = score(name, func=args.func, check=args.check)
        if args.verbose or status not in (0, 1):
            print(report)
        worst = max(worst, status)
        shown = "  ".join(f"{m}={_fmt(summary.get(m))}" for m in SETS[name][4])
        speed = summary.get("pages_per_s") or summary.get("docs_per_s")
        rows.append(f"{name:16s} {shown}" + (f"  per_s={speed:.0f}" if speed else "") +
                    ("  FLOOR FAILED" if status == 1 else ""))
    print("\n".join(rows))
    return worst


if __name__ == "__main__":
    sys.exit(main())
