"""The attendance page: the log (lazy, filterable), per-day summary, chart, presentation attacks, corrections, audit, export.

Days are local days of the configured attendance time zone (this computer's when unset). The
event table pages itself from the database on its model's loader thread; the summary, the chart,
the audit log and exports load on the page's task thread, so a year of a large company never
freezes the window and a filter change runs no query on the GUI thread.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QLocale, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from attendance.chain import ChainState
from attendance.periods import PayPeriod
from attendance.policy import day_start
from attendance.records import AttackRecord, AuditEntry, EventFilter, EventRecord, details_text
from attendance.report import DaySummary, export_report, hours_minutes
from attendance.store import AttendanceStore
from attendance.timesheet import AttendanceException, TimesheetRow
from gui.attendance_dialogs import ManualEvent, ManualEventDialog, ReasonDialog
from gui.attendance_model import COLUMNS, AttendanceModel
from gui.context import GuiContext
from gui.i18n import action_text, clock_text, date_format, date_text, number_text, translate, value_text
from gui.review_panel import ReviewPanel
from gui.tasks import TaskQueue
from gui.widgets import ACTOR, BusyBar, Column, ListTableModel, RecordTable, StatusLine, documents_path, local_text, title_label
from services.reports import Present, Report, TimeAndAttendance, build_report, time_and_attendance

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

T = TypeVar("T")
DEFAULT_DAYS = 30  # the log opens on the last 30 days plus today
FILTER_DELAY_MS = 250
AUDIT_ROWS = 500
MIN_CHART_DAYS = 7  # the chart's x axis spans at least this many days
CHART_FONTS = ["DejaVu Sans", "Noto Sans", "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK KR", "Arial Unicode MS"]
ATTACKS_TAB = QT_TRANSLATE_NOOP("AttendancePage", "Presentation attacks")
TIMESHEET_TAB = QT_TRANSLATE_NOOP("AttendancePage", "Timesheet")
EXCEPTIONS_TAB = QT_TRANSLATE_NOOP("AttendancePage", "To correct")
PRESENT_TAB = QT_TRANSLATE_NOOP("AttendancePage", "Who is in")
REVIEW_TAB = QT_TRANSLATE_NOOP("AttendancePage", "To review")
COLUMN_SAMPLES = {  # text that sets each event column's width (at least its title's)
    "Time": "2026-12-31 23:59:59", "Code": "EMPLOYEE-0000", "Name": "Firstname Lastname", "Department": "",
    "Kind": "", "Kiosk": "kiosk-entrance", "Similarity": "", "Source": "manual", "Method": "", "Status": "",
}

def _clock(at: datetime | None) -> str:
    """A summary's local time of day (already in the report's zone)."""
    return clock_text(at, seconds=True)


SUMMARY_COLUMNS: tuple[Column[DaySummary], ...] = (
    Column(QT_TRANSLATE_NOOP("Column", "Date"), lambda s: date_text(s.date)),
    Column(QT_TRANSLATE_NOOP("Column", "Code"), lambda s: s.employee_code),
    Column(QT_TRANSLATE_NOOP("Column", "Name"), lambda s: s.employee_name),
    Column(QT_TRANSLATE_NOOP("Column", "Department"), lambda s: s.department or ""),
    Column(QT_TRANSLATE_NOOP("Column", "First in"), lambda s: _clock(s.first_in)),
    Column(QT_TRANSLATE_NOOP("Column", "Last out"), lambda s: _clock(s.last_out)),
    Column(QT_TRANSLATE_NOOP("Column", "Hours"), lambda s: "" if s.hours is None else hours_minutes(s.hours), numeric=True),
    Column(QT_TRANSLATE_NOOP("Column", "Punches"), lambda s: str(s.punches), numeric=True),
)

ATTACK_COLUMNS: tuple[Column[AttackRecord], ...] = (
    Column(QT_TRANSLATE_NOOP("Column", "Time"), lambda a: local_text(a.at)),
    Column(QT_TRANSLATE_NOOP("Column", "Kiosk"), lambda a: a.kiosk_id),
    Column(QT_TRANSLATE_NOOP("Column", "Presented as"), lambda a: f"{a.employee_name} ({a.employee_code})" if a.employee_code else translate("AttendancePage", "nobody recognised")),
    Column(QT_TRANSLATE_NOOP("Column", "Similarity"), lambda a: "" if a.similarity is None else number_text(a.similarity, 2), numeric=True),
    Column(QT_TRANSLATE_NOOP("Column", "Live score"), lambda a: number_text(a.live_score, 2), numeric=True),
    Column(QT_TRANSLATE_NOOP("Column", "Looks"), lambda a: str(a.looks), numeric=True),
    Column(QT_TRANSLATE_NOOP("Column", "Track"), lambda a: str(a.track_id), numeric=True),
)

AUDIT_COLUMNS: tuple[Column[AuditEntry], ...] = (
    Column(QT_TRANSLATE_NOOP("Column", "Time"), lambda a: local_text(a.at)),
    Column(QT_TRANSLATE_NOOP("Column", "Actor"), lambda a: value_text(a.actor)),
    Column(QT_TRANSLATE_NOOP("Column", "Action"), lambda a: action_text(a.action)),
    Column(QT_TRANSLATE_NOOP("Column", "Target"), lambda a: a.target),
    Column(QT_TRANSLATE_NOOP("Column", "Reason"), lambda a: a.reason or ""),
    Column(QT_TRANSLATE_NOOP("Column", "Details"), lambda a: details_text(a.details)),
)


class DailyChart(QWidget):
    """People present per local day (anyone with a punch that day), as bars.

    matplotlib is imported and the canvas built on the first plot, so the app's start does not wait for it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self.canvas: FigureCanvasQTAgg | None = None
        self.axes: Axes | None = None
        self.days = 0  # bars drawn

    def _drawing(self) -> tuple[FigureCanvasQTAgg, Axes]:
        if self.canvas is None or self.axes is None:
            import matplotlib
            from matplotlib import font_manager
            from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
            from matplotlib.figure import Figure

            # words in any script: where the first font lacks a glyph (a Chinese title and weekdays), the next that has it
            installed = {font.name for font in font_manager.fontManager.ttflist}
            matplotlib.rcParams["font.family"] = [name for name in CHART_FONTS if name in installed] or ["sans-serif"]
            figure = Figure(figsize=(8, 3.5), layout="constrained")
            self.canvas, self.axes = FigureCanvasQTAgg(figure), figure.add_subplot()
            self._layout.addWidget(self.canvas)
        return self.canvas, self.axes

    def plot(self, summary: Sequence[DaySummary]) -> None:
        import matplotlib.dates as mdates
        from matplotlib.ticker import FuncFormatter

        canvas, axes = self._drawing()
        present = Counter(s.date for s in summary)
        days = sorted(present)
        axes.clear()
        self.days = len(days)
        if days:
            span = (days[-1] - days[0]).days + 1
            axes.bar(days, [present[d] for d in days], width=0.8 if span <= 93 else 1.0, color="#2e7d32")
            pad = max(0.6, (MIN_CHART_DAYS - span + 1) / 2)  # a short period sits in a week of days, one bar a day
            axes.set_xlim(mdates.date2num(days[0]) - pad, mdates.date2num(days[-1]) + pad)
            if span <= 31:  # a tick on whole days only, never hours
                axes.xaxis.set_major_locator(mdates.DayLocator(interval=max(1, span // 8)))
                axes.xaxis.set_major_formatter(FuncFormatter(_day_tick))
            else:
                locator = mdates.AutoDateLocator(minticks=3, maxticks=12)
                axes.xaxis.set_major_locator(locator)
                axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
            axes.yaxis.get_major_locator().set_params(integer=True)
        else:
            axes.text(0.5, 0.5, self.tr("No attendance in this range"), ha="center", va="center", transform=axes.transAxes)
        axes.set_title(self.tr("People present per day"))
        axes.set_ylabel(self.tr("people"))
        canvas.draw_idle()


def _day_tick(value: float, _position: int | None = None) -> str:
    """A chart tick: weekday, day and month as the locale names them ("Mon 7 Dec", "周一 12月7日")."""
    import matplotlib.dates as mdates

    day = mdates.num2date(value).date()
    return QLocale().toString(QDate(day.year, day.month, day.day), "ddd\nd MMM")


def _hhmm(at: datetime | None, tz: tzinfo | None) -> str:
    return "" if at is None else clock_text(at.astimezone(tz))


def _minutes_text(minutes: int) -> str:
    return "" if not minutes else hours_minutes(minutes / 60)


def time_columns(tz: Callable[[], tzinfo | None]) -> tuple[
    tuple[Column[TimesheetRow], ...], tuple[Column[AttendanceException], ...], tuple[Column[Present], ...]
]:
    """The timesheet's, the exceptions queue's and the roll call's columns, times in the zone ``tz`` gives."""
    timesheet = (
        Column(QT_TRANSLATE_NOOP("Column", "Date"), lambda r: date_text(r.day)),
        Column(QT_TRANSLATE_NOOP("Column", "Code"), lambda r: r.person.code),
        Column(QT_TRANSLATE_NOOP("Column", "Name"), lambda r: r.person.name),
        Column(QT_TRANSLATE_NOOP("Column", "Shift"), lambda r: r.shift or ""),
        Column(QT_TRANSLATE_NOOP("Column", "Scheduled"), lambda r: f"{_hhmm(r.scheduled_start, tz())}-{_hhmm(r.scheduled_end, tz())} ({_minutes_text(r.scheduled_minutes)})"
               if r.scheduled_start and r.scheduled_minutes is not None else ""),
        Column(QT_TRANSLATE_NOOP("Column", "In"), lambda r: _hhmm(r.first_in, tz())),
        Column(QT_TRANSLATE_NOOP("Column", "Out"), lambda r: _hhmm(r.last_out, tz())),
        Column(QT_TRANSLATE_NOOP("Column", "Worked"), lambda r: _minutes_text(r.worked_minutes), numeric=True),
        Column(QT_TRANSLATE_NOOP("Column", "Late (min)"), lambda r: str(r.late_minutes or ""), numeric=True),
        Column(QT_TRANSLATE_NOOP("Column", "Early leave (min)"), lambda r: str(r.early_leave_minutes or ""), numeric=True),
        Column(QT_TRANSLATE_NOOP("Column", "Overtime"), lambda r: _minutes_text(r.overtime_minutes), numeric=True),
        Column(QT_TRANSLATE_NOOP("Column", "Status"), lambda r: value_text(r.status)),
    )
    queue = (
        Column(QT_TRANSLATE_NOOP("Column", "Date"), lambda e: date_text(e.row.day)),
        Column(QT_TRANSLATE_NOOP("Column", "Code"), lambda e: e.row.person.code),
        Column(QT_TRANSLATE_NOOP("Column", "Name"), lambda e: e.row.person.name),
        Column(QT_TRANSLATE_NOOP("Column", "Shift"), lambda e: e.row.shift or ""),
        Column(QT_TRANSLATE_NOOP("Column", "To correct"), lambda e: value_text(e.kind)),
        Column(QT_TRANSLATE_NOOP("Column", "In"), lambda e: _hhmm(e.row.first_in, tz())),
        Column(QT_TRANSLATE_NOOP("Column", "Out"), lambda e: _hhmm(e.row.last_out, tz())),
    )
    present = (
        Column(QT_TRANSLATE_NOOP("Column", "Code"), lambda p: p.code),
        Column(QT_TRANSLATE_NOOP("Column", "Name"), lambda p: p.name),
        Column(QT_TRANSLATE_NOOP("Column", "Department"), lambda p: p.department or ""),
        Column(QT_TRANSLATE_NOOP("Column", "In since"), lambda p: local_text(p.since, tz())),
        Column(QT_TRANSLATE_NOOP("Column", "Kiosk"), lambda p: p.kiosk_id),
    )
    return timesheet, queue, present


class AttendancePage(QWidget):
    """Review, correct and export the attendance log."""

    logChanged = Signal()  # noqa: N815 - Qt signal naming; an event was added or voided here
    summaryReady = Signal(int)  # noqa: N815 - the summary and chart show this many day rows
    exported = Signal(list)  # the files written (list[str])

    def __init__(self, context: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._tasks = TaskQueue("attendance", self)
        self._generation = 0  # the newest summary request; older results are dropped
        self._build()
        self.model.loaded.connect(self._log_loaded)
        self.model.pageLoaded.connect(lambda _number: self._selection_changed())
        self.model.failed.connect(self.status.error)
        self._tasks.progressed.connect(self.busy.show_progress)
        self._tasks.idle.connect(self.busy.hide)
        self._filter_timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filters)
        for combo in (self.employee_combo, self.department_combo, self.kiosk_combo):
            combo.currentIndexChanged.connect(self._filter_timer.start)
        for box in (self.voided_box, self.newest_box):
            box.toggled.connect(self._filter_timer.start)
        self.from_date.dateChanged.connect(self._from_changed)
        self.to_date.dateChanged.connect(self._to_changed)

    @property
    def _store(self) -> AttendanceStore:
        """The store of the current runtime (the settings page may replace the runtime)."""
        return self._context.runtime.store

    @property
    def _tz(self) -> tzinfo | None:
        return self._context.runtime.config.attendance.zone

    # -- layout ----------------------------------------------------------------------------------

    def _build(self) -> None:
        today = QDate.currentDate()
        self.from_date = self._date_edit(today.addDays(-DEFAULT_DAYS))
        self.to_date = self._date_edit(today)
        self.employee_combo = QComboBox()
        self.department_combo = QComboBox()
        self.kiosk_combo = QComboBox()
        self.voided_box = QCheckBox(self.tr("Show voided"))
        self.newest_box = QCheckBox(self.tr("Newest first"))
        self.newest_box.setChecked(True)
        self.period_combo = QComboBox()  # a pay period sets From and To at once
        self.period_combo.addItem(self.tr("Pay period…"), None)
        for period in PayPeriod:
            self.period_combo.addItem(value_text(period.label), period)
        self.period_combo.activated.connect(self._period_chosen)
        refresh_button = QPushButton(self.tr("Refresh"))
        refresh_button.clicked.connect(self.refresh)
        for combo in (self.employee_combo, self.department_combo, self.kiosk_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        days, who = QHBoxLayout(), QHBoxLayout()
        for row, label, widget in (
            (days, self.tr("From"), self.from_date), (days, self.tr("To"), self.to_date), (who, self.tr("Employee"), self.employee_combo),
            (who, self.tr("Department"), self.department_combo), (who, self.tr("Kiosk"), self.kiosk_combo),
        ):
            row.addWidget(QLabel(label))
            row.addWidget(widget)
        days.addWidget(self.period_combo)
        days.addWidget(self.voided_box)
        days.addWidget(self.newest_box)
        days.addStretch(1)
        days.addWidget(refresh_button)
        who.addStretch(1)

        self.model = AttendanceModel(self._store, self._tz, parent=self)
        self.table = RecordTable(self.model, self.tr("No attendance events match these filters"))
        metrics = self.table.fontMetrics()
        for column, name in enumerate(COLUMNS):
            sample = max(COLUMN_SAMPLES[name], translate("Column", name), key=metrics.horizontalAdvance)
            self.table.horizontalHeader().resizeSection(column, metrics.horizontalAdvance(sample) + 24)
        self.count_label = QLabel()
        self.add_button = QPushButton(self.tr("Add event…"))
        self.add_button.clicked.connect(self.add_event_dialog)
        self.void_button = QPushButton(self.tr("Void selected event…"))
        self.void_button.clicked.connect(self.void_selected)
        event_buttons = QHBoxLayout()
        event_buttons.addWidget(self.count_label, 1)
        event_buttons.addWidget(self.add_button)
        event_buttons.addWidget(self.void_button)
        events_tab = QWidget()
        events_layout = QVBoxLayout(events_tab)
        events_layout.addWidget(self.table, 1)
        events_layout.addLayout(event_buttons)

        self.summary_model: ListTableModel[DaySummary] = ListTableModel(SUMMARY_COLUMNS, parent=self)
        self.summary_table = RecordTable(self.summary_model, self.tr("Nobody checked in during this period"))
        self.summary_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.chart = DailyChart()
        self.attack_model: ListTableModel[AttackRecord] = ListTableModel(ATTACK_COLUMNS, parent=self)
        self.attack_table = RecordTable(self.attack_model, self.tr("No presentation attacks in this period"))
        self.attack_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.audit_model: ListTableModel[AuditEntry] = ListTableModel(AUDIT_COLUMNS, parent=self)
        self.audit_table = RecordTable(self.audit_model, self.tr("Nothing audited yet"))
        self.audit_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        timesheet_columns, queue_columns, present_columns = time_columns(lambda: self._tz)
        self.timesheet_model: ListTableModel[TimesheetRow] = ListTableModel(timesheet_columns, parent=self)
        self.timesheet_table = RecordTable(self.timesheet_model, self.tr("Nobody was scheduled or worked in this period"))
        self.exception_model: ListTableModel[AttendanceException] = ListTableModel(queue_columns, parent=self)
        self.exception_table = RecordTable(self.exception_model, self.tr("Nothing to correct in this period"))
        self.present_model: ListTableModel[Present] = ListTableModel(present_columns, parent=self)
        self.present_table = RecordTable(self.present_model, self.tr("Nobody is checked in"))
        for table in (self.timesheet_table, self.exception_table, self.present_table):
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        self.tabs = QTabWidget()
        self.tabs.addTab(events_tab, self.tr("Events"))
        self.tabs.addTab(self.summary_table, self.tr("Daily summary"))
        self.tabs.addTab(self.timesheet_table, self.tr(TIMESHEET_TAB))
        self.tabs.addTab(self.exception_table, self.tr(EXCEPTIONS_TAB))
        self.tabs.addTab(self.present_table, self.tr(PRESENT_TAB))
        self.review = ReviewPanel(self._context)
        self.review.changed.connect(lambda count: self.tabs.setTabText(
            self.tabs.indexOf(self.review), self.tr(REVIEW_TAB) + (f" ({count})" if count else "")))
        self.review.voided.connect(self._changed_by_review)
        self.tabs.addTab(self.review, self.tr(REVIEW_TAB))
        self.tabs.addTab(self.chart, self.tr("Chart"))
        self.tabs.addTab(self.attack_table, self.tr(ATTACKS_TAB))
        self.tabs.addTab(self.audit_table, self.tr("Audit log"))

        self.csv_button = QPushButton(self.tr("Export CSV…"))
        self.csv_button.clicked.connect(partial(self.choose_export, ".csv"))
        self.xlsx_button = QPushButton(self.tr("Export XLSX…"))
        self.xlsx_button.clicked.connect(partial(self.choose_export, ".xlsx"))
        self.busy = BusyBar()
        self.status = StatusLine()
        bottom = QHBoxLayout()
        bottom.addWidget(self.busy)
        bottom.addStretch(1)
        bottom.addWidget(self.csv_button)
        bottom.addWidget(self.xlsx_button)

        self.record_line = StatusLine()  # the tamper-evident record's state
        self.record_line.setObjectName("recordLine")
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Attendance")))
        layout.addWidget(self.record_line)
        layout.addLayout(days)
        layout.addLayout(who)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.status)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self._selection_changed()

    @staticmethod
    def _date_edit(day: QDate) -> QDateEdit:
        edit = QDateEdit(day)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(date_format())
        return edit

    # -- filters ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the filter choices (keeping what is chosen), the log, summary, chart and audit log."""
        employees = self._store.list_employees()
        self._fill(self.employee_combo, self.tr("All employees"), [(f"{e.code} — {e.name}", e.code) for e in employees])
        departments = sorted({e.department for e in employees if e.department})
        self._fill(self.department_combo, self.tr("All departments"), [(d, d) for d in departments])
        self._fill(self.kiosk_combo, self.tr("All kiosks"), [(k, k) for k in self._store.kiosk_ids()])
        self.apply_filters()
        self.verify_record()

    def verify_record(self) -> None:
        """Walk the record's hash chain in the background and show whether it is intact."""
        self.record_line.info(self.tr("Checking the attendance record…"))
        self._tasks.submit("", self._store.verify_record, self._show_record, self.record_line.error)

    def _show_record(self, state: ChainState) -> None:
        if state.intact:
            self.record_line.success(
                self.tr("Attendance record verified: %Ln chained row(s), none changed outside the app.", "", state.links)
            )
        else:
            self.record_line.error(
                self.tr("The attendance record was changed outside the app ({problem}): run `python main.py audit verify`, "
                        "restore a backup.").format(problem=state.line)
            )

    @staticmethod
    def _fill(combo: QComboBox, everyone: str, choices: list[tuple[str, str]]) -> None:
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everyone, None)
        for text, value in choices:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(combo.findData(chosen), 0) if chosen is not None else 0)
        combo.blockSignals(False)

    def _period_chosen(self, index: int) -> None:
        period = self.period_combo.itemData(index)  # Qt hands the enum back as its value
        if period is not None:
            self.choose_period(PayPeriod(period))
        self.period_combo.setCurrentIndex(0)

    def choose_period(self, period: PayPeriod) -> None:
        """Show the pay period ``period`` around today."""
        first, last = period.days(datetime.now(self._tz).date())
        self.from_date.setDate(QDate(first.year, first.month, first.day))
        self.to_date.setDate(QDate(last.year, last.month, last.day))

    def current_filter(self) -> EventFilter:
        first: date = self.from_date.date().toPython()
        last: date = self.to_date.date().toPython()
        return EventFilter(
            start=day_start(first, self._tz),
            end=day_start(last + timedelta(days=1), self._tz),
            employee_code=self.employee_combo.currentData(),
            department=self.department_combo.currentData(),
            kiosk_id=self.kiosk_combo.currentData(),
            include_voided=self.voided_box.isChecked(),
        )

    def apply_filters(self) -> None:
        """Show the filtered log now (rows page in as shown); the summary and chart follow in the background."""
        self._filter_timer.stop()
        wanted = self.current_filter()
        self.model.use(self._store, self._tz)
        self.model.set_filter(wanted, newest_first=self.newest_box.isChecked())
        self.count_label.setText(self.tr("Counting events…"))
        self._generation += 1
        generation = self._generation
        self._tasks.submit(
            self.tr("Summarising"),
            partial(self._report_job, wanted, generation),
            partial(self._show_summary, generation),
            self.status.error,
        )
        self.refresh_audit()
        self.refresh_time()

    def refresh_audit(self) -> None:
        job = partial(self._store.audit_log, limit=AUDIT_ROWS)
        self._tasks.submit("", job, self.audit_model.set_rows, self.status.error)

    def refresh_time(self) -> None:
        """The timesheet, the exceptions and who is in, for the period and employee chosen (on the task thread)."""
        attendance = self._context.runtime.config.attendance
        job = partial(
            time_and_attendance, self._store, self.from_date.date().toPython(), self.to_date.date().toPython(), self._tz,
            datetime.now(timezone.utc), employee_code=self.employee_combo.currentData(),
            overtime_step=attendance.overtime_step_minutes, max_open=timedelta(hours=attendance.max_shift_hours),
        )
        self._tasks.submit("", job, self._show_time, self.status.error)
        first, last = self.from_date.date().toPython(), self.to_date.date().toPython()
        self.review.load(day_start(first, self._tz), day_start(last + timedelta(days=1), self._tz))

    def _show_time(self, found: TimeAndAttendance) -> None:
        """Shows the department chosen (all when none), days newest first when the box says so."""
        department = self.department_combo.currentData()
        newest_first = self.newest_box.isChecked()

        def chosen(department_of: str | None) -> bool:
            return department is None or department_of == department

        def days_first(row: TimesheetRow) -> tuple[int, str]:
            return (-row.day.toordinal() if newest_first else row.day.toordinal()), row.person.code

        rows = sorted((row for row in found.rows if chosen(row.person.department)), key=days_first)
        exceptions = sorted((e for e in found.exceptions if chosen(e.row.person.department)), key=lambda e: days_first(e.row))
        present = [person for person in found.present if chosen(person.department)]
        self.timesheet_model.set_rows(rows)
        self.exception_model.set_rows(exceptions)
        self.present_model.set_rows(present)
        for table, title, count in ((self.exception_table, EXCEPTIONS_TAB, len(exceptions)), (self.present_table, PRESENT_TAB, len(present))):
            self.tabs.setTabText(self.tabs.indexOf(table), self.tr(title) + (f" ({count})" if count else ""))

    @property
    def loading(self) -> bool:
        """The log, summary or audit log shown may not be the newest yet."""
        return self.model.loading or self._tasks.busy or self.review.loading

    def _log_loaded(self, total: int) -> None:
        self.count_label.setText(self.tr("%Ln event(s)", "", total))
        self._selection_changed()

    def _from_changed(self, day: QDate) -> None:
        if day > self.to_date.date():
            self.to_date.setDate(day)
        self._filter_timer.start()

    def _to_changed(self, day: QDate) -> None:
        if day < self.from_date.date():
            self.from_date.setDate(day)
        self._filter_timer.start()

    # -- summary, chart, export ------------------------------------------------------------------

    def _report(self, selected: EventFilter, wanted: Callable[[], bool]) -> Report | None:
        """The report of ``selected``, loaded on the task thread with progress; None once no longer ``wanted``."""
        def progress(done: int, total: int) -> None:
            self._tasks.report(done, total, self.tr("Loading events: {done} of {total}").format(
                done=number_text(done), total=number_text(total)))

        max_open = timedelta(hours=self._context.runtime.config.attendance.max_shift_hours)
        return build_report(self._store, selected, self._tz, wanted=wanted, progress=progress, max_open=max_open)

    def _report_job(self, selected: EventFilter, generation: int) -> Report | None:
        return self._report(selected, lambda: shiboken6.isValid(self) and generation == self._generation)

    def _show_summary(self, generation: int, report: Report | None) -> None:
        if report is None or generation != self._generation:
            return
        self.summary_model.set_rows(report.summary)
        self.chart.plot(report.summary)
        self.attack_model.set_rows(report.attacks)
        count = f" ({len(report.attacks)})" if report.attacks else ""
        self.tabs.setTabText(self.tabs.indexOf(self.attack_table), self.tr(ATTACKS_TAB) + count)
        self.summaryReady.emit(len(report.summary))

    def choose_export(self, suffix: str) -> None:
        first, last = self.from_date.date().toPython(), self.to_date.date().toPython()
        kind = self.tr("CSV files (*.csv)") if suffix == ".csv" else self.tr("Excel workbooks (*.xlsx)")
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Export attendance"), documents_path(f"attendance_{first}_{last}{suffix}"), kind)
        if chosen:
            path = Path(chosen)
            self.export(path if path.suffix.lower() == suffix else path.with_name(path.name + suffix))

    def export(self, path: Path) -> None:
        """Write the filtered summary and events (CSV: two files, XLSX: two sheets) in the background."""
        job = partial(self._export_job, self.current_filter(), path)
        self._tasks.submit(self.tr("Exporting"), job, self._exported, self._export_failed)

    def _export_job(self, selected: EventFilter, path: Path) -> list[Path]:
        report = self._report(selected, wanted=lambda: True)
        assert report is not None  # always wanted
        self._tasks.report(0, 0, self.tr("Writing %Ln event(s) to {file}", "", len(report.events)).format(file=path.name))
        return export_report(report.summary, report.events, path, self._tz, report.attacks, report.head)

    def _exported(self, paths: list[Path]) -> None:
        self.status.success(self.tr("Exported {files}").format(files=", ".join(str(p) for p in paths)))
        self.exported.emit([str(p) for p in paths])

    def _export_failed(self, message: str) -> None:
        self.status.error(self.tr("Export failed: {problem}").format(problem=message))

    # -- corrections -----------------------------------------------------------------------------

    def selected_event(self) -> EventRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.event_at(rows[0].row()) if rows else None

    def add_event_dialog(self) -> None:
        manual = ManualEventDialog.ask(self, self._store.list_employees(), self._tz)
        if manual is not None:
            self.add_manual_event(manual)

    def void_selected(self) -> None:
        event = self.selected_event()
        if event is None or event.voided:
            return
        question = (
            self.tr("Void the check-in of {name} ({code}) at {time}? It stays in the log, marked void.") if event.kind == "in"
            else self.tr("Void the check-out of {name} ({code}) at {time}? It stays in the log, marked void.")
        )
        text = question.format(name=event.employee_name, code=event.employee_code, time=local_text(event.at, self._tz))
        reason = ReasonDialog.ask(self, self.tr("Void attendance event"), text)
        if reason is not None:
            self.void_event(event.id, reason)

    def add_manual_event(self, manual: ManualEvent) -> None:
        job = partial(
            self._store.add_manual_event, manual.code, manual.kind, manual.at, reason=manual.reason, actor=ACTOR
        )
        added = self.tr("Added a check-in for {code}.") if manual.kind == "in" else self.tr("Added a check-out for {code}.")
        self._change(self.tr("Adding the event"), job, added.format(code=manual.code))

    def void_event(self, event_id: int, reason: str) -> None:
        job = partial(self._store.void_event, event_id, reason=reason, actor=ACTOR)
        self._change(self.tr("Voiding the event"), job, self.tr("Voided event {number}.").format(number=event_id))

    def _change(self, what: str, job: Callable[[], T], message: str) -> None:
        self._tasks.submit(what, job, lambda _result: self._changed(message), self.status.error)

    def _changed(self, message: str) -> None:
        self.refresh()
        self.status.success(message)
        self.logChanged.emit()

    def _changed_by_review(self) -> None:
        """A check-in voided from the review queue: the log, the timesheet and the queue again."""
        self.apply_filters()
        self.logChanged.emit()

    def _selection_changed(self) -> None:
        event = self.selected_event()
        self.void_button.setEnabled(event is not None and not event.voided)
