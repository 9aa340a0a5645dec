"""The template editor: build a checklist by hand, save it, inspect with it, and compare the score
with ``civdesk score``; edit a used checklist (version 2) while its inspection keeps version 1;
live validation, undo/redo, reorder, import/export, duplicate, and who may save."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from civdesk.cli import main as cli_main
from civdesk.domain.errors import NotAllowed
from civdesk.domain.template_parsing import validate_template
from civdesk.services import inspections as insp
from civdesk.services import templates
from civdesk.ui import ops
from civdesk.ui.session import Session
from civdesk.ui.templates.editor import TemplateEditorPage
from civdesk.ui.templates.tree import Node


def show(qtbot, widget) -> None:
    widget.show()
    qtbot.waitExposed(widget)


@pytest.fixture
def editor(qtbot, crew):
    page = TemplateEditorPage(Session(crew.store, crew.admin))
    qtbot.addWidget(page)
    page.resize(1190, 700)
    show(qtbot, page)
    return page


def click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose(combo, data) -> None:
    """Pick an entry by its data, as a click on it would."""
    i = combo.findData(data)
    assert i >= 0, (data, [combo.itemData(n) for n in range(combo.count())])
    combo.setCurrentIndex(i)


def type_into(qtbot, widget, text: str) -> None:
    """ASCII as key presses; Chinese committed as an input method does (QTest has no keys for it)."""
    run = ""
    for ch in text + "\0":
        if ch.isascii() and ch != "\0":
            if run:
                commit(widget, run)
                run = ""
            qtbot.keyClicks(widget, ch)
        elif ch != "\0":
            run += ch
    if run:
        commit(widget, run)


def commit(widget, text: str) -> None:
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def retype(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    type_into(qtbot, edit, text)


def select(page: TemplateEditorPage, node: Node) -> None:
    page.tree.setCurrentIndex(page.model.index_of(node))


def test_build_three_sections_save_inspect_and_score_like_the_cli(qtbot, editor, crew, home, tmp_path, capsys):
    page = editor
    click(qtbot, page.new_button)
    tf = page.template_form
    select(page, page.model.template_node)
    retype(qtbot, tf.id_edit, "window-2027")
    retype(qtbot, tf.title_edit, "2027年窗口服务检查")
    click(qtbot, tf.params.add_button)  # the region parameter (east/central/northeast/west)

    # Section 1 (from the blank template): one plain criterion worth 10, partial earns 0.4.
    s1 = page.model.root.children[1]
    select(page, s1)
    retype(qtbot, page.section_form.title_edit, "服务规范")
    item = s1.children[0]
    select(page, item)
    f = page.item_form
    retype(qtbot, f.text, "使用文明用语，唱收唱付")
    f.points.setValue(10)
    click(qtbot, f.own_partial)
    f.partial.setValue(0.4)

    # Section 2: a banded measure whose bands depend on the region (west differs).
    click(qtbot, page.add_section_button)
    s2 = page.model.root.children[2]
    retype(qtbot, page.section_form.title_edit, "环境绿化")
    click(qtbot, page.add_item_button)
    measure = s2.children[0]
    assert page.item_form.node is measure
    choose(f.type, "measure")
    retype(qtbot, f.text, "建成区绿地率")
    f.points.setValue(20)
    choose(f.bands_by, "region")
    choose(f.variant, "west")
    # west: >21 优秀, >18 且 ≤21 良好, ≤18 达标 (the others keep the default 90/75/60 bands)
    while f.bands.rowCount() > 3:
        f.bands.selectRow(f.bands.rowCount() - 1)
        click(qtbot, f.remove_band)
    f.bands.set_row(0, "excellent", ("gt", 21))
    f.bands.set_row(1, "good", ("gt", 18), ("le", 21))
    f.bands.set_row(2, "pass", None, ("le", 18))
    assert measure.data["band_variants"]["west"] == [
        {"grade": "excellent", "gt": 21},
        {"grade": "good", "gt": 18, "le": 21},
        {"grade": "pass", "le": 18},
    ]

    # Section 3: a veto item.
    click(qtbot, page.add_section_button)
    s3 = page.model.root.children[3]
    retype(qtbot, page.section_form.title_edit, "安全底线")
    click(qtbot, page.add_item_button)
    veto = s3.children[0]
    retype(qtbot, f.text, "无重大安全责任事故")
    f.points.setValue(5)
    click(qtbot, f.veto)
    assert veto.data["veto"] is True

    assert page.validate() == []
    assert page.save_button.isEnabled()
    click(qtbot, page.save_button)
    assert page.stored_pk is not None and "第 1 版" in page.status.text()
    tpl = templates.latest(crew.store, "window-2027")
    assert [s.title for s in tpl.sections] == ["服务规范", "环境绿化", "安全底线"]
    assert [(i.code, i.type, i.points, i.veto) for i in tpl.items()] == [
        ("1.1", "check", 10, False),
        ("2.1", "measure", 20, False),
        ("3.1", "check", 5, True),
    ]

    # Start an inspection from it at the west station and answer it.
    session = Session(crew.store, crew.inspector)
    iid = ops.new_inspection(session, template_id="window-2027", site_id=crew.site["west"], kind="inspection")
    answers = {"1.1": "partial", "2.1": 20, "3.1": "no"}
    for code, value in answers.items():
        ops.answer(session, inspection_id=iid, code=code, value=value)
    result = insp.view(crew.store, iid).result
    assert result.vetoed and result.veto_items == ["3.1"]

    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"params": {"region": "west"}, "answers": answers}), encoding="utf-8")
    capsys.readouterr()
    assert cli_main(["--home", str(home), "score", "window-2027", str(path), "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert (cli["score"], cli["max"], cli["percent"], cli["level"], cli["vetoed"], cli["veto_items"]) == (
        result.score,
        result.max,
        result.percent,
        result.level,
        result.vetoed,
        result.veto_items,
    )
    assert {i["code"]: (i["grade"], i["score"]) for i in cli["items"]} == {
        r.code: (r.grade, r.score) for r in result.items
    }
    assert result.score == 10 * 0.4 + 20 * 0.8 + 0  # partial at 0.4; 20% in the west is 良好 (0.8)


def test_editing_a_used_template_makes_version_2_and_the_inspection_keeps_version_1(qtbot, editor, crew):
    from civdesk.ui.walkthrough.page import WalkthroughPage

    page = editor
    session = Session(crew.store, crew.inspector)
    iid = ops.new_inspection(session, template_id="toll-window", site_id=crew.site["east"], kind="inspection")
    v1 = insp.view(crew.store, iid).template
    base = v1.version  # the built-in version (2 since the corrected wording)
    first = v1.items()[0]

    page.load_template("toll-window")
    node = page.model.find_code(first.code)
    select(page, node)
    retype(qtbot, page.item_form.text, "（2027修订）新的测评标准")
    gone = page.model.find_code(v1.items()[1].code)
    select(page, gone)
    click(qtbot, page.remove_button)
    assert "有未保存的修改" in page.status.text()
    click(qtbot, page.save_button)

    rows = templates.versions(crew.store, "toll-window")
    assert [r.version for r in rows][:2] == [base + 1, base]
    assert rows[1].inspections == 1 and rows[0].inspections == 0
    v2 = templates.latest(crew.store, "toll-window")
    assert v2.item(first.code).text == "（2027修订）新的测评标准"
    assert len(v2.items()) == len(v1.items()) - 1

    # The inspection still holds version 1: same items, same words, in its walkthrough too.
    view = insp.view(crew.store, iid)
    assert view.template.version == base
    assert [i.code for i in view.template.items()] == [i.code for i in v1.items()]
    walk = WalkthroughPage(session, iid)
    qtbot.addWidget(walk)
    assert first.text in walk.tree.item_nodes[first.code].text(0)
    assert v1.items()[1].code in walk.tree.item_nodes
    # A new inspection gets version 2.
    new = ops.new_inspection(session, template_id="toll-window", site_id=crew.site["west"], kind="inspection")
    assert insp.view(crew.store, new).template.version == base + 1


def test_live_validation_shows_the_domains_messages_and_points_at_the_item(qtbot, editor):
    page = editor
    page.load_template("civilized-city")
    node = page.model.find_code("4.1.1")
    select(page, node)
    f = page.item_form
    choose(f.variant, "west")
    f.bands.set_row(0, "excellent", ("gt", 25))  # leaves 21..25 in no band
    problems = validate_template(page.model.to_data())
    assert [str(p) for p in problems] == [
        "sections[3].sections[0].items[0].band_variants.west[0]: bands leave a gap between 21 and 25"
    ]
    expected = [p.worded() for p in problems]  # in the interface's language (Chinese here)
    assert expected == ["sections[3].sections[0].items[0].band_variants.west[0]：分段在 21 与 25 之间留有空缺"]
    shown = [page.problem_list.item(n).text() for n in range(page.problem_list.count())]
    assert shown == expected and page.problem_list.isVisible()
    assert not page.save_button.isEnabled()
    select(page, page.model.template_node)
    page._problem_chosen(page.problem_list.item(0))
    assert page.item_form.node is node and page.forms.currentWidget() is page.item_form

    # A duplicate code is named the same way the CLI names it.
    select(page, page.model.find_code("4.2.1"))
    retype(qtbot, f.code, "4.1.1")
    assert any("编号 '4.1.1' 重复" in page.problem_list.item(n).text() for n in range(page.problem_list.count()))


def test_undo_redo_and_reordering(qtbot, editor):
    page = editor
    page.load_template("toll-window")
    model = page.model
    stack = model.undo_stack
    s1 = model.root.children[1]
    a, b = s1.children[0], s1.children[1]
    select(page, a)
    f = page.item_form
    before = a.data["text"]
    retype(qtbot, f.text, "改写")
    assert a.data["text"] == "改写" and stack.count() == 1  # the typing merged into one step
    click(qtbot, page.down_button)  # a goes below b
    assert s1.children[:2] == [b, a]
    qtbot.keyClick(page.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert s1.children[:2] == [a, b]
    click(qtbot, page.undo_button)
    assert a.data["text"] == before and f.text.toPlainText() == before and model.is_clean()
    click(qtbot, page.redo_button)
    assert a.data["text"] == "改写" and f.text.toPlainText() == "改写"

    # Drag: an item dropped on another section lands among its items (before its sub-sections).
    s2 = model.root.children[2]
    mime = model.mimeData([model.index_of(b)])
    assert model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, 0, model.index_of(s2))
    assert b.parent is s2 and s2.children.index(b) == s2.count("item") - 1
    assert model.to_data()["sections"][1]["items"][-1]["code"] == b.data["code"]
    # A section cannot be dropped into itself, an item not at the top level.
    assert not model.canDropMimeData(
        model.mimeData([model.index_of(s2)]), Qt.DropAction.MoveAction, -1, 0, model.index_of(s2)
    )
    assert not model.canDropMimeData(
        model.mimeData([model.index_of(b)]), Qt.DropAction.MoveAction, 1, 0, model.index_of(model.root)
    )
    stack.undo()
    assert b.parent is s1 and s1.children.index(b) == 1


def test_import_export_yaml_and_excel_and_duplicate(qtbot, editor, crew, tmp_path):
    page = editor
    page.load_template("civilized-unit")
    original = templates.template_data(crew.store, templates.latest_pk(crew.store, "civilized-unit"))
    y = page.export_yaml(tmp_path / "unit.yaml")
    x = page.export_excel(tmp_path / "unit.xlsx")
    for path in (y, x):
        assert page.import_file(path)
        assert page.model.to_data() == original
        assert page.stored_pk is None and path.name in page.status.text()
        assert page.save() == (templates.latest_pk(crew.store, "civilized-unit"), False)  # same content
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [unclosed", encoding="utf-8")
    assert not page.import_file(bad) and "导入失败" in page.status.text()

    click(qtbot, page.duplicate_button)
    data = page.model.to_data()
    assert data["id"] == "civilized-unit-copy" and data["title"].endswith("（副本）")
    pk, created = page.save()
    assert created and templates.template_row(crew.store, pk)["version"] == 1
    assert page.chooser.currentData() == "civilized-unit-copy"


def test_only_an_admin_saves(qtbot, crew, mini_data):
    page = TemplateEditorPage(Session(crew.store, crew.inspector))
    qtbot.addWidget(page)
    show(qtbot, page)
    assert not page.save_button.isVisible() and not page.forms.isEnabled()
    assert page.save() is None
    with pytest.raises(NotAllowed):
        templates.add_version(crew.store, mini_data, by=crew.inspector)
    with pytest.raises(NotAllowed):
        templates.add_version(crew.store, mini_data, by=None)


def test_hostile_template_files_are_refused_in_words_and_the_editor_keeps_its_template(qtbot, editor, tmp_path):
    from tests.helpers import hostile_inputs as hostile

    page = editor
    page.load_template("civilized-unit")
    shown = page.model.to_data()
    cases = [
        (
            hostile.yaml_alias_bomb(tmp_path / "bomb.yaml"),
            "导入失败：“bomb.yaml”的 YAML 别名展开后超过 200,000 个值（上限 200,000，可能是恶意的“别名炸弹”），已拒绝",
        ),
        (
            hostile.xlsx_zip_bomb(tmp_path / "zip.xlsx"),
            "导入失败：“zip.xlsx”：解压后为 2,800.0 MiB，超过上限 32.0 MiB（可能是恶意的“压缩炸弹”），已拒绝",
        ),
        (
            hostile.xlsx_far_cell(tmp_path / "far.xlsx"),
            "导入失败：“far.xlsx”：xl/worksheets/sheet1.xml 用到第 1,048,576 行，超过上限 10,000 行，已拒绝",
        ),
        (
            hostile.xlsx_entity_bomb(tmp_path / "entity.xlsx"),
            "导入失败：“entity.xlsx”：部件 xl/worksheets/sheet1.xml 含有 XML 实体声明（DTD），此类工作簿一律拒绝（可能是恶意的“实体炸弹”）",
        ),
        (
            hostile.yaml_deep_sections(tmp_path / "deep.yaml", 500),
            "导入失败：“deep.yaml”的内容嵌套超过 40 层（上限 40 层），已拒绝",
        ),
    ]
    for path, words in cases:
        assert not page.import_file(path)
        assert words in page.status.text(), page.status.text()
        assert page.model.to_data() == shown
