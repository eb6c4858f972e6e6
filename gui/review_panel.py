"""The Attendance page's review queue: "not me" reports, check-ins that passed close to the threshold or the margin,
and look-alike pairs, each with why the kiosk decided as it did and the faces side by side (the enrolment photo and
the check-in's face, where the admin keeps them), resolved with one press (audited; ``services.review``)."""
from __future__ import annotations

from datetime import datetime
from functools import partial

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSize, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from attendance.records import Resolution, ReviewKind
from gui.attendance_dialogs import ReasonDialog
from gui.context import GuiContext
from gui.i18n import number_text, translate, value_text
from gui.images import encoded_to_pixmap
from gui.tasks import TaskQueue
from gui.widgets import ACTOR, Column, ListTableModel, RecordTable, StatusLine, local_text
from services.review import ReviewItem, ReviewQueue, resolve, review_queue

PHOTO_SIZE = QSize(128, 128)
KIND_TEXT = {
    ReviewKind.NOT_ME: QT_TRANSLATE_NOOP("ReviewPanel", "\"Not me\" at the kiosk"),
    ReviewKind.NEAR_THRESHOLD: QT_TRANSLATE_NOOP("ReviewPanel", "Close to the threshold"),
    ReviewKind.LOOKALIKE: QT_TRANSLATE_NOOP("ReviewPanel", "Look-alikes"),
}
RESOLUTION_TEXT = {
    Resolution.CONFIRM: QT_TRANSLATE_NOOP("ReviewPanel", "confirmed"),
    Resolution.VOID: QT_TRANSLATE_NOOP("ReviewPanel", "check-in voided"),
    Resolution.REENROL: QT_TRANSLATE_NOOP("ReviewPanel", "to be re-enrolled"),
    Resolution.LOOKALIKES: QT_TRANSLATE_NOOP("ReviewPanel", "marked as look-alikes"),
}


def _score(value: float | None) -> str:
    return "" if value is None else number_text(value, 2)


def _who(item: ReviewItem) -> str:
    who = f"{item.who.name} ({item.who.code})"
    return who if item.other is None else f"{who} ~ {item.other.name} ({item.other.code})"


REVIEW_COLUMNS: tuple[Column[ReviewItem], ...] = (
    Column(QT_TRANSLATE_NOOP("Column", "When"), lambda i: local_text(i.at, seconds=False)),
    Column(QT_TRANSLATE_NOOP("Column", "What"), lambda i: translate("ReviewPanel", KIND_TEXT[i.kind])),
    Column(QT_TRANSLATE_NOOP("Column", "Who"), _who),
    Column(QT_TRANSLATE_NOOP("Column", "Similarity"), lambda i: _score(i.similarity), numeric=True),
    Column(QT_TRANSLATE_NOOP("Column", "Margin"), lambda i: _score(i.margin), numeric=True),
    Column(QT_TRANSLATE_NOOP("Column", "Looks"), lambda i: "" if i.looks is None else str(i.looks), numeric=True),
    Column(QT_TRANSLATE_NOOP("Column", "Live score"), lambda i: _score(i.live_score), numeric=True),
)


def explanation(item: ReviewItem, queue: ReviewQueue) -> str:
    """Why the kiosk decided as it did, in a sentence or three."""
    parts = []
    if item.kind is ReviewKind.NOT_ME:
        parts.append(translate("ReviewPanel", "At {kiosk}, the person taken for {name} said it was not them; the check-in was "
                                              "taken back and their face kept as not {name}.").format(
            kiosk=item.kiosk_id or "?", name=item.who.name))
    elif item.kind is ReviewKind.LOOKALIKE:
        parts.append(translate("ReviewPanel", "Their templates match each other with similarity {similarity}: the kiosk tells them "
                                              "apart by the look-alike margin.").format(similarity=_score(item.similarity)))
    if item.kind is not ReviewKind.LOOKALIKE and item.similarity is not None:
        if queue.threshold is not None:
            parts.append(translate("ReviewPanel", "Similarity {similarity}, threshold {threshold}.").format(
                similarity=_score(item.similarity), threshold=_score(queue.threshold)))
        if item.margin is not None:
            parts.append(translate("ReviewPanel", "Margin to the runner-up {margin} (at least {needed} needed).").format(
                margin=_score(item.margin), needed=_score(queue.margin)))
    if item.looks is not None:
        parts.append(translate("ReviewPanel", "Decided on {looks} looks.").format(looks=item.looks))
    if item.live_score is not None:
        verdict = value_text("live") if item.live_score >= queue.live_threshold else value_text("unsure")
        parts.append(translate("ReviewPanel", "Liveness: {verdict} (score {score}, threshold {threshold}).").format(
            verdict=verdict, score=_score(item.live_score), threshold=_score(queue.live_threshold)))
    elif item.kind is not ReviewKind.LOOKALIKE and item.similarity is not None:
        parts.append(translate("ReviewPanel", "Liveness: not checked."))
    return " ".join(parts)


