"""Review and sign-off of one inspection: its answers side by side with the site's previous result
on the same checklist (differences highlighted), per-item comments, approve or return with a
reason, the signatures and the sign dialog, and the documents printed from it (report, 整改通知书,
certificate) with the audit trail.

Everything shown is read in one call (``services.review_sheet``), and only what the signed-in user
may do is offered: each control asks the inspection's view (``services.views``: ``allowed`` is
decided by the functions the services refuse with). The services check again on every action, and
a refusal is shown in the message line (``refusals.explain``). A change made elsewhere reloads the
page when it is next seen (``lazy.LazyPage``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...services import documents, review_drafts
from ...services.errors import InputError, NotAllowed, NotFound
from ...services.review_sheet import review_sheet
from .. import labels
from ..forms import DetailCard
from ..lazy import LazyPage
from ..pdf_preview import PdfPreview
from ..refusals import explain
from ..render_job import preview_later
from ..session import Change, Session
from ..walkthrough.editors import describe_value, fmt_number
from . import signoff_ops
from .audit_view import AuditDialog
from .certificate_panel import CertificatePanel
from .sign_dialog import SignDialog

DIFF_BG = QColor("#fff4d6")
COMMENT_BG = QColor("#fde7e9")
FAILED_FG = QColor("#c62828")
COLUMNS = ("code", "text", "current", "score", "previous", "prev_score", "comment")


class ReviewPage(LazyPage, QWidget):
    closed = Signal()
    open_walkthrough = Signal(int, str)  # inspection id, item code

    def __init__(self, session: Session, inspection_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.iid = inspection_id
        self.item_comments: dict[str, str] = {}
        self.draft_loaded = False  # the reviewer's unsent review, read back once (review_drafts)
        self._loading_draft = False
        self.sign_dialog: SignDialog | None = None
        self.audit_dialog: AuditDialog | None = None
        self.previews: list = []
        self._build()
        self.refresh()  # now: an inspection outside the person's scope or gone is refused here
        self.mark_loaded()
        self.listen(session)

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.back_button = QPushButton(self.tr("← 返回列表"))
        self.back_button.clicked.connect(self.closed)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("muted")
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        self.score_label = QLabel()
        self.score_label.setObjectName("scoreBig")
        head = QHBoxLayout()
        head.addWidget(self.back_button)
        head.addSpacing(8)
        head.addLayout(titles, 1)
        head.addWidget(self.score_label)

        self.compare_label = QLabel()
        self.compare_label.setWordWrap(True)
        self.only_diff = QCheckBox(self.tr("只显示差异项"))
        self.only_diff.toggled.connect(self._apply_row_filter)
        self.walk_button = QPushButton(self.tr("逐项查看"))
        self.walk_button.clicked.connect(lambda: self.open_walkthrough.emit(self.iid, self.current_code() or ""))
        self.audit_button = QPushButton(self.tr("审计记录…"))
        self.audit_button.clicked.connect(self.show_audit)
        self.report_button = QPushButton(self.tr("检查报告…"))
        self.report_button.clicked.connect(self.show_report)
        self.notice_button = QPushButton(self.tr("整改通知书…"))
        self.notice_button.clicked.connect(self.show_notice)
        self.cert_panel = CertificatePanel(self.session, self.iid)
        self.cert_panel.preview.connect(self._show_pdf)
        self.cert_panel.changed.connect(self._certificate_changed)
        bar = QHBoxLayout()
        bar.addWidget(self.compare_label, 1)
        bar.addWidget(self.only_diff)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("编号"),
                self.tr("检查项"),
                self.tr("本次作答"),
                self.tr("得分"),
                self.tr("上次作答"),
                self.tr("上次得分"),
                self.tr("评语"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column, width in enumerate((52, 300, 100, 64, 104, 76, 150)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_item(row))

        self.side = self._build_side()
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(self.side)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([800, 380])

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

    def _section(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("breadcrumb")
        return label

    def _build_side(self) -> QWidget:
        side = DetailCard(340, heading=self._section(self.tr("当前检查项")))
        box = side.box
        self.message, self.item_title = side.message, side.item_title
        self.show_message = side.show_message
        self.item_detail = QLabel()
        self.item_detail.setWordWrap(True)
        self.item_detail.setObjectName("muted")
        self.item_detail.setTextFormat(Qt.TextFormat.PlainText)

        self.review_box = QWidget()
        rbox = QVBoxLayout(self.review_box)
        rbox.setContentsMargins(0, 0, 0, 0)
        self.comment_label = self._section(self.tr("对此项的评语（随退回发送）"))
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(self.tr("例如：该项证据不足，请补充照片"))
        self.comment.textEdited.connect(self._comment_edited)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(self.tr("退回原因（必填），或审核意见"))
        self.reason.setFixedHeight(64)
        self.reason.textChanged.connect(self._save_draft)
        self.draft_label = QLabel()
        self.draft_label.setObjectName("muted")
        self.draft_label.hide()
        self.return_button = QPushButton(self.tr("退回修改"))
        self.approve_button = QPushButton(self.tr("审核通过"))
        self.approve_button.setObjectName("primary")
        self.return_button.clicked.connect(self.return_inspection)
        self.approve_button.clicked.connect(self.approve)
        buttons = QHBoxLayout()
        buttons.addWidget(self.return_button)
        buttons.addStretch(1)
        buttons.addWidget(self.approve_button)
        rbox.addWidget(self.comment_label)
        rbox.addWidget(self.comment)
        rbox.addWidget(self._section(self.tr("退回原因 / 审核意见")))
        rbox.addWidget(self.reason)
        rbox.addWidget(self.draft_label)
        rbox.addLayout(buttons)

        self.history = QLabel()
        self.history.setWordWrap(True)
        self.signatures_label = QLabel()
        self.signatures_label.setWordWrap(True)
        self.sign_button = QPushButton(self.tr("签署…"))
        self.sign_button.setObjectName("primary")
        self.sign_button.clicked.connect(self.open_sign)

        box.addWidget(self.item_detail)
        box.addSpacing(4)
        box.addWidget(self.review_box)
        box.addWidget(self.history)
        box.addSpacing(4)
        box.addWidget(self._section(self.tr("签署")))
        box.addWidget(self.signatures_label)
        box.addWidget(self.sign_button)
        box.addSpacing(4)
        box.addWidget(self._section(self.tr("文档与记录")))
        docs = QGridLayout()
        docs.addWidget(self.walk_button, 0, 0)
        docs.addWidget(self.audit_button, 0, 1)
        docs.addWidget(self.report_button, 1, 0)
        docs.addWidget(self.notice_button, 1, 1)
        docs.addWidget(self.cert_panel, 2, 0, 1, 2)
        box.addLayout(docs)
        box.addStretch(1)
        return side

    # ------------------------------------------------------------------ loading

    def refresh(self) -> None:
        self.sheet = review_sheet(self.session.store, self.session.actor, self.iid)  # OutOfScope: not their site
        self.access, self.view = self.sheet.access, self.sheet.current
        self.comparison = self.sheet.comparison
        if not self.may("return"):
            self.item_comments.clear()
        elif not self.draft_loaded:
            self._load_draft()
        self._fill_header()
        self._fill_table()
        self._fill_side()

    def reload(self) -> None:
        """Read again (a change concerned it); an inspection deleted meanwhile closes the page."""
        try:
            super().reload()
        except NotFound:
            self.closed.emit()

    def may(self, action: str) -> bool:
        return self.access.can(action)

    def _fill_header(self) -> None:
        v, a = self.view, self.access
        self.title.setText(self.tr("审核与签署 · {0}").format(a.site))
        self.subtitle.setText(
            " · ".join(
                [
                    f"{v.template.title} v{v.template.version}",
                    labels.kind(a.kind),
                    labels.state(a.state),
                    self.tr("作者：{0}").format(a.author_name),
                ]
            )
        )
        r = v.result
        level = labels.level("veto") if r.vetoed else labels.data_label(r.level_label)
        self.score_label.setText(
            self.tr("{0} / {1} 分 · {2}% · {3}").format(
                fmt_number(r.score), fmt_number(r.max), fmt_number(r.percent), level
            )
        )
        p = self.sheet.previous
        if p is None:
            self.compare_label.setText(self.tr("对比：该单位在此检查表上没有以往结果。"))
        else:
            pr = p.inspection.result
            plevel = labels.level("veto") if pr.vetoed else labels.data_label(pr.level_label)
            self.compare_label.setText(
                self.tr("对比：{0} {1}（{2}）{3} 分 · {4} — {5} 项不同，已用黄色标出").format(
                    labels.local_date(p.at),
                    labels.kind(p.kind),
                    p.author,
                    fmt_number(pr.score),
                    plevel,
                    self.sheet.differences,
                )
            )
        self.cert_panel.reload(self.access)
        self.notice_button.setVisible(self.access.can("notice"))
        self.report_button.setVisible(self.access.can("report"))

    def _fill_table(self) -> None:
        current = self.current_code()
        v = self.view
        prev = self.sheet.previous.inspection if self.sheet.previous else None
        results = {r.code: r for r in v.result.items}
        prev_results = {r.code: r for r in prev.result.items} if prev else {}
        prev_items = {it.code: it for it in prev.template.items()} if prev else {}
        returned = self.sheet.open_return_comments
        self.codes = [it.code for it in v.template.items()]
        self.table.setRowCount(len(self.codes))
        for n, item in enumerate(v.template.items()):
            r, c = results[item.code], self.comparison[item.code]
            pr, pitem = prev_results.get(item.code), prev_items.get(item.code)
            score = f"{fmt_number(r.score)}/{fmt_number(r.max)}" if item.scored and r.answered and r.max else ""
            pscore = (
                f"{fmt_number(pr.score)}/{fmt_number(pr.max)}"
                if pr is not None and pitem is not None and pitem.scored and pr.answered and pr.max
                else ""
            )
            previous = describe_value(prev.template, pitem, c.previous, prev.params) if pitem is not None else ""
            comment = self.item_comments.get(item.code) or returned.get(item.code, "")
            cells = [
                ("≠ " if c.differs else "") + item.code,
                item.text,
                describe_value(v.template, item, c.value, v.params) or self.tr("未作答"),
                score,
                previous if prev else "—",
                pscore,
                comment,
            ]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, item.code)
                if column in (1, 6) and text:
                    cell.setToolTip(text)
                if c.differs:
                    cell.setBackground(QBrush(DIFF_BG))
                if comment and column == 6:
                    cell.setBackground(QBrush(COMMENT_BG))
                if r.failed and column in (2, 3):
                    cell.setForeground(QBrush(FAILED_FG))
                if pr is not None and pr.failed and column in (4, 5):
                    cell.setForeground(QBrush(FAILED_FG))
                self.table.setItem(n, column, cell)
        self._apply_row_filter()
        row = self.codes.index(current) if current in self.codes else 0
        if self.codes:
            self.table.setCurrentCell(row, 0)
            self._show_item(row)

    def _apply_row_filter(self) -> None:
        only = self.only_diff.isChecked()
        for n, code in enumerate(getattr(self, "codes", [])):
            self.table.setRowHidden(n, only and not self.comparison[code].differs)

    def _fill_side(self) -> None:
        reviewing = self.may("return") or self.may("approve")
        self.review_box.setVisible(reviewing)
        self.return_button.setVisible(self.may("return"))
        self.approve_button.setVisible(self.may("approve"))
        a, ret = self.access, self.sheet.last_return
        lines = []
        if ret:
            lines.append(self.tr("{0} 退回（{1}）：{2}").format(ret.by, labels.local_time(ret.at), ret.reason))
        if a.approved_by is not None:
            text = self.tr("{0} 审核通过").format(a.reviewer_name)
            if self.sheet.approval_comment:
                text += self.tr("：{0}").format(self.sheet.approval_comment)
            lines.append(text)
        elif a.awaiting_review and not reviewing:
            lines.append(self.tr("等待被检单位站长审核。"))
        self.history.setText("\n".join(lines))
        self.history.setVisible(bool(lines))

        rows = []
        for s in self.sheet.signatures:
            role = self.tr("作者") if s.role == "author" else self.tr("审核人")
            state = self.tr("✓ 已签署 {0}").format(labels.local_time(s.signed_at)) if s.signed_at else self.tr("待签署")
            rows.append(f"{role} {s.name}：{state}")
        if a.awaiting_approval:
            rows.append(self.tr("审核通过后，作者和审核人分别签署。"))
        elif a.frozen:
            rows.append(self.tr("双方已签署，检查已冻结（内容摘要 {0}…）。").format(a.content_hash[:16]))
        self.signatures_label.setText("\n".join(rows))
        self.sign_button.setVisible(self.may("sign"))

    # ------------------------------------------------------------------ the current item

    def current_code(self) -> str | None:
        row = self.table.currentRow()
        codes = getattr(self, "codes", [])
        return codes[row] if 0 <= row < len(codes) else None

    def select_code(self, code: str) -> None:
        self.table.setCurrentCell(self.codes.index(code), 0)

    def _show_item(self, row: int) -> None:
        if not (0 <= row < len(getattr(self, "codes", []))):
            return
        code = self.codes[row]
        item = self.view.template.item(code)
        self.item_title.setText(f"{code}  {item.text}")
        details = []
        note = self.view.notes.get(code)
        if note:
            details.append(self.tr("本次说明：{0}").format(note))
        if self.view.photo_counts.get(code):
            details.append(self.tr("照片 {0} 张").format(self.view.photo_counts[code]))
        prev = self.sheet.previous
        if prev is not None and prev.inspection.notes.get(code):
            details.append(self.tr("上次说明：{0}").format(prev.inspection.notes[code]))
        for c in self.sheet.comments_on(code):
            details.append(self.tr("{0} 的评语：{1}").format(c.by, c.text))
        self.item_detail.setText("\n".join(details))
        self.item_detail.setVisible(bool(details))
        self.comment_label.setText(self.tr("对第 {0} 项的评语（随退回发送）").format(code))
        self.comment.setText(self.item_comments.get(code, ""))

    def _comment_edited(self, text: str) -> None:
        code = self.current_code()
        if code is None:
            return
        if text.strip():
            self.item_comments[code] = text
        else:
            self.item_comments.pop(code, None)
        row = self.codes.index(code)
        cell = self.table.item(row, COLUMNS.index("comment"))
        cell.setText(text)
        cell.setToolTip(text)
        cell.setBackground(
            QBrush(COMMENT_BG) if text.strip() else QBrush(DIFF_BG) if self.comparison[code].differs else QBrush()
        )
        self._save_draft()

    # ------------------------------------------------------------------ the unsent review (draft)

    def _load_draft(self) -> None:
        self.draft_loaded = True
        draft = review_drafts.load(self.session.store, self.session.actor, self.iid)
        self.item_comments.update(draft.comments)
        self._loading_draft = True
        self.reason.setPlainText(draft.reason)
        self._loading_draft = False
        self._show_draft_state(draft, restored=not draft.empty)

    def _save_draft(self) -> None:
        """Every keystroke of a comment or the reason is kept for this reviewer at once."""
        if self._loading_draft or not self.may("return"):
            return
        try:
            draft = review_drafts.save(
                self.session.store,
                self.session.actor,
                self.iid,
                reason=self.reason.toPlainText(),
                comments=self.item_comments,
            )
        except (InputError, NotFound) as e:
            self.show_message(explain(e))
            return
        self._show_draft_state(draft)

    def _show_draft_state(self, draft, restored: bool = False) -> None:
        if draft.empty:
            self.draft_label.hide()
            return
        n = len(draft.comments)
        text = (
            self.tr("已恢复您上次未发送的审核意见（{0} 条评语）。")
            if restored
            else self.tr("审核意见已暂存（{0} 条评语），离开本页也不会丢失。")
        )
        self.draft_label.setText(text.format(n))
        self.draft_label.show()

    def set_comment(self, code: str, text: str) -> None:
        """Select ``code`` and write its comment, as a reviewer typing it would."""
        self.select_code(code)
        self.comment.setText(text)
        self._comment_edited(text)

    # ------------------------------------------------------------------ actions

    def _run(self, action, done_text: str) -> bool:
        try:
            action()
        except (NotAllowed, InputError, NotFound, documents.DocumentError) as e:
            self.show_message(explain(e))
            return False
        self.reload()
        self.show_message(done_text, ok=True)
        return True

    def return_inspection(self) -> bool:
        comments = {c: t.strip() for c, t in self.item_comments.items() if t.strip()}
        reason = self.reason.toPlainText().strip()
        done = self._run(
            lambda: signoff_ops.return_inspection(
                self.session, inspection_id=self.iid, reason=reason, item_comments=comments, source=self
            ),
            self.tr("已退回给作者修改。"),
        )
        if done:
            self.item_comments.clear()
            self.reason.clear()
            self.draft_label.hide()
        return done

    def approve(self) -> bool:
        if any(t.strip() for t in self.item_comments.values()):
            self.show_message(self.tr("逐项评语只随退回发送：请“退回修改”，或清空评语后再审核通过。"))
            return False
        comment = self.reason.toPlainText().strip()
        done = self._run(
            lambda: signoff_ops.approve(self.session, inspection_id=self.iid, comment=comment, source=self),
            self.tr("已审核通过。作者和审核人现在可以签署。"),
        )
        if done:
            self.reason.clear()
            self.draft_label.hide()
        return done

    def open_sign(self) -> SignDialog:
        """Opens the sign dialog (window-modal, not blocking) and returns it."""
        self.sign_dialog = SignDialog(self.session, self.iid, self)
        self.sign_dialog.signed.connect(self._signed)
        self.sign_dialog.open()
        return self.sign_dialog

    def _signed(self, _state: str) -> None:
        self.reload()
        self.show_message(
            self.tr("已签署，检查已冻结。") if self.access.frozen else self.tr("已签署，等待另一方签署。"), ok=True
        )

    def show_audit(self) -> AuditDialog:
        self.audit_dialog = AuditDialog(self.session, self.iid, self)
        self.audit_dialog.show()
        return self.audit_dialog

    def _preview(self, make, name: str):
        try:
            rendered = make()
        except (NotAllowed, InputError, NotFound, documents.DocumentError) as e:
            self.show_message(explain(e))
            return None
        dialog = PdfPreview.show_document(rendered.pdf, name, self)
        self.previews.append(dialog)
        return dialog

    def show_report(self):
        """The report is drawn on the operation runner's thread; its preview opens when ready."""
        actor, iid = self.session.actor, self.iid
        self.show_message(self.tr("正在生成检查报告…"), ok=True)
        self.report_button.setEnabled(False)

        def shown(dialog) -> None:
            self.report_button.setEnabled(True)
            self.show_message("")
            self.previews.append(dialog)

        def failed(e: BaseException) -> None:
            self.report_button.setEnabled(True)
            if not isinstance(e, (NotAllowed, InputError, NotFound, documents.DocumentError)):
                raise e
            self.show_message(explain(e))

        self.report_job = preview_later(
            self,
            self.session.store.home,
            lambda store: documents.render_report(store, iid, by=actor),
            self.tr("检查报告-{0}.pdf").format(self.access.site),
            shown=shown,
            failed=failed,
        )
        return self.report_job

    def show_notice(self):
        return self._preview(
            lambda: documents.render_notice(self.session.store, self.iid, by=self.session.actor),
            self.tr("整改通知书-{0}.pdf").format(self.access.site),
        )

    def certificate(self):
        """颁发证书… (asks to confirm what will be printed) or 证书… (prints it again)."""
        return self.cert_panel.certificate()

    def _show_pdf(self, rendered, name: str) -> None:
        self.previews.append(PdfPreview.show_document(rendered.pdf, name, self))

    def _certificate_changed(self, message: str) -> None:
        self.reload()
        self.show_message(message, ok=True)

    # ------------------------------------------------------------------ other screens' changes

    def affected(self, change: Change) -> bool:
        mine = change.source is self or (self.sign_dialog is not None and change.source is self.sign_dialog)
        return not mine and change.touches(self.iid)
