"""Where in the resume each posting skill and term is found (engine.match)."""

from __future__ import annotations

from tailor_core.engine.match import relevance, terms_in
from tests.support.tailoring import tailor


def test_relevance_counts_each_term_found_once() -> None:
    weights = {"python": 3.0, "sql": 1.0}
    assert terms_in("Python developer", weights) == {"python"}
    assert relevance(["python", "python"], weights) == 3.0
    assert relevance([], weights) == 0
    assert relevance(["python", "sql"], weights) == 4.0


def test_a_skill_in_the_plural_is_found() -> None:
    _, report = tailor(
        "Ana\n\nEXPERIENCE\nWarehouse Associate, Target | 2020 - Present\n- Operated forklifts\n",
        "Warehouse Associate",
        "Requirements: forklift.",
    )
    assert report["skills"][0]["found"]
    assert report["skills"][0]["as"] == "forklifts"


def test_common_words_are_never_claimed_as_skills() -> None:
    resume = (
        "Jane Doe\n\nEXPERIENCE\nClinical Analyst, Mercy Hospital | 2019 - Present\n"
        "- Supported the Epic Go Live for 12 clinics\n"
        "- Trained staff on Plan B and Vitamin C protocols\n"
        "- Managed R and D budget\n- Installed stair rails and guard rails\n\n"
        "SKILLS\nEpic, Training, Excel\n"
    )
    text, report = tailor(
        resume, "Software Engineer", "Requirements: Golang, C, R, Excel, Ruby on Rails."
    )
    assert "Golang" not in text
    assert "Ruby on Rails" not in text
    assert report["summary"] == "Clinical Analyst skilled in Excel."


def test_an_employers_name_is_not_a_skill() -> None:
    resume = (
        "John Smith\n\nEXPERIENCE\nProject Manager, Java House Coffee | 2019 - Present\n"
        "- Managed store openings across 12 sites\n\nSKILLS\nBudgeting, Microsoft Excel\n"
    )
    _, report = tailor(resume, "Project Manager", "Requirements: Java, Excel, budgeting.")
    assert report["missing"]["not_in_resume"] == ["Java"]
    assert "Java" not in report["summary"]
