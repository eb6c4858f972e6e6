"""A damaged database gives one line (the file, what is wrong, what to do); a read-only backup can be read."""
from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest

from attendance.db import open_database
from attendance.errors import DatabaseDamagedError
from attendance.events import AttendanceEvent
from attendance.store import AttendanceStore
from cli.app import main

PAGE = 4096


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data folder with 20 employees (3 templates each) and 400 events, checkpointed into the main file."""
    folder = tmp_path / "data"
    store = AttendanceStore(open_database(folder / "kiosk.db"))
    rng = np.random.default_rng(0)
    for i in range(20):
        employee = store.enrol(f"E{i}", f"Person {i}", None, "edgeface_xs_q", rng.random((3, 512), np.float32), np.ones(3, np.float32))
        for hour in range(20):
            at = datetime(2026, 11, 2, tzinfo=timezone.utc) + timedelta(hours=hour)
            store.add_event(AttendanceEvent(employee.id, "in", at, 0.9, 0.2, "door", 1, "edgeface_xs_q"))
    store.close()
    connection = sqlite3.connect(folder / "kiosk.db")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()  # the last connection removes -wal and -shm
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def one_line_error(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and "Traceback" not in output, output
    return lines[0]


def test_zeroed_pages_stop_a_report(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = data / "kiosk.db"
    content = bytearray(path.read_bytes())
    middle = len(content) // PAGE // 2
    content[middle * PAGE:(middle + 4) * PAGE] = bytes(4 * PAGE)
    path.write_bytes(content)
    code, output = run(capsys, "--data-dir", str(data), "report", "--out", str(tmp_path / "r.csv"))
    line = one_line_error(output)
    assert code == 1 and str(path) in line and "damaged" in line and "restore it from a backup" in line
    assert "integrity_check" in line
    assert not (tmp_path / "r.csv").exists()  # no report from a damaged file


def test_a_dropped_table_is_named(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with sqlite3.connect(data / "kiosk.db") as connection:
        connection.execute("DROP TABLE attendance_events")
    code, output = run(capsys, "--data-dir", str(data), "employees", "list")
    assert code == 1 and "table attendance_events is missing" in one_line_error(output)


def test_a_truncated_template_blob_is_found_when_the_gallery_loads(data: Path) -> None:
    with sqlite3.connect(data / "kiosk.db") as connection:
        connection.execute("UPDATE templates SET vector = substr(vector, 1, 100) WHERE id = 5")
    store = AttendanceStore(open_database(data / "kiosk.db"))
    try:
        with pytest.raises(DatabaseDamagedError, match="template of employee E1 does not open with the data key"):
            store.load_gallery("edgeface_xs_q")
    finally:
        store.close()


def test_a_file_that_is_no_database(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (data / "kiosk.db").write_bytes(np.random.default_rng(1).integers(0, 256, 8 * PAGE, np.uint8).tobytes())
    code, output = run(capsys, "--data-dir", str(data), "employees", "list")
    line = one_line_error(output)
    assert code == 1 and str(data / "kiosk.db") in line


@pytest.fixture
def read_only_copy(data: Path, tmp_path: Path) -> Iterator[Path]:
    """The data folder mounted read-only (a backup on a read-only mount); skips where mounting is not allowed."""
    mount = tmp_path / "ro"
    mount.mkdir()
    try:
        subprocess.run(["mount", "--bind", str(data), str(mount)], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"needs a bind mount to make a read-only folder (root with CAP_SYS_ADMIN): {exc}")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(mount)], check=True, capture_output=True)
        yield mount
    finally:
        subprocess.run(["umount", "--lazy", str(mount)], check=False, capture_output=True)  # lazy: the CLI run in-process may still hold the file open


def test_read_only_commands_work_on_a_read_only_copy(read_only_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = sorted(p.name for p in read_only_copy.iterdir())
    code, output = run(capsys, "--data-dir", str(read_only_copy), "employees", "list")
    assert code == 0 and "Person 19" in output
    code, output = run(capsys, "--data-dir", str(read_only_copy), "report", "--out", str(tmp_path / "r.csv"))
    assert code == 0 and "400 event(s)" in output
    code, output = run(capsys, "--data-dir", str(read_only_copy), "employees", "delete", "E1", "--delete-events")
    assert code == 1 and "readonly" in one_line_error(output).replace("read-only", "readonly")
    assert sorted(p.name for p in read_only_copy.iterdir()) == before == ["kiosk.db"]
