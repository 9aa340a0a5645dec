"""证书: one A4 landscape page drawn on the canvas — vector border, title, citation, seal, QR."""

from __future__ import annotations

import math

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Spacer

from .base import VERIFY_PREFIX, Renderer, Slot, draw_qr
from .content import CertificateDoc, fmt_num
from .report import wrap_label

GOLD = colors.HexColor("#b8860b")
CRIMSON = colors.HexColor("#a61b1b")
DARK = colors.HexColor("#1f2937")
SLOT_W, SLOT_H = 62 * mm, 20 * mm
ORG_W = 85 * mm  # the issuer's block, bottom right: name, date, seal over them
ORG_SIZES = (15, 14, 13, 12, 11, 10, 9)  # a long name shrinks to fit two lines, then wraps at 9 pt
ORG_MAX_LINES = 4  # at 9 pt: about 70 characters; a longer name is cut with "…"
SEAL = 38 * mm


def org_lines(name: str, font: str, width: float = ORG_W) -> tuple[float, list[str]]:
    """(font size, lines) for the organisation's name: the largest size that fits it on two lines
    within ``width``, else the smallest size wrapped onto as many lines as it needs."""
    for size in ORG_SIZES:
        lines = wrap_label(name, font, size, width)
        if len(lines) <= 2:
            return size, lines
    lines = wrap_label(name, font, ORG_SIZES[-1], width)
    if len(lines) > ORG_MAX_LINES:  # a name longer than any real one must not climb over the text
        lines = lines[: ORG_MAX_LINES - 1] + [clip(lines[ORG_MAX_LINES - 1] + "…", font, ORG_SIZES[-1], width)]
    return ORG_SIZES[-1], lines


