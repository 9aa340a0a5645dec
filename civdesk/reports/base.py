"""What every CivDesk document shares: page set-up, Chinese styles, escaping, page numbers, QR code.

Each document is a ``Renderer`` subclass (as pretix's invoice renderers are): page size, margins
and fonts are attributes, ``story()`` builds the Platypus flowables from the document's data
object, ``decorate()`` draws fixed things on the canvas, and ``footer()`` writes
"第 X 页 / 共 Y 页" with the verification code and its QR code once the page count is known.
All user text reaches a Paragraph through ``self.p`` / ``self.esc`` (escaped, CJK wrapping).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from reportlab import rl_config
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table, TableStyle

from .fonts import Fonts
from .tallrows import fit_rows

# Binary streams, not ASCII85: ReportLab's ASCII85 encoder is pure Python here and spent ~0.2 s on
# every 2-megapixel JPEG (and made the file a quarter bigger). Every reader handles binary PDFs.
rl_config.useA85 = 0

INK = colors.HexColor("#1f2937")
MUTED = colors.HexColor("#6b7280")
RED = colors.HexColor("#b91c1c")
LINE = colors.HexColor("#9ca3af")
HEAD_BG = colors.HexColor("#e5e7eb")
FAIL_BG = colors.HexColor("#fde8e8")
VERIFY_PREFIX = "CIVDESK-VERIFY:"


@dataclass
class Slot:
    """Where a digital signature's visible box goes (page index from 0, PDF points from bottom-left)."""

    name: str
    page: int
    box: tuple[float, float, float, float]


class SignatureSlot(Flowable):
    """An empty, framed box in the flow whose final position is recorded for the PDF signer."""

    def __init__(self, renderer: Renderer, name: str, width: float, height: float):
        super().__init__()
        self.renderer, self.name = renderer, name
        self.width, self.height = width, height

    def wrap(self, aw, ah):
        return self.width, self.height

    def draw(self):
        c = self.canv
        c.saveState()
        c.setStrokeColor(LINE)
        c.setDash(2, 2)
        c.rect(0, 0, self.width, self.height)
        c.restoreState()
        x0, y0 = c.absolutePosition(0, 0)
        self.renderer.slots.append(Slot(self.name, c.getPageNumber() - 1, (x0, y0, x0 + self.width, y0 + self.height)))


