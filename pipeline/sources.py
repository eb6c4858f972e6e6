"""Frame sources: video files (every frame, in order), live cameras/streams (newest frame only), image lists.

A source is an iterable of :class:`~pipeline.types.Frame` and a context manager::

    with open_source("0") as source:          # camera 0; "clip.mp4", "rtsp://...", a folder of photos
        for frame in source:
            ...

Frame sizes are passed through as decoded: a file or stream whose size changes mid-stream yields
frames of different sizes, and consumers must cope (the tracker's boxes are per frame anyway).
"""
from __future__ import annotations

import math
import re
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol, Self, runtime_checkable

import cv2
import numpy as np

from core.errors import KioskError
from core.text import QT_TRANSLATE_NOOP, Message
from pipeline.closing import Closing
from pipeline.images import list_images, read_image
from pipeline.types import Frame

# The kiosk says what is wrong with a camera or a file itself, in one line: OpenCV's own warnings
# (a page of them for a camera index that does not exist) would bury it.
cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_SILENT)
DEVICE_FOLDER = Path("/dev")

DEFAULT_FPS = 30.0  # used when a container or camera reports no frame rate
DEFAULT_BACKOFF = (0.5, 1.0, 2.0, 4.0, 8.0)  # seconds between reopen attempts; the last one repeats
CLOSE_TIMEOUT = 1.0  # seconds close() waits for the capture thread
_POLL = 0.1  # seconds the camera iterator waits per try before rechecking the status

SourceState = Literal["opening", "running", "reconnecting", "ended", "failed"]


class SourceError(KioskError):
    """A video file or camera cannot be opened, or a live source failed for good."""


@dataclass(frozen=True)
class SourceStatus:
    """Where a source stands, with a one-line message for the user."""

    state: SourceState
    message: str = ""
    cut_short: bool = False  # "ended" before the frames the file announced (truncated or corrupt)


class CaptureLike(Protocol):
    """The part of ``cv2.VideoCapture`` the sources use (tests inject fakes)."""

    def isOpened(self) -> bool: ...  # noqa: N802 (OpenCV's name)

    def read(self) -> tuple[bool, np.ndarray | None]: ...

    def get(self, prop_id: int) -> float: ...

    def release(self) -> None: ...


Opener = Callable[[int | str], CaptureLike]


def open_capture(source: int | str) -> CaptureLike:
    """OpenCV's capture of a camera index, a stream URL or a video file."""
    capture: CaptureLike = cv2.VideoCapture(source)
    return capture


@runtime_checkable
class FrameSource(Protocol):
    """An iterable of frames with a nominal rate, a status and ``close()``; use it as a context manager.

    ``frame_count``: frames a file announces (0 when unknown, and for live sources); ``dropped_frames``:
    frames a live source replaced by newer ones before they were taken (0 for files).
    """

    @property
    def fps(self) -> float: ...

    @property
    def frame_count(self) -> int: ...

    @property
    def dropped_frames(self) -> int: ...

    @property
    def is_live(self) -> bool: ...

    @property
    def description(self) -> str: ...

    @property
    def status(self) -> SourceStatus: ...

    def __iter__(self) -> Iterator[Frame]: ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc_info: object) -> None: ...


def _nominal_fps(capture: CaptureLike) -> float:
    fps = capture.get(cv2.CAP_PROP_FPS)
    return float(fps) if math.isfinite(fps) and fps > 0 else DEFAULT_FPS


