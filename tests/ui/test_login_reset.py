"""Login of a user whose password an admin reset: the right password opens the new-password
dialog, not the application; only a new password (typed twice, not the admin's) lets them in."""

from __future__ import annotations

from civdesk.services import accounts
from civdesk.ui.login import ChangePasswordDialog, LoginDialog
from tests.helpers.data import PASSWORD
from tests.helpers.qt import press, show, type_text


def _log_in_after_a_reset(qtbot, crew) -> LoginDialog:
    """The admin resets the manager's password; the manager types it at the login dialog."""
    accounts.reset_password(crew.store, by=crew.admin, user_id=crew.manager.id, new_password="admin-set-it")
    dialog = LoginDialog(crew.store, user="mgr_east")
    qtbot.addWidget(dialog)
    show(qtbot, dialog)
    type_text("admin-set-it")
    press("Return")
    return dialog


def test_a_reset_password_is_changed_at_login_before_anything_else(qtbot, crew):
    s = crew.store
    dialog = _log_in_after_a_reset(qtbot, crew)
    assert dialog.actor is None and dialog.result() != dialog.DialogCode.Accepted
    change = dialog.change
    assert isinstance(change, ChangePasswordDialog)
    qtbot.waitUntil(change.isVisible)
    qtbot.waitUntil(lambda: change.password.hasFocus())
    assert "管理员重置了 mgr_east 的密码" in change.findChildren(type(change.error))[0].text()

    type_text("admin-set-it")  # the admin's password again: refused
    press("Tab")
    type_text("admin-set-it")
    press("Return")
    assert change.error.isVisible() and change.error.text() == "新密码不能与管理员设置的密码相同。"
    change.password.setText("my-own-secret-1")
    change.confirm.setText("my-own-secret-2")
    change.save_button.click()
    assert change.error.text() == "两次输入的密码不一致。" and change.confirm.text() == ""
    assert s.scalar("SELECT reset_required FROM users WHERE id = ?", (crew.manager.id,)) == 1

    change.confirm.setFocus()
    type_text("my-own-secret-1")
    press("Return")
    assert change.result() == change.DialogCode.Accepted
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.actor == crew.manager
    row = accounts.user_by_name(s, "mgr_east")
    assert row["reset_required"] == 0 and accounts.verify_password("my-own-secret-1", row["password_hash"])
    assert s.scalar("SELECT action FROM audit ORDER BY seq DESC LIMIT 1") == "user.change_password"


def test_cancelling_the_new_password_leaves_the_user_outside(qtbot, crew):
    s = crew.store
    dialog = _log_in_after_a_reset(qtbot, crew)
    qtbot.waitUntil(dialog.change.isVisible)
    dialog.change.reject()
    assert dialog.actor is None and dialog.result() != dialog.DialogCode.Accepted
    assert s.scalar("SELECT reset_required FROM users WHERE id = ?", (crew.manager.id,)) == 1
    # Someone who never had a reset logs in as before.
    dialog.user.setText("inspector1")
    dialog.password.setText(PASSWORD)
    dialog.login_button.click()
    assert dialog.actor == crew.inspector
