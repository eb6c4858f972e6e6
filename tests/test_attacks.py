"""Presentation-attack records: stored once, kept anonymous when the employee goes, retried, reported, exported."""
from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook
from sqlalchemy import create_engine, text

from attendance.db import open_database
from attendance.desk import AttendanceDesk, FaceDoor
from attendance.events import PresentationAttack
from attendance.migrations import MIGRATIONS, migrate, schema_version
from attendance.policy import PolicyConfig
from attendance.records import EventFilter
from attendance.report import export_report
from attendance.store import AttendanceStore
from attendance.writer import EventWriter, open_event_store
from pipeline.types import Frame, IdentityState, Liveness, LivenessVerdict, TrackedFace
from services.reports import build_report

T0 = datetime(2026, 12, 2, 8, 30, tzinfo=timezone(timedelta(hours=1)))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[AttendanceStore]:
    opened = AttendanceStore(open_database(tmp_path / "kiosk.db"))
    yield opened
    opened.close()


def attack(employee_id: int | None = None, minutes: int = 0, kiosk: str = "door", **extra) -> PresentationAttack:
    return PresentationAttack(T0 + timedelta(minutes=minutes), kiosk, 4, 0.03, 5, employee_id, 0.71 if employee_id else None, **extra)


def test_an_attack_is_stored_once_and_outlives_its_employee_anonymously(store):
    ann = store.add_employee("ann", "Ann Lee")
    first = attack(ann.id)
    assert store.add_attack(first) == store.add_attack(first)  # a replay stores it once
    [record] = store.attacks()
    assert (record.employee_code, record.employee_name, record.live_score, record.looks) == ("ann", "Ann Lee", 0.03, 5)
    assert record.at == T0 and record.at.utcoffset() == timedelta(hours=1)
    store.delete_employee("ann", actor="admin", reason="left")
    [kept] = store.attacks()
    assert kept.employee_id is None and kept.employee_code is None  # the attack stays on record
    assert store.add_attack(attack(999)) and store.attacks()[0].employee_id is None  # unknown id: anonymous


def test_attacks_filter_by_time_and_kiosk(store):
    for minutes, kiosk in ((0, "door"), (60, "door"), (120, "gate")):
        store.add_attack(attack(minutes=minutes, kiosk=kiosk))
    assert [a.kiosk_id for a in store.attacks()] == ["gate", "door", "door"]  # newest first
    assert len(store.attacks(start=T0 + timedelta(minutes=30))) == 2
    assert len(store.attacks(end=T0 + timedelta(minutes=30))) == 1
    assert len(store.attacks(kiosk_id="gate")) == 1