def qr_drawing(text: str, size: float, font: str) -> Drawing:
    widget = QrCodeWidget(text, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    d = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    d.initialFontName = font  # else renderPDF declares Helvetica, a font no PDF of ours may leave unembedded
    d.add(widget)
    return d


FOOTER_QR = "civdeskFooterQR"
CN_NUMERALS = "一二三四五六七八九十"


def numbered(titles: list[str]) -> list[str]:
    """Part headings numbered 一、二、三… in order, so a part left out leaves no gap."""
    return [f"{CN_NUMERALS[n]}、{t}" for n, t in enumerate(titles)]


def draw_qr(c, text: str, x: float, y: float, size: float, font: str) -> None:
    renderPDF.draw(qr_drawing(text, size, font), c, x, y)


def _numbered_canvas(renderer: Renderer):
    class NumberedCanvas(rl_canvas.Canvas):
        """Holds each page until the end, so every footer can say how many pages there are."""

        def __init__(self, *args, **kwargs):
            kwargs.setdefault("initialFontName", renderer.fonts.regular)
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                renderer.footer(self, self._pageNumber, total)
                super().showPage()
            super().save()

    return NumberedCanvas


class Renderer:
    """Base of every document: subclasses set ``pagesize`` / ``margins`` and implement ``story``."""

    pagesize = A4
    margins = (18 * mm, 18 * mm, 16 * mm, 22 * mm)  # left, right, top, bottom
    title = ""
    code: str | None = None  # verification code for the footer (None: no code, no QR)

    def __init__(self, doc: Any, fonts: Fonts):
        self.doc, self.fonts = doc, fonts
        self.slots: list[Slot] = []
        self.styles = self.stylesheet()

    # ------------------------------------------------------------------ text

    def esc(self, text: Any) -> str:
        return self.fonts.markup(text)

    def p(self, text: Any, style: str = "body", *, markup: str | None = None) -> Paragraph:
        """A paragraph of user text (escaped); ``markup`` is trusted, already-escaped markup."""
        return self.paragraph(markup if markup is not None else self.esc(text), self.styles[style])

    def paragraph(self, markup: str, style: ParagraphStyle) -> Paragraph:
        """Every paragraph of a document: characters outside the prepared set keep a bold style's weight."""
        return Paragraph(self.fonts.weighted(markup, style.fontName), style)

    def stylesheet(self) -> dict[str, ParagraphStyle]:
        f = self.fonts

        def style(name, size, *, bold=False, leading=None, align=TA_LEFT, color=INK, **kw):
            return ParagraphStyle(
                name,
                fontName=f.bold if bold else f.regular,
                fontSize=size,
                leading=leading or size * 1.4,
                alignment=align,
                textColor=color,
                wordWrap="CJK",
                **kw,
            )

        return {
            "title": style("title", 18, bold=True, align=TA_CENTER, spaceAfter=4 * mm),
            "subtitle": style("subtitle", 10, align=TA_CENTER, color=MUTED, spaceAfter=4 * mm),
            "h1": style("h1", 13, bold=True, spaceBefore=4 * mm, spaceAfter=2 * mm),
            "h2": style("h2", 11, bold=True, spaceBefore=3 * mm, spaceAfter=1.5 * mm),
            "body": style("body", 9.5),
            "small": style("small", 8, color=MUTED),
            "cell": style("cell", 8.5, leading=11.5),
            "cellb": style("cellb", 8.5, leading=11.5, bold=True),
            "cellc": style("cellc", 8.5, leading=11.5, align=TA_CENTER),
            "fail": style("fail", 8.5, leading=11.5, color=RED, bold=True),
            "big": style("big", 14, bold=True, leading=20),
        }

    def table(self, rows, widths, cmds=(), **kw) -> Table:
        """A Table whose plain cells use our font (ReportLab would otherwise declare Helvetica,
        which is never embedded)."""
        rows, cmds = fit_rows(rows, widths, list(cmds))  # no row taller than a page (a long note)
        t = Table(rows, colWidths=widths, **kw)
        t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), self.fonts.regular, 8.5), *cmds]))
        return t

    def signature_block(self, signers, code: str | None, width: float, image) -> Table:
        """The signers as a Chinese form lists them: role, handwriting over the printed name, local
        date and time, and whether the digital signature verifies (with the document's code)."""
        rows = [[self.p(h, "cellb") for h in ("身份", "签名", "签署时间", "数字签名")]]
        for s in signers:
            hand = [image(s.image, 40 * mm, 13 * mm)] if s.image else []
            status = self.p(s.status, "cellb" if s.valid else "fail")
            check = [status] + ([self.p(f"验证码 {code}", "small")] if code else [])
            rows.append([self.p(s.role, "cellb"), hand + [self.p(s.name, "cell")], self.p(s.signed_at, "cell"), check])
        return self.grid(
            rows, [0.2 * width, 0.32 * width, 0.22 * width, 0.26 * width], [("VALIGN", (0, 1), (-1, -1), "MIDDLE")]
        )

    def grid(self, rows, widths, cmds=(), **kw) -> Table:
        """A ruled table with a shaded header row."""
        return self.table(
            rows,
            widths,
            [
                ("GRID", (0, 0), (-1, -1), 0.4, LINE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                *cmds,
            ],
            **kw,
        )

    # ------------------------------------------------------------------ page furniture

    def decorate(self, c, doc) -> None:
        """Fixed drawing on every page (before the flowables); subclasses add borders, headers."""

    def footer(self, c, page: int, total: int) -> None:
        w, _ = self.pagesize
        left, right, _, bottom = self.margins
        c.saveState()
        c.setFont(self.fonts.regular, 8)
        c.setFillColor(MUTED)
        y = bottom - 10 * mm
        c.drawCentredString(w / 2, y, f"第 {page} 页 / 共 {total} 页")
        if self.code:
            c.drawString(left, y, f"验证码 {self.code}")
            # The same code on every page: drawn once into a form XObject, placed on each page.
            # (Drawing the QR widget per page cost 45 ms a page: 1.7 s of a 37-page report.)
            size = 14 * mm
            if not c.hasForm(FOOTER_QR):
                c.beginForm(FOOTER_QR, 0, 0, size, size)
                draw_qr(c, VERIFY_PREFIX + self.code, 0, 0, size, self.fonts.regular)
                c.endForm()
            c.saveState()
            c.translate(w - right - size, y - 3 * mm)
            c.doForm(FOOTER_QR)
            c.restoreState()
        if self.title:
            c.drawString(left, y - 4 * mm, self.title)
        c.restoreState()

    # ------------------------------------------------------------------ building

    def story(self) -> list[Flowable]:
        raise NotImplementedError

    def render(self) -> bytes:
        buf = io.BytesIO()
        left, right, top, bottom = self.margins
        w, h = self.pagesize
        template = BaseDocTemplate(
            buf,
            pagesize=self.pagesize,
            leftMargin=left,
            rightMargin=right,
            topMargin=top,
            bottomMargin=bottom,
            title=self.title,
            author=getattr(self.doc, "org_name", "") or "",
            creator="CivDesk",
            subject=self.code or "",
            initialFontName=self.fonts.regular,
        )
        frame = Frame(
            left,
            bottom,
            w - left - right,
            h - top - bottom,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        template.addPageTemplates([PageTemplate("page", [frame], onPage=self.decorate)])
        template.build(self.story(), canvasmaker=_numbered_canvas(self))
        return buf.getvalue()
