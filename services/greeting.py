"""Who the kiosk greets, and with what: new punches, and people recognised again the same day.

Runs on the pipeline worker thread; "already checked in at ..." is the attendance desk's own history
(the punch the face or code check-in made, spooled or written), names and photos the store's. Qt-free.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo
from typing import Literal

import numpy as np

from attendance.desk import AttendanceDesk
from attendance.events import AttendanceEvent
from attendance.store import AttendanceStore
from core.text import QT_TRANSLATE_NOOP
from pipeline.types import Direction, FrameResult, IdentityState, Liveness, TrackedFace

GreetingKind = Literal["in", "out", "already_in", "already_out", "attack", "challenge"]
# What the banner says, by kind; "{name}" and "{time}" filled in. Windows show them translated (context "Greeting").
TITLES: dict[GreetingKind, str] = {
    "in": QT_TRANSLATE_NOOP("Greeting", "Welcome, {name}"),
    "out": QT_TRANSLATE_NOOP("Greeting", "Goodbye, {name}"),
    "already_in": "{name}",
    "already_out": "{name}",
    "attack": QT_TRANSLATE_NOOP("Greeting", "Live check failed: please step in front of the camera yourself"),
    "challenge": "",  # by direction: CHALLENGE_TITLES
}
CHALLENGE_TITLES: dict[Direction, str] = {
    Direction.LEFT: QT_TRANSLATE_NOOP("Greeting", "Please turn your head to your left"),
    Direction.RIGHT: QT_TRANSLATE_NOOP("Greeting", "Please turn your head to your right"),
    Direction.UP: QT_TRANSLATE_NOOP("Greeting", "Please look up"),
    Direction.DOWN: QT_TRANSLATE_NOOP("Greeting", "Please look down"),
}
DETAILS: dict[GreetingKind, str] = {
    "in": QT_TRANSLATE_NOOP("Greeting", "checked in {time}"),
    "out": QT_TRANSLATE_NOOP("Greeting", "checked out {time}"),
    "already_in": QT_TRANSLATE_NOOP("Greeting", "Already checked in at {time}"),
    "already_out": QT_TRANSLATE_NOOP("Greeting", "Already checked out at {time}"),
    "attack": QT_TRANSLATE_NOOP("Greeting", "Nobody was checked in."),
    "challenge": QT_TRANSLATE_NOOP("Greeting", "so the kiosk can see it is really you"),
}
REPEAT_AFTER_S = 60.0  # an "already checked in" greeting for the same person at most this often


def face_crop(image: np.ndarray, box: np.ndarray, pad: float = 0.25) -> np.ndarray:
    """A square crop around an xyxy face box, with ``pad`` x side of context, clipped to the image (a copy)."""
    height, width = image.shape[:2]
    x1, y1, x2, y2 = (float(v) for v in box)
    side = max(x2 - x1, y2 - y1) * (1 + 2 * pad)
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    left, top = int(max(0, cx - side / 2)), int(max(0, cy - side / 2))
    right, bottom = int(min(width, cx + side / 2)), int(min(height, cy + side / 2))
    if right <= left or bottom <= top:
        return image.copy()
    return image[top:bottom, left:right].copy()


@dataclass(frozen=True)
class Greeting:
    """One banner: who, what happened when, their live face and (if kept) their enrolment photo."""

    kind: GreetingKind
    employee_id: int | None  # None: an attack by someone (or something) nobody recognised
    name: str
    at: datetime  # the punch time, in the kiosk's time zone
    live_face: np.ndarray | None  # BGR crop from the frame; None for a check-in with the employee code
    enrolled_photo: bytes | None  # encoded photo kept at enrolment, if the admin keeps photos
    event: AttendanceEvent | None = None  # the new punch ("in" / "out")
    vector: np.ndarray | None = None  # the face's embedding, when it was recognised (a "not me" keeps it)
    recognizer: str | None = None  # whose embedding it is
    asked: Direction | None = None  # a challenge: where the person is asked to turn their head

    @property
    def can_say_not_me(self) -> bool:
        """Whether the person in front of the kiosk can say it is not them: a face taken for an employee."""
        return self.kind not in ("attack", "challenge") and self.employee_id is not None and self.vector is not None

    @property
    def title_template(self) -> str:
        """The title's text before the name is filled in (a challenge's says where to turn)."""
        return CHALLENGE_TITLES[self.asked] if self.kind == "challenge" and self.asked is not None else TITLES[self.kind]

    @property
    def title(self) -> str:
        return self.title_template.format(name=self.name)

    @property
    def detail(self) -> str:
        return DETAILS[self.kind].format(time=self.at.strftime("%H:%M"))

    @property
    def text(self) -> str:
        return f"{self.title} - {self.detail}"


class Greeter:
    """Turns frame results into greetings: one per new punch, one per newly recognised track of
    someone who already punched today, once the track is judged live (at most every ``REPEAT_AFTER_S``
    per person), the live-check warning once per track judged a presentation attack, and each step of
    a head-turn challenge."""

    def __init__(
        self, store: AttendanceStore, desk: AttendanceDesk, tz: tzinfo | None = None, clock: Callable[[], float] = time.monotonic,
        *, recognizer: str | None = None,
    ) -> None:
        self._store = store
        self._recognizer = recognizer  # the recognizer of the faces' embeddings
        self._desk = desk
        self._tz = tz
        self._clock = clock
        self._greeted_tracks: set[int] = set()
        self._warned_tracks: set[int] = set()  # attack tracks already warned about
        self._asked: dict[int, Direction | None] = {}  # challenged track -> the instruction it was last shown
        self._last_greeted: dict[int, float] = {}
        self._photos: dict[int, bytes | None] = {}

    def greet(self, result: FrameResult, events: Sequence[AttendanceEvent]) -> list[Greeting]:
        """The greetings of one frame: ``events`` are the punches the desk made of its faces."""
        faces = {face.track_id: face for face in result.faces}
        image = result.frame.image
        greetings = []
        for event in events:
            face = faces.get(event.track_id) if event.track_id is not None else None
            if event.track_id is not None:
                self._greeted_tracks.add(event.track_id)
            self._last_greeted[event.employee_id] = self._clock()
            crop = face_crop(image, face.box) if face is not None else image.copy()
            name = face.label if face is not None else self._name(event.employee_id)
            kind: GreetingKind = "in" if event.kind == "in" else "out"
            at = event.at.astimezone(self._tz)
            vector = face.vector if face is not None else None
            greetings.append(Greeting(kind, event.employee_id, name, at, crop, self._photo(event.employee_id), event,
                                      vector, event.recognizer))
        for face in result.faces:
            if face.liveness.state is Liveness.CHALLENGED:
                if face.track_id not in self._asked or self._asked[face.track_id] is not face.liveness.asked:  # each step once
                    self._asked[face.track_id] = face.liveness.asked
                    at = datetime.now(timezone.utc).astimezone(self._tz)
                    greetings.append(Greeting("challenge", face.employee_id, face.label, at, face_crop(image, face.box), None,
                                              asked=face.liveness.asked))
                continue
            if face.liveness.state is Liveness.ATTACK:
                if face.track_id not in self._warned_tracks:
                    self._warned_tracks.add(face.track_id)
                    at = datetime.now(timezone.utc).astimezone(self._tz)
                    greetings.append(Greeting("attack", face.employee_id, face.label, at, face_crop(image, face.box), None))
                continue
            if face.liveness.state is Liveness.UNDECIDED:  # about to punch, perhaps: "already ..." may not be true
                continue
            if face.track_id not in self._greeted_tracks and face.state is IdentityState.RECOGNIZED:
                greeting = self._again(face, image)
                if greeting is not None:
                    greetings.append(greeting)
        self._greeted_tracks &= faces.keys()
        self._warned_tracks &= faces.keys()
        self._asked = {track: asked for track, asked in self._asked.items() if track in faces}
        return greetings

    def _again(self, face: TrackedFace, image: np.ndarray) -> Greeting | None:
        """The "already checked in/out" greeting of a recognised face that did not punch."""
        self._greeted_tracks.add(face.track_id)
        employee_id = face.employee_id
        if employee_id is None:
            return None
        now = self._clock()
        if now - self._last_greeted.get(employee_id, -REPEAT_AFTER_S) < REPEAT_AFTER_S:
            return None
        last = self._desk.last_punch(employee_id, datetime.now(timezone.utc))
        if last is None:  # no punch today (liveness still deciding): nothing true to say yet
            return None
        self._last_greeted[employee_id] = now
        again: GreetingKind = "already_in" if last.kind == "in" else "already_out"
        return Greeting(again, employee_id, face.label, last.at.astimezone(self._tz), face_crop(image, face.box),
                        self._photo(employee_id), vector=face.vector, recognizer=self._recognizer)

    def forget(self, employee_ids: Collection[int]) -> None:
        """Drop what is remembered of these people (their kept photo): erased, or enrolled again."""
        for employee_id in employee_ids:
            self._photos.pop(employee_id, None)

    def _name(self, employee_id: int) -> str:
        employee = self._store.get_employee(employee_id)
        return employee.name if employee is not None else f"#{employee_id}"

    def _photo(self, employee_id: int) -> bytes | None:
        """The first photo kept with the employee's templates (cached)."""
        if employee_id not in self._photos:
            kept = [t for t in self._store.list_templates(employee_id) if t.has_photo]
            self._photos[employee_id] = self._store.template_photo(kept[0].id) if kept else None
        return self._photos[employee_id]
