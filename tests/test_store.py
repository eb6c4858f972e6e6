"""The attendance storage layer: schema, migrations, SQLite settings, repository API, locking.

Tests taking ``database_url`` (or ``db``/``store``) run on SQLite and on a throwaway PostgreSQL server.
"""
from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import create_engine, insert, inspect, make_url, text
from sqlalchemy.exc import OperationalError

from attendance.db import Database, default_database_path, open_database, retry_while_locked
from attendance.errors import (
    DatabaseBusyError,
    DatabaseDamagedError,
    DatabaseWriteError,
    DuplicateError,
    IneligibleError,
    NotFoundError,
    SchemaError,
    StoreError,
)
from attendance.migrations import MIGRATIONS, migrate, schema_version
from attendance.models import SchemaVersionRow, UTCDateTime
from attendance.records import AttendanceEvent, EventFilter
from attendance.store import AttendanceStore
from core.errors import GalleryError, KioskError
from tests.conftest import enrolled

CEST = timezone(timedelta(hours=2))
T0 = datetime(2024, 6, 3, 8, 0, tzinfo=CEST)  # a Monday morning, local time +02:00


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    with open_database(database_url, busy_timeout_ms=100) as database:
        yield database


@pytest.fixture
def store(db: Database) -> AttendanceStore:
    return AttendanceStore(db, lock_timeout_s=5.0)


def unit_rows(n: int, dim: int, seed: int = 0) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def event(employee_id: int, kind: str = "in", at: datetime = T0, kiosk: str = "door", **extra) -> AttendanceEvent:
    fields = {"margin": 0.1, "recognizer": "r", **extra}
    return AttendanceEvent(employee_id, kind, at, 0.8, kiosk_id=kiosk, track_id=7, **fields)


def scalar(db: Database, sql: str) -> object:
    with db.engine.connect() as conn:
        return conn.exec_driver_sql(sql).scalar()


# -- database, settings, migrations ------------------------------------------------------------


def test_sqlite_settings_are_applied(tmp_path: Path) -> None:
    with open_database(tmp_path / "k.db") as database:
        assert scalar(database, "PRAGMA journal_mode") == "wal"
        assert scalar(database, "PRAGMA synchronous") == 2  # FULL
        assert scalar(database, "PRAGMA foreign_keys") == 1
        assert scalar(database, "PRAGMA busy_timeout") == 5000


def test_default_path_and_url_forms(tmp_path: Path) -> None:
    assert default_database_path().name == "kiosk.db" and "face-kiosk" in str(default_database_path())
    assert default_database_path(tmp_path) == tmp_path / "kiosk.db"
    with open_database(f"sqlite:///{tmp_path / 'b.db'}") as database:
        assert database.engine.url.database == str(tmp_path / "b.db")
    with open_database(str(tmp_path / "new" / "c.db")):
        assert (tmp_path / "new" / "c.db").exists()


def test_migrates_an_empty_database_and_reopens_idempotently(database_url: str) -> None:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        Path(url.database).touch()  # type: ignore[arg-type]  # an empty file
    for _ in range(2):
        with open_database(database_url) as database:
            with database.engine.connect() as conn:
                assert schema_version(conn) == MIGRATIONS[-1][0]
                tables = set(inspect(conn).get_table_names())
            assert scalar(database, "SELECT COUNT(*) FROM schema_version") == 1
            assert {"employees", "templates", "attendance_events", "audit_log", "schema_version"} <= tables


def test_older_database_is_upgraded(database_url: str) -> None:
    open_database(database_url).close()

    def add_notes(conn) -> None:
        conn.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))

    engine = create_engine(database_url)
    try:
        nxt = MIGRATIONS[-1][0] + 1
        assert migrate(engine, [*MIGRATIONS, (nxt, add_notes)]) == nxt
        with engine.connect() as conn:
            assert schema_version(conn) == nxt
            assert conn.execute(text("SELECT COUNT(*) FROM notes")).scalar() == 0
    finally:
        engine.dispose()


