"""The package's imports go one way: every module imports only its own layer or layers
below it, and no group of modules imports itself in a circle. Function-level imports count.

Layers, lowest first, one subpackage each (``core.tidy``'s TableMeta/TableResult is the
contract every layer passes on, so it sits in the core with the catalogue, settings and
errors)::

    core → sources → store → indicators → presentation → notebooks → batch

``regiobeeld.testing`` (the local OData server) is for tests and benchmarks only: no
product module may import it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import regiobeeld

PACKAGE = Path(regiobeeld.__file__).parent

#: Layer → the modules (or packages, by prefix) in it, lowest layer first. The layers are
#: the package's subpackages, except that the notebook machinery (``batch.htmlexport``,
#: ``batch.engine``) sits below the rest of ``batch``.
LAYERS = {
    "core": ("", "core"),
    "sources": ("sources",),
    "store": ("store",),
    "indicators": ("indicators",),
    "presentation": ("presentation",),
    "notebooks": ("batch.htmlexport", "batch.engine"),
    "batch": ("batch", "cli", "__main__"),
}
TESTING = "testing"


def module_name(path: Path) -> str:
    """``indicators/model.py`` → ``indicators.model``; the package itself is ``""``."""
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(name: str) -> str:
    """The module a dotted name inside the package refers to (a name imported from a
    module is that module)."""
    while name and not ((PACKAGE / name.replace(".", "/")).with_suffix(".py").is_file()
                        or (PACKAGE / name.replace(".", "/") / "__init__.py").is_file()):
        name = name.rpartition(".")[0]
    return name


def imports_of(path: Path) -> set[str]:
    """The package modules ``path`` imports (relative names inside the package)."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".") if package else []
                base = base[:len(base) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            elif node.module and (node.module + ".").startswith("regiobeeld."):
                target = node.module.removeprefix("regiobeeld").lstrip(".")
            else:
                continue
            found |= {_resolve(f"{target}.{alias.name}".lstrip(".")) for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {_resolve(a.name.removeprefix("regiobeeld").lstrip(".")) for a in node.names
                      if (a.name + ".").startswith("regiobeeld.")}
    return found - {module}


def _testing(module: str) -> bool:
    return module == TESTING or module.startswith(TESTING + ".")


def graph() -> dict[str, set[str]]:
    return {module_name(path): imports_of(path) for path in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> int:
    """Index of the layer whose longest prefix matches ``module``."""
    best, index = -1, None
    for number, members in enumerate(LAYERS.values()):
        for prefix in members:
            if (module == prefix or (prefix and module.startswith(prefix + "."))) and len(prefix) > best:
                best, index = len(prefix), number
    return index


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
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

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups


def test_the_import_reader_sees_relative_absolute_and_function_level_imports(tmp_path):
    found = imports_of(PACKAGE / "indicators" / "compute.py")
    # store.data is imported in a function
    assert {"core.catalog", "indicators.groups", "store.data", "indicators.specs", "indicators.model"} <= found
    assert imports_of(PACKAGE / "batch" / "runner.py") >= {"batch.bundle", "batch.htmlexport", "batch.engine"}


def test_cycle_finder_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_every_module_has_a_layer():
    assert [m for m in graph() if not _testing(m) and layer_of(m) is None] == []


def test_no_import_cycles():
    assert cycles(graph()) == []


def test_no_import_against_the_layer_order():
    names = list(LAYERS)
    wrong = [f"{module} ({names[layer_of(module)]}) imports {target} ({names[layer_of(target)]})"
             for module, targets in graph().items() if not _testing(module)
             for target in targets if not _testing(target) and layer_of(target) > layer_of(module)]
    assert wrong == []


def test_the_product_never_imports_the_testing_utilities():
    users = [m for m, targets in graph().items() if not _testing(m) and any(map(_testing, targets))]
    assert users == []
