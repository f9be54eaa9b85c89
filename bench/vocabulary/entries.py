"""A name as a source gives it (Candidate) and as the vocabulary keeps it (Entry)."""

from __future__ import annotations

from dataclasses import dataclass


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
