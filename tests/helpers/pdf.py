"""Reading a PDF back: its text, page count, fonts without an embedded program, and how much of
page 1 is inked when poppler renders it."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from PIL import Image
from pypdf import PdfReader


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
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", "-singlefile", str(src), str(tmp_path / "page")],
        check=True,
    )
    img = Image.open(tmp_path / "page.png").convert("L")
    hist = img.histogram()
    return 1 - sum(hist[240:]) / sum(hist)
