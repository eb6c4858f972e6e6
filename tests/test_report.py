"""Reports: daily summaries, CSV / XLSX export round trips, the `report` command."""
from __future__ import annotations

import argparse
import csv
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from attendance.db import open_database
from attendance.records import EventFilter, EventRecord
from attendance.report import DaySummary, ReportError, daily_summary, export_report
from attendance.store import AttendanceStore
from cli import report_cmd
from pipeline.errors import KioskError
from pipeline.types import AttendanceEvent

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
    assert [s.date for s in daily_summary(late, UTC)] == [date(2024, 6, 3), date(2024, 6, 4)]
    assert daily_summary(late, ZoneInfo("Asia/Kolkata"))[0].first_in.utcoffset() == timedelta(hours=5, minutes=30)  # type: ignore[union-attr]
    fall_back = [record("E1", "in", berlin(27, 0, 30, month=10)), record("E1", "out", berlin(27, 23, 30, month=10))]
    assert daily_summary(fall_back, BERLIN)[0].hours == 24.0


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
        "date": "2024-06-03", "code": "E1", "name": "Ann", "department": "Sales",
        "first_in": "2024-06-03 08:00:00", "last_out": "2024-06-03 17:30:00", "hours": "9.5", "punches": "3",
    }
    assert (rows[1]["last_out"], rows[1]["hours"], rows[1]["department"]) == ("", "", "")
    with written[1].open(encoding="utf-8-sig", newline="") as file:
        raw = list(csv.DictReader(file))
    assert len(raw) == 6 and raw[-1]["source"] == "manual"
    assert (raw[0]["date"], raw[0]["time"], raw[0]["kind"], raw[0]["kiosk"]) == ("2024-06-03", "2024-06-03 08:00:00", "in", "door")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["june.csv", "june_events.csv"]  # no temporary files left


def test_xlsx_export_round_trip(tmp_path: Path, events: list[EventRecord]) -> None:
    path = tmp_path / "june.xlsx"
    assert export_report(daily_summary(events, BERLIN), events, path, BERLIN) == [path]
    book = load_workbook(path)
    assert book.sheetnames == ["Summary", "Events"]
    summary = book["Summary"]
    assert [c.value for c in summary[1]] == ["date", "code", "name", "department", "first_in", "last_out", "hours", "punches"]
    assert all(c.font.bold for c in summary[1])
    first = [c.value for c in summary[2]]
    assert first == [datetime(2024, 6, 3), "E1", "Ann", "Sales", datetime(2024, 6, 3, 8), datetime(2024, 6, 3, 17, 30), 9.5, 3]
    assert summary.column_dimensions["E"].width >= len("2024-06-03 08:00:00")
    assert book["Events"].max_row == 1 + len(events)


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
        ann, bob = store.add_employee("E1", "Ann", "Sales"), store.add_employee("E2", "Bob")
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
    assert "Ann" in printed and "8.50" in printed and str(out) in printed
    rows = list(load_workbook(out)["Summary"].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[6]) for r in rows] == [("E1", 8.5), ("E2", None)]

    assert run([*argv, "--employee", "E2", "--out", str(tmp_path / "bob.csv")]) == 0
    with (tmp_path / "bob_events.csv").open(encoding="utf-8-sig") as file:
        assert [row["code"] for row in csv.DictReader(file)] == ["E2"]


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
        times = [row["time"] for row in csv.DictReader(file)]
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
