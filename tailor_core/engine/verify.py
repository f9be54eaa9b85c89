"""The last check before a tailored resume leaves the engine: it must not claim anything new.

This is deliberately independent of how tailoring works, so a future engine that rewrites
bullets is held to the same promise: no word the candidate did not write, no line dropped.
"""

from __future__ import annotations

from collections import Counter

from tailor_core.engine.tokens import split_lines, tokens
from tailor_core.errors import PermanentError

_EXAMPLES = 5
_EXCERPT_CHARS = 80

# A non-blank line with its words sorted: equal keys mean the same words in any order.
_Line = tuple[str, tuple[str, ...]]


def verify_truthful(original: str, tailored: str) -> None:
    """Raise PermanentError if `tailored` invents a word or drops a line of `original`.

    Words compare case-insensitively. A line counts as kept when some line of the tailored text
    has the same multiset of words, so reordering items within a line is allowed.
    """
    original_lines = _lines(original)
    tailored_lines = _lines(tailored)
    known = {word for _, words in original_lines for word in words}
    invented = sorted({word for _, words in tailored_lines for word in words} - known)
    if invented:
        raise PermanentError(
            "tailoring was stopped because the result used words that are not in the resume: "
            + ", ".join(invented[:_EXAMPLES])
        )
    kept = Counter(_key(line) for line in tailored_lines)
    for line in original_lines:
        key = _key(line)
        if kept[key] <= 0:
            raise PermanentError(
                "tailoring was stopped because the result left out this line of the resume: "
                + repr(line[0][:_EXCERPT_CHARS])
            )
        kept[key] -= 1


def _lines(text: str) -> list[_Line]:
    # Tokens never span a line break, so tokenizing line by line sees the same words as
    # tokenizing the whole text, in one pass.
    lines: list[_Line] = []
    for content, _ in split_lines(text):
        stripped = content.strip()
        if stripped:
            lines.append((stripped, tuple(sorted(tokens(content)))))
    return lines


def _key(line: _Line) -> tuple[str, ...]:
    stripped, words = line
    # Lines without words ("-----") are compared by their text; "" is never a token, so the
    # two kinds of key cannot collide.
    return words if words else ("", stripped)
