"""Scoring a resume against what a posting asks for, with a breakdown a person can follow.

Four parts, each 0-100, weighted: hard skills 50, title 15, education 10, other terms 25. A
part the posting gives nothing for (no degree named, no title) drops out and the others are
rescaled. Where a term is found matters: full credit in the sections a reader looks at
(summary, experience, skills, certifications, projects, education), half credit anywhere else
(interests, contact block), and a skill written differently from the posting (Postgres for
PostgreSQL) gets three quarters, because screening systems reward the posting's exact term.
Exact fractions, no floats, so the score is byte-for-byte repeatable.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from fractions import Fraction

from tailor_core.engine.knowledge.lexicon import get_lexicon, same_term
from tailor_core.engine.read_posting.requirements import Requirements
from tailor_core.engine.read_resume.layout import Layout, parse_resume
from tailor_core.engine.read_resume.sections import ResumeMap, Section, degree_levels, map_resume

WEIGHTS = {"hard_skills": 50, "title": 15, "education": 10, "other_terms": 25}


class Found(enum.IntEnum):
    ABSENT = 0
    ELSEWHERE = 1
    ALIAS = 2
    EXACT = 3


CREDIT = {
    Found.ABSENT: Fraction(0),
    Found.ELSEWHERE: Fraction(1, 2),
    Found.ALIAS: Fraction(3, 4),
    Found.EXACT: Fraction(1),
}


@dataclass(frozen=True)
class Evaluation:
    score: int
    parts: dict[str, int]  # part -> 0-100, only the parts that apply
    skills: dict[str, Found]  # skill key -> where found
    terms: dict[str, Found]  # other term -> where found (EXACT or ELSEWHERE or ABSENT)
    title_found: tuple[str, ...]
    degree: int | None
    layout: Layout
    resume_map: ResumeMap


def evaluate(text: str, req: Requirements) -> Evaluation:
    layout = parse_resume(text)
    resume_map = map_resume(layout)
    lexicon = get_lexicon()
    wanted_skills = {skill.key: skill.form for skill in req.skills}
    wanted_terms = {term.term for term in req.terms}
    skills = dict.fromkeys(wanted_skills, Found.ABSENT)
    terms = dict.fromkeys(wanted_terms, Found.ABSENT)
    headline: set[str] = set()
    for index, line in enumerate(layout.lines):
        counts = resume_map.counts(index)
        for hit in lexicon.find(line.content):
            if hit.key in skills:
                if not counts:
                    found = Found.ELSEWHERE
                elif same_term(hit.surface, wanted_skills[hit.key]):
                    found = Found.EXACT
                else:
                    found = Found.ALIAS
                skills[hit.key] = max(skills[hit.key], found)
        line_features = req.finder(line.content)
        for term in wanted_terms & line_features:
            terms[term] = max(terms[term], Found.EXACT if counts else Found.ELSEWHERE)
        if resume_map.sections[index] in (Section.SUMMARY, Section.CONTACT):
            headline |= line_features
    for entry in resume_map.entries:
        headline |= req.finder(entry.role)
    title_found = tuple(word for word in req.title_words if word in headline)
    levels = degree_levels(text)
    degree = levels[0] if levels else None
    parts = _parts(req, skills, terms, title_found, degree)
    total = sum(WEIGHTS[name] for name in parts)
    weighted = sum((WEIGHTS[name] * value for name, value in parts.items()), Fraction(0))
    score = round(weighted / total) if total else 0
    return Evaluation(
        score=score,
        parts={name: round(value) for name, value in parts.items()},
        skills=skills,
        terms=terms,
        title_found=title_found,
        degree=degree,
        layout=layout,
        resume_map=resume_map,
    )


def _parts(
    req: Requirements,
    skills: dict[str, Found],
    terms: dict[str, Found],
    title_found: tuple[str, ...],
    degree: int | None,
) -> dict[str, Fraction]:
    parts: dict[str, Fraction] = {}
    if req.skills:
        asked = sum(skill.weight for skill in req.skills)
        got = sum((skill.weight * CREDIT[skills[skill.key]] for skill in req.skills), Fraction(0))
        parts["hard_skills"] = 100 * got / asked
    if req.title_words:
        parts["title"] = Fraction(100 * len(title_found), len(req.title_words))
    if req.degree is not None:
        if degree is not None and degree >= req.degree:
            parts["education"] = Fraction(100)
        else:
            parts["education"] = Fraction(50 if degree is not None else 0)
    if req.terms:
        asked = sum(term.weight for term in req.terms)
        got = sum((term.weight * CREDIT[terms[term.term]] for term in req.terms), Fraction(0))
        parts["other_terms"] = 100 * got / asked
    return parts
