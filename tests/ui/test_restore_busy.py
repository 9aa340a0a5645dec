"""Settings → 从备份恢复 while another CivDesk (a real second process) has the same home open:
refused in the interface language, the database not replaced, nothing written since lost."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from civdesk import services
from civdesk.services import accounts, maintenance
from civdesk.store import DB_NAME
from civdesk.ui.session import Session
from civdesk.ui.settings.backups import BackupBox

ROOT = Path(__file__).resolve().parents[2]
HOLDER = (
    "import sys, time\nfrom civdesk.store import lock\nheld = lock.hold(sys.argv[1])\n"
    "print('ready', flush=True)\nsys.stdin.readline()\nheld.release()\n"
)


def test_restore_is_refused_while_another_civdesk_has_the_home_open(qtbot, crew):
    store = crew.store
    made = maintenance.auto_backup(store, at_start=True).made
    accounts.create_user(store, by=crew.admin, name="after_backup", role="inspector", password="password-123")
    other = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(store.home)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    try:
        assert other.stdout.readline().strip() == "ready"
        box = BackupBox(Session(store, crew.admin))
        qtbot.addWidget(box)
        quits = []
        box.quit = lambda: quits.append(True)
        box.restore_from(made)
        qtbot.waitUntil(lambda: box.outcome.isVisible())
        assert "恢复失败" in box.outcome.text()
        assert f"正在被另一个 CivDesk 使用（进程 {other.pid}）" in box.outcome.text()
        assert "当前数据库未被替换" in box.outcome.text()
        box.outcome.done(0)  # read: a message box left open would be the next test's modal dialog
        assert quits == [True]
    finally:
        other.stdin.write("done\n")
        other.stdin.flush()
        other.wait(timeout=30)
        other.stdin.close()
        other.stdout.close()
    assert not list(store.home.glob(f"{DB_NAME}.replaced-*"))
    again = services.open_home(store.home)
    try:
        assert accounts.user_by_name(again, "after_backup")["role"] == "inspector"
    finally:
        again.close()
