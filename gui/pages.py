"""The window's pages, by name: the live view and the admin pages behind the PIN, in navigation order."""
from __future__ import annotations

from enum import Enum


class Page(str, Enum):
    """A page of the main window; its value names its screenshot (``page-<value>.png``)."""

    KIOSK = "kiosk"
    ENROL = "enrol"
    EMPLOYEES = "employees"
    ATTENDANCE = "attendance"
    SHIFTS = "shifts"
    KIOSKS = "kiosks"
    SETTINGS = "settings"

    @property
    def title(self) -> str:
        """Its line in the navigation list."""
        return "Live view" if self is Page.KIOSK else self.value.capitalize()
