"""Settings → 信任的根证书: the own root is listed with its fingerprint and exported; another home's
root is pinned only after its fingerprint was shown and confirmed; a pinned root is removed."""

from __future__ import annotations

from civdesk import services
from civdesk.services import accounts, trust
from civdesk.ui.session import Session
from civdesk.ui.settings.page import SettingsPage
from tests.helpers.data import PASSWORD
from tests.helpers.signoff import click


def _other_root(tmp_path) -> trust.Root:
    other = services.open_home(tmp_path / "other")
    try:
        accounts.create_user(other, by=None, name="其他管理员", role="admin", password=PASSWORD)
        return trust.own_root(other)
    finally:
        other.close()


def test_admin_pins_after_seeing_the_fingerprint_and_removes(qtbot, crew, tmp_path):
    page = SettingsPage(Session(crew.store, crew.admin))
    qtbot.addWidget(page)
    page.resize(1400, 1000)
    page.show()
    box = page.trust
    own = trust.own_root(crew.store)
    assert box.table.rowCount() == 1 and box.table.item(0, 0).text() == "本机"
    assert box.table.item(0, 2).text() == trust.pretty(own.fingerprint)

    # Export: the file is this home's root certificate, and the fingerprint to read out is shown.
    assert box.export_to(tmp_path / "mine.pem")
    assert (tmp_path / "mine.pem").read_bytes() == own.pem
    assert trust.pretty(own.fingerprint) in box.message.text()

    # A file that is not a certificate: one line, nothing pinned.
    (tmp_path / "junk.pem").write_text("not a certificate")
    assert not box.propose(tmp_path / "junk.pem")
    assert box.message.isVisible() and "该文件不是证书" in box.message.text() and not box.confirm_box.isVisible()

    other = _other_root(tmp_path)
    (tmp_path / "other.pem").write_bytes(other.pem)
    assert box.propose(tmp_path / "other.pem")
    assert box.confirm_box.isVisible() and trust.pretty(other.fingerprint) in box.confirm_text.text()
    assert crew.store.scalar("SELECT COUNT(*) FROM trust_roots") == 1  # nothing until confirmed
    page.grab().save(str(tmp_path / "trust-confirm.png"))
    click(qtbot, box.confirm_button)
    assert not box.confirm_box.isVisible() and "已信任根证书" in box.message.text()
    assert [r.fingerprint for r in trust.roots(crew.store)] == [own.fingerprint, other.fingerprint]
    assert box.table.rowCount() == 2 and box.table.item(1, 0).text() == "已信任"

    # Cancel, then remove for real.
    box.table.selectRow(1)
    click(qtbot, box.remove_button)
    click(qtbot, box.cancel_button)
    assert len(trust.roots(crew.store)) == 2
    box.table.selectRow(0)
    click(qtbot, box.remove_button)
    assert "本机的根证书不能移除" in box.message.text()
    box.table.selectRow(1)
    click(qtbot, box.remove_button)
    assert box.confirm_button.text() == "移除"
    click(qtbot, box.confirm_button)
    assert [r.fingerprint for r in trust.roots(crew.store)] == [own.fingerprint]
    assert box.table.rowCount() == 1
    assert crew.store.scalar("SELECT COUNT(*) FROM audit WHERE action IN ('root.pin', 'root.unpin')") == 2


def test_others_see_the_roots_but_cannot_change_them(qtbot, crew):
    page = SettingsPage(Session(crew.store, crew.inspector))
    qtbot.addWidget(page)
    page.show()
    box = page.trust
    assert box.table.rowCount() == 1
    assert not box.add_button.isVisible() and not box.remove_button.isVisible()
    assert box.export_button.isVisible()
