"""The layout's rules, read from the source: no import cycle between the project's modules (imports
inside functions included), no function over 80 lines, no module over 500 lines (tests and
benchmarks aside), and the bottom layer importing nothing of the project above it."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).parent.parent
PACKAGES = {"cafcass_kg": ROOT / "cafcass_kg", "cafcass_kg.loaders": ROOT / "loaders", "cafcass_kg.server": ROOT / "server"}
MAX_FUNCTION_LINES = 80
MAX_MODULE_LINES = 500
# The bottom layer: what every stage may import, and which imports no stage.
BOTTOM = {"cafcass_kg.namespaces", "cafcass_kg.errors", "cafcass_kg.limits", "cafcass_kg.resources", "cafcass_kg.formats", "cafcass_kg.dates", "cafcass_kg.files", "cafcass_kg.query_text"}


def _modules() -> dict[str, Path]:
    found = {}
    for package, folder in PACKAGES.items():
        for path in folder.rglob("*.py"):
            parts = path.relative_to(folder).with_suffix("").parts
            name = ".".join((package, *parts))
            found[name.removesuffix(".__init__")] = path
    return found


MODULES = _modules()


def _resolve(module: str, node: ast.ImportFrom | ast.Import, package: str) -> list[str]:
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            parent = package.split(".")[: len(package.split(".")) - node.level + 1]
            base = ".".join(parent + ([base] if base else []))
        names = [f"{base}.{alias.name}" for alias in node.names] + [base]
    names = [n.replace("loaders.", "cafcass_kg.loaders.", 1) if n.startswith("loaders.") or n == "loaders" else n for n in names]
    return [n for n in names if n in MODULES and n != module]


def import_graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for module, path in MODULES.items():
        package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        graph.add_node(module)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for target in _resolve(module, node, package):
                    # A package's __init__ importing its own submodules is how a package is made, not a cycle.
                    if not (target.startswith(module + ".") and path.name == "__init__.py"):
                        graph.add_edge(module, target)
    return graph


def test_the_scan_sees_the_project():
    graph = import_graph()
    assert {"cafcass_kg.build", "cafcass_kg.graph.mapping", "cafcass_kg.server", "cafcass_kg.store.remote"} <= set(graph)
    assert graph.number_of_edges() > 40


def test_no_import_cycle():
    graph = import_graph()
    # a package importing its submodules and a submodule importing its package's __init__ is the same cycle
    cycles = [c for c in nx.simple_cycles(graph) if not _package_and_child(c)]
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c + [c[0]]) for c in cycles[:10])


def _package_and_child(cycle: list[str]) -> bool:
    return len(cycle) == 2 and (cycle[0].startswith(cycle[1] + ".") or cycle[1].startswith(cycle[0] + "."))


def test_the_bottom_layer_imports_nothing_above_it():
    graph = import_graph()
    above = {(m, t) for m in BOTTOM if m in graph for t in graph.successors(m) if t not in BOTTOM}
    assert not above, f"the bottom layer imports the stages above it: {sorted(above)}"


def long_functions() -> dict[str, int]:
    found = {}
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    found[f"{module}.{node.name}"] = lines
    return found


def long_modules() -> dict[str, int]:
    sizes = {module: len(path.read_text(encoding="utf-8").splitlines()) for module, path in MODULES.items()}
    return {module: n for module, n in sizes.items() if n > MAX_MODULE_LINES}


def test_no_function_over_80_lines():
    assert not long_functions()


def test_no_module_over_500_lines():
    assert not long_modules()
