"""The settings page: video source, detector, recognizer, device, thresholds, recognition pace, attendance,
model files (with downloads), admin PIN. Saving validates the whole config and writes the TOML file."""
from __future__ import annotations

from pathlib import Path
from typing import get_args

from pydantic import ValidationError
from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.config import AppConfig, Precision, RecognizerArch, save_config, validation_problems
from gui.context import GuiContext
from gui.i18n import number_text, translate, value_text
from gui.models import ModelDownloads, ModelsTable
from gui.pin import NewPinDialog
from gui.setting_fields import Box, setting_fields
from gui.widgets import documents_path
from services.admin_pin import PinStore

LIVENESS_CUES = ("liveness.border", "liveness.screen", "liveness.challenge", "liveness.mirrored_camera")  # switched off with the liveness check

DETECTOR_KINDS = (("YOLO face", "yolo"), ("YuNet", "yunet"), ("MTCNN", "mtcnn"))  # product names, not translated


def video_filter() -> str:
    """The file dialog's filter for video files."""
    return translate("SettingsPage", "Videos") + " (*.mp4 *.avi *.mkv *.mov *.webm);;" + translate("SettingsPage", "All files") + " (*)"


def model_filter() -> str:
    """The file dialog's filter for model files."""
    return translate("SettingsPage", "Model files") + " (*.pt *.pth *.ckpt *.onnx *.tflite);;" + translate("SettingsPage", "All files") + " (*)"


