"""Publication and update dates of a page: parsing date strings and finding them in pages.

Dates are ISO 8601 strings: ``2023-09-13`` when only the day is known,
``2023-09-13T17:29:00`` with a time, ``2023-09-13T17:29:00+06:00`` with a zone.
Month and weekday names, labels, meta keys, class words and tunables are data in
``rules/dates.json`` (loaded once, on first use).

HTML pages (``dates_from_html``), in order of trust:

1. JSON-LD ``datePublished`` and the published-time meta tags; when they disagree, the
   one the page also shows near its headline wins.
2. The date shown near the headline: ``itemprop``/``<time>`` markup, labelled dates
   ("Published:", "Update :", "Veröffentlicht am"), ``data-seconds`` epochs, unlabelled
   dates in date-classed elements. One walk over the tree collects them in document
   order; the nearest to the headline wins (a place above it counts triple), dates in
   navigation, comments, related links... only when there is nothing else.
3. Vague meta tags (``date``, ``DC.date``...), the URL (``/2023/09/13/``), a date alone
   on a line near the headline, and last the update date.

The "today" date many sites print in their header (the capture date) is recognised by
its place (masthead, top bar, ``role=banner``, a weekday line well above the headline)
and never taken for the publication date; relative dates ("3 hours ago") are read only
against a known capture date. Plain-text captures: ``dates_from_text``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from lxml import etree

from indexer.html import parse_html
from indexer.metadata import first_meta, jsonld_articles, jsonld_objects, meta_tags

_RULES_PATH = Path(__file__).with_name("rules") / "dates.json"


@dataclass(frozen=True)
class PageDates:
    published: str | None = None
    updated: str | None = None


class _Found(NamedTuple):
    start: int
    end: int
    iso: str


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


class _Rules:
    """Compiled form of rules/dates.json."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw
        self.months = {name: int(num) for num, names in raw["months"].items() for name in names}
        self.zones: dict[str, int] = raw["zones"]
        # One pattern for every form, tried left to right; a month is any word here and is
        # checked against the month names afterwards (much faster than a 300-way alternation).
        word = r"\b[^\W\d_]{3,12}\b\.?"
        self.date = re.compile(
            r"(?<![\d.])(?P<y1>\d{4})(?P<s1>[-/.])(?P<m1>\d{1,2})(?P=s1)(?P<d1>\d{1,2})(?!\d)"
            r"|(?<![\d.])(?P<a2>\d{1,2})(?P<s2>[-/.])(?P<b2>\d{1,2})(?P=s2)(?P<y2>\d{4}|\d{2})(?!\d|\.\d)"
            rf"|(?<!\d)(?P<d3>\d{{1,2}})(?:st|nd|rd|th|er|º|\.)?\s*(?:de\s+|of\s+|-)?(?P<mon3>{word})"
            r"(?:\s*,?\s*|\s+de\s+|-)(?P<y3>\d{4})(?!\d)"
            rf"|(?P<mon4>{word})\s*(?P<d4>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*(?P<y4>\d{{4}})(?!\d)"
            r"|(?P<y5>\d{4})\s*[年년]\s*(?P<m5>\d{1,2})\s*[月월]\s*(?P<d5>\d{1,2})\s*[日일]?",
            re.I,
        )
        # every form above needs one of these: a cheap test before the expensive one
        self.maybe_date = re.compile(r"\d{4}|\d[./-]\d{1,2}[./-]\d\d")
        zone_names = _alternation([z.upper() for z in self.zones])  # upper case only: "et", "est"
        self.time = re.compile(
            r"(?:T|\s*(?:,|\||-|–|—|/|·|•|at|um|à|a las|alle|om|kl\.?)?\s*)"
            r"(?P<H>\d{1,2})[:h.](?P<M>\d{2})(?!\d)(?::(?P<S>\d{2})(?:[.,]\d+)?)?"
            r"(?:\s*(?P<ampm>[ap])\.?\s?m\b\.?)?(?:\s*(?:uhr|h)\b)?"
            rf"(?:\s*\(?(?P<Z>[+-]\d{{2}}(?::?\d{{2}})?|(?-i:{zone_names})\b"
            r"(?:\s*[+-]\d{1,2}(?::?\d{2})?)?)\)?)?",
            re.I,
        )
        weekdays = _alternation(raw["weekdays"])
        self.weekday_only = re.compile(rf"^[\s,.]*(?:(?:{weekdays})\b[\s,.]*)?$", re.I)
        pub, upd = raw["published_labels"], raw["updated_labels"]
        weak = set(raw["weak_labels"])
        tail = rf"\s*[:：\-–|]?\s*(?:(?:{weekdays})\b\.?,?\s*)?$"
        self.label_weak_line = re.compile(rf"^[\W\d]*(?:{_alternation(pub)}){tail}", re.I)
        self.label_strong_published = re.compile(
            rf"(?<!\w)(?:{_alternation([w for w in pub if w not in weak])}){tail}", re.I
        )
        self.label_updated = re.compile(rf"(?<!\w)(?:{_alternation(upd)}){tail}", re.I)
        rel = raw["relative"]
        self.rel_units: dict[str, int] = rel["units"]
        units = _alternation(list(self.rel_units))
        self.relative = re.compile(
            rf"(?P<n>\d+|an?|one)\s*(?P<u>{units})\.?\s+ago\b|\bvor\s+(?P<n2>\d+|einer?m?)\s+(?P<u2>{units})\b"
            rf"|\b(?P<yday>{_alternation(rel['yesterday'])})\b|\b(?P<today>{_alternation(rel['today'])})\b",
            re.I,
        )
        self.compact = re.compile(
            r"^(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})(?:T?(?P<H>\d{2})(?P<M>\d{2})(?P<S>\d{2})?)?$"
        )
        self.url = re.compile(
            r"/((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?:/|[_-]|$)"
        )
        # class/id tokens starting so: dates in comments, related links... / the "today" header
        skip = _alternation(raw["skip_class_words"])
        self.skip_class = re.compile(rf"(?:^|\s)(?:{skip})")
        today = _alternation(raw["today_class_words"])
        self.today_class = re.compile(rf"(?:^|\s|[_-])(?:{today})")
        self.weekday = re.compile(rf"\b(?:{weekdays})\b", re.I)
        self.meta_other = re.compile(raw["meta_other_published"])
        self.itemprop_published = set(raw["itemprop_published"])
        self.itemprop_updated = set(raw["itemprop_updated"])
        self.date_class = re.compile(_alternation(raw["date_class_words"]))


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    return _Rules(json.loads(_RULES_PATH.read_text(encoding="utf-8")))


