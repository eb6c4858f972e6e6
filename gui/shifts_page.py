"""The shifts page: shifts, who works which (an employee's own, or a department's default), company holidays
(one by one, or from an iCalendar file) and leave. Every query and change runs on the page's task thread;
changes are audited by the store with actor "admin"."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from attendance.records import Employee, Holiday, Leave, LeaveKind
from attendance.shifts import WEEKDAY_NAMES, Shift
from attendance.store import AttendanceStore
from gui.context import GuiContext
from gui.tasks import TaskQueue
from gui.widgets import ACTOR, BusyBar, Column, ListTableModel, RecordTable, StatusLine, documents_path, title_label
from services.holidays import import_holidays

T = TypeVar("T")

SHIFT_COLUMNS: tuple[Column[Shift], ...] = (
    Column("Shift", lambda s: s.name),
    Column("Start", lambda s: s.start.strftime("%H:%M")),
    Column("End", lambda s: s.end.strftime("%H:%M") + (" (next day)" if s.overnight else "")),
    Column("Break (min)", lambda s: str(s.break_minutes), numeric=True),
    Column("Grace (min)", lambda s: str(s.grace_minutes), numeric=True),
    Column("Days", lambda s: ", ".join(WEEKDAY_NAMES[d] for d in sorted(s.weekdays))),
)
HOLIDAY_COLUMNS: tuple[Column[Holiday], ...] = (Column("Date", lambda h: h.day.isoformat()), Column("Holiday", lambda h: h.name))
LEAVE_COLUMNS: tuple[Column[Leave], ...] = (
    Column("Code", lambda e: e.employee_code),
    Column("From", lambda e: e.first.isoformat()),
    Column("To", lambda e: e.last.isoformat()),
    Column("Kind", lambda e: e.kind.value),
    Column("Note", lambda e: e.note or ""),
)


def _date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class ShiftDialog(QDialog):
    """A new shift: name, local start and end (an end before the start is the next day), break, grace, weekdays."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a shift")
        self.name = QLineEdit()
        self.start, self.end = QTimeEdit(QTime(8, 0)), QTimeEdit(QTime(16, 30))
        for edit in (self.start, self.end):
            edit.setDisplayFormat("HH:mm")
        self.break_minutes, self.grace_minutes = QSpinBox(), QSpinBox()
        self.break_minutes.setRange(0, 24 * 60 - 1)
        self.grace_minutes.setRange(0, 240)
        self.days = [QCheckBox(name.capitalize()) for name in WEEKDAY_NAMES]
        for box in self.days[:5]:
            box.setChecked(True)
        day_row = QHBoxLayout()
        for box in self.days:
            day_row.addWidget(box)
        self.message = StatusLine()
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Start", self.start)
        form.addRow("End (before the start: the next day)", self.end)
        form.addRow("Unpaid break (minutes)", self.break_minutes)
        form.addRow("Grace for late and early (minutes)", self.grace_minutes)
        form.addRow("Days", day_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.shift: Shift | None = None

    def _check(self) -> None:
        try:
            self.shift = Shift(
                self.name.text().strip(), self.start.time().toPython(), self.end.time().toPython(),
                self.break_minutes.value(), self.grace_minutes.value(),
                frozenset(n for n, box in enumerate(self.days) if box.isChecked()),
            )
        except ValueError as exc:
            self.message.error(str(exc))
            return
        self.accept()


class ShiftsPage(QWidget):
    """Shifts, who works which, holidays and leave."""

    def __init__(self, context: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._tasks = TaskQueue("shifts", self)
        self._employees: list[Employee] = []
        self.shift_model: ListTableModel[Shift] = ListTableModel(SHIFT_COLUMNS, parent=self)
        self.holiday_model: ListTableModel[Holiday] = ListTableModel(HOLIDAY_COLUMNS, parent=self)
        self.leave_model: ListTableModel[Leave] = ListTableModel(LEAVE_COLUMNS, parent=self)
        self.shift_table = RecordTable(self.shift_model, "No shift yet: punches pair by the open check-in")
        self.holiday_table = RecordTable(self.holiday_model, "No holidays this year")
        self.leave_table = RecordTable(self.leave_model, "No leave this year")
        for table in (self.shift_table, self.holiday_table, self.leave_table):
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            table.horizontalHeader().setStretchLastSection(True)
        self.status = StatusLine()
        self.busy = BusyBar()
        self._tasks.progressed.connect(self.busy.show_progress)
        self._tasks.idle.connect(self.busy.hide)

        add_shift = QPushButton("Add shift…")
        add_shift.clicked.connect(self.add_shift_dialog)
        delete_shift = QPushButton("Delete shift")
        delete_shift.clicked.connect(self.delete_selected_shift)
        self.employee_combo, self.department_combo = QComboBox(), QComboBox()
        self.shift_combo, self.department_shift_combo = QComboBox(), QComboBox()
        give = QPushButton("Give shift")
        give.clicked.connect(self.assign_chosen)
        default = QPushButton("Set department default")
        default.clicked.connect(self.set_department_default)
        assign = QGridLayout()
        assign.addWidget(self.employee_combo, 0, 0)
        assign.addWidget(self.shift_combo, 0, 1)
        assign.addWidget(give, 0, 2)
        assign.addWidget(self.department_combo, 1, 0)
        assign.addWidget(self.department_shift_combo, 1, 1)
        assign.addWidget(default, 1, 2)
        shift_buttons = QHBoxLayout()
        shift_buttons.addStretch(1)
        shift_buttons.addWidget(add_shift)
        shift_buttons.addWidget(delete_shift)
        shifts_box = QGroupBox("Shifts and who works which")
        shifts_layout = QVBoxLayout(shifts_box)
        shifts_layout.addWidget(self.shift_table, 1)
        shifts_layout.addLayout(shift_buttons)
        shifts_layout.addLayout(assign)

        today = date.today()
        self.holiday_date, self.holiday_name = _date_edit(today), QLineEdit()
        self.holiday_name.setPlaceholderText("Holiday name")
        add_holiday = QPushButton("Add holiday")
        add_holiday.clicked.connect(self.add_holiday)
        import_holidays = QPushButton("Import iCalendar…")
        import_holidays.clicked.connect(self.choose_calendar)
        holiday_row = QHBoxLayout()
        for widget in (self.holiday_date, self.holiday_name, add_holiday, import_holidays):
            holiday_row.addWidget(widget)
        holidays_box = QGroupBox("Company holidays")
        holidays_layout = QVBoxLayout(holidays_box)
        holidays_layout.addWidget(self.holiday_table, 1)
        holidays_layout.addLayout(holiday_row)

        self.leave_employee = QComboBox()
        self.leave_from, self.leave_to = _date_edit(today), _date_edit(today)
        self.leave_kind = QComboBox()
        self.leave_kind.addItems([kind.value for kind in LeaveKind])
        self.leave_note = QLineEdit()
        self.leave_note.setPlaceholderText("Note")
        add_leave = QPushButton("Add leave")
        add_leave.clicked.connect(self.add_leave)
        leave_row = QHBoxLayout()
        for widget in (self.leave_employee, self.leave_from, self.leave_to, self.leave_kind, self.leave_note, add_leave):
            leave_row.addWidget(widget)
        leave_box = QGroupBox("Leave")
        leave_layout = QVBoxLayout(leave_box)
        leave_layout.addWidget(self.leave_table, 1)
        leave_layout.addLayout(leave_row)

        lower = QHBoxLayout()
        lower.addWidget(holidays_box, 1)
        lower.addWidget(leave_box, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label("Shifts"))
        layout.addWidget(shifts_box, 1)
        layout.addLayout(lower, 1)
        layout.addWidget(self.busy)
        layout.addWidget(self.status)

    @property
    def _store(self) -> AttendanceStore:
        """The current runtime's store (the settings page may replace the runtime)."""
        return self._context.runtime.store

    # -- loading ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Load the shifts, the people, this year's holidays and leave (on the task thread)."""
        year = date.today().year
        first, last = date(year, 1, 1), date(year, 12, 31)
        store = self._store

        def load() -> tuple[list[Shift], list[Employee], list[Holiday], list[Leave]]:
            return store.shifts(), store.list_employees(active_only=True), store.holidays(first, last), store.leave_between(first, last)

        self._tasks.submit("", load, self._show, self.status.error)

    def _show(self, loaded: tuple[list[Shift], list[Employee], list[Holiday], list[Leave]]) -> None:
        shifts, employees, holidays, leave = loaded
        self._employees = employees
        self.shift_model.set_rows(shifts)
        self.holiday_model.set_rows(holidays)
        self.leave_model.set_rows(leave)
        names = [s.name for s in shifts]
        for combo, first in ((self.shift_combo, "(their department's)"), (self.department_shift_combo, "(no default)")):
            combo.clear()
            combo.addItem(first, None)
            for name in names:
                combo.addItem(name, name)
        for combo in (self.employee_combo, self.leave_employee):
            combo.clear()
            for employee in employees:
                combo.addItem(f"{employee.code} — {employee.name}", employee.code)
        self.department_combo.clear()
        for department in sorted({e.department for e in employees if e.department}):
            self.department_combo.addItem(department, department)

    # -- changes -----------------------------------------------------------------------------------

    def _change(self, what: str, job: Callable[[], T], message: str) -> None:
        self._tasks.submit(what, job, lambda _result: self._changed(message), self.status.error)

    def _changed(self, message: str) -> None:
        self.status.success(message)
        self.refresh()

    def add_shift_dialog(self) -> None:
        dialog = ShiftDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.shift is not None:
            self.save_shift(dialog.shift)

    def save_shift(self, shift: Shift) -> None:
        self._change("Saving", partial(self._store.save_shift, shift, actor=ACTOR), f"Shift {shift.name} added.")

    def delete_selected_shift(self) -> None:
        rows = self.shift_table.selectionModel().selectedRows()
        if not rows:
            self.status.error("Choose a shift in the list first.")
            return
        name = self.shift_model.row(rows[0].row()).name
        self._change("Deleting", partial(self._store.delete_shift, name, actor=ACTOR), f"Shift {name} deleted; its people have none now.")

    def assign_chosen(self) -> None:
        code, name = self.employee_combo.currentData(), self.shift_combo.currentData()
        if code is None:
            self.status.error("Nobody to give a shift to: enrol employees first.")
            return
        self._change("Saving", partial(self._store.assign_shift, name, [code], actor=ACTOR), f"{code}: {name or 'their department’s shift'}.")

    def set_department_default(self) -> None:
        department, name = self.department_combo.currentData(), self.department_shift_combo.currentData()
        if department is None:
            self.status.error("No department yet: departments come from the employees.")
            return
        self._change("Saving", partial(self._store.set_department_shift, department, name, actor=ACTOR),
                     f"{department}: {name or 'no default shift'}.")

    def add_holiday(self) -> None:
        day, name = self.holiday_date.date().toPython(), self.holiday_name.text().strip()
        if not name:
            self.status.error("Give the holiday a name.")
            return
        self._change("Saving", partial(self._store.add_holiday, day, name, actor=ACTOR), f"{day}: {name}.")

    def choose_calendar(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import holidays", documents_path(), "iCalendar files (*.ics);;All files (*)")
        if path:
            self.import_calendar(Path(path))

    def import_calendar(self, path: Path) -> None:
        job = partial(import_holidays, self._store, path, actor=ACTOR)
        self._tasks.submit("Importing", job, lambda days: self._changed(f"{len(days)} holiday(s) imported from {path.name}."), self.status.error)

    def add_leave(self) -> None:
        code = self.leave_employee.currentData()
        if code is None:
            self.status.error("Nobody to record leave for: enrol employees first.")
            return
        first, last = self.leave_from.date().toPython(), self.leave_to.date().toPython()
        kind, note = LeaveKind(self.leave_kind.currentText()), self.leave_note.text().strip() or None
        self._change("Saving", partial(self._store.add_leave, code, first, last, kind, note, actor=ACTOR),
                     f"{code}: {kind.value}, {first} to {last}.")
