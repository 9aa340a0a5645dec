"""The Qt binding in use keeps Python's reference counts straight.

PySide6 6.12.0 drops a reference to None on every call of a void method under Python < 3.12, where
None is not yet immortal; a few thousand calls later the interpreter aborts ("deallocating None").
The dashboard's chart makes that many calls in a few seconds, so a bad binding is caught here.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QLabel


def test_void_calls_leave_none_alone(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        before = sys.getrefcount(None)
        for _ in range(200):
            label.setText("x")
            painter.setBrush(QColor("#123456"))
            painter.drawEllipse(2, 2, 3, 3)
        drift = sys.getrefcount(None) - before
    finally:
        painter.end()
    assert abs(drift) < 50, f"None lost {-drift} references in 600 void calls: a broken Qt binding"
