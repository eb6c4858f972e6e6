"""Pay periods: the days a timesheet covers, from the day it is asked on (weeks start on Monday)."""
from __future__ import annotations

from datetime import date, timedelta
from enum import Enum


class PayPeriod(str, Enum):
    """A pay period by name, as the command line and the Attendance page offer it."""

    WEEK = "week"  # this week, Monday to Sunday
    LAST_WEEK = "last-week"
    TWO_WEEKS = "two-weeks"  # last week and this one
    MONTH = "month"  # this calendar month
    LAST_MONTH = "last-month"

    @property
    def label(self) -> str:
        return {"week": "This week", "last-week": "Last week", "two-weeks": "Last two weeks", "month": "This month",
                "last-month": "Last month"}[self.value]

    def days(self, today: date) -> tuple[date, date]:
        """The first and last day (inclusive) of the period holding (or, for the "last" ones, before) ``today``."""
        monday = today - timedelta(days=today.weekday())
        if self is PayPeriod.WEEK:
            return monday, monday + timedelta(days=6)
        if self is PayPeriod.LAST_WEEK:
            return monday - timedelta(days=7), monday - timedelta(days=1)
        if self is PayPeriod.TWO_WEEKS:
            return monday - timedelta(days=7), monday + timedelta(days=6)
        first = today.replace(day=1)
        if self is PayPeriod.LAST_MONTH:
            first = (first - timedelta(days=1)).replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return first, following - timedelta(days=1)
