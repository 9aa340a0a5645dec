"""Start of a session: the first admin, the demo in one step, login, run_gui's wiring, language."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel

from civdesk import services
from civdesk.services import accounts
from civdesk.ui import i18n
from civdesk.ui.app import Controller, choose_language, run_gui, start_gui
from civdesk.ui.login import FirstRunDialog, LoginDialog
from civdesk.ui.preferences import Prefs
from tests.helpers.data import PASSWORD
from tests.helpers.qt import press, show, type_text


def test_first_run_creates_the_admin(qtbot, ui_store):
    dialog = FirstRunDialog(ui_store)
    qtbot.addWidget(dialog)
    show(qtbot, dialog)
    dialog.display_name.setText("系统管理员")
    dialog.password.setFocus()
    type_text("short")
    dialog.create_button.click()
    assert "至少需要 8 个字符" in dialog.error.text() and dialog.error.isVisible()
    dialog.password.setText("long-enough-1")
    dialog.confirm.setText("long-enough-2")
    dialog.create_button.click()
    assert "不一致" in dialog.error.text()
    assert not accounts.has_users(ui_store)
    dialog.confirm.setFocus()
    type_text("long-enough-1")
    press("Return")  # the default button
    assert dialog.result() == dialog.DialogCode.Accepted
    users = accounts.list_users(ui_store)
    assert [(u.name, u.role, u.display_name) for u in users] == [("admin", "admin", "系统管理员")]
    assert accounts.authenticate(ui_store, "admin", "long-enough-1").role == "admin"
    row = accounts.user_by_name(ui_store, "admin")
    assert "long-enough-1" not in row["password_hash"] and row["password_hash"].startswith("scrypt$")


def test_first_run_asks_for_the_issuing_organisation_and_seal(qtbot, ui_store, tmp_path):
    from PIL import Image

    from civdesk.services import organisation, settings
    from civdesk.ui.refusals import explain

    dialog = FirstRunDialog(ui_store)
    qtbot.addWidget(dialog)
    show(qtbot, dialog)
    not_png = tmp_path / "seal.jpg"
    Image.new("RGB", (40, 40), (200, 0, 0)).save(not_png, "JPEG")
    assert not dialog.choose_seal(not_png)  # what the file dialog hands over, checked at once
    assert "不是可用的 PNG 图片" in dialog.error.text() and dialog.seal is None
    seal = tmp_path / "seal.png"
    Image.new("RGBA", (40, 40), (200, 0, 0, 128)).save(seal)
    assert dialog.choose_seal(seal) and not dialog.error.isVisible()
    assert not dialog.seal_preview.pixmap().isNull()
    dialog.password.setText("long-enough-1")
    dialog.confirm.setText("long-enough-1")
    dialog.org.setFocus()
    type_text("杭州市交通运输局")
    press("Return")
    assert dialog.result() == dialog.DialogCode.Accepted
    assert organisation.require_organisation(ui_store) == "杭州市交通运输局"
    assert settings.seal_path(ui_store).read_bytes() == seal.read_bytes()
    # Left empty, certificates are refused with a reason the screen words in Chinese.
    ui_store.set_setting("org_name", "")
    with pytest.raises(organisation.OrganisationMissing) as e:
        organisation.require_organisation(ui_store)
    assert explain(e.value) == "尚未设置出具单位：请管理员在“设置 → 单位与证书”中填写单位名称后再颁发证书"


def test_first_run_demo_in_one_step(qtbot, ui_store):
    dialog = FirstRunDialog(ui_store)
    qtbot.addWidget(dialog)
    dialog.demo_button.click()
    assert dialog.demo_filled and dialog.result() == dialog.DialogCode.Accepted
    assert accounts.authenticate(ui_store, "inspector1", "inspect123").role == "inspector"
    assert sum(services.inspections.counts_by_state(ui_store).values()) >= 12


def test_login_refuses_a_wrong_password_and_accepts_the_right_one(qtbot, crew):
    dialog = LoginDialog(crew.store)
    qtbot.addWidget(dialog)
    show(qtbot, dialog)
    assert dialog.user.hasFocus()
    type_text("inspector1")
    press("Tab")
    type_text("wrong-password")
    press("Return")
    assert dialog.error.isVisible() and dialog.error.text() == "用户名或密码错误。"
    assert dialog.password.text() == "" and dialog.password.hasFocus()
    assert dialog.actor is None
    type_text(PASSWORD)
    press("Return")
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.actor == crew.inspector


def _answer_modal(action):
    """Run ``action`` on the modal dialog as soon as run_gui shows it."""

    def poll():
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, poll)
        else:
            action(box)

    QTimer.singleShot(20, poll)


def test_start_on_an_empty_home_asks_for_the_admin(qtbot, home):
    seen = []

    def cancel(box):
        seen.append(type(box).__name__)
        box.reject()

    _answer_modal(cancel)
    assert start_gui(home, "zh") == 0
    assert seen == ["FirstRunDialog"]


def test_start_logs_in_and_opens_the_main_window(qtbot, crew, home):
    crew.store.close()
    seen = []

    def login(box):
        seen.append(type(box).__name__)
        box.user.setText("inspector1")
        box.password.setText(PASSWORD)
        box.login_button.click()

    _answer_modal(login)
    controller = start_gui(home, "zh")
    try:
        assert seen == ["LoginDialog"]
        window = controller.window
        qtbot.addWidget(window)
        assert window.isVisible() and window.windowTitle() == "CivDesk 文明创建检查台"
        assert controller.session.actor.name == "inspector1"
        assert window.current_key() == "home"
    finally:
        controller.store.close()


def test_start_refuses_a_file_that_is_not_a_database(qtbot, tmp_path):
    home = tmp_path / "broken"
    home.mkdir()
    (home / "civdesk.db").write_bytes(b"this is not sqlite" * 100)
    shown = []

    def quit_dialog(box):  # the damaged-database dialog (corrupt_dialog.py) says why; the user quits
        shown.append(" ".join(label.text() for label in box.findChildren(QLabel)))
        box.quit_button.click()

    _answer_modal(quit_dialog)
    assert run_gui(home, None) == 1  # returns before any event loop
    assert "不是 CivDesk 数据库（不是 SQLite 文件）" in shown[0]
    assert (home / "civdesk.db").read_bytes() == b"this is not sqlite" * 100


def test_language_from_flag_then_setting(crew):
    prefs = Prefs(crew.store)
    assert choose_language(None, prefs) == "zh_CN"
    assert choose_language("en", prefs) == "en"
    prefs.set("ui.language", "en")
    assert choose_language(None, prefs) == "en"
    assert choose_language("zh", prefs) == "zh_CN"
    assert crew.store.get_setting("ui.language") == "en"


def nav_texts(window, keys=("home", "inspections", "sites", "settings")) -> dict[str, str]:
    """The navigation labels of these pages (other screens may sit between them)."""
    found = {window.nav.item(n).data(256): window.nav.item(n).text() for n in range(window.nav.count())}
    return {k: found.get(k) for k in keys}


def test_switching_to_english_in_settings_rebuilds_the_window_and_persists(qtbot, crew):
    controller = Controller(crew.store, crew.inspector, Prefs(crew.store), "zh_CN")
    window = controller.show(resume=False)
    qtbot.addWidget(window)
    assert nav_texts(window) == {"home": "首页", "inspections": "检查", "sites": "被检单位", "settings": "设置"}
    window.show_page("settings")
    window.settings.language.setCurrentIndex(window.settings.language.findData("en"))
    qtbot.waitUntil(lambda: controller.window is not window)
    english = controller.window
    qtbot.addWidget(english)
    assert i18n.current() == "en"
    assert nav_texts(english) == {
        "home": "Home",
        "inspections": "Inspections",
        "sites": "Sites",
        "settings": "Settings",
    }
    assert english.current_key() == "settings"
    assert english.settings.language.currentData() == "en"
    assert crew.store.get_setting("ui.language") == "en"
    assert "Inspector" in english.statusBar().findChildren(type(english.settings.home_label))[0].text()
