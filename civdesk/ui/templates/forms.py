"""The template editor's right-hand forms: the template's own settings (scoring, parameters, result
levels, certificate rules) and a section; the item form is in item_form.py.

A form never changes data itself: every edit becomes an undoable command on the TemplateModel
(``model.edit``), and the form re-reads its node when the model says the node changed (after an
undo, say). Typing in one field merges into one undo step.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.template import (
    DEFAULT_GRADE_FRACTIONS,
    DEFAULT_PARTIAL_FRACTION,
    DEFAULT_TIER_FRACTIONS,
    GRADES,
    SCOPES,
    TIERS,
)
from .. import labels
from .model import TemplateModel
from .tree import ABSENT, Node, parse_number_text


def text_of(v: Any) -> str:
    """A template value as a field shows it ("" when absent, 3.0 as "3")."""
    if v is None or v is ABSENT:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def number_or_default(v: Any, default: float) -> float:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else default


def tidy_number(v: float) -> int | float:
    """A spin box's number as the template stores it: rounded, whole numbers as int."""
    v = round(v, 6)
    return int(v) if float(v).is_integer() else v


def _plain(height: int) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    return edit


def fraction_spin() -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(0, 1)
    spin.setSingleStep(0.05)
    spin.setDecimals(2)
    return spin


