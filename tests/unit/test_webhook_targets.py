"""A callback URL must not turn the workers into a probe of their own network."""

from __future__ import annotations

import pytest

from tailor_worker.webhooks import internal_target


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:9000/hook",
        "http://0.0.0.0/hook",
    ],
)
def test_internal_addresses_are_refused(url: str) -> None:
    reason = internal_target(url)
    assert reason is not None
    assert "TAILOR_WEBHOOK_ALLOW_PRIVATE" in reason


def test_a_public_address_is_allowed() -> None:
    assert internal_target("https://8.8.8.8/hook") is None


def test_an_unresolvable_host_is_refused() -> None:
    assert "cannot resolve" in str(internal_target("http://no-such-host.invalid/hook"))
