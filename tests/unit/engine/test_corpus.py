"""The engine's promises over the whole evaluation corpus: 240 resumes, 12 professions.

Every resume of tests/eval/corpus, as written and with the posting's skills removed, is
tailored to its own posting and to another one. Each result must pass the verifier, lose no
word the person wrote, add no word that is not a mirrored skill name or a summary connective,
never score lower than the original, and come out byte for byte the same when run again.
"""

from __future__ import annotations

import json
import os
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tailor_core.domain import JobPosting
from tailor_core.engine import tailor_resume
from tailor_core.engine.api import evaluate_tailored, prepare, score_after, score_resume
from tailor_core.engine.read_resume.sections import degree_levels
from tailor_core.engine.text import features, tokens, word_forms
from tailor_core.engine.verify import Allowances, find_violations
from tests.eval.corpus import (
    CORPUS_TODAY,
    build_pairs,
    corpus_resumes,
    degrade,
    load_cases,
    lost_words,
    tailoring_runs,
    unbacked_words,
)

TODAY = date(*CORPUS_TODAY, 1)
RUNS = [(name, resume, posting) for name, _, resume, posting in tailoring_runs()]


def test_the_corpus_is_big_and_varied() -> None:
    cases = load_cases()
    assert len(corpus_resumes()) >= 200
    assert len({case.profession for case in cases}) >= 10
    assert len(build_pairs()) >= 300


@pytest.mark.parametrize(("name", "resume", "posting"), RUNS, ids=[run[0] for run in RUNS])
def test_tailoring_keeps_every_promise(name: str, resume: str, posting: JobPosting) -> None:
    result = tailor_resume(resume, posting, TODAY)
    report = result.report
    allow = Allowances(
        mirrored=tuple((m["to"], m["from"]) for m in report["mirrored"]),
        added_lines=tuple(report["added_lines"]),
    )
    assert find_violations(resume, result.tailored_text, allow) == []
    assert not lost_words(resume, result.tailored_text), "a word the person wrote was lost"
    assert unbacked_words(resume, result.tailored_text, report) == set()
    assert report["score_after"] >= report["score_before"]
    if report["summary"] is not None:
        assert len(report["summary"]) <= 120
        assert report["summary"][0].isalnum()  # no list number, bullet or slash


@pytest.mark.parametrize("case", load_cases()[::10], ids=lambda case: case.id)
def test_byte_for_byte_repeatable(case: object) -> None:
    resume, posting = case.resume, case.posting  # type: ignore[attr-defined]
    first, second = tailor_resume(resume, posting, TODAY), tailor_resume(resume, posting, TODAY)
    assert first.tailored_text.encode() == second.tailored_text.encode()
    assert json.dumps(first.report).encode() == json.dumps(second.report).encode()


@pytest.mark.parametrize("case", load_cases(), ids=lambda case: case.id)
def test_entries_are_understood(case: object) -> None:
    """Every corpus resume has at least two jobs, each with a role and dates."""
    resume, posting = case.resume, case.posting  # type: ignore[attr-defined]
    entries = tailor_resume(resume, posting, TODAY).report["resume"]["entries"]
    assert len(entries) >= 2
    for entry in entries:
        assert entry["role"] in resume
        assert entry["dates"] in resume
        assert entry["role"]


# Words that can make a resume look like a better match: they never appear in padding.
_MEANINGFUL = {"bachelor", "bachelor's", "master", "master's", "degree", "phd", "doctorate"}


@settings(
    max_examples=int(os.environ.get("TAILOR_PROPERTY_EXAMPLES", "40")), deadline=None, database=None
)
@given(
    case_index=st.integers(min_value=0, max_value=len(load_cases()) - 1),
    seed=st.randoms(use_true_random=False),
    lines=st.integers(min_value=1, max_value=60),
)
def test_padding_with_unrelated_text_never_raises_the_score(
    case_index: int, seed: object, lines: int
) -> None:
    case = load_cases()[case_index]
    # Unrelated: no word the posting uses, in any form ("trainings" is "training").
    posting_words = features(f"{case.posting.title}\n{case.posting.description}")
    pool = sorted(
        {
            word
            for other in load_cases()
            if other.profession != case.profession
            for word in tokens(other.resume)
            if word.isalpha()
            and posting_words.isdisjoint(word_forms(word)[1])
            and word not in _MEANINGFUL
            and not degree_levels(word)  # "bsn" states a degree: not unrelated text
        }
    )
    rng = seed  # a random.Random that hypothesis controls
    padding = "\n".join(
        " ".join(rng.choice(pool) for _ in range(rng.randint(3, 12)))  # type: ignore[attr-defined]
        for _ in range(lines)
    )
    before = score_resume(case.resume, case.posting, TODAY)
    assert score_resume(f"{case.resume}\n{padding}\n", case.posting, TODAY) <= before + 1e-9


@pytest.mark.parametrize("case", load_cases(), ids=lambda case: case.id)
def test_the_shortcut_after_score_equals_a_full_evaluation(case: object) -> None:
    """score_after does not read the tailored text again (it raises the evidence of mirrored
    skills, or keeps the original's evaluation): it must give exactly what reading it would."""
    resume, posting = case.resume, case.posting  # type: ignore[attr-defined]
    for text in (resume, degrade(case)):  # type: ignore[arg-type]
        prepared = prepare(text, posting, TODAY)
        full = evaluate_tailored(prepared.plan.text, prepared, prepared.plan.added_lines)
        shortcut = score_after(prepared)
        assert shortcut.parts == pytest.approx(full.parts)
        assert shortcut.score == pytest.approx(full.score)
        assert shortcut.years == full.years
        assert {k: e.found for k, e in shortcut.skills.items()} == {
            k: e.found for k, e in full.skills.items()
        }


def test_the_shortcut_after_score_is_tested_on_mirrored_plans() -> None:
    mirrored = [
        case.id
        for case in load_cases()
        for text in (case.resume, degrade(case))
        if prepare(text, case.posting, TODAY).plan.mirrored_at
    ]
    assert len(mirrored) >= 20, mirrored
