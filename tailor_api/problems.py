"""Every error as RFC 9457 problem+json, with a `detail` that says what to change."""

from __future__ import annotations

import logging
import re
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from tailor_core.errors import (
    ConfigurationError,
    Conflict,
    InvalidInput,
    NotFound,
    TailorError,
    TooManyAttempts,
    TransientError,
    Unauthorized,
)

MEDIA_TYPE = "application/problem+json"
log = logging.getLogger(__name__)


class ProblemError(HTTPException):
    """An HTTP error with a problem type of its own (raised by routes and the body limit)."""

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
    if isinstance(exc, TooManyAttempts):
        return problem(429, exc.message, headers={"Retry-After": str(exc.retry_after)})
    if isinstance(exc, Unauthorized):
        return problem(401, exc.message, headers={"WWW-Authenticate": "Bearer"})
    if isinstance(exc, NotFound):
        return problem(404, exc.message)
    if isinstance(exc, Conflict):
        return problem(409, exc.message)
    if isinstance(exc, InvalidInput):
        return problem(422, exc.message)
    if isinstance(exc, TransientError):
        return problem(503, exc.message, headers={"Retry-After": "5"})
    if isinstance(exc, ConfigurationError):
        log.error("configuration error: %s", exc.message)
        return problem(500, "the server is misconfigured; see its log")
    log.exception("unexpected error", exc_info=exc)
    return problem(500, "unexpected error; see the server log")


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
