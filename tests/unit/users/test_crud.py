"""tailor_core.users.crud with the fake unit of work: each call one transaction, typed and dict
answers alike, and a delete that reports what went with the user."""

from __future__ import annotations

import pytest

from tailor_core.domain import JobStatus
from tailor_core.errors import InvalidInput, NotFound
from tailor_core.users import crud
from tests.support.fake_unit_of_work import FakeUnitOfWork

HASHED = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"  # kept as given


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


def test_a_user_is_created_cleaned_in_one_transaction(uow: FakeUnitOfWork) -> None:
    user = crud.add_user("  Ada@Example.com ", HASHED, " Ada Lovelace ", uow=uow)
    assert (user.email, user.name) == ("Ada@Example.com", "Ada Lovelace")
    assert uow.users.rows[user.id]["password_hash"] == HASHED
    assert uow.log == ["transaction", "commit"]
    assert crud.get_user_by_id(user.id, uow=uow) == user.as_dict()
    assert "password_hash" not in user.as_dict()


def test_a_taken_email_is_refused_whatever_its_case(uow: FakeUnitOfWork) -> None:
    crud.create_user("ada@example.com", HASHED, "Ada", uow=uow)
    with pytest.raises(InvalidInput, match="already exists"):
        crud.create_user("ADA@example.com", HASHED, "Other Ada", uow=uow)
    assert len(uow.users.rows) == 1
    assert crud.user_by_email(" ADA@EXAMPLE.COM ", uow=uow) is not None


def test_only_known_fields_are_updated(uow: FakeUnitOfWork) -> None:
    user_id = uow.add_user()
    with pytest.raises(InvalidInput, match="id"):
        crud.update_user(user_id, id=5, uow=uow)
    with pytest.raises(NotFound):
        crud.update_user(999, name="Nobody", uow=uow)
    assert crud.update_user(user_id, name=" Alex Roe ", uow=uow)["name"] == "Alex Roe"


def test_deleting_a_user_reports_what_went_with_them(uow: FakeUnitOfWork) -> None:
    user_id = uow.add_user()
    resume_id = uow.add_resume(user_id)
    for status in (JobStatus.PENDING, JobStatus.COMPLETED):
        uow.jobs.add(
            user_id=user_id, resume_id=resume_id, title="t", company_name="c",
            job_description="d", status=status,
        )  # fmt: skip
    uow.tokens.add(user_id=user_id, name="api", token_hash="h", is_service=False)
    other = uow.add_user("Eve")
    held = crud.user_holdings(user_id, uow=uow)
    assert held is not None
    expected = {"resumes": 1, "jobs": 2, "unfinished_jobs": 1, "api_tokens": 1}
    assert held.holdings == expected
    uow.log.clear()

    deleted = crud.delete_user_with_holdings(user_id, uow=uow)
    assert deleted is not None
    assert deleted["holdings"] == expected
    assert deleted["resume_files"] == ["resume.md"]
    assert uow.log == ["transaction", "commit"]
    assert list(uow.users.rows) == [other]
    assert not uow.jobs.rows
    assert not uow.resumes.rows
    assert not uow.tokens.rows
    assert crud.remove_user(user_id, uow=uow) is None
    assert crud.get_user_holdings(user_id, uow=uow) is None
