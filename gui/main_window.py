"""The main window: navigation between the live view and the admin pages behind the PIN, and the status bar
(the pages, the retention schedule, the screenshot tour and the code check-in live in modules of their own).

Windowed mode shows a navigation list; admin pages ask for the PIN once, "Lock" locks them again.
Kiosk mode is full screen with only the live view and a discreet Admin button; after the PIN the
navigation appears, and going back to the live view locks again. Closing the window in kiosk mode
needs the PIN too. Recognition pauses while an admin page is shown (the enrolment page may need the
camera) and restarts with the current people and settings on the way back.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.config import AppConfig
from core.text import Message
from gui.attendance_page import AttendancePage
from gui.context import GuiContext
from gui.employees_page import EmployeesPage
from gui.enrol_page import EnrolPage
from gui.i18n import message_text, number_text, translate, value_text
from gui.idle_lock import IdleLock
from gui.kiosk_view import Action, KioskView
from gui.kiosks_page import KiosksPage
from gui.models import ModelDownloads
from gui.pages import Page
from gui.pin import NewPinDialog, PinDialog
from gui.retention import RetentionSchedule
from gui.screenshot_tour import ScreenshotTour
from gui.settings_page import SettingsPage, video_filter
from gui.shifts_page import ShiftsPage
from gui.style import apply_style
from gui.tasks import TaskQueue
from gui.widgets import documents_path
from gui.worker import ModelInfo, PipelineController, WorkerProblem, WorkerStats
from pipeline.types import FrameResult
from services.admin_pin import PinStore
from services.clock_watch import ClockWatch, jump_text
from services.greeting import Greeting
from services.runtime import Runtime, models_key
from services.settings_guard import NO_PIN_ACTOR

log = logging.getLogger(__name__)

CLOSE_TIMEOUT_S = 2.0
DESK_CLOSE_S = 0.5  # at exit, how long the desk may wait for a locked database
IDLE_SHOW_EVERY = 3  # while nothing moves, the picture shows every third frame (a still scene looks the same)


@dataclass(frozen=True)
class WindowOptions:
    kiosk: bool = False
    screenshot_dir: Path | None = None
    exit_after: float | None = None  # seconds
    screenshot_pages: bool = False  # the screenshot timer visits every page once (README pictures)


class MainWindow(QMainWindow):
    closed = Signal()  # the window closed and every thread stopped

    def __init__(
        self,
        context: GuiContext,
        pins: PinStore,
        downloads: ModelDownloads,
        settings: QSettings,
        options: WindowOptions = WindowOptions(),
        controller: PipelineController | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("Face kiosk"))
        self.context = context
        self.pins = pins
        self.options = options
        self._settings = settings
        self.controller = controller or PipelineController(parent=self)
        self.unlocked = False
        self.running = False
        self.trial = False  # the source is a video file the admin has not approved: nothing is recorded
        self._quitting = False
        self.idle = False  # the motion gate skipped the detector on the latest frame
        self._recognition_fps = 0.0
        self._skipped = 0
        self._pictured = False  # the first camera picture was shown (logged once, as a start-up milestone)
        self.pin_dialog: PinDialog | NewPinDialog | None = None

        self.kiosk_view = KioskView(context)
        self.kiosk_view.codeRequested.connect(self.kiosk_view.check_in_with_code)
        self.enrol_page = EnrolPage(context)
        self.employees_page = EmployeesPage(context)
        self.attendance_page = AttendancePage(context)
        self.shifts_page = ShiftsPage(context)
        self.kiosks_page = KiosksPage(context)
        self.settings_page = SettingsPage(context, pins, downloads)
        self.closed.connect(downloads.cancel_all)  # a running download stops and keeps its .part file
        self.stack = QStackedWidget()
        for page in Page:
            self.stack.addWidget(self.page(page))
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.addItems([translate("Page", page.title) for page in Page])
        self.nav.setCurrentRow(0)
        self.nav.currentRowChanged.connect(lambda row: self.show_page(list(Page)[row]))
        self.lock_button = QPushButton(self.tr("Lock"))
        self.lock_button.clicked.connect(self.lock)
        side = QVBoxLayout()
        side.addWidget(self.nav, 1)
        side.addWidget(self.lock_button)
        self.sidebar = QWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setLayout(side)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._build_status_bar()
        self._update_chrome()

        worker = self.controller.worker
        worker.frame_ready.connect(self._take_frame)
        worker.result_ready.connect(self._on_result)
        worker.greeting.connect(self._on_greeting)
        worker.stats.connect(self._on_stats)
        worker.models_ready.connect(self._on_models)
        worker.problem.connect(self._on_problem)
        worker.busy.connect(self._on_busy)
        worker.started.connect(self._on_started)
        worker.stopped.connect(self._on_stopped)
        self.settings_page.saved.connect(self.apply_config)
        self.settings_page.source_chosen.connect(lambda spec: self.switch_source(spec, approved=True))
        self.employees_page.reenrolRequested.connect(self._reenrol)
        self.attendance_page.review.reenrolRequested.connect(self._reenrol)

        self.clock_watch = ClockWatch()
        self.idle_lock = IdleLock(lambda: self.context.runtime.config.attendance.admin_lock_minutes, parent=self)
        self.idle_lock.expired.connect(self._lock_when_idle)
        QShortcut(QKeySequence("Ctrl+Q"), self, activated=self._quit_shortcut)

        self._fps_timer = QTimer(self)
        self._fps_timer.timeout.connect(self._show_fps)
        self._fps_timer.timeout.connect(self._watch_clock)
        self._fps_timer.start(1000)
        self._clock_notes = TaskQueue("clock", self)
        self.retention = RetentionSchedule(lambda: self.context.runtime, self)
        self.retention.failed.connect(lambda line: self.statusBar().showMessage(line, 60_000))
        self.screenshots = ScreenshotTour(
            self, options.screenshot_dir, options.screenshot_pages, lambda page: self.show_page(page, force=True),
            lambda: self.kiosk_view.banner.greeting_visible,
        )
        worker.greeting.connect(self.screenshots.greeted)
        if options.exit_after is not None:
            QTimer.singleShot(int(options.exit_after * 1000), self.quit)

    # -- chrome ------------------------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.camera_label = QLabel(self.tr("camera: -"))
        self.fps_label = QLabel("")
        self.models_label = QLabel(self.tr("models: -"))
        self.device_label = QLabel("")
        self.liveness_label = QLabel("")
        self.liveness_label.setObjectName("livenessState")
        self.writer_label = QLabel("")
        self.writer_label.setObjectName("writerProblem")
        self.writer_label.hide()
        for label in (
            self.camera_label, self.fps_label, self.models_label, self.device_label, self.liveness_label, self.writer_label
        ):
            bar.addPermanentWidget(label)
        self.admin_button = QToolButton()
        self.admin_button.setObjectName("adminButton")
        self.admin_button.setText(self.tr("Admin"))
        self.admin_button.setToolTip(self.tr("Admin pages (PIN)"))
        self.admin_button.clicked.connect(lambda: self.request_admin(lambda: self.show_page(Page.ENROL)))
        bar.addPermanentWidget(self.admin_button)
        bar.setSizeGripEnabled(not self.options.kiosk)  # full screen: no grip to cover the Admin button

    def _update_chrome(self) -> None:
        kiosk = self.options.kiosk
        self.sidebar.setVisible(not kiosk or self.unlocked)
        self.lock_button.setVisible(self.unlocked and not kiosk)
        self.admin_button.setVisible(kiosk and not self.unlocked)

    @property
    def current_page(self) -> Page:
        return list(Page)[self.stack.currentIndex()]

    def page(self, page: Page) -> KioskView | EnrolPage | EmployeesPage | AttendancePage | ShiftsPage | KiosksPage | SettingsPage:
        match page:
            case Page.KIOSK:
                return self.kiosk_view
            case Page.ENROL:
                return self.enrol_page
            case Page.EMPLOYEES:
                return self.employees_page
            case Page.ATTENDANCE:
                return self.attendance_page
            case Page.SHIFTS:
                return self.shifts_page
            case Page.KIOSKS:
                return self.kiosks_page
            case Page.SETTINGS:
                return self.settings_page

    # -- starting -----------------------------------------------------------------------------------

    def start(self) -> None:
        """Show the window, start the source, and apply the retention schedule now and once a day.

        The source starts before the models load (see ``gui.worker``); ``gui.log`` notes when the window,
        the first picture and the models came (``scripts/startup_times.py`` reads them)."""
        self.show_window()
        log.info("start-up: window shown")
        self.kiosk_view.refresh()
        self.start_source()
        self.retention.start()

    def show_window(self) -> None:
        """Full screen in kiosk mode, else with the geometry of the last run."""
        geometry = self._settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        if self.options.kiosk:
            self.showFullScreen()
        else:
            self.show()

    def start_source(self) -> None:
        self.kiosk_view.show_busy(self.tr("starting {source}…").format(source=self.context.source))
        self.trial = not self.context.records(self.pins.is_set)
        runtime = self.context.runtime
        self.controller.start(self.context.source, self.context.loop_video, runtime.config, None if self.trial else runtime.desk)

    def switch_source(self, spec: str, approved: bool = False) -> None:
        """Use another camera or video file from now on (remembered for the next start); ``approved``: the
        admin chose it behind the PIN, so a video file's check-ins are recorded."""
        self.context.source = spec
        self.context.approved_source = spec if approved else None
        self._settings.setValue("source", spec)
        if self.current_page is Page.KIOSK:
            self.start_source()

    def apply_config(self, config: AppConfig) -> None:
        """Saved settings (by an admin, behind the PIN): accepted, then a new runtime if the models changed;
        the live view starts with them when shown."""
        self.context.runtime.settings_guard.accept(config, "admin" if self.pins.is_set else NO_PIN_ACTOR)
        if config.display.high_contrast != self.context.runtime.config.display.high_contrast:
            apply_style(QApplication.instance(), config.display.high_contrast)  # type: ignore[arg-type]
        if config.display.language != self.context.runtime.config.display.language:
            self.statusBar().showMessage(self.tr("The new language shows when the app starts again."), 60_000)
        if models_key(config) != models_key(self.context.runtime.config):
            replaced, self.context.runtime = self.context.runtime, Runtime(config)
            self.context.runtime.take_desk(replaced)  # the worker may still be handing it faces
            replaced.close()
        else:
            self.context.runtime.config = config
        if self.current_page is Page.KIOSK:
            self.start_source()

    # -- pages and the PIN ------------------------------------------------------------------------

    def show_page(self, page: Page | str, *, force: bool = False) -> None:
        """Show ``page``; an admin page asks for the PIN first unless unlocked (or ``force``, the page tour)."""
        page = Page(page)
        if page is not Page.KIOSK and not (self.unlocked or force):
            self._select_nav(self.current_page)
            self.request_admin(lambda: self.show_page(page))
            return
        previous = self.current_page
        self.stack.setCurrentWidget(self.page(page))
        self._select_nav(page)
        if page is Page.KIOSK and previous is not Page.KIOSK:
            if self.options.kiosk:
                self.lock()
            self.start_source()  # with the people and settings the admin pages may have changed
        elif page is not Page.KIOSK and previous is Page.KIOSK:
            self.controller.stop()  # frees the camera for live enrolment
        self.page(page).refresh()

    def _reenrol(self, code: str) -> None:
        self.show_page(Page.ENROL)
        self.enrol_page.start_reenrol(code)

    def _select_nav(self, page: Page) -> None:
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(list(Page).index(page))
        self.nav.blockSignals(False)

    def request_admin(self, then: Callable[[], None]) -> None:
        """Ask for the admin PIN (or, if none is set yet, to choose one), then run ``then``."""
        if self.unlocked:
            then()
            return
        if self.pin_dialog is not None and self.pin_dialog.isVisible():
            self.pin_dialog.raise_()
            return
        if self.pins.is_set:
            self.pin_dialog = PinDialog(self.pins, self)
        else:
            self.pin_dialog = NewPinDialog(self.pins, self, intro=self.tr("Choose the admin PIN that will protect the admin pages."))

        def unlocked() -> None:
            self.unlocked = True
            self.idle_lock.touch()
            self._update_chrome()
            then()

        self.pin_dialog.accepted.connect(unlocked)
        self.pin_dialog.open()

    def _lock_when_idle(self) -> None:
        if self.unlocked:
            minutes = self.context.runtime.config.attendance.admin_lock_minutes
            self.lock()
            self.statusBar().showMessage(
                self.tr("The admin pages locked after {minutes} minutes without use").format(minutes=number_text(minutes)), 60_000
            )

    def _quit_shortcut(self) -> None:
        """Ctrl+Q: quit; in kiosk mode only after the PIN."""
        if self.options.kiosk:
            self.request_admin(self.quit)
        else:
            self.quit()

    def lock(self) -> None:
        self.unlocked = False
        if self.current_page is not Page.KIOSK:
            self.show_page(Page.KIOSK)
        self._update_chrome()

    # -- worker signals -----------------------------------------------------------------------------

    def _take_frame(self) -> None:
        frame = self.controller.take_frame()
        if frame is not None and not (self.idle and frame.index % IDLE_SHOW_EVERY):
            self.kiosk_view.show_frame(frame)
            if not self._pictured:
                self._pictured = True
                log.info("start-up: first picture shown")

    def _on_result(self, result: FrameResult) -> None:
        self.kiosk_view.show_result(result)
        self._recognition_fps = result.fps
        if result.detected or result.idle:  # frames between scheduled detections say nothing either way
            self.idle = result.idle

    def _on_greeting(self, greeting: Greeting) -> None:
        self.kiosk_view.show_greeting(greeting)

    def _on_stats(self, stats: WorkerStats) -> None:
        self._show_source(stats.source_message or stats.source_state)
        self._recognition_fps = stats.recognition_fps
        self._skipped = stats.skipped
        writer = stats.writer
        self.writer_label.setVisible(not writer.ok)
        if not writer.ok:
            self.writer_label.setText(writer.line)

    def _on_models(self, info: ModelInfo) -> None:
        log.info("models ready (%s + %s)", info.detector, info.recognizer)
        self.models_label.setText(self.tr("models: {detector} + {recognizer}").format(detector=info.detector, recognizer=info.recognizer))
        self.device_label.setText(self.tr("device: {device}").format(device=info.device))
        self.liveness_label.setText(self.tr("liveness: {state}").format(state=value_text(info.liveness)))
        self.liveness_label.setProperty("off", info.liveness == "off")
        self.liveness_label.style().unpolish(self.liveness_label)
        self.liveness_label.style().polish(self.liveness_label)

    def _on_busy(self, text: str) -> None:
        self.kiosk_view.show_busy(text)
        self.statusBar().showMessage(text)

    def _on_started(self, description: str) -> None:
        self.running = True
        self._show_source(description)

    def _show_source(self, text: str) -> None:
        trial = self.tr(" - trial: nothing is recorded (an admin chooses a video in Settings to record it)") if self.trial else ""
        self.camera_label.setText((message_text(text) if isinstance(text, Message) else value_text(text)) + trial)

    def _on_stopped(self) -> None:
        self.running = False
        self._recognition_fps = 0.0
        self._skipped = 0
        self.kiosk_view.stopped()

    def _on_problem(self, problem: WorkerProblem) -> None:
        log.warning("%s problem: %s", problem.kind, problem.message)
        self.camera_label.setText(self.tr("stopped"))
        retry: Action = (self.tr("Try again"), self.start_source)
        if problem.kind == "source":
            text = self.tr("No picture from the camera or video.")
            actions = [(self.tr("Choose a video file…"), self._admin(self._choose_video)), retry]
        elif problem.kind == "models":
            text = self.tr("The face models are missing or cannot be loaded.")
            actions = [(self.tr("Set up models…"), self._admin(lambda: self.show_page(Page.SETTINGS))), retry]
        else:
            text = self.tr("Recognition stopped.")
            actions = [retry]
        text += f"\n{problem.message}"
        self.kiosk_view.show_busy("")
        self.kiosk_view.show_problem(text, actions)

    def _admin(self, action: Callable[[], None]) -> Callable[[], None]:
        """``action`` behind the PIN in kiosk mode (in windowed mode the desk is the admin's)."""
        return (lambda: self.request_admin(action)) if self.options.kiosk else action

    def _choose_video(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a video file"), documents_path(), video_filter())
        if path:
            self.switch_source(path)

    def _watch_clock(self) -> None:
        jumped = self.clock_watch.jump()
        if jumped is None:
            return
        text = jump_text(jumped)
        log.warning("%s", text)
        self.statusBar().showMessage(self.tr("Warning: {problem}; check-ins carry this computer's time").format(problem=text), 120_000)
        runtime = self.context.runtime
        note = partial(runtime.store.note_clock_jump, jumped, runtime.config.attendance.kiosk_id)
        self._clock_notes.submit("", note, lambda _: None, lambda message: log.warning("the clock jump was not audited: %s", message))

    def _show_fps(self) -> None:
        display = self.kiosk_view.video.display_fps
        text = self.tr("display {display} fps, recognition {recognition} fps").format(
            display=number_text(display), recognition=number_text(self._recognition_fps))
        if self._skipped:
            text += self.tr(" ({frames} live frames shown without recognition)").format(frames=self._skipped)
        if self.idle:
            text += self.tr("; idle: nothing moves, the detector looks every few seconds")
        self.fps_label.setText(text)

    # -- automation ---------------------------------------------------------------------------------

    def save_screenshot(self, name: str) -> Path | None:
        return self.screenshots.save(name)

    def quit(self) -> None:
        """Close without asking for the PIN (automation, or after the PIN in kiosk mode)."""
        self._quitting = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if self.options.kiosk and not self._quitting:
            event.ignore()
            self.request_admin(self.quit)
            return
        self._settings.setValue("geometry", self.saveGeometry())
        self._settings.sync()
        self.save_screenshot("window-exit.png")
        self.hide()
        if not self.controller.shutdown(CLOSE_TIMEOUT_S):  # only while models load, which cannot be cut short
            log.warning("the pipeline worker is still loading models; waiting for it to finish")
            self.controller.shutdown(timeout_s=60.0)
        self.context.runtime.close_desk(DESK_CLOSE_S)  # what the database has not taken yet stays spooled for the next start
        event.accept()
        self.closed.emit()
