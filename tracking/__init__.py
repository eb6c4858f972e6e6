"""Box tracking: Kalman filter over boxes, IoU association, ByteTrack-style tracker. Knows nothing of faces or Qt."""
from tracking.tracker import Track, Tracker, TrackerConfig, TrackState, TrackUpdate

__all__ = ["Track", "TrackState", "TrackUpdate", "Tracker", "TrackerConfig"]
