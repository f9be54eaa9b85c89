"""Candidates filtered, de-duplicated and sorted into entries; the coverage check on the result."""

from __future__ import annotations

from collections import Counter, defaultdict

from bench.vocabulary.entries import Candidate, Entry
from bench.vocabulary.rules import case_rule, junk_reason
from bench.vocabulary.text import folded_key, has_upper, tokens_of

SOURCE_PRIORITY = {"curated": 0, "curated-extra": 1, "esco": 2, "onet": 3}


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
