"""Attendance policy: punches paired by shift or by the open check-in (across midnight), the cooldown, explicit kiosks,
days and zones."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.exc import OperationalError

from attendance.db import open_database
from attendance.events import AttendanceEvent
from attendance.policy import AttendancePolicy, PolicyConfig, PunchHistory, day_start, local_date
from attendance.records import Punched
from attendance.shifts import Shift
from attendance.store import AttendanceStore
from tests.conftest import enrolled

BERLIN = ZoneInfo("Europe/Berlin")
KOLKATA = ZoneInfo("Asia/Kolkata")
UTC = timezone.utc


@pytest.fixture
def store(tmp_path: Path) -> Iterator[AttendanceStore]:
    with open_database(tmp_path / "kiosk.db") as database:
        yield AttendanceStore(database)


@pytest.fixture
def ann(store: AttendanceStore) -> int:
    return enrolled(store, "E1", "Ann").id


def policy(store: AttendanceStore, mode: str = "auto", tz=BERLIN, **extra) -> AttendancePolicy:
    config = PolicyConfig(kiosk_id="door", mode=mode, timezone=tz, **extra)  # type: ignore[arg-type]
    return AttendancePolicy(config, PunchHistory(store))


def at(day: int, hour: int, minute: int = 0, month: int = 6, tz=BERLIN) -> datetime:
    return datetime(2024, month, day, hour, minute, tzinfo=tz)


def decisions(p: AttendancePolicy, employee_id: int, times: list[datetime]) -> list[str | None]:
    return [p.decide(employee_id, t) for t in times]


def test_without_a_shift_an_open_in_is_closed_by_the_next_sighting_after_the_cooldown(store: AttendanceStore, ann: int) -> None:
    p = policy(store)
    times = [at(3, 8), at(3, 8, 2), at(3, 8, 5), at(3, 8, 7), at(3, 12), at(3, 17, 30)]
    assert decisions(p, ann, times) == ["in", None, "out", None, "in", "out"]


def test_a_night_worker_is_checked_out_in_the_morning_not_in_again(store: AttendanceStore, ann: int) -> None:
    """22:00 to 06:00 is one stretch of work: "Welcome" in the evening, "Goodbye" in the morning."""
    p = policy(store)
    assert decisions(p, ann, [at(3, 22), at(4, 6), at(4, 22), at(5, 6, 5)]) == ["in", "out", "in", "out"]


def test_an_in_older_than_the_longest_shift_is_not_closed_any_more(store: AttendanceStore, ann: int) -> None:
    p = policy(store, max_open=timedelta(hours=16))
    assert decisions(p, ann, [at(3, 8), at(4, 0, 1)]) == ["in", "in"]  # 16 h 1 min later: a new stretch (no check-out)


def test_with_a_shift_the_first_punch_of_an_occurrence_is_in_and_later_ones_out(store: AttendanceStore, ann: int) -> None:
    store.save_shift(Shift("night", time(22), time(6), weekdays=frozenset(range(7))), actor="admin")
    store.assign_shift("night", ["E1"], actor="admin")
    p = policy(store)
    times = [at(3, 21, 30), at(3, 22, 10), at(4, 2), at(4, 6, 2), at(4, 21, 50)]
    assert decisions(p, ann, times) == ["in", "out", "out", "out", "in"]  # the last "out" is the last time seen
    assert p.last_punch(ann, at(4, 6, 3)) == Punched("out", at(4, 6, 2).astimezone(UTC))


def test_a_department_s_shift_holds_for_its_people_without_their_own(store: AttendanceStore) -> None:
    bob = enrolled(store, "E2", "Bob", "Night desk").id
    store.save_shift(Shift("night", time(22), time(6), weekdays=frozenset(range(7))), actor="admin")
    store.set_department_shift("Night desk", "night", actor="admin")
    assert store.shift_of(bob) is not None and store.shift_of(bob).name == "night"
    assert decisions(policy(store), bob, [at(3, 22), at(4, 2), at(4, 6)]) == ["in", "out", "out"]


def test_two_kiosks_pair_each_other_s_punches(store: AttendanceStore, ann: int) -> None:
    front, back = policy(store), policy(store)
    assert front.decide(ann, at(3, 8)) == "in"
    store.add_event(punch(ann, "in", at(3, 8)))  # written by the front door's writer
    assert back.decide(ann, at(3, 17)) == "out"


def test_employees_are_independent(store: AttendanceStore, ann: int) -> None:
    bob = enrolled(store, "E2", "Bob").id
    p = policy(store)
    assert [p.decide(ann, at(3, 8)), p.decide(bob, at(3, 8, 1)), p.decide(ann, at(3, 8, 2))] == ["in", "in", None]


@pytest.mark.parametrize("mode", ["in", "out"])
def test_explicit_kiosks_punch_their_kind_outside_the_cooldown(store: AttendanceStore, ann: int, mode: str) -> None:
    p = policy(store, mode, cooldown=timedelta(minutes=10))
    times = [at(3, 8), at(3, 8, 9), at(3, 8, 10), at(3, 13)]
    assert decisions(p, ann, times) == [mode, None, mode, mode]


def test_an_entrance_kiosk_ignores_the_cooldown_of_check_outs(store: AttendanceStore, ann: int) -> None:
    store.add_event(AttendanceEvent(ann, "out", at(3, 12), 0.8, 0.2, "exit", 1, "r"))
    assert policy(store, "in").decide(ann, at(3, 12, 1)) == "in"


def test_the_shift_window_is_in_the_configured_zone(store: AttendanceStore, ann: int) -> None:
    store.save_shift(Shift("day", time(8), time(16), weekdays=frozenset(range(7))), actor="admin")
    store.assign_shift("day", ["E1"], actor="admin")
    # 02:00 UTC is 07:30 in Kolkata (+05:30), inside its 08:00 shift's window; in UTC it is outside every window
    kolkata = policy(store, tz=KOLKATA)
    assert decisions(kolkata, ann, [at(3, 2, tz=UTC), at(3, 3, tz=UTC)]) == ["in", "out"]


def test_day_boundaries_across_daylight_saving_changes() -> None:
    # Berlin springs forward on 2024-03-31 (a 23-hour day) and falls back on 2024-10-27 (25 hours)
    assert day_start(date(2024, 3, 31), BERLIN) == datetime(2024, 3, 30, 23, tzinfo=UTC)
    assert day_start(date(2024, 4, 1), BERLIN) - day_start(date(2024, 3, 31), BERLIN) == timedelta(hours=23)
    assert day_start(date(2024, 10, 28), BERLIN) - day_start(date(2024, 10, 27), BERLIN) == timedelta(hours=25)
    assert local_date(datetime(2024, 10, 27, 22, 59, tzinfo=UTC), BERLIN) == date(2024, 10, 27)
    assert local_date(datetime(2024, 10, 27, 23, 0, tzinfo=UTC), BERLIN) == date(2024, 10, 28)
    # Santiago skips from 00:00 to 01:00 on 2024-09-08: the day starts at the first real instant
    assert day_start(date(2024, 9, 8), ZoneInfo("America/Santiago")) == datetime(2024, 9, 8, 4, tzinfo=UTC)
    # no zone: this computer's local day
    assert local_date(day_start(date(2024, 6, 3), None), None) == date(2024, 6, 3)


def punch(employee_id: int, kind: str, when: datetime) -> AttendanceEvent:
    return AttendanceEvent(employee_id, kind, when, 0.8, 0.2, "door", 1, "r")


@pytest.mark.parametrize("night", [(30, 3, 31), (26, 10, 27)])  # Berlin springs forward, falls back
def test_a_night_across_a_dst_change_pairs_its_punches(store: AttendanceStore, ann: int, night) -> None:
    evening, month, morning = night
    times = [at(evening, 22, month=month), at(evening, 22, 3, month=month), at(morning, 6, month=month)]
    assert decisions(policy(store), ann, times) == ["in", None, "out"]


def test_a_restart_mid_day_remembers_stored_punches(store: AttendanceStore, ann: int) -> None:
    assert policy(store).decide(ann, at(3, 8)) == "in"
    store.add_event(punch(ann, "in", at(3, 8)))
    restarted = policy(store)
    assert decisions(restarted, ann, [at(3, 8, 3), at(3, 9), at(4, 8)]) == [None, "out", "in"]


def test_an_in_just_before_midnight_is_closed_just_after_it(store: AttendanceStore, ann: int) -> None:
    store.add_event(punch(ann, "in", at(3, 23, 50)))
    assert policy(store).decide(ann, at(4, 0, 10)) == "out"


def test_an_unreadable_database_punches_rather_than_loses(store: AttendanceStore, ann: int, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("SELECT ...", {}, sqlite3.OperationalError("disk I/O error"))

    monkeypatch.setattr(store, "punches_since", broken)
    assert decisions(policy(store), ann, [at(3, 8), at(3, 8, 1)]) == ["in", None]


def test_config_is_checked() -> None:
    with pytest.raises(ValueError, match="mode"):
        PolicyConfig(mode="both")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="cooldown"):
        PolicyConfig(cooldown=timedelta(minutes=-1))
    with pytest.raises(ValueError, match="timezone-aware"):
        AttendancePolicy(PolicyConfig(), PunchHistory(None)).decide(1, datetime(2024, 6, 3, 8))  # type: ignore[arg-type]


def test_a_punch_dated_ahead_never_silences_today(store: AttendanceStore, ann: int) -> None:
    """A correction typed a year ahead, or a kiosk whose clock was set back: today's first sighting is still
    an "in", and a punch later than the sighting (a negative gap) never counts as the cooldown."""
    store.add_manual_event("E1", "in", at(7, 8, month=6).replace(year=2025), reason="typo", actor="admin", allow_future=True)
    p = policy(store)
    assert p.decide(ann, at(7, 8)) == "in"
    store.add_manual_event("E1", "out", at(8, 9, 30), reason="clock ahead", actor="admin", allow_future=True)
    assert policy(store).decide(ann, at(8, 9)) == "in"  # the "out" is later than the sighting: no cooldown, no pairing


def test_a_correction_in_the_future_is_refused_unless_forced(store: AttendanceStore, ann: int) -> None:
    from attendance.errors import StoreError

    ahead = datetime.now(UTC) + timedelta(days=365)
    with pytest.raises(StoreError, match="is in the future"):
        store.add_manual_event("E1", "in", ahead, reason="typo", actor="admin")
    assert store.events() == []
    store.add_manual_event("E1", "in", datetime.now(UTC) + timedelta(minutes=2), reason="clock skew", actor="admin")
    assert len(store.events()) == 1
