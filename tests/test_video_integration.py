"""`process` on the real Hamilton clip with YOLO-TFLite + EdgeFace-XS-INT8 (skipped without ../shared)."""
from __future__ import annotations

import csv
import json

import cv2
import pytest

from attendance.db import open_database
from attendance.store import AttendanceStore
from cli.app import main
from tests.conftest import shared_path
from tests.media import EXAMPLES, PEOPLE, model_args


@pytest.fixture(scope="module")
def processed(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("hamilton")
    args = model_args(tmp_path)
    for code, (name, photo) in PEOPLE.items():
        assert main([*args, "enroll", "--consent", "--name", name, "--code", code, str(shared_path(f"{EXAMPLES}/{photo}"))]) == 0
    clip = shared_path(f"{EXAMPLES}/short_hamilton_clip.mp4")
    out = {"video": tmp_path / "annotated.mp4", "events": tmp_path / "events.csv", "summary": tmp_path / "summary.json"}
    code = main([*args, "process", str(clip), "--output", str(out["video"]), "--events", str(out["events"]),
                 "--summary", str(out["summary"]), "--kiosk-id", "door-1"])
    assert code == 0
    with out["events"].open() as handle:
        rows = list(csv.DictReader(handle))
    summary = json.loads(out["summary"].read_text())
    store = AttendanceStore(open_database(tmp_path / "data" / "kiosk.db"))
    return {"rows": rows, "summary": summary, "store": store, "args": args, "clip": clip, "video": out["video"]}


def test_each_person_in_the_clip_logged_once_biden_never(processed):
    codes = [row["code"] for row in processed["rows"]]
    assert codes.count("lmm") == 1 and codes.count("obama") == 1
    assert "biden" not in codes
    assert set(codes) <= {"lmm", "obama", "alex"}  # nobody else is ever logged as an employee
    assert {row["kind"] for row in processed["rows"]} == {"in"}
    assert {row["kiosk_id"] for row in processed["rows"]} == {"door-1"}


def test_events_csv_columns(processed):
    for column in ("time", "frame", "code", "name", "kind", "similarity", "margin", "kiosk_id", "track_id"):
        assert column in processed["rows"][0]


def test_summary_agrees_with_events_and_database(processed):
    summary, rows, store = processed["summary"], processed["rows"], processed["store"]
    for key in ("frames", "seconds", "fps", "tracks", "events", "recognized", "attendance"):
        assert key in summary
    assert summary["attendance"]["written"] == summary["events"] and summary["attendance"]["rejected"] == 0
    assert summary["frames"] == 275
    assert summary["events"] == len(rows) == store.count_events()
    recognised = {p["code"]: p for p in summary["recognized"]}
    assert {row["code"] for row in rows} <= set(recognised)
    obama = recognised["obama"]
    assert 200 <= obama["first_frame"] <= 240 and obama["first_time_s"] == pytest.approx(obama["first_frame"] / 29.97, abs=0.05)
    assert obama["frames_recognized"] > 0 and 0.3 <= obama["best_similarity"] <= 1.0
    assert "biden" not in recognised


def test_annotated_video_has_every_frame(processed):
    capture = cv2.VideoCapture(str(processed["video"]))
    frames = int(capture.get(cv2.CAP_PROP_FRAME_COUNT))
    capture.release()
    assert frames == 275


def test_second_run_same_day_does_not_check_in_again(processed, tmp_path):
    events = tmp_path / "again.csv"
    assert main([*processed["args"], "process", str(processed["clip"]), "--events", str(events), "--kiosk-id", "door-1"]) == 0
    with events.open() as handle:
        assert list(csv.DictReader(handle)) == []  # cooldown: the next punch is not due within 5 minutes


def test_unreadable_video_and_missing_camera(tmp_path, capsys):
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"not a video at all")
    args = model_args(tmp_path)
    assert main([*args, "process", str(bad)]) == 1
    assert "cannot open video" in capsys.readouterr().err
    assert main([*args, "process", "97", "--camera-timeout", "1"]) == 1
    err = capsys.readouterr().err
    assert "camera 97" in err and "Traceback" not in err


def test_live_camera_loss_is_reported_and_the_run_goes_on(capsys):
    """A camera that disappears mid-run is reported and reopened; frames flow again afterwards."""
    import numpy as np

    from cli.process_run import _live_frames
    from pipeline.sources import CameraSource

    class FlakyCamera:
        reads = 0

        def isOpened(self):  # noqa: N802
            return True

        def read(self):
            FlakyCamera.reads += 1
            if 5 <= FlakyCamera.reads < 8:
                return False, None
            return True, np.zeros((48, 64, 3), np.uint8)

        def get(self, prop):
            return 30.0

        def release(self):
            pass

    with CameraSource(0, backoff=(0.05,), opener=lambda _: FlakyCamera()) as camera:
        frames = _live_frames(camera, timeout=2.0)
        got = [next(frames) for _ in range(12)]
    assert len(got) == 12 and FlakyCamera.reads > 8
    assert "camera:" in capsys.readouterr().err
