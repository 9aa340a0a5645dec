"""Export and import dialogs: inspections to a signed .civpack bundle or to Excel (results, the
rectification list), and a bundle into this home with its report (added, updated, unchanged,
conflicts) and the conflict dialog to settle what both homes changed.

The bundle services run on the main thread (a SQLite connection belongs to its thread); their
progress callback moves the bar and lets Qt handle events. Every control of the window-modal
dialog but 取消 is disabled meanwhile, so nothing re-enters; 取消 makes the next callback raise,
and the services remove what they had written, as after any failure. Export asks before it
replaces a file.
After an import ``Session.changed`` tells every screen what arrived.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QStandardPaths, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QButtonGroup, QDialog, QDialogButtonBox,
                               QFileDialog, QFormLayout, QFrame, QGridLayout, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QListWidget, QMessageBox, QProgressBar, QPushButton, QRadioButton,
                               QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from ..services import bundles, excel
from ..services import inspections as insp
from ..services.errors import InputError, NotFound
from . import labels
from .conflict_dialog import ConflictDialog
from .refusals import explain
from .session import Change, Session

CIVPACK, RESULTS, RECTIFICATIONS = "civpack", "results", "rectifications"
SUFFIX = {CIVPACK: ".civpack", RESULTS: ".xlsx", RECTIFICATIONS: ".xlsx"}
OUTCOMES = ("added", "updated", "unchanged", "conflict")


def tr(text: str) -> str:
    return QCoreApplication.translate("Exchange", text)


def default_folder() -> Path:
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs else Path.home()


def error_text(error: BaseException) -> str:
    """A service error for the user: the known ones in the interface language, the rest verbatim."""
    msg = str(error)
    if isinstance(error, bundles.BundleRefused):
        return tr("文件被拒绝，未导入任何内容：{0}").format(explain(error.reason))
    if isinstance(error, PermissionError) and "wrong user name or password" in msg:
        return tr("密码不正确。")
    if isinstance(error, PermissionError):
        return tr("没有权限：{0}").format(msg)
    if isinstance(error, OSError):
        return tr("文件无法写入或读取（{0}）：{1}").format(error.strerror or msg, error.filename or "")
    return msg


def phase_text(label: str) -> str:
    """The service's progress label (a member name or a step) as a few words."""
    if label.startswith(("attachments/", "photos")):
        return tr("照片")
    if label.startswith(("inspections/", "inspection ")):
        return tr("检查记录")
    if label.startswith(("templates/", "template ")):
        return tr("检查表")
    if label == "manifest":
        return tr("签名")
    return tr("人员与被检单位")


class Cancelled(Exception):
    """The user pressed 取消 while a bundle was read or written (raised from the progress callback:
    the services then remove what they had written, as after any failure)."""


class ProgressMixin:
    """A progress bar and a line under it, moved by a service's ``progress(done, total, label)``,
    and a 取消 button that stops the service at its next step."""

    def _make_progress(self) -> None:
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setTextVisible(True)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("muted")
        self.busy = False
        self.cancel_requested = False
        self.cancel_button = QPushButton(tr("取消"))
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self._request_cancel)

    def _request_cancel(self) -> None:
        self.cancel_requested = True
        self.cancel_button.setEnabled(False)
        self.progress_label.setText(tr("正在取消…"))

    def _show_cancel(self, busy: bool) -> None:
        self.cancel_requested = False
        self.cancel_button.setEnabled(True)
        self.cancel_button.setVisible(busy)

    def _step(self, verb: str, writing: str | None = None):
        """The progress callback; ``writing`` names the import's second pass (its label "photos"),
        after every member of the bundle was checked. It lets Qt handle input too, so 取消 can be
        pressed; every other control of the (window-modal) dialog is disabled meanwhile."""
        def callback(done: int, total: int, label: str) -> None:
            if self.cancel_requested:
                raise Cancelled()
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(min(done, max(total, 1)))
            now = writing if writing and label == "photos" else verb
            self.progress_label.setText(tr("{0}：{1}（{2}/{3}）").format(now, phase_text(label), done, total))
            QApplication.processEvents()
            if self.cancel_requested:
                raise Cancelled()
        return callback

    def _indeterminate(self, text: str) -> None:
        self.progress.setRange(0, 0)
        self.progress_label.setText(text)
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

    def _finished(self, ok: bool) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(1 if ok else 0)

    # While a service works, the dialog stays: Esc and the close button wait for it.
    def reject(self) -> None:
        if not self.busy:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy:
            event.ignore()
        else:
            super().closeEvent(event)