def test_version_1_database_gets_the_event_uid_column(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        migrate(engine, MIGRATIONS[:1])
        with engine.begin() as conn:  # step 1 creates today's tables: take the column away again
            conn.execute(text("DROP INDEX ix_attendance_events_event_uid"))
            conn.execute(text("ALTER TABLE attendance_events DROP COLUMN event_uid"))
    finally:
        engine.dispose()
    with open_database(database_url) as database:
        store = AttendanceStore(database)
        ann = enrolled(store, "E1", "Ann")
        once = event(ann.id)
        assert store.add_event(once) == store.add_event(once)
        assert scalar(database, "SELECT MAX(version) FROM schema_version") == MIGRATIONS[-1][0]
        assert scalar(database, "SELECT event_uid FROM attendance_events") == once.uid


def test_newer_database_is_refused(database_url: str) -> None:
    with open_database(database_url) as database, database.engine.begin() as conn:
        conn.execute(insert(SchemaVersionRow).values(version=99, applied_at=datetime.now(timezone.utc)))
    with pytest.raises(KioskError, match="schema version 99, newer"):
        open_database(database_url)


def test_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DatabaseDamagedError, match=f"the database {path} is damaged \\(file is not a database\\)"):
        open_database(path)


def test_a_missing_driver_or_dialect_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if face-kiosk[postgres] were not installed
    hidden = r"cannot open database postgresql\+psycopg://kiosk:\*\*\*@db/kiosk: .*pip install 'face-kiosk\[postgres\]'"
    with pytest.raises(SchemaError, match=hidden):
        open_database("postgresql+psycopg://kiosk:secret@db/kiosk")
    with pytest.raises(SchemaError, match="cannot open database nosuch://db/kiosk"):
        open_database("nosuch://db/kiosk")


