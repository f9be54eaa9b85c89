"""POST /v1/batches (up to 1,000 postings for one resume), progress, cancel as a whole."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Response

from tailor_api.auth import ActingUser, principal
from tailor_api.responses import AUTH, errors
from tailor_api.schemas import MAX_ID, Batch, BatchAccepted, BatchCreate
from tailor_api.unit_of_work import Work
from tailor_core.auth.api_tokens import Principal
from tailor_core.jobs.batches import Posting, batch_progress, cancel_batch, submit_batch
from tailor_worker.batch_webhook_delivery import enqueue_batch_webhook
from tailor_worker.publisher import publish_jobs

router = APIRouter(prefix="/v1/batches", tags=["batches"])
BatchId = Annotated[int, Path(gt=0, le=MAX_ID)]


@router.post(
    "",
    status_code=202,
    response_model=BatchAccepted,
    responses=errors(*AUTH, 404, 413, 429),
    summary="Submit up to 1,000 postings for one resume; follow the batch at status_url.",
)
def submit(
    body: BatchCreate,
    user_id: ActingUser,
    who: Annotated[Principal, Depends(principal)],
    response: Response,
    uow: Work,
) -> dict[str, Any]:
    batch = submit_batch(
        user_id=user_id,
        resume_id=body.resume_id,
        postings=[Posting(p.title, p.company_name, p.job_description) for p in body.postings],
        publish_many=publish_jobs,
        priority=body.priority,
        callback_url=body.callback_url,
        callback_token_id=who.token_id,
        uow=uow,
    )
    response.headers["Location"] = f"/v1/batches/{batch['id']}"
    return {**batch_progress(user_id, batch["id"], uow=uow), "job_ids": batch["job_ids"]}


@router.get(
    "/{batch_id}",
    response_model=Batch,
    responses=errors(*AUTH, 404),
    summary="A batch's progress: counts by status, percentage and ETA",
)
def show(user_id: ActingUser, batch_id: BatchId, uow: Work) -> dict[str, Any]:
    return batch_progress(user_id, batch_id, enqueue_batch_webhook, uow=uow)


@router.post(
    "/{batch_id}/cancel",
    response_model=Batch,
    responses=errors(*AUTH, 404),
    summary="Cancel every job of the batch that has not ended",
)
def cancel(user_id: ActingUser, batch_id: BatchId, uow: Work) -> dict[str, Any]:
    return cancel_batch(user_id, batch_id, enqueue_batch_webhook, uow=uow)
