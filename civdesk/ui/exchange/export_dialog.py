"""Export: inspections to a signed .civpack bundle or to Excel (results, the rectification list).
Export asks before it replaces a file."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...domain import scope
from ...services import exchange, listing
from ...services.errors import InputError, NotAllowed, NotFound
from ...services.exchange import excel
from ..refusals import explain
from ..session import Session
from .progress import Cancelled, ProgressMixin, default_folder, error_label, error_text, path_row, wait_cursor

CIVPACK, RESULTS, RECTIFICATIONS = "civpack", "results", "rectifications"
SUFFIX = {CIVPACK: ".civpack", RESULTS: ".xlsx", RECTIFICATIONS: ".xlsx"}


def tr(text: str) -> str:
    return QCoreApplication.translate("Exchange", text)


class ExportDialog(ProgressMixin, QDialog):
    """Export the chosen inspections (bundle or Excel results) or the rectification list."""

    def __init__(
        self,
        session: Session,
        inspection_ids: list[int],
        parent: QWidget | None = None,
        *,
        what: str = CIVPACK,
        folder: Path | None = None,
    ):
        super().__init__(parent)
        self.session = session
        self.ids = list(dict.fromkeys(inspection_ids))
        self.report: exchange.ExportReport | None = None
        self.written: Path | None = None
        self.setWindowTitle(tr("导出"))
        store = session.store
        rows = listing.headings(store, listing.inspection_query(site_ids=scope.sites(session.actor)), self.ids)
        head = QLabel(tr("已选择 {0} 份检查").format(len(self.ids)) if self.ids else tr("未选择检查"))
        head.setObjectName("pageTitle")
        self.chosen = QListWidget()
        self.chosen.setMaximumHeight(110)
        self.chosen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for iid in self.ids:
            r = rows.get(iid)
            self.chosen.addItem(f"#{iid}  {r.site} · {r.template_title} · {r.created_at[:10]}" if r else f"#{iid}")
        self.chosen.setVisible(bool(self.ids))

        self.kinds = QButtonGroup(self)
        self.kind_buttons: dict[str, QRadioButton] = {}
        kind_box = QVBoxLayout()
        for key, text, tip in (
            (CIVPACK, tr("交换包（.civpack）"), tr("含答案、照片、签名和整改，签名防篡改，供另一台电脑导入")),
            (RESULTS, tr("Excel 检查结果（.xlsx）"), tr("汇总表，每份检查一张工作表")),
            (RECTIFICATIONS, tr("Excel 整改清单（.xlsx）"), tr("全部整改项及其状态、期限")),
        ):
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
        form.addRow(tr("保存到"), path_row(self.path, self.browse))
        form.addRow(self.password_label, self.password)

        self._make_progress()
        self.result = QLabel()
        self.result.setObjectName("fieldOk")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.hide()
        self.error = error_label()

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
        base = {
            CIVPACK: f"civdesk-{stamp}",
            RESULTS: tr("检查结果-{0}").format(stamp),
            RECTIFICATIONS: tr("整改清单-{0}").format(stamp),
        }[kind]
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
        for w in (
            self.export_button,
            self.close_button,
            self.browse,
            self.path,
            self.password,
            *self.kind_buttons.values(),
        ):
            w.setEnabled(not busy)
        if not busy:
            for key in (CIVPACK, RESULTS):
                self.kind_buttons[key].setEnabled(bool(self.ids))
        self._show_cancel(busy and self.kind() == CIVPACK)
        wait_cursor(busy)

    def export(self) -> bool:
        """Start writing the chosen file on the runner (False: refused before it started); the
        result, or why not, is shown in the dialog when it ends."""
        kind, text = self.kind(), self.path.text().strip()
        self.error.hide()
        self.result.hide()
        if not text:
            return self._fail(tr("请选择保存位置。"))
        dest = Path(text).expanduser()
        if kind == CIVPACK and not self.password.text():
            self.password.setFocus()
            return self._fail(tr("请输入您的登录密码：交换包要用您的签名密钥签署。"))
        if (
            dest.exists()
            and QMessageBox.question(
                self,
                tr("文件已存在"),
                tr("“{0}”已存在。要替换它吗？").format(dest),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            != QMessageBox.StandardButton.Yes
        ):
            return self._fail(tr("未导出：请另选文件名，或确认替换。"))
        ids, actor, password = self.ids, self.session.actor, self.password.text()
        self.password.clear()
        self._set_busy(True)
        if kind == CIVPACK:

            def work(store, progress):
                return exchange.export_bundle(store, ids, dest, by=actor, password=password, progress=progress)
        elif kind == RESULTS:
            self._indeterminate(tr("正在写入 Excel 检查结果…"))

            def work(store, progress):
                return excel.export_inspections(store, ids, dest, by=actor)
        else:
            self._indeterminate(tr("正在写入 Excel 整改清单…"))

            def work(store, progress):
                return excel.export_rectifications(store, dest, by=actor)

        self._run(
            "export", work, lambda result: self._exported(kind, dest, result), self._export_failed, tr("正在导出")
        )
        return True

    def _exported(self, kind: str, dest: Path, result) -> None:
        if kind == CIVPACK:
            self.report = result
            self.written = result.path
            extra = len(result.added_for_completeness)
            message = tr("已导出 {0} 份检查到 {1}（{2}）。").format(len(result.inspections), dest, _size(result.bytes))
            if extra:
                message += tr("其中 {0} 份是所选检查关联的检查（被复查的或复查它的），一并导出。").format(extra)
        elif kind == RESULTS:
            self.written = result
            message = tr("已导出 {0} 份检查的结果到 {1}。").format(len(self.ids), result)
        else:
            self.written = result
            message = tr("已导出整改清单到 {0}。").format(result)
        self._set_busy(False)
        self._finished(True)
        self.progress_label.setText(tr("完成"))
        self.result.setText(message)
        self.result.show()

    def _export_failed(self, e: BaseException) -> None:
        self._set_busy(False)
        self._finished(False)
        self.progress_label.clear()
        if isinstance(e, Cancelled):
            self._fail(tr("已取消，未写入任何文件。"))
        elif isinstance(e, (InputError, NotFound, NotAllowed, OSError)):
            self._fail(error_text(e))
        else:
            self._fail(tr("导出失败，未写入任何文件：{0}").format(explain(e)))

    def _fail(self, text: str) -> bool:
        self.error.setText(text)
        self.error.show()
        return False


def _size(n: int) -> str:
    return f"{n / 2**20:,.1f} MB" if n >= 2**20 else f"{max(1, round(n / 1024))} KB"
