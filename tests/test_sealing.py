"""Biometric data at rest: a copy of the database alone reveals no template and no face; the data key lives
outside the data folder; existing databases are sealed in place; the key rotates, backs up and restores."""
from __future__ import annotations

import os
import sqlite3
import stat
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pytest

from attendance.db import open_database
from attendance.errors import DatabaseDamagedError
from attendance.events import AttendanceEvent
from attendance.keys import KEY_DIR_ENV, DataKeyError, KeyFolder, KeyMissingError, default_keystore
from attendance.models import EmployeeRow, EventRow, TemplateRow, utcnow
from attendance.store import AttendanceStore
from attendance.vault import import_key
from cli.app import main

JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4 + b"\xff\xd9"  # a face photo's bytes, as far as the file can tell


def vectors(seed: int, n: int = 3) -> np.ndarray:
    rows = np.random.default_rng(seed).normal(size=(n, 512)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def enrol_two(store: AttendanceStore) -> tuple[np.ndarray, np.ndarray]:
    ann, bob = vectors(1), vectors(2)
    store.enrol("ann", "Ann", None, "r", ann, np.ones(3, np.float32), photos=[JPEG] * 3)
    store.enrol("bob", "Bob", None, "r", bob, np.ones(3, np.float32))
    employee = store.get_employee_by_code("ann")
    store.add_event(AttendanceEvent(employee.id, "in", datetime(2026, 12, 1, 8, tzinfo=timezone.utc), 0.8, 0.2, "door", 1, "r", thumbnail=JPEG))
    return ann, bob


@pytest.fixture
def keys(tmp_path: Path) -> KeyFolder:
    return KeyFolder(tmp_path / "keys")


def test_a_copy_of_the_database_reveals_no_vector_and_no_face(tmp_path, keys):
    store = AttendanceStore(open_database(tmp_path / "data" / "kiosk.db"), keys=keys)
    ann, bob = enrol_two(store)
    gallery = store.load_gallery("r")
    assert np.array_equal(gallery.vectors, np.concatenate([ann, bob]))  # the app reads them back exactly
    assert store.template_photo(store.list_templates(store.get_employee_by_code("ann").id)[0].id) == JPEG
    assert store.event_thumbnail(store.events()[0].id) == JPEG
    store.close()
    raw = b"".join(path.read_bytes() for path in (tmp_path / "data").glob("kiosk.db*"))
    for vector in np.concatenate([ann, bob]):
        blob = vector.astype("<f4").tobytes()
        assert not any(blob[i : i + 16] in raw for i in range(0, len(blob), 128))  # no piece of any template
    assert JPEG[4:36] not in raw and b"\xff\xd8\xff\xe0" not in raw


def test_the_key_file_is_private_and_never_in_the_data_folder(tmp_path, keys, monkeypatch):
    store = AttendanceStore(open_database(tmp_path / "data" / "kiosk.db"), keys=keys)
    store.close()
    [key_file] = keys.folder.glob("*.key")
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600 and stat.S_IMODE(keys.folder.stat().st_mode) == 0o700
    assert not list((tmp_path / "data").glob("*.key"))
    with pytest.raises(DataKeyError, match="inside the data folder"):
        AttendanceStore(open_database(tmp_path / "data" / "kiosk.db"), keys=KeyFolder(tmp_path / "data" / "keys"))
    monkeypatch.setenv(KEY_DIR_ENV, str(tmp_path / "elsewhere"))
    assert isinstance(default_keystore(), KeyFolder) and default_keystore().where == str(tmp_path / "elsewhere")


def test_without_the_key_the_message_says_what_is_lost_and_how_to_restore(tmp_path, keys):
    database = tmp_path / "data" / "kiosk.db"
    AttendanceStore(open_database(database), keys=keys).close()
    with pytest.raises(KeyMissingError) as missing:
        AttendanceStore(open_database(database), keys=KeyFolder(tmp_path / "empty"))
    message = str(missing.value)
    assert "templates, kept photos and thumbnails cannot be read" in message
    assert "attendance events themselves are intact" in message and "admin import-key FILE" in message


def test_a_key_of_another_database_is_refused(tmp_path, keys):
    first, second = tmp_path / "a" / "kiosk.db", tmp_path / "b" / "kiosk.db"
    AttendanceStore(open_database(first), keys=keys).close()
    AttendanceStore(open_database(second), keys=keys).close()
    a, b = sorted(keys.folder.glob("*.key"), key=lambda p: p.stat().st_mtime_ns)
    b.write_bytes(a.read_bytes())  # the second database's key file now holds the first's key
    with pytest.raises(DataKeyError, match="does not belong to"):
        AttendanceStore(open_database(second), keys=keys)


def test_a_template_moved_to_another_employee_does_not_open(tmp_path, keys):
    database = tmp_path / "data" / "kiosk.db"
    store = AttendanceStore(open_database(database), keys=keys)
    enrol_two(store)
    ann, bob = store.get_employee_by_code("ann").id, store.get_employee_by_code("bob").id
    store.close()
    with sqlite3.connect(database) as connection:  # Bob's row gets Ann's sealed template: Ann would pass as Bob
        (sealed,) = connection.execute("SELECT vector FROM templates WHERE employee_id = ? LIMIT 1", (ann,)).fetchone()
        connection.execute("UPDATE templates SET vector = ? WHERE employee_id = ?", (sealed, bob))
    store = AttendanceStore(open_database(database), keys=keys)
    with pytest.raises(DatabaseDamagedError, match="template of employee bob does not open with the data key"):
        store.load_gallery("r")
    store.close()


def test_an_existing_plain_database_is_sealed_in_place_in_one_transaction(tmp_path, keys):
    database = open_database(tmp_path / "data" / "kiosk.db")
    plain = vectors(3)
    with database.session() as session:  # what an earlier version wrote: plain float32 blobs, a plain thumbnail
        employee = EmployeeRow(code="old", name="Old Timer", department=None, active=True, created=utcnow())
        session.add(employee)
        session.flush()
        for vector in plain:
            session.add(TemplateRow(employee_id=employee.id, recognizer="r", dim=512, vector=vector.tobytes(), quality=1.0, created=utcnow(), photo=JPEG))
        session.add(EventRow(employee_id=employee.id, kind="in", at=utcnow(), utc_offset_min=0, similarity=0.7, margin=0.1,
                             kiosk_id="door", voided=True, source="auto", created=utcnow(), thumbnail=JPEG))
    store = AttendanceStore(database, keys=keys)
    assert np.array_equal(store.load_gallery("r").vectors, plain)
    seal = store.audit_log()[0]
    assert seal.action == "seal_database" and seal.details == {"templates": 3, "photos": 3, "thumbnails": 1, "links": 1}
    state = store.verify_record()
    assert state.intact and state.links == 3  # the old event, its void, the sealing's audit row
    store.close()
    raw = (tmp_path / "data" / "kiosk.db").read_bytes()
    assert plain[0].tobytes()[:32] not in raw and JPEG[4:36] not in raw


def test_rotating_the_key_keeps_everything_readable_and_verifiable(tmp_path, keys):
    store = AttendanceStore(open_database(tmp_path / "data" / "kiosk.db"), keys=keys)
    ann, bob = enrol_two(store)
    [old_file] = keys.folder.glob("*.key")
    old_bytes = old_file.read_bytes()
    key = store.rotate_key(actor="admin")
    assert key.generation == 2 and not old_file.exists()
    [new_file] = keys.folder.glob("*.key")
    assert new_file.name.endswith("-2.key") and new_file.read_bytes() != old_bytes
    assert np.array_equal(store.load_gallery("r").vectors, np.concatenate([ann, bob]))
    assert store.event_thumbnail(store.events()[0].id) == JPEG
    assert store.verify_record().intact and store.audit_log()[0].action == "rotate_key"
    store.close()
    reopened = AttendanceStore(open_database(tmp_path / "data" / "kiosk.db"), keys=keys)
    assert reopened.verify_record().intact
    reopened.close()


def test_rotation_is_refused_while_the_record_does_not_verify(tmp_path, keys):
    database = tmp_path / "data" / "kiosk.db"
    store = AttendanceStore(open_database(database), keys=keys)
    enrol_two(store)
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE attendance_events SET similarity = 0.99")
    with pytest.raises(DataKeyError, match="rotation refused.*attendance event 1 was changed"):
        store.rotate_key(actor="admin")
    assert store.load_gallery("r").vectors.shape == (6, 512)  # nothing changed
    store.close()


def test_an_exported_key_restores_a_lost_one(tmp_path, keys):
    database = tmp_path / "data" / "kiosk.db"
    store = AttendanceStore(open_database(database), keys=keys)
    enrol_two(store)
    store.export_key(tmp_path / "backup.key", actor="admin")
    assert stat.S_IMODE((tmp_path / "backup.key").stat().st_mode) == 0o600
    store.close()
    for key_file in keys.folder.glob("*.key"):
        key_file.unlink()  # the disk with the key died
    with pytest.raises(KeyMissingError):
        AttendanceStore(open_database(database), keys=keys)
    import_key(open_database(database), keys, tmp_path / "backup.key")
    store = AttendanceStore(open_database(database), keys=keys)
    assert store.load_gallery("r").vectors.shape == (6, 512) and store.verify_record().intact
    other = tmp_path / "other" / "kiosk.db"
    AttendanceStore(open_database(other), keys=keys).close()
    with pytest.raises(DataKeyError, match="is the key of database"):
        import_key(open_database(other), keys, tmp_path / "backup.key")


def test_the_admin_commands_rotate_export_and_import(tmp_path, monkeypatch, capsys):
    data = tmp_path / "data"
    monkeypatch.setenv(KEY_DIR_ENV, str(tmp_path / "keys"))
    store = AttendanceStore(open_database(data / "kiosk.db"))
    enrol_two(store)
    store.close()
    assert main(["--data-dir", str(data), "admin", "rotate-key"]) == 0
    assert "rotated to generation 2" in capsys.readouterr().out
    assert main(["--data-dir", str(data), "admin", "export-key", str(tmp_path / "k")]) == 0
    for key_file in (tmp_path / "keys").glob("*.key"):
        key_file.unlink()
    assert main(["--data-dir", str(data), "employees", "list"]) == 1
    assert "admin import-key FILE" in capsys.readouterr().err
    assert main(["--data-dir", str(data), "admin", "import-key", str(tmp_path / "k")]) == 0
    assert main(["--data-dir", str(data), "employees", "list"]) == 0
    actions = [entry.action for entry in AttendanceStore(open_database(data / "kiosk.db")).audit_log()]
    assert actions[:2] == ["export_key", "rotate_key"]
    assert os.environ[KEY_DIR_ENV] == str(tmp_path / "keys")


def test_a_rotation_reaches_the_other_kiosks_which_never_write_with_the_retired_key(tmp_path, keys):
    """Door 1 rotates the key while door 2 (its own key folder, the old key in it) runs: door 2's next write takes
    up the new key from the database (left wrapped under the old one), the record verifies, door 2 restarts with
    it, a kiosk that was off during two rotations catches up, and a second rotation is not refused."""
    import shutil
    from datetime import timedelta

    database = tmp_path / "data" / "kiosk.db"
    door1 = AttendanceStore(open_database(database), keys=keys)
    ann, _ = enrol_two(door1)
    door2_keys, away_keys = KeyFolder(tmp_path / "door2-keys"), KeyFolder(tmp_path / "away-keys")
    for folder in (door2_keys, away_keys):
        shutil.copytree(keys.folder, folder.folder)
    door2 = AttendanceStore(open_database(database), keys=door2_keys)
    employee = door2.get_employee_by_code("ann")
    assert door1.rotate_key(actor="admin").generation == 2
    assert np.array_equal(door2.load_gallery("r").vectors[:3], ann)  # re-sealed under the new key: read with it
    at = datetime(2026, 12, 7, 9, tzinfo=timezone.utc)
    door2.add_event(AttendanceEvent(employee.id, "out", at, 0.9, 0.3, "door-2", 1, "r", thumbnail=JPEG))
    assert door2.key.generation == 2 and sorted(p.name.rsplit("-", 1)[1] for p in door2_keys.folder.glob("*.key")) == ["1.key", "2.key"]
    assert door1.verify_record().intact and door1.event_thumbnail(door1.events()[-1].id) == JPEG
    door2.close()
    assert door1.rotate_key(actor="admin").generation == 3  # the record still verifies: not refused
    restarted = AttendanceStore(open_database(database), keys=door2_keys)  # knows 2, the database is at 3
    assert restarted.key.generation == 3 and np.array_equal(restarted.load_gallery("r").vectors[:3], ann)
    restarted.add_event(AttendanceEvent(employee.id, "in", at + timedelta(hours=1), 0.9, 0.3, "door-2", 1, "r"))
    restarted.close()
    away = AttendanceStore(open_database(database), keys=away_keys)  # knew only 1: two rotations to catch up
    assert away.key.generation == 3 and away.verify_record().intact
    away.close()
    door1.close()
