"""The walkthrough: one inspection answered item by item, keyboard first, every change saved at once.

Layout: section tree (progress, section scores, find) · the current item's card · the submit
panel when asked for. The header shows the live total, level, a red veto banner and the save state.

Saving: each answer, note and photo goes through ops → services in its own transaction the moment
it is made. A save that fails (read-only disk, locked database…) keeps the user's input as
*pending*, shows the error, and saves it again on retry (Ctrl+S or the button).

Keys: digits answer · Enter / PgDn next · PgUp previous · Ctrl+F find · Ctrl+Z undo the last
answer change · Ctrl+N note · Ctrl+I photos · Ctrl+S retry saving · Ctrl+Enter submit.

What may be done is asked of the inspection's view (``services.views``); a change made elsewhere
(a review, an import) reloads the page when it is next seen (``lazy.LazyPage``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...domain.progress import progress
from ...domain.scoring import NA, score, submission_blockers
from ...domain.template import Item, Section
from ...services import inspections as insp
from ...services import review, views
from ...services.errors import SubmitBlocked
from .. import labels, ops
from ..lazy import LazyPage
from ..refusals import explain
from ..session import Change, Session
from .autosave import Autosave
from .editors import describe_value, fmt_number
from .item_card import MISSING, ItemCard
from .save_state import SaveState
from .saving import WalkthroughSaving
from .section_tree import SectionTree
from .submit_panel import SubmitPanel

RESUME_DELAY_MS = 400
RETURNED_BG = QColor("#fde7e9")  # items a reviewer returned with a comment


class WalkthroughPage(LazyPage, WalkthroughSaving, QWidget):
    closed = Signal()
    review_requested = Signal(int)  # the review / sign-off page of this inspection

    def __init__(self, session: Session, inspection_id: int, start_code: str | None = None, parent=None):
        super().__init__(parent)
        self.session = session
        self.iid = inspection_id
        self._load()
        self.saver = Autosave(session, inspection_id, self, source=self, parent=self)
        self._build()
        self.index = self.position.get(start_code, 0) if start_code else self._first_open_index()
        self._resume_timer = QTimer(self)
        self._resume_timer.setSingleShot(True)
        self._resume_timer.setInterval(RESUME_DELAY_MS)
        self._resume_timer.timeout.connect(self._write_resume)
        self._connect_saver()
        self._refresh_all()
        self.show_current()
        self.mark_loaded()
        self.listen(session)

    # ------------------------------------------------------------------ loading

    def _load(self) -> None:
        store = self.session.store
        self.access = views.inspection_view(store, self.session.actor, self.iid)  # OutOfScope: not their site
        v = insp.view(store, self.iid)
        self.tpl, self.params = v.template, v.params
        self.answers: dict[str, Any] = dict(v.answers)
        self.notes: dict[str, str] = dict(v.notes)
        self.photo_counts: dict[str, int] = dict(v.photo_counts)
        self.items: list[Item] = self.tpl.items()
        self.position = {it.code: n for n, it in enumerate(self.items)}
        self.ancestors: dict[str, list[Section]] = {}

        def walk(section: Section, path: list[Section]) -> None:
            path = path + [section]
            for it in section.items:
                self.ancestors[it.code] = path
            for sub in section.sections:
                walk(sub, path)

        for s in self.tpl.sections:
            walk(s, [])
        self.editable = self._may_edit()
        self.result = score(self.tpl, self.answers, self.params)

    def _may_edit(self) -> bool:
        return self.access.can("answer")

    def _first_open_index(self) -> int:
        for n, it in enumerate(self.items):
            if self.answers.get(it.code) is None and it.required:
                return n
        return 0

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.back_button = QPushButton(self.tr("← 返回列表"))
        self.back_button.clicked.connect(self.request_close)
        self.title = QLabel(f"{self.tpl.title}  v{self.tpl.version}")
        self.title.setObjectName("pageTitle")
        self.subtitle = QLabel(self._subtitle_text())
        self.subtitle.setObjectName("muted")
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        self.score_label = QLabel()
        self.score_label.setObjectName("scoreBig")
        self.save_state = SaveState()
        self.save_state.retry.connect(self.retry)
        self.undo_button = QPushButton(self.tr("撤销"))
        self.undo_button.setToolTip("Ctrl+Z")
        self.undo_button.clicked.connect(self.undo)
        self.submit_button = QPushButton(self.tr("提交…"))
        self.submit_button.setObjectName("primary")
        self.submit_button.setToolTip("Ctrl+Enter")
        self.submit_button.clicked.connect(self.open_submit)
        self.review_button = QPushButton(self.tr("审核 / 签署"))
        self.review_button.clicked.connect(lambda: self.review_requested.emit(self.iid))
        head = QHBoxLayout()
        head.addWidget(self.back_button)
        head.addSpacing(8)
        head.addLayout(titles, 1)
        self.answered_label = QLabel()  # 已答 N/M 项, under the score
        self.answered_label.setObjectName("muted")
        self.answered_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        score_box = QVBoxLayout()
        score_box.setSpacing(0)
        score_box.addWidget(self.score_label)
        score_box.addWidget(self.answered_label)
        head.addLayout(score_box)
        head.addSpacing(12)
        head.addWidget(self.save_state)
        head.addWidget(self.undo_button)
        head.addWidget(self.review_button)
        head.addWidget(self.submit_button)

        self.veto_banner = QLabel()
        self.veto_banner.setObjectName("vetoBanner")
        self.veto_banner.setWordWrap(True)
        self.veto_banner.hide()
        self.readonly_banner = QLabel()
        self.readonly_banner.setObjectName("readOnlyBanner")
        self.readonly_banner.hide()
        self.return_banner = QLabel()
        self.return_banner.setObjectName("readOnlyBanner")
        self.return_banner.setWordWrap(True)
        self.return_banner.hide()
        self.item_comment = QLabel()
        self.item_comment.setObjectName("fieldError")
        self.item_comment.setWordWrap(True)
        self.item_comment.hide()
        self._marked: set[str] = set()

        self.tree = SectionTree(self.tpl)
        self.tree.item_chosen.connect(lambda code: self.go_to(self.position[code], focus=False))
        self.tree.digit.connect(self.answer_digit)
        self.tree.back_to_card.connect(lambda: self.card.focus_default())
        self.card = ItemCard()
        self.card.answer_committed.connect(self._answer_committed)
        self.card.note_committed.connect(self.save_note)
        self.card.files_dropped.connect(self.attach)
        self.card.remove_photo.connect(self.remove_photo)
        self.card.next_requested.connect(self.go_next)
        scroll = QScrollArea()
        scroll.setWidget(self.card)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        right = QWidget()  # the reviewer's comment on the current item, above its card
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        right_box.addWidget(self.item_comment)
        right_box.addWidget(scroll, 1)
        self.submit_panel = SubmitPanel()
        self.submit_panel.jump.connect(self._jump_to_blocker)
        self.submit_panel.confirmed.connect(self.confirm_submit)
        self.submit_panel.closed.connect(self.close_submit)
        self.submit_panel.hide()
        self.splitter = splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(right)
        splitter.addWidget(self.submit_panel)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([430, 800, 0])
        splitter.setChildrenCollapsible(False)

        self.prev_button = QPushButton(self.tr("◀ 上一项（PgUp）"))
        self.prev_button.clicked.connect(self.go_prev)
        self.next_button = QPushButton(self.tr("下一项（Enter）▶"))
        self.next_button.clicked.connect(self.go_next)
        for b in (self.prev_button, self.next_button, self.undo_button, self.back_button):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.where_label = QLabel()
        keys = QLabel(
            self.tr(
                "数字键 作答 · Enter/PgDn 下一项 · PgUp 上一项 · Ctrl+F 查找 · "
                "Ctrl+Z 撤销 · Ctrl+N 说明 · Ctrl+I 照片 · Ctrl+Enter 提交"
            )
        )
        keys.setObjectName("muted")
        keys.setWordWrap(True)
        keys.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        foot = QHBoxLayout()
        foot.addWidget(self.prev_button)
        foot.addWidget(self.where_label)
        foot.addWidget(self.next_button)
        foot.addSpacing(12)
        foot.addWidget(keys, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.veto_banner)
        layout.addWidget(self.readonly_banner)
        layout.addWidget(self.return_banner)
        layout.addWidget(splitter, 1)
        layout.addLayout(foot)

        shortcuts = {
            "PgDown": self.go_next,
            "PgUp": self.go_prev,
            "Ctrl+F": self.tree.start_find,
            "Ctrl+Z": self.undo,
            "Ctrl+N": self.card.note.setFocus,
            "Ctrl+I": self.card.photos.choose_files,
            "Ctrl+S": self.retry,
            "Ctrl+Return": self.open_submit,
            "Ctrl+Enter": self.open_submit,
        }
        for keys_text, slot in shortcuts.items():
            sc = QShortcut(QKeySequence(keys_text), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
        self._apply_editable()

    def _subtitle_text(self) -> str:
        facts = [self.access.site, labels.kind(self.access.kind), labels.state(self.access.state)]
        region = self.params.get("region")
        if region:
            facts.append(self.tr("地区：{0}").format(labels.region(region)))
        return " · ".join(facts)

    def _apply_editable(self) -> None:
        self._load_return()
        self.review_button.setVisible(self.access.reviewed)
        self.submit_button.setEnabled(self.access.can("submit"))
        self.submit_button.setToolTip("" if self.access.can("submit") else explain(self.access.why_not("submit")))
        self.undo_button.setEnabled(self.editable and bool(self.undo_stack))
        if self.editable:
            self.readonly_banner.hide()
            return
        self.readonly_banner.setText(self.tr("只读：{0}").format(explain(self.access.why_not("answer"))))
        self.readonly_banner.show()

    # ------------------------------------------------------------------ showing

    @property
    def current(self) -> Item:
        return self.items[self.index]

    def show_current(self, focus: bool = True) -> None:
        item = self.current
        path = self.ancestors[item.code]
        crumb = " › ".join(f"{s.code} {s.title}" for s in path)
        self.card.show_item(
            self.tpl,
            item,
            self.params,
            breadcrumb=crumb,
            value=self.answers.get(item.code),
            note=self.notes.get(item.code, ""),
            photos=insp.photos(self.session.store, self.iid, item.code),
            editable=self.editable,
            pending_value=self.pending.get((item.code, "answer"), MISSING),
            pending_note=self.pending.get((item.code, "note")),
        )
        if (item.code, "answer") in self.pending or (item.code, "note") in self.pending:
            self.card.set_save_error(self.save_state.label.toolTip())
        self._update_evidence_hint()
        self._show_return()
        self.tree.select(item.code)
        self.where_label.setText(self.tr("第 {0} / {1} 项").format(self.index + 1, len(self.items)))
        self.prev_button.setEnabled(self.index > 0)
        if focus:
            self.card.focus_default()
        self._resume_timer.start()

    def go_to(self, index: int, focus: bool = True) -> bool:
        if index == self.index:
            if focus:
                self.card.focus_default()
            return True
        if not self._commit_current():
            self.tree.select(self.current.code)
            return False
        self.index = max(0, min(index, len(self.items) - 1))
        self.show_current(focus)
        return True

    def _commit_current(self) -> bool:
        """Commit the card before leaving it. Stay when the input is refused, or when its save has
        just failed (the error is shown at the field; asking again moves on, the input kept)."""
        before = set(self.pending)
        if not self.card.commit():
            return False
        return not (set(self.pending) - before)

    def go_next(self) -> None:
        if self.index == len(self.items) - 1:
            if self._commit_current():
                self.open_submit()
            return
        self.go_to(self.index + 1)

    def go_prev(self) -> None:
        if self.index > 0:
            self.go_to(self.index - 1)

    def go_code(self, code: str) -> bool:
        return self.go_to(self.position[code])

    def answer_digit(self, n: int) -> None:
        if self.card.editor is not None and self.editable:
            self.card.editor.press_digit(n)

    # ------------------------------------------------------------------ a reviewer's return

    def _load_return(self) -> None:
        returned = self.access.returned
        self.return_info = review.last_return(self.session.store, self.iid) if returned else None
        self.returned: dict[str, str] = dict(self.return_info.items) if self.return_info else {}

    def _show_return(self) -> None:
        """The reviewer's reason above, the commented items highlighted in the tree, and the
        comment on the current item above its card, while the inspection is returned."""
        info = self.return_info
        if info:
            text = self.tr("已退回（{0}）：{1}").format(info.by, info.reason)
            if info.items:
                text += self.tr("　有审核评语的项已标红：{0}").format("、".join(info.items))
            self.return_banner.setText(text)
        self.return_banner.setVisible(bool(info))
        if set(self.returned) != self._marked:
            for code in self._marked | set(self.returned):
                node = self.tree.item_nodes.get(code)
                brush = QBrush(RETURNED_BG) if code in self.returned else QBrush()
                for column in range(node.columnCount() if node else 0):
                    node.setBackground(column, brush)
            self._marked = set(self.returned)
        comment = self.returned.get(self.current.code)
        self.item_comment.setText(self.tr("审核评语：{0}").format(comment) if comment else "")
        self.item_comment.setVisible(bool(comment))

    # ------------------------------------------------------------------ results

    def _missing_evidence(self, code: str) -> list[str]:
        item = self.tpl.item(code)
        if code not in self.result.failed_items:
            return []
        missing = []
        if item.note_on_fail and not self.notes.get(code, "").strip():
            missing.append("note")
        if item.photo_on_fail and not self.photo_counts.get(code):
            missing.append("photo")
        return missing

    def _update_evidence_hint(self) -> None:
        missing = self._missing_evidence(self.current.code)
        texts = {"note": self.tr("填写说明（Ctrl+N）"), "photo": self.tr("附照片（Ctrl+I）")}
        self.card.set_evidence_hint(
            self.tr("不符合项：请{0}，否则不能提交。").format(self.tr("并").join(texts[m] for m in missing))
            if missing
            else ""
        )

    def _after_change(self, code: str) -> None:
        self.result = score(self.tpl, self.answers, self.params)
        self._refresh_item(code)
        self._refresh_totals()
        if code == self.current.code:
            self._update_evidence_hint()
        if self.submit_panel.isVisible() and self.editable:
            self._fill_submit_panel()

    def _item_status(self, code: str, r) -> str:
        if (code, "answer") in self.pending or (code, "note") in self.pending:
            return "pending"
        if not r.answered:
            return "unanswered"
        if r.value == NA and r.grade == NA:
            return "na"
        return "failed" if r.failed else "ok"

    def _refresh_item(self, code: str) -> None:
        r = self.result.items[self.position[code]]
        item = self.tpl.item(code)
        answer = describe_value(self.tpl, item, self.answers.get(code), self.params)
        points = f"{fmt_number(r.score)}/{fmt_number(r.max)}" if item.scored and r.answered and r.max else ""
        self.tree.set_item_state(code, self._item_status(code, r), answer, points)

    def _refresh_totals(self) -> None:
        r = self.result
        p = progress(self.tpl, r)
        level = labels.level("veto") if r.vetoed else labels.data_label(p.level_label)
        if p.complete:
            self.score_label.setText(
                self.tr("{0} / {1} 分 · {2}% · {3}").format(
                    fmt_number(r.score), fmt_number(r.max), fmt_number(r.percent), level
                )
            )
        else:  # half-way: the answered items' score, and the level it points to
            text = self.tr("当前得分 {0} / {1} 分（{2}%）").format(
                fmt_number(p.score), fmt_number(p.max), fmt_number(p.percent)
            )
            if p.level:
                text += " · " + (level if r.vetoed else self.tr("预计 {0}").format(level))
            self.score_label.setText(text)
        self.answered_label.setText(self.tr("已答 {0}/{1} 项").format(p.answered, p.total))
        self.score_label.setToolTip(
            self.tr("当前得分只计已作答的项；全部必答项作答后显示正式得分和等级。") if not p.complete else ""
        )
        self.tree.set_results(r)
        if r.vetoed:
            self.veto_banner.setText(
                self.tr("一票否决：第 {0} 项不符合，无论得分多少，结果均为“一票否决”。").format("、".join(r.veto_items))
            )
        self.veto_banner.setVisible(r.vetoed)

    def _refresh_all(self) -> None:
        self.result = score(self.tpl, self.answers, self.params)
        self.tree.tree.setUpdatesEnabled(False)
        for it in self.items:
            self._refresh_item(it.code)
        self.tree.tree.setUpdatesEnabled(True)
        self._refresh_totals()

    # ------------------------------------------------------------------ submit

    def blockers(self) -> list:
        return submission_blockers(self.tpl, self.result, self.notes, self.photo_counts)

    def _fill_submit_panel(self) -> None:
        found = self.blockers()
        if found:
            self.submit_panel.show_blockers(found, {it.code: it.text for it in self.items})
        else:
            level = labels.level("veto") if self.result.vetoed else labels.data_label(self.result.level_label)
            self.submit_panel.show_ready(self.result, level)

    def open_submit(self) -> None:
        if not self.access.can("submit"):
            return
        self.card.commit()
        if not self.submit_panel.isVisible():
            total = sum(self.splitter.sizes())
            self.submit_panel.show()
            self.splitter.setSizes([340, total - 340 - 330, 330])
        if self.pending:
            self._fill_submit_panel()
            self.submit_panel.show_error(self.tr("有更改未能保存，请先重试保存（Ctrl+S）。"))
        else:
            self._fill_submit_panel()
        self.submit_panel.focus_default()

    def close_submit(self) -> None:
        self.submit_panel.hide()
        self.card.focus_default()

    def _jump_to_blocker(self, code: str, reason: str) -> None:
        if not self.go_code(code):
            return
        if reason == "note_missing":
            self.card.note.setFocus()
        elif reason == "photo_missing":
            self.card.photos.add_button.setFocus()

    def confirm_submit(self) -> None:
        if self.pending:
            self.submit_panel.show_error(self.tr("有更改未能保存，请先重试保存（Ctrl+S）。"))
            return
        try:
            result = ops.submit(self.session, inspection_id=self.iid, source=self)
        except SubmitBlocked as e:
            self.submit_panel.show_blockers(e.blockers, {it.code: it.text for it in self.items})
            self.submit_panel.focus_default()
            return
        except Exception as e:
            self.submit_panel.show_error(self.tr("提交失败：{0}").format(e))
            return
        self.access = views.inspection_view(self.session.store, self.session.actor, self.iid)
        self.editable = self._may_edit()
        self._apply_editable()
        self.show_current(focus=False)
        level = labels.level("veto") if result.vetoed else labels.data_label(result.level_label)
        self.submit_panel.show_done(
            self.tr("已提交。得分 {0} / {1} 分（{2}%），{3}。").format(
                fmt_number(result.score), fmt_number(result.max), fmt_number(result.percent), level
            )
        )
        self.save_state.submitted()
        self.subtitle.setText(self._subtitle_text())
        self.submit_panel.focus_default()

    # ------------------------------------------------------------------ other windows' changes

    def affected(self, change: Change) -> bool:
        return change.source is not self and change.touches(self.iid)

    def refresh(self) -> None:
        """Read the inspection again (changed elsewhere), staying on the current item."""
        code = self.current.code
        self._load()
        self._refresh_all()
        self.index = self.position.get(code, 0)
        self._apply_editable()
        self.show_current(focus=False)
