"""Screenshots of handing the desk over and of a new desk (called by screenshots.render): the login
after 注销, the lock, a review draft restored, the question about a refused value, the sign dialog
after a wrong password, the blank form preview, Qt's own file and print dialogs, and what a new
admin sees on the home, inspections, sites and users pages."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

PASSWORD = "admin-pass-1"


def _answer_box_after_grab(path: Path, app, out: list[Path], button: str) -> None:
    """When a question box opens: screenshot it, then press ``button``."""
    from .screenshots import _grab

    def poll():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, poll)
            return
        out.append(_grab(box, path, app, None))
        next(b for b in box.buttons() if b.text() == button).click()

    QTimer.singleShot(0, poll)


def handover_shots(store, data: dict, prefs, d: Path, app) -> list[Path]:
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QFileDialog

    from civdesk.services import accounts
    from civdesk.services import inspections as insp
    from civdesk.ui.account import LockDialog
    from civdesk.ui.login import LoginDialog
    from civdesk.ui.main_window import MainWindow
    from civdesk.ui.session import Session

    from .screenshots import _draw_signature, _grab, _settle

    out: list[Path] = []
    login = LoginDialog(store, hint=app.translate("app", "{0} 已注销。请下一位用户登录。").format("张建国"))
    out.append(_grab(login, d / "60-login-after-logout.png", app, None))
    login.close()

    session = Session(store, data["inspector"], prefs)
    win = MainWindow(session, resume=False)
    page = win.open_inspection(data["measure"], data["measure_code"])
    page.card.editor.field.setText("abc")
    out.append(_grab(win, d / "61-walkthrough-progress.png", app))
    from civdesk.ui.walkthrough.page import WalkthroughPage

    _answer_box_after_grab(
        d / "62-refused-value-question.png", app, out, app.translate(WalkthroughPage.__name__, "继续编辑")
    )
    win.show_page("home")  # asks about the refused value: 继续编辑 (shot 62)
    lock = LockDialog(session, page.keep_for_later())
    out.append(_grab(lock, d / "63-lock.png", app, None))
    lock.done(0)
    page.card.editor.discard_typed()
    win.show_page("templates")
    dialog = win.page("templates").show_blank_form()
    if dialog is not None:
        out.append(_grab(dialog, d / "64-blank-form-preview.png", app, (900, 760)))
        dialog.close()
    win.close()
    win.deleteLater()

    files = QFileDialog(None, app.translate("PdfPreview", "另存为"))
    files.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    files.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    files.setNameFilter(app.translate("PdfPreview", "PDF 文件 (*.pdf)"))
    out.append(_grab(files, d / "65-qt-file-dialog.png", app, (760, 460)))
    files.close()
    printer = QPrinter()
    printing = QPrintDialog(printer)
    out.append(_grab(printing, d / "66-qt-print-dialog.png", app, None))
    printing.close()

    submitted = next(r for r in insp.list_inspections(store) if r["state"] == "submitted" and r["kind"] == "inspection")
    site = accounts.get_site(store, submitted["site_id"])
    manager = next((u for u in accounts.list_users(store) if u.role == "manager" and site["name"] in u.sites), None)
    if manager is not None:
        win = MainWindow(Session(store, accounts.actor(store, manager.id), prefs), resume=False)
        review = win.open_review(submitted["id"])
        review.set_comment(review.codes[0], "请补充现场照片")
        review.reason.setPlainText("第一项证据不足")
        win.show_page("home")
        review = win.open_review(submitted["id"])  # back again: the draft restored
        out.append(_grab(win, d / "67-review-draft-restored.png", app))
        review.reason.clear()
        review.set_comment(review.codes[0], "")
        win.close()
        win.deleteLater()

    approved = next(
        r for r in insp.list_inspections(store) if r["template_id"] == "toll-window" and r["state"] == "approved"
    )
    author = accounts.actor(store, approved["author_id"])
    win = MainWindow(Session(store, author, prefs), resume=False)
    dialog = win.open_review(approved["id"]).open_sign()
    dialog.show()
    _draw_signature(dialog.pad, author.name)
    dialog.password.setText("not-the-password")
    dialog.sign()
    out.append(_grab(dialog, d / "68-sign-wrong-password.png", app, None))
    dialog.reject()
    win.close()
    win.deleteLater()
    _settle(app)
    return out


def new_desk_shots(fresh, d: Path, app) -> list[Path]:
    """A home with only its first admin: the setup steps, and why nobody can start an inspection yet."""
    from civdesk.services import accounts
    from civdesk.ui.main_window import MainWindow
    from civdesk.ui.preferences import Prefs
    from civdesk.ui.session import Session

    from .screenshots import _grab, _settle

    if accounts.has_users(fresh):
        uid = accounts.user_by_name(fresh, "admin")["id"]
    else:
        uid = accounts.create_user(
            fresh, by=None, name="admin", role="admin", password=PASSWORD, display_name="系统管理员"
        )
    win = MainWindow(Session(fresh, accounts.actor(fresh, uid), Prefs(fresh)), resume=False)
    out = [_grab(win, d / "70-new-desk-home.png", app)]
    for key, name in (
        ("inspections", "71-new-desk-inspections"),
        ("sites", "72-new-desk-sites"),
        ("users", "73-new-desk-users"),
    ):
        win.show_page(key)
        out.append(_grab(win, d / f"{name}.png", app))
    win.close()
    win.deleteLater()
    _settle(app)
    return out
