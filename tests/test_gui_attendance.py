"""The attendance page: a lazy log model over 120k events, filters, corrections with audit, summary, chart, export."""
from __future__ import annotations

import csv
import threading
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import event, insert

from attendance.events import AttendanceEvent, PresentationAttack
from attendance.models import EventRow
from attendance.records import EventFilter, EventRecord
from attendance.store import AttendanceStore
from core.config import AppConfig, AttendanceSettings
from gui.attendance_dialogs import ManualEvent, ManualEventDialog, ReasonDialog
from gui.attendance_model import AttendanceModel
from gui.attendance_page import AttendancePage
from gui.context import GuiContext
from services.runtime import Runtime
from tests.conftest import enrolled

ZONE = "Europe/Berlin"
TZ = ZoneInfo(ZONE)
EMPLOYEES = 50
DAYS = 600
PUNCHES = (("in", 8, 0), ("in", 8, 7), ("out", 17, 0), ("out", 17, 7))  # per employee and day
TOTAL = EMPLOYEES * DAYS * len(PUNCHES)  # 120,000
WAIT_MS = 30_000


def runtime_at(data_dir: Path) -> Runtime:
    return Runtime(AppConfig(data_dir=data_dir, attendance=AttendanceSettings(timezone=ZONE)))


def add_people(store: AttendanceStore, count: int) -> None:
    for n in range(count):
        store.add_employee(f"E{n:03d}", f"Person {n:03d}", f"Dept {n % 5}")


def bulk_events(runtime: Runtime, days: int) -> None:
    """Four punches a day for every employee over the last ``days`` local days, in one executemany."""
    employees = runtime.store.list_employees()
    today = datetime.now(TZ).date()
    rows = []
    for back in range(days):
        day = today - timedelta(days=back)
        for n, employee in enumerate(employees):
            for kind, hour, minute in PUNCHES:
                at = datetime.combine(day, clock(hour, minute), TZ)
                rows.append({
                    "employee_id": employee.id, "kind": kind, "at": at,
                    "utc_offset_min": int(at.utcoffset().total_seconds() // 60), "similarity": 0.8, "margin": 0.1,
                    "kiosk_id": f"kiosk-{n % 3}", "voided": False, "source": "auto", "created": at,
                })
    with runtime.database.engine.begin() as connection:
        connection.execute(insert(EventRow), rows)


@pytest.fixture(scope="module")
def big_runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runtime]:
    """120,000 events: 50 employees (5 departments, 3 kiosks), 4 punches a day for 600 days."""
    runtime = runtime_at(tmp_path_factory.mktemp("big"))
    add_people(runtime.store, EMPLOYEES)
    bulk_events(runtime, DAYS)
    yield runtime
    runtime.database.close()


@pytest.fixture
def small_runtime(tmp_path: Path) -> Iterator[Runtime]:
    """3 employees with a week of punches, for tests that change the log."""
    runtime = runtime_at(tmp_path)
    add_people(runtime.store, 3)
    bulk_events(runtime, 7)
    yield runtime
    runtime.database.close()


def open_page(qtbot, runtime: Runtime, tmp_path: Path) -> AttendancePage:
    page = AttendancePage(GuiContext(runtime, tmp_path / "kiosk.toml", source="0"))
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.summaryReady, timeout=WAIT_MS):
        page.show()
        page.refresh()  # as the main window does when it shows a page
    settle(qtbot, page)
    return page


def settle(qtbot, page: AttendancePage) -> None:
    """Wait until the log, summary and audit log shown are the newest."""
    qtbot.waitUntil(lambda: not page.loading, timeout=WAIT_MS)


def apply(qtbot, page: AttendancePage) -> None:
    page.apply_filters()
    settle(qtbot, page)


def filtered(qtbot, model: AttendanceModel, wanted: EventFilter) -> None:
    with qtbot.waitSignal(model.loaded, timeout=WAIT_MS):
        model.set_filter(wanted)


def event_at(qtbot, model: AttendanceModel, row: int) -> EventRecord:
    """The event of ``row``, once its page has arrived (a view would repaint then)."""
    qtbot.waitUntil(lambda: model.event_at(row) is not None, timeout=WAIT_MS)
    return model.event_at(row)


def events_shown(qtbot, model: AttendanceModel, rows: range) -> list[EventRecord]:
    return [event_at(qtbot, model, r) for r in rows]


