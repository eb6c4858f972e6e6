"""The shifts page: shifts (fixed or flexible; added, changed, deleted), who works which (an employee's own, or a department's default), company holidays
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
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from attendance.records import Employee, Holiday, Leave, LeaveKind
from attendance.shifts import WEEKDAY_NAMES, Flex, Shift
from attendance.store import AttendanceStore
from gui.attendance_dialogs import ReasonDialog
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
    Column("Flexible", lambda s: s.flex_text),
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
    """A shift to add or change: name, local start and end (an end before the start is the next day), break,
    grace, weekdays, and for a flexible shift the hours a day and the core time."""

    def __init__(self, parent: QWidget | None = None, shift: Shift | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Change a shift" if shift is not None else "Add a shift")
        self.name = QLineEdit()
        self.start, self.end = QTimeEdit(QTime(8, 0)), QTimeEdit(QTime(16, 30))
        self.core_start, self.core_end = QTimeEdit(QTime(10, 0)), QTimeEdit(QTime(15, 0))
        for edit in (self.start, self.end, self.core_start, self.core_end):
            edit.setDisplayFormat("HH:mm")
        self.break_minutes, self.grace_minutes = QSpinBox(), QSpinBox()
        self.break_minutes.setRange(0, 24 * 60 - 1)
        self.grace_minutes.setRange(0, 240)
        self.flexible = QCheckBox("Flexible: a number of hours any time from the start to the end, around a core time")
        self.hours = QDoubleSpinBox()
        self.hours.setRange(0.25, 23.75)
        self.hours.setSingleStep(0.25)
        self.hours.setValue(8.0)
        self.hours.setSuffix(" h")
        self.flexible.toggled.connect(self._flexible_toggled)
        self.days = [QCheckBox(name.capitalize()) for name in WEEKDAY_NAMES]
        for box in self.days[:5]:
            box.setChecked(True)
        day_row = QHBoxLayout()
        for box in self.days:
            day_row.addWidget(box)
        core_row = QHBoxLayout()
        for widget in (self.core_start, QLabel("to"), self.core_end):
            core_row.addWidget(widget)
        core_row.addStretch(1)
        self.message = StatusLine()
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Start", self.start)
        form.addRow("End (before the start: the next day)", self.end)
        form.addRow("Unpaid break (minutes)", self.break_minutes)
        form.addRow("Grace for late and early (minutes)", self.grace_minutes)
        form.addRow("Days", day_row)
        form.addRow(self.flexible)
        form.addRow("Hours a day (after the break)", self.hours)
        form.addRow("Core time", core_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.shift: Shift | None = None
        if shift is not None:
            self._fill(shift)
        self._flexible_toggled(self.flexible.isChecked())

    def _fill(self, shift: Shift) -> None:
        self.name.setText(shift.name)
        self.name.setReadOnly(True)  # a shift is known by its name: to rename one, add another
        self.start.setTime(QTime(shift.start.hour, shift.start.minute))
        self.end.setTime(QTime(shift.end.hour, shift.end.minute))
        self.break_minutes.setValue(shift.break_minutes)
        self.grace_minutes.setValue(shift.grace_minutes)
        for number, box in enumerate(self.days):
            box.setChecked(number in shift.weekdays)
        if shift.flex is not None:
            self.flexible.setChecked(True)
            self.hours.setValue(shift.flex.minutes / 60)
            self.core_start.setTime(QTime(shift.flex.core_start.hour, shift.flex.core_start.minute))
            self.core_end.setTime(QTime(shift.flex.core_end.hour, shift.flex.core_end.minute))

    def _flexible_toggled(self, flexible: bool) -> None:
        for widget in (self.hours, self.core_start, self.core_end):
            widget.setEnabled(flexible)

    def _check(self) -> None:
        flex = None
        if self.flexible.isChecked():
            flex = Flex(round(self.hours.value() * 60), self.core_start.time().toPython(), self.core_end.time().toPython())
        try:
            self.shift = Shift(
                self.name.text().strip(), self.start.time().toPython(), self.end.time().toPython(),
                self.break_minutes.value(), self.grace_minutes.value(),
                frozenset(n for n, box in enumerate(self.days) if box.isChecked()), flex,
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
        edit_shift = QPushButton("Change shift…")
        edit_shift.clicked.connect(self.edit_shift_dialog)
        self.shift_table.doubleClicked.connect(lambda _index: self.edit_shift_dialog())
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
        for button in (add_shift, edit_shift, delete_shift):
            shift_buttons.addWidget(button)
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
        delete_holiday = QPushButton("Delete")
        delete_holiday.clicked.connect(self.delete_selected_holiday)
        holiday_row = QHBoxLayout()
        for widget in (self.holiday_date, self.holiday_name, add_holiday):
            holiday_row.addWidget(widget)
        holiday_actions = QHBoxLayout()
        holiday_actions.addStretch(1)
        for widget in (import_holidays, delete_holiday):
            holiday_actions.addWidget(widget)
        holidays_box = QGroupBox("Company holidays")
        holidays_layout = QVBoxLayout(holidays_box)
        holidays_layout.addWidget(self.holiday_table, 1)
        holidays_layout.addLayout(holiday_row)
        holidays_layout.addLayout(holiday_actions)

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
        delete_leave = QPushButton("Delete…")
        delete_leave.clicked.connect(self.delete_selected_leave)
        leave_actions = QHBoxLayout()
        leave_actions.addStretch(1)
        leave_actions.addWidget(delete_leave)
        leave_box = QGroupBox("Leave")
        leave_layout = QVBoxLayout(leave_box)
        leave_layout.addWidget(self.leave_table, 1)
        leave_layout.addLayout(leave_row)
        leave_layout.addLayout(leave_actions)

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

    def edit_shift_dialog(self) -> None:
        shift = self._selected(self.shift_table, self.shift_model, "a shift")
        if shift is None:
            return
        dialog = ShiftDialog(self, shift)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.shift is not None:
            self.save_shift(dialog.shift, replace=True)

    def save_shift(self, shift: Shift, *, replace: bool = False) -> None:
        job = partial(self._store.save_shift, shift, actor=ACTOR, replace=replace)
        self._change("Saving", job, f"Shift {shift.name} {'changed' if replace else 'added'}.")

    def _selected(self, table: RecordTable, model: ListTableModel[T], what: str) -> T | None:
        rows = table.selectionModel().selectedRows()
        if not rows:
            self.status.error(f"Choose {what} in the list first.")
            return None
        return model.row(rows[0].row())

    def delete_selected_shift(self) -> None:
        shift = self._selected(self.shift_table, self.shift_model, "a shift")
        if shift is not None:
            self._change("Deleting", partial(self._store.delete_shift, shift.name, actor=ACTOR),
                         f"Shift {shift.name} deleted; its people have none now.")

    def delete_selected_holiday(self) -> None:
        holiday = self._selected(self.holiday_table, self.holiday_model, "a holiday")
        if holiday is not None:
            self._change("Deleting", partial(self._store.delete_holiday, holiday.day, actor=ACTOR),
                         f"{holiday.day} ({holiday.name}) is a working day again.")

    def delete_selected_leave(self) -> None:
        leave = self._selected(self.leave_table, self.leave_model, "leave")
        if leave is None:
            return
        reason = ReasonDialog.ask(self, "Delete leave", f"Delete {leave.employee_code}'s {leave.kind.value}, {leave.first} to {leave.last}? Why?")
        if reason:
            self.delete_leave(leave, reason)

    def delete_leave(self, leave: Leave, reason: str) -> None:
        self._change("Deleting", partial(self._store.delete_leave, leave.id, actor=ACTOR, reason=reason),
                     f"{leave.employee_code}'s leave from {leave.first} to {leave.last} deleted.")

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
