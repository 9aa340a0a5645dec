"""Render every main screen with demo data to PNG, offscreen, in Chinese and English, at 1366×768.

    python -m tools.screenshots OUTDIR [--lang zh|en]

Used to look at the screens (fonts, clipping, layout) on a machine without a display, and by
tests/ui/test_screenshots.py. The demo home is built in a temporary folder and thrown away.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

SIZE = (1366, 768)


def _settle(app, rounds: int = 3) -> None:
    from civdesk.ui.worker import app_runner

    for _ in range(rounds):
        app.processEvents()
        app_runner().wait_all(10)  # figures read on the runner (the dashboard) arrive before the shot
    app.processEvents()


def _grab(widget, path: Path, app, size: tuple[int, int] | None = SIZE) -> Path:
    if size:
        widget.resize(*size)
    widget.show()
    _settle(app)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    return path


def prepare(store) -> dict:
    """Demo data plus the inspections the walkthrough shots need, made through the services."""
    from civdesk.services import accounts, demo, templates
    from civdesk.services import inspections as insp

    demo.fill(store)
    inspector = accounts.actor(store, accounts.user_by_name(store, "inspector1")["id"])
    admin = accounts.actor(store, accounts.user_by_name(store, "admin")["id"])
    sites = {s.name: s for s in accounts.list_sites(store)}

    def site_for(tpl) -> int:
        return next(s.id for s in sites.values() if s.kind == tpl.scope)

    toll = templates.latest(store, "toll-window")
    walk = insp.new_inspection(store, inspector, template_id="toll-window", site_id=site_for(toll), kind="inspection")
    items = toll.items()
    for n, item in enumerate(items[:14]):
        insp.answer(store, inspector, walk, item.code, "partial" if n == 5 else "yes")
    insp.answer(store, inspector, walk, items[14].code, "no")
    insp.set_note(store, inspector, walk, items[0].code, "现场查看会议记录，文明窗口建设已列入年度重点工作")

    # The veto banner: the first checklist with a veto item, that item failed.
    veto_tid, veto_code = "toll-window", None
    for tid in ("toll-window", "civilized-unit", "civilized-city"):
        tpl = templates.latest(store, tid)
        found = [it for it in tpl.items() if it.veto]
        if found:
            veto_tid, veto_code = tid, found[0].code
            break
    veto = None
    if veto_code:
        tpl = templates.latest(store, veto_tid)
        veto = insp.new_inspection(store, inspector, template_id=veto_tid, site_id=site_for(tpl), kind="inspection")
        for item in tpl.items()[:6]:
            if item.type == "check" and item.code != veto_code:
                insp.answer(store, inspector, veto, item.code, "yes")
        insp.answer(store, inspector, veto, veto_code, "no")

    city = templates.latest(store, "civilized-city")
    measure = insp.new_inspection(
        store,
        inspector,
        template_id="civilized-city",
        site_id=site_for(city),
        kind="inspection",
        params={"region": "east"},
    )
    return {
        "admin": admin,
        "inspector": inspector,
        "walk": walk,
        "walk_code": items[14].code,
        "veto": veto,
        "veto_code": veto_code,
        "measure": measure,
        "measure_code": "4.1.1",
    }


def _seal_png(path: Path) -> Path:
    """A red round seal on a transparent background (what an admin would upload)."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QImage, QPainter, QPen

    image = QImage(240, 240, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(QColor("#d32f2f"), 10))
    p.drawEllipse(QRectF(12, 12, 216, 216))
    p.setPen(QColor("#d32f2f"))
    font = p.font()
    font.setPixelSize(60)
    p.setFont(font)
    p.drawText(QRectF(12, 12, 216, 216), int(Qt.AlignmentFlag.AlignCenter), "★")
    p.end()
    image.save(str(path))
    return path


