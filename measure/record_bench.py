"""`bench record`: a large attendance record's costs, on a scratch database built for it. N chained events
(500 people, four punches a working day, back from today), then the full verification (`audit verify`), and a
month's report as `report` makes it (load, summarise, write CSV, verify what is new since the last
verification). Peak memory is the process's."""
from __future__ import annotations

import resource
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from datetime import time as clock
from pathlib import Path

from sqlalchemy import insert, select

from attendance.chain import Chain, table_digest
from attendance.db import open_database
from attendance.keys import KeyFolder
from attendance.models import EmployeeRow, EventRow, TemplateRow, utcnow
from attendance.records import EventFilter
from attendance.report import export_report
from attendance.store import AttendanceStore
from services.reports import build_report

PEOPLE = 500
PUNCHES = ((8, 0, "in"), (12, 0, "out"), (12, 45, "in"), (17, 15, "out"))
BATCH = 20_000


@dataclass(frozen=True)
class RecordBench:
    events: int
    build_s: float
    verify_s: float  # the full verification
    month_report_s: float  # a 30-day report: load, summary, CSV, incremental verification
    month_events: int
    peak_rss_mb: float


def _rows(employee_ids: list[int], count: int) -> list[dict]:
    """``count`` punches, newest day today, going back a working day at a time."""
    rows: list[dict] = []
    day = datetime.now(timezone.utc).date()
    while len(rows) < count:
        if day.weekday() < 5:
            for employee_id in employee_ids:
                for hour, minute, kind in PUNCHES:
                    at = datetime.combine(day, clock(hour, minute), timezone.utc)
                    rows.append({"employee_id": employee_id, "kind": kind, "at": at, "utc_offset_min": 0, "similarity": 0.8,
                                 "margin": 0.2, "kiosk_id": "door", "track_id": len(rows), "recognizer": "bench",
                                 "frame_index": None, "thumbnail": None, "voided": False, "source": "auto", "created": at,
                                 "event_uid": f"{len(rows):032d}", "method": "face"})
        day -= timedelta(days=1)
    return list(reversed(rows[:count]))  # oldest first, as they were written


def build_record(root: Path, events: int, people: int = PEOPLE, department: str | None = None) -> AttendanceStore:
    """A scratch record in ``root``: ``people`` employees (of ``department``), ``events`` punches four a working
    day back from today, inserted in bulk and chained as the store chains; its store (close it)."""
    store = AttendanceStore(open_database(root / "data" / "kiosk.db"), keys=KeyFolder(root / "keys"))
    db, chain = open_database(root / "data" / "kiosk.db"), Chain(store.key)
    with db.session() as session:
        session.execute(insert(EmployeeRow), [
            {"code": f"P{n:04d}", "name": f"Person {n}", "department": department, "active": True, "created": utcnow()} for n in range(people)
        ])
        employee_ids = list(session.scalars(select(EmployeeRow.id).order_by(EmployeeRow.id)))
        session.execute(insert(TemplateRow), [{"employee_id": e, "recognizer": "bench", "dim": 1, "vector": b"", "quality": 1.0, "created": utcnow()} for e in employee_ids])
    rows = _rows(employee_ids, events)
    digester = table_digest(EventRow)
    for start in range(0, len(rows), BATCH):
        with db.session() as session:
            first = (session.scalar(select(EventRow.id).order_by(EventRow.id.desc()).limit(1)) or 0) + 1
            session.execute(insert(EventRow), rows[start : start + BATCH])
            written = session.execute(select(*digester.columns).where(EventRow.id >= first).order_by(EventRow.id)).all()
            chain.append_read_rows(session, EventRow, written)
    db.close()
    return store


def bench_record(events: int = 1_000_000, folder: Path | None = None) -> RecordBench:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(folder or scratch)
        started = time.perf_counter()
        store = build_record(root, events)
        build_s = time.perf_counter() - started
        started = time.perf_counter()
        state = store.verify_record()
        verify_s = time.perf_counter() - started
        assert state.intact, state.problem
        started = time.perf_counter()
        end = datetime.now(timezone.utc)
        report = build_report(store, EventFilter(start=end - timedelta(days=30), end=end), timezone.utc)
        assert report is not None
        export_report(report.summary, report.events, root / "month.csv", timezone.utc, report.attacks, report.head)
        assert store.verify_record(incremental=True).intact
        month_s = time.perf_counter() - started
        store.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return RecordBench(events, round(build_s, 1), round(verify_s, 2), round(month_s, 2), len(report.events), round(peak))