def clip(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with "…" to fit ``width`` in one line."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


class CertificateRenderer(Renderer):
    pagesize = landscape(A4)
    margins = (30 * mm, 30 * mm, 30 * mm, 30 * mm)
    title = "证书"

    def __init__(self, doc: CertificateDoc, fonts, slot_labels: list[tuple[str, str]] = ()):
        super().__init__(doc, fonts)
        self.code = doc.code
        self.slot_labels = list(slot_labels)

    def story(self):
        return [Spacer(1, 1)]  # everything is drawn in decorate(): a certificate has a fixed layout

    def footer(self, c, page, total):
        pass  # one page: no page numbers; the code and QR are part of the design

    def para(self, c, markup: str, x: float, y_top: float, width: float, style: ParagraphStyle) -> float:
        """Draw a paragraph whose top is at ``y_top``; returns its bottom."""
        p = self.paragraph(markup, style)
        _, h = p.wrapOn(c, width, 200 * mm)
        p.drawOn(c, x, y_top - h)
        return y_top - h

    def fitted(self, c, make, x: float, y_top: float, width: float, style: ParagraphStyle, lines: int) -> float:
        """Like ``para`` for text of any length on a page of fixed layout: ``make(limit)`` gives the
        markup with its variable text cut to ``limit`` characters (None: whole). The paragraph
        shrinks (down to two thirds of its size) to fit in ``lines`` lines of its style; text that
        fits even so is cut short with "…" rather than run over the rest of the certificate."""
        max_h = lines * style.leading + 1
        for scale in (1, 0.85, 0.75, 0.67):
            st = ParagraphStyle(
                f"{style.name}-{scale}", parent=style, fontSize=style.fontSize * scale, leading=style.leading * scale
            )
            if self.paragraph(make(None), st).wrap(width, 200 * mm)[1] <= max_h:
                return self.para(c, make(None), x, y_top, width, st)
        lo, hi = 0, 4000  # the longest cut that fits, by halving
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.paragraph(make(mid), st).wrap(width, 200 * mm)[1] <= max_h:
                lo = mid
            else:
                hi = mid - 1
        return self.para(c, make(lo), x, y_top, width, st)

    def cut(self, text: str, limit: int | None) -> str:
        """``text`` escaped for a paragraph, cut to ``limit`` characters with "…" (None: whole)."""
        return self.esc(text if limit is None or len(text) <= limit else text[:limit] + "…")

    def border(self, c) -> None:
        w, h = self.pagesize
        c.saveState()
        c.setStrokeColor(CRIMSON)
        c.setLineWidth(3)
        c.rect(10 * mm, 10 * mm, w - 20 * mm, h - 20 * mm)
        c.setStrokeColor(GOLD)
        c.setLineWidth(0.8)
        c.rect(13.5 * mm, 13.5 * mm, w - 27 * mm, h - 27 * mm)
        # A band of small diamonds between the two frames, and a rosette in each corner.
        c.setFillColor(GOLD)
        step = 6 * mm
        for x in range(int(20 * mm), int(w - 20 * mm), int(step)):
            for y in (11.75 * mm, h - 11.75 * mm):
                self.diamond(c, x, y, 0.9 * mm)
        for y in range(int(20 * mm), int(h - 20 * mm), int(step)):
            for x in (11.75 * mm, w - 11.75 * mm):
                self.diamond(c, x, y, 0.9 * mm)
        for cx, cy in ((22 * mm, 22 * mm), (w - 22 * mm, 22 * mm), (22 * mm, h - 22 * mm), (w - 22 * mm, h - 22 * mm)):
            self.rosette(c, cx, cy)
        c.restoreState()

    @staticmethod
    def diamond(c, x: float, y: float, r: float) -> None:
        path = c.beginPath()
        path.moveTo(x, y + r)
        path.lineTo(x + r, y)
        path.lineTo(x, y - r)
        path.lineTo(x - r, y)
        path.close()
        c.drawPath(path, stroke=0, fill=1)

    @staticmethod
    def rosette(c, cx: float, cy: float) -> None:
        c.setStrokeColor(CRIMSON)
        c.setLineWidth(0.6)
        for k in range(12):
            a = k * math.pi / 6
            c.line(cx, cy, cx + 5 * mm * math.cos(a), cy + 5 * mm * math.sin(a))
        c.setFillColor(CRIMSON)
        c.circle(cx, cy, 1.6 * mm, stroke=0, fill=1)
        c.setFillColor(GOLD)

    def decorate(self, c, doc) -> None:
        d: CertificateDoc = self.doc
        f = self.fonts
        w, h = self.pagesize
        self.border(c)
        c.saveState()
        c.setFillColor(CRIMSON)
        c.setFont(f.bold, 40)
        c.drawCentredString(w / 2, h - 52 * mm, "荣 誉 证 书")
        c.setFillColor(DARK)
        c.setFont(f.regular, 10)
        c.drawRightString(w - 30 * mm, h - 30 * mm, f"证书编号：{d.serial}")
        c.drawRightString(w - 30 * mm, h - 35 * mm, f"有效期至：{self.date_cn(d.valid_until)}")
        title_style = ParagraphStyle(
            "t", fontName=f.bold, fontSize=26, leading=34, alignment=TA_CENTER, textColor=CRIMSON, wordWrap="CJK"
        )
        body = ParagraphStyle(
            "b",
            fontName=f.regular,
            fontSize=15,
            leading=26,
            alignment=TA_JUSTIFY,
            textColor=DARK,
            wordWrap="CJK",
            firstLineIndent=30,
        )
        left, width = 45 * mm, w - 90 * mm
        # Names come from the home's data and from templates: each is held to its place.
        y = self.fitted(
            c,
            lambda n: f"<u>{self.cut(d.site, n)}</u>：",
            left,
            h - 66 * mm,
            width,
            ParagraphStyle("s1", parent=body, firstLineIndent=0, fontName=f.bold, fontSize=17),
            2,
        )
        y = self.fitted(
            c,
            lambda n: (
                f"经{self.cut(d.template, n)}测评，你单位得分 <b>{fmt_num(d.score)}</b> 分"
                f"（满分 {fmt_num(d.max)} 分，得分率 {d.percent:.2f}%），测评等级为"
                f"<b>{self.cut(d.level, n)}</b>，特授予"
            ),
            left,
            y - 4 * mm,
            width,
            body,
            3,
        )
        y = self.fitted(c, lambda n: f"“{self.cut(d.title, n)}”", left, y - 5 * mm, width, title_style, 2)
        self.para(
            c,
            "称号，特发此证。",
            left,
            y - 3 * mm,
            width,
            ParagraphStyle("b2", parent=body, alignment=TA_CENTER, firstLineIndent=0),
        )
        self.issuer(c, w - 120 * mm)
        # Signatures (bottom left), as a form lists them, then the digital-signature boxes beside them.
        x = 35 * mm
        for s in d.signers:
            c.setFillColor(DARK)
            c.setFont(f.bold, 9)
            c.drawString(x, 67 * mm, f"{s.role}：")
            if s.image:
                c.drawImage(
                    ImageReader(_bytes_io(s.image)), x, 53 * mm, 34 * mm, 12 * mm, mask="auto", preserveAspectRatio=True
                )
            c.setFont(f.regular, 9)
            c.drawString(x + 36 * mm, 57 * mm, clip(s.name, f.regular, 9, 24 * mm))
            c.setFont(f.regular, 7.5)
            c.drawString(x, 49 * mm, s.signed_at)
            c.setFillColor(DARK if s.valid else CRIMSON)
            c.drawString(x, 45.5 * mm, f"{s.status} · 验证码 {d.code}")
            x += 62 * mm
        for n, (name, label) in enumerate(self.slot_labels):
            bx, by = 35 * mm + n * (SLOT_W + 6 * mm), 18 * mm
            c.setFont(f.regular, 7)
            c.setFillColor(colors.HexColor("#6b7280"))
            c.drawString(bx, by + SLOT_H + 1.5 * mm, label)
            self.slots.append(Slot(name, 0, (bx, by, bx + SLOT_W, by + SLOT_H)))
        # Verification.
        draw_qr(c, VERIFY_PREFIX + d.code, w - 52 * mm, 18 * mm, 22 * mm, f.regular)
        c.setFillColor(DARK)
        c.setFont(f.regular, 8)
        c.drawRightString(w - 54 * mm, 22 * mm, f"验证码 {d.code}")
        c.drawRightString(w - 54 * mm, 18 * mm, "civdesk verify --code 验证码")
        c.restoreState()

    def issuer(self, c, org_x: float) -> None:
        """The issuing organisation's name (shrunk or wrapped to fit), the date below it and the seal
        stamped over both, as a Chinese certificate is sealed; a long name grows upwards."""
        d: CertificateDoc = self.doc
        f = self.fonts
        centre = org_x + ORG_W / 2
        date_y = 50 * mm
        c.setFillColor(DARK)
        c.setFont(f.regular, 13)
        c.drawCentredString(centre, date_y, self.date_cn(d.issued_on))
        size, lines = org_lines(d.org_name, f.regular)
        c.setFont(f.regular, size)
        for n, line in enumerate(reversed(lines)):
            c.drawCentredString(centre, date_y + 8 * mm + n * size * 1.3, line)
        if d.seal_image:
            try:
                c.drawImage(
                    ImageReader(d.seal_image),
                    centre - SEAL / 2,
                    date_y - SEAL / 2 + 6 * mm,
                    SEAL,
                    SEAL,
                    mask="auto",
                    preserveAspectRatio=True,
                )
            except OSError:
                pass  # a missing seal file must not stop the certificate; Settings shows the fault

    @staticmethod
    def date_cn(iso: str) -> str:
        y, m, d = iso.split("-")
        return f"{int(y)}年{int(m)}月{int(d)}日"


def _bytes_io(data: bytes):
    import io

    return io.BytesIO(data)
