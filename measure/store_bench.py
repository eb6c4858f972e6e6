"""`bench engine`'s store figures: loading a sealed gallery (against the same query without decryption,
which is what loading cost before templates were sealed) and verifying the attendance record's chain."""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
from sqlalchemy import insert, select

from attendance.chain import Chain
from attendance.db import Database, open_database
from attendance.keys import KeyFolder
from attendance.models import EmployeeRow, EventRow, TemplateRow, utcnow
from attendance.sealing import seal, template_context
from attendance.store import AttendanceStore
from measure.benchmark import time_ms

RECOGNIZER = "bench"


@dataclass(frozen=True)
class StoreBench:
    templates: int
    gallery_load_ms: float  # AttendanceStore.load_gallery: query, AES-GCM open of every template, one array
    gallery_query_ms: float  # the same query and byte join without decryption (loading before sealing)
    events: int
    verify_ms: float  # AttendanceStore.verify_record over the chained events and their audit rows


def _fill_gallery(db: Database, store: AttendanceStore, templates: int, per_person: int, dim: int) -> None:
    rng = np.random.default_rng(0)
    people = templates // per_person
    now = utcnow()
    with db.session() as session:  # bulk rows: one transaction, sealed exactly as the store seals them
        session.execute(insert(EmployeeRow), [
            {"code": f"B{n:07d}", "name": f"Bench {n}", "active": True, "created": now} for n in range(people)
        ])
        ids = list(session.scalars(select(EmployeeRow.id).order_by(EmployeeRow.id)))
        rows = []
        for employee_id in ids:
            for vector in rng.standard_normal((per_person, dim), dtype=np.float32):
                sealed = seal(store.key, (vector / np.linalg.norm(vector)).astype("<f4").tobytes(), template_context(employee_id, RECOGNIZER, dim))
                rows.append({"employee_id": employee_id, "recognizer": RECOGNIZER, "dim": dim, "vector": sealed, "quality": 1.0, "created": now})
        session.execute(insert(TemplateRow), rows)


def _plain_query(db: Database) -> int:
    query = (
        select(TemplateRow.employee_id, TemplateRow.dim, TemplateRow.vector, TemplateRow.quality, EmployeeRow.code)
        .join(EmployeeRow, TemplateRow.employee_id == EmployeeRow.id)
        .where(TemplateRow.recognizer == RECOGNIZER, EmployeeRow.active.is_(True))
        .order_by(TemplateRow.employee_id, TemplateRow.id)
    )
    with db.session() as session:
        rows = session.execute(query).all()
    return len(b"".join(row.vector for row in rows))


def bench_store(templates: int = 100_000, events: int = 20_000, per_person: int = 5, dim: int = 512, repeat: int = 3) -> StoreBench:
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "data" / "kiosk.db")
        store = AttendanceStore(db, keys=KeyFolder(Path(folder) / "keys"))
        chain = Chain(store.key)
        try:
            _fill_gallery(db, store, templates, per_person, dim)
            load_ms = time_ms(lambda: store.load_gallery(RECOGNIZER), repeat, warmup=0)
            query_ms = time_ms(lambda: _plain_query(db), repeat, warmup=0)
            employee = store.get_employee_by_code("B0000000")
            start = datetime(2026, 1, 1, 8, tzinfo=timezone.utc)
            with db.session() as session:  # chained one by one, as the store's writes chain them
                for n in range(events):
                    row = EventRow(employee_id=employee.id, kind="in", at=start + timedelta(minutes=n), utc_offset_min=0,
                                   similarity=0.8, margin=0.1, kiosk_id="bench", track_id=n, recognizer=RECOGNIZER,
                                   voided=False, source="auto", created=utcnow(), event_uid=f"{n:032d}")
                    session.add(row)
                    session.flush()
                    chain.append_row(session, row)
            verify_ms = time_ms(store.verify_record, 1, warmup=0)
        finally:
            store.close()
    return StoreBench(templates, load_ms, query_ms, events, verify_ms)
