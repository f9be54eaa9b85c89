"""Pairs scored by the engine and both baselines, and the share each ranks right, by pair kind."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bench.eval import TODAY
from bench.eval.baselines import Bm25, TfIdf
from tailor_core.engine.read_posting.requirements import Requirements, analyze_requirements
from tailor_core.engine.score import Evaluation, combine, evaluate, skills_part
from tailor_core.engine.weights import SkillRules
from tests.eval.corpus import HEADLINE_KINDS, KINDS, Pair


@dataclass(frozen=True)
class Scored:
    pair: Pair
    requirements: Requirements
    better: Evaluation
    worse: Evaluation
    tfidf: tuple[float, float]
    bm25: tuple[float, float]

    def parts(self, rules: SkillRules) -> tuple[dict[str, float], dict[str, float]]:
        """Both resumes' parts (0-1) with the skills part under `rules`."""
        return _with_rules(self.requirements, self.better, rules), _with_rules(
            self.requirements, self.worse, rules
        )


def _with_rules(req: Requirements, evaluation: Evaluation, rules: SkillRules) -> dict[str, float]:
    parts = dict(evaluation.parts)
    if "skills" in parts:
        parts["skills"] = skills_part(req, evaluation.skills, evaluation.shown, rules)
    return parts


def score_pairs(pairs: Sequence[Pair]) -> list[Scored]:
    documents = {text for pair in pairs for text in (pair.better, pair.worse)}
    tfidf = TfIdf([*documents, *{pair.case.posting.description for pair in pairs}])
    bm25 = Bm25(documents)
    # One reading per posting and per (posting, resume): pairs share both.
    requirements = {pair.case.id: analyze_requirements(pair.case.posting) for pair in pairs}
    evaluations: dict[tuple[str, str], Evaluation] = {}

    def evaluation(pair: Pair, text: str) -> Evaluation:
        key = (pair.case.id, text)
        if key not in evaluations:
            evaluations[key] = evaluate(text, requirements[pair.case.id], TODAY)
        return evaluations[key]

    scored = []
    for pair in pairs:
        query = f"{pair.case.posting.title}\n{pair.case.posting.description}"
        scored.append(
            Scored(
                pair,
                requirements[pair.case.id],
                evaluation(pair, pair.better),
                evaluation(pair, pair.worse),
                (tfidf.score(query, pair.better), tfidf.score(query, pair.worse)),
                (bm25.score(query, pair.better), bm25.score(query, pair.worse)),
            )
        )
    return scored


def accuracy(values: Iterable[tuple[float, float]]) -> float:
    """Share of pairs ranked right; a tie counts half."""
    results = [1.0 if a > b else 0.5 if a == b else 0.0 for a, b in values]
    return sum(results) / len(results) if results else float("nan")


def engine_values(
    scored: Iterable[Scored], weights: dict[str, float], rules: SkillRules
) -> list[tuple[float, float]]:
    values = []
    for s in scored:
        better, worse = s.parts(rules)
        values.append((combine(better, weights), combine(worse, weights)))
    return values


def ranking_table(
    scored: Sequence[Scored], weights: dict[str, float], rules: SkillRules
) -> dict[str, Any]:
    table: dict[str, Any] = {}
    groups: dict[str, Callable[[Scored], bool]] = {
        "benchmark (degraded + other profession)": lambda s: s.pair.kind in HEADLINE_KINDS,
        "all kinds": lambda s: True,
        "graded (two real applicants)": lambda s: s.pair.kind.startswith("graded_"),
        **{kind: (lambda s, kind=kind: s.pair.kind == kind) for kind in KINDS},  # type: ignore[misc]
    }
    for name, keep in groups.items():
        chosen = [s for s in scored if keep(s)]
        table[name] = {
            "pairs": len(chosen),
            "engine": accuracy(engine_values(chosen, weights, rules)),
            "tfidf": accuracy(s.tfidf for s in chosen),
            "bm25": accuracy(s.bm25 for s in chosen),
        }
    return table
