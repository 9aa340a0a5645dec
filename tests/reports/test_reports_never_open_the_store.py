"""civdesk/reports lays out what it is given: no module there imports the store or a service that
reads it, takes a Store, or calls a store method (checked on the source with ast). Issuing,
recording and signing documents are services (services/documents.py, registry.py,
document_content.py)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPORTS = Path(__file__).resolve().parents[2] / "civdesk" / "reports"
MODULES = sorted(REPORTS.glob("*.py"))
# Picture limits and the error types are plain helpers: they read no database.
ALLOWED_SERVICES = {"limits", "errors"}
STORE_METHODS = {
    "query",
    "one",
    "scalar",
    "write",
    "insert",
    "update",
    "audit",
    "get_setting",
    "set_setting",
    "conn",
    "audit_entries",
}


def _imported(node: ast.AST) -> list[str]:
    """Absolute names of what an import statement inside civdesk/reports brings in."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if isinstance(node, ast.ImportFrom):
        if node.level == 0:
            base = node.module or ""
        else:
            parts = ["civdesk", "reports"][: 2 - (node.level - 1)]
            base = ".".join(parts + ([node.module] if node.module else []))
        return [f"{base}.{a.name}" for a in node.names] + [base]
    return []


def _forbidden(name: str) -> bool:
    parts = name.split(".")
    if parts[:2] == ["civdesk", "store"]:
        return True
    return parts[:2] == ["civdesk", "services"] and len(parts) > 2 and parts[2] not in ALLOWED_SERVICES


def violations(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        bad = [name for name in _imported(node) if _forbidden(name)]
        if bad:
            found.append(f"imports {min(bad, key=len)}")
        if isinstance(node, ast.Name) and node.id == "Store":
            found.append("names Store")
        elif isinstance(node, ast.arg) and node.arg == "store":
            found.append("takes a store")
        elif (
            isinstance(node, ast.Attribute)
            and node.attr in STORE_METHODS
            and isinstance(node.value, ast.Name)
            and node.value.id == "store"
        ):
            found.append(f"store.{node.attr}")
    return sorted(set(found))


def test_the_renderers_are_found():
    assert {p.stem for p in MODULES} >= {"content", "report", "certificate", "notice", "form", "pdfsign"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_reports_module_never_opens_the_store(path):
    assert violations(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source, found",
    [
        ("from ..store import Store", ["imports civdesk.store"]),
        ("from civdesk.store import inspections", ["imports civdesk.store"]),
        ("from .. import store", ["imports civdesk.store"]),
        ("import civdesk.store.db", ["imports civdesk.store.db"]),
        ("from ..services import inspections", ["imports civdesk.services.inspections"]),
        ("from ..services.registry import find", ["imports civdesk.services.registry"]),
        ("from ..services.limits import open_image", []),
        ("def build(store, iid): pass", ["takes a store"]),
        ("x = store.scalar('…')", ["store.scalar"]),
        ("def f(doc: Store): pass", ["names Store"]),
        ("from .content import ReportDoc", []),
    ],
)
def test_the_scanner_itself_catches_store_use(source, found):
    assert violations(source) == found
