"""Reports: daily summaries, CSV / XLSX export round trips, the `report` command."""
from __future__ import annotations

import argparse
import csv
from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from attendance.db import open_database
from attendance.events import AttendanceEvent
from attendance.records import EventFilter, EventRecord
from attendance.report import DaySummary, ReportError, daily_summary, export_report
from attendance.store import AttendanceStore
from cli import report_cmd
from core.errors import KioskError
from tests.conftest import enrolled

BERLIN = ZoneInfo("Europe/Berlin")
UTC = timezone.utc
_ids = iter(range(1, 10_000))


def record(code: str, kind: str, at: datetime, *, voided: bool = False, source: str = "auto") -> EventRecord:
    names = {"E1": ("Ann", "Sales"), "E2": ("Bob", None)}
    name, department = names[code]
    return EventRecord(
        next(_ids), int(code[1:]), code, name, department, kind, at, 0.8, 0.2, "door", 3, "r", 10, voided, source,  # type: ignore[arg-type]
        datetime(2024, 1, 1, tzinfo=UTC), False,
    )


def berlin(day: int, hour: int, minute: int = 0, month: int = 6) -> datetime:
    return datetime(2024, month, day, hour, minute, tzinfo=BERLIN)


@pytest.fixture
def events() -> list[EventRecord]:
    return [
        record("E1", "in", berlin(3, 8)),
        record("E1", "out", berlin(3, 12)),
        record("E2", "in", berlin(3, 9, 15)),
        record("E1", "out", berlin(3, 17, 30)),
        record("E1", "out", berlin(3, 19), voided=True),
        record("E1", "in", berlin(4, 7, 45)),
        record("E1", "out", berlin(4, 16, 15), source="manual"),
    ]


def test_daily_summary_first_in_last_out_and_hours(events: list[EventRecord]) -> None:
    summary = daily_summary(events, BERLIN)
    assert summary == [
        DaySummary(date(2024, 6, 3), "E1", "Ann", "Sales", berlin(3, 8), berlin(3, 17, 30), 9.5, 3),
        DaySummary(date(2024, 6, 3), "E2", "Bob", None, berlin(3, 9, 15), None, None, 1),
        DaySummary(date(2024, 6, 4), "E1", "Ann", "Sales", berlin(4, 7, 45), berlin(4, 16, 15), 8.5, 2),
    ]


def test_days_are_local_to_the_zone_and_hours_are_elapsed_time() -> None:
    # 22:30 UTC on the 3rd is 00:30 on the 4th in Berlin; 2024-10-27 has 25 hours there
    late = [record("E1", "in", datetime(2024, 6, 3, 22, 30, tzinfo=UTC)), record("E1", "out", datetime(2024, 6, 4, 6, tzinfo=UTC))]
    assert [(s.date, s.hours) for s in daily_summary(late, BERLIN)] == [(date(2024, 6, 4), 7.5)]
    assert [(s.date, s.hours) for s in daily_summary(late, UTC)] == [(date(2024, 6, 3), 7.5)]  # the night's day
    assert daily_summary(late, ZoneInfo("Asia/Kolkata"))[0].first_in.utcoffset() == timedelta(hours=5, minutes=30)  # type: ignore[union-attr]
    fall_back = [record("E1", "in", berlin(27, 0, 30, month=10)), record("E1", "out", berlin(27, 23, 30, month=10))]
    assert daily_summary(fall_back, BERLIN)[0].hours == 24.0


def test_a_night_is_one_day_dated_by_its_evening_and_a_shift_decides_what_a_check_out_closes() -> None:
    from attendance.shifts import Shift

    night = [record("E1", "in", berlin(3, 22)), record("E1", "out", berlin(4, 6, 5)), record("E1", "out", berlin(4, 6, 20))]
    [day] = daily_summary(night, BERLIN)
    assert (day.date, day.first_in, day.last_out, day.hours, day.punches) == (date(2024, 6, 3), berlin(3, 22), berlin(4, 6, 20), 8 + 1 / 3, 3)
    stale = [record("E1", "in", berlin(3, 8)), record("E1", "out", berlin(4, 9))]  # 25 hours later: closes nothing
    assert [s.date for s in daily_summary(stale, BERLIN)] == [date(2024, 6, 3), date(2024, 6, 4)]
    night_shift = {1: Shift("night", time(22), time(6), weekdays=frozenset(range(7)))}  # its window ends at 10:00
    late_out = [record("E1", "in", berlin(3, 21, 30)), record("E1", "out", berlin(4, 11))]
    assert [s.hours for s in daily_summary(late_out, BERLIN)] == [13.5]  # one day without the shift
    assert [s.date for s in daily_summary(late_out, BERLIN, shifts=night_shift)] == [date(2024, 6, 3), date(2024, 6, 4)]
    assert daily_summary([record("E1", "in", berlin(3, 22)), record("E1", "out", berlin(4, 6))], BERLIN, max_open=timedelta(hours=4))[1].date == date(2024, 6, 4)


