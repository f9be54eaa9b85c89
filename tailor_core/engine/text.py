"""Tokens and lines, defined once so posting analysis, scoring and the verifier agree.

If two modules tokenized differently, the verifier could pass text that scoring read as new
words (or the reverse), so every module goes through these functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
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
    return [word[3] for word in words(text)]


# (start, end, token as written, normalized token)
Word = tuple[int, int, str, str]


@lru_cache(maxsize=8192)
def words(text: str) -> tuple[Word, ...]:
    """Every token with its position, as written and normalized.

    The one tokenization that features(), the lexicon scan and the verifier share: each resume
    line is read by all three, before and after tailoring, so it is tokenized once and cached.
    """
    folded = text.casefold()
    if len(folded) != len(text):
        # A character that folds to several ("ß" -> "ss") shifts positions: fold each token.
        return tuple(
            (match.start(), match.end(), match.group(), normalize(match.group()))
            for match in TOKEN_RE.finditer(text)
        )
    # Case folding maps character by character, so with no length change a token's folded
    # form is the same slice of the folded line: one casefold() per line instead of per token.
    if "\u2019" in folded:
        folded = folded.replace("\u2019", "'")
    spans = [match.span() for match in TOKEN_RE.finditer(text)]
    return tuple((start, end, text[start:end], folded[start:end]) for start, end in spans)


@lru_cache(maxsize=8192)
def token_set(text: str) -> frozenset[str]:
    """The line's tokens, normalized and as written, with the parts of slash compounds: for
    set tests that rule a line out before any closer look."""
    found: set[str] = set()
    for _, _, raw, folded in words(text):
        found.add(folded)
        found.add(raw)
        if "/" in folded:
            found.update(part for part in folded.split("/") if part)
    return frozenset(found)


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
    return frozenset(_forms(text, None))


class TermFinder:
    """features(text) & terms, for one fixed set of terms (a posting's), remembered per text.

    A job asks this of every resume line several times (scoring before and after, planning,
    the report), always for the same terms. Knowing them up front skips building the bigrams
    that no wanted term starts with, which are most of features()' work.
    """

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms = frozenset(terms)
        # A bigram is "<previous word> <word>" or "<previous word>-<word>", so one can only
        # be wanted when a wanted term starts with the previous word and a space or hyphen.
        self.joins = frozenset(
            term[:position]
            for term in self.terms
            for position, char in enumerate(term)
            if char in " -"
        )
        self.seen: dict[str, frozenset[str]] = {}

    def __call__(self, text: str) -> frozenset[str]:
        if text not in self.seen:
            self.seen[text] = self._wanted_forms(text)
        return self.seen[text]

    def _wanted_forms(self, text: str) -> frozenset[str]:
        """features(text) & self.terms, testing each form as it is made instead of building
        the set of all forms first (which this does for every resume line)."""
        terms, joins = self.terms, self.joins
        found: set[str] = set()
        previous = ""
        previous_end = -1
        for start, end, _, token in words(text):
            other_number, own_forms = word_forms(token)
            found.update(form for form in own_forms if form in terms)
            if previous in joins and previous and _is_phrase_gap(text[previous_end:start]):
                for form in (f"{previous} {token}", f"{previous} {other_number}"):
                    if form in terms:
                        found.add(form)
                if f"{previous}-{token}" in terms:
                    found.add(f"{previous}-{token}")
            previous = token
            previous_end = end
        return frozenset(found)


def _forms(text: str, joins: frozenset[str] | None) -> set[str]:
    """The forms features() describes; bigrams only after a word in `joins` unless it is None."""
    # One pass without the phrases() generator: this runs for every resume line.
    found: set[str] = set()
    previous = ""
    previous_end = -1
    for start, end, _, token in words(text):
        other_number, own_forms = word_forms(token)
        found.update(own_forms)
        if (
            previous
            and (joins is None or previous in joins)
            and _is_phrase_gap(text[previous_end:start])
        ):
            found.add(f"{previous} {token}")
            found.add(f"{previous} {other_number}")
            found.add(f"{previous}-{token}")
        previous = token
        previous_end = end
    return found


@lru_cache(maxsize=8192)
def word_forms(token: str) -> tuple[str, tuple[str, ...]]:
    """The token's other number, and every form the token matches on its own.

    Cached: the same words recur on line after line ("and", "data", "patients").
    """
    other_number = _other_number(token)
    forms = [token, other_number]
    if "/" in token or "-" in token:
        parts = [part for part in _COMPOUND_SPLIT_RE.split(token) if part]
        forms += parts
        if len(parts) == 2:
            forms.append(f"{parts[0]} {parts[1]}")
    return other_number, tuple(forms)


def _other_number(word: str) -> str:
    """The word with a plural "s" added or removed, so "pipeline" matches "pipelines".

    Deliberately crude: a wrong form ("analysi", "pythons") only matches a posting term that
    nobody writes, while a missed plural hides a real match.
    """
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"  # "queries" -> "query"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    if len(word) > 2 and word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"  # "query" -> "queries", but "key" -> "keys"
    return word if word.endswith("s") else word + "s"


def _is_phrase_gap(gap: str) -> bool:
    return gap == " " or _PHRASE_GAP_RE.fullmatch(gap) is not None