# ---------------------------------------------------------------------------
# Parsing one date string


def _two_digit_year(y: int) -> int:
    return y + (2000 if y <= (date.today().year % 100) + 1 else 1900)


def _ymd(m: re.Match[str], dayfirst: bool | None, months: dict[str, int]) -> date | None:
    """The day a match of ``_Rules.date`` means, or None (no such month name or day)."""
    g = m.groupdict()
    if g["y1"]:
        y, mo, d = int(g["y1"]), int(g["m1"]), int(g["d1"])
    elif g["y5"]:
        y, mo, d = int(g["y5"]), int(g["m5"]), int(g["d5"])
    elif g["y2"]:
        a, b, y = int(g["a2"]), int(g["b2"]), int(g["y2"])
        if len(g["y2"]) == 2:
            y = _two_digit_year(y)
        first = dayfirst if dayfirst is not None else g["s2"] != "/"
        d, mo = (a, b) if first else (b, a)
        if mo > 12 and d <= 12:
            d, mo = mo, d
    else:
        name, d, y = (g["mon3"], g["d3"], g["y3"]) if g["y3"] else (g["mon4"], g["d4"], g["y4"])
        mo = months.get(name.rstrip(".").lower(), 0)
        d, y = int(d), int(y)
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def _zone(text: str | None, zones: dict[str, int]) -> str:
    if not text:
        return ""
    text = text.strip().lower()
    m = re.match(r"^([a-z]*)\s*(?:([+-])(\d{1,2}):?(\d{2})?)?$", text)
    if not m:
        return ""
    name, sign, hh, mm = m.groups()
    if name and name not in zones:
        return ""
    minutes = zones.get(name, 0) if name else 0
    if sign:
        offset = int(hh) * 60 + int(mm or 0)
        minutes += offset if sign == "+" else -offset
    if abs(minutes) > 14 * 60:
        return ""
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _with_time(day: date, text: str, pos: int, rules: _Rules) -> tuple[str, int]:
    """ISO string for ``day`` plus a time (and zone) written right after ``pos``."""
    m = rules.time.match(text, pos)
    if not m:
        return day.isoformat(), pos
    hour, minute, sec = int(m["H"]), int(m["M"]), int(m["S"] or 0)
    if m["ampm"]:
        if not 1 <= hour <= 12:
            return day.isoformat(), pos
        hour = hour % 12 + (12 if m["ampm"].lower() == "p" else 0)
    if hour > 23 or minute > 59 or sec > 59:
        return day.isoformat(), pos
    stamp = f"{day.isoformat()}T{hour:02d}:{minute:02d}:{sec:02d}"
    return stamp + _zone(m["Z"], rules.zones), m.end()


