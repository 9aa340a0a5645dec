"""The template editor's right-hand forms: the template's own settings (scoring, parameters, result
levels, certificate rules), a section, and an item of any type (with bands and their parameter
variants).

A form never changes data itself: every edit becomes an undoable command on the TemplateModel
(``model.edit``), and the form re-reads its node when the model says the node changed (after an
undo, say). Typing in one field merges into one undo step.
"""

from __future__ import annotations

import copy
from typing import Any, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QSpinBox,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ..domain.template import (DEFAULT_GRADE_FRACTIONS, DEFAULT_PARTIAL_FRACTION, DEFAULT_TIER_FRACTIONS, GRADES,
                               ITEM_TYPES, METHODS, SCOPES, SCORED_TYPES, TIERS)
from . import labels
from .template_model import ABSENT, Node, TemplateModel, parse_number_text

LOWER = (("", "—"), ("gt", ">"), ("ge", "≥"))
UPPER = (("", "—"), ("lt", "<"), ("le", "≤"))


def _text_of(v: Any) -> str:
    if v is None or v is ABSENT:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _number_or_default(v: Any, default: float) -> float:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else default


def _num(v: float) -> int | float:
    v = round(v, 6)
    return int(v) if float(v).is_integer() else v


def _plain(height: int) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    return edit


def _fraction_spin() -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(0, 1)
    spin.setSingleStep(0.05)
    spin.setDecimals(2)
    return spin


class _Form(QWidget):
    """Base: which node is shown, loading without echoing edits back, pushing edits."""

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

    def __init__(self, columns: list[tuple[str, str, Callable[[Any], str], Callable[[str], Any]]],
                 make_new: Callable[[list[dict]], dict], parent: QWidget | None = None):
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
        self.table.setFixedHeight(self.table.horizontalHeader().height() + 4
                                  + self.table.verticalHeader().defaultSectionSize() * max(2, len(records)))
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
    return ", ".join(map(str, v)) if isinstance(v, list) else _text_of(v)


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