def test_naive_datetimes_are_refused(store: AttendanceStore) -> None:
    naive = datetime(2024, 6, 3, 8, 0)
    with pytest.raises(ValueError, match="naive"):
        UTCDateTime().process_bind_param(naive, None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="timezone-aware"):
        event(1, at=naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        store.add_employee("E1", "Ann", consent_at=naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        EventFilter(start=naive)
    assert store.list_employees() == []


# -- employees -----------------------------------------------------------------------------------


def test_employee_round_trip_update_and_activation(store: AttendanceStore) -> None:
    consent = datetime(2024, 5, 1, 9, 30, tzinfo=CEST)
    ann = store.add_employee(" E1 ", "Ann Lee", "Sales", consent_at=consent)
    assert (ann.code, ann.name, ann.department, ann.active, ann.template_count) == ("E1", "Ann Lee", "Sales", True, 0)
    assert ann.consent_at == consent and ann.consent_at.tzinfo == timezone.utc
    assert ann.created.tzinfo == timezone.utc
    assert store.get_employee_by_code("E1") == ann == store.get_employee(ann.id)
    assert store.get_employee_by_code("nobody") is None
    store.add_employee("E2", "Bob_Smith")

    assert [e.code for e in store.list_employees(search="sal")] == ["E1"]
    assert [e.code for e in store.list_employees(search="_")] == ["E2"]  # LIKE wildcards are literal

    renamed = store.update_employee("E1", actor="admin", name="Ann Li", department=None)
    assert (renamed.name, renamed.department, renamed.consent_at) == ("Ann Li", None, consent)
    off = store.set_active("E1", False, actor="admin")
    assert not off.active
    assert [e.code for e in store.list_employees(active_only=True)] == ["E2"]
    assert [a.action for a in store.audit_log()] == ["deactivate", "update_employee"]
    with pytest.raises(NotFoundError, match="nobody"):
        store.set_active("nobody", True, actor="admin")


def test_duplicate_code_is_a_clear_error_and_writes_nothing(store: AttendanceStore) -> None:
    store.add_employee("E1", "Ann")
    with pytest.raises(DuplicateError, match="'E1' is already taken") as raised:
        store.add_employee("E1", "Someone Else")
    assert isinstance(raised.value, KioskError)
    assert [(e.code, e.name) for e in store.list_employees()] == [("E1", "Ann")]
    with pytest.raises(StoreError, match="must not be empty"):
        store.add_employee("  ", "Nobody")


def test_text_longer_than_its_column_is_refused(store: AttendanceStore) -> None:
    with pytest.raises(StoreError, match="employee name is longer than 200"):
        store.add_employee("E1", "A" * 201)
    with pytest.raises(StoreError, match="department is longer than 200"):
        store.add_employee("E1", "Ann", "D" * 201)
    with pytest.raises(StoreError, match="recognizer name is longer than 100"):
        store.enrol("E1", "Ann", None, "r" * 101, unit_rows(1, 8), np.ones(1))
    assert store.list_employees() == []
    store.add_employee("E1", "A" * 200, "D" * 200)
    with pytest.raises(StoreError, match="actor is longer than 100"):
        store.set_active("E1", False, actor="x" * 101)
    with pytest.raises(StoreError, match="department is longer than 200"):
        store.update_employee("E1", actor="admin", department="D" * 201)
    assert store.get_employee_by_code("E1").active and store.audit_log() == []  # type: ignore[union-attr]


# -- templates and gallery -----------------------------------------------------------------------


def test_enroll_and_templates_round_trip(store: AttendanceStore) -> None:
    vectors, qualities = unit_rows(3, 8), np.array([20.0, 25.0, 30.0])
    ann = store.enrol("E1", "Ann", "Sales", "adaface_ir_50", vectors, qualities)
    assert ann.template_count == 3
    again = store.enrol("E1", "Ignored Name", None, "adaface_ir_50", unit_rows(2, 8, seed=1), np.ones(2))
    assert (again.id, again.name, again.department, again.template_count) == (ann.id, "Ann", "Sales", 5)

    other = store.enrol("E1", "Ann", None, "edgeface_xs", unit_rows(1, 4), np.ones(1), photos=[b"\xff\xd8jpeg"])
    assert other.template_count == 6  # a second recognizer's templates beside the first's
    infos = store.list_templates(ann.id)
    assert [(t.recognizer, t.dim, t.has_photo) for t in infos] == [("adaface_ir_50", 8, False)] * 5 + [
        ("edgeface_xs", 4, True)
    ]
    assert store.template_photo(infos[-1].id) == b"\xff\xd8jpeg"
    assert store.template_photo(infos[0].id) is None
    assert store.recognizers() == {"adaface_ir_50": 5, "edgeface_xs": 1}

    gallery = store.load_gallery("adaface_ir_50")
    assert gallery.vectors.dtype == np.float32 and gallery.employee_ids.dtype == np.int64
    np.testing.assert_array_equal(gallery.vectors[:3], vectors)
    np.testing.assert_allclose(gallery.qualities[:3], qualities)
    assert set(gallery.employee_ids.tolist()) == {ann.id}


def test_enroll_rolls_back_on_malformed_vectors(store: AttendanceStore) -> None:
    ragged = [np.ones(8, np.float32), np.ones(7, np.float32)]
    with pytest.raises(ValueError, match=r"\(N, D\)"):
        store.enrol("E1", "Ann", None, "r", ragged, np.ones(2))
    with pytest.raises(ValueError, match="qualities"):
        store.enrol("E1", "Ann", None, "r", unit_rows(2, 8), np.ones(3))
    with pytest.raises(ValueError, match="finite"):
        store.enrol("E1", "Ann", None, "r", np.full((1, 8), np.nan), np.ones(1))
    assert store.get_employee_by_code("E1") is None

    store.enrol("E0", "Zed", None, "r", unit_rows(1, 8), np.ones(1))
    # the dimension clash is found inside the transaction, after the employee row was written
    with pytest.raises(GalleryError, match="8-dimensional"):
        store.enrol("E1", "Ann", None, "r", unit_rows(2, 16), np.ones(2))
    assert store.get_employee_by_code("E1") is None
    assert store.recognizers() == {"r": 1}


def test_gallery_never_mixes_recognizers_and_skips_inactive(store: AttendanceStore) -> None:
    ann = store.enrol("E1", "Ann", None, "adaface", unit_rows(2, 8), np.ones(2))
    bob = store.enrol("E2", "Bob", None, "adaface", unit_rows(3, 8, seed=2), np.ones(3))
    store.enrol("E2", "Bob", None, "edgeface", unit_rows(4, 4, seed=3), np.ones(4))
    store.set_active("E1", False, actor="admin")

    ada = store.load_gallery("adaface")
    assert ada.vectors.shape == (3, 8) and set(ada.employee_ids) == {bob.id}
    edge = store.load_gallery("edgeface")
    assert edge.vectors.shape == (4, 4) and set(edge.employee_ids) == {bob.id}
    assert ann.id not in ada.employee_ids

    empty = store.load_gallery("unknown")
    assert len(empty) == 0 and empty.vectors.shape == (0, 0) and empty.employee_ids.shape == (0,)


def test_delete_employee_cascades_templates_and_audits(store: AttendanceStore, db: Database) -> None:
    ann = store.enrol("E1", "Ann", None, "r", unit_rows(3, 8), np.ones(3))
    store.enrol("E2", "Bob", None, "r", unit_rows(1, 8), np.ones(1))
    receipt = store.delete_employee("E1", actor="admin", reason="left the company")
    assert (receipt.employee_code, receipt.templates, receipt.employee_deleted) == ("E1", 3, True)
    assert store.get_employee_by_code("E1") is None
    assert scalar(db, f"SELECT COUNT(*) FROM templates WHERE employee_id = {ann.id}") == 0
    assert scalar(db, "SELECT COUNT(*) FROM templates") == 1
    entry = store.audit_log()[0]
    assert (entry.actor, entry.action, entry.target_id, entry.reason) == ("admin", "delete_employee", ann.id, "left the company")
    assert entry.details["templates"] == 3
    with pytest.raises(NotFoundError):
        store.delete_employee("E1", actor="admin")


def test_delete_employee_with_events_needs_consent(store: AttendanceStore) -> None:
    bob = enrolled(store, "E2", "Bob")
    store.add_event(event(bob.id))
    with pytest.raises(StoreError, match="1 attendance event"):
        store.delete_employee("E2", actor="admin")
    assert store.count_events() == 1
    store.delete_employee("E2", actor="admin", delete_events=True)
    assert store.count_events(EventFilter(include_voided=True)) == 0
    assert store.audit_log()[0].details["events_deleted"] == 1


def test_delete_templates_of_one_recognizer(store: AttendanceStore) -> None:
    store.enrol("E1", "Ann", None, "a", unit_rows(2, 8), np.ones(2))
    store.enrol("E1", "Ann", None, "b", unit_rows(1, 4), np.ones(1))
    assert store.delete_templates("E1", "a", actor="admin") == 2
    assert store.recognizers() == {"b": 1}
    assert store.audit_log()[0].details == {"code": "E1", "recognizer": "a", "templates": 2}
    assert store.delete_templates("E1", actor="admin") == 1
    assert store.get_employee_by_code("E1").template_count == 0  # type: ignore[union-attr]


# -- events --------------------------------------------------------------------------------------


def test_event_round_trip_keeps_the_local_offset(store: AttendanceStore, db: Database) -> None:
    ann = enrolled(store, "E1", "Ann", "Sales")
    event_id = store.add_event(event(ann.id, margin=0.2, recognizer="r", frame_index=42, thumbnail=b"jpg"))
    (stored,) = store.events()
    assert stored.id == event_id and stored.at == T0 and stored.at.utcoffset() == timedelta(hours=2)
    assert (stored.employee_code, stored.employee_name, stored.department) == ("E1", "Ann", "Sales")
    assert (stored.kind, stored.similarity, stored.margin, stored.kiosk_id, stored.track_id) == ("in", 0.8, 0.2, "door", 7)
    assert (stored.recognizer, stored.frame_index, stored.source, stored.voided) == ("r", 42, "auto", False)
    assert stored.has_thumbnail and store.event_thumbnail(event_id) == b"jpg"
    raw_at = scalar(db, "SELECT at FROM attendance_events")
    if isinstance(raw_at, str):  # SQLite: UTC text
        assert raw_at.startswith("2024-06-03 06:00:00")
    else:  # PostgreSQL: timestamptz, read in the server's zone
        assert raw_at == T0 and raw_at.utcoffset() != timedelta(hours=2)  # type: ignore[union-attr]
    assert scalar(db, "SELECT utc_offset_min FROM attendance_events") == 120
    with pytest.raises(IneligibleError, match="employee 999 no longer exists"):
        store.add_event(event(999))
    replayed = store.events()[0]
    assert store.add_event(event(ann.id, uid=scalar(db, "SELECT event_uid FROM attendance_events"))) == replayed.id
    assert store.count_events() == 1  # same uid: stored once
    # ids and scores straight from numpy arrays (gallery ids, tracker ids, float32 similarities)
    numpy_event = AttendanceEvent(
        np.int64(ann.id), "out", T0 + timedelta(hours=8), np.float32(0.7), np.float32(0.1), "door", np.int64(3), "r"
    )
    store.add_event(numpy_event)
    assert store.last_event_for(np.int64(ann.id)).track_id == 3  # type: ignore[union-attr]


def test_event_filters_and_paging(store: AttendanceStore) -> None:
    ann = enrolled(store, "E1", "Ann", "Sales")
    bob = enrolled(store, "E2", "Bob", "Lab")
    for day in range(3):
        at = T0 + timedelta(days=day)
        store.add_event(event(ann.id, "in", at, kiosk="door"))
        store.add_event(event(bob.id, "in", at + timedelta(minutes=5), kiosk="lab"))
        store.add_event(event(ann.id, "out", at + timedelta(hours=8), kiosk="door"))

    assert store.count_events() == 9
    day2 = store.events(EventFilter(T0 + timedelta(days=1), T0 + timedelta(days=2)))
    assert [(e.employee_code, e.kind) for e in day2] == [("E1", "in"), ("E2", "in"), ("E1", "out")]
    assert store.count_events(EventFilter(employee_code="E1")) == 6
    assert store.count_events(EventFilter(kiosk_id="lab")) == 3
    assert {e.employee_code for e in store.events(EventFilter(department="Sales"))} == {"E1"}
    assert store.count_events(EventFilter(T0 + timedelta(days=2), department="Lab")) == 1

    pages = [store.events(limit=4, offset=o) for o in (0, 4, 8)]
    assert [len(p) for p in pages] == [4, 4, 1]
    ids = [e.id for page in pages for e in page]
    assert ids == [e.id for e in store.events()] and len(set(ids)) == 9
    newest = store.events(newest_first=True, limit=1)[0]
    assert newest.at == T0 + timedelta(days=2, hours=8)


def test_void_and_manual_events_are_audited(store: AttendanceStore) -> None:
    ann = enrolled(store, "E1", "Ann")
    wrong = store.add_event(event(ann.id))
    store.void_event(wrong, reason="recognised the wrong person", actor="supervisor")
    assert store.events() == [] and store.count_events() == 0
    (voided,) = store.events(EventFilter(include_voided=True))
    assert voided.voided
    with pytest.raises(StoreError, match="already void"):
        store.void_event(wrong, reason="again", actor="supervisor")
    with pytest.raises(NotFoundError):
        store.void_event(12345, reason="x", actor="supervisor")
    with pytest.raises(StoreError, match="reason"):
        store.void_event(wrong, reason=" ", actor="supervisor")

    manual = store.add_manual_event("E1", "out", T0 + timedelta(hours=9), reason="forgot to check out", actor="hr")
    (record,) = store.events()
    assert (record.id, record.source, record.similarity, record.kind) == (manual, "manual", None, "out")

    audit = store.audit_log(target_table="attendance_events")
    assert [(a.action, a.target_id, a.actor) for a in audit] == [
        ("add_manual_event", manual, "hr"),
        ("void_event", wrong, "supervisor"),
    ]
    assert audit[1].reason == "recognised the wrong person"


def test_last_event_for(store: AttendanceStore) -> None:
    ann = enrolled(store, "E1", "Ann")
    assert store.last_event_for(ann.id) is None
    store.add_event(event(ann.id, "in", T0))
    out_id = store.add_event(event(ann.id, "out", T0 + timedelta(hours=8)))
    late = store.add_event(event(ann.id, "in", T0 + timedelta(hours=9)))
    store.void_event(late, reason="duplicate", actor="hr")

    last = store.last_event_for(ann.id)
    assert last is not None and last.id == out_id
    last_in = store.last_event_for(ann.id, kind="in")
    assert last_in is not None and last_in.at == T0
    assert store.last_event_for(ann.id, since=T0 + timedelta(days=1)) is None
    assert store.last_event_for(ann.id, include_voided=True).id == late  # type: ignore[union-attr]


# -- a second process holding the write lock ----------------------------------------------------

_HOLD_LOCK = {
    "sqlite": """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO audit_log (at, actor, action, target_table) VALUES ('2024-01-01 00:00:00', 'x', 'hold', 'none')")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
""",
    "postgresql": """
import psycopg, sys, time
conn = psycopg.connect(sys.argv[1])
conn.execute("LOCK TABLE attendance_events IN EXCLUSIVE MODE")  # readers pass, writers wait
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.commit()
""",
}


def _hold_lock(database_url: str, seconds: float) -> subprocess.Popen[str]:
    """Another program holding the write lock (SQLite) or the events table's lock (PostgreSQL) for ``seconds``."""
    url = make_url(database_url)
    backend = url.get_backend_name()
    target = url.database if backend == "sqlite" else url.set(drivername=backend).render_as_string(hide_password=False)
    proc = subprocess.Popen([sys.executable, "-c", _HOLD_LOCK[backend], str(target), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


def test_add_event_waits_for_another_writer(database_url: str) -> None:
    with open_database(database_url, busy_timeout_ms=100) as database:
        store = AttendanceStore(database, lock_timeout_s=10.0)
        ann = enrolled(store, "E1", "Ann")
        proc = _hold_lock(database_url, 1.0)
        try:
            started = time.monotonic()
            event_id = store.add_event(event(ann.id))
            waited = time.monotonic() - started
        finally:
            assert proc.wait(timeout=10) == 0
        assert waited > 0.5
        assert [e.id for e in store.events()] == [event_id]


def test_add_event_gives_up_with_a_clear_error(database_url: str) -> None:
    with open_database(database_url, busy_timeout_ms=50) as database:
        store = AttendanceStore(database, lock_timeout_s=0.4)
        ann = enrolled(store, "E1", "Ann")
        proc = _hold_lock(database_url, 30.0)
        try:
            started = time.monotonic()
            with pytest.raises(DatabaseBusyError, match="locked .* nothing was written"):
                store.add_event(event(ann.id))
            assert time.monotonic() - started < 3.0
        finally:
            proc.kill()
            proc.wait(timeout=10)
        assert store.count_events() == 0
        store.add_event(event(ann.id))  # the caller's retry succeeds once the lock is gone
        assert store.count_events() == 1


def test_programs_opening_a_new_database_together_migrate_it_once(database_url: str) -> None:
    script = "import sys; from attendance.db import open_database; open_database(sys.argv[1]).close()"
    root = Path(__file__).resolve().parents[1]
    procs = [subprocess.Popen([sys.executable, "-c", script, database_url], cwd=root) for _ in range(6)]
    assert [p.wait(timeout=30) for p in procs] == [0] * 6
    with open_database(database_url) as database:
        assert scalar(database, "SELECT COUNT(*) FROM schema_version") == 1


def test_reenrol_replacing_templates_is_atomic(store: AttendanceStore) -> None:
    one = np.eye(4, dtype=np.float32)[:2]
    employee = store.enrol("e1", "Ann", None, "rec", one, np.ones(2))
    def failing_insert(*args, **kwargs):
        raise OSError("disk full")

    original, store._insert_templates = store._insert_templates, failing_insert
    with pytest.raises(OSError):
        store.enrol("e1", "Ann", None, "rec", one[:1], np.ones(1), replace_templates=True, actor="admin")
    store._insert_templates = original
    assert len(store.list_templates(employee.id)) == 2  # the failed replacement kept the old templates
    store.enrol("e1", "Ann", None, "rec", one[:1], np.ones(1), replace_templates=True, actor="admin")
    assert len(store.list_templates(employee.id)) == 1
    assert any(entry.action == "delete_templates" and entry.actor == "admin" for entry in store.audit_log())


def test_full_disk_is_a_clear_store_error():
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from attendance.db import retry_while_locked
    from attendance.errors import DatabaseWriteError

    def work():
        raise OperationalError("INSERT ...", {}, sqlite3.OperationalError("database or disk is full"))

    with pytest.raises(DatabaseWriteError, match="database or disk is full") as info:
        retry_while_locked(work, 1.0)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("sqlstate", ["40001", "40P01", "55P03"])  # serialization failure, deadlock, lock timeout
def test_postgresql_lock_errors_are_retried(sqlstate: str) -> None:
    psycopg = pytest.importorskip("psycopg", reason="needs the psycopg driver")
    tries = []

    def work() -> str:
        tries.append(1)
        if len(tries) < 3:
            raise OperationalError("UPDATE ...", {}, psycopg.errors.lookup(sqlstate)("canceling statement"))
        return "written"

    assert retry_while_locked(work, 5.0) == "written" and len(tries) == 3

    def shutdown() -> None:
        raise OperationalError("INSERT ...", {}, psycopg.errors.lookup("57P01")("terminating connection"))

    with pytest.raises(DatabaseWriteError, match="terminating connection"):
        retry_while_locked(shutdown, 5.0)


def test_a_deleted_employee_s_id_is_never_given_to_someone_else(store: AttendanceStore) -> None:
    """A kiosk still running with the deleted person's id in memory must not check the new one in with
    the old one's face (SQLite would reuse the highest freed id)."""
    ann = enrolled(store, "E1", "Ann")
    store.delete_employee("E1", actor="admin")
    nina = store.add_employee("NEW1", "Nina Newhire")
    assert nina.id > ann.id
    with pytest.raises(IneligibleError, match=f"employee {ann.id} no longer exists"):
        store.add_event(event(ann.id))
    assert store.events() == []


def test_only_active_people_with_templates_of_the_matching_recognizer_are_logged(store: AttendanceStore) -> None:
    ann = enrolled(store, "E1", "Ann")
    with pytest.raises(IneligibleError, match="has no adaface_ir_101 templates"):
        store.add_event(event(ann.id, recognizer="adaface_ir_101"))
    store.add_event(event(ann.id, method="code", recognizer=None))  # a code check-in needs no face data
    store.set_active("E1", False, actor="admin")
    with pytest.raises(IneligibleError, match="is deactivated"):
        store.add_event(event(ann.id, at=T0 + timedelta(hours=1)))
    store.set_active("E1", True, actor="admin")
    store.withdraw_consent("E1", actor="admin")  # destroys the templates
    with pytest.raises(IneligibleError, match="has no r templates"):
        store.add_event(event(ann.id, at=T0 + timedelta(hours=2)))
    assert [e.method for e in store.events()] == ["code"]


@pytest.mark.parametrize(
    "code, name, department, problem",
    [
        ("E1", "Ann\x07", None, "employee name 'Ann<U+0007>' contains a control character (U+0007)"),
        ("E1", "\x1b[31mAnn", None, "contains a control character (U+001B)"),
        ("E1", "Ann", "Sales\r\n", "department"),
        ("a/b", "Ann", None, "employee code 'a/b': use letters and digits"),
        ("../../etc", "Ann", None, "employee code '../../etc'"),
        ("E\r1", "Ann", None, "employee code"),
        ("E 1", "Ann", None, "no spaces"),
    ],
)
def test_control_characters_and_unsafe_codes_are_refused_at_the_door(
    store: AttendanceStore, code: str, name: str, department: str | None, problem: str
) -> None:
    with pytest.raises(StoreError, match=re.escape(problem)):
        store.add_employee(code, name, department)
    with pytest.raises(StoreError, match=re.escape(problem)):
        store.enrol(code, name, department, "r", unit_rows(1, 8), np.ones(1))
    assert store.list_employees() == []


def test_names_in_every_script_and_codes_with_dots_dashes_underscores_pass(store: AttendanceStore) -> None:
    for code, name in [("nguyen.van-an", "Nguyễn Văn An"), ("li_ming", "李明"), ("E-07", "عمر فاروق"), ("2024.1", "Ελένη")]:
        assert store.add_employee(code, name).name == name
    ann = enrolled(store, "E1", "Ann")
    with pytest.raises(StoreError, match="reason"):
        store.add_manual_event("E1", "in", T0, reason="forgot\x1b]0;owned\x07", actor="admin")
    assert ann.code == "E1"
