"""Settings come from one environment mapping; bad values are refused with the variable's name."""

from __future__ import annotations

from pathlib import Path

import pytest

from tailor_core.errors import ConfigurationError
from tailor_core.settings import DEFAULT_DATA_DIR, settings_from


def test_defaults_use_sqlite_under_the_default_data_dir_and_a_filesystem_broker() -> None:
    settings = settings_from({})
    expected = (Path(DEFAULT_DATA_DIR) / "tailor.db").resolve()
    assert settings.database_url == f"sqlite:///{expected}"
    assert settings.embedded_database
    assert settings.broker_url == "filesystem://"
    assert settings.embedded_broker
    assert settings.data_dir == Path(DEFAULT_DATA_DIR)
    assert settings.broker_folder == Path(DEFAULT_DATA_DIR) / "broker"
    assert settings.engine == "default"
    assert settings.task_time_limit == 300
    assert settings.visibility_timeout == 3600
    assert settings.max_retries == 5
    assert settings.max_posting_chars == 100_000
    assert settings.max_upload_bytes == 10 * 1024 * 1024
    assert settings.log_level == "INFO"
    assert settings.redis_key_prefix == ""


def test_data_dir_moves_the_sqlite_file(tmp_path: Path) -> None:
    settings = settings_from({"TAILOR_DATA_DIR": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{(tmp_path / 'tailor.db').resolve()}"
    assert settings.broker_folder == tmp_path / "broker"


def test_db_variables_build_a_postgres_url_with_the_password_quoted() -> None:
    settings = settings_from(
        {
            "DB_HOST": "db.internal",
            "DB_NAME": "tailor_db",
            "DB_USER": "tailor",
            "DB_PASSWORD": "p@ss:w/rd#1 %",
            "DB_PORT": "6543",
        }
    )
    assert settings.database_url == (
        "postgresql+psycopg2://tailor:p%40ss%3Aw%2Frd%231%20%25@db.internal:6543/tailor_db"
    )
    assert not settings.embedded_database


def test_db_variables_round_trip_through_sqlalchemy() -> None:
    from sqlalchemy.engine import make_url

    password = "p@ss:w/rd#1 %?&="
    url = make_url(settings_from({"DB_NAME": "tailor_db", "DB_PASSWORD": password}).database_url)
    assert url.password == password
    assert url.username == "postgres"
    assert url.host == "localhost"
    assert url.port == 5432
    assert url.database == "tailor_db"


def test_db_variables_without_password() -> None:
    settings = settings_from({"DB_NAME": "tailor_db", "DB_USER": "me"})
    assert settings.database_url == "postgresql+psycopg2://me@localhost:5432/tailor_db"


def test_database_url_wins_over_db_variables() -> None:
    settings = settings_from(
        {
            "DATABASE_URL": "postgresql://a:b@host1:5432/one",
            "DB_NAME": "two",
            "DB_HOST": "host2",
        }
    )
    assert settings.database_url == "postgresql://a:b@host1:5432/one"


def test_heroku_postgres_scheme_is_rewritten() -> None:
    settings = settings_from({"DATABASE_URL": "postgres://u:p@h:5432/d"})
    assert settings.database_url == "postgresql://u:p@h:5432/d"


def test_redis_url_is_the_broker() -> None:
    settings = settings_from({"REDIS_URL": "redis://cache:6379/2"})
    assert settings.broker_url == "redis://cache:6379/2"
    assert not settings.embedded_broker


@pytest.mark.parametrize(
    "name",
    [
        "TAILOR_TASK_TIME_LIMIT",
        "TAILOR_VISIBILITY_TIMEOUT",
        "TAILOR_MAX_RETRIES",
        "TAILOR_MAX_POSTING_CHARS",
        "TAILOR_MAX_UPLOAD_BYTES",
    ],
)
@pytest.mark.parametrize("raw", ["abc", "1.5", "ten"])
def test_bad_ints_are_configuration_errors(name: str, raw: str) -> None:
    with pytest.raises(ConfigurationError, match=name):
        settings_from({name: raw})


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("TAILOR_MAX_POSTING_CHARS", "0"),
        ("TAILOR_MAX_UPLOAD_BYTES", "-1"),
        ("TAILOR_MAX_RETRIES", "-1"),
        ("TAILOR_VISIBILITY_TIMEOUT", "59"),
        ("TAILOR_TASK_TIME_LIMIT", "4"),
    ],
)
def test_ints_below_their_minimum_are_configuration_errors(name: str, raw: str) -> None:
    with pytest.raises(ConfigurationError, match=name):
        settings_from({name: raw})


def test_ints_are_read() -> None:
    settings = settings_from(
        {
            "TAILOR_MAX_RETRIES": " 0 ",
            "TAILOR_MAX_POSTING_CHARS": "50",
            "TAILOR_TASK_TIME_LIMIT": "60",
            "TAILOR_VISIBILITY_TIMEOUT": "120",
        }
    )
    assert settings.max_retries == 0
    assert settings.max_posting_chars == 50
    assert settings.task_time_limit == 60
    assert settings.visibility_timeout == 120


@pytest.mark.parametrize(("limit", "timeout"), [("600", "600"), ("700", "600"), ("3600", "")])
def test_task_time_limit_must_be_below_visibility_timeout(limit: str, timeout: str) -> None:
    with pytest.raises(ConfigurationError, match="TAILOR_TASK_TIME_LIMIT"):
        settings_from({"TAILOR_TASK_TIME_LIMIT": limit, "TAILOR_VISIBILITY_TIMEOUT": timeout})


def test_default_recovery_bounds_stay_under_a_minute() -> None:
    """The promises in docs/RELIABILITY.md, in terms of the default settings."""
    defaults = settings_from({})
    # A killed worker's job: its lease runs out, then the next sweep queues it again.
    assert defaults.lease_seconds + defaults.sweep_interval < 60
    # A lost message: the job must be old enough, then the next sweep re-publishes it.
    assert defaults.republish_after + defaults.sweep_interval < 60


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, 4),
        ({"TAILOR_ENGINE": "default"}, 4),
        ({"TAILOR_ENGINE": "llm"}, 1),
        ({"TAILOR_ENGINE": "llm", "TAILOR_PREFETCH_MULTIPLIER": "2"}, 2),
        ({"TAILOR_PREFETCH_MULTIPLIER": "1"}, 1),
    ],
)
def test_prefetch_suits_the_engine_unless_set(env: dict[str, str], expected: int) -> None:
    assert settings_from(env).prefetch_multiplier == expected


@pytest.mark.parametrize(
    ("raw", "expected"), [("", False), ("true", True), ("on", True), ("false", False), ("0", False)]
)
def test_task_events_default_off_and_can_be_turned_on(raw: str, expected: bool) -> None:
    assert settings_from({"TAILOR_TASK_EVENTS": raw}).task_events is expected


def test_a_flag_that_is_neither_true_nor_false_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="TAILOR_WEBHOOK_ALLOW_PRIVATE"):
        settings_from({"TAILOR_WEBHOOK_ALLOW_PRIVATE": "perhaps"})
