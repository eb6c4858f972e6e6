"""The data key: one random 256-bit secret per database, kept outside it.

Everything secret in the database hangs on it: templates, kept photos and thumbnails are sealed
with AES-GCM under a key derived from it (``attendance.sealing``), the attendance record is
hash-chained with an HMAC key derived from it (``attendance.chain``), and the admin PIN and the
accepted settings are authenticated with a third (``attendance.security``). The database holds only
a check value that says whether a key is the right one.

Where the key lives: the OS keyring (Windows Credential Manager, macOS Keychain, Secret Service)
when one is usable, else a file with 0600 permissions in ``<user config folder>/keys``; never in the
data folder. ``$KIOSK_KEY_DIR`` names another key folder (a removable drive, a test) and skips the
keyring. A key is named ``<database id>-<generation>``: rotation writes a new generation before the
database switches to it, so a crash at any point leaves a key that opens the database.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Protocol

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from platformdirs import user_config_path

from attendance.errors import StoreError
from core.names import APP_NAME

KEY_DIR_ENV = "KIOSK_KEY_DIR"
KEY_BYTES = 32
KEYRING_SERVICE = APP_NAME


class DataKeyError(StoreError):
    """The data key is missing, wrong, or cannot be stored."""


class KeyMissingError(DataKeyError):
    """The database is sealed with a key this machine does not have."""


def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"face-kiosk " + purpose).derive(master)


@dataclass(frozen=True)
class DataKey:
    """A database's data key and the keys derived from it, one per purpose."""

    secret: bytes
    generation: int

    def __post_init__(self) -> None:
        if len(self.secret) != KEY_BYTES:
            raise DataKeyError(f"a data key is {KEY_BYTES} bytes, this one is {len(self.secret)}")

    @classmethod
    def new(cls, generation: int) -> DataKey:
        return cls(secrets.token_bytes(KEY_BYTES), generation)

    @cached_property
    def cipher(self) -> AESGCM:
        """AES-256-GCM for templates, photos and thumbnails."""
        return AESGCM(_derive(self.secret, b"blobs"))

    @cached_property
    def _chain_key(self) -> bytes:
        return _derive(self.secret, b"chain")

    @cached_property
    def _record_key(self) -> bytes:
        return _derive(self.secret, b"records")

    def chain_mac(self, message: bytes) -> str:
        """HMAC-SHA256 (hex) of one link of the attendance chain."""
        return hmac.digest(self._chain_key, message, "sha256").hex()  # the one-shot C path: a million links a verify

    def record_mac(self, name: str, value: str) -> str:
        """HMAC-SHA256 (hex) of a signed record (``name`` keeps one record from standing in for another)."""
        return hmac.new(self._record_key, name.encode() + b"\0" + value.encode(), hashlib.sha256).hexdigest()

    def pin_pepper(self) -> bytes:
        """A secret mixed into the PIN hash, so a copied PIN record cannot be brute-forced without the key."""
        return _derive(self.secret, b"pin")

    def wrap(self, successor: DataKey) -> bytes:
        """``successor`` sealed under this key (AES-GCM, bound to its generation): a rotation leaves it in the
        database so every kiosk holding this key takes the next one up by itself."""
        nonce = secrets.token_bytes(12)
        return nonce + AESGCM(_derive(self.secret, b"wrap")).encrypt(nonce, successor.secret, _wrap_context(successor.generation))

    def unwrap(self, wrapped: bytes, generation: int) -> DataKey:
        """The key of ``generation`` that ``wrap`` sealed; ``DataKeyError`` when it was not this key's doing."""
        try:
            secret = AESGCM(_derive(self.secret, b"wrap")).decrypt(wrapped[:12], wrapped[12:], _wrap_context(generation))
        except Exception:  # noqa: BLE001 - InvalidTag, a short blob: either way not ours
            raise DataKeyError(f"the data key of generation {generation} in the database does not open with key {self.generation}") from None
        return DataKey(secret, generation)

    def check_value(self, database_id: str) -> str:
        """What the database stores to recognise its key (reveals nothing about it)."""
        return hmac.new(_derive(self.secret, b"check"), database_id.encode(), hashlib.sha256).hexdigest()


