"""The deterministic tailoring plan: reorder, mirror the posting's terms, lift skills, summarize.

Steps, each of which the verifier can check against the original:
1. bullets within their block and items within a skills line, most relevant first (reorder.py);
2. a skill the resume names by a strict synonym gets the posting's name beside it
   ("Postgres" -> "PostgreSQL (Postgres)"), only in skills lists and bullet text, never in a
   title, an employer, a degree or licence line, or inside a slash compound, and never losing
   a word the person wrote;
3. the skills section moves up, right after the contact block and summary, when it holds a
   skill the posting asks for and sits below the experience section;
4. a one-line targeted summary built only from the resume's latest role, as written, and the
   matched skills; it is never scored as evidence.
"""

from __future__ import annotations

from dataclasses import dataclass

from tailor_core.engine.knowledge.lexicon import get_lexicon
from tailor_core.engine.plan.items import Matcher
from tailor_core.engine.plan.mirror import mirror_line, mirrorable_lines, mirrorable_skills
from tailor_core.engine.plan.reorder import Tailoring, tailor_layout
from tailor_core.engine.plan.summary import insert_summary, summary_line
from tailor_core.engine.read_posting.requirements import Requirements
from tailor_core.engine.read_resume.sections import Section
from tailor_core.engine.score import Evaluation
from tailor_core.engine.text import TermFinder, split_lines

Line = tuple[str, str]  # content, line ending


@dataclass(frozen=True)
class Plan:
    text: str
    mirrored: tuple[tuple[str, str], ...]  # (posting's spelling, resume's spelling), sorted
    # The skill keys mirrored on each line, by the line's index in the original resume.
    mirrored_at: dict[int, frozenset[str]]
    added_lines: tuple[str, ...]
    summary: str | None
    moved_sections: tuple[str, ...]
    tailoring: Tailoring
    weights: dict[str, float]
    match: Matcher


def term_weights(req: Requirements) -> dict[str, float]:
    weights = {term.term: term.weight for term in req.terms}
    weights.update({skill.key: skill.weight for skill in req.skills})
    return weights


def matcher(weights: dict[str, float], finder: TermFinder) -> Matcher:
    """Posting terms a text names; `finder` must look for every key of `weights`."""
    lexicon = get_lexicon()
    # One job asks about the same lines while planning and again for the report; the answer
    # depends on the text alone (weights are fixed here), so each text is matched once.
    seen: dict[str, frozenset[str]] = {}

    def match(text: str) -> frozenset[str]:
        if text not in seen:
            found = finder(text).intersection(weights)
            skills = {hit.key for hit in lexicon.find(text) if hit.key in weights}
            seen[text] = found | skills if skills else found
        return seen[text]

    return match


def plan_tailoring(resume_text: str, req: Requirements, before: Evaluation) -> Plan:
    layout = before.layout
    weights = term_weights(req)
    match = matcher(weights, req.finder)
    line_terms = [match(line.content) for line in layout.lines]
    tailoring = tailor_layout(layout, weights, line_terms, match)
    forms = mirrorable_skills(req, before)
    allowed_lines = mirrorable_lines(before, forms)
    mirrored: set[tuple[str, str]] = set()
    mirrored_at: dict[int, frozenset[str]] = {}
    lines: list[Line] = []
    for content, line, origin in zip(
        tailoring.contents, layout.lines, tailoring.origins, strict=True
    ):
        if origin in allowed_lines:
            keys: set[str] = set()
            content = mirror_line(content, forms, mirrored, keys)
            if keys:
                mirrored_at[origin] = frozenset(keys)
        lines.append((content, line.ending))

    order = list(range(len(lines)))
    moved: tuple[str, ...] = ()
    skills_range = _liftable_skills_section(before, weights)
    if skills_range is not None:
        start, end, target = skills_range
        order = order[:target] + order[start:end] + order[target:start] + order[end:]
        moved = (layout.lines[start].content.strip(),)
    assembled = [lines[index] for index in order]
    if skills_range is not None:
        # A section lifted from the end of the resume has no blank line after it yet.
        start, end, target = skills_range
        after_chunk = target + (end - start)
        real = [line for line in assembled[target:after_chunk] if line != ("", "")]
        if real and real[-1][0].strip():
            newline = next((line.ending for line in layout.lines if line.ending), "\n")
            assembled.insert(after_chunk, ("", newline))
            order.insert(after_chunk, -1)

    summary = summary_line(req, before, {form for form, _ in mirrored})
    added: tuple[str, ...] = ()
    if summary is not None:
        lifted_to = skills_range[2] if skills_range is not None else None
        assembled, added = insert_summary(assembled, order, before, summary, lifted_to)
    return Plan(
        text=_render(assembled, resume_text),
        mirrored=tuple(sorted(mirrored)),
        mirrored_at=mirrored_at,
        added_lines=added,
        summary=summary if added else None,
        moved_sections=moved,
        tailoring=tailoring,
        weights=weights,
        match=match,
    )


def unchanged_plan(resume_text: str, plan: Plan) -> Plan:
    """The plan that hands the resume back as it came."""
    layout_lines = len(plan.tailoring.contents)
    identity = Tailoring(plan.tailoring.contents, tuple(range(layout_lines)), plan.tailoring.terms)
    return Plan(
        text=resume_text,
        mirrored=(),
        mirrored_at={},
        added_lines=(),
        summary=None,
        moved_sections=(),
        tailoring=identity,
        weights=plan.weights,
        match=plan.match,
    )


def _liftable_skills_section(
    before: Evaluation, weights: dict[str, float]
) -> tuple[int, int, int] | None:
    """(start, end, target) line indices when the skills section should move up."""
    resume_map, layout = before.resume_map, before.layout
    headings = resume_map.headings
    bounds = [*headings, len(layout.lines)]
    sections = [resume_map.sections[h] for h in headings]
    if Section.SKILLS not in sections or Section.EXPERIENCE not in sections:
        return None
    position = sections.index(Section.SKILLS)
    if position < sections.index(Section.EXPERIENCE):
        return None
    start, end = bounds[position], bounds[position + 1]
    found = before.skills
    if not any(k in found and found[k].found > 0 for k in _skill_keys(layout, start, end)):
        return None
    target = bounds[1] if sections[0] is Section.SUMMARY else bounds[0]
    return start, end, target


def _skill_keys(layout: object, start: int, end: int) -> set[str]:
    lines = getattr(layout, "lines", ())
    lexicon = get_lexicon()
    return {hit.key for line in lines[start:end] for hit in lexicon.find(line.content)}


def _render(lines: list[Line], original: str) -> str:
    """Join, giving every line an ending and keeping the original's tail (blank lines, final
    newline or none), so an untouched resume comes back byte for byte."""
    newline = next((ending for _, ending in lines if ending), "\n")
    items = [line for line in lines if line != ("", "")]  # the empty rest after a final break
    trailing = _blank_tail([line for line in split_lines(original) if line != ("", "")])
    while items and not items[-1][0].strip() and _blank_tail(items) > trailing:
        items.pop()
    if not items:
        return original
    text = "".join(content + (ending or newline) for content, ending in items)
    if not original.endswith(("\n", "\r")):
        text = text[: len(text) - len(items[-1][1] or newline)]
    return text


def _blank_tail(lines: list[Line]) -> int:
    count = 0
    for content, _ in reversed(lines):
        if content.strip():
            break
        count += 1
    return count
