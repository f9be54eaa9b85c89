"""tailor_core.auth.api_tokens with the fake unit of work: what a request pays to authenticate,
and tokens' lives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tailor_core.auth import api_tokens
from tailor_core.auth.passwords import hash_password, verify_password
from tailor_core.errors import InvalidInput, NotFound, Unauthorized
from tests.support.fake_unit_of_work import FakeUnitOfWork


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


def test_authenticating_is_single_statements_not_a_transaction(uow: FakeUnitOfWork) -> None:
    token = api_tokens.create_token(user_id=uow.add_user(), name="api", uow=uow)
    uow.log.clear()
    who = api_tokens.authenticate(token["token"], uow=uow)
    assert (who.token_id, who.user_id, who.is_service) == (token["id"], token["user_id"], False)
    assert uow.log == ["statements"]
    assert uow.tokens.touched == [token["id"]]


def test_authenticating_joins_a_transaction_already_open(uow: FakeUnitOfWork) -> None:
    token = api_tokens.create_token(user_id=None, name="svc", service=True, uow=uow)
    uow.log.clear()
    with uow.transaction():
        assert api_tokens.authenticate(token["token"], uow=uow).is_service
    assert uow.log == ["transaction", "commit"]


def test_unknown_revoked_and_expired_tokens_are_refused(uow: FakeUnitOfWork) -> None:
    user_id = uow.add_user()
    revoked = api_tokens.create_token(user_id=user_id, name="a", uow=uow)
    expired = api_tokens.create_token(user_id=user_id, name="b", uow=uow)
    assert api_tokens.revoke_token(revoked["id"], uow=uow) is True
    assert api_tokens.revoke_token(revoked["id"], uow=uow) is False
    uow.tokens.expire(expired["id"], datetime.now(UTC) - timedelta(seconds=1))
    for plain in (revoked["token"], expired["token"], "tailor_unknown"):
        with pytest.raises(Unauthorized):
            api_tokens.authenticate(plain, uow=uow)
    assert uow.tokens.touched == []
    with pytest.raises(NotFound):
        api_tokens.revoke_token(999, uow=uow)
    assert [t["id"] for t in api_tokens.list_tokens(user_id, uow=uow)] == [expired["id"]]
    assert len(api_tokens.list_tokens(user_id, include_revoked=True, uow=uow)) == 2


def test_a_token_is_a_users_or_a_services_never_both(uow: FakeUnitOfWork) -> None:
    with pytest.raises(InvalidInput):
        api_tokens.create_token(user_id=uow.add_user(), name="x", service=True, uow=uow)
    with pytest.raises(NotFound, match="user"):
        api_tokens.create_token(user_id=999, name="x", uow=uow)
    assert not uow.tokens.rows


def test_login_checks_the_password_outside_any_transaction(
    uow: FakeUnitOfWork, monkeypatch: pytest.MonkeyPatch
) -> None:
    user_id = uow.add_user()
    uow.users.rows[user_id]["password_hash"] = hash_password("correct horse")
    checked: list[bool] = []

    def verify_outside(password: str, stored: str) -> bool:
        checked.append(uow.in_transaction)
        return verify_password(password, stored)

    monkeypatch.setattr(api_tokens, "verify_password", verify_outside)
    email = uow.users.rows[user_id]["email"]
    with pytest.raises(Unauthorized):
        api_tokens.login(email, "wrong horse", uow=uow)
    with pytest.raises(Unauthorized):  # an unknown email costs one verification all the same
        api_tokens.login("nobody@example.com", "correct horse", uow=uow)
    token = api_tokens.login(email.upper(), "correct horse", uow=uow)
    assert token["user_id"] == user_id
    assert token["expires_at"] is not None
    assert checked == [False, False, False]
