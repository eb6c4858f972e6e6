"""A way in without the face, as good as the face: employee code (typed, or from a badge reader) and a personal
check-in PIN, decided by the same policy, recorded with method "code", locked out after wrong PINs; employees
can be enrolled with no face data at all."""
from __future__ import annotations

import io
import logging
import sqlite3
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QPushButton

from attendance.records import EventFilter
from attendance.report import export_report
from cli.app import main
from cli.pin_gate import PIN_ENV
from core.config import AppConfig
from gui.code_checkin import CodeCheckInDialog
from gui.context import GuiContext
from gui.kiosk_view import KioskView
from gui.main_window import MainWindow
from gui.models import ModelDownloads
from services.admin_pin import FIRST_LOCK_S, FREE_ATTEMPTS
from services.code_checkin import CodeCheckIn, add_without_face, checkin_pins, issue_setup_code
from services.runtime import Runtime
from tests.clock import ManualClock

PIN = "482913"
T0 = datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc)


@pytest.fixture
def runtime(tmp_path: Path):
    runtime = Runtime(AppConfig(data_dir=tmp_path / "data"))
    add_without_face(runtime.store, "ann", "Ann Lee", "Sales", PIN, actor="admin")
    yield runtime
    runtime.close()


def test_code_and_pin_check_in_and_out_like_a_face(runtime, tmp_path):
    store = runtime.store
    ann = store.get_employee_by_code("ann")
    assert ann.template_count == 0 and store.recognizers() == {}  # nothing biometric at all
    kiosk = CodeCheckIn(store, runtime.desk)
    first = kiosk.check_in(" ann ", PIN, T0)
    assert first.ok and first.greeting.title == "Welcome, Ann Lee" and first.greeting.event.kind == "in"
    again = kiosk.check_in("ann", PIN, T0 + timedelta(minutes=1))  # within the cooldown
    assert again.ok and again.greeting.kind == "already_in" and again.greeting.event is None
    out = kiosk.check_in("ann", PIN, T0 + timedelta(hours=8))
    assert out.greeting.title == "Goodbye, Ann Lee"
    events = store.events()
    assert [(e.kind, e.method, e.similarity, e.source) for e in events] == [("in", "code", None, "auto"), ("out", "code", None, "auto")]
    assert store.verify_record().intact
    [written] = export_report([], events, tmp_path / "r.csv")[1:]
    header, row = written.read_text(encoding="utf-8-sig").splitlines()[:2]
    columns = dict(zip(header.split(","), row.split(","), strict=True))
    assert (columns["Method"], columns["Source"]) == ("code", "auto")  # reports show how each punch was made


def test_wrong_pins_lock_the_code_out(runtime):
    clock = ManualClock()
    kiosk = CodeCheckIn(runtime.store, runtime.desk, clock, monotonic=clock)
    for left in range(FREE_ATTEMPTS - 1, 0, -1):
        assert kiosk.check_in("ann", "000000", T0).message == f"Unknown code or wrong PIN. Attempts left: {left}."
    assert "Try again in 30 s" in kiosk.check_in("ann", "000000", T0).message
    assert not kiosk.check_in("ann", PIN, T0).ok  # locked: not even the right PIN
    clock.now += FIRST_LOCK_S + 1
    assert kiosk.check_in("ann", PIN, T0).ok
    assert kiosk.check_in("nobody", PIN, T0).message == "Unknown code or wrong PIN."  # says nothing of which
    runtime.store.set_active("ann", False, actor="admin")
    assert kiosk.check_in("ann", PIN, T0 + timedelta(hours=9)).message == "Unknown code or wrong PIN."


def test_an_edited_checkin_pin_record_is_refused(runtime, tmp_path, caplog):
    ann = runtime.store.get_employee_by_code("ann")
    with sqlite3.connect(tmp_path / "data" / "kiosk.db") as connection:
        connection.execute("UPDATE kiosk_meta SET value = replace(value, '\"failures\": 0', '\"failures\": 0 ') WHERE name = ?", (f"employee_pin:{ann.id}",))
    with caplog.at_level(logging.WARNING, logger="services.code_checkin"):
        result = CodeCheckIn(runtime.store, runtime.desk).check_in("ann", PIN, T0)
    assert not result.ok and result.message == "This code cannot check in now: please tell the office."
    assert "edited outside the app" in caplog.text  # the why, for the office


def test_a_badge_reader_types_the_code_into_the_live_view(qtbot, runtime, tmp_path):
    view = KioskView(GuiContext(runtime, tmp_path / "kiosk.toml", "0"))
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.codeRequested, timeout=1000) as typed:
        qtbot.keyClicks(view, "ann")
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert typed.args == ["ann"]
    with qtbot.waitSignal(view.codeRequested, timeout=1000) as pressed:
        view.code_button.click()
    assert pressed.args == [""]


