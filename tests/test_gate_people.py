"""CI gate: the people finder keeps its scores on the CoNLL-2003 development set.

Runs the shared scorer (``../shared/tools/evaluate.py people``) in a subprocess on
``indexer.people:evaluate_entry`` with floors a little under the scores measured when the
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
CONLL = SHARED / "data" / "people" / "conll2003-eng.testa"

# Measured (216 docs): prose_persons_strict_f1 0.932, persons_strict_f1 0.951,
# names_strict_p 0.989.
FLOORS = {
    "prose_persons_strict_f1": 0.915,
    "persons_strict_f1": 0.935,
    "names_strict_p": 0.975,
}


@pytest.mark.shared
def test_people_scores_stay_above_their_floors():
    for path in (SCORER, CONLL):
        if not path.is_file():
            pytest.skip(f"../shared not found: {path} is missing (shared/ sits beside the repo)")
    floors = [arg for metric, value in FLOORS.items() for arg in ("--min", f"{metric}={value}")]
    command = [sys.executable, str(SCORER), "people", "--conll", str(CONLL)]
    command += ["--func", "indexer.people:evaluate_entry", *floors]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "checks=ok" in run.stdout
