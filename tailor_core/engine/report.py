"""The report stored next to the tailored resume: JSON-safe and identical for identical input.

Keys (docs/REPORT.md describes each):
  engine, engine_version, lexicon_version
  score_before, score_after           0-100, before and after tailoring
  breakdown                           per part: weight, before, after, and what was found
  matched                             posting terms found where they count
  missing.in_resume_elsewhere         in the resume, but only where they count for little
  missing.not_in_resume               advice for the person: never added to the resume
  mirrored, summary, added_lines, moved_sections, moved_lines, dropped, top_lines, posting, resume
"""

from __future__ import annotations

from typing import Any

from tailor_core.engine.knowledge.lexicon import get_lexicon
from tailor_core.engine.match import relevance
from tailor_core.engine.plan.plan import Plan
from tailor_core.engine.read_posting.requirements import Requirements
from tailor_core.engine.read_resume.sections import DEGREE_NAMES
from tailor_core.engine.score import WEIGHTS, Evaluation, Found
from tailor_core.engine.text import split_lines

ENGINE_NAME = "keyword-v2"
ENGINE_VERSION = "2.0.0"
TOP_LINES = 5
_EXCERPT_CHARS = 200


def build_report(
    req: Requirements, before: Evaluation, after: Evaluation, plan: Plan
) -> dict[str, Any]:
    labels = {skill.key: skill.form for skill in req.skills}
    found = {labels[key]: state for key, state in after.skills.items()}
    found.update({term.term: after.terms[term.term] for term in req.terms})
    return {
        "engine": ENGINE_NAME,
        "engine_version": ENGINE_VERSION,
        "lexicon_version": get_lexicon().version,
        "score_before": before.score,
        "score_after": after.score,
        "breakdown": _breakdown(req, before, after),
        "matched": _sorted(label for label, state in found.items() if state >= Found.ALIAS),
        "missing": {
            "in_resume_elsewhere": _sorted(
                label for label, state in found.items() if state is Found.ELSEWHERE
            ),
            "not_in_resume": _sorted(
                label for label, state in found.items() if state is Found.ABSENT
            ),
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
                {"role": e.role, "employer": e.employer, "dates": e.dates}
                for e in before.resume_map.entries
            ],
            "degree": DEGREE_NAMES.get(before.degree) if before.degree is not None else None,
        },
        "posting_terms": [
            {"term": label, "weight": weight}
            for label, weight in sorted(
                [(labels[s.key], s.weight) for s in req.skills]
                + [(t.term, t.weight) for t in req.terms],
                key=lambda item: (-item[1], item[0].casefold(), item[0]),
            )
        ],
    }


def top_lines(plan: Plan) -> list[dict[str, Any]]:
    added = set(plan.added_lines)
    scored: list[tuple[int, int, str, frozenset[str]]] = []
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
    details = {
        "hard_skills": lambda e: _skill_detail(req, e),
        "title": lambda e: (
            f"{len(e.title_found)} of {len(req.title_words)} title words in your titles or summary"
        ),
        "education": lambda e: (
            f"posting names a {DEGREE_NAMES[req.degree or 1]} degree; resume shows "
            + (DEGREE_NAMES[e.degree] if e.degree else "none")
        ),
        "other_terms": lambda e: (
            f"{sum(1 for s in e.terms.values() if s is Found.EXACT)} of {len(req.terms)} "
            "other posting terms where they count"
        ),
    }
    return {
        name: {
            "weight": weight,
            "before": before.parts[name],
            "after": after.parts[name],
            "found": details[name](after),
        }
        for name, weight in WEIGHTS.items()
        if name in after.parts
    }


def _skill_detail(req: Requirements, e: Evaluation) -> str:
    states = [e.skills[skill.key] for skill in req.skills]
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
