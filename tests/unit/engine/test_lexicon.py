"""The curated lexicon of skills and their aliases (engine.knowledge)."""

from __future__ import annotations

from tailor_core.engine.knowledge.lexicon import get_lexicon


def test_lexicon_is_versioned_and_knows_aliases() -> None:
    lexicon = get_lexicon()
    assert lexicon.version
    for alias, name in [("Postgres", "PostgreSQL"), ("k8s", "Kubernetes"), ("JS", "JavaScript")]:
        assert lexicon.lookup(alias) == lexicon.lookup(name) is not None
    assert {skill.field for skill in lexicon.skills.values()} >= {
        "software", "data", "healthcare", "finance", "sales_marketing", "education",
        "logistics", "design",
    }  # fmt: skip
    # Common words are not skills: "go home", "excel at".
    assert lexicon.find("go home and excel at work") == ()
