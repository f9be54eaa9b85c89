"""POST/GET /v1/jobs, cancel, and the tailored resume as Markdown, DOCX or PDF."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response

from tailor_api.auth import ActingUser, principal
from tailor_api.export_cache import cached_render
from tailor_api.paging import Cursor, decode_cursor, next_cursor
from tailor_api.responses import AUTH, errors
from tailor_api.schemas import MAX_ID, Job, JobAccepted, JobCreate, JobPage, JobSummary
from tailor_api.unit_of_work import Work
from tailor_core.auth.api_tokens import Principal
from tailor_core.domain import JobStatus
from tailor_core.errors import Conflict
from tailor_core.jobs import producer
from tailor_core.jobs.batches import end_batch_if_done
from tailor_core.jobs.exporting import EXPORTERS
from tailor_core.records import JobRecord
from tailor_core.users.ownership import cancel_own_job, get_job, list_jobs
from tailor_worker.batch_webhook_delivery import enqueue_batch_webhook
from tailor_worker.publisher import publish_job
from tailor_worker.webhook_delivery import enqueue_webhook

router = APIRouter(prefix="/v1/jobs", tags=["jobs"])
JobId = Annotated[int, Path(gt=0, le=MAX_ID)]


class Format(StrEnum):
    md = "md"
    docx = "docx"
    pdf = "pdf"


MEDIA_TYPES = {
    Format.md: "text/markdown; charset=utf-8",
    Format.docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Format.pdf: "application/pdf",
}


def _shown(job: JobRecord) -> Job:
    # The record's own fields, and its status_url.
    return Job.model_validate(job, from_attributes=True)


def _accepted(submitted: producer.Submitted) -> JobAccepted:
    return JobAccepted(**dict(_shown(submitted.job)), created=submitted.created)


def render(text: str, format_: Format) -> bytes:
    """The one place that turns a tailored resume into a file (tailor_core.jobs.exporting)."""
    return EXPORTERS[format_.value](text)


@router.post(
    "",
    status_code=202,
    response_model=JobAccepted,
    responses=errors(*AUTH, 404, 409, 413, 429),
    summary="Submit a tailoring job; follow it at status_url (or get a webhook).",
)
def submit(
    body: JobCreate,
    user_id: ActingUser,
    who: Annotated[Principal, Depends(principal)],
    response: Response,
    uow: Work,
) -> JobAccepted:
    submitted = producer.submit(
        user_id=user_id,
        resume_id=body.resume_id,
        title=body.title,
        company_name=body.company_name,
        job_description=body.job_description,
        idempotency_key=body.idempotency_key,
        callback_url=body.callback_url,
        callback_token_id=who.token_id,
        publish=publish_job,
        priority=body.priority,
        uow=uow,
    )
    response.headers["Location"] = submitted.job.status_url
    return _accepted(submitted)


@router.get(
    "", response_model=JobPage, responses=errors(*AUTH), summary="List your jobs, newest first"
)
def list_(
    user_id: ActingUser,
    uow: Work,
    status: JobStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Cursor = None,
) -> JobPage:
    """This user's jobs, newest first; `next_cursor` fetches the next page."""
    items = list_jobs(user_id, limit=limit, before_id=decode_cursor(cursor), status=status, uow=uow)
    return JobPage(
        items=[JobSummary.model_validate(j, from_attributes=True) for j in items],
        next_cursor=next_cursor([j.id for j in items], limit),
    )


@router.get(
    "/{job_id}",
    response_model=Job,
    responses=errors(*AUTH, 404),
    summary="Show one of your jobs and its status",
)
def show(user_id: ActingUser, job_id: JobId, uow: Work) -> Job:
    return _shown(get_job(user_id, job_id, uow=uow))


@router.post(
    "/{job_id}/cancel",
    response_model=Job,
    responses=errors(*AUTH, 404, 409),
    summary="Cancel a job that has not finished",
)
def cancel(user_id: ActingUser, job_id: JobId, uow: Work) -> Job:
    """Cancel a job that has not finished; a worker running it stops and its result is dropped."""
    job = cancel_own_job(user_id, job_id, uow=uow)  # one transaction
    if job.callback_url is not None:
        # Just ended by this cancel, so not delivered yet: no query needed to know it.
        enqueue_webhook(job_id)
    if job.batch_id is not None:
        # It may have been its batch's last unfinished job; checked once the cancel committed.
        end_batch_if_done(job.batch_id, enqueue_batch_webhook, uow=uow)
    return _shown(job)


@router.get(
    "/{job_id}/resume",
    responses={
        200: {
            "description": "The tailored resume.",
            "content": {media: {"schema": {"type": "string"}} for media in MEDIA_TYPES.values()},
        },
        **errors(*AUTH, 404, 409),
    },
    response_class=Response,
    summary="Download a completed job's tailored resume (Markdown, text, DOCX or PDF)",
)
def tailored_resume(
    user_id: ActingUser, job_id: JobId, uow: Work, format: Format = Format.md
) -> Response:
    job = get_job(user_id, job_id, uow=uow)
    text = job.tailored_resume_text
    if job.status != JobStatus.COMPLETED or text is None:
        raise Conflict(f"job {job_id} is {job.status}; the resume exists once COMPLETED")
    filename = f"resume-{job_id}.{format.value}"
    # The text never changes after COMPLETED: render each format once (export_cache).
    body, hit = cached_render(job_id, format.value, text, lambda: render(text, format))
    return Response(
        body,
        media_type=MEDIA_TYPES[format],
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "X-Tailor-Export-Cache": "hit" if hit else "miss",
        },
    )
