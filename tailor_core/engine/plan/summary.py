"""The one-line targeted summary, built only from facts in the resume.

"<latest role> skilled in A, B and C.": the role as written, skills the resume names in its
own spelling (or the posting's where mirroring wrote it), at most MAX_SUMMARY_CHARS; the
summary is never scored as evidence.
"""

from __future__ import annotations

from tailor_core.engine.knowledge.lexicon import get_lexicon
from tailor_core.engine.match import Found
from tailor_core.engine.plan.mirror import is_ambiguous
from tailor_core.engine.read_posting.requirements import PostingSkill, Requirements
from tailor_core.engine.read_resume.entries import looks_like_role
from tailor_core.engine.read_resume.sections import Section
from tailor_core.engine.score import Evaluation, newest_first
from tailor_core.engine.text import tokens

Line = tuple[str, str]  # content, line ending

MAX_SUMMARY_SKILLS = 4


MAX_SUMMARY_CHARS = 120


# A role longer than this is a sentence the parser took for one; the summary then names none.
MAX_SUMMARY_ROLE_CHARS = 60


def summary_line(req: Requirements, before: Evaluation, written: set[str]) -> str | None:
    """ "<latest role> skilled in A, B and C." from facts in the resume, or None.

    The role is the newest entry's, as written; the skills are ones the resume names, in the
    resume's own spelling or the posting's where mirroring wrote it; at most about
    MAX_SUMMARY_CHARS characters.
    """
    skills = get_lexicon().skills
    have: list[PostingSkill] = [
        s
        for s in req.skills
        if before.skills[s.key].found > Found.ABSENT
        and (s.key not in skills or skills[s.key].field != "credentials")
    ]
    if not have:
        return None
    have.sort(key=lambda s: (not s.required, -s.weight, s.key))
    role = _summary_role(before)
    # Only names whose every word the resume (or mirroring) writes, read as the verifier reads
    # them: "CSS" found inside "HTML/CSS" is evidence, but not a word the person wrote.
    own_words = {word for line in before.layout.lines for word in tokens(line.content)}
    own_words.update(word for form in written for word in tokens(form))
    names: list[str] = []
    for skill in have:
        if len(names) >= MAX_SUMMARY_SKILLS:
            break
        evidence = before.skills[skill.key]
        name = skill.form if skill.form in written else evidence.surface
        if is_ambiguous(evidence.surface) and not _listed_as_skill(before, evidence.line):
            continue  # "Go" from "the Epic Go Live" is no claim to make
        if name.casefold() in {n.casefold() for n in names} or not set(tokens(name)) <= own_words:
            continue
        if set(tokens(name)) <= set(tokens(role)):
            continue  # "DevOps Engineer skilled in DevOps" says it twice
        candidate = _summary_text(role, [*names, name])
        if names and len(candidate) > MAX_SUMMARY_CHARS:
            break
        names.append(name)
    if not names:
        return None
    text = _summary_text(role, names)
    if len(text) > MAX_SUMMARY_CHARS and role:
        text = _summary_text("", names)
    return text if len(text) <= MAX_SUMMARY_CHARS else None


def _listed_as_skill(before: Evaluation, line: int | None) -> bool:
    if line is None:
        return False
    resume_line = before.layout.lines[line]
    return resume_line.in_skills or before.resume_map.sections[line] is Section.SKILLS


def _summary_text(role: str, names: list[str]) -> str:
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{role} skilled in {listed}." if role else f"Skilled in {listed}."


def _summary_role(before: Evaluation) -> str:
    for entry in newest_first(before.resume_map.entries):
        role = entry.role.strip()
        if (
            role
            and role[0].isalnum()
            and len(role) <= MAX_SUMMARY_ROLE_CHARS
            and not role.endswith(".")
            and looks_like_role(role)
        ):
            return role
    return ""


def insert_summary(
    assembled: list[Line],
    order: list[int],
    before: Evaluation,
    summary: str,
    lifted_to: int | None,
) -> tuple[list[Line], tuple[str, ...]]:
    resume_map, layout = before.resume_map, before.layout
    if not resume_map.headings:
        return assembled, ()  # no structure to put it in: better none than a misplaced one
    newline = next((line.ending for line in layout.lines if line.ending), "\n")
    for index in resume_map.headings:
        if resume_map.sections[index] is Section.SUMMARY:
            slot = order.index(index) + 1
            return [*assembled[:slot], (summary, newline), *assembled[slot:]], (summary,)
    first = resume_map.headings[0]
    slot = order.index(first)
    if lifted_to is not None:
        slot = min(slot, lifted_to)  # the summary leads, the lifted skills follow it
    heading = _heading_like(layout.lines[first].content)
    block: list[Line] = [(heading, newline), (summary, newline), ("", newline)]
    if slot > 0 and assembled[slot - 1][0].strip():
        block.insert(0, ("", newline))
    return [*assembled[:slot], *block, *assembled[slot:]], (heading, summary)


def _heading_like(example: str) -> str:
    """A "Summary" heading in the resume's own heading style."""
    stripped = example.strip()
    if stripped.startswith("#"):
        return stripped[: len(stripped) - len(stripped.lstrip("#"))] + " Summary"
    return "SUMMARY" if stripped.isupper() else "Summary"
