"""``documents.warm`` (run on a thread after the desktop app starts) loads everything the first
document of a process needs: after it, rendering and signing import nothing more."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIBRARIES = ("reportlab", "pyhanko", "pyhanko_certvalidator", "fontTools", "PIL", "asn1crypto", "civdesk.reports")

CODE = """
import datetime, json, sys
from civdesk import services
from civdesk.reports import fonts, pdfsign
from civdesk.services import documents

watched = json.loads(sys.argv[2])
def loaded():
    return {m for m in sys.modules if any(m == w or m.startswith(w + ".") for w in watched)}

before = loaded()
documents.warm()
warmed = loaded()
store = services.open_home(sys.argv[1])
pdf = documents.render_form(store, "toll-window").pdf

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

key = ec.generate_private_key(ec.SECP256R1())
name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "检查员")])
now = datetime.datetime.now(datetime.timezone.utc)
cert = (
    x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
    .serial_number(1).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
    .sign(key, hashes.SHA256())
)
request = pdfsign.SignRequest("sig1", key, cert, 0, (50, 50, 250, 110), "检查人 李明")
signed = pdfsign.sign(pdf, [request], fonts.prepare().paths[fonts.REGULAR])
print(json.dumps([sorted(before), sorted(loaded() - warmed), len(signed) > len(pdf)]))
"""


def test_after_warming_the_first_document_loads_no_library(tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", CODE, str(tmp_path / "home"), json.dumps(LIBRARIES)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    before, after_warm, signed = json.loads(out.stdout.strip().splitlines()[-1])
    assert "reportlab" not in before and "pyhanko" not in before  # importing the services loads neither
    assert after_warm == [], after_warm  # rendering a form and signing it needed nothing warm() had not loaded
    assert signed
