"""/metrics by Prometheus' conventions, on a real `tailor api`, a real worker, PostgreSQL and
Redis: counters only go up, the histogram is observed when a job finishes, HTTP requests are
labelled by route template."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tailor_core.auth.api_tokens import create_token
from tests.support.api import ApiServer, running_api, running_stack
from tests.support.factories import RESUME, make_user
from tests.support.workers import child_env, wait_until

pytestmark = pytest.mark.e2e

ENGINE_SECONDS = 1.2  # lands in the (1.0, 2.5] bucket, with 1.3 s to spare for a busy machine
POSTING = {"title": "Data Engineer", "company_name": "Globex", "job_description": "Python."}


@pytest.fixture(scope="module")
def stack(database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    log_dir = tmp_path_factory.mktemp("metrics")
    settings = {
        "TAILOR_ENGINE": "tests.support.engines:slow",
        "TAILOR_TEST_ENGINE_DELAY": str(ENGINE_SECONDS),
        "TAILOR_STORAGE_URL": f"file://{log_dir / 'uploads'}",
    }
    with running_stack(log_dir, settings) as api:
        yield api


@pytest.fixture
def client(stack: ApiServer) -> Iterator[httpx.Client]:
    user = make_user()
    token = create_token(user_id=user["id"], name="test")["token"]
    with stack.client(token) as client:
        yield client


def _samples(stack: ApiServer) -> dict[str, float]:
    """Every sample as 'name{labels}' -> value, labels sorted."""
    text = httpx.get(f"{stack.url}/metrics").text
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            labels = ",".join(f'{k}="{v}"' for k, v in sorted(sample.labels.items()))
            found[f"{sample.name}{{{labels}}}"] = sample.value
    return found


def _submit_and_finish(client: httpx.Client) -> tuple[int, int]:
    upload = client.post("/v1/resumes", files={"file": ("r.md", RESUME.encode(), "text/markdown")})
    assert upload.status_code == 201, upload.text
    resume_id = int(upload.json()["id"])
    job = client.post("/v1/jobs", json={"resume_id": resume_id, **POSTING})
    assert job.status_code == 202, job.text
    job_id = int(job.json()["id"])
    done = wait_until(lambda: client.get(f"/v1/jobs/{job_id}").json()["status"] == "COMPLETED", 30)
    assert done, client.get(f"/v1/jobs/{job_id}").text
    return resume_id, job_id


COMPLETED_NOW = 'tailor_jobs{status="COMPLETED"}'
COUNTERS = (
    "tailor_jobs_submitted_total{}",
    "tailor_jobs_completed_total{}",
    "tailor_tailoring_duration_seconds_count{}",
)


def test_counters_never_go_down_when_jobs_are_deleted(
    stack: ApiServer, client: httpx.Client
) -> None:
    before = _samples(stack)
    resume_id, _ = _submit_and_finish(client)

    def seen(samples: dict[str, float]) -> bool:
        # The counters move just after the database commits: wait for a scrape that saw both
        # (scrapes are cached for 5 s).
        moved = all(samples[name] > before[name] for name in COUNTERS)
        return moved and samples[COMPLETED_NOW] > before[COMPLETED_NOW]

    assert wait_until(lambda: seen(_samples(stack)), 15)
    counted = _samples(stack)
    for name in COUNTERS:
        assert counted[name] == before[name] + 1, name
    # Deleting the resume deletes its job: the gauge goes down, the counters stay.
    assert client.delete(f"/v1/resumes/{resume_id}").status_code == 204
    assert wait_until(lambda: _samples(stack)[COMPLETED_NOW] < counted[COMPLETED_NOW], 15)
    after = _samples(stack)
    for name in COUNTERS:
        assert after[name] == counted[name], name


def test_each_finished_job_is_observed_once_in_its_bucket(
    stack: ApiServer, client: httpx.Client
) -> None:
    def bucket(samples: dict[str, float], le: str) -> float:
        return samples[f'tailor_tailoring_duration_seconds_bucket{{le="{le}"}}']

    before = _samples(stack)
    _submit_and_finish(client)
    count = "tailor_tailoring_duration_seconds_count{}"
    assert wait_until(lambda: _samples(stack)[count] > before[count], 15)
    after = _samples(stack)
    assert after[count] == before[count] + 1
    assert bucket(after, "1.0") == bucket(before, "1.0"), "the engine alone takes 1.2 s"
    assert bucket(after, "2.5") == bucket(before, "2.5") + 1
    assert bucket(after, "+Inf") == after[count]
    gained = after["tailor_tailoring_duration_seconds_sum{}"]
    gained -= before["tailor_tailoring_duration_seconds_sum{}"]
    assert ENGINE_SECONDS <= gained <= 2.5


def test_cancelling_counts_a_cancelled_job(stack: ApiServer, client: httpx.Client) -> None:
    name = "tailor_jobs_cancelled_total{}"
    before = _samples(stack)[name]
    upload = client.post("/v1/resumes", files={"file": ("r.md", RESUME.encode(), "text/markdown")})
    job = client.post("/v1/jobs", json={"resume_id": upload.json()["id"], **POSTING}).json()
    cancelled = client.post(f"/v1/jobs/{job['id']}/cancel")
    assert cancelled.status_code == 200, cancelled.text
    assert wait_until(lambda: _samples(stack)[name] == before + 1, 15)


def test_http_requests_are_labelled_by_route_template_and_status(
    stack: ApiServer, client: httpx.Client
) -> None:
    for _ in range(2):
        assert client.get("/v1/jobs/987654321").status_code == 404
    assert client.get("/no/such/page/12345").status_code == 404
    samples = _samples(stack)
    route = 'method="GET",route="/v1/jobs/{job_id}",status="404"'
    assert samples[f"tailor_http_requests_total{{{route}}}"] >= 2
    assert samples[f"tailor_http_request_duration_seconds_count{{{route}}}"] >= 2
    assert samples['tailor_http_requests_total{method="GET",route="unmatched",status="404"}'] >= 1
    # Raw paths never become labels: ids cannot multiply the time series.
    assert not [key for key in samples if "987654321" in key or "12345" in key]


def test_names_and_types_follow_prometheus_conventions(stack: ApiServer) -> None:
    text = httpx.get(f"{stack.url}/metrics").text
    types = dict(re.findall(r"^# TYPE (\S+) (\S+)$", text, re.MULTILINE))
    samples = {line.split("{")[0].split(" ")[0] for line in text.splitlines() if line[:1] != "#"}
    counters = sorted(name for name, kind in types.items() if kind == "counter")
    histograms = sorted(name for name, kind in types.items() if kind == "histogram")
    assert {
        "tailor_jobs_submitted_total",
        "tailor_jobs_completed_total",
        "tailor_jobs_failed_total",
        "tailor_jobs_cancelled_total",
        "tailor_http_requests_total",
    } <= set(counters)
    assert set(histograms) == {
        "tailor_tailoring_duration_seconds",
        "tailor_http_request_duration_seconds",
    }
    for name in counters:
        assert name.endswith("_total"), name
    for name in histograms:
        assert {f"{name}_bucket", f"{name}_sum", f"{name}_count"} <= samples, name
    gauges = {name for name, kind in types.items() if kind == "gauge"}
    assert {"tailor_jobs", "tailor_oldest_pending_seconds", "tailor_queue_depth"} <= gauges
    assert not [name for name in gauges if name.endswith("_total")]
    failed = {
        match.group(1)
        for match in re.finditer(r'^tailor_jobs_failed_total\{reason="(\w+)"\}', text, re.M)
    }
    assert failed == {"engine", "unavailable", "worker_lost", "operator", "other"}


def test_several_api_processes_answer_metrics_as_one(
    database: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """`tailor api --workers 2`: whichever process answers, it reports both processes' requests."""
    log_dir = tmp_path_factory.mktemp("metrics-workers")
    env = child_env()
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    name = 'tailor_http_requests_total{method="GET",route="/healthz",status="200"}'
    with running_api(env, log_dir, ["--workers", "2"]) as api:
        before = _samples(api).get(name, 0.0)  # the start-up probe's own /healthz calls
        for _ in range(20):  # new connections, so both processes answer some
            assert httpx.get(f"{api.url}/healthz").status_code == 200
        # Each scrape may be answered by either process: every one must see all 20.
        for _ in range(6):
            assert _samples(api)[name] == before + 20
