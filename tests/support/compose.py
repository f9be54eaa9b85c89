"""Reading docker-compose.yml and .env.example without Docker (the Dockerfile: dockerfile.py).

The compose file is parsed with PyYAML (anchors and merge keys resolved) and `${VAR:-default}` /
`${VAR:?message}` are interpolated the way compose does it; tests/unit/deploy feeds the
result to Tailor's own `settings_from`.
"""

from __future__ import annotations

import ast
import dataclasses
import re
import shlex
import tomllib
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from tailor_core.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
ENV_EXAMPLE = ROOT / ".env.example"
SETTINGS_SOURCE = ROOT / "tailor_core" / "settings" / "environment.py"
PYPROJECT = ROOT / "pyproject.toml"

APP_SERVICES = ("migrate", "worker", "beat", "flower", "api")
LONG_RUNNING = ("postgres", "redis", "worker", "beat", "flower", "api")
# What `${VAR:?message}` stands for when the test leaves VAR unset.
REQUIRED_PLACEHOLDERS = {"FLOWER_BASIC_AUTH": "admin:placeholder"}
# Variables used only to fill in docker-compose.yml; no container receives them by that name.
COMPOSE_ONLY = {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD", "WORKER_CONCURRENCY"}
# Settings deliberately not handed to the app containers, and why.
NOT_PASSED = {
    "DATABASE_URL": "built from DB_* by settings.py, which escapes the password",
    "TAILOR_BROKER_URL": "REDIS_URL is set, and it wins over TAILOR_BROKER_URL",
    "TAILOR_DATA_DIR": "only the embedded SQLite file and folder broker use it",
    "FLOWER_BASIC_AUTH": "only the flower service gets the login",
    "TAILOR_EMBEDDED": "DATABASE_URL and REDIS_URL are set; the embedded store is one machine's",
    "TAILOR_LOG_FORMAT": "text, the default, is what `docker compose logs` shows best",
    "TAILOR_WORKER_HEALTH_FILE": "the image sets it to a writable /tmp path",
}
TEST_ONLY = {"TAILOR_TEST_DATABASE_URL", "TAILOR_TEST_REDIS_URL"}

_VARIABLE = re.compile(
    r"\$(?:(?P<escaped>\$)|\{(?P<braced>[^}]*)\}|(?P<named>[A-Za-z_][A-Za-z0-9_]*))"
)
_BRACED = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>.*))?$", re.S)


class MissingVariableError(Exception):
    """A `${VAR:?message}` whose variable is unset, as compose would refuse it."""


# --- compose interpolation ---------------------------------------------------------------------


def interpolate(text: str, env: Mapping[str, str]) -> str:
    """Compose's variable syntax: $$, $VAR, ${VAR}, ${VAR:-d}, ${VAR-d}, ${VAR:?e}, ${VAR:+a}."""

    def replace(match: re.Match[str]) -> str:
        if match["escaped"]:
            return "$"
        if match["named"]:
            return env.get(match["named"], "")
        braced = _BRACED.match(match["braced"])
        if braced is None or "$" in (braced["arg"] or ""):
            raise ValueError(f"unsupported interpolation {match[0]!r} in docker-compose.yml")
        name, op, arg = braced["name"], braced["op"], braced["arg"] or ""
        value = env.get(name)
        is_set = value is not None and (value != "" or not op or not op.startswith(":"))
        if op in (":-", "-"):
            return value if is_set and value is not None else arg
        if op in (":?", "?"):
            if not is_set or value is None:
                raise MissingVariableError(f"{name}: {arg}")
            return value
        if op in (":+", "+"):
            return arg if is_set else ""
        return value or ""

    return _VARIABLE.sub(replace, text)


def variables_in(text: str) -> set[str]:
    names = set()
    for match in _VARIABLE.finditer(text):
        if match["named"]:
            names.add(match["named"])
        elif match["braced"] is not None:
            braced = _BRACED.match(match["braced"])
            assert braced is not None, f"unparsable {match[0]!r}"
            names.add(braced["name"])
    return names


def walk_strings(node: Any) -> Iterator[str]:
    """Every string in a parsed YAML tree, at any depth."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from walk_strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk_strings(item)


def _interpolate_tree(node: Any, env: Mapping[str, str]) -> Any:
    # Compose interpolates values only, after YAML parsing (so comments never count).
    if isinstance(node, str):
        return interpolate(node, env)
    if isinstance(node, dict):
        return {key: _interpolate_tree(value, env) for key, value in node.items()}
    if isinstance(node, list):
        return [_interpolate_tree(item, env) for item in node]
    return node


@cache
def raw_compose() -> dict[str, Any]:
    document = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def compose(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The compose model as `docker compose config` would see it with `env` in the shell."""
    shell = dict(REQUIRED_PLACEHOLDERS) if env is None else dict(env)
    model = _interpolate_tree(raw_compose(), shell)
    assert isinstance(model, dict)
    return model


