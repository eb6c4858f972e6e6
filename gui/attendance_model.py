"""The attendance log as a lazy Qt table model: a count up front, rows fetched a page at a time.

``rowCount`` is the filtered total (one COUNT query), so the scroll bar is true from the start;
``data`` loads the page holding a row on first use (``LIMIT page_size OFFSET k``, a few tens of
milliseconds even at row 100,000) and keeps the most recently used pages. Nothing is fetched
for rows the view never shows.
"""
from __future__ import annotations

from collections import OrderedDict
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QFont

from attendance.records import EventFilter, EventRecord
from attendance.store import AttendanceStore
from gui.widgets import MUTED, Index, local_text

PAGE_SIZE = 500
MAX_PAGES = 40  # pages kept in memory (20,000 rows at the default page size)
COLUMNS = ("Time", "Code", "Name", "Department", "Kind", "Kiosk", "Similarity", "Source", "Status")
_NUMERIC = {"Similarity"}


def _cell(event: EventRecord, column: str, tz: tzinfo | None) -> str:
    match column:
        case "Time":
            return local_text(event.at, tz)
        case "Code":
            return event.employee_code
        case "Name":
            return event.employee_name
        case "Department":
            return event.department or ""
        case "Kind":
            return event.kind
        case "Kiosk":
            return event.kiosk_id
        case "Similarity":
            return "" if event.similarity is None else f"{event.similarity:.2f}"
        case "Source":
            return event.source
        case "Status":
            return "void" if event.voided else ""
    raise KeyError(column)


class AttendanceModel(QAbstractTableModel):
    """The events of an :class:`EventFilter`, paged lazily from the store; times shown in ``tz``."""

    def __init__(
        self,
        store: AttendanceStore,
        tz: tzinfo | None = None,
        page_size: int = PAGE_SIZE,
        max_pages: int = MAX_PAGES,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._tz = tz
        self._page_size = page_size
        self._max_pages = max_pages
        self._filter = EventFilter()
        self._newest_first = True
        self._total = 0
        self._pages: OrderedDict[int, list[EventRecord]] = OrderedDict()
        self.page_loads = 0  # pages fetched since the model was created (for diagnostics and tests)

    @property
    def filter(self) -> EventFilter:
        return self._filter

    @property
    def page_size(self) -> int:
        return self._page_size

    @property
    def cached_pages(self) -> int:
        return len(self._pages)

    def use(self, store: AttendanceStore, tz: tzinfo | None) -> None:
        """Read from ``store`` and show times in ``tz`` from the next ``set_filter`` on."""
        self._store = store
        self._tz = tz

    def set_filter(self, wanted: EventFilter, *, newest_first: bool = True) -> None:
        """Show the events ``wanted`` selects (one COUNT now, rows as they are shown)."""
        self.beginResetModel()
        self._filter, self._newest_first = wanted, newest_first
        self._total = self._store.count_events(wanted)
        self._pages.clear()
        self.endResetModel()

    def event_at(self, row: int) -> EventRecord | None:
        """The event shown in ``row``; None beyond the end (or if the log shrank since the count)."""
        if not 0 <= row < self._total:
            return None
        number, within = divmod(row, self._page_size)
        page = self._pages.get(number)
        if page is None:
            page = self._store.events(
                self._filter, newest_first=self._newest_first, limit=self._page_size, offset=number * self._page_size
            )
            self.page_loads += 1
            self._pages[number] = page
            if len(self._pages) > self._max_pages:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page[within] if within < len(page) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole,
            Qt.ItemDataRole.TextAlignmentRole,
        ):
            return None
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter) if column in _NUMERIC else None
        event = self.event_at(index.row())
        if event is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell(event, column, self._tz)
        if not event.voided:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return MUTED
        font = QFont()
        font.setStrikeOut(True)
        return font

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None
