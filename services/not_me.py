"""'Not me' at the kiosk: the person greeted as someone else says so.

The check-in the mistake made is voided (audited and chained; the void keeps the evidence; one still waiting in the
spool is withdrawn before it is written, and the audit row of the "not me" says which), and the face is kept as
a rejected look of the employee it was taken for (``attendance.store.rejected``), so that it is not taken for them
again at any door. The kiosk then offers the code + PIN check-in.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2

from core.text import QT_TRANSLATE_NOOP, Message
from services.greeting import Greeting
from services.runtime import Runtime

REASON = "not me at the kiosk"
TAKEN_BACK = QT_TRANSLATE_NOOP("Message", "Sorry! That check-in was taken back. Check in with your code, please.")
NOTED = QT_TRANSLATE_NOOP("Message", "Sorry! Noted. Check in with your code, please.")
FACE_JPEG_QUALITY = 85


@dataclass(frozen=True)
class NotMeOutcome:
    rejected_look: int  # the kept face's id
    voided: bool  # the check-in was taken back (False: there was none, e.g. "already checked in")

    @property
    def message(self) -> str:
        """What the kiosk says."""
        return Message(TAKEN_BACK if self.voided else NOTED)


def say_not_me(runtime: Runtime, greeting: Greeting, *, actor: str = "kiosk") -> NotMeOutcome:
    """Take back ``greeting``'s check-in and keep its face as not being that employee."""
    if not greeting.can_say_not_me or greeting.employee_id is None or greeting.vector is None:
        raise ValueError("only a face taken for an employee can be 'not me'")
    kiosk = runtime.config.attendance.kiosk_id
    voided = False
    event = greeting.event
    if event is not None:
        if runtime.desk.take_back(event):  # still waiting to be written: it never enters the record
            voided = True
        else:
            event_id = runtime.store.event_id_of(event.uid)
            if event_id is not None:
                runtime.store.void_event(event_id, reason=REASON, actor=actor)
                voided = True
    face = None
    if greeting.live_face is not None and greeting.live_face.size:
        ok, encoded = cv2.imencode(".jpg", greeting.live_face, [cv2.IMWRITE_JPEG_QUALITY, FACE_JPEG_QUALITY])
        face = encoded.tobytes() if ok else None
    look = runtime.store.add_rejected_look(
        greeting.employee_id, greeting.recognizer or runtime.recognizer_spec.arch, greeting.vector, face=face,
        event_uid=event.uid if event is not None else None, kiosk_id=kiosk, actor=actor,
        taken_back=f"{event.kind} at {event.at.isoformat()}" if event is not None and voided else None, event=event,
    )
    return NotMeOutcome(look, voided)
