"""The admin PIN: a scrypt hash with a random salt in a JSON file, and a lockout that survives restarts.

The app's dialogs (gui/pin.py) and the command line (cli/admin_cmd.py) use the same store.

After ``FREE_ATTEMPTS`` wrong PINs in a row, every further wrong PIN locks entry for a delay that
doubles each time (``FIRST_LOCK_S``, 2x, 4x ... up to ``MAX_LOCK_S``); while locked, no PIN is
checked at all. The failure count and the end of the lock are written to the file with the hash,
atomically, so quitting the app does not reset them. A correct PIN resets the count.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

FREE_ATTEMPTS = 5
FIRST_LOCK_S = 30.0
MAX_LOCK_S = 3600.0
MIN_PIN_LENGTH = 6
MAX_PIN_LENGTH = 12
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1  # about 16 MiB and 50 ms per check
PIN_FILE = "admin_pin.json"


class PinError(ValueError):
    """A new PIN that does not follow the rules, or a PIN file that cannot be written."""


@dataclass(frozen=True)
class PinRecord:
    """What the PIN file holds."""

    salt: str  # hex
    hash: str  # hex scrypt(pin, salt, n, r, p)
    n: int = SCRYPT_N  # the cost it was made with, for the record; checks always use SCRYPT_N, _R, _P
    r: int = SCRYPT_R
    p: int = SCRYPT_P
    failures: int = 0  # wrong PINs since the last correct one
    locked_until: float = 0.0  # wall-clock seconds (time.time())


@dataclass(frozen=True)
class PinCheck:
    ok: bool
    locked_for_s: float = 0.0  # > 0: entry is locked for this long (the PIN was not checked)
    attempts_left: int = 0  # wrong PINs still allowed before the next lock


def check_new_pin(pin: str) -> None:
    """``PinError`` unless ``pin`` is MIN_PIN_LENGTH..MAX_PIN_LENGTH digits."""
    if not pin.isdigit() or not MIN_PIN_LENGTH <= len(pin) <= MAX_PIN_LENGTH:
        raise PinError(f"the PIN must be {MIN_PIN_LENGTH} to {MAX_PIN_LENGTH} digits")


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=128 * r * n * 2, dklen=32)


def lock_delay(failures: int) -> float:
    """Seconds entry stays locked after the ``failures``-th wrong PIN in a row (0 while attempts are free)."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return min(MAX_LOCK_S, FIRST_LOCK_S * 2 ** (failures - FREE_ATTEMPTS))


class PinStore:
    """The admin PIN file in the data folder."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self._clock = clock

    def _load(self) -> PinRecord | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return PinRecord(**data)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError) as exc:
            raise PinError(f"the PIN file {self.path} is unreadable ({exc}); delete it to set a new PIN") from None

    def _save(self, record: PinRecord) -> None:
        temporary = self.path.with_name(self.path.name + ".tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with temporary.open("w", encoding="utf-8") as handle:
                json.dump(asdict(record), handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.path)
        except OSError as exc:
            raise PinError(f"cannot write the PIN file {self.path}: {exc.strerror or exc}") from None

    @property
    def is_set(self) -> bool:
        return self._load() is not None

    def set_pin(self, pin: str) -> None:
        """Store a new PIN (salted scrypt hash) and clear any lockout."""
        check_new_pin(pin)
        salt = secrets.token_bytes(16)
        digest = _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        self._save(PinRecord(salt.hex(), digest.hex()))

    def locked_for(self) -> float:
        """Seconds until a PIN may be tried again (0: now)."""
        record = self._load()
        if record is None:
            return 0.0
        # a clock set backwards must not lock the admin out for longer than the longest delay
        return max(0.0, min(record.locked_until - self._clock(), MAX_LOCK_S))

    def check(self, pin: str) -> PinCheck:
        """Try ``pin``; a wrong one counts towards the lockout. While locked, nothing is checked."""
        record = self._load()
        if record is None:
            return PinCheck(False)
        waiting = self.locked_for()
        if waiting > 0:
            return PinCheck(False, locked_for_s=waiting)
        # the cost is this program's, never the file's: an edited file with a cheap hash verifies nothing
        digest = _scrypt(pin, bytes.fromhex(record.salt), SCRYPT_N, SCRYPT_R, SCRYPT_P)
        if hmac.compare_digest(digest, bytes.fromhex(record.hash)):
            if record.failures or record.locked_until:
                self._save(replace(record, failures=0, locked_until=0.0))
            return PinCheck(True)
        failures = record.failures + 1
        delay = lock_delay(failures)
        self._save(replace(record, failures=failures, locked_until=self._clock() + delay if delay else 0.0))
        return PinCheck(False, locked_for_s=delay, attempts_left=max(0, FREE_ATTEMPTS - failures))


def data_folder_pins(data_dir: Path) -> PinStore:
    """The admin PIN of a data folder: the app and the command line share this one file."""
    return PinStore(Path(data_dir) / PIN_FILE)
