"""整改通知书: to the site, the failed items with what to fix and by when, signatures."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer

from .base import Renderer
from .content import NoticeDoc
from .report import image_flowable


class NoticeRenderer(Renderer):
    title = "整改通知书"

    def __init__(self, doc: NoticeDoc, fonts):
        super().__init__(doc, fonts)
        self.code = doc.code

    @property
    def width(self) -> float:
        return self.pagesize[0] - self.margins[0] - self.margins[1]

    def story(self):
        d: NoticeDoc = self.doc
        w = self.width
        out = [self.p(d.org_name, "subtitle"), self.p("整改通知书", "title"),
               self.p(f"编号 {d.code}", "subtitle"),
               self.p(None, "big", markup=f"{self.esc(d.site)}："), Spacer(1, 2 * mm)]
        due = sorted({i.due_date for i in d.items})
        if d.items:
            out.append(self.p(None, "body", markup=(
                f"　　{self.esc(d.inspected_on)}，依据{self.esc(d.template)}对你单位进行检查，发现以下 "
                f"<b>{len(d.items)}</b> 项未达到标准。请按下列要求整改，于 <b>{self.esc(due[-1])}</b> 前"
                "整改到位，并将整改情况（说明及照片）报送检查单位。逾期未整改的，将在复查中予以通报。")))
            rows = [[self.p(h, "cellb") for h in ("序号", "编号", "存在问题", "整改要求", "整改期限", "状态")]]
            for n, it in enumerate(d.items, 1):
                rows.append([self.p(str(n), "cellc"), self.p(it.code, "cell"), self.p(it.text, "cell"),
                             self.p(it.requirement, "cell"), self.p(it.due_date, "cell"), self.p(it.state, "cell")])
            out += [Spacer(1, 3 * mm),
                    self.grid(rows, [0.07 * w, 0.09 * w, 0.3 * w, 0.3 * w, 0.13 * w, 0.11 * w],
                              [("VALIGN", (0, 1), (-1, -1), "TOP")], repeatRows=1)]
        else:
            out.append(self.p("　　本次检查没有需要整改的事项。", "body"))
        out += [Spacer(1, 8 * mm), KeepTogether(self.signatures())]
        return out

    def signatures(self):
        d: NoticeDoc = self.doc
        w = self.width
        line = "＿" * 10
        rows = [[self.p("检查人", "cellb"), self.p(d.inspector, "cell"), self.p("签发日期", "cellb"),
                 self.p(d.issued_on, "cell")]]
        for s in d.signers:
            img = image_flowable(s.image, 40 * mm, 12 * mm) if s.image else ""
            rows.append([self.p(s.role, "cellb"), [self.p(s.name, "cell"), img], self.p("签署时间", "cellb"),
                         self.p(s.signed_at, "cell")])
        rows.append([self.p("被检单位签收", "cellb"), self.p(line, "cell"), self.p("签收日期", "cellb"),
                     self.p(line, "cell")])
        return [self.table(rows, [0.16 * w, 0.4 * w, 0.14 * w, 0.3 * w],
                           [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, -1), 6)]),
                Spacer(1, 6 * mm), self.p(d.org_name, "h2"), self.p("（盖章）", "small")]
