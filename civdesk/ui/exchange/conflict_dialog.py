"""Settling import conflicts: each inspection changed in both homes, its differences side by side
(this home's version / the bundle's), and the user's choice per difference or for the whole record
(this home's, the bundle's, or keep both). ``resolutions()`` is what ``services.exchange.import_bundle`` takes.

Nothing is decided by default: a conflict the user leaves open stays a conflict (nothing written).
Per-difference choices are checked with ``domain.exchange.merge`` before the dialog closes, so a
combination the record refuses is said here, at the conflict, instead of failing the import.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain import exchange as ex
from ...services import accounts
from ...services import inspections as insp
from ...services.exchange import Conflict
from ...store import Store
from .. import labels
from ..walkthrough.editors import fmt_number

PER_ITEM = "per_item"
MINE_BG, THEIRS_BG = QColor("#eef4fb"), QColor("#fff6e6")


def tr(text: str) -> str:
    return QCoreApplication.translate("ConflictDialog", text)


def _when(ts: str | None) -> str:
    """Local time to the second: two edits of a conflict are often minutes apart at most."""
    return labels.local_time(ts, labels.SECOND)


def _value(raw: Any) -> str:
    """An answer's stored value (JSON text) as the user knows it."""
    if raw is None:
        return ""
    try:
        v = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return str(raw)
    if isinstance(v, str):
        return labels.answer(v)
    if isinstance(v, bool):
        return tr("是") if v else tr("否")
    if isinstance(v, (int, float)):
        return fmt_number(v)
    return json.dumps(v, ensure_ascii=False)


def _field_name(key: str) -> str:
    names = {
        "state": tr("状态"),
        "updated_at": tr("更新时间"),
        "submitted_at": tr("提交时间"),
        "params": tr("参数"),
        "reviewer": tr("审核人"),
        "author": tr("检查人"),
        "score": tr("得分"),
        "max_score": tr("满分"),
        "percent": tr("得分率"),
        "level": tr("等级"),
        "level_label": tr("等级"),
        "vetoed": tr("一票否决"),
        "content_hash": tr("签署内容"),
        "covers": tr("复查范围"),
        "site": tr("被检单位"),
        "kind": tr("类型"),
        "created_at": tr("创建时间"),
        "follows": tr("复查的检查"),
        "template": tr("检查表"),
    }
    return names.get(key, key)


def _field_value(key: str, v: Any) -> str:
    if v is None:
        return "—"
    if key == "state":
        return labels.state(v)
    if key == "kind":
        return labels.kind(v)
    if key == "updated_at":
        return labels.local_time(v)  # kept to the minute (store/answers.touch): its seconds say nothing
    if key.endswith("_at"):
        return _when(v)
    if key == "vetoed":
        return tr("是") if v else tr("否")
    if key == "content_hash":
        return str(v)[:12] + "…"
    if key == "template":
        return f"{v.get('id')} v{v.get('version')}"
    if isinstance(v, float):
        return fmt_number(v)
    return str(v)


def _record_text(part: dict | None, other: dict | None) -> str:
    """The record's own fields that differ from the other side's."""
    if part is None:
        return tr("（无）")
    other = other or {}
    keys = [k for k in part if part.get(k) != other.get(k)] or list(part)[:3]
    return "\n".join(tr("{0}：{1}").format(_field_name(k), _field_value(k, part.get(k))) for k in keys)


def part_text(kind: str, part: Any, other: Any = None, people: dict[str, str] | None = None) -> str:
    """One side of a difference as text for the side-by-side table (``people``: login → name)."""
    people = people or {}
    if part is None or part == []:
        return tr("（无）")
    if kind == "inspection":
        return _record_text(part, other)
    if kind == "answer":
        lines = [_value(part.get("value")) or tr("（未作答）")]
        if part.get("note"):
            lines.append(tr("说明：{0}").format(part["note"]))
        who = part.get("answered_by") or ""
        lines.append(tr("— {0}，{1}").format(people.get(who, who), _when(part.get("answered_at"))))
        return "\n".join(lines)
    if kind == "photos":
        names = "、".join(p.get("filename") or p.get("sha256", "")[:8] for p in part)
        return tr("{0} 张照片：{1}").format(len(part), names)
    if kind == "comments":
        return "\n".join(tr("{0}：{1}").format(people.get(c.get("user"), c.get("user")), c.get("text")) for c in part)
    if kind == "signatures":
        return "\n".join(
            tr("{0}（{1}）{2}").format(
                people.get(s.get("user"), s.get("user")), labels.role(s.get("role") or ""), _when(s.get("signed_at"))
            )
            for s in part
        )
    if kind == "rectification":
        state = {"open": tr("待整改"), "done": tr("已整改"), "verified": tr("已验证"), "reopened": tr("重新整改")}.get(
            part.get("state"), part.get("state")
        )
        lines = [tr("整改状态：{0}").format(state), tr("期限：{0}").format(part.get("due_date") or "—")]
        if part.get("done_note"):
            lines.append(tr("整改说明：{0}").format(part["done_note"]))
        return "\n".join(lines)
    return json.dumps(part, ensure_ascii=False)[:300]