class VideoFileSource(Closing):
    """Every frame of a video file in order, ``timestamp = index / fps`` (video time, reproducible).

    A truncated or partly corrupt file ends at the first frame that cannot be decoded; ``status``
    then says how many frames were read out of the container's count. ``loop=True`` restarts at the
    end (GUI demos) with indices and timestamps still increasing. Iterate once: a second loop goes on
    where the first one stopped.
    """

    dropped_frames = 0  # every frame is read, in order

    is_live = False

    def __init__(self, path: str | Path, loop: bool = False, opener: Opener = open_capture) -> None:
        self.path = Path(path)
        self.loop = loop
        self._opener = opener
        if not self.path.is_file():
            raise SourceError(f"video file not found: {self.path}")
        self._capture: CaptureLike | None = self._open()
        self.fps = _nominal_fps(self._capture)
        count = self._capture.get(cv2.CAP_PROP_FRAME_COUNT)
        self.frame_count = int(count) if math.isfinite(count) and count > 0 else 0  # container's count, 0 = unknown
        self._next_index = 0
        self._status = SourceStatus("running", Message(QT_TRANSLATE_NOOP("Message", "reading {file}"), file=self.path.name))

    @property
    def description(self) -> str:
        return str(self.path)

    @property
    def status(self) -> SourceStatus:
        return self._status

    def _open(self) -> CaptureLike:
        capture = self._opener(str(self.path))
        if not capture.isOpened():
            capture.release()
            raise SourceError(f"cannot open video {self.path} (not a video, unsupported codec, or truncated/corrupt)")
        return capture

    def __iter__(self) -> Iterator[Frame]:
        while self._capture is not None:
            read_this_pass = 0
            while self._capture is not None:
                ok, image = self._capture.read()
                if not ok or image is None:
                    break
                yield Frame(image, self._next_index, self._next_index / self.fps)
                self._next_index += 1
                read_this_pass += 1
            if self._capture is None:  # closed while iterating
                return
            if not (self.loop and read_this_pass > 0):
                self._finish(read_this_pass)
                return
            self._capture.release()
            self._capture = self._open()

    def _finish(self, read: int) -> None:
        if self._capture is not None:
            self._capture.release()
        self._capture = None
        cut_short = bool(self.frame_count) and read != self.frame_count
        if cut_short:
            message = Message(QT_TRANSLATE_NOOP("Message", "{file}: read {read} of {total} frames (file truncated or corrupt?)"),
                              file=self.path.name, read=read, total=self.frame_count)
        else:
            message = Message(QT_TRANSLATE_NOOP("Message", "{file}: end of video after {read} frames"), file=self.path.name, read=read)
        self._status = SourceStatus("ended", message, cut_short)

    def close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None
            self._status = SourceStatus(
                "ended", Message(QT_TRANSLATE_NOOP("Message", "{file}: closed after {frames} frames"), file=self.path.name, frames=self._next_index))


def missing_camera(index_or_url: int | str, devices: Path = DEVICE_FOLDER) -> str | None:
    """Why camera ``index_or_url`` cannot exist, known at once without waiting for it: on Linux a camera
    index is the device file /dev/videoN; None where that cannot be told (a URL, another OS, a device there)."""
    if not isinstance(index_or_url, int) or not sys.platform.startswith("linux") or not devices.is_dir():
        return None
    if (devices / f"video{index_or_url}").exists():
        return None
    present = sorted(int(p.name[5:]) for p in devices.glob("video*") if p.name[5:].isdigit())
    cameras = f"cameras here: {', '.join(map(str, present))}" if present else "no camera is connected"
    return f"camera {index_or_url}: no such device ({devices / f'video{index_or_url}'} does not exist; {cameras})"


def _describe_camera(index_or_url: int | str) -> str:
    if isinstance(index_or_url, int):
        return f"camera {index_or_url}"
    return re.sub(r"//[^/@]*@", "//***@", index_or_url)  # never show stream passwords


