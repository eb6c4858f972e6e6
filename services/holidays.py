"""Company holidays from an iCalendar file (a public-holiday calendar): its all-day events, stored one by one."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from attendance.store import AttendanceStore
from core.errors import KioskError


def all_day_events(data: bytes) -> list[tuple[date, str]]:
    """The all-day events of an iCalendar file as (day, name); ``KioskError`` for a file that is not one."""
    import icalendar

    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError as exc:
        raise KioskError(f"not an iCalendar file: {str(exc).splitlines()[0] if str(exc) else exc}") from None
    found = []
    for event in calendar.walk("VEVENT"):
        start = getattr(event.get("DTSTART"), "dt", None)
        if isinstance(start, date) and not isinstance(start, datetime):  # all-day events only
            found.append((start, str(event.get("SUMMARY", "holiday")).strip() or "holiday"))
    return sorted(found)


def import_holidays(store: AttendanceStore, path: Path, *, actor: str) -> list[tuple[date, str]]:
    """Store the all-day events of ``path`` as holidays (audited); the days imported."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KioskError(f"cannot read {path}: {exc.strerror}") from None
    days = all_day_events(data)
    if not days:
        raise KioskError(f"{path.name}: no all-day events (a holiday calendar has one per holiday)")
    for day, name in days:
        store.add_holiday(day, name, actor=actor)
    return days
