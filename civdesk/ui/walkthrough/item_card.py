"""The current item of a walkthrough as a card: criterion, guidance, answer control, note, photos.

The card owns the keyboard while an item is answered: digit keys answer, Enter asks for the next
item. Photos dropped anywhere on the card are attached to its item.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...domain.template import Item, Template
from .. import labels
from .editors import AnswerEditor, editor_for, fmt_number
from .evidence import NoteEditor, PhotoStrip, image_paths

if TYPE_CHECKING:
    from ...services.inspections import PhotoFile

MISSING = object()
_DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(10)}


def _chip_html(text: str, veto: bool) -> str:
    colours = (
        "background-color:#c62828; color:white; font-weight:bold" if veto else "background-color:#eef2f7; color:#344054"
    )
    return f'<span style="{colours}">&nbsp;{html.escape(text)}&nbsp;</span>'


class ItemCard(QFrame):
    answer_committed = Signal(str, object)  # code, value (None clears)
    note_committed = Signal(str, str)
    files_dropped = Signal(str, list)  # code, [Path]
    remove_photo = Signal(int)
    next_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("card")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAcceptDrops(True)
        self.item: Item | None = None
        self.editor: AnswerEditor | None = None
        self.editable = True

        self.breadcrumb = QLabel()
        self.breadcrumb.setObjectName("breadcrumb")
        self.breadcrumb.setWordWrap(True)
        self.code = QLabel()
        self.code.setObjectName("itemCode")
        self.chips = QLabel()
        self.chips.setTextFormat(Qt.TextFormat.RichText)
        self.chips.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(self.code)
        head.addSpacing(8)
        head.addWidget(self.chips, 1)
        self.text = QLabel()
        self.text.setObjectName("itemText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.guidance = QLabel()
        self.guidance.setObjectName("muted")
        self.guidance.setWordWrap(True)
        self.answer_title = QLabel(self.tr("作答"))
        self.answer_title.setObjectName("breadcrumb")
        self.editor_box = QVBoxLayout()
        self.save_error = QLabel()
        self.save_error.setObjectName("fieldError")
        self.save_error.setWordWrap(True)
        self.save_error.hide()
        self.evidence_hint = QLabel()
        self.evidence_hint.setObjectName("fieldHint")
        self.evidence_hint.setWordWrap(True)
        self.evidence_hint.hide()
        note_title = QLabel(self.tr("说明 / 备注（Ctrl+N）"))
        note_title.setObjectName("breadcrumb")
        self.note = NoteEditor()
        self.note.committed.connect(lambda text: self.item and self.note_committed.emit(self.item.code, text))
        self.note.escaped.connect(self.setFocus)
        photos_title = QLabel(self.tr("照片（Ctrl+I 添加，或拖放到卡片上）"))
        photos_title.setObjectName("breadcrumb")
        self.photos = PhotoStrip()
        self.photos.files_chosen.connect(lambda paths: self.item and self.files_dropped.emit(self.item.code, paths))
        self.photos.remove_requested.connect(self.remove_photo)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(8)
        layout.addWidget(self.breadcrumb)
        layout.addLayout(head)
        layout.addWidget(self.text)
        layout.addWidget(self.guidance)
        layout.addSpacing(6)
        layout.addWidget(self.answer_title)
        layout.addLayout(self.editor_box)
        layout.addWidget(self.save_error)
        layout.addWidget(self.evidence_hint)
        layout.addSpacing(6)
        layout.addWidget(note_title)
        layout.addWidget(self.note)
        layout.addWidget(photos_title)
        layout.addWidget(self.photos)
        layout.addStretch(1)

    # ------------------------------------------------------------------ showing an item

    def show_item(
        self,
        tpl: Template,
        item: Item,
        params: dict,
        *,
        breadcrumb: str,
        value: Any,
        note: str,
        photos: list[PhotoFile],
        editable: bool,
        pending_value: Any = MISSING,
        pending_note: str | None = None,
    ) -> None:
        self.item = item
        self.editable = editable
        self.breadcrumb.setText(breadcrumb)
        self.code.setText(item.code)
        self.text.setText(item.text)
        self.guidance.setText(self.tr("检查方法：{0}").format(item.guidance) if item.guidance else "")
        self.guidance.setVisible(bool(item.guidance))
        self._set_chips(item)
        if self.editor is not None:
            self.editor.committed.disconnect()
            self.editor_box.removeWidget(self.editor)
            self.editor.deleteLater()
        self.editor = editor_for(tpl, item, params)
        self.editor.set_value(value)
        if pending_value is not MISSING:
            self.editor.set_value(pending_value, pending=True)
        self.editor.set_editable(editable)
        self.editor.committed.connect(lambda v: self.answer_committed.emit(item.code, v))
        self.editor_box.addWidget(self.editor)
        self.note.set_note(pending_note if pending_note is not None else note, saved=note)
        self.note.setReadOnly(not editable)
        self.photos.set_editable(editable)
        self.photos.set_photos(photos)
        self.set_save_error("")

    def _set_chips(self, item: Item) -> None:
        chips = [(labels.item_type(item.type), False), (labels.method(item.method), False)]
        if item.scored_by:  # records a value whose condition another item scores once
            chips.append((self.tr("由 {0} 计分").format(item.scored_by), False))
        elif item.scored:
            chips.append((self.tr("{0} 分").format(fmt_number(item.points)), False))
        chips.append((self.tr("必答") if item.required else self.tr("选答"), False))
        if item.veto:
            chips.append((self.tr("一票否决项"), True))
        need = []
        if item.photo_on_fail:
            need.append(self.tr("照片"))
        if item.note_on_fail:
            need.append(self.tr("说明"))
        if need:
            chips.append((self.tr("不符合时需{0}").format(self.tr("和").join(need)), False))
        # One rich-text label wraps on a narrow card, where a row of labels would be cut off.
        self.chips.setText("&nbsp; ".join(_chip_html(text, veto) for text, veto in chips))

    def focus_default(self) -> None:
        target = self.editor.focus_target() if self.editor is not None and self.editable else None
        (target or self).setFocus()

    def set_value(self, value: Any) -> None:
        if self.editor is not None:
            self.editor.set_value(value)

    def set_pending(self, value: Any) -> None:
        if self.editor is not None:
            self.editor.set_value(value, pending=True)

    def set_saved_note(self, text: str) -> None:
        self.note.saved_text = text

    def set_save_error(self, text: str) -> None:
        self.save_error.setText(text)
        self.save_error.setVisible(bool(text))

    def set_evidence_hint(self, text: str) -> None:
        self.evidence_hint.setText(text)
        self.evidence_hint.setVisible(bool(text))

    def commit(self) -> bool:
        """Commit whatever is typed (answer and note) before the item is left."""
        self.note.commit()
        return self.editor.commit() if self.editor is not None and self.editable else True

    # ------------------------------------------------------------------ keyboard and drops

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in _DIGITS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            if self.editor is not None and self.editable and self.editor.press_digit(_DIGITS[key]):
                return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.next_requested.emit()
            return
        super().keyPressEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.editable and image_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if self.editable and image_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = image_paths(event.mimeData())
        if self.item is not None and self.editable and paths:
            event.acceptProposedAction()
            self.files_dropped.emit(self.item.code, paths)
        else:
            event.ignore()
