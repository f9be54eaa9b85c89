"""The score's calibrated weights (data/score_weights.json, fitted by bench/engine_eval.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

PARTS = ("skills", "title", "years", "education", "terms")


@cache
def _weights_file() -> dict[str, Any]:
    source = resources.files("tailor_core.engine.data").joinpath("score_weights.json")
    data: dict[str, Any] = json.loads(source.read_text(encoding="utf-8"))
    return data


def part_weights() -> dict[str, float]:
    """The calibrated weight of each part (data/score_weights.json)."""
    return {part: float(_weights_file()["weights"][part]) for part in PARTS}


@dataclass(frozen=True)
class SkillRules:
    """How the skills part weighs evidence; fitted with the part weights."""

    # Credit for a skill only listed (skills line, summary), never shown in experience.
    listed_only: float = 1.0
    # Weight of a required licence or certification relative to a required skill.
    credential: float = 1.0


def skill_rules() -> SkillRules:
    rules = _weights_file().get("skill_rules", {})
    return SkillRules(**{name: float(value) for name, value in rules.items()})


def score_weights_version() -> str:
    return str(_weights_file()["version"])
