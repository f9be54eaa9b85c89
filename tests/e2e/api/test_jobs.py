"""Resumes and jobs over HTTP: uploads, idempotent submissions, specific problems, quotas,
batches, pages."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import boto3
import pytest

from tailor_core.jobs.quotas import set_user_quota
from tests.support.api import ApiServer
from tests.support.api_calls import (
    BUCKET,
    POSTING,
    UPLOAD_LIMIT,
    problem,
    submit,
    upload,
    uploaded_resume_id,
    wait_status,
)

pytestmark = pytest.mark.e2e


def test_uploads_are_parsed_stored_and_limited(
    stack: ApiServer, alice: dict[str, Any], s3_endpoint: str
) -> None:
    with stack.client(alice["token"]) as client:
        created = upload(client, name="cv.md")
        assert created.status_code == 201, created.text
        assert created.headers["location"] == f"/v1/resumes/{created.json()['id']}"
        big = "word " * (UPLOAD_LIMIT // 5 + 10)
        body = problem(upload(client, big, "big.txt"), 413)
        assert "limit" in body["detail"]
        huge = "x" * (UPLOAD_LIMIT * 3)
        problem(upload(client, huge, "huge.txt"), 413)  # refused before it is read
        problem(upload(client, "MZ\x90\x00", "setup.exe"), 415)
        problem(upload(client, "   ", "empty.txt"), 422)
        problem(upload(client, "not really a pdf", "cv.pdf"), 422)
        listing = client.get("/v1/resumes").json()["items"]
        assert [r["original_filename"] for r in listing] == ["cv.md"]
        deleted = client.delete(f"/v1/resumes/{created.json()['id']}")
        assert deleted.status_code == 204
        problem(client.get(f"/v1/resumes/{created.json()['id']}"), 404)
    s3 = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert all(key.startswith("uploads/resumes/") for key in keys)
    assert not [k for k in keys if k.startswith(f"uploads/resumes/{alice['id']}/")], (
        "the deleted resume's original is gone from storage"
    )


def test_submission_is_idempotent_and_finishes(stack: ApiServer, alice: dict[str, Any]) -> None:
    with stack.client(alice["token"]) as client:
        resume_id = uploaded_resume_id(client)
        first = submit(client, resume_id, idempotency_key="order-42")
        assert first.status_code == 202, first.text
        job = first.json()
        assert job["created"] is True
        assert job["status_url"] == first.headers["location"] == f"/v1/jobs/{job['id']}"
        again = submit(client, resume_id, idempotency_key="order-42")
        assert again.status_code == 202
        assert (again.json()["id"], again.json()["created"]) == (job["id"], False)
        problem(submit(client, resume_id, idempotency_key="order-42", title="Other"), 409)
        done = wait_status(client, job["id"], "COMPLETED")
        assert done["tailored_resume_text"]
        assert done["attempts"] == 1
        markdown = client.get(f"/v1/jobs/{job['id']}/resume")
        assert markdown.headers["content-type"].startswith("text/markdown")
        assert markdown.text == done["tailored_resume_text"]
        docx = client.get(f"/v1/jobs/{job['id']}/resume", params={"format": "docx"})
        assert zipfile.ZipFile(io.BytesIO(docx.content)).testzip() is None
        pdf = client.get(f"/v1/jobs/{job['id']}/resume", params={"format": "pdf"})
        assert pdf.content.startswith(b"%PDF")
        problem(client.get(f"/v1/jobs/{job['id']}/resume", params={"format": "exe"}), 422)


def test_bad_job_requests_get_specific_problems(stack: ApiServer, alice: dict[str, Any]) -> None:
    with stack.client(alice["token"]) as client:
        resume_id = uploaded_resume_id(client)
        problem(client.post("/v1/jobs", json={"resume_id": resume_id}), 422)
        problem(submit(client, resume_id, title="   "), 422)
        problem(submit(client, resume_id, callback_url="ftp://example.com/x"), 422)
        problem(submit(client, resume_id, surprise=1), 422)
        problem(
            client.post(
                "/v1/jobs", content=b"{not json", headers={"content-type": "application/json"}
            ),
            422,
        )
        problem(client.get("/v1/jobs", params={"cursor": "garbage"}), 422)
        problem(client.get("/v1/jobs", params={"status": "LOST"}), 422)


def test_a_quota_refusal_is_429_with_retry_after(stack: ApiServer, alice: dict[str, Any]) -> None:
    set_user_quota(alice["id"], max_in_flight=None, submissions_per_minute=1)
    with stack.client(alice["token"]) as client:
        resume_id = uploaded_resume_id(client)
        accepted = submit(client, resume_id, priority="batch")
        assert accepted.status_code == 202, accepted.text
        refused = submit(client, resume_id)
        body = problem(refused, 429)
        assert 1 <= int(refused.headers["Retry-After"]) <= 60
        assert "submissions in the last minute" in body["detail"]
        problem(submit(client, resume_id, priority="urgent"), 422)


def test_a_batch_over_http_is_followed_and_only_by_its_owner(
    stack: ApiServer, alice: dict[str, Any], bob: dict[str, Any]
) -> None:
    postings = [{**POSTING, "title": f"Role {n}"} for n in range(3)]
    with stack.client(alice["token"]) as client:
        resume_id = uploaded_resume_id(client)
        accepted = client.post("/v1/batches", json={"resume_id": resume_id, "postings": postings})
        assert accepted.status_code == 202, accepted.text
        batch = accepted.json()
        assert (batch["total"], batch["priority"], len(batch["job_ids"])) == (3, "batch", 3)
        assert accepted.headers["Location"] == f"/v1/batches/{batch['id']}"
        problem(client.post("/v1/batches", json={"resume_id": resume_id, "postings": []}), 422)
        many = {"resume_id": resume_id, "postings": [POSTING] * 1001}
        problem(client.post("/v1/batches", json=many), 422)
        with stack.client(bob["token"]) as other:
            problem(other.get(f"/v1/batches/{batch['id']}"), 404)
            problem(other.post(f"/v1/batches/{batch['id']}/cancel"), 404)
        cancelled = client.post(f"/v1/batches/{batch['id']}/cancel").json()
        assert cancelled["finished"]
        shown = client.get(f"/v1/batches/{batch['id']}").json()
        assert shown["done"] == 3
        assert shown["percent"] == 100.0


def test_pages_follow_the_cursor(stack: ApiServer, alice: dict[str, Any]) -> None:
    with stack.client(alice["token"]) as client:
        resume_id = uploaded_resume_id(client)
        ids = [submit(client, resume_id).json()["id"] for _ in range(5)]
        seen: list[int] = []
        cursor = None
        while True:
            params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
            page = client.get("/v1/jobs", params=params).json()
            seen += [item["id"] for item in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == sorted(ids, reverse=True)
