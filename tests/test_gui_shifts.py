"""The Shifts page: shifts, who works which, holidays (by hand and from an iCalendar file) and leave, each change
made on the task thread and audited."""
from __future__ import annotations

from datetime import date, time
from pathlib import Path

from attendance.records import LeaveKind
from attendance.shifts import Shift
from core.config import AppConfig
from gui.context import GuiContext
from gui.shifts_page import ShiftDialog, ShiftsPage
from services.runtime import Runtime

WAIT_MS = 20_000


def test_the_shifts_page_adds_assigns_and_records_days_off(qtbot, tmp_path: Path):
    runtime = Runtime(AppConfig(data_dir=tmp_path))
    store = runtime.store
    store.add_employee("ann", "Ann Lee", "Night desk")
    page = ShiftsPage(GuiContext(runtime, tmp_path / "kiosk.toml", "0"))
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.employee_combo.count() == 1, timeout=WAIT_MS)

    dialog = ShiftDialog(page)
    dialog.name.setText("night")
    dialog.start.setTime(dialog.start.time().fromString("22:00", "HH:mm"))
    dialog.end.setTime(dialog.end.time().fromString("06:00", "HH:mm"))
    for box in dialog.days:
        box.setChecked(True)
    dialog._check()
    assert dialog.shift == Shift("night", time(22), time(6), weekdays=frozenset(range(7)))
    page.save_shift(dialog.shift)
    qtbot.waitUntil(lambda: page.shift_model.rowCount() == 1 and page.shift_combo.count() == 2, timeout=WAIT_MS)
    assert page.shift_model.row(0).overnight

    page.department_combo.setCurrentIndex(page.department_combo.findData("Night desk"))
    page.department_shift_combo.setCurrentIndex(page.department_shift_combo.findData("night"))
    page.set_department_default()
    qtbot.waitUntil(lambda: "Night desk: night" in page.status.text(), timeout=WAIT_MS)
    assert store.shift_of(store.get_employee_by_code("ann").id).name == "night"

    page.holiday_name.setText("Christmas Day")
    page.holiday_date.setDate(page.holiday_date.date().fromString("2026-12-25", "yyyy-MM-dd"))
    page.add_holiday()
    calendar = tmp_path / "more.ics"
    calendar.write_bytes(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20261226\r\n"
                         b"SUMMARY:Boxing Day\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    page.import_calendar(calendar)
    qtbot.waitUntil(lambda: "1 holiday imported" in page.status.text(), timeout=WAIT_MS)
    assert [h.day for h in store.holidays(date(2026, 12, 1), date(2026, 12, 31))] == [date(2026, 12, 25), date(2026, 12, 26)]

    page.leave_kind.setCurrentText(LeaveKind.SICK.value)
    page.leave_note.setText("flu")
    page.add_leave()
    qtbot.waitUntil(lambda: page.leave_model.rowCount() == 1, timeout=WAIT_MS)
    assert (page.leave_model.row(0).employee_code, page.leave_model.row(0).kind) == ("ann", LeaveKind.SICK)
    actions = {entry.action for entry in store.audit_log()}
    assert {"add_shift", "department_shift", "add_holiday", "add_leave"} <= actions
    (tmp_path / "bad.ics").write_text("not a calendar")
    page.import_calendar(tmp_path / "bad.ics")
    qtbot.waitUntil(lambda: "not an iCalendar file" in page.status.text(), timeout=WAIT_MS)
    runtime.close()


def test_a_shift_is_changed_to_flexible_and_days_off_are_deleted(qtbot, tmp_path: Path, monkeypatch):
    from attendance.shifts import Flex
    from gui.attendance_dialogs import ReasonDialog

    runtime = Runtime(AppConfig(data_dir=tmp_path))
    store = runtime.store
    store.add_employee("ann", "Ann Lee", "Office")
    store.save_shift(Shift("office", time(8), time(16, 30), break_minutes=30), actor="admin")
    year = date.today().year
    store.add_holiday(date(year, 12, 25), "Christmas Day", actor="admin")
    store.add_leave("ann", date(year, 12, 21), date(year, 12, 22), LeaveKind.VACATION, None, actor="admin")
    page = ShiftsPage(GuiContext(runtime, tmp_path / "kiosk.toml", "0"))
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.leave_model.rowCount() == 1, timeout=WAIT_MS)

    dialog = ShiftDialog(page, page.shift_model.row(0))  # opened on the shift, as "Change shift…" does
    assert (dialog.name.text(), dialog.name.isReadOnly(), dialog.hours.isEnabled()) == ("office", True, False)
    dialog.flexible.setChecked(True)
    dialog.end.setTime(dialog.end.time().fromString("19:00", "HH:mm"))
    dialog.hours.setValue(7.5)
    dialog._check()
    assert dialog.shift == Shift("office", time(8), time(19), break_minutes=30, flex=Flex(450, time(10), time(15)))
    page.save_shift(dialog.shift, replace=True)
    qtbot.waitUntil(lambda: "Shift office changed." in page.status.text(), timeout=WAIT_MS)
    assert store.shifts()[0].flex == Flex(450, time(10), time(15))
    qtbot.waitUntil(lambda: page.shift_model.row(0).flex is not None, timeout=WAIT_MS)
    assert page.shift_model.index(0, 6).data() == "7:30 h, core 10:00-15:00"

    page.delete_selected_holiday()  # nothing chosen: said, nothing deleted
    assert "Choose a holiday" in page.status.text()
    page.holiday_table.selectRow(0)
    page.delete_selected_holiday()
    qtbot.waitUntil(lambda: page.holiday_model.rowCount() == 0, timeout=WAIT_MS)
    page.leave_table.selectRow(0)
    monkeypatch.setattr(ReasonDialog, "ask", staticmethod(lambda *_args: "entered twice"))
    page.delete_selected_leave()
    qtbot.waitUntil(lambda: page.leave_model.rowCount() == 0, timeout=WAIT_MS)
    assert not store.holidays(date(year, 1, 1), date(year, 12, 31))
    actions = [entry.action for entry in store.audit_log()]
    assert {"edit_shift", "delete_holiday", "delete_leave"} <= set(actions)
    runtime.close()
