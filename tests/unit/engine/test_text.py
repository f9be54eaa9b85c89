"""Words and lines as the engine reads them (engine.text)."""

# Real resumes use en dashes and typographic apostrophes; the test data must too.
# ruff: noqa: RUF001

from __future__ import annotations

from tailor_core.engine.text import features, split_lines, tokens


def test_tech_tokens_stay_whole() -> None:
    text = "C++, C#, .NET, Node.js, CI/CD, R&D, full-stack and ASP.NET."
    assert tokens(text) == [
        "c++", "c#", ".net", "node.js", "ci/cd", "r&d", "full-stack", "and", "asp.net",
    ]  # fmt: skip


def test_tokens_are_case_folded_and_apostrophes_unified() -> None:
    assert tokens("Bachelor’s DEGREE") == tokens("bachelor's degree") == ["bachelor's", "degree"]


def test_split_lines_round_trips_every_line_ending() -> None:
    text = "a\r\nb\rc\n\nd"
    pairs = split_lines(text)
    assert pairs == [("a", "\r\n"), ("b", "\r"), ("c", "\n"), ("", "\n"), ("d", "")]
    assert "".join(content + ending for content, ending in pairs) == text


def test_features_match_whole_words_phrases_and_plurals() -> None:
    found = features("Built data pipelines in Python/Django, machine learning")
    assert {"python", "django", "python/django", "data pipelines", "data pipeline"} <= found
    assert "pipeline" in found
    assert "machine learning" in found
    assert "django machine" not in found  # a comma ends the phrase
    assert "java" not in features("JavaScript")
