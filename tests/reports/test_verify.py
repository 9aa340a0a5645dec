"""``civdesk verify``: intact → 0; a flipped byte inside the signed range → 1; signature removed → 1;
and the other document commands through the command line."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader, PdfWriter

from civdesk import cli
from tests.helpers.data import PASSWORD
from tests.helpers.docs import EXCELLENT
from tests.helpers.pdf import pdf_text


@pytest.fixture
def cert_pdf(docs, monkeypatch):
    iid = docs.make(EXCELLENT)
    monkeypatch.setenv("CIVDESK_PASSWORD", PASSWORD)
    out = docs.out / "cert.pdf"
    home = str(docs.store.home)
    assert cli.main(["--home", home, "certificate", str(iid), "-o", str(out), "--user", "admin"]) == 0
    return home, out


def _verify(home, *args) -> int:
    return cli.main(["--home", home, "--lang", "en", "verify", *map(str, args)])


def test_intact_document_verifies(cert_pdf, capsys):
    home, out = cert_pdf
    capsys.readouterr()
    assert _verify(home, out) == 0
    text = capsys.readouterr().out
    assert text.startswith("OK:") and "admin" in text and "issued by a trusted root" in text
    assert "serial 2026-0001" in text


def test_flipped_byte_inside_the_signed_range_fails(cert_pdf, capsys):
    home, out = cert_pdf
    data = bytearray(out.read_bytes())
    ranges = [
        list(map(int, m.groups())) for m in re.finditer(rb"/ByteRange \[\s*(\d+) (\d+) (\d+) (\d+)\s*\]", bytes(data))
    ]
    start, length = ranges[-1][0], ranges[-1][1]
    # A byte inside a content stream of the first revision: every signature covers it.
    pos = data.index(b"stream", start + 200) + 40
    assert pos < start + length
    data[pos] ^= 0x01
    bad = out.with_name("flipped.pdf")
    bad.write_bytes(bytes(data))
    capsys.readouterr()
    assert _verify(home, bad) == 1
    assert "FAILED" in capsys.readouterr().out


def test_signature_removed_fails(cert_pdf, capsys):
    home, out = cert_pdf
    data = out.read_bytes()
    # 1. The unsigned original revision, cut off before the signatures' incremental updates.
    first = out.with_name("unsigned.pdf")
    first.write_bytes(data[: data.index(b"%%EOF") + 5])
    assert _verify(home, first) == 1
    # 2. The whole document rewritten without its signature fields.
    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter()
    for page in reader.pages:
        page.pop("/Annots", None)
        writer.add_page(page)
    stripped = out.with_name("stripped.pdf")
    with open(stripped, "wb") as f:
        writer.write(f)
    assert "文明服务示范窗口" in pdf_text(stripped.read_bytes())
    capsys.readouterr()
    assert _verify(home, stripped) == 1
    assert "no digital signature" in capsys.readouterr().out


def test_unknown_certificate_fails(cert_pdf, tmp_path):
    _, out = cert_pdf
    other = tmp_path / "other-home"
    assert cli.main(["--home", str(other), "verify", str(out)]) == 1


def test_verify_code(cert_pdf, capsys):
    home, out = cert_pdf
    code = re.search(r"验证码 (\w{4}-\w{4}-\w{4})", pdf_text(out.read_bytes())).group(1)
    capsys.readouterr()
    assert _verify(home, "--code", code.lower()) == 0
    assert capsys.readouterr().out.startswith(f"OK: certificate {code}, inspection 1, serial ")
    assert _verify(home, "--code", "0000-0000-0000") == 1


def test_document_commands(docs, monkeypatch, capsys):
    home = str(docs.store.home)
    iid = docs.make(
        {"1.1": "no", "1.2": "good", "2.1": 30, "2.2": "yes"}, notes={"1.1": "x"}, photos={"1.1": [docs.photo]}
    )
    for cmd in ("report", "notice", "certificate"):
        # Every document command acts as a user: without one, exit 2 and no file.
        out = docs.out / f"{cmd}.pdf"
        assert cli.main(["--home", home, "--lang", "en", cmd, str(iid), "-o", str(out)]) == 2
        assert "give --user NAME" in capsys.readouterr().err and not out.exists()
    monkeypatch.setenv("CIVDESK_PASSWORD", "wrong-password")
    assert (
        cli.main(
            ["--home", home, "--lang", "en", "report", str(iid), "-o", str(docs.out / "r.pdf"), "--user", "inspector"]
        )
        == 2
    )
    assert "wrong user name or password" in capsys.readouterr().err and not (docs.out / "r.pdf").exists()
    monkeypatch.setenv("CIVDESK_PASSWORD", PASSWORD)
    for cmd in ("report", "notice"):
        out = docs.out / f"{cmd}.pdf"
        assert cli.main(["--home", home, cmd, str(iid), "-o", str(out), "--user", "inspector"]) == 0
        assert out.read_bytes().startswith(b"%PDF")
    assert cli.main(["--home", home, "form", "mini", "-o", str(docs.out / "form.pdf"), "--json"]) == 0
    assert '"kind": "form"' in capsys.readouterr().out
    # The site's own manager never certifies it: exit 2, one line naming why, no file.
    monkeypatch.setenv("CIVDESK_PASSWORD", PASSWORD)
    assert (
        cli.main(
            [
                "--home",
                home,
                "--lang",
                "en",
                "certificate",
                str(iid),
                "-o",
                str(docs.out / "c.pdf"),
                "--user",
                "manager_a",
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "assessing side" in err and not (docs.out / "c.pdf").exists()
    assert cli.main(["--home", home, "verify"]) == 2
