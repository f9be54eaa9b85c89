"""`tailor tailor`: the engine on one resume and posting, or on many as JSON lines (--batch)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import click
from click.core import ParameterSource

from tailor_cli.output import emit_json, json_option
from tailor_cli.report import print_report
from tailor_core.domain import JobPosting
from tailor_core.errors import EXIT_ERROR, InvalidInput, TailorError
from tailor_core.jobs.engine_choice import load_engine
from tailor_core.jobs.processing import Engine
from tailor_core.parsing.plain_text import normalize_newlines, tidy
from tailor_core.parsing.uploads import read_resume_file, read_text_file
from tailor_core.resumes.crud import MAX_RESUME_CHARS
from tailor_core.settings import get_settings
from tailor_core.validation import required_text

# The limit tailor_core.jobs.crud.posting_fields puts on a submitted job's title and company name.
TITLE_MAX_CHARS = 300
# A line over the limit is read past in pieces of this size, never held whole.
_DISCARD_CHUNK = 64 * 1024
_SHAPE = "one JSON object per line, with resume and posting as strings"

BATCH_EXAMPLE = json.dumps(
    {
        "resume": "Jane Doe\nData engineer: Python and SQL pipelines at Acme\n",
        "posting": "We need a data engineer with Python, SQL and Airflow.",
        "title": "Data Engineer",
        "company": "Acme",
    }
)
HELP = f"""Tailor one resume to one posting right here, without the queue or a database.

Prints the tailored resume and the match report; with --json, one object with
`tailored_resume` and `report`. Exit status 1, with one `error: ...` line, on bad input.

With --batch --json, tailors many pairs in one process (the engine is loaded once): each
line of stdin is one JSON object with `resume` and `posting` text (`title` and `company`
are optional, other keys are ignored), and each one gets one JSON line on stdout, in the
same order, written as soon as it is done. Blank lines are skipped. A line that cannot be
tailored gets an `error` object and the lines after it go on:

\b
  in:   {BATCH_EXAMPLE}
  out:  {{"report": {{"score_after": ..., "score_before": ..., ...}}, "tailored_resume": "..."}}
  or:   {{"error": "line 2: posting is missing: add the posting's text as a string"}}

\b
  tailor tailor --batch --json < pairs.jsonl > results.jsonl

A line may hold at most TAILOR_MAX_UPLOAD_BYTES bytes, a resume {MAX_RESUME_CHARS:,}
characters, a posting TAILOR_MAX_POSTING_CHARS characters.

