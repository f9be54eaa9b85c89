"""docker-compose.yml: start order, health checks and shutdown."""

from __future__ import annotations

import pytest

from tailor_core.settings import settings_from
from tests.support.compose import (
    LONG_RUNNING,
    duration_seconds,
    environment_of,
    healthcheck_text,
    services,
)

# === start order, health and shutdown ==========================================================


def test_start_order() -> None:
    found = services()
    assert found["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert found["migrate"]["restart"] == "no"
    worker_deps = found["worker"]["depends_on"]
    assert worker_deps["migrate"]["condition"] == "service_completed_successfully"
    assert worker_deps["redis"]["condition"] == "service_healthy"
    assert found["flower"]["depends_on"]["redis"]["condition"] == "service_healthy"
    beat_deps = found["beat"]["depends_on"]
    assert beat_deps["migrate"]["condition"] == "service_completed_successfully"
    assert "deploy" not in found["beat"], "one beat only: two would sweep twice as often"
    assert found["api"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert "8000/healthz" in healthcheck_text(found["api"])
    for name, service in found.items():
        depends_on = service.get("depends_on", {})
        assert isinstance(depends_on, dict), f"{name}: use the long depends_on form"
        for target, rule in depends_on.items():
            assert target in found, f"{name} depends on unknown {target}"
            if rule["condition"] == "service_healthy":
                assert "healthcheck" in found[target], f"{target} has no healthcheck"


@pytest.mark.parametrize("service", LONG_RUNNING)
def test_long_running_services_have_healthchecks(service: str) -> None:
    found = services()[service]
    test = found["healthcheck"]["test"]
    assert test
    assert test != ["NONE"]
    assert not found["healthcheck"].get("disable", False)
    assert found.get("restart") == "unless-stopped"


def test_healthcheck_commands() -> None:
    found = services()
    assert "pg_isready" in healthcheck_text(found["postgres"])
    assert "redis-cli ping" in healthcheck_text(found["redis"])
    # The heartbeat check, not `inspect ping`: a worker that stopped consuming still answers.
    assert "python -m tailor_worker.health" in healthcheck_text(found["worker"])


def test_worker_finishes_its_job_on_stop() -> None:
    worker = services()["worker"]
    assert worker.get("init") is True
    task_time_limit = settings_from(environment_of(worker)).task_time_limit
    assert duration_seconds(str(worker["stop_grace_period"])) > task_time_limit
    assert "stop_signal" not in worker or worker["stop_signal"] == "SIGTERM"
