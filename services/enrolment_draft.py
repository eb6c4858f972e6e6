"""One enrolment being prepared: the person, their consent, candidate photos and the checks before saving.

Both front ends fill an :class:`EnrolmentDraft` and save it with :func:`save_enrolment`: the
enrolment page keeps one per form (a Qt model shows its candidates), ``enroll``/``import`` one per
person. :class:`PhotoChecker` turns photo verdicts into candidates against one snapshot of the
gallery, on whatever thread runs the models. The draft's :meth:`~EnrolmentDraft.warnings` are the
same everywhere: the page asks the admin to confirm them, the command line refuses the ones a
script cannot confirm (``blocks_unattended``) unless told ``--force``.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import Enum
from pathlib import Path

import cv2
import numpy as np

from attendance.records import Employee
from attendance.store import AttendanceStore
from core.errors import KioskError
from core.text import QT_TRANSLATE_NOOP, Message
from pipeline.gallery import Gallery, LookAlike
from pipeline.types import UNKNOWN_NAME, EmployeeName
from services.enrolment import PhotoAssessment, find_lookalikes, similarity_to


@dataclass(frozen=True)
class Candidate:
    """A photo or camera shot, its verdict, whom it resembles, and the recognizer that embedded it.

    ``same_person`` is that recognizer's match threshold (two of its vectors below it show two
    people); ``resembles`` lists every enrolled employee it matches (the one being re-enrolled
    included); ``own_similarity`` is its best similarity to the employee being re-enrolled, None
    when nobody is or when they have no templates of this recognizer.
    """

    assessment: PhotoAssessment
    recognizer: str
    same_person: float
    resembles: tuple[LookAlike, ...] = ()
    own_similarity: float | None = None

    @property
    def title(self) -> str:
        return Path(self.assessment.source).name

    @property
    def usable(self) -> bool:
        return self.assessment.accepted and self.assessment.vector is not None

    @property
    def verdict(self) -> str:
        quality = self.assessment.quality
        if self.assessment.accepted and quality is not None:
            return Message(
                QT_TRANSLATE_NOOP("Message", "accepted: face {size:.0f} px, sharpness {sharpness:.0f}, yaw {yaw:+.2f}, pitch {pitch:.2f}"),
                size=quality.size, sharpness=quality.sharpness, yaw=quality.yaw, pitch=quality.pitch,
            )
        return Message(QT_TRANSLATE_NOOP("Message", "rejected: {reasons}"), reasons=self.assessment.reasons)


class PhotoChecker:
    """Compares new photos with one snapshot of the enrolled gallery (loaded at construction).

    ``same_person`` is the recognizer's match threshold, ``duplicate`` the similarity at which a
    photo counts as resembling an enrolled employee; ``existing`` the employee being re-enrolled.
    """

    def __init__(
        self,
        store: AttendanceStore,
        recognizer: str,
        dim: int,
        same_person: float,
        duplicate: float,
        existing: Employee | None = None,
    ) -> None:
        data = store.load_gallery(recognizer)
        self._gallery = Gallery(recognizer, data.vectors.reshape(-1, dim), data.employee_ids)
        self._store = store
        self._same_person = same_person
        self._duplicate = duplicate
        self._existing = existing

    def candidate(self, assessment: PhotoAssessment) -> Candidate:
        recognizer = self._gallery.recognizer
        if not assessment.accepted or assessment.vector is None:
            return Candidate(assessment, recognizer, self._same_person)
        vector = assessment.vector[None, :]
        found = []
        for hit in find_lookalikes(self._gallery, vector, self._duplicate):
            employee = self._store.get_employee(hit.employee_id)
            if employee is not None:
                found.append(replace(hit, name=EmployeeName(employee.code, employee.name)))
        own = similarity_to(self._gallery, vector, self._existing.id) if self._existing is not None else None
        return Candidate(assessment, recognizer, self._same_person, tuple(found), own)


class WarningKind(Enum):
    LOOKALIKE = "look-alike"  # the photos match another enrolled employee
    MIXED_PEOPLE = "mixed people"  # two ticked photos look like two different people
    NOT_THE_EMPLOYEE = "not the employee"  # re-enrolment photos do not match the employee's own templates


@dataclass(frozen=True)
class DraftWarning:
    kind: WarningKind
    text: str

    @property
    def blocks_unattended(self) -> bool:
        """A script cannot confirm it, so the command line refuses it unless forced. A look-alike may be a
        real relative and is only reported; photos of two people would let one of them in as the other."""
        return self.kind is not WarningKind.LOOKALIKE


@dataclass(frozen=True)
class EnrolRequest:
    """Everything one save needs, taken from a complete draft."""

    code: str
    name: str
    department: str | None
    consent_at: datetime
    existing: bool  # the code belongs to an employee being re-enrolled
    replace_templates: bool
    recognizer: str  # that made the vectors
    vectors: np.ndarray  # (K, D)
    qualities: np.ndarray  # (K,)
    crops: tuple[np.ndarray, ...]  # the aligned 112x112 crops, stored only when photos are kept


@dataclass
class EnrolmentDraft:
    """The enrolment form's state without any widget: who, consent, candidates (each ticked or not).

    ``existing`` is the employee being re-enrolled (their name and code are fixed). The checks
    compare at the threshold of the recognizer that embedded the candidates.
    """

    existing: Employee | None = None
    name: str = ""
    code: str = ""
    department: str = ""
    consent_at: datetime | None = None
    keep_photos: bool = False
    replace_templates: bool = True
    candidates: list[Candidate] = field(default_factory=list)
    ticked: list[bool] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.existing is not None:
            self.name, self.code = self.existing.name, self.existing.code
            self.department = self.existing.department or ""

    # -- candidates ------------------------------------------------------------------------------

    def add(self, candidates: list[Candidate]) -> None:
        """Append candidates; the usable ones start ticked."""
        self.candidates.extend(candidates)
        self.ticked.extend(c.usable for c in candidates)

    def remove(self, rows: list[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            del self.candidates[row], self.ticked[row]

    def clear(self) -> None:
        self.candidates.clear()
        self.ticked.clear()

    def set_ticked(self, row: int, ticked: bool) -> bool:
        """Tick or untick a candidate; only usable ones can be ticked. True when it changed."""
        wanted = ticked and self.candidates[row].usable
        changed = self.ticked[row] != wanted
        self.ticked[row] = wanted
        return changed

    def selected(self) -> list[Candidate]:
        """The ticked (hence usable) candidates."""
        return [c for c, ticked in zip(self.candidates, self.ticked) if ticked]

    # -- checks ----------------------------------------------------------------------------------

    def missing(self) -> list[str]:
        """What still keeps the draft from being saved."""
        needs = []
        if not self.name.strip():
            needs.append(Message(QT_TRANSLATE_NOOP("Message", "a name")))
        if not self.code.strip():
            needs.append(Message(QT_TRANSLATE_NOOP("Message", "an employee code")))
        if self.consent_at is None:
            needs.append(Message(QT_TRANSLATE_NOOP("Message", "the employee's consent")))
        if not self.selected():
            needs.append(Message(QT_TRANSLATE_NOOP("Message", "at least one accepted photo")))
        return needs

    def warnings(self) -> list[DraftWarning]:
        """What the admin should check before saving."""
        selected = self.selected()
        found = []
        resemblances = self._resemblances(selected)
        if resemblances:
            found.append(DraftWarning(
                WarningKind.LOOKALIKE,
                Message(QT_TRANSLATE_NOOP("Message", "Possible duplicate or look-alike: the chosen photos already match {matches}."),
                        matches="; ".join(f"{(r.name or UNKNOWN_NAME).label} ({r.similarity:.2f})" for r in resemblances)),
            ))
        odd = self._least_alike(selected)
        if odd is not None:
            found.append(DraftWarning(
                WarningKind.MIXED_PEOPLE,
                Message(QT_TRANSLATE_NOOP("Message", "The chosen photos may show different people: {first} and {second} "
                                          "have similarity {similarity:.2f}."), first=odd[0].title, second=odd[1].title, similarity=odd[2]),
            ))
        own = [c.own_similarity for c in selected if c.own_similarity is not None]
        if self.existing is not None and own and max(own) < selected[0].same_person:
            found.append(DraftWarning(
                WarningKind.NOT_THE_EMPLOYEE,
                Message(QT_TRANSLATE_NOOP("Message", "The chosen photos do not match the enrolled {name} ({code}): "
                                          "best similarity {best:.2f} < {threshold:.2f}."),
                        name=self.existing.name, code=self.existing.code, best=max(own), threshold=selected[0].same_person),
            ))
        return found

    def _resemblances(self, selected: list[Candidate]) -> list[LookAlike]:
        """Other employees the ticked photos match, best similarity each, best first."""
        own = self.existing.id if self.existing is not None else None
        best: dict[int, LookAlike] = {}
        for candidate in selected:
            for hit in candidate.resembles:
                if hit.employee_id != own and (
                    hit.employee_id not in best or hit.similarity > best[hit.employee_id].similarity
                ):
                    best[hit.employee_id] = hit
        return sorted(best.values(), key=lambda r: -r.similarity)

    def _least_alike(self, selected: list[Candidate]) -> tuple[Candidate, Candidate, float] | None:
        """The two least similar ticked photos, when they look like two different people."""
        if len(selected) < 2 or len({c.recognizer for c in selected}) > 1:
            return None
        vectors = np.stack([c.assessment.vector for c in selected])
        similarities = vectors @ vectors.T
        first, second = np.unravel_index(np.argmin(similarities), similarities.shape)
        lowest = float(similarities[first, second])
        return (selected[first], selected[second], lowest) if lowest < selected[0].same_person else None

    # -- saving ----------------------------------------------------------------------------------

    def request(self) -> EnrolRequest:
        """The save request of a complete draft; KioskError says what is missing or inconsistent."""
        needs = self.missing()
        if needs:
            raise KioskError("needs " + ", ".join(needs))
        selected = self.selected()
        recognizers = {c.recognizer for c in selected}
        if len(recognizers) > 1:
            raise KioskError("the face models changed while adding photos: remove them all and add them again")
        assert self.consent_at is not None  # missing() says so otherwise
        return EnrolRequest(
            code=self.code.strip(),
            name=self.name.strip(),
            department=self.department.strip() or None,
            consent_at=self.consent_at,
            existing=self.existing is not None,
            replace_templates=self.existing is not None and self.replace_templates,
            recognizer=recognizers.pop(),
            vectors=np.stack([c.assessment.vector for c in selected]).astype(np.float32),
            qualities=np.array([c.assessment.embedding_quality for c in selected], np.float32),
            crops=tuple(c.assessment.crop for c in selected if c.assessment.crop is not None) if self.keep_photos else (),
        )


def encode_png(crop: np.ndarray) -> bytes:
    ok, data = cv2.imencode(".png", crop)
    if not ok:
        raise ValueError("cannot encode a face crop as PNG")
    return data.tobytes()


def save_enrolment(store: AttendanceStore, request: EnrolRequest, recognizer: str, actor: str) -> Employee:
    """Store a request's templates (and kept crops) in one transaction; ``recognizer`` is the one in use now."""
    if recognizer != request.recognizer:
        raise KioskError("the face models changed since these photos were checked: remove them and add them again")
    photos = [encode_png(crop) for crop in request.crops] or None
    employee = store.enrol(
        request.code,
        request.name,
        request.department,
        request.recognizer,
        request.vectors,
        request.qualities,
        consent_at=request.consent_at,
        photos=photos,
        replace_templates=request.replace_templates,
        new_only=not request.existing,
        actor=actor,
    )
    if request.existing:
        employee = store.update_employee(request.code, actor=actor, consent_at=request.consent_at)
    return employee
