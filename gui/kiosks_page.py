"""The Kiosks page: every door's last heartbeat (host, version, models, backlog, last event, frame rate, clock) and
what needs a look: silent for two minutes, events waiting, no liveness check, a clock off by over a minute.
Loaded on the page's task thread when shown and every 30 seconds while it is."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QTimer
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QPushButton, QVBoxLayout, QWidget

from attendance.records import KioskFlag, KioskState
from gui.context import GuiContext
from gui.i18n import number_text, value_text
from gui.tasks import TaskQueue
from gui.widgets import Column, ListTableModel, RecordTable, StatusLine, local_text, title_label

REFRESH_MS = 30_000


def kiosk_columns() -> tuple[Column[KioskState], ...]:
    """Times as wall times (a table refreshed every 30 s would make "10 s ago" a lie between refreshes)."""
    return (
        Column(QT_TRANSLATE_NOOP("Column", "Kiosk"), lambda k: k.beat.kiosk_id),
        Column(QT_TRANSLATE_NOOP("Column", "Needs a look"), lambda k: ", ".join(value_text(flag) for flag in k.flags)),
        Column(QT_TRANSLATE_NOOP("Column", "Last seen"), lambda k: local_text(k.seen_at)),
        Column(QT_TRANSLATE_NOOP("Column", "Backlog"), lambda k: str(k.beat.backlog), numeric=True),
        Column(QT_TRANSLATE_NOOP("Column", "Last event"), lambda k: local_text(k.beat.last_event_at) or "-"),
        Column(QT_TRANSLATE_NOOP("Column", "FPS"), lambda k: number_text(k.beat.fps, 1), numeric=True),
        Column(QT_TRANSLATE_NOOP("Column", "Clock (s)"), lambda k: ("+" if k.clock_offset_s >= 0 else "") + number_text(k.clock_offset_s, 1), numeric=True),
        Column(QT_TRANSLATE_NOOP("Column", "Liveness"), lambda k: value_text("on" if k.beat.liveness else "off")),
        Column(QT_TRANSLATE_NOOP("Column", "Models"), lambda k: k.beat.models),
        Column(QT_TRANSLATE_NOOP("Column", "Host"), lambda k: k.beat.host),
        Column(QT_TRANSLATE_NOOP("Column", "Version"), lambda k: k.beat.version),
    )


class KiosksPage(QWidget):
    """The doors of this database, as their heartbeats tell them."""

    def __init__(self, context: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._tasks = TaskQueue("kiosks", self)
        self.model: ListTableModel[KioskState] = ListTableModel(kiosk_columns(), muted=lambda k: KioskFlag.SILENT in k.flags, parent=self)
        self.table = RecordTable(self.model, self.tr("No kiosk has reported in yet: a running kiosk beats every 30 seconds"))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.status = StatusLine()
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Kiosks")))
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self._timer = QTimer(self, interval=REFRESH_MS)
        self._timer.timeout.connect(self.refresh)

    def refresh(self) -> None:
        """Load the heartbeats (on the task thread); again every 30 s while the page shows."""
        self._timer.start()
        self._tasks.submit("", self._context.runtime.store.kiosks, self._show, self.status.error)

    def hideEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        self._timer.stop()
        super().hideEvent(event)  # type: ignore[arg-type]

    def _show(self, kiosks: list[KioskState]) -> None:
        """The rows (a silent kiosk greyed out), the columns fitted to them, and which need a look."""
        self.model.set_rows(kiosks)
        self.table.resizeColumnsToContents()
        look = [k for k in kiosks if k.flags]
        if look:
            self.status.error(self.tr("Kiosks that need a look: {count} of {total}: ").format(count=len(look), total=len(kiosks)) + "; ".join(
                f"{k.beat.kiosk_id} ({', '.join(value_text(flag) for flag in k.flags)})" for k in look))
        else:
            self.status.success(self.tr("%Ln kiosk(s), all well.", "", len(kiosks)) if kiosks else "")
