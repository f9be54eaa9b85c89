"""The FastAPI application: `create_app()` (uvicorn --factory tailor_api.app:create_app)."""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.openapi.utils import get_openapi
from fastapi.responses import Response
from fastapi_offline import FastAPIOffline
from prometheus_client import CONTENT_TYPE_LATEST

from tailor_api import (
    problems,
    routes_auth,
    routes_batches,
    routes_health,
    routes_jobs,
    routes_resumes,
)
from tailor_api.http_metrics import RequestMetrics
from tailor_api.limits import BodyLimit
from tailor_api.metrics import build_registry, exposition
from tailor_api.schemas import Problem
from tailor_core.settings import get_settings
from tailor_worker.broker import check_eviction_policy

# Room for the multipart envelope around a file of exactly TAILOR_MAX_UPLOAD_BYTES.
MULTIPART_OVERHEAD = 64 * 1024
PROBLEM_REF = "#/components/schemas/Problem"
DOCS_ASSETS = "/docs-assets"


def create_app() -> FastAPI:
    # A Redis that may evict would drop queued jobs' messages silently: refuse it (or warn).
    check_eviction_policy(get_settings().redis_eviction)
    # Swagger UI and ReDoc from assets packaged with fastapi-offline: /docs works offline.
    app = FastAPIOffline(
        static_url=DOCS_ASSETS,
        # Swagger UI would otherwise send the schema to an online validator for a badge.
        swagger_ui_parameters={"validatorUrl": None},
        title="Tailor",
        version="1",
        summary="Tailor resumes to job postings, truthfully, on a fleet of workers.",
        description="Every /v1 call needs `Authorization: Bearer <token>`. Errors are RFC 9457 "
        "problem+json. See README.md for tokens, webhooks and metrics.",
    )
    problems.install(app)
    app.add_middleware(BodyLimit, max_bytes=get_settings().max_upload_bytes + MULTIPART_OVERHEAD)
    # Added last, so outermost: it also counts the 413s that BodyLimit answers itself.
    app.add_middleware(RequestMetrics)
    for module in (routes_health, routes_auth, routes_resumes, routes_jobs, routes_batches):
        app.include_router(module.router)
    registry = build_registry()

    @app.get("/metrics", tags=["health"], response_class=Response, summary="Prometheus metrics")
    async def metrics() -> Response:
        """Prometheus text format; see README.md, Monitoring."""
        body = await run_in_threadpool(exposition, registry)
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = named_bodies(
                no_null_parameters(
                    problem_json(
                        get_openapi(
                            title=app.title,
                            version=app.version,
                            summary=app.summary,
                            description=app.description,
                            routes=app.routes,
                        )
                    )
                )
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


# FastAPI names a multipart body after the route ("Body_upload_resume_v1_resumes_post").
BODY_NAMES = {"Body_upload_resume_v1_resumes_post": "ResumeUpload"}


def named_bodies(document: dict[str, Any]) -> dict[str, Any]:
    """Give generated request-body schemas names a client generator can use."""
    schemas = document.get("components", {}).get("schemas", {})
    for generated, name in BODY_NAMES.items():
        if generated in schemas:
            schemas[name] = schemas.pop(generated)
            schemas[name]["title"] = name
    text = json.dumps(document)
    for generated, name in BODY_NAMES.items():
        text = text.replace(f'"#/components/schemas/{generated}"', f'"#/components/schemas/{name}"')
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def problem_json(document: dict[str, Any]) -> dict[str, Any]:
    """Error responses are application/problem+json with the Problem schema, as served."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = Problem.model_json_schema()
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            for code, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                schema = content.get("application/json", {}).get("schema", {})
                if (
                    code.isdigit()
                    and int(code) >= 400
                    and schema.get("$ref", "").endswith(("/Problem", "/HTTPValidationError"))
                ):
                    response["content"] = {
                        "application/problem+json": {"schema": {"$ref": PROBLEM_REF}}
                    }
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    return document


def no_null_parameters(document: dict[str, Any]) -> dict[str, Any]:
    """An optional query or header parameter is absent, never null: a URL cannot say null."""
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                options = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
                if "anyOf" in schema and len(options) == 1:
                    rest = {k: v for k, v in schema.items() if k != "anyOf"}
                    parameter["schema"] = {**options[0], **rest}
    return document
