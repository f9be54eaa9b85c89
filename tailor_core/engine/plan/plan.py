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

import re
from dataclasses import dataclass

from tailor_core.engine.knowledge.lexicon import get_lexicon, names_term
from tailor_core.engine.knowledge.rarity import zipf
from tailor_core.engine.match import Found
from tailor_core.engine.plan.items import Matcher
from tailor_core.engine.plan.reorder import Tailoring, tailor_layout
from tailor_core.engine.read_posting.requirements import PostingSkill, Requirements
from tailor_core.engine.read_resume.entries import looks_like_role
from tailor_core.engine.read_resume.layout import Kind
from tailor_core.engine.read_resume.sections import Section, degree_levels
from tailor_core.engine.score import Evaluation, newest_first
from tailor_core.engine.text import TOKEN_RE, TermFinder, split_lines, tokens

MAX_SUMMARY_SKILLS = 4
MAX_SUMMARY_CHARS = 120
# A role longer than this is a sentence the parser took for one; the summary then names none.
MAX_SUMMARY_ROLE_CHARS = 60
# Lines about a degree, licence or certification keep their exact wording.
_CREDENTIAL_LINE_RE = re.compile(
    r"\b(?:licen[cs]|certif|registered\b|board[- ]certified|credential|degree\b|diploma\b)",
    re.I,
)
# A single word that is also common English ("Go", "rails", "Excel") or a single letter ("C")
# names a skill only where it is listed as one: it is never rewritten and never summarised
# from prose ("the Epic Go Live", "guard rails", "Vitamin C").
AMBIGUOUS_ZIPF = 3.5
VERY_COMMON_ZIPF = 5.0
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
    forms = _mirrorable(req, before)
    mirrorable_lines = _mirrorable_lines(before, forms)
    mirrored: set[tuple[str, str]] = set()
    mirrored_at: dict[int, frozenset[str]] = {}
    lines: list[Line] = []
    for content, line, origin in zip(
        tailoring.contents, layout.lines, tailoring.origins, strict=True
    ):
        if origin in mirrorable_lines:
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
        assembled, added = _insert_summary(assembled, order, before, summary, lifted_to)
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


def mirror_line(
    content: str,
    forms: dict[str, str],
    used: set[tuple[str, str]],
    keys: set[str] | None = None,
) -> str:
    """The line with the posting's name written before each synonym of a wanted skill.

    "Postgres" becomes "PostgreSQL (Postgres)": the posting's term is there for a screening
    system, and the person's own word stays. Never inside a slash compound ("Java/J2EE"), and
    not where the line already writes the posting's name ("User Experience (UX)").
    """
    if not forms:
        return content
    hits = [
        hit
        for hit in get_lexicon().find(content)
        if hit.key in forms and not is_ambiguous(hit.surface)
    ]
    present = {hit.key for hit in hits if names_term(hit.surface, forms[hit.key])}
    for hit in reversed(hits):
        form = forms[hit.key]
        if hit.in_compound or hit.key in present or names_term(hit.surface, form):
            continue
        content = f"{content[: hit.start]}{form} ({hit.surface}){content[hit.end :]}"
        used.add((form, hit.surface))
        if keys is not None:
            keys.add(hit.key)
    return content


def is_ambiguous(surface: str) -> bool:
    """One short or common word: whether it names the skill depends on where it stands."""
    words = TOKEN_RE.findall(surface)
    if len(words) != 1:
        return False
    word = words[0]
    frequency = zipf(word)
    # "C", "Go", "Word"; or a lower-case common word ("rails", "torch"). A capitalized tool
    # name that is also a word ("Python", "Excel") is the tool.
    return (
        len(word) <= 1
        or frequency >= VERY_COMMON_ZIPF
        or (word.islower() and frequency >= AMBIGUOUS_ZIPF)
    )


def _mirrorable(req: Requirements, before: Evaluation) -> dict[str, str]:
    """Posting skills the resume names, and only curated ones: their aliases are strict
    synonyms. Credentials (RN, CPA) are never rewritten."""
    skills = get_lexicon().skills
    return {
        skill.key: skill.form
        for skill in req.skills
        if before.skills[skill.key].found > Found.ABSENT
        and skill.key in skills
        and skills[skill.key].curated
        and skills[skill.key].field != "credentials"
    }


def _mirrorable_lines(before: Evaluation, forms: dict[str, str]) -> frozenset[int]:
    """Skills-list lines and bullet text naming a skill to mirror; never headings, entry
    headers, contact, education, certifications, or a line about a degree or licence."""
    if not forms:
        return frozenset()
    layout, resume_map = before.layout, before.resume_map
    lexicon = get_lexicon()
    headers = {
        index for entry in resume_map.entries for index in range(entry.first_line, entry.line + 1)
    }
    allowed: set[int] = set()
    for index, line in enumerate(layout.lines):
        section = resume_map.sections[index]
        if index in headers or section in _FIXED_SECTIONS:
            continue
        if not any(hit.key in forms for hit in lexicon.find(line.content)):
            continue  # nothing to mirror here (the scan is cached from scoring)
        if _CREDENTIAL_LINE_RE.search(line.content) or degree_levels(line.content):
            continue  # "Registered Nurse, Illinois", "B.S. in CS, JS concentration"
        bullet_text = line.kind in (Kind.BULLET, Kind.CONTINUATION)
        if line.in_skills or section is Section.SKILLS or bullet_text:
            allowed.add(index)
    return frozenset(allowed)


_FIXED_SECTIONS = frozenset({Section.CONTACT, Section.EDUCATION, Section.CERTIFICATIONS})


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


def _insert_summary(
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
