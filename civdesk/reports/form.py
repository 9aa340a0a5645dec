"""空白检查表: the checklist on paper — answer boxes, measure bands, note space, signature lines.

Each section is one table that repeats its header row and splits between rows, so 300 items
paginate cleanly: no row is cut in half and every page says which columns are which.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Spacer

from .base import Renderer
from .content import FormDoc, fmt_num

BOX = "□"  # U+25A1 is in GB2312 and in the font; U+2610 ☐ is not
# The blank an answer is written on, by what the item takes (domain.answer_options.ENTRIES).
ENTRY_LINES = {
    "number": "实测值 ＿＿＿＿ {unit}",
    "percent": "比例 ＿＿＿＿ {unit}",
    "violations": "违规 ＿＿＿ 处",
    "count": "数量 ＿＿＿＿ {unit}",
    "date": "＿＿＿＿年＿＿月＿＿日",
    "text": "＿＿＿＿＿＿＿＿＿",
}


class FormRenderer(Renderer):
    title = "空白检查表"

    def __init__(self, doc: FormDoc, fonts):
        super().__init__(doc, fonts)
        self.code = None

    @property
    def width(self) -> float:
        return self.pagesize[0] - self.margins[0] - self.margins[1]

    def footer(self, c, page, total):
        super().footer(c, page, total)
        d: FormDoc = self.doc
        w = self.pagesize[0]
        c.saveState()
        c.setFont(self.fonts.regular, 8)
        c.drawRightString(w - self.margins[1], self.margins[3] - 10 * mm, f"第 {d.version} 版")
        c.restoreState()

    def story(self):
        d: FormDoc = self.doc
        w = self.width
        out = ([self.p(d.org_name, "subtitle")] if d.org_name else []) + [
            self.p(d.title, "title"),
            self.p(f"空白检查表 · 第 {d.version} 版 · 共 {d.item_count} 项", "subtitle"),
        ]
        fill = "＿" * 12
        pairs = [
            ("被检单位", fill),
            ("检查日期", fill),
            ("检查类型", f"{BOX}自评　{BOX}检查　{BOX}复查"),
            ("检查人", fill),
        ]
        pairs += [(label, "　".join(f"{BOX}{c}" for c in choices.split(" / "))) for label, choices in d.params]
        rows = [[self.p(k, "cellb"), self.p(v, "cell")] for k, v in pairs]
        out += [self.table(rows, [0.18 * w, 0.82 * w], [("BOTTOMPADDING", (0, 0), (-1, -1), 5)]), Spacer(1, 2 * mm)]
        levels = "；".join(f"{label} ≥ {fmt_num(p)}%" for label, p in d.levels)
        out.append(self.p(f"评定等级：{levels}。“一票否决”项不符合时，结果为一票否决。", "small"))
        widths = [0.08 * w, 0.5 * w, 0.24 * w, 0.07 * w, 0.11 * w]
        for s in d.sections:
            head = self.p(f"{s.code} {s.title}", "h2")
            if not s.items:
                out += [CondPageBreak(25 * mm), head]
                continue
            rows = [[self.p(h, "cellb") for h in ("编号", "测评标准", "检查结果", "分值", "得分")]]
            for it in s.items:
                crit = [self.p(it.text, "cell")]
                meta = [it.method] + (["一票否决"] if it.veto else [])
                crit.append(self.p(" · ".join(meta), "small"))
                if it.bands:
                    crit.append(self.p(f"分档：{it.bands}", "small"))
                if it.guidance:
                    crit.append(self.p(f"说明：{it.guidance}", "small"))
                crit.append(self.p("记录：", "small"))
                crit.append(Spacer(1, 7 * mm))
                rows.append(
                    [
                        self.p(it.code, "cell"),
                        crit,
                        self.answer_cell(it),
                        self.p(fmt_num(it.points) if it.points else "—", "cellc"),
                        "",
                    ]
                )
            out += [
                CondPageBreak(40 * mm),
                head,
                self.grid(rows, widths, [("VALIGN", (0, 1), (-1, -1), "TOP")], repeatRows=1),
            ]
        out += [Spacer(1, 6 * mm), KeepTogether(self.sign_lines())]
        return out

    def answer_cell(self, it):
        """What is written (a blank line for a number, a date, text), the grade the number falls
        into, and the boxes of the item's choices (domain.answer_options: what the walkthrough offers)."""
        if not it.entry:
            return [self.p(f"{BOX}{c}", "cell") for c in it.choices]
        lines = [ENTRY_LINES[it.entry].format(unit=it.unit).rstrip()]
        if it.outcomes and not set(it.outcomes) <= set(it.choices):
            lines.append("　".join(f"{BOX}{c}" for c in it.outcomes))
        if it.choices:
            lines.append("　".join(f"{BOX}{c}" for c in it.choices))
        return [self.p(line, "cell") for line in lines]

    def sign_lines(self):
        w = self.width
        line = "＿" * 10
        rows = [
            [self.p("总分", "cellb"), self.p(f"{line} 分", "cell"), self.p("等级", "cellb"), self.p(line, "cell")],
            [self.p("检查人签字", "cellb"), self.p(line, "cell"), self.p("日期", "cellb"), self.p(line, "cell")],
            [
                self.p("被检单位负责人签字", "cellb"),
                self.p(line, "cell"),
                self.p("日期", "cellb"),
                self.p(line, "cell"),
            ],
        ]
        return [
            self.p("签字", "h2"),
            self.table(rows, [0.22 * w, 0.33 * w, 0.12 * w, 0.33 * w], [("TOPPADDING", (0, 0), (-1, -1), 8)]),
        ]
