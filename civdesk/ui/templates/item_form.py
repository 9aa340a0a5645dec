"""The template editor's item form: criterion, guidance, method, type, points, veto, required,
evidence rules, the partial share, and for measures (and banded tiers) the bands, which may differ
by a template parameter (one band list per parameter value).

Like the other forms (forms.py) it changes nothing itself: every edit is an undoable
command on the TemplateModel.
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.template import DEFAULT_PARTIAL_FRACTION, GRADES, ITEM_TYPES, METHODS, SCORED_TYPES, TIERS
from .. import labels
from .forms import NodeForm, fraction_spin, number_or_default, text_of, tidy_number
from .model import TemplateModel
from .tree import ABSENT, DEFAULT_BANDS, DEFAULT_TIER_BANDS, parse_number_text

LOWER = (("", "—"), ("gt", ">"), ("ge", "≥"))
UPPER = (("", "—"), ("lt", "<"), ("le", "≤"))


# ------------------------------------------------------------------ bands


class BandsTable(QTableWidget):
    """Bands as rows: grade, lower sign and bound, upper sign and bound (the source's own signs)."""

    bands_changed = Signal(list)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, 5, parent)
        self.setHorizontalHeaderLabels(
            [self.tr("等级"), self.tr("下限"), self.tr("下限值"), self.tr("上限"), self.tr("上限值")]
        )
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
        self.setFixedHeight(
            self.horizontalHeader().height() + 4 + self.verticalHeader().defaultSectionSize() * max(3, len(bands))
        )
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
            value = QLineEdit(text_of(band.get(chosen)) if chosen else "")
            value.setEnabled(bool(chosen))
            value.setObjectName(f"bound{col}")
            sign.currentIndexChanged.connect(
                lambda _i, s=sign, v=value: (v.setEnabled(bool(s.currentData())), self._emit())
            )
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

    def set_row(
        self, row: int, grade: str, lower: tuple[str, float] | None = None, upper: tuple[str, float] | None = None
    ) -> None:
        """Fill one row as a user would (used by keyboard-free callers and tests)."""
        g = self.cellWidget(row, 0)
        g.setCurrentIndex(g.findData(grade))
        for col, bound in ((1, lower), (3, upper)):
            sign, value = self.cellWidget(row, col), self.cellWidget(row, col + 1)
            sign.setCurrentIndex(sign.findData(bound[0] if bound else ""))
            value.setText(text_of(bound[1]) if bound else "")
            value.textEdited.emit(value.text())

    def _emit(self, *_) -> None:
        if not self._quiet:
            self.bands_changed.emit(self.bands())


# ------------------------------------------------------------------ items


class ItemForm(NodeForm):
    def __init__(self, model: TemplateModel, parent: QWidget | None = None):
        super().__init__(model, parent)
        self.code = self.line("code", self.tr("修改编号"))
        self.text = self.plain("text", self.tr("修改测评标准"), 64, required=True)
        self.guidance = self.plain("guidance", self.tr("修改检查方法说明"), 46)
        self.method = QComboBox()
        for m in METHODS:
            self.method.addItem(labels.method(m), m)
        self.method.currentIndexChanged.connect(
            lambda: self.push(
                {
                    "method": self.method.currentData()
                    if self.method.currentData() != "site_visit" or "method" in (self.node.data if self.node else {})
                    else ABSENT
                },
                self.tr("修改测评方法"),
            )
        )
        self.type = QComboBox()
        for t in ITEM_TYPES:
            self.type.addItem(labels.item_type(t), t)
        self.type.currentIndexChanged.connect(self._type_chosen)
        self.points = QDoubleSpinBox()
        self.points.setRange(0, 1000)
        self.points.setDecimals(2)
        self.points.setSuffix(self.tr(" 分"))
        self.points.valueChanged.connect(
            lambda v: self.push({"points": tidy_number(v)}, self.tr("修改分值"), merge=True)
        )
        self.required = QCheckBox(self.tr("必答"))
        self.required.toggled.connect(lambda on: self.push({"required": ABSENT if on else False}, self.tr("修改必答")))
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
        self.partial = fraction_spin()
        self.own_partial.toggled.connect(self._partial_toggled)
        self.partial.valueChanged.connect(
            lambda v: self.push({"partial_fraction": tidy_number(v)}, self.tr("修改基本符合比例"), merge=True)
        )
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
        self.per_violation.valueChanged.connect(
            lambda v: self.push({"per_violation": tidy_number(v)}, self.tr("修改每次扣分"), merge=True)
        )
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
        self.set_line(self.code, text_of(d.get("code")))
        self.set_plain(self.text, text_of(d.get("text")))
        self.set_plain(self.guidance, text_of(d.get("guidance")))
        self.set_combo(self.method, d.get("method", "site_visit"))
        self.set_combo(self.type, typ)
        scored = typ in SCORED_TYPES
        self.set_value(self.points, number_or_default(d.get("points"), 0))
        self.required.setChecked(d.get("required", True) is not False)
        self.veto.setChecked(d.get("veto") is True)
        ev = d.get("evidence") if isinstance(d.get("evidence"), dict) else {}
        self.photo.setChecked(bool(ev.get("photo_on_fail")))
        self.note.setChecked(bool(ev.get("note_on_fail")))
        own = "partial_fraction" in d
        self.own_partial.setChecked(own)
        self.partial.setEnabled(own)
        template_partial = (self.model.template_node.data.get("scoring") or {}).get(
            "partial_fraction", DEFAULT_PARTIAL_FRACTION
        )
        self.set_value(
            self.partial, number_or_default(d.get("partial_fraction"), number_or_default(template_partial, 0.5))
        )
        self.partial_hint.setText("" if own else self.tr("（按检查表设置：{0}）").format(text_of(template_partial)))
        self.set_value(self.per_violation, number_or_default(d.get("per_violation"), 1))
        self.set_line(self.unit, text_of(d.get("unit")))
        self.set_line(self.min, text_of(d.get("min", "")))
        self.set_line(self.max, text_of(d.get("max", "")))
        for w, show in (
            (self.points, scored),
            (self.veto, scored),
            (self.partial_row, typ == "check"),
            (self.per_violation, typ == "deduction"),
            (self.range_row, typ in ("measure", "tiers")),
            (self.bands_box, typ in ("measure", "tiers")),
        ):
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
                text = (
                    self.tr("按地区")
                    if p.get("name") == "region"
                    else self.tr("按{0}").format(p.get("label") or p.get("name"))
                )
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
        self.push(
            {"partial_fraction": tidy_number(self.partial.value()) if on else ABSENT}, self.tr("修改基本符合比例")
        )

    def _banded_toggled(self, on: bool) -> None:
        if self._loading or self.node is None:
            return
        grades = TIERS if self.node.data.get("type") == "tiers" else GRADES
        default = DEFAULT_TIER_BANDS if grades == TIERS else DEFAULT_BANDS
        changes = (
            {"bands": copy.deepcopy(default), "unit": self.node.data.get("unit", "%")}
            if on
            else {"bands": ABSENT, "bands_by": ABSENT, "band_variants": ABSENT}
        )
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
            self.push(
                {
                    "bands_by": by,
                    "band_variants": {c: copy.deepcopy(base) for c in param.get("choices") or []},
                    "bands": ABSENT,
                },
                self.tr("按参数分档"),
            )
        else:
            self.push(
                {"bands": self._current_bands(), "bands_by": ABSENT, "band_variants": ABSENT}, self.tr("统一分档")
            )

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
