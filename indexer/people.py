"""People finder: full names of the persons an article mentions, by rule, with no model.

Plain text in, names out. Each line is cut into tokens; runs of capitalised words (with name
particles such as "van" or "bin" and initials such as "P.") are candidate names. A candidate
is a person on evidence that generalises:

* it opens with a known given name or an initial ("Sergei Lavrov", "P. Simmons");
* a title or role stands right before it, and is cut off ("Foreign Minister Sergei Lavrov",
  "coach Glenn Hoddle", "Mr Kim"); a lone word needs such a title;
* it ends in a hyphenated Korean/Chinese given name ("An Chan-il");
* the words around it say so ("said X", ", who", ", 34,", "X (France)", "X (75th)");
* one of its words is a person elsewhere ("Orr said" ... "Majorie Orr"), or it stands in a
  list or table row of mostly people ("Given, Breen, Staunton").

A candidate holding an organisation, facility, place or time word ("Dhaka Tribune", "White
House", "Vostochny Cosmodrome", "Far East") is none, and neither is one that modifies the next
name ("Surrey captain Chris Lewis"). Short mentions ("Putin", "Kim's") fold into the full name
that holds them. Headlines in capitals or Title Case show nothing by their capitals and are
skipped; hard-wrapped wire text is joined again first.

All word lists and tunables live in ``rules/people.json``, read once (see its "_doc").
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

RULES_PATH = Path(__file__).with_name("rules") / "people.json"

_SINGLE_EVIDENCE = frozenset({"title", "role"})
_WEAK = "says"  # "X said": evidence that only completes a full name ("Orr said" ... "Majorie Orr")
_WEAK_ROLE = "weak-role"  # "rival X", "General X": evidence for a full name, not for a lone word
_CLOSERS = frozenset(".!?:;\"”’')]")

_UPPER = re.compile(r"[A-ZÀ-ÖØ-ÞΑ-ΩА-Я]")
_LOWER = re.compile(r"[a-zß-öø-ÿα-ωа-я]")
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)$")
_AGE = re.compile(r"\d{1,2}$")
_INITIAL = re.compile(r"(?:[A-Z]\.)+")
_ENDS_IN_INITIAL = re.compile(r"\b[A-Z][a-z]+ [A-Z]\.$")  # "bankers Dennis A." / "Levine and"
_INITIAL_NAME = re.compile(r"(?:[A-Z]\.)+[\w'’-]*[a-z][\w'’-]*")
_CAPS_RUN = re.compile(r"[A-Z]{2}")
_CONTRACTION = re.compile(r"['’](?:ve|ll|re|m|d|t)$")
_CAPITALISED = re.compile(r"[^\W\d_][\w'’-]*")
_HYPHEN_GIVEN = re.compile(r"([A-Z][a-z]+)-([a-z]+)")
_ROMAN = re.compile(r"X{0,3}(?:IX|IV|V?I{1,3}|V)")
# A subheading: a few words without digits, commas, brackets or a closing full stop.
_SUBHEADING = re.compile(r"(?:[^\W\d_][^\s\d,()]* ){2,7}[^\W\d_][^\s\d,()]*[^\W\d_]")
_OPENERS = frozenset({".", "!", "?", ":", ";", '"', "“", "”", "'", "‘", "(", "-", "--", "—", "–"})


@dataclass(frozen=True)
class _Limits:
    """Numeric tunables (the "limits" of rules/people.json)."""

    shout_ratio: float  # a line with this share of capitals is a wire headline: skipped
    title_case_ratio: float  # a headline with this share of capitalised words: skipped
    table_lower_ratio: float  # a line with under this share of lower-case words is a table row
    prose_lower_ratio: float  # a line with this share of lower-case words is prose
    wrap_width: int  # a text with wrapped_lines prose lines this long that stop open is
    wrapped_lines: int  # hard-wrapped
    max_name_words: int  # longer runs are no name
    list_share: float  # a list with this share of people is a list of people
    row_share: float  # a table row with this share of people is a row of people


@dataclass(frozen=True)
class _Rules:
    first_names: frozenset[str]
    titles: frozenset[str]
    stop_words: frozenset[str]
    org_words: frozenset[str]
    time_words: frozenset[str]
    facility_last: frozenset[str]
    places: frozenset[str]
    particles: frozenset[str]
    suffixes: frozenset[str]
    speech_verbs: frozenset[str]
    scorecard_cues: frozenset[str]
    weak_titles: frozenset[str]
    hyphen_stop: frozenset[str]
    list_separators: frozenset[str]
    relative_pronouns: frozenset[str]
    articles: frozenset[str]
    company_tails: frozenset[str]
    place_prepositions: frozenset[str]
    limits: _Limits
    syllable: re.Pattern[str]
    hyphen_particle: re.Pattern[str]
    token: re.Pattern[str]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = json.loads(RULES_PATH.read_text(encoding="utf-8"))

    def lower(key: str) -> frozenset[str]:
        return frozenset(_key(w) for w in data[key])

    abbreviations = "|".join(sorted((re.escape(a) for a in data["abbreviations"]), key=len)[::-1])
    token = re.compile(
        rf"(?:{abbreviations})\.(?=\s)"  # "Mr." keeps its dot
        r"|(?:[A-Z]\.)+(?![^\W\d_])"  # initials: "P.", "F.W.", "U.S."
        r"|[^\W\d_]+(?:[.'’-][^\W\d_]+)*"  # a word, maybe hyphenated or "O'Neill", "T.O'Gorman"
        r"|['’]s\b"
        r"|\S"
    )
    return _Rules(
        first_names=frozenset(data["first_names"]),
        titles=lower("titles") | lower("honorifics"),
        stop_words=lower("stop_words"),
        org_words=lower("org_words"),
        time_words=lower("time_words"),
        facility_last=lower("facility_last"),
        places=lower("places"),
        particles=frozenset(data["particles"]),
        suffixes=lower("suffixes"),
        speech_verbs=lower("speech_verbs"),
        scorecard_cues=frozenset(data["scorecard_cues"]),
        list_separators=lower("list_separators"),
        relative_pronouns=lower("relative_pronouns"),
        articles=lower("articles"),
        company_tails=frozenset(data["company_tails"]),
        place_prepositions=lower("place_prepositions"),
        limits=_Limits(**data["limits"]),
        weak_titles=lower("weak_titles"),
        hyphen_stop=lower("hyphen_stop"),
        syllable=re.compile(data["syllable_regex"]),
        hyphen_particle=re.compile(
            rf"(?:{'|'.join(map(re.escape, data['hyphen_particles']))})-[A-Z][\w'’-]*"
        ),
        token=token,
    )


def _tokens(line: str, rules: _Rules) -> list[str]:
    """Words, initials and punctuation; a possessive is split off: "Kim's" -> "Kim", "'s"."""
    out: list[str] = []
    for tok in rules.token.findall(line):
        if len(tok) > 2 and tok[-2:] in ("'s", "’s"):
            out += [tok[:-2], "'s"]
        else:
            out.append(tok)
    return out


def _is_shouting(line: str, limits: _Limits) -> bool:
    upper = len(_UPPER.findall(line))
    letters = upper + len(_LOWER.findall(line))
    return letters >= 8 and upper >= limits.shout_ratio * letters


def _unwrap(lines: list[str], limits: _Limits) -> list[str]:
    """Join hard-wrapped prose ("U.S. Trade Representative Clayton" / "Yeutter said he ...").

    A text is hard-wrapped when several long prose lines stop without closing punctuation; then
    a line that stops so goes on in the next one when either is prose. Table rows stay apart
    ("Michael Bevan, Damien" / "Fleming, Jason Gillespie, ..." are two rows' lists), and so
    does a text that is not wrapped.
    """
    texts = [line.strip() for line in lines]
    prose = [_is_prose(t, limits) for t in texts]
    open_end = [
        bool(t) and (t[-1] not in _CLOSERS or bool(_ENDS_IN_INITIAL.search(t))) for t in texts
    ]
    wrapped = sum(
        o and p and len(t) >= limits.wrap_width
        for o, p, t in zip(open_end, prose, texts, strict=True)
    )
    if wrapped < limits.wrapped_lines:
        return texts
    out: list[str] = []
    for i, text in enumerate(texts):
        if i and text and open_end[i - 1] and (prose[i - 1] or prose[i]):
            out[-1] += " " + text
        else:
            out.append(text)
    return out


def _is_prose(line: str, limits: _Limits) -> bool:
    """Most words lower-case (as the scorer tells prose from tables)."""
    words = line.split()
    return sum(w.islower() for w in words) >= limits.prose_lower_ratio * len(words)


def _is_subheading(lines: list[str], i: int) -> bool:
    """A short line standing alone between blank lines, as subheadings do ("Tactical Gains")."""
    alone = (i == 0 or not lines[i - 1].strip()) and (
        i + 1 == len(lines) or not lines[i + 1].strip()
    )
    return alone and bool(_SUBHEADING.fullmatch(lines[i].strip()))


def _is_title_case(line: str, limits: _Limits) -> bool:
    """Most longer words capitalised: "Kim Tells Putin Deepening Ties Is a Priority"."""
    words = [w for w in line.split() if len(w) > 3 and w[0].isalpha()]
    capitalised = sum(w[0].isupper() for w in words)
    return len(words) >= 3 and capitalised >= limits.title_case_ratio * len(words)


def _is_cap(tok: str) -> bool:
    """A capitalised word that could be part of a name (not an acronym, not a number)."""
    return (
        tok[:1].isupper()
        and not tok.isupper()
        and not _CAPS_RUN.search(tok)  # "GDRs", "WestLB": acronyms, not names
        and not _CONTRACTION.search(tok)  # "I've", "Don't"
        and bool(_CAPITALISED.fullmatch(tok))
    )


def _is_initial(tok: str) -> bool:
    return tok[:1].isupper() and bool(_INITIAL.fullmatch(tok) or _INITIAL_NAME.fullmatch(tok))


def _spans(toks: list[str], rules: _Rules) -> list[tuple[int, int]]:
    """(start, end) of each run of capitalised words, initials and inner name particles."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(toks)
    while i < n:
        if not toks[i][:1].isupper() or not (_is_cap(toks[i]) or _is_initial(toks[i])):
            i += 1
            continue
        j = i + 1
        while j < n:
            if _inner_name_word(toks, j, rules):
                j += 1
            else:
                k = j
                while k < n and toks[k] in rules.particles:
                    k += 1
                if k in (j, n) or not _is_cap(toks[k]):
                    break
                j = k + 1
        spans.append((i, j))
        i = j
    return spans


def _inner_name_word(toks: list[str], j: int, rules: _Rules) -> bool:
    """toks[j] continues a name: a capitalised word, an initial, "al-Abidine", "Henry VIII"."""
    tok = toks[j]
    if _is_cap(tok) or _is_initial(tok) or rules.hyphen_particle.fullmatch(tok):
        return True
    # A one-letter numeral only at the end of a clause: "Elizabeth I," but not "Kim I met".
    return bool(_ROMAN.fullmatch(tok)) and (
        len(tok) > 1 or j + 1 == len(toks) or toks[j + 1] in ",.;:)"
    )


def _is_given(word: str, rules: _Rules) -> bool:
    """A known given name, accents aside ("José" is "Jose")."""
    if word in rules.first_names:
        return True
    if not word.isascii():
        plain = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
        return _is_given(plain, rules) if plain and plain != word else False
    # "Anne-Sophie": both parts given names.
    parts = word.split("-")
    return len(parts) > 1 and all(p in rules.first_names for p in parts)


def _is_korean_given(word: str, rules: _Rules) -> bool:
    m = _HYPHEN_GIVEN.fullmatch(word)
    return bool(
        m
        and m.group(2) not in rules.hyphen_stop
        and rules.syllable.fullmatch(m.group(1).lower())
        and rules.syllable.fullmatch(m.group(2))
    )


def _context_cue(toks: list[str], start: int, end: int, rules: _Rules) -> str:
    """What the words around toks[start:end] say of it: a cue name, or "" for nothing."""
    raw_before = toks[start - 1] if start > 0 else ""
    before = _key(raw_before)
    after = toks[end : end + 4]
    a0 = after[0].lower() if after else ""
    if raw_before == "(":  # "(Narbonne, capt)", "(Worcester Warriors)": a note, no name
        return ""
    if _is_person_title(before, rules) or raw_before in rules.scorecard_cues:
        return "role"
    if before in rules.titles:  # "adviser Vafa Gulizade", but "rival Sony" is no person
        return _WEAK_ROLE
    if _ORDINAL.fullmatch(a0):  # "Scorers: Joakim Persson 81st minute"
        return "ordinal"
    if before in rules.speech_verbs:
        return "said"
    if a0 in rules.speech_verbs:  # as often a company or a paper: only completes a name
        return _WEAK
    if a0 == "," and len(after) > 1:
        a1 = after[1].lower()
        if a1 in rules.relative_pronouns:
            return "who"
        # Apposition: "Constand Viljoen, leader of ...", "X, the party's chairman"; the role in
        # lower case ("Woman's Hour, Mr Howard" is two names).
        at = 2 if a1 in rules.articles else 1
        role = toks[end + at] if end + at < len(toks) else ""
        following = toks[end + at + 1] if end + at + 1 < len(toks) else ""
        if role.islower() and role in rules.titles and not following[:1].isupper():
            return _WEAK_ROLE
        if _AGE.fullmatch(a1) and len(after) > 2 and after[2] == ",":
            return "age"
    if a0 == "(" and len(after) > 2:
        inner = _key(after[1])
        if _ORDINAL.fullmatch(inner):  # "Dean Saunders (2nd minute, 75th)"
            return "ordinal"
        if after[2] == ")" and inner in rules.places:
            return "country"
        if after[2] == ")" and inner in rules.titles:
            return "role"
    return ""


def _classify(toks: list[str], start: int, end: int, rules: _Rules) -> tuple[list[str], str] | None:
    """The name words of a candidate span and the evidence that it is a person ("" for none).

    None when the span names an organisation or a place, or holds nothing name-like.
    """
    words = toks[start:end]
    evidence = ""
    # Cut everything up to the last title: "Russian Defence Minister Sergei Shoigu".
    for k in range(len(words) - 1, -1, -1):
        title = _key(words[k])
        if title in rules.titles:
            if k == len(words) - 1:
                if k and _is_given(words[k - 1], rules):  # "John Major", "Billie Jean King"
                    continue
                return None  # "Opec President", "the Foreign Minister"
            words = words[k + 1 :]
            evidence = "title" if _is_person_title(title, rules) else _WEAK_ROLE
            break
    # "Jose Miguel Insulza Monday", "Al Unser Jr": the name ends before.
    while words and (_key(words[-1]) in rules.suffixes or _key(words[-1]) in rules.time_words):
        words = words[:-1]
    if not words:
        return None
    lead = _lead_in(words, start == 0 or toks[start - 1] in _OPENERS, rules)
    if lead is None:
        return None
    words = words[lead:]
    if not words or len(words) > rules.limits.max_name_words:
        return None
    if _names_something_else(toks, start, end, len(words) > 1 and not evidence, rules):
        return None
    lowered = [_key(w) for w in words]
    given = _is_given(words[0], rules)
    # "P. Simmons", but not "U.S. Steel" nor "Cofinec S.A."
    initial = _is_initial(words[0]) and not _is_place(lowered[0], rules)
    if (
        any(w in rules.org_words or w in rules.time_words for w in lowered)
        or all(w in rules.titles for w in lowered)
        or (not (given or initial) and any(w in rules.stop_words for w in lowered))
    ):
        return None
    if (_is_place(lowered[0], rules) and not given) or any(
        _is_place(w, rules) for w in lowered[1:-1]
    ):
        return None
    # A place word ends a name only after a given name: "Anthony Washington", not "S. Korea";
    # "Ellis Park" is a ground all the same.
    if (_is_place(lowered[-1], rules) and not given) or lowered[-1] in rules.facility_last:
        return None
    if len(words) >= 2 and (given or initial):
        return words, "given"
    if len(words) >= 2 and _is_korean_given(words[-1], rules):
        return words, "hyphen"
    if len(words) == 1 and _INITIAL_NAME.fullmatch(words[0]):
        return words, "initial"
    return words, evidence or _context_cue(toks, start, end, rules)


def _names_something_else(
    toks: list[str], start: int, end: int, full_name_unsure: bool, rules: _Rules
) -> bool:
    """The words around toks[start:end] make it a company, a place or a modifier."""
    after = toks[end] if end < len(toks) else ""
    # A company suffix in capitals ("Stora Kopparbergs Bergslags AB"), "Merrill Lynch & Co",
    # "Morgan Stanley and Co".
    if (after.isupper() and _key(after) in rules.org_words) or after == "&":
        return True
    if after == "and" and end + 1 < len(toks) and toks[end + 1] in rules.company_tails:
        return True
    # "an analyst at James Capel", "at Ellis Park".
    if full_name_unsure and start > 0 and toks[start - 1] in rules.place_prepositions:
        return True
    # A modifier of the next name: "Surrey captain Chris Lewis", "Jupiter Research analyst X".
    return after in rules.titles and bool(toks[end + 1 : end + 2]) and _is_cap(toks[end + 1])


def _lead_in(words: list[str], sentence_start: bool, rules: _Rules) -> int | None:
    """How many words to cut before the name: function, place and organisation words
    ("While Kim", "Briton Tim Henman", "State John Kornblum"), or a sentence's first word
    before a given name ("Controversial Australian Anthony Hill"). None: no name here."""
    lead = 0
    while (
        lead < len(words) - 1
        and not _is_given(words[lead], rules)
        and _is_lead_in(words[lead], rules)
    ):
        lead += 1
    ok = (
        lead == 0
        or _is_given(words[lead], rules)
        or all(w.lower() in rules.stop_words for w in words[:lead])
    )
    if sentence_start and not _is_given(words[0], rules) and not (ok and lead):
        k = 1
        while k < len(words) - 1 and _is_lead_in(words[k], rules):
            k += 1
        if k < len(words) - 1 and _is_given(words[k], rules):
            return k
    return lead if ok else None


def _is_lead_in(word: str, rules: _Rules) -> bool:
    """A word that may stand before a name in its run: "While", "Briton", "U.S.", "Dutch-born"."""
    key = _key(word)
    return (
        word.lower() in rules.stop_words  # not _key: "I." is an initial, not "I"
        or _is_place(key, rules)
        or key in rules.org_words
        or key.rpartition("-")[2] in rules.hyphen_stop
    )


def _key(word: str) -> str:
    """A word as the lists hold it: lower case, no full stops ("U.S." is "us", "Mr." "mr")."""
    return word.lower().replace(".", "")


def _is_place(word: str, rules: _Rules) -> bool:
    """A place or its adjective, also hyphenated: "Somali-Dutch", "Austro-Hungarian"."""
    return word in rules.places or ("-" in word and all(p in rules.places for p in word.split("-")))


def _is_person_title(word: str, rules: _Rules) -> bool:
    """A title that makes the next word a person: not "General Tire", "rival Sony"."""
    return word in rules.titles and word not in rules.weak_titles


def _is_note(toks: list[str], start: int, end: int) -> bool:
    """A note in brackets after an entry: "Ben Hinshelwood (Worcester Warriors)", "(Narbonne,
    capt)"; not a substitute: "(Alama Ieremia, 70)"."""
    if start == 0 or toks[start - 1] != "(":
        return False
    rest = toks[end : end + 3]
    return rest[:1] == [")"] or (
        len(rest) == 3 and rest[0] == "," and rest[1].isalpha() and rest[2] == ")"
    )


class _Mention(NamedTuple):
    words: tuple[str, ...]
    pos: int  # token position in the text, for the order of first mention
    evidence: str  # why it is a person ("" for no evidence)
    group: int  # mentions in one list ("A, B and C") share a group
    table: int  # the line number when the line is a table row (few lower-case words), else -1


def _mentions(headline: str, body: str, rules: _Rules) -> list[_Mention]:
    """Every candidate name of the text, in text order."""
    out: list[_Mention] = []
    pos = group = 0
    # A headline or subheading in capitals or in Title Case shows no names by their capitals.
    lines = [headline or "", *_unwrap((body or "").splitlines(), rules.limits)]
    for number, line in enumerate(lines):
        if (
            not line.strip()
            or _is_shouting(line, rules.limits)
            or (
                (number == 0 or _is_subheading(lines, number))
                and _is_title_case(line, rules.limits)
            )
        ):
            continue
        toks = _tokens(line, rules)
        words = [t for t in toks if t[0].isalpha()]
        lower = sum(t.islower() for t in words)
        table = number if lower < rules.limits.table_lower_ratio * len(words) else -1
        prev_end = -1
        for start, end in _spans(toks, rules):
            # A "Label:" ("Bowling:", "Hove:") is no entry of a list or row.
            label = toks[end : end + 1] == [":"]
            note = _is_note(toks, start, end)
            if (
                label
                or note
                or not (start == prev_end + 1 and toks[prev_end].lower() in rules.list_separators)
            ):
                group += 1
            prev_end = -1 if label or note else end
            got = _classify(toks, start, end, rules)
            # An organisation or place still counts as a list member: a list of places
            # is no list of people.
            name, evidence = got if got is not None else ([], "")
            # Nor is a row's leading word ("Add Women's ...").
            row = table if start > 0 and not (label or note) else -1
            out.append(_Mention(tuple(name), pos + start, evidence, group, row))
        pos += len(toks) + 1
    return out


def find_people(headline: str, body: str) -> list[str]:
    """Full names of the persons mentioned in an article's headline and body, in order of
    first mention, deduplicated."""
    rules = _rules()
    mentions = _mentions(headline, body, rules)
    return _in_order(_persons(mentions, rules.limits), mentions)


def _persons(mentions: list[_Mention], limits: _Limits) -> set[tuple[str, ...]]:
    """The mentions that are persons, by their evidence and by the company they keep."""
    # A lone word is a person only after a title or role ("President Yeltsin", "coach Hoddle"):
    # "Interfax said" and "Benetton (Italy)" are not.
    sure = set()
    cued = set()
    for m in mentions:
        if m.evidence in _SINGLE_EVIDENCE or (len(m.words) > 1 and m.evidence not in ("", _WEAK)):
            sure.add(m.words)
        if m.evidence and len(m.words) == 1:
            cued.add(m.words[0])
    # A full name is a person when one of its words is, even on weaker evidence than a lone
    # word needs: "wife Naina" ... "Naina Yeltsin", "Orr said" ... "Majorie Orr".
    sure |= {m.words for m in mentions if len(m.words) > 1 and {m.words[0], m.words[-1]} & cued}
    sure |= _list_members(mentions, sure, limits.list_share)
    return sure | _table_names(mentions, sure, limits.row_share)


def _in_order(persons: set[tuple[str, ...]], mentions: list[_Mention]) -> list[str]:
    """Short forms folded into the full names that hold them ("Putin" into "Vladimir Putin"),
    in order of first mention of any part ("Kim tells Putin ..." comes first)."""
    parts = {name: _parts(name) for name in persons}
    inside = {part for name in persons for part in parts[name] if part != name}
    holders: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for name in persons - inside:
        for part in parts[name]:
            holders.setdefault(part, []).append(name)
    first: dict[tuple[str, ...], int] = {}
    for m in mentions:
        for name in holders.get(m.words, ()):
            first.setdefault(name, m.pos)
    out: list[str] = []
    seen: set[str] = set()
    for name in sorted(first, key=first.__getitem__):
        text = " ".join(name)
        if text.lower() not in seen:
            seen.add(text.lower())
            out.append(text)
    return out


def _list_members(
    mentions: list[_Mention], sure: set[tuple[str, ...]], share: float
) -> set[tuple[str, ...]]:
    """The other members of lists that are mostly people: "Given, Breen, Staunton, ..."."""
    words_of_sure = {w for name in sure for w in name}
    groups: dict[int, list[_Mention]] = {}
    for m in mentions:
        groups.setdefault(m.group, []).append(m)
    out: set[tuple[str, ...]] = set()
    for members in groups.values():
        if len(members) < 2:
            continue
        people = sum(
            m.words in sure or (len(m.words) == 1 and m.words[0] in words_of_sure) for m in members
        )
        if people >= 2 and people >= share * len(members):
            out |= {m.words for m in members if m.words}
    return out


def _table_names(
    mentions: list[_Mention], sure: set[tuple[str, ...]], share: float
) -> set[tuple[str, ...]]:
    """The other full names of table rows that are mostly people (line-ups, results)."""
    rows: dict[int, list[tuple[str, ...]]] = {}
    for m in mentions:
        if m.table >= 0 and len(m.words) > 1:
            rows.setdefault(m.table, []).append(m.words)
    out: set[tuple[str, ...]] = set()
    for names in rows.values():
        people = sum(name in sure for name in names)
        if people >= 2 and people >= share * len(names):
            out.update(names)
    return out


def _parts(name: tuple[str, ...]) -> set[tuple[str, ...]]:
    """Every run of whole words of a name, the name included."""
    n = len(name)
    return {name[i:j] for i in range(n) for j in range(i + 1, n + 1)}


def evaluate_entry(text: str) -> list[str]:
    """Scorer adapter: the first non-empty line is the headline, the rest the body."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.strip():
            return find_people(line.strip(), "\n".join(lines[i + 1 :]))
    return []