def _path_row(edit: QLineEdit, browse: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    row.addWidget(browse)
    return row


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


# ------------------------------------------------------------------ export


class ExportDialog(ProgressMixin, QDialog):
    """Export the chosen inspections (bundle or Excel results) or the rectification list."""

    def __init__(self, session: Session, inspection_ids: list[int], parent: QWidget | None = None, *,
                 what: str = CIVPACK, folder: Path | None = None):
        super().__init__(parent)
        self.session = session
        self.ids = list(dict.fromkeys(inspection_ids))
        self.report: bundles.ExportReport | None = None
        self.written: Path | None = None
        self.setWindowTitle(tr("导出"))
        store = session.store
        rows = {r["id"]: r for r in insp.list_inspections(store, scope=session.actor)} if self.ids else {}
        head = QLabel(tr("已选择 {0} 份检查").format(len(self.ids)) if self.ids else tr("未选择检查"))
        head.setObjectName("pageTitle")
        self.chosen = QListWidget()
        self.chosen.setMaximumHeight(110)
        self.chosen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for iid in self.ids:
            r = rows.get(iid)
            self.chosen.addItem(f"#{iid}  {r['site']} · {r['template_title']} · {r['created_at'][:10]}" if r
                                else f"#{iid}")
        self.chosen.setVisible(bool(self.ids))

        self.kinds = QButtonGroup(self)
        self.kind_buttons: dict[str, QRadioButton] = {}
        kind_box = QVBoxLayout()
        for key, text, tip in (
                (CIVPACK, tr("交换包（.civpack）"), tr("含答案、照片、签名和整改，签名防篡改，供另一台电脑导入")),
                (RESULTS, tr("Excel 检查结果（.xlsx）"), tr("汇总表，每份检查一张工作表")),
                (RECTIFICATIONS, tr("Excel 整改清单（.xlsx）"), tr("全部整改项及其状态、期限"))):
            b = QRadioButton(text)
            b.setToolTip(tip)
            hint = QLabel(tip)
            hint.setObjectName("muted")
            hint.setContentsMargins(24, 0, 0, 4)
            self.kinds.addButton(b)
            self.kind_buttons[key] = b
            kind_box.addWidget(b)
            kind_box.addWidget(hint)
            b.toggled.connect(self._kind_changed)
        for key in (CIVPACK, RESULTS):
            self.kind_buttons[key].setEnabled(bool(self.ids))

        self.folder = folder or default_folder()
        self.path = QLineEdit()
        self.path.setMinimumWidth(420)
        self.browse = QPushButton(tr("浏览…"))
        self.browse.clicked.connect(self._browse)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(tr("用于以您的签名密钥签署交换包"))
        self.password_label = QLabel(tr("登录密码"))
        form = QFormLayout()
        form.addRow(tr("保存到"), _path_row(self.path, self.browse))
        form.addRow(self.password_label, self.password)

        self._make_progress()
        self.result = QLabel()
        self.result.setObjectName("fieldOk")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.hide()
        self.error = _error_label()

        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(tr("导出"), QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.setObjectName("primary")
        self.export_button.setDefault(True)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.ActionRole)
        self._show_cancel(False)  # the box shows what it is given: 取消 appears only while working
        self.export_button.clicked.connect(self.export)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.chosen)
        layout.addLayout(kind_box)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.result)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(600)
        self.set_kind(what if self.ids or what == RECTIFICATIONS else RECTIFICATIONS)

    # ------------------------------------------------------------------ choices

    def kind(self) -> str:
        return next(k for k, b in self.kind_buttons.items() if b.isChecked())

    def set_kind(self, kind: str) -> None:
        self.kind_buttons[kind].setChecked(True)
        self._kind_changed()

    def _default_name(self, kind: str) -> str:
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M")
        base = {CIVPACK: f"civdesk-{stamp}", RESULTS: tr("检查结果-{0}").format(stamp),
                RECTIFICATIONS: tr("整改清单-{0}").format(stamp)}[kind]
        return base + SUFFIX[kind]

    def _kind_changed(self) -> None:
        if not any(b.isChecked() for b in self.kind_buttons.values()):
            return
        kind = self.kind()
        text = self.path.text().strip()
        default = getattr(self, "_last_default", None)
        if not text or (default is not None and text == str(self.folder / default)):
            self._last_default = self._default_name(kind)
            self.path.setText(str(self.folder / self._last_default))
        elif not text.endswith(SUFFIX[kind]):
            self.path.setText(str(Path(text).with_suffix(SUFFIX[kind])))
        civpack = kind == CIVPACK
        self.password.setVisible(civpack)
        self.password_label.setVisible(civpack)

    def _browse(self) -> None:
        kind = self.kind()
        pattern = tr("CivDesk 交换包 (*.civpack)") if kind == CIVPACK else tr("Excel 工作簿 (*.xlsx)")
        chosen, _ = QFileDialog.getSaveFileName(self, tr("导出到"), self.path.text(), pattern)
        if chosen:
            if not chosen.endswith(SUFFIX[kind]):
                chosen += SUFFIX[kind]
            self.path.setText(chosen)

    # ------------------------------------------------------------------ work

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for w in (self.export_button, self.close_button, self.browse, self.path, self.password,
                  *self.kind_buttons.values()):
            w.setEnabled(not busy)
        if not busy:
            for key in (CIVPACK, RESULTS):
                self.kind_buttons[key].setEnabled(bool(self.ids))
        self._show_cancel(busy and self.kind() == CIVPACK)
        _wait_cursor(busy)

    def export(self) -> bool:
        """Write the chosen file; the result (or why not) is shown in the dialog."""
        kind, text = self.kind(), self.path.text().strip()
        self.error.hide()
        self.result.hide()
        if not text:
            return self._fail(tr("请选择保存位置。"))
        dest = Path(text).expanduser()
        if kind == CIVPACK and not self.password.text():
            self.password.setFocus()
            return self._fail(tr("请输入您的登录密码：交换包要用您的签名密钥签署。"))
        if dest.exists() and QMessageBox.question(
                self, tr("文件已存在"), tr("“{0}”已存在。要替换它吗？").format(dest),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
            return self._fail(tr("未导出：请另选文件名，或确认替换。"))
        store, actor = self.session.store, self.session.actor
        self._set_busy(True)
        try:
            if kind == CIVPACK:
                self.report = bundles.export_bundle(store, self.ids, dest, by=actor, password=self.password.text(),
                                                    progress=self._step(tr("正在导出")))
                self.written = self.report.path
                extra = len(self.report.added_for_completeness)
                message = tr("已导出 {0} 份检查到 {1}（{2}）。").format(
                    len(self.report.inspections), dest, _size(self.report.bytes))
                if extra:
                    message += tr("其中 {0} 份是所选检查关联的检查（被复查的或复查它的），一并导出。").format(extra)
            elif kind == RESULTS:
                self._indeterminate(tr("正在写入 Excel 检查结果…"))
                self.written = excel.export_inspections(store, self.ids, dest, by=self.session.actor)
                message = tr("已导出 {0} 份检查的结果到 {1}。").format(len(self.ids), self.written)
            else:
                self._indeterminate(tr("正在写入 Excel 整改清单…"))
                self.written = excel.export_rectifications(store, dest, by=self.session.actor)
                message = tr("已导出整改清单到 {0}。").format(self.written)
        except Cancelled:
            self._set_busy(False)
            self._finished(False)
            self.progress_label.clear()
            return self._fail(tr("已取消，未写入任何文件。"))
        except (InputError, NotFound, PermissionError, OSError) as e:
            self._set_busy(False)
            self._finished(False)
            self.progress_label.clear()
            return self._fail(error_text(e))
        finally:
            self.password.clear()
        self._set_busy(False)
        self._finished(True)
        self.progress_label.setText(tr("完成"))
        self.result.setText(message)
        self.result.show()
        return True

    def _fail(self, text: str) -> bool:
        self.error.setText(text)
        self.error.show()
        return False


def _primary(button: QPushButton, on: bool) -> None:
    button.setObjectName("primary" if on else "")
    button.setDefault(on)
    button.style().unpolish(button)
    button.style().polish(button)


def _wait_cursor(on: bool) -> None:
    if on:
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)  # busy, but 取消 can still be pressed
    else:
        QApplication.restoreOverrideCursor()


