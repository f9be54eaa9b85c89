"""Rows as plain dicts, the shape the original design's functions return."""

from __future__ import annotations

from typing import Any

from tailor_core.db.models import Job, Resume, User


def user_record(user: User) -> dict[str, Any]:
    # The password hash stays inside the data layer: callers never need it.
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "created_at": user.created_at,
        "updated_at": user.updated_at,
    }


def resume_record(resume: Resume) -> dict[str, Any]:
    return {
        "id": resume.id,
        "user_id": resume.user_id,
        "file_path": resume.file_path,
        "original_filename": resume.original_filename,
        "content_type": resume.content_type,
        "parsed_text": resume.parsed_text,
        "created_at": resume.created_at,
        "updated_at": resume.updated_at,
    }


def job_record(job: Job) -> dict[str, Any]:
    return {
        "id": job.id,
        "user_id": job.user_id,
        "resume_id": job.resume_id,
        "title": job.title,
        "company_name": job.company_name,
        "job_description": job.job_description,
        "status": str(job.status),
        "tailored_resume_text": job.tailored_resume_text,
        "report": job.report,
        "error": job.error,
        "attempts": job.attempts,
        "idempotency_key": job.idempotency_key,
        "callback_url": job.callback_url,
        "created_at": job.created_at,
        "updated_at": job.updated_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
        "priority": job.priority,
        "batch_id": job.batch_id,
    }
