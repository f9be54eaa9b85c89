"""The `tailor` command line. `tailor --help` lists the commands; each has its own --help.

One of Tailor's two front doors, beside the HTTP API (tailor_api): both are thin adapters over
the services of tailor_core, and hand jobs to the workers through tailor_worker's publisher.

Each command's module is imported only when that command runs, so `tailor --help` and the light
commands do not pay for the Celery app, Alembic or the PDF stack (bench/cli_startup.py).
"""

from __future__ import annotations

import json
import os
import sys
from importlib import import_module

import click

from tailor_core.errors import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    ConfigurationError,
    TailorError,
    TransientError,
)

# name: (module, attribute, one-line help shown by `tailor --help`)
COMMANDS = {
    "api": ("serve_api", "api", "Serve the HTTP API (OpenAPI at /docs and /openapi.json)."),
    "db": ("db", "db", "Create and migrate the database schema."),
    "demo": ("demo", "demo", "Run one sample job through producer, broker, worker, database."),
    "jobs": ("jobs", "jobs", "Submit tailoring jobs, follow and export them."),
    "resumes": ("resumes", "resumes", "Add and list resumes."),
    "stats": ("stats", "stats", "Jobs by status, the oldest PENDING job's age, throughput."),
    "tailor": ("tailor_cmd", "tailor_command", "Tailor one resume to one posting, no queue."),
    "tokens": (
        "api_tokens",
        "tokens",
        "API tokens for the HTTP API (`Authorization: Bearer ...`).",
    ),
    "users": ("users", "users", "Create, list, show and delete user accounts."),
}


class LazyGroup(click.Group):
    """Imports a command's module when the command is used, not to list it."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attribute, _ = COMMANDS[cmd_name]
        command = getattr(import_module(f"tailor_cli.{module}"), attribute)
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, COMMANDS[name][2]) for name in sorted(COMMANDS)])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tailor")
def cli() -> None:
    """Tailor: tailor a resume to a job posting, truthfully, on a fleet of workers.

    \b
    First run, no servers needed:   tailor demo
    Your own data:                  tailor db init
                                    tailor users create --email you@example.com --name "You"
                                    tailor resumes add --user-id 1 --file resume.md
                                    tailor jobs submit --user-id 1 --resume-id 1 \\
                                        --title "Data Engineer" --company Acme \\
                                        --description-file posting.txt
                                    tailor jobs wait 1

    Settings come from the environment or a .env file in this folder (see README.md): at least
    DATABASE_URL and REDIS_URL, or TAILOR_EMBEDDED=1 for a SQLite file and a folder broker under
    ./.tailor. Add --json to any command for machine-readable output, errors included.

    \b
    Exit status: 0 done, 1 bad input or configuration (or a FAILED job), 2 bad command line,
    3 a server does not answer, 4 `jobs wait` timed out, 130 interrupted.
    """
    from tailor_core.logs import configure_logging
    from tailor_core.settings import get_settings

    try:
        settings = get_settings()
        level, log_format = settings.log_level, settings.log_format
    except ConfigurationError:
        # The command reports it, in one line, when it reads the settings itself.
        level, log_format = "INFO", "text"
    # Tailor's own lines at TAILOR_LOG_LEVEL (`tailor api` logs who acted as whom at INFO);
    # the chatty libraries are held at WARNING by configure_logging.
    configure_logging(level, log_format)


def _fail(message: str, code: int) -> None:
    if "--json" in sys.argv[1:]:
        click.echo(json.dumps({"error": message, "exit_code": code}), err=True)
    else:
        click.echo(f"error: {message}", err=True)
    sys.exit(code)


def _database_error(exc: Exception) -> TailorError | None:
    """A SQLAlchemy error that escaped a unit of work, in Tailor's terms (None: not one)."""
    if not type(exc).__module__.startswith("sqlalchemy"):
        return None
    from sqlalchemy.exc import DBAPIError

    if isinstance(exc, DBAPIError):
        from tailor_core.db.session import translate_db_error

        translated = translate_db_error(exc)
        if isinstance(translated, TailorError):
            return translated
    return None


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except (KeyboardInterrupt, click.exceptions.Abort):
        _fail("interrupted", EXIT_INTERRUPTED)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx else "tailor"
        _fail(f"{exc.format_message()} (see `{where} --help`)", EXIT_USAGE)
    except click.ClickException as exc:
        _fail(exc.format_message(), exc.exit_code)
    except TailorError as exc:
        _fail(_explained(exc), exc.outcome.exit_code)
    except BrokenPipeError:
        # `tailor jobs list | head`: the reader left; nothing to report.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_ERROR)
    except Exception as exc:
        translated = _database_error(exc)
        if translated is None:
            raise
        _fail(_explained(translated), translated.outcome.exit_code)


def _explained(exc: TailorError) -> str:
    if isinstance(exc, TransientError):
        return f"{exc.message} (is the server running? check DATABASE_URL/REDIS_URL)"
    return exc.message
