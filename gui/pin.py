"""The admin PIN dialogs: enter the PIN (with the lockout shown), choose a new one, confirm settings changed outside
the app. The store is services/admin_pin.py."""
from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from core.text import Message, sentence
from gui.i18n import message_text, translate
from services.admin_pin import MAX_PIN_LENGTH, MIN_PIN_LENGTH, PinError, PinRuleError, PinStore
from services.code_checkin import PIN_RULE
from services.settings_guard import SettingChange


def pin_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setValidator(QRegularExpressionValidator(rf"\d{{0,{MAX_PIN_LENGTH}}}"))
    field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
    field.setObjectName("pinField")
    return field


class PinDialog(QDialog):
    """Asks for the admin PIN; shows attempts left and counts a lockout down with the field disabled."""

    def __init__(self, pins: PinStore, parent: QWidget | None = None, prompt: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Admin PIN"))
        self._pins = pins
        self.field = pin_field()
        self.message = QLabel(prompt or self.tr("Enter the admin PIN"))
        self.message.setWordWrap(True)
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self._buttons.accepted.connect(self._try)
        self._buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.field)
        layout.addWidget(self._buttons)
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)
        self._tick()

    def _try(self) -> None:
        result = self._pins.check(self.field.text())
        self.field.clear()
        if result.ok:
            self.accept()
        elif result.locked_for_s > 0:
            self._tick()
        else:
            self.message.setText(self.tr("Wrong PIN. Attempts left before a lockout: {attempts}.").format(attempts=result.attempts_left))

    def _tick(self) -> None:
        waiting = self._pins.locked_for()
        locked = waiting > 0
        self.field.setEnabled(not locked)
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not locked)
        if locked:
            self.message.setText(self.tr("Too many wrong PINs. Try again in {seconds} s.").format(seconds=math.ceil(waiting)))
            if not self._countdown.isActive():
                self._countdown.start()
        elif self._countdown.isActive():
            self._countdown.stop()
            self.message.setText(self.tr("Enter the admin PIN"))
            self.field.setFocus()


class NewPinDialog(QDialog):
    """Sets a new admin PIN (typed twice); with ``pins`` already set, the current PIN is asked first."""

    def __init__(self, pins: PinStore, parent: QWidget | None = None, intro: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Set the admin PIN"))
        self._pins = pins
        self._needs_current = pins.is_set
        self.current, self.first, self.second = pin_field(), pin_field(), pin_field()
        self.message = QLabel(
            intro or self.tr("The admin PIN protects the admin pages ({low}-{high} digits).").format(low=MIN_PIN_LENGTH, high=MAX_PIN_LENGTH)
        )
        self.message.setWordWrap(True)
        form = QFormLayout()
        if self._needs_current:
            form.addRow(self.tr("Current PIN"), self.current)
        form.addRow(self.tr("New PIN"), self.first)
        form.addRow(self.tr("New PIN again"), self.second)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _save(self) -> None:
        try:
            if self._needs_current:
                result = self._pins.check(self.current.text())
                if not result.ok:
                    self.current.clear()
                    self.message.setText(
                        self.tr("The current PIN is wrong (locked for {seconds} s).").format(seconds=math.ceil(result.locked_for_s))
                        if result.locked_for_s else
                        self.tr("The current PIN is wrong (attempts left: {attempts}).").format(attempts=result.attempts_left)
                    )
                    return
            if self.first.text() != self.second.text():
                self.message.setText(self.tr("The two new PINs differ."))
                return
            self._pins.set_pin(self.first.text())
        except PinRuleError:
            self.message.setText(message_text(Message(PIN_RULE, low=MIN_PIN_LENGTH, high=MAX_PIN_LENGTH)))
            return
        except PinError as exc:
            self.message.setText(sentence(str(exc)))
            return
        self.accept()


def changed_settings_text(changes: Sequence[SettingChange]) -> str:
    lines = "\n".join(f"  {change}" for change in changes)
    return translate(
        "PinDialog",
        "These security settings were changed outside the app (in the settings file or on the command line):\n{lines}\n\n"
        "Enter the admin PIN to accept them, or cancel to keep running with the accepted values.",
    ).format(lines=lines)


def accept_changed_settings(changes: Sequence[SettingChange], pins: PinStore, parent: QWidget | None = None) -> bool:
    """Ask the admin to confirm settings changed outside the app with the PIN; True once confirmed."""
    return PinDialog(pins, parent, prompt=changed_settings_text(changes)).exec() == QDialog.DialogCode.Accepted
