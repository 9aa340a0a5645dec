"""A handwritten signature pad: draw with the mouse, a pen or a tablet; clear; export PNG bytes.

The pad keeps the strokes as point lists (with pen pressure when a tablet gives one) and paints
them smoothly; ``png()`` renders just the ink, cropped with a margin, on a transparent
background, so the signature prints cleanly on a report. A pad with less ink than a short
stroke counts as empty: a click or a slip of the pen is not a signature.
"""

from __future__ import annotations

import itertools
import math

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPen, QTabletEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...domain.errors import InputError

INK = QColor("#0b2a6f")
PEN_WIDTH = 2.6
MIN_INK = 24.0  # pixels of stroke length below which the pad counts as empty
MARGIN = 8

Stroke = list[tuple[QPointF, float]]  # (point, pressure 0..1)


class SignaturePad(QWidget):
    """``changed`` after each stroke and after ``clear()``."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.strokes: list[Stroke] = []
        self._drawing = False
        self.setMinimumSize(420, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("签名板"))

    def sizeHint(self) -> QSize:
        return QSize(520, 170)

    # ------------------------------------------------------------------ content

    def clear(self) -> None:
        self.strokes.clear()
        self._drawing = False
        self.update()
        self.changed.emit()

    def ink_length(self) -> float:
        total = 0.0
        for stroke in self.strokes:
            for (a, _), (b, _) in itertools.pairwise(stroke):
                total += math.hypot(b.x() - a.x(), b.y() - a.y())
        return total

    def is_empty(self) -> bool:
        return self.ink_length() < MIN_INK

    def ink_rect(self) -> QRectF:
        points = [p for s in self.strokes for p, _ in s]
        if not points:
            return QRectF()
        xs, ys = [p.x() for p in points], [p.y() for p in points]
        return QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))

    def image(self, scale: float = 2.0) -> QImage:
        """The ink alone, cropped with a margin, on transparent background (``scale`` for print)."""
        rect = self.ink_rect().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
        w, h = max(1, math.ceil(rect.width() * scale)), max(1, math.ceil(rect.height() * scale))
        img = QImage(w, h, QImage.Format.Format_ARGB32)
        img.fill(Qt.GlobalColor.transparent)
        painter = QPainter(img)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(scale, scale)
        painter.translate(-rect.topLeft())
        self._paint_strokes(painter)
        painter.end()
        return img

    def png(self) -> bytes:
        """PNG bytes of the signature; InputError (a ValueError) when the pad is empty."""
        if self.is_empty():
            raise InputError("signing.handwritten_signature_png_image")
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self.image().save(buffer, "PNG")
        buffer.close()
        return bytes(data)

    # ------------------------------------------------------------------ input

    def _begin(self, pos: QPointF, pressure: float = 0.5) -> None:
        self._drawing = True
        self.strokes.append([(QPointF(pos), pressure)])
        self.update()

    def _extend(self, pos: QPointF, pressure: float = 0.5) -> None:
        if not self._drawing or not self.strokes:
            return
        last = self.strokes[-1][-1][0]
        if (pos - last).manhattanLength() < 1:
            return
        self.strokes[-1].append((QPointF(pos), pressure))
        self.update()

    def _end(self) -> None:
        if self._drawing:
            self._drawing = False
            self.update()
            self.changed.emit()

    # The pad tracks its own "pen down" state instead of asking the event which buttons are held,
    # so every source of input (mouse, touch synthesised as mouse, QTest) draws the same way.
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._extend(event.position())
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._extend(event.position())
            self._end()
        event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:
        kind = event.type()
        pressure = max(0.05, min(1.0, event.pressure()))
        if kind == QTabletEvent.Type.TabletPress:
            self._begin(event.position(), pressure)
        elif kind == QTabletEvent.Type.TabletMove:
            self._extend(event.position(), pressure)
        elif kind == QTabletEvent.Type.TabletRelease:
            self._end()
        event.accept()  # no synthesised mouse event follows an accepted tablet event

    # ------------------------------------------------------------------ painting

    def _paint_strokes(self, painter: QPainter) -> None:
        for stroke in self.strokes:
            if len(stroke) == 1:
                p, pressure = stroke[0]
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(INK)
                r = PEN_WIDTH * (0.6 + pressure)
                painter.drawEllipse(p, r / 2, r / 2)
                continue
            # Segment by segment, so pen pressure shows as varying width.
            for (a, pa), (b, pb) in itertools.pairwise(stroke):
                pen = QPen(
                    INK,
                    PEN_WIDTH * (0.6 + (pa + pb) / 2),
                    Qt.PenStyle.SolidLine,
                    Qt.PenCapStyle.RoundCap,
                    Qt.PenJoinStyle.RoundJoin,
                )
                painter.setPen(pen)
                painter.drawLine(a, b)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        painter.setPen(QPen(QColor("#c3cad3"), 1))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        base = self.height() - 36
        painter.setPen(QPen(QColor("#d0d5dd"), 1, Qt.PenStyle.DashLine))
        painter.drawLine(24, base, self.width() - 24, base)
        if not self.strokes:
            painter.setPen(QColor("#98a2b3"))
            painter.drawText(
                self.rect().adjusted(0, 0, 0, -40),
                Qt.AlignmentFlag.AlignCenter,
                self.tr("请在此处手写签名（鼠标或手写笔）"),
            )
        painter.setPen(QColor("#98a2b3"))
        painter.drawText(24, base + 20, "✕")
        self._paint_strokes(painter)
        painter.end()
