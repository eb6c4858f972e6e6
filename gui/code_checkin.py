"""The kiosk's way in without the face: a dialog for the employee code (typed, or typed by a USB badge reader)
and the personal check-in PIN; the admin's dialog to set that PIN."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from gui.pin import pin_field
from pipeline.errors import KioskError
from services.admin_pin import MAX_PIN_LENGTH, MIN_PIN_LENGTH, PinError
from services.code_checkin import CodeCheckInResult


class CodeCheckInDialog(QDialog):
    """Employee code and PIN; ``submit`` decides, a refusal is shown and the PIN field cleared."""

    def __init__(self, submit: Callable[[str, str], CodeCheckInResult], code: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Check in with code")
        self._submit = submit
        self.result_: CodeCheckInResult | None = None
        self.code = QLineEdit(code)
        self.code.setObjectName("checkinCode")
        self.pin = pin_field()
        self.message = QLabel("Your employee code (or hold your badge to the reader) and your check-in PIN.")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Employee code", self.code)
        form.addRow("PIN", self.pin)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_check_in)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(buttons)
        (self.pin if code else self.code).setFocus()

    def try_check_in(self) -> None:
        if not self.code.text().strip() or not self.pin.text():
            self.message.setText("Enter your employee code and your PIN.")
            return
        result = self._submit(self.code.text(), self.pin.text())
        self.pin.clear()
        if result.ok:
            self.result_ = result
            self.accept()
        else:
            self.message.setText(result.message)


class CheckInPinDialog(QDialog):
    """The admin sets an employee's check-in PIN (typed twice)."""

    def __init__(self, who: str, save: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Check-in PIN")
        self._save = save
        self.first, self.second = pin_field(), pin_field()
        self.message = QLabel(f"The PIN {who} types with their code to check in without the face ({MIN_PIN_LENGTH}-{MAX_PIN_LENGTH} digits).")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow("PIN", self.first)
        form.addRow("PIN again", self.second)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def try_save(self) -> None:
        if self.first.text() != self.second.text():
            self.message.setText("The two PINs differ.")
            return
        try:
            self._save(self.first.text())
        except PinError as exc:
            self.message.setText(f"{str(exc)[:1].upper()}{str(exc)[1:]}.")
            return
        self.accept()


class NoFaceEmployeeDialog(QDialog):
    """Enrolment without face data: code, name, department and a check-in PIN, nothing biometric."""

    def __init__(self, save: Callable[[str, str, str | None, str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add an employee without face data")
        self._save = save
        self.code, self.name, self.department = QLineEdit(), QLineEdit(), QLineEdit()
        self.first, self.second = pin_field(), pin_field()
        self.message = QLabel("They check in with their code (or badge) and this PIN; no photo, no template is taken.")
        self.message.setWordWrap(True)
        form = QFormLayout()
        for label, field in (("Code", self.code), ("Name", self.name), ("Department", self.department),
                             ("Check-in PIN", self.first), ("PIN again", self.second)):
            form.addRow(label, field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def try_save(self) -> None:
        if not self.code.text().strip() or not self.name.text().strip():
            self.message.setText("Give the code and the name.")
            return
        if self.first.text() != self.second.text():
            self.message.setText("The two PINs differ.")
            return
        try:
            self._save(self.code.text(), self.name.text(), self.department.text().strip() or None, self.first.text())
        except KioskError as exc:
            self.message.setText(f"{str(exc)[:1].upper()}{str(exc)[1:]}.")
            return
        self.accept()
