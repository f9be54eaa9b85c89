"""How good the tailoring engine is, in figures anyone can rerun (docs/TAILORING.md).

    python -m bench.engine_eval                 # held-out figures, tailoring checks, timing
    python -m bench.engine_eval --calibrate     # refit the score's part weights first
    python -m bench.engine_eval --json out.json

1. Ranking: on pairs from tests/eval/corpus (tests/eval/corpus.py says how they are built),
   the share of pairs where the matching resume scores above the other one (a tie counts
   half), for the engine's score and for two baselines computed here on the same pairs:
   TF-IDF cosine and Okapi BM25 between the posting and the resume. Calibration (--calibrate)
   fits the score's part weights on the calibration half only; the figures are for the
   held-out half.
2. Tailoring over the corpus (every resume as written and degraded, against its posting and
   another one): verifier rejections, score drops, words lost and words added.
3. Engine time per job, p50 and p99, on one core, after one warm-up pass.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from tailor_core.domain import JobPosting
from tailor_core.engine import tailor_resume
from tailor_core.engine.read_posting.requirements import Requirements, analyze_requirements
from tailor_core.engine.score import PARTS, combine, evaluate, part_weights
from tailor_core.engine.text import tokens
from tailor_core.engine.verify import CONNECTIVE_WORDS
from tailor_core.errors import PermanentError
from tests.eval.corpus import (
    CORPUS_TODAY,
    HEADLINE_KINDS,
    KINDS,
    Pair,
    build_pairs,
    corpus_resumes,
    load_cases,
)

TODAY = date(*CORPUS_TODAY, 1)
WEIGHTS_FILE = (
    Path(__file__).resolve().parents[1] / "tailor_core" / "engine" / "data" / "score_weights.json"
)
GRID_STEP = 0.05
MIN_WEIGHT = 0.05
_WORD_RE = re.compile(r"[a-z0-9][a-z0-9+#.&/-]*[a-z0-9+#]|[a-z0-9]")


# --- baselines -------------------------------------------------------------------------------


def bag(text: str) -> Counter[str]:
    """Lower-cased word counts, the plain tokenization both baselines use."""
    return Counter(_WORD_RE.findall(text.casefold()))


class TfIdf:
    """TF-IDF cosine with smoothed IDF (ln((1 + N) / (1 + df)) + 1), as scikit-learn does."""

    def __init__(self, documents: Iterable[str]) -> None:
        bags = [bag(doc) for doc in documents]
        df: Counter[str] = Counter(word for b in bags for word in b)
        self.idf = {word: math.log((1 + len(bags)) / (1 + n)) + 1 for word, n in df.items()}
        self.default = math.log(1 + len(bags)) + 1

    def vector(self, text: str) -> dict[str, float]:
        weights = {w: c * self.idf.get(w, self.default) for w, c in bag(text).items()}
        norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
        return {w: v / norm for w, v in weights.items()}

    def score(self, posting: str, resume: str) -> float:
        query, doc = self.vector(posting), self.vector(resume)
        return sum(value * doc.get(word, 0.0) for word, value in query.items())


class Bm25:
    """Okapi BM25 (k1 1.5, b 0.75, Lucene's IDF) of a resume for the posting as the query."""

    def __init__(self, resumes: Iterable[str], k1: float = 1.5, b: float = 0.75) -> None:
        bags = [bag(doc) for doc in resumes]
        self.k1, self.b = k1, b
        self.n = len(bags)
        self.df: Counter[str] = Counter(word for b_ in bags for word in b_)
        self.average = sum(sum(b_.values()) for b_ in bags) / max(1, self.n)

    def score(self, posting: str, resume: str) -> float:
        doc = bag(resume)
        length = sum(doc.values())
        total = 0.0
        for word in set(bag(posting)):
            tf = doc.get(word, 0)
            if not tf:
                continue
            df = self.df.get(word, 0)
            idf = math.log((self.n - df + 0.5) / (df + 0.5) + 1)
            norm = tf + self.k1 * (1 - self.b + self.b * length / self.average)
            total += idf * tf * (self.k1 + 1) / norm
        return total


# --- ranking ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scored:
    pair: Pair
    better: dict[str, float]  # the engine's parts (0-1) for the better resume
    worse: dict[str, float]
    tfidf: tuple[float, float]
    bm25: tuple[float, float]


def score_pairs(pairs: Sequence[Pair]) -> list[Scored]:
    documents = {text for pair in pairs for text in (pair.better, pair.worse)}
    tfidf = TfIdf([*documents, *{pair.case.posting.description for pair in pairs}])
    bm25 = Bm25(documents)
    requirements: dict[str, Requirements] = {}
    parts: dict[tuple[str, str], dict[str, float]] = {}

    def engine_parts(pair: Pair, text: str) -> dict[str, float]:
        key = (pair.case.id, text)
        if key not in parts:
            req = requirements.setdefault(pair.case.id, analyze_requirements(pair.case.posting))
            parts[key] = evaluate(text, req, TODAY).parts
        return parts[key]

    scored = []
    for pair in pairs:
        query = f"{pair.case.posting.title}\n{pair.case.posting.description}"
        scored.append(
            Scored(
                pair,
                engine_parts(pair, pair.better),
                engine_parts(pair, pair.worse),
                (tfidf.score(query, pair.better), tfidf.score(query, pair.worse)),
                (bm25.score(query, pair.better), bm25.score(query, pair.worse)),
            )
        )
    return scored


def accuracy(values: Iterable[tuple[float, float]]) -> float:
    """Share of pairs ranked right; a tie counts half."""
    results = [1.0 if a > b else 0.5 if a == b else 0.0 for a, b in values]
    return sum(results) / len(results) if results else float("nan")


def engine_values(scored: Iterable[Scored], weights: dict[str, float]) -> list[tuple[float, float]]:
    return [(combine(s.better, weights), combine(s.worse, weights)) for s in scored]


def calibrate(scored: Sequence[Scored]) -> tuple[dict[str, float], float]:
    """The part weights (a grid over the simplex, each at least MIN_WEIGHT) that rank the
    calibration pairs best; ties between weightings go to the larger mean margin."""
    steps = round(1 / GRID_STEP)
    floor = round(MIN_WEIGHT / GRID_STEP)
    best: tuple[float, float, dict[str, float]] | None = None
    for combo in itertools.product(range(floor, steps + 1), repeat=len(PARTS) - 1):
        rest = steps - sum(combo)
        if rest < floor:
            continue
        weights = {part: n * GRID_STEP for part, n in zip(PARTS, (*combo, rest), strict=True)}
        values = engine_values(scored, weights)
        key = (accuracy(values), statistics.fmean(min(a - b, 10.0) for a, b in values))
        if best is None or key > best[:2]:
            best = (*key, weights)
    assert best is not None
    return {part: round(value, 2) for part, value in best[2].items()}, best[0]


def ranking_table(scored: Sequence[Scored], weights: dict[str, float]) -> dict[str, Any]:
    table: dict[str, Any] = {}
    groups: dict[str, Callable[[Scored], bool]] = {
        "benchmark (degraded + other profession)": lambda s: s.pair.kind in HEADLINE_KINDS,
        "all kinds": lambda s: True,
        **{kind: (lambda s, kind=kind: s.pair.kind == kind) for kind in KINDS},  # type: ignore[misc]
    }
    for name, keep in groups.items():
        chosen = [s for s in scored if keep(s)]
        table[name] = {
            "pairs": len(chosen),
            "engine": accuracy(engine_values(chosen, weights)),
            "tfidf": accuracy(s.tfidf for s in chosen),
            "bm25": accuracy(s.bm25 for s in chosen),
        }
    return table


# --- tailoring checks ------------------------------------------------------------------------


def tailoring_checks() -> dict[str, Any]:
    cases = load_cases()
    rejections = drops = lost = new = runs = 0
    examples: list[str] = []
    for position, (case, resume) in enumerate(corpus_resumes()):
        other = cases[(position * 7 + 3) % len(cases)]
        for posting in (case.posting, other.posting):
            runs += 1
            try:
                result = tailor_resume(resume, posting, TODAY)
            except PermanentError as error:
                rejections += 1
                examples.append(f"{case.id}: {error.message}")
                continue
            report = result.report
            drops += report["score_after"] < report["score_before"]
            before, after = Counter(tokens(resume)), Counter(tokens(result.tailored_text))
            lost += bool(before - after)
            allowed = {w for m in report["mirrored"] for w in tokens(m["to"])} | CONNECTIVE_WORDS
            new += bool(set(after) - set(before) - allowed)
    return {
        "resumes": len(corpus_resumes()),
        "runs": runs,
        "verifier_rejections": rejections,
        "score_drops": drops,
        "outputs_losing_a_word": lost,
        "outputs_with_an_unbacked_word": new,
        "rejection_examples": examples[:5],
    }


def timing() -> dict[str, float]:
    cases = load_cases()
    jobs = [(case.resume, case.posting) for case in cases]
    for resume, posting in jobs:  # warm-up: vocabulary and word lists load once per process
        tailor_resume(resume, posting, TODAY)
    samples = []
    for resume, posting in jobs * 3:
        # A new posting object each time, so nothing is reused from the previous run of it.
        fresh = JobPosting(posting.title, posting.company_name, posting.description + " ")
        start = time.perf_counter()
        tailor_resume(resume + " ", fresh, TODAY)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "jobs": len(samples),
        "p50_ms": round(samples[len(samples) // 2], 2),
        "p99_ms": round(samples[int(len(samples) * 0.99) - 1], 2),
    }


# --- command ---------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calibrate", action="store_true", help="refit the part weights")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--skip-tailoring", action="store_true", help="ranking figures only")
    args = parser.parse_args(argv)

    pairs = build_pairs()
    print(f"scoring {len(pairs)} pairs from {len(load_cases())} cases ...", flush=True)
    scored = score_pairs(pairs)
    calibration = [s for s in scored if s.pair.case.half == "calibration"]
    held_out = [s for s in scored if s.pair.case.half == "held_out"]
    if args.calibrate:
        # Every kind: the issue's two alone are separated by any weighting on this corpus.
        weights, fitted = calibrate(calibration)
        WEIGHTS_FILE.write_text(
            json.dumps(
                {
                    "version": f"{date.today().isoformat()}-calibrated",
                    "fitted_on": "calibration half of tests/eval/corpus (all pair kinds), "
                    "by bench/engine_eval.py --calibrate",
                    "calibration_accuracy": round(fitted, 4),
                    "weights": weights,
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
        part_weights.__globals__["_weights_file"].cache_clear()
        print(f"calibrated on {len(calibration)} pairs: {weights} (accuracy {fitted:.3f})")
    weights = part_weights()
    figures: dict[str, Any] = {
        "weights": weights,
        "held_out": ranking_table(held_out, weights),
        "calibration": ranking_table(calibration, weights),
    }
    _print_ranking("held-out half", figures["held_out"])
    _print_ranking("calibration half", figures["calibration"])
    if not args.skip_tailoring:
        figures["tailoring"] = tailoring_checks()
        figures["timing"] = timing()
        print("\ntailoring over the corpus:")
        for key, value in figures["tailoring"].items():
            print(f"  {key}: {value}")
        print(
            f"engine time per job: p50 {figures['timing']['p50_ms']} ms, "
            f"p99 {figures['timing']['p99_ms']} ms ({figures['timing']['jobs']} jobs)"
        )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


def _print_ranking(title: str, table: dict[str, Any]) -> None:
    print(f"\npairwise accuracy, {title}:")
    print(f"  {'pairs':>45} {'engine':>7} {'TF-IDF':>7} {'BM25':>7}")
    for name, row in table.items():
        print(
            f"  {name:<38} {row['pairs']:>6} {row['engine']:>7.3f} "
            f"{row['tfidf']:>7.3f} {row['bm25']:>7.3f}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