def set_days(page: AttendancePage, first: date, last: date) -> None:
    page.from_date.setDate(QDate(first.year, first.month, first.day))
    page.to_date.setDate(QDate(last.year, last.month, last.day))


def choose(combo, value: str) -> None:
    combo.setCurrentIndex(combo.findData(value))


def test_model_pages_lazily_over_120k_events(qtbot, big_runtime):
    model = AttendanceModel(big_runtime.store, TZ, page_size=500)
    assert model.rowCount() == 0
    with qtbot.waitSignal(model.loaded, timeout=WAIT_MS) as loaded:
        model.set_filter(EventFilter())
        assert model.rowCount() == 0  # counted on the loader thread, not here
    assert loaded.args == [TOTAL] and model.rowCount() == TOTAL
    first = model.index(0, 0).data()
    assert first and model.page_loads == 1  # the first page came with the count
    assert model.index(TOTAL - 1, 0).data() is None  # not here yet: asked for
    with qtbot.waitSignal(model.dataChanged, timeout=WAIT_MS) as changed:
        pass
    assert changed.args[0].row() == TOTAL - 500 and changed.args[1].row() == TOTAL - 1
    assert model.index(TOTAL - 1, 0).data() and model.page_loads == 2
    assert model.event_at(499) is not None and model.page_loads == 2  # same page as row 0: cached
    assert model.event_at(TOTAL) is None
    newest, oldest = model.event_at(0), model.event_at(TOTAL - 1)
    assert newest.at >= oldest.at  # newest first by default


def test_model_keeps_a_bounded_window_of_pages(qtbot, big_runtime):
    model = AttendanceModel(big_runtime.store, TZ, page_size=100, max_pages=3)
    filtered(qtbot, model, EventFilter(employee_code="E007"))
    for row in range(0, 1000, 100):
        assert event_at(qtbot, model, row).employee_code == "E007"
    assert model.cached_pages == 3 and model.page_loads == 10


def test_a_superseded_filter_is_never_shown(qtbot, big_runtime):
    model = AttendanceModel(big_runtime.store, TZ)
    totals: list[int] = []
    model.loaded.connect(totals.append)
    model.set_filter(EventFilter())
    filtered(qtbot, model, EventFilter(employee_code="E007"))
    assert totals == [DAYS * len(PUNCHES)] and model.rowCount() == DAYS * len(PUNCHES)
    assert model.event_at(0).employee_code == "E007"


def test_the_gui_thread_runs_no_query_for_filters_and_scrolling(qtbot, big_runtime, tmp_path):
    page = open_page(qtbot, big_runtime, tmp_path)
    threads: list[bool] = []

    def record(*_args) -> None:
        threads.append(threading.current_thread() is threading.main_thread())

    event.listen(big_runtime.database.engine, "before_cursor_execute", record)
    try:
        today = datetime.now(TZ).date()
        set_days(page, today - timedelta(days=DAYS + 10), today)
        choose(page.department_combo, "Dept 2")
        apply(qtbot, page)
        page.table.scrollToBottom()
        page.table.viewport().repaint()  # asks for the last page
        qtbot.waitUntil(lambda: page.model.event_at(page.model.rowCount() - 1) is not None, timeout=WAIT_MS)
        page.table.viewport().repaint()
    finally:
        event.remove(big_runtime.database.engine, "before_cursor_execute", record)
    assert len(threads) >= 4 and not any(threads)  # count, pages, summary, audit: all off the GUI thread


