"""Built-in resources: the list CivDesk expects matches the repository, and a gap is named (exit 2).

Also the check before Qt starts on Linux (ui/platform_check.py): no display, or missing xcb libraries,
is one line naming the fix instead of Qt's abort.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from civdesk import cli, resources
from civdesk.resources import BUILTIN_TEMPLATES, ResourceError
from civdesk.services import templates
from civdesk.ui import platform_check

ROOT = Path(__file__).resolve().parents[2]


def test_builtin_list_matches_the_repository():
    on_disk = sorted(p.stem for p in (ROOT / "resources" / "templates").glob("*.yaml"))
    assert on_disk == sorted(BUILTIN_TEMPLATES)
    assert [p.stem for p in templates.builtin_files()] == list(BUILTIN_TEMPLATES)


@pytest.fixture
def copied(tmp_path, monkeypatch) -> Path:
    """A copy of resources/ that CivDesk uses instead of the repository's."""
    copy = tmp_path / "resources"
    shutil.copytree(ROOT / "resources", copy)
    monkeypatch.setattr(resources, "resources_dir", lambda: copy)
    return copy


def test_missing_template_is_named_by_every_entry(copied, tmp_path, capsys):
    (copied / "templates" / "toll-window.yaml").unlink()
    with pytest.raises(ResourceError, match=r"templates/toll-window\.yaml is missing"):
        templates.builtin_files()
    home = tmp_path / "home"
    for argv in (["templates", "list"], ["demo"], []):
        assert cli.main(["--home", str(home), "--lang", "en", *argv]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "templates/toll-window.yaml is missing" in err
    assert not home.exists()


def test_unreadable_resource_is_named(copied, tmp_path, capsys):
    qm = copied / "i18n" / "civdesk_en.qm"
    qm.unlink()
    qm.mkdir()  # unreadable as a file even for root, unlike chmod 000
    assert cli.main(["--home", str(tmp_path / "home"), "--lang", "en", "templates", "list"]) == 2
    assert "i18n/civdesk_en.qm is not a file" in capsys.readouterr().err


def test_complete_resources_pass(copied):
    resources.verify()
    assert resources.require("templates", "toll-window.yaml") == copied / "templates" / "toll-window.yaml"


def test_missing_library_names_its_package():
    libs = {"libc.so.6": "libc6", "libcivdesk-nonexistent.so.9": "libcivdesk-nonexistent9"}
    assert platform_check.missing_packages(libs) == ["libcivdesk-nonexistent9"]


@pytest.mark.parametrize(
    "env, expected",
    [
        ({"QT_QPA_PLATFORM": "offscreen"}, None),
        ({"QT_QPA_PLATFORM": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, None),
        ({"WAYLAND_DISPLAY": "wayland-0"}, None),
        ({}, "DISPLAY is not set"),
        ({"QT_QPA_PLATFORM": "xcb"}, "DISPLAY is not set"),
    ],
)
def test_platform_problem(env, expected):
    found = platform_check.problem(env, "linux")
    assert (found is None) if expected is None else (expected in found)
    assert platform_check.problem(env, "win32") is None


def test_missing_xcb_libraries_give_one_install_line(monkeypatch):
    monkeypatch.setattr(
        platform_check,
        "XCB_LIBRARIES",
        {"libc.so.6": "libc6", "libxcb-civdesk-missing.so.4": "libxcb-civdesk-missing4"},
    )
    found = platform_check.problem({"DISPLAY": ":0"}, "linux")
    assert found.endswith("sudo apt-get install libxcb-civdesk-missing4")


def test_gui_start_without_display_exits_2(tmp_path, monkeypatch, capsys):
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(platform_check.sys, "platform", "linux")
    assert cli.main(["--home", str(tmp_path / "home")]) == 2
    assert "DISPLAY is not set" in capsys.readouterr().err
    assert not (tmp_path / "home").exists()
