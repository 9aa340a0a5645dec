"""GUI test setup: offscreen Qt, the CJK font and Chinese interface, a real home under tmp_path.

Every test in this folder is marked ``gui`` (so ``pytest -m "not gui"`` skips them) and drives
real widgets with pytest-qt; nothing stands in for the window or the database.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any QApplication exists

from pathlib import Path
from types import SimpleNamespace

import pytest

from civdesk import services
from civdesk.services import accounts
from tests.helpers.data import PASSWORD
from tests.helpers.qt import show

HERE = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.gui)


@pytest.fixture(scope="session", autouse=True)
def ui_app(qapp):
    """The application as run_gui prepares it: font, style sheet, Chinese."""
    from civdesk.ui import i18n
    from civdesk.ui.app import make_app

    app = make_app()
    i18n.install("zh_CN")
    yield app


@pytest.fixture(autouse=True)
def chinese(ui_app):
    """Each test starts in Chinese, whatever the one before switched to."""
    from civdesk import messages
    from civdesk.ui import i18n

    if i18n.current() != "zh_CN":
        i18n.install("zh_CN")
    messages.set_language("zh")  # a command line run inside a test may have switched the catalogue's
    yield


@pytest.fixture
def home(tmp_path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def ui_store(home):
    """A home opened as CivDesk opens it (built-in checklists installed)."""
    s = services.open_home(home)
    yield s
    s.close()


@pytest.fixture
def crew(ui_store):
    """Admin, two inspectors, sites of each kind the built-in checklists need, a manager per station."""
    s = ui_store
    admin = accounts.actor(
        s, accounts.create_user(s, by=None, name="admin", role="admin", password=PASSWORD, display_name="系统管理员")
    )
    site = {}
    for key, name, kind, region in (
        ("east", "杭州东收费站", "toll_station", "east"),
        ("west", "成都北收费站", "toll_station", "west"),
        ("city", "杭州市", "city", "east"),
        ("unit", "昆明市交通运输局", "unit", "west"),
    ):
        site[key] = accounts.create_site(s, by=admin, name=name, kind=kind, region=region, address=f"{name}地址")

    def user(name, role, display, sites=()):
        uid = accounts.create_user(
            s, by=admin, name=name, role=role, password=PASSWORD, display_name=display, site_ids=list(sites)
        )
        return accounts.actor(s, uid)

    return SimpleNamespace(
        store=s,
        admin=admin,
        site=site,
        inspector=user("inspector1", "inspector", "张建国"),
        inspector2=user("inspector2", "inspector", "李明"),
        manager=user("mgr_east", "manager", "王海燕", [site["east"]]),
    )


@pytest.fixture
def session(crew):
    from civdesk.ui.session import Session

    return Session(crew.store, crew.inspector)


@pytest.fixture
def window(qtbot, session):
    """The main window of the inspector's session, shown and active."""
    from civdesk.ui.main_window import MainWindow

    win = MainWindow(session)
    show(qtbot, win)
    yield win
    # Closed here rather than by qtbot.addWidget: a test that fails mid-way may leave unsaved
    # input, and closing would then ask about it in a modal box that nobody answers.
    if win.walkthrough is not None:
        win.walkthrough.pending.clear()
        if win.walkthrough.card.editor is not None:
            win.walkthrough.card.editor.discard_typed()  # refused input would ask too
    win.close()
    win.deleteLater()


@pytest.fixture
def make_photo(tmp_path):
    """Write a real PNG (a coloured rectangle) and return its path."""
    from PySide6.QtGui import QColor, QImage

    def make(name: str = "photo.png", color: str = "#3a7bd5", size: tuple[int, int] = (640, 480)) -> Path:
        image = QImage(*size, QImage.Format.Format_RGB32)
        image.fill(QColor(color))
        path = tmp_path / name
        assert image.save(str(path))
        return path

    return make
