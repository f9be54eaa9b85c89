"""Stage 4, score: how well a resume matches a posting, as a recruiter would weigh it.

Five parts, each 0-1: the posting's skills (a required one counts double a preferred one,
each weighted by how telling it is; a required licence more, a skill only listed and never
shown in work less), the title (in the person's own entry headers, the latest counting most),
years of relevant experience (from the resume's date ranges, against the posting's "5+
years"), the degree, and the posting's other rare terms. A part the posting gives nothing for
(no degree named) drops out and the others are rescaled. The parts' weights and the two skill
rules are not set by hand: they are fitted on one half of a ranking benchmark and checked on
the other (bench/engine_eval.py, docs/TAILORING.md), and shipped in data/score_weights.json.

Every part counts presence, never volume: padding a resume with unrelated text cannot raise it.
The score is continuous (no ties from rounding); reports show it 0-100 with one decimal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from tailor_core.engine.match import (
    Evidence,
    Found,
    demonstrated,
    evidence_lines,
    find_skills,
    find_terms,
    skills_by_line,
    title_words_in,
)
from tailor_core.engine.read_posting.requirements import PostingSkill, Requirements
from tailor_core.engine.read_resume.entries import Entry, Span
from tailor_core.engine.read_resume.layout import Layout, parse_resume
from tailor_core.engine.read_resume.sections import (
    ResumeMap,
    Section,
    degrees_in_lines,
    map_resume,
)
from tailor_core.engine.weights import SkillRules, part_weights, skill_rules

CREDIT = {
    Found.ABSENT: 0.0,
    Found.ELSEWHERE: 0.5,
    Found.ALIAS: 0.85,
    Found.EXACT: 1.0,
}
# Older entries say less about what the person does now.
RECENCY = (1.0, 0.9, 0.8)
# A title written only in the person's own summary or headline, not in an entry header.
HEADLINE_CREDIT = 0.8
# Years a posting is taken to expect when it names none.
DEFAULT_YEARS = 2


@dataclass(frozen=True)
class Evaluation:
    score: float  # 0-100, continuous
    parts: dict[str, float]  # part -> 0-1, only the parts that apply
    skills: dict[str, Evidence]  # skill key -> best evidence
    shown: frozenset[str]  # skill keys named in experience or projects, not only listed
    terms: dict[str, Found]  # other term -> where found
    title_found: tuple[str, ...]
    title_entry: Entry | None  # the entry whose header matched the title best
    years: float  # years of relevant experience
    degree: int | None
    layout: Layout
    resume_map: ResumeMap


def evaluate(
    text: str,
    req: Requirements,
    today: date,
    ignore: frozenset[int] = frozenset(),
    weights: dict[str, float] | None = None,
    rules: SkillRules | None = None,
) -> Evaluation:
    """Score `text` against `req`; lines in `ignore` (a generated summary) are not evidence."""
    rules = rules or skill_rules()
    layout = parse_resume(text)
    resume_map = map_resume(layout)
    texts = evidence_lines(layout, resume_map)
    by_line = skills_by_line(layout, req, texts, ignore)
    skills = find_skills(resume_map, req, texts, by_line)
    shown = demonstrated(resume_map, by_line)
    terms = find_terms(layout, resume_map, req, ignore)
    title_value, title_found, title_entry = _title(layout, resume_map, req, ignore)
    years = _relevant_years(layout, resume_map, req, frozenset(by_line), today)
    levels = degrees_in_lines(
        line.content for i, line in enumerate(layout.lines) if i not in ignore
    )
    degree = levels[0] if levels else None
    parts: dict[str, float] = {}
    if req.skills:
        parts["skills"] = skills_part(req, skills, shown, rules)
    if req.title_words:
        parts["title"] = title_value
    parts["years"] = years_part(years, req.years or DEFAULT_YEARS)
    if req.degree is not None:
        parts["education"] = (
            1.0
            if degree is not None and degree >= req.degree
            else (0.5 if degree is not None else 0.0)
        )
    if req.terms:
        asked = sum(term.weight for term in req.terms)
        got = sum(term.weight * CREDIT[terms[term.term]] for term in req.terms)
        parts["terms"] = got / asked
    return Evaluation(
        score=combine(parts, weights or part_weights()),
        parts=parts,
        skills=skills,
        shown=shown,
        terms=terms,
        title_found=title_found,
        title_entry=title_entry,
        years=years,
        degree=degree,
        layout=layout,
        resume_map=resume_map,
    )


def with_mirrored_names(
    before: Evaluation,
    req: Requirements,
    mirrored_at: Mapping[int, frozenset[str]],
    weights: dict[str, float] | None = None,
    rules: SkillRules | None = None,
) -> Evaluation:
    """The evaluation once the posting's names were written beside their synonyms.

    Mirroring adds the posting's own spelling of a skill on a line that already named it,
    and changes nothing else a part reads: the same skills on the same lines (so `shown` and
    the years stay), no title, date or degree line touched. So only those skills' evidence
    rises (to EXACT where the line counts), and the skills part is recomputed from it;
    tests/unit/engine/test_corpus.py checks this against reading the tailored text whole.
    """
    rules = rules or skill_rules()
    skills = dict(before.skills)
    for index in sorted(mirrored_at):
        found = Found.EXACT if before.resume_map.counts(index) else Found.ELSEWHERE
        for key in sorted(mirrored_at[index]):
            current = skills[key]
            # The best evidence wins, and among equals the first line, as in find_skills.
            if found > current.found or (
                found == current.found and current.line is not None and index < current.line
            ):
                skills[key] = Evidence(found, req.skill_by_key[key].form, index)
    parts = dict(before.parts)
    if req.skills:
        parts["skills"] = skills_part(req, skills, before.shown, rules)
    return replace(
        before, score=combine(parts, weights or part_weights()), parts=parts, skills=skills
    )


def skills_part(
    req: Requirements, skills: dict[str, Evidence], shown: frozenset[str], rules: SkillRules
) -> float:
    """Share of the posting's skill weight the resume covers, 0-1."""
    asked = sum(_weight(skill, rules) for skill in req.skills)
    got = sum(
        _weight(skill, rules) * _credit(skill, skills[skill.key].found, shown, rules)
        for skill in req.skills
    )
    return got / asked if asked else 0.0


