"""Stage 7, report: what was found, what is missing, what changed; JSON-safe and identical for
identical input.

Keys (docs/TAILORING.md describes each):
  engine, engine_version, lexicon_version, vocabulary_version, score_weights_version
  score_before, score_after           0-100 (one decimal), before and after tailoring
  breakdown                           per part: weight, before, after, and what was found
  skills                              each skill the posting asks for: found or not, as what,
                                      on which line of your resume
  matched                             skills and terms found where they count
  missing.not_in_resume               skills the posting asks for that the resume lacks,
                                      heaviest first: advice, never added
  missing.in_resume_elsewhere         in the resume, but only where they count for little
  missing.qualifications              a degree or years of experience the resume does not show
  mirrored, summary, added_lines, moved_sections, moved_lines, dropped, top_lines, posting, resume
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tailor_core.engine.knowledge.lexicon import get_lexicon
from tailor_core.engine.match import Found, relevance, section_name
from tailor_core.engine.plan.plan import Plan
from tailor_core.engine.read_posting.requirements import PostingSkill, Requirements
from tailor_core.engine.read_resume.sections import DEGREE_NAMES
from tailor_core.engine.score import Evaluation
from tailor_core.engine.text import split_lines
from tailor_core.engine.weights import PARTS, part_weights, score_weights_version

ENGINE_NAME = "skills-v3"
ENGINE_VERSION = "3.0.0"
TOP_LINES = 5
_EXCERPT_CHARS = 200


def build_report(
    req: Requirements, before: Evaluation, after: Evaluation, plan: Plan
) -> dict[str, Any]:
    lexicon = get_lexicon()
    skills = [_skill_row(skill, before, after) for skill in req.skills]
    matched = [s.form for s in req.skills if after.skills[s.key].found >= Found.ALIAS]
    matched += [t.term for t in req.terms if after.terms[t.term] is Found.EXACT]
    return {
        "engine": ENGINE_NAME,
        "engine_version": ENGINE_VERSION,
        "lexicon_version": lexicon.version,
        "vocabulary_version": lexicon.vocabulary_version,
        "score_weights_version": score_weights_version(),
        "score_before": _shown(before.score),
        "score_after": _shown(after.score),
        "breakdown": _breakdown(req, before, after),
        "skills": skills,
        "matched": _sorted(matched),
        "missing": {
            "not_in_resume": [
                s.form for s in req.skills if after.skills[s.key].found is Found.ABSENT
            ],
            "in_resume_elsewhere": [
                s.form for s in req.skills if after.skills[s.key].found is Found.ELSEWHERE
            ],
            "qualifications": _missing_qualifications(req, after),
        },
        "mirrored": [{"from": old, "to": new} for new, old in plan.mirrored],
        "summary": plan.summary,
        "added_lines": list(plan.added_lines),
        "moved_sections": list(plan.moved_sections),
        "moved_lines": plan.tailoring.moved_lines,
        "dropped": [],
        "top_lines": top_lines(plan),
        "posting": {
            "title_words": list(req.title_words),
            "skills_required": [s.form for s in req.skills if s.required],
            "skills_preferred": [s.form for s in req.skills if not s.required],
            "years_experience": req.years,
            "degree": DEGREE_NAMES.get(req.degree) if req.degree is not None else None,
            "ignored_instructions": req.ignored_sentences,
        },
        "resume": {
            "sections": sorted({str(s) for s in before.resume_map.sections}),
            "entries": [
                {
                    "role": e.role,
                    "employer": e.employer,
                    "dates": e.dates,
                    "line": e.line + 1,
                }
                for e in before.resume_map.entries
            ],
            "degree": DEGREE_NAMES.get(before.degree) if before.degree is not None else None,
            "relevant_years": round(before.years, 1),
        },
        "posting_terms": [
            {"term": label, "weight": weight}
            for label, weight in sorted(
                [(s.form, s.weight) for s in req.skills] + [(t.term, t.weight) for t in req.terms],
                key=lambda item: (-item[1], item[0].casefold(), item[0]),
            )
        ],
    }


def _skill_row(skill: PostingSkill, before: Evaluation, after: Evaluation) -> dict[str, Any]:
    # Lines are numbered in the resume as the person wrote it, so "line 14" is findable.
    evidence = before.skills[skill.key]
    state = after.skills[skill.key].found
    return {
        "skill": skill.form,
        "required": skill.required,
        "weight": skill.weight,
        "found": state is not Found.ABSENT,
        "where": _WHERE[state],
        "as": evidence.surface or None,
        "line": evidence.line + 1 if evidence.line is not None else None,
        "section": section_name(before.resume_map, evidence.line),
    }


_WHERE = {
    Found.ABSENT: "not in resume",
    Found.ELSEWHERE: "only outside the main sections",
    Found.ALIAS: "under another name",
    Found.EXACT: "as the posting writes it",
}


def _missing_qualifications(req: Requirements, after: Evaluation) -> list[str]:
    missing: list[str] = []
    if req.degree is not None and (after.degree is None or after.degree < req.degree):
        missing.append(f"{DEGREE_NAMES[req.degree]} degree")
    if req.years is not None and after.years < req.years:
        missing.append(
            f"{req.years}+ years of relevant experience (the resume shows {after.years:.1f})"
        )
    return missing


def _shown(score: float) -> float:
    return round(score, 1)


def top_lines(plan: Plan) -> list[dict[str, Any]]:
    added = set(plan.added_lines)
    scored: list[tuple[float, int, str, frozenset[str]]] = []
    for position, (content, _) in enumerate(split_lines(plan.text)):
        if content.strip() in added or not content.strip():
            continue
        terms = plan.match(content)
        score = relevance(terms, plan.weights)
        if score > 0:
            scored.append((-score, position, content, terms))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [
        {"text": _excerpt(content), "score": -negative, "terms": sorted(terms)}
        for negative, _, content, terms in scored[:TOP_LINES]
    ]


def _breakdown(req: Requirements, before: Evaluation, after: Evaluation) -> dict[str, Any]:
    weights = part_weights()
    details: dict[str, Callable[[Evaluation], str]] = {
        "skills": lambda e: _skill_detail(req, e),
        "title": lambda e: (
            f"{len(e.title_found)} of {len(req.title_words)} title words in your titles"
            + (f" (as {e.title_entry.role})" if e.title_entry and e.title_entry.role else "")
        ),
        "years": lambda e: (
            f"{e.years:.1f} years of relevant experience; the posting asks for "
            + (f"{req.years}+" if req.years else "none in particular")
        ),
        "education": lambda e: (
            f"posting names a {DEGREE_NAMES[req.degree or 1]} degree; resume shows "
            + (DEGREE_NAMES[e.degree] if e.degree else "none")
        ),
        "terms": lambda e: (
            f"{sum(1 for s in e.terms.values() if s is Found.EXACT)} of {len(req.terms)} "
            "other rare posting terms where they count"
        ),
    }
    total = sum(weights[name] for name in after.parts)
    return {
        name: {
            "weight": round(100 * weights[name] / total, 1) if total else 0.0,
            "before": _shown(100 * before.parts[name]),
            "after": _shown(100 * after.parts[name]),
            "found": details[name](after),
        }
        for name in PARTS
        if name in after.parts
    }


def _skill_detail(req: Requirements, e: Evaluation) -> str:
    states = [e.skills[skill.key].found for skill in req.skills]
    return (
        f"{sum(1 for s in states if s is Found.EXACT)} of {len(states)} skills with the "
        f"posting's exact term, {sum(1 for s in states if s is Found.ALIAS)} under another "
        f"name, {sum(1 for s in states if s is Found.ELSEWHERE)} only outside the main sections"
    )


def _sorted(labels: Any) -> list[str]:
    return sorted(labels, key=lambda label: (label.casefold(), label))


def _excerpt(content: str) -> str:
    text = content.strip()
    return text if len(text) <= _EXCERPT_CHARS else text[: _EXCERPT_CHARS - 1] + "…"
