"""The enrolment draft without models: candidates and ticks, what is missing, the warnings, the save request."""
from __future__ import annotations

from datetime import datetime, timezone

import numpy as np
import pytest

from attendance.db import open_database
from attendance.records import Employee
from attendance.store import AttendanceStore
from core.errors import KioskError
from pipeline.gallery import LookAlike
from pipeline.quality import FaceQuality
from pipeline.types import EmployeeName
from services.enrolment import PhotoAssessment
from services.enrolment_draft import (
    Candidate,
    EnrolmentDraft,
    PhotoChecker,
    WarningKind,
    save_enrolment,
)

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=timezone.utc)
DIM = 4


def unit(*values: float) -> np.ndarray:
    vector = np.array(values, np.float32)
    return vector / np.linalg.norm(vector)


def photo(name: str, vector: np.ndarray | None, recognizer: str = "r1", **extra) -> Candidate:
    """An accepted photo with ``vector``, or a rejected one when ``vector`` is None."""
    if vector is None:
        return Candidate(PhotoAssessment(f"/photos/{name}", ("no face found",), 0), recognizer, 0.5)
    crop = np.full((112, 112, 3), 7, np.uint8)
    assessment = PhotoAssessment(f"/photos/{name}", (), 1, FaceQuality(150, 300, 0.0, 0.5), vector, 0.9, crop)
    return Candidate(assessment, recognizer, 0.5, **extra)


def draft(**fields) -> EnrolmentDraft:
    return EnrolmentDraft(**fields)


def employee(id_: int = 1, code: str = "ann", name: str = "Ann Lee") -> Employee:
    return Employee(id_, code, name, "Lab", True, NOW, NOW, 1)


def test_usable_photos_start_ticked_and_only_they_can_be_ticked():
    d = draft()
    d.add([photo("a.jpg", unit(1, 0, 0, 0)), photo("bad.jpg", None), photo("b.jpg", unit(1, 0.1, 0, 0))])
    assert d.ticked == [True, False, True]
    assert not d.set_ticked(1, True) and d.ticked[1] is False
    assert d.set_ticked(0, False) and [c.title for c in d.selected()] == ["b.jpg"]
    d.remove([0, 1])
    assert [c.title for c in d.candidates] == ["b.jpg"] and d.ticked == [True]
    d.clear()
    assert d.candidates == [] and d.ticked == []


def test_missing_lists_everything_a_save_needs():
    d = draft()
    assert d.missing() == ["a name", "an employee code", "the employee's consent", "at least one accepted photo"]
    d.name, d.code, d.consent_at = "Ann Lee", "  ", NOW
    d.add([photo("bad.jpg", None)])
    assert d.missing() == ["an employee code", "at least one accepted photo"]
    with pytest.raises(KioskError, match="needs an employee code, at least one accepted photo"):
        d.request()


def test_photos_of_two_people_warn_until_one_is_unticked():
    d = draft()
    d.add([photo("ann.jpg", unit(1, 0, 0, 0)), photo("ann2.jpg", unit(1, 0.2, 0, 0)), photo("bob.jpg", unit(0, 1, 0, 0))])
    [warning] = d.warnings()
    assert warning.kind is WarningKind.MIXED_PEOPLE and warning.blocks_unattended
    assert "ann.jpg and bob.jpg have similarity 0.00" in warning.text
    d.set_ticked(2, False)
    assert d.warnings() == []


def test_lookalikes_of_others_warn_but_resembling_oneself_does_not():
    ann, bob = LookAlike(1, 0.8, name=EmployeeName("ann", "Ann Lee")), LookAlike(2, 0.6, name=EmployeeName("bob", "Bob Ray"))
    d = draft(existing=employee())
    d.add([photo("a.jpg", unit(1, 0, 0, 0), resembles=(ann, bob), own_similarity=0.8)])
    [warning] = d.warnings()
    assert warning.kind is WarningKind.LOOKALIKE and not warning.blocks_unattended
    assert warning.text == "Possible duplicate or look-alike: the chosen photos already match Bob Ray (bob) (0.60)."


def test_reenrolment_photos_that_do_not_show_the_employee_warn():
    d = draft(existing=employee())
    assert (d.name, d.code, d.department) == ("Ann Lee", "ann", "Lab")  # fixed by the employee
    d.add([photo("x.jpg", unit(1, 0, 0, 0), own_similarity=0.2), photo("y.jpg", unit(1, 0.1, 0, 0), own_similarity=0.3)])
    [warning] = d.warnings()
    assert warning.kind is WarningKind.NOT_THE_EMPLOYEE and warning.blocks_unattended
    assert "do not match the enrolled Ann Lee (ann): best similarity 0.30 < 0.50" in warning.text
    d.add([photo("z.jpg", unit(1, 0.05, 0, 0), own_similarity=0.7)])
    assert d.warnings() == []  # one photo showing them is enough: the rest are new looks


def test_request_refuses_mixed_recognizers_and_keeps_crops_only_when_asked():
    d = draft(name="Ann Lee", code=" ann ", consent_at=NOW)
    d.add([photo("a.jpg", unit(1, 0, 0, 0)), photo("b.jpg", unit(1, 0.1, 0, 0), recognizer="r2")])
    with pytest.raises(KioskError, match="face models changed"):
        d.request()
    d.remove([1])
    request = d.request()
    assert (request.code, request.department, request.recognizer, request.crops) == ("ann", None, "r1", ())
    assert request.vectors.shape == (1, DIM) and request.qualities.tolist() == pytest.approx([0.9])
    d.keep_photos = True
    assert len(d.request().crops) == 1


def test_checker_and_save_against_a_real_store(tmp_path):
    store = AttendanceStore(open_database(tmp_path / "kiosk.db"))
    ann = unit(1, 0, 0, 0)
    store.enrol("ann", "Ann Lee", None, "r1", ann[None, :], np.ones(1, np.float32))
    existing = store.get_employee_by_code("ann")
    checker = PhotoChecker(store, "r1", DIM, same_person=0.5, duplicate=0.5, existing=existing)
    same, other = checker.candidate(photo("a.jpg", unit(1, 0.1, 0, 0)).assessment), checker.candidate(
        photo("b.jpg", unit(0, 1, 0, 0)).assessment
    )
    assert [r.name.code for r in same.resembles] == ["ann"] and same.own_similarity == pytest.approx(0.995, abs=1e-3)
    assert other.resembles == () and other.own_similarity == pytest.approx(0.0, abs=1e-6)
    assert checker.candidate(photo("bad.jpg", None).assessment).own_similarity is None

    d = EnrolmentDraft(existing, consent_at=NOW, keep_photos=True)
    d.add([same])
    with pytest.raises(KioskError, match="face models changed since"):
        save_enrolment(store, d.request(), "r2", actor="tester")
    saved = save_enrolment(store, d.request(), "r1", actor="tester")
    assert saved.template_count == 1 and saved.consent_at == NOW  # replaced, consent recorded
    assert all(t.has_photo for t in store.list_templates(saved.id))
    assert store.audit_log()[0].actor == "tester"
