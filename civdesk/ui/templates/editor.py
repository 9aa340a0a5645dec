"""检查表 (templates): choose a checklist, edit it as a tree of sections and items with a form
for each, see validation problems as you type, and save it as a new version.

Saving goes through ``services.templates.add_version``: changed content becomes the next version,
unchanged content is recognised, and every inspection keeps the version it was made with. Only
an admin saves, imports or duplicates (the service refuses anyone else); others may look.
Validation messages are the domain's own (``validate_template``), word for word what
``civdesk templates validate`` prints.
"""

from __future__ import annotations

import logging
from pathlib import Path

import yaml
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ...domain.template import Problem, TemplateError
from ...domain.template_parsing import validate_template
from ...services import settings as settings_service
from ...services import templates
from ...services.errors import InputError, NotAllowed, NotFound
from .. import ops
from ..lazy import LazyPage
from ..refusals import explain
from ..session import Change, Session
from . import blank_form
from .forms import SectionForm, TemplateForm
from .item_form import ItemForm
from .model import TemplateModel, blank_template
from .tree import Node

log = logging.getLogger(__name__)
PATH_ROLE = Qt.ItemDataRole.UserRole


class TemplateTree(QTreeView):
    """Sections and items; drag a row to reorder (one undoable move, done by the model)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setDropIndicatorShown(True)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)

    def dropEvent(self, event) -> None:
        index = self.indexAt(event.position().toPoint())
        where = self.dropIndicatorPosition()
        Pos = QAbstractItemView.DropIndicatorPosition
        if where == Pos.OnItem:
            parent, row = index.siblingAtColumn(0), -1
        elif where == Pos.AboveItem:
            parent, row = index.parent(), index.row()
        elif where == Pos.BelowItem:
            parent, row = index.parent(), index.row() + 1
        else:
            parent, row = QModelIndex(), -1
        moved = self.model().dropMimeData(event.mimeData(), Qt.DropAction.MoveAction, row, 0, parent)
        if moved:
            # The model already moved the row: a Copy result keeps the view from removing the source.
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()
        self.stopAutoScroll()
        self.setState(QAbstractItemView.State.NoState)
        self.viewport().update()


class TemplateEditorPage(LazyPage, QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.admin = templates.refusal(session.actor) is None  # saving, importing, duplicating: an admin's
        self.stored_pk: int | None = None  # the stored version shown (None: new, duplicated or imported)
        self.origin = ""  # where an unsaved document came from (shown in the status)
        self.problems: list[Problem] = []
        self.confirm_discard = self._ask_discard
        self.model = TemplateModel(parent=self)

        title = QLabel(self.tr("检查表"))
        title.setObjectName("pageTitle")
        self.chooser = QComboBox()
        self.chooser.setMinimumWidth(240)  # room for 空白检查表… in English at 1366 px
        self.chooser.activated.connect(self._chosen)
        self.version = QComboBox()
        self.version.activated.connect(self._version_chosen)
        self.new_button = QPushButton(self.tr("新建"))
        self.duplicate_button = QPushButton(self.tr("复制"))
        self.import_button = QPushButton(self.tr("导入…"))
        self.export_yaml_button = QPushButton(self.tr("导出 YAML…"))
        self.export_xlsx_button = QPushButton(self.tr("导出 Excel…"))
        self.form_button = QPushButton(blank_form.button_text())
        self.form_button.setToolTip(self.tr("预览、保存或打印此检查表的空白表（最新版本）"))
        self.form_button.clicked.connect(self.show_blank_form)
        self.form_previews: list = []
        self.new_button.clicked.connect(self.new_template)
        self.duplicate_button.clicked.connect(self.duplicate)
        self.import_button.clicked.connect(self._import_dialog)
        self.export_yaml_button.clicked.connect(lambda: self._export_dialog("yaml"))
        self.export_xlsx_button.clicked.connect(lambda: self._export_dialog("xlsx"))
        top = QHBoxLayout()
        top.addWidget(title)
        top.addWidget(self.chooser, 1)
        top.addWidget(self.version)
        for b in (
            self.new_button,
            self.duplicate_button,
            self.import_button,
            self.export_yaml_button,
            self.export_xlsx_button,
            self.form_button,
        ):
            top.addWidget(b)

        stack = self.model.undo_stack
        self.undo_button = QPushButton(self.tr("撤销"))
        self.redo_button = QPushButton(self.tr("重做"))
        self.undo_button.setToolTip("Ctrl+Z")
        self.redo_button.setToolTip("Ctrl+Shift+Z")
        self.undo_button.clicked.connect(stack.undo)
        self.redo_button.clicked.connect(stack.redo)
        stack.canUndoChanged.connect(self.undo_button.setEnabled)
        stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.add_section_button = QPushButton(self.tr("添加章节"))
        self.add_subsection_button = QPushButton(self.tr("添加子章节"))
        self.add_item_button = QPushButton(self.tr("添加检查项"))
        self.remove_button = QPushButton(self.tr("删除"))
        self.up_button = QPushButton(self.tr("上移"))
        self.down_button = QPushButton(self.tr("下移"))
        self.up_button.setToolTip("Alt+↑")
        self.down_button.setToolTip("Alt+↓")
        self.add_section_button.clicked.connect(self.add_section)
        self.add_subsection_button.clicked.connect(self.add_subsection)
        self.add_item_button.clicked.connect(lambda: self.add_item())
        self.remove_button.clicked.connect(self.remove_current)
        self.up_button.clicked.connect(lambda: self.shift_current(-1))
        self.down_button.clicked.connect(lambda: self.shift_current(1))
        self.status = QLabel()
        self.status.setObjectName("muted")
        self.save_button = QPushButton(self.tr("保存为新版本"))
        self.save_button.setObjectName("primary")
        self.save_button.setToolTip("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        tools = QHBoxLayout()
        for b in (
            self.undo_button,
            self.redo_button,
            self.add_section_button,
            self.add_subsection_button,
            self.add_item_button,
            self.remove_button,
            self.up_button,
            self.down_button,
        ):
            tools.addWidget(b)
        tools.addWidget(self.status, 1)
        tools.addWidget(self.save_button)

        self.tree = TemplateTree()
        self.tree.setModel(self.model)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 96)
        header.resizeSection(2, 150)
        self.tree.selectionModel().currentRowChanged.connect(self._current_changed)

        self.template_form = TemplateForm(self.model)
        self.template_form.default_region = settings_service.get(session.store, "default_region")
        self.section_form = SectionForm(self.model)
        self.item_form = ItemForm(self.model)
        self.forms = QStackedWidget()
        for f in (self.template_form, self.section_form, self.item_form):
            self.forms.addWidget(f)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.forms)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.form_scroll = scroll
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.tree)
        split.addWidget(scroll)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 6)
        split.setSizes([480, 620])
        split.setChildrenCollapsible(False)

        self.problem_title = QLabel()
        self.problem_list = QListWidget()
        self.problem_list.setObjectName("problems")
        self.problem_list.itemActivated.connect(self._problem_chosen)
        self.problem_list.itemClicked.connect(self._problem_chosen)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(tools)
        layout.addWidget(split, 1)
        layout.addWidget(self.problem_title)
        layout.addWidget(self.problem_list)

        for keys, slot in (
            ("Ctrl+Z", stack.undo),
            ("Ctrl+Shift+Z", stack.redo),
            ("Ctrl+Y", stack.redo),
            ("Ctrl+S", self.save),
            ("Alt+Up", lambda: self.shift_current(-1)),
            ("Alt+Down", lambda: self.shift_current(1)),
        ):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.tree)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove_current)

        self.model.content_changed.connect(self._content_changed)
        self.model.modelReset.connect(self._after_reset)
        self.model.rowsInserted.connect(
            lambda parent, first, last: self._select(self.model.node(parent).children[first])
        )
        self.model.rowsMoved.connect(lambda *_: self._keep_current_visible())
        self._apply_role()
        self._fill_chooser()
        rows = templates.list_templates(session.store)
        if rows:
            self.load_template(rows[0].id)
        else:
            self.new_template()
        self.mark_loaded()
        self.listen(session)

    # ------------------------------------------------------------------ what is shown

    def _apply_role(self) -> None:
        for w in (
            self.new_button,
            self.duplicate_button,
            self.import_button,
            self.save_button,
            self.undo_button,
            self.redo_button,
            self.add_section_button,
            self.add_subsection_button,
            self.add_item_button,
            self.remove_button,
            self.up_button,
            self.down_button,
        ):
            w.setVisible(self.admin)
        self.forms.setEnabled(self.admin)
        self.tree.setDragEnabled(self.admin)
        self.tree.setAcceptDrops(self.admin)

    def _fill_chooser(self) -> None:
        current = self.model.template_node.data.get("id")
        self.chooser.clear()
        for r in templates.list_templates(self.session.store):
            self.chooser.addItem(self.tr("{0}（{1}，第 {2} 版）").format(r.title, r.id, r.version), r.id)
        if self.stored_pk is None:
            self.chooser.addItem(self.tr("（未保存）{0}").format(self.model.template_node.data.get("title", "")), None)
            self.chooser.setCurrentIndex(self.chooser.count() - 1)
        else:
            self.chooser.setCurrentIndex(max(0, self.chooser.findData(current)))

    def show_blank_form(self):
        """The blank printable form of the checklist shown (its latest stored version)."""
        tid = self.model.template_node.data.get("id")
        if self.stored_pk is None or not isinstance(tid, str):
            return None
        dialog = blank_form.open_blank_form(self.session, tid, self)
        if dialog is not None:
            self.form_previews.append(dialog)
        return dialog

    def _fill_versions(self) -> None:
        self.version.clear()
        tid = self.model.template_node.data.get("id")
        self.form_button.setEnabled(self.stored_pk is not None and isinstance(tid, str))
        if self.stored_pk is None or not isinstance(tid, str):
            self.version.setVisible(False)
            return
        for v in templates.versions(self.session.store, tid):
            text = self.tr("第 {0} 版").format(v.version)
            if v.inspections:
                text += self.tr("（{0} 份检查在用）").format(v.inspections)
            self.version.addItem(text, v.pk)
        self.version.setCurrentIndex(max(0, self.version.findData(self.stored_pk)))
        self.version.setVisible(True)

    def current_node(self) -> Node:
        index = self.tree.currentIndex()
        return self.model.node(index) if index.isValid() else self.model.template_node

    def _select(self, node: Node) -> None:
        index = self.model.index_of(node)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        self._show_form(node)

    def _keep_current_visible(self) -> None:
        self.tree.scrollTo(self.tree.currentIndex())
        self._update_buttons()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_form(self.model.node(current) if current.isValid() else self.model.template_node)

    def _show_form(self, node: Node) -> None:
        form = {"template": self.template_form, "section": self.section_form, "item": self.item_form}.get(node.kind)
        if form is None:
            return
        self.forms.setCurrentWidget(form)
        form.show_node(node)
        self._update_buttons()

    def _update_buttons(self) -> None:
        node = self.current_node()
        editable = node.kind in ("section", "item")
        self.remove_button.setEnabled(editable)
        self.up_button.setEnabled(editable)
        self.down_button.setEnabled(editable)
        self.add_subsection_button.setEnabled(node.kind in ("section", "item"))
        self.add_item_button.setEnabled(node.kind in ("section", "item") or bool(self.model.sections()))

    def _after_reset(self) -> None:
        self.tree.expandAll()
        self.template_form.lock_id(self.stored_pk is not None)
        self._select(self.model.template_node)

    # ------------------------------------------------------------------ validation and status

    def validate(self) -> list[Problem]:
        """The domain's problems with the document as it stands (also shown in the list)."""
        self.problems = validate_template(self.model.to_data())
        self.problem_list.clear()
        for p in self.problems:
            entry = QListWidgetItem(p.worded())
            entry.setData(PATH_ROLE, p.path)
            self.problem_list.addItem(entry)
        if self.problems:
            self.problem_title.setText(self.tr("校验发现 {0} 个问题（点击定位）：").format(len(self.problems)))
            self.problem_title.setObjectName("fieldError")
        else:
            self.problem_title.setText(self.tr("校验通过：可以保存。"))
            self.problem_title.setObjectName("fieldOk")
        self.problem_title.style().unpolish(self.problem_title)
        self.problem_title.style().polish(self.problem_title)
        if self.problems:
            rows = min(4, len(self.problems))
            self.problem_list.setFixedHeight(
                rows * max(18, self.problem_list.sizeHintForRow(0)) + 2 * self.problem_list.frameWidth() + 2
            )
        self.problem_list.setVisible(bool(self.problems))
        return self.problems

    def _content_changed(self) -> None:
        self.validate()
        self._update_status()
        self._update_buttons()

    def is_dirty(self) -> bool:
        return self.stored_pk is None or not self.model.is_clean()

    def _update_status(self, message: str | None = None) -> None:
        d = self.model.template_node.data
        if message:
            text = message
        elif self.stored_pk is None:
            text = self.tr("尚未保存") + (f" · {self.origin}" if self.origin else "")
        elif not self.model.is_clean():
            text = self.tr("第 {0} 版 · 有未保存的修改").format(d.get("version"))
        else:
            text = self.tr("第 {0} 版 · 已保存").format(d.get("version"))
        n = len(self.model.items())
        self.status.setText(self.tr("{0} · 共 {1} 个检查项").format(text, n))
        self.undo_button.setEnabled(self.model.undo_stack.canUndo())
        self.redo_button.setEnabled(self.model.undo_stack.canRedo())
        self.save_button.setEnabled(self.admin and self.is_dirty() and not self.problems)

    def _problem_chosen(self, entry: QListWidgetItem) -> None:
        self._select(self.model.node_at(entry.data(PATH_ROLE) or ""))

    # ------------------------------------------------------------------ loading

    def _ask_discard(self) -> bool:
        if self.model.is_clean():
            return True
        answer = QMessageBox.question(
            self, self.tr("放弃修改？"), self.tr("当前检查表有未保存的修改。放弃这些修改吗？")
        )
        return answer == QMessageBox.StandardButton.Yes

    def _show_data(self, data: dict, pk: int | None, origin: str = "") -> None:
        self.stored_pk = pk
        self.origin = origin
        self.model.load(data)
        self._fill_chooser()
        self._fill_versions()
        self._update_status()

    def load_template(self, template_id: str, pk: int | None = None) -> None:
        store = self.session.store
        pk = pk if pk is not None else templates.latest_pk(store, template_id)
        self._show_data(templates.template_data(store, pk), pk)

    def _chosen(self, row: int) -> None:
        tid = self.chooser.itemData(row)
        if tid is None or (tid == self.model.template_node.data.get("id") and self.stored_pk is not None):
            return
        if self.confirm_discard():
            self.load_template(tid)
        else:
            self._fill_chooser()

    def _version_chosen(self, row: int) -> None:
        pk = self.version.itemData(row)
        if pk is not None and pk != self.stored_pk:
            if self.confirm_discard():
                self.load_template(self.model.template_node.data["id"], pk)
            else:
                self._fill_versions()

    def new_template(self) -> None:
        if not self.confirm_discard():
            return
        data = blank_template(self.tr("新检查表"), self.tr("新章节"), self.tr("新检查项"))
        data["id"] = templates.free_id(self.session.store, "new-template")
        self._show_data(data, None, self.tr("新建"))

    def duplicate(self) -> None:
        """Copy what is shown into a new, unsaved template with a free id (saving makes its version 1)."""
        data = self.model.to_data()
        base = str(data.get("id") or "template")
        data["id"] = templates.free_id(self.session.store, f"{base}-copy")
        data["title"] = self.tr("{0}（副本）").format(data.get("title", ""))
        data["version"] = 1
        self._show_data(data, None, self.tr("复制自 {0}").format(base))

    def import_file(self, path: Path | str) -> bool:
        """Load a YAML or Excel template into the editor (not saved until Save)."""
        path = Path(path)
        if not self.confirm_discard():
            return False
        try:
            data = templates.load_file(path)
        except (InputError, TemplateError, OSError) as e:
            self._update_status(self.tr("导入失败：{0}").format(explain(e)))
            return False
        self._show_data(data, None, self.tr("导入自 {0}").format(path.name))
        return True

    def _import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("导入检查表"), "", self.tr("检查表 (*.yaml *.yml *.xlsx)"))
        if path:
            self.import_file(path)

    # ------------------------------------------------------------------ exporting

    def export_yaml(self, path: Path | str) -> Path:
        path = Path(path)
        text = yaml.safe_dump(self.model.to_data(), allow_unicode=True, sort_keys=False, width=100)
        tmp = path.with_name(path.name + ".part")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
        return path

    def export_excel(self, path: Path | str) -> Path:
        return templates.write_workbook(self.model.to_data(), path)

    def _export_dialog(self, kind: str) -> None:
        d = self.model.template_node.data
        name = f"{d.get('id', 'template')}-v{d.get('version', 1)}.{kind}"
        pattern = self.tr("YAML 文件 (*.yaml)") if kind == "yaml" else self.tr("Excel 工作簿 (*.xlsx)")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出检查表"), name, pattern)
        if not path:
            return
        try:
            out = self.export_yaml(path) if kind == "yaml" else self.export_excel(path)
        except OSError as e:
            self._update_status(self.tr("导出失败：{0}").format(explain(e)))
            return
        self._update_status(self.tr("已导出到 {0}").format(out))

    # ------------------------------------------------------------------ editing

    def _section_for_new_item(self) -> Node | None:
        node = self.current_node()
        if node.kind == "item":
            return node.parent
        if node.kind == "section":
            return node
        sections = [n for n in self.model.root.children if n.kind == "section"]
        return sections[-1] if sections else None

    def add_section(self) -> Node:
        """A new top-level section after the others."""
        return self.model.add_section(self.model.root, self.tr("新章节"))

    def add_subsection(self) -> Node | None:
        section = self._section_for_new_item()
        return self.model.add_section(section, self.tr("新章节")) if section is not None else None

    def add_item(self, type_: str = "check") -> Node | None:
        section = self._section_for_new_item()
        if section is None:
            section = self.add_section()
        return self.model.add_item(section, self.tr("新检查项"), type_)

    def remove_current(self) -> None:
        node = self.current_node()
        if node.kind in ("section", "item"):
            parent, row = node.parent, node.row()
            self.model.remove(node)
            rest = [c for c in parent.children if c.kind in ("section", "item")]
            if rest:
                near = parent.children[min(row, len(parent.children) - 1)]
                self._select(near if near.kind != "template" else rest[0])
            else:
                self._select(parent if parent.kind == "section" else self.model.template_node)

    def shift_current(self, step: int) -> None:
        node = self.current_node()
        if self.model.shift(node, step):
            self._select(node)

    # ------------------------------------------------------------------ saving

    def save(self) -> tuple[int, bool] | None:
        """Store what is shown as the next version (admins only); None when refused."""
        if not self.admin:
            return None
        if self.validate():
            self._update_status(self.tr("有 {0} 个问题，未保存").format(len(self.problems)))
            return None
        data = self.model.to_data()
        keep = self.current_node().path()
        try:
            pk, created = ops.save_template(self.session, data=data, source=self)
        except TemplateError as e:
            self._update_status(self.tr("未保存：{0}").format(e))
            return None
        except (NotAllowed, InputError, NotFound) as e:
            self._update_status(self.tr("未保存：{0}").format(e))
            return None
        self._show_data(templates.template_data(self.session.store, pk), pk)
        version = self.model.template_node.data.get("version")
        self._update_status(
            self.tr("已保存为第 {0} 版").format(version)
            if created
            else self.tr("内容与第 {0} 版相同，未新建版本").format(version)
        )
        if keep:
            self._select(self.model.node_at(keep))
        return pk, created

    def affected(self, change: Change) -> bool:
        return change.templates and change.source is not self

    def refresh(self) -> None:
        """Another screen changed the templates: refresh the lists, keep the document."""
        self._fill_chooser()
        self._fill_versions()
