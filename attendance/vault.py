"""Unlocking a database with its data key: first sealing, the key check, rotation, key backups.

The first time a program with a key store opens a database, it makes the key, then in one
transaction encrypts every template, photo and thumbnail in place, chains every event, attack and
audit row, and records the key's check value (``key_check``, "<generation>:<hex>"). Later opens load
the key of that generation and compare the check value.
"""
from __future__ import annotations

import base64
import json
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from attendance.chain import Chain, chain_existing
from attendance.changes import note_change
from attendance.db import Database, retry_while_locked
from attendance.keys import DataKey, DataKeyError, KeyFolder, KeyMissingError, KeyStore, key_name
from attendance.migrations import DATABASE_ID
from attendance.models import AttackRow, AuditRow, EventRow, MetaRow, TemplateRow, utcnow
from attendance.sealing import (
    attack_thumbnail_context,
    event_thumbnail_context,
    photo_context,
    seal,
    template_context,
    unseal,
)
from attendance.signed import SEALED_RECORDS, SignedRecords

KEY_CHECK = "key_check"
WRAPPED_KEY = "wrapped_key_"  # + generation: that key sealed under the one before (a rotation leaves it for the other kiosks)
_SEAL_LOCK_KEY = 0x7365616C  # PostgreSQL advisory lock: one program at a time makes a database's first key
KEY_FILE_HEADER = "face-kiosk data key"


@dataclass(frozen=True)
class SealCount:
    """What the first sealing of an existing database encrypted and chained."""

    templates: int = 0
    photos: int = 0
    thumbnails: int = 0
    links: int = 0


def _meta(session: Session, name: str) -> str | None:
    return session.scalar(select(MetaRow.value).where(MetaRow.name == name))


def database_id(db: Database) -> str:
    with db.session() as session:
        found = _meta(session, DATABASE_ID)
    if found is None:
        raise DataKeyError(f"the database {db.name} has no id (its kiosk_meta table was emptied): restore it from a backup")
    return found


def _check(session: Session) -> tuple[int, str] | None:
    stored = _meta(session, KEY_CHECK)
    if stored is None:
        return None
    generation, _, value = stored.partition(":")
    if not generation.isdigit() or not value:
        raise DataKeyError(f"the database's key check {stored!r} is damaged: restore the database from a backup")
    return int(generation), value


def _write_check(session: Session, key: DataKey, dbid: str) -> None:
    value = f"{key.generation}:{key.check_value(dbid)}"
    row = session.get(MetaRow, KEY_CHECK)
    if row is None:
        session.add(MetaRow(name=KEY_CHECK, value=value, mac=None))
    else:
        row.value = value


def missing_key_message(db: Database, dbid: str, generation: int, keys: KeyStore) -> str:
    place = f"copy the file {key_name(dbid, generation)}.key into {keys.where}" if isinstance(keys, KeyFolder) else "import it"
    return (
        f"the data key of {db.name} (database {dbid}, key generation {generation}) is not in {keys.where}: without it the "
        "face templates, kept photos and thumbnails cannot be read and the attendance record cannot be verified "
        "(the attendance events themselves are intact). Restore the key from your backup: "
        f"`python main.py admin import-key FILE` with the file `admin export-key` wrote, or {place}"
    )


def _seal_blobs(session: Session, key: DataKey) -> SealCount:
    """Encrypt every plain template, photo and thumbnail in place (the first sealing)."""
    templates = photos = thumbnails = 0
    for row in session.scalars(select(TemplateRow)):
        row.vector = seal(key, row.vector, template_context(row.employee_id, row.recognizer, row.dim))
        templates += 1
        if row.photo is not None:
            row.photo = seal(key, row.photo, photo_context(row.employee_id))
            photos += 1
    for event in session.scalars(select(EventRow).where(EventRow.thumbnail.is_not(None))):
        event.thumbnail = seal(key, event.thumbnail, event_thumbnail_context(event.employee_id))  # type: ignore[arg-type]
        thumbnails += 1
    for attack in session.scalars(select(AttackRow).where(AttackRow.thumbnail.is_not(None))):
        attack.thumbnail = seal(key, attack.thumbnail, attack_thumbnail_context(attack.attack_uid))  # type: ignore[arg-type]
        thumbnails += 1
    session.flush()
    return SealCount(templates, photos, thumbnails)


