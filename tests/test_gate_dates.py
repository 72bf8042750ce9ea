"""CI gate: the publication-date finder keeps its accuracy on the shared dates dev set.

Runs the shared scorer (``../shared/tools/evaluate.py dates``) in a subprocess on
``indexer.dates:evaluate_entry`` with floors a little under the scores measured when the
finder was written, so a change that costs accuracy fails here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "tools" / "evaluate.py"
DATA = SHARED / "data" / "dates" / "dev"

# Measured: accuracy_dated 0.939, accuracy 0.938 (480 pages; news-2020 0.860, web-default 0.958).
FLOORS = {
    "accuracy_dated": 0.925,
    "accuracy": 0.925,
}


@pytest.mark.shared
def test_date_accuracy_stays_above_its_floors():
    for path in (SCORER, DATA / "ground-truth.json"):
        if not path.is_file():
            pytest.skip(f"../shared not found: {path} is missing (shared/ sits beside the repo)")
    floors = [arg for metric, value in FLOORS.items() for arg in ("--min", f"{metric}={value}")]
    command = [sys.executable, str(SCORER), "dates", "--data", str(DATA)]
    command += ["--func", "indexer.dates:evaluate_entry", *floors]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "checks=ok" in run.stdout
