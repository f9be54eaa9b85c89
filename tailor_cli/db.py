from __future__ import annotations

import click

from tailor_cli.output import emit_json, json_option
from tailor_core.database import create_tables, current_revision
from tailor_core.settings import get_settings


@click.group()
def db() -> None:
    """Create and migrate the database schema."""


@db.command("init")
@json_option
def init(as_json: bool) -> None:
    """Migrate the database to the newest schema. Safe to run again: it changes nothing then."""
    before = current_revision()
    create_tables()
    after = current_revision()
    settings = get_settings()
    where = "embedded SQLite" if settings.embedded_database else "PostgreSQL"
    if as_json:
        emit_json({"revision_before": before, "revision": after, "database": where})
    elif before == after:
        click.echo(f"database ({where}) already at revision {after}")
    else:
        click.echo(f"database ({where}) migrated from {before or 'empty'} to revision {after}")
