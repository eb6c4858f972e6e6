"""Small pieces the admin pages share: a list-backed table model, a busy bar, a status line, labels."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, QStandardPaths, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QProgressBar, QTableView, QWidget

from core.text import visible
from gui.i18n import date_text, date_time_text, translate

ACTOR = "admin"  # who the audit log names for changes made in the admin pages
MUTED = QColor(130, 130, 130)
ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #8a5300; background: #fff4d6; padding: 6px; border-radius: 4px;"
OK_STYLE = "color: #1b5e20;"

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex


def local_text(at: datetime | None, tz: tzinfo | None = None, *, seconds: bool = True, clock: bool = True) -> str:
    """An aware time as wall time in ``tz`` (None: this computer's zone), as the locale writes it; empty for None."""
    if at is None:
        return ""
    wall = at.astimezone(tz)
    return date_time_text(wall, seconds) if clock else date_text(wall.date())


def title_label(text: str) -> QLabel:
    """A page heading."""
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    font.setBold(True)
    label.setFont(font)
    return label


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column of a :class:`ListTableModel`: its title and how a row shows in it."""

    title: str  # in English, marked with QT_TRANSLATE_NOOP("Column", ...): the header shows it translated
    text: Callable[[T], str]
    numeric: bool = False  # right-aligned


class ListTableModel(QAbstractTableModel, Generic[T]):
    """A read-only table over a Python list of records; ``muted(row)`` rows are greyed out."""

    def __init__(
        self, columns: Sequence[Column[T]], muted: Callable[[T], bool] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._muted = muted
        self._rows: list[T] = []

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, index: int) -> T:
        return self._rows[index]

    @property
    def rows(self) -> list[T]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record, column = self._rows[index.row()], self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return visible(column.text(record))  # a direction override in a name shows, not flips the row
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and self._muted is not None and self._muted(record):
            return MUTED
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return translate("Column", self._columns[section].title)
        return None


class BusyBar(QWidget):
    """A progress bar with a caption, shown while a page's background work runs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel()
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(240)
        self.bar.setTextVisible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.bar)
        layout.addStretch(1)
        self.hide()

    def show_progress(self, done: int, total: int, text: str) -> None:
        """``total`` 0: an indeterminate (busy) bar."""
        self.bar.setRange(0, max(total, 0))
        self.bar.setValue(done)
        self.caption.setText(text)
        self.caption.setMinimumWidth(self.caption.sizeHint().width())  # the row never clips the caption
        self.show()


class StatusLine(QLabel):
    """One line saying what just happened: plain, success (green) or error (red)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def info(self, text: str) -> None:
        self.setStyleSheet("")
        self.setText(text)

    def success(self, text: str) -> None:
        self.setStyleSheet(OK_STYLE)
        self.setText(text)

    def error(self, text: str) -> None:
        self.setStyleSheet(ERROR_STYLE)
        self.setText(text)

    @property
    def is_error(self) -> bool:
        return self.styleSheet() == ERROR_STYLE


class RecordTable(QTableView):
    """A read-only table of records that says what it lacks when it has no rows ("No presentation attacks
    in this period") instead of showing a blank grid."""

    def __init__(self, model: QAbstractItemModel, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = empty_text
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setStretchLastSection(True)

    @property
    def showing_empty_text(self) -> bool:
        return self.model().rowCount() == 0

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        super().paintEvent(event)
        if self.showing_empty_text:
            painter = QPainter(self.viewport())
            painter.setPen(MUTED)
            painter.drawText(self.viewport().rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            painter.end()


def documents_path(name: str = "") -> str:
    """Where a file dialog opens: the user's documents folder (else home), with ``name`` proposed in it;
    never the folder the app happens to run from."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
    return str(Path(folder) / name) if name else folder
