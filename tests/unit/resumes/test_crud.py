"""tailor_core.resumes.crud with the fake unit of work."""

from __future__ import annotations

import pytest

from tailor_core.errors import InvalidInput, NotFound
from tailor_core.resumes import crud
from tests.support.fake_unit_of_work import FakeUnitOfWork


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


def test_a_resume_is_added_for_a_known_user_only(uow: FakeUnitOfWork) -> None:
    with pytest.raises(NotFound, match="user"):
        crud.add_resume(999, "cv.md", "cv.md", "Python", uow=uow)
    assert uow.log == ["transaction", "rollback"]
    assert not uow.resumes.rows
    user_id = uow.add_user()
    resume = crud.add_resume(user_id, "cv.md", "cv.md", "Python", "text/markdown", uow=uow)
    assert (resume.user_id, resume.parsed_text, resume.content_type) == (
        user_id, "Python", "text/markdown",
    )  # fmt: skip
    assert crud.get_resume_by_id(resume.id, uow=uow) == resume.as_dict()


def test_text_that_is_not_text_is_refused(uow: FakeUnitOfWork) -> None:
    user_id = uow.add_user()
    with pytest.raises(InvalidInput, match="NUL"):
        crud.create_resume(user_id, "cv.md", "cv.md", "a\x00b", uow=uow)
    resume_id = uow.add_resume(user_id)
    with pytest.raises(InvalidInput, match="limit"):
        crud.update_resume(resume_id, parsed_text="x" * (crud.MAX_RESUME_CHARS + 1), uow=uow)
    with pytest.raises(InvalidInput, match="user_id"):
        crud.update_resume(resume_id, user_id=2, uow=uow)
    assert crud.update_resume(resume_id, parsed_text="Go", uow=uow)["parsed_text"] == "Go"


def test_a_users_resumes_are_paged_oldest_first(uow: FakeUnitOfWork) -> None:
    user_id, other = uow.add_user(), uow.add_user("Eve")
    ids = [uow.add_resume(user_id) for _ in range(3)]
    uow.add_resume(other)
    assert [r.id for r in crud.user_resumes(user_id, uow=uow)] == ids
    page = crud.get_resumes_by_user_id(user_id, limit=1, offset=1, uow=uow)
    assert [r["id"] for r in page] == ids[1:2]
    assert len(crud.get_all_resumes(uow=uow)) == 4
    assert crud.delete_resume(ids[0], uow=uow) is True
    assert crud.delete_resume(ids[0], uow=uow) is False
    assert crud.get_resume(ids[0], uow=uow) is None
