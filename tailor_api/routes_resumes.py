"""POST/GET/DELETE /v1/resumes: the upload is parsed once, its original kept in storage."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, File, Path, Query, Response, UploadFile

from tailor_api.auth import ActingUser
from tailor_api.paging import Cursor, decode_cursor, next_cursor
from tailor_api.responses import AUTH, errors
from tailor_api.schemas import MAX_ID, Resume, ResumePage, ResumeSummary
from tailor_api.storage import get_storage, object_key
from tailor_api.unit_of_work import Work
from tailor_core.errors import TransientError, UploadTooLarge
from tailor_core.parsing import ACCEPTED, ParsedResume
from tailor_core.parsing.api import check_extension
from tailor_core.parsing.isolated import parse_isolated
from tailor_core.resumes.crud import add_resume
from tailor_core.settings import get_settings
from tailor_core.users.ownership import delete_own_resume, get_resume, list_resumes
from tailor_core.validation import clean_filename

router = APIRouter(prefix="/v1/resumes", tags=["resumes"])
log = logging.getLogger(__name__)
ResumeId = Annotated[int, Path(gt=0, le=MAX_ID)]


def parse_upload(filename: str, data: bytes) -> ParsedResume:
    """The one place that turns an upload into text: in a bounded child process, so a hostile
    file costs the API neither CPU nor memory (tailor_core.parsing.isolated)."""
    return parse_isolated(filename, data)


def _read_limited(upload: UploadFile) -> bytes:
    limit = get_settings().max_upload_bytes
    data = upload.file.read(limit + 1)
    if len(data) > limit:
        raise UploadTooLarge(
            f"the file is over the limit of {limit:,} bytes (TAILOR_MAX_UPLOAD_BYTES)"
        )
    return data


def _filename(upload: UploadFile) -> str:
    # Only the last path part (browsers may send a full path), without control or bidi
    # characters (NUL breaks PostgreSQL, an RTL override disguises the extension).
    return clean_filename(upload.filename or "")


@router.post(
    "",
    status_code=201,
    response_model=Resume,
    responses=errors(*AUTH, 404, 413, 415),
    summary="Upload a resume (PDF, DOCX, Markdown or text); it is parsed at once.",
)
def upload_resume(
    user_id: ActingUser,
    file: Annotated[UploadFile, File(description=f"The resume as {ACCEPTED}.")],
    response: Response,
    uow: Work,
) -> Resume:
    name = _filename(file)
    check_extension(name)
    data = _read_limited(file)
    parsed = parse_upload(name, data)
    storage = get_storage()
    try:
        url = storage.put(object_key(user_id, name), data, parsed.content_type)
    except Exception as exc:
        log.exception("could not store an upload")
        raise TransientError("the file store is unavailable; try again later") from exc
    try:
        record = add_resume(
            user_id=user_id,
            file_path=url,
            original_filename=name,
            parsed_text=parsed.text,
            content_type=parsed.content_type,
            uow=uow,
        )
    except BaseException:
        _forget(url)
        raise
    response.headers["Location"] = f"/v1/resumes/{record.id}"
    return Resume.model_validate(record, from_attributes=True)


def _forget(url: str) -> None:
    try:
        get_storage().delete(url)
    except Exception:
        # An orphaned original costs disk, not correctness: log it for clean-up.
        log.warning("could not delete stored file %s", url, exc_info=True)


@router.get(
    "",
    response_model=ResumePage,
    responses=errors(*AUTH),
    summary="List your resumes, newest first",
)
def list_(
    user_id: ActingUser,
    uow: Work,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Cursor = None,
) -> ResumePage:
    """This user's resumes, newest first."""
    items = list_resumes(user_id, limit=limit, before_id=decode_cursor(cursor), uow=uow)
    return ResumePage(
        items=[ResumeSummary.model_validate(r, from_attributes=True) for r in items],
        next_cursor=next_cursor([r.id for r in items], limit),
    )


@router.get(
    "/{resume_id}",
    response_model=Resume,
    responses=errors(*AUTH, 404),
    summary="Show one of your resumes with its parsed text",
)
def show(user_id: ActingUser, resume_id: ResumeId, uow: Work) -> Resume:
    return Resume.model_validate(get_resume(user_id, resume_id, uow=uow), from_attributes=True)


@router.delete(
    "/{resume_id}",
    status_code=204,
    responses=errors(*AUTH, 404),
    summary="Delete a resume and its stored original",
)
def delete(user_id: ActingUser, resume_id: ResumeId, uow: Work) -> Response:
    """Delete the resume, the jobs that tailor it, and its stored original."""
    record = delete_own_resume(user_id, resume_id, uow=uow)
    _forget(record.file_path)
    return Response(status_code=204)
