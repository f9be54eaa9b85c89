from __future__ import annotations

import secrets
import sys

import click

from tailor_core.passwords import hash_password
from tailor_core.users import create_user
from tailor_worker.cli.output import emit_fields, emit_json, json_option

USER_FIELDS = ["id", "email", "name", "created_at"]
MIN_PASSWORD_CHARS = 8


@click.group()
def users() -> None:
    """Manage user accounts."""


@users.command("create")
@click.option("--email", required=True, help="Login email; unique, case-insensitive.")
@click.option("--name", required=True, help="The person's name as it appears on the resume.")
@click.option(
    "--password",
    help="Password to set (stored only as an Argon2id hash). Omit it to create the account "
    "with login disabled; you are asked for one when the terminal is interactive.",
)
@json_option
def create(email: str, name: str, password: str | None, as_json: bool) -> None:
    """Create a user and print its id."""
    if password is None and sys.stdin.isatty() and not as_json:
        password = click.prompt(
            "Password (empty: login disabled)",
            hide_input=True,
            confirmation_prompt=True,
            default="",
            show_default=False,
        )
    if password and len(password) < MIN_PASSWORD_CHARS:
        raise click.BadParameter(
            f"a password needs at least {MIN_PASSWORD_CHARS} characters; "
            "or leave --password out to create the account with login disabled",
            param_hint="--password",
        )
    # A random secret nobody knows keeps the account usable by id but impossible to log into.
    password_hash = hash_password(password or secrets.token_urlsafe(32))
    user = create_user(email=email, password_hash=password_hash, name=name)
    if as_json:
        emit_json(user)
    else:
        emit_fields(user, USER_FIELDS)
