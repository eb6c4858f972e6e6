"""The tamper-evident attendance record: a hash chain over events, voids, deletions, attacks and audit rows.

Each link (``record_chain``) holds the digest of one row as written (SHA-256 of its columns) and
``mac = HMAC(chain key, link + previous mac)``; the chain key derives from the data key, which is not
in the database, so someone who edits the file cannot recompute the chain. The newest link is also
kept as a signed record (``chain_head``), so cutting links off the end shows too. ``verify`` walks the
chain and every chained table and names the first row that does not match.

What one link covers: an attendance event (all its columns but ``voided``, which a later "void" link
records), a presentation attack (all but ``employee_id``, which deleting the employee clears), an
audit row (all columns). Deleting a chained row writes a "delete" link first; erasing a row's face
thumbnail writes a "redact" link with the row's new digest.
"""
from __future__ import annotations

import enum
import hashlib
import json
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import cache
from json.encoder import encode_basestring_ascii
from multiprocessing import get_context
from typing import Any, cast

from sqlalchemy import Select, func, insert, literal, select, text
from sqlalchemy.orm import Session

from attendance.keys import DataKey
from attendance.models import AttackRow, AuditRow, Base, ChainRow, EventRow, MetaRow, UTCDateTime, utcnow
from attendance.signed import SignedRecords, TamperedError

CHAIN_HEAD = "chain_head"
VERIFIED = "verified_through"  # signed: the head of the last verification that found the record intact
CLOCK_TOLERANCE = timedelta(minutes=10)  # a link dated this much before its predecessor: a clock was set back
_CHAIN_LOCK_KEY = 0x636861696E  # PostgreSQL advisory lock held while a transaction appends to the chain


class LinkKind(str, enum.Enum):
    ROW = "row"  # an event, attack or audit row as written
    VOID = "void"  # an event marked void
    DELETE = "delete"  # a chained row deleted by the program (an erased employee's events)
    REDACT = "redact"  # a chained row whose face thumbnail the program erased: the row's digest from now on
    SIGNED = "signed"  # a signed record (the admin PIN, the accepted settings...) as written: its freshness


SIGNED_TABLE = MetaRow.__tablename__


def record_target(name: str) -> int:
    """The link target id of signed record ``name`` (a stable 31-bit number: links hold integer ids)."""
    return zlib.crc32(name.encode()) & 0x7FFFFFFF


def record_digest(name: str, value: str) -> str:
    """What a SIGNED link holds of a record: its name and value, not its MAC (a key rotation re-signs it)."""
    return hashlib.sha256(json.dumps([name, value]).encode()).hexdigest()


# what each chained table's digest leaves out, and the word messages use for its rows
ChainedRow = EventRow | AttackRow | AuditRow
_CHAINED: dict[str, tuple[type[ChainedRow], frozenset[str], str]] = {
    EventRow.__tablename__: (EventRow, frozenset({"voided"}), "attendance event"),
    AttackRow.__tablename__: (AttackRow, frozenset({"employee_id"}), "presentation attack"),
    AuditRow.__tablename__: (AuditRow, frozenset(), "audit row"),
}


def _rows(session: Session, query: Select[Any]) -> Iterator[ChainedRow]:
    """The chained rows ``query`` selects (SQLAlchemy types a select of a model union as the base class)."""
    return iter(cast(Iterable[ChainedRow], session.scalars(query)))


# columns added after rows were first chained: left out of a digest while empty, so older rows keep theirs
_LATER_COLUMNS = frozenset({"method", "clock_off", "looks", "live_score"})