def test_a_version_2_database_gets_the_attacks_table(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    try:
        assert migrate(engine, MIGRATIONS[:2]) == 2
        with engine.begin() as conn:  # what version 2 of the program created: no attacks table
            conn.execute(text("DROP TABLE presentation_attacks"))
        assert migrate(engine, MIGRATIONS[:3]) == 3
        with engine.connect() as conn:
            assert schema_version(conn) == 3
            assert conn.execute(text("SELECT COUNT(*) FROM presentation_attacks")).scalar() == 0
    finally:
        engine.dispose()


def test_the_writer_retries_an_attack_the_locked_database_refused(tmp_path, monkeypatch):
    database = tmp_path / "kiosk.db"
    AttendanceStore(open_database(database)).close()
    events_store = open_event_store(database, attempt_timeout_s=0.2)
    writer = EventWriter(events_store, tmp_path, "door")
    calls = []

    def busy_once(record):
        calls.append(record.uid)
        if len(calls) == 1:
            from attendance.errors import DatabaseBusyError

            raise DatabaseBusyError("database is locked")
        return real(record)

    real = events_store.add_attack
    monkeypatch.setattr(events_store, "add_attack", busy_once)
    status = writer.submit_attack(attack())
    assert not status.ok and "locked" in status.last_error
    assert writer.flush(force=True).ok and len(calls) == 2
    assert len(events_store.attacks()) == 1
    writer.close()
    events_store.close()


def sink_for(store: AttendanceStore, tmp_path: Path, keep_thumbnails: bool) -> FaceDoor:
    config = PolicyConfig(kiosk_id="door", keep_thumbnails=keep_thumbnails)
    desk = AttendanceDesk(config, store, lambda kiosk: EventWriter(store, tmp_path / f"spool-{keep_thumbnails}", kiosk))
    return desk.door("r", clock=lambda frame: T0)


def face(employee_id: int, state: Liveness, track: int = 4) -> TrackedFace:
    verdict = LivenessVerdict(state, 0.04 if state is Liveness.ATTACK else 0.9, 5)
    return TrackedFace(track, np.array([20, 20, 80, 90], np.float32), IdentityState.RECOGNIZED, "Ann Lee", employee_id,
                       "ann", 0.7, 0.2, 4, liveness=verdict)


@pytest.mark.parametrize("keep_thumbnails", [False, True])
def test_the_sink_records_each_attack_track_once_and_checks_nobody_in(store, tmp_path, keep_thumbnails):
    ann = store.add_employee("ann", "Ann Lee")
    sink = sink_for(store, tmp_path, keep_thumbnails)
    frame = Frame(np.full((120, 160, 3), 90, np.uint8), 3, 0.1)
    for _ in range(3):
        assert sink.observe([face(ann.id, Liveness.ATTACK)], frame) == []
    [recorded] = store.attacks()
    assert (recorded.employee_code, recorded.similarity, recorded.has_thumbnail) == ("ann", 0.7, keep_thumbnails)
    assert sink.observe([face(ann.id, Liveness.UNDECIDED, track=5)], frame) == []  # undecided: waits
    assert [e.kind for e in sink.observe([face(ann.id, Liveness.LIVE, track=6)], frame)] == ["in"]
    sink.close()
    sink.desk.close()


def test_an_attack_record_waits_a_moment_for_whom_it_is_presented_as(store, tmp_path):
    """The liveness verdict may come before the identity's: the record names the person once known."""
    from dataclasses import replace

    ann = store.add_employee("ann", "Ann Lee")
    sink = sink_for(store, tmp_path, keep_thumbnails=False)
    image = np.full((120, 160, 3), 90, np.uint8)

    def pending(track: int) -> TrackedFace:
        return replace(face(ann.id, Liveness.ATTACK, track), state=IdentityState.PENDING, employee_id=None, code="")

    sink.observe([pending(1), pending(2), pending(3)], Frame(image, 0, 0.0))
    assert store.attacks() == []  # nobody named yet
    sink.observe([face(ann.id, Liveness.ATTACK, 1), pending(2), pending(3)], Frame(image, 3, 0.1))
    assert [a.employee_code for a in store.attacks()] == ["ann"]  # track 1, named
    sink.observe([pending(2)], Frame(image, 4, 0.13))  # track 3 ended unnamed: recorded as it was
    assert sorted(a.track_id for a in store.attacks()) == [1, 3]
    sink.observe([pending(2), pending(7)], Frame(image, 40, 1.33))  # track 2 waited long enough
    assert sorted((a.track_id, a.employee_code) for a in store.attacks()) == [(1, "ann"), (2, None), (3, None)]
    sink.close()  # track 7 still waited: the door records it on the way out
    assert sorted(a.track_id for a in store.attacks()) == [1, 2, 3, 7]
    sink.desk.close()


def test_reports_export_the_attacks_beside_the_events(store, tmp_path):
    ann = store.add_employee("ann", "Ann Lee")
    store.add_attack(attack(ann.id))
    store.add_attack(attack(None, minutes=5, kiosk="gate"))
    report = build_report(store, EventFilter(), timezone.utc)
    assert len(report.attacks) == 2
    assert [a.employee_code for a in build_report(store, EventFilter(employee_code="ann"), None).attacks] == ["ann"]
    written = export_report(report.summary, report.events, tmp_path / "dec.csv", timezone.utc, report.attacks)
    assert [p.name for p in written] == ["dec.csv", "dec_events.csv", "dec_attacks.csv"]
    with written[2].open(encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(file))
    assert [(r["Kiosk"], r["Presented as (code)"], r["Live score"]) for r in rows] == [("gate", "", "0.030"), ("door", "ann", "0.030")]
    [xlsx] = export_report(report.summary, report.events, tmp_path / "dec.xlsx", timezone.utc, report.attacks)
    sheet = load_workbook(xlsx, read_only=True)["Presentation attacks"]
    assert sheet.max_row == 3
    assert [p.name for p in export_report([], [], tmp_path / "plain.csv")] == ["plain.csv", "plain_events.csv"]