class CameraSource(Closing):
    """A live camera or stream: a capture thread keeps only the newest frame, the consumer never waits behind.

    The capture thread reads continuously into a one-slot buffer (replaced, never queued); frames the
    consumer did not take in time are dropped and counted in ``dropped_frames``. ``next_frame`` and the
    iterator return each frame at most once. Timestamps are ``time.monotonic()`` seconds since the source
    was created; indices count every captured frame, so gaps show drops.

    When the camera cannot be opened (status "opening") or stops delivering frames ("reconnecting"),
    the source retries with ``backoff`` until ``close()``; with ``reconnect=False`` opening raises
    ``SourceError`` and a lost camera ends the stream with status "failed" (the iterator raises
    ``SourceError``).
    """

    is_live = True

    def __init__(
        self,
        index_or_url: int | str,
        reconnect: bool = True,
        backoff: Sequence[float] = DEFAULT_BACKOFF,
        opener: Opener = open_capture,
    ) -> None:
        if not backoff:
            raise ValueError("backoff needs at least one delay")
        self.source = index_or_url
        self.reconnect = reconnect
        self.backoff = tuple(backoff)
        self.description = _describe_camera(index_or_url)
        self._opener = opener
        self._start = time.monotonic()
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._slot: Frame | None = None
        self._captured = 0
        self._dropped = 0
        self._status = SourceStatus("opening", Message(QT_TRANSLATE_NOOP("Message", "opening {source}"), source=self.description))
        self._changes: deque[tuple[int, SourceStatus]] = deque(maxlen=64)  # numbered status changes, for ``frames``
        self._change_count = 0
        self._capture = self._try_open()
        if self._capture is None:
            if not reconnect:
                raise SourceError(f"{self.description} not found or busy")
        else:
            self._set_status("running", Message(QT_TRANSLATE_NOOP("Message", "{source} running"), source=self.description))
        self.fps = _nominal_fps(self._capture) if self._capture is not None else DEFAULT_FPS
        self._thread = threading.Thread(target=self._run, name=f"capture {self.description}", daemon=True)
        self._thread.start()

    @property
    def status(self) -> SourceStatus:
        with self._cond:
            return self._status

    frame_count = 0  # a live source has no end

    @property
    def dropped_frames(self) -> int:
        """Frames captured but replaced by a newer one before the consumer took them."""
        with self._cond:
            return self._dropped

    def next_frame(self, timeout: float | None = None) -> Frame | None:
        """The newest frame not returned before; ``None`` if none arrives within ``timeout`` seconds
        or the source is closed, ended or failed."""
        with self._cond:
            self._cond.wait_for(lambda: self._slot is not None or not self._alive(), timeout)
            frame, self._slot = self._slot, None
            return frame

    def __iter__(self) -> Iterator[Frame]:
        return self.frames()

    def frames(
        self,
        *,
        poll_s: float = _POLL,
        stop: Callable[[], bool] = lambda: False,
        deadline: float | None = None,
        on_status: Callable[[SourceStatus], None] | None = None,
    ) -> Iterator[Frame]:
        """The one way to pull a camera's frames: each new frame as it comes, until ``stop()`` is true, the
        ``deadline`` (``time.monotonic()``) passes whatever the camera does, or the source ends or is closed;
        a failure raises ``SourceError``. ``on_status`` hears the status now unless it is "running", then
        every change (reconnecting, running again), however brief."""
        seen, _ = self._changes_since(0)
        if on_status is not None and self.status.state != "running":
            on_status(self.status)
        while not stop() and (deadline is None or time.monotonic() < deadline):
            wait = poll_s if deadline is None else max(0.0, min(poll_s, deadline - time.monotonic()))
            frame = self.next_frame(wait)
            status = self.status
            seen, changes = self._changes_since(seen)
            if on_status is not None:
                for change in changes:
                    on_status(change)
            if frame is not None:
                yield frame
            elif self._stop.is_set() or status.state == "ended":
                return
            elif status.state == "failed":
                raise SourceError(status.message)

    def close(self) -> None:
        """Stop the capture thread (flag + join, at most ``CLOSE_TIMEOUT`` seconds) and release the camera.

        A thread blocked inside the driver's ``read()`` exits, releasing the camera, when that read returns.
        """
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
        self._thread.join(CLOSE_TIMEOUT)
        with self._cond:
            if self._status.state != "failed":
                self._status = SourceStatus("ended", Message(QT_TRANSLATE_NOOP("Message", "{source} closed"), source=self.description))

    def _alive(self) -> bool:
        return not self._stop.is_set() and self._status.state not in ("ended", "failed")

    def _set_status(self, state: SourceState, message: str) -> None:
        with self._cond:
            if not self._stop.is_set():
                self._status = SourceStatus(state, message)
                self._change_count += 1
                self._changes.append((self._change_count, self._status))
            self._cond.notify_all()

    def _changes_since(self, seen: int) -> tuple[int, list[SourceStatus]]:
        """The status changes numbered after ``seen`` (even a brief reconnect a poll did not see), and the last number."""
        with self._cond:
            return self._change_count, [status for number, status in self._changes if number > seen]

    def _try_open(self) -> CaptureLike | None:
        try:
            capture = self._opener(self.source)
        except cv2.error:
            return None
        if capture.isOpened():
            return capture
        capture.release()
        return None

    def _publish(self, image: np.ndarray) -> None:
        frame = Frame(image, self._captured, time.monotonic() - self._start)
        self._captured += 1
        with self._cond:
            if self._slot is not None:
                self._dropped += 1
            self._slot = frame
            self._cond.notify_all()

    def _reopen(self, lost: bool) -> None:
        """Retry opening with backoff until it works or ``close()``; sets ``self._capture`` on success."""
        state: SourceState = "reconnecting" if lost else "opening"
        retry = (
            QT_TRANSLATE_NOOP("Message", "{source} lost; retry {attempt} in {delay:g} s") if lost
            else QT_TRANSLATE_NOOP("Message", "{source} not found or busy; retry {attempt} in {delay:g} s")
        )
        attempt = 0
        while not self._stop.is_set():
            delay = self.backoff[min(attempt, len(self.backoff) - 1)]
            self._set_status(state, Message(retry, source=self.description, attempt=attempt + 1, delay=delay))
            if self._stop.wait(delay):
                return
            self._capture = self._try_open()
            if self._capture is not None:
                self.fps = _nominal_fps(self._capture)
                self._set_status("running", Message(QT_TRANSLATE_NOOP("Message", "{source} running"), source=self.description))
                return
            attempt += 1

    def _run(self) -> None:
        try:
            if self._capture is None:
                self._reopen(lost=False)
            while not self._stop.is_set() and self._capture is not None:
                ok, image = self._capture.read()
                if self._stop.is_set():
                    break
                if ok and image is not None:
                    self._publish(image)
                    continue
                self._capture.release()
                self._capture = None
                if not self.reconnect:
                    self._set_status("failed", Message(QT_TRANSLATE_NOOP("Message", "{source} stopped delivering frames"), source=self.description))
                    return
                self._reopen(lost=True)
        except Exception as exc:  # noqa: BLE001 - a dying capture thread must leave a status, not vanish
            self._set_status("failed", Message(QT_TRANSLATE_NOOP("Message", "{source}: capture error: {problem}"), source=self.description, problem=str(exc)))
        finally:
            if self._capture is not None:
                self._capture.release()
                self._capture = None