def _dashboard_editor_settings(store, data: dict, prefs, d: Path, app) -> list[Path]:
    """The dashboard, the template editor (a measure with region bands, then a band fault found
    live) and settings (with a seal), each in the light and the dark theme."""
    from civdesk.services import settings as settings_service
    from civdesk.ui import theme
    from civdesk.ui.main_window import MainWindow
    from civdesk.ui.session import Session

    if settings_service.seal_path(store) is None:
        with tempfile.TemporaryDirectory() as tmp:
            settings_service.set_seal_image(store, data["admin"], _seal_png(Path(tmp) / "seal.png"))
        settings_service.set_value(store, data["admin"], "org_name", "杭州市交通运输局")
    out: list[Path] = []
    for mode in ("light", "dark"):
        theme.apply(app, mode)
        win = MainWindow(Session(store, data["admin"], prefs), resume=False)
        out.append(_grab(win, d / f"20-dashboard-{mode}.png", app))
        win.show_page("templates")
        editor = win.page("templates")
        editor.load_template("civilized-city")
        editor.tree.setCurrentIndex(editor.model.index_of(editor.model.find_code("4.1.1")))
        form = editor.item_form
        form.variant.setCurrentIndex(form.variant.findData("west"))
        out.append(_grab(win, d / f"21-template-editor-{mode}.png", app))
        form.bands.set_row(0, "excellent", ("gt", 25))  # leaves 21–25 in no band
        out.append(_grab(win, d / f"22-template-problem-{mode}.png", app))
        editor.model.undo_stack.undo()
        win.show_page("settings")
        out.append(_grab(win, d / f"23-settings-{mode}.png", app))
        win.close()
        win.deleteLater()
        _settle(app)
    theme.apply(app, "light")
    return out


def _prepare_exchange(store, root: Path) -> dict:
    """For the exchange shots: a second home (B) that received a bundle from the demo home, whose
    draft was then edited in both homes; a newer bundle (one more inspection, the draft in conflict);
    and a home whose database is damaged, with a good automatic backup."""
    from civdesk import services
    from civdesk.services import accounts, demo, maintenance, trust
    from civdesk.services import exchange as bundles
    from civdesk.services import inspections as insp

    admin = accounts.actor(store, accounts.user_by_name(store, "admin")["id"])
    inspector = accounts.actor(store, accounts.user_by_name(store, "inspector1")["id"])
    rows = insp.list_inspections(store)
    draft = next(
        r["id"]
        for r in rows
        if r["state"] == "draft" and r["author_id"] == inspector.id and r["template_id"] == "toll-window"
    )
    others = [r["id"] for r in rows if r["state"] in ("signed", "returned", "approved")]
    first, second = root / "first.civpack", root / "second.civpack"
    bundles.export_bundle(store, [draft, *others[:2]], first, by=admin, password=demo.PASSWORDS["admin"])
    b = services.open_home(root / "B")
    admin_b = accounts.actor(
        b,
        accounts.create_user(
            b, by=None, name="admin_b", role="admin", password="admin-b-123", display_name="乙机管理员"
        ),
    )
    trust.pin(b, admin_b, trust.own_root(store).certificate)  # home B of the same office trusts the demo's root
    bundles.import_bundle(b, first, by=admin_b)
    # The inspector who came in the bundle gets an account on B too (the same person, a key from B's root).
    insp_id = accounts.user_by_name(b, "inspector1")["id"]
    accounts.reset_password(b, by=admin_b, user_id=insp_id, new_password="temporary-1")
    insp_b = accounts.change_password(b, name="inspector1", old_password="temporary-1", new_password="inspect123")
    codes = [i.code for i in insp.view(store, draft).template.items() if i.type == "check"][:3]
    uuid = insp.view(store, draft).row["uuid"]
    for code, value, note in zip(codes, ("no", "partial", "yes"), ("收费亭玻璃有污渍", "服务承诺卡未全部上墙", None)):
        insp.answer(store, inspector, draft, code, value, note=note)
    draft_b = insp.resolve(b, uuid)
    for code, value, note in zip(codes[:2], ("yes", "yes"), ("已当场整改，玻璃干净", "承诺卡已补齐")):
        insp.answer(b, insp_b, draft_b, code, value, note=note)
    bundles.export_bundle(store, [draft, *others[:3]], second, by=admin, password=demo.PASSWORDS["admin"])
    b.close()

    damaged = root / "damaged"
    d = services.open_home(damaged)
    maintenance.auto_backup(d, at_start=True)
    maintenance.checkpoint(d)
    d.close()
    with open(damaged / "civdesk.db", "r+b") as f:
        f.seek(4096 * 3)
        f.write(b"\xde\xad\xbe\xef" * 1024)
    return {
        "admin": admin,
        "export": [draft, *others[:2]],
        "bundle": second,
        "home_b": root / "B",
        "admin_b": "admin_b",
        "damaged": damaged,
        "root": root,
    }


