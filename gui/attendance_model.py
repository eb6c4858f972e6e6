"""The attendance log as a lazy Qt table model: rows fetched a page at a time, off the GUI thread.

``set_filter`` counts the filtered events and fetches the first page on the model's own loader
thread; until that arrives the view keeps the previous rows, then ``loaded(total)`` follows, so the
scroll bar is true from the start. ``data`` returns what is cached and asks the loader for a missing
page (``LIMIT page_size OFFSET k``, a few tens of milliseconds even at row 100,000); its rows
repaint when it arrives. The most recently used pages are kept. No query ever runs on the GUI
thread, and results for a superseded filter are dropped.
"""
from __future__ import annotations

from collections import OrderedDict
from datetime import tzinfo
from functools import partial
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QFont

from attendance.records import EventFilter, EventRecord
from attendance.store import AttendanceStore
from core.text import visible
from gui.i18n import date_time_text, number_text, translate, value_text
from gui.tasks import TaskQueue
from gui.widgets import MUTED, Index

PAGE_SIZE = 500
MAX_PAGES = 40  # pages kept in memory (20,000 rows at the default page size)
COLUMNS = (  # the titles, in English: the header shows them translated
    QT_TRANSLATE_NOOP("Column", "Time"),
    QT_TRANSLATE_NOOP("Column", "Code"),
    QT_TRANSLATE_NOOP("Column", "Name"),
    QT_TRANSLATE_NOOP("Column", "Department"),
    QT_TRANSLATE_NOOP("Column", "Kind"),
    QT_TRANSLATE_NOOP("Column", "Kiosk"),
    QT_TRANSLATE_NOOP("Column", "Similarity"),
    QT_TRANSLATE_NOOP("Column", "Source"),
    QT_TRANSLATE_NOOP("Column", "Method"),
    QT_TRANSLATE_NOOP("Column", "Status"),
)
_NUMERIC = {"Similarity"}


def _cell(event: EventRecord, column: str, tz: tzinfo | None) -> str:
    match column:
        case "Time":
            return date_time_text(event.at.astimezone(tz), seconds=True)
        case "Code":
            return event.employee_code
        case "Name":
            return event.employee_name
        case "Department":
            return event.department or ""
        case "Kind":
            return value_text(event.kind)
        case "Kiosk":
            return event.kiosk_id
        case "Similarity":
            return "" if event.similarity is None else number_text(event.similarity, 2)
        case "Source":
            return value_text(event.source)
        case "Method":
            return value_text(event.method) if event.method else ""
        case "Status":
            return value_text("void") if event.voided else ""
    raise KeyError(column)


class AttendanceModel(QAbstractTableModel):
    """The events of an :class:`EventFilter`, paged lazily from the store; times shown in ``tz``.

    ``loaded(total)`` after each ``set_filter``'s count and first page arrive; ``pageLoaded(number)``
    after any later page; ``failed(message)`` when a query fails.
    """

    loaded = Signal(int)
    pageLoaded = Signal(int)  # noqa: N815 - Qt signal naming
    failed = Signal(str)

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
        self._requested: set[int] = set()  # pages asked of the loader, not yet here
        self._generation = 0  # bumped by set_filter: results of older generations are dropped
        self._loader = TaskQueue("attendance log", self)
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

    @property
    def loading(self) -> bool:
        """A count or a page is on its way."""
        return self._loader.busy

    def use(self, store: AttendanceStore, tz: tzinfo | None) -> None:
        """Read from ``store`` and show times in ``tz`` from the next ``set_filter`` on."""
        self._store = store
        self._tz = tz

    def set_filter(self, wanted: EventFilter, *, newest_first: bool = True) -> None:
        """Show the events ``wanted`` selects, once their count and first page arrive (``loaded``)."""
        self._generation += 1
        self._filter, self._newest_first = wanted, newest_first
        self._requested.clear()
        job = partial(self._first_page, self._store, wanted, newest_first, self._page_size)
        self._loader.submit("", job, partial(self._filtered, self._generation), partial(self._failed, self._generation))

    def event_at(self, row: int) -> EventRecord | None:
        """The event shown in ``row`` if its page is here; otherwise None, and the page is asked for."""
        if not 0 <= row < self._total:
            return None
        number, within = divmod(row, self._page_size)
        page = self._pages.get(number)
        if page is None:
            self._request(number)
            return None
        self._pages.move_to_end(number)
        return page[within] if within < len(page) else None

    # -- loading (queries on the loader thread, results on the GUI thread) --------------------------

    @staticmethod
    def _first_page(
        store: AttendanceStore, wanted: EventFilter, newest_first: bool, size: int
    ) -> tuple[int, list[EventRecord]]:
        return store.count_events(wanted), store.events(wanted, newest_first=newest_first, limit=size, offset=0)

    def _request(self, number: int) -> None:
        if number in self._requested:
            return
        self._requested.add(number)
        job = partial(
            self._store.events,
            self._filter,
            newest_first=self._newest_first,
            limit=self._page_size,
            offset=number * self._page_size,
        )
        generation = self._generation
        self._loader.submit("", job, partial(self._page_arrived, generation, number), partial(self._failed, generation))

    def _filtered(self, generation: int, result: tuple[int, list[EventRecord]]) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self._total, first = result
        self._pages.clear()
        self._keep(0, first)
        self.endResetModel()
        self.loaded.emit(self._total)

    def _page_arrived(self, generation: int, number: int, page: list[EventRecord]) -> None:
        if generation != self._generation:
            return
        self._requested.discard(number)
        self._keep(number, page)
        first = number * self._page_size
        last = min(first + self._page_size, self._total) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
        self.pageLoaded.emit(number)

    def _keep(self, number: int, page: list[EventRecord]) -> None:
        self.page_loads += 1
        self._pages[number] = page
        if len(self._pages) > self._max_pages:
            self._pages.popitem(last=False)

    def _failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self._requested.clear()
            self.failed.emit(message)

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
            return visible(_cell(event, column, self._tz))  # a direction override in a name shows, not flips
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
            return translate("Column", COLUMNS[section])
        return None
