"""The retention schedule, enforced: `purge` and the app (at start and once a day) apply ``[retention]``.

"Older than N days" counts whole local working days (the configured time zone, DST-safe): a record is
purged once it is before the start of the day N days before today, so N days of history are always
kept in full. 0 keeps everything of that kind.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone, tzinfo

from attendance.policy import day_start, local_date
from attendance.records import ErasureReceipt, PurgeCounts
from attendance.spool import RejectedFile
from core.config import RetentionSettings
from services import erasure
from services.runtime import Runtime

RETENTION_ACTOR = "retention"


@dataclass(frozen=True)
class Cutoffs:
    """What is older than these goes; None keeps that kind."""

    events: datetime | None
    audit: datetime | None
    faces: datetime | None
    rejected: datetime | None


def cutoffs(settings: RetentionSettings, tz: tzinfo | None, now: datetime) -> Cutoffs:
    today = local_date(now, tz)

    def before(days: int) -> datetime | None:
        return None if days == 0 else day_start(today - timedelta(days=days), tz)

    return Cutoffs(
        before(settings.events_days), before(settings.audit_days),
        before(settings.inactive_employee_days), before(settings.rejected_spool_days),
    )


@dataclass(frozen=True)
class PurgeReport:
    cutoffs: Cutoffs
    counts: PurgeCounts
    faces: list[str]  # employees whose biometric data went (or would go)
    rejected_lines: int
    dry_run: bool
    receipts: list[ErasureReceipt] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        verb = "would remove" if self.dry_run else "removed"
        faces = ", ".join(self.faces) if self.faces else "none"
        return [
            f"{verb} {self.counts.events} attendance event(s) and {self.counts.attacks} presentation-attack record(s)"
            + _since(self.cutoffs.events),
            f"{verb} {self.counts.audit_rows} audit row(s)" + _since(self.cutoffs.audit),
            f"{verb} the face data of {len(self.faces)} employee(s) deactivated or unseen" + _since(self.cutoffs.faces) + f": {faces}",
            f"{verb} {self.rejected_lines} set-aside event line(s)" + _since(self.cutoffs.rejected),
        ]


def _since(cutoff: datetime | None) -> str:
    return " (kept: no limit set)" if cutoff is None else f" from before {cutoff.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC"


def purge(runtime: Runtime, *, actor: str = RETENTION_ACTOR, dry_run: bool = False, now: datetime | None = None) -> PurgeReport:
    """Apply the retention settings once; one "purge" audit row (plus a receipt per employee whose face data went)."""
    config = runtime.config
    limits = cutoffs(config.retention, config.attendance.zone, now or datetime.now(timezone.utc))
    store = runtime.store
    faces = store.faces_unused_since(limits.faces) if limits.faces is not None else []
    receipts = [] if dry_run else [
        erasure.erase_unused_faces(runtime, code, actor=actor, reason=f"retention: unused for {config.retention.inactive_employee_days} days")
        for code in faces
    ]
    rejected = 0 if limits.rejected is None else RejectedFile(runtime.data_dir).purge(limits.rejected, dry_run=dry_run)
    counts = store.purge(
        events_before=limits.events, audit_before=limits.audit, actor=actor, dry_run=dry_run,
        details={"faces_erased": faces, "rejected_lines": rejected},
    )
    return PurgeReport(limits, counts, faces, rejected, dry_run, receipts)
