"""The one place that reads the environment (and `.env`). Every setting is listed in README.md.

`Environment` (pydantic-settings, in environment.py) reads and validates each variable; a bad
value is refused with one line that names the variable and the fix. `Settings` is the derived,
frozen view the rest of the code uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from pydantic import ValidationError

from tailor_core.errors import ConfigurationError
from tailor_core.settings.environment import (
    BROKER_EXAMPLE,
    DATABASE_EXAMPLE,
    DEFAULT_DATA_DIR,
    EMBEDDED_OPT_IN,
    LOG_LEVELS,
    NAMES,
    Environment,
    MappingOnly,
    message,
)

__all__ = [
    "BROKER_EXAMPLE",
    "DATABASE_EXAMPLE",
    "DEFAULT_DATA_DIR",
    "EMBEDDED_OPT_IN",
    "LOG_LEVELS",
    "Environment",
    "Settings",
    "get_settings",
    "redact_url",
    "settings_from",
]


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
    for name in NAMES:
        value = env.get(str(name))
        if value is not None and value.strip():
            present[str(name)] = value
    try:
        return _derive(MappingOnly(**present))
    except ValidationError as exc:
        raise ConfigurationError(message(exc)) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    # The environment wins over .env, so a deployment can override a developer's file.
    try:
        return _derive(Environment())  # type: ignore[call-arg]  # every field has a default
    except ValidationError as exc:
        raise ConfigurationError(message(exc)) from None
