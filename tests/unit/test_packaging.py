"""The distribution: its own name, a LICENSE, extras, and a worker that runs without the API."""

from __future__ import annotations

import subprocess
import sys
import tomllib

from tailor_worker.worker_process import ROOT

# Modules that come only with the [api] and [s3] extras.
API_AND_S3 = ("fastapi", "starlette", "uvicorn", "multipart", "prometheus_client", "boto3")

_BLOCKED_IMPORT = f"""
import importlib.abc, sys
class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {API_AND_S3!r}:
            raise ImportError("not installed in a slim worker: " + name)
        return None
sys.meta_path.insert(0, Refuse())
"""


def _project() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        project: dict[str, object] = tomllib.load(file)["project"]
    return project


def test_distribution_has_its_own_name_license_and_extras() -> None:
    project = _project()
    assert project["name"] == "tailor-resume-backend"
    assert project["license"] == "ISC"
    licence = (ROOT / "LICENSE").read_text()
    assert "ISC License" in licence
    assert "2026 Tailor contributors" in licence
    assert project["classifiers"]
    extras = project["optional-dependencies"]
    assert isinstance(extras, dict)
    assert {"worker", "api", "s3", "all", "dev"} <= set(extras)
    core = " ".join(str(d) for d in project["dependencies"])  # type: ignore[attr-defined]
    for heavy in ("fastapi", "boto3", "flower", "uvicorn"):
        assert heavy not in core, f"{heavy} must be in an extra, not in every install"
    assert "tailor-resume-backend[all]" in extras["dev"]
    assert any(d.startswith("celery[redis]") and "<6" in d for d in project["dependencies"])  # type: ignore[attr-defined]
    assert any(d.startswith("kombu") and "<6" in d for d in project["dependencies"])  # type: ignore[attr-defined]


def test_worker_path_imports_without_the_api_stack_or_boto3() -> None:
    code = _BLOCKED_IMPORT + (
        "import tailor_worker.tasks, tailor_cli, tailor_worker.celeryconfig\n"
        "from tailor_worker.app import app\n"
        "app.loader.import_default_modules()\n"
        f"assert not [m for m in sys.modules if m.split('.')[0] in {API_AND_S3!r}]\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd="/", capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