def _find_dates(text: str, dayfirst: bool | None = None) -> list[_Found]:
    """All non-overlapping dates written in ``text``, in order."""
    rules = _rules()
    if not rules.maybe_date.search(text):
        return []
    found: list[_Found] = []
    pos = 0
    while True:
        m = rules.date.search(text, pos)
        if m is None:
            return found
        day = _ymd(m, dayfirst, rules.months)
        if day is None:
            pos = m.start() + 1  # not a date after all: look again from the next character
            continue
        iso, end = _with_time(day, text, m.end(), rules)
        found.append(_Found(m.start(), end, iso))
        pos = end


def parse_date(text: str, *, dayfirst: bool | None = None) -> str | None:
    """One date or datetime string in any common form -> ISO 8601, or None. Never raises."""
    try:
        if not isinstance(text, str):
            return None
        text = text.strip()[: _rules().raw["max_chars"]]
        compact = _rules().compact.match(text)
        if compact:
            g = compact.groupdict()
            try:
                day = date(int(g["y"]), int(g["m"]), int(g["d"]))
            except ValueError:
                return None
            if g["H"] and int(g["H"]) < 24 and int(g["M"]) < 60:
                return f"{day.isoformat()}T{g['H']}:{g['M']}:{g['S'] or '00'}"
            return day.isoformat()
        found = _find_dates(text, dayfirst)
        return found[0].iso if found else None
    except Exception:  # documented: never raises
        return None


def to_utc(iso: str) -> datetime | None:
    """Naive UTC datetime for an ISO date/datetime (zone applied; a date alone = midnight)."""
    try:
        text = iso.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        value = datetime.fromisoformat(text)
    except (AttributeError, TypeError, ValueError):
        return None
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


def _day(iso: str) -> date:
    return date.fromisoformat(iso[:10])


# ---------------------------------------------------------------------------
# Relative dates and capture lines


def _relative(text: str, capture: str | None) -> str | None:
    """ "3 hours ago", "vor 2 Tagen", "Updated: yesterday" -> ISO day, against a capture date.

    Only a text that is nothing else (but a label): "Gold rate today" is no date."""
    base = to_utc(capture) if capture else None
    if base is None:
        return None
    rules = _rules()
    text = text.strip()
    m = rules.relative.search(text)
    if not m or len(text[m.end() :].strip(" .,;:|)")) > 3:
        return None
    if text[: m.start()].strip() and not _label(text[: m.start()], "", rules):
        return None
    if m["today"]:
        return base.date().isoformat()
    if m["yday"]:
        return (base - timedelta(days=1)).date().isoformat()
    num, unit = (m["n"], m["u"]) if m["n"] else (m["n2"], m["u2"])
    count = int(num) if num.isdigit() else 1
    seconds = rules.rel_units.get(unit.lower())
    if seconds is None:
        return None
    if len(capture) <= 10 and seconds < 86400:
        return base.date().isoformat()  # capture day only: "3 hours ago" is that day
    return (base - timedelta(seconds=count * seconds)).date().isoformat()


def parse_capture_line(line: str) -> str | None:
    """A bare date line such as "Tuesday, June 25, 2024" -> ISO day, else None."""
    rules = _rules()
    text = line.strip()
    if not text or len(text) > 60:
        return None
    found = _find_dates(text)
    if len(found) != 1 or "T" in found[0].iso:
        return None
    f = found[0]
    if not (rules.weekday_only.match(text[: f.start]) and rules.weekday_only.match(text[f.end :])):
        return None
    return f.iso


# ---------------------------------------------------------------------------
# Dates in HTML pages