def part_label(d: ex.Difference, item_texts: dict[str, str]) -> str:
    text = item_texts.get(d.code or "", "")
    short = text if len(text) <= 40 else text[:39] + "…"
    if d.kind == "inspection":
        return tr("检查记录")
    if d.kind == "answer":
        return tr("答案 {0}").format(d.code) + (f"\n{short}" if short else "")
    if d.kind == "photos":
        return tr("照片 {0}").format(d.code) + (f"\n{short}" if short else "")
    if d.kind == "comments":
        return tr("审核意见")
    if d.kind == "signatures":
        return tr("签名")
    if d.kind == "rectification":
        return tr("整改 {0}").format(d.code) + (f"\n{short}" if short else "")
    return d.key


def choice_label(choice: str) -> str:
    return {ex.MINE: tr("本机"), ex.THEIRS: tr("导入"), ex.BOTH: tr("两者合并")}.get(choice, choice)


def _local_facts(store: Store, conflict: Conflict) -> tuple[str, dict[str, str], dict[str, str]]:
    """(title, item code → criterion, login → display name) from this home's copy; the service's
    plain title and logins when it cannot be read (they are a help, never a reason to fail)."""
    try:
        tpl = insp.view(store, insp.resolve(store, conflict.uuid)).template
        people = {u.name: u.display_name or u.name for u in accounts.list_users(store)}
    except Exception:
        return conflict.title, {}, {}
    d = conflict.mine_facts
    title = " · ".join((d.site, tpl.title, labels.kind(d.kind), d.created_at[:10]))
    return title, {it.code: it.text for it in tpl.items()}, people


