"""The package stays navigable: no module in civdesk/ over 600 lines, and every folder of modules is a
package (a missing __init__.py would leave its modules out of the wheel and the frozen build)."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "civdesk"
MAX_LINES = 600


def test_no_module_is_over_600_lines():
    sizes = {
        p.relative_to(PACKAGE.parent).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
        for p in PACKAGE.rglob("*.py")
    }
    assert len(sizes) > 100  # the walk really found the package
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}


def test_every_folder_of_modules_is_a_package():
    folders = {p.parent for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts}
    assert [
        f.relative_to(PACKAGE.parent).as_posix() for f in sorted(folders) if not (f / "__init__.py").is_file()
    ] == []
