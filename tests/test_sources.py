"""Frame sources: synthetic videos written to tmp_path, a fake camera that fails, vanishes and comes back."""
from __future__ import annotations

import itertools
import threading
import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from core.errors import KioskError
from pipeline.sources import (
    CameraSource,
    FrameSource,
    ImageFolderSource,
    SourceError,
    VideoFileSource,
    open_source,
)
from tests.conftest import shared_path

WIDTH, HEIGHT, BITS = 128, 48, 8  # the frame counter is drawn as 8 black/white 16-px columns


def counter_image(n: int) -> np.ndarray:
    image = np.zeros((HEIGHT, WIDTH, 3), np.uint8)
    for bit in range(BITS):
        if n >> bit & 1:
            image[:, bit * 16 : (bit + 1) * 16] = 255
    return image


def read_counter(image: np.ndarray) -> int:
    columns = image[8:-8].reshape(HEIGHT - 16, BITS, 16, 3)[:, :, 4:12].mean(axis=(0, 2, 3))
    return int(sum(1 << bit for bit in range(BITS) if columns[bit] > 127))


def write_video(path: Path, frames: int, fourcc: str = "mp4v", fps: float = 25.0) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*fourcc), fps, (WIDTH, HEIGHT))
    assert writer.isOpened(), f"this OpenCV cannot write {fourcc} to {path.suffix}"
    for n in range(frames):
        writer.write(counter_image(n))
    writer.release()
    return path


# --- video files ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "fourcc"), [("clip.mp4", "mp4v"), ("clip.avi", "MJPG")])
def test_video_file_yields_every_frame_in_order(tmp_path: Path, name: str, fourcc: str) -> None:
    path = write_video(tmp_path / name, 40, fourcc)
    with VideoFileSource(path) as source:
        assert isinstance(source, FrameSource)
        assert not source.is_live and source.fps == pytest.approx(25.0) and source.frame_count == 40
        frames = list(source)
        assert source.status.state == "ended" and not source.status.cut_short
    assert [f.index for f in frames] == list(range(40))
    assert [read_counter(f.image) for f in frames] == list(range(40))
    assert [f.timestamp for f in frames] == pytest.approx([i / 25.0 for i in range(40)])
    assert frames[0].image.shape == (HEIGHT, WIDTH, 3)


def test_video_file_loop_keeps_indices_and_timestamps_increasing(tmp_path: Path) -> None:
    source = VideoFileSource(write_video(tmp_path / "clip.mp4", 10), loop=True)
    frames = list(itertools.islice(source, 25))
    source.close()
    assert [f.index for f in frames] == list(range(25))
    assert [read_counter(f.image) for f in frames] == [i % 10 for i in range(25)]
    assert np.all(np.diff([f.timestamp for f in frames]) > 0)
    assert source.status.state == "ended"
    assert list(source) == []  # closed: nothing more


def test_missing_file_raises_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not found") as info:
        VideoFileSource(tmp_path / "nope.mp4")
    assert isinstance(info.value, KioskError)


def test_text_file_named_mp4_raises_source_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.mp4"
    path.write_text("this is not a video\n" * 20)
    with pytest.raises(SourceError, match="cannot open video"):
        VideoFileSource(path)


def test_truncated_avi_ends_early_with_a_status_message(tmp_path: Path) -> None:
    path = write_video(tmp_path / "clip.avi", 40, "MJPG")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with VideoFileSource(path) as source:
        frames = list(source)
    assert 0 < len(frames) < 40
    assert [f.index for f in frames] == list(range(len(frames)))
    assert source.status.state == "ended"
    assert f"read {len(frames)} of 40 frames" in source.status.message and source.status.cut_short


def test_truncated_mp4_without_index_cannot_be_opened(tmp_path: Path) -> None:
    """mp4v/.mp4 keeps its index (moov) at the end: cut, the file is unreadable, not short."""
    path = write_video(tmp_path / "clip.mp4", 40)
    path.write_bytes(path.read_bytes()[:-200])
    with pytest.raises(SourceError, match="cannot open video"):
        VideoFileSource(path)