def _exchange_and_safety(store, ex: dict, prefs, lang: str, d: Path, app) -> list[Path]:
    """Export with its progress done, the import report with a conflict, the conflict dialog, the
    damaged-database dialog at start, and a failed automatic backup in the status bar."""
    import shutil

    from civdesk import services
    from civdesk.services import accounts, demo, maintenance
    from civdesk.ui.corrupt_dialog import CorruptDialog
    from civdesk.ui.exchange.export_dialog import ExportDialog
    from civdesk.ui.exchange.import_dialog import ImportDialog
    from civdesk.ui.main_window import MainWindow
    from civdesk.ui.session import Session
    from civdesk.ui.settings.backups import BackupScheduler, install_status

    out: list[Path] = []
    session = Session(store, ex["admin"], prefs)
    export = ExportDialog(session, ex["export"], folder=ex["root"] / lang)
    export.password.setText(demo.PASSWORDS["admin"])
    export.export()
    export.wait()  # written on the operation runner
    out.append(_grab(export, d / "30-export.png", app, (720, 560)))
    export.close()

    home_b = shutil.copytree(ex["home_b"], ex["root"] / f"B-{lang}")  # the same starting point per language
    b = services.open_home(home_b)
    admin_b = accounts.actor(b, accounts.user_by_name(b, ex["admin_b"])["id"])
    dialog = ImportDialog(Session(b, admin_b, prefs), path=ex["bundle"])
    dialog.run_import()
    dialog.wait()
    out.append(_grab(dialog, d / "31-import-report.png", app, (820, 600)))
    conflicts = dialog.open_conflicts()
    panel = conflicts.panels[0]
    keys = list(panel.combos)
    panel.choose_all("mine")
    if len(keys) > 1:
        panel.choose(keys[1], "theirs")
    out.append(_grab(conflicts, d / "32-conflict.png", app, (1180, 660)))
    conflicts.reject()
    dialog.close()
    b.close()

    out.append(
        _grab(CorruptDialog(ex["damaged"], maintenance.probe(ex["damaged"])), d / "33-corrupt-start.png", app, None)
    )

    win = MainWindow(session, resume=False)
    scheduler = BackupScheduler(store)
    scheduler.last = maintenance.AutoBackup(None, [], "automatic backup failed: No space left on device")
    install_status(win, scheduler)
    out.append(_grab(win, d / "34-backup-failed.png", app))
    win.close()
    win.deleteLater()
    _settle(app)
    return out


