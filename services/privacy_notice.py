"""The retention and destruction policy the current settings imply, as a notice an employer can publish
(in the manner of BIPA section 15(a): what is collected, why, how long, how it is destroyed)."""
from __future__ import annotations

from core.config import AppConfig


def _days(days: int, what: str) -> str:
    return f"{what} are kept without a time limit (no retention period is set)" if days == 0 else f"{what} are destroyed after {days} days"


def policy_text(config: AppConfig, company: str = "The employer") -> str:
    retention = config.retention
    photos = "kept, encrypted, as the administrator chose" if config.enrolment.keep_photos else "not kept"
    thumbnails = "kept, encrypted, with each attendance event" if config.attendance.keep_thumbnails else "not kept"
    faces = (
        "kept while the employee uses the kiosk" if retention.inactive_employee_days == 0
        else f"destroyed {retention.inactive_employee_days} days after the employee was deactivated or last used the kiosk"
    )
    return "\n".join([
        "BIOMETRIC DATA RETENTION AND DESTRUCTION POLICY",
        "",
        f"{company} uses a face-recognition attendance kiosk (face-kiosk) to record when employees arrive and leave.",
        "",
        "What is collected. With the employee's written consent, the kiosk computes face templates: lists of 512",
        "numbers derived from enrolment photos, from which the photos cannot be rebuilt. Enrolment photos are",
        f"{photos}; face thumbnails of check-ins are {thumbnails}. The kiosk records each check-in and check-out",
        "(time, kiosk, match score) and refused presentation attacks (a photo or screen held up to the camera).",
        "",
        "Why. Only to record attendance and to keep others from checking in as the employee. The data is not",
        "sold, leased, traded or otherwise profited from, and is not disclosed except as the law requires.",
        "",
        "How it is protected. Templates, photos and thumbnails are encrypted (AES-256-GCM) with a key kept apart",
        "from the database; the attendance record is tamper-evident; changes need the administrator's PIN.",
        "",
        "How long. Face templates, photos and thumbnails are " + faces + ", or at once when the",
        "employee leaves (their record is deleted) or withdraws consent. " + _days(retention.events_days, "Attendance events and attack records") + ";",
        _days(retention.audit_days, "audit records") + "; " + _days(retention.rejected_spool_days, "set-aside event records") + ".",
        "",
        "How it is destroyed. Deleted records are overwritten in the database file (SQLite secure delete), and",
        "every erasure leaves a receipt: what was destroyed, when, and by whom. The retention schedule is",
        "applied automatically at start and once a day.",
        "",
        "Withdrawing consent. An employee may withdraw consent at any time: their biometric data is destroyed",
        "and they record attendance without their face.",
    ]) + "\n"
