"""The evaluation corpus (tests/eval/corpus/*.json) and the ranking pairs built from it.

Each case is a posting and a resume written to fit it, across twelve professions, with the
posting's skills and the resume's mentions of them annotated by hand (by whoever wrote the
case, not by the engine, so the benchmark does not grade the engine against itself).

Pairs put a matching resume against one that should rank lower for the same posting:

- `degraded`: the same resume with every annotated mention of the posting's skills removed and
  each job shortened to at most a year (the issue's definition of a non-matching resume);
- `other_profession`: the resume of a case from another profession (two per posting);
- `same_profession`: the resume of another specialisation in the same profession (an ICU nurse
  against a school-nurse posting).

Harder kinds, each still unambiguous for a recruiter, reported on their own because the
issue's two kinds alone are separated perfectly by every method on this corpus:

- `fewer_skills`: the same resume without every other annotated skill mention;
- `less_experience`: the same resume with each job cut to at most a year, for postings that
  ask for two or more years (a bag of words barely changes: the dates are the difference);
- `nearest_other`: the resume from another profession that shares the most words with the
  posting (a hard negative, mined with plain word overlap, not with any method measured).

Graded pairs (tests/eval/graded/*.json) are the hardest: for each posting two plausible
applicants of the same field written by hand, one a careful recruiter clearly ranks higher,
the other `junior`, `adjacent_specialty`, `keyword_stuffer`, `career_changer`, `stale` or
`no_credential`, each with a sentence saying why. About a quarter read like text extracted
from a PDF. Their kinds are `graded_<weaker kind>`.

The split into calibration and held-out halves is by case, stratified by profession, from a
hash of the case id: fixed, and independent of anything the engine does.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from tailor_core.domain import JobPosting
from tailor_core.engine.text import tokens
from tailor_core.engine.verify import CONNECTIVE_WORDS

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
GRADED_DIR = Path(__file__).resolve().parent / "graded"
GRADED_KINDS = (
    "junior",
    "adjacent_specialty",
    "keyword_stuffer",
    "career_changer",
    "stale",
    "no_credential",
)
KINDS = (
    "degraded",
    "other_profession",
    "same_profession",
    "fewer_skills",
    "less_experience",
    "nearest_other",
    *(f"graded_{kind}" for kind in GRADED_KINDS),
)
# The benchmark: degraded resumes and resumes of other professions.
HEADLINE_KINDS = ("degraded", "other_profession")
# "Present" in the corpus is dated here, so figures do not drift with the calendar.
CORPUS_TODAY = (2026, 11)

_WORD_RE = re.compile(r"[a-z0-9]+")
_YEAR_RANGE_RE = re.compile(
    r"(?P<start>(?:19|20)\d{2})(?P<gap>\s*(?:-|\u2013|\u2014|to)\s*)"
    r"(?P<end>(?:19|20)\d{2}|present|current|now|date|to date)",
    re.IGNORECASE,
)
_MONTH_YEAR_RE = re.compile(
    r"\b(?:\d{1,2}/|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[ \t]+)"
    r"(?=(?:19|20)\d{2}\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Case:
    id: str
    profession: str
    posting: JobPosting
    resume: str
    posting_skills: tuple[str, ...]
    mentions: tuple[str, ...]
    years_required: int | None

    @property
    def half(self) -> str:
        return _halves()[self.id]


@dataclass(frozen=True)
class Pair:
    case: Case
    kind: str
    better: str  # the resume that should rank higher
    worse: str


@cache
def load_cases() -> tuple[Case, ...]:
    cases: list[Case] = []
    for path in sorted(CORPUS_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for raw in data["cases"]:
            cases.append(
                Case(
                    id=raw["id"],
                    profession=data["profession"],
                    posting=JobPosting(raw["title"], raw["company"], raw["posting"]),
                    resume=raw["resume"],
                    posting_skills=tuple(raw["posting_skills"]),
                    mentions=tuple(raw["resume_skill_mentions"]),
                    years_required=raw["years_required"],
                )
            )
    return tuple(cases)


@cache
def load_graded() -> tuple[tuple[Case, str, str, str], ...]:
    """(case with the strong resume, the weaker resume, its kind, why) for every graded pair."""
    graded: list[tuple[Case, str, str, str]] = []
    for path in sorted(GRADED_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for raw in data["cases"]:
            case = Case(
                id=raw["id"],
                profession=data["profession"],
                posting=JobPosting(raw["title"], raw["company"], raw["posting"]),
                resume=raw["strong"],
                posting_skills=(),
                mentions=(),
                years_required=None,
            )
            graded.append((case, raw["weaker"], raw["weaker_kind"], raw["why"]))
    return tuple(graded)


@cache
def _halves() -> dict[str, str]:
    halves: dict[str, str] = {}
    # Corpus and graded cases are split apart, each stratified by profession.
    groups: dict[tuple[str, str], list[Case]] = {}
    for case in load_cases():
        groups.setdefault(("corpus", case.profession), []).append(case)
    for case, *_ in load_graded():
        groups.setdefault(("graded", case.profession), []).append(case)
    for cases in groups.values():
        ordered = sorted(cases, key=lambda case: hashlib.sha256(case.id.encode()).hexdigest())
        for position, case in enumerate(ordered):
            halves[case.id] = "calibration" if position % 2 == 0 else "held_out"
    return halves


def degrade(case: Case) -> str:
    """The matching resume without the posting's skills and with every job cut to a year."""
    return shorten_experience(remove_mentions(case.resume, case.mentions))