class TableDigest:
    """The digest of a chained row: SHA-256 of the JSON object of its columns (sorted by name; those the
    table's link leaves out left out, a later column left out while empty), each value written as text the
    same way whatever its Python type: a time as its UTC ISO text, bytes as their SHA-256, a float as the
    text of its repr, a bool, an int, a string. Each column's writer is chosen once from its type, which
    makes a million rows quick to check. ``columns``: the digest's, then ``voided`` (False where the table
    has none), for a select; ``id_at``: where the row's id is among them."""

    def __init__(self, model: type[Base], left_out: frozenset[str]) -> None:
        table = model.__table__
        digested = sorted((c for c in table.columns if c.name not in left_out), key=lambda c: c.name)
        self.names = [c.name for c in digested]
        self.keys = [c.key for c in digested]  # the ORM attributes of the same columns
        self.id_at = self.names.index("id")
        voided = table.c.voided if "voided" in table.c and "voided" not in self.names else literal(False).label("no_void")
        self.columns = [*digested, voided]
        # each column as ``json.dumps`` writes it, prefixed by its key, so a row's text is one join
        self._parts = [(encode_basestring_ascii(c.name) + ": ", self._json(c.type), c.name in _LATER_COLUMNS) for c in digested]

    @staticmethod
    def _json(kind: Any) -> Callable[[Any], str]:
        """How the digest writes a value of this column type (as ``json.dumps`` would its text form)."""
        python = datetime if isinstance(kind, UTCDateTime) else getattr(kind, "impl", kind).python_type
        if python is datetime:
            return lambda v: "null" if v is None else '"' + v.astimezone(timezone.utc).isoformat() + '"'
        if python is bytes:
            return lambda v: "null" if v is None else '"' + hashlib.sha256(bytes(v)).hexdigest() + '"'
        if python is float:
            return lambda v: "null" if v is None else '"' + repr(float(v)) + '"'  # a float32 score: the double it is stored as
        if python is bool:
            return lambda v: "null" if v is None else ("true" if v else "false")
        if python is int:
            return lambda v: "null" if v is None else int.__repr__(int(v))
        return lambda v: "null" if v is None else encode_basestring_ascii(v)

    def _hash(self, row: Any) -> Any:
        text = ", ".join(key + write(value) for (key, write, later), value in zip(self._parts, row) if not (later and value is None))
        return hashlib.sha256(("{" + text + "}").encode())

    def digest(self, row: Any) -> str:
        return self._hash(row).hexdigest()

    def raw(self, row: Any) -> bytes:
        """The digest as 32 bytes (a child process's answer: compact to send back)."""
        return self._hash(row).digest()


PARALLEL_FROM = 200_000  # links: from this size a full verification digests the rows in a second process
RowDigests = dict[str, tuple["array[int]", bytes, bytes]]  # table -> (ids, 32-byte digests, voided flags)


def digest_rows(url: str) -> RowDigests:
    """Every chained row's digest, read by a process of its own (the other core) while the caller walks the
    links; its own snapshot, so the caller confirms any disagreement in its own before naming it."""
    from attendance.db import open_database

    db = open_database(url)
    try:
        found: RowDigests = {}
        for table, (model, _, _) in _CHAINED.items():
            digester = table_digest(model)
            ids, digests, voids = array("q"), bytearray(), bytearray()
            with db.session() as session:
                for row in session.execute(select(*digester.columns).execution_options(yield_per=5000)):
                    ids.append(row[digester.id_at])
                    digests += digester.raw(row)
                    voids.append(1 if row[-1] else 0)
            found[table] = (ids, bytes(digests), bytes(voids))
        return found
    finally:
        db.close()


def _parallel_url(session: Session) -> str | None:
    """The URL a second process can open the same database with (None: a memory database)."""
    url = session.get_bind().engine.url
    if url.get_backend_name() == "sqlite" and (not url.database or url.database == ":memory:"):
        return None
    return url.render_as_string(hide_password=False)


@cache
def table_digest(model: type[Base]) -> TableDigest:
    """The digester of a chained table."""
    return TableDigest(model, _CHAINED[model.__tablename__][1])


def row_digest(row: Base) -> str:
    """The digest of a chained row's columns (as written; after a flush, so the id is known)."""
    digester = table_digest(type(row))
    return digester.digest([getattr(row, key) for key in digester.keys])


