"""The kiosk's way in without the face: a dialog for the employee code (typed, or typed by a USB badge reader)
and the personal check-in PIN; the admin's dialog to set that PIN."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from core.errors import KioskError
from core.text import Message, sentence
from gui.i18n import message_text
from gui.keypad import Keypad
from gui.pin import pin_field
from services.admin_pin import MAX_PIN_LENGTH, MIN_PIN_LENGTH, PinError, PinRuleError
from services.code_checkin import PIN_RULE, CodeCheckIn, CodeCheckInResult
from services.greeting import Greeting
from services.runtime import Runtime


def _lay_out(
    dialog: QDialog, message: QLabel, form: QFormLayout, ok: Callable[[], None], keypad: QWidget | None = None
) -> None:
    """The dialogs' one shape: a message, the fields, an on-screen keypad where there is one, OK (``ok`` decides
    whether to close) and Cancel."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(ok)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(message)
    layout.addLayout(form)
    if keypad is not None:
        layout.addWidget(keypad)
    layout.addWidget(buttons)


class CodeCheckInDialog(QDialog):
    """Employee code and PIN; ``submit`` decides, a refusal is shown and the PIN field cleared. When the PIN
    typed was the employee's one-time setup code, the dialog asks for their own PIN twice and ``choose`` sets
    it and checks them in."""

    def __init__(
        self,
        submit: Callable[[str, str], CodeCheckInResult],
        choose: Callable[[str, str, str], CodeCheckInResult],
        code: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Check in with code"))
        self._submit = submit
        self._choose = choose
        self._setup_code: str | None = None
        self.result_: CodeCheckInResult | None = None
        self.code = QLineEdit(code)
        self.code.setObjectName("checkinCode")
        self.code.setAccessibleName(self.tr("Employee code"))
        self.pin = pin_field()
        self.pin.setAccessibleName(self.tr("Check-in PIN"))
        self.new_pin, self.new_pin_again = pin_field(), pin_field()
        self.new_pin.setAccessibleName(self.tr("Your new PIN"))
        self.new_pin_again.setAccessibleName(self.tr("New PIN again"))
        self.message = QLabel(self.tr("Your employee code (or hold your badge to the reader) and your check-in PIN."))
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Employee code"), self.code)
        form.addRow(self.tr("PIN"), self.pin)
        self._new_rows = (QLabel(self.tr("Your new PIN")), QLabel(self.tr("New PIN again")))
        form.addRow(self._new_rows[0], self.new_pin)
        form.addRow(self._new_rows[1], self.new_pin_again)
        for widget in (*self._new_rows, self.new_pin, self.new_pin_again):
            widget.hide()
        self.keypad = Keypad([self.code, self.pin, self.new_pin, self.new_pin_again])  # check-in by touch alone
        _lay_out(self, self.message, form, self.try_check_in, self.keypad)
        (self.pin if code else self.code).setFocus()

    @property
    def choosing_pin(self) -> bool:
        return self._setup_code is not None

    def try_check_in(self) -> None:
        if self.choosing_pin:
            self._try_choose()
            return
        if not self.code.text().strip() or not self.pin.text():
            self.message.setText(self.tr("Enter your employee code and your PIN."))
            return
        result = self._submit(self.code.text(), self.pin.text())
        if result.choose_pin:
            self._setup_code = self.pin.text()
            for widget in (*self._new_rows, self.new_pin, self.new_pin_again):
                widget.show()
            self.pin.setEnabled(False)
            self.code.setEnabled(False)
            self.new_pin.setFocus()
        self.pin.clear()
        self._done(result)

    def _try_choose(self) -> None:
        if self.new_pin.text() != self.new_pin_again.text():
            self.message.setText(self.tr("The two new PINs differ."))
            return
        assert self._setup_code is not None
        self._done(self._choose(self.code.text(), self._setup_code, self.new_pin.text()))

    def _done(self, result: CodeCheckInResult) -> None:
        if result.ok:
            self.result_ = result
            self.accept()
        else:
            self.message.setText(message_text(result.message))


class CheckInPinDialog(QDialog):
    """The admin sets an employee's check-in PIN (typed twice)."""

    def __init__(self, who: str, save: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Check-in PIN"))
        self._save = save
        self.first, self.second = pin_field(), pin_field()
        self.message = QLabel(
            self.tr("The PIN {who} types with their code to check in without the face ({low}-{high} digits).").format(
                who=who, low=MIN_PIN_LENGTH, high=MAX_PIN_LENGTH)
        )
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("PIN"), self.first)
        form.addRow(self.tr("PIN again"), self.second)
        _lay_out(self, self.message, form, self.try_save)

    def try_save(self) -> None:
        if self.first.text() != self.second.text():
            self.message.setText(self.tr("The two PINs differ."))
            return
        try:
            self._save(self.first.text())
        except PinRuleError:
            self.message.setText(message_text(Message(PIN_RULE, low=MIN_PIN_LENGTH, high=MAX_PIN_LENGTH)))
            return
        except PinError as exc:
            self.message.setText(sentence(str(exc)))
            return
        self.accept()


class NoFaceEmployeeDialog(QDialog):
    """Enrolment without face data: code, name, department and a check-in PIN, nothing biometric."""

    def __init__(self, save: Callable[[str, str, str | None, str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add an employee without face data"))
        self._save = save
        self.code, self.name, self.department = QLineEdit(), QLineEdit(), QLineEdit()
        self.first, self.second = pin_field(), pin_field()
        self.message = QLabel(self.tr("They check in with their code (or badge) and this PIN; no photo, no template is taken."))
        self.message.setWordWrap(True)
        form = QFormLayout()
        for label, field in ((self.tr("Code"), self.code), (self.tr("Name"), self.name), (self.tr("Department"), self.department),
                             (self.tr("Check-in PIN"), self.first), (self.tr("PIN again"), self.second)):
            form.addRow(label, field)
        _lay_out(self, self.message, form, self.try_save)

    def try_save(self) -> None:
        if not self.code.text().strip() or not self.name.text().strip():
            self.message.setText(self.tr("Give the code and the name."))
            return
        if self.first.text() != self.second.text():
            self.message.setText(self.tr("The two PINs differ."))
            return
        try:
            self._save(self.code.text(), self.name.text(), self.department.text().strip() or None, self.first.text())
        except KioskError as exc:
            self.message.setText(sentence(str(exc)))
            return
        self.accept()


def check_in_with_code(runtime: Runtime, code: str, parent: QWidget) -> Greeting | None:
    """The way in without the face: the dialog for the code (or badge) and check-in PIN, the punch at the
    kiosk's attendance desk; the greeting to show, None when cancelled."""
    checkin = CodeCheckIn(runtime.store, runtime.desk)
    dialog = CodeCheckInDialog(
        lambda c, pin: checkin.check_in(c, pin, datetime.now(timezone.utc)),
        lambda c, setup, pin: checkin.choose_pin(c, setup, pin, datetime.now(timezone.utc)),
        code, parent,
    )
    if dialog.exec() != CodeCheckInDialog.DialogCode.Accepted or dialog.result_ is None:
        return None
    return dialog.result_.greeting
