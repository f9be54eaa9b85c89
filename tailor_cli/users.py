from __future__ import annotations

import secrets
import sys
from typing import TYPE_CHECKING

import click

from tailor_cli.output import emit_fields, emit_json, json_option
from tailor_core.errors import NotFound
from tailor_core.users.listings import list_users
from tailor_core.validation import MAX_ID

if TYPE_CHECKING:
    from tailor_core.users.crud import UserHoldings

# tailor_core.users.crud loads the ORM models: imported by the commands that use them, so that
# `tailor users list` starts on Core alone (bench/cli_startup.py).
USER_FIELDS = ["id", "email", "name", "created_at"]
HOLDINGS = ["resumes", "jobs", "unfinished_jobs", "api_tokens"]
MIN_PASSWORD_CHARS = 8


@click.group()
def users() -> None:
    """Manage user accounts: create, list, show and delete."""


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
    from tailor_core.auth.passwords import hash_password  # Argon2: only this command needs it

    # A random secret nobody knows keeps the account usable by id but impossible to log into.
    password_hash = hash_password(password or secrets.token_urlsafe(32))
    from tailor_cli.unit_of_work import command_unit_of_work
    from tailor_core.users.crud import add_user

    user = add_user(email=email, password_hash=password_hash, name=name, uow=command_unit_of_work())
    if as_json:
        emit_json(user.as_dict())
    else:
        emit_fields(user, USER_FIELDS)


@users.command("list")
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True)
@json_option
def list_(limit: int, offset: int, as_json: bool) -> None:
    """List users, oldest first."""
    found = list_users(limit, offset)
    if as_json:
        emit_json([user.as_dict() for user in found])
        return
    if not found:
        click.echo("no users" if offset == 0 else f"no users after the first {offset}")
    for user in found:
        click.echo(f"{user.id:>6}  {user.email}  {user.name}")


@users.command("show")
@click.argument("user_id", type=click.IntRange(1, MAX_ID))
@json_option
def show(user_id: int, as_json: bool) -> None:
    """Show a user and how many resumes, jobs and API tokens they own."""
    from tailor_cli.unit_of_work import command_unit_of_work
    from tailor_core.users.crud import user_holdings

    found = user_holdings(user_id, uow=command_unit_of_work())
    if found is None:
        raise NotFound("user", user_id)
    if as_json:
        emit_json(found.as_dict())
        return
    emit_fields(found.user, USER_FIELDS)
    emit_fields(found.holdings, HOLDINGS)


def _describe(found: UserHoldings) -> str:
    user, held = found.user, found.holdings
    jobs = f"{held['jobs']} job(s)"
    if held["unfinished_jobs"]:
        jobs += f" ({held['unfinished_jobs']} PENDING or PROCESSING)"
    return (
        f"user {user.id} ({user.email}) with {held['resumes']} resume(s), {jobs} "
        f"and {held['api_tokens']} API token(s)"
    )


@users.command("delete")
@click.argument("user_id", type=click.IntRange(1, MAX_ID))
@click.option("--yes", is_flag=True, help="Delete without asking (needed without a terminal).")
@json_option
def delete(user_id: int, yes: bool, as_json: bool) -> None:
    """Delete a user with their resumes, jobs and API tokens.

    The database removes a user's resumes, jobs and tokens with them (nothing is kept
    orphaned); unfinished jobs are dropped, and a worker running one writes nothing. Uploaded
    originals are removed from the file store too. Asks first on a terminal; --yes skips that.
    """
    from tailor_cli.unit_of_work import command_unit_of_work
    from tailor_core.users.crud import remove_user, user_holdings

    uow = command_unit_of_work()
    if not yes:
        found = user_holdings(user_id, uow=uow)
        if found is None:
            raise NotFound("user", user_id)
        if as_json or not sys.stdin.isatty():
            raise click.ClickException(
                f"not deleting {_describe(found)} without confirmation: add --yes"
            )
        if not click.confirm(f"Delete {_describe(found)}?", default=False):
            raise click.ClickException(f"user {user_id} not deleted")
    deleted = remove_user(user_id, uow=uow)
    if deleted is None:
        raise NotFound("user", user_id)
    left = _remove_uploads(list(deleted.resume_files))
    if left:
        click.echo(
            f"warning: could not remove {len(left)} uploaded original(s) from the file store "
            f"(remove them by hand): {', '.join(left)}",
            err=True,
        )
    if as_json:
        emit_json(deleted.held.as_dict() | {"deleted": True, "uploads_left": left})
    else:
        click.echo(f"deleted {_describe(deleted.held)}")


def _remove_uploads(paths: list[str]) -> list[str]:
    """Remove the originals the API stored (a URL: file:// or s3://); the ones it could not.

    A plain path is a file `tailor resumes add` read from the person's own disk: not ours.
    """
    uploads = [path for path in paths if "://" in path]
    if not uploads:
        return []
    try:
        from tailor_api.storage import get_storage

        storage = get_storage()
    except Exception:
        # No usable file store here (e.g. s3:// without boto3): the user is already deleted,
        # so say which files are left rather than fail.
        return uploads
    left = []
    for url in uploads:
        try:
            storage.delete(url)
        except Exception:
            left.append(url)
    return left


QUOTA_FIELDS = [
    "user_id",
    "max_in_flight",
    "max_in_flight_source",
    "submissions_per_minute",
    "submissions_per_minute_source",
    "in_flight",
]


@users.command("quota")
@click.option("--user-id", type=click.IntRange(min=1), required=True)
@click.option(
    "--max-in-flight",
    type=click.IntRange(min=0),
    help="Jobs this user may have queued or running (0: no limit).",
)
@click.option(
    "--submissions-per-minute",
    type=click.IntRange(min=0),
    help="Submissions this user may make in any 60 s; a batch counts one (0: no limit).",
)
@click.option("--clear", is_flag=True, help="Drop this user's own quotas: the defaults apply.")
@json_option
def quota(
    user_id: int,
    max_in_flight: int | None,
    submissions_per_minute: int | None,
    clear: bool,
    as_json: bool,
) -> None:
    """Show a user's quotas; with an option, set them (the other one keeps its value)."""
    from tailor_core.jobs.quotas import clear_user_quota, get_user_quota, set_user_quota

    if clear:
        clear_user_quota(user_id)
    if max_in_flight is not None or submissions_per_minute is not None:
        current = get_user_quota(user_id)
        own = {
            name: current[name] if current[f"{name}_source"] == "user" else None
            for name in ("max_in_flight", "submissions_per_minute")
        }
        set_user_quota(
            user_id,
            max_in_flight=own["max_in_flight"] if max_in_flight is None else max_in_flight,
            submissions_per_minute=own["submissions_per_minute"]
            if submissions_per_minute is None
            else submissions_per_minute,
        )
    shown = get_user_quota(user_id)
    if as_json:
        emit_json(shown)
    else:
        emit_fields(shown, QUOTA_FIELDS)
