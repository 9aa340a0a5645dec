"""Answer controls that fit each item type: segmented choices, numbers with a live band, text, dates.

An editor shows a value, reports a user's answer with ``committed(value)`` (None clears the
answer) and never saves anything itself: the walkthrough saves through the services. Typed
values (numbers, text, dates) are checked with the domain's own ``coerce_value`` before they are
committed, so what the field accepts is exactly what the database accepts.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain import answer_text
from ...domain.answer_options import options_for
from ...domain.scoring import NA, AnswerError, band_grade, coerce_value
from ...domain.template import Item, Template
from .. import i18n, labels

translate = QCoreApplication.translate  # pyside6-lupdate reads translate("editors", "…")


fmt_number = answer_text.number  # 31.5 → '31.5', 31.0 → '31', never scientific notation


def input_problem(item: Item, raw: str) -> str | None:
    """Why a typed answer is refused, in the interface language; None when it is accepted."""
    try:
        coerce_value(item, raw)
        return None
    except AnswerError:
        pass
    text = raw.strip()
    whole = item.type in ("deduction", "count")
    if "," in text or "，" in text:
        return translate("editors", "“{0}”不是有效数字：小数请用小数点“.”，不要用逗号").format(text)
    try:
        number = float(text)
    except ValueError:
        if item.type == "date":
            return translate("editors", "“{0}”不是日期，请按 YYYY-MM-DD 填写（如 2026-11-27）").format(text)
        if whole:
            return translate("editors", "“{0}”不是整数，请输入 0 或正整数").format(text)
        return translate("editors", "“{0}”不是数字，请输入数值（如 31.5），不适用请填 na").format(text)
    if not math.isfinite(number):
        return translate("editors", "“{0}”不是有效数字").format(text)
    if whole:
        return translate("editors", "请输入 0 或正整数，不是“{0}”").format(text)
    if item.min is not None and number < item.min:
        return translate("editors", "不能小于 {0}{1}").format(fmt_number(item.min), item.unit)
    if item.max is not None and number > item.max:
        return translate("editors", "不能大于 {0}{1}").format(fmt_number(item.max), item.unit)
    return translate("editors", "“{0}”不能作为答案").format(text)


def describe_value(tpl: Template, item: Item, value: Any, params: dict) -> str:
    """A short display of a stored answer (the tree's answer column; "" while unanswered), worded
    by domain.answer_text in the interface language."""
    if value is None:
        return ""
    measured = item.type in ("measure", "tiers") and value != NA and not isinstance(value, str)
    grade = band_grade(item, float(value), params) if measured else None
    return answer_text.answer_text(item, value, grade, i18n.current(), short=True)


class AnswerEditor(QWidget):
    """Base: ``committed(value)``; digit keys; ``commit()`` before leaving the item."""

    committed = Signal(object)

    def __init__(self, item: Item, parent: QWidget | None = None):
        super().__init__(parent)
        self.item = item
        self.value: Any = None

    def set_value(self, value: Any, *, pending: bool = False) -> None:
        self.value = value

    def press_digit(self, n: int) -> bool:
        return False

    def commit(self) -> bool:
        """Commit typed input; False (with a message at the field) when it is refused."""
        return True

    def refused(self) -> tuple[str, str] | None:
        """(typed text, why it is refused) while the field holds input it would not accept."""
        return None

    def discard_typed(self) -> None:
        """Put the stored answer back in the field, dropping refused input."""
        self.set_value(self.value)

    def focus_target(self) -> QWidget | None:
        return None

    def set_editable(self, editable: bool) -> None:
        self.setEnabled(editable)


class ChoiceEditor(AnswerEditor):
    """Segmented buttons "1 符合 · 2 基本符合 · 3 不符合 · 4 不适用"; digit n picks button n."""

    def __init__(self, item: Item, options: list[str], parent: QWidget | None = None):
        super().__init__(item, parent)
        self.options = options
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)
        self.buttons: list[QPushButton] = []
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for n, option in enumerate(options, start=1):
            button = QPushButton(f"{n}  {labels.answer(option)}")
            button.setObjectName("answer")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # digits answer; focus stays on the card
            button.setProperty("value", option)
            self.group.addButton(button, n)
            self.buttons.append(button)
            row.addWidget(button)
        row.addStretch(1)
        self.group.idClicked.connect(lambda n: self._choose(self.options[n - 1]))

    def _choose(self, option: str) -> None:
        self._show(self.value)  # the stored answer stays shown until the save succeeds
        self.committed.emit(option)

    def _show(self, value: Any, pending: bool = False) -> None:
        for button in self.buttons:
            chosen = button.property("value") == value
            button.setChecked(chosen and not pending)
            button.setObjectName("answerPending" if chosen and pending else "answer")
            button.style().unpolish(button)
            button.style().polish(button)

    def set_value(self, value: Any, *, pending: bool = False) -> None:
        if not pending:
            self.value = value
        self._show(value, pending)

    def press_digit(self, n: int) -> bool:
        if 1 <= n <= len(self.options) and self.isEnabled():
            self._choose(self.options[n - 1])
            return True
        return False


class TypedEditor(AnswerEditor):
    """A value typed into a line edit, checked as you type, committed on Enter or leaving the item."""

    def __init__(self, item: Item, tpl: Template, params: dict, parent: QWidget | None = None):
        super().__init__(item, parent)
        self.tpl, self.params = tpl, params
        self.field = QLineEdit()
        self.field.setObjectName("answerField")
        self.field.setMaximumWidth(260)
        self.unit = QLabel(item.unit)
        self.feedback = QLabel()
        self.feedback.setObjectName("fieldOk")
        self.feedback.setWordWrap(True)
        self.extra = QHBoxLayout()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.field)
        row.addWidget(self.unit)
        row.addLayout(self.extra)
        row.addStretch(1)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(row)
        box.addWidget(self.feedback)
        self.field.textEdited.connect(self._live)
        self._shown_text = ""

    def text_of(self, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return fmt_number(value)
        return str(value)

    def set_value(self, value: Any, *, pending: bool = False) -> None:
        if not pending:
            self.value = value
        self._shown_text = self.text_of(self.value)
        self.field.setText(self.text_of(value))
        self._live(self.field.text())

    def set_message(self, text: str, error: bool) -> None:
        self.feedback.setObjectName("fieldError" if error else "fieldOk")
        self.feedback.style().unpolish(self.feedback)
        self.feedback.style().polish(self.feedback)
        self.feedback.setText(text)

    def outcome(self, value: Any) -> str:
        """What an accepted value means (the live band), shown beside the field."""
        if value == NA:
            return labels.answer(NA)
        if self.item.type in ("measure", "tiers") and not isinstance(value, str):
            grade = band_grade(self.item, float(value), self.params)
            band = next((b for b in self.item.bands_for(self.params) if b.grade == grade), None)
            rule = f"（{band.describe()}{self.item.unit}）" if band else ""
            return f"→ {labels.answer(grade)}{rule}"
        if self.item.type == "deduction":
            got = max(0.0, self.item.points - int(value) * self.item.per_violation)
            return translate("editors", "→ 扣 {0} 分，得 {1} / {2} 分").format(
                fmt_number(self.item.points - got), fmt_number(got), fmt_number(self.item.points)
            )
        return ""

    def _live(self, text: str) -> None:
        if not text.strip():
            self.set_message("", False)
            return
        problem = input_problem(self.item, text)
        if problem:
            self.set_message(problem, True)
        else:
            self.set_message(self.outcome(coerce_value(self.item, text)), False)

    def commit(self) -> bool:
        text = self.field.text()
        if text.strip() == self._shown_text:
            return True
        if not text.strip():
            self.committed.emit(None)
            return True
        problem = input_problem(self.item, text)
        if problem:
            self.set_message(problem, True)
            self.field.setFocus()
            self.field.selectAll()
            return False
        self.committed.emit(coerce_value(self.item, text))
        return True

    def refused(self) -> tuple[str, str] | None:
        text = self.field.text()
        if not text.strip() or text.strip() == self._shown_text:
            return None
        problem = input_problem(self.item, text)
        return (text.strip(), problem) if problem else None

    def focus_target(self) -> QWidget | None:
        return self.field

    def set_editable(self, editable: bool) -> None:
        self.field.setReadOnly(not editable)
        for i in range(self.extra.count()):
            w = self.extra.itemAt(i).widget()
            if w is not None:
                w.setEnabled(editable)


class MeasureEditor(TypedEditor):
    """A number with its unit and the band it falls in, plus 不适用 for scored items."""

    def __init__(
        self, item: Item, tpl: Template, params: dict, parent: QWidget | None = None, *, with_choices: bool = True
    ):
        super().__init__(item, tpl, params, parent)
        whole = item.type in ("deduction", "count")
        self.field.setPlaceholderText(
            translate("editors", "整数，如 0、1、2") if whole else translate("editors", "数值，如 31.5")
        )
        if item.type in ("deduction", "count"):
            for sign, step in (("−", -1), ("+", 1)):
                button = QPushButton(sign)
                button.setFixedWidth(32)
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                button.clicked.connect(lambda _=False, s=step: self._step(s))
                self.extra.addWidget(button)
        for option in options_for(item).choices if with_choices else ():  # 不适用 for a scored item
            button = QPushButton(labels.answer(option))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setProperty("value", option)
            button.setToolTip(translate("editors", "也可以在框中输入 na"))
            button.clicked.connect(lambda _=False, o=option: self.committed.emit(o))
            self.extra.addWidget(button)
        if item.type in ("measure", "tiers"):
            rules = "；".join(f"{labels.answer(b.grade)} {b.describe()}{item.unit}" for b in item.bands_for(params))
            self.field.setToolTip(rules)

    def _step(self, step: int) -> None:
        try:
            current = int(self.field.text() or 0)
        except ValueError:
            current = 0
        self.field.setText(str(max(0, current + step)))
        self._live(self.field.text())
        self.commit()


class DateEditor(TypedEditor):
    def __init__(self, item: Item, tpl: Template, params: dict, parent: QWidget | None = None):
        super().__init__(item, tpl, params, parent)
        self.field.setPlaceholderText("YYYY-MM-DD")
        today = QPushButton(translate("editors", "今天"))
        today.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        today.clicked.connect(self._today)
        self.extra.addWidget(today)

    def _today(self) -> None:
        self.field.setText(_dt.date.today().isoformat())
        self.commit()


class TextEditor(AnswerEditor):
    """Free text; saved a moment after typing stops, and when leaving the item."""

    DELAY_MS = 800

    def __init__(self, item: Item, parent: QWidget | None = None):
        super().__init__(item, parent)
        self.field = QPlainTextEdit()
        self.field.setObjectName("answerText")
        self.field.setMaximumHeight(110)
        self.field.setTabChangesFocus(True)
        self.field.setPlaceholderText(translate("editors", "在此填写"))
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.field)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(self.DELAY_MS)
        self.timer.timeout.connect(self.commit)
        self.field.textChanged.connect(self._typed)
        self._loading = False

    def _typed(self) -> None:
        if not self._loading:
            self.timer.start()

    def set_value(self, value: Any, *, pending: bool = False) -> None:
        if not pending:
            self.value = value
        self._loading = True
        self.field.setPlainText("" if value is None else str(value))
        self._loading = False

    def commit(self) -> bool:
        self.timer.stop()
        text = self.field.toPlainText()
        if text == (self.value or ""):
            return True
        self.committed.emit(text if text.strip() else None)
        return True

    def focus_target(self) -> QWidget | None:
        return self.field

    def set_editable(self, editable: bool) -> None:
        self.field.setReadOnly(not editable)


class TiersEditor(AnswerEditor):
    """合格 / 基本合格 / 不合格 chosen directly, or a percentage mapped by the item's bands."""

    def __init__(self, item: Item, tpl: Template, params: dict, parent: QWidget | None = None):
        super().__init__(item, parent)
        options = options_for(item)
        self.choice = ChoiceEditor(item, list(options.choices))
        self.number = MeasureEditor(item, tpl, params, with_choices=False) if options.entry == "percent" else None
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.choice)
        self.choice.committed.connect(self.committed)
        if self.number is not None:
            hint = QLabel(translate("editors", "或输入百分比，按标准换算："))
            hint.setObjectName("muted")
            box.addWidget(hint)
            box.addWidget(self.number)
            self.number.committed.connect(self.committed)

    def set_value(self, value: Any, *, pending: bool = False) -> None:
        if not pending:
            self.value = value
        shown = value
        if self.number is not None:
            number_value = value if isinstance(value, (int, float)) else None
            self.number.set_value(number_value, pending=pending)
            if number_value is not None:
                shown = band_grade(self.item, float(number_value), self.number.params)
        self.choice.set_value(shown, pending=pending)

    def press_digit(self, n: int) -> bool:
        return self.choice.press_digit(n)

    def commit(self) -> bool:
        return self.number.commit() if self.number is not None else True

    def refused(self) -> tuple[str, str] | None:
        return self.number.refused() if self.number is not None else None

    def discard_typed(self) -> None:
        if self.number is not None:
            self.number.discard_typed()

    def set_editable(self, editable: bool) -> None:
        self.choice.set_editable(editable)
        if self.number is not None:
            self.number.set_editable(editable)


def editor_for(tpl: Template, item: Item, params: dict) -> AnswerEditor:
    """The control for ``item``'s answers (domain.answer_options): choices alone as buttons, a
    typed entry with its choices (不适用) beside it."""
    options = options_for(item)
    if item.type == "tiers":
        return TiersEditor(item, tpl, params)
    if not options.entry:
        return ChoiceEditor(item, list(options.choices))
    if options.entry in ("number", "violations", "count"):
        return MeasureEditor(item, tpl, params)
    if options.entry == "date":
        return DateEditor(item, tpl, params)
    return TextEditor(item)