def _marker_digest(kind: LinkKind, table: str, target_id: int) -> str:
    return hashlib.sha256(f"{kind.value}|{table}|{target_id}".encode()).hexdigest()


def _link_message(seq: int, at: datetime, kind: str, table: str, target_id: int, digest: str, previous: str) -> bytes:
    return f"{seq}|{at.astimezone(timezone.utc).isoformat()}|{kind}|{table}|{target_id}|{digest}|{previous}".encode()


@dataclass(frozen=True)
class ChainHead:
    """The newest link: printed on reports, so a report can be checked against the database later."""

    seq: int
    mac: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.mac}"

    @classmethod
    def parse(cls, text_: str) -> ChainHead:
        seq, _, mac = text_.strip().partition(":")
        if not seq.isdigit() or len(mac) != 64:
            raise ValueError(f"a chain head is SEQ:MAC (64 hex digits), got {text_!r}")
        return cls(int(seq), mac.lower())


@dataclass(frozen=True)
class ChainState:
    """What ``verify`` found: how many links, the head, and the first row that does not match."""

    links: int
    head: ChainHead | None
    problem: str | None = None  # one line naming the first row that does not match; None: intact
    problems: int = 0
    since: int = 0  # links up to this one were verified before (a checkpoint), only the later ones now

    @property
    def intact(self) -> bool:
        return self.problem is None

    @property
    def line(self) -> str:
        if self.intact and self.since:
            return (f"attendance record intact: {self.links} links, head {self.head} (links after {self.since} checked now, "
                    "the earlier ones by a full verification before: `audit verify` checks all)")
        if self.intact:
            return f"attendance record intact: {self.links} links, head {self.head}" if self.head else "attendance record intact: empty"
        more = f" ({self.problems - 1} more problems)" if self.problems > 1 else ""
        return f"attendance record TAMPERED: {self.problem}{more}"


def _row_problems(
    table: str, row: Any, digester: TableDigest, expected: dict[tuple[str, int], tuple[int, str]], voided: set[int]
) -> list[tuple[float, str]]:
    """What is wrong with one chained row: not in the chain, changed since written, (un)voided outside the app."""
    model, _, what = _CHAINED[table]
    row_id, row_voided = row[digester.id_at], row[-1]
    link = expected.get((table, row_id))
    if link is None:
        return [(float("inf"), f"{what} {row_id} is not in the chain (added outside the app)")]
    problems: list[tuple[float, str]] = []
    if digester.digest(row) != link[1]:
        problems.append((link[0], f"{what} {row_id} was changed after it was written"))
    if model is EventRow and bool(row_voided) != (row_id in voided):
        problems.append((link[0], f"{what} {row_id} was {'voided' if row_voided else 'un-voided'} outside the app"))
    return problems


def _rows_by_id(session: Session, model: type[Base], ids: list[int]) -> Iterator[Any]:
    """The rows of ``ids`` (as ``table_digest(model).columns`` tuples), read 500 at a time."""
    columns = table_digest(model).columns
    for start in range(0, len(ids), 500):
        yield from session.execute(select(*columns).where(model.__table__.c.id.in_(ids[start : start + 500])))


def _missing(
    table: str, targets: Iterable[tuple[str, int]], expected: dict[tuple[str, int], tuple[int, str]], deleted: set[tuple[str, int]]
) -> list[tuple[float, str]]:
    """Chained rows of ``table`` that are gone without a deletion link."""
    what = _CHAINED[table][2]
    return [(expected[t][0], f"{what} {t[1]} was deleted outside the app") for t in targets if t in expected and t not in deleted]


@dataclass
class _Walked:
    """What the links say the rows must be."""

    expected: dict[tuple[str, int], tuple[int, str]] = field(default_factory=dict)  # (table, id) -> (seq, digest) of its row link
    voided: set[int] = field(default_factory=set)  # events voided by the app
    deleted: set[tuple[str, int]] = field(default_factory=set)  # rows deleted by the app
    signed: dict[int, tuple[int, str]] = field(default_factory=dict)  # record target -> (seq, digest) of its latest link


