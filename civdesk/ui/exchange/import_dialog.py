"""Import: a bundle into this home with its report (added, updated, unchanged, conflicts) and the
conflict dialog to settle what both homes changed. After an import ``Session.changed`` tells every
screen what arrived."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain import scope
from ...services import exchange, listing
from ...services.errors import InputError, NotAllowed, NotFound
from .. import labels, ops
from ..refusals import explain
from ..session import Session
from ..worker import Operation
from .conflict_dialog import ConflictDialog
from .progress import (
    Cancelled,
    ProgressMixin,
    default_folder,
    error_label,
    error_text,
    path_row,
    set_primary,
    wait_cursor,
)

OUTCOMES = ("added", "updated", "unchanged", "conflict")


def tr(text: str) -> str:
    return QCoreApplication.translate("Exchange", text)


def outcome_label(outcome: str, how: str | None = None) -> str:
    labels = {
        "added": tr("新增"),
        "updated": tr("更新"),
        "unchanged": tr("未变"),
        "conflict": tr("冲突"),
        "resolved": tr("冲突已解决"),
    }
    text = labels.get(outcome, outcome)
    if outcome == "resolved" and how:
        text += (
            "（"
            + {
                "mine": tr("保留本机"),
                "theirs": tr("采用导入"),
                "keep_both": tr("两份都保留"),
                "merged": tr("逐项合并"),
            }.get(how, how)
            + "）"
        )
    return text


class ImportDialog(ProgressMixin, QDialog):
    """Import a bundle; the report counts what the import did, the table says it per inspection."""

    def __init__(self, session: Session, parent: QWidget | None = None, *, path: Path | str | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(tr("导入交换包"))
        self.reports: list[exchange.ImportReport] = []
        self.outcome: dict[str, str] = {}
        self.how: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        self.conflicts: list[exchange.Conflict] = []
        self.conflict_dialog: ConflictDialog | None = None

        intro = QLabel(
            tr(
                "导入另一台电脑导出的交换包。导入前校验全部内容和签名；有任何问题则整个文件不导入。"
                "两边都修改过的检查不会被覆盖，而是列为冲突，由您选择。"
            )
        )
        intro.setWordWrap(True)
        self.path = QLineEdit(str(path) if path else "")
        self.path.setPlaceholderText(tr("选择 .civpack 文件"))
        self.path.setMinimumWidth(420)
        self.browse = QPushButton(tr("浏览…"))
        self.browse.clicked.connect(self._browse)
        form = QFormLayout()
        form.addRow(tr("文件"), path_row(self.path, self.browse))
        self._make_progress()
        self.error = error_label()

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
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            tr("选择交换包"),
            self.path.text() or str(default_folder()),
            tr("CivDesk 交换包 (*.civpack);;所有文件 (*)"),
        )
        if chosen:
            self.path.setText(chosen)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for w in (self.import_button, self.conflict_button, self.close_button, self.browse, self.path):
            w.setEnabled(not busy)
        self._show_cancel(busy)
        wait_cursor(busy)

    # ------------------------------------------------------------------ importing

    def run_import(self, resolutions: dict | None = None) -> Operation | None:
        """Start importing the file on the runner (again, with ``resolutions`` for its conflicts);
        the report shows when it ends. None: refused before it started."""
        text = self.path.text().strip()
        self.error.hide()
        if not text:
            self.error.setText(tr("请选择要导入的交换包。"))
            self.error.show()
            return None
        self._set_busy(True)
        path, actor = Path(text).expanduser(), self.session.actor

        def work(store, progress):
            return exchange.import_bundle(store, path, by=actor, resolutions=resolutions or None, progress=progress)

        return self._run("import", work, self._imported, self._import_failed, tr("正在校验"), tr("正在写入"))

    def _import_failed(self, e: BaseException) -> None:
        self._set_busy(False)
        self._finished(False)
        self.progress_label.clear()
        if isinstance(e, Cancelled):
            self.error.setText(tr("已取消，未导入任何内容。"))
        elif isinstance(e, (InputError, NotFound, NotAllowed, OSError)):
            self.error.setText(error_text(e))
        else:  # a database refusing the write (full disk…): nothing was imported
            self.error.setText(tr("导入失败，未导入任何内容：{0}").format(explain(e)))
        self.error.show()

    def _imported(self, report: exchange.ImportReport) -> exchange.ImportReport:
        self._set_busy(False)
        self._finished(True)
        self.reports.append(report)
        self._take(report)
        self._show_report(report)
        self._broadcast(report)
        return report

    def _take(self, report: exchange.ImportReport) -> None:
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

    def _show_report(self, report: exchange.ImportReport) -> None:
        counts = self.counts()
        for key, label in self.count_labels.items():
            label.setText(str(counts[key]))
        lines = [
            tr("来自 {0}（{1}），导出于 {2}。").format(
                report.exporter_shown, report.exporter_login, labels.local_time(report.created_at)
            )
        ]
        lines.append(tr("签名证书本机已知。") if report.exporter_known else tr("签名证书首次收到，已记录在本机。"))
        parts = [
            text.format(n)
            for text, n in (
                (tr("被检单位 {0} 个"), report.created_count("sites")),
                (tr("人员 {0} 位"), report.created_count("users")),
                (tr("检查表 {0} 个"), report.created_count("templates")),
            )
            if n
        ]
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
        set_primary(self.conflict_button, bool(self.conflicts))
        set_primary(self.import_button, not self.conflicts)

    def _local_titles(self) -> None:
        """Titles as the lists show them (site · checklist title · kind · date), from this home:
        the reported inspections' rows only, by id (a home may hold 100,000)."""
        store, actor = self.session.store, self.session.actor
        ids = listing.ids_by_uuid(store, list(self.outcome))
        rows = listing.headings(store, listing.inspection_query(site_ids=scope.sites(actor)), list(ids.values()))
        for r in rows.values():
            self.titles[r.uuid] = " · ".join((r.site, r.template_title, labels.kind(r.kind), r.created_at[:10]))

    def _broadcast(self, report: exchange.ImportReport) -> None:
        changed = [*report.added, *report.updated, *report.resolved, *report.copies.values()]
        ids = set(listing.ids_by_uuid(self.session.store, changed).values())
        ops.announce_import(
            self.session,
            inspection_ids=frozenset(ids),
            new_inspection=bool(report.added or report.copies),
            sites=bool(report.created_count("sites")),
            users=bool(report.created_count("users")),
            templates_added=bool(report.created_count("templates")),
            source=self,
        )

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
