"""docker-compose.yml and .env.example against settings.py: every variable is a setting (or a
compose-only one), reaches the containers, and parses with Tailor's own `settings_from`, so a
wrong variable name or default fails here.
"""

from __future__ import annotations

import builtins
import io
import types
from urllib.parse import unquote, urlsplit

import pytest

from tailor_core.settings import settings_from
from tests.support.compose import (
    APP_SERVICES,
    COMPOSE_ONLY,
    NOT_PASSED,
    REQUIRED_PLACEHOLDERS,
    TEST_ONLY,
    RecordingEnv,
    compose,
    env_example,
    environment_of,
    raw_compose,
    services,
    settings_names,
    variables_in,
    walk_strings,
    without_urls,
)

# === environment: compose <-> settings.py <-> .env.example =====================================


def test_settings_source_parse_finds_every_read() -> None:
    seen: set[str] = set()
    probes: list[dict[str, str]] = [
        {},
        {"DB_NAME": "tailor"},
        {"DATABASE_URL": "postgresql://h/d", "REDIS_URL": "redis://r/0"},
    ]
    for probe in probes:
        settings_from(RecordingEnv(probe, seen))
    assert seen, "settings_from read nothing"
    assert seen <= settings_names(), f"the source parse missed {seen - settings_names()}"
    assert {"DATABASE_URL", "REDIS_URL", "TAILOR_TASK_TIME_LIMIT"} <= settings_names()


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_get_only_settings(service: str) -> None:
    names = set(environment_of(services()[service]))
    assert names, f"{service} has no environment"
    assert names <= settings_names(), f"{service} gets non-settings {names - settings_names()}"


def test_every_setting_reaches_the_app_containers_or_has_a_reason() -> None:
    passed = set(environment_of(services()["worker"]))
    unexplained = settings_names() - passed - set(NOT_PASSED)
    assert not unexplained, f"settings neither in x-tailor-env nor in NOT_PASSED: {unexplained}"
    assert "FLOWER_BASIC_AUTH" in environment_of(services()["flower"])


def test_compose_variables_are_settings_or_compose_only() -> None:
    used = set().union(*(variables_in(text) for text in walk_strings(raw_compose())))
    # $$HOSTNAME is the container's own variable, not interpolation: it must not show up here.
    assert "HOSTNAME" not in used
    assert used >= {"POSTGRES_PASSWORD", "WORKER_CONCURRENCY", "FLOWER_BASIC_AUTH"}
    assert used <= settings_names() | COMPOSE_ONLY, f"unknown: {used - settings_names()}"


