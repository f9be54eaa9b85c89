"""The engine's one entry point: resume text and a posting in, tailored text and report out."""

from __future__ import annotations

from dataclasses import dataclass

from tailor_core.domain import JobPosting, TailoringResult
from tailor_core.engine.plan.plan import Plan, plan_tailoring
from tailor_core.engine.read_posting.requirements import Requirements, analyze_requirements
from tailor_core.engine.report import build_report
from tailor_core.engine.score import Evaluation, evaluate
from tailor_core.engine.text import TOKEN_RE
from tailor_core.engine.verify import Allowances, verify_truthful
from tailor_core.errors import PermanentError

EMPTY_RESUME_MESSAGE = "the resume has no text: upload a text-based resume"


@dataclass(frozen=True)
class Prepared:
    """Everything both engines need: the posting's asks, the baseline score and the plan."""

    requirements: Requirements
    before: Evaluation
    plan: Plan


def prepare(resume_text: str, posting: JobPosting) -> Prepared:
    # Text with no word at all (whitespace, or the dashes and bullets left by a scanned PDF)
    # is as unusable as an empty upload and gets the same advice.
    if TOKEN_RE.search(resume_text) is None:
        raise PermanentError(EMPTY_RESUME_MESSAGE)
    requirements = analyze_requirements(posting)
    before = evaluate(resume_text, requirements)
    return Prepared(requirements, before, plan_tailoring(resume_text, requirements, before))


def allowances(plan: Plan) -> Allowances:
    return Allowances(mirrored=plan.mirrored, added_lines=plan.added_lines)


def tailor_resume(resume_text: str, posting: JobPosting) -> TailoringResult:
    """Tailor the resume to the posting, truthfully, and report the match.

    Pure and deterministic. Raises PermanentError when either input has nothing to work with,
    or if the result failed the truthfulness check (which would be an engine bug).
    """
    prepared = prepare(resume_text, posting)
    plan = prepared.plan
    verify_truthful(resume_text, plan.text, allowances(plan))
    after = evaluate(plan.text, prepared.requirements)
    report = build_report(prepared.requirements, prepared.before, after, plan)
    return TailoringResult(tailored_text=plan.text, report=report)
