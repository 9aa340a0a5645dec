"""PAdES signatures on CivDesk PDFs (pyHanko): signing into visible boxes, and verifying.

Signatures are PAdES (subfilter ETSI.CAdES.detached) and embed the signer's certificate with the
root that issued it, so any validator given that root (poppler's pdfsig with an NSS database,
Acrobat, pyHanko) checks them without CivDesk. A document may carry several signatures, each an
incremental update: the people's own (when they type their password at print time) and the
printing user's last, so the final signature covers the whole file. Verification is offline: a
signature counts when its bytes are intact, its certificate chains to a root the home trusts, the
last signature covers the entire file, and nothing but further signatures was added after the others.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

from ..messages import Line

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SignRequest:
    """One signature to add: the key, where its visible box goes, and what the box says."""

    field_name: str
    private_key: object  # cryptography private key (EC or RSA)
    certificate: object  # cryptography x509.Certificate
    page: int
    box: tuple[float, float, float, float]
    label: str  # first line of the stamp, e.g. "检查人 李明"
    reason: str = ""
    image_png: bytes | None = field(default=None, repr=False)
    chain: tuple = ()  # the issuing root's certificate, embedded with the signer's
    signer: str = ""  # the stamp's "数字签名" line (default: the label)


def _asn1_cert(certificate):
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization

    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _asn1(private_key, certificate):
    from asn1crypto import keys as asn1_keys
    from cryptography.hazmat.primitives import serialization

    der_key = private_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return asn1_keys.PrivateKeyInfo.load(der_key), _asn1_cert(certificate)


def _font_factory(font_path: Path):
    """pyHanko's font factory, reading the font into memory: the stock one leaves its file open."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory

    class InMemoryGlyphAccumulatorFactory(GlyphAccumulatorFactory):
        def create_font_engine(self, writer, obj_stream=None):
            if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
                obj_stream = writer.prepare_object_stream()
            return GlyphAccumulator(
                writer=writer,
                font_handle=io.BytesIO(Path(self.font_file).read_bytes()),
                font_size=self.font_size,
                ot_script_tag=self.ot_script_tag,
                ot_language_tag=self.ot_language_tag,
                writing_direction=self.writing_direction,
                bcp47_lang_code=self.bcp47_lang_code,
                obj_stream=obj_stream,
            )

    return InMemoryGlyphAccumulatorFactory(str(font_path))


def _stamp_style(font_path: Path, image_png: bytes | None):
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    background, opacity = None, 0.6
    if image_png:
        from PIL import Image
        from pyhanko.pdf_utils.images import PdfImage

        background = PdfImage(Image.open(io.BytesIO(image_png)))
        opacity = 0.45
    return TextStampStyle(
        stamp_text="%(label)s\n数字签名：%(signer)s\n%(ts)s",
        text_box_style=TextBoxStyle(font=_font_factory(font_path), font_size=8, leading=10),
        timestamp_format="%Y-%m-%d %H:%M:%S %Z",
        border_width=1,
        background=background,
        background_opacity=opacity,
    )


def load() -> None:
    """Import what ``sign`` uses (pyHanko, its stamp font engine with fontTools, Pillow): some
    0.5 s the first time in a process, nothing after."""
    import PIL.Image  # noqa: F401
    import pyhanko.pdf_utils.filters
    import pyhanko.pdf_utils.font.opentype
    import pyhanko.pdf_utils.images
    import pyhanko.pdf_utils.incremental_writer
    import pyhanko.pdf_utils.metadata.xmp_xml
    import pyhanko.pdf_utils.text
    import pyhanko.sign.fields
    import pyhanko.sign.signers
    import pyhanko.stamp  # noqa: F401
    import pyhanko_certvalidator.registry  # noqa: F401
    from fontTools.ttLib import getTableModule

    for tag in ("head", "hhea", "maxp", "OS/2", "hmtx", "cmap", "loca", "glyf", "name", "post"):
        getTableModule(tag)  # the stamp's font tables, each loaded when first read


