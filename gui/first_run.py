"""First run without model files: what is missing, downloads with progress, or model files the admin has."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.models import ModelDownloads, ModelsTable
from gui.settings_page import MODEL_FILTER
from pipeline.config import AppConfig, save_config
from services.runtime import Runtime
from pipeline.registry import ModelRegistry, models_dir

INTRO = (
    "The kiosk needs its model files before it can recognise anyone: a face detector, a face "
    "recognizer and the two liveness models that tell a person from a photo or a phone held up. "
    "Download them below (needs an internet connection), or choose files you already have."
)


def with_model_file(config: AppConfig, path: Path, kind: str, arch: str) -> AppConfig:
    """``config`` using ``path`` as the detector (``arch`` yolo/yunet), the recognizer (``arch`` its
    architecture) or, for ``kind`` liveness, in place of the liveness model ``arch`` (a registry name)."""
    data = config.model_dump()
    if kind == "detector":
        data["detector"] |= {"kind": arch, "weights": str(path)}
    elif kind == "liveness":
        entries = data["liveness"]["weights"]
        same = [i for i, entry in enumerate(entries) if entry == arch or Path(entry).name == path.name]
        if same:
            entries[same[0]] = str(path)
        else:
            entries.append(str(path))
    else:
        data["recognizer"] |= {"arch": arch, "weights": str(path)}
    return AppConfig.model_validate(data)


def file_choices(registry: ModelRegistry) -> list[str]:
    """"kind: arch" entries the admin picks from for a file the registry does not know (a liveness
    file is known by its name only, so it is not among them)."""
    seen = dict.fromkeys(f"{m.kind}: {m.arch}" for m in registry.models if m.kind != "liveness")
    return list(seen)


class ModelsDialog(QDialog):
    """Shown before the window when the configured models are missing; ``config`` is the (saved) result."""

    def __init__(
        self, config: AppConfig, config_path: Path, downloads: ModelDownloads, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Face kiosk: model files")
        self.resize(900, 560)
        self.config = config
        self._config_path = config_path
        self._registry = ModelRegistry.load()
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.problems = QLabel()
        self.problems.setObjectName("problemsText")
        self.problems.setWordWrap(True)
        self.table = ModelsTable(self._registry, models_dir(config.models_dir), downloads)
        self.table.changed.connect(self._check)
        choose = QPushButton("Use model files I have...")
        choose.clicked.connect(self._choose_files)
        self.start_button = QPushButton("Start")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.accept)
        later = QPushButton("Start without models")
        later.setToolTip("The live view will say that models are missing; Settings can download them later")
        later.clicked.connect(self.accept)
        quit_button = QPushButton("Quit")
        quit_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(choose)
        buttons.addStretch()
        buttons.addWidget(quit_button)
        buttons.addWidget(later)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.problems)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._check()

    def _check(self) -> None:
        problems = Runtime(self.config).missing_models()
        self.problems.setText("\n".join(problems) if problems else "All models are present.")
        self.start_button.setEnabled(not problems)

    def _choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Choose model files", "", MODEL_FILTER)
        for name in paths:
            path = Path(name)
            known = next((m for m in self._registry.models if m.filename == path.name), None)
            if known is not None:
                kind, arch = known.kind, known.arch
            else:
                choice, ok = QInputDialog.getItem(
                    self, "Which model is this?", f"{path.name} is not a file the kiosk knows. What is it?",
                    file_choices(self._registry), 0, False,
                )
                if not ok:
                    continue
                kind, arch = choice.split(": ")
            self.config = with_model_file(self.config, path, kind, arch)
        if paths:
            try:
                save_config(self.config, self._config_path)
            except OSError as exc:
                self.problems.setText(f"Cannot save the settings file {self._config_path}: {exc.strerror or exc}")
                return
            self._check()
