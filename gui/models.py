"""Model files in the GUI: which configured ones are missing, downloads with progress, the models table.

Downloads run ``pipeline.download.fetch`` on a daemon thread each; Cancel stops one between chunks
and keeps its ``.part`` file, which the next download resumes. Progress is read from the size of
the ``.part`` file on the GUI thread, so the download code needs no callback.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHeaderView,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.errors import DownloadCancelledError, KioskError
from gui.i18n import number_text, translate
from pipeline.download import fetch, resumable
from pipeline.exported import prepare
from pipeline.registry import ModelRegistry, ModelSpec

log = logging.getLogger(__name__)
PROGRESS_POLL_MS = 200
COLUMNS = (
    QT_TRANSLATE_NOOP("Column", "Model"),
    QT_TRANSLATE_NOOP("Column", "What it is for"),
    QT_TRANSLATE_NOOP("Column", "Size"),
    QT_TRANSLATE_NOOP("Column", "Licence"),
    QT_TRANSLATE_NOOP("Column", "Status"),
    "",
)
STATUS, BUTTON = 4, 5
# The registry's ``purpose`` lines (resources/models.toml), shown translated; a test keeps this list complete.
PURPOSES = (
    QT_TRANSLATE_NOOP("Model", "finds 468 points of a face: the head-turn challenge asked when the live check is unsure"),
    QT_TRANSLATE_NOOP("Model", "finds faces and their landmarks: YOLO11n-face (PyTorch file, trusted only by checksum)"),
    QT_TRANSLATE_NOOP("Model", "finds faces and their landmarks: YOLOv8n-face (PyTorch file, trusted only by checksum)"),
    QT_TRANSLATE_NOOP("Model", "finds faces and their landmarks: YOLOv8n-face INT8, fast on a CPU (no public download: a file you have)"),
    QT_TRANSLATE_NOOP("Model", "finds faces and their landmarks: YuNet (OpenCV), small and fast on a CPU"),
    QT_TRANSLATE_NOOP("Model", "finds faces and their landmarks: YuNet-n, any picture size"),
    QT_TRANSLATE_NOOP("Model", "recognises faces: AdaFace IR-101 (MS1MV2); large, for a GPU"),
    QT_TRANSLATE_NOOP("Model", "recognises faces: AdaFace IR-101 (MS1MV3); large, for a GPU"),
    QT_TRANSLATE_NOOP("Model", "recognises faces: AdaFace IR-101 (WebFace4M); large, for a GPU"),
    QT_TRANSLATE_NOOP("Model", "recognises faces: AdaFace IR-101, the most accurate; 1.5 GB, for a GPU"),
    QT_TRANSLATE_NOOP("Model", "recognises faces: AdaFace IR-18 (CASIA-WebFace)"),
    QT_TRANSLATE_NOOP("Model", "recognises faces: AdaFace IR-18 (VGGFace2)"),
    QT_TRANSLATE_NOOP("Model", "recognises faces: AdaFace IR-18, the smallest AdaFace"),
    QT_TRANSLATE_NOOP("Model", "recognises faces: AdaFace IR-50 (MS1MV2); for a GPU or a fast CPU"),
    QT_TRANSLATE_NOOP("Model", "recognises faces: AdaFace IR-50; for a GPU or a fast CPU"),
    QT_TRANSLATE_NOOP("Model", "recognises faces: EdgeFace-XS INT8, light and fast on an ordinary PC"),
    QT_TRANSLATE_NOOP("Model", "recognises faces: EdgeFace-XS, full precision"),
    QT_TRANSLATE_NOOP("Model", "recognises faces: EdgeFace-XXS INT8, the lightest; for a slow PC"),
    QT_TRANSLATE_NOOP("Model", "recognises faces: EdgeFace-XXS, full precision"),
    QT_TRANSLATE_NOOP("Model", "tells a live person from a photo or a screen (1 of 2, both needed)"),
    QT_TRANSLATE_NOOP("Model", "tells a live person from a photo or a screen (2 of 2, both needed)"),
)


def size_text(size: int | None) -> str:
    if size is None:
        return "?"
    return f"{number_text(size / 1e6, 1)} MB" if size < 1e9 else f"{number_text(size / 1e9, 2)} GB"


def cancelled_text(spec: ModelSpec) -> str:
    """Status of a cancelled download: whether the next one continues the partial file."""
    return (
        translate("ModelsTable", "cancelled (partial file kept; Download resumes)") if resumable(spec)
        else translate("ModelsTable", "cancelled (Download starts over)")
    )


@dataclass
class _Download:
    spec: ModelSpec
    folder: Path
    thread: threading.Thread
    cancel: threading.Event


class ModelDownloads(QObject):
    """Downloads registry models into a folder, one cancellable thread each; one instance for the whole app."""

    progressed = Signal(str, int, int)  # model name, bytes so far, total bytes (0: unknown)
    finished = Signal(str, str, bool)  # model name, error message ("" when in place or cancelled), cancelled
    _ended = Signal(str, str, bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._active: dict[str, _Download] = {}
        self._timer = QTimer(self)
        self._timer.setInterval(PROGRESS_POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._ended.connect(self._end)

    def is_active(self, name: str) -> bool:
        return name in self._active

    def start(self, spec: ModelSpec, folder: Path) -> None:
        if spec.name in self._active:
            return
        cancel = threading.Event()
        args = (spec, folder, cancel)
        thread = threading.Thread(target=self._run, args=args, name=f"download {spec.name}", daemon=True)
        self._active[spec.name] = _Download(spec, folder, thread, cancel)
        thread.start()
        self._timer.start()
        self.progressed.emit(spec.name, 0, spec.size or 0)

    def cancel(self, name: str) -> None:
        """Ask a running download to stop; ``finished`` follows once its thread has let go of the file."""
        if name in self._active:
            self._active[name].cancel.set()

    def cancel_all(self) -> None:
        for download in self._active.values():
            download.cancel.set()

    def _run(self, spec: ModelSpec, folder: Path, cancel: threading.Event) -> None:
        error, cancelled = "", False
        try:
            path = fetch(spec, folder, progress=False, cancel=cancel)
            prepare(spec.arch, path, spec.crop_scale)  # its ONNX export now, not at the kiosk's first start
        except DownloadCancelledError:
            cancelled = True
        except KioskError as exc:
            error = str(exc)
        except Exception as exc:
            log.exception("downloading %s failed", spec.name)
            error = f"{type(exc).__name__}: {exc}"
        if shiboken6.isValid(self):
            self._ended.emit(spec.name, error, cancelled)

    def _poll(self) -> None:
        for download in self._active.values():
            part = download.folder / f"{download.spec.filename}.part"
            try:
                done = part.stat().st_size
            except OSError:
                continue
            self.progressed.emit(download.spec.name, done, download.spec.size or 0)

    def _end(self, name: str, error: str, cancelled: bool) -> None:
        self._active.pop(name).thread.join()  # it has emitted: joined, it no longer holds self, so self dies here
        if not self._active:
            self._timer.stop()
        self.finished.emit(name, error, cancelled)


class ModelsTable(QWidget):
    """Every registry model: kind, size, licence, status, and a Download button (Cancel and progress while running)."""

    changed = Signal()  # a download finished (a model may now be present)

    def __init__(self, registry: ModelRegistry, folder: Path, downloads: ModelDownloads, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._registry = registry
        self._folder = folder
        self._downloads = downloads
        self._outcomes: dict[str, str] = {}  # model name: how its last download ended, when not in place
        self._buttons = QButtonGroup(self)  # by row: a lambda per short-lived button crashed PySide 6.12 on delete
        self._buttons.idClicked.connect(self._clicked)
        self._specs = registry.offered()  # the kit for an ordinary PC first, the big models below
        self.table = QTableWidget(len(self._specs), len(COLUMNS))
        self.table.setObjectName("modelsTable")
        self.table.setHorizontalHeaderLabels([translate("Column", title) for title in COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(STATUS, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(STATUS, 230)
        self.table.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        downloads.progressed.connect(self._progress)
        downloads.finished.connect(self._finished)
        self.refresh()

    def set_folder(self, folder: Path) -> None:
        self._folder = folder
        self.refresh()

    def row_of(self, name: str) -> int:
        return [spec.name for spec in self._specs].index(name)

    def status_text(self, name: str) -> str:
        widget = self.table.cellWidget(self.row_of(name), STATUS)
        if isinstance(widget, QProgressBar):
            return self.tr("downloading {percent}%").format(percent=widget.value())
        return self.table.item(self.row_of(name), STATUS).text()

    def refresh(self) -> None:
        for row, spec in enumerate(self._specs):
            name = self.tr("{model} (recommended)").format(model=spec.name) if spec.kit is not None else spec.name
            for column, text in enumerate((name, translate("Model", spec.purpose), size_text(spec.size), spec.license)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
            self._show_status(row, spec)
        self.table.resizeRowsToContents()

    def _show_status(self, row: int, spec: ModelSpec) -> None:
        for column in (STATUS, BUTTON):
            old = self.table.cellWidget(row, column)
            if old is not None:  # deleted later by Qt: hidden and out of the group now
                old.hide()
                if isinstance(old, QPushButton):
                    self._buttons.removeButton(old)
            self.table.removeCellWidget(row, column)
        if self._downloads.is_active(spec.name):
            bar = QProgressBar()
            bar.setRange(0, 100 if spec.size else 0)
            self.table.setCellWidget(row, STATUS, bar)
            self.table.setItem(row, STATUS, QTableWidgetItem())
            self._button(row, self.tr("Cancel"), f"cancel-{spec.name}")
            return
        found = self._registry.find(spec, self._folder)
        present = found is not None
        outcome = self._outcomes.get(spec.name)
        if found is not None:
            text = self.tr("present") if found.parent == self._folder else self.tr("present in {folder}").format(folder=found.parent)
        elif outcome:
            text = outcome
        elif not spec.urls:
            text = self.tr("missing (no public download)")
        else:
            text = self.tr("missing")
        item = QTableWidgetItem(text)
        item.setToolTip(f"{text}: {found or self._registry.local_path(spec, self._folder)}")
        item.setForeground(Qt.GlobalColor.darkGreen if present else Qt.GlobalColor.darkRed)
        self.table.setItem(row, STATUS, item)
        if not present and spec.urls:
            self._button(row, self.tr("Download"), f"download-{spec.name}")

    def _button(self, row: int, text: str, name: str) -> None:
        button = QPushButton(text)
        button.setObjectName(name)
        self._buttons.addButton(button, row)
        self.table.setCellWidget(row, BUTTON, button)

    def _clicked(self, row: int) -> None:
        spec = self._specs[row]
        if self._downloads.is_active(spec.name):
            self.table.cellWidget(row, BUTTON).setEnabled(False)  # until the thread has stopped
            self._downloads.cancel(spec.name)
        else:
            self._outcomes.pop(spec.name, None)
            self._downloads.start(spec, self._folder)

    def _progress(self, name: str, done: int, total: int) -> None:
        row = self.row_of(name)
        bar = self.table.cellWidget(row, STATUS)
        if not isinstance(bar, QProgressBar):
            self._show_status(row, self._registry.get(name))
            bar = self.table.cellWidget(row, STATUS)
        if isinstance(bar, QProgressBar) and total:
            bar.setValue(min(100, round(100 * done / total)))

    def _finished(self, name: str, error: str, cancelled: bool) -> None:
        if cancelled:
            self._outcomes[name] = cancelled_text(self._registry.get(name))
        elif error:
            self._outcomes[name] = self.tr("download failed: {problem}").format(problem=error)
        self._show_status(self.row_of(name), self._registry.get(name))
        self.changed.emit()