class ImageFolderSource(Closing):
    """Photos as frames, in the given order (``index`` = position, ``timestamp = index / fps``).

    Each photo is decoded with :func:`pipeline.images.read_image` (EXIF upright); a bad file raises
    ``ImageError``. Sizes differ from frame to frame.
    """

    is_live = False
    fps = 1.0
    dropped_frames = 0

    def __init__(self, paths: Sequence[str | Path], description: str = "") -> None:
        self.paths = [Path(p) for p in paths]
        self.frame_count = len(self.paths)
        self.description = description or f"{len(self.paths)} images"
        self._status = SourceStatus("running", Message(QT_TRANSLATE_NOOP("Message", "{count} images"), count=len(self.paths)))

    @property
    def status(self) -> SourceStatus:
        return self._status

    def __iter__(self) -> Iterator[Frame]:
        for index, path in enumerate(self.paths):
            if self._status.state == "ended":
                return
            yield Frame(read_image(path), index, index / self.fps)
        self._status = SourceStatus("ended", Message(QT_TRANSLATE_NOOP("Message", "{count} images read"), count=len(self.paths)))

    def close(self) -> None:
        self._status = SourceStatus("ended", Message(QT_TRANSLATE_NOOP("Message", "closed")))


def paced(source: FrameSource, clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep) -> Iterator[Frame]:
    """A file's frames at its frame rate, as a camera would give them: each frame once its time has come, and a
    frame whose time passed while the one before was being processed is skipped (a camera shows the newest)."""
    period = 1.0 / source.fps
    start: float | None = None
    for frame in source:
        now = clock()
        if start is None:
            start = now - frame.index * period
        due = start + frame.index * period
        if now - due > period:
            continue  # already the next frame's turn
        if due > now:
            sleep(due - now)
        yield frame


def open_source(spec: str, *, loop: bool = False) -> FrameSource:
    """Camera index ("0"), stream URL ("rtsp://...", "http://..."), folder of photos, or video file."""
    if spec.isdigit():
        return CameraSource(int(spec))
    if "://" in spec:
        return CameraSource(spec)
    path = Path(spec)
    if path.is_dir():
        images = list_images(path)
        if not images:
            raise SourceError(f"no images in folder {path}")
        return ImageFolderSource(images, description=str(path))
    return VideoFileSource(path, loop=loop)
