"""Starting the desktop app: QApplication and stylesheet, settings file, first-run dialogs, the main window.

Errors reach the user as one-line messages (a dialog, or the live view's problem panel); the
traceback goes to ``gui.log`` in the data folder, never on screen. ``--exit-after`` marks an
automated run: no first-run dialog waits for a person then.
"""
from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from cli.runtime import config_from_args, settings_path
from core.config import Language
from core.errors import KioskError
from core.names import APP_NAME
from gui.context import GuiContext
from gui.first_run import ModelsDialog
from gui.i18n import Translations, translate
from gui.main_window import MainWindow, WindowOptions
from gui.models import ModelDownloads
from gui.pin import NewPinDialog, accept_changed_settings
from gui.style import apply_style
from services.runtime import Runtime

log = logging.getLogger(__name__)
LOG_FILE = "gui.log"
FIRST_PIN_TEXT = QT_TRANSLATE_NOOP(
    "App", "Welcome! Choose the admin PIN. It protects enrolment, the employee list, attendance and settings."
)


class ErrorReporter:
    """``sys.excepthook`` for the GUI: the traceback to the log, one line to the user (one dialog at a time)."""

    def __init__(self, log_path: Path | None, interactive: bool) -> None:
        self._log_path = log_path
        self._interactive = interactive
        self._showing = False

    def __call__(self, kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        log.error("unexpected error", exc_info=(kind, error, trace))
        if not self._interactive or self._showing:
            return
        first = (str(error).strip().splitlines() or [""])[0]
        text = translate("App", "Something went wrong: {problem}").format(problem=first or kind.__name__)
        if self._log_path:
            text += "\n" + translate("App", "The details are in {file}.").format(file=self._log_path)
        self._showing = True
        try:
            QMessageBox.warning(None, translate("App", "Face kiosk"), text)
        finally:
            self._showing = False


def _log_to(folder: Path) -> Path | None:
    path = folder / LOG_FILE
    try:
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=2, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.INFO)
    return path


def _drop_opencv_qt_paths() -> None:
    """opencv-python's Linux wheels point Qt at their own Qt 5 plugins and fonts when cv2 is imported;
    PySide6 must use its own (else "could not load the Qt platform plugin xcb")."""
    import cv2

    own = Path(cv2.__file__).resolve().parent
    for name in ("QT_QPA_PLATFORM_PLUGIN_PATH", "QT_QPA_FONTDIR"):
        value = os.environ.get(name)
        if value and Path(value).resolve().is_relative_to(own):
            del os.environ[name]


TRANSLATIONS = Translations()  # the application's translators (the system's language until the settings are read)


def _speak(app: QApplication, language: Language) -> None:
    TRANSLATIONS.use(language)
    app.setApplicationDisplayName(translate("App", "Face kiosk"))


def _application() -> QApplication:
    _drop_opencv_qt_paths()
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    _speak(app, Language.SYSTEM)
    apply_style(app, high_contrast=False)
    return app


def run_gui(args: argparse.Namespace) -> int:
    """Start the desktop app with the parsed command line; returns the exit code."""
    interactive = args.exit_after is None
    app = _application()
    previous_hook = sys.excepthook
    sys.excepthook = ErrorReporter(None, interactive)
    try:
        config_path = settings_path(args)
        try:
            runtime = Runtime(config_from_args(args))
            data_dir = runtime.data_dir
            pins = runtime.pins
            _ = pins.is_set  # the database opens with its data key, and its PIN record is intact
        except (KioskError, OSError) as exc:
            log.error("cannot start: %s", exc)
            if interactive:
                QMessageBox.critical(None, translate("App", "Face kiosk"), translate("App", "The kiosk cannot start:") + f"\n{exc}")
            return 1
        sys.excepthook = ErrorReporter(_log_to(data_dir), interactive)
        _speak(app, runtime.config.display.language)
        apply_style(app, runtime.config.display.high_contrast)
        settings = QSettings(str(data_dir / "gui.ini"), QSettings.Format.IniFormat)
        downloads = ModelDownloads()
        changes = runtime.settings_guard.pending(runtime.config)
        if changes and interactive and accept_changed_settings(changes, pins):
            runtime.settings_guard.accept(runtime.config, "admin")
        elif changes:
            for refused in runtime.hold_to_accepted_settings():
                log.warning("not applied, not accepted by the admin: %s", refused)
        if interactive and not pins.is_set:
            NewPinDialog(pins, intro=translate("App", FIRST_PIN_TEXT)).exec()  # cancelled: asked again before the first admin page
        if interactive and runtime.missing_models():
            dialog = ModelsDialog(runtime.config, config_path, downloads)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return 0
            if dialog.config is not runtime.config:
                runtime = Runtime(dialog.config)
                pins = runtime.pins
        source = args.source or settings.value("source") or "0"
        context = GuiContext(runtime, config_path, str(source))
        options = WindowOptions(args.kiosk, args.screenshot_dir, args.exit_after, args.screenshot_pages)
        window = MainWindow(context, pins, downloads, settings, options)
        # queued: quitting from inside closeEvent left later event loops holding the GIL (PySide6 6.12)
        window.closed.connect(app.quit, Qt.ConnectionType.QueuedConnection)
        window.start()
        code = app.exec()
        window.deleteLater()
        downloads.deleteLater()
        return code
    finally:
        sys.excepthook = previous_hook
