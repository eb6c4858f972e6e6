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

from core.config import AppConfig, save_config
from core.errors import ModelError
from gui.i18n import message_text, value_text
from gui.models import ModelDownloads, ModelsTable
from gui.settings_page import model_filter
from gui.widgets import documents_path
from pipeline.download import place_file
from pipeline.registry import ModelRegistry, models_dir
from services.runtime import Runtime


def with_model_file(config: AppConfig, path: Path, kind: str, arch: str) -> AppConfig:
    """``config`` using ``path``, a file the registry does not know, as the detector (``kind`` "detector",
    ``arch`` yolo/yunet) or the recognizer (``arch`` its architecture). Liveness models are known files only."""
    data = config.model_dump()
    section = "detector" if kind == "detector" else "recognizer"
    data[section] |= {"kind" if kind == "detector" else "arch": arch, "weights": str(path)}
    return AppConfig.model_validate(data)


def file_choices(registry: ModelRegistry) -> list[str]:
    """"kind: arch" entries the admin picks from for a file the registry does not know (a liveness
    file is known by its name only, so it is not among them)."""
    seen = dict.fromkeys(f"{m.kind}: {m.arch}" for m in registry.models if m.kind != "liveness")
    return list(seen)


class ModelsDialog(QDialog):
    """Shown before the window when the configured models are missing; ``config`` is the (saved) result.

    The table offers the kit for an ordinary PC first. Files the admin has are copied into the models
    folder under their registry names (checked by sha256), so the dialog, ``models list`` and ``models
    verify`` see the same files and the settings file does not change; only a file the registry does not
    know (a detector or recognizer of the admin's own) is named in the settings.
    """

    def __init__(
        self, config: AppConfig, config_path: Path, downloads: ModelDownloads, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Face kiosk: model files"))
        self.resize(1000, 600)
        self.config = config
        self._config_path = config_path
        self._registry = ModelRegistry.load()
        self._folder = models_dir(config.models_dir)
        self._saved = config
        intro = QLabel(self.tr(
            "The kiosk needs its model files before it can recognise anyone: a face detector, a face "
            "recognizer and the two liveness models that tell a person from a photo or a phone held up. "
            "Download them below (needs an internet connection), or choose files you already have."
        ))
        intro.setWordWrap(True)
        self.problems = QLabel()
        self.problems.setObjectName("problemsText")
        self.problems.setWordWrap(True)
        self.table = ModelsTable(self._registry, self._folder, downloads)
        self.table.changed.connect(self._check)
        self.kit_button = QPushButton(self.tr("Download the recommended models"))
        self.kit_button.setToolTip(self.tr("The models a kiosk on an ordinary PC without a GPU needs (marked \"recommended\")"))
        self.kit_button.clicked.connect(self.download_kit)
        self._downloads = downloads
        choose = QPushButton(self.tr("Use model files I have..."))
        choose.setToolTip(self.tr("They are copied into {folder}").format(folder=self._folder))
        choose.clicked.connect(self._choose_files)
        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.accept)
        later = QPushButton(self.tr("Start without models"))
        later.setToolTip(self.tr("The live view will say that models are missing; Settings can download them later"))
        later.clicked.connect(self.accept)
        quit_button = QPushButton(self.tr("Quit"))
        quit_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.kit_button)
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

    def _check(self, note: str = "") -> None:
        problems = Runtime(self.config).missing_models()
        if problems:
            parts = ", ".join(message_text(problem.values["part"]) for problem in problems)  # type: ignore[arg-type]
            text = self.tr("Missing: {models}. Download the recommended models below, or use model files you have.").format(models=parts)
        else:
            text = self.tr("The kiosk has every model it needs: press Start.")
        self.problems.setText(f"{note}\n{text}" if note else text)
        self.problems.setToolTip("\n".join(map(message_text, problems)))
        self.problems.setProperty("error", bool(problems))
        self.problems.style().polish(self.problems)
        self.start_button.setEnabled(not problems)
        self.table.refresh()

    def download_kit(self) -> None:
        """Start the download of every recommended model that is missing."""
        for spec in self._registry.kit():
            if spec.urls and not self._registry.is_present(spec, self._folder):
                self._downloads.start(spec, self._folder)

    def _choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Choose model files"), documents_path(), model_filter())
        self.use_files([Path(name) for name in paths])

    def use_files(self, paths: list[Path]) -> None:
        """Copy each known file into the models folder; ask what an unknown one is and name it in the settings."""
        notes = []
        for path in paths:
            try:
                spec, placed = place_file(path, list(self._registry.models), self._folder)
                notes.append(self.tr("{file}: {model}, copied to {place}").format(file=path.name, model=spec.name, place=placed))
                continue
            except ModelError as exc:
                if path.name in {m.filename for m in self._registry.models} or not path.is_file():
                    notes.append(str(exc))
                    continue
            choice, ok = QInputDialog.getItem(
                self, self.tr("Which model is this?"), self.tr("{file} is not a file the kiosk knows. What is it?").format(file=path.name),
                file_choices(self._registry), 0, False,
            )
            if ok:
                kind, arch = choice.split(": ")
                self.config = with_model_file(self.config, path, kind, arch)
                notes.append(self.tr("{file}: used as the {kind} ({arch}) from where it is").format(file=path.name, kind=value_text(kind), arch=arch))
        if self.config is not self._saved:
            try:
                save_config(self.config, self._config_path)
            except OSError as exc:
                notes.append(self.tr("Cannot save the settings file {file}: {problem}").format(file=self._config_path, problem=exc.strerror or exc))
            self._saved = self.config
        self._check("\n".join(notes))
