"""Fixtures for the documents: inspections in the states documents need, made through the services,
and helpers that read a PDF back (text, fonts, pages as images)."""

from __future__ import annotations

import io
import shutil
import subprocess
from types import SimpleNamespace

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from civdesk.services import inspections, signing
from tests.conftest import PASSWORD

EXCELLENT = {"1.1": "yes", "1.2": "excellent", "2.1": 35, "2.2": "yes"}
ORG = "杭州市交通运输局"


def signature_png(seed: int = 0) -> bytes:
    img = Image.new("RGBA", (240, 80), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    points = [(10 + x * 11, 40 + ((x * (7 + seed)) % 23) - 11) for x in range(20)]
    draw.line(points, fill=(0, 0, 0, 255), width=3)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def make_inspection(people, answers: dict, *, site=None, notes=None, photos=None, state="signed") -> int:
    """An inspection of the ``mini`` template at site A, taken to ``state`` (draft … signed)."""
    s = people.store
    iid = inspections.new_inspection(s, people.inspector, template_id="mini", site_id=site or people.site_a,
                                     kind="inspection")
    for code, value in answers.items():
        inspections.answer(s, people.inspector, iid, code, value, note=(notes or {}).get(code))
    for code, paths in (photos or {}).items():
        for p in paths:
            inspections.attach_photo(s, people.inspector, iid, code, p)
    if state == "draft":
        return iid
    inspections.submit(s, people.inspector, iid)
    if state == "submitted":
        return iid
    manager = people.manager_a if (site or people.site_a) == people.site_a else people.manager_b
    inspections.approve(s, manager, iid)
    if state == "approved":
        return iid
    signing.sign(s, people.inspector, iid, PASSWORD, signature_png(1))
    signing.sign(s, manager, iid, PASSWORD, signature_png(2))
    return iid


@pytest.fixture
def docs(people, mini, tmp_path):
    """``people`` plus a failing-item photo, a helper to make inspections, and ``login(name)``: the
    user as after logging in (their key unlocked, so the PDFs they print are signed by them), in an
    office whose admin has set the issuing organisation (ORG)."""
    from civdesk.services import accounts

    people.store.set_setting("org_name", ORG)
    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (320, 240), (40, 120, 200)).save(photo, "JPEG")
    return SimpleNamespace(**people.__dict__, photo=photo, out=tmp_path,
                           make=lambda answers, **kw: make_inspection(people, answers, **kw),
                           login=lambda name: accounts.authenticate(people.store, name, PASSWORD))


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def pdf_pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def unembedded_fonts(data: bytes) -> list[str]:
    """Names of fonts used by any page (or form XObject) that carry no embedded font program."""
    reader = PdfReader(io.BytesIO(data))
    bad, seen = [], set()

    def fonts_in(resources):
        if not resources:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            if id(font) in seen:
                continue
            seen.add(id(font))
            desc = font.get("/FontDescriptor")
            if font.get("/Subtype") == "/Type0":
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            if font.get("/Subtype") == "/Type3":
                continue
            desc = desc.get_object() if desc is not None else {}
            if not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                bad.append(str(font.get("/BaseFont")))
        for xobj in (resources.get("/XObject") or {}).values():
            xobj = xobj.get_object()
            if xobj.get("/Subtype") == "/Form":
                fonts_in(xobj.get("/Resources"))

    for page in reader.pages:
        fonts_in(page.get("/Resources"))
        for annot in page.get("/Annots") or []:
            ap = annot.get_object().get("/AP")
            if ap and "/N" in ap:
                fonts_in(ap["/N"].get_object().get("/Resources"))
    return bad


def first_page_ink(data: bytes, tmp_path) -> float:
    """Share of non-white pixels of page 1 rendered by poppler (skips when pdftoppm is missing)."""
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    src = tmp_path / "page.pdf"
    src.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", "-singlefile", str(src),
                    str(tmp_path / "page")], check=True)
    img = Image.open(tmp_path / "page.png").convert("L")
    hist = img.histogram()
    return 1 - sum(hist[240:]) / sum(hist)
