"""Security-relevant settings changed outside the app are not obeyed until an admin accepts them.

The database keeps a signed copy (``accepted_settings``) of the guarded settings the admin last
accepted: the match threshold and margin, re-identification, the liveness check, thumbnails, retention,
trusting pickled checkpoints. Once a PIN is set, a configuration (``config.toml`` or a command-line flag) whose
guarded values differ is refused: the kiosk runs with the accepted values until the admin accepts the
new ones with the PIN (Settings page, or `admin accept-config`), and every acceptance is audited.
Without a PIN there is nobody to confirm: the configuration applies as it is, and its copy is kept
(audited as accepted by "no-pin") so that setting a PIN later starts from it. A copy that is missing
or edited while a PIN is set counts as accepting only the defaults.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from attendance.signed import ACCEPTED_SETTINGS, TamperedError
from attendance.store import AttendanceStore
from core.config import AppConfig
from services.admin_pin import PinStore

GUARDED = (
    "recognizer.threshold",
    "recognizer.target_fpir",
    "recognizer.margin",
    "recognizer.lookalike_margin",
    "video.reid_threshold",
    "video.reid_seconds",
    "liveness.enabled",
    "liveness.threshold",
    "liveness.sure_live",
    "liveness.sure_attack",
    "liveness.min_looks",
    "liveness.max_looks",
    "liveness.border",
    "liveness.border_min_share",
    "liveness.screen",
    "liveness.challenge",
    "liveness.challenge_steps",
    "liveness.motion",
    "liveness.weights",
    "attendance.keep_thumbnails",
    "attendance.admin_lock_minutes",
    "retention.events_days",
    "retention.audit_days",
    "retention.inactive_employee_days",
    "retention.rejected_spool_days",
    "trust_checkpoints",
)
NO_PIN_ACTOR = "no-pin"


def _get(config: AppConfig, name: str) -> Any:
    value: Any = config
    for part in name.split("."):
        value = getattr(value, part)
    return list(value) if isinstance(value, list) else value


def guarded_values(config: AppConfig) -> dict[str, Any]:
    return {name: _get(config, name) for name in GUARDED}


@dataclass(frozen=True)
class SettingChange:
    """A guarded setting whose configured value is not the accepted one."""

    name: str
    accepted: Any
    configured: Any

    def __str__(self) -> str:
        return f"{self.name} {self.accepted!r} -> {self.configured!r}"


class SettingsGuard:
    """Compares a configuration with the accepted copy, accepts it, or lays the accepted values over it."""

    def __init__(self, store: AttendanceStore, pins: PinStore) -> None:
        self._store = store
        self._pins = pins

    def _stored(self) -> str | None:
        """The signed copy as stored; None when it is missing or was edited."""
        try:
            return self._store.signed_record(ACCEPTED_SETTINGS)
        except TamperedError:
            return None

    @staticmethod
    def _accepted(stored: str | None) -> dict[str, Any]:
        """The accepted values; the defaults where the copy is missing, edited, or lacks a setting."""
        defaults = guarded_values(AppConfig())
        if stored is None:
            return defaults
        return defaults | {name: value for name, value in json.loads(stored).items() if name in defaults}

    def pending(self, config: AppConfig) -> list[SettingChange]:
        """The guarded settings of ``config`` an admin has not accepted; [] while no PIN is set (then
        ``config`` is recorded as accepted)."""
        if not self._pins.is_set:
            self.accept(config, NO_PIN_ACTOR)
            return []
        accepted = self._accepted(self._stored())
        return [
            SettingChange(name, accepted[name], value)
            for name, value in guarded_values(config).items()
            if value != accepted[name]
        ]

    def accept(self, config: AppConfig, actor: str) -> list[SettingChange]:
        """Make ``config``'s guarded values the accepted ones (the caller checked the PIN); audited. Returns the changes."""
        current = self._stored()
        accepted = self._accepted(current)
        values = guarded_values(config)
        changes = [SettingChange(name, accepted[name], value) for name, value in values.items() if value != accepted[name]]
        if changes or current is None:
            details = {"changes": [{"setting": c.name, "from": c.accepted, "to": c.configured} for c in changes]}
            self._store.put_signed_record(
                ACCEPTED_SETTINGS, json.dumps(values, sort_keys=True), actor=actor,
                action="accept_config" if changes else None, details=details,
            )
        return changes

    def enforce(self, config: AppConfig) -> tuple[AppConfig, list[SettingChange]]:
        """``config`` with every refused change replaced by its accepted value, and the refused changes."""
        changes = self.pending(config)
        if not changes:
            return config, []
        data = config.model_dump()
        for change in changes:
            *sections, key = change.name.split(".")
            target = data
            for section in sections:
                target = target[section]
            target[key] = change.accepted
        return AppConfig.model_validate(data), changes
