"""Which words name a skill, and which name the same one.

Two shipped data files, both versioned (their versions go into every report):

- `data/lexicon.json`, the curated table: a few hundred skills with their strict synonyms
  (Postgres = PostgreSQL, k8s = Kubernetes) and a field. Only these aliases are ever mirrored:
  the engine may write the posting's spelling next to the resume's, and an alias that is really
  a different thing ("GitHub" for "Git") would make that a false claim.
- `data/vocabulary.tsv`, tens of thousands of skill names across the labour market (tools,
  methods, certifications, regulations; data/VOCABULARY.md says where they come from). A name
  there is recognised as a skill but has no aliases.

Both are read once per process into one map of token sequences, so finding every skill in a
line costs one dictionary lookup per word for the words that start no skill name.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from tailor_core.engine.text import TOKEN_RE, Word, normalize, words

# Two tokens belong to one multi-word skill only when nothing but spaces separates them.
_GAP_RE = re.compile(r"[ \t\u00a0]+")
VOCABULARY_FIELD = "vocabulary"


@dataclass(frozen=True, slots=True)
class Skill:
    key: str  # normalized tokens of the display name: "postgresql", "month-end close"
    name: str  # display name: "PostgreSQL"
    field: str  # "software", "healthcare", ..., or "vocabulary" for the large list

    @property
    def curated(self) -> bool:
        return self.field != VOCABULARY_FIELD


@dataclass(frozen=True, slots=True)
class SkillHit:
    key: str
    start: int
    end: int
    surface: str  # the text exactly as written
    # Found as one part of a slash compound ("Java" in "Java/J2EE"): it counts as evidence,
    # but the engine never rewrites inside the compound.
    in_compound: bool = False


@dataclass(frozen=True, eq=False)
class Lexicon:
    version: str
    vocabulary_version: str
    skills: dict[str, Skill]
    folded: dict[tuple[str, ...], str]  # normalized token sequence -> skill key
    cased: dict[tuple[str, ...], str]  # exact-case token sequence -> skill key
    longest: int
    prefixes: frozenset[tuple[str, ...]]  # proper leading parts of multi-word names, both maps
    starts: frozenset[str]  # every first word of every name, as normalized or exact
    # first word -> every second word of a longer name starting with it (both maps mixed)
    followers: dict[str, frozenset[str]]

    def find(self, text: str) -> tuple[SkillHit, ...]:
        """Skills named in `text`, left to right, longest name first, never overlapping."""
        return _find(self, text)

    def scan(self, text: str) -> tuple[SkillHit, ...]:
        spans = words(text)
        hits: list[SkillHit] = []
        index = 0
        starts = self.starts
        while index < len(spans):
            _, _, raw, folded = spans[index]
            # Fast path: most words start no skill name and are not "a/b" compounds.
            if folded not in starts and raw not in starts:
                if "/" in raw:
                    hits.extend(self._compound_parts(spans[index]))
                index += 1
                continue
            # Most start words ("a", "data", "the") begin longer names that the next word
            # does not continue: then only the word itself can be a name.
            following = spans[index + 1] if index + 1 < len(spans) else None
            if following is None or not (
                self._may_follow(folded, following) or self._may_follow(raw, following)
            ):
                key = self.cased.get((raw,)) or self.folded.get((folded,))
                hit = (key, 1) if key is not None else None
            else:
                hit = self._longest_at(text, spans, index)
            if hit is None:
                hits.extend(self._compound_parts(spans[index]))
                index += 1
                continue
            key, length = hit
            start, end = spans[index][0], spans[index + length - 1][1]
            hits.append(SkillHit(key, start, end, text[start:end]))
            index += length
        return tuple(hits)

    def _longest_at(self, text: str, spans: tuple[Word, ...], index: int) -> tuple[str, int] | None:
        best: tuple[str, int] | None = None
        raw: tuple[str, ...] = ()
        norm: tuple[str, ...] = ()
        for offset in range(min(self.longest, len(spans) - index)):
            position = index + offset
            if offset and not _GAP_RE.fullmatch(text[spans[position - 1][1] : spans[position][0]]):
                break
            raw += (spans[position][2],)
            norm += (spans[position][3],)
            key = self.cased.get(raw) or self.folded.get(norm)
            if key is not None:
                best = (key, offset + 1)
            # Most words start no longer name: the prefix set ends the search at once.
            if norm not in self.prefixes and raw not in self.prefixes:
                break
        return best

    def _may_follow(self, first: str, following: Word) -> bool:
        after = self.followers.get(first)
        return after is not None and (following[3] in after or following[2] in after)

    def _compound_parts(self, span: Word) -> list[SkillHit]:
        # "Python/Django" is one token but names two skills.
        start, _, raw, _ = span
        if "/" not in raw:
            return []
        hits: list[SkillHit] = []
        offset = start
        for part in raw.split("/"):
            key = self.lookup(part) if part else None
            if key is not None:
                hits.append(SkillHit(key, offset, offset + len(part), part, in_compound=True))
            offset += len(part) + 1
        return hits

    def lookup(self, phrase: str) -> str | None:
        """The skill key a whole phrase names ("Postgres" -> "postgresql"), or None."""
        raw = tuple(TOKEN_RE.findall(phrase))
        return self.cased.get(raw) or self.folded.get(tuple(normalize(t) for t in raw))


def same_term(first: str, second: str) -> bool:
    """Same words up to case and a plural "s": "design system" is "Design Systems"."""
    if first == second:
        return True  # the usual case: the resume writes the skill as the posting does
    a, b = TOKEN_RE.findall(first), TOKEN_RE.findall(second)
    return len(a) == len(b) and all(
        normalize(x).removesuffix("s") == normalize(y).removesuffix("s")
        for x, y in zip(a, b, strict=True)
    )


def names_term(surface: str, form: str) -> bool:
    """The resume's words hold the posting's term: the same up to case and plural, or the
    term within them ("Epic EHR" names "Epic")."""
    if same_term(surface, form):
        return True
    written = [normalize(t) for t in TOKEN_RE.findall(surface)]
    wanted = [normalize(t) for t in TOKEN_RE.findall(form)]
    return bool(wanted) and any(
        written[index : index + len(wanted)] == wanted
        for index in range(len(written) - len(wanted) + 1)
    )


def phrase_key(phrase: str) -> str:
    return " ".join(normalize(token) for token in TOKEN_RE.findall(phrase))


def _data(name: str) -> str:
    return resources.files("tailor_core.engine.data").joinpath(name).read_text(encoding="utf-8")


@cache
def get_lexicon() -> Lexicon:
    data = json.loads(_data("lexicon.json"))
    skills: dict[str, Skill] = {}
    folded: dict[tuple[str, ...], str] = {}
    cased: dict[tuple[str, ...], str] = {}
    for field in sorted(data["skills"]):
        for entry in data["skills"][field]:
            name = entry[0].removeprefix("=")
            key = phrase_key(name)
            skills[key] = Skill(key, name, field)
            for form in entry:
                raw = tuple(TOKEN_RE.findall(form.removeprefix("=")))
                if form.startswith("="):
                    cased.setdefault(raw, key)
                else:
                    folded.setdefault(tuple(normalize(t) for t in raw), key)
    vocabulary_version = _add_vocabulary(skills, folded, cased)
    longest = max(len(form) for form in [*folded, *cased])
    prefixes = frozenset(form[:n] for form in [*folded, *cased] for n in range(1, len(form)))
    starts = frozenset(form[0] for form in [*folded, *cased] if form)
    followers: dict[str, set[str]] = {}
    for form in [*folded, *cased]:
        if len(form) > 1:
            followers.setdefault(form[0], set()).add(form[1])
    return Lexicon(
        str(data["version"]),
        vocabulary_version,
        skills,
        folded,
        cased,
        longest,
        prefixes,
        starts,
        {first: frozenset(after) for first, after in followers.items()},
    )


def _add_vocabulary(
    skills: dict[str, Skill],
    folded: dict[tuple[str, ...], str],
    cased: dict[tuple[str, ...], str],
) -> str:
    """Add vocabulary.tsv's names that the curated table lacks; return the file's version."""
    version = "unversioned"
    for line in _data("vocabulary.tsv").splitlines():
        if line.startswith("#"):
            if line.startswith("# version:"):
                version = line.removeprefix("# version:").strip()
            continue
        name, case, _source = line.split("\t")
        raw = tuple(TOKEN_RE.findall(name))
        if not raw:
            continue
        norm = tuple(normalize(token) for token in raw)
        key = " ".join(norm)
        if key in skills or norm in folded or raw in cased:
            continue  # the curated entry, with its field and aliases, wins
        skills[key] = Skill(key, name, VOCABULARY_FIELD)
        if case == "c":
            cased[raw] = key
        else:
            folded[norm] = key
    return version


# Resume lines are scanned several times per job (before, plan, verify, after); caching by text
# keeps that to once. Bounded, and the result depends on the text alone, so it is safe.
@lru_cache(maxsize=8192)
def _find(lexicon: Lexicon, text: str) -> tuple[SkillHit, ...]:
    return lexicon.scan(text)


def clear_caches() -> None:
    """Forget every line seen so far (benchmarks time cold runs with it)."""
    from tailor_core.engine.match import match_tokens
    from tailor_core.engine.read_resume import entries, layout, sections
    from tailor_core.engine.text import features, token_set, word_forms

    for cached in (
        match_tokens,
        sections._line_degrees,
        sections.section_of,
        entries.is_entry_header_line,
        layout.is_heading,
        layout.heading_key,
        layout._has_skills_label,
        token_set,
    ):
        cached.cache_clear()
    _find.cache_clear()
    features.cache_clear()
    words.cache_clear()
    word_forms.cache_clear()
