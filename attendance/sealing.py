"""Authenticated encryption of biometric blobs (templates, kept photos, thumbnails) with AES-256-GCM.

A sealed blob is ``b"\\x01" + 12-byte nonce + ciphertext + 16-byte tag``. The associated data names
what the blob is and whose (``template|<employee id>|<recognizer>|<dim>``, ...), so a sealed template
moved to another employee's row, or a photo moved into a template, fails to open instead of matching.
"""
from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag

from attendance.keys import DataKey

SEALED_FORMAT = 1
NONCE_BYTES = 12
TAG_BYTES = 16
OVERHEAD = 1 + NONCE_BYTES + TAG_BYTES


class SealError(ValueError):
    """A sealed blob that does not open with this key and this associated data (edited, moved or foreign)."""


def template_context(employee_id: int, recognizer: str, dim: int) -> bytes:
    return f"template|{employee_id}|{recognizer}|{dim}".encode()


def rejected_look_context(employee_id: int, recognizer: str, dim: int) -> bytes:
    return f"rejected look|{employee_id}|{recognizer}|{dim}".encode()


def photo_context(employee_id: int) -> bytes:
    return f"photo|{employee_id}".encode()


def event_thumbnail_context(employee_id: int) -> bytes:
    return f"event-thumbnail|{employee_id}".encode()


def spool_thumbnail_context(event_uid: str) -> bytes:
    return f"spool-thumbnail|{event_uid}".encode()


def attack_thumbnail_context(attack_uid: str) -> bytes:
    return f"attack-thumbnail|{attack_uid}".encode()


def seal(key: DataKey, plain: bytes, context: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return bytes((SEALED_FORMAT,)) + nonce + key.cipher.encrypt(nonce, plain, context)


def unseal(key: DataKey, sealed: bytes, context: bytes) -> bytes:
    """The plain bytes; ``SealError`` when the blob was not sealed by ``key`` for ``context``."""
    if len(sealed) < OVERHEAD or sealed[0] != SEALED_FORMAT:
        raise SealError("not a sealed blob")
    try:
        return key.cipher.decrypt(sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :], context)
    except InvalidTag:
        raise SealError("does not open with the data key: truncated, edited, or moved from another row or database") from None


def seal_optional(key: DataKey, plain: bytes | None, context: bytes) -> bytes | None:
    return None if plain is None else seal(key, plain, context)
