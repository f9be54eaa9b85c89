"""POST /v1/auth/login: email and password for a short-lived user token."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from tailor_api import login_throttle
from tailor_api.responses import errors
from tailor_api.schemas import LoginRequest, LoginResponse
from tailor_core.errors import Unauthorized
from tailor_core.tokens import login

router = APIRouter(prefix="/v1/auth", tags=["auth"])


@router.post(
    "/login",
    response_model=LoginResponse,
    responses=errors(400, 401, 413, 422, 429, 503),
    summary="Log in with email and password; returns a bearer token",
)
def log_in(body: LoginRequest) -> dict[str, Any]:
    """Unknown email and wrong password get the same answer, in the same time.

    After TAILOR_LOGIN_MAX_FAILURES failures for one address in 15 minutes, every attempt for
    it answers 429 (with Retry-After) until the window ends, whatever the password.
    """
    login_throttle.check(body.email)
    try:
        token = login(body.email, body.password)
    except Unauthorized:
        login_throttle.failed(body.email)
        raise
    login_throttle.succeeded(body.email)
    return token
