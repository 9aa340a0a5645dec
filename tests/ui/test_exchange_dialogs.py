"""Export and import through the dialogs between two real homes; the conflict dialog settles a draft
edited in both homes, per item and by keeping both; Excel exports write their workbooks."""

from __future__ import annotations

import json
import re
import threading
import time

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QRadioButton

from civdesk import services
from civdesk.services import accounts, exchange, trust
from civdesk.services import inspections as insp
from civdesk.services.exchange import portable
from civdesk.ui.exchange.conflict_dialog import ConflictDialog
from civdesk.ui.exchange.export_dialog import CIVPACK, RECTIFICATIONS, RESULTS, ExportDialog
from civdesk.ui.exchange.import_dialog import ImportDialog
from civdesk.ui.session import Session
from civdesk.ui.worker import app_runner
from tests.helpers.data import PASSWORD


def click(qtbot, button) -> None:
    """Click, then wait for an export or import it started on the operation runner to end."""
    assert button.isVisible() and button.isEnabled(), button.text()
    if isinstance(button, QRadioButton):  # a wide radio button answers on its circle and label only
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    else:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    exchanging()


def exchanging() -> None:
    """Until no export or import runs on the runner (its result shown in the dialog by then)."""
    deadline = time.monotonic() + 30

    def running() -> list:
        return [op for op in app_runner().running if op.name in ("import", "export")]

    while running() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.005)
    assert not running()


def table_counts(store) -> dict:
    """Rows per table: a cancelled import must leave every one as it was."""
    names = [
        r[0]
        for r in store.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'"
        )
    ]
    return {n: store.scalar(f'SELECT COUNT(*) FROM "{n}"') for n in names}


def make_inspection(crew, make_photo, *, answers=3, photo=True) -> int:
    s, by = crew.store, crew.inspector
    iid = insp.new_inspection(s, by, template_id="toll-window", site_id=crew.site["east"], kind="inspection")
    items = [i for i in insp.view(s, iid).template.items() if i.type == "check"]
    for n, item in enumerate(items[:answers]):
        insp.answer(s, by, iid, item.code, "yes" if n else "no", note="地面有烟头" if n == 0 else None)
    if photo:
        insp.attach_photo(s, by, iid, items[0].code, make_photo("现场.png", "#aa3322"))
    return iid


@pytest.fixture
def home_b(tmp_path, crew):
    """Another machine of the same office: its own admin, and each home pinned the other's root.
    ``account(name)`` gives a person who arrived from A an account on B too (same identity)."""
    store = services.open_home(tmp_path / "B")
    admin = accounts.actor(
        store,
        accounts.create_user(
            store, by=None, name="admin_b", role="admin", password=PASSWORD, display_name="乙机管理员"
        ),
    )
    trust.pin(store, admin, trust.own_root(crew.store).certificate)
    trust.pin(crew.store, crew.admin, trust.own_root(store).certificate)

    def account(name):
        uid = accounts.user_by_name(store, name)["id"]
        accounts.reset_password(store, by=admin, user_id=uid, new_password="temporary-1")
        return accounts.change_password(store, name=name, old_password="temporary-1", new_password=PASSWORD)

    yield store, admin, account
    store.close()


def export_via_dialog(qtbot, session, ids, dest) -> ExportDialog:
    dialog = ExportDialog(session, ids, folder=dest.parent)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.kind() == CIVPACK
    dialog.path.setText(str(dest))
    steps = []
    dialog.progress.valueChanged.connect(steps.append)
    qtbot.keyClicks(dialog.password, PASSWORD)
    click(qtbot, dialog.export_button)
    assert dialog.result.isVisible(), dialog.error.text()
    assert len(steps) > 2 and dialog.progress.value() == dialog.progress.maximum()  # the bar moved to the end
    return dialog


def import_via_dialog(qtbot, session, path) -> ImportDialog:
    dialog = ImportDialog(session, path=path)
    qtbot.addWidget(dialog)
    dialog.show()
    click(qtbot, dialog.import_button)
    assert not dialog.error.isVisible(), dialog.error.text()
    assert dialog.report_box.isVisible()
    return dialog


def shown_counts(dialog: ImportDialog) -> dict[str, int]:
    return {k: int(label.text()) for k, label in dialog.count_labels.items()}


def uuid_of(store, iid):
    return insp.view(store, iid).row["uuid"]


