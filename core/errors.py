"""Exceptions with one-line, user-facing messages. The CLI prints ``str(exc)`` and exits non-zero."""


class KioskError(Exception):
    """Base class: anything the user can fix (bad file, missing model, wrong option)."""


class ImageError(KioskError):
    """An image file is missing, empty, truncated, corrupt, not an image or too large."""


class ModelError(KioskError):
    """A model file is missing, corrupt, unverified, of the wrong architecture or cannot be loaded."""


class ModelNotFoundError(ModelError):
    """A model's weights are not on disk; the message says where to get them and where to put them."""


class DownloadCancelledError(KioskError):
    """A download was stopped on request; its ``.part`` file is kept so the next download resumes it."""


class GalleryError(KioskError):
    """Templates cannot be compared (other recognizer, other dimension) or the gallery is empty."""


def error_text(exc: BaseException) -> str:
    """The one-line message for the user: a KioskError's own text, else the type and the first line."""
    if isinstance(exc, KioskError):
        return str(exc)
    first_line = (str(exc).strip().splitlines() or [""])[0]
    return f"{type(exc).__name__}: {first_line}" if first_line else type(exc).__name__