def _review_and_signoff(store, prefs, d: Path, app) -> list[Path]:
    """Review (a self-assessment beside the latest inspection, a comment being written), the sign
    dialog with a drawn signature, a signed inspection, the rectifications with the mark-done dialog,
    the audit trail and the users. Nothing is saved: the shots of the other language see the same."""
    from civdesk.services import accounts
    from civdesk.services import inspections as insp
    from civdesk.ui.main_window import MainWindow
    from civdesk.ui.review.audit_view import AuditDialog
    from civdesk.ui.session import Session

    def actor(name: str):
        return accounts.actor(store, accounts.user_by_name(store, name)["id"])

    def find(**match) -> dict:
        return next(r for r in insp.list_inspections(store) if all(r[k] == v for k, v in match.items()))

    out: list[Path] = []
    own = find(template_id="civilized-unit", kind="self", state="submitted")
    manager = actor("mgr_kmj")
    win = MainWindow(Session(store, manager, prefs), resume=False)
    review = win.open_review(own["id"])
    code = next((c for c, x in review.comparison.items() if x.differs), review.codes[0])
    review.set_comment(code, "该项证据不足，请补充活动照片和签到表")
    review.reason.setPlainText(f"请补充第 {code} 项的证据后重新提交")
    out.append(_grab(win, d / "40-review.png", app))
    signed = find(template_id="civilized-unit", kind="inspection", state="signed")
    win.open_review(signed["id"])
    out.append(_grab(win, d / "41-review-signed.png", app))
    win.close()
    win.deleteLater()

    approved = find(template_id="toll-window", state="approved")
    author = accounts.actor(store, approved["author_id"])
    win = MainWindow(Session(store, author, prefs), resume=False)
    review = win.open_review(approved["id"])
    dialog = review.open_sign()
    dialog.show()
    _draw_signature(dialog.pad, author.name)
    dialog.password.setText("inspect123")
    out.append(_grab(dialog, d / "42-sign-dialog.png", app, None))
    dialog.reject()
    win.close()
    win.deleteLater()

    win = MainWindow(Session(store, actor("inspector1"), prefs), resume=False)
    win.show_page("rectifications")
    page = win.page("rectifications")
    page.refresh()
    done = next((n for n, r in enumerate(page.shown) if r.state == "done"), 0)
    page.select_row(done)
    out.append(_grab(win, d / "43-rectifications.png", app))
    audit = AuditDialog(win.session, page.shown[done].inspection_id, win)
    audit.view.chain_check.wait(30)  # the chain is verified on the runner's thread
    app.processEvents()
    out.append(_grab(audit, d / "45-audit.png", app, (1100, 620)))
    audit.close()
    win.close()
    win.deleteLater()

    win = MainWindow(Session(store, actor("mgr_hzd"), prefs), resume=False)
    win.show_page("rectifications")
    page = win.page("rectifications")
    page.refresh()
    page.status.setCurrentIndex(page.status.findData("overdue"))
    opened = next((n for n, r in enumerate(page.shown) if page.access(r).can("done")), 0)
    page.select_row(opened)
    dialog = page.mark_done()
    dialog.note.setPlainText("已更换破损的服务承诺卡并组织全站学习，附整改后照片。")
    out.append(_grab(dialog, d / "44-mark-done.png", app, None))
    dialog.reject()
    win.close()
    win.deleteLater()

    returned = find(kind="self", state="returned")
    win = MainWindow(Session(store, accounts.actor(store, returned["author_id"]), prefs), resume=False)
    page = win.open_inspection(returned["id"])
    page.go_code(next(iter(page.returned), page.current.code))
    out.append(_grab(win, d / "48-walkthrough-returned.png", app))
    win.close()
    win.deleteLater()

    win = MainWindow(Session(store, actor("admin"), prefs), resume=False)
    win.show_page("users")
    out.append(_grab(win, d / "46-users.png", app))
    dialog = win.page("users").add_user()
    out.append(_grab(dialog, d / "47-user-add.png", app, None))
    dialog.reject()
    win.close()
    win.deleteLater()
    _settle(app)
    return out


def _draw_signature(pad, name: str) -> None:
    """A handwriting-like stroke through the pad's own mouse handling."""
    import math

    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    seed = sum(map(ord, name)) % 7
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(60, 90))
    for n in range(1, 80):
        x = 60 + n * 4
        y = 90 + 28 * math.sin(n / 6 + seed) * math.cos(n / 17) + 8 * math.sin(n / 2)
        QTest.mouseMove(pad, QPoint(int(x), int(y)))
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(376, 90))


