"""The one place that reads the environment (and `.env`). Every setting is listed in README.md.

`Environment` (pydantic-settings) reads and validates each variable; a bad value is refused with
one line that names the variable and the fix. `Settings` is the derived, frozen view the rest of
the code uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlsplit, urlunsplit

from pydantic import BeforeValidator, Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, SettingsConfigDict

from tailor_core.errors import ConfigurationError

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


class _MappingOnly(Environment):
    """The same variables read from a given mapping only: no process environment, no .env."""

    @classmethod
    def settings_customise_sources(
        cls, settings_cls: type[BaseSettings], init_settings: Any, *_: Any, **__: Any
    ) -> tuple[Any, ...]:
        return (init_settings,)


_NAMES = {f.validation_alias: name for name, f in Environment.model_fields.items()}


@dataclass(frozen=True)
class Settings:
    database_url: str
    broker_url: str
    redis_key_prefix: str
    data_dir: Path
    engine: str
    task_time_limit: int
    visibility_timeout: int
    max_retries: int
    max_attempts: int
    lease_seconds: int
    sweep_interval: int
    republish_after: int
    max_posting_chars: int
    max_upload_bytes: int
    log_level: str
    flower_basic_auth: str
    llm_base_url: str = ""
    llm_model: str = ""
    # Never in repr(): settings objects end up in logs and tracebacks.
    llm_api_key: str = field(default="", repr=False)
    llm_timeout: float = 60.0
    # Where uploaded originals are kept: file:///dir or s3://bucket/prefix (tailor_api.storage).
    storage_url: str = ""
    s3_endpoint_url: str = ""
    s3_region: str = ""
    s3_access_key_id: str = ""
    s3_secret_access_key: str = field(default="", repr=False)
    login_token_ttl: int = 3600
    login_max_failures: int = 10
    task_events: bool = False
    prefetch_multiplier: int = 4
    database_prepare: bool = True
    webhook_max_retries: int = 8
    webhook_allow_private: bool = False
    log_format: str = "text"
    # Whether DATABASE_URL (or DB_NAME) and a broker URL were set, rather than defaulted.
    database_configured: bool = True
    broker_configured: bool = True
    # TAILOR_EMBEDDED: the SQLite file and folder broker under data_dir may stand in for both.
    embedded_allowed: bool = False
    # "inspect" (Flower and `celery inspect` only) or "full" (every Celery control command).
    remote_control: str = "inspect"
    # What a worker or the API does when Redis may evict keys: "refuse" to start, or "warn".
    redis_eviction: str = "refuse"
    # The worker's heartbeat, read by `python -m tailor_worker.health` (the compose healthcheck).
    health_file: Path = Path(DEFAULT_DATA_DIR) / "worker-health.json"
    # Fair share and quotas (tailor_core.jobs.fairness, tailor_core.jobs.quotas); 0 means no limit.
    batch_share: int = 10
    quota_max_in_flight: int = 0
    quota_submissions_per_minute: int = 0
    # The language model's limits across the whole fleet (tailor_core.fleet.llm_limit); 0: none.
    llm_requests_per_minute: int = 0
    llm_tokens_per_minute: int = 0
    llm_limit_window: int = 60

    @property
    def embedded_database(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def embedded_broker(self) -> bool:
        return self.broker_url.startswith("filesystem")

    @property
    def broker_folder(self) -> Path:
        return self.data_dir / "broker"

    def check_store(self, *, broker: bool = True) -> None:
        """Refuse a half-configured deployment, or the embedded store nobody asked for.

        A worker with a real broker and the default SQLite file would take real jobs it cannot
        see; a producer with a real database and the folder broker would queue jobs no other
        machine's worker reads. Neither set is fine only with TAILOR_EMBEDDED=1 (or `tailor
        demo`), so a command run in a stray folder creates no `.tailor/` there.
        """
        if self.database_configured and (self.broker_configured or not broker):
            return
        if self.broker_configured and broker:
            raise ConfigurationError(
                f"a broker is set ({redact_url(self.broker_url)}) but no database: set "
                f"DATABASE_URL={DATABASE_EXAMPLE} (the embedded SQLite file would hold jobs "
                "the other workers never see)"
            )
        if self.database_configured:  # and a broker is needed
            raise ConfigurationError(
                f"a database is set ({redact_url(self.database_url)}) but no broker: set "
                f"REDIS_URL={BROKER_EXAMPLE} (the embedded folder broker reaches no other "
                "machine)"
            )
        if not self.embedded_allowed:
            raise ConfigurationError(
                f"no database configured: set DATABASE_URL={DATABASE_EXAMPLE} and "
                f"REDIS_URL={BROKER_EXAMPLE}, or {EMBEDDED_OPT_IN}=1 to use the SQLite file "
                f"and folder broker under {self.data_dir}/"
            )


def redact_url(url: str) -> str:
    """The URL with its password replaced by ***, for banners and messages."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        user = parts.username or ""
        host = parts.hostname or ""
        if ":" in host:
            host = f"[{host}]"
        port = f":{parts.port}" if parts.port else ""
        netloc = f"{user}:***@{host}{port}"
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    except ValueError:
        return url.split("://", 1)[0] + "://***"


def _message(exc: ValidationError) -> str:
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


def _derive(env: Environment) -> Settings:
    data_dir = Path(env.data_dir)
    database_url = env.database_url
    if database_url.startswith("postgres://"):
        # Heroku-style URLs name the scheme "postgres", which SQLAlchemy does not accept.
        database_url = "postgresql://" + database_url.removeprefix("postgres://")
    if not database_url and env.db_name:
        user = quote(env.db_user, safe="")
        auth = f"{user}:{quote(env.db_password, safe='')}" if env.db_password else user
        host = env.db_host or "localhost"
        database_url = f"postgresql+psycopg2://{auth}@{host}:{env.db_port}/{env.db_name}"
    database_configured = bool(database_url)
    if not database_url:
        database_url = f"sqlite:///{(data_dir / 'tailor.db').resolve()}"
    broker_url = env.redis_url or env.broker_url
    broker_configured = bool(broker_url) and not broker_url.startswith("filesystem")
    return Settings(
        database_url=database_url,
        broker_url=broker_url or "filesystem://",
        redis_key_prefix=env.redis_key_prefix,
        data_dir=data_dir,
        engine=env.engine,
        task_time_limit=env.task_time_limit,
        visibility_timeout=env.visibility_timeout,
        max_retries=env.max_retries,
        max_attempts=env.max_attempts,
        lease_seconds=env.lease_seconds,
        sweep_interval=env.sweep_interval,
        republish_after=env.republish_after,
        max_posting_chars=env.max_posting_chars,
        max_upload_bytes=env.max_upload_bytes,
        log_level=env.log_level,
        log_format=env.log_format,
        flower_basic_auth=env.flower_basic_auth,
        llm_base_url=env.llm_base_url.rstrip("/"),
        llm_model=env.llm_model,
        llm_api_key=env.llm_api_key,
        llm_timeout=env.llm_timeout,
        storage_url=env.storage_url or (data_dir / "uploads").resolve().as_uri(),
        s3_endpoint_url=env.s3_endpoint_url,
        s3_region=env.s3_region,
        s3_access_key_id=env.s3_access_key_id,
        s3_secret_access_key=env.s3_secret_access_key,
        login_token_ttl=env.login_token_ttl,
        login_max_failures=env.login_max_failures,
        webhook_max_retries=env.webhook_max_retries,
        webhook_allow_private=env.webhook_allow_private,
        task_events=env.task_events,
        prefetch_multiplier=env.prefetch_multiplier or _prefetch_for(env.engine),
        database_prepare=env.database_prepare,
        database_configured=database_configured,
        broker_configured=broker_configured,
        embedded_allowed=env.embedded,
        remote_control=env.remote_control,
        redis_eviction=env.redis_eviction,
        health_file=Path(env.health_file) if env.health_file else data_dir / "worker-health.json",
        batch_share=env.batch_share,
        quota_max_in_flight=env.quota_max_in_flight,
        quota_submissions_per_minute=env.quota_submissions_per_minute,
        llm_requests_per_minute=env.llm_requests_per_minute,
        llm_tokens_per_minute=env.llm_tokens_per_minute,
        llm_limit_window=env.llm_limit_window,
    )


def _prefetch_for(engine: str) -> int:
    # Measured (docs/PERFORMANCE.md): 4 drains millisecond jobs 12 % faster than 1, because a
    # pool process that finishes finds its next message already fetched. A model's jobs take
    # seconds: a message reserved behind one would wait while other workers idle.
    return 1 if engine == "llm" else 4


def settings_from(env: dict[str, str]) -> Settings:
    """Settings from this mapping alone (no process environment, no .env): for tests and tools."""
    present: dict[str, Any] = {}
    for name in _NAMES:
        value = env.get(str(name))
        if value is not None and value.strip():
            present[str(name)] = value
    try:
        return _derive(_MappingOnly(**present))
    except ValidationError as exc:
        raise ConfigurationError(_message(exc)) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    # The environment wins over .env, so a deployment can override a developer's file.
    try:
        return _derive(Environment())  # type: ignore[call-arg]  # every field has a default
    except ValidationError as exc:
        raise ConfigurationError(_message(exc)) from None
