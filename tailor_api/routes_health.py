"""GET /healthz (the process answers) and GET /readyz (database and broker answer too)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from tailor_api.schemas import Health
from tailor_core.db.ping import database_reachable
from tailor_worker.broker import broker_reachable

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health, summary="Liveness: the process answers")
async def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    response_model=Health,
    responses={503: {"model": Health}},
    summary="Readiness: the database and the broker answer",
)
async def readyz() -> JSONResponse:
    checks = {
        "database": await run_in_threadpool(database_reachable),
        "broker": await run_in_threadpool(broker_reachable),
    }
    ready = all(checks.values())
    health = Health(status="ok" if ready else "unavailable", checks=checks)
    return JSONResponse(health.model_dump(), status_code=200 if ready else 503)