def test_the_kiosk_greets_a_code_check_in(qtbot, runtime, tmp_path, monkeypatch):
    def answer(dialog: CodeCheckInDialog) -> int:
        assert dialog.code.text() == "ann"  # filled from the badge
        dialog.pin.setText("111111")
        dialog.try_check_in()
        assert "wrong PIN" in dialog.message.text() and dialog.pin.text() == ""
        dialog.pin.setText(PIN)
        dialog.try_check_in()
        return dialog.result()

    monkeypatch.setattr(CodeCheckInDialog, "exec", answer)
    context = GuiContext(runtime, tmp_path / "kiosk.toml", "0")
    window = MainWindow(context, runtime.pins, ModelDownloads(), QSettings(str(tmp_path / "gui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.kiosk_view.codeRequested.emit("ann")
    assert window.kiosk_view.banner.text.startswith("Welcome, Ann Lee - checked in")
    assert [e.method for e in runtime.store.events()] == ["code"]


def test_a_code_check_in_by_touch_alone(qtbot, runtime, tmp_path, monkeypatch):
    """No keyboard at the door: the code (letters too) and the PIN typed on the dialog's own keypad; every key
    has a screen-reader name."""
    from gui.keypad import BACKSPACE, CASE, DIGITS, LETTERS, NEXT

    def by_touch(dialog: CodeCheckInDialog) -> int:
        keypad = dialog.keypad
        assert all(key.accessibleName() for key in dialog.findChildren(QPushButton) if key.objectName() == "keypadKey")
        keypad.press(LETTERS)
        keypad.press(CASE)  # codes are matched as the admin wrote them: "ann"
        for key in "anx":
            keypad.key(key).click()
        keypad.press(BACKSPACE)
        keypad.press("n")
        keypad.press(DIGITS)
        assert dialog.code.text() == "ann"
        keypad.press(NEXT)
        for key in PIN:
            keypad.key(key).click()
        assert dialog.pin.text() == PIN and dialog.code.text() == "ann"
        dialog.try_check_in()
        return dialog.result()

    monkeypatch.setattr(CodeCheckInDialog, "exec", by_touch)
    context = GuiContext(runtime, tmp_path / "kiosk.toml", "0")
    window = MainWindow(context, runtime.pins, ModelDownloads(), QSettings(str(tmp_path / "gui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.kiosk_view.codeRequested.emit("")
    assert window.kiosk_view.banner.text.startswith("Welcome, Ann Lee - checked in")


def test_the_commands_add_without_face_and_set_a_pin(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(PIN_ENV, raising=False)
    data = str(tmp_path / "data")

    def run(*command: str, stdin: str = "") -> int:
        sys.stdin = io.StringIO(stdin)
        try:
            return main(["--data-dir", data, *command])
        finally:
            sys.stdin = sys.__stdin__

    assert run("employees", "add", "bob", "--name", "Bob Ray", stdin="12\n") == 1
    assert "not added: the PIN must be 6 to 12 digits" in capsys.readouterr().err
    assert run("employees", "add", "bob", "--name", "Bob Ray", stdin=f"{PIN}\n") == 0
    assert run("employees", "set-pin", "bob", stdin="135790\n") == 0
    runtime = Runtime(AppConfig(data_dir=Path(data)))
    bob = runtime.store.get_employee_by_code("bob")
    assert bob.template_count == 0 and checkin_pins(runtime.store, bob).check("135790").ok
    actions = [e.action for e in runtime.store.audit_log()]
    assert actions[:2] == ["change_checkin_pin", "set_checkin_pin"]
    assert runtime.store.count_events(EventFilter()) == 0
    runtime.close()


def test_an_employee_chooses_their_pin_at_first_use_with_a_one_time_setup_code(qtbot, runtime, tmp_path, monkeypatch):
    store = runtime.store
    add_without_face(store, "cy", "Cy Young", None, "111111", actor="admin")
    cy = store.get_employee_by_code("cy")
    store.put_signed_record(f"employee_pin:{cy.id}", "null")  # as if the admin had given no PIN
    kiosk = CodeCheckIn(store, runtime.desk)
    assert "ask the admin to set one, or for a setup code" in kiosk.check_in("cy", "123456", T0).message
    setup = issue_setup_code(store, cy, actor="admin")
    assert len(setup) == 8 and kiosk.check_in("cy", "00000000", T0).message.startswith("Unknown code or wrong PIN.")

    def first_use(dialog: CodeCheckInDialog) -> int:
        dialog.code.setText("cy")
        dialog.pin.setText(setup)
        dialog.try_check_in()
        assert dialog.choosing_pin and "choose your check-in PIN" in dialog.message.text()
        dialog.new_pin.setText("246801")
        dialog.new_pin_again.setText("246802")
        dialog.try_check_in()
        assert dialog.message.text() == "The two new PINs differ."
        dialog.new_pin_again.setText("246801")
        dialog.try_check_in()
        return dialog.result()

    monkeypatch.setattr(CodeCheckInDialog, "exec", first_use)
    window = MainWindow(GuiContext(runtime, tmp_path / "kiosk.toml", "0"), runtime.pins, ModelDownloads(), QSettings(str(tmp_path / "gui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.kiosk_view.check_in_with_code()
    assert window.kiosk_view.banner.text.startswith("Welcome, Cy Young")
    assert checkin_pins(store, cy).check("246801").ok
    assert kiosk.check_in("cy", setup, T0 + timedelta(hours=9)).message.startswith("Unknown code or wrong PIN.")  # used up
    assert [e.action for e in store.audit_log()][:2] == ["set_checkin_pin", "set_setup_code"]


def test_the_command_line_issues_a_setup_code(runtime, capsys):
    data = str(runtime.data_dir)
    runtime.close()
    assert main(["--data-dir", data, "employees", "set-pin", "ann", "--setup-code"]) == 0
    printed = capsys.readouterr().out
    assert "one-time setup code for Ann Lee (ann):" in printed
    assert len(printed.split(":")[1].split()[0]) == 8