class _Cand(NamedTuple):
    iso: str
    source: str  # "itemprop_pub", "time", "label_upd", "text", "today"... (see _candidates)
    pos: int  # running count of text pieces before it: distance in document order
    skipped: bool  # inside navigation, comments, related links...


_MARKUP_SOURCES = ("itemprop_pub", "time_pub", "label_pub", "label_upd", "time", "seconds", "class")
_UPDATED_SOURCES = ("itemprop_upd", "time_upd", "label_upd")
_TEXT_SOURCES = ("text", "weekday_line")  # plain dates, not in a sentence


def _pick(
    cands: list[_Cand], h1_pos: int, sources: tuple[str, ...], check: Callable[[_Cand], bool]
) -> str | None:
    """The best candidate of these sources that passes ``check``: outside navigation and
    comments first, then nearest the headline (a place before it counts more), earlier
    sources in ``sources`` preferred."""
    raw = _rules().raw
    usable = [c for c in cands if c.source in sources and check(c)]

    def key(c: _Cand) -> tuple[bool, int]:
        after = c.pos - h1_pos
        dist = after if after >= 0 else -after * raw["before_headline_factor"]
        return c.skipped, dist + raw["source_rank_weight"] * sources.index(c.source)

    return min(usable, key=key).iso if usable else None


_IGNORED = frozenset({"head", "script", "style", "noscript", "template", "option", "select", "svg"})
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"\w+")


def _is_today_line(text: str, f: _Found, rules: _Rules) -> bool:
    """ "Tuesday, June 25, 2024" alone, above the headline: the site's "today" header."""
    prefix, rest = text[: f.start], text[f.end :]
    return (
        "T" not in f.iso
        and bool(rules.weekday.search(prefix) or rules.weekday.search(rest))
        and bool(rules.weekday_only.match(prefix))
        and bool(rules.weekday_only.match(rest))
    )


class _ClassInfo(NamedTuple):
    level: int  # 0 content, 1 navigation/comments/related..., 2 the "today" header
    dated: bool  # class/id says "date", "time", "byline"...


_NO_CLASS = _ClassInfo(0, False)


@lru_cache(maxsize=4096)
def _class_info(classes: str) -> _ClassInfo:
    """What a lower-cased "class id" string says (pages repeat them: cached)."""
    rules = _rules()
    level = 2 if rules.today_class.search(classes) else 1 if rules.skip_class.search(classes) else 0
    return _ClassInfo(level, bool(rules.date_class.search(classes)))


def _short_text(el, limit: int = 200) -> str:
    parts: list[str] = []
    size = 0
    for piece in el.itertext():
        parts.append(piece)
        size += len(piece)
        if size >= limit:
            break
    return " ".join("".join(parts).split())[:limit]


def _label(prefix: str, rest: str, rules: _Rules) -> str | None:
    """'pub' / 'upd' when a date preceded by ``prefix`` and followed by ``rest`` is labelled.

    Plain words ("on", "am", "vom") label a date only in a line of its own: "am 5. Mai 2020".
    """
    if rules.label_updated.search(prefix[-60:]):
        return "upd"
    if rules.label_strong_published.search(prefix[-60:]):
        return "pub"
    if len(rest.strip()) <= 20 and rules.label_weak_line.match(prefix):
        return "pub"
    return None


def _epoch(value: str) -> str | None:
    try:
        seconds = int(value.strip()[:12])
        if seconds > 10**11:  # milliseconds
            seconds //= 1000
        return datetime.fromtimestamp(seconds, tz=timezone.utc).date().isoformat()
    except (ValueError, OverflowError, OSError):
        return None


