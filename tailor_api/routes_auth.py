"""POST /v1/auth/login: email and password for a short-lived user token."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from tailor_api import login_throttle
from tailor_api.responses import errors
from tailor_api.schemas import LoginRequest, LoginResponse
from tailor_api.unit_of_work import Work
from tailor_core.auth.api_tokens import login

router = APIRouter(prefix="/v1/auth", tags=["auth"])


@router.post(
    "/login",
    response_model=LoginResponse,
    responses=errors(400, 401, 413, 422, 429, 503),
    summary="Log in with email and password; returns a bearer token",
)
def log_in(body: LoginRequest, request: Request, uow: Work) -> dict[str, Any]:
    """Unknown email and wrong password get the same answer, in the same time.

    After TAILOR_LOGIN_MAX_FAILURES failed attempts for one email from one client address in
    15 minutes, every attempt for it from there answers 429 (with Retry-After) until the
    window ends, whatever the password; see docs/API.md for the account-wide and per-address
    limits. Too many logins being checked at once answers 503 with Retry-After.
    """
    client = request.client.host if request.client is not None else "unknown"
    # Counted before the (slow) password check, so parallel guesses cannot pass the limit.
    login_throttle.attempt(body.email, client)
    with login_throttle.verification_slot():
        token = login(body.email, body.password, uow=uow)
    login_throttle.succeeded(body.email, client)
    return token
