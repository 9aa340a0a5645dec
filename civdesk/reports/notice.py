"""整改通知书: to the site, per failed item the criterion, the inspector's finding (note and photos),
the requirement and the due date; then one 检查人 row, the site's acknowledgement and the issuer."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, Table

from .base import FAIL_BG, HEAD_BG, LINE, Renderer
from .content import NoticeDoc, NoticeItem, Signer
from .report import PhotoFiles, image_flowable

THUMB_W, THUMB_H = 30 * mm, 22.5 * mm
BLANK = "＿" * 10


class NoticeRenderer(Renderer):
    title = "整改通知书"

    def __init__(self, doc: NoticeDoc, fonts):
        super().__init__(doc, fonts)
        self.code = doc.code

    def render(self) -> bytes:
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory(prefix="civdesk-photos-") as tmp:
            self.photos = PhotoFiles(Path(tmp))
            return super().render()

    @property
    def width(self) -> float:
        return self.pagesize[0] - self.margins[0] - self.margins[1]

    def story(self):
        d: NoticeDoc = self.doc
        out = ([self.p(d.org_name, "subtitle")] if d.org_name else []) + [
            self.p("整改通知书", "title"),
            self.p(f"编号 {d.code}", "subtitle"),
            self.p(None, "big", markup=f"{self.esc(d.site)}："),
            Spacer(1, 2 * mm),
        ]
        if d.items:
            last = max(i.due_date for i in d.items)
            sender = self.esc(d.org_name) if d.org_name else "检查单位"
            out.append(
                self.p(
                    None,
                    "body",
                    markup=(
                        f"　　{self.esc(d.inspected_on)}，依据{self.esc(d.template)}对你单位进行检查，发现以下 "
                        f"<b>{len(d.items)}</b> 项未达到标准。请按下列要求整改，最迟于 <b>{self.esc(last)}</b> 前"
                        f"整改到位，并将整改情况（说明及照片）报送{sender}。逾期未整改的，将在复查中予以通报。"
                    ),
                )
            )
            for n, item in enumerate(d.items, 1):
                # An item stays on one page unless it is longer than a page (many photos).
                out += [Spacer(1, 3 * mm), KeepTogether([self.item_table(n, item)])]
        else:
            out.append(self.p("　　本次检查没有需要整改的事项。", "body"))
        out += [Spacer(1, 8 * mm), KeepTogether(self.signatures())]
        return out

    def item_table(self, n: int, it: NoticeItem) -> Table:
        """One failed item as a small ruled form: head line, then 测评标准 / 检查发现 / 整改要求.
        Two columns and no spanned cells, so a row longer than a page is cut into continuation rows
        (base.Renderer.table) and flows on."""
        w = self.width
        finding = [self.p(None, "fail", markup=f"检查结果：{self.esc(it.answer)}")]
        finding.append(self.p(it.finding, "cell") if it.finding else self.p("（检查人未填写说明）", "small"))
        if it.photos:
            finding.append(self.thumbs(it.photos, 0.82 * w - 8))
        rows = [
            [
                self.p(None, "cellb", markup=f"{n}．编号 {self.esc(it.code)}"),
                self.p(None, "cellb", markup=f"整改期限：{self.esc(it.due_date)}　　状态：{self.esc(it.state)}"),
            ],
            [self.p("测评标准", "cellb"), self.p(it.criterion, "cell")],
            [self.p("检查发现", "cellb"), finding],
            [self.p("整改要求", "cellb"), self.p(it.requirement, "cell")],
        ]
        return self.table(
            rows,
            [0.18 * w, 0.82 * w],
            [
                ("GRID", (0, 0), (-1, -1), 0.4, LINE),
                ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
                ("BACKGROUND", (0, 2), (0, 2), FAIL_BG),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ],
        )

    def thumbs(self, photos, width: float) -> Table:
        per_row = max(1, int(width // (THUMB_W + 4 * mm)))
        cells = []
        for ph in photos:
            printable = self.photos.get(ph.path)
            pic = image_flowable(printable, THUMB_W, THUMB_H) if printable else self.p("（照片文件缺失）", "fail")
            cells.append([pic, self.p(ph.caption, "small")])
        rows = [cells[i : i + per_row] for i in range(0, len(cells), per_row)]
        rows[-1] += [""] * (per_row - len(rows[-1]))
        return self.table(
            rows,
            [width / per_row] * per_row,
            [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 1)],
            hAlign="LEFT",
        )

    def person_cells(self, s: Signer | None, name: str) -> list:
        """Handwriting and name when signed, else a line to sign on; the local time or a line."""
        if s is None:
            return [self.p(f"{name}　{BLANK}" if name else BLANK, "cell"), self.p(BLANK, "cell")]
        hand = [image_flowable(s.image, 40 * mm, 12 * mm)] if s.image else []
        return [
            hand + [self.p(s.name, "cell")],
            [self.p(s.signed_at, "cell"), self.p(s.status, "small" if s.valid else "fail")],
        ]

    def signatures(self):
        d: NoticeDoc = self.doc
        w = self.width
        inspector = self.person_cells(d.inspector_signature, d.inspector)
        site = self.person_cells(d.site_signature, "")
        rows = [
            [self.p("检查人", "cellb"), inspector[0], self.p("签署时间", "cellb"), inspector[1]],
            [self.p("签发日期", "cellb"), self.p(d.issued_on, "cell"), "", ""],
            [self.p("被检单位负责人签收", "cellb"), site[0], self.p("签收时间", "cellb"), site[1]],
        ]
        issuer = d.org_name or BLANK
        return [
            self.table(
                rows,
                [0.2 * w, 0.38 * w, 0.14 * w, 0.28 * w],
                [
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 6),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.3, LINE),
                ],
            ),
            Spacer(1, 6 * mm),
            self.p(None, "h2", markup=f"出具单位：{self.esc(issuer)}（盖章）"),
            self.p(f"验证码 {d.code}：可用 civdesk verify --code 核验本通知书", "small"),
        ]
