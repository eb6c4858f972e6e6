"""The employees page: search, edit, deactivate, re-enrol request, erase face data, delete with confirmation."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtWidgets import QMessageBox

from attendance.records import AttendanceEvent, EventFilter
from core.config import AppConfig
from gui.context import GuiContext
from gui.employees_page import EmployeeDialog, EmployeeEdit, EmployeesPage
from services.runtime import Runtime

WAIT_MS = 10_000
Answer = QMessageBox.StandardButton


def vectors(n: int, seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(n, 8)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def png(shade: int) -> bytes:
    return cv2.imencode(".png", np.full((112, 112, 3), shade, np.uint8))[1].tobytes()


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[Runtime]:
    runtime = Runtime(AppConfig(data_dir=tmp_path))
    store = runtime.store
    consent = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
    store.enrol("A1", "Ada Lovelace", "Research", "r", vectors(2, 1), np.ones(2), consent_at=consent)
    store.enrol("B2", "Brian Kernighan", "Tools", "r", vectors(3, 2), np.ones(3), photos=[png(60), png(90), png(120)])
    store.enrol("C3", "Claude Shannon", "Research", "r", vectors(1, 3), np.ones(1))
    yield runtime
    runtime.database.close()


@pytest.fixture
def page(qtbot, runtime: Runtime, tmp_path: Path) -> EmployeesPage:
    page = EmployeesPage(GuiContext(runtime, tmp_path / "kiosk.toml", source="0"))
    qtbot.addWidget(page)
    page.show()
    page.refresh()  # as the main window does when it shows a page
    settle(qtbot, page)
    return page


def settle(qtbot, page: EmployeesPage) -> None:
    qtbot.waitUntil(lambda: not page.loading, timeout=WAIT_MS)


def select(qtbot, page: EmployeesPage, code: str) -> None:
    assert page.select_code(code)
    settle(qtbot, page)  # the kept photos load on the task thread


def answer(monkeypatch, *replies: QMessageBox.StandardButton) -> list[str]:
    """Make QMessageBox.question give ``replies`` in turn; returns the questions' titles as asked."""
    asked: list[str] = []
    queue = list(replies)

    def question(parent, title, text, *args):
        asked.append(title)
        return queue.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def codes(page: EmployeesPage) -> list[str]:
    return [e.code for e in page.model.rows]


def test_lists_and_searches(qtbot, page):
    assert codes(page) == ["A1", "B2", "C3"]
    texts = [page.model.index(0, c).data() for c in range(page.model.columnCount())]
    assert texts[:5] == ["A1", "Ada Lovelace", "Research", "active", "2"]
    assert texts[5].startswith("05/01/2026")
    page.search_edit.setText("research")
    qtbot.waitUntil(lambda: codes(page) == ["A1", "C3"], timeout=WAIT_MS)
    assert "2 employees found" in page.count_label.text()
    page.search_edit.setText("kernig")
    qtbot.waitUntil(lambda: codes(page) == ["B2"], timeout=WAIT_MS)


def test_actions_follow_the_selection(qtbot, page):
    assert not page.edit_button.isEnabled() and not page.delete_button.isEnabled()
    select(qtbot, page, "B2")
    assert page.edit_button.isEnabled() and page.selected_employee().code == "B2"
    assert page.photos.count() == 3 and page.photos.isVisibleTo(page)  # B2's kept aligned crops
    select(qtbot, page, "A1")
    assert page.photos.count() == 0 and not page.photos.isVisibleTo(page)
    page.select_code("B2")
    page.select_code("A1")  # before B2's photos arrive: they are not shown
    settle(qtbot, page)
    assert page.photos.count() == 0


def test_edit_name_and_department(qtbot, page, runtime, monkeypatch):
    page.select_code("A1")
    monkeypatch.setattr(EmployeeDialog, "ask", staticmethod(lambda *a: EmployeeEdit("Ada King", None)))
    with qtbot.waitSignal(page.employeesChanged, timeout=WAIT_MS):
        page.edit_selected()
    employee = runtime.store.get_employee_by_code("A1")
    assert (employee.name, employee.department) == ("Ada King", None)
    assert page.selected_employee().name == "Ada King"
    assert runtime.store.audit_log(target_table="employees")[0].action == "update_employee"


def test_edit_dialog_needs_a_name(qtbot, runtime):
    dialog = EmployeeDialog(runtime.store.get_employee_by_code("A1"), ["Research", "Tools"])
    qtbot.addWidget(dialog)
    ok = dialog.buttons.buttons()[0]
    dialog.name_edit.setText("  ")
    assert not ok.isEnabled()
    dialog.name_edit.setText(" Ada King ")
    dialog.department_edit.setCurrentText("Tools")
    assert dialog.edit() == EmployeeEdit("Ada King", "Tools")


def test_deactivate_and_activate(qtbot, page, runtime):
    page.select_code("C3")
    assert page.active_button.text() == "Deactivate"
    with qtbot.waitSignal(page.employeesChanged, timeout=WAIT_MS):
        page.toggle_active_selected()
    assert not runtime.store.get_employee_by_code("C3").active
    assert page.active_button.text() == "Activate"
    assert page.model.index(2, 3).data() == "inactive"
    assert set(runtime.store.load_gallery("r").employee_ids.tolist()) == {1, 2}  # left out of recognition
    with qtbot.waitSignal(page.employeesChanged, timeout=WAIT_MS):
        page.toggle_active_selected()
    assert runtime.store.get_employee_by_code("C3").active