class TemplateForm(_Form):
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
        self.scope.currentIndexChanged.connect(lambda: self.push({"scope": self.scope.currentData()},
                                                                 self.tr("修改适用范围")))
        self.source = self.line("source", self.tr("修改来源"))
        self.description = self.plain("description", self.tr("修改说明"), 54)
        self.rect_days = QSpinBox()
        self.rect_days.setRange(1, 365)
        self.rect_days.setSuffix(self.tr(" 天"))
        self.rect_days.valueChanged.connect(lambda v: self.push({"rectification_days": v}, self.tr("修改整改期限"),
                                                                merge=True))

        self.partial = _fraction_spin()
        self.partial.valueChanged.connect(lambda v: self._scoring("partial_fraction", _num(v)))
        self.grade_spins = {g: _fraction_spin() for g in GRADES}
        self.tier_spins = {t: _fraction_spin() for t in TIERS}
        for name, spins in (("grade_fractions", self.grade_spins), ("tier_fractions", self.tier_spins)):
            for spin in spins.values():
                spin.valueChanged.connect(lambda _v, name=name, spins=spins: self._scoring(
                    name, {k: _num(s.value()) for k, s in spins.items()}))

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
            [("name", self.tr("参数名"), _text_of, _str_or_absent),
             ("label", self.tr("显示名"), _text_of, _str_or_absent),
             ("choices", self.tr("可选值（逗号分隔）"), _join, _split),
             ("choice_labels", self.tr("可选值名称（值=名称）"), _labels_to, _labels_from),
             ("default", self.tr("默认值"), _text_of, _str_or_absent)],
            lambda recs: {"name": "region", "label": "地区", "choices": ["east", "central", "northeast", "west"],
                          "choice_labels": {"east": "东部", "central": "中部", "northeast": "东北部", "west": "西部"},
                          "default": self.default_region} if not any(r.get("name") == "region" for r in recs)
            else {"name": f"param{len(recs) + 1}", "label": "", "choices": ["a", "b"], "default": "a"})
        self.params.changed.connect(lambda recs: self.push({"parameters": recs or ABSENT}, self.tr("修改参数")))
        self.levels = RecordTable(
            [("name", self.tr("代码"), _text_of, _str_or_absent),
             ("label", self.tr("名称"), _text_of, _str_or_absent),
             ("min_percent", self.tr("最低得分率 %"), _text_of, parse_number_text)],
            lambda recs: {"name": f"level{len(recs) + 1}", "label": self.tr("新等级"), "min_percent": 0})
        self.levels.changed.connect(lambda recs: self.push({"levels": recs}, self.tr("修改结果等级")))
        self.certificates = RecordTable(
            [("title", self.tr("证书名称"), _text_of, _str_or_absent),
             ("levels", self.tr("获证等级（代码，逗号分隔）"), _join, _split)],
            lambda recs: {"title": self.tr("文明服务示范窗口"), "levels": ["excellent"]})
        self.certificates.changed.connect(lambda recs: self.push({"certificates": recs or ABSENT},
                                                                  self.tr("修改证书规则")))
        groups = []
        for title, table, hint in (
                (self.tr("参数"), self.params, self.tr("例如地区：分档可按参数值不同（东部、西部…）")),
                (self.tr("结果等级（从高到低，最低一级从 0 起）"), self.levels, ""),
                (self.tr("证书规则（一票否决时不发证）"), self.certificates, "")):
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
        self.set_line(self.id_edit, _text_of(d.get("id")))
        self.set_line(self.title_edit, _text_of(d.get("title")))
        self.set_combo(self.scope, d.get("scope"))
        self.set_line(self.source, _text_of(d.get("source")))
        self.set_plain(self.description, _text_of(d.get("description")))
        self.set_value(self.rect_days, int(_number_or_default(d.get("rectification_days"), 30)))
        scoring = d.get("scoring") if isinstance(d.get("scoring"), dict) else {}
        self.set_value(self.partial, _number_or_default(scoring.get("partial_fraction"), DEFAULT_PARTIAL_FRACTION))
        for key, spins, defaults in (("grade_fractions", self.grade_spins, DEFAULT_GRADE_FRACTIONS),
                                     ("tier_fractions", self.tier_spins, DEFAULT_TIER_FRACTIONS)):
            given = scoring.get(key) if isinstance(scoring.get(key), dict) else {}
            for g, spin in spins.items():
                self.set_value(spin, _number_or_default(given.get(g), defaults[g]))
        for table, key in ((self.params, "parameters"), (self.levels, "levels"), (self.certificates, "certificates")):
            raw = d.get(key)
            table.set_records([r for r in raw if isinstance(r, dict)] if isinstance(raw, list) else [])


class SectionForm(_Form):
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
        self.set_line(self.code, _text_of(d.get("code")))
        self.set_line(self.title_edit, _text_of(d.get("title")))
        n = sum(1 for c in self.node.descendants() if c.kind == "item")
        self.info.setText(self.tr("包含 {0} 个检查项。拖动左侧的行可调整顺序。").format(n))


# ------------------------------------------------------------------ bands