def services(env: Mapping[str, str] | None = None) -> dict[str, dict[str, Any]]:
    found = compose(env)["services"]
    assert isinstance(found, dict)
    return found


def environment_of(service: Mapping[str, Any]) -> dict[str, str]:
    raw = service.get("environment") or {}
    if isinstance(raw, list):
        pairs = (item.partition("=") for item in raw)
        return {name: value for name, _, value in pairs}
    assert isinstance(raw, dict)
    return {name: "" if value is None else str(value) for name, value in raw.items()}


def command_of(service: Mapping[str, Any]) -> list[str]:
    raw = service.get("command")
    if isinstance(raw, str):
        return shlex.split(raw)
    assert isinstance(raw, list), f"no command in {service}"
    return [str(part) for part in raw]


def healthcheck_text(service: Mapping[str, Any]) -> str:
    test = service["healthcheck"]["test"]
    return test if isinstance(test, str) else " ".join(str(part) for part in test)


def duration_seconds(text: str) -> float:
    units = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001, "us": 0.000001}
    parts = re.findall(r"(\d+(?:\.\d+)?)(h|ms|us|m|s)", text)
    assert parts, f"bad duration {text!r}"
    assert "".join(n + u for n, u in parts) == text, f"bad duration {text!r}"
    return sum(float(number) * units[unit] for number, unit in parts)


# --- what settings.py reads --------------------------------------------------------------------


@cache
def settings_names() -> frozenset[str]:
    """Every `"NAME"` passed to `env.get(...)`, `_int(env, ...)` or `_flag(env, ...)`, or named
    by a `validation_alias="NAME"`, in tailor_core/settings/environment.py."""
    tree = ast.parse(SETTINGS_SOURCE.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg == "validation_alias" and isinstance(keyword.value, ast.Constant):
                names.add(str(keyword.value.value))
        func, args = node.func, node.args
        if isinstance(func, ast.Attribute) and func.attr == "get" and args:
            is_env = isinstance(func.value, ast.Name) and func.value.id == "env"
            candidate = args[0] if is_env else None
        elif isinstance(func, ast.Name) and func.id in {"_int", "_flag"} and len(args) >= 2:
            candidate = args[1]
        else:
            candidate = None
        if isinstance(candidate, ast.Constant) and isinstance(candidate.value, str):
            names.add(candidate.value)
    return frozenset(names)


class RecordingEnv(dict[str, str]):
    """A mapping that notes every name `settings_from` looks up."""

    def __init__(self, values: Mapping[str, str], seen: set[str]) -> None:
        super().__init__(values)
        self.seen = seen

    def get(self, key: str, default: Any = None) -> Any:
        self.seen.add(key)
        return super().get(key, default)

    def __getitem__(self, key: str) -> str:
        self.seen.add(key)
        return super().__getitem__(key)


def without_urls(settings: Settings) -> Settings:
    """The settings with what compose sets on purpose blanked, to compare the rest."""
    # Compose keeps uploads on a volume rather than under the working directory.
    return dataclasses.replace(
        settings,
        database_url="-",
        broker_url="-",
        flower_basic_auth="-",
        storage_url="-",
        database_configured=True,
        broker_configured=True,
    )


# --- .env.example ------------------------------------------------------------------------------

_ASSIGNMENT = re.compile(r"^(?P<comment>#\s*)?(?P<name>[A-Z][A-Z0-9_]*)=(?P<value>.*)$")


@dataclasses.dataclass(frozen=True)
class ExampleLine:
    name: str
    value: str
    commented: bool
    description: str


@cache
def env_example() -> dict[str, ExampleLine]:
    lines = ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
    found: dict[str, ExampleLine] = {}
    for index, line in enumerate(lines):
        match = _ASSIGNMENT.match(line.strip())
        if match is None:
            continue
        # The description is the run of plain comment lines just above (assignments skipped).
        above: list[str] = []
        for previous in reversed(lines[:index]):
            stripped = previous.strip()
            if not stripped.startswith("#"):
                break
            if not _ASSIGNMENT.match(stripped):
                above.append(stripped.lstrip("# "))
        name = match["name"]
        assert name not in found, f"{name} appears twice in .env.example"
        found[name] = ExampleLine(
            name=name,
            value=match["value"],
            commented=match["comment"] is not None,
            description=" ".join(reversed(above)),
        )
    return found


def pyproject() -> dict[str, Any]:
    return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
