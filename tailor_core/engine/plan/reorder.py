"""Reordering: bullets within their block by relevance, skill items within their line.

Nothing is added, removed or reworded. Headings, entry headers, dates and contact lines are
never moved, and bullets never leave their block, so each entry keeps its own bullets and the
entries keep their chronological order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tailor_core.engine.match import Weights, relevance
from tailor_core.engine.plan.items import Matcher, reorder_items
from tailor_core.engine.read_resume.layout import Block, Layout

LineTerms = Sequence[frozenset[str]]


@dataclass(frozen=True)
class Tailoring:
    # Per line slot of the output: its text, the original line it came from, and the posting
    # terms it mentions.
    contents: tuple[str, ...]
    origins: tuple[int, ...]
    terms: tuple[frozenset[str], ...]

    @property
    def moved_lines(self) -> int:
        return sum(1 for slot, origin in enumerate(self.origins) if slot != origin)


def tailor_layout(
    layout: Layout, weights: Weights, line_terms: LineTerms, match: Matcher
) -> Tailoring:
    """Reorder; `line_terms[i]` must be `match` of original line i."""
    contents = [
        reorder_items(line.content, match, weights) if line.in_skills else line.content
        for line in layout.lines
    ]
    origins = list(range(len(contents)))
    for block in layout.blocks:
        slots = [index for unit in block for index in unit]
        for slot, origin in zip(slots, _reordered(block, line_terms, weights), strict=True):
            origins[slot] = origin
    # Terms are re-read from any line whose text changed rather than assumed to carry over.
    terms = [
        line_terms[index] if contents[index] == line.content else match(contents[index])
        for index, line in enumerate(layout.lines)
    ]
    return Tailoring(
        tuple(contents[origin] for origin in origins),
        tuple(origins),
        tuple(terms[origin] for origin in origins),
    )


def render(layout: Layout, tailoring: Tailoring) -> str:
    # Endings belong to the slot, not the moved text, so a block that ends the file without a
    # final newline still ends without one and mixed \r\n / \n files keep their layout.
    return "".join(
        content + line.ending
        for content, line in zip(tailoring.contents, layout.lines, strict=True)
    )


def _reordered(block: Block, line_terms: LineTerms, weights: Weights) -> list[int]:
    """Line indices of the block, units sorted by relevance; sorted() keeps ties in place."""
    scores = [
        relevance((term for index in unit for term in line_terms[index]), weights) for unit in block
    ]
    order = sorted(range(len(block)), key=lambda position: -scores[position])
    return [index for position in order for index in block[position]]
