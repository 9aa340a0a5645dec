"""The template editor's document: a tree of sections and items over the template's plain data,
changed only through undoable commands (QUndoStack), and shown by a Qt item model.

Each node keeps its own part of the template data as it came from YAML/Excel/the database, so a
key the editor has no field for survives an edit untouched. ``to_data()`` gives the template data
back in the file format's shape; validation and saving work on that (docs/template-format.md).
Within a section the file format lists items before sub-sections, so the tree keeps that order
too (a drop is clamped to it), and what the tree shows is always what gets saved.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QMimeData, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QUndoCommand, QUndoStack

from ...domain.template import GRADES, SCORED_TYPES, TIERS, UNSCORED_TYPES
from .. import labels
from .tree import ABSENT, DEFAULT_BANDS, SCORE_KEYS, TYPE_KEYS, Node

MIME = "application/x-civdesk-template-nodes"
_PATH_STEP = re.compile(r"(sections|items)\[(\d+)\]")


# ------------------------------------------------------------------ undoable commands


class EditCommand(QUndoCommand):
    """Set (or with ABSENT, remove) some keys of one node. Consecutive edits of the same field of
    the same node merge into one undo step (typing a word is one step, not one per letter)."""

    MERGE_ID = 7001

    def __init__(self, model: TemplateModel, node: Node, changes: dict[str, Any], text: str, merge: bool = False):
        super().__init__(text)
        self.model, self.node, self.merge = model, node, merge
        self.new = {k: copy.deepcopy(v) for k, v in changes.items()}
        self.old = {k: copy.deepcopy(node.data.get(k, ABSENT)) for k in changes}

    def id(self) -> int:
        return self.MERGE_ID if self.merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (
            not isinstance(other, EditCommand)
            or not other.merge
            or other.node is not self.node
            or set(other.new) != set(self.new)
        ):
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        self.model._set(self.node, self.new)

    def undo(self) -> None:
        self.model._set(self.node, self.old)


class InsertCommand(QUndoCommand):
    def __init__(self, model: TemplateModel, parent: Node, row: int, node: Node, text: str):
        super().__init__(text)
        self.model, self.parent, self.row, self.node = model, parent, row, node

    def redo(self) -> None:
        self.model._insert(self.parent, self.row, self.node)

    def undo(self) -> None:
        self.model._remove(self.node)


class RemoveCommand(QUndoCommand):
    def __init__(self, model: TemplateModel, node: Node, text: str):
        super().__init__(text)
        self.model, self.node = model, node
        self.parent, self.row = node.parent, node.row()

    def redo(self) -> None:
        self.model._remove(self.node)

    def undo(self) -> None:
        self.model._insert(self.parent, self.row, self.node)


class MoveCommand(QUndoCommand):
    def __init__(self, model: TemplateModel, node: Node, parent: Node, row: int, text: str):
        super().__init__(text)
        self.model, self.node = model, node
        self.old = (node.parent, node.row())
        self.new = (parent, row)

    def redo(self) -> None:
        self.model._move(self.node, *self.new)

    def undo(self) -> None:
        self.model._move(self.node, *self.old)


# ------------------------------------------------------------------ the model


class TemplateModel(QAbstractItemModel):
    """Columns: code, criterion or title, type and points."""

    content_changed = Signal()  # anything changed: validate again, mark unsaved
    node_changed = Signal(object)  # one node's own data changed (its form refreshes)

    def __init__(self, data: dict | None = None, parent=None):
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.indexChanged.connect(self._stack_moved)
        self.root = Node("root", {})
        self.template_node = Node("template", {}, self.root)
        self.load(data or {})

    def _stack_moved(self, _index: int) -> None:
        self.content_changed.emit()

    # ------------------------------------------------------------------ load and save

    def load(self, data: dict) -> None:
        """Show ``data`` (copied), forgetting the undo history."""
        data = copy.deepcopy(data)
        self.beginResetModel()
        sections = data.pop("sections", None)
        self.root = Node("root", {})
        self.template_node = Node("template", data, self.root)
        self.root.children.append(self.template_node)
        for raw in sections if isinstance(sections, list) else []:
            self.root.children.append(self._build(raw, self.root))
        self.endResetModel()
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self.content_changed.emit()

    def _build(self, raw: Any, parent: Node) -> Node:
        if not isinstance(raw, dict):
            raw = {}
        raw = dict(raw)
        items, subs = raw.pop("items", None), raw.pop("sections", None)
        node = Node("section", raw, parent)
        node.had = {k for k, v in (("items", items), ("sections", subs)) if v is not None}
        for it in items if isinstance(items, list) else []:
            node.children.append(Node("item", dict(it) if isinstance(it, dict) else {}, node))
        for sub in subs if isinstance(subs, list) else []:
            node.children.append(self._build(sub, node))
        return node

    def to_data(self) -> dict:
        out = copy.deepcopy(self.template_node.data)
        out["sections"] = [self._section_data(n) for n in self.root.children if n.kind == "section"]
        return out

    def _section_data(self, node: Node) -> dict:
        out = copy.deepcopy(node.data)
        items = [copy.deepcopy(c.data) for c in node.children if c.kind == "item"]
        subs = [self._section_data(c) for c in node.children if c.kind == "section"]
        if items or "items" in node.had:
            out["items"] = items
        if subs or "sections" in node.had:
            out["sections"] = subs
        return out

    def is_clean(self) -> bool:
        return self.undo_stack.isClean()

    # ------------------------------------------------------------------ finding nodes

    def node(self, index: QModelIndex | QPersistentModelIndex) -> Node:
        return index.internalPointer() if index.isValid() else self.root

    def index_of(self, node: Node, column: int = 0) -> QModelIndex:
        if node is self.root or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.row(), column, node)

    def sections(self) -> list[Node]:
        return [n for n in self.root.descendants() if n.kind == "section"]

    def items(self) -> list[Node]:
        return [n for n in self.root.descendants() if n.kind == "item"]

    def node_at(self, path: str) -> Node:
        """The deepest section or item a validation path names (the template node otherwise)."""
        node = self.root
        found = self.template_node
        for kind, n in _PATH_STEP.findall(path) if path.startswith("sections") else ():
            want = "item" if kind == "items" else "section"
            siblings = [c for c in node.children if c.kind == want]
            if int(n) >= len(siblings):
                break
            node = found = siblings[int(n)]
        return found

    def find_code(self, code: str) -> Node | None:
        return next((n for n in self.root.descendants() if n.kind in ("section", "item") and n.code == code), None)

    def all_codes(self) -> set[str]:
        return {n.code for n in self.root.descendants() if n.kind in ("section", "item")}

    # ------------------------------------------------------------------ Qt model

    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:
        node = self.node(parent)
        if 0 <= row < len(node.children) and 0 <= column < 3:
            return self.createIndex(row, column, node.children[row])
        return QModelIndex()

    def parent(self, index=None):  # Qt's name for both the parent index and the QObject parent
        if index is None:
            return QObject.parent(self)
        if not index.isValid():
            return QModelIndex()
        node = index.internalPointer().parent
        return self.index_of(node)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 3

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("编号"), self.tr("内容"), self.tr("类型 · 分值"))[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node: Node = index.internalPointer()
        col = index.column()
        d = node.data
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if node.kind == "template":
                return (self.tr("检查表设置"), str(d.get("title", "")), "")[col]
            if node.kind == "section":
                return (
                    node.code,
                    str(d.get("title", "")),
                    self.tr("{0} 项").format(sum(1 for n in node.descendants() if n.kind == "item")),
                )[col]
            if col == 0:
                return node.code
            if col == 1:
                return str(d.get("text", ""))
            info = labels.item_type(str(d.get("type", "")))
            if d.get("type") in SCORED_TYPES:
                info += self.tr(" · {0} 分").format(_fmt(d.get("points", 0)))
            if d.get("veto") is True:
                info += self.tr(" · 否决")
            return info
        if role == Qt.ItemDataRole.ForegroundRole and node.kind == "item" and d.get("veto") is True and col == 2:
            return QBrush(QColor("#c62828"))
        if role == Qt.ItemDataRole.FontRole and node.kind in ("template", "section") and col < 2:
            from PySide6.QtGui import QFont

            f = QFont()
            f.setBold(True)
            return f
        return None

    def flags(self, index):
        base = super().flags(index)
        if not index.isValid():
            return base | Qt.ItemFlag.ItemIsDropEnabled
        node: Node = index.internalPointer()
        if node.kind == "template":
            return base
        if node.kind == "section":
            return base | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
        return base | Qt.ItemFlag.ItemIsDragEnabled

    # Drag to reorder: the view's drop lands here and becomes one undoable move.

    def supportedDropActions(self):
        return Qt.DropAction.MoveAction

    def supportedDragActions(self):
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes) -> QMimeData:
        mime = QMimeData()
        nodes = []
        for i in indexes:
            n = self.node(i)
            if i.column() == 0 and n.kind in ("section", "item") and n not in nodes:
                nodes.append(n)
        self._dragged = nodes
        mime.setData(MIME, json.dumps([n.path() for n in nodes]).encode())
        return mime

    def _nodes_from(self, mime: QMimeData) -> list[Node]:
        if not mime.hasFormat(MIME):
            return []
        paths = json.loads(bytes(mime.data(MIME)).decode())
        return [self.node_at(p) for p in paths if p]

    def canDropMimeData(self, mime, action, row, column, parent) -> bool:
        nodes = self._nodes_from(mime)
        target = self.node(parent)
        return bool(nodes) and all(self.drop_target(n, target, row) is not None for n in nodes)

    def dropMimeData(self, mime, action, row, column, parent) -> bool:
        nodes = self._nodes_from(mime)
        target = self.node(parent)
        if not nodes or action not in (Qt.DropAction.MoveAction, Qt.DropAction.CopyAction):
            return False
        moved = False
        self.undo_stack.beginMacro(self.tr("拖动排序"))
        for n in nodes:
            spot = self.drop_target(n, target, row)
            if spot is not None:
                moved = self.move(n, *spot) or moved
                row = spot[1] + 1 if row >= 0 else row
        self.undo_stack.endMacro()
        return moved

    def drop_target(self, node: Node, target: Node, row: int) -> tuple[Node, int] | None:
        """Where ``node`` lands when dropped on ``target`` at ``row`` (−1: onto it), or None.
        Items go into sections only; within a parent items stay before sub-sections."""
        if node.kind == "item" and target.kind == "item":
            row, target = target.row() + 1, target.parent
        if target.kind == "template":
            row, target = 1, self.root
        if target.kind not in ("root", "section") or target is node or node.is_ancestor_of(target):
            return None
        if node.kind == "item" and target.kind == "root":
            return None
        if row < 0:
            row = len(target.children) if node.kind == "section" else target.count("item")
        # the row as it will be once the node has left its old place
        if node.parent is target and node.row() < row:
            row -= 1
        lead = target.count("item") - (1 if node.parent is target and node.kind == "item" else 0)
        if target.kind == "root":
            lead = 1  # the template's settings stay first
        size = len(target.children) - (1 if node.parent is target else 0)
        row = min(max(row, 0), lead) if node.kind == "item" else min(max(row, lead), size)
        return target, row

    # ------------------------------------------------------------------ primitive changes (commands only)

    def _set(self, node: Node, changes: dict[str, Any]) -> None:
        for k, v in changes.items():
            if v is ABSENT:
                node.data.pop(k, None)
            else:
                node.data[k] = copy.deepcopy(v)
        if node.kind != "root":
            self.dataChanged.emit(self.index_of(node, 0), self.index_of(node, 2))
            if node.kind == "item" and node.parent.kind == "section":  # the item count column
                self.dataChanged.emit(self.index_of(node.parent, 2), self.index_of(node.parent, 2))
        self.node_changed.emit(node)

    def _insert(self, parent: Node, row: int, node: Node) -> None:
        self.beginInsertRows(self.index_of(parent), row, row)
        node.parent = parent
        parent.children.insert(row, node)
        self.endInsertRows()

    def _remove(self, node: Node) -> None:
        parent, row = node.parent, node.row()
        self.beginRemoveRows(self.index_of(parent), row, row)
        parent.children.pop(row)
        self.endRemoveRows()

    def _move(self, node: Node, parent: Node, row: int) -> None:
        """``row`` is the node's index in ``parent`` after the move."""
        old_parent, old_row = node.parent, node.row()
        if old_parent is parent and old_row == row:
            return
        dest = row + 1 if old_parent is parent and row > old_row else row
        if not self.beginMoveRows(self.index_of(old_parent), old_row, old_row, self.index_of(parent), dest):
            return
        old_parent.children.pop(old_row)
        parent.children.insert(row, node)
        node.parent = parent
        self.endMoveRows()

    # ------------------------------------------------------------------ editing (each an undo step)

    def edit(self, node: Node, changes: dict[str, Any], text: str | None = None, *, merge: bool = False) -> bool:
        """Change some keys of a node (ABSENT removes one); nothing happens when nothing differs."""
        real = {
            k: v for k, v in changes.items() if node.data.get(k, ABSENT) != v or (v is ABSENT) != (k not in node.data)
        }
        if not real:
            return False
        self.undo_stack.push(EditCommand(self, node, real, text or self.tr("修改"), merge))
        return True

    def set_type(self, node: Node, new_type: str) -> bool:
        """Change an item's type, dropping the keys the new type has no use for and adding what it needs."""
        d = node.data
        changes: dict[str, Any] = {"type": new_type}
        keep = TYPE_KEYS.get(new_type, set())
        for _t, keys in TYPE_KEYS.items():
            for k in keys - keep:
                if k in d:
                    changes[k] = ABSENT
        if new_type in UNSCORED_TYPES:
            for k in SCORE_KEYS:
                if k in d:
                    changes[k] = ABSENT
        elif not d.get("points"):
            changes["points"] = 1
        if new_type == "measure":
            if not ("bands" in d or "bands_by" in d) or _band_grades(d) - set(GRADES):
                changes.update(bands=copy.deepcopy(DEFAULT_BANDS), bands_by=ABSENT, band_variants=ABSENT)
        elif new_type == "tiers" and _band_grades(d) - set(TIERS):
            changes.update(bands=ABSENT, bands_by=ABSENT, band_variants=ABSENT)  # tiers chosen directly
        return self.edit(node, changes, self.tr("修改类型"))

    def insert(self, parent: Node, row: int, node: Node, text: str) -> None:
        self.undo_stack.push(InsertCommand(self, parent, row, node, text))

    def remove(self, node: Node) -> None:
        if node.kind in ("section", "item"):
            self.undo_stack.push(RemoveCommand(self, node, self.tr("删除 {0}").format(node.code)))

    def move(self, node: Node, parent: Node, row: int) -> bool:
        if node.parent is parent and node.row() == row:
            return False
        self.undo_stack.push(MoveCommand(self, node, parent, row, self.tr("移动 {0}").format(node.code)))
        return True

    def shift(self, node: Node, step: int) -> bool:
        """Move a node one place up (−1) or down (+1) among its own kind."""
        if node.kind not in ("section", "item"):
            return False
        parent = node.parent
        row = node.row() + step
        lo = parent.count("item") if node.kind == "section" else 0
        hi = (len(parent.children) if node.kind == "section" else parent.count("item")) - 1
        if parent.kind == "root":
            lo = 1
        if not lo <= row <= hi:
            return False
        return self.move(node, parent, row)

    # ------------------------------------------------------------------ new nodes

    def next_code(self, parent: Node) -> str:
        """A free code under ``parent``: the next number after its children's codes."""
        prefix = "" if parent.kind == "root" else parent.code + "."
        used = self.all_codes()
        n = 1
        for c in parent.children:
            tail = c.code[len(prefix) :] if c.code.startswith(prefix) else ""
            if tail.isdigit():
                n = max(n, int(tail) + 1)
        while f"{prefix}{n}" in used:
            n += 1
        return f"{prefix}{n}"

    def add_section(self, parent: Node, title: str) -> Node:
        node = Node("section", {"code": self.next_code(parent), "title": title})
        self.insert(parent, len(parent.children), node, self.tr("添加章节"))
        return node

    def add_item(self, section: Node, text: str, type_: str = "check") -> Node:
        node = Node("item", {"code": self.next_code(section), "text": text, "type": type_, "points": 1})
        self.insert(section, section.count("item"), node, self.tr("添加检查项"))
        return node


def _band_grades(d: dict) -> set[str]:
    bands = list(d.get("bands") or [])
    for v in (d.get("band_variants") or {}).values():
        bands += list(v or [])
    return {b.get("grade") for b in bands if isinstance(b, dict)}


def _fmt(v: Any) -> str:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return str(int(v)) if float(v).is_integer() else f"{v:g}"
    return str(v)


def blank_template(title: str, section: str, item: str) -> dict:
    """A new template: one section with one criterion, the usual four levels."""
    return {
        "id": "new-template",
        "title": title,
        "version": 1,
        "scope": "toll_station",
        "rectification_days": 30,
        "scoring": {"partial_fraction": 0.5},
        "levels": [
            {"name": "excellent", "label": "优秀", "min_percent": 90},
            {"name": "good", "label": "良好", "min_percent": 80},
            {"name": "pass", "label": "达标", "min_percent": 60},
            {"name": "fail", "label": "不达标", "min_percent": 0},
        ],
        "certificates": [],
        "sections": [
            {"code": "1", "title": section, "items": [{"code": "1.1", "text": item, "type": "check", "points": 1}]}
        ],
    }
