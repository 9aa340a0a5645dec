"""Photos in the report go in as JPEG (passthrough when they can, upright and scaled when not), a
damaged photo file does not stop the report, and the footer's QR code is one shared drawing."""

from __future__ import annotations

import io

from PIL import Image
from pypdf import PdfReader

from civdesk.services import documents, inspections
from civdesk.store import attachments as files
from tests.helpers.docs import FAILING
from tests.helpers.pdf import pdf_text

ORIENTATION = 0x0112


def _images(pdf: bytes) -> list:
    """Every image XObject in the PDF, once each (pages share them)."""
    found = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in (page["/Resources"].get("/XObject") or {}).values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                found[ref.idnum] = obj
    return list(found.values())


def _filters(image) -> list[str]:
    f = image.get("/Filter")
    return [str(x) for x in f] if isinstance(f, list) else [str(f)]


def _report_with(docs, *photos):
    iid = docs.make(FAILING, notes={"1.1": "未使用文明用语"}, photos={"1.1": list(photos)})
    return documents.render_report(docs.store, iid, docs.out / "report.pdf", by=docs.login("inspector")).pdf


def test_an_upright_jpeg_is_embedded_byte_for_byte(docs):
    images = _images(_report_with(docs, docs.photo))
    photos = [im for im in images if im["/Width"] == 320]
    assert len(photos) == 1  # thumbnail and appendix share one image
    assert _filters(photos[0]) == ["/DCTDecode"] and photos[0]._data == docs.photo.read_bytes()


def test_a_turned_big_or_transparent_photo_is_reencoded_upright_and_scaled(docs, tmp_path):
    turned = tmp_path / "turned.jpg"
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # the camera was held on its side: shown turned 90° clockwise
    Image.new("RGB", (400, 300), (200, 40, 40)).save(turned, "JPEG", exif=exif)
    big = tmp_path / "big.jpg"
    Image.new("RGB", (4000, 3000), (40, 200, 40)).save(big, "JPEG")
    clear = tmp_path / "clear.png"
    Image.new("RGBA", (300, 200), (0, 0, 255, 0)).save(clear, "PNG")
    images = _images(_report_with(docs, turned, big, clear))
    sizes = sorted((im["/Width"], im["/Height"], *_filters(im)) for im in images if im["/Width"] in (300, 2048))
    assert sizes == [(300, 200, "/DCTDecode"), (300, 400, "/DCTDecode"), (2048, 1536, "/DCTDecode")]
    png = next(im for im in images if (im["/Width"], im["/Height"]) == (300, 200))
    assert Image.open(io.BytesIO(png._data)).getpixel((150, 100)) == (255, 255, 255)  # transparent → white paper


def test_a_damaged_photo_file_is_named_in_the_report_instead_of_failing_it(docs):
    iid = docs.make(FAILING, notes={"1.1": "未使用文明用语"}, photos={"1.1": [docs.photo]})
    sha = inspections.photos(docs.store, iid)[0].sha256
    files.path_for(docs.store.attachments_dir, sha).write_bytes(b"bits of a disk that went wrong")
    text = pdf_text(documents.render_report(docs.store, iid, by=docs.login("inspector")).pdf)
    assert text.count("照片文件缺失或已损坏") == 2  # the thumbnail and the appendix


def test_the_footer_qr_code_is_drawn_once_and_placed_on_every_page(docs):
    pdf = _report_with(docs, docs.photo)
    reader = PdfReader(io.BytesIO(pdf))
    refs = {page["/Resources"]["/XObject"].raw_get("/FormXob.civdeskFooterQR").idnum for page in reader.pages}
    assert len(reader.pages) >= 3 and len(refs) == 1
