"""The gallery's self-audit (`employees audit`, the Employees page): templates that do not look like the rest of
their own person (a wrong or bad photo) and pairs of employees close enough to be taken for each other (they
get the stricter look-alike margin at the kiosk)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from attendance.store import AttendanceStore
from pipeline.gallery import Gallery, LookAlike
from pipeline.types import UNKNOWN_NAME, EmployeeName


@dataclass(frozen=True)
class WeakTemplate:
    """A template whose best similarity to its own person's other templates stays below the match threshold."""

    code: str
    name: str
    template_id: int
    similarity: float


def pair_labels(pair: LookAlike) -> tuple[str, str]:
    """The two employees of a named look-alike pair, as "Name (code)", the earlier enrolled first."""
    return (pair.other_name or UNKNOWN_NAME).label, (pair.name or UNKNOWN_NAME).label


@dataclass(frozen=True)
class GalleryAudit:
    threshold: float
    margin: float  # the look-alike margin in force
    weak: list[WeakTemplate]
    lookalikes: list[LookAlike]  # enrolled pairs, named


def audit_gallery(store: AttendanceStore, recognizer: str, threshold: float, margin: float) -> GalleryAudit:
    data = store.load_gallery(recognizer)
    employees = {e.id: e for e in store.list_employees()}

    def who(employee_id: int) -> EmployeeName:
        employee = employees.get(employee_id)
        return UNKNOWN_NAME if employee is None else EmployeeName(employee.code, employee.name)

    weak = []
    for employee_id in np.unique(data.employee_ids):
        rows = np.flatnonzero(data.employee_ids == employee_id)
        if len(rows) < 2:
            continue
        scores = data.vectors[rows] @ data.vectors[rows].T
        np.fill_diagonal(scores, -1.0)
        for row, best in zip(rows, scores.max(axis=1)):
            if best < threshold:
                employee = employees[int(employee_id)]
                weak.append(WeakTemplate(employee.code, employee.name, int(data.template_ids[row]), float(best)))
    pairs = []
    if len(data):
        gallery = Gallery(recognizer, data.vectors, data.employee_ids)
        pairs = [pair.named(who) for pair in gallery.lookalikes(threshold)]
    return GalleryAudit(threshold, margin, sorted(weak, key=lambda w: w.similarity), pairs)
