"""API tokens, login and the user-scoped queries, on real PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tailor_api.storage import LocalStorage
from tailor_cli import cli
from tailor_core.auth.api_tokens import authenticate, create_token, hash_token, list_tokens, login
from tailor_core.errors import InvalidInput, NotFound, Unauthorized
from tailor_core.webhooks import sign, verify
from tests.support.factories import make_user

pytestmark = pytest.mark.integration


def test_a_token_is_shown_once_and_stored_only_as_a_hash(database: str) -> None:
    user = make_user()
    token = create_token(user_id=user["id"], name="laptop")
    principal = authenticate(token["token"])
    assert (principal.user_id, principal.is_service) == (user["id"], False)
    listed = list_tokens(user_id=user["id"])
    assert [t["id"] for t in listed] == [token["id"]]
    assert token["token"] not in json.dumps(listed, default=str)
    assert hash_token(token["token"]) != token["token"]
    with pytest.raises(Unauthorized):
        authenticate(token["token"] + "x")


def test_service_tokens_belong_to_nobody(database: str) -> None:
    service = create_token(user_id=None, name="backend", service=True)
    assert authenticate(service["token"]).is_service
    with pytest.raises(InvalidInput):
        create_token(user_id=None, name="neither")
    with pytest.raises(NotFound):
        create_token(user_id=10**12, name="ghost")


def test_login_refuses_alike_and_tokens_expire(database: str) -> None:
    user = make_user(password_hash="pw-long-enough")
    token = login(user["email"].upper(), "pw-long-enough")
    assert authenticate(token["token"]).user_id == user["id"]
    assert token["expires_at"] is not None
    with pytest.raises(Unauthorized) as wrong:
        login(user["email"], "nope")
    with pytest.raises(Unauthorized) as unknown:
        login("nobody@example.com", "pw-long-enough")
    assert wrong.value.message == unknown.value.message


def test_cli_creates_lists_and_revokes(database: str) -> None:
    user = make_user()
    runner = CliRunner()
    created = runner.invoke(cli, ["tokens", "create", "--user-id", str(user["id"]), "--json"])
    assert created.exit_code == 0, created.output
    token = json.loads(created.output)
    assert token["token"].startswith("tailor_")
    listed = runner.invoke(cli, ["tokens", "list", "--user-id", str(user["id"])])
    assert "active" in listed.output
    revoked = runner.invoke(cli, ["tokens", "revoke", str(token["id"])])
    assert revoked.exit_code == 0, revoked.output
    with pytest.raises(Unauthorized):
        authenticate(token["token"])
    stats = runner.invoke(cli, ["stats", "--json"])
    assert stats.exit_code == 0, stats.output
    assert set(json.loads(stats.output)["by_status"]) >= {"PENDING", "COMPLETED"}


def test_webhook_signature_covers_timestamp_and_body() -> None:
    signature = sign("secret", "1700000000", b'{"a":1}')
    assert signature.startswith("sha256=")
    assert verify("secret", "1700000000", b'{"a":1}', signature)
    assert not verify("secret", "1700000001", b'{"a":1}', signature)
    assert not verify("secret", "1700000000", b'{"a":2}', signature)


def test_local_storage_round_trip_stays_inside_its_root(tmp_path: Path) -> None:
    storage = LocalStorage.from_url((tmp_path / "uploads").as_uri())
    url = storage.put("resumes/1/abc.md", b"hello", "text/markdown")
    assert storage.get(url) == b"hello"
    storage.delete(url)
    storage.delete(url)  # already gone: fine
    with pytest.raises(ValueError, match="outside"):
        storage.get((tmp_path / "elsewhere.txt").as_uri())