def _element_date(
    el, classes: str, rules: _Rules, dayfirst: bool | None, capture: str | None
) -> tuple[str | None, str]:
    """Date declared by one element's markup (itemprop, <time>, data-seconds, date class)."""
    itemprop = (el.get("itemprop") or "").lower()
    value = el.get("content") or el.get("datetime")
    if itemprop in rules.itemprop_published or itemprop in rules.itemprop_updated:
        iso = parse_date(value or _short_text(el), dayfirst=dayfirst)
        return iso, "itemprop_pub" if itemprop in rules.itemprop_published else "itemprop_upd"
    if el.get("datetime") is not None or el.tag == "time":
        iso = parse_date(el.get("datetime") or _short_text(el), dayfirst=dayfirst)
        if el.get("pubdate") is not None or "publish" in classes or "entry-date" in classes:
            return iso, "time_pub"
        if "updat" in classes or "modif" in classes:
            return iso, "time_upd"
        return iso, "time"
    if el.get("data-seconds"):
        return _epoch(el.get("data-seconds")), "seconds"
    if not classes or not _class_info(classes).dated:
        return None, ""  # (only the class could still make it a date element)
    for attr in ("data-datetime", "data-date", "title", "content"):
        if el.get(attr):
            iso = parse_date(el.get(attr), dayfirst=dayfirst)
            if iso:
                return iso, "class"
    text = _short_text(el)
    found = _find_dates(text, dayfirst)
    if found:
        # a labelled date is picked up (with its label) from the text itself
        labelled = _label(text[: found[0].start], text[found[0].end :], rules)
        return (None if labelled else found[0].iso), "class"
    return (_relative(text, capture) if capture else None), "class"


def _candidates(root, rules: _Rules, dayfirst: bool | None, capture: str | None) -> tuple[list[_Cand], int]:
    """Every date in the page body in document order, and the headline's position (or -1).

    One walk over the tree. Positions count the non-blank text pieces before a date, so
    that "near the headline" can be measured; scripts, styles, forms are not entered.
    """
    cands: list[_Cand] = []
    pos = 0
    headlines: list[tuple[int, bool, Any]] = []  # (position, is <h1>, element)
    skip_stack = [0]  # 0: content, 1: navigation, comments... 2: the masthead ("today")
    previous = ""  # the last non-blank text seen, for labels in a separate element
    maybe_date = rules.maybe_date.search

    def text_dates(text: str, level: int) -> None:
        """Dates in one non-blank text piece (an element's text or tail)."""
        nonlocal previous, pos
        pos += 1
        if maybe_date(text) or (capture and _DIGIT.search(text)):
            text = text[:400]
            found = _find_dates(text, dayfirst)
            if not found and capture:
                rel = _relative(text, capture)
                found = [_Found(0, 0, rel)] if rel else []
            short = len(" ".join(text.split())) <= rules.raw["max_label_line"]
            for f in found:
                prefix = text[: f.start]
                if not _LETTER.search(prefix[-30:]):
                    prefix = previous + " " + prefix
                # a label counts in a date line, not in a sentence of the article
                kind = _label(prefix, text[f.end :], rules) if short else None
                source = f"label_{kind}" if kind else "text"
                if level == 2:
                    source = "today"
                elif source == "text" and _is_today_line(text, f, rules):
                    source = "weekday_line"
                elif source == "text" and not short and _LETTER.search(text[: f.start]):
                    source = "sentence"  # mentioned in running text, not a dateline
                cands.append(_Cand(f.iso, source, pos, level > 0))
        previous = text if len(text) <= 60 else ""

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        if event == "end":
            skip_stack.pop()
            tail = el.tail
            if tail and not tail.isspace():
                text_dates(tail, skip_stack[-1])
            continue
        if not isinstance(tag, str) or tag in _IGNORED:
            skip_stack.append(skip_stack[-1])
            walker.skip_subtree()
            continue
        get = el.get
        cls, ident = get("class"), get("id")
        classes = f"{cls or ''} {ident or ''}".lower() if (cls or ident) else ""
        info = _class_info(classes) if classes and tag not in ("html", "body") else _NO_CLASS
        level = max(skip_stack[-1], info.level)
        if tag == "nav":
            level = max(level, 1)
        if get("role") == "banner":
            level = 2  # the site header: its date is "today"
        skip_stack.append(level)
        skipped = level > 0
        itemprop = get("itemprop")
        if tag == "h1" or (tag in ("h2", "h3") and "title" in classes) or itemprop == "headline":
            if level < 2:
                headlines.append((pos, tag == "h1", el))
        elif info.dated or itemprop or tag == "time" or get("datetime") is not None or get("data-seconds"):
            iso, source = _element_date(el, classes, rules, dayfirst, capture)
            if iso:
                cands.append(_Cand(iso, "today" if level == 2 else source, pos, skipped))
        text = el.text
        if text and not text.isspace():
            text_dates(text, level)
    return cands, _headline_pos(root, headlines)