def test_days_with_only_check_outs_have_no_hours() -> None:
    (day,) = daily_summary([record("E1", "out", berlin(3, 17)), record("E1", "in", berlin(3, 18))], BERLIN)
    assert (day.first_in, day.last_out, day.hours, day.punches) == (berlin(3, 18), berlin(3, 17), None, 2)
    assert daily_summary([record("E1", "out", berlin(3, 17))], BERLIN)[0].first_in is None


def test_csv_export_round_trip(tmp_path: Path, events: list[EventRecord]) -> None:
    kept = [e for e in events if not e.voided]
    written = export_report(daily_summary(kept, BERLIN), kept, tmp_path / "june.csv", BERLIN)
    assert written == [tmp_path / "june.csv", tmp_path / "june_events.csv"]
    with written[0].open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    assert rows[0] == {
        "Date": "2024-06-03", "Code": "E1", "Name": "Ann", "Department": "Sales",
        "First in (Europe/Berlin)": "2024-06-03 08:00:00", "Last out (Europe/Berlin)": "2024-06-03 17:30:00",
        "Hours": "9:30", "Hours (decimal)": "9.50", "Punches": "3",
    }
    assert (rows[1]["Last out (Europe/Berlin)"], rows[1]["Hours"], rows[1]["Department"]) == ("", "", "")
    with written[1].open(encoding="utf-8-sig", newline="") as file:
        raw = list(csv.DictReader(file))
    assert len(raw) == 6 and raw[-1]["Source"] == "manual"
    first = raw[0]
    assert (first["Date"], first["Time (Europe/Berlin)"], first["In or out"], first["Kiosk"]) == ("2024-06-03", "2024-06-03 08:00:00", "in", "door")
    assert (first["Similarity"], first["Margin"]) == ("0.800", "0.200")
    assert "Track" not in rows[0] and "Recognizer" not in rows[0]  # technical columns: the events file only
    assert sorted(p.name for p in tmp_path.iterdir()) == ["june.csv", "june_events.csv"]  # no temporary files left


def test_xlsx_export_round_trip(tmp_path: Path, events: list[EventRecord]) -> None:
    path = tmp_path / "june.xlsx"
    assert export_report(daily_summary(events, BERLIN), events, path, BERLIN) == [path]
    book = load_workbook(path)
    assert book.sheetnames == ["Summary", "Events"]
    summary = book["Summary"]
    assert [c.value for c in summary[1]] == [
        "Date", "Code", "Name", "Department", "First in (Europe/Berlin)", "Last out (Europe/Berlin)", "Hours",
        "Hours (decimal)", "Punches",
    ]
    assert all(c.font.bold for c in summary[1])
    first = [c.value for c in summary[2]]
    assert first == [
        datetime(2024, 6, 3), "E1", "Ann", "Sales", datetime(2024, 6, 3, 8), datetime(2024, 6, 3, 17, 30),
        timedelta(hours=9, minutes=30), 9.5, 3,
    ]
    assert (summary["G2"].number_format, summary["H2"].number_format) == ("[h]:mm", "0.00")
    assert summary.column_dimensions["E"].width >= len("2024-06-03 08:00:00")
    assert book["Events"].max_row == 1 + len(events)


HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rReturn"]


def hostile_events() -> list[EventRecord]:
    at = berlin(3, 8)
    return [
        EventRecord(i, i, f"C{i}", name, name, "in", at, 0.8, 0.2, name, 3, "r", 10, False, "auto", at, False)  # type: ignore[arg-type]
        for i, name in enumerate(HOSTILE, start=1)
    ]


def test_csv_cells_never_start_a_formula(tmp_path: Path) -> None:
    events = hostile_events()
    written = export_report(daily_summary(events, BERLIN), events, tmp_path / "r.csv", BERLIN)
    for path in written:
        with path.open(encoding="utf-8-sig", newline="") as file:
            cells = [cell for row in csv.reader(file) for cell in row]
        assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))], path.name
    with written[0].open(encoding="utf-8-sig", newline="") as file:
        names = [row["Name"] for row in csv.DictReader(file)]
    assert names[0] == "'=HYPERLINK(\"http://x\",\"y\")"