def remove_mentions(text: str, mentions: Iterable[str]) -> str:
    for mention in sorted(set(mentions), key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(mention)}(?!\w)", "", text, flags=re.IGNORECASE)
    # Tidy the holes: "Python, , SQL" -> "Python, SQL"; "(, )" -> "".
    text = re.sub(r"(?:[ \t]*[,;|/][ \t]*){2,}", ", ", text)
    text = re.sub(r"\([ \t]*[,;]?[ \t]*\)", "", text)
    return re.sub(r"[ \t]+([,.;])", r"\1", text)


def shorten_experience(text: str) -> str:
    """Every date range cut to its last year ("2016 - 2021" -> "2021 - 2021")."""

    def shorten(match: re.Match[str]) -> str:
        end_text = match.group("end")
        end = int(end_text) if end_text.isdigit() else CORPUS_TODAY[0]
        start = max(int(match.group("start")), end)
        return f"{start}{match.group('gap')}{end_text}"

    # "Jan 2015 - Present" -> "2025 - Present": the month goes with the year it named.
    return _YEAR_RANGE_RE.sub(shorten, _MONTH_YEAR_RE.sub("", text))


@cache
def build_pairs() -> tuple[Pair, ...]:
    cases = load_cases()
    professions = sorted({case.profession for case in cases})
    by_profession = {p: [c for c in cases if c.profession == p] for p in professions}
    pairs: list[Pair] = []
    for case in cases:
        own = by_profession[case.profession]
        position = own.index(case)
        pairs.append(Pair(case, "degraded", case.resume, degrade(case)))
        here = professions.index(case.profession)
        for step in (1, 5):
            other = by_profession[professions[(here + step) % len(professions)]]
            pairs.append(
                Pair(case, "other_profession", case.resume, other[position % len(other)].resume)
            )
        rival = own[(position + 1) % len(own)]
        pairs.append(Pair(case, "same_profession", case.resume, rival.resume))
        half = sorted(set(case.mentions))[::2]
        pairs.append(Pair(case, "fewer_skills", case.resume, remove_mentions(case.resume, half)))
        if (case.years_required or 0) >= 2:
            shorter = shorten_experience(case.resume)
            pairs.append(Pair(case, "less_experience", case.resume, shorter))
        nearest = max(
            (c for c in cases if c.profession != case.profession),
            key=lambda c: (_overlap(case.posting.description, c.resume), c.id),
        )
        pairs.append(Pair(case, "nearest_other", case.resume, nearest.resume))
    for case, weaker, kind, _ in load_graded():
        pairs.append(Pair(case, f"graded_{kind}", case.resume, weaker))
    return tuple(pairs)


def _overlap(first: str, second: str) -> float:
    """Jaccard overlap of the two texts' lower-case word sets."""
    a, b = set(_WORD_RE.findall(first.casefold())), set(_WORD_RE.findall(second.casefold()))
    return len(a & b) / len(a | b) if a | b else 0.0


def corpus_resumes() -> list[tuple[Case, str]]:
    """Every resume of the corpus, as written and degraded, with the case it belongs to."""
    return [(case, text) for case in load_cases() for text in (case.resume, degrade(case))]


def tailoring_runs() -> list[tuple[str, Case, str, JobPosting]]:
    """(name, case, resume, posting): every corpus resume against its own posting and against
    another case's, the runs the tests and bench/engine_eval.py check tailoring on."""
    cases = load_cases()
    runs = []
    for position, (case, text) in enumerate(corpus_resumes()):
        variant = ("as-written", "degraded")[position % 2]
        other = cases[(position * 7 + 3) % len(cases)]
        for target, posting in (("own", case.posting), ("other", other.posting)):
            runs.append((f"{case.id}-{variant}-{target}", case, text, posting))
    return runs


def lost_words(resume: str, tailored: str) -> Counter[str]:
    """Words the person wrote that the tailored text has fewer of."""
    return Counter(tokens(resume)) - Counter(tokens(tailored))


def unbacked_words(resume: str, tailored: str, report: dict[str, Any]) -> set[str]:
    """Words of the tailored text the resume lacks, beyond the mirrored skill names and the
    summary's connective words."""
    allowed = {word for m in report["mirrored"] for word in tokens(m["to"])} | CONNECTIVE_WORDS
    return set(tokens(tailored)) - set(tokens(resume)) - allowed