def test_a_timesheet_of_600_days_over_120k_events_loads_off_the_gui_thread_which_keeps_running(qtbot, big_runtime, tmp_path):
    """30,000 shift occurrences and as many unscheduled days: every query on the task thread, and the GUI
    thread's own timer keeps firing meanwhile (the window repaints, buttons answer)."""
    from PySide6.QtCore import QTimer

    from attendance.shifts import Shift
    from attendance.timesheet import DayStatus
    from gui.attendance_page import TIMESHEET_TAB

    store = big_runtime.store
    store.save_shift(Shift("office", clock(8), clock(17), break_minutes=60, weekdays=frozenset(range(7))), actor="admin")
    store.set_department_shift("Dept 1", "office", actor="admin")
    page = open_page(qtbot, big_runtime, tmp_path)
    page.tabs.setCurrentIndex(next(i for i in range(page.tabs.count()) if page.tabs.tabText(i) == TIMESHEET_TAB))
    threads: list[bool] = []
    ticks: list[int] = []
    timer = QTimer(interval=20)
    timer.timeout.connect(lambda: ticks.append(len(threads)))

    def record(*_args) -> None:
        threads.append(threading.current_thread() is threading.main_thread())

    event.listen(big_runtime.database.engine, "before_cursor_execute", record)
    try:
        today = datetime.now(TZ).date()
        set_days(page, today - timedelta(days=DAYS - 1), today - timedelta(days=1))
        timer.start()
        apply(qtbot, page)
        timer.stop()
    finally:
        event.remove(big_runtime.database.engine, "before_cursor_execute", record)
        store.delete_shift("office", actor="admin")
    rows = page.timesheet_model.rows
    assert len(rows) == EMPLOYEES * (DAYS - 1)  # a row per person per day: by shift (Dept 1) or unscheduled
    shifted = [r for r in rows if r.shift == "office"]
    assert len(shifted) == EMPLOYEES // 5 * (DAYS - 1) and {r.status for r in shifted} == {DayStatus.PRESENT}
    assert {(r.worked_minutes, r.overtime_minutes) for r in shifted} == {(8 * 60 + 7, 7)}  # 08:00 to 17:07 less the hour's break
    assert threads and not any(threads)
    assert len(set(ticks)) > 1  # the GUI thread ran its timer while the queries went on


def test_page_shows_120k_events_without_loading_them(qtbot, big_runtime, tmp_path):
    page = open_page(qtbot, big_runtime, tmp_path)
    assert page.model.rowCount() == 31 * EMPLOYEES * len(PUNCHES)  # the last 30 days and today
    today = datetime.now(TZ).date()
    set_days(page, today - timedelta(days=DAYS + 10), today)
    apply(qtbot, page)
    page.table.viewport().repaint()
    assert page.model.rowCount() == TOTAL
    assert "120,000" in page.count_label.text()
    assert page.model.page_loads <= 2  # only what the view shows


def test_filters_narrow_the_log(qtbot, big_runtime, tmp_path):
    page = open_page(qtbot, big_runtime, tmp_path)
    today = datetime.now(TZ).date()
    set_days(page, today - timedelta(days=DAYS), today)
    choose(page.employee_combo, "E007")
    apply(qtbot, page)
    assert page.model.rowCount() == DAYS * len(PUNCHES)
    shown = events_shown(qtbot, page.model, range(0, DAYS * len(PUNCHES), 97))
    assert {e.employee_code for e in shown} == {"E007"}
    choose(page.employee_combo, None)
    choose(page.department_combo, "Dept 1")
    apply(qtbot, page)
    assert page.model.rowCount() == TOTAL // 5
    choose(page.kiosk_combo, "kiosk-0")
    apply(qtbot, page)
    department_1_at_kiosk_0 = sum(1 for n in range(EMPLOYEES) if n % 5 == 1 and n % 3 == 0)
    assert page.model.rowCount() == department_1_at_kiosk_0 * DAYS * len(PUNCHES)
    set_days(page, today - timedelta(days=3), today - timedelta(days=3))
    apply(qtbot, page)
    assert page.model.rowCount() == department_1_at_kiosk_0 * len(PUNCHES)
    days = {e.at.date() for e in events_shown(qtbot, page.model, range(page.model.rowCount()))}
    assert days == {today - timedelta(days=3)}


def test_daily_summary_and_chart(qtbot, big_runtime, tmp_path):
    page = open_page(qtbot, big_runtime, tmp_path)
    today = datetime.now(TZ).date()
    shown: list[int] = []
    page.summaryReady.connect(shown.append)
    set_days(page, today - timedelta(days=DAYS), today)
    page.apply_filters()  # 120k events to summarise, superseded at once:
    choose(page.employee_combo, "E002")
    set_days(page, today - timedelta(days=9), today - timedelta(days=1))
    with qtbot.waitSignal(page.summaryReady, timeout=WAIT_MS) as ready:
        page.apply_filters()
    assert ready.args == [9] and shown == [9]  # the stale summary was dropped
    rows = page.summary_model.rows
    assert [s.date for s in rows] == [today - timedelta(days=d) for d in range(9, 0, -1)]
    texts = [page.summary_model.index(0, c).data() for c in range(page.summary_model.columnCount())]
    assert texts[1:] == ["E002", "Person 002", "Dept 2", "08:00:00", "17:07:00", "9:07", "4"]
    assert page.chart.days == 9
    page.chart.canvas.draw()
    assert len(page.chart.axes.patches) == 9


