"""The admin PIN on the command line: set it, then every command that changes or exports data needs it."""
from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest

from attendance.db import open_database
from attendance.store import AttendanceStore
from cli.admin_cmd import PIN_ENV
from cli.app import main
from services.admin_pin import PIN_FILE, PinStore

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
    assert not (data / PIN_FILE).exists()
    assert run(data, "admin", "set-pin", stdin=f"{PIN}\n") == 0
    assert "admin PIN set" in capsys.readouterr().out
    for command in (("employees", "delete", "ann"), ("report", "--out", str(tmp_path / "r.csv")), ("models", "fetch", "yunet_s")):
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
    assert PinStore(data / PIN_FILE).check("975310").ok


def test_an_edited_pin_file_with_a_cheap_hash_verifies_nothing(data, monkeypatch):
    import hashlib

    assert run(data, "admin", "set-pin", stdin=f"{PIN}\n") == 0
    path = data / PIN_FILE
    record = json.loads(path.read_text())
    salt = bytes.fromhex(record["salt"])
    cheap = hashlib.scrypt(b"111111", salt=salt, n=2, r=1, p=1, dklen=32)  # an attacker's own PIN, at no cost
    path.write_text(json.dumps(record | {"hash": cheap.hex(), "n": 2, "r": 1, "p": 1}))
    assert not PinStore(path).check("111111").ok  # the cost is the program's, never the file's
