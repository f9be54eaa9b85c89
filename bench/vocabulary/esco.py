"""The candidate names ESCO's skill and knowledge labels give."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from bench.vocabulary.entries import Candidate
from bench.vocabulary.sources import split_alt_labels
from bench.vocabulary.text import PARENTHETICAL_RE, clean, has_upper, tokens_of
from bench.vocabulary.verbs import is_verb_phrase, verb_lexicon
from bench.vocabulary.word_lists import LIGHT_VERBS

# ESCO's skill labels are verb phrases ("inspect construction sites"); kept only this short.
VERB_PHRASE_WORDS = (2, 4)
# Alternative labels add synonyms ("electronic schematics" for "circuit diagrams"), but most
# are rewordings of the verb phrase; only short noun phrases are kept.
ALT_LABEL_MAX_WORDS = 4
OBJECT_MAX_WORDS = 4
_PREPOSITIONS = frozenset(
    {"for", "of", "in", "to", "on", "with", "by", "at", "as", "from", "about"}
)


def esco_candidates(
    esco: list[dict[str, str]], knowledge: list[dict[str, str]], stats: Counter[str]
) -> Iterator[Candidate]:
    preferred = [clean(row["skill_name"]) for row in esco]
    alternatives = [clean(alt) for row in esco for alt in split_alt_labels(row["aliases"])]
    nouns = [clean(row["name"]) for row in knowledge]
    verbs = verb_lexicon(preferred, [*preferred, *alternatives], nouns)
    stats["esco verb lexicon size"] = len(verbs)
    for row in esco:
        name = _unsentence(PARENTHETICAL_RE.sub("", clean(row["skill_name"])), verbs)
        verb_concept = is_verb_phrase(name, verbs)
        if verb_concept:
            count = len(tokens_of(name))
            if not VERB_PHRASE_WORDS[0] <= count <= VERB_PHRASE_WORDS[1]:
                stats["dropped: esco verb phrase outside 2-4 words"] += 1
            else:
                yield Candidate(name, "esco", "esco-verb-phrase")
            found = light_verb_object(name)
            if found is not None:
                yield Candidate(found, "esco", "esco-object")
        else:
            yield Candidate(name, "esco", "esco-preferred")
        comma_listed = "\n" not in row["aliases"] and "," in row["skill_name"]
        for alt in split_alt_labels(row["aliases"]):
            alt_name = _unsentence(PARENTHETICAL_RE.sub("", clean(alt)), verbs)
            if comma_listed:
                stats["dropped: esco alternative label, list ambiguous"] += 1
            elif is_verb_phrase(alt_name, verbs):
                stats["dropped: esco alternative label is a verb phrase"] += 1
            elif verb_concept and not has_upper(alt_name):
                stats["dropped: esco alternative label rewording a verb phrase"] += 1
            elif len(tokens_of(alt_name)) > ALT_LABEL_MAX_WORDS:
                stats[f"dropped: esco alternative label over {ALT_LABEL_MAX_WORDS} words"] += 1
            else:
                yield Candidate(alt_name, "esco", "esco-alternative")
    for row in knowledge:
        yield Candidate(PARENTHETICAL_RE.sub("", clean(row["name"])), "esco", "esco-knowledge")


def light_verb_object(name: str) -> str | None:
    """'perform image editing' -> 'image editing'; None when the verb is not a light one."""
    for verb in LIGHT_VERBS:
        if name.startswith(verb + " "):
            rest = name.removeprefix(verb + " ")
            words = rest.split(" ")
            if words[0] in {"a", "an", "the"}:
                words = words[1:]
            if not words or words[0] in _PREPOSITIONS or "to" in words:
                return None
            if len(words) == 1 and not has_upper(words[0]):
                return None  # "use dictionaries": a bare common noun is no skill
            if len(words) > OBJECT_MAX_WORDS:
                return None
            return " ".join(words)
    return None


def _unsentence(name: str, verbs: frozenset[str]) -> str:
    """'Order products' -> 'order products': ESCO writes skill labels in lower case."""
    first = name.split(" ", 1)[0]
    if first[:1].isupper() and not has_upper(first[1:]) and first.lower() in verbs:
        return first.lower() + name[len(first) :]
    return name
