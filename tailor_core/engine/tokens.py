"""Tokens and lines, defined once so posting analysis, scoring and the verifier agree.

If two modules tokenized differently, the verifier could pass text that scoring read as new
words (or the reverse), so every module goes through these functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

# A word is a run of letters/digits that may be joined by . ' / & - or a typographic apostrophe
# (node.js, ci/cd, r&d, full-stack, bachelor's) and may end in + or # (c++, c#). A leading dot
# is kept only at the start of a word (.net), never after another word, so "end.NET" stays one
# token. Each repetition must start with a joiner, so matching is linear on pathological input.
TOKEN_RE = re.compile("(?:\\.(?<![\\w.]\\.))?[^\\W_]+(?:[.'\u2019/&-][^\\W_]+)*[+#]*")

# Only \r\n, \r and \n end a line: the Unicode separators str.splitlines() also honours are
# rare in resumes and treating them as text keeps the round trip byte-exact.
_LINE_BREAK_RE = re.compile(r"(\r\n|\r|\n)")

# Two tokens form a phrase only when nothing but spaces separates them: a comma, a full stop
# or a line break ends the phrase ("Python, machine" is not a bigram).
_PHRASE_GAP_RE = re.compile(r"[ \t\u00a0]+")

_COMPOUND_SPLIT_RE = re.compile(r"[/-]")


def normalize(token: str) -> str:
    """Case-fold and unify apostrophes so typographic and typewriter apostrophes are one term."""
    folded = token.casefold()
    return folded.replace("\u2019", "'") if "\u2019" in folded else folded


def tokens(text: str) -> list[str]:
    """Normalized word tokens in order of appearance."""
    return [normalize(token) for token in TOKEN_RE.findall(text)]


def split_lines(text: str) -> list[tuple[str, str]]:
    """(content, line ending) pairs; joining content + ending gives the text back exactly."""
    parts = _LINE_BREAK_RE.split(text)
    pairs = [(parts[i], parts[i + 1]) for i in range(0, len(parts) - 1, 2)]
    pairs.append((parts[-1], ""))
    return pairs


def phrases(text: str) -> Iterator[list[str]]:
    """Runs of normalized tokens separated only by spaces, for bigram detection."""
    run: list[str] = []
    previous_end = -1
    for match in TOKEN_RE.finditer(text):
        if run and not _is_phrase_gap(text[previous_end : match.start()]):
            yield run
            run = []
        run.append(normalize(match.group()))
        previous_end = match.end()
    if run:
        yield run


@lru_cache(maxsize=8192)
def features(text: str) -> frozenset[str]:
    """Every term form a piece of resume text can match.

    Besides the tokens themselves, compounds also offer their parts ("python/django" matches a
    posting asking for "django") and adjacent words offer their bigram in both the spaced and
    hyphenated spelling ("full stack" matches "full-stack"), and words offer their other
    grammatical number ("patients" matches "patient").
    """
    # One pass without the phrases() generator: this runs for every resume line and is most of
    # the engine's time. Cached because each line is read before, during and after tailoring;
    # the result depends on the text alone.
    found: set[str] = set()
    previous = ""
    previous_end = -1
    for match in TOKEN_RE.finditer(text):
        token = normalize(match.group())
        other_number = _other_number(token)
        found.add(token)
        found.add(other_number)
        if "/" in token or "-" in token:
            parts = [part for part in _COMPOUND_SPLIT_RE.split(token) if part]
            found.update(parts)
            if len(parts) == 2:
                found.add(f"{parts[0]} {parts[1]}")
        if previous and _is_phrase_gap(text[previous_end : match.start()]):
            found.add(f"{previous} {token}")
            found.add(f"{previous} {other_number}")
            found.add(f"{previous}-{token}")
        previous = token
        previous_end = match.end()
    return frozenset(found)


def _other_number(word: str) -> str:
    """The word with a plural "s" added or removed, so "pipeline" matches "pipelines".

    Deliberately crude: a wrong form ("analysi", "pythons") only matches a posting term that
    nobody writes, while a missed plural hides a real match.
    """
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word if word.endswith("s") else word + "s"


def _is_phrase_gap(gap: str) -> bool:
    return gap == " " or _PHRASE_GAP_RE.fullmatch(gap) is not None
