"""Attendance policy: check-in once a day, check-out by cooldown, explicit kiosks, days and zones."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.exc import OperationalError

from attendance.db import open_database
from attendance.events import AttendanceEvent
from attendance.policy import AttendancePolicy, PolicyConfig, PunchHistory, day_start, local_date
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


def test_auto_checks_in_once_then_out_after_each_cooldown(store: AttendanceStore, ann: int) -> None:
    p = policy(store)
    times = [at(3, 8), at(3, 8, 2), at(3, 8, 5), at(3, 8, 7), at(3, 8, 9), at(3, 12), at(3, 17, 30)]
    assert decisions(p, ann, times) == ["in", None, "out", None, None, "out", "out"]


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


def test_a_new_local_day_checks_in_again_even_within_the_cooldown(store: AttendanceStore, ann: int) -> None:
    p = policy(store)
    assert decisions(p, ann, [at(3, 23, 57), at(3, 23, 59), at(4, 0, 1), at(4, 0, 3)]) == ["in", None, "in", None]


def test_the_day_is_the_configured_zone_s(store: AttendanceStore, ann: int) -> None:
    # 18:00 and 18:45 UTC are 23:30 on the 3rd and 00:15 on the 4th in Kolkata (+05:30)
    times = [at(3, 18, tz=UTC), at(3, 18, 45, tz=UTC)]
    assert decisions(policy(store, tz=KOLKATA), ann, times) == ["in", "in"]
    bob = enrolled(store, "E2", "Bob").id
    assert decisions(policy(store, tz=UTC), bob, times) == ["in", "out"]


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


def test_policy_across_the_spring_forward_night(store: AttendanceStore, ann: int) -> None:
    p = policy(store)
    night = [at(30, 23, 58, month=3), datetime(2024, 3, 31, 0, 1, tzinfo=BERLIN), datetime(2024, 3, 31, 3, 30, tzinfo=BERLIN)]
    assert decisions(p, ann, night) == ["in", "in", "out"]


def test_a_restart_mid_day_remembers_stored_punches(store: AttendanceStore, ann: int) -> None:
    assert policy(store).decide(ann, at(3, 8)) == "in"
    store.add_event(punch(ann, "in", at(3, 8)))
    restarted = policy(store)
    assert decisions(restarted, ann, [at(3, 8, 3), at(3, 9), at(4, 8)]) == [None, "out", "in"]


def test_yesterday_s_punches_do_not_count_today(store: AttendanceStore, ann: int) -> None:
    store.add_event(punch(ann, "in", at(3, 23, 58)))
    assert policy(store).decide(ann, at(4, 0, 1)) == "in"


def test_an_unreadable_database_punches_rather_than_loses(store: AttendanceStore, ann: int, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("SELECT ...", {}, sqlite3.OperationalError("disk I/O error"))

    monkeypatch.setattr(store, "last_event_for", broken)
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
    assert policy(store).decide(ann, at(8, 9)) == "out"  # that day's "out" is later than the sighting: no cooldown


def test_a_correction_in_the_future_is_refused_unless_forced(store: AttendanceStore, ann: int) -> None:
    from attendance.errors import StoreError

    ahead = datetime.now(UTC) + timedelta(days=365)
    with pytest.raises(StoreError, match="is in the future"):
        store.add_manual_event("E1", "in", ahead, reason="typo", actor="admin")
    assert store.events() == []
    store.add_manual_event("E1", "in", datetime.now(UTC) + timedelta(minutes=2), reason="clock skew", actor="admin")
    assert len(store.events()) == 1
