"""How civdesk's modules import each other, read from the source with ast (imports inside functions
and under ``if TYPE_CHECKING`` count as much as those at the top):

- no import cycle, however long, so each module can be understood and changed from the bottom up;
- no private name (``_something``) imported or reached into across modules: what another module
  needs is public under a proper name;
- the layers import downwards only: domain ← store ← services ← reports, ui, cli (see README).

The third-party libraries and file access the domain must not use are tests/domain/test_purity.py's.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Graph:
    modules: dict[str, Path]
    edges: dict[str, dict[str, int]] = field(default_factory=dict)  # module → imported module → first line
    private: list[str] = field(default_factory=list)  # "module:line name from other"


def _module_names(package_dir: Path) -> dict[str, Path]:
    out = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = list(path.relative_to(package_dir.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def build(package_dir: Path) -> Graph:
    """The import graph of the package at ``package_dir`` (relative imports resolved)."""
    g = Graph(_module_names(package_dir))
    top = package_dir.name

    def known(name: str) -> str | None:
        """The module ``name`` is, or lies in (``a.b.func`` → ``a.b``)."""
        while name and name not in g.modules:
            name = name.rpartition(".")[0]
        return name or None

    for mod, path in g.modules.items():
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        out = g.edges.setdefault(mod, {})
        bound: dict[str, str] = {}  # local name → the civdesk module it stands for

        def edge(target: str | None, line: int) -> None:
            if target and target != mod:
                out.setdefault(target, line)

        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name == top or alias.name.startswith(top + "."):
                        edge(known(alias.name), node.lineno)
                        if alias.asname:
                            bound[alias.asname] = alias.name
                        else:
                            bound[top] = top
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    source = ".".join(base + ([node.module] if node.module else []))
                else:
                    source = node.module or ""
                if source != top and not source.startswith(top + "."):
                    continue
                for alias in node.names:
                    whole = f"{source}.{alias.name}"
                    target = whole if whole in g.modules else known(source)
                    edge(target, node.lineno)
                    if whole in g.modules:
                        bound[alias.asname or alias.name] = whole
                    elif _private(alias.name) and target != mod:
                        g.private.append(f"{mod}:{node.lineno} imports {alias.name} from {target}")
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and _private(node.attr):
                base, chain = node.value, []
                while isinstance(base, ast.Attribute):
                    chain.insert(0, base.attr)
                    base = base.value
                owner = ".".join([bound[base.id], *chain]) if isinstance(base, ast.Name) and base.id in bound else ""
                if owner in g.modules and owner != mod:
                    g.private.append(f"{mod}:{node.lineno} reaches into {owner} for {node.attr}")
    return g


def cycles(g: Graph) -> list[list[str]]:
    """Every group of modules that import each other, directly or around a longer loop (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in g.edges.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(g.modules):
        if v not in index:
            visit(v)
    return sorted(found)


def describe(g: Graph, group: list[str]) -> str:
    """A cycle as the imports that make it, each with its line: what to cut."""
    inside = set(group)
    return "; ".join(f"{a}:{line} → {b}" for a in group for b, line in sorted(g.edges[a].items()) if b in inside)


CIVDESK = build(ROOT / "civdesk")

# Layer → the civdesk layers it must never import (at any depth of a function).
FORBIDDEN = {
    "domain": {"store", "services", "reports", "ui", "cli", "hub", "resources"},
    "store": {"services", "reports", "ui", "cli", "hub"},
    "services": {"ui", "cli"},
    "reports": {"ui", "cli"},
    "hub": {"ui", "cli"},
    "ui": {"cli"},
}


def layer(module: str) -> str:
    part = module.split(".")[1] if "." in module else ""
    return "cli" if part.startswith("cli") else part


def test_the_graph_sees_every_module_and_import_kind():
    assert len(CIVDESK.modules) > 150
    # a top-level relative import, a function-level one, and one of a name inside a module
    assert "civdesk.domain.workflow" in CIVDESK.edges["civdesk.services.inspections"]
    assert "civdesk.services.templates" in CIVDESK.edges["civdesk.services.exchange.importing"]  # in import_refs
    assert "civdesk.services.exchange.xlsx_cells" in CIVDESK.edges["civdesk.services.exchange.excel"]


def test_civdesk_has_no_import_cycle():
    found = cycles(CIVDESK)
    assert not found, "import cycles: " + " | ".join(describe(CIVDESK, c) for c in found)


def test_no_private_name_is_imported_across_modules():
    assert CIVDESK.private == []


@pytest.mark.parametrize("source_layer", sorted(FORBIDDEN))
def test_layers_import_downwards_only(source_layer):
    wrong = [
        f"{a}:{line} → {b}"
        for a, outs in CIVDESK.edges.items()
        if layer(a) == source_layer
        for b, line in outs.items()
        if layer(b) in FORBIDDEN[source_layer]
    ]
    assert wrong == []


# ---------------------------------------------------------------------------- the checks themselves


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    pkg = tmp_path / "civdesk"
    for name, text in {"__init__.py": "", **files}.items():
        path = pkg / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return pkg


def test_a_cycle_through_a_function_level_relative_import_is_found_and_named(tmp_path):
    g = build(
        _package(
            tmp_path,
            {
                "services/__init__.py": "",
                "services/a.py": "from . import b\n",
                "services/b.py": "def f():\n    from .c import thing\n",
                "services/c.py": "import civdesk.services.a as a\nthing = 1\n",
                "services/d.py": "from .a import b\n",  # imports a, no cycle
            },
        )
    )
    assert cycles(g) == [["civdesk.services.a", "civdesk.services.b", "civdesk.services.c"]]
    assert describe(g, cycles(g)[0]) == (
        "civdesk.services.a:1 → civdesk.services.b; "
        "civdesk.services.b:2 → civdesk.services.c; "
        "civdesk.services.c:1 → civdesk.services.a"
    )


def test_private_imports_and_reaches_are_found_own_ones_are_not(tmp_path):
    g = build(
        _package(
            tmp_path,
            {
                "ui/__init__.py": "",
                "ui/a.py": "def _helper(): pass\n_helper()\nclass A:\n    def f(self):\n        return self._x\n",
                "ui/b.py": "from .a import _helper, __doc__\n",
                "ui/c.py": "from . import a\n\ndef g():\n    return a._helper()\n",
                "ui/d.py": "import civdesk.ui.a\ncivdesk.ui.a._helper()\nfrom civdesk.ui import a as m\nm.A()._x\n",
            },
        )
    )
    assert g.private == [
        "civdesk.ui.b:1 imports _helper from civdesk.ui.a",
        "civdesk.ui.c:4 reaches into civdesk.ui.a for _helper",
        "civdesk.ui.d:2 reaches into civdesk.ui.a for _helper",
    ]
