"""Settings: a form built from the schema, values stored through the settings service, the seal
previewed, admin-only fields locked for others, the data folder moved (copied and verified)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSpinBox

from civdesk import settings_schema as schema
from civdesk.domain.errors import NotAllowed
from civdesk.services import settings as service
from civdesk.services import sync
from civdesk.store import DB_NAME
from civdesk.ui.session import Session
from civdesk.ui.settings.page import SettingsPage


def make(qtbot, crew, actor):
    page = SettingsPage(Session(crew.store, actor))
    qtbot.addWidget(page)
    page.resize(1190, 690)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_the_form_has_a_field_for_every_setting(qtbot, crew):
    page = make(qtbot, crew, crew.admin)
    assert set(page.fields) == {s.name for s in schema.SCHEMA}
    for s in schema.SCHEMA:
        w = page.fields[s.name]
        expected = {"bool": QCheckBox, "int": QSpinBox, "text": QLineEdit}.get(s.type)
        if s.choices:
            expected = QComboBox
        if expected:
            assert isinstance(w, expected), s.name
        assert w.isEnabled()


def test_changes_are_stored_and_announced(qtbot, crew):
    page = make(qtbot, crew, crew.admin)
    prefs = page.session.prefs
    theme = page.fields["ui.theme"]
    with qtbot.waitSignal(prefs.changed) as got:
        theme.setCurrentIndex(theme.findData("dark"))
    assert got.args == ["ui.theme"] and service.get(crew.store, "ui.theme") == "dark"
    org = page.fields["org_name"]
    org.setFocus()
    qtbot.keyClicks(org, "CivDesk Test Office")
    qtbot.keyClick(org, Qt.Key.Key_Return)
    assert crew.store.get_setting("org_name") == "CivDesk Test Office"
    months = page.fields["certificate_validity_months"]
    months.setValue(24)
    assert crew.store.get_setting("certificate_validity_months") == 24
    scale = page.fields["ui.font_scale"]
    scale.setCurrentIndex(scale.findData(1.3))
    assert service.get(crew.store, "ui.font_scale") == 1.3
    assert "已保存" in page.message.text()


def test_admin_only_fields_are_locked_for_others(qtbot, crew):
    page = make(qtbot, crew, crew.inspector)
    for s in schema.SCHEMA:
        assert page.fields[s.name].isEnabled() == (not s.admin_only), s.name
    page.fields["ui.theme"].setCurrentIndex(page.fields["ui.theme"].findData("light"))
    assert service.get(crew.store, "ui.theme") == "light"


def test_seal_is_previewed_and_an_opaque_one_is_warned_about(qtbot, crew, tmp_path):
    from PySide6.QtGui import QColor, QImage

    page = make(qtbot, crew, crew.admin)
    blank = page.seal_preview.pixmap().toImage()
    clear = QImage(64, 64, QImage.Format.Format_ARGB32)
    clear.fill(QColor(0, 0, 0, 0))
    for x in range(16, 48):
        for y in range(16, 48):
            clear.setPixelColor(x, y, QColor(200, 0, 0))
    clear.save(str(tmp_path / "seal.png"))
    assert page.set_seal(tmp_path / "seal.png")
    shown = page.seal_preview.pixmap().toImage()
    assert shown != blank
    centre = shown.pixelColor(shown.width() // 2, shown.height() // 2)
    assert centre.red() > 150 and centre.green() < 80  # the seal's red, drawn over the checkerboard
    assert "透明" in page.seal_hint.text() and "没有透明背景" not in page.seal_hint.text()
    opaque = QImage(32, 32, QImage.Format.Format_RGB32)
    opaque.fill(QColor("#cc0000"))
    opaque.save(str(tmp_path / "opaque.png"))
    assert page.set_seal(tmp_path / "opaque.png")
    assert "没有透明背景" in page.seal_hint.text()
    (tmp_path / "fake.png").write_text("not an image")
    assert not page.set_seal(tmp_path / "fake.png") and "不是 PNG 图片" in page.message.text()


def test_moving_the_data_folder_copies_verifies_and_asks_to_switch(qtbot, crew, tmp_path):
    page = make(qtbot, crew, crew.admin)
    dest = tmp_path / "moved"
    with qtbot.waitSignal(page.home_moved) as got:
        assert page.move_data_folder(dest)
    assert got.args == [str(dest.resolve())] and (dest / DB_NAME).is_file()
    full = tmp_path / "full"
    full.mkdir()
    (full / "x").write_text("x")
    with qtbot.assertNotEmitted(page.home_moved):
        assert not page.move_data_folder(full)
    assert "未移动" in page.message.text()


def test_theme_and_font_scale_apply_to_the_running_application(qtbot, crew):
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    from civdesk.ui import fonts
    from civdesk.ui.app import Controller
    from civdesk.ui.preferences import Prefs

    app = QApplication.instance()
    controller = Controller(crew.store, crew.admin, Prefs(crew.store), "zh_CN")
    window = controller.show(resume=False)
    qtbot.addWidget(window)
    page = window.settings
    crew.store.set_setting("ui.font_scale", 1.3)  # chosen earlier; the theme change below applies both
    try:
        page.fields["ui.theme"].setCurrentIndex(page.fields["ui.theme"].findData("dark"))
        assert app.palette().color(QPalette.ColorRole.Window).lightness() < 80
        assert "#2a2e35" in app.styleSheet()
        assert abs(app.font().pointSizeF() - fonts.BASE_POINT_SIZE * 1.3) < 0.01
        assert "19.5pt" in app.styleSheet()  # the page title's 15pt, scaled
    finally:
        crew.store.set_setting("ui.font_scale", 1.0)
        page.fields["ui.theme"].setCurrentIndex(page.fields["ui.theme"].findData("light"))
    assert app.palette().color(QPalette.ColorRole.Window).lightness() > 180
    assert app.font().pointSizeF() == fonts.BASE_POINT_SIZE


def test_after_moving_the_data_folder_the_application_works_on_the_copy(qtbot, crew, tmp_path):
    from civdesk.ui.app import Controller
    from civdesk.ui.preferences import Prefs

    controller = Controller(crew.store, crew.admin, Prefs(crew.store), "zh_CN")
    window = controller.show(resume=False)
    qtbot.addWidget(window)
    old_home = crew.store.home
    window.show_page("settings")
    assert window.settings.move_data_folder(tmp_path / "new-home")
    qtbot.waitUntil(lambda: controller.window is not window)
    qtbot.addWidget(controller.window)
    try:
        assert controller.store.home == (tmp_path / "new-home").resolve()
        assert controller.session.store is controller.store and controller.window.session.store is controller.store
        assert controller.window.current_key() == "settings"
        assert str(controller.store.home) in controller.window.settings.home_label.text()
        # The new home is the one written to: a setting changed now lands there, not in the old one.
        controller.window.settings.fields["ui.theme"].setCurrentIndex(
            controller.window.settings.fields["ui.theme"].findData("light")
        )
        assert controller.store.get_setting("ui.theme") == "light"
        assert (old_home / service.MOVED_NOTE).is_file()
    finally:
        controller.backups.stop()
        controller.store.close()


def test_enrolling_and_the_backup_policy_are_offered_to_whom_the_settings_view_allows(qtbot, crew):
    """The 同步 and 备份 groups follow services.admin_views.settings_view: an admin may enrol this
    home and set the backup policy; a manager sees both locked, and the sync service refuses them."""
    for actor, allowed in ((crew.admin, True), (crew.manager, False)):
        page = make(qtbot, crew, actor)
        box = page.sync_box
        assert (box.enrol_button.isEnabled(), box.code.isEnabled(), box.url.isReadOnly()) == (
            allowed,
            allowed,
            not allowed,
        )
        assert not box.publish_button.isVisible()  # not enrolled: nothing to publish through
        assert [
            w.isEnabled()
            for w in (page.backups.enabled, page.backups.every, page.backups.keep_last, page.backups.keep_days)
        ] == [allowed] * 4
    with pytest.raises(NotAllowed) as refused:
        sync.enrol(crew.store, "http://127.0.0.1:9", "ONE-TIME", by=crew.manager)
    assert refused.value.code == "cli_sync.only_admin_enrols_home"
    assert crew.store.get_setting("hub") is None
