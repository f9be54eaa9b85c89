"""The bearer auth dependency and the route share the request's one unit of work."""

from __future__ import annotations

import asyncio

import httpx
from fastapi import FastAPI

from tailor_api.auth import ActingUser
from tailor_api.unit_of_work import Work, request_unit_of_work
from tailor_core.auth.api_tokens import create_token
from tailor_core.db.unit_of_work import UnitOfWork
from tests.support.fake_unit_of_work import FakeUnitOfWork


def test_authenticating_uses_the_routes_unit_of_work_and_no_transaction() -> None:
    store = FakeUnitOfWork()
    user_id = store.add_user()
    token = create_token(user_id=user_id, name="api", uow=store)["token"]
    made: list[UnitOfWork] = []

    def one_per_request() -> UnitOfWork:
        made.append(store)
        return store

    app = FastAPI()

    @app.get("/whoami")
    def whoami(acting: ActingUser, uow: Work) -> dict[str, object]:
        return {"user_id": acting, "same": uow is store}

    app.dependency_overrides[request_unit_of_work] = one_per_request
    store.log.clear()

    async def ask_twice() -> list[object]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://api") as client:
            bearer = {"Authorization": f"Bearer {token}"}
            return [(await client.get("/whoami", headers=bearer)).json() for _ in range(2)]

    assert asyncio.run(ask_twice()) == [{"user_id": user_id, "same": True}] * 2
    assert len(made) == 2  # one per request, shared by the auth dependency and the route
    assert store.log == ["statements", "statements"]  # no BEGIN/COMMIT to authenticate