def test_export_csv_and_xlsx(qtbot, big_runtime, tmp_path):
    page = open_page(qtbot, big_runtime, tmp_path)
    today = datetime.now(TZ).date()
    choose(page.department_combo, "Dept 3")
    set_days(page, today - timedelta(days=2), today - timedelta(days=1))
    apply(qtbot, page)
    people = EMPLOYEES // 5
    with qtbot.waitSignal(page.exported, timeout=WAIT_MS) as done:
        page.export(tmp_path / "out" / "report.csv")
    summary_csv, events_csv, attacks_csv = (Path(p) for p in done.args[0][:3])  # and the record's, once it has a head
    assert attacks_csv.name == "report_attacks.csv"
    with summary_csv.open(encoding="utf-8-sig") as file:
        summary = list(csv.DictReader(file))
    with events_csv.open(encoding="utf-8-sig") as file:
        events = list(csv.DictReader(file))
    assert len(summary) == 2 * people and {row["Department"] for row in summary} == {"Dept 3"}
    assert len(events) == 2 * people * len(PUNCHES)
    with qtbot.waitSignal(page.exported, timeout=WAIT_MS) as done:
        page.export(tmp_path / "out" / "report.xlsx")
    workbook = load_workbook(done.args[0][0], read_only=True)
    assert workbook["Summary"].max_row == 1 + 2 * people
    assert workbook["Events"].max_row == 1 + 2 * people * len(PUNCHES)
    assert "Exported" in page.status.text()


def test_export_error_is_one_line(qtbot, small_runtime, tmp_path):
    page = open_page(qtbot, small_runtime, tmp_path)
    with qtbot.waitSignal(page._tasks.idle, timeout=WAIT_MS):
        page.export(tmp_path / "report.pdf")
    assert page.status.is_error and "must end in .csv or .xlsx" in page.status.text()
    assert "\n" not in page.status.text()


def test_void_with_reason_is_audited_and_hidden(qtbot, small_runtime, tmp_path):
    page = open_page(qtbot, small_runtime, tmp_path)
    before = page.model.rowCount()
    page.table.selectRow(0)
    event = page.selected_event()
    assert page.void_button.isEnabled()
    with qtbot.waitSignal(page.logChanged, timeout=WAIT_MS):
        page.void_event(event.id, "recognised the wrong person")
    settle(qtbot, page)
    assert page.model.rowCount() == before - 1
    assert event.id not in {e.id for e in events_shown(qtbot, page.model, range(page.model.rowCount()))}
    audit = small_runtime.store.audit_log(target_table="attendance_events", target_id=event.id)
    assert [(a.action, a.actor, a.reason) for a in audit] == [("void_event", "admin", "recognised the wrong person")]
    assert page.audit_model.row(0).action == "void_event"
    page.voided_box.setChecked(True)
    apply(qtbot, page)
    assert page.model.rowCount() == before
    voided = [e for e in events_shown(qtbot, page.model, range(before)) if e.voided]
    assert [e.id for e in voided] == [event.id]


def test_manual_event_appears_and_is_audited(qtbot, small_runtime, tmp_path):
    page = open_page(qtbot, small_runtime, tmp_path)
    before = page.model.rowCount()
    at = datetime.combine(datetime.now(TZ).date() - timedelta(days=1), clock(19, 30), TZ)
    with qtbot.waitSignal(page.logChanged, timeout=WAIT_MS):
        page.add_manual_event(ManualEvent("E001", "out", at, "forgot to check out"))
    settle(qtbot, page)
    assert page.model.rowCount() == before + 1
    manual = [e for e in events_shown(qtbot, page.model, range(before + 1)) if e.source == "manual"]
    assert len(manual) == 1 and manual[0].at == at and manual[0].kind == "out"
    audit = small_runtime.store.audit_log(target_table="attendance_events")
    assert audit[0].action == "add_manual_event" and audit[0].reason == "forgot to check out"
    assert "Added a check-out for E001." in page.status.text()


def test_presentation_attacks_are_listed_for_review(qtbot, small_runtime, tmp_path):
    employee = small_runtime.store.get_employee_by_code("E001")
    at = datetime.combine(datetime.now(TZ).date() - timedelta(days=1), clock(9, 15), TZ)
    small_runtime.store.add_attack(PresentationAttack(at, "kiosk-0", 7, 0.04, 6, employee.id, 0.68))
    page = open_page(qtbot, small_runtime, tmp_path)
    assert page.attack_model.rowCount() == 1
    texts = [page.attack_model.index(0, c).data() for c in range(page.attack_model.columnCount())]
    assert texts[1:] == ["kiosk-0", "Person 001 (E001)", "0.68", "0.04", "6", "7"]
    assert page.tabs.tabText(page.tabs.indexOf(page.attack_table)) == "Presentation attacks (1)"


