"""The error responses each route declares; the OpenAPI hook turns them into problem+json."""

from __future__ import annotations

from typing import Any

from tailor_api.schemas import Problem

_WHY = {
    400: "Bad request: an unreadable body, or a service token without X-Tailor-User-Id.",
    401: "No bearer token, or an unknown, expired or revoked one.",
    403: "A user token tried to act for another user.",
    404: "No such record among this user's own (another user's looks the same).",
    409: "Conflicts with the record's state (already finished; idempotency key reused).",
    413: "The body or the uploaded file is over the limit.",
    415: "The uploaded file's type is not accepted.",
    422: "The input was refused; `detail` says what to change.",
    429: "Too many failed logins, or a per-user quota refused it; wait Retry-After seconds.",
    503: "A dependency is unreachable or the server is busy; retry after Retry-After seconds.",
}
AUTH = (400, 401, 403, 422, 503)


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": Problem, "description": _WHY[code]} for code in sorted(set(codes))}
