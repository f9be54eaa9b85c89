"""A tailoring report, printed for a person."""

from __future__ import annotations

from typing import Any

import click


def _terms(values: Any) -> str:
    return ", ".join(str(v) for v in values) if values else "none"


def print_report(report: dict[str, Any]) -> None:
    before, after = report.get("score_before"), report.get("score_after")
    click.echo(f"match score   {before} -> {after} (of 100)")
    for name, part in (report.get("breakdown") or {}).items():
        if isinstance(part, dict):
            label = name.replace("_", " ")
            click.echo(
                f"  {label:<12}{part.get('before')} -> {part.get('after')} "
                f"(weight {part.get('weight')}): {part.get('found')}"
            )
    click.echo(f"matched       {_terms(report.get('matched'))}")
    missing = report.get("missing")
    if isinstance(missing, dict):  # keyword-v2 and later
        elsewhere = missing.get("in_resume_elsewhere")
        absent = missing.get("not_in_resume")
        click.echo(f"elsewhere     {_terms(elsewhere)}")
        if elsewhere:
            click.echo("              (in your resume, but not where readers look: move them up)")
        click.echo(f"not in resume {_terms(absent)}")
        if absent:
            click.echo("              (advice for you: they were not added)")
        if missing.get("qualifications"):
            click.echo(f"qualifications {_terms(missing['qualifications'])}")
    else:  # reports stored by keyword-v1
        click.echo(f"missing       {_terms(missing)}")
        if missing:
            click.echo("              (missing terms are advice for you: they were not added)")
    for change in report.get("mirrored") or []:
        click.echo(
            f"mirrored      {change.get('to')} written beside your {change.get('from')} "
            "(the posting's term)"
        )
    if report.get("summary"):
        click.echo(f"summary       {report['summary']}")
    llm = report.get("llm")
    if isinstance(llm, dict) and llm.get("rejected"):
        click.echo(f"model edits   rejected by the verifier: {_terms(llm['rejected'])}")