def _headline_pos(root, headlines: list[tuple[int, bool, Any]]) -> int:
    """Position of the headline: the first <h1> sharing words with the <title> (site logos
    are <h1>s too), else the first <h1> with text, else a title-classed <h2>/<h3>; or -1."""
    title = set(_WORD.findall((root.findtext(".//title") or "").lower()))
    texts = [(pos, is_h1, _WORD.findall(_short_text(el, 150).lower())) for pos, is_h1, el in headlines]
    for pos, is_h1, words in texts:
        if is_h1 and words and len(title.intersection(words)) * 2 >= len(words):
            return pos
    for pos, is_h1, words in texts:
        if is_h1 and words:
            return pos
    return texts[0][0] if texts else -1


def _url_date(url: str | None) -> str | None:
    if not url:
        return None
    m = _rules().url.search(url)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


def _page_url(root, tags: dict[str, list[str]]) -> str | None:
    for link in root.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            return link.get("href")
    return first_meta(tags, "og:url")


def _local_day_before(utc_iso: str, shown: str) -> bool:
    """True when ``utc_iso`` is a UTC morning time and ``shown`` is the previous day:
    the page displays the same moment in a time zone west of Greenwich."""
    if not utc_iso.endswith("+00:00") or int(utc_iso[11:13]) >= 12:
        return False
    return _day(shown) == _day(utc_iso) - timedelta(days=1)


def _jsonld_dates(root) -> tuple[list[str], list[str]]:
    published: list[str] = []
    updated: list[str] = []
    objs = jsonld_articles(root) or jsonld_objects(root)
    for obj in objs:
        for key, out in (
            ("datePublished", published),
            ("dateCreated", published),
            ("uploadDate", published),
            ("dateModified", updated),
        ):
            value = obj.get(key)
            if isinstance(value, str):
                iso = parse_date(value)
                if iso:
                    out.append(iso)
    return published, updated


def _dayfirst(root) -> bool | None:
    lang = (root.get("lang") or "").lower()
    if not lang or lang in ("en", "en-us"):
        return None
    return True


class _Plausible:
    """Date checks for one page: nothing after the capture date (or today), nothing older
    than ``min_year``; weak evidence must also be modern and not the page's "today"."""

    def __init__(self, rules: _Rules, capture: str | None, today: str | None) -> None:
        self.limit = (_day(capture) if capture else date.today()) + timedelta(days=1)
        self.today = _day(today) if today else None
        self.floor, self.weak_floor = rules.raw["min_year"], rules.raw["min_year_weak"]
        self.placeholders = set(rules.raw["placeholder_dates"])

    def ok(self, iso: str | None, floor: int | None = None) -> bool:
        if not iso or iso[:10] in self.placeholders:
            return False
        return (floor or self.floor) <= _day(iso).year and _day(iso) <= self.limit

    def weak(self, iso: str | None) -> bool:
        return self.ok(iso, self.weak_floor) and _day(iso) != self.today

    def candidate(self, c: _Cand) -> bool:
        if c.skipped or c.source in _TEXT_SOURCES:
            return self.weak(c.iso)
        if c.source == "class":  # an unlabelled date in a "date" box: a birthday, maybe
            return self.ok(c.iso, self.weak_floor)
        return self.ok(c.iso)

    def first(self, values: list[str | None], weak: bool = False) -> str | None:
        return next((v for v in values if (self.weak(v) if weak else self.ok(v))), None)


