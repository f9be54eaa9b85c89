"""The import graph: arrows point inward only, and no two modules import each other in a circle.

Layers, innermost first: tailor_core (domain, engine, services), tailor_worker (Celery),
tailor_api (HTTP, which enqueues through the worker's publisher), tailor_cli (which may start the
API). A module may import its own layer and the layers inside it. Only imports that run when a
module loads count: those under `if TYPE_CHECKING:` and those inside functions (deferred on
purpose, for start-up time) do not make a cycle at import time.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ("tailor_core", "tailor_worker", "tailor_api", "tailor_cli")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for layer in LAYERS for path in (ROOT / layer).rglob("*.py")}


def _load_time_imports(path: Path, known: set[str]) -> set[str]:
    """Modules of ours this one imports when it loads. `from package import module` is an
    import of that module, not of the package's other contents."""
    found: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        if not isinstance(node, ast.Import | ast.ImportFrom | ast.Try | ast.If):
            continue
        for statement in ast.walk(node):
            if isinstance(statement, ast.Import):
                found.update(alias.name for alias in statement.names if alias.name in known)
            elif isinstance(statement, ast.ImportFrom) and statement.module and not statement.level:
                submodules = {f"{statement.module}.{alias.name}" for alias in statement.names}
                if submodules & known:
                    found.update(submodules & known)
                elif statement.module in known:
                    found.add(statement.module)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _load_time_imports(path, known) for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for imported in sorted(graph[module]):
            if state.get(imported) == 1:
                return [*path[path.index(imported) :], imported]
            if imported not in state and (found := visit(imported)):
                return found
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state and (found := visit(module)):
            return found
    return None


def test_the_graph_is_read_from_real_imports() -> None:
    graph = _graph()
    # A known arrow of each kind, so an empty graph cannot pass the tests below.
    assert "tailor_core.jobs.crud" in graph["tailor_core.jobs.producer"]
    assert "tailor_worker.publisher" in graph["tailor_api.routes_jobs"]
    assert "tailor_core.db.models" not in graph["tailor_core.db.unit_of_work"]  # TYPE_CHECKING


def test_no_circular_imports() -> None:
    cycle = _cycle(_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_arrows_point_inward() -> None:
    outward = [
        f"{module} imports {imported}"
        for module, imports in _graph().items()
        for imported in imports
        if LAYERS.index(imported.split(".")[0]) > LAYERS.index(module.split(".")[0])
    ]
    assert outward == []


def test_a_cycle_is_found_when_there_is_one() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None