def _reseal_blobs(session: Session, old: DataKey, new: DataKey) -> None:
    """Decrypt every sealed blob with ``old`` and seal it again with ``new`` (key rotation)."""

    def again(blob: bytes, context: bytes) -> bytes:
        return seal(new, unseal(old, blob, context), context)

    for row in session.scalars(select(TemplateRow)):
        row.vector = again(row.vector, template_context(row.employee_id, row.recognizer, row.dim))
        if row.photo is not None:
            row.photo = again(row.photo, photo_context(row.employee_id))
    for event in session.scalars(select(EventRow).where(EventRow.thumbnail.is_not(None))):
        event.thumbnail = again(event.thumbnail, event_thumbnail_context(event.employee_id))  # type: ignore[arg-type]
    for attack in session.scalars(select(AttackRow).where(AttackRow.thumbnail.is_not(None))):
        attack.thumbnail = again(attack.thumbnail, attack_thumbnail_context(attack.attack_uid))  # type: ignore[arg-type]
    session.flush()


def _audit_row(session: Session, chain: Chain, actor: str, action: str, details: dict[str, int]) -> None:
    row = AuditRow(
        at=utcnow(), actor=actor, action=action, target_table="kiosk_meta", target_id=None, reason=None,
        details=json.dumps(details, sort_keys=True),
    )
    session.add(row)
    session.flush()
    chain.append_row(session, row)
    note_change(session, action, None)


def unlock(db: Database, keys: KeyStore, lock_timeout_s: float) -> DataKey:
    """The database's data key, making it and sealing the database the first time.

    ``KeyMissingError`` when the database is sealed with a key ``keys`` lacks, ``DataKeyError`` when the
    key there belongs to another database.
    """
    dbid = database_id(db)
    with db.session() as session:
        check = _check(session)
    if check is None:
        fresh = DataKey(keys.create(key_name(dbid, 1), DataKey.new(1).secret), 1)
        lost: list[bool] = []

        def first_seal() -> None:
            with db.session() as session:
                if session.get_bind().dialect.name == "postgresql":  # SQLite's write lock serialises this already
                    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SEAL_LOCK_KEY})
                if _check(session) is not None:  # another program sealed it meanwhile, with its own key
                    lost.append(True)
                    return
                count = _seal_blobs(session, fresh)
                chain = Chain(fresh)
                links = chain_existing(session, chain)
                for name, value in SEALED_RECORDS.items():
                    SignedRecords(fresh).put(session, name, value)
                _write_check(session, fresh, dbid)
                if links or count.templates:  # an existing database: say what its first sealing did
                    _audit_row(session, chain, "system", "seal_database", asdict(replace(count, links=links)))

        retry_while_locked(first_seal, lock_timeout_s)
        with db.session() as session:
            check = _check(session)
        assert check is not None
        if lost and fresh.check_value(dbid) != check[1]:
            keys.delete(key_name(dbid, 1))  # ours sealed nothing
            raise DataKeyError(
                f"another program sealed {db.name} first, with its own data key: bring that key here "
                "(`admin export-key FILE` where it runs, then `python main.py admin import-key FILE` here)"
            )
    generation, value = check
    secret = keys.load(key_name(dbid, generation))
    if secret is None:
        older = next((DataKey(s, g) for g in range(generation - 1, 0, -1) if (s := keys.load(key_name(dbid, g))) is not None), None)
        if older is None:
            raise KeyMissingError(missing_key_message(db, dbid, generation, keys))
        with db.session() as session:
            return take_up(session, older, keys, dbid)  # rotated while this kiosk was away
    key = DataKey(secret, generation)
    if key.check_value(dbid) != value:
        raise DataKeyError(
            f"the data key {key_name(dbid, generation)} in {keys.where} does not belong to {db.name}: restore the right key "
            "from your backup (`admin import-key FILE`)"
        )
    return key


def current_generation(session: Session) -> int | None:
    """The generation of the key the database is sealed with now (None: not sealed yet), read under a shared lock
    on PostgreSQL, so a rotation committing meanwhile is waited for and then seen (SQLite's write lock does that)."""
    stored = session.scalar(select(MetaRow.value).where(MetaRow.name == KEY_CHECK).with_for_update(read=True))
    generation = stored.partition(":")[0] if stored is not None else ""
    return int(generation) if generation.isdigit() else None