def test_xlsx_text_cells_are_text_not_formulas(tmp_path: Path) -> None:
    events = hostile_events()
    events.append(replace(events[0], id=99, employee_name="Bell\x07 \x1b[31mred"))  # control characters too
    path = tmp_path / "r.xlsx"
    export_report(daily_summary(events, BERLIN), events, path, BERLIN)
    book = load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    names = [c.value for c in book["Events"]["E"][1:]]
    assert names[0] == '=HYPERLINK("http://x","y")' and book["Events"]["E2"].quotePrefix
    assert names[-1] == "Bell<U+0007> <U+001B>[31mred"


def test_unknown_format_and_unwritable_places_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match=r"\.csv or \.xlsx"):
        export_report([], [], tmp_path / "report.pdf")
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    with pytest.raises(ReportError, match="cannot write the report"):
        export_report([], [], blocker / "report.csv")
    (tmp_path / "out_events.csv").mkdir()
    with pytest.raises(ReportError, match="is a folder"):
        export_report([], [], tmp_path / "out.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt", "out_events.csv"]


# -- the command ---------------------------------------------------------------------------------


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path)
    report_cmd.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.handler(args)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    with open_database(data / "kiosk.db") as database:
        store = AttendanceStore(database)
        ann, bob = enrolled(store, "E1", "Ann", "Sales"), enrolled(store, "E2", "Bob")
        for when, who, kind in [
            (berlin(2, 8), ann, "in"), (berlin(3, 8), ann, "in"), (berlin(3, 16, 30), ann, "out"),
            (berlin(3, 9), bob, "in"), (berlin(4, 8), ann, "in"),
        ]:
            store.add_event(AttendanceEvent(who.id, kind, when, 0.8, 0.2, "door", 1, "r"))
    return data


