"""Scores over time drawn with QPainter (PySide6-Essentials has no QtCharts): the big chart of one
site's results on the dashboard, and the sparkline drawn in each site's row.

The chart shows every other site faintly behind the chosen one, so a station manager sees where
the site stands among the rest; a click on a point opens that inspection.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

if TYPE_CHECKING:  # annotations only: the figures' services load when the figures are read
    from ...services.dashboard import Point
import itertools

from ...domain.answer_text import number as fmt_number  # not the walkthrough's editors: the start path

VETO = QColor("#c62828")
LEVEL_COLORS = {
    "excellent": QColor("#2e7d32"),
    "good": QColor("#1d5fa8"),
    "pass": QColor("#b26a00"),
    "fail": QColor("#c62828"),
}


def point_color(p: Point, fallback: QColor) -> QColor:
    if p.vetoed:
        return VETO
    return LEVEL_COLORS.get(p.level or "", fallback)


def draw_segments(painter: QPainter, line: Sequence[QPointF]) -> None:
    """A polyline drawn as separate segments. Qt strokes a wide antialiased polyline as one path
    and resolves its self-intersections, which a zigzag of scores is full of: 9 ms for 200
    points, against under 1 ms for the same segments with round caps."""
    if len(line) == 1:
        painter.drawPoint(line[0])
        return
    painter.drawLines([QLineF(a, b) for a, b in itertools.pairwise(line)])


def paint_sparkline(painter: QPainter, rect: QRectF, series: Sequence[Point], color: QColor) -> None:
    """A small line of percentages 0–100 across ``rect``; the last point marked by its level colour."""
    if not series:
        return
    n = len(series)
    step = max(1, n // max(1, int(rect.width() / 2)))  # at most one point per two pixels
    pts = series[::step]
    if pts[-1] is not series[-1]:
        pts = [*pts, series[-1]]
    w, h = rect.width(), rect.height()
    line = [
        QPointF(
            rect.left() + (w * i / (len(pts) - 1) if len(pts) > 1 else w / 2),
            rect.bottom() - h * max(0.0, min(100.0, p.percent)) / 100,
        )
        for i, p in enumerate(pts)
    ]
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(color, 1))  # a one-pixel pen takes Qt's fast antialiased path
    painter.drawPolyline(line)
    painter.setBrush(point_color(series[-1], color))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(line[-1], 2.6, 2.6)
    painter.restore()


class ScoreChart(QWidget):
    """Percent (0–100) over submission time for one site, the others faint behind it."""

    point_clicked = Signal(int)  # inspection id

    MARGIN = (44, 14, 16, 30)  # left, top, right, bottom

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setMinimumSize(QSize(280, 160))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.series: list[Point] = []
        self.others: list[list[Point]] = []
        self.empty_text = ""
        self._placed: list[tuple[QPointF, Point]] = []
        self._range = (0.0, 1.0)

    def set_data(self, series: list[Point], others: list[list[Point]], empty_text: str = "") -> None:
        self.series = list(series)
        self.others = [o for o in others if o]
        self.empty_text = empty_text
        # Each series is in time order (services.dashboard), so its ends bound it.
        times = [p.t for s in (self.series, *self.others) if s for p in (s[0], s[-1])]
        if times:
            lo, hi = min(times), max(times)
            pad = max((hi - lo) * 0.03, 86400.0)
            self._range = (lo - pad, hi + pad)
        self.update()

    def _plot(self) -> QRectF:
        left, top, right, bottom = self.MARGIN
        return QRectF(left, top, max(10, self.width() - left - right), max(10, self.height() - top - bottom))

    def _line(self, points, plot: QRectF) -> list[QPointF]:
        """Widget positions of points (time across, percent up), in one pass (thousands per paint)."""
        lo, hi = self._range
        left, bottom, w, h = plot.left(), plot.bottom(), plot.width(), plot.height() / 100
        kx = w / (hi - lo) if hi > lo else 0.0
        mid = 0.0 if hi > lo else w / 2
        return [
            QPointF(
                left + mid + (p.t - lo) * kx,
                bottom - h * (0.0 if p.percent < 0 else 100.0 if p.percent > 100 else p.percent),
            )
            for p in points
        ]

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        mid = pal.color(QPalette.ColorRole.Mid)
        accent = pal.color(QPalette.ColorRole.Highlight)
        painter.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        plot = self._plot()
        grid = QColor(mid)
        grid.setAlpha(90)
        fm = painter.fontMetrics()
        for pct in (0, 20, 40, 60, 80, 100):
            y = plot.bottom() - plot.height() * pct / 100
            painter.setPen(QPen(grid, 1, Qt.PenStyle.DotLine if pct else Qt.PenStyle.SolidLine))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            painter.drawText(
                QRectF(0, y - fm.height() / 2, plot.left() - 6, fm.height()),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                f"{pct}%",
            )
        self._placed = []
        if not self.series and not self.others:
            painter.setPen(text)
            painter.drawText(plot, int(Qt.AlignmentFlag.AlignCenter), self.empty_text)
            return
        lo, hi = self._range
        painter.setPen(text)
        for frac in (0.0, 0.5, 1.0):
            t = lo + (hi - lo) * frac
            label = _dt.datetime.fromtimestamp(t).strftime("%Y-%m-%d")
            x = plot.left() + plot.width() * frac
            w = fm.horizontalAdvance(label) + 4
            x0 = min(max(x - w / 2, plot.left()), plot.right() - w)
            painter.drawText(QRectF(x0, plot.bottom() + 4, w, fm.height()), int(Qt.AlignmentFlag.AlignCenter), label)
        # An opaque mix rather than a translucent pen: Qt strokes translucent antialiased polylines
        # the slow way (34 ms for forty sites against 1 ms).
        base = pal.color(QPalette.ColorRole.Base)
        faint = QColor.fromRgbF(*(m * 0.43 + b * 0.57 for m, b in zip(mid.getRgbF()[:3], base.getRgbF()[:3])))
        painter.setPen(QPen(faint, 1))
        # The other sites are context: thin lines (Qt's fast path for 1-pixel pens), at most one
        # point per 10 pixels.
        most = max(2, int(plot.width() / 10))
        for o in self.others:
            painter.drawPolyline(self._line(o[:: max(1, -(-len(o) // most))], plot))
        if self.series:
            painter.setPen(QPen(accent, 2.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
            line = self._line(self.series, plot)
            placed = list(zip(line, self.series))
            draw_segments(painter, line)
            painter.setPen(Qt.PenStyle.NoPen)
            radius = 4.0 if len(placed) < 60 else 2.5
            for xy, p in placed:
                painter.setBrush(point_color(p, accent))
                painter.drawEllipse(xy, radius, radius)
            self._placed = placed

    def _nearest(self, pos: QPointF) -> Point | None:
        best, dist = None, 12.0**2
        for xy, p in self._placed:
            d = (xy.x() - pos.x()) ** 2 + (xy.y() - pos.y()) ** 2
            if d < dist:
                best, dist = p, d
        return best

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        p = self._nearest(event.position())
        if p is None:
            QToolTip.hideText()
            self.unsetCursor()
            return
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        level = self.tr("一票否决") if p.vetoed else (p.level_label or "")
        QToolTip.showText(
            event.globalPosition().toPoint(),
            self.tr("{0}  {1}%  {2}\n{3}（点击打开）").format(
                p.submitted_at[:10], fmt_number(p.percent), level, p.template_title
            ),
            self,
        )

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        p = self._nearest(event.position())
        if p is not None and event.button() == Qt.MouseButton.LeftButton:
            self.point_clicked.emit(p.inspection_id)

    def point_position(self, inspection_id: int) -> QPointF | None:
        """Where a point is drawn (for tests and keyboard-free callers)."""
        return next((xy for xy, p in self._placed if p.inspection_id == inspection_id), None)