Exit status with --batch: 0 when every line was tailored, 1 when any line got an `error`
object, 2 on a usage error.
"""


@click.command("tailor", help=HELP)
@click.option(
    "--resume",
    "resume_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The resume: PDF, Word .docx, Markdown or plain text. Required without --batch.",
)
@click.option(
    "--job",
    "job_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The job posting's text. Required without --batch.",
)
@click.option("--title", default="", help="The posting's job title (improves matching).")
@click.option("--company", default="", help="The hiring company.")
@click.option(
    "--batch",
    is_flag=True,
    help="Read JSON lines from stdin, write one JSON line per input line (needs --json).",
)
@json_option
@click.pass_context
def tailor_command(
    ctx: click.Context,
    resume_file: Path | None,
    job_file: Path | None,
    title: str,
    company: str,
    batch: bool,
    as_json: bool,
) -> None:
    if batch:
        _check_batch_usage(ctx, as_json)
        if not run_batch(sys.stdin.buffer):
            # Not ctx.exit(): `tailor`'s main() runs click without standalone mode, which would
            # swallow the code.
            sys.exit(EXIT_ERROR)
        return
    if resume_file is None or job_file is None:
        # The message click gave when both options were plainly required.
        missing = "resume_file" if resume_file is None else "job_file"
        param = next(p for p in ctx.command.params if p.name == missing)
        raise click.MissingParameter(ctx=ctx, param=param)
    resume_text, _ = read_resume_file(resume_file)
    posting = JobPosting(title=title, company_name=company, description=read_text_file(job_file))
    engine = load_engine(get_settings().engine)
    result = engine(resume_text, posting)
    if as_json:
        emit_json({"tailored_resume": result.tailored_text, "report": result.report})
        return
    click.echo(result.tailored_text.rstrip("\n"))
    click.echo("\n--- report ---")
    print_report(result.report)


def _check_batch_usage(ctx: click.Context, as_json: bool) -> None:
    def given(name: str) -> bool:
        return ctx.get_parameter_source(name) is not ParameterSource.DEFAULT

    if given("resume_file") or given("job_file"):
        raise click.UsageError(
            "--batch reads every resume and posting from stdin: drop --resume and --job", ctx
        )
    if given("title") or given("company"):
        raise click.UsageError(
            "--batch takes each line's title and company from its JSON: drop --title and --company",
            ctx,
        )
    if not as_json:
        raise click.UsageError(
            "--batch writes JSON lines: add --json (tailor tailor --batch --json < pairs.jsonl)",
            ctx,
        )


def run_batch(stream: BinaryIO) -> bool:
    """Tailor each JSON line of `stream`, printing one JSON line for each; True if all worked."""
    if stream.isatty():
        click.echo("reading JSON lines from stdin (end with Ctrl-D); see --help", err=True)
    engine = load_engine(get_settings().engine)
    all_done = True
    for line in read_lines(stream, get_settings().max_upload_bytes):
        if not line.too_long and not line.data.strip():
            continue
        document = tailor_line(engine, line)
        all_done = all_done and "error" not in document
        # One line each (json.dumps without indent never breaks a line); click.echo flushes,
        # so a caller reading the pipe gets each result as soon as it is ready.
        click.echo(json.dumps(document, default=str, sort_keys=True))
    return all_done


@dataclass(frozen=True)
class Line:
    number: int
    data: bytes
    # Bytes on the line, its newline not counted; more than `data` holds when it is too long.
    size: int

    @property
    def too_long(self) -> bool:
        return self.size > len(self.data)


def read_lines(stream: BinaryIO, limit: int) -> Iterator[Line]:
    """The stream's lines of at most `limit` bytes each (the newline not counted).

    A longer line is read past in pieces and comes back with no data and its size, so one huge
    line never sits in memory.
    """
    number = 0
    while chunk := stream.readline(limit + 1):
        number += 1
        if len(chunk) <= limit or chunk.endswith(b"\n"):
            data = chunk.removesuffix(b"\n")
            yield Line(number, data, len(data))
            continue
        size = len(chunk)
        while chunk and not chunk.endswith(b"\n"):
            chunk = stream.readline(_DISCARD_CHUNK)
            size += len(chunk.removesuffix(b"\n"))
        yield Line(number, b"", size)


def tailor_line(engine: Engine, line: Line) -> dict[str, Any]:
    """The result for one line, or {"error": ...} saying what is wrong with it."""
    try:
        resume_text, posting = read_pair(line)
        result = engine(resume_text, posting)
    except TailorError as exc:
        return {"error": f"line {line.number}: {exc.message}"}
    return {"tailored_resume": result.tailored_text, "report": result.report}


def read_pair(line: Line) -> tuple[str, JobPosting]:
    """The line's resume text and posting, checked as an upload and a submitted job are."""
    if line.too_long:
        limit = get_settings().max_upload_bytes
        raise InvalidInput(
            f"the line is {line.size:,} bytes; the limit is {limit:,} (TAILOR_MAX_UPLOAD_BYTES): "
            "send a shorter resume or posting"
        )
    try:
        text = line.data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"the line is not UTF-8 (bad byte at offset {exc.start}); send UTF-8 JSON"
        ) from None
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "too deeply nested"
        raise InvalidInput(f"the line is not valid JSON ({reason}): send {_SHAPE}") from None
    if not isinstance(document, dict):
        raise InvalidInput(f"the line holds a JSON {_kind(document)}, not an object: send {_SHAPE}")
    resume = required_text(
        "resume", _field(document, "resume", "the resume's text"), MAX_RESUME_CHARS
    )
    description = required_text(
        "posting",
        _field(document, "posting", "the posting's text"),
        get_settings().max_posting_chars,
    )
    posting = JobPosting(
        title=_optional_text(document, "title"),
        company_name=_optional_text(document, "company"),
        description=normalize_newlines(description),
    )
    # A resume file's text is tidied the same way by tailor_core.parsing.parse_resume_file.
    return tidy(resume), posting


def _field(document: dict[str, Any], key: str, what: str) -> str:
    value = document.get(key)
    if value is None:
        raise InvalidInput(f"{key} is missing: add {what} as a string")
    if not isinstance(value, str):
        raise InvalidInput(f"{key} must be a string with {what}, not a JSON {_kind(value)}")
    return value


def _optional_text(document: dict[str, Any], key: str) -> str:
    value = document.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(f"{key} must be a string, not a JSON {_kind(value)}; or leave it out")
    if not value.strip():
        return ""
    return required_text(key, value, TITLE_MAX_CHARS)


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null"
