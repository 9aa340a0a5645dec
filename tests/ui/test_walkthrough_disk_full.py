"""A full disk during a walkthrough save: SQLite's "database or disk is full" and an ENOSPC while a
photo is written are shown in the walkthrough as a full disk, the input stays, nothing is
half-written, and a retry saves it once there is room again."""

from __future__ import annotations

import errno

import pytest

from civdesk.services import inspections as insp
from civdesk.store import attachments as files
from tests.helpers.qt import press, type_text
from tests.helpers.walk import start, stored


@pytest.fixture(autouse=True)
def no_blocking_boxes(monkeypatch):
    """Should a check fail with input still unsaved, closing the window asks; answer Cancel at once."""
    from PySide6.QtWidgets import QMessageBox

    def cancel(box):
        box.clickedButton = lambda: None
        return 0

    monkeypatch.setattr(QMessageBox, "exec", cancel)


LONG_NOTE = "收费亭玻璃有污渍，监督板信息未更新。" * 600  # needs new database pages


def test_database_full_keeps_the_note_and_retry_saves_it(qtbot, window, crew):
    store = crew.store
    page = start(window, crew, "toll-window", "east")
    code = page.current.code
    store.conn.execute(f"PRAGMA max_page_count = {store.scalar('PRAGMA page_count')}")  # SQLITE_FULL from now
    try:
        press("Ctrl+N")
        type_text(LONG_NOTE)
        press("Esc")
        assert page.save_state.state == "failed"
        assert "磁盘已满" in page.card.save_error.text() and "输入已保留" in page.card.save_error.text()
        assert page.pending[(code, "note")] == LONG_NOTE
    finally:
        store.conn.execute("PRAGMA max_page_count = 1073741823")
    assert stored(crew, page.iid).notes.get(code) is None and not store.conn.in_transaction  # nothing half-written

    press("Ctrl+S")
    assert not page.pending and page.save_state.state == "saved"
    assert stored(crew, page.iid).notes[code] == LONG_NOTE


def test_photo_hitting_enospc_is_shown_and_retry_attaches_it(qtbot, window, crew, make_photo, monkeypatch):
    page = start(window, crew, "toll-window", "east")
    code = page.current.code
    photo = make_photo("收费亭.png")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(files.os, "fsync", full)
        page.attach(code, [photo])
        assert page.save_state.state == "failed"
        assert "磁盘已满" in page.save_state.label.toolTip()
        assert insp.photos(crew.store, page.iid, code) == []
        assert [p for p in crew.store.attachments_dir.rglob("*") if p.is_file()] == []  # no stray file
    press("Ctrl+S")
    assert not page.pending and page.save_state.state == "saved"
    assert len(insp.photos(crew.store, page.iid, code)) == 1
