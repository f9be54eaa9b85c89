"""How commands print: a readable summary for people, one JSON document with --json."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime

import click

json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON document instead of text."
)


def _default(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def emit_json(document: object) -> None:
    click.echo(json.dumps(document, default=_default, indent=2, sort_keys=True))


def emit_fields(record: object, fields: list[str]) -> None:
    """`fields` of a record, read as attributes (a JobRecord, ...) or keys (a mapping)."""
    width = max(len(name) for name in fields)
    for name in fields:
        value = record.get(name) if isinstance(record, Mapping) else getattr(record, name, None)
        if value is None or value == "":
            continue
        click.echo(
            f"{name.ljust(width)}  {_default(value) if isinstance(value, datetime) else value}"
        )


def progress(message: str) -> None:
    click.echo(message, err=True)
