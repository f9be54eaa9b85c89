"""Bearer tokens resolved to the user a request acts for.

A user token acts for its own user. A service token acts for the user named in the
`X-Tailor-User-Id` header (a header rather than a body field, so GET and DELETE work alike);
every such request is logged with the token's id and name.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from tailor_api.schemas import MAX_ID
from tailor_api.unit_of_work import Work
from tailor_core.auth.api_tokens import Principal, authenticate
from tailor_core.errors import BadRequest, Forbidden, Unauthorized

USER_HEADER = "X-Tailor-User-Id"
log = logging.getLogger("tailor_api.auth")
_bearer = HTTPBearer(auto_error=False, description="A token from `tailor tokens create` or login.")


async def principal(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    uow: Work,
) -> Principal:
    # `Work` is cached per request, so this is the very unit of work the route is handed.
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("send Authorization: Bearer <token>")
    return await run_in_threadpool(authenticate, credentials.credentials, uow=uow)


async def acting_user(
    request: Request,
    who: Annotated[Principal, Depends(principal)],
    named: Annotated[
        int | None,
        Header(
            alias=USER_HEADER,
            gt=0,
            le=MAX_ID,
            description="Service tokens only: the user this request acts for.",
        ),
    ] = None,
) -> int:
    if not who.is_service:
        assert who.user_id is not None
        if named is not None and named != who.user_id:
            raise Forbidden(f"only a service token may act for another user ({USER_HEADER})")
        return who.user_id
    if named is None:
        raise BadRequest(f"a service token must name the user in the {USER_HEADER} header")
    log.info(
        "service token %d (%s) acts for user %d: %s %s",
        who.token_id,
        who.token_name,
        named,
        request.method,
        request.url.path,
    )
    return named


ActingUser = Annotated[int, Depends(acting_user)]