def test_corrections_need_a_reason(qtbot, small_runtime):
    reason = ReasonDialog("Void", "Void this event?")
    qtbot.addWidget(reason)
    ok = reason.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    reason.reason_edit.setPlainText("  duplicate  ")
    assert ok.isEnabled() and reason.reason == "duplicate"
    dialog = ManualEventDialog(small_runtime.store.list_employees(), TZ)
    qtbot.addWidget(dialog)
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    dialog.reason_edit.setPlainText("card reader broken")
    dialog.employee_combo.setCurrentIndex(2)
    dialog.kind_combo.setCurrentIndex(1)
    manual = dialog.event_to_add()
    assert (manual.code, manual.kind, manual.reason) == ("E002", "out", "card reader broken")
    assert manual.at.tzinfo is TZ


def test_the_page_shows_whether_the_record_is_intact(qtbot, tmp_path):
    import sqlite3

    runtime = runtime_at(tmp_path)
    enrolled(runtime.store, "E000", "Person 000")
    employee = enrolled(runtime.store, "E001", "Person 001")
    at = datetime.combine(datetime.now(TZ).date(), clock(8, 0), TZ)
    runtime.store.add_event(AttendanceEvent(employee.id, "in", at, 0.8, 0.1, "kiosk-0", 1, "r"))
    page = open_page(qtbot, runtime, tmp_path)
    # the event and the enrolments' audit rows
    assert page.record_line.text() == "Attendance record verified: 7 chained rows, none changed outside the app."
    assert not page.record_line.is_error
    with sqlite3.connect(tmp_path / "kiosk.db") as connection:
        connection.execute("UPDATE attendance_events SET employee_id = (SELECT id FROM employees WHERE code = 'E000')")
    page.refresh()
    settle(qtbot, page)
    assert page.record_line.is_error and "attendance event 1 was changed after it was written" in page.record_line.text()
    runtime.database.close()


@pytest.mark.parametrize("days", [1, 30, 365])
def test_the_chart_has_a_day_axis_for_a_day_a_month_and_a_year(qtbot, days):
    """One bar per day on an axis of whole days: a single day is one narrow bar in a week, not a full-width
    bar on an hourly axis; a month shows day ticks; a year shows month ticks, at most 12."""
    import matplotlib.dates as mdates

    from attendance.report import DaySummary
    from gui.attendance_page import DailyChart

    chart = DailyChart()
    qtbot.addWidget(chart)
    first = date(2026, 1, 5)
    chart.plot([DaySummary(first + timedelta(days=d), "E1", "Ann", None, None, None, None, 1) for d in range(days)])
    chart.canvas.draw()
    low, high = chart.axes.get_xlim()
    assert high - low >= max(days, 7) and len(chart.axes.patches) == days
    ticks = [mdates.num2date(t) for t in chart.axes.get_xticks()]
    assert all((t.hour, t.minute) == (0, 0) for t in ticks) and 2 <= len(ticks) <= 13
    widths = {round(patch.get_width(), 2) for patch in chart.axes.patches}
    assert max(widths) <= 1.0  # a bar is a day wide at most
    if days == 365:
        assert all(t.day == 1 for t in ticks)  # months


def test_empty_tabs_say_they_are_empty(qtbot):
    from gui.widgets import Column, ListTableModel, RecordTable

    model: ListTableModel[str] = ListTableModel((Column("What", str),))
    table = RecordTable(model, "No presentation attacks in this period")
    qtbot.addWidget(table)
    table.resize(400, 200)
    assert table.showing_empty_text
    empty = table.grab().toImage()
    model.set_rows(["one"])
    assert not table.showing_empty_text and table.grab().toImage() != empty


def test_a_direction_override_in_a_name_is_shown_not_obeyed(qtbot, tmp_path, capsys):
    """"\u202eevil" would show as "live" reversed and flip the rest of the line: the admin sees the mark."""
    from cli.app import main
    from gui.widgets import Column, ListTableModel

    model: ListTableModel[str] = ListTableModel((Column("Name", str),))
    model.set_rows(["Ann \u202egnp.exe"])
    assert model.index(0, 0).data() == "Ann <U+202E>gnp.exe"
    runtime = runtime_at(tmp_path)
    runtime.store.add_employee("E1", "Ann \u202egnp.exe")
    runtime.close()
    assert main(["--data-dir", str(tmp_path), "employees", "list"]) == 0
    assert "Ann <U+202E>gnp.exe" in capsys.readouterr().out