def test_report_command_filters_days_and_employees(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "reports" / "june.xlsx"
    argv = ["--data-dir", str(data_dir), "report", "--from", "2024-06-03", "--to", "2024-06-03", "--timezone", "Europe/Berlin"]
    assert run([*argv, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Ann" in printed and "8:30" in printed and str(out) in printed
    rows = list(load_workbook(out)["Summary"].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[7]) for r in rows] == [("E1", 8.5), ("E2", None)]

    assert run([*argv, "--employee", "E2", "--out", str(tmp_path / "bob.csv")]) == 0
    with (tmp_path / "bob_events.csv").open(encoding="utf-8-sig") as file:
        assert [row["Code"] for row in csv.DictReader(file)] == ["E2"]


def test_report_uses_the_configured_zone_by_default(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Times and day boundaries follow the configured zone when --timezone is not given."""
    base = ["--data-dir", str(data_dir), "report", "--from", "2024-06-03", "--to", "2024-06-03"]
    (data_dir / "config.toml").write_text("[attendance]\ntimezone = 'Asia/Tokyo'\n")
    assert run([*base, "--out", str(tmp_path / "tokyo.csv")]) == 0
    assert run([*base, "--timezone", "Europe/Berlin", "--out", str(tmp_path / "berlin.csv")]) == 0
    capsys.readouterr()
    with (tmp_path / "tokyo.csv").open(encoding="utf-8-sig") as tokyo, (tmp_path / "berlin.csv").open(encoding="utf-8-sig") as berlin:
        assert list(csv.DictReader(tokyo)) != list(csv.DictReader(berlin))
    with (tmp_path / "tokyo_events.csv").open(encoding="utf-8-sig") as file:
        times = [row["Time (Asia/Tokyo)"] for row in csv.DictReader(file)]
    assert times == ["2024-06-03 15:00:00", "2024-06-03 16:00:00", "2024-06-03 23:30:00"]  # Berlin 08:00, 09:00, 16:30


def test_report_command_errors(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--data-dir", str(data_dir), "report"]
    with pytest.raises(KioskError, match="no employee with code 'X9'"):
        run([*base, "--employee", "X9", "--out", str(tmp_path / "r.csv")])
    with pytest.raises(KioskError, match="after --to"):
        run([*base, "--from", "2024-06-04", "--to", "2024-06-03", "--out", str(tmp_path / "r.csv")])
    with pytest.raises(ReportError, match="must end in"):
        run([*base, "--out", str(tmp_path / "r.txt")])
    with pytest.raises(SystemExit):
        run([*base, "--from", "03.06.2024", "--out", str(tmp_path / "r.csv")])
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert not list(tmp_path.glob("r*"))


def test_build_report_loads_in_chunks_reports_progress_and_stops_when_unwanted(data_dir: Path) -> None:
    from services.reports import build_report

    with open_database(data_dir / "kiosk.db") as database:
        store = AttendanceStore(database)
        seen: list[tuple[int, int]] = []
        report = build_report(store, EventFilter(), ZoneInfo("Europe/Berlin"), progress=lambda done, total: seen.append((done, total)), chunk=2)
        assert report is not None and len(report.events) == 5 and seen == [(0, 5), (2, 5), (4, 5)]
        assert sum(day.punches for day in report.summary) == 5
        assert build_report(store, EventFilter(), None, wanted=lambda: False) is None


def test_a_full_disk_fails_the_xlsx_in_one_line_with_no_trace_left(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """On a 64 KiB file system: one ReportError, no temporary file, and nothing printed later by a
    half-written zip archive being collected."""
    import gc
    import os
    import subprocess

    tiny = tmp_path / "tiny"
    tiny.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(tiny)], capture_output=True).returncode:
        pytest.skip("needs root to mount a 64 KiB tmpfs as a full disk")
    try:
        at = berlin(3, 8)
        many = [replace(record("E1", "in", at), id=i, employee_name="Ann " + "x" * 60) for i in range(3000)]
        with pytest.raises(ReportError, match="No space left on device"):
            export_report([], many, tiny / "r.xlsx", BERLIN)
        gc.collect()
        assert list(tiny.iterdir()) == []
        assert "Exception ignored" not in capfd.readouterr().err
    finally:
        subprocess.run(["umount", str(tiny)], check=False)


def test_the_payroll_timesheet_has_the_import_columns_totals_and_no_formula(tmp_path):
    """`report --timesheet`: one row per employee per shift occurrence with the columns payroll systems import,
    the period totals per person and department, the chain head; a name like a formula stays text."""
    import csv

    from openpyxl import load_workbook

    from attendance.shifts import Shift
    from cli.app import main as cli_main
    from core.config import AppConfig
    from services.runtime import Runtime

    runtime = Runtime(AppConfig(data_dir=tmp_path))
    store = runtime.store
    store.add_employee("ann", "=HYPERLINK(\"x\")", "Night desk")
    store.save_shift(Shift("night", time(22), time(6), break_minutes=30, weekdays=frozenset(range(7))), actor="admin")
    store.assign_shift("night", ["ann"], actor="admin")
    for kind, when in (("in", datetime(2026, 12, 1, 21, 55, tzinfo=UTC)), ("out", datetime(2026, 12, 2, 6, 10, tzinfo=UTC))):
        store.add_manual_event("ann", kind, when, reason="test", actor="admin")
    runtime.close()
    data = ["--data-dir", str(tmp_path)]
    assert cli_main([*data, "report", "--timesheet", "--timezone", "UTC", "--from", "2026-12-01", "--to", "2026-12-01", "--out", str(tmp_path / "t.csv")]) == 0
    with (tmp_path / "t.csv").open(encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(file))
    assert list(rows[0]) == ["code", "name", "date", "shift", "scheduled_start", "scheduled_end", "first_in", "last_out",
                             "worked_minutes", "late_minutes", "early_leave_minutes", "overtime_minutes", "status"]
    assert [(r["date"], r["first_in"], r["last_out"], r["worked_minutes"], r["overtime_minutes"], r["status"]) for r in rows] == [
        ("2026-12-01", "2026-12-01T21:55+00:00", "2026-12-02T06:10+00:00", "465", "15", "present")]
    assert rows[0]["name"].startswith("'=")  # never a formula
    totals = (tmp_path / "t_totals.csv").read_text(encoding="utf-8-sig").splitlines()
    assert totals[0].endswith(",Absences,Missing check-outs,Leave days")
    assert totals[1].startswith('ann,"\'=HYPERLINK') and totals[1].endswith(",7:45,7.75,0:15,0,0,0,0,0")
    assert "audit verify --head" in (tmp_path / "t_record.csv").read_text(encoding="utf-8-sig")
    assert cli_main([*data, "report", "--timesheet", "--timezone", "UTC", "--from", "2026-12-01", "--to", "2026-12-01", "--out", str(tmp_path / "t.xlsx")]) == 0
    assert cli_main([*data, "report", "--timesheet", "--period", "last-week", "--from", "2026-12-01", "--out", str(tmp_path / "w.csv")]) == 1
    assert cli_main([*data, "report", "--timesheet", "--period", "last-week", "--out", str(tmp_path / "w.csv")]) == 0
    with (tmp_path / "w.csv").open(encoding="utf-8-sig") as file:
        days = sorted({r["date"] for r in csv.DictReader(file)})
    monday = date.today() - timedelta(days=date.today().weekday())
    assert days == [str(monday - timedelta(days=n)) for n in range(7, 0, -1)]  # a night shift every day of last week
    book = load_workbook(tmp_path / "t.xlsx")
    assert book.sheetnames == ["Timesheet", "Totals", "Departments", "Record"]
    name = book["Timesheet"]["B2"]
    assert name.data_type == "s" and name.value.startswith("=")  # typed as text (quote prefix), not a formula
