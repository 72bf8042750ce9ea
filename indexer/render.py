"""Rendering results for people (text) and programs (json, jsonl, tsv, paths).

Everything printed from a page passes through ``safe``: no control character or escape
sequence from a page ever reaches the terminal.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterable
from typing import Any

FORMATS = ("text", "json", "jsonl", "tsv", "paths")
TSV_FIELDS = ("rank", "score", "published", "source", "headline", "path", "id")
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC
    r"|\x1b.?"  # any other escape
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"  # other C0 and C1 controls
)

BOLD, DIM, HIGHLIGHT, RESET = "\x1b[1m", "\x1b[2m", "\x1b[1;33m", "\x1b[0m"
PLAIN_MARKS = ("**", "**")


def safe(text: Any) -> str:
    """``text`` without terminal control sequences (newlines and tabs kept)."""
    return _ESCAPES.sub("", "" if text is None else str(text))


def use_color(choice: str, stream) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)()) and os.environ.get("TERM") != "dumb"


def terminal_width() -> int:
    return max(40, min(shutil.get_terminal_size((100, 24)).columns, 120))


def mark(text: str, spans: Iterable[tuple[int, int]], color: bool) -> str:
    """``text`` with the spans highlighted (ANSI) or marked with ``**``."""
    on, off = (HIGHLIGHT, RESET) if color else PLAIN_MARKS
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        out += [safe(text[pos:start]), on, safe(text[start:end]), off]
        pos = end
    out.append(safe(text[pos:]))
    return "".join(out)


def wrap(text: str, spans: list[tuple[int, int]], width: int, indent: str,
         color: bool) -> list[str]:
    """Wrap a one-line snippet at spaces, keeping highlight spans intact per line."""
    lines, start = [], 0
    room = max(20, width - len(indent))
    while start < len(text):
        end = min(len(text), start + room)
        if end < len(text):
            space = text.rfind(" ", start, end + 1)
            end = space if space > start else end
        line_spans = [(max(s, start) - start, min(e, end) - start) for s, e in spans
                      if s < end and e > start]
        lines.append(indent + mark(text[start:end], line_spans, color))
        start = end + 1 if end < len(text) and text[end] == " " else end
    return lines


def text_hits(results, color: bool, width: int | None = None) -> str:
    width = width or terminal_width()
    bold, dim, reset = (BOLD, DIM, RESET) if color else ("", "", "")
    out: list[str] = []
    for hit in results.hits:
        out.append(f"{bold}{hit.rank}. {safe(hit.headline)}{reset}")
        meta = " · ".join(safe(x) for x in ((hit.published or "")[:10], hit.source, hit.path) if x)
        out.append(f"   {dim}{meta}{reset}")
        if hit.also_in:
            out.append(f"   {dim}also in: {', '.join(safe(s) for s in hit.also_in)}{reset}")
        if hit.snippet:
            out.extend(wrap(hit.snippet, hit.spans, width, "   ", color))
        out.append("")
    if results.hits:
        shown = f"{results.offset + 1}-{results.offset + len(results.hits)}"
        out.append(f"{dim}{shown} of {results.total} articles{reset}")
    else:
        out.append(f"{dim}no articles match{reset}")
    return "\n".join(out)


def _tsv_cell(value: Any) -> str:
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    text = safe("" if value is None else value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def tsv_rows(rows: list[dict[str, Any]], fields: Iterable[str]) -> str:
    fields = list(fields)
    lines = ["\t".join(fields)]
    lines += ["\t".join(_tsv_cell(row.get(f)) for f in fields) for row in rows]
    return "\n".join(lines)


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029]")


def json_dumps(data: Any, pretty: bool = False) -> str:
    """JSON, readable (non-ASCII kept) but with DEL and C1 controls escaped like C0 ones."""
    text = json.dumps(data, ensure_ascii=False, indent=2 if pretty else None)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def pick(data: dict[str, Any], fields: Iterable[str] | None) -> dict[str, Any]:
    return data if not fields else {f: data.get(f) for f in fields}


def text_facets(facets, color: bool) -> str:
    """Top people and sources, and a small bar chart of articles per month."""
    dim, reset = (DIM, RESET) if color else ("", "")
    out = [f"{dim}facets over {facets.total} articles{reset}"]
    if facets.people:
        out.append("people:  " + ", ".join(f"{safe(n)} ({c})" for n, c in facets.people))
    if facets.sources:
        out.append("sources: " + ", ".join(f"{safe(n)} ({c})" for n, c in facets.sources))
    if facets.months:
        peak = max(c for _, c in facets.months)
        for month, count in facets.months:
            bar = "█" * max(1, round(30 * count / peak))
            out.append(f"  {month}  {bar} {count}")
    return "\n".join(out)
