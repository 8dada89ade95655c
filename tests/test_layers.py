"""The package's layers only look down (docs/architecture.md): every module's imports, the lazy
ones inside functions and the type-checking ones included, go to its own layer or a lower one,
and no two modules import each other, directly or around a loop."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).parents[1] / "src" / "regiograph"

#: Bottom to top. A module belongs to the layer of its longest matching prefix.
LAYERS: dict[str, tuple[str, ...]] = {
    "base": ("errors", "namespaces", "resources", "version", "memory", "untrusted", "atomic",
             "manifest", "bounded", "templates", "names"),
    "model": ("model",),
    "curation": ("curation",),
    "store": ("store",),
    "queries": ("queries",),
    "validation": ("validation",),
    "analysis": ("analysis",),
    "publish": ("publish", "synth"),
    "build": ("build",),
    "cli": ("cli", "__main__"),
    "package": ("",),
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        name = ".".join(("regiograph", *path.relative_to(ROOT).with_suffix("").parts))
        found[name.removesuffix(".__init__")] = path
    return found


def _imports() -> nx.DiGraph[str]:
    modules = _modules()
    graph: nx.DiGraph[str] = nx.DiGraph()
    for name, path in modules.items():
        graph.add_node(name)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("regiograph"):
                assert node.module is not None
                for alias in node.names:  # `from regiograph.validation import shacl` names a module
                    full = f"{node.module}.{alias.name}"
                    targets.append(full if full in modules else node.module)
            elif isinstance(node, ast.Import):
                targets += [a.name for a in node.names if a.name.startswith("regiograph")]
            elif isinstance(node, ast.ImportFrom) and node.level:
                pytest.fail(f"{name}: relative import; write the full module name")
            graph.add_edges_from((name, t) for t in targets if t != name)
    return graph


def layer_of(module: str) -> str:
    local = module.removeprefix("regiograph").removeprefix(".")
    best, length = "", -1
    for layer, prefixes in LAYERS.items():
        for prefix in prefixes:
            if (local == prefix or local.startswith(prefix + ".") or prefix == "") \
                    and len(prefix) > length:
                best, length = layer, len(prefix)
    return best


def test_no_module_imports_from_a_layer_above() -> None:
    order = list(LAYERS)
    upward = [f"{a} ({layer_of(a)}) imports {b} ({layer_of(b)})"
              for a, b in _imports().edges if order.index(layer_of(a)) < order.index(layer_of(b))]
    assert upward == []


def test_there_is_no_import_cycle() -> None:
    cycles = list(nx.simple_cycles(_imports()))
    assert cycles == []


def test_every_module_has_a_layer() -> None:
    assert all(layer_of(m) for m in _modules())
    assert layer_of("regiograph.model.kinds") == "model"
    assert layer_of("regiograph.curation.compiler") == "curation"
    assert layer_of("regiograph") == "package"


def test_the_check_catches_an_upward_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The control: a store module reaching up into the build is reported."""
    fake = tmp_path / "regiograph"
    (fake / "curation").mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "store.py").write_text("def f():\n    from regiograph.build import build\n")
    (fake / "build.py").write_text("import regiograph.store\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", fake)
    with pytest.raises(AssertionError):
        test_no_module_imports_from_a_layer_above()
    with pytest.raises(AssertionError):
        test_there_is_no_import_cycle()
