"""POST /v1/auth/login: email and password for a short-lived user token."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from tailor_api.responses import errors
from tailor_api.schemas import LoginRequest, LoginResponse
from tailor_core.tokens import login

router = APIRouter(prefix="/v1/auth", tags=["auth"])


@router.post("/login", response_model=LoginResponse, responses=errors(400, 401, 413, 422, 503))
def log_in(body: LoginRequest) -> dict[str, Any]:
    """Unknown email and wrong password get the same answer, in the same time."""
    return login(body.email, body.password)
