"""``civdesk trust``: list and export this home's root; pin another home's only as an admin who
confirmed the fingerprint; remove it again. Every refusal one line, exit 2, nothing changed."""

from __future__ import annotations

import pytest

from civdesk import services
from civdesk.cli import main
from civdesk.services import accounts, trust

PW = "password-123"


def _home(path, *others):
    store = services.open_home(path)
    admin = accounts.actor(store, accounts.create_user(store, by=None, name="admin", role="admin", password=PW))
    for name in others:
        accounts.create_user(store, by=admin, name=name, role="inspector", password=PW)
    fp = trust.own_root(store).fingerprint
    store.close()
    return fp


def trusted(home) -> list[str]:
    store = services.open_home(home)
    try:
        return [r.fingerprint for r in trust.roots(store)]
    finally:
        store.close()


def test_export_add_list_remove(tmp_path, capsys, monkeypatch):
    a, b = tmp_path / "A", tmp_path / "B"
    fp_a, fp_b = _home(a), _home(b, "inspector1")
    capsys.readouterr()
    assert main(["--lang", "en", "--home", str(a), "trust", "export", "-o", str(tmp_path / "a.pem")]) == 0
    assert trust.pretty(fp_a) in capsys.readouterr().out
    assert main(["--lang", "en", "--home", str(a), "trust", "list"]) == 0
    assert capsys.readouterr().out.strip() == f"own     {trust.pretty(fp_a)}  CivDesk 根证书"

    def refused(*argv, says):
        assert main(["--home", str(b), "--lang", "en", "trust", *argv]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and says in err, err
        assert trusted(b) == [fp_b]

    monkeypatch.setenv("CIVDESK_PASSWORD", PW)
    refused("add", str(tmp_path / "a.pem"), "--user", "admin", says="compare the fingerprint")  # no tty, no --yes
    refused("add", str(tmp_path / "a.pem"), "--user", "inspector1", "--yes", says="only an admin")
    (tmp_path / "junk.pem").write_text("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    refused("add", str(tmp_path / "junk.pem"), "--user", "admin", "--yes", says="not a certificate")
    refused("add", str(tmp_path / "nothing.pem"), "--user", "admin", "--yes", says="no such file")
    refused("remove", fp_b[:12], "--user", "admin", says="own root cannot be removed")

    assert (
        main(["--lang", "en", "--home", str(b), "trust", "add", str(tmp_path / "a.pem"), "--user", "admin", "--yes"])
        == 0
    )
    assert trust.pretty(fp_a) in capsys.readouterr().out
    assert main(["--lang", "en", "--home", str(b), "trust", "list", "--json"]) == 0
    assert '"own": false' in capsys.readouterr().out
    refused_again = main(
        ["--lang", "en", "--home", str(b), "trust", "add", str(tmp_path / "a.pem"), "--user", "admin", "--yes"]
    )
    assert refused_again == 2 and "already trusted" in capsys.readouterr().err
    assert main(["--lang", "en", "--home", str(b), "trust", "remove", trust.pretty(fp_a)[:14], "--user", "admin"]) == 0
    assert "no longer trusted" in capsys.readouterr().out
    assert trusted(b) == [fp_b]
    store = services.open_home(b)
    try:
        assert store.scalar("SELECT COUNT(*) FROM audit WHERE action IN ('root.pin', 'root.unpin')") == 2
    finally:
        store.close()


@pytest.mark.parametrize("argv", [["export", "-o", "x.pem"], ["list"]])
def test_a_home_without_root(tmp_path, capsys, argv):
    code = main(["--home", str(tmp_path / "empty"), "--lang", "en", "trust", *argv])
    if argv[0] == "export":
        assert code == 2 and "no root yet" in capsys.readouterr().err
    else:
        assert code == 0 and "no root yet" in capsys.readouterr().out
