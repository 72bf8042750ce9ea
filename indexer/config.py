"""Rules and tunables: JSON data files under ``indexer/rules/``, loaded once."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

RULES_DIR = Path(__file__).with_name("rules")


@cache
def load_rules_file(name: str) -> dict[str, Any]:
    """One rules file, e.g. ``load_rules_file("text")`` for ``rules/text.json``."""
    with open(RULES_DIR / f"{name}.json", encoding="utf-8") as fh:
        return json.load(fh)


def settings() -> dict[str, Any]:
    return load_rules_file("settings")


@cache
def rules_digest(extra: Path | None = None) -> str:
    """Digest of every rules file (and a user's rules file): part of the extractor version."""
    h = hashlib.sha1()
    for path in sorted(RULES_DIR.glob("*.json")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    if extra is not None:
        h.update(Path(extra).read_bytes())
    return h.hexdigest()[:10]


def extractor_version(extra: Path | None = None) -> str:
    """What made a record: bump ``extractor_version`` in settings or change a rule to re-scrape."""
    return f"{settings()['extractor_version']}-{rules_digest(extra)}"
