"""Opening the attendance database: engine, SQLite or PostgreSQL settings, sessions, schema upgrade.

Any SQLAlchemy URL works; dialect-specific statements live in the per-dialect connection hooks only.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote, unquote

from platformdirs import user_data_path
from sqlalchemy import URL, Connection, Engine, ExceptionContext, create_engine, event, inspect, make_url, text
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from attendance.errors import DatabaseBusyError, DatabaseDamagedError, DatabaseWriteError, SchemaError
from attendance.migrations import migrate
from attendance.models import Base
from core.names import APP_NAME

DB_FILENAME = "kiosk.db"
DEFAULT_BUSY_TIMEOUT_MS = 5000  # how long one statement waits for a lock (SQLite busy_timeout, PostgreSQL lock_timeout)
DEFAULT_LOCK_TIMEOUT_S = 30.0  # how long a whole transaction is retried while the database is locked
_FIRST_RETRY_S = 0.05
_MAX_RETRY_S = 1.0
# SQLite's words for a damaged file (SQLITE_CORRUPT, SQLITE_NOTADB) and for a schema something removed from it
_DAMAGE_WORDS = ("malformed", "not a database", "no such table", "no such column", "corrupt")
# PostgreSQL SQLSTATEs worth a retry: serialization failure, deadlock detected, lock not available (lock_timeout)
_RETRY_SQLSTATES = frozenset({"40001", "40P01", "55P03"})

T = TypeVar("T")


def default_database_path(data_dir: Path | None = None) -> Path:
    """``<data_dir>/kiosk.db``; ``data_dir`` defaults to the per-user data folder."""
    return (data_dir if data_dir is not None else user_data_path(APP_NAME)) / DB_FILENAME


@dataclass(frozen=True)
class Database:
    """An engine and its session factory. Use ``session()`` for one transaction."""

    engine: Engine
    sessions: sessionmaker[Session]

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any exception."""
        with self.sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()

    @property
    def name(self) -> str:
        """The SQLite file, or the URL without its password."""
        return database_name(self.engine.url)

    def checkpoint(self) -> None:
        """SQLite: move the write-ahead log into the file and empty it, so erased pages leave no old copy there."""
        if self.engine.dialect.name != "sqlite" or "mode=ro" in str(self.engine.url):
            return
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def check_integrity(self) -> None:
        """``DatabaseDamagedError`` unless every table and column is there and (SQLite) ``PRAGMA quick_check`` is ok.

        Reads the whole file once (about a second per few hundred MB): for commands whose output is
        evidence, such as reports, rather than for every start.
        """
        _check_schema(self.engine)
        if self.engine.dialect.name != "sqlite":
            return
        with self.engine.connect() as conn:
            problems = [row[0] for row in conn.execute(text("PRAGMA quick_check(5)"))]
        if problems != ["ok"]:
            lines = "\n".join(problems).splitlines()
            details = [line for line in lines if not line.startswith("***")]  # "*** in database main ***" heads the list
            raise damaged(self.name, (details or lines)[0])

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def is_lock_error(exc: OperationalError) -> bool:
    """Another writer's lock: PostgreSQL's lock timeout, deadlock or serialization failure (by SQLSTATE),
    SQLite's "database is locked" (SQLITE_BUSY, also a stale WAL snapshot) or "table is locked"."""
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate is not None:
        return sqlstate in _RETRY_SQLSTATES
    message = str(exc.orig).lower()
    return "locked" in message or "busy" in message


def retry_while_locked(work: Callable[[], T], timeout_s: float) -> T:
    """Run ``work`` (one whole transaction) again with growing pauses while the database is locked.

    After ``timeout_s`` raises ``DatabaseBusyError``; other errors pass through at once.
    """
    deadline = time.monotonic() + timeout_s
    delay = _FIRST_RETRY_S
    while True:
        try:
            return work()
        except OperationalError as exc:
            remaining = deadline - time.monotonic()
            if not is_lock_error(exc):
                reason = str(getattr(exc, "orig", exc)).splitlines()[0]
                raise DatabaseWriteError(f"the database could not be reached or written ({reason}); nothing was written") from exc
            if remaining <= 0:
                raise DatabaseBusyError(
                    f"the database stayed locked by another program for {timeout_s:g} s; nothing was written, try again"
                ) from exc
            time.sleep(min(delay, remaining))
            delay = min(delay * 2, _MAX_RETRY_S)


def database_name(url: URL) -> str:
    if url.get_backend_name() != "sqlite":
        return url.render_as_string(hide_password=True)
    return unquote(str(url.database).removeprefix("file:"))


def damaged(name: str, what: str) -> DatabaseDamagedError:
    """The one-line message for a damaged database: the file, what is wrong, what to do."""
    what = what.strip().splitlines()[0][:160] if what.strip() else "unknown damage"
    return DatabaseDamagedError(
        f"the database {name} is damaged ({what}): restore it from a backup "
        f"(`sqlite3 {name} 'PRAGMA integrity_check'` lists damaged pages)"
    )


