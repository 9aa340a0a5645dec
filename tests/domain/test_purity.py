"""civdesk/domain is pure: no Qt, no SQL, no PDF, no file access (checked on the source with ast).

That it imports no other civdesk layer is tests/test_imports.py's, with the other layers' rules."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[2] / "civdesk" / "domain"
FORBIDDEN_MODULES = {
    "PySide6",
    "sqlite3",
    "sqlite_utils",
    "reportlab",
    "pathlib",
    "shutil",
    "tempfile",
    "io",
    "os",
    "yaml",
    "openpyxl",
}
FORBIDDEN_CALLS = {"open"}
MODULES = sorted(DOMAIN.glob("*.py"))


def test_domain_modules_found():
    assert {p.stem for p in MODULES} >= {"__init__", "template", "scoring", "workflow", "rectification", "audit"}


def violations(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] in FORBIDDEN_MODULES]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] in FORBIDDEN_MODULES:
                found.append(node.module)
        elif isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Name) and f.id in FORBIDDEN_CALLS:
                found.append(f"{f.id}()")
            elif isinstance(f, ast.Attribute) and f.attr in {
                "read_text",
                "read_bytes",
                "write_text",
                "write_bytes",
                "open",
            }:
                found.append(f".{f.attr}()")
        elif isinstance(node, ast.Name) and node.id in {"__import__", "Path"}:
            found.append(node.id)
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_domain_module_is_pure(path):
    assert violations(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source, found",
    [
        ("import sqlite3", ["sqlite3"]),
        ("from PySide6.QtCore import Qt", ["PySide6.QtCore"]),
        ("import reportlab.pdfgen", ["reportlab.pdfgen"]),
        ("from sqlite_utils import Database", ["sqlite_utils"]),
        ("from pathlib import Path", ["pathlib"]),
        ("x = open('f')", ["open()"]),
        ("p.read_text()", [".read_text()"]),
        ("from . import template", []),
    ],
)
def test_the_scanner_itself_catches_forbidden_use(source, found):
    assert violations(source) == found


def test_importing_the_domain_loads_no_forbidden_module():
    """At run time too: a fresh interpreter importing every domain module pulls in none of them."""
    code = (
        "import sys\n"
        "import civdesk.domain.template, civdesk.domain.scoring, civdesk.domain.workflow\n"
        "import civdesk.domain.rectification, civdesk.domain.audit\n"
        "bad = {'PySide6', 'sqlite3', 'sqlite_utils', 'reportlab', 'yaml'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in bad))\n"
    )
    root = DOMAIN.parents[1]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
