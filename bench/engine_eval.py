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
import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from bench.eval.calibration import calibrate
from bench.eval.cost import memory, timing
from bench.eval.ranking import ranking_table, score_pairs
from bench.eval.tailoring import tailoring_checks
from tailor_core.engine.weights import part_weights, skill_rules
from tests.eval.corpus import build_pairs, load_cases

WEIGHTS_FILE = (
    Path(__file__).resolve().parents[1] / "tailor_core" / "engine" / "data" / "score_weights.json"
)


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
        weights, rules, fitted = calibrate(calibration)
        WEIGHTS_FILE.write_text(
            json.dumps(
                {
                    "version": f"{date.today().isoformat()}-calibrated",
                    "fitted_on": "calibration half of tests/eval/corpus (all pair kinds), "
                    "by bench/engine_eval.py --calibrate",
                    "calibration_accuracy": round(fitted, 4),
                    "weights": weights,
                    "skill_rules": {
                        "listed_only": rules.listed_only,
                        "credential": rules.credential,
                    },
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
        part_weights.__globals__["_weights_file"].cache_clear()
        print(f"calibrated on {len(calibration)} pairs: {weights}, {rules} (accuracy {fitted:.3f})")
    weights, rules = part_weights(), skill_rules()
    figures: dict[str, Any] = {
        "weights": weights,
        "skill_rules": {"listed_only": rules.listed_only, "credential": rules.credential},
        "held_out": ranking_table(held_out, weights, rules),
        "calibration": ranking_table(calibration, weights, rules),
    }
    _print_ranking("held-out half", figures["held_out"])
    _print_ranking("calibration half", figures["calibration"])
    if not args.skip_tailoring:
        figures["tailoring"] = tailoring_checks()
        figures["timing"] = timing()
        figures["memory"] = memory()
        print("\ntailoring over the corpus:")
        for key, value in figures["tailoring"].items():
            print(f"  {key}: {value}")
        print(
            "worker memory for the vocabulary and word frequencies: "
            f"+{figures['memory']['first_job_rss_growth_mb']} MB"
        )
        for label, row in figures["timing"].items():
            print(
                f"engine time per job, {label.replace('_', ' ')}: p50 {row['p50_ms']} ms, "
                f"p99 {row['p99_ms']} ms ({row['jobs']} jobs)"
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