class BandsTable(QTableWidget):
    """Bands as rows: grade, lower sign and bound, upper sign and bound (the source's own signs)."""

    bands_changed = Signal(list)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, 5, parent)
        self.setHorizontalHeaderLabels([self.tr("等级"), self.tr("下限"), self.tr("下限值"), self.tr("上限"),
                                        self.tr("上限值")])
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grades: tuple[str, ...] = GRADES
        self._quiet = False

    def set_bands(self, bands: list[dict], grades: tuple[str, ...]) -> None:
        if bands == self.bands() and grades == self.grades and self.rowCount() == len(bands):
            return
        self._quiet = True
        self.grades = grades
        self.setRowCount(0)
        for band in bands:
            self._append(band if isinstance(band, dict) else {})
        self.setFixedHeight(self.horizontalHeader().height() + 4
                            + self.verticalHeader().defaultSectionSize() * max(3, len(bands)))
        self._quiet = False

    def _append(self, band: dict) -> None:
        r = self.rowCount()
        self.insertRow(r)
        grade = QComboBox()
        for g in self.grades:
            grade.addItem(labels.answer(g), g)
        if band.get("grade") not in self.grades:
            grade.addItem(str(band.get("grade")), band.get("grade"))
        grade.setCurrentIndex(grade.findData(band.get("grade")))
        self.setCellWidget(r, 0, grade)
        grade.currentIndexChanged.connect(self._emit)
        for col, signs in ((1, LOWER), (3, UPPER)):
            sign = QComboBox()
            for key, text in signs:
                sign.addItem(text, key)
            chosen = next((k for k, _ in signs if k and k in band), "")
            sign.setCurrentIndex(sign.findData(chosen))
            value = QLineEdit(_text_of(band.get(chosen)) if chosen else "")
            value.setEnabled(bool(chosen))
            value.setObjectName(f"bound{col}")
            sign.currentIndexChanged.connect(lambda _i, s=sign, v=value: (v.setEnabled(bool(s.currentData())),
                                                                         self._emit()))
            value.textEdited.connect(self._emit)
            self.setCellWidget(r, col, sign)
            self.setCellWidget(r, col + 1, value)

    def bands(self) -> list[dict]:
        out = []
        for r in range(self.rowCount()):
            band: dict[str, Any] = {"grade": self.cellWidget(r, 0).currentData()}
            for col in (1, 3):
                key = self.cellWidget(r, col).currentData()
                if key:
                    v = parse_number_text(self.cellWidget(r, col + 1).text())
                    band[key] = None if v is ABSENT else v
            out.append(band)
        return out

    def set_row(self, row: int, grade: str, lower: tuple[str, float] | None = None,
                upper: tuple[str, float] | None = None) -> None:
        """Fill one row as a user would (used by keyboard-free callers and tests)."""
        g = self.cellWidget(row, 0)
        g.setCurrentIndex(g.findData(grade))
        for col, bound in ((1, lower), (3, upper)):
            sign, value = self.cellWidget(row, col), self.cellWidget(row, col + 1)
            sign.setCurrentIndex(sign.findData(bound[0] if bound else ""))
            value.setText(_text_of(bound[1]) if bound else "")
            value.textEdited.emit(value.text())

    def _emit(self, *_) -> None:
        if not self._quiet:
            self.bands_changed.emit(self.bands())


# ------------------------------------------------------------------ items