class Chain:
    """Appends links in the caller's transaction, and verifies the whole record."""

    def __init__(self, key: DataKey) -> None:
        self._key = key
        self._records = SignedRecords(key)

    def append_row(self, session: Session, row: Base) -> None:
        """Chain a row just written (flushed); call in the transaction that wrote it."""
        self._append(session, LinkKind.ROW, row.__tablename__, row.id, row_digest(row))  # type: ignore[attr-defined]

    def append_redaction(self, session: Session, row: Base) -> None:
        """Chain a row the program changed on purpose (its thumbnail erased): its digest from now on."""
        self._append(session, LinkKind.REDACT, row.__tablename__, row.id, row_digest(row))  # type: ignore[attr-defined]

    def append_marker(self, session: Session, kind: LinkKind, table: str, target_id: int) -> None:
        """Chain a void or a deletion of a chained row."""
        self._append(session, kind, table, target_id, _marker_digest(kind, table, target_id))

    def append_read_rows(self, session: Session, model: type[Base], rows: Iterable[Any]) -> int:
        """Chain rows inserted in bulk and read back as ``table_digest(model).columns`` tuples, in order (a
        benchmark's record of a million events); returns how many links."""
        digester = table_digest(model)
        return self._append_many(
            session, [(LinkKind.ROW, model.__tablename__, row[digester.id_at], digester.digest(row)) for row in rows]
        )

    def append_signed(self, session: Session, name: str, value: str) -> None:
        """Chain a signed record as it is written now: an older copy of it put back later is then told apart."""
        self._append(session, LinkKind.SIGNED, SIGNED_TABLE, record_target(name), record_digest(name, value))

    def is_fresh(self, session: Session, name: str, value: str) -> bool:
        """Whether ``value`` is what signed record ``name`` last held (True for a record never chained: written
        before this check existed)."""
        latest = session.scalar(
            select(ChainRow.digest)
            .where(ChainRow.kind == LinkKind.SIGNED.value, ChainRow.target_table == SIGNED_TABLE, ChainRow.target_id == record_target(name))
            .order_by(ChainRow.seq.desc())
            .limit(1)
        )
        return latest is None or latest == record_digest(name, value)

    def append_deletions(self, session: Session, table: str, target_ids: Iterable[int]) -> int:
        """Chain the deletion of many rows at once (a retention purge); returns how many links."""
        return self._append_many(session, [(LinkKind.DELETE, table, i, _marker_digest(LinkKind.DELETE, table, i)) for i in target_ids])

    def _append(self, session: Session, kind: LinkKind, table: str, target_id: int, digest: str) -> None:
        self._append_many(session, [(kind, table, target_id, digest)])

    def _append_many(self, session: Session, links: list[tuple[LinkKind, str, int, str]]) -> int:
        if not links:
            return 0
        if session.get_bind().dialect.name == "postgresql":  # SQLite's one write lock already serialises appends
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHAIN_LOCK_KEY})
        last = session.execute(select(ChainRow.seq, ChainRow.mac).order_by(ChainRow.seq.desc()).limit(1)).first()
        seq, previous = (0, "") if last is None else (last.seq, last.mac)
        at = utcnow()
        rows = []
        for kind, table, target_id, digest in links:
            seq += 1
            previous = self._key.chain_mac(_link_message(seq, at, kind.value, table, target_id, digest, previous))
            rows.append({"seq": seq, "at": at, "kind": kind.value, "target_table": table, "target_id": target_id, "digest": digest, "mac": previous})
        session.execute(insert(ChainRow), rows)
        self._records.put(session, CHAIN_HEAD, str(ChainHead(seq, previous)))
        session.flush()
        return len(rows)

    def head(self, session: Session) -> ChainHead | None:
        stored = self._records.get(session, CHAIN_HEAD)
        return None if stored is None else ChainHead.parse(stored)

    def rechain(self, session: Session, new_key: DataKey) -> None:
        """Recompute every link's MAC under ``new_key``, and the digests of rows whose sealed blobs were
        sealed again (key rotation: call right after a ``verify`` that found the record intact)."""
        digests = {
            (table, row.id): row_digest(row)
            for table, (model, _, _) in _CHAINED.items()
            for row in _rows(session, select(model))
        }
        previous = ""
        for link in session.scalars(select(ChainRow).order_by(ChainRow.seq)):
            if link.kind in (LinkKind.ROW.value, LinkKind.REDACT.value):
                link.digest = digests.get((link.target_table, link.target_id), link.digest)
            link.mac = new_key.chain_mac(
                _link_message(link.seq, link.at, link.kind, link.target_table, link.target_id, link.digest, previous)
            )
            previous = link.mac
        session.flush()
        last = session.execute(select(ChainRow.seq, ChainRow.mac).order_by(ChainRow.seq.desc()).limit(1)).first()
        if last is not None:
            SignedRecords(new_key).put(session, CHAIN_HEAD, str(ChainHead(last.seq, last.mac)))

    def checkpoint(self, session: Session) -> ChainHead | None:
        """Where the last intact verification ended, if it is still a link of this chain."""
        try:
            stored = self._records.get(session, VERIFIED)
        except TamperedError:
            return None
        head = None if stored is None else ChainHead.parse(stored)
        if head is None or session.scalar(select(ChainRow.mac).where(ChainRow.seq == head.seq)) != head.mac:
            return None
        return head

    def mark_verified(self, session: Session, state: ChainState) -> None:
        """Remember an intact verification's head, so the next incremental one starts there. Not a link
        itself: an older checkpoint put back only makes the next verification longer."""
        if state.intact and state.head is not None:
            self._records.put(session, VERIFIED, str(state.head))

    def verify(self, session: Session, since: ChainHead | None = None) -> ChainState:
        """Walk the chain and the chained tables; the first problem by position in the chain. With ``since``
        (a ``checkpoint``), only the links after it and the rows they name: a month's report on a record of
        a million events checks what is new, ``audit verify`` everything."""
        problems: list[tuple[float, str]] = []
        walked = _Walked()
        expected, voided, deleted, signed = walked.expected, walked.voided, walked.deleted, walked.signed
        previous, links, head = "", 0, None
        latest: datetime | None = None  # the latest time a link was dated so far
        query = select(
            ChainRow.seq, ChainRow.at, ChainRow.kind, ChainRow.target_table, ChainRow.target_id, ChainRow.digest, ChainRow.mac
        ).order_by(ChainRow.seq)
        if since is not None:
            previous, links, head = since.mac, since.seq, since
            latest = session.scalar(select(ChainRow.at).where(ChainRow.seq == since.seq))
            query = query.where(ChainRow.seq > since.seq)
        helper = self._row_helper(session) if since is None else None
        row_kinds = (LinkKind.ROW.value, LinkKind.REDACT.value)
        mac_of, slack = self._key.chain_mac, latest - CLOCK_TOLERANCE if latest is not None else None
        last_seq = since.seq if since is not None else 0
        for seq, at, kind, table, target_id, digest, link_mac in session.execute(query.execution_options(yield_per=5000)):
            links += 1
            if seq != links:
                problems.append((seq, f"links {links} to {seq - 1} of the chain are missing (deleted)"))
                links = seq
            at = at if at.tzinfo else at.replace(tzinfo=timezone.utc)
            if mac_of(_link_message(seq, at, kind, table, target_id, digest, previous)) != link_mac:
                problems.append((seq, f"link {seq} ({kind} of {self._what(table)} {target_id}) was edited"))
            previous, last_seq = link_mac, seq
            if slack is not None and latest is not None and at < slack:
                problems.append((seq, f"link {seq} is dated {at:%Y-%m-%d %H:%M} UTC, {_days(latest - at)} before an earlier "
                                      "link: the clock of the computer that wrote it was set back"))
            if latest is None or at > latest:
                latest, slack = at, at - CLOCK_TOLERANCE
            if kind in row_kinds:
                expected[(table, target_id)] = (seq, digest)
            elif kind == LinkKind.VOID.value:
                voided.add(target_id)
            elif kind == LinkKind.DELETE.value:
                deleted.add((table, target_id))
            elif kind == LinkKind.SIGNED.value:
                signed[target_id] = (seq, digest)
        if last_seq:
            head = ChainHead(last_seq, previous)
        problems.extend(self._check_head(session, head))
        if helper is not None:
            problems.extend(self._check_rows_digested(session, helper, walked))
        elif since is None:
            problems.extend(self._check_rows(session, walked))
        else:
            problems.extend(self._check_new_rows(session, walked))
        problems.extend(self._check_signed(session, signed))
        problems.sort(key=lambda problem: problem[0])
        return ChainState(links, head, problems[0][1] if problems else None, len(problems), since.seq if since else 0)

    @staticmethod
    def _row_helper(session: Session) -> tuple[ProcessPoolExecutor, Future[RowDigests]] | None:
        """A second process digesting the rows, for a record large enough to pay for starting it."""
        url = _parallel_url(session)
        if url is None or (session.scalar(select(func.max(ChainRow.seq))) or 0) < PARALLEL_FROM:
            return None
        pool = ProcessPoolExecutor(1, mp_context=get_context("spawn"))  # no fork of a threaded GUI
        return pool, pool.submit(digest_rows, url)

    def _check_rows_digested(
        self, session: Session, helper: tuple[ProcessPoolExecutor, Future[RowDigests]], walked: _Walked
    ) -> Iterable[tuple[float, str]]:
        """The second process's digests against the links; whatever disagrees is looked at again in this
        session's snapshot (rows written meanwhile are no alarm), and named only if it still disagrees."""
        expected, voided, deleted = walked.expected, walked.voided, walked.deleted
        pool, future = helper
        try:
            found = future.result()
        except Exception:  # noqa: BLE001 - the helper failed: this process checks every row itself
            return self._check_rows(session, walked)
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
        suspects: dict[str, set[int]] = {table: set() for table in _CHAINED}
        seen: set[tuple[str, int]] = set()
        for table, (ids, digests, voids) in found.items():
            events = table == EventRow.__tablename__
            for index, row_id in enumerate(ids):
                target = (table, row_id)
                seen.add(target)
                link = expected.get(target)
                if (
                    link is None
                    or digests[32 * index : 32 * index + 32] != bytes.fromhex(link[1])
                    or (events and bool(voids[index]) != (row_id in voided))
                ):
                    suspects[table].add(row_id)
        for target in expected:
            if target not in seen and target not in deleted:
                suspects[target[0]].add(target[1])
        return self._check_ids(session, suspects, walked)

    def _check_ids(self, session: Session, ids: dict[str, set[int]], walked: _Walked) -> list[tuple[float, str]]:
        """``_check_rows`` for these rows only."""
        expected, voided, deleted = walked.expected, walked.voided, walked.deleted
        problems: list[tuple[float, str]] = []
        for table, (model, _, _what) in _CHAINED.items():
            digester = table_digest(model)
            wanted = sorted(ids.get(table, ()))
            present: set[int] = set()
            for row in _rows_by_id(session, model, wanted):
                present.add(row[digester.id_at])
                problems.extend(_row_problems(table, row, digester, expected, voided))
            problems.extend(_missing(table, [(table, i) for i in wanted if i not in present], expected, deleted))
        return problems

    def _check_new_rows(self, session: Session, walked: _Walked) -> Iterable[tuple[float, str]]:
        """The rows the links after a checkpoint name: each as its latest link says, voided or deleted as said."""
        expected, voided, deleted = walked.expected, walked.voided, walked.deleted
        problems: list[tuple[float, str]] = []
        for table, (model, _, what) in _CHAINED.items():
            digester = table_digest(model)
            wanted = sorted(target_id for (name, target_id) in expected if name == table)
            found: set[int] = set()
            for row in _rows_by_id(session, model, wanted):
                row_id = row[digester.id_at]
                found.add(row_id)
                seq, digest = expected[(table, row_id)]
                if digester.digest(row) != digest:
                    problems.append((seq, f"{what} {row_id} was changed after it was written"))
            problems.extend(_missing(table, [(table, i) for i in wanted if i not in found], expected, deleted))
        for row in _rows_by_id(session, EventRow, sorted(voided)):  # voided since the checkpoint: still voided
            if not row[-1]:
                problems.append((float("inf"), f"attendance event {row[table_digest(EventRow).id_at]} was un-voided outside the app"))
        return problems

    def _check_head(self, session: Session, head: ChainHead | None) -> Iterator[tuple[float, str]]:
        try:
            anchored = self.head(session)
        except TamperedError as exc:
            yield (0, str(exc))
            return
        if anchored != head:
            at = 0 if head is None else head.seq
            yield (at, f"the chain ends at link {head.seq if head else 0} but was last written at link "
                       f"{anchored.seq if anchored else 0}: links were cut off or added outside the app")

    def _check_rows(self, session: Session, walked: _Walked) -> Iterable[tuple[float, str]]:
        expected, voided, deleted = walked.expected, walked.voided, walked.deleted
        problems: list[tuple[float, str]] = []
        seen: set[tuple[str, int]] = set()
        for table, (model, _, _) in _CHAINED.items():
            digester = table_digest(model)
            for row in session.execute(select(*digester.columns).execution_options(yield_per=5000)):
                seen.add((table, row[digester.id_at]))
                problems.extend(_row_problems(table, row, digester, expected, voided))
        for table in _CHAINED:
            problems.extend(_missing(table, [t for t in expected if t[0] == table and t not in seen], expected, deleted))
        return problems

    @staticmethod
    def _check_signed(session: Session, signed: dict[int, tuple[int, str]]) -> Iterator[tuple[float, str]]:
        """Each signed record is the value its latest link holds: an older copy put back (from a backup of
        the same database, with a valid MAC) shows here."""
        for row in session.execute(select(MetaRow.name, MetaRow.value).where(MetaRow.mac.is_not(None), MetaRow.name != CHAIN_HEAD)):
            latest = signed.get(record_target(row.name))
            if latest is not None and latest[1] != record_digest(row.name, row.value):
                yield (latest[0], f"the {row.name.replace('_', ' ')} record is not the one last written (link {latest[0]}): "
                                  "an older copy was put back")

    @staticmethod
    def _what(table: str) -> str:
        return _CHAINED[table][2] if table in _CHAINED else table


def _days(span: timedelta) -> str:
    days = round(span.total_seconds() / 86400)
    return f"{days} day(s)" if days else f"{round(span.total_seconds() / 60)} minute(s)"


def chain_existing(session: Session, chain: Chain) -> int:
    """Chain every row of a database that had no chain yet (its first sealing), oldest first; returns how many."""
    rows: list[tuple[datetime, str, int, ChainedRow]] = []
    for table, (model, _, _) in _CHAINED.items():
        stamp = model.at if issubclass(model, AuditRow) else model.created
        for row in _rows(session, select(model).order_by(stamp, model.id)):
            rows.append((row.at if isinstance(row, AuditRow) else row.created, table, row.id, row))
    rows.sort(key=lambda item: item[:3])
    for _, _, _, row in rows:
        chain.append_row(session, row)
        if isinstance(row, EventRow) and row.voided:
            chain.append_marker(session, LinkKind.VOID, EventRow.__tablename__, row.id)
    return len(rows)