class ScriptedCapture:
    """A fake capture that plays a list of images (any sizes) and reports a given fps."""

    def __init__(self, images: list[np.ndarray], fps: float) -> None:
        self.images, self.fps = list(images), fps

    def isOpened(self) -> bool:  # noqa: N802
        return True

    def read(self) -> tuple[bool, np.ndarray | None]:
        return (True, self.images.pop(0)) if self.images else (False, None)

    def get(self, prop_id: int) -> float:
        return {cv2.CAP_PROP_FPS: self.fps, cv2.CAP_PROP_FRAME_COUNT: 0.0}.get(prop_id, 0.0)

    def release(self) -> None:
        pass


def test_frame_size_changes_pass_through_and_missing_fps_falls_back(tmp_path: Path) -> None:
    path = tmp_path / "any.mp4"
    path.write_bytes(b"x")
    images = [np.zeros((48, 64, 3), np.uint8), np.zeros((90, 160, 3), np.uint8)]
    with VideoFileSource(path, opener=lambda _: ScriptedCapture(images, float("nan"))) as source:
        frames = list(source)
    assert source.fps == 30.0
    assert [f.image.shape for f in frames] == [(48, 64, 3), (90, 160, 3)]
    assert frames[1].timestamp == pytest.approx(1 / 30)
    assert "end of video after 2 frames" in source.status.message


def test_image_folder_source_via_open_source(tmp_path: Path) -> None:
    for n in range(3):
        cv2.imwrite(str(tmp_path / f"p{n}.png"), np.full((20 + n, 30, 3), n, np.uint8))
    with open_source(str(tmp_path)) as source:
        assert isinstance(source, ImageFolderSource)
        frames = list(source)
    assert [f.image.shape[0] for f in frames] == [20, 21, 22]
    assert [f.index for f in frames] == [0, 1, 2]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(SourceError, match="no images"):
        open_source(str(empty))


def test_open_source_dispatch(tmp_path: Path) -> None:
    with open_source(str(write_video(tmp_path / "c.avi", 3, "MJPG")), loop=True) as source:
        assert isinstance(source, VideoFileSource) and source.loop
    with open_source("57") as camera:  # no such camera: a live source that keeps retrying
        assert isinstance(camera, CameraSource) and camera.is_live
        assert camera.description == "camera 57"
    assert camera.status.state == "ended"


def test_real_hamilton_clip() -> None:
    path = shared_path("media/face_recognition_examples/examples/short_hamilton_clip.mp4")
    with VideoFileSource(path) as source:
        assert source.fps == pytest.approx(29.97, abs=0.01)
        frames = [(f.index, f.timestamp, f.image.shape) for f in source]
    assert 250 <= len(frames) <= 320 and len(frames) == source.frame_count
    assert {shape for *_, shape in frames} == {(360, 640, 3)}
    assert frames[-1][:2] == (len(frames) - 1, pytest.approx((len(frames) - 1) / 29.97, abs=1e-3))
    assert source.status.state == "ended"


# --- cameras ---------------------------------------------------------------------------------------


class FakeCamera:
    """A camera that can be unplugged and plugged back; ``opener`` makes its captures.

    ``read`` paces itself at ``fps`` like a driver and returns frames carrying a global counter.
    A capture opened before an unplug stays dead; ``hang`` makes ``read`` block (a stuck driver).
    """

    def __init__(self, fps: float = 200.0, present: bool = True) -> None:
        self.fps = fps
        self.present = present
        self.generation = 0
        self.produced = 0
        self.opened = 0
        self.hang = threading.Event()
        self.unhang = threading.Event()

    def unplug(self) -> None:
        self.present = False
        self.generation += 1

    def opener(self, index_or_url: int | str) -> FakeCapture:
        self.opened += 1
        return FakeCapture(self)


class FakeCapture:
    def __init__(self, camera: FakeCamera) -> None:
        self.camera = camera
        self.generation = camera.generation
        self.open = camera.present

    def isOpened(self) -> bool:  # noqa: N802
        return self.open

    def read(self) -> tuple[bool, np.ndarray | None]:
        camera = self.camera
        if camera.hang.is_set():
            camera.unhang.wait(5.0)
        time.sleep(1.0 / camera.fps)
        if not (self.open and camera.present and self.generation == camera.generation):
            return False, None
        image = counter_image(camera.produced % 256)
        camera.produced += 1
        return True, image

    def get(self, prop_id: int) -> float:
        return self.camera.fps if prop_id == cv2.CAP_PROP_FPS else 0.0

    def release(self) -> None:
        self.open = False


