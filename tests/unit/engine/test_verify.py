"""The verifier (engine.verify), the last check for every engine: nothing new claimed or lost."""

from __future__ import annotations

import pytest

from tailor_core.engine.verify import Allowances, find_violations, verify_truthful
from tailor_core.errors import PermanentError


def test_verifier_accepts_reordering_and_case_changes() -> None:
    verify_truthful("Skills\nJava, Python\n- a b\n- c d\n", "Skills\npython, Java\n- c d\n- a b\n")


def test_verifier_rejects_an_invented_word() -> None:
    with pytest.raises(PermanentError, match="words that are not in the resume: kubernetes"):
        verify_truthful("- Built services in Python\n", "- Built services in Python, Kubernetes\n")


def test_verifier_rejects_a_dropped_line() -> None:
    original = "Engineer, Acme\n- Built services\n- Led migration\n"
    with pytest.raises(PermanentError, match="left out this line of the resume: '- Led migration'"):
        verify_truthful(original, "Engineer, Acme\n- Built services\n")


def test_verifier_rejects_a_line_merged_into_another() -> None:
    with pytest.raises(PermanentError, match="left out"):
        verify_truthful("- a b\n- c d\n", "- a b c d\n")


def test_verifier_rejects_a_dropped_line_without_words() -> None:
    with pytest.raises(PermanentError, match="left out"):
        verify_truthful("Title\n-----\n", "Title\n")


def test_verifier_allows_only_backed_mirrors() -> None:
    original = "Skills\nPostgres, Go\n"
    verify_truthful(
        original, "Skills\nPostgreSQL, Go\n", Allowances(mirrored=(("PostgreSQL", "Postgres"),))
    )
    with pytest.raises(PermanentError, match="words that are not in the resume: postgresql"):
        verify_truthful(original, "Skills\nPostgreSQL, Go\n")
    # GitHub is not an alias of Git: the lexicon does not back it.
    problems = find_violations("Git\n", "GitHub\n", Allowances(mirrored=(("GitHub", "Git"),)))
    assert "not a known alias" in problems[0]


@pytest.mark.parametrize(
    ("tailored", "kind"),
    [
        ("Engineer, Acme 2019-2023\n- Built APIs in Kubernetes\n", "kubernetes (skill)"),
        ("Engineer, Acme 2019-2024\n- Built APIs\n", "2019-2024 (number or date)"),
        ("Engineer, Initech 2019-2023\n- Built APIs\n", "initech"),
        ("Director, Acme 2019-2023\n- Built APIs\n", "director"),
        ("Engineer, Acme 2019-2023\n- Built APIs\nPhD, MIT\n", "phd"),
    ],
)
def test_verifier_rejects_new_facts(tailored: str, kind: str) -> None:
    with pytest.raises(PermanentError, match="not in the resume") as raised:
        verify_truthful("Engineer, Acme 2019-2023\n- Built APIs\n", tailored)
    assert kind in raised.value.message


def test_verifier_summary_words_and_dropped_lines() -> None:
    original = "Engineer, Acme 2019-2023\n- Built APIs in Python\n- Ran events\n"
    good = "Engineer skilled in Python.\n" + original
    verify_truthful(original, good, Allowances(added_lines=("Engineer skilled in Python.",)))
    bad = "Engineer passionate about Python.\n" + original
    with pytest.raises(PermanentError, match=r"added summary used words.*passionate"):
        verify_truthful(
            original, bad, Allowances(added_lines=("Engineer passionate about Python.",))
        )
    dropped = "Engineer, Acme 2019-2023\n- Built APIs in Python\n"
    with pytest.raises(PermanentError, match="left out this line"):
        verify_truthful(original, dropped)
    verify_truthful(original, dropped, Allowances(dropped_lines=("- Ran events",)))
    with pytest.raises(PermanentError, match="a line the resume does not"):
        verify_truthful(original, original + "Engineer, Acme 2019-2023\n")
