"""The admin PIN: a peppered scrypt hash signed into the database, lockout with growing delays that survives
restarts, the dialogs, and the main window keeping the admin pages (and, in kiosk mode, closing) behind it."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from attendance.db import open_database
from attendance.signed import ADMIN_PIN, NO_PIN
from attendance.store import AttendanceStore
from core.config import AppConfig
from gui.context import GuiContext
from gui.main_window import MainWindow, WindowOptions
from gui.models import ModelDownloads
from gui.pages import Page
from gui.pin import NewPinDialog, PinDialog
from services.admin_pin import FIRST_LOCK_S, FREE_ATTEMPTS, MAX_LOCK_S, PinError, PinStore, lock_delay
from services.runtime import Runtime
from tests.clock import ManualClock

PIN = "246813"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[AttendanceStore]:
    opened = AttendanceStore(open_database(tmp_path / "data" / "kiosk.db"))
    yield opened
    opened.close()


@pytest.fixture
def pins(store: AttendanceStore, clock: ManualClock) -> PinStore:
    pins = PinStore(store, clock, monotonic=clock)  # the wall and the monotonic clock move together here
    pins.set_pin(PIN)
    return pins


def test_the_record_holds_a_salted_peppered_scrypt_hash_not_the_pin(tmp_path, store, pins):
    record = json.loads(store.signed_record(ADMIN_PIN))
    # the PIN is no field's value (a substring test would trip on random hex that happens to contain it)
    assert set(record) == {"salt", "hash", "n", "r", "p", "failures", "locked_until", "peppered", "lock_boot", "locked_until_monotonic"}
    assert PIN not in [str(value) for value in record.values()]
    salt = bytes.fromhex(record["salt"])
    assert len(salt) == 16 and len(bytes.fromhex(record["hash"])) == 32
    assert record["n"] >= 2**14
    plain = hashlib.scrypt(PIN.encode(), salt=salt, n=record["n"], r=record["r"], p=record["p"], dklen=32)
    assert plain.hex() != record["hash"]  # peppered with the data key: the record alone cannot be brute-forced
    other_store = AttendanceStore(open_database(tmp_path / "other" / "kiosk.db"))
    PinStore(other_store).set_pin(PIN)
    assert json.loads(other_store.signed_record(ADMIN_PIN))["hash"] != record["hash"]  # random salt
    other_store.close()
    assert pins.check(PIN).ok and not pins.check("1357").ok
    assert [entry.action for entry in store.audit_log()] == ["set_pin"]


@pytest.mark.parametrize("bad", ["", "12345", "12a456", "1234567890123"])
def test_new_pin_must_be_4_to_12_digits(pins, bad):
    with pytest.raises(PinError):
        pins.set_pin(bad)


def test_lockout_after_five_failures_grows_and_survives_a_restart(store, pins, clock):
    for attempt in range(1, FREE_ATTEMPTS):
        result = pins.check("000000")
        assert not result.ok and result.locked_for_s == 0 and result.attempts_left == FREE_ATTEMPTS - attempt
    fifth = pins.check("000000")
    assert fifth.locked_for_s == FIRST_LOCK_S
    assert not pins.check(PIN).ok  # while locked not even the right PIN is checked
    restarted = PinStore(store, clock, monotonic=clock)
    assert restarted.locked_for() == pytest.approx(FIRST_LOCK_S)
    clock.now += FIRST_LOCK_S + 1
    assert restarted.check("000000").locked_for_s == 2 * FIRST_LOCK_S  # the next wrong one doubles the delay
    clock.now += 2 * FIRST_LOCK_S + 1
    assert restarted.check(PIN).ok
    assert restarted.check("000000").locked_for_s == 0  # a right PIN resets the count
    assert lock_delay(50) == MAX_LOCK_S


def test_moving_the_clock_forward_does_not_lift_a_lock(store, clock):
    """Within one boot the monotonic clock holds the lock, whatever the date says; after a reboot (another
    boot id) the wall clock has to do, and the count of wrong PINs keeps growing the delay."""
    from tests.clock import ManualClock

    monotonic = ManualClock(50.0)
    pins = PinStore(store, clock, monotonic=monotonic, boot=lambda: "boot-1")
    pins.set_pin(PIN)
    for _ in range(FREE_ATTEMPTS):
        pins.check("000000")
    clock.now += 2 * 3600  # the date moved two hours on
    assert pins.locked_for() == pytest.approx(FIRST_LOCK_S) and not pins.check(PIN).ok
    monotonic.now += FIRST_LOCK_S + 1
    assert pins.check("000000").locked_for_s == 2 * FIRST_LOCK_S  # the sixth wrong one: locked twice as long
    rebooted = PinStore(store, clock, monotonic=ManualClock(0.0), boot=lambda: "boot-2")
    assert rebooted.locked_for() == pytest.approx(2 * FIRST_LOCK_S)  # set by the wall clock at the sixth
    assert json.loads(store.signed_record(ADMIN_PIN))["failures"] == FREE_ATTEMPTS + 1


def test_a_clock_set_backwards_locks_no_longer_than_the_longest_delay(pins, clock):
    for _ in range(FREE_ATTEMPTS):
        pins.check("000000")
    clock.now -= 10 * 24 * 3600
    assert pins.locked_for() == MAX_LOCK_S


def test_pin_dialog_counts_attempts_then_locks_the_field(qtbot, pins):
    dialog = PinDialog(pins)
    qtbot.addWidget(dialog)
    dialog.show()
    for _ in range(FREE_ATTEMPTS - 1):
        qtbot.keyClicks(dialog.field, "1111")
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert "Attempts left before a lockout: 1." in dialog.message.text()
    qtbot.keyClicks(dialog.field, "1111")
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert not dialog.field.isEnabled()
    assert "Try again in 30 s" in dialog.message.text()
    assert dialog.isVisible()


def test_pin_field_takes_digits_only(qtbot, pins):
    dialog = PinDialog(pins)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.field, "12ab34")
    assert dialog.field.text() == "1234"


def test_new_pin_dialog_needs_the_current_pin_and_two_equal_new_ones(qtbot, pins):
    dialog = NewPinDialog(pins)
    qtbot.addWidget(dialog)
    dialog.current.setText("9999")
    dialog.first.setText("135791")
    dialog.second.setText("135791")
    dialog._save()
    assert "current PIN is wrong" in dialog.message.text()
    dialog.current.setText(PIN)
    dialog.second.setText("135792")
    dialog._save()
    assert "differ" in dialog.message.text()
    dialog.current.setText(PIN)
    dialog.second.setText("135791")
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        dialog._save()
    assert pins.check("135791").ok


@pytest.fixture
def make_window(qtbot, tmp_path: Path, pins: PinStore) -> Iterator:
    windows = []

    def make(kiosk: bool) -> MainWindow:
        runtime = Runtime(AppConfig(data_dir=tmp_path / "data"))
        context = GuiContext(runtime, tmp_path / "kiosk.toml", "0")
        settings = QSettings(str(tmp_path / "gui.ini"), QSettings.Format.IniFormat)
        window = MainWindow(context, pins, ModelDownloads(), settings, WindowOptions(kiosk=kiosk))
        qtbot.addWidget(window)
        window.show_window()  # not start(): these tests need no video source
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.quit()


def enter_pin(qtbot, window: MainWindow, pin: str) -> None:
    dialog = window.pin_dialog
    assert isinstance(dialog, PinDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.field, pin)
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)


def test_kiosk_mode_shows_only_the_live_view_and_asks_the_pin(qtbot, make_window):
    window = make_window(kiosk=True)
    assert window.isFullScreen()
    assert not window.sidebar.isVisible() and window.admin_button.isVisible()
    qtbot.mouseClick(window.admin_button, Qt.MouseButton.LeftButton)
    enter_pin(qtbot, window, "000000")
    assert window.current_page == "kiosk" and not window.unlocked
    enter_pin(qtbot, window, PIN)
    assert window.current_page == "enrol" and window.unlocked
    assert window.sidebar.isVisible() and not window.admin_button.isVisible()
    window.nav.setCurrentRow(0)  # back to the live view: locked again
    assert window.current_page == "kiosk" and not window.unlocked
    assert not window.sidebar.isVisible()


def test_closing_in_kiosk_mode_needs_the_pin(qtbot, make_window):
    window = make_window(kiosk=True)
    window.close()
    assert window.isVisible()
    enter_pin(qtbot, window, PIN)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert not window.controller.running


def test_windowed_mode_asks_once_then_lock_locks(qtbot, make_window):
    window = make_window(kiosk=False)
    assert window.sidebar.isVisible() and not window.admin_button.isVisible()
    window.nav.setCurrentRow(list(Page).index(Page.SETTINGS))
    assert window.current_page == "kiosk"  # not before the PIN
    enter_pin(qtbot, window, PIN)
    assert window.current_page == "settings"
    window.nav.setCurrentRow(3)
    assert window.current_page == "attendance"  # no second PIN
    qtbot.mouseClick(window.lock_button, Qt.MouseButton.LeftButton)
    assert window.current_page == "kiosk" and not window.unlocked


def test_without_a_pin_the_first_admin_page_asks_to_choose_one(qtbot, make_window, store, pins):
    store.put_signed_record(ADMIN_PIN, NO_PIN)
    window = make_window(kiosk=False)
    window.nav.setCurrentRow(2)
    dialog = window.pin_dialog
    assert isinstance(dialog, NewPinDialog)
    dialog.first.setText("864209")
    dialog.second.setText("864209")
    dialog._save()
    assert window.current_page == "employees"
    assert pins.check("864209").ok


def test_the_admin_pages_lock_after_idle_minutes_and_ctrl_q_quits(qtbot, tmp_path):
    from PySide6.QtCore import QSettings, Qt

    from core.config import AppConfig
    from gui.context import GuiContext
    from gui.idle_lock import IdleLock
    from gui.main_window import MainWindow
    from gui.models import ModelDownloads
    from services.runtime import Runtime

    now = [0.0]
    lock = IdleLock(lambda: 5.0, clock=lambda: now[0])
    fired: list[bool] = []
    lock.expired.connect(lambda: fired.append(True))
    now[0] = 299.0
    lock.check()
    assert not fired
    now[0] = 300.0
    lock.check()
    assert fired == [True]
    never = IdleLock(lambda: 0.0, clock=lambda: 10_000.0)
    never.expired.connect(lambda: fired.append(False))
    never.check()
    assert fired == [True]

    runtime = Runtime(AppConfig(data_dir=tmp_path / "data"))
    window = MainWindow(GuiContext(runtime, tmp_path / "kiosk.toml", "0"), runtime.pins, ModelDownloads(), QSettings(str(tmp_path / "gui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.unlocked = True
    window.show_page("employees")
    window.idle_lock.expired.emit()
    assert (window.current_page, window.unlocked) == ("kiosk", False)
    assert "locked after 5 minutes" in window.statusBar().currentMessage()
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    with qtbot.waitSignal(window.closed, timeout=10_000):
        qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)


def test_a_clock_jump_is_noticed():
    from services.clock_watch import ClockWatch, jump_text

    wall, monotonic = [1000.0], [5.0]
    watch = ClockWatch(lambda: wall[0], lambda: monotonic[0])
    wall[0] += 30
    monotonic[0] += 30
    assert watch.jump() is None  # time passed, both clocks agree
    wall[0] -= 35 * 86400  # set back 35 days
    monotonic[0] += 1
    jumped = watch.jump()
    assert jumped == pytest.approx(-35 * 86400 - 1 + 1, abs=2)
    assert jump_text(jumped) == "this computer's clock was set back by 35.0 days"
    wall[0] += 40
    monotonic[0] += 10
    assert watch.jump() is None  # within a minute: NTP's small corrections are no alarm


def test_the_kiosk_warns_and_audits_when_its_clock_jumps(qtbot, tmp_path):
    from services.clock_watch import ClockWatch

    runtime = Runtime(AppConfig(data_dir=tmp_path / "data"))
    window = MainWindow(GuiContext(runtime, tmp_path / "kiosk.toml", "0"), runtime.pins, ModelDownloads(), QSettings(str(tmp_path / "gui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    wall = [1_000_000.0]
    window.clock_watch = ClockWatch(lambda: wall[0], lambda: 0.0)
    wall[0] -= 2 * 86400
    window._watch_clock()
    assert "clock was set back by 2.0 days" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: any(e.action == "clock_jump" for e in runtime.store.audit_log()), timeout=10_000)
    window.quit()