def test_the_timesheet_the_queue_to_correct_and_who_is_in_show_on_their_tabs(qtbot, tmp_path):
    """A night worker's shift is one timesheet row; a night's open check-in and a night without punches are in
    the queue to correct; someone checked in an hour ago is in the building. All loaded off the GUI thread."""
    from datetime import time as clock_time

    from attendance.shifts import Shift
    from gui.attendance_page import EXCEPTIONS_TAB, PRESENT_TAB

    runtime = runtime_at(tmp_path)
    store = runtime.store
    store.add_employee("ann", "Ann Lee", "Night desk")
    store.add_employee("bob", "Bob Ray", "Sales")
    store.save_shift(Shift("night", clock_time(22), clock_time(6), weekdays=frozenset(range(7))), actor="admin")
    store.assign_shift("night", ["ann"], actor="admin")
    today = datetime.now(TZ).date()
    first_night = today - timedelta(days=4)  # its three nights are past their windows (end + 4 h), whatever the hour
    for kind, when in (("in", datetime.combine(first_night, clock_time(21, 55), TZ)),
                       ("out", datetime.combine(first_night + timedelta(days=1), clock_time(6, 5), TZ)),
                       ("in", datetime.combine(first_night + timedelta(days=1), clock_time(22), TZ))):
        store.add_manual_event("ann", kind, when, reason="test", actor="admin")
    store.add_manual_event("bob", "in", datetime.now(TZ) - timedelta(hours=1), reason="test", actor="admin")
    page = open_page(qtbot, runtime, tmp_path)
    page.from_date.setDate(QDate(first_night.year, first_night.month, first_night.day))
    third_night = first_night + timedelta(days=2)  # last night's shift may still be open: not the test's
    page.to_date.setDate(QDate(third_night.year, third_night.month, third_night.day))
    apply(qtbot, page)
    night = next(r for r in page.timesheet_model.rows if r.person.code == "ann" and r.day == first_night)
    assert (night.worked_minutes, night.status.value) == (490, "present")
    assert [(e.row.person.code, e.row.day, e.kind.value) for e in page.exception_model.rows] == [  # newest first
        ("ann", first_night + timedelta(days=2), "absent without leave"), ("ann", first_night + timedelta(days=1), "missing check-out")]
    assert [p.code for p in page.present_model.rows] == ["bob"]
    assert page.tabs.tabText(page.tabs.indexOf(page.exception_table)) == f"{EXCEPTIONS_TAB} (2)"
    assert page.tabs.tabText(page.tabs.indexOf(page.present_table)) == f"{PRESENT_TAB} (1)"
    page.newest_box.setChecked(False)
    page.department_combo.setCurrentIndex(page.department_combo.findData("Sales"))
    page.to_date.setDate(QDate(today.year, today.month, today.day))
    apply(qtbot, page)
    assert [r.person.code for r in page.timesheet_model.rows] == ["bob"]  # the department chosen only
    assert [p.code for p in page.present_model.rows] == ["bob"] and not page.exception_model.rows
    assert page.tabs.tabText(page.tabs.indexOf(page.exception_table)) == EXCEPTIONS_TAB
    page.department_combo.setCurrentIndex(page.department_combo.findData("Night desk"))
    page.to_date.setDate(QDate(third_night.year, third_night.month, third_night.day))
    apply(qtbot, page)
    assert [e.row.day for e in page.exception_model.rows] == [first_night + timedelta(days=1), third_night]
    assert not page.present_model.rows
    runtime.database.close()


def test_a_pay_period_sets_the_days_shown(qtbot, tmp_path):
    from attendance.periods import PayPeriod

    runtime = runtime_at(tmp_path)
    page = open_page(qtbot, runtime, tmp_path)
    index = page.period_combo.findData(PayPeriod.LAST_MONTH)
    page.period_combo.activated.emit(index)
    first, last = PayPeriod.LAST_MONTH.days(datetime.now(runtime.config.attendance.zone).date())
    assert (page.from_date.date().toPython(), page.to_date.date().toPython()) == (first, last)
    assert page.period_combo.currentIndex() == 0  # ready for the next choice
    apply(qtbot, page)
    runtime.database.close()