def _spin(low: int, high: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    return spin


def _double(low: float, high: float, step: float, decimals: int = 2) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(low, high)
    spin.setSingleStep(step)
    spin.setDecimals(decimals)
    return spin


def _editable(items: list[str]) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.addItems(items)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(16)  # long file paths must not widen the window
    return combo


def _with_browse(field: QWidget, browse: QPushButton) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(field, 1)
    layout.addWidget(browse)
    return row


def available_devices() -> str:
    """The torch devices this computer has, e.g. "cpu, cuda (NVIDIA ...)"."""
    import torch

    from pipeline.recognizers.torch_batches import cpu_has_bf16

    found = ["cpu (native bf16)" if cpu_has_bf16() else "cpu"]
    if torch.cuda.is_available():
        found.append(f"cuda ({torch.cuda.get_device_name(0)})")
    if torch.backends.mps.is_available():
        found.append("mps")
    return ", ".join(found)


class SettingsPage(QWidget):
    """Edits a copy of the running config; ``saved`` carries the validated config once it is on disk."""

    saved = Signal(object)  # AppConfig
    source_chosen = Signal(str)

    def __init__(self, context: GuiContext, pins: PinStore, downloads: ModelDownloads, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsPage")
        self._context = context
        self._pins = pins
        registry = context.runtime.registry

        self.source = _editable(["0", "1", "2"])
        browse_video = QPushButton(self.tr("Video file..."))
        browse_video.clicked.connect(self._browse_video)
        use_source = QPushButton(self.tr("Use this source"))
        use_source.clicked.connect(self._use_source)
        source_row = _with_browse(self.source, browse_video)
        source_row.layout().addWidget(use_source)

        self.detector_kind = QComboBox()
        self.detector_kind.addItem(self.tr("automatic (best present)"), None)
        for label, value in DETECTOR_KINDS:
            self.detector_kind.addItem(label, value)
        self.detector_weights = _editable([""] + [m.name for m in registry.of_kind("detector")])
        self.fields = setting_fields()  # the plain rows, bound to their settings by one table

        self.recognizer_arch = QComboBox()
        self.recognizer_arch.addItem(self.tr("automatic (best present)"), None)
        for arch in get_args(RecognizerArch):
            self.recognizer_arch.addItem(arch, arch)
        self.recognizer_weights = _editable([""] + [m.name for m in registry.of_kind("recognizer")])
        self.device = _editable(["auto", "cpu", "cuda", "mps"])
        self.devices_found = QLabel(self.tr("this computer: ..."))
        self._devices_listed = False  # the line is filled when the page is first shown: listing the devices needs torch
        self.precision = QComboBox()
        self.precision.addItems(list(get_args(Precision)))
        self.precision.setToolTip(self.tr("AdaFace only. auto: fp16 on CUDA, fp32 elsewhere; bf16 on CPUs with native bf16"))
        self.calibrated = QCheckBox(self.tr("derive the threshold from the strangers allowed and the people enrolled"))
        self.threshold = _double(-1.0, 1.0, 0.01)
        self.strangers = _spin(10, 1_000_000)
        self.strangers.setPrefix(self.tr("1 in "))
        self.strangers.setToolTip(self.tr("How many strangers (visitors, couriers) may pass before one is taken for an employee"))
        self.fpir_label = QLabel()
        self.fpir_label.setObjectName("fpirLabel")
        self.fpir_label.setWordWrap(True)
        self.calibrated.toggled.connect(lambda on: (self.threshold.setEnabled(not on), self.strangers.setEnabled(on)))

        self.liveness_threshold = _double(0.05, 0.95, 0.05)
        self.liveness_threshold.setToolTip(self.tr("the mean live score a track must reach when it is not clear at once"))
        liveness_on = self.field("liveness.enabled")
        assert isinstance(liveness_on, QCheckBox)
        liveness_on.toggled.connect(self.liveness_threshold.setEnabled)
        for path in LIVENESS_CUES:
            liveness_on.toggled.connect(self.field(path).setEnabled)

        self.models = ModelsTable(registry, context.runtime.models_dir, downloads)
        self.models.table.setMinimumHeight(260)

        change_pin = QPushButton(self.tr("Change admin PIN..."))
        change_pin.clicked.connect(self._change_pin)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("saveSettings")
        self.save_button.clicked.connect(self.save)
        revert = QPushButton(self.tr("Revert"))
        revert.clicked.connect(self.refresh)
        self.status = QLabel()
        self.status.setObjectName("settingsStatus")
        self.status.setWordWrap(True)

        forms = {box: QFormLayout() for box in Box}
        camera, detector, recognizer, liveness = forms[Box.CAMERA], forms[Box.DETECTOR], forms[Box.RECOGNIZER], forms[Box.LIVENESS]
        camera.addRow(self.tr("Camera index or video file"), source_row)
        detector.addRow(self.tr("Detector"), self.detector_kind)
        detector.addRow(self.tr("Weights (registry name or file)"), self._browsable(self.detector_weights))
        recognizer.addRow(self.tr("Recognizer"), self.recognizer_arch)
        recognizer.addRow(self.tr("Weights (registry name or file)"), self._browsable(self.recognizer_weights))
        recognizer.addRow(self.tr("Device"), self.device)
        recognizer.addRow("", self.devices_found)
        recognizer.addRow(self.tr("Precision (AdaFace)"), self.precision)
        recognizer.addRow("", self.calibrated)
        recognizer.addRow(self.tr("Strangers taken for an employee"), self.strangers)
        recognizer.addRow("", self.fpir_label)
        recognizer.addRow(self.tr("Fixed match threshold (cosine)"), self.threshold)
        liveness.addRow(self.tr("Live-score threshold"), self.liveness_threshold)
        for field in self.fields.values():
            forms[field.row.box].addRow(field.label, field.widget)

        body = QWidget()
        column = QVBoxLayout(body)
        for box_name, content in forms.items():
            box = QGroupBox(self.tr(box_name.value))
            box.setLayout(content)
            column.addWidget(box)
        models_box = QGroupBox(self.tr("Model files"))
        models_layout = QVBoxLayout(models_box)
        models_layout.addWidget(self.models)
        column.addWidget(models_box)
        admin_box = QGroupBox(self.tr("Admin"))
        QVBoxLayout(admin_box).addWidget(change_pin)
        column.addWidget(admin_box)
        column.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(revert)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.refresh()

    def field(self, path: str) -> QWidget:
        """The widget of the table's row for the setting ``path`` ("section.key")."""
        return self.fields[path].widget

    def _browsable(self, combo: QComboBox) -> QWidget:
        button = QPushButton(self.tr("File..."))
        button.clicked.connect(lambda: self._browse_model(combo))
        return _with_browse(combo, button)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        if not self._devices_listed:
            self._devices_listed = True
            self.devices_found.setText(self.tr("this computer: {devices}").format(devices=available_devices()))
        super().showEvent(event)

    # -- loading and saving ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the running config (discarding unsaved edits)."""
        config = self._context.runtime.config
        self.source.setCurrentText(self._context.source)
        self.detector_kind.setCurrentIndex(max(0, self.detector_kind.findData(config.detector.kind)))
        self.detector_weights.setCurrentText(config.detector.weights or "")
        self.recognizer_arch.setCurrentIndex(max(0, self.recognizer_arch.findData(config.recognizer.arch)))
        self.recognizer_weights.setCurrentText(config.recognizer.weights or "")
        self.device.setCurrentText(config.recognizer.device)
        self.precision.setCurrentText(config.recognizer.precision)
        self.calibrated.setChecked(config.recognizer.threshold is None)
        self.threshold.setEnabled(config.recognizer.threshold is not None)
        self.threshold.setValue(config.recognizer.threshold if config.recognizer.threshold is not None else self._calibrated())
        self.strangers.setValue(round(1.0 / config.recognizer.target_fpir))
        self.strangers.setEnabled(config.recognizer.threshold is None)
        self.fpir_label.setText(self._fpir_text())
        for field in self.fields.values():
            field.show(config)
        self.liveness_threshold.setValue(config.liveness.threshold)
        self.liveness_threshold.setEnabled(config.liveness.enabled)
        for path in LIVENESS_CUES:
            self.field(path).setEnabled(config.liveness.enabled)
        self.models.set_folder(self._context.runtime.models_dir)
        self.status.setText(self.tr("Settings file: {file}").format(file=self._context.config_path))

    def _fpir_text(self) -> str:
        """What today's threshold means at the door, for the admin."""
        runtime = self._context.runtime
        try:
            fpir, people, threshold = runtime.expected_fpir(), runtime.enrolled_people(), runtime.threshold
        except Exception:  # noqa: BLE001 - no recognizer present yet: nothing to say
            return ""
        if fpir is None:
            return self.tr("No open-set calibration for this recognizer: the threshold is fixed at {threshold}.").format(
                threshold=number_text(threshold, 3))
        odds = self.tr("1 stranger in {count}").format(count=number_text(round(1.0 / fpir))) if fpir > 0 else self.tr("no stranger")
        text = self.tr("With {people} people enrolled, about {odds} would be taken for an employee (threshold {threshold}).").format(
            people=number_text(people), odds=odds, threshold=number_text(threshold, 3))
        calibration = runtime.calibration
        if calibration is not None and not calibration.measured(runtime.config.recognizer.target_fpir, people):
            text += " " + self.tr("This gallery is beyond what the calibration measured: the true rate may be higher.")
        return text

    def _calibrated(self) -> float:
        try:
            return self._context.runtime.threshold
        except Exception:  # noqa: BLE001 - no recognizer present yet: any start value will do
            return 0.3

    def edited_config(self) -> AppConfig:
        """The config with this page's values; ``ValueError`` naming the first problem."""
        registry = self._context.runtime.registry
        device = self.device.currentText().strip()
        detector_weights = self.detector_weights.currentText().strip() or None
        recognizer_weights = self.recognizer_weights.currentText().strip() or None
        for what, weights in (("detector", detector_weights), ("recognizer", recognizer_weights)):
            if weights and weights not in registry and not Path(weights).expanduser().is_file():
                raise ValueError(self.tr("{kind} weights {weights}: neither a known model nor an existing file").format(
                    kind=value_text(what), weights=weights))
        arch = self.recognizer_arch.currentData()
        if recognizer_weights and recognizer_weights not in registry and arch is None:
            raise ValueError(self.tr("a recognizer weights file needs its architecture: choose the recognizer"))
        data = self._context.runtime.config.model_dump()
        for field in self.fields.values():
            field.put(data)
        data["detector"] |= {"kind": self.detector_kind.currentData(), "weights": detector_weights}
        data["recognizer"] |= {
            "arch": arch,
            "weights": recognizer_weights,
            "device": device,
            "precision": self.precision.currentText(),
            "threshold": None if self.calibrated.isChecked() else self.threshold.value(),
            "target_fpir": 1.0 / self.strangers.value(),
        }
        threshold = self.liveness_threshold.value()
        data["liveness"] |= {
            "threshold": threshold,
            "sure_live": max(data["liveness"]["sure_live"], threshold),  # kept in order around the threshold
            "sure_attack": min(data["liveness"]["sure_attack"], threshold),
        }
        try:
            return AppConfig.model_validate(data)
        except ValidationError as exc:
            raise ValueError(validation_problems(exc)) from None

    def save(self) -> bool:
        """Validate, write the settings file, announce the new config; False (and a message) on a problem."""
        try:
            config = self.edited_config()
            save_config(config, self._context.config_path)
        except ValueError as exc:
            self._say(self.tr("Not saved: {problem}").format(problem=exc), error=True)
            return False
        except OSError as exc:
            self._say(self.tr("Not saved: cannot write {file}: {problem}").format(
                file=self._context.config_path, problem=exc.strerror or exc), error=True)
            return False
        self._say(self.tr("Saved to {file}").format(file=self._context.config_path), error=False)
        self.saved.emit(config)
        return True

    def _say(self, text: str, *, error: bool) -> None:
        self.status.setText(text)
        self.status.setProperty("error", error)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    # -- buttons -------------------------------------------------------------------------------------

    def _use_source(self) -> None:
        spec = self.source.currentText().strip()
        if not spec:
            self._say(self.tr("Choose a camera index or a video file first"), error=True)
        elif not spec.isdigit() and "://" not in spec and not Path(spec).exists():
            self._say(self.tr("No such video file: {file}").format(file=spec), error=True)
        else:
            self._say(self.tr("Video source: {source}").format(source=spec), error=False)
            self.source_chosen.emit(spec)

    def _browse_video(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a video file"), documents_path(), video_filter())
        if path:
            self.source.setCurrentText(path)

    def _browse_model(self, combo: QComboBox) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a model file"), documents_path(), model_filter())
        if path:
            combo.setCurrentText(path)

    def _change_pin(self) -> None:
        dialog = NewPinDialog(self._pins, self)
        dialog.accepted.connect(lambda: self._say(self.tr("The admin PIN was changed"), error=False))
        dialog.open()
