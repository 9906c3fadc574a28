"""No import circle among the package's modules, counting imports made inside functions (which
hide a circle rather than remove it) and imports made only for type checking (a circle all the
same, to a reader and to the type checker). And no part of the window imports the main window:
each gets the window context (ui/context.py); only the app's start (ui/app.py) builds the
window."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "pyramid_app"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """The package's modules ``path`` imports, wherever in the file and for whatever use."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name in modules}


def test_there_is_no_import_circle() -> None:
    paths = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    modules = set(paths)
    graph = {name: imports_of(path, modules) - {name} for name, path in paths.items()}
    # A package's __init__ is imported with any of its modules; its own imports of them are
    # the package's surface, not a dependency of those modules on each other.
    for name in graph:
        graph[name] = {other for other in graph[name] if not name.startswith(other + ".")}
    circles = _circles(graph)
    assert circles == [], "import circles: " + "; ".join(" -> ".join(c) for c in circles)


def test_no_part_of_the_window_imports_the_main_window() -> None:
    paths = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    modules = set(paths)
    importers = sorted(
        name
        for name, path in paths.items()
        if "pyramid_app.ui.main_window" in imports_of(path, modules)
        and name != "pyramid_app.ui.app"
    )
    assert importers == [], f"modules that should take the window context instead: {importers}"


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups
