"""Box tracking: Kalman filter over boxes, IoU association, ByteTrack-style tracker. Knows nothing of faces or Qt."""
import threading

from tracking.tracker import Track, Tracker, TrackerConfig, TrackState, TrackUpdate

__all__ = ["Track", "TrackState", "TrackUpdate", "Tracker", "TrackerConfig", "prefetch"]


def prefetch() -> threading.Thread:
    """Import the tracker's libraries (filterpy and scipy, about 1.5 s: scipy.stats builds its docstrings) on a
    background thread, so a pipeline is ready without waiting for them; the first track waits for what is left."""
    thread = threading.Thread(target=_import_libraries, name="tracker libraries", daemon=True)
    thread.start()
    return thread


def _import_libraries() -> None:
    import filterpy.kalman  # noqa: F401
    import scipy.optimize  # noqa: F401
