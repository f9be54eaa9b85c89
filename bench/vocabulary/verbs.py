"""Which words start ESCO's verb phrases ('inspect construction sites'); which labels are ones."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable


def verb_lexicon(
    preferred: Iterable[str], labels: Iterable[str], nouns: Iterable[str]
) -> frozenset[str]:
    """First words of ESCO labels that are verbs.

    ESCO names each skill with a verb phrase ("inspect construction sites") and lists -ing
    rewordings among its alternative labels ("inspecting construction sites", "construction
    sites inspecting"). A word is taken as a verb when its -ing form is attested in any label
    (a noun such as "circuit" has none), or when it starts a multi-word preferred skill label
    and starts no knowledge label ("food plant design" starts with a noun that knowledge
    labels such as "food science" also start with).
    """
    labels = list(labels)
    firsts = Counter(label.split(" ", 1)[0] for label in labels if " " in label)
    gerunds = {word for label in labels for word in label.split(" ") if word.endswith("ing")}
    noun_starts = {label.split(" ", 1)[0] for label in nouns}
    verbs = set()
    for word in firsts:
        if word.endswith("ing") or not word.isalpha() or not word.islower():
            continue
        if _ing_forms(word) & gerunds:
            verbs.add(word)
    for label in preferred:
        word = label.split(" ", 1)[0]
        if " " in label and word.isalpha() and word.islower() and word not in noun_starts:
            verbs.add(word)
    return frozenset(verbs)


def _ing_forms(word: str) -> set[str]:
    forms = {word + "ing", word + word[-1:] + "ing"}
    if word.endswith("e"):
        forms.add(word[:-1] + "ing")
    if word.endswith("ie"):
        forms.add(word[:-2] + "ying")
    return forms


def _is_verb(word: str, verbs: frozenset[str]) -> bool:
    """A verb in base, third-person (-s, -es) or -ing form, spelt -ise or -ize."""
    if word in verbs:
        return True
    for one, other in (("ize", "ise"), ("ise", "ize"), ("yze", "yse"), ("yse", "yze")):
        if word.endswith(one) and word.removesuffix(one) + other in verbs:
            return True
    if word.endswith("ies") and word[:-3] + "y" in verbs:
        return True
    if word.endswith("es") and (word[:-2] in verbs or word[:-1] in verbs):
        return True
    if word.endswith("s") and word[:-1] in verbs:
        return True
    if word.endswith("ing") and len(word) >= 5:
        stem = word[:-3]
        doubled = stem[:-1] if stem[-1:] == stem[-2:-1] else stem
        return bool({stem, stem + "e", doubled, stem.removesuffix("y") + "ie"} & verbs)
    return False


def is_verb_phrase(name: str, verbs: frozenset[str]) -> bool:
    """Starts with a verb ("manage staff", "managing staff"), maybe after an adverb
    ("verbally communicate"), or ends with an -ing verb ("construction sites inspecting")."""
    words = name.split(" ")
    if len(words) < 2:
        return False
    first = words[0]
    if _is_verb(first, verbs):
        return True
    if first.endswith("ly") and _is_verb(words[1], verbs):
        return True
    return words[-1].endswith("ing") and _is_verb(words[-1], verbs)
