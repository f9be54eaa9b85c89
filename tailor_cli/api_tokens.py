from __future__ import annotations

import click

from tailor_cli.output import emit_json, json_option
from tailor_cli.unit_of_work import command_unit_of_work
from tailor_core.auth.api_tokens import create_token, list_tokens, revoke_token


@click.group()
def tokens() -> None:
    """API tokens for the HTTP API (`Authorization: Bearer ...`)."""


@tokens.command("create")
@click.option("--user-id", type=click.IntRange(min=1), help="The user this token acts as.")
@click.option(
    "--service",
    is_flag=True,
    help="A service token: acts for the user named in each request's X-Tailor-User-Id header.",
)
@click.option("--name", default="api", show_default=True, help="A label to recognise it by.")
@json_option
def create(user_id: int | None, service: bool, name: str, as_json: bool) -> None:
    """Create a token and print it once; only its hash is stored."""
    if service == (user_id is not None):
        raise click.UsageError("give exactly one of --user-id ID and --service")
    token = create_token(user_id=user_id, name=name, service=service, uow=command_unit_of_work())
    if as_json:
        emit_json(token)
        return
    owner = "service" if service else f"user {user_id}"
    click.echo(f"token id        {token['id']}")
    click.echo(f"acts for        {owner}")
    click.echo(f"name            {name}")
    click.echo("shown once, keep them secret:")
    click.echo(f"token           {token['token']}")
    click.echo(f"webhook secret  {token['webhook_secret']}")


@tokens.command("list")
@click.option("--user-id", type=click.IntRange(min=1), help="Only this user's tokens.")
@click.option("--all", "include_revoked", is_flag=True, help="Include revoked tokens.")
@json_option
def list_(user_id: int | None, include_revoked: bool, as_json: bool) -> None:
    """List tokens (never the tokens themselves)."""
    found = list_tokens(
        user_id=user_id, include_revoked=include_revoked, uow=command_unit_of_work()
    )
    if as_json:
        emit_json(found)
        return
    if not found:
        click.echo("no tokens")
    for token in found:
        who = "service" if token["is_service"] else f"user {token['user_id']}"
        state = "revoked" if token["revoked_at"] else "active"
        used = token["last_used_at"].isoformat() if token["last_used_at"] else "never"
        click.echo(f"{token['id']:>6}  {state:<8} {who:<12} {token['name']}  last used {used}")


@tokens.command("revoke")
@click.argument("token_id", type=click.IntRange(min=1))
@json_option
def revoke(token_id: int, as_json: bool) -> None:
    """Revoke a token: requests with it get 401 from now on."""
    changed = revoke_token(token_id, uow=command_unit_of_work())
    if as_json:
        emit_json({"id": token_id, "revoked": True, "changed": changed})
    else:
        click.echo(
            f"token {token_id} revoked" if changed else f"token {token_id} was already revoked"
        )