def _wrap_context(generation: int) -> bytes:
    return f"face-kiosk data key {generation}".encode()


def key_name(database_id: str, generation: int) -> str:
    return f"{database_id}-{generation}"


class KeyStore(Protocol):
    """Where data keys are kept."""

    @property
    def where(self) -> str:
        """For messages: the keyring's name or the key folder."""
        ...

    def load(self, name: str) -> bytes | None: ...

    def create(self, name: str, secret: bytes) -> bytes:
        """Store ``secret`` under ``name`` unless a key of that name exists; returns the key now stored."""
        ...

    def delete(self, name: str) -> None: ...


class KeyFolder:
    """Keys as ``<name>.key`` files (hex, mode 0600) in a folder of their own (mode 0700)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder).expanduser()

    @property
    def where(self) -> str:
        return str(self.folder)

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.key"

    def load(self, name: str) -> bytes | None:
        try:
            text = self.path(name).read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            raise DataKeyError(f"cannot read the data key {self.path(name)}: {exc}") from None
        try:
            return bytes.fromhex(text)
        except ValueError:
            raise DataKeyError(f"the data key file {self.path(name)} is damaged (not hex): restore it from a backup") from None

    def create(self, name: str, secret: bytes) -> bytes:
        path = self.path(name)
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another program made it first: both use that one
            stored = self.load(name)
            assert stored is not None
            return stored
        except OSError as exc:
            raise DataKeyError(f"cannot write the data key to {path}: {exc.strerror or exc}") from None
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secret.hex() + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        return secret

    def delete(self, name: str) -> None:
        self.path(name).unlink(missing_ok=True)


class KeyringStore:
    """Keys in the OS keyring (service ``face-kiosk``, one entry per key name)."""

    def __init__(self, backend: object) -> None:
        self._backend = backend

    @property
    def where(self) -> str:
        return f"the OS keyring ({type(self._backend).__name__})"

    def load(self, name: str) -> bytes | None:
        stored = self._backend.get_password(KEYRING_SERVICE, name)  # type: ignore[attr-defined]
        return None if stored is None else bytes.fromhex(stored)

    def create(self, name: str, secret: bytes) -> bytes:
        stored = self.load(name)
        if stored is not None:
            return stored
        self._backend.set_password(KEYRING_SERVICE, name, secret.hex())  # type: ignore[attr-defined]
        return secret

    def delete(self, name: str) -> None:
        from keyring.errors import PasswordDeleteError

        try:
            self._backend.delete_password(KEYRING_SERVICE, name)  # type: ignore[attr-defined]
        except PasswordDeleteError:
            pass


def _usable_keyring() -> object | None:
    """The OS keyring backend when one really stores secrets (not the fail/null/plaintext ones), else None."""
    try:
        import keyring
        from keyring.backends import chainer, fail
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - a broken keyring configuration must not stop the kiosk: fall back to the key folder
        return None
    if isinstance(backend, fail.Keyring) or backend.priority < 1:
        return None
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return None
    return backend


def default_keystore() -> KeyStore:
    """``$KIOSK_KEY_DIR`` when set, else the OS keyring when usable, else ``<user config folder>/keys``."""
    folder = os.environ.get(KEY_DIR_ENV)
    if folder:
        return KeyFolder(Path(folder))
    backend = _usable_keyring()
    if backend is not None:
        return KeyringStore(backend)
    return KeyFolder(user_config_path(APP_NAME) / "keys")


def refuse_key_beside(keys: KeyStore, data_folder: Path) -> None:
    """``DataKeyError`` when a key folder lies in the data folder: a copy of that folder would carry its own key."""
    if not isinstance(keys, KeyFolder):
        return
    folder, data = keys.folder.resolve(), Path(data_folder).resolve()
    if folder == data or data in folder.parents:
        raise DataKeyError(
            f"the key folder {folder} is inside the data folder {data}: a copy of the data would carry its key; "
            f"set ${KEY_DIR_ENV} to a folder elsewhere"
        )
