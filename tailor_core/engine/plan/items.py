"""Putting the skills a posting asks for first in a "Python, SQL, Excel" style list line.

Only the order of the items changes: every item keeps its exact text and every separator and
space stays in its slot. Any line that does not look like a clean list is left untouched,
because "Python (Django, Flask), Go" split at the wrong comma would be rewritten into nonsense.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from tailor_core.engine.match import relevance, terms_in
from tailor_core.engine.read_resume.layout import LIST_PREFIX_RE

_SEPARATORS = frozenset(",;|")
_CLOSERS = {"(": ")", "[": "]", "{": "}"}
# Longer "items" are sentences that happen to contain commas, not skills.
_MAX_ITEM_CHARS = 40
_MAX_ITEM_WORDS = 5
# "Python, Go, and Rust": moving "and Rust" to the front would read wrong.
_CONNECTORS = ("and ", "or ", "& ", "plus ")


Matcher = Callable[[str], frozenset[str]]


def reorder_items(
    content: str,
    match: Matcher | Mapping[str, float],
    weights: Mapping[str, float] | None = None,
) -> str:
    """The line with matched items first, heaviest first (stable), or the line unchanged.

    `match` gives the posting terms a piece of text names; a mapping of term weights is
    matched by words alone. Without `weights`, every matched item weighs the same.
    """
    if isinstance(match, Mapping):
        mapping = match
        match = lambda text: terms_in(text, mapping)  # noqa: E731
    prefix = LIST_PREFIX_RE.match(content)
    start = prefix.end() if prefix else 0
    end = _body_end(content, start)
    split = _split(content[start:end])
    if split is None:
        return content
    pieces, separators = split
    items = [piece.strip() for piece in pieces]
    if len(items) < 2 or not all(_is_item(item) for item in items):
        return content
    found = [match(item) for item in items]
    if weights is None:
        order = sorted(range(len(items)), key=lambda i: not found[i])
    else:
        order = sorted(range(len(items)), key=lambda i: -relevance(found[i], weights))
    if order == list(range(len(items))):
        return content
    rebuilt: list[str] = []
    for slot, piece in enumerate(pieces):
        lead = piece[: len(piece) - len(piece.lstrip())]
        trail = piece[len(piece.rstrip()) :]
        rebuilt.append(lead + items[order[slot]] + trail)
        if slot < len(separators):
            rebuilt.append(separators[slot])
    return content[:start] + "".join(rebuilt) + content[end:]


def _body_end(content: str, start: int) -> int:
    """Where the list ends: before trailing spaces and one closing full stop."""
    end = len(content.rstrip())
    if end > start and content[end - 1] in ".!":
        end -= 1
    return max(end, start)


def _split(body: str) -> tuple[list[str], list[str]] | None:
    """Pieces and separators at bracket depth 0, or None when the list is ambiguous.

    Ambiguous: unbalanced brackets, or more than one kind of separator (with "A, B | C, D" the
    groups matter and a flat reorder would mix them).
    """
    stack: list[str] = []
    cuts: list[int] = []
    for position, char in enumerate(body):
        if char in _CLOSERS:
            stack.append(_CLOSERS[char])
        elif char in ")]}":
            if not stack or stack.pop() != char:
                return None
        elif char in _SEPARATORS and not stack and not _is_thousands(body, position):
            cuts.append(position)
    if stack or not cuts or len({body[cut] for cut in cuts}) > 1:
        return None
    bounds = [-1, *cuts, len(body)]
    pieces = [body[bounds[i] + 1 : bounds[i + 1]] for i in range(len(bounds) - 1)]
    return pieces, [body[cut] for cut in cuts]


def _is_thousands(body: str, position: int) -> bool:
    """The comma in "10,000" is part of a number, not a separator."""
    return (
        body[position] == ","
        and 0 < position < len(body) - 1
        and body[position - 1].isdigit()
        and body[position + 1].isdigit()
    )


def _is_item(item: str) -> bool:
    if not item or len(item) > _MAX_ITEM_CHARS or len(item.split()) > _MAX_ITEM_WORDS:
        return False
    return not item.casefold().startswith(_CONNECTORS)
