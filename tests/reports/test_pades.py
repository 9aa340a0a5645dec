"""PDFs are PAdES signatures by the printing user, with the chain to the home's root embedded:
poppler's pdfsig (an independent validator) calls them valid and, once given the root, trusted;
``verify`` checks them against the roots the home trusts."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from civdesk.services import crypto, documents, keys, trust
from tests.helpers.docs import EXCELLENT

needs_pdfsig = pytest.mark.skipif(
    not (shutil.which("pdfsig") and shutil.which("certutil")),
    reason="pdfsig (poppler-utils) and certutil (libnss3-tools) are not installed",
)


def _nss(tmp_path, name: str, roots: list[bytes]):
    db = tmp_path / name
    db.mkdir()
    subprocess.run(["certutil", "-N", "-d", f"sql:{db}", "--empty-password"], check=True)
    for n, pem in enumerate(roots):
        f = tmp_path / f"{name}-{n}.pem"
        f.write_bytes(pem)
        subprocess.run(
            ["certutil", "-A", "-d", f"sql:{db}", "-n", f"root{n}", "-t", "CT,C,C", "-i", str(f)], check=True
        )
    return db


def _pdfsig(tmp_path, db, pdf: bytes) -> str:
    f = tmp_path / "signed.pdf"
    f.write_bytes(pdf)
    run = subprocess.run(["pdfsig", "-nssdir", f"sql:{db}", str(f)], capture_output=True, text=True)
    return run.stdout


def _embedded(pdf: bytes) -> list[list[str]]:
    """Per signature: its subfilter and the fingerprints of the certificates its CMS carries."""
    out = []
    for sig in PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures:
        certs = [c.chosen.sha256.hex() for c in sig.signed_data["certificates"]]
        out.append([str(sig.sig_object["/SubFilter"]), *certs])
    return out


@needs_pdfsig
def test_report_and_certificate_are_trusted_by_pdfsig_given_the_root(docs, tmp_path):
    iid = docs.make(EXCELLENT)
    inspector, manager = docs.login("inspector"), docs.login("manager_a")
    report = documents.render_report(docs.store, iid, by=inspector).pdf
    documents.render_certificate(docs.store, iid, by=inspector)  # issued by the assessing side …
    cert = documents.render_certificate(docs.store, iid, by=manager).pdf  # … printed again by the site's manager
    root = trust.own_root(docs.store)
    stranger = _nss(tmp_path, "empty", [])
    trusting = _nss(tmp_path, "trusting", [root.pem])
    for pdf, signer in ((report, "inspector"), (cert, "manager_a")):
        # The signature is PAdES, and its CMS carries the signer's certificate and the root.
        ((subfilter, *fps),) = _embedded(pdf)
        assert subfilter == "/ETSI.CAdES.detached"
        mine = keys.session_material(docs.store, inspector.id if signer == "inspector" else manager.id)[1]
        assert sorted(fps) == sorted([crypto.fingerprint(mine), root.fingerprint])
        out = _pdfsig(tmp_path, stranger, pdf)
        assert "Signature Type: ETSI.CAdES.detached" in out and "Signature is Valid." in out
        assert f"Signer Certificate Common Name: {signer}" in out
        assert "Certificate is Trusted" not in out  # without the root nobody vouches for it …
        out = _pdfsig(tmp_path, trusting, pdf)
        assert "Signature is Valid." in out and "Certificate Validation: Certificate is Trusted." in out  # … with it
        assert "Total document signed" in out
        assert documents.verify_pdf(docs.store, pdf).ok


def test_printing_a_signed_document_needs_a_logged_in_user(docs):
    iid = docs.make(EXCELLENT)
    with pytest.raises(documents.DocumentError, match="signed by whoever prints it"):
        documents.render_report(docs.store, iid)
    # A user who did not log in in this process has no unlocked key here.
    with pytest.raises(documents.DocumentError, match="log in again"):
        documents.render_report(docs.store, iid, by=docs.admin)
    assert not (docs.store.home / "keys" / "documents.pem").exists()


def test_verify_refuses_a_pdf_of_another_home_until_its_root_is_pinned(docs, tmp_path, monkeypatch):
    """The same document checked in a second home: not trusted, then trusted once pinned."""
    from civdesk import services
    from civdesk.services import accounts
    from tests.helpers.data import PASSWORD

    iid = docs.make(EXCELLENT)
    pdf = documents.render_report(docs.store, iid, by=docs.login("inspector")).pdf
    other = services.open_home(tmp_path / "other")
    try:
        accounts.create_user(other, by=None, name="admin", role="admin", password=PASSWORD)
        v = documents.verify_pdf(other, pdf)
        assert not v.ok and "NOT issued by a root this home trusts" in "\n".join(v.lines)
        admin = accounts.authenticate(other, "admin", PASSWORD)
        trust.pin(other, admin, trust.load_certificate(trust.own_root(docs.store).pem))
        assert documents.verify_pdf(other, pdf).ok
    finally:
        other.close()
