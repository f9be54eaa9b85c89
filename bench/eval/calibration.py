"""Fitting the score's skill rules and part weights on the calibration half (--calibrate)."""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence

from bench.eval.ranking import Scored, accuracy
from tailor_core.engine.score import combine
from tailor_core.engine.weights import PARTS, SkillRules

GRID_STEP = 0.05
MIN_WEIGHT = 0.05
LISTED_ONLY_GRID = (1.0, 0.85, 0.7, 0.55, 0.4)
CREDENTIAL_GRID = (1.0, 1.5, 2.0, 3.0, 4.0)


def _weight_grid(step: float, floor: float) -> list[dict[str, float]]:
    units, low = round(1 / step), round(floor / step)
    grid = []
    for combo in itertools.product(range(low, units + 1), repeat=len(PARTS) - 1):
        rest = units - sum(combo)
        if rest >= low:
            grid.append({part: n * step for part, n in zip(PARTS, (*combo, rest), strict=True)})
    return grid


def _fit(
    parts: Sequence[tuple[dict[str, float], dict[str, float]]], grid: Sequence[dict[str, float]]
) -> tuple[float, float, dict[str, float]]:
    """The weighting that ranks best; ties go to the larger mean (clipped) margin."""
    best: tuple[float, float, dict[str, float]] | None = None
    for weights in grid:
        values = [(combine(b, weights), combine(w, weights)) for b, w in parts]
        key = (accuracy(values), statistics.fmean(min(a - b, 10.0) for a, b in values))
        if best is None or key > best[:2]:
            best = (*key, weights)
    assert best is not None
    return best


def calibrate(scored: Sequence[Scored]) -> tuple[dict[str, float], SkillRules, float]:
    """Skill rules and part weights that rank the calibration pairs best: every rule pair on
    a coarse weight grid, then the best rules on a fine one."""
    coarse = _weight_grid(0.1, 0.1)
    candidates = []
    for listed_only, credential in itertools.product(LISTED_ONLY_GRID, CREDENTIAL_GRID):
        rules = SkillRules(listed_only=listed_only, credential=credential)
        parts = [s.parts(rules) for s in scored]
        accuracy_, margin, _ = _fit(parts, coarse)
        candidates.append((accuracy_, margin, -abs(listed_only - 1) - abs(credential - 1), rules))
    rules = max(candidates, key=lambda c: c[:3])[3]
    accuracy_, _, weights = _fit(
        [s.parts(rules) for s in scored], _weight_grid(GRID_STEP, MIN_WEIGHT)
    )
    return {part: round(value, 2) for part, value in weights.items()}, rules, accuracy_
