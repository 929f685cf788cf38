"""The package's import graph: no circles, and every import inside a function says why it is there."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

from tests.helpers import LAYERS, layer_of

SIM = Path(__file__).resolve().parents[1] / "sim"

#: Mesa's own pattern: the agent names its model class for type hints only (TYPE_CHECKING).
ALLOWED_CYCLES = [{"sim.agents", "sim.model"}]


def modules(root: Path) -> dict[str, Path]:
    """Every module of the package at ``root``, by dotted name."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def _targets(node: ast.AST, known: set[str]) -> list[str]:
    """The package's modules an import statement loads (the package uses absolute imports)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name in known]
    assert isinstance(node, ast.ImportFrom) and node.level == 0, "relative import"
    base = node.module or ""
    found = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in known]
    return found or ([base] if base in known else [])


def _type_checking_block(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def import_graph(root: Path = SIM) -> tuple[nx.DiGraph, list[tuple[str, int, str]]]:
    """Every import edge between the package's modules (type-only ones marked), and the imports inside functions."""
    found = modules(root)
    known = set(found)
    graph = nx.DiGraph()
    graph.add_nodes_from(known)
    in_functions: list[tuple[str, int, str]] = []
    for name, path in found.items():
        source = path.read_text()
        lines = source.splitlines()
        tree = ast.parse(source)

        def visit(node: ast.AST, in_function: bool, type_only: bool, name=name, lines=lines) -> None:
            for child in ast.iter_child_nodes(node):
                func = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
                typed = type_only or _type_checking_block(child)
                if isinstance(child, (ast.Import, ast.ImportFrom)):
                    for target in _targets(child, known):
                        if target != name:
                            old = graph.get_edge_data(name, target, {"type_only": True})
                            graph.add_edge(name, target, type_only=old["type_only"] and typed)
                    if in_function:
                        in_functions.append((name, child.lineno, _reason(lines, child.lineno)))
                visit(child, func, typed)

        visit(tree, False, False)
    return graph, in_functions


def _reason(lines: list[str], lineno: int) -> str:
    """The comment that explains an import: on its line, or above the block of imports it belongs to."""
    line = lines[lineno - 1]
    if "#" in line:
        return line.split("#", 1)[1].strip()
    i = lineno - 2
    while i >= 0 and lines[i].strip().startswith(("from ", "import ")):
        i -= 1
    above = lines[i].strip() if i >= 0 else ""
    return above[1:].strip() if above.startswith("#") else ""


def test_no_import_circles_but_mesa_s_type_only_agent_and_model():
    graph, _ = import_graph()
    cycles = [set(c) for c in nx.simple_cycles(graph)]
    unexpected = [sorted(c) for c in cycles if c not in ALLOWED_CYCLES]
    assert not unexpected, f"import circles: {unexpected}"
    for allowed in ALLOWED_CYCLES:  # and the allowed one runs one way at run time
        a, b = sorted(allowed)
        assert graph.edges[b, a]["type_only"] or graph.edges[a, b]["type_only"]


def test_every_import_inside_a_function_gives_its_reason():
    _, in_functions = import_graph()
    silent = [f"{m}:{line}" for m, line, reason in in_functions if not reason]
    assert not silent, f"imports inside functions without a one-line reason: {silent}"


def test_the_checks_see_a_circle_through_a_function_and_a_silent_import(tmp_path):
    pkg = tmp_path / "sim"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from sim.sub import b\n")
    (pkg / "sub" / "b.py").write_text(
        "def f():\n    from sim import a\n\n\ndef g():\n    import sim.a  # start-up time\n"
    )
    graph, in_functions = import_graph(pkg)
    assert [sorted(c) for c in nx.simple_cycles(graph)] == [["sim.a", "sim.sub.b"]]
    assert [(m, line, reason) for m, line, reason in in_functions] == [
        ("sim.sub.b", 2, ""),
        ("sim.sub.b", 6, "start-up time"),
    ]


def layering_breaches(graph: nx.DiGraph) -> list[str]:
    """Imports (run-time ones) from a layer to a later one."""
    out = []
    for a, b, data in graph.edges(data=True):
        if not data["type_only"] and layer_of(a) < layer_of(b):
            out.append(f"{a} ({LAYERS[layer_of(a)][0]}) imports {b} ({LAYERS[layer_of(b)][0]})")
    return sorted(out)


def test_the_layers_point_one_way():
    graph, _ = import_graph()
    assert not layering_breaches(graph)
    assert {LAYERS[layer_of(m)][0] for m in graph} == {name for name, _ in LAYERS}, "every layer has modules"


def test_the_layering_check_sees_a_reversed_import(tmp_path):
    pkg = tmp_path / "sim"
    for sub in ("run", "studies", "mechanisms"):
        (pkg / sub).mkdir(parents=True)
        (pkg / sub / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "config.py").write_text("")
    (pkg / "studies" / "s.py").write_text("from sim.run import r\n")  # down: allowed
    (pkg / "run" / "r.py").write_text("from sim.config import x\n\n\ndef f():\n    from sim.studies import s\n")
    (pkg / "mechanisms" / "m.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from sim.run import r\n"
    )
    graph, _ = import_graph(pkg)
    assert layering_breaches(graph) == ["sim.run.r (run) imports sim.studies.s (studies)"]
