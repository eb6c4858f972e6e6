"""A running kiosk kept in step with the change log (``attendance.changes``): within seconds of a commit anywhere
(another kiosk, the back office, the command line), an enrolment is recognised, an erased or deactivated
person is neither recognised, nor greeted with their photo, nor logged, accepted settings apply and shifts
pair punches. (The admin PIN needs nothing: every check reads it from the database.) The gallery is updated person by person on the feed's thread, never on the recognition
thread, and swapped in whole."""
from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from attendance.changes import Change, ChangeFeed, ChangeKind, last_change_id
from attendance.desk import AttendanceDesk
from attendance.policy import PolicyConfig
from core.config import AppConfig
from pipeline.types import EmployeeName

if TYPE_CHECKING:
    from pipeline.recognition import IdentityResolver
    from services.greeting import Greeter
    from services.runtime import Runtime

log = logging.getLogger(__name__)


@dataclass
class Applied:
    """What a kiosk has taken up so far (for its status line and the tests)."""

    changes: int = 0
    people: set[int] = field(default_factory=set)  # reloaded (enrolled, changed)
    dropped: set[int] = field(default_factory=set)  # erased or deactivated
    settings: int = 0  # acceptances of settings taken up


class LiveChanges:
    """Applies the change log to one running kiosk: its resolver's gallery, names and threshold, its desk, its
    greeter. Make it (``mark``) before the gallery is loaded, so no change committed in between is missed;
    ``start`` once the pipeline runs; ``stop`` with it."""

    def __init__(self, runtime: Runtime, configured: AppConfig, *, poll_s: float | None = None) -> None:
        self._runtime = runtime
        self._configured = configured  # the kiosk's own settings, before the accepted ones are laid over them
        self._mark = last_change_id(runtime.database)
        self._poll_s = poll_s
        self._feed: ChangeFeed | None = None
        self._resolver: IdentityResolver | None = None
        self._desk: AttendanceDesk | None = None
        self._greeter: Greeter | None = None
        self.applied = Applied()

    def start(self, resolver: IdentityResolver | None, desk: AttendanceDesk | None, greeter: Greeter | None = None) -> LiveChanges:
        self._resolver, self._desk, self._greeter = resolver, desk, greeter
        options = {} if self._poll_s is None else {"poll_s": self._poll_s}
        self._feed = ChangeFeed(self._runtime.database, self.apply, after=self._mark, **options).start()
        return self

    def stop(self) -> None:
        if self._feed is not None:
            self._feed.stop()
            self._feed = None

    def apply(self, changes: Sequence[Change]) -> None:
        """Take up a batch of notices (on the feed's thread)."""
        kinds = {change.kind for change in changes}
        if ChangeKind.KEY in kinds:
            self._runtime.store.refresh_key()
        if ChangeKind.SETTINGS in kinds:
            self._take_settings()
        people = {c.employee_id for c in changes if c.kind in (ChangeKind.PERSON, ChangeKind.ERASED) and c.employee_id is not None}
        if people or ChangeKind.SETTINGS in kinds:
            self._take_people(people)
        if ChangeKind.SHIFTS in kinds and self._desk is not None:
            self._desk.forget_history()
        self.applied.changes += len(changes)

    def _take_people(self, people: set[int]) -> None:
        """Reload these people's templates and names (those without any now are dropped) and swap the gallery in."""
        resolver = self._resolver
        if resolver is None:
            return
        runtime, store = self._runtime, self._runtime.store
        threshold = runtime.threshold  # it follows the number of people enrolled: one count
        data = store.load_gallery(resolver.gallery.recognizer, people)
        kept = {int(i) for i in data.employee_ids}
        dropped = people - kept
        gallery = resolver.gallery
        if people:  # settings alone change no template: the gallery in use stays
            vectors = data.vectors.reshape(len(data), -1) if len(data) else data.vectors.reshape(0, gallery.dim)
            rejected = store.load_rejected_looks(gallery.recognizer, people)
            gallery = gallery.replaced(people, vectors, data.employee_ids, (threshold, runtime.config.recognizer.lookalike_margin),
                                       (rejected.vectors, rejected.employee_ids))
        names = {i: n for i, n in resolver.names.items() if i not in dropped}
        for employee_id in kept:
            employee = store.get_employee(employee_id)
            if employee is not None:
                names[employee_id] = EmployeeName(employee.code, employee.name)
        resolver.swap(gallery, names, threshold, runtime.margin, dropped)
        if self._desk is not None:
            self._desk.bar(dropped)
            self._desk.bar(kept, barred=False)
        if self._greeter is not None:
            self._greeter.forget(people)
        self.applied.people |= kept
        self.applied.dropped |= dropped
        log.info("applied changes: %d person(s) reloaded, %d dropped", len(kept), len(dropped))

    def _take_settings(self) -> None:
        """Lay the newly accepted settings over the kiosk's own (threshold and margin apply at the next frame, the
        attendance policy at the next punch; the models and the liveness check at the next start)."""
        runtime = self._runtime
        runtime.config, _refused = runtime.settings_guard.enforce(self._configured)
        if self._desk is not None:
            self._desk.configure(PolicyConfig.from_settings(runtime.config.attendance))
        self.applied.settings += 1
