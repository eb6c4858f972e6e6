"""The shifts page: shifts (fixed or flexible; added, changed, deleted), who works which (an employee's own, or a department's default), company holidays
(one by one, or from an iCalendar file) and leave. Every query and change runs on the page's task thread;
changes are audited by the store with actor "admin"."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QLocale, QTime
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
from attendance.shifts import Flex, Shift
from attendance.store import AttendanceStore
from gui.attendance_dialogs import ReasonDialog
from gui.context import GuiContext
from gui.i18n import clock_format, clock_text, date_format, date_text, translate, value_text
from gui.tasks import TaskQueue
from gui.widgets import ACTOR, BusyBar, Column, ListTableModel, RecordTable, StatusLine, documents_path, title_label
from services.holidays import import_holidays

T = TypeVar("T")

SHIFT_COLUMNS: tuple[Column[Shift], ...] = (
    Column(QT_TRANSLATE_NOOP("Column", "Shift"), lambda s: s.name),
    Column(QT_TRANSLATE_NOOP("Column", "Start"), lambda s: clock_text(s.start)),
    Column(QT_TRANSLATE_NOOP("Column", "End"), lambda s: clock_text(s.end) + (translate("ShiftsPage", " (next day)") if s.overnight else "")),
    Column(QT_TRANSLATE_NOOP("Column", "Break (min)"), lambda s: str(s.break_minutes), numeric=True),
    Column(QT_TRANSLATE_NOOP("Column", "Grace (min)"), lambda s: str(s.grace_minutes), numeric=True),
    Column(QT_TRANSLATE_NOOP("Column", "Days"), lambda s: ", ".join(_weekday(d) for d in sorted(s.weekdays))),
    Column(QT_TRANSLATE_NOOP("Column", "Flexible"), lambda s: _flex_text(s)),
)
HOLIDAY_COLUMNS: tuple[Column[Holiday], ...] = (
    Column(QT_TRANSLATE_NOOP("Column", "Date"), lambda h: date_text(h.day)),
    Column(QT_TRANSLATE_NOOP("Column", "Holiday"), lambda h: h.name),
)
LEAVE_COLUMNS: tuple[Column[Leave], ...] = (
    Column(QT_TRANSLATE_NOOP("Column", "Code"), lambda e: e.employee_code),
    Column(QT_TRANSLATE_NOOP("Column", "From"), lambda e: date_text(e.first)),
    Column(QT_TRANSLATE_NOOP("Column", "To"), lambda e: date_text(e.last)),
    Column(QT_TRANSLATE_NOOP("Column", "Kind"), lambda e: value_text(e.kind)),
    Column(QT_TRANSLATE_NOOP("Column", "Note"), lambda e: e.note or ""),
)


def _weekday(number: int) -> str:
    """Monday (0) to Sunday (6), short, as the locale names them."""
    return QLocale().dayName(number + 1, QLocale.FormatType.ShortFormat)


def _flex_text(shift: Shift) -> str:
    """``8:00 h, core 10:00-15:00`` for a flexible shift, empty for a fixed one."""
    if shift.flex is None:
        return ""
    hours, minutes = divmod(shift.flex.minutes, 60)
    return translate("ShiftsPage", "{hours}:{minutes:02d} h, core {start}-{end}").format(
        hours=hours, minutes=minutes, start=clock_text(shift.flex.core_start), end=clock_text(shift.flex.core_end))


def _date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(date_format())
    return edit


class ShiftDialog(QDialog):
    """A shift to add or change: name, local start and end (an end before the start is the next day), break,
    grace, weekdays, and for a flexible shift the hours a day and the core time."""

    def __init__(self, parent: QWidget | None = None, shift: Shift | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Change a shift") if shift is not None else self.tr("Add a shift"))
        self.name = QLineEdit()
        self.start, self.end = QTimeEdit(QTime(8, 0)), QTimeEdit(QTime(16, 30))
        self.core_start, self.core_end = QTimeEdit(QTime(10, 0)), QTimeEdit(QTime(15, 0))
        for edit in (self.start, self.end, self.core_start, self.core_end):
            edit.setDisplayFormat(clock_format())
        self.break_minutes, self.grace_minutes = QSpinBox(), QSpinBox()
        self.break_minutes.setRange(0, 24 * 60 - 1)
        self.grace_minutes.setRange(0, 240)
        self.flexible = QCheckBox(self.tr("Flexible: a number of hours any time from the start to the end, around a core time"))
        self.hours = QDoubleSpinBox()
        self.hours.setRange(0.25, 23.75)
        self.hours.setSingleStep(0.25)
        self.hours.setValue(8.0)
        self.hours.setSuffix(self.tr(" h"))
        self.flexible.toggled.connect(self._flexible_toggled)
        self.days = [QCheckBox(_weekday(number)) for number in range(7)]
        for box in self.days[:5]:
            box.setChecked(True)
        day_row = QHBoxLayout()
        for box in self.days:
            day_row.addWidget(box)
        core_row = QHBoxLayout()
        for widget in (self.core_start, QLabel(self.tr("to")), self.core_end):
            core_row.addWidget(widget)
        core_row.addStretch(1)
        self.message = StatusLine()
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Start"), self.start)
        form.addRow(self.tr("End (before the start: the next day)"), self.end)
        form.addRow(self.tr("Unpaid break (minutes)"), self.break_minutes)
        form.addRow(self.tr("Grace for late and early (minutes)"), self.grace_minutes)
        form.addRow(self.tr("Days"), day_row)
        form.addRow(self.flexible)
        form.addRow(self.tr("Hours a day (after the break)"), self.hours)
        form.addRow(self.tr("Core time"), core_row)
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
        self.shift_table = RecordTable(self.shift_model, self.tr("No shift yet: punches pair by the open check-in"))
        self.holiday_table = RecordTable(self.holiday_model, self.tr("No holidays this year"))
        self.leave_table = RecordTable(self.leave_model, self.tr("No leave this year"))
        for table in (self.shift_table, self.holiday_table, self.leave_table):
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            table.horizontalHeader().setStretchLastSection(True)
        self.status = StatusLine()
        self.busy = BusyBar()
        self._tasks.progressed.connect(self.busy.show_progress)
        self._tasks.idle.connect(self.busy.hide)

        add_shift = QPushButton(self.tr("Add shift…"))
        add_shift.clicked.connect(self.add_shift_dialog)
        edit_shift = QPushButton(self.tr("Change shift…"))
        edit_shift.clicked.connect(self.edit_shift_dialog)
        self.shift_table.doubleClicked.connect(lambda _index: self.edit_shift_dialog())
        delete_shift = QPushButton(self.tr("Delete shift"))
        delete_shift.clicked.connect(self.delete_selected_shift)
        self.employee_combo, self.department_combo = QComboBox(), QComboBox()
        self.shift_combo, self.department_shift_combo = QComboBox(), QComboBox()
        give = QPushButton(self.tr("Give shift"))
        give.clicked.connect(self.assign_chosen)
        default = QPushButton(self.tr("Set department default"))
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
        shifts_box = QGroupBox(self.tr("Shifts and who works which"))
        shifts_layout = QVBoxLayout(shifts_box)
        shifts_layout.addWidget(self.shift_table, 1)
        shifts_layout.addLayout(shift_buttons)
        shifts_layout.addLayout(assign)

        today = date.today()
        self.holiday_date, self.holiday_name = _date_edit(today), QLineEdit()
        self.holiday_name.setPlaceholderText(self.tr("Holiday name"))
        add_holiday = QPushButton(self.tr("Add holiday"))
        add_holiday.clicked.connect(self.add_holiday)
        import_holidays = QPushButton(self.tr("Import iCalendar…"))
        import_holidays.clicked.connect(self.choose_calendar)
        delete_holiday = QPushButton(self.tr("Delete"))
        delete_holiday.clicked.connect(self.delete_selected_holiday)
        holiday_row = QHBoxLayout()
        for widget in (self.holiday_date, self.holiday_name, add_holiday):
            holiday_row.addWidget(widget)
        holiday_actions = QHBoxLayout()
        holiday_actions.addStretch(1)
        for widget in (import_holidays, delete_holiday):
            holiday_actions.addWidget(widget)
        holidays_box = QGroupBox(self.tr("Company holidays"))
        holidays_layout = QVBoxLayout(holidays_box)
        holidays_layout.addWidget(self.holiday_table, 1)
        holidays_layout.addLayout(holiday_row)
        holidays_layout.addLayout(holiday_actions)

        self.leave_employee = QComboBox()
        self.leave_from, self.leave_to = _date_edit(today), _date_edit(today)
        self.leave_kind = QComboBox()
        for kind in LeaveKind:
            self.leave_kind.addItem(value_text(kind), kind.value)
        self.leave_note = QLineEdit()
        self.leave_note.setPlaceholderText(self.tr("Note"))
        add_leave = QPushButton(self.tr("Add leave"))
        add_leave.clicked.connect(self.add_leave)
        leave_row = QHBoxLayout()
        for widget in (self.leave_employee, self.leave_from, self.leave_to, self.leave_kind, self.leave_note, add_leave):
            leave_row.addWidget(widget)
        delete_leave = QPushButton(self.tr("Delete…"))
        delete_leave.clicked.connect(self.delete_selected_leave)
        leave_actions = QHBoxLayout()
        leave_actions.addStretch(1)
        leave_actions.addWidget(delete_leave)
        leave_box = QGroupBox(self.tr("Leave"))
        leave_layout = QVBoxLayout(leave_box)
        leave_layout.addWidget(self.leave_table, 1)
        leave_layout.addLayout(leave_row)
        leave_layout.addLayout(leave_actions)

        lower = QHBoxLayout()
        lower.addWidget(holidays_box, 1)
        lower.addWidget(leave_box, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Shifts")))
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
        for combo, first in ((self.shift_combo, self.tr("(their department's)")), (self.department_shift_combo, self.tr("(no default)"))):
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
        shift = self._selected(self.shift_table, self.shift_model, self.tr("Choose a shift in the list first."))
        if shift is None:
            return
        dialog = ShiftDialog(self, shift)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.shift is not None:
            self.save_shift(dialog.shift, replace=True)

    def save_shift(self, shift: Shift, *, replace: bool = False) -> None:
        job = partial(self._store.save_shift, shift, actor=ACTOR, replace=replace)
        done = self.tr("Shift {name} changed.") if replace else self.tr("Shift {name} added.")
        self._change(self.tr("Saving"), job, done.format(name=shift.name))

    def _selected(self, table: RecordTable, model: ListTableModel[T], choose: str) -> T | None:
        """The row selected in ``table``; None, and the line ``choose`` shown, when none is."""
        rows = table.selectionModel().selectedRows()
        if not rows:
            self.status.error(choose)
            return None
        return model.row(rows[0].row())

    def delete_selected_shift(self) -> None:
        shift = self._selected(self.shift_table, self.shift_model, self.tr("Choose a shift in the list first."))
        if shift is not None:
            self._change(self.tr("Deleting"), partial(self._store.delete_shift, shift.name, actor=ACTOR),
                         self.tr("Shift {name} deleted; its people have none now.").format(name=shift.name))

    def delete_selected_holiday(self) -> None:
        holiday = self._selected(self.holiday_table, self.holiday_model, self.tr("Choose a holiday in the list first."))
        if holiday is not None:
            self._change(self.tr("Deleting"), partial(self._store.delete_holiday, holiday.day, actor=ACTOR),
                         self.tr("{day} ({name}) is a working day again.").format(day=date_text(holiday.day), name=holiday.name))

    def delete_selected_leave(self) -> None:
        leave = self._selected(self.leave_table, self.leave_model, self.tr("Choose leave in the list first."))
        if leave is None:
            return
        reason = ReasonDialog.ask(self, self.tr("Delete leave"), self.tr("Delete the leave of {code} ({kind}), {first} to {last}? Why?").format(
            code=leave.employee_code, kind=value_text(leave.kind), first=date_text(leave.first), last=date_text(leave.last)))
        if reason:
            self.delete_leave(leave, reason)

    def delete_leave(self, leave: Leave, reason: str) -> None:
        self._change(self.tr("Deleting"), partial(self._store.delete_leave, leave.id, actor=ACTOR, reason=reason),
                     self.tr("The leave of {code} from {first} to {last} was deleted.").format(
                         code=leave.employee_code, first=date_text(leave.first), last=date_text(leave.last)))

    def assign_chosen(self) -> None:
        code, name = self.employee_combo.currentData(), self.shift_combo.currentData()
        if code is None:
            self.status.error(self.tr("Nobody to give a shift to: enrol employees first."))
            return
        self._change(self.tr("Saving"), partial(self._store.assign_shift, name, [code], actor=ACTOR),
                     f"{code}: {name or self.tr('their department’s shift')}.")

    def set_department_default(self) -> None:
        department, name = self.department_combo.currentData(), self.department_shift_combo.currentData()
        if department is None:
            self.status.error(self.tr("No department yet: departments come from the employees."))
            return
        self._change(self.tr("Saving"), partial(self._store.set_department_shift, department, name, actor=ACTOR),
                     f"{department}: {name or self.tr('no default shift')}.")

    def add_holiday(self) -> None:
        day, name = self.holiday_date.date().toPython(), self.holiday_name.text().strip()
        if not name:
            self.status.error(self.tr("Give the holiday a name."))
            return
        self._change(self.tr("Saving"), partial(self._store.add_holiday, day, name, actor=ACTOR), f"{date_text(day)}: {name}.")

    def choose_calendar(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import holidays"), documents_path(), self.tr("iCalendar files (*.ics);;All files (*)"))
        if path:
            self.import_calendar(Path(path))

    def import_calendar(self, path: Path) -> None:
        job = partial(import_holidays, self._store, path, actor=ACTOR)
        self._tasks.submit(self.tr("Importing"), job, lambda days: self._changed(
            self.tr("%Ln holiday(s) imported from {file}.", "", len(days)).format(file=path.name)), self.status.error)

    def add_leave(self) -> None:
        code = self.leave_employee.currentData()
        if code is None:
            self.status.error(self.tr("Nobody to record leave for: enrol employees first."))
            return
        first, last = self.leave_from.date().toPython(), self.leave_to.date().toPython()
        kind, note = LeaveKind(self.leave_kind.currentData()), self.leave_note.text().strip() or None
        self._change(self.tr("Saving"), partial(self._store.add_leave, code, first, last, kind, note, actor=ACTOR),
                     self.tr("{code}: {kind}, {first} to {last}.").format(
                         code=code, kind=value_text(kind), first=date_text(first), last=date_text(last)))
