"""The one place that reads the environment (and `.env`). Every setting is listed in README.md."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from dotenv import find_dotenv, load_dotenv

from tailor_core.errors import ConfigurationError

DEFAULT_DATA_DIR = ".tailor"


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

    @property
    def embedded_database(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def embedded_broker(self) -> bool:
        return self.broker_url.startswith("filesystem")

    @property
    def broker_folder(self) -> Path:
        return self.data_dir / "broker"


def _int(env: dict[str, str], name: str, default: int, minimum: int = 1) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise ConfigurationError(f"{name} must be at least {minimum}, got {value}")
    return value


def _flag(env: dict[str, str], name: str, default: bool = False) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in {"0", "false", "no", "off"}:
        return False
    if raw in {"1", "true", "yes", "on"}:
        return True
    raise ConfigurationError(f"{name} must be true or false, got {raw!r}")


def _seconds(name: str, raw: str, default: float) -> float:
    raw = raw.strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigurationError(f"{name} must be a number of seconds, got {raw!r}") from None
    if not 0 < value <= 3600:
        raise ConfigurationError(f"{name} must be between 0 and 3600 seconds, got {raw}")
    return value


def _database_url(env: dict[str, str], data_dir: Path) -> str:
    if url := env.get("DATABASE_URL", "").strip():
        # Heroku-style URLs name the scheme "postgres", which SQLAlchemy does not accept.
        if url.startswith("postgres://"):
            url = "postgresql://" + url.removeprefix("postgres://")
        return url
    if name := env.get("DB_NAME", "").strip():
        user = quote(env.get("DB_USER", "postgres"), safe="")
        password = env.get("DB_PASSWORD", "")
        auth = f"{user}:{quote(password, safe='')}" if password else user
        host = env.get("DB_HOST", "localhost") or "localhost"
        port = env.get("DB_PORT", "5432") or "5432"
        return f"postgresql+psycopg2://{auth}@{host}:{port}/{name}"
    return f"sqlite:///{(data_dir / 'tailor.db').resolve()}"


def settings_from(env: dict[str, str]) -> Settings:
    data_dir = Path(env.get("TAILOR_DATA_DIR", "").strip() or DEFAULT_DATA_DIR)
    visibility_timeout = _int(env, "TAILOR_VISIBILITY_TIMEOUT", 3600, minimum=60)
    task_time_limit = _int(env, "TAILOR_TASK_TIME_LIMIT", 300, minimum=5)
    if task_time_limit >= visibility_timeout:
        raise ConfigurationError(
            "TAILOR_TASK_TIME_LIMIT must be below TAILOR_VISIBILITY_TIMEOUT, or Redis would "
            f"hand a running job to a second worker ({task_time_limit} >= {visibility_timeout})"
        )
    engine = env.get("TAILOR_ENGINE", "").strip() or "default"
    broker_url = (
        env.get("REDIS_URL", "").strip()
        or env.get("TAILOR_BROKER_URL", "").strip()
        or "filesystem://"
    )
    return Settings(
        database_url=_database_url(env, data_dir),
        broker_url=broker_url,
        redis_key_prefix=env.get("TAILOR_REDIS_KEY_PREFIX", "").strip(),
        data_dir=data_dir,
        engine=engine,
        task_time_limit=task_time_limit,
        visibility_timeout=visibility_timeout,
        max_retries=_int(env, "TAILOR_MAX_RETRIES", 5, minimum=0),
        max_attempts=_int(env, "TAILOR_MAX_ATTEMPTS", 3),
        lease_seconds=_int(env, "TAILOR_LEASE_SECONDS", 30, minimum=2),
        sweep_interval=_int(env, "TAILOR_SWEEP_INTERVAL", 15),
        republish_after=_int(env, "TAILOR_REPUBLISH_AFTER", 30),
        max_posting_chars=_int(env, "TAILOR_MAX_POSTING_CHARS", 100_000),
        max_upload_bytes=_int(env, "TAILOR_MAX_UPLOAD_BYTES", 10 * 1024 * 1024),
        log_level=env.get("TAILOR_LOG_LEVEL", "").strip().upper() or "INFO",
        flower_basic_auth=env.get("FLOWER_BASIC_AUTH", "").strip(),
        llm_base_url=env.get("TAILOR_LLM_BASE_URL", "").strip().rstrip("/"),
        llm_model=env.get("TAILOR_LLM_MODEL", "").strip(),
        llm_api_key=env.get("TAILOR_LLM_API_KEY", "").strip(),
        llm_timeout=_seconds("TAILOR_LLM_TIMEOUT", env.get("TAILOR_LLM_TIMEOUT", ""), 60.0),
        storage_url=_storage_url(env, data_dir),
        s3_endpoint_url=env.get("TAILOR_S3_ENDPOINT_URL", "").strip(),
        s3_region=env.get("TAILOR_S3_REGION", "").strip(),
        s3_access_key_id=env.get("TAILOR_S3_ACCESS_KEY_ID", "").strip(),
        s3_secret_access_key=env.get("TAILOR_S3_SECRET_ACCESS_KEY", "").strip(),
        login_token_ttl=_int(env, "TAILOR_LOGIN_TOKEN_TTL", 3600, minimum=60),
        login_max_failures=_int(env, "TAILOR_LOGIN_MAX_FAILURES", 10),
        webhook_max_retries=_int(env, "TAILOR_WEBHOOK_MAX_RETRIES", 8, minimum=0),
        webhook_allow_private=_flag(env, "TAILOR_WEBHOOK_ALLOW_PRIVATE"),
        task_events=_flag(env, "TAILOR_TASK_EVENTS"),
        prefetch_multiplier=_int(env, "TAILOR_PREFETCH_MULTIPLIER", _prefetch_for(engine)),
        database_prepare=_flag(env, "TAILOR_DATABASE_PREPARE", default=True),
    )


def _prefetch_for(engine: str) -> int:
    # Measured (docs/PERFORMANCE.md): 4 drains millisecond jobs 12 % faster than 1, because a
    # pool process that finishes finds its next message already fetched. A model's jobs take
    # seconds: a message reserved behind one would wait while other workers idle.
    return 1 if engine == "llm" else 4


def _storage_url(env: dict[str, str], data_dir: Path) -> str:
    url = env.get("TAILOR_STORAGE_URL", "").strip()
    if not url:
        return (data_dir / "uploads").resolve().as_uri()
    if not url.startswith(("file:///", "s3://")):
        raise ConfigurationError(
            f"TAILOR_STORAGE_URL must be file:///absolute/dir or s3://bucket[/prefix], got {url!r}"
        )
    return url


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    # The environment wins over .env, so a deployment can override a developer's file.
    load_dotenv(find_dotenv(usecwd=True), override=False)
    return settings_from(dict(os.environ))