def render(outdir: Path, langs: tuple[str, ...] = ("zh_CN", "en")) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from civdesk import services
    from civdesk.ui import i18n
    from civdesk.ui.app import make_app
    from civdesk.ui.login import FirstRunDialog, LoginDialog
    from civdesk.ui.main_window import MainWindow
    from civdesk.ui.preferences import Prefs
    from civdesk.ui.session import Session

    from . import screenshots_handover

    app = make_app()
    out: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        empty = services.open_home(Path(tmp) / "empty")
        fresh = services.open_home(Path(tmp) / "fresh")  # only its first admin (screenshots_handover)
        store = services.open_home(Path(tmp) / "demo")
        data = prepare(store)
        exchange = _prepare_exchange(store, Path(tmp) / "exchange")
        prefs = Prefs(store)
        for lang in langs:
            i18n.install(lang)
            d = outdir / lang
            out.append(_grab(FirstRunDialog(empty), d / "01-first-run.png", app, None))
            login = LoginDialog(store, user="inspector1")
            login.password.setText("inspect123")
            out.append(_grab(login, d / "02-login.png", app, None))

            admin_session = Session(store, data["admin"], prefs)
            win = MainWindow(admin_session, resume=False)
            win.show_page("sites")
            out.append(_grab(win, d / "05-sites.png", app))
            win.sites.view.selectRow(0)
            win.sites._edit_current()
            out.append(_grab(win.sites.dialog, d / "06-site-edit.png", app, None))
            win.sites.dialog.reject()
            win.close()

            session = Session(store, data["inspector"], prefs)
            win = MainWindow(session, resume=False)
            out.append(_grab(win, d / "03-home.png", app))
            win.show_page("inspections")
            out.append(_grab(win, d / "04-inspections.png", app))
            dialog = win.new_inspection()
            out.append(_grab(dialog, d / "07-new-inspection.png", app, None))
            dialog.reject()

            page = win.open_inspection(data["walk"], data["walk_code"])
            out.append(_grab(win, d / "08-walkthrough.png", app))
            if data["veto"]:
                page = win.open_inspection(data["veto"], data["veto_code"])
                out.append(_grab(win, d / "09-walkthrough-veto.png", app))
            page = win.open_inspection(data["measure"], data["measure_code"])
            field = page.card.editor.field
            field.setFocus()
            QTest.keyClicks(field, "31.5")
            out.append(_grab(win, d / "10-measure-band.png", app))
            field.clear()
            QTest.keyClicks(field, "31,5")
            QTest.keyClick(field, Qt.Key.Key_Return)
            out.append(_grab(win, d / "11-measure-refused.png", app))
            field.clear()
            page = win.open_inspection(data["walk"], data["walk_code"])
            page.open_submit()
            out.append(_grab(win, d / "12-submit-blocked.png", app))
            win.show_page("settings")
            out.append(_grab(win, d / "13-settings.png", app))
            win.close()
            win.deleteLater()
            _settle(app)
            out += _dashboard_editor_settings(store, data, prefs, d, app)
            out += _exchange_and_safety(store, exchange, prefs, lang, d, app)
            out += _review_and_signoff(store, prefs, d, app)
            from .screenshots_org import render_org

            out += render_org(store, prefs, d, app, _grab, _settle)
            out += screenshots_handover.handover_shots(store, data, prefs, d, app)
            out += screenshots_handover.new_desk_shots(fresh, d, app)
        store.close()
        empty.close()
        fresh.close()
    i18n.install(i18n.DEFAULT)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--lang", choices=["zh", "en"], help="only this language (default: both)")
    args = parser.parse_args(argv)
    langs = {"zh": ("zh_CN",), "en": ("en",)}.get(args.lang, ("zh_CN", "en"))
    for path in render(args.outdir, langs):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