class ItemForm(_Form):
    def __init__(self, model: TemplateModel, parent: QWidget | None = None):
        super().__init__(model, parent)
        self.code = self.line("code", self.tr("修改编号"))
        self.text = self.plain("text", self.tr("修改测评标准"), 64, required=True)
        self.guidance = self.plain("guidance", self.tr("修改检查方法说明"), 46)
        self.method = QComboBox()
        for m in METHODS:
            self.method.addItem(labels.method(m), m)
        self.method.currentIndexChanged.connect(
            lambda: self.push({"method": self.method.currentData() if self.method.currentData() != "site_visit"
                               or "method" in (self.node.data if self.node else {}) else ABSENT},
                              self.tr("修改测评方法")))
        self.type = QComboBox()
        for t in ITEM_TYPES:
            self.type.addItem(labels.item_type(t), t)
        self.type.currentIndexChanged.connect(self._type_chosen)
        self.points = QDoubleSpinBox()
        self.points.setRange(0, 1000)
        self.points.setDecimals(2)
        self.points.setSuffix(self.tr(" 分"))
        self.points.valueChanged.connect(lambda v: self.push({"points": _num(v)}, self.tr("修改分值"), merge=True))
        self.required = QCheckBox(self.tr("必答"))
        self.required.toggled.connect(lambda on: self.push({"required": ABSENT if on else False},
                                                           self.tr("修改必答")))
        self.veto = QCheckBox(self.tr("一票否决"))
        self.veto.toggled.connect(lambda on: self.push({"veto": True if on else ABSENT}, self.tr("修改一票否决")))
        self.photo = QCheckBox(self.tr("不符合时须拍照"))
        self.note = QCheckBox(self.tr("不符合时须说明"))
        self.photo.toggled.connect(lambda on: self._evidence("photo_on_fail", on))
        self.note.toggled.connect(lambda on: self._evidence("note_on_fail", on))
        flags = QWidget()
        fl = QHBoxLayout(flags)
        fl.setContentsMargins(0, 0, 0, 0)
        for w in (self.required, self.veto, self.photo, self.note):
            fl.addWidget(w)
        fl.addStretch(1)

        self.own_partial = QCheckBox(self.tr("单独设置"))
        self.partial = _fraction_spin()
        self.own_partial.toggled.connect(self._partial_toggled)
        self.partial.valueChanged.connect(lambda v: self.push({"partial_fraction": _num(v)},
                                                              self.tr("修改基本符合比例"), merge=True))
        self.partial_row = QWidget()
        pr = QHBoxLayout(self.partial_row)
        pr.setContentsMargins(0, 0, 0, 0)
        pr.addWidget(self.own_partial)
        pr.addWidget(self.partial)
        self.partial_hint = QLabel()
        self.partial_hint.setObjectName("muted")
        pr.addWidget(self.partial_hint)
        pr.addStretch(1)
        self.per_violation = QDoubleSpinBox()
        self.per_violation.setRange(0.01, 1000)
        self.per_violation.setDecimals(2)
        self.per_violation.setSuffix(self.tr(" 分/次"))
        self.per_violation.valueChanged.connect(lambda v: self.push({"per_violation": _num(v)},
                                                                    self.tr("修改每次扣分"), merge=True))
        self.unit = self.line("unit", self.tr("修改单位"))
        self.unit.setMaximumWidth(90)
        self.min = self.line("min", self.tr("修改最小值"), numeric=True)
        self.max = self.line("max", self.tr("修改最大值"), numeric=True)
        for e in (self.min, self.max):
            e.setMaximumWidth(90)
        self.range_row = QWidget()
        rr = QHBoxLayout(self.range_row)
        rr.setContentsMargins(0, 0, 0, 0)
        for label, w in ((self.tr("单位"), self.unit), (self.tr("最小值"), self.min), (self.tr("最大值"), self.max)):
            rr.addWidget(QLabel(label))
            rr.addWidget(w)
        rr.addStretch(1)

        self.banded = QCheckBox(self.tr("按数值分档（填百分比等数值，按分档得出合格等级）"))
        self.banded.toggled.connect(self._banded_toggled)
        self.bands_by = QComboBox()
        self.bands_by.currentIndexChanged.connect(self._bands_by_chosen)
        self.variant = QComboBox()
        self.variant.currentIndexChanged.connect(self._show_bands)
        self.bands = BandsTable()
        self.bands.bands_changed.connect(self._bands_edited)
        self.add_band = QPushButton(self.tr("添加分档"))
        self.remove_band = QPushButton(self.tr("删除分档"))
        self.add_band.clicked.connect(self._add_band)
        self.remove_band.clicked.connect(self._remove_band)
        self.bands_box = QGroupBox(self.tr("分档"))
        bl = QVBoxLayout(self.bands_box)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("分档依据")))
        top.addWidget(self.bands_by)
        self.variant_label = QLabel(self.tr("参数值"))
        top.addWidget(self.variant_label)
        top.addWidget(self.variant)
        top.addStretch(1)
        bl.addWidget(self.banded)
        bl.addLayout(top)
        bl.addWidget(self.bands)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_band)
        buttons.addWidget(self.remove_band)
        hint = QLabel(self.tr("例：“>31% 优秀”填 下限 > 31；31 本身不属于优秀。各档不得重叠或留空隙。"))
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        buttons.addWidget(hint, 1)
        bl.addLayout(buttons)

        box = QGroupBox(self.tr("检查项"))
        self.form = QFormLayout(box)
        self.form.addRow(self.tr("编号"), self.code)
        self.form.addRow(self.tr("测评标准"), self.text)
        self.form.addRow(self.tr("检查方法说明"), self.guidance)
        self.form.addRow(self.tr("测评方法"), self.method)
        self.form.addRow(self.tr("类型"), self.type)
        self.form.addRow(self.tr("分值"), self.points)
        self.form.addRow("", flags)
        self.form.addRow(self.tr("基本符合得分比例"), self.partial_row)
        self.form.addRow(self.tr("每次违规扣分"), self.per_violation)
        self.form.addRow(self.tr("数值"), self.range_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(box)
        layout.addWidget(self.bands_box)
        layout.addStretch(1)

    # ------------------------------------------------------------------ showing

    def _params(self) -> list[dict]:
        raw = self.model.template_node.data.get("parameters")
        return [p for p in raw if isinstance(p, dict)] if isinstance(raw, list) else []

    def load(self, d: dict) -> None:
        typ = d.get("type")
        self.set_line(self.code, _text_of(d.get("code")))
        self.set_plain(self.text, _text_of(d.get("text")))
        self.set_plain(self.guidance, _text_of(d.get("guidance")))
        self.set_combo(self.method, d.get("method", "site_visit"))
        self.set_combo(self.type, typ)
        scored = typ in SCORED_TYPES
        self.set_value(self.points, _number_or_default(d.get("points"), 0))
        self.required.setChecked(d.get("required", True) is not False)
        self.veto.setChecked(d.get("veto") is True)
        ev = d.get("evidence") if isinstance(d.get("evidence"), dict) else {}
        self.photo.setChecked(bool(ev.get("photo_on_fail")))
        self.note.setChecked(bool(ev.get("note_on_fail")))
        own = "partial_fraction" in d
        self.own_partial.setChecked(own)
        self.partial.setEnabled(own)
        template_partial = (self.model.template_node.data.get("scoring") or {}).get("partial_fraction",
                                                                                   DEFAULT_PARTIAL_FRACTION)
        self.set_value(self.partial, _number_or_default(d.get("partial_fraction"),
                                                        _number_or_default(template_partial, 0.5)))
        self.partial_hint.setText("" if own else self.tr("（按检查表设置：{0}）").format(_text_of(template_partial)))
        self.set_value(self.per_violation, _number_or_default(d.get("per_violation"), 1))
        self.set_line(self.unit, _text_of(d.get("unit")))
        self.set_line(self.min, _text_of(d.get("min", "")))
        self.set_line(self.max, _text_of(d.get("max", "")))
        for w, show in ((self.points, scored), (self.veto, scored), (self.partial_row, typ == "check"),
                        (self.per_violation, typ == "deduction"), (self.range_row, typ in ("measure", "tiers")),
                        (self.bands_box, typ in ("measure", "tiers"))):
            w.setVisible(show)
            label = self.form.labelForField(w)
            if label is not None:
                label.setVisible(show)
        self.banded.setVisible(typ == "tiers")
        has_bands = "bands" in d or "bands_by" in d
        self.banded.setChecked(has_bands)
        for w in (self.bands_by, self.variant, self.bands, self.add_band, self.remove_band):
            w.setEnabled(typ == "measure" or has_bands)
        # bands_by choices: none, or any parameter of the template
        names = [None] + [p.get("name") for p in self._params()]
        current = [self.bands_by.itemData(i) for i in range(self.bands_by.count())]
        if current != names:
            self.bands_by.clear()
            self.bands_by.addItem(self.tr("统一分档"), None)
            for p in self._params():
                text = self.tr("按地区") if p.get("name") == "region" else self.tr("按{0}").format(
                    p.get("label") or p.get("name"))
                self.bands_by.addItem(text, p.get("name"))
        by = d.get("bands_by")
        if by is not None and self.bands_by.findData(by) < 0:
            self.bands_by.addItem(str(by), by)
        self.set_combo(self.bands_by, by)
        variants = d.get("band_variants") if isinstance(d.get("band_variants"), dict) else {}
        param = next((p for p in self._params() if p.get("name") == by), None)
        keys = list(param.get("choices") or []) if param else []
        keys += [k for k in variants if k not in keys]
        shown = [self.variant.itemData(i) for i in range(self.variant.count())]
        if shown != keys:
            keep = self.variant.currentData()
            self.variant.clear()
            names_of = (param or {}).get("choice_labels") or {}
            for k in keys:
                text = labels.region(k) if by == "region" else names_of.get(k, k)
                self.variant.addItem(text, k)
            if keep in keys:
                self.variant.setCurrentIndex(keys.index(keep))
        self.variant.setVisible(bool(by))
        self.variant_label.setVisible(bool(by))
        self._show_bands()

    def _current_bands(self) -> list[dict]:
        d = self.node.data if self.node else {}
        if d.get("bands_by"):
            variants = d.get("band_variants") if isinstance(d.get("band_variants"), dict) else {}
            got = variants.get(self.variant.currentData())
            return list(got) if isinstance(got, list) else []
        return list(d.get("bands") or []) if isinstance(d.get("bands"), list) else []

    def _show_bands(self) -> None:
        if self.node is None:
            return
        grades = TIERS if self.node.data.get("type") == "tiers" else GRADES
        was = self._loading
        self._loading = True
        self.bands.set_bands(self._current_bands(), grades)
        self._loading = was

    # ------------------------------------------------------------------ editing

    def _type_chosen(self) -> None:
        if not self._loading and self.node is not None:
            self.model.set_type(self.node, self.type.currentData())

    def _evidence(self, key: str, on: bool) -> None:
        if self._loading or self.node is None:
            return
        ev = dict(self.node.data.get("evidence") or {})
        ev[key] = on
        self.push({"evidence": ev if any(ev.values()) else ABSENT}, self.tr("修改证据要求"))

    def _partial_toggled(self, on: bool) -> None:
        self.partial.setEnabled(on)
        self.push({"partial_fraction": _num(self.partial.value()) if on else ABSENT}, self.tr("修改基本符合比例"))

    def _banded_toggled(self, on: bool) -> None:
        if self._loading or self.node is None:
            return
        grades = TIERS if self.node.data.get("type") == "tiers" else GRADES
        from .template_model import DEFAULT_BANDS, DEFAULT_TIER_BANDS

        default = DEFAULT_TIER_BANDS if grades == TIERS else DEFAULT_BANDS
        changes = ({"bands": copy.deepcopy(default), "unit": self.node.data.get("unit", "%")} if on
                   else {"bands": ABSENT, "bands_by": ABSENT, "band_variants": ABSENT})
        self.push(changes, self.tr("修改分档"))

    def _bands_by_chosen(self) -> None:
        if self._loading or self.node is None:
            return
        by = self.bands_by.currentData()
        d = self.node.data
        if by == d.get("bands_by"):
            return
        if by:
            param = next(p for p in self._params() if p.get("name") == by)
            base = self._current_bands()
            self.push({"bands_by": by, "band_variants": {c: copy.deepcopy(base) for c in param.get("choices") or []},
                       "bands": ABSENT}, self.tr("按参数分档"))
        else:
            self.push({"bands": self._current_bands(), "bands_by": ABSENT, "band_variants": ABSENT},
                      self.tr("统一分档"))

    def _bands_edited(self, bands: list[dict]) -> None:
        if self._loading or self.node is None:
            return
        d = self.node.data
        if d.get("bands_by"):
            variants = copy.deepcopy(d.get("band_variants") or {})
            variants[self.variant.currentData()] = bands
            self.push({"band_variants": variants}, self.tr("修改分档"), merge=True)
        else:
            self.push({"bands": bands}, self.tr("修改分档"), merge=True)

    def _add_band(self) -> None:
        grades = TIERS if self.node.data.get("type") == "tiers" else GRADES
        bands = self._current_bands()
        used = {b.get("grade") for b in bands if isinstance(b, dict)}
        grade = next((g for g in grades if g not in used), grades[-1])
        self._bands_edited(bands + [{"grade": grade}])

    def _remove_band(self) -> None:
        r = self.bands.currentRow()
        bands = self._current_bands()
        if bands:
            r = r if 0 <= r < len(bands) else len(bands) - 1
            self._bands_edited([b for n, b in enumerate(bands) if n != r])
