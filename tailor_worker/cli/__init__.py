"""The `tailor` command line. `tailor --help` lists the commands; each has its own --help."""

from __future__ import annotations

import logging
import sys

import click

from tailor_core.errors import ConfigurationError, TailorError, TransientError
from tailor_core.settings import get_settings
from tailor_worker.cli.api import api
from tailor_worker.cli.db import db
from tailor_worker.cli.demo import demo
from tailor_worker.cli.export import export
from tailor_worker.cli.jobs import jobs
from tailor_worker.cli.resumes import resumes
from tailor_worker.cli.stats import stats
from tailor_worker.cli.tailor_cmd import tailor_command
from tailor_worker.cli.tokens import tokens
from tailor_worker.cli.users import users

EXIT_ERROR = 1
EXIT_UNAVAILABLE = 3


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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

    Settings come from the environment or a .env file (see README.md); with none set, Tailor
    uses a SQLite file and a folder broker under ./.tailor. Add --json to any command for
    machine-readable output.
    """
    # Migrations and the folder broker narrate at INFO; a person wants Tailor's own messages.
    for chatty in ("alembic", "kombu.connection"):
        logging.getLogger(chatty).setLevel(logging.ERROR)
    logging.basicConfig(
        level=get_settings().log_level, format="%(levelname)s %(name)s: %(message)s"
    )


cli.add_command(db)
cli.add_command(users)
cli.add_command(resumes)
cli.add_command(jobs)
jobs.add_command(export)
cli.add_command(tailor_command)
cli.add_command(demo)
cli.add_command(api)
cli.add_command(tokens)
cli.add_command(stats)


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(EXIT_ERROR)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except TransientError as exc:
        click.echo(
            f"error: {exc.message} (is the server running? check DATABASE_URL/REDIS_URL)", err=True
        )
        sys.exit(EXIT_UNAVAILABLE)
    except (ConfigurationError, TailorError) as exc:
        click.echo(f"error: {exc.message}", err=True)
        sys.exit(EXIT_ERROR)
