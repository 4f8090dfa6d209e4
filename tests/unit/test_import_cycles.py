"""No import circle among the project's own modules: each layer imports only inner ones, and no
module imports one that imports it back, not even lazily inside a function (only
`if TYPE_CHECKING:` imports, never executed, do not count)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# Packages whose modules must not import each other in a circle. infra/ joins once its own
# circle (infra/stack.py ↔ infra/nag.py, issue 18) is gone.
PACKAGES = ("chalicelib", "infra")


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Every import a module can run: at module level and inside functions alike (a lazy import
    that closes a circle is still a circle), but not `if TYPE_CHECKING:` ones."""
    found: list[ast.Import | ast.ImportFrom] = []
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If) and _is_type_checking(node):
            pending += node.orelse
        else:
            pending += ast.iter_child_nodes(node)
    return found


def _resolve(name: str, modules: set[str]) -> str | None:
    """The project module `name` loads (itself, or the package it is a name in), if any."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _imports_of(path: Path, modules: set[str]) -> set[str]:
    own = _module_name(path)
    package = own if path.name == "__init__.py" else own.rpartition(".")[0]
    targets: set[str] = set()
    for node in _imports(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            # `from a import b` loads a.b when b is a module, else just a
            names = [f"{base}.{alias.name}" for alias in node.names] + [base]
        targets |= {found for name in names if (found := _resolve(name, modules))}
    return targets - {own}


def import_graph(packages: tuple[str, ...]) -> dict[str, set[str]]:
    paths = [path for package in packages for path in sorted((REPO / package).rglob("*.py"))]
    modules = {_module_name(path) for path in paths}
    return {_module_name(path): _imports_of(path, modules) for path in paths}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
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


def test_the_project_has_no_import_circle():
    assert cycles(import_graph(PACKAGES)) == []


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ],
)
def test_cycles_finds_circles_and_only_circles(graph, expected):
    assert cycles(graph) == expected


def test_the_graph_sees_lazy_imports_and_not_type_only_ones():
    graph = import_graph(PACKAGES)
    assert "chalicelib.api.resources.reactions" in graph["chalicelib.api.routes"]  # module level
    assert "chalicelib.api.schemas" in graph["chalicelib.api.resources.reactions"]  # lazy
    assert "chalicelib.api.call" not in graph["chalicelib.api.resources.submissions"]
