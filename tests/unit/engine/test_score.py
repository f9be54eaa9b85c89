"""The five-part score (engine.score); tests/unit/engine/test_corpus.py holds it over the corpus."""

from __future__ import annotations

from tests.support.tailoring import tailor


def test_years_of_relevant_experience_count_toward_the_score() -> None:
    posting = "Requirements: Python, SQL. 5+ years of experience with Python."
    long = "Ana\n\nExperience\nData Engineer, Beta | 2015 - 2023\n- Python and SQL pipelines\n"
    short = "Ana\n\nExperience\nData Engineer, Beta | 2022 - 2023\n- Python and SQL pipelines\n"
    _, report_long = tailor(long, "Data Engineer", posting)
    _, report_short = tailor(short, "Data Engineer", posting)
    assert report_long["score_before"] > report_short["score_before"]
    assert report_long["resume"]["relevant_years"] == 9.0
