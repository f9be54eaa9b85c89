"""The last check before a tailored resume leaves any engine: it must not claim anything new.

It is independent of how tailoring works, so an engine that rewrites (the language-model one)
is held to the same promise as the one that only reorders. The tailored text must be the
original's lines, in any order (words within a line may be reordered), except for:

- mirrored skills: the posting's spelling of a skill in place of the resume's, allowed only when
  the shipped lexicon says both name the same skill and the resume's spelling is really there;
- added lines (the targeted summary): only words from the resume, the mirrored spellings and the
  fixed CONNECTIVE_WORDS;
- dropped lines: only those the report lists.

So a new skill, employer, title, degree, date or number cannot appear (each would be a new word
or a new line), and no experience entry can silently disappear.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from tailor_core.engine.knowledge.lexicon import get_lexicon
from tailor_core.engine.text import split_lines, tokens
from tailor_core.errors import PermanentError

# Every word an engine may write that the resume need not contain, all in generated summary
# lines: "Summary" (a heading for it), "skilled in", "with" and "and" between the resume's own
# title and skills. Nothing here can state a fact.
CONNECTIVE_WORDS = frozenset({"summary", "skilled", "in", "with", "and"})

_EXAMPLES = 5
_EXCERPT_CHARS = 80
_PLACEHOLDER = "\x00"  # never part of a token, so a canonical skill cannot collide with a word


@dataclass(frozen=True)
class Allowances:
    mirrored: tuple[tuple[str, str], ...] = ()  # (posting's spelling, resume's spelling)
    added_lines: tuple[str, ...] = ()
    dropped_lines: tuple[str, ...] = ()


def verify_truthful(original: str, tailored: str, allow: Allowances | None = None) -> None:
    """Raise PermanentError naming the first kind of problem found, if any."""
    problems = find_violations(original, tailored, allow or Allowances())
    if problems:
        raise PermanentError(problems[0])


def find_violations(original: str, tailored: str, allow: Allowances) -> list[str]:
    problems: list[str] = []
    reader = _Reader(_valid_swaps(original, allow.mirrored, problems))
    before = reader.lines(original)
    after = reader.lines(tailored)
    known = {word for _, words in before for word in words}

    added = Counter(" ".join(line.split()) for line in allow.added_lines)
    body: list[_Line] = []
    for line in after:
        key = " ".join(line[0].split())
        if added[key] > 0:
            added[key] -= 1
            extra = sorted(set(line[1]) - known - CONNECTIVE_WORDS)
            if extra:
                problems.append(_invented(extra, "the added summary"))
        else:
            body.append(line)

    invented = sorted({word for _, words in body for word in words} - known)
    if invented:
        problems.append(_invented(invented, "the result"))

    dropped = Counter(" ".join(line.split()) for line in allow.dropped_lines)
    kept = Counter(_key(line) for line in body)
    missing: list[str] = []
    for line in before:
        text = " ".join(line[0].split())
        if dropped[text] > 0:
            dropped[text] -= 1
        elif kept[_key(line)] > 0:
            kept[_key(line)] -= 1
        else:
            missing.append(line[0])
    if missing:
        problems.append(
            "tailoring was stopped because the result left out this line of the resume: "
            f"{missing[0][:_EXCERPT_CHARS]!r} (a line may be dropped only if the report lists it)"
        )
    extra_lines = [line for line in body if kept[_key(line)] > 0 and line[1]]
    if extra_lines and not invented and not missing:
        problems.append(
            "tailoring was stopped because the result has a line the resume does not: "
            f"{extra_lines[0][0][:_EXCERPT_CHARS]!r}"
        )
    return problems


# A non-blank line with its words sorted: equal keys mean the same words in any order.
_Line = tuple[str, tuple[str, ...]]


def _invented(words: Sequence[str], where: str) -> str:
    lexicon = get_lexicon()
    labelled = []
    for word in words[:_EXAMPLES]:
        shown = word.replace(_PLACEHOLDER, "")
        if any(char.isdigit() for char in word):
            labelled.append(f"{shown} (number or date)")
        elif lexicon.lookup(shown) is not None:
            labelled.append(f"{shown} (skill)")
        else:
            labelled.append(shown)
    return (
        f"tailoring was stopped because {where} used words that are not in the resume: "
        + ", ".join(labelled)
    )


def _valid_swaps(
    original: str, mirrored: Sequence[tuple[str, str]], problems: list[str]
) -> dict[tuple[str, ...], str]:
    """Token sequences to read as one canonical skill, for each mirroring the lexicon backs."""
    lexicon = get_lexicon()
    # Line by line rather than the whole text at once: a skill name never spans a line break,
    # so the set is the same, and each line's scan is the one scoring already made (cached).
    present = {hit.key for content, _ in split_lines(original) for hit in lexicon.find(content)}
    swaps: dict[tuple[str, ...], str] = {}
    for posting_form, resume_form in mirrored:
        key = lexicon.lookup(posting_form)
        if key is None or key != lexicon.lookup(resume_form) or key not in present:
            problems.append(
                f"tailoring was stopped because {resume_form!r} -> {posting_form!r} is not a "
                "known alias of a skill in the resume"
            )
            continue
        swaps[tuple(tokens(posting_form))] = _PLACEHOLDER + key
        swaps[tuple(tokens(resume_form))] = _PLACEHOLDER + key
    return swaps


class _Reader:
    """Reads text into lines, with the skill swaps applied, for comparison.

    A tailored resume is mostly the original's lines in another order, so each distinct line
    text is read once per check and the reading reused (it depends on the text alone). Every
    line is still read and compared: only the repeated work is skipped.
    """

    def __init__(self, swaps: dict[tuple[str, ...], str]) -> None:
        self.swaps = swaps
        # Candidate swaps by first word, longest first, so most words cost one dict lookup
        # (an empty sequence never matched anything).
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for sequence in sorted(filter(None, swaps), key=len, reverse=True):
            by_first.setdefault(sequence[0], []).append(sequence)
        self.by_first = by_first
        self.memo: dict[str, _Line | None] = {}

    def lines(self, text: str) -> list[_Line]:
        read = [self.line(content) for content, _ in split_lines(text)]
        return [line for line in read if line is not None]

    def line(self, content: str) -> _Line | None:
        """The stripped line and its sorted words, or None for a blank line."""
        if content not in self.memo:
            stripped = content.strip()
            if stripped:
                found = tokens(content)
                if self.swaps:
                    found = self._canonical(found)
                self.memo[content] = (stripped, tuple(sorted(found)))
            else:
                self.memo[content] = None
        return self.memo[content]

    def _canonical(self, found: list[str]) -> list[str]:
        """The words with each swapped sequence read as its one canonical skill, longest first."""
        if self.by_first.keys().isdisjoint(found):
            return found  # most lines name no swapped skill at all
        out: list[str] = []
        index = 0
        while index < len(found):
            for sequence in self.by_first.get(found[index], ()):
                if tuple(found[index : index + len(sequence)]) == sequence:
                    # "PostgreSQL (Postgres)" reads as the one skill the resume named.
                    if not out or out[-1] != self.swaps[sequence]:
                        out.append(self.swaps[sequence])
                    index += len(sequence)
                    break
            else:
                out.append(found[index])
                index += 1
        return out


def _key(line: _Line) -> tuple[str, ...]:
    stripped, words = line
    # Lines without words ("-----") are compared by their text; "" is never a token, so the
    # two kinds of key cannot collide.
    return words if words else ("", stripped)