def take_up(session: Session, key: DataKey, keys: KeyStore, dbid: str) -> DataKey:
    """The database's current key, from ``key`` and the keys each rotation since left wrapped under the one before;
    each one kept in ``keys`` (so the kiosk starts with it next time). ``DataKeyError`` when a link is missing or
    the end is not the database's key."""
    found = _check(session)
    if found is None:
        raise DataKeyError("the database is not sealed")
    generation, value = found
    while key.generation < generation:
        wrapped = _meta(session, f"{WRAPPED_KEY}{key.generation + 1}")
        if wrapped is None:  # rotated by an earlier version, or the row removed
            raise KeyMissingError(f"the data key of generation {generation} is not in {keys.where} and no rotation left it "
                                  "wrapped for this kiosk: `admin export-key FILE` where it runs, then `admin import-key FILE` here")
        successor = key.unwrap(base64.b64decode(wrapped), key.generation + 1)
        key = DataKey(keys.create(key_name(dbid, successor.generation), successor.secret), successor.generation)
    if key.check_value(dbid) != value:
        raise DataKeyError(f"the data key taken up ({key_name(dbid, key.generation)}) does not open this database: import the right one (`admin import-key FILE`)")
    return key


def rotate_key(db: Database, keys: KeyStore, old: DataKey, actor: str, lock_timeout_s: float) -> DataKey:
    """Re-seal every blob, re-sign every record and re-chain the record under a new key, in one transaction.

    Refused (``DataKeyError``) while the record does not verify: rotating would bless an edit. The old
    key is deleted from ``keys`` after the commit.
    """
    dbid = database_id(db)
    new = DataKey(keys.create(key_name(dbid, old.generation + 1), DataKey.new(old.generation + 1).secret), old.generation + 1)

    def work() -> None:
        with db.session() as session:
            found = _check(session)
            if found is None or found[0] != old.generation:
                raise DataKeyError("the data key changed while rotating (another program rotated it); nothing was changed")
            state = Chain(old).verify(session)
            if not state.intact:
                raise DataKeyError(f"key rotation refused, the attendance record does not verify: {state.problem}")
            _reseal_blobs(session, old, new)
            SignedRecords(old).resign(session, new)
            Chain(old).rechain(session, new)
            _write_check(session, new, dbid)
            session.add(MetaRow(name=f"{WRAPPED_KEY}{new.generation}", value=base64.b64encode(old.wrap(new)).decode("ascii"), mac=None))
            _audit_row(session, Chain(new), actor, "rotate_key", {"generation": new.generation})

    retry_while_locked(work, lock_timeout_s)
    keys.delete(key_name(dbid, old.generation))
    return new


def export_key(db: Database, key: DataKey, target: Path) -> None:
    """Write the key to ``target`` (mode 0600) for a backup kept apart from the database's backups."""
    dbid = database_id(db)
    text = f"{KEY_FILE_HEADER}\ndatabase {dbid}\ngeneration {key.generation}\n{key.secret.hex()}\n"
    try:
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise DataKeyError(f"cannot write {target}: {exc.strerror or exc}") from None
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(text)


def import_key(db: Database, keys: KeyStore, source: Path) -> DataKey:
    """Put a key file made by ``export_key`` back into ``keys``, after checking it opens this database."""
    try:
        lines = Path(source).read_text(encoding="ascii").split()
        header_ok = " ".join(lines[:3]) == KEY_FILE_HEADER
        found_id, generation, secret = lines[4], int(lines[6]), bytes.fromhex(lines[7])
    except (OSError, UnicodeDecodeError, IndexError, ValueError) as exc:
        raise DataKeyError(f"{source} is not a key file written by `admin export-key` ({exc})") from None
    dbid = database_id(db)
    if not header_ok or found_id != dbid:
        raise DataKeyError(f"{source} is the key of database {found_id}, not of {db.name} ({dbid})")
    key = DataKey(secret, generation)
    with db.session() as session:
        check = _check(session)
        if check is not None and generation < check[0]:  # rotated since the file was written: take the rotations up
            keys.create(key_name(dbid, generation), secret)
            return take_up(session, key, keys, dbid)
    if check is None or check != (generation, key.check_value(dbid)):
        raise DataKeyError(f"{source} is an older or damaged key of {db.name}: it does not open the database")
    name = key_name(dbid, generation)
    if keys.load(name) is not None and keys.load(name) != secret:
        keys.delete(name)  # the wrong key under the right name
    keys.create(name, secret)
    return key