def sign(pdf: bytes, requests: list[SignRequest], font_path: Path) -> bytes:
    """``pdf`` with each request's signature appended, in order (each one an incremental update)."""
    import logging

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    # A long organisation name is wider than the stamp box; pyHanko then scales the text down to fit
    # (what we want) and logs a layout warning that would reach the console of every command.
    logging.getLogger("pyhanko.pdf_utils.layout").setLevel(logging.ERROR)
    data = pdf
    for req in requests:
        key, cert = _asn1(req.private_key, req.certificate)
        signer = signers.SimpleSigner(
            signing_cert=cert,
            signing_key=key,
            cert_registry=SimpleCertificateStore.from_certs([_asn1_cert(c) for c in req.chain]),
        )
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        meta = signers.PdfSignatureMetadata(
            field_name=req.field_name,
            reason=req.reason or None,
            location="CivDesk",
            name=req.signer or req.label,
            subfilter=fields.SigSeedSubFilter.PADES,
        )
        pdf_signer = signers.PdfSigner(
            meta,
            signer=signer,
            stamp_style=_stamp_style(font_path, req.image_png),
            new_field_spec=fields.SigFieldSpec(
                sig_field_name=req.field_name, on_page=req.page, box=tuple(round(v) for v in req.box)
            ),
        )
        out = io.BytesIO()
        pdf_signer.sign_pdf(writer, output=out, appearance_text_params={"label": req.label})
        data = out.getvalue()
    return data


@dataclass
class SignatureCheck:
    field: str
    signer: str
    signed_at: str
    intact: bool
    valid: bool
    known: bool
    coverage: str
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.known and not self.problem


@dataclass
class PdfCheck:
    signatures: list[SignatureCheck]
    problems: list[str]
    subject: str = ""  # the verification code written in the PDF's metadata

    @property
    def ok(self) -> bool:
        return bool(self.signatures) and not self.problems and all(s.ok for s in self.signatures)


def verify(pdf: bytes, trusted_roots: list) -> PdfCheck:
    """Check every signature of ``pdf``: intact, and chained to one of ``trusted_roots``
    (cryptography certificates)."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    roots = [_asn1_cert(c) for c in trusted_roots]
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        sigs = list(reader.embedded_signatures)
        subject = str(reader.trailer["/Info"].get("/Subject", "")) if "/Info" in reader.trailer else ""
    except (PdfError, ValueError, KeyError, TypeError) as e:
        return PdfCheck([], [Line("verify.unreadable_pdf", reason=e)])
    if not sigs:
        return PdfCheck([], [Line("verify.no_signature")], subject)
    checks, problems = [], []
    for n, sig in enumerate(sigs):
        vc = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
        name = sig.field_name or f"#{n + 1}"
        try:
            status = validate_pdf_signature(sig, vc)
        except Exception as e:  # a mangled signature raises all kinds of parsing errors
            checks.append(SignatureCheck(name, "?", "", False, False, False, "", Line("verify.cannot_check", reason=e)))
            continue
        cert = status.signing_cert
        who = cert.subject.native.get("common_name", cert.subject.human_friendly) if cert else "?"
        when = status.signer_reported_dt.astimezone().strftime("%Y-%m-%d %H:%M:%S") if status.signer_reported_dt else ""
        coverage = status.coverage.name if status.coverage else ""
        check = SignatureCheck(
            name, str(who), when, bool(status.intact), bool(status.valid), bool(status.trusted), coverage
        )
        if n == len(sigs) - 1 and coverage != "ENTIRE_FILE":
            check.problem = Line("verify.changed_after_last")
        elif status.modification_level is not None and status.modification_level.name not in (
            "NONE",
            "LTA_UPDATES",
            "FORM_FILLING",
        ):
            check.problem = Line("verify.changed_after_signing", level=status.modification_level.name)
        checks.append(check)
    return PdfCheck(checks, problems, subject)