def test_reenrol_is_requested_by_signal(qtbot, page):
    page.select_code("B2")
    with qtbot.waitSignal(page.reenrolRequested, timeout=WAIT_MS) as request:
        page.reenrol_button.click()
    assert request.args == ["B2"]


def test_withdrawn_consent_erases_the_face_data_and_keeps_the_employee(qtbot, page, runtime, monkeypatch):
    asked = answer(monkeypatch, Answer.Yes)
    page.select_code("B2")
    with qtbot.waitSignal(page.employeesChanged, timeout=WAIT_MS):
        page.withdraw_selected()
    assert asked == ["Withdraw consent"]
    employee = runtime.store.get_employee_by_code("B2")
    assert employee is not None and employee.template_count == 0
    assert runtime.store.list_templates(employee.id) == []
    settle(qtbot, page)
    assert page.photos.count() == 0
    entry = runtime.store.audit_log()[0]
    assert (entry.action, entry.details["templates"], entry.details["employee_deleted"]) == ("withdraw_consent", 3, False)
    assert employee.active and employee.consent_at is None
    assert "Erased the face data of" in page.status.text() and "Receipt kept in the audit log" in page.status.text()


def test_delete_asks_first_and_erases_templates(qtbot, page, runtime, monkeypatch):
    page.select_code("A1")
    employee_id = page.selected_employee().id
    asked = answer(monkeypatch, Answer.No)
    page.delete_selected()
    assert asked == ["Delete employee"] and runtime.store.get_employee_by_code("A1") is not None
    answer(monkeypatch, Answer.Yes)
    with qtbot.waitSignal(page.employeesChanged, timeout=WAIT_MS):
        page.delete_selected()
    assert runtime.store.get_employee_by_code("A1") is None
    assert runtime.store.list_templates(employee_id) == []
    assert codes(page) == ["B2", "C3"]
    audit = runtime.store.audit_log()[0]
    assert (audit.action, audit.actor, audit.details["templates"]) == ("delete_employee", "admin", 2)
    assert "Deleted Ada Lovelace (A1)" in page.status.text()


def test_delete_with_history_needs_a_second_yes(qtbot, page, runtime, monkeypatch):
    at = datetime(2026, 2, 2, 8, 0, tzinfo=timezone.utc)
    runtime.store.add_event(AttendanceEvent(3, "in", at, 0.9, kiosk_id="door", track_id=1, margin=0.2, recognizer="r"))
    page.select_code("C3")
    asked = answer(monkeypatch, Answer.Yes, Answer.No)
    page.delete_selected()
    assert asked == ["Delete employee", "Delete attendance history too?"]
    assert runtime.store.get_employee_by_code("C3") is not None
    answer(monkeypatch, Answer.Yes, Answer.Yes)
    with qtbot.waitSignal(page.employeesChanged, timeout=WAIT_MS):
        page.delete_selected()
    assert runtime.store.get_employee_by_code("C3") is None
    assert runtime.store.count_events(EventFilter(include_voided=True)) == 0


def test_store_errors_show_as_one_line(qtbot, page, runtime):
    runtime.store.delete_employee("C3", actor="test")
    with qtbot.waitSignal(page._tasks.idle, timeout=WAIT_MS):
        page.set_active("C3", False)
    assert page.status.is_error and page.status.text() == "no employee with code 'C3'"
    assert codes(page) == ["A1", "B2"]


def test_an_employee_without_face_data_and_a_check_in_pin(qtbot, page, runtime, monkeypatch):
    from gui.code_checkin import CheckInPinDialog, NoFaceEmployeeDialog
    from services.code_checkin import checkin_pins

    def fill(dialog: NoFaceEmployeeDialog) -> int:
        dialog.code.setText("D4")
        dialog.name.setText("Dora Diaz")
        dialog.first.setText("246810")
        dialog.second.setText("246811")
        dialog.try_save()
        assert dialog.message.text() == "The two PINs differ."
        dialog.second.setText("246810")
        dialog.try_save()
        return dialog.result()

    monkeypatch.setattr(NoFaceEmployeeDialog, "exec", fill)
    with qtbot.waitSignal(page.employeesChanged, timeout=WAIT_MS):
        page.add_without_face()
    dora = runtime.store.get_employee_by_code("D4")
    assert dora.template_count == 0 and checkin_pins(runtime.store, dora).check("246810").ok
    settle(qtbot, page)
    page.select_code("B2")

    def new_pin(dialog: CheckInPinDialog) -> int:
        dialog.first.setText("1234")
        dialog.second.setText("1234")
        dialog.try_save()
        assert "6 to 12 digits" in dialog.message.text()
        dialog.first.setText("975310")
        dialog.second.setText("975310")
        dialog.try_save()
        return dialog.result()

    monkeypatch.setattr(CheckInPinDialog, "exec", new_pin)
    page.set_pin_selected()
    assert checkin_pins(runtime.store, runtime.store.get_employee_by_code("B2")).check("975310").ok
    assert "Check-in PIN of" in page.status.text()
