"""The settings page's plain rows, from one table: each row names its setting, its label and its box; the
widget, its range, and how it shows and saves the value follow from the setting's own type and bounds in
``core.config`` (so a range is written once, there)."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLineEdit, QSpinBox, QWidget

from core.config import AppConfig, Language
from gui.i18n import language_name, translate, value_text

NO_UPPER_BOUND = 1_000_000


class Box(str, Enum):
    """The boxes of the settings page, in page order; the value is the title (shown translated, context "SettingsPage")."""

    CAMERA = QT_TRANSLATE_NOOP("SettingsPage", "Camera")
    DETECTOR = QT_TRANSLATE_NOOP("SettingsPage", "Face detector")
    RECOGNIZER = QT_TRANSLATE_NOOP("SettingsPage", "Face recognizer")
    RECOGNITION = QT_TRANSLATE_NOOP("SettingsPage", "Recognition")
    LIVENESS = QT_TRANSLATE_NOOP("SettingsPage", "Liveness")
    ATTENDANCE = QT_TRANSLATE_NOOP("SettingsPage", "Attendance")
    DISPLAY = QT_TRANSLATE_NOOP("SettingsPage", "Display and sound")


@dataclass(frozen=True)
class SettingRow:
    path: str  # "section.key" of AppConfig
    label: str  # the row's label; a checkbox's own text (marked QT_TRANSLATE_NOOP("SettingField", ...), shown translated)
    box: Box
    step: float = 1.0
    decimals: int = 2
    zero_text: str | None = None  # what the lowest value means, shown instead of it ("never"; translated like the label)


ROWS = (
    SettingRow("detector.confidence", QT_TRANSLATE_NOOP("SettingField", "Minimum confidence"), Box.DETECTOR, step=0.05),
    SettingRow("recognizer.margin", QT_TRANSLATE_NOOP("SettingField", "Margin over the runner-up"), Box.RECOGNIZER, step=0.01),
    SettingRow("video.embed_every", QT_TRANSLATE_NOOP("SettingField", "Embed a new face every N frames"), Box.RECOGNITION),
    SettingRow("video.detect_every", QT_TRANSLATE_NOOP("SettingField", "Run the detector every N frames"), Box.RECOGNITION),
    SettingRow("video.min_looks", QT_TRANSLATE_NOOP("SettingField", "Looks before deciding who it is"), Box.RECOGNITION),
    SettingRow("liveness.enabled", QT_TRANSLATE_NOOP(
        "SettingField", "check that a live person stands in front of the camera (a photo or phone never checks in)"), Box.LIVENESS),
    SettingRow("liveness.border", QT_TRANSLATE_NOOP("SettingField", "refuse a face framed by a phone's or a print's edges"), Box.LIVENESS),
    SettingRow("liveness.screen", QT_TRANSLATE_NOOP(
        "SettingField", "refuse a face with a screen's colours instead of skin's"), Box.LIVENESS),
    SettingRow("liveness.challenge", QT_TRANSLATE_NOOP(
        "SettingField", "when unsure, ask the person to move their head (needs the facemesh model)"), Box.LIVENESS),
    SettingRow("liveness.mirrored_camera", QT_TRANSLATE_NOOP(
        "SettingField", "the camera gives a mirror image (a selfie view): swap left and right when asking"), Box.LIVENESS),
    SettingRow("attendance.kiosk_id", QT_TRANSLATE_NOOP("SettingField", "Kiosk id"), Box.ATTENDANCE),
    SettingRow("attendance.mode", QT_TRANSLATE_NOOP("SettingField", "Mode (auto: first in, later out)"), Box.ATTENDANCE),
    SettingRow("attendance.cooldown_minutes", QT_TRANSLATE_NOOP("SettingField", "Cooldown between punches (minutes)"), Box.ATTENDANCE,
               decimals=1),
    SettingRow("attendance.max_shift_hours", QT_TRANSLATE_NOOP("SettingField", "Without a shift, a check-in stays open for (hours)"),
               Box.ATTENDANCE, decimals=1),
    SettingRow("attendance.admin_lock_minutes", QT_TRANSLATE_NOOP("SettingField", "Lock the admin pages after idle (minutes)"),
               Box.ATTENDANCE, decimals=0, zero_text=QT_TRANSLATE_NOOP("SettingField", "never")),
    SettingRow("attendance.keep_thumbnails", QT_TRANSLATE_NOOP("SettingField", "store a face thumbnail with each check-in"), Box.ATTENDANCE),
    SettingRow("enrolment.keep_photos", QT_TRANSLATE_NOOP("SettingField", "keep enrolment photos (shown next to the live face in greetings)"),
               Box.ATTENDANCE),
    SettingRow("display.language", QT_TRANSLATE_NOOP("SettingField", "Language (when the app starts)"), Box.DISPLAY),
    SettingRow("display.high_contrast", QT_TRANSLATE_NOOP("SettingField", "high contrast: white on black, yellow buttons, bold type"),
               Box.DISPLAY),
    SettingRow("display.chime", QT_TRANSLATE_NOOP("SettingField", "chime on a check-in (and a lower tone on a refusal)"), Box.DISPLAY),
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
        return "" if isinstance(self.widget, QCheckBox) else translate("SettingField", self.row.label)

    def _make(self, bounds: list[Any]) -> QWidget:
        row = self.row
        if self._type is bool:
            return QCheckBox(translate("SettingField", row.label))
        if isinstance(self._type, type) and issubclass(self._type, Enum):
            combo = QComboBox()
            for member in self._type:
                combo.addItem(language_name(member) if isinstance(member, Language) else value_text(member), member.value)
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
            spin.setSpecialValueText(translate("SettingField", row.zero_text))
        return spin

    def show(self, config: AppConfig) -> None:
        value = getattr(getattr(config, self.section), self.key)
        widget = self.widget
        if isinstance(widget, QCheckBox):
            widget.setChecked(value)
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(widget.findData(value.value))
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
            value = widget.currentData()
        elif isinstance(widget, QLineEdit):
            value = widget.text().strip()
        elif isinstance(widget, (QSpinBox, QDoubleSpinBox)):
            value = widget.value()
        data[self.section][self.key] = value


def setting_fields() -> dict[str, SettingField]:
    """Every row of the table, by setting path."""
    return {row.path: SettingField(row) for row in ROWS}
