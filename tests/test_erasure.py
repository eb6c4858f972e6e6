"""Erasure is complete and leaves a receipt: deleting an employee, or their withdrawing consent, destroys every
template, kept photo and face thumbnail (in events, attack records and the spool), and no byte of them stays
anywhere in the data folder; the attendance record still verifies."""
from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest

from attendance.events import AttendanceEvent, PresentationAttack
from attendance.writer import EventWriter, open_event_store
from cli.app import main
from core.config import AppConfig
from services import erasure
from services.runtime import Runtime

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc)
FACE = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 3 + b"\xff\xd9"


@pytest.fixture
def runtime(tmp_path: Path):
    """Ann (photos kept, an event and an attack with thumbnails, an event waiting in the spool with one) and Bob."""
    runtime = Runtime(AppConfig(data_dir=tmp_path / "data"))
    store = runtime.store
    rng = np.random.default_rng(0)
    for code in ("ann", "bob"):
        vectors = rng.normal(size=(2, 512)).astype(np.float32)
        store.enrol(code, code.title(), None, "r", vectors, np.ones(2, np.float32), photos=[FACE, FACE])
    ann, bob = store.get_employee_by_code("ann").id, store.get_employee_by_code("bob").id
    store.add_event(AttendanceEvent(ann, "in", T0, 0.8, 0.2, "door", 1, "r", thumbnail=FACE))
    store.add_event(AttendanceEvent(bob, "in", T0, 0.8, 0.2, "door", 2, "r", thumbnail=FACE))
    store.add_attack(PresentationAttack(T0, "door", 3, 0.05, 6, ann, 0.7, thumbnail=FACE))
    writer = EventWriter(open_event_store(runtime.data_dir / "kiosk.db"), runtime.data_dir, "door")
    holder = sqlite3.connect(runtime.data_dir / "kiosk.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the database is busy: Ann's next event waits in the spool
    writer.submit(AttendanceEvent(ann, "out", T0 + timedelta(hours=9), 0.8, 0.2, "door", 4, "r", thumbnail=FACE))
    holder.rollback()
    holder.close()
    writer.spool.release()  # the kiosk stopped (crashed) with the event still spooled
    yield runtime
    runtime.close()


def sealed_blobs(data: Path, employee_code: str) -> list[bytes]:
    """The sealed bytes of everything biometric the database holds for one employee."""
    with sqlite3.connect(data / "kiosk.db") as connection:
        (employee_id,) = connection.execute("SELECT id FROM employees WHERE code = ?", (employee_code,)).fetchone()
        rows = connection.execute(
            "SELECT vector FROM templates WHERE employee_id = ?1 UNION ALL SELECT photo FROM templates WHERE employee_id = ?1 "
            "UNION ALL SELECT thumbnail FROM attendance_events WHERE employee_id = ?1 AND thumbnail IS NOT NULL "
            "UNION ALL SELECT thumbnail FROM presentation_attacks WHERE employee_id = ?1 AND thumbnail IS NOT NULL",
            (employee_id,),
        ).fetchall()
    return [row[0] for row in rows]


def folder_bytes(data: Path) -> bytes:
    return b"".join(path.read_bytes() for path in data.iterdir() if path.is_file())


def spooled_line(data: Path) -> bytes:
    return b"".join(path.read_bytes() for path in data.glob("spool-*.jsonl"))


@pytest.mark.parametrize("how", ["delete", "withdraw"])
def test_erasure_leaves_no_biometric_byte_in_the_data_folder(runtime, how):
    data = runtime.data_dir
    ann_blobs, bob_blobs = sealed_blobs(data, "ann"), sealed_blobs(data, "bob")
    assert len(ann_blobs) == 2 + 2 + 1 + 1 and b'"thumbnail":"' in spooled_line(data)
    if how == "delete":
        receipt = erasure.delete_employee(runtime, "ann", actor="admin", reason="left", delete_events=True)
    else:
        receipt = erasure.withdraw_consent(runtime, "ann", actor="admin", reason="asked to")
    assert (receipt.templates, receipt.photos, receipt.event_thumbnails, receipt.attack_thumbnails, receipt.spool_thumbnails) == (2, 2, 1, 1, 1)
    everything = folder_bytes(data)
    for blob in ann_blobs:
        assert blob[13:45] not in everything  # not in the database, its write-ahead log or the spool
    for blob in bob_blobs:
        assert blob[13:45] in everything  # Bob's stay: the search would see them
    assert b'"thumbnail":"' not in spooled_line(data) and b'"employee_id":' in spooled_line(data)  # the event waits, faceless
    store = runtime.store
    assert store.verify_record().intact
    [entry] = [e for e in store.audit_log() if e.action in ("delete_employee", "withdraw_consent")]
    assert (entry.actor, entry.reason, entry.details["templates"]) == ("admin", "left" if how == "delete" else "asked to", 2)
    assert store.erasure_receipts()[0] == receipt


def test_consent_withdrawal_keeps_an_active_employee_without_face_data(runtime):
    receipt = erasure.withdraw_consent(runtime, "ann", actor="admin")
    ann = runtime.store.get_employee_by_code("ann")
    assert ann.active and ann.consent_at is None and ann.template_count == 0
    assert not receipt.employee_deleted and "employee record: kept, without biometric data" in receipt.lines
    assert len(runtime.store.events()) == 2  # attendance is not biometric data: it stays
    assert runtime.store.load_gallery("r").employee_ids.tolist() == [runtime.store.get_employee_by_code("bob").id] * 2


def test_the_command_line_prints_and_exports_receipts(runtime, tmp_path, capsys):
    data = str(runtime.data_dir)
    runtime.close()
    assert main(["--data-dir", data, "employees", "withdraw-consent", "ann", "--reason", "asked to"]) == 0
    printed = capsys.readouterr().out
    assert "Erasure receipt: withdraw consent of Ann (ann)" in printed and "destroyed: 2 face template(s), 2 kept photo(s)" in printed
    assert main(["--data-dir", data, "employees", "delete", "bob", "--delete-events"]) == 0
    assert main(["--data-dir", data, "employees", "receipts", "--out", str(tmp_path / "receipts.csv")]) == 0
    rows = (tmp_path / "receipts.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("action,employee_code") and len(rows) == 3
    assert rows[1].startswith("delete_employee,bob") and rows[2].startswith("withdraw_consent,ann")
