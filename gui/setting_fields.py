"""The settings page's plain rows, from one table: each row names its setting, its label and its box; the
widget, its range, and how it shows and saves the value follow from the setting's own type and bounds in
``core.config`` (so a range is written once, there)."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import BaseModel
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLineEdit, QSpinBox, QWidget

from core.config import AppConfig

NO_UPPER_BOUND = 1_000_000


class Box(str, Enum):
    """The boxes of the settings page, in page order."""

    CAMERA = "Camera"
    DETECTOR = "Face detector"
    RECOGNIZER = "Face recognizer"
    RECOGNITION = "Recognition"
    LIVENESS = "Liveness"
    ATTENDANCE = "Attendance"


@dataclass(frozen=True)
class SettingRow:
    path: str  # "section.key" of AppConfig
    label: str  # the row's label; a checkbox's own text
    box: Box
    step: float = 1.0
    decimals: int = 2
    zero_text: str | None = None  # what the lowest value means, shown instead of it ("never")


ROWS = (
    SettingRow("detector.confidence", "Minimum confidence", Box.DETECTOR, step=0.05),
    SettingRow("recognizer.margin", "Margin over the runner-up", Box.RECOGNIZER, step=0.01),
    SettingRow("video.embed_every", "Embed a new face every N frames", Box.RECOGNITION),
    SettingRow("video.detect_every", "Run the detector every N frames", Box.RECOGNITION),
    SettingRow("video.min_looks", "Looks before deciding who it is", Box.RECOGNITION),
    SettingRow("liveness.enabled", "check that a live person stands in front of the camera (a photo or phone never checks in)", Box.LIVENESS),
    SettingRow("liveness.border", "refuse a face framed by a phone's or a print's edges", Box.LIVENESS),
    SettingRow("attendance.kiosk_id", "Kiosk id", Box.ATTENDANCE),
    SettingRow("attendance.mode", "Mode (auto: first in, later out)", Box.ATTENDANCE),
    SettingRow("attendance.cooldown_minutes", "Cooldown between punches (minutes)", Box.ATTENDANCE, decimals=1),
    SettingRow("attendance.max_shift_hours", "Without a shift, a check-in stays open for (hours)", Box.ATTENDANCE, decimals=1),
    SettingRow("attendance.admin_lock_minutes", "Lock the admin pages after idle (minutes)", Box.ATTENDANCE, decimals=0, zero_text="never"),
    SettingRow("attendance.keep_thumbnails", "store a face thumbnail with each check-in", Box.ATTENDANCE),
    SettingRow("enrolment.keep_photos", "keep enrolment photos (shown next to the live face in greetings)", Box.ATTENDANCE),
)


class SettingField:
    """One row's widget, made for its setting's type: shows a config's value, puts the edited one back."""

    def __init__(self, row: SettingRow) -> None:
        self.row = row
        self.section, self.key = row.path.split(".")
        section: type[BaseModel] = AppConfig.model_fields[self.section].annotation  # type: ignore[assignment]
        info = section.model_fields[self.key]
        self._type = info.annotation
        self.widget = self._make(info.metadata)

    @property
    def label(self) -> str:
        """The form's label: empty for a checkbox, which carries its text itself."""
        return "" if isinstance(self.widget, QCheckBox) else self.row.label

    def _make(self, bounds: list[Any]) -> QWidget:
        row = self.row
        if self._type is bool:
            return QCheckBox(row.label)
        if isinstance(self._type, type) and issubclass(self._type, Enum):
            combo = QComboBox()
            combo.addItems([member.value for member in self._type])
            return combo
        if self._type is str:
            edit = QLineEdit()
            edit.setMaxLength(next((b.max_length for b in bounds if hasattr(b, "max_length")), 32767))
            return edit
        tick = 1 if self._type is int else 10.0 ** -row.decimals
        low, high = -NO_UPPER_BOUND, NO_UPPER_BOUND
        for bound in bounds:  # pydantic's Field(ge=..., le=...) metadata
            if hasattr(bound, "ge"):
                low = bound.ge
            elif hasattr(bound, "gt"):
                low = bound.gt + tick
            elif hasattr(bound, "le"):
                high = bound.le
            elif hasattr(bound, "lt"):
                high = bound.lt - tick
        spin: QSpinBox | QDoubleSpinBox
        if self._type is int:
            spin = QSpinBox()
        else:
            spin = QDoubleSpinBox()
            spin.setDecimals(row.decimals)
        spin.setRange(low, high)
        spin.setSingleStep(row.step if self._type is not int else max(1, int(row.step)))
        if row.zero_text:
            spin.setSpecialValueText(row.zero_text)
        return spin

    def show(self, config: AppConfig) -> None:
        value = getattr(getattr(config, self.section), self.key)
        widget = self.widget
        if isinstance(widget, QCheckBox):
            widget.setChecked(value)
        elif isinstance(widget, QComboBox):
            widget.setCurrentText(value.value)
        elif isinstance(widget, QLineEdit):
            widget.setText(value)
        elif isinstance(widget, (QSpinBox, QDoubleSpinBox)):
            widget.setValue(value)

    def put(self, data: dict[str, Any]) -> None:
        """The edited value into ``data`` (a config's ``model_dump()``), to be validated with the rest."""
        widget = self.widget
        value: object
        if isinstance(widget, QCheckBox):
            value = widget.isChecked()
        elif isinstance(widget, QComboBox):
            value = widget.currentText()
        elif isinstance(widget, QLineEdit):
            value = widget.text().strip()
        elif isinstance(widget, (QSpinBox, QDoubleSpinBox)):
            value = widget.value()
        data[self.section][self.key] = value


def setting_fields() -> dict[str, SettingField]:
    """Every row of the table, by setting path."""
    return {row.path: SettingField(row) for row in ROWS}
