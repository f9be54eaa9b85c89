"""Every error as RFC 9457 problem+json, with a `detail` that says what to change."""

from __future__ import annotations

import logging
import math
import re
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from tailor_core.errors import ConfigurationError, TailorError, TransientError

MEDIA_TYPE = "application/problem+json"
log = logging.getLogger(__name__)


class ProblemError(HTTPException):
    """An HTTP error with a problem type of its own, for the body limit only.

    Routes raise Tailor's errors, whose outcome says the answer; the body limit fires inside
    FastAPI's body parsing, which turns any exception but an HTTPException into a 400.
    """

    def __init__(
        self,
        status: int,
        detail: str,
        type_: str = "about:blank",
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(status_code=status, detail=detail, headers=headers)
        self.type_ = type_


def problem(
    status: int,
    detail: str,
    *,
    type_: str = "about:blank",
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body = {"type": type_, "title": HTTPStatus(status).phrase, "status": status, "detail": detail}
    return JSONResponse(
        {**body, **extra}, status_code=status, media_type=MEDIA_TYPE, headers=headers
    )


def _from_tailor_error(exc: TailorError) -> JSONResponse:
    """The error's own outcome (tailor_core.errors): status, problem type and Retry-After."""
    outcome = exc.outcome
    headers: dict[str, str] = {}
    if exc.retry_after is not None:
        headers["Retry-After"] = str(math.ceil(exc.retry_after))  # whole seconds (RFC 9110)
    if outcome.status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    detail = exc.message
    if isinstance(exc, ConfigurationError):
        # The detail names the server's settings: for its log, not for a client.
        log.error("configuration error: %s", exc.message)
        detail = "the server is misconfigured; see its log"
    elif outcome.status >= 500 and not isinstance(exc, TransientError):
        log.exception("unexpected error", exc_info=exc)
        detail = "unexpected error; see the server log"
    return problem(outcome.status, detail, type_=outcome.problem_type, headers=headers or None)


def _validation(exc: RequestValidationError) -> JSONResponse:
    errors = [
        {"loc": [str(part) for part in error.get("loc", ())], "msg": str(error.get("msg", ""))}
        for error in exc.errors()
    ]
    first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
    detail = f"{'.'.join(first['loc'][1:]) or 'request'}: {first['msg']}"
    return problem(422, detail, errors=errors)


def install(app: FastAPI) -> None:
    async def tailor_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, TailorError)
        return _from_tailor_error(exc)

    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        type_ = exc.type_ if isinstance(exc, ProblemError) else "about:blank"
        headers = dict(exc.headers or {})
        detail = str(exc.detail)
        if exc.status_code == 405:
            headers["Allow"] = allowed_methods(request)
            detail = f"{request.method} is not allowed here; use {headers['Allow']}"
        return problem(exc.status_code, detail, type_=type_, headers=headers)

    async def validation_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return _validation(exc)

    async def value_error(_: Request, exc: Exception) -> JSONResponse:
        if "NUL (0x00)" in str(exc):
            # psycopg2 refuses NUL in a string; the schemas refuse it first, this is the
            # backstop for a field that slipped through: still the client's input, so a 4xx.
            return problem(422, "the input contains a NUL character (\\u0000); remove it")
        log.exception("unexpected error", exc_info=exc)
        return problem(500, "unexpected error; see the server log")

    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        # Anything else is a bug: the client gets problem+json without internals, the log
        # gets the traceback (Starlette re-raises it to the server after this answer).
        log.error("unexpected error: %s", type(exc).__name__)
        return problem(500, "unexpected error; see the server log")

    app.add_exception_handler(TailorError, tailor_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(ValueError, value_error)
    app.add_exception_handler(Exception, unexpected)


def allowed_methods(request: Request) -> str:
    """Every method of every operation on this path: a 405 lists them all, not one route's.

    Read from the OpenAPI document, the one list of operations that does not depend on how
    FastAPI nests included routers.
    """
    methods: set[str] = set()
    for template, operations in request.app.openapi().get("paths", {}).items():
        pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, request.url.path):
            methods |= {method.upper() for method in operations}
    if "GET" in methods:
        methods.add("HEAD")
    return ", ".join(sorted(methods))
