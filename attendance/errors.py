"""Storage errors: one-line messages the CLI and GUI show as they are."""
from core.errors import KioskError


class StoreError(KioskError):
    """The attendance database refused an operation."""


class NotFoundError(StoreError):
    """No employee or event with the given code or id."""


class IneligibleError(StoreError):
    """An automatic event for someone the record must not log now: deleted, deactivated, without consent,
    or without templates of the recognizer that matched them. Never kept for review: it is dropped."""


class DuplicateError(StoreError):
    """An employee code is already taken."""


class DatabaseBusyError(StoreError):
    """The database stayed locked by another writer for the whole retry budget; retry later."""


class SchemaError(StoreError):
    """The database cannot be opened or its schema is newer than this program."""


class DatabaseWriteError(StoreError):
    """The database could not be reached or written (server down, disk full, I/O error, read-only file); nothing was written."""


class DatabaseDamagedError(DatabaseWriteError):
    """The database file is damaged (corrupt pages, a missing table or column, a truncated value).

    A kind of ``DatabaseWriteError``: the event writer keeps events spooled until the file is restored.
    """
