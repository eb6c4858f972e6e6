"""Shifts: occurrences as real instants (overnight, DST both ways, two zones), the window that pairs a punch
with its stretch of work, weekdays."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from attendance.shifts import EARLY, LATE, MAX_SHIFT, Flex, Shift, parse_weekdays, session_start, still_open

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
NIGHT = Shift("night", time(22), time(6), break_minutes=30, weekdays=frozenset(range(7)))
DAY = Shift("day", time(8), time(16, 30), break_minutes=30, grace_minutes=5)


@pytest.mark.parametrize(
    "zone, back, forward",
    [(BERLIN, date(2026, 10, 24), date(2026, 3, 28)), (NEW_YORK, date(2026, 10, 31), date(2026, 3, 7))],
)
def test_an_overnight_shift_lasts_the_time_that_really_passed_across_dst(zone, back, forward):
    normal = NIGHT.on(date(2026, 6, 10), zone)
    assert normal is not None and normal.end - normal.start == timedelta(hours=8) and normal.scheduled_minutes == 450
    fall = NIGHT.on(back, zone)  # the clocks go back in the night: an hour more
    spring = NIGHT.on(forward, zone)  # forward: an hour less
    assert fall.end - fall.start == timedelta(hours=9) and fall.scheduled_minutes == 510
    assert spring.end - spring.start == timedelta(hours=7) and spring.scheduled_minutes == 390
    assert fall.end.astimezone(zone).time() == time(6) and spring.end.astimezone(zone).time() == time(6)


def test_an_occurrence_is_dated_by_the_day_it_starts_and_skips_days_off():
    friday = DAY.on(date(2026, 12, 4), BERLIN)
    assert friday is not None and (friday.start.astimezone(BERLIN).hour, friday.day) == (8, date(2026, 12, 4))
    assert DAY.on(date(2026, 12, 5), BERLIN) is None  # Saturday
    night = NIGHT.on(date(2026, 12, 4), BERLIN)
    assert night.end.astimezone(BERLIN).date() == date(2026, 12, 5)


def test_the_window_holds_the_sightings_of_an_occurrence_and_nothing_else():
    at = lambda d, h, m=0: datetime(2026, 12, d, h, m, tzinfo=BERLIN)  # noqa: E731
    morning = NIGHT.occurrence_at(at(5, 6, 2), BERLIN)  # leaving at 06:02: the shift that began the evening before
    assert morning is not None and morning.day == date(2026, 12, 4)
    assert NIGHT.occurrence_at(at(4, 21, 0), BERLIN).day == date(2026, 12, 4)  # early, within EARLY
    first_open = NIGHT.on(date(2026, 12, 4), BERLIN).start - EARLY
    assert NIGHT.occurrence_at(first_open, BERLIN).day == date(2026, 12, 4)
    assert DAY.occurrence_at(at(4, 16, 30) + LATE, BERLIN) is None  # the window has closed
    assert DAY.occurrence_at(at(5, 9), BERLIN) is None  # Saturday


def test_session_start_is_the_window_with_a_shift_and_the_maximum_length_without():
    at = datetime(2026, 12, 5, 6, 2, tzinfo=BERLIN)
    assert session_start(at, NIGHT, BERLIN) == NIGHT.on(date(2026, 12, 4), BERLIN).start - EARLY
    assert session_start(at, None, BERLIN) == at - MAX_SHIFT
    assert session_start(datetime(2026, 12, 5, 12, tzinfo=BERLIN), DAY, BERLIN) == datetime(2026, 12, 5, 12, tzinfo=BERLIN) - MAX_SHIFT


def test_weekdays_and_bad_shifts():
    assert parse_weekdays("mon-fri") == frozenset(range(5))
    assert parse_weekdays("sat,sun") == frozenset({5, 6}) == parse_weekdays("sat-sun")
    assert parse_weekdays("fri-mon") == frozenset({4, 5, 6, 0})
    with pytest.raises(ValueError, match="mon-fri"):
        parse_weekdays("monday")
    with pytest.raises(ValueError, match="same time"):
        Shift("x", time(8), time(8))
    with pytest.raises(ValueError, match="weekdays"):
        Shift("x", time(8), time(9), weekdays=frozenset())
    assert NIGHT.overnight and not DAY.overnight
    assert NIGHT.on(date(2026, 12, 4), timezone.utc).scheduled_minutes == 450
    with pytest.raises(ValueError, match="core time"):
        Shift("x", time(7), time(19), flex=Flex(480, time(6), time(15)))
    with pytest.raises(ValueError, match="fit"):
        Shift("x", time(7), time(15), break_minutes=30, flex=Flex(480, time(10), time(14)))


def test_a_flexible_shift_asks_for_its_hours_and_its_core_time_even_overnight():
    flex = Shift("flex", time(7), time(19), break_minutes=30, flex=Flex(480, time(10), time(15)))
    day = flex.on(date(2026, 12, 4), BERLIN)
    assert day.scheduled_minutes == 480
    assert (day.due_in.astimezone(BERLIN).hour, day.due_out.astimezone(BERLIN).hour) == (10, 15)
    assert (day.start.astimezone(BERLIN).hour, day.end.astimezone(BERLIN).hour) == (7, 19)
    night = Shift("night flex", time(20), time(8), flex=Flex(420, time(23), time(3)))  # the core across midnight
    occurrence = night.on(date(2026, 12, 4), BERLIN)
    assert occurrence.due_in == datetime(2026, 12, 4, 23, tzinfo=BERLIN) and occurrence.due_out == datetime(2026, 12, 5, 3, tzinfo=BERLIN)


def test_a_check_in_stays_open_until_its_window_ends_or_for_the_maximum_length():
    evening = datetime(2026, 12, 4, 21, 55, tzinfo=BERLIN)
    window_end = NIGHT.on(date(2026, 12, 4), BERLIN).window_end
    assert still_open(evening, window_end - timedelta(seconds=1), NIGHT, BERLIN)
    assert not still_open(evening, window_end, NIGHT, BERLIN)
    assert still_open(evening, evening + MAX_SHIFT, None, BERLIN) and not still_open(evening, evening + MAX_SHIFT + timedelta(seconds=1), None, BERLIN)
    assert not still_open(evening, evening - timedelta(minutes=1), None, BERLIN)  # a punch before it closes nothing


def test_a_version_8_database_gets_the_flexible_shift_columns_and_its_shifts_stay_fixed(tmp_path):
    from sqlalchemy import create_engine, text

    from attendance.db import open_database
    from attendance.migrations import MIGRATIONS, migrate
    from attendance.store import AttendanceStore

    engine = create_engine(f"sqlite:///{tmp_path / 'kiosk.db'}")
    assert migrate(engine, MIGRATIONS[:8]) == 8
    with engine.begin() as conn:  # version 8's shifts table, with one shift in it
        conn.execute(text("DROP TABLE shifts"))
        conn.execute(text("CREATE TABLE shifts (id INTEGER PRIMARY KEY, name VARCHAR(64) UNIQUE, start VARCHAR(5), "
                          "\"end\" VARCHAR(5), break_minutes INTEGER, grace_minutes INTEGER, weekdays VARCHAR(13), created DATETIME)"))
        conn.execute(text("INSERT INTO shifts (name, start, \"end\", break_minutes, grace_minutes, weekdays) VALUES ('day', '08:00', '16:30', 30, 5, '0,1,2,3,4')"))
    engine.dispose()
    store = AttendanceStore(open_database(tmp_path / 'kiosk.db'))
    try:
        assert store.shifts() == [DAY]
        store.save_shift(Shift("flex", time(7), time(19), flex=Flex(480, time(10), time(15))), actor="admin")
        assert {s.name: s.flex for s in store.shifts()}["flex"] == Flex(480, time(10), time(15))
    finally:
        store.close()


def test_a_version_6_database_gets_the_shift_and_time_off_tables_and_the_column(tmp_path):
    from sqlalchemy import create_engine, inspect, text

    from attendance.migrations import MIGRATIONS, _add_shifts, migrate, schema_version

    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        assert migrate(engine, MIGRATIONS[:6]) == 6
        with engine.begin() as conn:  # what version 6 of the program had: no shift tables
            for table in ("department_shifts", "leave", "holidays", "shifts"):
                conn.execute(text(f"DROP TABLE {table}"))
        assert migrate(engine) == MIGRATIONS[-1][0]
        with engine.connect() as conn:
            assert schema_version(conn) == MIGRATIONS[-1][0]
            assert {"shifts", "department_shifts", "leave", "holidays"} <= set(inspect(conn).get_table_names())
        bare = create_engine(f"sqlite:///{tmp_path / 'bare.db'}")
        with bare.begin() as conn:  # an employees table without the column: the step adds it
            conn.execute(text("CREATE TABLE employees (id INTEGER PRIMARY KEY, code VARCHAR(64))"))
            _add_shifts(conn)
            assert "shift_id" in {c["name"] for c in inspect(conn).get_columns("employees")}
        bare.dispose()
    finally:
        engine.dispose()
