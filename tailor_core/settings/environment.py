"""What Tailor reads from the environment (and `.env`), each variable by its own name, and the
one-line refusal of a bad value: the variable and the fix. tailor_core.settings derives the
frozen `Settings` the rest of the code uses from it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import BeforeValidator, Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATA_DIR = ".tailor"
EMBEDDED_OPT_IN = "TAILOR_EMBEDDED"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
DATABASE_EXAMPLE = "postgresql://user:password@host:5432/tailor"
BROKER_EXAMPLE = "redis://host:6379/0"
_DATABASE_SCHEMES = {"postgresql", "postgresql+psycopg2", "postgres", "sqlite"}
_REDIS_SCHEMES = {"redis", "rediss", "redis+socket"}
# Celery brokers Tailor can run on; anything else is a typo more often than a choice.
_BROKER_SCHEMES = _REDIS_SCHEMES | {"sentinel", "amqp", "amqps", "pyamqp", "sqs", "filesystem"}


def _stripped(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _upper(value: Any) -> Any:
    return value.strip().upper() if isinstance(value, str) else value


def _lower(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


Text = Annotated[str, BeforeValidator(_stripped)]


Count = Annotated[int, BeforeValidator(_stripped)]
Flag = Annotated[bool, BeforeValidator(_stripped)]


def _scheme(url: str) -> str:
    return url.split("://", 1)[0].lower() if "://" in url else ""


def _check_url(name: str, url: str, schemes: set[str], example: str) -> str:
    if not url:
        return url
    scheme = _scheme(url)
    if not scheme:
        raise PydanticCustomError(
            "tailor_url", f"{name} is not a URL ({url[:40]!r}): write it as {example}"
        )
    if scheme not in schemes:
        known = ", ".join(f"{s}://" for s in sorted(schemes))
        raise PydanticCustomError(
            "tailor_url",
            f"{name} has an unknown scheme {scheme}:// (known: {known}), e.g. {example}",
        )
    return url


class Environment(BaseSettings):
    """Every variable Tailor reads, by its own name, validated. Empty counts as unset."""

    model_config = SettingsConfigDict(
        # The working directory's .env only, as README.md says; never a parent folder's.
        env_file=".env",
        env_file_encoding="utf-8",
        env_ignore_empty=True,
        case_sensitive=True,
        extra="ignore",
        frozen=True,
    )

    database_url: Text = Field("", validation_alias="DATABASE_URL")
    db_host: Text = Field("localhost", validation_alias="DB_HOST")
    db_port: Annotated[int, BeforeValidator(_stripped), Field(ge=1, le=65535)] = Field(
        5432, validation_alias="DB_PORT"
    )
    db_name: Text = Field("", validation_alias="DB_NAME")
    db_user: Text = Field("postgres", validation_alias="DB_USER")
    db_password: str = Field("", validation_alias="DB_PASSWORD", repr=False)
    redis_url: Text = Field("", validation_alias="REDIS_URL")
    broker_url: Text = Field("", validation_alias="TAILOR_BROKER_URL")
    redis_key_prefix: Text = Field("", validation_alias="TAILOR_REDIS_KEY_PREFIX")
    data_dir: Text = Field(DEFAULT_DATA_DIR, validation_alias="TAILOR_DATA_DIR")
    embedded: Flag = Field(False, validation_alias="TAILOR_EMBEDDED")
    engine: Text = Field("default", validation_alias="TAILOR_ENGINE")
    task_time_limit: Count = Field(300, ge=5, validation_alias="TAILOR_TASK_TIME_LIMIT")
    visibility_timeout: Count = Field(3600, ge=60, validation_alias="TAILOR_VISIBILITY_TIMEOUT")
    max_retries: Count = Field(5, ge=0, validation_alias="TAILOR_MAX_RETRIES")
    max_attempts: Count = Field(3, ge=1, validation_alias="TAILOR_MAX_ATTEMPTS")
    lease_seconds: Count = Field(30, ge=2, validation_alias="TAILOR_LEASE_SECONDS")
    sweep_interval: Count = Field(15, ge=1, validation_alias="TAILOR_SWEEP_INTERVAL")
    republish_after: Count = Field(30, ge=1, validation_alias="TAILOR_REPUBLISH_AFTER")
    max_posting_chars: Count = Field(100_000, ge=1, validation_alias="TAILOR_MAX_POSTING_CHARS")
    max_upload_bytes: Count = Field(
        10 * 1024 * 1024, ge=1, validation_alias="TAILOR_MAX_UPLOAD_BYTES"
    )
    log_level: Annotated[
        Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"], BeforeValidator(_upper)
    ] = Field("INFO", validation_alias="TAILOR_LOG_LEVEL")
    log_format: Annotated[Literal["text", "json"], BeforeValidator(_stripped)] = Field(
        "text", validation_alias="TAILOR_LOG_FORMAT"
    )
    flower_basic_auth: Text = Field("", validation_alias="FLOWER_BASIC_AUTH")
    llm_base_url: Text = Field("", validation_alias="TAILOR_LLM_BASE_URL")
    llm_model: Text = Field("", validation_alias="TAILOR_LLM_MODEL")
    llm_api_key: Text = Field("", validation_alias="TAILOR_LLM_API_KEY", repr=False)
    llm_timeout: Annotated[float, BeforeValidator(_stripped), Field(gt=0, le=3600)] = Field(
        60.0, validation_alias="TAILOR_LLM_TIMEOUT"
    )
    storage_url: Text = Field("", validation_alias="TAILOR_STORAGE_URL")
    s3_endpoint_url: Text = Field("", validation_alias="TAILOR_S3_ENDPOINT_URL")
    s3_region: Text = Field("", validation_alias="TAILOR_S3_REGION")
    s3_access_key_id: Text = Field("", validation_alias="TAILOR_S3_ACCESS_KEY_ID")
    s3_secret_access_key: Text = Field(
        "", validation_alias="TAILOR_S3_SECRET_ACCESS_KEY", repr=False
    )
    login_token_ttl: Count = Field(3600, ge=60, validation_alias="TAILOR_LOGIN_TOKEN_TTL")
    login_max_failures: Count = Field(10, ge=1, validation_alias="TAILOR_LOGIN_MAX_FAILURES")
    webhook_max_retries: Count = Field(8, ge=0, validation_alias="TAILOR_WEBHOOK_MAX_RETRIES")
    webhook_allow_private: Flag = Field(False, validation_alias="TAILOR_WEBHOOK_ALLOW_PRIVATE")
    task_events: Flag = Field(False, validation_alias="TAILOR_TASK_EVENTS")
    prefetch_multiplier: Annotated[int, Field(ge=1)] | None = Field(
        None, validation_alias="TAILOR_PREFETCH_MULTIPLIER"
    )
    database_prepare: Flag = Field(True, validation_alias="TAILOR_DATABASE_PREPARE")
    remote_control: Annotated[Literal["inspect", "full"], BeforeValidator(_lower)] = Field(
        "inspect", validation_alias="TAILOR_REMOTE_CONTROL"
    )
    redis_eviction: Annotated[Literal["refuse", "warn"], BeforeValidator(_lower)] = Field(
        "refuse", validation_alias="TAILOR_REDIS_EVICTION"
    )
    health_file: Text = Field("", validation_alias="TAILOR_WORKER_HEALTH_FILE")
    batch_share: Count = Field(10, ge=2, validation_alias="TAILOR_BATCH_SHARE")
    quota_max_in_flight: Count = Field(0, ge=0, validation_alias="TAILOR_QUOTA_MAX_IN_FLIGHT")
    quota_submissions_per_minute: Count = Field(
        0, ge=0, validation_alias="TAILOR_QUOTA_SUBMISSIONS_PER_MINUTE"
    )
    llm_requests_per_minute: Count = Field(
        0, ge=0, validation_alias="TAILOR_LLM_REQUESTS_PER_MINUTE"
    )
    llm_tokens_per_minute: Count = Field(0, ge=0, validation_alias="TAILOR_LLM_TOKENS_PER_MINUTE")
    llm_limit_window: Count = Field(60, ge=1, validation_alias="TAILOR_LLM_LIMIT_WINDOW")

    @field_validator("database_url")
    @classmethod
    def _database_scheme(cls, url: str) -> str:
        url = _check_url("DATABASE_URL", url, _DATABASE_SCHEMES, DATABASE_EXAMPLE)
        if url and _scheme(url) != "sqlite" and not urlsplit(url).path.strip("/"):
            raise PydanticCustomError(
                "tailor_url",
                f"DATABASE_URL names no database: end it with /dbname, e.g. {DATABASE_EXAMPLE}",
            )
        return url

    @field_validator("redis_url")
    @classmethod
    def _redis_scheme(cls, url: str) -> str:
        return _check_url("REDIS_URL", url, _REDIS_SCHEMES, BROKER_EXAMPLE)

    @field_validator("broker_url")
    @classmethod
    def _broker_scheme(cls, url: str) -> str:
        return _check_url("TAILOR_BROKER_URL", url, _BROKER_SCHEMES, BROKER_EXAMPLE)

    @field_validator("storage_url")
    @classmethod
    def _storage_scheme(cls, url: str) -> str:
        if url and not url.startswith(("file:///", "s3://")):
            raise PydanticCustomError(
                "tailor_url",
                f"TAILOR_STORAGE_URL must be file:///absolute/dir or s3://bucket[/prefix], "
                f"got {url!r}",
            )
        return url

    @model_validator(mode="after")
    def _time_limit_below_visibility(self) -> Environment:
        if self.task_time_limit >= self.visibility_timeout:
            raise PydanticCustomError(
                "tailor_limits",
                "TAILOR_TASK_TIME_LIMIT must be below TAILOR_VISIBILITY_TIMEOUT, or Redis would "
                "hand a running job to a second worker "
                f"({self.task_time_limit} >= {self.visibility_timeout})",
            )
        return self


class MappingOnly(Environment):
    """The same variables read from a given mapping only: no process environment, no .env."""

    @classmethod
    def settings_customise_sources(
        cls, settings_cls: type[BaseSettings], init_settings: Any, *_: Any, **__: Any
    ) -> tuple[Any, ...]:
        return (init_settings,)


NAMES = {f.validation_alias: name for name, f in Environment.model_fields.items()}


def message(exc: ValidationError) -> str:
    """One line naming each refused variable and what it must be."""
    parts = []
    for error in exc.errors(include_url=False):
        name = str(error["loc"][0]) if error["loc"] else ""
        raw = error.get("input")
        kind = error["type"]
        ctx = error.get("ctx") or {}
        if kind.startswith("tailor_"):
            parts.append(error["msg"])
        elif kind in {"int_parsing", "int_from_float"}:
            parts.append(f"{name} must be a whole number, got {raw!r}")
        elif kind == "float_parsing":
            parts.append(f"{name} must be a number of seconds, got {raw!r}")
        elif kind == "greater_than_equal":
            parts.append(f"{name} must be at least {ctx.get('ge')}, got {raw}")
        elif kind == "greater_than":
            parts.append(f"{name} must be above {ctx.get('gt')}, got {raw}")
        elif kind in {"less_than_equal", "less_than"}:
            parts.append(f"{name} must be at most {ctx.get('le', ctx.get('lt'))}, got {raw}")
        elif kind == "bool_parsing":
            parts.append(f"{name} must be true or false, got {raw!r}")
        elif kind == "literal_error":
            parts.append(f"{name} must be one of {ctx.get('expected')}, got {raw!r}")
        else:
            parts.append(f"{name}: {error['msg']}, got {raw!r}")
    return "; ".join(parts)