class NodeForm(QWidget):
    """Base of the template editor's forms (template, section, item): which node is shown, loading without echoing edits back, pushing edits."""

    def __init__(self, model: TemplateModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.node: Node | None = None
        self._loading = False
        model.node_changed.connect(self._node_changed)

    def show_node(self, node: Node) -> None:
        self.node = node
        self._loading = True
        try:
            self.load(node.data)
        finally:
            self._loading = False

    def load(self, data: dict) -> None:  # pragma: no cover — every form has its own
        raise NotImplementedError

    def _node_changed(self, node: Node) -> None:
        if node is self.node and self.isVisible():
            self.show_node(node)

    def push(self, changes: dict[str, Any], text: str, merge: bool = False) -> None:
        if not self._loading and self.node is not None:
            self.model.edit(self.node, changes, text, merge=merge)

    # setters that leave a field alone when it already shows the value (the cursor stays put)
    @staticmethod
    def set_line(edit: QLineEdit, text: str) -> None:
        if edit.text() != text:
            edit.setText(text)

    @staticmethod
    def set_plain(edit: QPlainTextEdit, text: str) -> None:
        if edit.toPlainText() != text:
            edit.setPlainText(text)

    @staticmethod
    def set_combo(box: QComboBox, data: Any) -> None:
        i = box.findData(data)
        if box.currentIndex() != i:
            box.setCurrentIndex(i)

    @staticmethod
    def set_value(spin, value: float) -> None:
        if spin.value() != value:
            spin.setValue(value)

    def line(self, key: str, text: str, *, numeric: bool = False) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(f"field_{key}")

        def typed(t: str) -> None:
            value = parse_number_text(t) if numeric else (t.strip() if t.strip() else ABSENT)
            self.push({key: value}, text, merge=True)

        edit.textEdited.connect(typed)
        return edit

    def plain(self, key: str, text: str, height: int, *, required: bool = False) -> QPlainTextEdit:
        edit = _plain(height)
        edit.setObjectName(f"field_{key}")

        def changed() -> None:
            t = edit.toPlainText()
            self.push({key: t.strip() if (t.strip() or required) else ABSENT}, text, merge=True)

        edit.textChanged.connect(changed)
        return edit


# ------------------------------------------------------------------ tables of small records


class RecordTable(QWidget):
    """A small editable table of records (levels, certificate rules, parameters) with add, remove,
    up and down. ``columns`` are (key, header, to_text, from_text)."""

    changed = Signal(list)

    def __init__(
        self,
        columns: list[tuple[str, str, Callable[[Any], str], Callable[[str], Any]]],
        make_new: Callable[[list[dict]], dict],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.columns = columns
        self.make_new = make_new
        self.records: list[dict] = []
        self.table = QTableWidget(0, len(columns))
        self.table.setHorizontalHeaderLabels([c[1] for c in columns])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.itemChanged.connect(self._cell_changed)
        self.add_button = QPushButton(self.tr("添加"))
        self.remove_button = QPushButton(self.tr("删除"))
        self.up_button = QPushButton("↑")
        self.down_button = QPushButton("↓")
        for b in (self.up_button, self.down_button):
            b.setFixedWidth(36)
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        self.up_button.clicked.connect(lambda: self._shift(-1))
        self.down_button.clicked.connect(lambda: self._shift(1))
        buttons = QHBoxLayout()
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def set_records(self, records: list[dict]) -> None:
        if records == self.records and self.table.rowCount() == len(records):
            return
        self.records = copy.deepcopy(records)
        self.table.blockSignals(True)
        self.table.setRowCount(len(records))
        for r, rec in enumerate(records):
            for c, (key, _, to_text, _) in enumerate(self.columns):
                self.table.setItem(r, c, QTableWidgetItem(to_text(rec.get(key, ABSENT))))
        self.table.setFixedHeight(
            self.table.horizontalHeader().height()
            + 4
            + self.table.verticalHeader().defaultSectionSize() * max(2, len(records))
        )
        self.table.blockSignals(False)

    def _cell_changed(self, cell: QTableWidgetItem) -> None:
        r, c = cell.row(), cell.column()
        key, _, _, from_text = self.columns[c]
        records = copy.deepcopy(self.records)
        value = from_text(cell.text())
        if value is ABSENT:
            records[r].pop(key, None)
        else:
            records[r][key] = value
        self.records = records
        self.changed.emit(copy.deepcopy(records))

    def _add(self) -> None:
        self.changed.emit(copy.deepcopy(self.records) + [self.make_new(self.records)])

    def _remove(self) -> None:
        r = self.table.currentRow()
        if 0 <= r < len(self.records):
            self.changed.emit([x for n, x in enumerate(copy.deepcopy(self.records)) if n != r])

    def _shift(self, step: int) -> None:
        r = self.table.currentRow()
        if 0 <= r < len(self.records) and 0 <= r + step < len(self.records):
            records = copy.deepcopy(self.records)
            records[r], records[r + step] = records[r + step], records[r]
            self.changed.emit(records)
            self.table.setCurrentCell(r + step, 0)


def _split(text: str) -> Any:
    parts = [p.strip() for p in text.replace("，", ",").split(",") if p.strip()]
    return parts if parts else ABSENT


def _join(v: Any) -> str:
    return ", ".join(map(str, v)) if isinstance(v, list) else text_of(v)


def _labels_from(text: str) -> Any:
    out = {}
    for part in text.replace("，", ",").replace("；", ",").replace(";", ",").split(","):
        if "=" in part:
            k, v = part.split("=", 1)
            if k.strip():
                out[k.strip()] = v.strip()
    return out or ABSENT


def _labels_to(v: Any) -> str:
    return ", ".join(f"{k}={x}" for k, x in v.items()) if isinstance(v, dict) else ""


def _str_or_absent(t: str) -> Any:
    return t.strip() if t.strip() else ABSENT


# ------------------------------------------------------------------ the template's own settings


class TemplateForm(NodeForm):
    def __init__(self, model: TemplateModel, parent: QWidget | None = None):
        super().__init__(model, parent)
        self.id_edit = self.line("id", self.tr("修改标识"))
        self.id_hint = QLabel(self.tr("已保存的检查表不能改标识；要另起一份，请用“复制”。"))
        self.id_hint.setObjectName("muted")
        self.id_hint.setWordWrap(True)
        self.title_edit = self.line("title", self.tr("修改名称"))
        self.scope = QComboBox()
        for s in SCOPES:
            self.scope.addItem(labels.site_kind(s), s)
        self.scope.currentIndexChanged.connect(
            lambda: self.push({"scope": self.scope.currentData()}, self.tr("修改适用范围"))
        )
        self.source = self.line("source", self.tr("修改来源"))
        self.description = self.plain("description", self.tr("修改说明"), 54)
        self.rect_days = QSpinBox()
        self.rect_days.setRange(1, 365)
        self.rect_days.setSuffix(self.tr(" 天"))
        self.rect_days.valueChanged.connect(
            lambda v: self.push({"rectification_days": v}, self.tr("修改整改期限"), merge=True)
        )

        self.partial = fraction_spin()
        self.partial.valueChanged.connect(lambda v: self._scoring("partial_fraction", tidy_number(v)))
        self.grade_spins = {g: fraction_spin() for g in GRADES}
        self.tier_spins = {t: fraction_spin() for t in TIERS}
        for name, spins in (("grade_fractions", self.grade_spins), ("tier_fractions", self.tier_spins)):
            for spin in spins.values():
                spin.valueChanged.connect(
                    lambda _v, name=name, spins=spins: self._scoring(
                        name, {k: tidy_number(s.value()) for k, s in spins.items()}
                    )
                )

        ident = QGroupBox(self.tr("基本信息"))
        form = QFormLayout(ident)
        form.addRow(self.tr("标识"), self.id_edit)
        form.addRow("", self.id_hint)
        form.addRow(self.tr("名称"), self.title_edit)
        form.addRow(self.tr("适用范围"), self.scope)
        form.addRow(self.tr("来源"), self.source)
        form.addRow(self.tr("说明"), self.description)
        form.addRow(self.tr("整改期限"), self.rect_days)

        scoring = QGroupBox(self.tr("计分"))
        sform = QFormLayout(scoring)
        sform.addRow(self.tr("基本符合得分比例"), self.partial)
        sform.addRow(self.tr("等级得分比例"), self._row(self.grade_spins))
        sform.addRow(self.tr("三级得分比例"), self._row(self.tier_spins))

        self.params = RecordTable(
            [
                ("name", self.tr("参数名"), text_of, _str_or_absent),
                ("label", self.tr("显示名"), text_of, _str_or_absent),
                ("choices", self.tr("可选值（逗号分隔）"), _join, _split),
                ("choice_labels", self.tr("可选值名称（值=名称）"), _labels_to, _labels_from),
                ("default", self.tr("默认值"), text_of, _str_or_absent),
            ],
            lambda recs: (
                {
                    "name": "region",
                    "label": "地区",
                    "choices": ["east", "central", "northeast", "west"],
                    "choice_labels": {"east": "东部", "central": "中部", "northeast": "东北部", "west": "西部"},
                    "default": self.default_region,
                }
                if not any(r.get("name") == "region" for r in recs)
                else {"name": f"param{len(recs) + 1}", "label": "", "choices": ["a", "b"], "default": "a"}
            ),
        )
        self.params.changed.connect(lambda recs: self.push({"parameters": recs or ABSENT}, self.tr("修改参数")))
        self.levels = RecordTable(
            [
                ("name", self.tr("代码"), text_of, _str_or_absent),
                ("label", self.tr("名称"), text_of, _str_or_absent),
                ("min_percent", self.tr("最低得分率 %"), text_of, parse_number_text),
            ],
            lambda recs: {"name": f"level{len(recs) + 1}", "label": self.tr("新等级"), "min_percent": 0},
        )
        self.levels.changed.connect(lambda recs: self.push({"levels": recs}, self.tr("修改结果等级")))
        self.certificates = RecordTable(
            [
                ("title", self.tr("证书名称"), text_of, _str_or_absent),
                ("levels", self.tr("获证等级（代码，逗号分隔）"), _join, _split),
            ],
            lambda recs: {"title": self.tr("文明服务示范窗口"), "levels": ["excellent"]},
        )
        self.certificates.changed.connect(
            lambda recs: self.push({"certificates": recs or ABSENT}, self.tr("修改证书规则"))
        )
        groups = []
        for title, table, hint in (
            (self.tr("参数"), self.params, self.tr("例如地区：分档可按参数值不同（东部、西部…）")),
            (self.tr("结果等级（从高到低，最低一级从 0 起）"), self.levels, ""),
            (self.tr("证书规则（一票否决时不发证）"), self.certificates, ""),
        ):
            box = QGroupBox(title)
            v = QVBoxLayout(box)
            if hint:
                h = QLabel(hint)
                h.setObjectName("muted")
                v.addWidget(h)
            v.addWidget(table)
            groups.append(box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (ident, scoring, *groups):
            layout.addWidget(w)
        layout.addStretch(1)
        self.id_locked = False
        self.default_region = "east"  # the page sets the home's default_region setting

    def _row(self, spins: dict[str, QDoubleSpinBox]) -> QWidget:
        w = QWidget()
        h = QHBoxLayout(w)
        h.setContentsMargins(0, 0, 0, 0)
        for key, spin in spins.items():
            h.addWidget(QLabel(labels.answer(key)))
            h.addWidget(spin)
        h.addStretch(1)
        return w

    def _scoring(self, key: str, value: Any) -> None:
        if self._loading or self.node is None:
            return
        scoring = copy.deepcopy(self.node.data.get("scoring") or {})
        if not isinstance(scoring, dict):
            scoring = {}
        scoring[key] = value
        self.push({"scoring": scoring}, self.tr("修改计分"), merge=True)

    def lock_id(self, locked: bool) -> None:
        self.id_locked = locked
        self.id_edit.setReadOnly(locked)
        self.id_hint.setVisible(locked)

    def load(self, d: dict) -> None:
        self.set_line(self.id_edit, text_of(d.get("id")))
        self.set_line(self.title_edit, text_of(d.get("title")))
        self.set_combo(self.scope, d.get("scope"))
        self.set_line(self.source, text_of(d.get("source")))
        self.set_plain(self.description, text_of(d.get("description")))
        self.set_value(self.rect_days, int(number_or_default(d.get("rectification_days"), 30)))
        scoring = d.get("scoring") if isinstance(d.get("scoring"), dict) else {}
        self.set_value(self.partial, number_or_default(scoring.get("partial_fraction"), DEFAULT_PARTIAL_FRACTION))
        for key, spins, defaults in (
            ("grade_fractions", self.grade_spins, DEFAULT_GRADE_FRACTIONS),
            ("tier_fractions", self.tier_spins, DEFAULT_TIER_FRACTIONS),
        ):
            given = scoring.get(key) if isinstance(scoring.get(key), dict) else {}
            for g, spin in spins.items():
                self.set_value(spin, number_or_default(given.get(g), defaults[g]))
        for table, key in ((self.params, "parameters"), (self.levels, "levels"), (self.certificates, "certificates")):
            raw = d.get(key)
            table.set_records([r for r in raw if isinstance(r, dict)] if isinstance(raw, list) else [])


class SectionForm(NodeForm):
    def __init__(self, model: TemplateModel, parent: QWidget | None = None):
        super().__init__(model, parent)
        self.code = self.line("code", self.tr("修改编号"))
        self.title_edit = self.line("title", self.tr("修改章节名称"))
        self.info = QLabel()
        self.info.setObjectName("muted")
        box = QGroupBox(self.tr("章节"))
        form = QFormLayout(box)
        form.addRow(self.tr("编号"), self.code)
        form.addRow(self.tr("名称"), self.title_edit)
        form.addRow("", self.info)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(box)
        layout.addStretch(1)

    def load(self, d: dict) -> None:
        self.set_line(self.code, text_of(d.get("code")))
        self.set_line(self.title_edit, text_of(d.get("title")))
        n = sum(1 for c in self.node.descendants() if c.kind == "item")
        self.info.setText(self.tr("包含 {0} 个检查项。拖动左侧的行可调整顺序。").format(n))
