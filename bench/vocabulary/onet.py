"""The names an O*NET technology example gives: product, acronym, long form, vendor stripped."""

from __future__ import annotations

import re

from bench.vocabulary.rules import COMMON_ZIPF, is_sentence_case
from bench.vocabulary.text import PARENTHETICAL_RE, clean, has_upper, tokens_of, zipf
from bench.vocabulary.word_lists import VENDORS

_ACRONYM_RE = re.compile(r"[A-Z]{2,}")
_ACRONYM_STOPWORDS = frozenset({"for", "of", "and", "the", "&", "to", "in", "on", "a", "an"})


def acronym_split(name: str) -> tuple[str, str] | None:
    """'Best Linear Unbiased Prediction BLUP' -> ('BLUP', 'Best Linear Unbiased Prediction')."""
    words = name.split(" ")
    for index, word in enumerate(words):
        if index == 0 or not _ACRONYM_RE.fullmatch(word):
            continue
        initials: list[str] = []
        start = index
        while start > 0 and len(initials) < len(word):
            start -= 1
            if words[start].casefold() in _ACRONYM_STOPWORDS:
                continue
            initials.insert(0, words[start][:1].upper())
        if "".join(initials) == word and index - start >= 2:
            while words[start].casefold() in _ACRONYM_STOPWORDS:
                start += 1
            return word, " ".join(words[start:index])
    return None


def onet_brands() -> frozenset[str]:
    """One-word vendor names: 'Oracle software' names a product, not a kind of software."""
    return frozenset(vendor for vendor in VENDORS if " " not in vendor)


def onet_forms(raw: str, brands: frozenset[str]) -> list[tuple[str, str]]:
    """(name, kind) pairs that one O*NET technology example name gives."""
    name = clean(raw).replace("!", "")  # "Kahoot!", "Yahoo! Calendar": brand punctuation
    qualifier = PARENTHETICAL_RE.search(name)
    if qualifier is not None:
        # "Adobe Experience Manager (AEM)" names the product twice; "(accounting feature)"
        # says which part of a product O*NET means.
        inner = qualifier.group(0).strip()[1:-1]
        name = name[: qualifier.start()]
        if _ACRONYM_RE.fullmatch(inner):
            return [(inner, "onet-acronym"), *onet_forms(name, brands)]
    if is_sentence_case(name, brands):
        # "Medical calculator software": a description, written in lower case like ESCO's.
        name = _lower_first(name)
    kind = "onet"
    rest = name.removesuffix(" software")
    if rest != name and (len(rest.split(" ")) > 1 or has_upper(rest)):
        # "Procore software", "fatigue analysis software": the product or the method is named
        # ("spreadsheet software" stays whole: "spreadsheet" alone is a common noun).
        name = rest
        kind = "onet-software-suffix"
    split = acronym_split(name)
    if split is not None:
        acronym, long_form = split
        if is_sentence_case(long_form, brands):
            long_form = _lower_first(long_form)
        return [(acronym, "onet-acronym"), (long_form, "onet-acronym-long-form")]
    forms = [(name, kind)]
    for vendor in VENDORS:
        if name.startswith(vendor + " "):
            rest = name.removeprefix(vendor + " ")
            rest_words = tokens_of(rest)
            if len(rest_words) > 1 or (rest_words and zipf(rest_words[0]) < COMMON_ZIPF):
                forms.append((rest, "onet-vendor-stripped"))
            break
    return forms


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]
