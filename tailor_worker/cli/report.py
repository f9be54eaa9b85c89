"""A tailoring report, printed for a person."""

from __future__ import annotations

from typing import Any

import click


def _terms(values: Any) -> str:
    return ", ".join(str(v) for v in values) if values else "none"


def print_report(report: dict[str, Any]) -> None:
    before, after = report.get("score_before"), report.get("score_after")
    click.echo(f"match score   {before} -> {after} (of 100)")
    click.echo(f"matched       {_terms(report.get('matched'))}")
    click.echo(f"missing       {_terms(report.get('missing'))}")
    if report.get("missing"):
        click.echo("              (missing terms are advice for you: they were not added)")