def wait_until(condition, timeout: float = 3.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.005)
    return False


def test_camera_frames_arrive_and_are_never_repeated() -> None:
    camera = FakeCamera(fps=100)
    with CameraSource(0, opener=camera.opener) as source:
        assert isinstance(source, FrameSource) and source.is_live and source.fps == 100
        assert source.status.state == "running"
        frames = list(itertools.islice(source, 20))
    indices = [f.index for f in frames]
    assert all(b > a for a, b in itertools.pairwise(indices))
    assert all(read_counter(f.image) == f.index % 256 for f in frames)
    assert all(b > a for a, b in itertools.pairwise(f.timestamp for f in frames))
    assert source.status.state == "ended"


def test_slow_consumer_gets_the_newest_frame_and_drops_the_rest() -> None:
    camera = FakeCamera(fps=500)
    with CameraSource(0, opener=camera.opener) as source:
        first = source.next_frame(timeout=1.0)
        time.sleep(0.2)
        produced = camera.produced
        newest = source.next_frame(timeout=1.0)
        assert first is not None and newest is not None
        assert newest.index - first.index >= 10  # intermediate frames were dropped, not queued
        assert newest.index >= produced - 2  # what we got is the latest one (or the one being published)
        assert source.dropped_frames >= newest.index - first.index - 1
        assert time.monotonic() - source._start - newest.timestamp < 0.1


def test_next_frame_times_out_with_none_instead_of_repeating() -> None:
    camera = FakeCamera(fps=20)
    with CameraSource(0, opener=camera.opener) as source:
        assert source.next_frame(timeout=1.0) is not None
        assert source.next_frame(timeout=0.005) is None


def test_camera_disappears_then_comes_back() -> None:
    camera = FakeCamera(fps=200)
    with CameraSource(0, opener=camera.opener, backoff=(0.02, 0.05)) as source:
        before = source.next_frame(timeout=1.0)
        camera.unplug()
        assert wait_until(lambda: source.status.state == "reconnecting")
        assert "lost" in source.status.message
        time.sleep(0.15)  # a few failed reopen attempts
        attempts = camera.opened
        assert attempts >= 3
        camera.present = True
        assert wait_until(lambda: source.status.state == "running")
        after = next(iter(source))
    assert before is not None and after.index > before.index


def test_missing_camera_without_reconnect_raises() -> None:
    camera = FakeCamera(present=False)
    with pytest.raises(SourceError, match="camera 3 not found or busy"):
        CameraSource(3, reconnect=False, opener=camera.opener)


def test_missing_camera_with_reconnect_waits_for_it() -> None:
    camera = FakeCamera(present=False)
    with CameraSource(1, opener=camera.opener, backoff=(0.02,)) as source:
        assert source.status.state == "opening"
        assert wait_until(lambda: "camera 1 not found or busy; retry" in source.status.message)
        assert source.next_frame(timeout=0.05) is None
        camera.present = True
        assert source.next_frame(timeout=2.0) is not None


def test_lost_camera_without_reconnect_fails_the_iterator() -> None:
    camera = FakeCamera(fps=200)
    with CameraSource(0, reconnect=False, opener=camera.opener) as source:
        iterator = iter(source)
        next(iterator)
        camera.unplug()
        with pytest.raises(SourceError, match="stopped delivering frames"):
            for _ in iterator:
                pass
        assert source.status.state == "failed"


def test_close_is_quick_while_reconnecting() -> None:
    camera = FakeCamera()
    source = CameraSource(0, opener=camera.opener, backoff=(5.0,))
    camera.unplug()
    assert wait_until(lambda: source.status.state == "reconnecting")
    started = time.monotonic()
    source.close()
    assert time.monotonic() - started < 1.0
    assert not source._thread.is_alive()
    assert source.status.state == "ended"
    assert list(source) == []


