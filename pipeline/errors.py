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