def _weight(skill: PostingSkill, rules: SkillRules) -> float:
    return skill.weight * (rules.credential if skill.credential and skill.required else 1.0)


def _credit(skill: PostingSkill, found: Found, shown: frozenset[str], rules: SkillRules) -> float:
    credit = CREDIT[found]
    if found >= Found.ALIAS and not skill.credential and skill.key not in shown:
        credit *= rules.listed_only
    return credit


def years_part(years: float, asked: float) -> float:
    """Mostly whether the resume has the years asked for; a little for up to twice as many,
    as a recruiter prefers more experience but with quickly diminishing returns."""
    return 0.75 * min(1.0, years / asked) + 0.25 * min(1.0, years / (2 * asked))


def combine(parts: dict[str, float], weights: dict[str, float]) -> float:
    total = sum(weights[name] for name in parts)
    if total <= 0:
        return 0.0
    return 100 * sum(weights[name] * value for name, value in parts.items()) / total


def _title(
    layout: Layout, resume_map: ResumeMap, req: Requirements, ignore: frozenset[int]
) -> tuple[float, tuple[str, ...], Entry | None]:
    """The best share of the title's weight found in one entry header (recent ones count
    more) or, for a little less, in the person's own headline or summary."""
    total = sum(req.title_weights.values())
    best, best_words, best_entry = 0.0, frozenset[str](), None
    for rank, entry in enumerate(newest_first(resume_map.entries)):
        found = frozenset(title_words_in(entry.header)) & req.title_weights.keys()
        value = RECENCY[min(rank, len(RECENCY) - 1)] * _share(found, req, total)
        if value > best:
            best, best_words, best_entry = value, found, entry
    for index, line in enumerate(layout.lines):
        if index in ignore or resume_map.sections[index] not in (Section.CONTACT, Section.SUMMARY):
            continue
        found = frozenset(title_words_in(line.content)) & req.title_weights.keys()
        value = HEADLINE_CREDIT * _share(found, req, total)
        if value > best:
            best, best_words, best_entry = value, found, None
    ordered = tuple(word for word in req.title_words if word in best_words)
    return best, ordered, best_entry


def _share(found: frozenset[str], req: Requirements, total: float) -> float:
    if not found or not total:
        return 0.0
    # Sorted: float sums must not depend on a set's (hash-seeded) order.
    return sum(req.title_weights[word] for word in sorted(found)) / total


def newest_first(entries: tuple[Entry, ...]) -> list[Entry]:
    """Entries by end date, open-ended first; undated ones keep their place at the end."""

    def key(pair: tuple[int, Entry]) -> tuple[int, int]:
        position, entry = pair
        if entry.span is None:
            return (1, position)
        end = entry.span.end if entry.span.end is not None else 10**6
        return (0, -end * 1000 + position)

    return [entry for _, entry in sorted(enumerate(entries), key=key)]


def _relevant_years(
    layout: Layout,
    resume_map: ResumeMap,
    req: Requirements,
    skill_lines: frozenset[int],
    today: date,
) -> float:
    """Years covered by entries whose header shares a title word or whose lines name a skill
    the posting asks for; overlapping jobs are counted once."""
    entries = resume_map.entries
    spans: list[Span] = []
    for position, entry in enumerate(entries):
        if entry.span is None:
            continue
        end_line = _entry_end(layout, resume_map, entries, position)
        relevant = bool(title_words_in(entry.header) & req.title_weights.keys()) or any(
            entry.first_line <= line < end_line for line in skill_lines
        )
        if relevant:
            spans.append(entry.span)
    return _union_months(spans, today) / 12


def _entry_end(
    layout: Layout, resume_map: ResumeMap, entries: tuple[Entry, ...], position: int
) -> int:
    following = [entry.first_line for entry in entries[position + 1 :]]
    headings = [h for h in resume_map.headings if h > entries[position].line]
    return min([*following[:1], *headings[:1], len(layout.lines)])


def _union_months(spans: list[Span], today: date) -> int:
    ranges = sorted((span.start, span.last_month(today)) for span in spans)
    total = 0
    current_start, current_end = -1, -2
    for start, end in ranges:
        if start > current_end + 1:
            total += max(0, current_end - current_start + 1) if current_start >= 0 else 0
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_start >= 0:
        total += max(0, current_end - current_start + 1)
    return total