def test_export_from_a_import_into_b_report_matches_the_database(qtbot, crew, make_photo, home_b, tmp_path):
    ids = [make_inspection(crew, make_photo), make_inspection(crew, make_photo, answers=5, photo=False)]
    session_a = Session(crew.store, crew.inspector)
    dest = tmp_path / "usb" / "杭州东.civpack"
    out = export_via_dialog(qtbot, session_a, ids, dest)
    assert dest.is_file() and str(dest) in out.result.text()
    assert exchange.verify_bundle(crew.store, dest).ok

    store_b, admin_b, _ = home_b
    seen = []
    session_b = Session(store_b, admin_b)
    session_b.changed.connect(seen.append)
    dialog = import_via_dialog(qtbot, session_b, dest)
    assert shown_counts(dialog) == {"added": 2, "updated": 0, "unchanged": 0, "conflict": 0}
    # What the report says is what landed: both inspections, with their answers and photo.
    uuids = {uuid_of(crew.store, i) for i in ids}
    in_b = {r["uuid"]: r["id"] for r in insp.list_inspections(store_b)}
    assert set(in_b) == uuids
    for iid in ids:
        a = portable.dump(crew.store, iid)
        b = portable.dump(store_b, in_b[a["uuid"]])
        assert a["answers"] == b["answers"] and a["attachments"] == b["attachments"]
    assert dialog.table.rowCount() == 2 and dialog.table.item(0, 1).text() == "新增"
    assert "张建国" in dialog.source.text()
    assert seen and seen[-1].inspections == frozenset(in_b.values())  # the screens were told
    assert dialog.progress.value() == dialog.progress.maximum()

    # The same file again, in a new dialog: nothing changes, and it says so.
    again = import_via_dialog(qtbot, session_b, dest)
    assert shown_counts(again) == {"added": 0, "updated": 0, "unchanged": 2, "conflict": 0}
    assert "没有任何更改" in again.source.text()
    assert len(insp.list_inspections(store_b)) == 2


