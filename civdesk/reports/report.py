"""检查报告: header, summary with section scores and a bar chart, every item, rectifications,
signatures, and the photos in full size in an appendix."""

from __future__ import annotations

import io
import shutil
import tempfile
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Image, KeepTogether, PageBreak, Spacer, Table

from ..services.limits import LimitExceeded, open_image
from .base import FAIL_BG, HEAD_BG, LINE, Renderer, SignatureSlot, numbered
from .content import ReportDoc, fmt_num

THUMB = 28 * mm
SLOT_W, SLOT_H = 80 * mm, 24 * mm
CHART_LABEL_W = 52 * mm  # room for a section's name left of its bar; longer names wrap, never cut
CHART_FONT = 7.5


NO_LINE_START = "，。、；：？！）》」』】”’,.;:?!)"  # closing marks stay with the character before them


def wrap_label(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (character by character: Chinese has no
    spaces); a closing mark never begins a line, it takes the character before it along."""
    lines, line = [], ""
    for ch in text:
        if line and stringWidth(line + ch, font, size) > width:
            carry = ""
            if ch in NO_LINE_START and len(line) > 1:
                line, carry = line[:-1], line[-1]
            lines.append(line.rstrip())
            line = (carry + ch).lstrip()
        else:
            line += ch
    return lines + [line] if line else lines


PHOTO_MAX_PX = 2048  # longest side of a photo as printed: the full-width appendix at about 300 dpi
_ORIENTATION = 0x0112  # EXIF tag: how the camera was held


class PhotoFiles:
    """Each photo as a ``.jpg`` file that ReportLab embeds as it is (DCT passthrough). Given a file
    without that suffix (attachments are stored by hash) it decodes every pixel and deflates them
    again: with 30 photos of 2 MP, 2.9 s of a report that now takes 0.6 s.

    A JPEG that is upright and within PHOTO_MAX_PX is copied unchanged; anything else (a PNG, a
    larger photo, one turned by its EXIF orientation, which PDF viewers ignore) is re-encoded once,
    turned upright and scaled down.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self._made: dict[str, str | None] = {}

    def get(self, src: Path | str) -> str | None:
        """The printable file, or None when the photo is missing or not an image (``civdesk check``
        names such files; the report says so in the photo's place rather than fail)."""
        key = str(src)
        if key not in self._made:
            try:
                self._made[key] = str(self._prepare(Path(src), self.folder / f"{len(self._made)}.jpg"))
            except (OSError, LimitExceeded):  # also PIL's UnidentifiedImageError; a picture over the limits
                self._made[key] = None
        return self._made[key]

    @staticmethod
    def _prepare(src: Path, dest: Path) -> Path:
        from PIL import Image as PILImage
        from PIL import ImageOps

        with open_image(src) as im:
            upright = im.getexif().get(_ORIENTATION, 1) in (0, 1)
            if im.format == "JPEG" and upright and max(im.size) <= PHOTO_MAX_PX and im.mode in ("RGB", "L"):
                shutil.copyfile(src, dest)
                return dest
            im = ImageOps.exif_transpose(im)
            im.thumbnail((PHOTO_MAX_PX, PHOTO_MAX_PX))
            if im.mode in ("RGBA", "LA", "P"):  # transparency printed on white paper
                im = im.convert("RGBA")
                flat = PILImage.new("RGB", im.size, "white")
                flat.paste(im, mask=im.getchannel("A"))
                im = flat
            im.convert("RGB").save(dest, "JPEG", quality=88)
        return dest


def image_flowable(src, max_w: float, max_h: float) -> Image:
    """An image scaled to fit the box, keeping its proportions; ``src`` a path or PNG bytes."""
    img = Image(io.BytesIO(src) if isinstance(src, bytes) else src)
    iw, ih = img.imageWidth, img.imageHeight
    scale = min(max_w / iw, max_h / ih)
    img.drawWidth, img.drawHeight = iw * scale, ih * scale
    return img


class ReportRenderer(Renderer):
    title = "检查报告"

    def __init__(self, doc: ReportDoc, fonts, slot_labels: list[tuple[str, str]] = ()):
        super().__init__(doc, fonts)
        self.code = doc.code
        self.title = doc.title  # the footer says 自评报告 / 检查报告 / 复查报告
        self.slot_labels = list(slot_labels)

    def render(self) -> bytes:
        with tempfile.TemporaryDirectory(prefix="civdesk-photos-") as tmp:
            self.photos = PhotoFiles(Path(tmp))  # read while the document is built, so kept until then
            return super().render()

    @property
    def width(self) -> float:
        return self.pagesize[0] - self.margins[0] - self.margins[1]

    def story(self):
        d: ReportDoc = self.doc
        out = ([self.p(d.org_name, "subtitle")] if d.org_name else []) + [
            self.p(d.title, "title"),
            self.p(d.template, "subtitle"),
        ]
        out += self.header()
        parts = [("检查结果", self.summary), ("逐项检查记录", self.items)]
        if d.rectifications:
            parts.append(("整改事项", self.rectifications))
        parts.append(("签字", self.signatures))
        for heading, part in zip(numbered([t for t, _ in parts]), (f for _, f in parts)):
            out += part(heading)
        if d.photos:
            out += self.appendix()
        return out

    # ------------------------------------------------------------------ blocks

    def kv_table(self, pairs: list[tuple[str, str]]) -> Table:
        rows, cells = [], []
        for k, v in pairs:
            cells += [self.p(k, "cellb"), self.p(v, "cell")]
            if len(cells) == 4:
                rows.append(cells)
                cells = []
        if cells:
            rows.append(cells + [""] * (4 - len(cells)))
        w = self.width
        return self.table(
            rows,
            [0.14 * w, 0.36 * w, 0.14 * w, 0.36 * w],
            [
                ("GRID", (0, 0), (-1, -1), 0.4, LINE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (0, -1), HEAD_BG),
                ("BACKGROUND", (2, 0), (2, -1), HEAD_BG),
            ],
        )

    def header(self):
        d: ReportDoc = self.doc
        pairs = [
            ("出具单位", d.org_name or "—"),
            ("测评体系", d.template),
            ("被检单位", d.site),
            ("单位类型", f"{d.site_kind} · {d.region}"),
            ("检查类型", d.kind),
            ("状态", d.state),
            (d.author_role, d.author),
            (d.reviewer_role, d.reviewer or "—"),
            ("创建时间", d.created_at),
            ("提交时间", d.submitted_at or "—"),
        ]
        pairs += list(d.params)
        if d.address:
            pairs.append(("地址", d.address))
        pairs.append(("记录编号", d.uuid))
        return [self.kv_table(pairs), Spacer(1, 3 * mm)]

    def summary(self, heading: str):
        d: ReportDoc = self.doc
        out = [
            self.p(heading, "h1"),
            self.p(
                None,
                "big",
                markup=f"总分 {fmt_num(d.score)} / {fmt_num(d.max)} 分　"
                f"得分率 {d.percent:.2f}%　等级 {self.esc(d.level)}",
            ),
        ]
        if d.vetoed:
            out.append(self.p(None, "fail", markup="一票否决：" + self.esc("、".join(d.veto_items))))
        top = [s for s in d.sections if s.depth == 0]
        rows = [
            [
                self.p("编号", "cellb"),
                self.p("测评项目", "cellb"),
                self.p("得分", "cellb"),
                self.p("满分", "cellb"),
                self.p("得分率", "cellb"),
            ]
        ]
        for s in d.sections:
            indent = "　" * s.depth
            rows.append(
                [
                    self.p(s.code, "cell"),
                    self.p(indent + s.title, "cell"),
                    fmt_num(s.score),
                    fmt_num(s.max),
                    f"{s.percent:.1f}%",
                ]
            )
        w = self.width
        t = self.grid(
            rows,
            [0.1 * w, 0.54 * w, 0.12 * w, 0.12 * w, 0.12 * w],
            [("ALIGN", (2, 1), (-1, -1), "RIGHT")],
            repeatRows=1,
        )
        out += [Spacer(1, 2 * mm), t, Spacer(1, 3 * mm), self.chart(top)]
        return out

    def chart_labels(self, sections) -> list[list[str]]:
        """Each bar's label (code and the whole section title) wrapped to the label column."""
        return [
            wrap_label(f"{s.code} {s.title}", self.fonts.regular, CHART_FONT, CHART_LABEL_W - 4 * mm) for s in sections
        ]

    def chart(self, sections) -> Drawing:
        labels = self.chart_labels(list(reversed(sections)))
        row = max([8 * mm] + [len(lines) * CHART_FONT * 1.2 + 3 * mm for lines in labels])
        height = max(30 * mm, row * len(sections) + 12 * mm)
        drawing = Drawing(self.width, height)
        drawing.initialFontName = self.fonts.regular
        chart = HorizontalBarChart()
        chart.x, chart.y = CHART_LABEL_W, 8 * mm
        chart.width, chart.height = self.width - CHART_LABEL_W - 15 * mm, height - 12 * mm
        chart.data = [[s.percent for s in reversed(sections)] or [0]]
        chart.categoryAxis.categoryNames = ["\n".join(lines) for lines in labels] or [""]
        chart.categoryAxis.labels.fontName = self.fonts.regular
        chart.categoryAxis.labels.fontSize = CHART_FONT
        chart.categoryAxis.labels.leading = CHART_FONT * 1.2
        chart.categoryAxis.labels.textAnchor = "end"
        chart.categoryAxis.labels.boxAnchor = "e"
        chart.categoryAxis.labels.dx = -3
        chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
        chart.valueAxis.labels.fontName = self.fonts.regular
        chart.valueAxis.labels.fontSize = 7
        chart.valueAxis.labelTextFormat = "%d%%"
        chart.bars[0].fillColor = colors.HexColor("#2563eb")
        chart.bars[0].strokeColor = None
        chart.barLabelFormat = "%.1f%%"
        chart.barLabels.fontName = self.fonts.regular
        chart.barLabels.fontSize = 7
        chart.barLabels.boxAnchor = "w"
        chart.barLabels.dx = 2
        drawing.add(chart)
        return drawing

    def items(self, heading: str):
        d: ReportDoc = self.doc
        w = self.width
        widths = [0.09 * w, 0.51 * w, 0.2 * w, 0.2 * w]
        # The part heading moves to the next page together with its first section.
        out = [CondPageBreak(45 * mm), self.p(heading, "h1")]
        for n, s in enumerate(d.sections):
            head = self.p(
                None,
                "h2",
                markup=f"{self.esc(s.code)} {self.esc(s.title)}　"
                f"<font size=9>{fmt_num(s.score)} / {fmt_num(s.max)} 分</font>",
            )
            if not s.items:
                out.append(head)
                continue
            rows = [
                [
                    self.p("编号", "cellb"),
                    self.p("测评标准", "cellb"),
                    self.p("结果", "cellb"),
                    self.p("得分 / 满分", "cellb"),
                ]
            ]
            style = []
            for it in s.items:
                body = [self.p(it.text, "cell")]
                tags = [it.method] + (["一票否决项"] if it.veto else [])
                body.append(self.p(" · ".join(tags), "small"))
                if it.note:
                    body.append(self.p(None, "cell", markup="<b>说明：</b>" + self.esc(it.note)))
                for cmt in it.comments:
                    body.append(self.p(None, "small", markup="审核意见：" + self.esc(cmt)))
                if it.photos:
                    body.append(self.thumbs(it.photos, widths[1] - 6))
                score = "—" if it.score is None else f"{fmt_num(it.score)} / {fmt_num(it.max)}"
                rows.append(
                    [
                        self.p(it.code, "cell"),
                        body,
                        self.p(it.answer, "fail" if it.failed else "cell"),
                        self.p(score, "cellc"),
                    ]
                )
                if it.failed:
                    style.append(("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), FAIL_BG))
            t = self.grid(rows, widths, style, repeatRows=1)
            out += ([] if n == 0 else [CondPageBreak(30 * mm)]) + [head, t]
        return out

    def thumbs(self, photos, width: float) -> Table:
        per_row = max(1, int(width // (THUMB + 4)))
        cells = [[self.photo(ph.path, THUMB, THUMB * 0.75), self.p(ph.caption, "small")] for ph in photos]
        rows = [cells[i : i + per_row] for i in range(0, len(cells), per_row)]
        rows[-1] += [""] * (per_row - len(rows[-1]))
        return self.table(
            rows,
            [width / per_row] * per_row,
            [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 1)],
            hAlign="LEFT",
        )

    def photo(self, path, max_w: float, max_h: float):
        printable = self.photos.get(path)
        if printable is None:
            return self.p("（照片文件缺失或已损坏）", "fail")
        return image_flowable(printable, max_w, max_h)

    def rectifications(self, heading: str):
        d: ReportDoc = self.doc
        w = self.width
        rows = [[self.p(h, "cellb") for h in ("编号", "问题", "整改期限", "责任人", "状态")]]
        for r in d.rectifications:
            rows.append(
                [
                    self.p(r.code, "cell"),
                    self.p(r.text, "cell"),
                    self.p(r.due_date, "cell"),
                    self.p(r.owner or "—", "cell"),
                    self.p(r.state, "cell"),
                ]
            )
        t = self.grid(rows, [0.09 * w, 0.49 * w, 0.15 * w, 0.14 * w, 0.13 * w], repeatRows=1)
        return [CondPageBreak(40 * mm), self.p(heading, "h1"), t]

    def signatures(self, heading: str):
        """The part kept on one page: signers, content hash, digital-signature boxes, the issuer."""
        d: ReportDoc = self.doc
        out = [self.p(heading, "h1")]
        if d.signers:
            out.append(self.signature_block(d.signers, d.code, self.width, image_flowable))
        else:
            out.append(self.p("本检查尚未签署，本报告不是正式文件。", "fail"))
        if d.content_hash:
            out.append(self.p(f"签署内容摘要 SHA-256：{d.content_hash}", "small"))
        if d.org_name:
            out += [Spacer(1, 2 * mm), self.p(f"出具单位：{d.org_name}（盖章）", "h2")]
        if self.slot_labels:
            cells = []
            for name, label in self.slot_labels:
                cells.append([self.p(label, "small"), SignatureSlot(self, name, SLOT_W, SLOT_H)])
            rows = [cells[i : i + 2] for i in range(0, len(cells), 2)]
            rows[-1] += [""] * (2 - len(rows[-1]))
            t = self.table(rows, [self.width / 2] * 2, [("VALIGN", (0, 0), (-1, -1), "TOP")], hAlign="LEFT")
            out += [Spacer(1, 3 * mm), self.p("数字签名（可用 civdesk verify 验证）", "small"), t]
        return [KeepTogether(out)]

    def appendix(self):
        d: ReportDoc = self.doc
        out = [PageBreak(), self.p("附录：现场照片", "h1")]
        box_h = (self.pagesize[1] - self.margins[2] - self.margins[3]) / 2 - 16 * mm
        for ph in d.photos:
            out.append(
                KeepTogether(
                    [
                        self.photo(ph.path, self.width, box_h),
                        Spacer(1, 1 * mm),
                        self.p(ph.caption, "small"),
                        Spacer(1, 4 * mm),
                    ]
                )
            )
        return out
