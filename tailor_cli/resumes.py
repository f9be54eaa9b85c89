from __future__ import annotations

from pathlib import Path

import click

from tailor_cli.output import emit_json, json_option
from tailor_cli.unit_of_work import command_unit_of_work
from tailor_core.parsing.uploads import ACCEPTED, read_resume_file
from tailor_core.resumes.crud import add_resume, user_resumes
from tailor_core.validation import clean_filename

RESUME_FIELDS = ["id", "user_id", "original_filename", "content_type", "created_at"]


@click.group()
def resumes() -> None:
    """Add and list resumes. A resume is reused by every job that tailors it."""


@resumes.command("add")
@click.option("--user-id", type=click.IntRange(min=1), required=True, help="Owner's user id.")
@click.option(
    "--file",
    "file",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help=f"The resume as {ACCEPTED}; text files in UTF-8.",
)
@json_option
def add(user_id: int, file: Path, as_json: bool) -> None:
    """Read a resume file, store its text for the workers and print the resume id."""
    text, content_type = read_resume_file(file)
    resume = add_resume(
        user_id=user_id,
        file_path=str(file.resolve()),
        original_filename=clean_filename(file.name),
        parsed_text=text,
        content_type=content_type,
        uow=command_unit_of_work(),
    )
    if as_json:
        emit_json({k: v for k, v in resume.as_dict().items() if k != "parsed_text"})
    else:
        click.echo(
            f"resume {resume.id} added for user {user_id} "
            f"({len(text.split())} words from {file.name})"
        )


@resumes.command("list")
@click.option("--user-id", type=click.IntRange(min=1), required=True, help="Owner's user id.")
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True)
@json_option
def list_(user_id: int, limit: int, offset: int, as_json: bool) -> None:
    """List a user's resumes, oldest first."""
    found = user_resumes(user_id, limit=limit, offset=offset, uow=command_unit_of_work())
    if as_json:
        emit_json([{k: v for k, v in r.as_dict().items() if k != "parsed_text"} for r in found])
        return
    if not found:
        click.echo(f"user {user_id} has no resumes (add one with `tailor resumes add`)")
    for resume in found:
        click.echo(f"{resume.id:>6}  {resume.original_filename}  {resume.content_type}")
