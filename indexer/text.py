"""Plain-text captures: a browser's "save as text" of a news page.

Layout seen in practice: the capture ("today") date, navigation, the site name, the headline,
related-link bullets, a date line, the article paragraphs, then chrome blocks ("Related",
"Share this article", "Top Brokers", "Popular Links", ...). The article is the run of prose
between the header and the first trailing chrome block; rules are in ``rules/text.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .config import load_rules_file
from .dates import PageDates, dates_from_text, parse_capture_line
from .decode import fix_mojibake

_SENTENCE_END = re.compile(r"[.!?…:;]['\"”’)\]]*$")


@dataclass
class TextArticle:
    headline: str | None
    body: str
    source: str | None
    captured: str | None
    dates: PageDates
    byline: str | None = None


@dataclass(frozen=True)
class _Rules:
    bullet: re.Pattern[str]
    nav: re.Pattern[str]
    chrome_line: re.Pattern[str]
    end_headings: frozenset[str]
    prose_min: int
    prose_long: int
    headline_max: int
    site_max: int
    byline_prefix: re.Pattern[str]
    byline_max: int
    byline_particles: frozenset[str]


@cache
def _rules() -> _Rules:
    r = load_rules_file("text")
    return _Rules(
        bullet=re.compile(r"^\s*[" + re.escape(r["bullet_chars"]) + r"]\s+\S"),
        nav=re.compile(r"^\S[^\n]*?(?:\s{2,}\S+){" + str(r["nav_min_items"] - 1) + r",}$"),
        chrome_line=re.compile("|".join(r["chrome_lines"]), re.IGNORECASE),
        end_headings=frozenset(h.lower() for h in r["end_headings"]),
        prose_min=r["prose_min_words"],
        prose_long=r["prose_long_words"],
        headline_max=r["headline_max_words"],
        site_max=r["site_name_max_words"],
        byline_prefix=re.compile(r["byline_prefix"], re.IGNORECASE),
        byline_max=r["byline_max_words"],
        byline_particles=frozenset(r["byline_particles"]),
    )


def _is_prose(line: str, rules: _Rules) -> bool:
    words = len(line.split())
    return words >= rules.prose_long or (
        words >= rules.prose_min and bool(_SENTENCE_END.search(line))
    )


def _is_byline(line: str, rules: _Rules) -> bool:
    """"By Jane Smith", or a bare name: 2-4 capitalised words, no digits, no sentence end."""
    line = line.strip()
    if rules.byline_prefix.match(line):
        return len(line.split()) <= rules.byline_max + 1
    words = line.split()
    return (2 <= len(words) <= rules.byline_max and not re.search(r"\d", line)
            and not _SENTENCE_END.search(line)
            and all(w[:1].isupper() or w.lower() in rules.byline_particles for w in words))


def _heading_key(line: str) -> str:
    return re.sub(r"[\s:.!]+$", "", line.strip().lower())


def extract_text(text: str) -> TextArticle:
    rules = _rules()
    text = fix_mojibake(text)  # saved from a page that double-encoded its UTF-8
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    captured = parse_capture_line(lines[first].strip()) if first is not None else None
    if captured is not None and first is not None:
        lines[first] = ""
    dates, date_lines = dates_from_text(lines, captured)

    def is_chrome(i: int) -> bool:
        line = lines[i].strip()
        return (
            i in date_lines
            or bool(rules.bullet.match(lines[i]))
            or bool(rules.chrome_line.search(line))
            or (bool(rules.nav.match(line)) and not _SENTENCE_END.search(line))
        )

    content = [i for i, ln in enumerate(lines) if ln.strip()]
    ends = [i for i in content if _heading_key(lines[i]) in rules.end_headings]  # "Most Read"...
    start = next((i for i in content if not is_chrome(i) and _is_prose(lines[i].strip(), rules)),
                 None)
    table_start = _short_article_start(lines, content, date_lines, is_chrome,
                                       ends[0] if ends else len(lines), rules)
    if table_start is not None and (start is None or table_start < start):
        start = table_start
    header = [i for i in content if (start is None or i < start) and not is_chrome(i)
              and i not in ends]

    # The article ends where the first chrome heading after it begins.
    end = next((i for i in ends if start is not None and i > start), len(lines))
    # Inside the article, bullets are list items, not related links.
    kept = [i for i in content if start is not None and start <= i < end
            and (not is_chrome(i) or (rules.bullet.match(lines[i]) and i not in date_lines))]

    headline = source = byline = None
    short = [i for i in header if len(lines[i].split()) <= rules.headline_max]
    if len(short) > 2 and _is_byline(lines[short[-1]], rules):
        # site, headline, then the writer's name just above the article
        byline = lines[short.pop()].strip()
    if len(short) > 2:
        # Not a page header (site, headline) but the start of a plain document: its first
        # line is the headline and the rest belongs to the article.
        kept[:0] = short[1:]
        short = short[:1]
    if len(short) == 2 and len(lines[short[0]].split()) > len(lines[short[1]].split()):
        # "HEADLINE" then a short line (dateline, byline): that line belongs to the article
        kept.insert(0, short.pop())
    if short:
        headline = lines[short[-1]].strip()
        site = lines[short[0]].strip() if len(short) == 2 else None
        if site and len(site.split()) <= rules.site_max and not re.search(r"\d", site):
            source = site
        elif site:
            kept.insert(0, short[0])
    elif kept and len(lines[kept[0]].split()) <= rules.headline_max:
        headline = lines[kept.pop(0)].strip()
    return TextArticle(headline, _paragraphs(lines, kept), source, captured, dates, byline)


def _short_article_start(lines, content, date_lines, is_chrome, first_end: int,
                         rules: _Rules) -> int | None:
    """Where an article that opens without a line of prose (a results table, a two-line
    note) starts: after the header's last date line (else its related-link bullets) that follows the
    headline, when some text comes after it before the first trailing chrome heading."""
    top = [i for i in content if i < first_end and not is_chrome(i)]
    if len(top) < 3:
        return None
    marks = [i for i in content if top[1] < i < first_end and i in date_lines]
    marks = marks or [i for i in content if top[1] < i < first_end and is_chrome(i)]
    after = [i for i in top if marks and i > marks[-1]]
    if len(after) > 1 and _is_byline(lines[after[0]], rules):
        after.pop(0)  # the writer's name under the related links
    return after[0] if after else None


def _paragraphs(lines: list[str], kept: list[int]) -> str:
    """Kept lines as paragraphs: lines with no blank line between them form one paragraph
    (their line breaks kept: a hard-wrapped line or a table row)."""
    paragraphs: list[list[str]] = []
    previous = -2
    for i in kept:
        if i == previous + 1 and paragraphs:
            paragraphs[-1].append(lines[i].strip())
        else:
            paragraphs.append([lines[i].strip()])
        previous = i
    return "\n\n".join("\n".join(p) for p in paragraphs)
