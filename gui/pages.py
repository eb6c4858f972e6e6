"""The window's pages, by name: the live view and the admin pages behind the PIN, in navigation order."""
from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QT_TRANSLATE_NOOP


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
        """Its line in the navigation list, in English (shown translated, context "Page")."""
        return _TITLES[self]


_TITLES = {
    Page.KIOSK: QT_TRANSLATE_NOOP("Page", "Live view"),
    Page.ENROL: QT_TRANSLATE_NOOP("Page", "Enrol"),
    Page.EMPLOYEES: QT_TRANSLATE_NOOP("Page", "Employees"),
    Page.ATTENDANCE: QT_TRANSLATE_NOOP("Page", "Attendance"),
    Page.SHIFTS: QT_TRANSLATE_NOOP("Page", "Shifts"),
    Page.KIOSKS: QT_TRANSLATE_NOOP("Page", "Kiosks"),
    Page.SETTINGS: QT_TRANSLATE_NOOP("Page", "Settings"),
}