class ConflictPanel(QWidget):
    """One conflicting inspection: the whole-record choice and the side-by-side differences."""

    def __init__(self, store: Store, conflict: Conflict, parent: QWidget | None = None):
        super().__init__(parent)
        self.conflict = conflict
        c = conflict
        self.combos: dict[str, QComboBox] = {}
        self.on_change = lambda: None
        self.title, texts, people = _local_facts(store, c)
        title = QLabel(self.title)
        title.setObjectName("pageTitle")
        title.setWordWrap(True)
        mine, theirs = c.mine_facts, c.theirs_facts
        sides = QLabel(
            tr("本机：{0}，更新于 {1}　　导入：{2}，更新于 {3}").format(
                labels.state(mine.state),
                labels.local_time(mine.updated_at),
                labels.state(theirs.state),
                labels.local_time(theirs.updated_at),
            )
        )
        sides.setObjectName("muted")
        sides.setWordWrap(True)

        self.modes = QButtonGroup(self)
        self.mode_buttons: dict[str, QRadioButton] = {}
        mode_row = QHBoxLayout()
        for key, text in (
            (PER_ITEM, tr("逐项选择")),
            (ex.MINE, tr("全部保留本机")),
            (ex.THEIRS, tr("全部采用导入")),
            (ex.KEEP_BOTH, tr("两份都保留")),
        ):
            b = QRadioButton(text)
            b.setEnabled(key == PER_ITEM or key in c.options)
            if key == ex.KEEP_BOTH:
                b.setToolTip(tr("本机的检查不变，导入的一份另存为一份新的草稿"))
            self.modes.addButton(b)
            self.mode_buttons[key] = b
            mode_row.addWidget(b)
            b.toggled.connect(self._mode_changed)
        mode_row.addStretch(1)

        self.table = QTableWidget(len(c.differences), 4)
        self.table.setHorizontalHeaderLabels([tr("内容"), tr("本机"), tr("导入"), tr("保留")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(0, 190)
        for row, d in enumerate(c.differences):
            self.table.setItem(row, 0, QTableWidgetItem(part_label(d, texts)))
            for col, (part, other, bg) in ((1, (d.mine, d.theirs, MINE_BG)), (2, (d.theirs, d.mine, THEIRS_BG))):
                cell = QTableWidgetItem(part_text(d.kind, part, other, people))
                cell.setBackground(QBrush(bg))
                cell.setToolTip(cell.text())
                self.table.setItem(row, col, cell)
            combo = QComboBox()
            combo.addItem(tr("请选择"), None)
            for choice in d.choices:
                combo.addItem(choice_label(choice), choice)
            combo.currentIndexChanged.connect(self._choice_changed)
            self.combos[d.key] = combo
            holder = QWidget()  # keeps the combo box its own height in a tall row
            box = QVBoxLayout(holder)
            box.setContentsMargins(4, 2, 4, 2)
            box.addWidget(combo, 0, Qt.AlignmentFlag.AlignVCenter)
            self.table.setCellWidget(row, 3, holder)
        self.table.resizeRowsToContents()

        self.all_mine = QPushButton(tr("各项都选本机"))
        self.all_theirs = QPushButton(tr("各项都选导入"))
        self.all_mine.clicked.connect(lambda: self.choose_all(ex.MINE))
        self.all_theirs.clicked.connect(lambda: self.choose_all(ex.THEIRS))
        quick = QHBoxLayout()
        quick.addWidget(QLabel(tr("共 {0} 处不同").format(len(c.differences))))
        quick.addStretch(1)
        quick.addWidget(self.all_mine)
        quick.addWidget(self.all_theirs)

        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(sides)
        layout.addLayout(mode_row)
        layout.addLayout(quick)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        self.mode_buttons[PER_ITEM].setChecked(True)

    # ------------------------------------------------------------------ choices

    def mode(self) -> str:
        return next(k for k, b in self.mode_buttons.items() if b.isChecked())

    def set_mode(self, mode: str) -> None:
        self.mode_buttons[mode].setChecked(True)

    def choose(self, key: str, choice: str) -> None:
        combo = self.combos[key]
        combo.setCurrentIndex(combo.findData(choice))

    def choose_all(self, choice: str) -> None:
        self.set_mode(PER_ITEM)
        for _key, combo in self.combos.items():
            i = combo.findData(choice)
            combo.setCurrentIndex(i if i >= 0 else combo.findData(ex.MINE))

    def choices(self) -> dict[str, str | None]:
        return {k: c.currentData() for k, c in self.combos.items()}

    def settled(self) -> bool:
        return self.mode() != PER_ITEM or all(v is not None for v in self.choices().values())

    def resolution(self) -> str | dict[str, str] | None:
        if self.mode() != PER_ITEM:
            return self.mode()
        choices = self.choices()
        return choices if all(v is not None for v in choices.values()) else None

    def check(self) -> bool:
        """Say at the conflict if its per-item choices cannot be combined."""
        res = self.resolution()
        message = ""
        if isinstance(res, dict):
            try:
                ex.merge(self.conflict.mine, self.conflict.theirs, res)
            except ex.MergeError as e:
                message = tr("这些选择无法合并：{0}").format(e)
        self.error.setText(message)
        self.error.setVisible(bool(message))
        return not message

    def _mode_changed(self) -> None:
        per_item = self.mode() == PER_ITEM
        for combo in self.combos.values():
            combo.setEnabled(per_item)
        self.error.hide()
        self.on_change()

    def _choice_changed(self) -> None:
        self.error.hide()
        self.on_change()


class ConflictDialog(QDialog):
    """All conflicts of one import; accept gives ``resolutions()`` for the re-import."""

    def __init__(self, store: Store, conflicts: list[Conflict], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("处理导入冲突"))
        self.conflicts = conflicts
        intro = QLabel(
            tr(
                "以下 {0} 份检查在本机和导入文件中都被修改过。请逐项选择保留哪一方，或整份选择；"
                "两份都保留时，导入的一份另存为新的草稿。未处理的冲突不会被导入，本机数据保持不变。"
            ).format(len(conflicts))
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setMinimumWidth(230)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        self.panels: list[ConflictPanel] = []
        for c in conflicts:
            panel = ConflictPanel(store, c)
            panel.on_change = self._refresh
            self.panels.append(panel)
            self.stack.addWidget(panel)
            self.list.addItem(QListWidgetItem(panel.title))
        self.list.currentRowChanged.connect(self.stack.setCurrentIndex)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(self.stack)
        split.setStretchFactor(1, 1)
        split.setSizes([240, 760])
        self.list.setVisible(len(conflicts) > 1)  # one conflict: its panel says everything

        self.status = QLabel()
        self.status.setObjectName("muted")
        self.buttons = QDialogButtonBox()
        self.apply_button = self.buttons.addButton(tr("按所选导入"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setObjectName("primary")
        self.cancel_button = self.buttons.addButton(tr("暂不处理"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)
        self.resize(1100, 640)
        self.list.setCurrentRow(0)
        self._refresh()

    def panel(self, uuid: str) -> ConflictPanel:
        return next(p for p in self.panels if p.conflict.uuid == uuid)

    def resolutions(self) -> dict[str, str | dict[str, str]]:
        """uuid → "mine" / "theirs" / "keep_both" / {difference key: "mine" | "theirs" | "both"}."""
        out = {}
        for p in self.panels:
            res = p.resolution()
            if res is not None:
                out[p.conflict.uuid] = res
        return out

    def _refresh(self) -> None:
        done = 0
        for row, p in enumerate(self.panels):
            ok = p.settled()
            done += ok
            entry = self.list.item(row)
            entry.setText(("✓ " if ok else "● ") + p.title)
            entry.setForeground(QBrush(QColor("#2e7d32" if ok else "#b26a00")))
        self.status.setText(tr("已选择 {0} / {1} 份").format(done, len(self.panels)))
        self.apply_button.setEnabled(done > 0)

    def _accept(self) -> None:
        for row, p in enumerate(self.panels):
            if not p.check():
                self.list.setCurrentRow(row)
                return
        if self.resolutions():
            self.accept()


__all__ = ["ConflictDialog", "ConflictPanel", "part_label", "part_text"]
