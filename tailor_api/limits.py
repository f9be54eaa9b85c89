"""Request bodies are refused past a limit before they are read, not after."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tailor_api.problems import ProblemError, problem

TOO_LARGE = "urn:tailor:problem:body-too-large"


def too_large(limit: int) -> ProblemError:
    return ProblemError(413, f"the request body is over the limit of {limit:,} bytes", TOO_LARGE)


class BodyLimit:
    """Refuse a declared Content-Length over the limit at once; count chunked bodies as read."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            error = too_large(self.max_bytes)
            response = problem(413, str(error.detail), type_=TOO_LARGE)
            await response(scope, receive, send)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # An HTTPException passes through FastAPI's body parsing to our handler.
                    raise too_large(self.max_bytes)
            return message

        await self.app(scope, limited, send)