def test_export_refuses_a_wrong_password_and_writes_nothing(qtbot, crew, make_photo, tmp_path):
    iid = make_inspection(crew, make_photo, photo=False)
    dialog = ExportDialog(Session(crew.store, crew.inspector), [iid], folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    dest = tmp_path / "x.civpack"
    dialog.path.setText(str(dest))
    click(qtbot, dialog.export_button)
    assert dialog.error.isVisible() and "密码" in dialog.error.text()  # asked for, not tried empty
    qtbot.keyClicks(dialog.password, "wrong-password")
    click(qtbot, dialog.export_button)
    assert dialog.error.text() == "用户名或密码错误" and not dest.exists()
    assert list(tmp_path.glob("*.part")) == []


def test_a_tampered_bundle_is_refused_with_its_reason(qtbot, crew, make_photo, home_b, tmp_path):
    import zipfile

    iid = make_inspection(crew, make_photo, photo=False)
    good = tmp_path / "good.civpack"
    exchange.export_bundle(crew.store, [iid], good, by=crew.inspector, password=PASSWORD)
    bad = tmp_path / "bad.civpack"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("inspections/"):
                data = data.replace("地面有烟头".encode(), "地面干净的".encode())
            dst.writestr(info, data)
    store_b, admin_b, _ = home_b
    dialog = ImportDialog(Session(store_b, admin_b), path=bad)
    qtbot.addWidget(dialog)
    dialog.show()
    click(qtbot, dialog.import_button)
    assert dialog.error.isVisible()
    assert dialog.error.text().startswith("文件被拒绝，未导入任何内容：包中的 inspections/")
    assert dialog.error.text().endswith("在签名后被改动过（SHA-256 与清单不符）")
    assert not dialog.report_box.isVisible() and insp.list_inspections(store_b) == []


@pytest.fixture
def conflicted(qtbot, crew, make_photo, home_b, tmp_path):
    """A draft sent from A to B, then edited differently in both; A's new bundle is in conflict in B."""
    store_b, admin_b, account = home_b
    iid_a = make_inspection(crew, make_photo, photo=False)
    first = tmp_path / "first.civpack"
    exchange.export_bundle(crew.store, [iid_a], first, by=crew.inspector, password=PASSWORD)
    exchange.import_bundle(store_b, first, by=admin_b)
    inspector_b = account("inspector1")
    uuid = uuid_of(crew.store, iid_a)
    iid_b = insp.resolve(store_b, uuid)
    codes = [i.code for i in insp.view(crew.store, iid_a).template.items() if i.type == "check"][:2]
    insp.answer(crew.store, crew.inspector, iid_a, codes[0], "partial", note="A：部分做到")
    insp.answer(crew.store, crew.inspector, iid_a, codes[1], "no", note="A：未做到")
    insp.answer(store_b, inspector_b, iid_b, codes[0], "yes", note="B：已做到")
    insp.answer(store_b, inspector_b, iid_b, codes[1], "yes", note="B：做到了")
    second = tmp_path / "second.civpack"
    exchange.export_bundle(crew.store, [iid_a], second, by=crew.inspector, password=PASSWORD)
    session_b = Session(store_b, admin_b)
    dialog = import_via_dialog(qtbot, session_b, second)
    return dialog, store_b, iid_b, uuid, codes


def answers(store, iid):
    return {a["item_code"]: (json.loads(a["value"]), a["note"]) for a in portable.dump(store, iid)["answers"]}


def test_conflict_shown_side_by_side_and_settled_per_item(qtbot, conflicted):
    dialog, store_b, iid_b, uuid, (c1, c2) = conflicted
    before = answers(store_b, iid_b)
    assert shown_counts(dialog) == {"added": 0, "updated": 0, "unchanged": 0, "conflict": 1}
    assert dialog.conflict_button.isVisible() and answers(store_b, iid_b) == before  # nothing overwritten

    click(qtbot, dialog.conflict_button)
    conflicts = dialog.conflict_dialog
    assert isinstance(conflicts, ConflictDialog) and conflicts.isVisible()
    panel = conflicts.panel(uuid)
    rows = {panel.table.item(r, 0).text().split("\n")[0]: r for r in range(panel.table.rowCount())}
    row = rows[f"答案 {c1}"]
    mine, theirs = panel.table.item(row, 1).text(), panel.table.item(row, 2).text()
    assert "符合" in mine and "B：已做到" in mine  # this home's version on the left
    assert "基本符合" in theirs and "A：部分做到" in theirs  # the bundle's on the right
    assert not conflicts.apply_button.isEnabled()  # nothing is decided for the user
    # Each side's updated_at to the minute, as it is kept (store/answers.touch); answers to the second.
    sides = next(w.text() for w in panel.findChildren(QLabel) if "更新于" in w.text())
    assert re.fullmatch(r"本机：草稿，更新于 [\d-]{10} \d\d:\d\d　　导入：草稿，更新于 [\d-]{10} \d\d:\d\d", sides)
    assert re.search(r"\d\d:\d\d:\d\d", mine)

    panel.choose_all("mine")
    panel.choose(f"answer:{c1}", "theirs")
    assert conflicts.apply_button.isEnabled() and "✓" in conflicts.list.item(0).text()
    click(qtbot, conflicts.apply_button)
    qtbot.waitUntil(lambda: not conflicts.isVisible())

    assert shown_counts(dialog) == {"added": 0, "updated": 0, "unchanged": 0, "conflict": 0}
    assert dialog.counts()["resolved"] == 1 and not dialog.conflict_button.isVisible()
    assert "逐项合并" in dialog.table.item(0, 1).text()
    got = answers(store_b, iid_b)
    assert got[c1] == ("partial", "A：部分做到")  # theirs, as chosen
    assert got[c2] == ("yes", "B：做到了")  # mine, as chosen


def test_conflict_keep_both_adds_their_version_as_a_new_draft(qtbot, conflicted):
    dialog, store_b, iid_b, uuid, (c1, _) = conflicted
    click(qtbot, dialog.conflict_button)
    conflicts = dialog.conflict_dialog
    panel = conflicts.panel(uuid)
    click(qtbot, panel.mode_buttons["keep_both"])
    assert not any(c.isEnabled() for c in panel.combos.values())
    click(qtbot, conflicts.apply_button)
    qtbot.waitUntil(lambda: not conflicts.isVisible())
    assert dialog.counts()["resolved"] == 1 and "两份都保留" in dialog.table.item(0, 1).text()
    rows = insp.list_inspections(store_b)
    assert len(rows) == 2
    copy = next(r["id"] for r in rows if r["id"] != iid_b)
    assert answers(store_b, iid_b)[c1] == ("yes", "B：已做到")
    assert answers(store_b, copy)[c1] == ("partial", "A：部分做到")


def test_a_conflict_left_open_writes_nothing(qtbot, conflicted):
    """Closing the conflict dialog without choosing leaves the conflict open and this home as it was."""
    dialog, store_b, iid_b, uuid, _ = conflicted
    click(qtbot, dialog.conflict_button)
    conflicts = dialog.conflict_dialog
    panel = conflicts.panel(uuid)
    keys = [d.key for d in panel.conflict.differences]
    panel.choose_all("mine")
    # An unknown combination is impossible here; "both" is offered only for photos and comments.
    assert all(
        "both" not in [panel.combos[k].itemData(i) for i in range(panel.combos[k].count())]
        for k in keys
        if k.startswith("answer:")
    )
    before = answers(store_b, iid_b)
    conflicts.reject()
    assert dialog.counts()["conflict"] == 1 and dialog.conflict_button.isVisible()
    assert answers(store_b, iid_b) == before


def test_excel_results_and_rectification_list(qtbot, crew, make_photo, tmp_path):
    ids = [make_inspection(crew, make_photo, photo=False)]
    dialog = ExportDialog(Session(crew.store, crew.inspector), ids, folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    click(qtbot, dialog.kind_buttons[RESULTS])
    assert dialog.kind() == RESULTS, dialog.kind()
    assert not dialog.password.isVisible() and dialog.path.text().endswith(".xlsx")
    results = tmp_path / "结果.xlsx"
    dialog.path.setText(str(results))
    click(qtbot, dialog.export_button)
    assert dialog.result.isVisible(), dialog.error.text()
    wb = load_workbook(results)
    assert wb.sheetnames[0] == "汇总" and wb["汇总"].max_row == 2

    click(qtbot, dialog.kind_buttons[RECTIFICATIONS])
    rect = tmp_path / "整改.xlsx"
    dialog.path.setText(str(rect))
    click(qtbot, dialog.export_button)
    assert dialog.result.isVisible() and load_workbook(rect).sheetnames == ["整改清单"]


def test_export_with_nothing_selected_offers_only_the_rectification_list(qtbot, crew, tmp_path):
    dialog = ExportDialog(Session(crew.store, crew.inspector), [], folder=tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.kind() == RECTIFICATIONS
    assert not dialog.kind_buttons[CIVPACK].isEnabled() and not dialog.kind_buttons[RESULTS].isEnabled()


def test_export_the_rows_selected_in_the_list_and_import_from_the_menu(
    qtbot, window, crew, make_photo, home_b, tmp_path
):
    ids = [make_inspection(crew, make_photo, photo=False) for _ in range(3)]
    window.show_page("inspections")
    page = window.inspections
    page.refresh()
    view = page.view
    rows = {page.model.inspection_id(r): r for r in range(page.model.rowCount())}
    for n, iid in enumerate((ids[0], ids[2])):  # click, then Ctrl+click: two rows selected
        rect = view.visualRect(page.model.index(rows[iid], 1))
        modifier = Qt.KeyboardModifier.ControlModifier if n else Qt.KeyboardModifier.NoModifier
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())
    assert sorted(page.selected_ids()) == sorted([ids[0], ids[2]])

    click(qtbot, page.export_button)
    dialog = page.export_dialog
    assert dialog.isVisible() and sorted(dialog.ids) == sorted([ids[0], ids[2]])
    dialog.reject()

    window.exchange_actions["export"].trigger()  # 数据 → 导出所选检查…
    dialog = window.export_dialog
    assert sorted(dialog.ids) == sorted([ids[0], ids[2]])
    dest = tmp_path / "two.civpack"
    dialog.path.setText(str(dest))
    dialog.password.setText(PASSWORD)
    click(qtbot, dialog.export_button)
    assert dialog.result.isVisible(), dialog.error.text()
    dialog.reject()

    window.open_inspection(ids[1])  # in a walkthrough, "export selected" is the open inspection
    window.exchange_actions["export"].trigger()
    assert window.export_dialog.ids == [ids[1]]
    window.export_dialog.reject()

    from civdesk.ui.main_window import MainWindow

    store_b, admin_b, _ = home_b
    win_b = MainWindow(Session(store_b, admin_b), resume=False)
    qtbot.addWidget(win_b)
    win_b.show()
    win_b.exchange_actions["import"].trigger()  # 数据 → 导入交换包…
    imported = win_b.import_dialog
    assert imported.isVisible()
    imported.path.setText(str(dest))
    click(qtbot, imported.import_button)
    assert shown_counts(imported) == {"added": 2, "updated": 0, "unchanged": 0, "conflict": 0}
    win_b.show_page("inspections")
    assert win_b.inspections.model.rowCount() == 2  # the list shows what arrived
    imported.reject()


def test_staff_cannot_import(qtbot, crew):
    from civdesk.ui.main_window import MainWindow

    staff = accounts.actor(
        crew.store,
        accounts.create_user(
            crew.store, by=crew.admin, name="staff1", role="staff", password=PASSWORD, site_ids=[crew.site["east"]]
        ),
    )
    win = MainWindow(Session(crew.store, staff), resume=False)
    qtbot.addWidget(win)
    assert not win.exchange_actions["import"].isEnabled() and win.exchange_actions["export"].isEnabled()


def test_the_dialogs_speak_english(qtbot, crew, tmp_path):
    """Short words shared with other screens (导出, 导入) are translated in these dialogs' contexts too."""
    from civdesk.ui import i18n
    from civdesk.ui.exchange.conflict_dialog import choice_label

    i18n.install("en")
    try:
        dialog = ExportDialog(Session(crew.store, crew.inspector), [], folder=tmp_path)
        qtbot.addWidget(dialog)
        assert dialog.export_button.text() == "Export"
        assert dialog.kind_buttons[RECTIFICATIONS].text() == "Excel rectification list (.xlsx)"
        imported = ImportDialog(Session(crew.store, crew.inspector))
        qtbot.addWidget(imported)
        assert imported.import_button.text() == "Import" and imported.windowTitle() == "Import a bundle"
        assert choice_label("theirs") == "Imported" and choice_label("mine") == "This computer"
    finally:
        i18n.install("zh_CN")


def test_export_asks_before_replacing_a_file(qtbot, crew, make_photo, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    iid = make_inspection(crew, make_photo, photo=False)
    dest = tmp_path / "已有.civpack"
    dest.write_bytes(b"last week's bundle")
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or answers.pop(0))
    dialog = ExportDialog(Session(crew.store, crew.inspector), [iid], folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.path.setText(str(dest))
    qtbot.keyClicks(dialog.password, PASSWORD)
    click(qtbot, dialog.export_button)
    assert asked == [f"“{dest}”已存在。要替换它吗？"]
    assert dest.read_bytes() == b"last week's bundle" and "未导出" in dialog.error.text()
    click(qtbot, dialog.export_button)  # the password is still typed in
    assert len(asked) == 2 and dialog.result.isVisible() and exchange.verify_bundle(crew.store, dest).ok


def cancel_mid_way(qtbot, dialog, button) -> None:
    """Start the work with ``button`` and press 取消 while the service is at its first step: the
    runner's thread is held there (a direct connection to its progress signal) until the click
    is made, then goes on and stops at the next step."""
    reached, go = threading.Event(), threading.Event()

    def hold(op, *_):  # on the runner's thread
        if not reached.is_set():
            reached.set()
            go.wait(10)

    runner = app_runner()
    runner.progressed.connect(hold, Qt.ConnectionType.DirectConnection)
    try:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(reached.is_set, timeout=10_000)
        assert (
            dialog.cancel_button.isVisible() and not dialog.import_button.isEnabled()
            if isinstance(dialog, ImportDialog)
            else not dialog.export_button.isEnabled()
        )
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        assert dialog.progress_label.text() == "正在取消…"
    finally:
        go.set()
        exchanging()
        runner.progressed.disconnect(hold)


def test_cancelling_an_import_imports_nothing(qtbot, crew, make_photo, home_b, tmp_path):
    ids = [make_inspection(crew, make_photo) for _ in range(3)]
    dest = tmp_path / "b.civpack"
    exchange.export_bundle(crew.store, ids, dest, by=crew.inspector, password=PASSWORD)
    store_b, admin_b, _ = home_b
    files_before = sorted(store_b.attachments_dir.rglob("*")) if store_b.attachments_dir.exists() else []
    rows_before = table_counts(store_b)
    dialog = ImportDialog(Session(store_b, admin_b), path=dest)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.cancel_button.isVisible()  # only while working
    cancel_mid_way(qtbot, dialog, dialog.import_button)
    assert dialog.error.text() == "已取消，未导入任何内容。"
    assert insp.list_inspections(store_b) == [] and table_counts(store_b) == rows_before
    assert (sorted(store_b.attachments_dir.rglob("*")) if store_b.attachments_dir.exists() else []) == files_before
    assert not list(store_b.home.rglob("*.part")) and not list(tmp_path.glob("*.part"))
    assert not dialog.cancel_button.isVisible() and dialog.import_button.isEnabled()
    click(qtbot, dialog.import_button)  # a second try, not cancelled, imports all three
    assert shown_counts(dialog)["added"] == 3


def test_cancelling_an_export_writes_no_file(qtbot, crew, make_photo, tmp_path):
    ids = [make_inspection(crew, make_photo) for _ in range(3)]
    dialog = ExportDialog(Session(crew.store, crew.inspector), ids, folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    dest = tmp_path / "x.civpack"
    dialog.path.setText(str(dest))
    qtbot.keyClicks(dialog.password, PASSWORD)
    cancel_mid_way(qtbot, dialog, dialog.export_button)
    assert dialog.error.text() == "已取消，未写入任何文件。"
    assert not dest.exists() and list(tmp_path.glob("*.civpack*")) == list(tmp_path.glob(".*part")) == []
