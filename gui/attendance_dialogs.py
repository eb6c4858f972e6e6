"""Dialogs of the attendance page: add a check-in/out by hand, and give the reason for a correction.

Both refuse to finish without a reason: every correction is audited with it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from attendance.records import Employee, EventKind
from gui.i18n import clock_format, date_format, translate


def aware(wall_time: datetime, tz: tzinfo | None) -> datetime:
    """A naive wall time in ``tz`` (None: this computer's zone) as an aware datetime."""
    return wall_time.astimezone() if tz is None else wall_time.replace(tzinfo=tz)


@dataclass(frozen=True)
class ManualEvent:
    """A check-in or check-out the admin records by hand."""

    code: str
    kind: EventKind
    at: datetime  # aware
    reason: str


class _ReasonForm(QDialog):
    """A dialog whose OK button stays disabled until a reason is typed."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setPlaceholderText(self.tr("Why (required; kept in the audit log)"))
        self.reason_edit.setFixedHeight(80)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(self._check)
        self.form = QFormLayout(self)

    @property
    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()

    def _finish_layout(self) -> None:
        self.form.addRow(self.tr("Reason"), self.reason_edit)
        self.form.addRow(self.buttons)
        self._check()

    def _check(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.reason))


class ReasonDialog(_ReasonForm):
    """Ask why (e.g. why an event is voided)."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        label = QLabel(text)
        label.setWordWrap(True)
        self.form.addRow(label)
        self._finish_layout()

    @staticmethod
    def ask(parent: QWidget, title: str, text: str) -> str | None:
        dialog = ReasonDialog(title, text, parent)
        return dialog.reason if dialog.exec() == QDialog.DialogCode.Accepted else None


class ManualEventDialog(_ReasonForm):
    """Record a check-in/out by hand: employee, in or out, local date and time, reason."""

    def __init__(self, employees: list[Employee], tz: tzinfo | None, parent: QWidget | None = None) -> None:
        super().__init__(translate("ManualEventDialog", "Add an attendance event"), parent)
        self._tz = tz
        self.employee_combo = QComboBox()
        for employee in employees:
            self.employee_combo.addItem(f"{employee.code} — {employee.name}", employee.code)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(self.tr("check-in"), "in")
        self.kind_combo.addItem(self.tr("check-out"), "out")
        self.time_edit = QDateTimeEdit(QDateTime.currentDateTime())
        self.time_edit.setCalendarPopup(True)
        self.time_edit.setDisplayFormat(date_format() + " " + clock_format())
        self.time_edit.setMaximumDateTime(QDateTime.currentDateTime().addSecs(5 * 60))  # corrections record the past
        self.form.addRow(self.tr("Employee"), self.employee_combo)
        self.form.addRow(self.tr("Kind"), self.kind_combo)
        self.form.addRow(self.tr("Date and time"), self.time_edit)
        self.employee_combo.currentIndexChanged.connect(self._check)
        self._finish_layout()

    def _check(self) -> None:
        ok = bool(self.reason) and self.employee_combo.currentData() is not None
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def event_to_add(self) -> ManualEvent:
        wall = self.time_edit.dateTime().toPython()
        code, kind = self.employee_combo.currentData(), self.kind_combo.currentData()
        return ManualEvent(code, kind, aware(wall, self._tz), self.reason)

    @staticmethod
    def ask(parent: QWidget, employees: list[Employee], tz: tzinfo | None) -> ManualEvent | None:
        dialog = ManualEventDialog(employees, tz, parent)
        return dialog.event_to_add() if dialog.exec() == QDialog.DialogCode.Accepted else None
