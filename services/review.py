"""The review queue of the Attendance page: what a person should look at, each item with the facts behind the kiosk's
decision (similarity, margin to the runner-up, looks, liveness), resolved by the admin (audited).

Three kinds of item: a "not me" said at a kiosk; a face check-in that passed within ``NEAR`` of the match threshold
or of the margin; two enrolled employees close enough to be taken for each other. An item stays until resolved:
confirmed as it stands, its check-in voided, its employee sent to re-enrolment, or a pair marked look-alikes.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from attendance.records import EventRecord, Resolution, ReviewKind
from core.errors import KioskError
from pipeline.types import EmployeeName
from services.runtime import Runtime

NEAR = 0.05  # a face check-in this close to the threshold, or to the margin, is reviewed
VOID_REASON = "review: not {name}"  # an event voided from the queue, when the admin gives no note
RESOLUTIONS = {
    ReviewKind.NOT_ME: (Resolution.CONFIRM, Resolution.REENROL),
    ReviewKind.NEAR_THRESHOLD: (Resolution.CONFIRM, Resolution.VOID, Resolution.REENROL),
    ReviewKind.LOOKALIKE: (Resolution.LOOKALIKES, Resolution.REENROL),
}
_ORDER = {ReviewKind.NOT_ME: 0, ReviewKind.NEAR_THRESHOLD: 1, ReviewKind.LOOKALIKE: 2}


@dataclass(frozen=True)
class ReviewItem:
    """One item of the queue and why the kiosk decided as it did."""

    kind: ReviewKind
    item: str  # which one, for its resolution: the rejected look's id, the event's id, "id-id" of a pair
    at: datetime | None  # when it happened (None: a pair of enrolled people)
    employee_id: int
    who: EmployeeName  # whom the face was taken for (a pair: the earlier enrolled)
    other: EmployeeName | None = None  # a pair's second person
    other_id: int | None = None
    event: EventRecord | None = None  # the check-in in question
    similarity: float | None = None
    margin: float | None = None  # to the runner-up
    looks: int | None = None  # embeddings the identity rested on
    live_score: float | None = None  # the face's mean live score (None: not checked)
    kiosk_id: str | None = None
    look_id: int | None = None  # a "not me": the face it kept

    @property
    def resolutions(self) -> tuple[Resolution, ...]:
        return RESOLUTIONS[self.kind]


@dataclass(frozen=True)
class ReviewQueue:
    items: list[ReviewItem]
    threshold: float | None  # the match threshold in force (None: no recognizer to tell it)
    margin: float  # the margin the best match must beat the runner-up by
    live_threshold: float  # the mean live score a live face reaches


def review_queue(runtime: Runtime, start: datetime, end: datetime) -> ReviewQueue:
    """The open items of ``start`` to ``end`` (and every look-alike pair), "not me" first, newest first."""
    store = runtime.store
    resolved = store.review_resolutions()
    settings = runtime.config.recognizer
    items = [
        ReviewItem(ReviewKind.NOT_ME, str(report.look_id), report.at, report.employee_id,
                   EmployeeName(report.employee_code, report.employee_name), event=report.event, similarity=report.similarity,
                   margin=report.margin, looks=report.looks, live_score=report.live_score, kiosk_id=report.kiosk_id,
                   look_id=report.look_id)
        for report in store.not_me_reports(since=start) if report.at < end
    ]
    try:
        threshold: float | None = runtime.threshold
        lookalikes = runtime.gallery_audit().lookalikes
    except KioskError:  # no recognizer present: no threshold to be near, no gallery to compare
        threshold, lookalikes = None, []
    if threshold is not None:
        items += [
            ReviewItem(ReviewKind.NEAR_THRESHOLD, str(event.id), event.at, event.employee_id,
                       EmployeeName(event.employee_code, event.employee_name), event=event, similarity=event.similarity,
                       margin=event.margin, looks=event.looks, live_score=event.live_score, kiosk_id=event.kiosk_id)
            for event in store.close_calls(start, end, threshold + NEAR, settings.margin + NEAR)
        ]
    for pair in lookalikes:
        assert pair.other is not None  # an enrolled pair
        first, second = sorted((pair.other, pair.employee_id))
        names = {pair.other: pair.other_name, pair.employee_id: pair.name}
        items.append(ReviewItem(ReviewKind.LOOKALIKE, f"{first}-{second}", None, first, _named(names[first]),
                                other=_named(names[second]), other_id=second, similarity=pair.similarity))
    open_items = [item for item in items if (item.kind, item.item) not in resolved]
    open_items.sort(key=lambda item: (_ORDER[item.kind], -(item.at.timestamp() if item.at else 0.0)))
    return ReviewQueue(open_items, threshold, settings.margin, runtime.config.liveness.threshold)


def _named(name: EmployeeName | None) -> EmployeeName:
    return name if name is not None else EmployeeName("?", "?")


def resolve(runtime: Runtime, item: ReviewItem, resolution: Resolution, *, actor: str, note: str | None = None) -> None:
    """Resolve ``item``: a void voids its check-in (with the note as the reason), then the resolution is recorded and
    audited. Re-enrolment itself is the enrolment page's (this records that it was asked for)."""
    if resolution not in item.resolutions:
        raise ValueError(f"a {item.kind.value} item cannot be resolved with {resolution.value}")
    if resolution is Resolution.VOID:
        assert item.event is not None  # a near-threshold item always has its event
        runtime.store.void_event(item.event.id, reason=note or VOID_REASON.format(name=item.who.name), actor=actor)
    runtime.store.resolve_review(item.kind, item.item, resolution, actor=actor, note=note)
