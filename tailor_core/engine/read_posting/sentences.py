"""How a posting is cut into sentences and headings, one definition for every reader of it."""

from __future__ import annotations

import re

# A full stop ends a sentence only before a space or the end: "Node.js" and "e.g." stay whole.
SENTENCE_RE = re.compile(r"(?:[^.!?\n]|[.!?](?=[^\s.!?]))+[.!?]*")
MAX_HEADING_WORDS = 6


def is_heading_like(line: str) -> bool:
    """A short line that is not a sentence: "Requirements:", "About Acme", "Nice to have"."""
    stripped = line.strip().rstrip(":")
    return (
        bool(stripped) and len(stripped.split()) <= MAX_HEADING_WORDS and not stripped.endswith(".")
    )