def _check_schema(engine: Engine) -> None:
    """``DatabaseDamagedError`` for a table or column of the current schema that is missing."""
    with engine.connect() as conn:
        inspector = inspect(conn)
        tables = set(inspector.get_table_names())
        for table in Base.metadata.sorted_tables:
            if table.name not in tables:
                raise damaged(database_name(engine.url), f"table {table.name} is missing")
            columns = {column["name"] for column in inspector.get_columns(table.name)}
            lost = [column.name for column in table.columns if column.name not in columns]
            if lost:
                raise damaged(database_name(engine.url), f"table {table.name} lacks column {lost[0]}")


def _report_damage(engine: Engine) -> None:
    """Any statement that meets a damaged SQLite file raises ``DatabaseDamagedError``, never a traceback."""

    @event.listens_for(engine, "handle_error")
    def _on_error(context: ExceptionContext) -> None:
        message = str(context.original_exception).lower()
        if isinstance(context.original_exception, engine.dialect.loaded_dbapi.DatabaseError) and any(
            word in message for word in _DAMAGE_WORDS
        ):
            raise damaged(database_name(engine.url), str(context.original_exception)) from context.original_exception


def _to_url(url_or_path: str | Path | URL | None) -> URL:
    if url_or_path is None:
        url_or_path = default_database_path()
    if isinstance(url_or_path, URL):
        return url_or_path
    if isinstance(url_or_path, str) and "://" in url_or_path:
        return make_url(url_or_path)
    path = Path(url_or_path).expanduser()
    if _read_only(path):
        return _read_only_url(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return URL.create("sqlite+pysqlite", database=str(path))


def _read_only(path: Path) -> bool:
    """A database file that cannot be written, such as a backup on a read-only mount."""
    return path.is_file() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def _read_only_url(path: Path) -> URL:
    """Open ``path`` for reading only. Without a write-ahead log beside it the file is complete and
    ``immutable`` needs no lock or ``-shm`` file (which a read-only folder cannot hold); with one,
    SQLite reads the log too, through its existing ``-shm`` file."""
    wal = path.with_name(path.name + "-wal")
    immutable = "" if wal.is_file() and wal.stat().st_size > 0 else "&immutable=1"
    return make_url(f"sqlite+pysqlite:///file:{quote(str(path.resolve()))}?mode=ro{immutable}&uri=true")


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """WAL (unless read-only), synchronous=FULL, secure delete, foreign keys, busy timeout; real BEGIN so DDL and reads
    are transactional."""
    read_only = "mode=ro" in str(engine.url)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (see _on_begin)
        cursor = dbapi_connection.cursor()
        try:
            if not read_only:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA secure_delete=ON")  # deleted content is overwritten: an erased face leaves no bytes
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN")


def _configure_postgresql(engine: Engine, lock_timeout_ms: int) -> None:
    """``lock_timeout`` per session, so a statement blocked by another writer fails (and is retried) instead of hanging."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"SET lock_timeout = {int(lock_timeout_ms)}")
        finally:
            cursor.close()
        dbapi_connection.commit()  # a rollback of the driver's implicit transaction would undo the SET


def _create_engine(url: URL, busy_timeout_ms: int, echo: bool) -> Engine:
    """An engine with its dialect's settings; ``SchemaError`` for an unknown dialect or a driver not installed."""
    try:
        if url.get_backend_name() == "sqlite":
            engine = create_engine(url, echo=echo)
            _configure_sqlite(engine, busy_timeout_ms)
            _report_damage(engine)
            return engine
        engine = create_engine(url, echo=echo, pool_pre_ping=True)  # a server restart leaves stale pooled connections
    except (ArgumentError, ImportError) as exc:
        hint = " (use postgresql+psycopg:// and pip install 'face-kiosk[postgres]')" if url.get_backend_name() == "postgresql" else ""
        raise SchemaError(f"cannot open database {url.render_as_string(hide_password=True)}: {exc}{hint}") from exc
    if engine.dialect.name == "postgresql":
        _configure_postgresql(engine, busy_timeout_ms)
    return engine


def open_database(
    url_or_path: str | Path | URL | None = None,
    *,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S,
    echo: bool = False,
) -> Database:
    """Open (creating or upgrading) the database at a SQLAlchemy URL or a SQLite file path.

    ``None`` opens ``kiosk.db`` in the user data folder. ``busy_timeout_ms`` bounds each statement's
    wait for another writer's lock (SQLite ``busy_timeout``, PostgreSQL ``lock_timeout``). Raises
    ``SchemaError`` when the file is not a database, its schema is newer than this program or the
    URL's driver is not installed, ``DatabaseBusyError`` when another program keeps it locked for
    ``lock_timeout_s``.
    """
    url = _to_url(url_or_path)
    engine = _create_engine(url, busy_timeout_ms, echo)
    try:
        retry_while_locked(lambda: migrate(engine), lock_timeout_s)
        _check_schema(engine)
    except DBAPIError as exc:
        engine.dispose()
        raise SchemaError(f"cannot open database {url.render_as_string(hide_password=True)}: {exc.orig}") from exc
    except BaseException:
        engine.dispose()
        raise
    return Database(engine, sessionmaker(engine, expire_on_commit=False))