class ReviewPanel(QWidget):
    """The queue for a period; ``reenrolRequested(code)`` when the admin sends someone to re-enrolment."""

    reenrolRequested = Signal(str)  # noqa: N815 - Qt signal naming
    changed = Signal(int)  # the open items after a load or a resolution
    voided = Signal()  # a check-in was voided from the queue (the page reloads, the queue with it)

    def __init__(self, context: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._tasks = TaskQueue("review", self)
        self._queue = ReviewQueue([], None, 0.0, 0.5)
        self._period: tuple[datetime, datetime] | None = None
        self.model: ListTableModel[ReviewItem] = ListTableModel(REVIEW_COLUMNS, parent=self)
        self.table = RecordTable(self.model, self.tr("Nothing to review in this period"))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.enrolled_photo, self.face_photo = QLabel(), QLabel()
        for label, name in ((self.enrolled_photo, self.tr("Enrolment photo")), (self.face_photo, self.tr("Face at the kiosk"))):
            label.setFixedSize(PHOTO_SIZE)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            label.setAccessibleName(name)
        self.why = QLabel()
        self.why.setWordWrap(True)
        self.why.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = {
            Resolution.CONFIRM: QPushButton(self.tr("Confirm")),
            Resolution.VOID: QPushButton(self.tr("Void the check-in…")),
            Resolution.REENROL: QPushButton(self.tr("Re-enrol…")),
            Resolution.LOOKALIKES: QPushButton(self.tr("Mark as look-alikes")),
        }
        self.buttons[Resolution.CONFIRM].setToolTip(self.tr("It stands as the kiosk decided"))
        self.buttons[Resolution.LOOKALIKES].setToolTip(self.tr("Two people who look alike: the kiosk keeps holding them to the look-alike margin"))
        for resolution, button in self.buttons.items():
            button.clicked.connect(partial(self.resolve_selected, resolution))
        self.status = StatusLine()
        detail = QHBoxLayout()
        detail.addWidget(self.enrolled_photo)
        detail.addWidget(self.face_photo)
        detail.addWidget(self.why, 1)
        actions = QHBoxLayout()
        actions.addStretch(1)
        for button in self.buttons.values():
            actions.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(detail)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        self._selected()

    @property
    def loading(self) -> bool:
        return self._tasks.busy

    def load(self, start: datetime, end: datetime) -> None:
        """The open items of the period (on the task thread)."""
        self._period = (start, end)
        self._tasks.submit("", partial(review_queue, self._context.runtime, start, end), self._show, self.status.error)

    def _show(self, queue: ReviewQueue) -> None:
        self._queue = queue
        self.model.set_rows(queue.items)
        self._selected()
        self.changed.emit(len(queue.items))

    def selected_item(self) -> ReviewItem | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def _selected(self) -> None:
        item = self.selected_item()
        for resolution, button in self.buttons.items():
            button.setEnabled(item is not None and resolution in item.resolutions)
        self.why.setText(explanation(item, self._queue) if item is not None else "")
        for label in (self.enrolled_photo, self.face_photo):
            label.clear()
        if item is not None:
            self._tasks.submit("", partial(self._photos, item), partial(self._show_photos, item), self.status.error)

    def _photos(self, item: ReviewItem) -> tuple[bytes | None, bytes | None]:
        """The enrolment photo of whom the face was taken for, and the face itself: the "not me" face, the check-in's
        thumbnail, or a pair's second person."""
        store = self._context.runtime.store

        def enrolled(employee_id: int) -> bytes | None:
            kept = [t for t in store.list_templates(employee_id) if t.has_photo]
            return store.template_photo(kept[0].id) if kept else None

        if item.look_id is not None:
            face = store.rejected_look_face(item.look_id)
        elif item.other_id is not None:
            face = enrolled(item.other_id)
        elif item.event is not None and item.event.has_thumbnail:
            face = store.event_thumbnail(item.event.id)
        else:
            face = None
        return enrolled(item.employee_id), face

    def _show_photos(self, item: ReviewItem, photos: tuple[bytes | None, bytes | None]) -> None:
        if self.selected_item() != item:
            return
        for label, data, missing in (
            (self.enrolled_photo, photos[0], self.tr("No enrolment photo kept")),
            (self.face_photo, photos[1], self.tr("No face kept")),
        ):
            pixmap = encoded_to_pixmap(data) if data else QPixmap()
            if pixmap.isNull():
                label.setText(missing)
            else:
                label.setPixmap(pixmap.scaled(PHOTO_SIZE, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))

    def resolve_selected(self, resolution: Resolution) -> None:
        """Resolve the selected item: a void asks why first; a re-enrolment opens the enrolment page after."""
        item = self.selected_item()
        if item is None or resolution not in item.resolutions:
            return
        note = None
        if resolution is Resolution.VOID:
            note = ReasonDialog.ask(self, self.tr("Void the check-in"), self.tr("Void the check-in of {name}? Why?").format(name=item.who.name))
            if note is None:
                return
        self.resolve(item, resolution, note)

    def resolve(self, item: ReviewItem, resolution: Resolution, note: str | None = None) -> None:
        job = partial(resolve, self._context.runtime, item, resolution, actor=ACTOR, note=note)
        self._tasks.submit(self.tr("Saving"), job, lambda _done: self._resolved(item, resolution), self.status.error)

    def _resolved(self, item: ReviewItem, resolution: Resolution) -> None:
        self.status.success(self.tr("Resolved: {what}, {who}: {resolution}.").format(
            what=translate("ReviewPanel", KIND_TEXT[item.kind]), who=_who(item), resolution=self.tr(RESOLUTION_TEXT[resolution])))
        if resolution is Resolution.REENROL:
            self.reenrolRequested.emit(item.who.code)
        if resolution is Resolution.VOID:
            self.voided.emit()
        elif self._period is not None:
            self.load(*self._period)