def dates_from_html(root, url: str | None = None, capture: str | None = None) -> PageDates:
    """Publication and update dates of a parsed page (``indexer.html.parse_html``); read-only."""
    rules = _rules()
    capture = parse_date(capture) if capture else None
    cands, h1_pos = _candidates(root, rules, _dayfirst(root), capture)
    headline = h1_pos >= 0  # without one, distances count from the top of the page
    h1_pos = max(h1_pos, 0)
    # The site's "today" header shows the capture date: a weak source giving that day is
    # more likely the capture again than the article's date.
    today = capture or next(
        (c.iso for c in cands if c.source == "today" or (c.source == "weekday_line" and c.pos < h1_pos - 5)),
        None,
    )
    check = _Plausible(rules, capture, today)

    tags = meta_tags(root)
    ld_pub, ld_upd = _jsonld_dates(root)

    def meta(keys: list[str]) -> list[str | None]:
        return [parse_date(v) for k in keys for v in tags.get(k, ())]

    shown = _pick(cands, h1_pos, _MARKUP_SOURCES, check.candidate)  # the date near the headline
    updated = (
        check.first(ld_upd)
        or check.first(meta(rules.raw["meta_updated"]))
        or _pick(cands, h1_pos, _UPDATED_SOURCES, check.candidate)
    )
    structured = [v for v in ld_pub + meta(rules.raw["meta_published"]) if check.ok(v)]
    # JSON-LD and meta tags disagree at times: the one the page also shows wins
    confirmed = [v for v in structured if shown and _day(v) == _day(shown)]
    published = (confirmed or structured or [None])[0]
    if published and shown and _local_day_before(published, shown):
        published = shown  # the same moment as the page shows it in its own time zone
    if published and shown and updated and _day(shown) == _day(updated) != _day(published):
        markup_days = {_day(c.iso) for c in cands if c.source in _MARKUP_SOURCES}
        if _day(published) not in markup_days:
            published = shown  # the page shows its update date only
    if published:
        return PageDates(published, updated)
    other_keys = [k for k in tags if rules.meta_other.search(k)]
    published = (
        (shown if headline else None)
        or check.first(meta(rules.raw["meta_generic"]))
        or shown
        or check.first(meta(other_keys))
        or check.first([_url_date(url or _page_url(root, tags))], weak=True)
        or _pick(cands, h1_pos, _TEXT_SOURCES, check.candidate)
        or check.first([updated], weak=True)
    )
    return PageDates(published, updated)


def evaluate_entry(text: str, path: str) -> str | None:
    """Adapter for ``../shared/tools/evaluate.py dates --func indexer.dates:evaluate_entry``."""
    return dates_from_html(parse_html(text)).published


# ---------------------------------------------------------------------------
# Plain-text captures


def _date_line(line: str, rules: _Rules, capture: str | None) -> tuple[str, str] | None:
    """(kind, iso) when ``line`` is nothing but a date, maybe labelled: kind "pub" or "upd"
    (labelled), "bare", or "rel" (unlabelled "3 hours ago", read against ``capture``)."""
    text = line.strip()
    if not text or len(text) > rules.raw["max_label_line"]:
        return None
    found = _find_dates(text)
    if not found:
        rel = _relative(text, capture)
        if rel is None:
            return None
        return _label(text[: rules.relative.search(text).start()], "", rules) or "rel", rel
    if len(found) != 1 or len(text[found[0].end :].strip(" .,;|)")) > 3:
        return None
    prefix = text[: found[0].start]
    if rules.weekday_only.match(prefix):
        return "bare", found[0].iso
    kind = _label(prefix, "", rules)
    if kind and len(prefix) <= 40:
        return kind, found[0].iso
    return None


def dates_from_text(lines: list[str], capture: str | None = None) -> tuple[PageDates, set[int]]:
    """Dates of a plain-text capture and the indexes of its date lines.

    The first line may be the browser's "today" (the capture date): it is never the
    published date and is not reported as a date line (see ``parse_capture_line``).
    """
    rules = _rules()
    start = 0
    capture = parse_date(capture) if capture else None
    if lines and parse_capture_line(lines[0]):
        capture = capture or parse_capture_line(lines[0])
        start = 1
    limit = (_day(capture) if capture else date.today()) + timedelta(days=1)
    found: dict[str, list[str]] = {"pub": [], "upd": [], "bare": [], "rel": []}
    used: set[int] = set()
    in_body = False  # after the first paragraph, a date alone on a line is not the byline
    for index in range(start, len(lines)):
        in_body = in_body or len(lines[index]) > rules.raw["max_label_line"] * 2
        hit = _date_line(lines[index], rules, capture)
        if hit and hit[0] == "bare" and in_body:
            continue
        if hit is None or _day(hit[1]) > limit or _day(hit[1]).year < rules.raw["min_year"]:
            continue
        if hit[0] == "bare" and capture and hit[1] == _day(capture).isoformat() and index < 3:
            continue  # another copy of the "today" header
        found[hit[0]].append(hit[1])
        used.add(index)
    updated = (found["upd"] or [None])[0]
    published = (found["pub"] or found["upd"] or found["bare"] or found["rel"] or [None])[0]
    return PageDates(published, updated), used
