"""The admin PIN on the command line: set it, then every command that changes or exports data needs it."""
from __future__ import annotations

import hashlib
import io
import json
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from attendance.db import open_database
from attendance.records import EventFilter
from attendance.signed import ADMIN_PIN
from attendance.store import AttendanceStore
from cli.app import main
from cli.pin_gate import PIN_ENV
from services.admin_pin import LEGACY_PIN_FILE, PinStore

PIN = "246813"


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder with one employee, and no PIN in the environment."""
    monkeypatch.delenv(PIN_ENV, raising=False)
    folder = tmp_path / "data"
    store = AttendanceStore(open_database(folder / "kiosk.db"))
    store.enrol("ann", "Ann Lee", None, "r", np.eye(1, 4, dtype=np.float32), np.ones(1, np.float32))
    store.close()
    return folder


def opened(data: Path) -> AttendanceStore:
    return AttendanceStore(open_database(data / "kiosk.db"))


def run(data: Path, *command: str, stdin: str = "") -> int:
    import sys

    sys.stdin = io.StringIO(stdin)  # not a terminal: the PIN comes from the environment or stdin
    try:
        return main(["--data-dir", str(data), *command])
    finally:
        sys.stdin = sys.__stdin__


def test_without_a_pin_nothing_is_asked(data, capsys):
    assert run(data, "employees", "delete", "ann") == 0
    store = AttendanceStore(open_database(data / "kiosk.db"))
    assert store.audit_log()[0].actor == "cli"


def test_once_set_changes_and_exports_need_the_pin(data, tmp_path, monkeypatch, capsys):
    assert run(data, "admin", "set-pin", stdin="1234\n") == 1  # too short
    assert "admin PIN not set: the PIN must be 6 to 12 digits" in capsys.readouterr().err
    assert not PinStore(opened(data)).is_set
    assert run(data, "admin", "set-pin", stdin=f"{PIN}\n") == 0
    assert "admin PIN set" in capsys.readouterr().out
    commands = (
        ("employees", "delete", "ann"), ("report", "--out", str(tmp_path / "r.csv")), ("models", "fetch", "yunet_s"),
        ("process", str(tmp_path / "v.mp4")), ("admin", "rotate-key"), ("admin", "export-key", str(tmp_path / "k")),
    )
    for command in commands:
        assert run(data, *command) == 1
        assert f"needs the admin PIN: run it on a terminal or set ${PIN_ENV}" in capsys.readouterr().err
    assert run(data, "employees", "list") == 0  # read-only: no PIN
    monkeypatch.setenv(PIN_ENV, "000000")
    assert run(data, "employees", "delete", "ann") == 1
    assert "wrong admin PIN (4 more before entry locks)" in capsys.readouterr().err
    monkeypatch.setenv(PIN_ENV, PIN)
    assert run(data, "employees", "delete", "ann") == 0
    store = AttendanceStore(open_database(data / "kiosk.db"))
    assert store.audit_log()[0].actor == "admin" and store.list_employees() == []


def test_changing_the_pin_needs_the_current_one(data, monkeypatch, capsys):
    assert run(data, "admin", "set-pin", stdin=f"{PIN}\n") == 0
    assert run(data, "admin", "set-pin", stdin="975310\n") == 1  # no current PIN given
    monkeypatch.setenv(PIN_ENV, PIN)
    assert run(data, "admin", "set-pin", stdin="975310\n") == 0
    assert "admin PIN changed" in capsys.readouterr().out
    assert PinStore(opened(data)).check("975310").ok


def edit_pin_record(data: Path, change: dict) -> None:
    """What an attacker with sqlite3 does: rewrite the PIN record (its MAC cannot be recomputed without the key)."""
    with sqlite3.connect(data / "kiosk.db") as connection:
        (value,) = connection.execute("SELECT value FROM kiosk_meta WHERE name = ?", (ADMIN_PIN,)).fetchone()
        connection.execute("UPDATE kiosk_meta SET value = ? WHERE name = ?", (json.dumps(json.loads(value) | change), ADMIN_PIN))


@pytest.mark.parametrize("change", ["cheap hash", "lockout reset"])
def test_an_edited_pin_record_is_refused(data, monkeypatch, capsys, change):
    assert run(data, "admin", "set-pin", stdin=f"{PIN}\n") == 0
    record = json.loads(opened(data).signed_record(ADMIN_PIN))
    if change == "cheap hash":  # an attacker's own PIN, at no cost
        cheap = hashlib.scrypt(b"111111", salt=bytes.fromhex(record["salt"]), n=2, r=1, p=1, dklen=32)
        edit_pin_record(data, {"hash": cheap.hex(), "n": 2, "r": 1, "p": 1, "peppered": False})
    else:
        edit_pin_record(data, {"failures": 0, "locked_until": 0.0, "salt": record["salt"]})
        with sqlite3.connect(data / "kiosk.db") as connection:  # even a byte-for-byte rewrite of the same fields
            connection.execute("UPDATE kiosk_meta SET value = value || ' ' WHERE name = ?", (ADMIN_PIN,))
    monkeypatch.setenv(PIN_ENV, "111111")
    assert run(data, "employees", "delete", "ann") == 1
    assert "admin PIN record was edited outside the app and is refused" in capsys.readouterr().err
    monkeypatch.setenv(PIN_ENV, PIN)
    assert run(data, "employees", "delete", "ann") == 1  # not even the right PIN opens an edited record
    assert [e.code for e in opened(data).list_employees()] == ["ann"]


def test_a_deleted_pin_record_needs_the_data_key_to_reset(data, tmp_path, monkeypatch, capsys):
    assert run(data, "admin", "set-pin", stdin=f"{PIN}\n") == 0
    with sqlite3.connect(data / "kiosk.db") as connection:
        connection.execute("DELETE FROM kiosk_meta WHERE name = ?", (ADMIN_PIN,))
    assert run(data, "employees", "delete", "ann") == 1
    assert "admin PIN record is missing from the database" in capsys.readouterr().err
    assert run(data, "admin", "set-pin", stdin="111111\n") == 1  # no new PIN of one's choosing
    monkeypatch.setenv("KIOSK_KEY_DIR", str(tmp_path / "elsewhere"))  # a machine without the data key
    assert run(data, "admin", "reset-pin", stdin="111111\n") == 1
    assert "the data key of" in capsys.readouterr().err
    monkeypatch.undo()
    monkeypatch.delenv(PIN_ENV, raising=False)
    assert run(data, "admin", "reset-pin", stdin="111111\n") == 0
    store = opened(data)
    assert PinStore(store).check("111111").ok
    assert store.audit_log()[0].action == "reset_pin"


def test_a_pin_record_copied_from_another_database_is_refused(data, tmp_path, monkeypatch, capsys):
    other = tmp_path / "other"
    assert run(other, "admin", "set-pin", stdin="111111\n") == 0  # the attacker's own kiosk, own PIN
    assert run(data, "admin", "set-pin", stdin=f"{PIN}\n") == 0
    with sqlite3.connect(other / "kiosk.db") as source:
        value, mac = source.execute("SELECT value, mac FROM kiosk_meta WHERE name = ?", (ADMIN_PIN,)).fetchone()
    with sqlite3.connect(data / "kiosk.db") as target:
        target.execute("UPDATE kiosk_meta SET value = ?, mac = ? WHERE name = ?", (value, mac, ADMIN_PIN))
    monkeypatch.setenv(PIN_ENV, "111111")
    assert run(data, "employees", "delete", "ann") == 1
    assert "edited outside the app" in capsys.readouterr().err


def test_a_pin_file_of_an_earlier_version_moves_into_the_database(data, monkeypatch):
    salt = bytes(range(16))
    digest = hashlib.scrypt(PIN.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    (data / LEGACY_PIN_FILE).write_text(json.dumps({"salt": salt.hex(), "hash": digest.hex(), "n": 2**14, "r": 8, "p": 1, "failures": 0, "locked_until": 0.0}))
    monkeypatch.setenv(PIN_ENV, PIN)
    assert run(data, "employees", "delete", "ann") == 0
    assert not (data / LEGACY_PIN_FILE).exists()  # its hash was not peppered: it must not stay behind
    record = json.loads(opened(data).signed_record(ADMIN_PIN))
    assert record["peppered"] and record["hash"] != digest.hex()  # peppered at the first right PIN


def test_corrections_on_the_command_line_need_the_pin_a_reason_and_are_audited(data, monkeypatch, capsys):
    assert run(data, "admin", "set-pin", stdin=f"{PIN}\n") == 0
    corrections = (
        ("events", "add", "--employee", "ann", "--kind", "out", "--at", "2026-12-01T17:30+01:00", "--reason", "forgot to check out"),
        ("employees", "edit", "ann", "--name", "Ann Li", "--department", "Sales"),
    )
    for command in corrections:
        assert run(data, *command) == 1
        assert "needs the admin PIN" in capsys.readouterr().err
    monkeypatch.setenv(PIN_ENV, PIN)
    for command in corrections:
        assert run(data, *command) == 0
    assert run(data, "events", "void", "1", "--reason", "wrong person") == 0
    assert run(data, "employees", "edit", "ann", "--deactivate") == 0
    capsys.readouterr()
    monkeypatch.delenv(PIN_ENV)
    assert run(data, "events", "list", "--voided") == 0  # read-only: no PIN
    listing = capsys.readouterr().out
    assert "Ann Li" in listing and "manual" in listing and "void" in listing
    store = opened(data)
    actions = [(entry.action, entry.actor, entry.reason) for entry in store.audit_log()[:4]]
    assert actions == [
        ("deactivate", "admin", None), ("void_event", "admin", "wrong person"),
        ("update_employee", "admin", None), ("add_manual_event", "admin", "forgot to check out"),
    ]
    (event,) = store.events(EventFilter(include_voided=True))
    assert event.voided and event.at.utcoffset().total_seconds() == 3600
    assert store.get_employee_by_code("ann").department == "Sales" and store.verify_record().intact


def test_an_older_copy_of_a_signed_record_put_back_is_refused_and_shown(data, monkeypatch, capsys):
    """Replaying the admin PIN row from a backup of the same database (a valid MAC) would bring the old PIN
    back and clear the lockout; replaying the accepted settings would re-accept "liveness off"."""
    from attendance.signed import ACCEPTED_SETTINGS
    from cli.app import main

    assert run(data, "admin", "set-pin", stdin=f"{PIN}\n") == 0
    with sqlite3.connect(data / "kiosk.db") as connection:
        old_pin = connection.execute("SELECT value, mac FROM kiosk_meta WHERE name = ?", (ADMIN_PIN,)).fetchone()
        old_settings = connection.execute("SELECT value, mac FROM kiosk_meta WHERE name = ?", (ACCEPTED_SETTINGS,)).fetchone()
    monkeypatch.setenv(PIN_ENV, PIN)
    assert run(data, "admin", "set-pin", stdin="975310\n975310\n") == 0
    monkeypatch.setenv(PIN_ENV, "975310")
    (data / "config.toml").write_text("[liveness]\nenabled = false\n")
    assert run(data, "admin", "accept-config") == 0
    (data / "config.toml").unlink()
    assert main(["--data-dir", str(data), "audit", "verify"]) == 0
    capsys.readouterr()
    with sqlite3.connect(data / "kiosk.db") as connection:
        connection.execute("UPDATE kiosk_meta SET value = ?, mac = ? WHERE name = ?", (*old_pin, ADMIN_PIN))
    monkeypatch.setenv(PIN_ENV, PIN)  # the old PIN
    assert run(data, "employees", "delete", "ann") == 1
    assert "admin PIN record is an older copy put back outside the app and is refused" in capsys.readouterr().err
    assert main(["--data-dir", str(data), "audit", "verify"]) == 2
    assert "the admin pin record is not the one last written" in capsys.readouterr().out
    with sqlite3.connect(data / "kiosk.db") as connection:
        connection.execute("UPDATE kiosk_meta SET value = ?, mac = ? WHERE name = ?", (*old_settings, ACCEPTED_SETTINGS))
    assert main(["--data-dir", str(data), "audit", "verify"]) == 2
    assert [e.code for e in opened(data).list_employees()] == ["ann"]
