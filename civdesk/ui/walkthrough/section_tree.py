"""The walkthrough's left pane: sections with progress and score, items with their answers, and
the find field (Ctrl+F) that filters items by code or words."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import QHeaderView, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ...domain.scoring import Result
from ...domain.template import Section, Template
from .editors import fmt_number

CODE_ROLE = Qt.ItemDataRole.UserRole
_DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(10)}

GLYPH = {"unanswered": "○", "ok": "✓", "failed": "✗", "na": "–", "pending": "⚠"}
COLOR = {"unanswered": "#667085", "ok": "#2e7d32", "failed": "#c62828", "na": "#667085", "pending": "#b26a00"}


class _Tree(QTreeWidget):
    """Digit keys answer the current item even while the tree has the focus; Enter goes to the card."""

    digit = Signal(int)
    enter = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _DIGITS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.digit.emit(_DIGITS[event.key()])
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enter.emit()
            return
        super().keyPressEvent(event)


class SectionTree(QWidget):
    item_chosen = Signal(str)  # an item code picked in the tree or by find
    digit = Signal(int)
    back_to_card = Signal()

    def __init__(self, tpl: Template, parent: QWidget | None = None):
        super().__init__(parent)
        self.find = QLineEdit()
        self.find.setPlaceholderText(self.tr("查找检查项：编号或文字（Ctrl+F）"))
        self.find.setClearButtonEnabled(True)
        self.find.textChanged.connect(self._filter)
        self.find.installEventFilter(self)
        self.tree = _Tree()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([self.tr("检查项"), self.tr("作答 / 进度"), self.tr("得分")])
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 104)
        header.resizeSection(2, 64)
        self.tree.setUniformRowHeights(True)
        self.tree.setWordWrap(False)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.currentItemChanged.connect(self._current_changed)
        self.tree.digit.connect(self.digit)
        self.tree.enter.connect(self.back_to_card)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.find)
        layout.addWidget(self.tree)
        self.item_nodes: dict[str, QTreeWidgetItem] = {}
        self.section_nodes: dict[str, QTreeWidgetItem] = {}
        self._texts: dict[str, str] = {}
        self._quiet = False
        self.tree.setUpdatesEnabled(False)
        for section in tpl.sections:
            self.tree.addTopLevelItem(self._build(section))
        self.tree.expandAll()
        self.tree.setUpdatesEnabled(True)

    def _build(self, section: Section) -> QTreeWidgetItem:
        node = QTreeWidgetItem([f"{section.code}  {section.title}", "", ""])
        node.setToolTip(0, f"{section.code} {section.title}")
        font = node.font(0)
        font.setBold(True)
        node.setFont(0, font)
        self.section_nodes[section.code] = node
        for item in section.items:
            child = QTreeWidgetItem([f"{item.code}  {item.text}", "", ""])
            child.setData(0, CODE_ROLE, item.code)
            child.setToolTip(0, f"{item.code} {item.text}")
            node.addChild(child)
            self.item_nodes[item.code] = child
            self._texts[item.code] = f"{item.text}\n{item.guidance}".lower()
        for sub in section.sections:
            node.addChild(self._build(sub))
        return node

    # ------------------------------------------------------------------ state

    def set_item_state(self, code: str, status: str, answer: str, score: str) -> None:
        node = self.item_nodes[code]
        text = f"{GLYPH[status]} {code}  {node.toolTip(0).split(' ', 1)[1]}"
        node.setText(0, text)
        node.setText(1, answer)
        node.setText(2, score)
        brush = QBrush(QColor(COLOR[status]))
        node.setForeground(1, brush)

    def set_results(self, result: Result) -> None:
        for s in result.sections:
            node = self.section_nodes.get(s.code)
            if node is None:
                continue
            node.setText(1, f"{s.answered}/{s.total}")
            node.setText(2, f"{fmt_number(s.score)}/{fmt_number(s.max)}" if s.max else "")
            node.setForeground(1, QBrush(QColor("#2e7d32" if s.answered == s.total else "#344054")))

    def select(self, code: str) -> None:
        node = self.item_nodes.get(code)
        if node is None or self.tree.currentItem() is node:
            return
        self._quiet = True
        self.tree.setCurrentItem(node)
        self.tree.scrollToItem(node)
        self._quiet = False

    def _current_changed(self, current: QTreeWidgetItem | None, _previous) -> None:
        if self._quiet or current is None:
            return
        code = current.data(0, CODE_ROLE)
        if code:
            self.item_chosen.emit(code)

    # ------------------------------------------------------------------ find

    def start_find(self) -> None:
        self.find.setFocus()
        self.find.selectAll()

    def matches(self, query: str) -> list[str]:
        """Items matching ``query``: the item whose code it is first (Enter goes there), then codes
        starting with it, then items whose words contain it, each in checklist order."""
        q = query.strip().lower()
        if not q:
            return list(self.item_nodes)
        found = [code for code in self.item_nodes if code.lower().startswith(q) or q in self._texts[code]]
        return sorted(found, key=lambda code: 0 if code.lower() == q else 1 if code.lower().startswith(q) else 2)

    def _filter(self, query: str) -> None:
        visible = set(self.matches(query))
        for code, node in self.item_nodes.items():
            node.setHidden(code not in visible)
        for node in self.section_nodes.values():
            node.setHidden(not self._has_visible(node))

    def _has_visible(self, node: QTreeWidgetItem) -> bool:
        for i in range(node.childCount()):
            child = node.child(i)
            if child.data(0, CODE_ROLE):
                if not child.isHidden():
                    return True
            elif self._has_visible(child):
                return True
        return False

    def eventFilter(self, obj, event) -> bool:
        if obj is self.find and event.type() == event.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                found = self.matches(self.find.text())
                if found:
                    self.find.clear()
                    self.item_chosen.emit(found[0])
                    self.back_to_card.emit()
                return True
            if key == Qt.Key.Key_Escape:
                self.find.clear()
                self.back_to_card.emit()
                return True
            if key == Qt.Key.Key_Down:
                found = self.matches(self.find.text())
                if found:
                    self.tree.setFocus()
                    self.tree.setCurrentItem(self.item_nodes[found[0]])
                return True
        return super().eventFilter(obj, event)