def test_postgres_service_gets_only_postgres_variables() -> None:
    names = set(environment_of(services()["postgres"]))
    assert names == {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"}


def test_compose_needs_no_variable_and_flower_alone_refuses_without_login() -> None:
    # `docker compose ps` / `down` must work with nothing set; only Flower's start refuses
    # (tests/e2e/test_flower.py starts Flower with this empty login).
    assert environment_of(services({})["flower"])["FLOWER_BASIC_AUTH"] == ""
    compose({"FLOWER_BASIC_AUTH": "someone:secret"})


@pytest.mark.parametrize("password", ["p@ss:w/rd", "100%#?", "a b"])
def test_any_postgres_password_reaches_the_database_url(password: str) -> None:
    found = services({**REQUIRED_PLACEHOLDERS, "POSTGRES_PASSWORD": password})
    for name in APP_SERVICES:
        database = urlsplit(settings_from(environment_of(found[name])).database_url)
        assert database.hostname == "postgres"
        assert unquote(database.password or "") == password


def test_beat_healthcheck_looks_for_beat_not_for_itself() -> None:
    test = services()["beat"]["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "-c"]
    code = test[3]

    def healthy(processes: list[list[bytes]]) -> bool:
        # Runs the healthcheck's own code against a fake /proc.
        tables = {str(1000 + i): b"\0".join(argv) + b"\0" for i, argv in enumerate(processes)}
        own = str(1000 + len(processes))
        tables[own] = b"\0".join([b"python", b"-c", code.encode()]) + b"\0"

        def fake_open(path: str, mode: str = "r") -> io.BytesIO:
            return io.BytesIO(tables[path.split("/")[2]])

        fake_os = types.SimpleNamespace(listdir=lambda _: list(tables), getpid=lambda: int(own))
        with pytest.raises(SystemExit) as exit_:
            exec(  # noqa: S102
                code,
                {
                    "__builtins__": {
                        **vars(builtins),
                        "open": fake_open,
                        "__import__": (
                            lambda name, *a, **k: (
                                fake_os if name == "os" else builtins.__import__(name, *a, **k)
                            )
                        ),
                    }
                },
            )
        return exit_.value.code == 0

    assert healthy(
        [[b"/usr/local/bin/python", b"/usr/local/bin/celery", b"-A", b"tailor_worker", b"beat"]]
    )
    assert not healthy([[b"/usr/local/bin/celery", b"-A", b"tailor_worker", b"worker"]])
    assert not healthy([])


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_use_postgres_and_redis_with_settings_defaults(service: str) -> None:
    settings = settings_from(environment_of(services()[service]))
    assert settings.database_url == "postgresql+psycopg2://tailor:tailor@postgres:5432/tailor"
    assert settings.broker_url == "redis://redis:6379/0"
    assert not settings.embedded_database
    assert not settings.embedded_broker
    # Every other value equals what settings.py gives with nothing set.
    assert without_urls(settings) == without_urls(settings_from({}))


def test_flower_gets_the_login() -> None:
    flower = settings_from(environment_of(services()["flower"]))
    assert flower.flower_basic_auth == REQUIRED_PLACEHOLDERS["FLOWER_BASIC_AUTH"]
    assert ":" in flower.flower_basic_auth


def test_shell_overrides_reach_the_settings() -> None:
    shell = {
        **REQUIRED_PLACEHOLDERS,
        "POSTGRES_USER": "alice",
        "POSTGRES_PASSWORD": "s3cret",
        "POSTGRES_DB": "prod",
        "TAILOR_TASK_TIME_LIMIT": "120",
        "TAILOR_MAX_RETRIES": "0",
        "TAILOR_ENGINE": "pkg.mod:fn",
        "TAILOR_LOG_LEVEL": "debug",
    }
    found = services(shell)
    settings = settings_from(environment_of(found["worker"]))
    assert settings.database_url == "postgresql+psycopg2://alice:s3cret@postgres:5432/prod"
    assert (settings.task_time_limit, settings.max_retries) == (120, 0)
    assert (settings.engine, settings.log_level) == ("pkg.mod:fn", "DEBUG")
    assert environment_of(found["postgres"]) == {
        "POSTGRES_DB": "prod",
        "POSTGRES_USER": "alice",
        "POSTGRES_PASSWORD": "s3cret",
    }


@pytest.mark.parametrize(
    "shell",
    [
        dict(REQUIRED_PLACEHOLDERS),
        {
            **REQUIRED_PLACEHOLDERS,
            "POSTGRES_DB": "x",
            "POSTGRES_USER": "u",
            "POSTGRES_PASSWORD": "p",
        },
    ],
)
def test_urls_point_at_the_compose_services(shell: dict[str, str]) -> None:
    found = services(shell)
    postgres = environment_of(found["postgres"])
    for name in APP_SERVICES:
        env = environment_of(found[name])
        database = urlsplit(settings_from(env).database_url)
        assert database.hostname in found
        assert found[database.hostname]["image"].startswith("postgres")
        assert database.port == 5432
        assert database.path == "/" + postgres["POSTGRES_DB"]
        assert database.username == postgres["POSTGRES_USER"]
        assert database.password == postgres["POSTGRES_PASSWORD"]
        redis = urlsplit(env["REDIS_URL"])
        assert redis.scheme == "redis"
        assert redis.hostname in found
        assert found[redis.hostname]["image"].startswith("redis")
        assert redis.port == 6379


def test_env_example_documents_every_setting() -> None:
    documented = env_example()
    missing = settings_names() - set(documented)
    assert not missing, f".env.example lacks {sorted(missing)}"
    for name in settings_names():
        description = documented[name].description
        assert "default" in description.lower(), f"{name}: say its default in .env.example"
        assert len(description) > len("Default: x."), f"{name}: say what it does"


def test_env_example_names_are_known() -> None:
    documented = set(env_example())
    compose_variables = set().union(*(variables_in(text) for text in walk_strings(raw_compose())))
    assert compose_variables <= documented, f"undocumented: {compose_variables - documented}"
    assert documented >= TEST_ONLY
    unknown = documented - settings_names() - COMPOSE_ONLY - TEST_ONLY
    assert not unknown, f".env.example names unknown variables {sorted(unknown)}"


def test_env_example_as_copied_gives_embedded_defaults() -> None:
    active = {line.name: line.value for line in env_example().values() if not line.commented}
    assert not active, f"uncommented in .env.example: {sorted(active)}"
    settings = settings_from(active)
    assert settings.embedded_database
    assert settings.embedded_broker


def test_env_example_examples_are_valid_settings() -> None:
    examples = {
        name: line.value for name, line in env_example().items() if name in settings_names()
    }
    settings = settings_from(examples)
    assert settings.task_time_limit == int(examples["TAILOR_TASK_TIME_LIMIT"])
    assert settings.database_url == examples["DATABASE_URL"]
    assert settings.broker_url == examples["REDIS_URL"]
    assert ":" in examples["FLOWER_BASIC_AUTH"]