def test_close_returns_within_a_second_when_the_driver_hangs() -> None:
    camera = FakeCamera(fps=200)
    source = CameraSource(0, opener=camera.opener)
    camera.hang.set()
    time.sleep(0.05)
    started = time.monotonic()
    source.close()
    assert time.monotonic() - started < 1.3
    assert source.status.state == "ended"
    camera.unhang.set()  # the driver returns: the thread sees the flag and exits
    source._thread.join(1.0)
    assert not source._thread.is_alive()


def test_stream_password_is_not_shown() -> None:
    camera = FakeCamera()
    with CameraSource("rtsp://admin:secret@10.0.0.5/stream", opener=camera.opener) as source:
        assert source.description == "rtsp://***@10.0.0.5/stream"


def test_a_camera_index_with_no_device_is_known_at_once(tmp_path, monkeypatch):
    from pipeline.sources import missing_camera

    monkeypatch.setattr("sys.platform", "linux")
    assert missing_camera(0, tmp_path) == f"camera 0: no such device ({tmp_path / 'video0'} does not exist; no camera is connected)"
    (tmp_path / "video2").touch()
    assert missing_camera(0, tmp_path).endswith("cameras here: 2)")
    assert missing_camera(2, tmp_path) is None
    assert missing_camera("rtsp://cam/stream", tmp_path) is None  # a stream can only be tried


def test_process_on_a_missing_camera_says_one_line_at_once(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    from pipeline.sources import missing_camera

    if missing_camera(7) is None:
        pytest.skip("this machine has a /dev/video7, or is not Linux")
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, str(root / "main.py"), "--data-dir", str(tmp_path), "--models-dir", str(tmp_path), "process", "7"],
        capture_output=True, text=True, timeout=120, cwd=root,
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [f"error: {missing_camera(7)}"] and done.stdout == ""


def test_native_chatter_on_standard_error_is_silenced(tmp_path):
    import subprocess
    import sys

    code = (
        "import os, sys\n"
        "from pipeline.quiet import native_stderr_silenced\n"
        "with native_stderr_silenced():\n"
        "    os.write(2, b'INFO: Created TensorFlow Lite XNNPACK delegate for CPU.\\n')\n"
        "os.write(2, b'after\\n')\n"
    )
    from pathlib import Path

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=Path(__file__).resolve().parents[1], timeout=60)
    assert done.stderr == b"after\n"


def test_overlapping_silences_on_two_threads_give_standard_error_back(tmp_path):
    """Models load on several threads, each silencing standard error: one that leaves first must not restore it
    while the other still loads, and the last one out must restore the real one (not the null device)."""
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import os, threading\n"
        "from pipeline.quiet import native_stderr_silenced\n"
        "first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()\n"
        "def first():\n"
        "    with native_stderr_silenced():\n"
        "        first_in.set(); second_in.wait()\n"
        "    first_out.set()\n"
        "def second():\n"
        "    first_in.wait()\n"
        "    with native_stderr_silenced():\n"
        "        second_in.set(); first_out.wait()\n"
        "        os.write(2, b'chatter while the second still loads\\n')\n"
        "threads = [threading.Thread(target=first), threading.Thread(target=second)]\n"
        "[t.start() for t in threads]; [t.join() for t in threads]\n"
        "os.write(2, b'after\\n')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=Path(__file__).resolve().parents[1], timeout=60)
    assert done.stderr == b"after\n"


def test_a_paced_file_gives_each_frame_at_its_time_and_skips_those_whose_time_has_passed():
    from pipeline.sources import paced
    from pipeline.types import Frame

    class TenFps:
        fps = 10.0

        def __iter__(self):
            for index in range(8):
                yield Frame(np.zeros((2, 2, 3), np.uint8), index, index / 10)

    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(round(seconds, 3))
        now[0] += seconds

    shown = []
    for frame in paced(TenFps(), clock=lambda: now[0], sleep=sleep):  # type: ignore[arg-type]
        shown.append(frame.index)
        now[0] += 0.25 if frame.index == 2 else 0.02  # the pipeline takes 20 ms, 250 ms for frame 2
    assert shown == [0, 1, 2, 4, 5, 6, 7]  # 3 came and went while frame 2 was processed: a camera shows the newest, 4
    assert slept[:2] == [0.08, 0.08]  # otherwise each frame waits for its time
