"""The engine's entry points: read the resume and the posting, match, score, plan, verify, report.

| stage         | module                          |
|---------------|---------------------------------|
| read resume   | read_resume (layout, sections, entries) |
| read posting  | read_posting (requirements, discover, boilerplate, terms) |
| match         | match                           |
| score         | score                           |
| plan          | plan (reorder, items, plan)     |
| verify        | verify                          |
| report        | report                          |
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from tailor_core.domain import JobPosting, TailoringResult
from tailor_core.engine.plan.plan import Plan, plan_tailoring, unchanged_plan
from tailor_core.engine.read_posting.requirements import Requirements, analyze_requirements
from tailor_core.engine.report import build_report
from tailor_core.engine.score import Evaluation, evaluate, with_mirrored_names
from tailor_core.engine.text import TOKEN_RE, split_lines
from tailor_core.engine.verify import Allowances, verify_truthful
from tailor_core.errors import PermanentError

EMPTY_RESUME_MESSAGE = "the resume has no text: upload a text-based resume"


@dataclass(frozen=True)
class Prepared:
    """Everything both engines need: the posting's asks, the baseline score and the plan."""

    requirements: Requirements
    before: Evaluation
    plan: Plan
    today: date


def prepare(resume_text: str, posting: JobPosting, today: date | None = None) -> Prepared:
    # Text with no word at all (whitespace, or the dashes and bullets left by a scanned PDF)
    # is as unusable as an empty upload and gets the same advice.
    if TOKEN_RE.search(resume_text) is None:
        raise PermanentError(EMPTY_RESUME_MESSAGE)
    # "Present" in a date range means the day of tailoring.
    today = today or date.today()
    requirements = analyze_requirements(posting)
    before = evaluate(resume_text, requirements, today)
    return Prepared(requirements, before, plan_tailoring(resume_text, requirements, before), today)


def allowances(plan: Plan) -> Allowances:
    return Allowances(mirrored=plan.mirrored, added_lines=plan.added_lines)


def evaluate_tailored(text: str, prepared: Prepared, added: tuple[str, ...]) -> Evaluation:
    """Score a tailored text; the lines tailoring added (the summary) are never evidence."""
    return evaluate(text, prepared.requirements, prepared.today, added_line_indices(text, added))


def score_after(prepared: Prepared) -> Evaluation:
    """The tailored text's evaluation, without reading the tailored text again.

    The tailored text is the original's lines, bullets reordered within their entries and a
    section lifted whole, plus added lines that are never evidence; every part counts
    presence in a section, not position, so the evaluation is the original's, with the
    evidence of the skills whose posting name was written beside a synonym raised
    (tests/unit/engine/test_corpus.py checks both against a full evaluation).
    """
    plan = prepared.plan
    if not plan.mirrored_at:
        return prepared.before
    return with_mirrored_names(prepared.before, prepared.requirements, plan.mirrored_at)


def added_line_indices(text: str, added: tuple[str, ...]) -> frozenset[int]:
    wanted = {" ".join(line.split()) for line in added}
    return frozenset(
        index
        for index, (content, _) in enumerate(split_lines(text))
        if content.strip() and " ".join(content.split()) in wanted
    )


def tailor_resume(
    resume_text: str, posting: JobPosting, today: date | None = None
) -> TailoringResult:
    """Tailor the resume to the posting, truthfully, and report the match.

    Pure and deterministic for a given `today` (which only dates "present" in the resume).
    Raises PermanentError when either input has nothing to work with, or if the result failed
    the truthfulness check (which would be an engine bug).
    """
    prepared = prepare(resume_text, posting, today)
    plan = prepared.plan
    verify_truthful(resume_text, plan.text, allowances(plan))
    after = score_after(prepared)
    if after.score < prepared.before.score:
        # Never hand back a resume that matches worse than the one we were given.
        plan = unchanged_plan(resume_text, plan)
        prepared = replace(prepared, plan=plan)
        after = prepared.before
    report = build_report(prepared.requirements, prepared.before, after, plan)
    return TailoringResult(tailored_text=plan.text, report=report)


def score_resume(resume_text: str, posting: JobPosting, today: date | None = None) -> float:
    """How well the resume, as it is, matches the posting: 0-100, continuous."""
    if TOKEN_RE.search(resume_text) is None:
        raise PermanentError(EMPTY_RESUME_MESSAGE)
    return evaluate(resume_text, analyze_requirements(posting), today or date.today()).score
