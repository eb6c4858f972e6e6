"""The admin PIN: a salted, peppered scrypt hash signed into the database, and a lockout that survives restarts.

The app's dialogs (gui/pin.py) and the command line (cli/admin_cmd.py) use the same store.

The record lives in the database as a signed record (``admin_pin``, an HMAC under the data key), so
editing the hash, the cost or the lockout counters outside the app is detected and refused, and
deleting it does not clear the PIN (a sealed database always has the record; "null" means no PIN).
The hash is ``HMAC(pepper, scrypt(pin, salt))`` with a pepper derived from the data key: a copied
record cannot be brute-forced without the key. ``reset`` (``admin reset-pin``) needs only the key.

After ``FREE_ATTEMPTS`` wrong PINs in a row, every further wrong PIN locks entry for a delay that
doubles each time (``FIRST_LOCK_S``, 2x, 4x ... up to ``MAX_LOCK_S``); while locked, no PIN is
checked at all. A correct PIN resets the count.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from attendance.keys import DataKey
from attendance.signed import ADMIN_PIN, NO_PIN, StaleRecordError, TamperedError
from core.errors import KioskError

FREE_ATTEMPTS = 5
FIRST_LOCK_S = 30.0
MAX_LOCK_S = 3600.0
MIN_PIN_LENGTH = 6
MAX_PIN_LENGTH = 12
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1  # about 16 MiB and 50 ms per check
LEGACY_PIN_FILE = "admin_pin.json"  # where versions before the sealed database kept the PIN


class PinError(KioskError):
    """A new PIN that does not follow the rules, or a PIN record that was edited, deleted or cannot be written."""


class PinRuleError(PinError):
    """A new PIN that is not MIN_PIN_LENGTH..MAX_PIN_LENGTH digits."""


@dataclass(frozen=True)
class PinRecord:
    """What the signed record holds."""

    salt: str  # hex
    hash: str  # hex HMAC(pepper, scrypt(pin, salt, n, r, p)); without the pepper for a record imported from a PIN file
    n: int = SCRYPT_N  # the cost it was made with, for the record; checks always use SCRYPT_N, _R, _P
    r: int = SCRYPT_R
    p: int = SCRYPT_P
    failures: int = 0  # wrong PINs since the last correct one
    locked_until: float = 0.0  # wall-clock seconds (time.time())
    peppered: bool = True
    lock_boot: str = ""  # the boot the lock was set in ("": unknown), whose monotonic clock ...
    locked_until_monotonic: float = 0.0  # ... holds the lock: a wall clock moved forward does not lift it


@dataclass(frozen=True)
class PinCheck:
    ok: bool
    locked_for_s: float = 0.0  # > 0: entry is locked for this long (the PIN was not checked)
    attempts_left: int = 0  # wrong PINs still allowed before the next lock


class SignedRecords(Protocol):
    """The records a database signs with its data key (``AttendanceStore``)."""

    @property
    def key(self) -> DataKey: ...

    def signed_record(self, name: str) -> str | None: ...

    def put_signed_record(
        self, name: str, value: str, *, actor: str | None = None, action: str | None = None, details: dict[str, Any] | None = None
    ) -> None: ...


def check_new_pin(pin: str) -> None:
    """``PinRuleError`` unless ``pin`` is MIN_PIN_LENGTH..MAX_PIN_LENGTH digits."""
    if not pin.isdigit() or not MIN_PIN_LENGTH <= len(pin) <= MAX_PIN_LENGTH:
        raise PinRuleError(f"the PIN must be {MIN_PIN_LENGTH} to {MAX_PIN_LENGTH} digits")


def _scrypt(pin: str, salt: bytes) -> bytes:
    # the cost is this program's, never the record's: an edited record with a cheap hash verifies nothing
    return hashlib.scrypt(pin.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, maxmem=128 * SCRYPT_R * SCRYPT_N * 2, dklen=32)


def boot_id() -> str:
    """This boot of the machine ("" where it cannot be told): within one boot every process shares the
    monotonic clock, which setting the date does not move."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def lock_delay(failures: int) -> float:
    """Seconds entry stays locked after the ``failures``-th wrong PIN in a row (0 while attempts are free)."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return min(MAX_LOCK_S, FIRST_LOCK_S * 2 ** (failures - FREE_ATTEMPTS))


class PinStore:
    """The admin PIN of one database, or (``name``, ``required=False``) another PIN kept the same way, such as an
    employee's check-in PIN: then a missing record means no PIN rather than a deleted one."""

    def __init__(
        self,
        records: SignedRecords,
        clock: Callable[[], float] = time.time,
        legacy_file: Path | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        boot: Callable[[], str] = boot_id,
        *,
        name: str = ADMIN_PIN,
        required: bool = True,
        what: str = "admin PIN",
        details: dict[str, Any] | None = None,
        noun: str | None = None,
    ) -> None:
        self._records = records
        self._clock = clock
        self._monotonic = monotonic
        self._boot = boot
        self._legacy_file = legacy_file
        self._name = name
        self._required = required
        self._what = what
        self._details = details  # audited with every change of this PIN
        self._noun = noun or ("pin" if name == ADMIN_PIN else "checkin_pin")  # audited as set_<noun>, change_<noun>

    def _hash(self, pin: str, salt: bytes, peppered: bool = True) -> str:
        digest = _scrypt(pin, salt)
        if peppered:
            digest = hmac.new(self._records.key.pin_pepper(), digest, hashlib.sha256).digest()
        return digest.hex()

    def _load(self) -> PinRecord | None:
        reset = "`python main.py admin reset-pin` (which needs the data key) sets a new PIN" if self._required else "the admin sets a new one"
        try:
            value = self._records.signed_record(self._name)
        except TamperedError as exc:
            how = "is an older copy put back" if isinstance(exc, StaleRecordError) else "was edited"
            raise PinError(f"the {self._what} record {how} outside the app and is refused: {reset}") from None
        if value is None:
            if not self._required:
                return None
            raise PinError(f"the {self._what} record is missing from the database (deleted outside the app): {reset}")
        if value == NO_PIN:
            return self._import_legacy()
        try:
            return PinRecord(**json.loads(value))
        except (ValueError, TypeError) as exc:
            raise PinError(f"the {self._what} record is unreadable ({exc}): {reset}") from None

    def _import_legacy(self) -> PinRecord | None:
        """A PIN file of an earlier version moves into the signed record (and is deleted: it was not peppered)."""
        if self._name != ADMIN_PIN or self._legacy_file is None or not self._legacy_file.is_file():
            return None
        try:
            data = json.loads(self._legacy_file.read_text(encoding="utf-8"))
            record = PinRecord(**data, peppered=False)
        except (OSError, ValueError, TypeError) as exc:
            raise PinError(f"the PIN file {self._legacy_file} is unreadable ({exc}); delete it to set a new PIN") from None
        self._save(record, action="import_pin")
        self._legacy_file.unlink()
        return record

    def _save(self, record: PinRecord, *, actor: str | None = None, action: str | None = None) -> None:
        try:
            details = self._details if action is not None else None
            self._records.put_signed_record(self._name, json.dumps(asdict(record)), actor=actor, action=action, details=details)
        except KioskError as exc:
            raise PinError(f"cannot store the {self._what}: {exc}") from None

    @property
    def is_set(self) -> bool:
        return self._load() is not None

    def _new_record(self, pin: str) -> PinRecord:
        check_new_pin(pin)
        salt = secrets.token_bytes(16)
        return PinRecord(salt.hex(), self._hash(pin, salt))

    def set_pin(self, pin: str, actor: str = "admin") -> None:
        """Store a new PIN and clear any lockout; audited. (Changing one is the caller's to authorise.)"""
        record = self._new_record(pin)
        self._save(record, actor=actor, action=f"change_{self._noun}" if self.is_set else f"set_{self._noun}")

    def reset(self, pin: str, actor: str = "admin") -> None:
        """Set a new PIN whatever the record holds (edited, deleted); audited. Needs only the data key."""
        self._save(self._new_record(pin), actor=actor, action="reset_pin")

    def locked_for(self) -> float:
        """Seconds until a PIN may be tried again (0: now)."""
        record = self._load()
        if record is None:
            return 0.0
        if record.lock_boot and record.lock_boot == self._boot():  # the same boot: its monotonic clock decides
            return max(0.0, min(record.locked_until_monotonic - self._monotonic(), MAX_LOCK_S))
        # after a restart: the wall clock (a clock set backwards never locks for longer than the longest delay)
        return max(0.0, min(record.locked_until - self._clock(), MAX_LOCK_S))

    def check(self, pin: str) -> PinCheck:
        """Try ``pin``; a wrong one counts towards the lockout. While locked, nothing is checked."""
        record = self._load()
        if record is None:
            return PinCheck(False)
        waiting = self.locked_for()
        if waiting > 0:
            return PinCheck(False, locked_for_s=waiting)
        salt = bytes.fromhex(record.salt)
        if hmac.compare_digest(self._hash(pin, salt, record.peppered), record.hash):
            if not record.peppered:  # imported from a PIN file: pepper it now that the PIN is known
                self._save(PinRecord(record.salt, self._hash(pin, salt)))
            elif record.failures or record.locked_until:
                self._save(replace(record, failures=0, locked_until=0.0, lock_boot="", locked_until_monotonic=0.0))
            return PinCheck(True)
        failures = record.failures + 1
        delay = lock_delay(failures)
        self._save(replace(
            record, failures=failures, locked_until=self._clock() + delay if delay else 0.0,
            lock_boot=self._boot() if delay else "", locked_until_monotonic=self._monotonic() + delay if delay else 0.0,
        ))
        return PinCheck(False, locked_for_s=delay, attempts_left=max(0, FREE_ATTEMPTS - failures))
