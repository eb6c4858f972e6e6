"""The timesheet: rows per shift occurrence (overnight, DST, grace at its limit, rounding, absences, missing
check-outs, two kiosks), per day without a shift, period totals; random punches never give negative time or
pair a punch twice."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from attendance.records import Punched
from attendance.shifts import Flex, Shift
from attendance.timesheet import DayStatus, Person, period_totals, timesheet

BERLIN = ZoneInfo("Europe/Berlin")
ANN = Person(1, "ann", "Ann Lee", "Night desk")
BOB = Person(2, "bob", "Bob Ray", "Sales")
NIGHT = Shift("night", time(22), time(6), break_minutes=30, weekdays=frozenset(range(7)))
DAY = Shift("day", time(8), time(16, 30), break_minutes=30, grace_minutes=5)
FLEX = Shift("flex", time(7), time(19), break_minutes=30, grace_minutes=5, flex=Flex(480, time(10), time(15)))
LATER = datetime(2027, 1, 1, tzinfo=timezone.utc)


def at(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=BERLIN).astimezone(timezone.utc)


def sheet(person, shift, punches, first, last=None, now=LATER, **options):
    return timesheet([person], {person.employee_id: punches}, {person.employee_id: shift}, first, last or first, BERLIN, now, **options)


def test_a_night_shift_is_one_row_dated_by_its_evening():
    [row] = sheet(ANN, NIGHT, [Punched("in", at(3, 21, 55)), Punched("out", at(4, 6, 10))], date(2026, 12, 3))
    assert (row.day, row.shift, row.status) == (date(2026, 12, 3), "night", DayStatus.PRESENT)
    assert (row.worked_minutes, row.late_minutes, row.early_leave_minutes, row.overtime_minutes) == (465, 0, 0, 15)


def test_grace_at_its_limit_is_not_late_one_minute_more_is():
    on_time = sheet(BOB, DAY, [Punched("in", at(3, 8, 5)), Punched("out", at(3, 16, 25))], date(2026, 12, 3))[0]
    late = sheet(BOB, DAY, [Punched("in", at(3, 8, 6)), Punched("out", at(3, 16, 24))], date(2026, 12, 3))[0]
    assert (on_time.late_minutes, on_time.early_leave_minutes, on_time.status) == (0, 0, DayStatus.PRESENT)
    assert (late.late_minutes, late.early_leave_minutes, late.status) == (6, 6, DayStatus.LATE)


def test_absent_and_missing_check_out_and_days_off():
    rows = sheet(BOB, DAY, [Punched("in", at(4, 8))], date(2026, 12, 3), date(2026, 12, 6))  # Thursday to Sunday
    assert [(r.day.day, r.status) for r in rows] == [(3, DayStatus.ABSENT), (4, DayStatus.MISSING_CHECK_OUT)]
    ongoing = sheet(BOB, DAY, [Punched("in", at(4, 8))], date(2026, 12, 4), now=at(4, 12))[0]
    assert ongoing.status is DayStatus.PRESENT  # still at work: not an exception yet
    from attendance.timesheet import exceptions

    waited_for = sheet(BOB, DAY, [], date(2026, 12, 4), now=at(4, 12))
    assert [r.status for r in waited_for] == [DayStatus.NOT_IN_YET] and exceptions(waited_for, {BOB.employee_id}) == []
    assert sheet(BOB, DAY, [], date(2026, 12, 4), now=at(4, 16, 30))[0].status is DayStatus.ABSENT  # the shift is over


def test_a_night_across_the_clocks_going_back_counts_the_hour_that_really_passed():
    [row] = sheet(ANN, NIGHT, [Punched("in", at(24, 22, month=10)), Punched("out", at(25, 6, month=10))], date(2026, 10, 24))
    assert row.worked_minutes == 9 * 60 - 30 and row.overtime_minutes == 0


def test_without_a_shift_a_night_is_one_row_of_unscheduled_work():
    [row] = sheet(ANN, None, [Punched("in", at(3, 22)), Punched("out", at(4, 6))], date(2026, 12, 3), date(2026, 12, 4))
    assert (row.day, row.status, row.worked_minutes) == (date(2026, 12, 3), DayStatus.UNSCHEDULED, 480)


def test_overtime_rounds_down_to_the_step():
    punches = lambda minutes: [Punched("in", at(3, 8)), Punched("out", at(3, 16, 30) + timedelta(minutes=minutes))]  # noqa: E731
    assert sheet(BOB, DAY, punches(14), date(2026, 12, 3), overtime_step=15)[0].overtime_minutes == 0
    assert sheet(BOB, DAY, punches(31), date(2026, 12, 3), overtime_step=15)[0].overtime_minutes == 30


def test_two_kiosks_each_logging_an_in_give_one_row():
    punches = [Punched("in", at(3, 7, 58)), Punched("in", at(3, 8, 1)), Punched("out", at(3, 16, 40))]
    [row] = sheet(BOB, DAY, punches, date(2026, 12, 3))
    assert (row.first_in, row.last_out, row.worked_minutes) == (at(3, 7, 58), at(3, 16, 40), 492)


def test_period_totals_per_person_and_department():
    rows = timesheet(
        [ANN, BOB], {1: [Punched("in", at(3, 22)), Punched("out", at(4, 6))], 2: [Punched("in", at(3, 8, 20)), Punched("out", at(3, 16, 30))]},
        {1: NIGHT, 2: DAY}, date(2026, 12, 3), date(2026, 12, 4), BERLIN, LATER,
    )
    totals = {t.key: t for t in period_totals(rows)}
    assert (totals["ann"].worked_minutes, totals["ann"].absences) == (450, 1)  # the night of the 4th: absent
    assert (totals["bob"].late_count, totals["bob"].late_minutes, totals["bob"].absences) == (1, 20, 1)
    assert [t.key for t in period_totals(rows, by_department=True)] == ["Night desk", "Sales"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["in", "out"]), st.integers(0, 7 * 24 * 60)), max_size=40), st.booleans())
def test_random_punches_never_give_negative_time_nor_pair_a_punch_twice(raw, with_shift):
    start = at(1, 0)
    punches = sorted({Punched(kind, start + timedelta(minutes=m)) for kind, m in raw}, key=lambda p: p.at)
    rows = sheet(ANN, NIGHT if with_shift else None, punches, date(2026, 12, 1), date(2026, 12, 7))
    used = [t for r in rows for t in (r.first_in, r.last_out) if t is not None]
    assert all(r.worked_minutes >= 0 and r.late_minutes >= 0 and r.overtime_minutes >= 0 for r in rows)
    assert len(used) == len(set(used))


def test_leave_and_holidays_are_not_absences_and_punches_on_them_still_count():
    rows = timesheet(
        [BOB], {2: [Punched("in", at(7, 8)), Punched("out", at(7, 16, 30))]}, {2: DAY}, date(2026, 12, 3), date(2026, 12, 7),
        BERLIN, LATER, leave={2: {date(2026, 12, 3)}}, holidays={date(2026, 12, 4), date(2026, 12, 7)},
    )
    assert [(r.day.day, r.status) for r in rows] == [(3, DayStatus.ON_LEAVE), (4, DayStatus.HOLIDAY), (7, DayStatus.PRESENT)]
    [totals] = period_totals(rows)
    assert (totals.leave_days, totals.absences, totals.worked_minutes) == (1, 0, 480)


def test_pay_periods_are_weeks_from_monday_and_calendar_months():
    from attendance.periods import PayPeriod

    thursday = date(2026, 12, 3)
    assert PayPeriod.WEEK.days(thursday) == (date(2026, 11, 30), date(2026, 12, 6))
    assert PayPeriod.LAST_WEEK.days(thursday) == (date(2026, 11, 23), date(2026, 11, 29))
    assert PayPeriod.TWO_WEEKS.days(thursday) == (date(2026, 11, 23), date(2026, 12, 6))
    assert PayPeriod.MONTH.days(date(2026, 2, 10)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert PayPeriod.LAST_MONTH.days(date(2026, 1, 31)) == (date(2025, 12, 1), date(2025, 12, 31))
    assert PayPeriod.WEEK.days(date(2026, 11, 30))[0] == date(2026, 11, 30)  # a Monday starts its own week


def test_the_exceptions_queue_names_what_to_correct():
    from attendance.timesheet import ExceptionKind, exceptions

    rows = timesheet(
        [ANN, BOB],
        {1: [Punched("in", at(3, 12)), Punched("out", at(3, 13))],  # ann works nights: this is outside her shift
         2: [Punched("in", at(3, 8)), Punched("out", at(3, 10)), Punched("in", at(4, 8))]},
        {1: NIGHT, 2: DAY}, date(2026, 12, 3), date(2026, 12, 4), BERLIN, LATER,
    )
    found = {(e.row.person.code, e.row.day.day, e.kind) for e in exceptions(rows, with_shift={1, 2})}
    assert found == {
        ("ann", 3, ExceptionKind.ABSENT), ("ann", 4, ExceptionKind.ABSENT), ("ann", 3, ExceptionKind.OUTSIDE_SHIFT),
        ("bob", 3, ExceptionKind.SHORT_DAY), ("bob", 4, ExceptionKind.MISSING_CHECK_OUT),
    }


def test_a_flexible_day_is_late_after_the_core_start_and_short_of_its_hours_is_an_early_leave():
    day = date(2026, 12, 3)
    early_bird = sheet(BOB, FLEX, [Punched("in", at(3, 7, 10)), Punched("out", at(3, 15, 45))], day)[0]
    assert (early_bird.worked_minutes, early_bird.late_minutes, early_bird.early_leave_minutes, early_bird.status) == (485, 0, 0, DayStatus.PRESENT)
    assert (early_bird.overtime_minutes, early_bird.scheduled_minutes) == (5, 480)
    late = sheet(BOB, FLEX, [Punched("in", at(3, 10, 20)), Punched("out", at(3, 19, 0))], day)[0]
    assert (late.late_minutes, late.early_leave_minutes, late.status) == (20, 0, DayStatus.LATE)
    short = sheet(BOB, FLEX, [Punched("in", at(3, 9)), Punched("out", at(3, 16))], day)[0]  # core kept, 6.5 h of 8
    assert (short.late_minutes, short.early_leave_minutes, short.status) == (0, 90, DayStatus.PRESENT)
    left_in_core = sheet(BOB, FLEX, [Punched("in", at(3, 7)), Punched("out", at(3, 14, 30))], day)[0]
    assert left_in_core.early_leave_minutes == 60  # 7 h worked: an hour owed (more than the 30 min before the core's end)
