"""Log lines an operator can use: a timestamp on each, the job id on each line about a job, and
`TAILOR_LOG_FORMAT=json` for one JSON object per line. Used by the CLI and the workers."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

_job_id: ContextVar[int | None] = ContextVar("tailor_job_id", default=None)

# Libraries that narrate at INFO (migrations, the folder broker, PDF font subsetting): an
# operator wants Tailor's own lines, and these libraries' warnings.
QUIET = ("alembic", "kombu", "fontTools", "fpdf", "httpx", "botocore", "boto3", "urllib3")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(job)s%(message)s"


@contextmanager
def about_job(job_id: int) -> Iterator[None]:
    """Every line logged inside the block carries this job id."""
    token = _job_id.set(job_id)
    try:
        yield
    finally:
        _job_id.reset(token)


def set_job(job_id: int | None) -> None:
    """From now on in this context, lines are about this job (None: about none)."""
    _job_id.set(job_id)


class JobFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        job_id = getattr(record, "job_id", None) or _job_id.get()
        record.job_id = job_id
        record.job = f"[job {job_id}] " if job_id is not None else ""
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line; an exception's traceback goes in `exc_info` as one string."""

    def format(self, record: logging.LogRecord) -> str:
        document: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if getattr(record, "job_id", None) is not None:
            document["job_id"] = getattr(record, "job_id", None)
        if record.exc_info:
            document["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(document, default=str)


def handler(log_format: str, stream: object = None) -> logging.Handler:
    out = logging.StreamHandler(stream or sys.stderr)  # type: ignore[arg-type]
    out.addFilter(JobFilter())
    if log_format == "json":
        out.setFormatter(JsonFormatter())
    else:
        out.setFormatter(logging.Formatter(TEXT_FORMAT))
    return out


def configure_logging(level: str | int, log_format: str, stream: object = None) -> None:
    """Replace the root logger's handlers with Tailor's one handler."""
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler(log_format, stream))
    root.setLevel(level)
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    # The folder broker's URL has no host, and kombu warns about it on every connection.
    logging.getLogger("kombu.connection").setLevel(logging.ERROR)
