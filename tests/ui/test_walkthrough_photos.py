"""Photos: one through the file dialog, one dropped on the card as file URLs; thumbnails; removal."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from civdesk.services import inspections as insp
from tests.helpers.qt import press, show
from tests.helpers.walk import start, stored


def drop_files(widget, paths: list[Path]) -> bool:
    """What a file manager does when files are dragged onto ``widget``; True if it was accepted."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    centre = widget.rect().center()
    enter = QDragEnterEvent(
        centre, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(
        QPointF(centre), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(widget, drop)
    return drop.isAccepted()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def failed_photo_item(window, crew):
    """The walkthrough on an item that needs a photo when it fails, answered 不符合 (key 3)."""
    store = crew.store
    tpl_item = next(
        it
        for it in insp.view(
            store,
            insp.new_inspection(
                store, crew.inspector, template_id="toll-window", site_id=crew.site["east"], kind="inspection"
            ),
        ).template.items()
        if it.photo_on_fail
    )
    page = start(window, crew, "toll-window", "east", code=tpl_item.code)
    press("3")
    return page


def test_two_photos_then_one_removed(qtbot, window, crew, make_photo, monkeypatch, tmp_path):
    store = crew.store
    page = failed_photo_item(window, crew)
    code = page.current.code  # answered 不符合: this item then needs a photo and a note
    assert "附照片" in page.card.evidence_hint.text()

    first = make_photo("收费亭-1.png", "#c0392b")
    second = make_photo("收费亭-2.jpg", "#27ae60", (1600, 1200))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(first)], ""))
    press("Ctrl+I")  # the file dialog (answered by the patch above)
    assert page.card.photos.count() == 1

    text_file = tmp_path / "notes.txt"
    text_file.write_text("not a photo")
    assert not drop_files(page.card, [text_file])  # only images are taken
    broken = tmp_path / "坏照片.jpg"
    broken.write_bytes(b"\xff\xd8\xff this is not really a JPEG")
    assert drop_files(page.card, [broken])  # named like a photo: the service reads it and refuses it
    assert page.card.save_error.isVisible()
    assert "“坏照片.jpg”不是可读取的图片" in page.card.save_error.text()
    assert page.card.photos.count() == 1 and len(insp.photos(store, page.iid, code)) == 1
    assert drop_files(page.card, [second])
    strip = page.card.photos
    assert strip.count() == 2
    assert strip.list.isVisible() and not strip.empty.isVisible()
    for row in range(2):
        icon = strip.list.item(row).icon()
        assert not icon.isNull()
        assert icon.actualSize(strip.list.iconSize()).width() > 0
    assert "附照片" not in page.card.evidence_hint.text()  # the photo rule is met; the note is not yet
    assert "填写说明" in page.card.evidence_hint.text()

    rows = insp.photos(store, page.iid, code)
    assert [r.filename for r in rows] == ["收费亭-1.png", "收费亭-2.jpg"]
    assert [r.sha256 for r in rows] == [sha(first), sha(second)]
    for r in rows:
        assert Path(r.path).read_bytes() == (first if r.filename.endswith("png") else second).read_bytes()

    # Open the first at full size (Enter on its thumbnail), then remove it with Delete.
    strip.list.setFocus()
    strip.list.setCurrentRow(0)
    press("Return")
    assert strip.viewer is not None and strip.viewer.isVisible()
    assert strip.viewer.image.pixmap().width() == 640
    assert page.current.code == code  # Enter on a thumbnail opens it, it does not move on
    strip.viewer.close()
    show(qtbot, window)  # what the window manager does when the viewer closes
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Yes)
    strip.list.setFocus()
    strip.list.setCurrentRow(0)
    press("Delete")
    assert asked
    assert strip.count() == 1
    assert strip.list.item(0).text() == "收费亭-2.jpg"
    rows = insp.photos(store, page.iid, code)
    assert [r.sha256 for r in rows] == [sha(second)]
    assert stored(crew, page.iid).photo_counts == {code: 1}
    assert Path(rows[0].path).is_file()
    assert page.photo_counts[code] == 1


def test_no_drop_on_a_submitted_inspection(qtbot, window, crew, make_photo):
    page = start(window, crew, "toll-window", "east")
    page.editable = False
    page.show_current()
    assert not drop_files(page.card, [make_photo()])
    assert insp.photos(crew.store, page.iid) == []
    assert not page.card.photos.add_button.isEnabled()


def test_a_picture_over_the_pixel_limit_is_refused_in_words(qtbot, window, crew, tmp_path):
    from tests.helpers.hostile_inputs import png_pixels

    store = crew.store
    page = failed_photo_item(window, crew)
    code = page.current.code
    files_before = sorted(p.name for p in store.attachments_dir.rglob("*") if p.is_file())
    assert drop_files(page.card, [png_pixels(tmp_path / "巨图.png")])
    assert page.card.save_error.isVisible()
    assert page.card.save_error.text() == "未保存：“巨图.png”图片过大（900 百万像素），上限为 80 百万像素；未做任何改动"
    assert page.card.photos.count() == 0 and insp.photos(store, page.iid, code) == []
    assert sorted(p.name for p in store.attachments_dir.rglob("*") if p.is_file()) == files_before
