"""Every SQL statement of the desktop app is in civdesk/store: no other module holds a string that
reads as SQL or runs one (checked on the source with ast). The hub (civdesk/hub, PostgreSQL) keeps
its own SQL and is left out."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

CIVDESK = Path(__file__).resolve().parents[2] / "civdesk"
EXEMPT = {"store", "hub"}
MODULES = sorted(p for p in CIVDESK.rglob("*.py") if p.relative_to(CIVDESK).parts[0] not in EXEMPT)

# Statements as CivDesk writes them (keywords in capitals), also a fragment of an f-string.
SQL = re.compile(
    r"\bSELECT\b[\s\S]*\bFROM\b|^\s*SELECT\s|\bINSERT\s+(OR\s+\w+\s+)?INTO\b|\bUPDATE\s+\w+\s+SET\b"
    r"|\bDELETE\s+FROM\b|\bPRAGMA\s+\w+|\b(CREATE|DROP|ALTER)\s+(TABLE|INDEX|TRIGGER|VIEW)\b"
    r"|\bREPLACE\s+INTO\b|\bWHERE\s+\w+(\.\w+)?\s*(=|IN\b|IS\b|<|>)"
)
RUNS_SQL = {"execute", "executemany", "executescript"}


def _texts(tree: ast.AST) -> list[tuple[int, str]]:
    """Every string of the source but docstrings (which may name a PRAGMA); an f-string as one
    text with its placeholders as ``{}``."""
    skip: set[int] = set()
    out = []
    for node in ast.walk(tree):
        if (
            isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        ):
            skip.add(id(node.body[0].value))
        elif isinstance(node, ast.JoinedStr):
            parts = []
            for v in node.values:
                skip.add(id(v))
                parts.append(v.value if isinstance(v, ast.Constant) else "{}")
            out.append((node.lineno, "".join(str(p) for p in parts)))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            out.append((node.lineno, node.value))
    return out


def violations(source: str) -> list[str]:
    tree = ast.parse(source)
    found = [f"line {line}: {text.strip()[:60]!r}" for line, text in _texts(tree) if SQL.search(text)]
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in RUNS_SQL:
            found.append(f"line {node.lineno}: .{node.func.attr}()")
    return found


def test_the_scan_covers_the_layers():
    layers = {p.relative_to(CIVDESK).parts[0] for p in MODULES}
    assert {"services", "reports", "ui", "domain", "cli"} <= layers


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(CIVDESK)))
def test_no_sql_outside_the_store(path):
    assert violations(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source, count",
    [
        ('x = "SELECT id FROM inspections WHERE id = ?"', 1),
        ('q = f"SELECT id FROM {table} WHERE x = 1"', 1),
        ("conn.execute(sql, args)", 1),
        ('s = "DELETE FROM answers"', 1),
        ('s = "INSERT OR IGNORE INTO user_sites (a) VALUES (?)"', 1),
        ('s = "UPDATE users SET root = ?"', 1),
        ('s = "PRAGMA wal_checkpoint(TRUNCATE)"', 1),
        ('s = " AND i.site_id IN (1, 2)" + " WHERE i.state = ?"', 1),
        ('"""Select the rows to update, then delete from the list what is gone."""', 0),
        ('def probe():\n    """Reads ``PRAGMA quick_check`` only."""', 0),
        ('label = "Replace the database with a checked backup"', 0),
        ("repo.get(store.conn, 3)", 0),
    ],
)
def test_the_scanner_itself_finds_sql(source, count):
    assert len(violations(source)) == count
