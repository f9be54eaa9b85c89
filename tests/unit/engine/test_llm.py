"""The language-model engine against a fake OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tailor_core.engine import tailor_resume as deterministic
from tailor_core.engine.llm import tailor_resume
from tailor_core.errors import PermanentError, RateLimited, TransientError
from tailor_core.fleet import llm_limit
from tailor_core.jobs.engine_choice import load_engine
from tailor_core.settings import get_settings
from tests.support.eval_cases import load
from tests.support.settings import settings_env

KEY = "sk-test-never-log-me"


@dataclass
class Script:
    status: int = 200
    content: str = ""
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    requests: list[dict[str, Any]] = field(default_factory=list)


class FakeServer:
    def __init__(self) -> None:
        self.script = Script()
        fake = self

        def script() -> Script:
            return fake.script

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                current = script()
                length = int(self.headers["Content-Length"])
                current.requests.append(
                    {
                        "path": self.path,
                        "auth": self.headers.get("Authorization"),
                        "body": json.loads(self.rfile.read(length)),
                    }
                )
                time.sleep(current.delay)
                completion = {"choices": [{"message": {"content": current.content}}]}
                payload = json.dumps(
                    completion if current.status == 200 else {"error": {"message": "nope"}}
                ).encode()
                self.send_response(current.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in current.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"


@pytest.fixture
def server() -> Iterator[FakeServer]:
    fake = FakeServer()
    fake.thread.start()
    try:
        with settings_env(
            TAILOR_LLM_BASE_URL=fake.url,
            TAILOR_LLM_MODEL="fake-model",
            TAILOR_LLM_API_KEY=KEY,
            TAILOR_LLM_TIMEOUT="0.5",
        ):
            llm_limit.clear()
            yield fake
    finally:
        # A 429's fleet-wide pause must not reach the next test.
        llm_limit.clear()
        fake.server.shutdown()
        fake.server.server_close()


def case() -> tuple[str, Any]:
    resume, posting, _ = load("01-backend-engineer")
    return resume, posting


def test_a_truthful_proposal_is_used(server: FakeServer, caplog: pytest.LogCaptureFixture) -> None:
    resume, posting = case()
    base = deterministic(resume, posting)
    # The model keeps the deterministic draft but writes its own (truthful) summary line.
    proposal = base.tailored_text.replace(base.report["summary"], "Senior Engineer with Python")
    server.script.content = json.dumps(
        {
            "resume": proposal,
            "added_lines": [base.report["added_lines"][0], "Senior Engineer with Python"],
        }
    )
    with caplog.at_level(logging.DEBUG):
        result = tailor_resume(resume, posting)
    assert result.tailored_text == proposal
    assert result.report["engine"] == "llm"
    assert result.report["llm"] == {"model": "fake-model", "used": True, "rejected": []}
    sent = server.script.requests[0]
    assert sent["path"] == "/v1/chat/completions"
    assert sent["auth"] == f"Bearer {KEY}"
    assert sent["body"]["model"] == "fake-model"
    assert KEY not in caplog.text
    assert KEY not in repr(get_settings())
    assert KEY not in json.dumps(result.report)


def test_an_inventing_proposal_falls_back_to_the_deterministic_result(server: FakeServer) -> None:
    resume, posting = case()
    invented = resume.replace("Tuned Postgres queries", "Tuned Postgres and Rust at Google")
    server.script.content = json.dumps({"resume": invented, "added_lines": []})
    result = tailor_resume(resume, posting)
    assert result.tailored_text == deterministic(resume, posting).tailored_text
    assert result.report["llm"]["used"] is False
    assert "rust" in result.report["llm"]["rejected"][0]


def test_an_untruthful_summary_alone_is_dropped(server: FakeServer) -> None:
    resume, posting = case()
    proposal = "Rockstar ninja with 15 years\n" + resume
    server.script.content = json.dumps(
        {"resume": proposal, "added_lines": ["Rockstar ninja with 15 years"]}
    )
    result = tailor_resume(resume, posting)
    assert result.tailored_text == resume
    assert result.report["llm"]["used"] is True
    assert result.report["llm"]["rejected"][0].startswith("summary: ")


def test_garbage_from_the_model_falls_back(server: FakeServer) -> None:
    resume, posting = case()
    server.script.content = "Sure! Here is your resume:"
    result = tailor_resume(resume, posting)
    assert result.report["llm"]["used"] is False
    assert result.tailored_text == deterministic(resume, posting).tailored_text


@pytest.mark.parametrize("status", [429, 500, 502, 503])
def test_rate_limits_and_server_errors_are_transient(server: FakeServer, status: int) -> None:
    server.script.status = status
    with pytest.raises(TransientError, match=f"HTTP {status}"):
        tailor_resume(*case())


def test_a_429_pauses_every_caller_for_its_retry_after(server: FakeServer) -> None:
    server.script.status = 429
    server.script.headers = {"Retry-After": "7"}
    with pytest.raises(RateLimited) as limited:
        tailor_resume(*case())
    assert limited.value.retry_after == 7
    server.script.status = 200
    server.script.content = "{}"
    with pytest.raises(RateLimited) as paused:
        tailor_resume(*case())
    assert 5 < paused.value.retry_after <= 7
    assert len(server.script.requests) == 1, "nobody called the model during the pause"


def test_the_request_limit_hands_back_instead_of_calling(server: FakeServer) -> None:
    server.script.content = "{}"
    with settings_env(TAILOR_LLM_REQUESTS_PER_MINUTE="2"):
        llm_limit.clear()
        tailor_resume(*case())
        tailor_resume(*case())
        with pytest.raises(RateLimited) as limited:
            tailor_resume(*case())
    assert 55 < limited.value.retry_after <= 61
    assert len(server.script.requests) == 2


def test_the_token_limit_counts_what_the_provider_says_was_used(server: FakeServer) -> None:
    server.script.content = "{}"
    resume, posting = case()
    with settings_env(TAILOR_LLM_TOKENS_PER_MINUTE="1000000"):
        llm_limit.clear()
        grant = llm_limit.acquire(999_990)
        assert grant is not None
        with pytest.raises(RateLimited):
            tailor_resume(resume, posting)
        llm_limit.settle(grant, 10)  # the provider said 10 tokens, not 999,990
        tailor_resume(resume, posting)
    assert len(server.script.requests) == 1


@pytest.mark.parametrize("status", [400, 401, 404])
def test_other_http_errors_are_permanent(server: FakeServer, status: int) -> None:
    server.script.status = status
    with pytest.raises(PermanentError, match=f"HTTP {status}") as raised:
        tailor_resume(*case())
    assert KEY not in raised.value.message


def test_the_providers_error_text_goes_to_the_log_not_to_the_job(
    server: FakeServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.script.status = 401
    with caplog.at_level("ERROR"), pytest.raises(PermanentError) as raised:
        tailor_resume(*case())
    assert "nope" not in raised.value.message
    assert "TAILOR_LLM_" in raised.value.message
    assert "HTTP 401 nope" in caplog.text


def test_a_timeout_is_transient(server: FakeServer) -> None:
    server.script.delay = 1.0
    with pytest.raises(TransientError, match=r"did not answer within 0\.5 s"):
        tailor_resume(*case())


def test_an_unreachable_endpoint_is_transient() -> None:
    with (
        settings_env(TAILOR_LLM_BASE_URL="http://127.0.0.1:9/v1", TAILOR_LLM_MODEL="m"),
        pytest.raises(TransientError, match="unreachable"),
    ):
        tailor_resume(*case())


def test_selected_by_configuration() -> None:
    assert load_engine("llm") is tailor_resume