def _size(n: int) -> str:
    return f"{n / 2**20:,.1f} MB" if n >= 2**20 else f"{max(1, round(n / 1024))} KB"


# ------------------------------------------------------------------ import


def outcome_label(outcome: str, how: str | None = None) -> str:
    labels = {"added": tr("新增"), "updated": tr("更新"), "unchanged": tr("未变"), "conflict": tr("冲突"),
              "resolved": tr("冲突已解决")}
    text = labels.get(outcome, outcome)
    if outcome == "resolved" and how:
        text += "（" + {"mine": tr("保留本机"), "theirs": tr("采用导入"), "keep_both": tr("两份都保留"),
                       "merged": tr("逐项合并")}.get(how, how) + "）"
    return text


class ImportDialog(ProgressMixin, QDialog):
    """Import a bundle; the report counts what the import did, the table says it per inspection."""

    def __init__(self, session: Session, parent: QWidget | None = None, *, path: Path | str | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(tr("导入交换包"))
        self.reports: list[bundles.ImportReport] = []
        self.outcome: dict[str, str] = {}
        self.how: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        self.conflicts: list[bundles.Conflict] = []
        self.conflict_dialog: ConflictDialog | None = None

        intro = QLabel(tr("导入另一台电脑导出的交换包。导入前校验全部内容和签名；有任何问题则整个文件不导入。"
                          "两边都修改过的检查不会被覆盖，而是列为冲突，由您选择。"))
        intro.setWordWrap(True)
        self.path = QLineEdit(str(path) if path else "")
        self.path.setPlaceholderText(tr("选择 .civpack 文件"))
        self.path.setMinimumWidth(420)
        self.browse = QPushButton(tr("浏览…"))
        self.browse.clicked.connect(self._browse)
        form = QFormLayout()
        form.addRow(tr("文件"), _path_row(self.path, self.browse))
        self._make_progress()
        self.error = _error_label()

        # The report: four counts, who sent it, and each inspection's outcome.
        self.report_box = QWidget()
        tiles = QGridLayout()
        self.count_labels: dict[str, QLabel] = {}
        for col, key in enumerate(OUTCOMES):
            tile = QFrame()
            tile.setObjectName("tile")
            box = QVBoxLayout(tile)
            number = QLabel("0")
            number.setObjectName("tileNumber")
            number.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption = QLabel(outcome_label(key))
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.addWidget(number)
            box.addWidget(caption)
            self.count_labels[key] = number
            tiles.addWidget(tile, 0, col)
        self.source = QLabel()
        self.source.setObjectName("muted")
        self.source.setWordWrap(True)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([tr("检查"), tr("结果")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        rb = QVBoxLayout(self.report_box)
        rb.setContentsMargins(0, 0, 0, 0)
        rb.addLayout(tiles)
        rb.addWidget(self.source)
        rb.addWidget(self.table, 1)
        self.report_box.hide()

        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(tr("导入"), QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button.setObjectName("primary")
        self.import_button.setDefault(True)
        self.conflict_button = self.buttons.addButton(tr("处理冲突…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.conflict_button.hide()
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.ActionRole)
        self._show_cancel(False)  # the box shows what it is given: 取消 appears only while working
        self.import_button.clicked.connect(self.run_import)
        self.conflict_button.clicked.connect(self.open_conflicts)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.error)
        layout.addWidget(self.report_box, 1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(680)
        self.resize(760, 560)

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, tr("选择交换包"), self.path.text() or str(default_folder()),
                                                tr("CivDesk 交换包 (*.civpack);;所有文件 (*)"))
        if chosen:
            self.path.setText(chosen)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for w in (self.import_button, self.conflict_button, self.close_button, self.browse, self.path):
            w.setEnabled(not busy)
        self._show_cancel(busy)
        _wait_cursor(busy)

    # ------------------------------------------------------------------ importing

    def run_import(self, resolutions: dict | None = None) -> bundles.ImportReport | None:
        """Import the file (again, with ``resolutions`` for its conflicts); show the report."""
        text = self.path.text().strip()
        self.error.hide()
        if not text:
            self.error.setText(tr("请选择要导入的交换包。"))
            self.error.show()
            return None
        self._set_busy(True)
        try:
            report = bundles.import_bundle(self.session.store, Path(text).expanduser(), by=self.session.actor,
                                           resolutions=resolutions or None,
                                           progress=self._step(tr("正在校验"), tr("正在写入")))
        except Cancelled:
            self._set_busy(False)
            self._finished(False)
            self.progress_label.clear()
            self.error.setText(tr("已取消，未导入任何内容。"))
            self.error.show()
            return None
        except (InputError, NotFound, PermissionError, OSError) as e:
            self._set_busy(False)
            self._finished(False)
            self.progress_label.clear()
            self.error.setText(error_text(e))
            self.error.show()
            return None
        except Exception as e:  # a database refusing the write (full disk…): nothing was imported
            self._set_busy(False)
            self._finished(False)
            self.progress_label.clear()
            self.error.setText(tr("导入失败，未导入任何内容：{0}").format(explain(e)))
            self.error.show()
            return None
        self._set_busy(False)
        self._finished(True)
        self.reports.append(report)
        self._take(report)
        self._show_report(report)
        self._broadcast(report)
        return report

    def _take(self, report: bundles.ImportReport) -> None:
        """Fold one import into what this dialog reports: a later import with resolutions settles
        conflicts; inspections it finds unchanged keep the outcome they had the first time."""
        self.titles.update(report.titles)
        for u in report.added:
            self.outcome[u] = "added"
        for u in report.updated:
            self.outcome[u] = "updated"
        for u in report.unchanged:
            self.outcome.setdefault(u, "unchanged")
        for c in report.conflicts:
            self.outcome[c.uuid] = "conflict"
        for u, how in report.resolved.items():
            self.outcome[u] = "resolved"
            self.how[u] = how
        self.conflicts = list(report.conflicts)

    def counts(self) -> dict[str, int]:
        """What the dialog shows: added / updated / unchanged / conflict (open) / resolved."""
        c = Counter(self.outcome.values())
        return {k: c.get(k, 0) for k in (*OUTCOMES, "resolved")}

    def _show_report(self, report: bundles.ImportReport) -> None:
        counts = self.counts()
        for key, label in self.count_labels.items():
            label.setText(str(counts[key]))
        who = report.exporter.get("display_name") or report.exporter.get("name", "")
        lines = [tr("来自 {0}（{1}），导出于 {2}。").format(who, report.exporter.get("name", ""),
                                                     _local(report.created_at))]
        lines.append(tr("签名证书本机已知。") if report.exporter_known else
                     tr("签名证书首次收到，已记录在本机。"))
        created = report.created
        if created:
            parts = [text.format(n) for text, n in ((tr("被检单位 {0} 个"), created.get("sites", 0)),
                                                    (tr("人员 {0} 位"), created.get("users", 0)),
                                                    (tr("检查表 {0} 个"), created.get("templates", 0))) if n]
            if parts:
                lines.append(tr("随之新建：{0}。").format(tr("、").join(parts)))
        if counts["resolved"]:
            lines.append(tr("已解决冲突 {0} 份。").format(counts["resolved"]))
        if counts["conflict"]:
            lines.append(tr("有 {0} 份检查两边都修改过，尚未导入：请点“处理冲突…”。").format(counts["conflict"]))
        elif not (counts["added"] or counts["updated"] or counts["resolved"]):
            lines.append(tr("本机已有这些内容，没有任何更改。"))
        self.source.setText("\n".join(lines))
        self._local_titles()
        order = {"conflict": 0, "added": 1, "updated": 2, "resolved": 3, "unchanged": 4}
        rows = sorted(self.outcome.items(), key=lambda kv: (order.get(kv[1], 9), self.titles.get(kv[0], "")))
        self.table.setRowCount(len(rows))
        for n, (uuid, outcome) in enumerate(rows):
            title = QTableWidgetItem(self.titles.get(uuid, uuid))
            title.setToolTip(uuid)
            title.setData(Qt.ItemDataRole.UserRole, uuid)
            self.table.setItem(n, 0, title)
            self.table.setItem(n, 1, QTableWidgetItem(outcome_label(outcome, self.how.get(uuid))))
        self.report_box.show()
        self.progress_label.setText(tr("导入完成，用时 {0:.1f} 秒").format(report.seconds))
        self.conflict_button.setVisible(bool(self.conflicts))
        self.import_button.setText(tr("再次导入"))
        # What to do next is the blue button: settle the conflicts, if any are left.
        _primary(self.conflict_button, bool(self.conflicts))
        _primary(self.import_button, not self.conflicts)

    def _local_titles(self) -> None:
        """Titles as the lists show them (site · checklist title · kind · date), from this home."""
        for r in insp.list_inspections(self.session.store, scope=self.session.actor):
            if r["uuid"] in self.outcome:
                self.titles[r["uuid"]] = " · ".join((r["site"], r["template_title"], labels.kind(r["kind"]),
                                                     (r["created_at"] or "")[:10]))

    def _broadcast(self, report: bundles.ImportReport) -> None:
        changed = [*report.added, *report.updated, *report.resolved, *report.copies.values()]
        ids = set()
        for uuid in changed:
            try:
                ids.add(insp.resolve(self.session.store, uuid))
            except (InputError, NotFound):
                pass
        created = report.created
        if ids or created:
            self.session.broadcast(Change(inspections=frozenset(ids), new_inspection=bool(report.added or report.copies),
                                          sites=bool(created.get("sites")), users=bool(created.get("users")),
                                          source=self))

    # ------------------------------------------------------------------ conflicts

    def open_conflicts(self) -> ConflictDialog | None:
        """Open (window-modal, not blocking) the conflict dialog; accepting it imports again."""
        if not self.conflicts:
            return None
        self.conflict_dialog = ConflictDialog(self.session.store, self.conflicts, self)
        self.conflict_dialog.accepted.connect(self._conflicts_settled)
        self.conflict_dialog.open()
        return self.conflict_dialog

    def _conflicts_settled(self) -> None:
        dialog = self.conflict_dialog
        if dialog is not None:
            self.run_import(dialog.resolutions())


def _local(ts: str) -> str:
    try:
        return _dt.datetime.fromisoformat(ts).astimezone().strftime("%Y-%m-%d %H:%M")
    except (ValueError, TypeError):
        return ts or ""


__all__ = ["ExportDialog", "ImportDialog", "error_text", "outcome_label"]
