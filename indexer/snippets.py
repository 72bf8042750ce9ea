"""Snippets: up to a few fragments of an article around the words a query matched.

Works on the whole text (no 32K limit), matches words the way the index does (folded,
stemmed), cuts at whole words and prefers to start fragments at a sentence start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

_WORD = re.compile(r"\w+(?:[.'’]\w+)*")
_SPACE = re.compile(r"\s+")
_SENTENCE_START = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")
ELLIPSIS = " … "


@dataclass
class Snippet:
    text: str
    spans: list[tuple[int, int]] = field(default_factory=list)  # matched words, [start, end)


@lru_cache(maxsize=200_000)
def index_form(word: str) -> str | None:
    """A word as the body/headline analyzer indexes it (None for a stop word)."""
    from .schema import TEXT_ANALYZER

    tokens = [t.text for t in TEXT_ANALYZER(word)]
    return tokens[0] if tokens else None


def make_snippet(text: str, terms: set[str], fragments: int = 3, width: int = 300) -> Snippet:
    """Up to ``fragments`` fragments of ``text``, about ``width`` characters in all, around the
    words whose index form is in ``terms``."""
    text = _SPACE.sub(" ", text).strip()
    if not text:
        return Snippet("")
    hits = [(m.start(), m.end()) for m in _WORD.finditer(text) if index_form(m.group()) in terms]
    if not hits:
        return Snippet(_cut(text, 0, width)[2])
    windows = _choose(text, hits, fragments, width // fragments)
    if 0 < len(windows) < fragments:  # fewer places matched: give each more room
        windows = _choose(text, hits, len(windows), width // len(windows))
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    offset = 0
    for start, end in windows:
        start, end, piece = _cut(text, start, end - start)
        lead = ""
        if parts:
            lead = ELLIPSIS
        elif start > 0:
            lead = "… "
        offset += len(lead)
        spans.extend((s - start + offset, e - start + offset) for s, e in hits
                     if s >= start and e <= end)
        parts.append(lead + piece)
        offset += len(piece)
    tail = " …" if windows and windows[-1][1] < len(text) else ""
    return Snippet("".join(parts) + tail, spans)


def _choose(text: str, hits: list[tuple[int, int]], fragments: int,
            width: int) -> list[tuple[int, int]]:
    """Pick up to ``fragments`` non-overlapping windows holding the most distinct matches."""
    if len(hits) > 400:  # long article, frequent word: look at an even sample
        step = len(hits) / 400
        candidates = [hits[int(i * step)] for i in range(400)]
    else:
        candidates = hits
    lower = text.lower()
    scored = []
    for start, _ in candidates:
        w_start = _sentence_start(text, start, width // 3)
        w_end = min(len(text), w_start + width)
        inside = {lower[s:e] for s, e in hits if s >= w_start and e <= w_end}
        count = sum(1 for s, e in hits if s >= w_start and e <= w_end)
        scored.append((len(inside), count, -w_start, w_start, w_end))
    scored.sort(reverse=True)
    chosen: list[tuple[int, int]] = []
    for *_, w_start, w_end in scored:
        if all(w_end <= s or w_start >= e for s, e in chosen):
            chosen.append((w_start, w_end))
            if len(chosen) == fragments:
                break
    return sorted(chosen)


def _sentence_start(text: str, pos: int, reach: int) -> int:
    """A sentence start within ``reach`` characters before ``pos``, else ``pos - reach // 2``."""
    lo = max(0, pos - reach)
    if lo == 0:
        return 0
    last = None
    for match in _SENTENCE_START.finditer(text, lo, pos):
        last = match.end()
    return last if last is not None else max(0, pos - reach // 2)


def _cut(text: str, start: int, width: int) -> tuple[int, int, str]:
    """``text[start:start+width]`` widened/narrowed to whole words; returns (start, end, piece)."""
    end = min(len(text), start + width)
    if start > 0 and text[start - 1] != " ":
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < end else start
    if end < len(text) and text[end] != " ":
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    return start, end, text[start:end]
