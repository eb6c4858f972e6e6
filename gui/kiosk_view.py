"""The kiosk's live view: the video with its overlay, the greeting banner and today's check-ins.

Sized to be read from two metres: the stylesheet (``resources/style.qss``) sets the fonts by
object name; the banner and the photos scale with the window height.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timezone, tzinfo

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from attendance.policy import day_start, local_date
from attendance.records import EventFilter
from core.errors import KioskError
from gui.chime import Chime, QtSounds
from gui.code_checkin import check_in_with_code
from gui.context import GuiContext
from gui.i18n import clock_text, message_text, translate, value_text
from gui.images import bgr_to_pixmap, encoded_to_pixmap
from gui.video_widget import VideoWidget
from pipeline.types import Frame, FrameResult
from services.greeting import DETAILS, Greeting

log = logging.getLogger(__name__)

GREETING_S = 6.0  # how long a greeting banner stays
# The greeting is read from 2 m: ISO 9241-303 asks for characters of 20 minutes of arc, 11.6 mm there, which is
# 42 px of capital height on a 24" 1080p screen (0.277 mm a pixel), so a name's pixel size is 1/17 of the live view's
# height (61 px full screen, capitals of 43 px in Noto Sans), the line under it 1/22.
TITLE_SHARE, DETAIL_SHARE = 17, 22
IDLE_TEXT = QT_TRANSLATE_NOOP("GreetingBanner", "Look at the camera to check in or out")
MAX_TYPED = 64  # the longest employee code a badge reader may type

Action = tuple[str, Callable[[], None]]  # button text, what it does


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split()[:2]).upper() or "?"


class PhotoTile(QWidget):
    """A square picture with a caption under it (or the person's initials when there is no picture)."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picture = QLabel()
        self.picture.setObjectName("bannerPhoto")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel(caption)
        self.caption.setObjectName("bannerCaption")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.picture)
        layout.addWidget(self.caption)
        self._side = 120

    def set_side(self, side: int) -> None:
        self._side = side
        self.picture.setFixedSize(side, side)

    def show_pixmap(self, pixmap: QPixmap, fallback: str) -> None:
        if pixmap.isNull():
            self.picture.setPixmap(QPixmap())
            self.picture.setText(fallback)
            return
        self.picture.setText("")
        self.picture.setPixmap(
            pixmap.scaled(self._side, self._side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        )


class GreetingBanner(QFrame):
    """Who was just recognised: enrolment photo and live face side by side, then the greeting, and a "Not me"
    button for the person it was not (``notMe`` carries the greeting).

    Between greetings it shows a short hint. The ``kind`` property (idle, in, out, already_in,
    already_out) colours it through the stylesheet.
    """

    notMe = Signal(object)  # noqa: N815 - Qt signal naming; the Greeting

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setAccessibleName(self.tr("Greeting"))
        self.enrolled = PhotoTile(self.tr("enrolled"))
        self.live = PhotoTile(self.tr("now"))
        self.title = QLabel()
        self.title.setObjectName("bannerTitle")
        self.title.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setObjectName("bannerDetail")
        self.not_me = QPushButton(self.tr("Not me"))  # shown with a face's greeting, for as long as it shows
        self.not_me.setObjectName("notMeButton")
        self.not_me.setAccessibleName(self.tr("This is not me: take the check-in back"))
        self.not_me.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.not_me.clicked.connect(self._said_not_me)
        self.greeting: Greeting | None = None
        text = QVBoxLayout()
        text.addStretch()
        text.addWidget(self.title)
        text.addWidget(self.detail)
        text.addStretch()
        layout = QHBoxLayout(self)
        layout.addWidget(self.enrolled)
        layout.addWidget(self.live)
        layout.addLayout(text, 1)
        layout.addWidget(self.not_me)
        self._hide_timer = QTimer(self)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.timeout.connect(self.show_idle)
        self._font_px: dict[QLabel, int] = {}
        self.show_idle()

    @property
    def text(self) -> str:
        return " - ".join(text for text in (self.title.text(), self.detail.text()) if text)

    @property
    def greeting_visible(self) -> bool:
        return self.property("kind") != "idle"

    def scale_to(self, height: int) -> None:
        """Photo and text sizes for a live view ``height`` pixels high."""
        self.enrolled.set_side(max(72, height // 6))
        self.live.set_side(max(72, height // 6))
        self._font_px = {self.title: max(24, height // TITLE_SHARE), self.detail: max(18, height // DETAIL_SHARE)}
        self._apply_fonts()

    def _apply_fonts(self) -> None:
        """Sizes set here, weights and colours by the stylesheet (re-applied after each re-polish). A long name
        gets smaller type, never below the line under it, rather than breaking across lines."""
        for label, pixels in self._font_px.items():
            font = QFont(label.font())
            font.setPixelSize(pixels)
            if label is self.title:
                width, floor = self.title.contentsRect().width(), self._font_px.get(self.detail, pixels)
                while pixels > floor and width > 0 and QFontMetrics(font).horizontalAdvance(self.title.text()) > width:
                    pixels = max(floor, pixels - 2)
                    font.setPixelSize(pixels)
            label.setFont(font)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._apply_fonts()

    def show_greeting(self, greeting: Greeting) -> None:
        initials = _initials(greeting.name)
        photo = encoded_to_pixmap(greeting.enrolled_photo) if greeting.enrolled_photo else QPixmap()
        self.enrolled.show_pixmap(photo, initials)
        self.live.show_pixmap(bgr_to_pixmap(greeting.live_face) if greeting.live_face is not None else QPixmap(), initials)
        self.enrolled.show()
        self.live.show()
        self.title.setText(translate("Greeting", greeting.title_template).format(name=greeting.name))
        self.detail.setText(translate("Greeting", DETAILS[greeting.kind]).format(time=clock_text(greeting.at)))
        self.setAccessibleDescription(self.text)  # what a screen reader announces
        self.greeting = greeting
        self.not_me.setVisible(greeting.can_say_not_me)
        self._set_kind(greeting.kind)
        self._hide_timer.start(int(GREETING_S * 1000))

    def show_note(self, text: str) -> None:
        """A short line in place of the greeting (after a "not me"), for the greeting's time."""
        self.show_idle()
        self.detail.setText(text)
        self.setAccessibleDescription(text)
        self._hide_timer.start(int(GREETING_S * 1000))

    def _said_not_me(self) -> None:
        greeting, self.greeting = self.greeting, None
        self.not_me.hide()
        if greeting is not None:
            self.notMe.emit(greeting)

    def show_idle(self) -> None:
        self.greeting = None
        self.not_me.hide()
        self.enrolled.hide()
        self.live.hide()
        self.title.setText("")
        self.title.hide()
        idle = self.tr(IDLE_TEXT)
        self.detail.setText(idle)
        self.setAccessibleDescription(idle)
        self._set_kind("idle")

    def _set_kind(self, kind: str) -> None:
        self.title.setVisible(kind != "idle")
        self.setProperty("kind", kind)
        for widget in (self, self.title, self.detail):  # children's rules depend on the banner's kind
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        self._apply_fonts()


class ProblemPanel(QFrame):
    """What went wrong (no camera, no models...) and the buttons that fix it, in place of the video."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problem")
        self.text = QLabel()
        self.text.setObjectName("problemText")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._buttons = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(self.text)
        layout.addLayout(self._buttons)
        layout.addStretch()

    def show_problem(self, text: str, actions: Sequence[Action]) -> None:
        self.text.setText(text)
        while self._buttons.count():
            item = self._buttons.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self._buttons.addStretch()
        for label, action in actions:
            button = QPushButton(label)
            button.clicked.connect(action)
            self._buttons.addWidget(button)
        self._buttons.addStretch()

    def buttons(self) -> list[QPushButton]:
        return self.findChildren(QPushButton)


class KioskView(QWidget):
    """The live view; the main window feeds it frames, results and greetings from the worker.

    ``codeRequested(code)`` asks for a check-in without the face: from the "Check in with code" button
    (empty code), or from a USB badge reader, which types the code and Enter while the view has focus;
    the window connects it to ``check_in_with_code``.
    """

    codeRequested = Signal(str)  # noqa: N815 - Qt signal naming

    def __init__(self, context: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kioskView")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a badge reader's keystrokes arrive here
        self._context = context
        self._typed = ""
        self.video = VideoWidget()
        self.video.setAccessibleName(self.tr("Camera picture with the faces seen"))
        self.problem = ProblemPanel()
        self.banner = GreetingBanner()
        self.banner.notMe.connect(self.not_me)
        self._screen = QStackedLayout()
        self._screen.addWidget(self.video)
        self._screen.addWidget(self.problem)
        heading = QLabel(self.tr("Today"))
        heading.setObjectName("todayTitle")
        self.today = QListWidget()
        self.today.setObjectName("today")
        self.today.setAccessibleName(self.tr("Today's check-ins and check-outs"))
        self.today.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.today.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.today.setWordWrap(True)
        self.today.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.code_button = QPushButton(self.tr("Check in with code"))
        self.code_button.setObjectName("codeButton")
        self.code_button.setAccessibleName(self.tr("Check in with your employee code and PIN"))
        self.code_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.code_button.clicked.connect(lambda: self.codeRequested.emit(""))
        side = QVBoxLayout()
        side.addWidget(heading)
        side.addWidget(self.today)
        side.addWidget(self.code_button)
        self._side = QWidget()
        self._side.setObjectName("todayPanel")
        self._side.setLayout(side)
        left = QVBoxLayout()
        left.addLayout(self._screen, 1)
        left.addWidget(self.banner)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(self._side)
        self._day = local_date(datetime.now(timezone.utc), self._zone())
        self.chime = Chime(lambda: self._context.runtime.config.display.chime, QtSounds(self).play)

    def _zone(self) -> tzinfo | None:
        return self._context.runtime.config.attendance.zone

    # -- fed by the main window -------------------------------------------------------------------

    def show_frame(self, frame: Frame) -> None:
        self._screen.setCurrentWidget(self.video)
        self.video.set_frame(frame)

    def show_result(self, result: FrameResult) -> None:
        self.video.set_result(result)

    def check_in_with_code(self, code: str = "") -> None:
        """The code check-in dialog, and its greeting on the banner."""
        greeting = check_in_with_code(self._context.runtime, code, self)
        if greeting is not None:
            self.show_greeting(greeting)
        self.setFocus()

    def not_me(self, greeting: Greeting) -> None:
        """The person greeted says it is not them: the check-in is taken back, their face kept as not that
        employee (``services.not_me``), and the code check-in offered at once."""
        from services.not_me import say_not_me

        try:
            outcome = say_not_me(self._context.runtime, greeting)
        except KioskError as exc:
            log.warning("'not me' was not recorded: %s", exc)
            self.banner.show_note(self.tr("Sorry, that could not be noted. Please tell the office."))
            return
        if outcome.voided:
            self.refresh()  # the taken-back check-in leaves today's list
        self.banner.show_note(message_text(outcome.message))
        self.codeRequested.emit("")

    def show_greeting(self, greeting: Greeting) -> None:
        self.banner.show_greeting(greeting)
        self.chime.greeted(greeting)
        if greeting.event is not None:
            if local_date(greeting.event.at, self._zone()) != self._day:
                self.refresh()  # a new day: yesterday's list goes
            else:
                self._add_today(greeting.at, greeting.event.kind, greeting.name, top=True)

    def show_busy(self, text: str) -> None:
        """A message over the video ("loading the face models..."); empty to remove it."""
        self.video.set_message(text)

    def show_problem(self, text: str, actions: Sequence[Action] = ()) -> None:
        self.problem.show_problem(text, actions)
        self._screen.setCurrentWidget(self.problem)

    def stopped(self) -> None:
        self.video.clear()

    @property
    def showing_problem(self) -> bool:
        return self._screen.currentWidget() is self.problem

    def refresh(self) -> None:
        """Reload today's check-ins from the store."""
        zone = self._zone()
        self._day = local_date(datetime.now(timezone.utc), zone)
        events = self._context.runtime.store.events(EventFilter(start=day_start(self._day, zone)), newest_first=True)
        self.today.clear()
        for event in events:
            self._add_today(event.at.astimezone(zone), event.kind, event.employee_name, top=False)

    def _add_today(self, at: datetime, kind: str, name: str, *, top: bool) -> None:
        item = QListWidgetItem(f"{clock_text(at)}  {value_text(kind).upper()}  {name}")
        item.setData(Qt.ItemDataRole.UserRole, kind)
        if top:
            self.today.insertItem(0, item)
        else:
            self.today.addItem(item)

    def today_lines(self) -> list[str]:
        return [self.today.item(i).text() for i in range(self.today.count())]

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        """A badge reader types the code, then Enter: that asks for a check-in with the code filled in."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            typed, self._typed = self._typed.strip(), ""
            if typed:
                self.codeRequested.emit(typed)
        elif event.text().isprintable() and event.text():
            self._typed = (self._typed + event.text())[-MAX_TYPED:]
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        """Photos and the side list follow the window size (readable on a small laptop and a big screen)."""
        super().resizeEvent(event)
        height = max(event.size().height(), 300)
        self.banner.scale_to(height)
        self._side.setFixedWidth(max(220, event.size().width() // 4))
        font = QFont(self.today.font())
        font.setPixelSize(max(16, height // 30))
        self.today.setFont(font)
