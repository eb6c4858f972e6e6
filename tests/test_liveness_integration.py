"""End to end with the real models: a phone replay of an enrolled person never checks them in; they do in person."""
from __future__ import annotations

import json
from pathlib import Path

import cv2
import pytest

from attendance.db import open_database
from attendance.store import AttendanceStore
from cli.app import main
from tests.conftest import shared_path
from tests.media import model_args

VIDEOS = "media/spoof/videos"


def frame_of(video: Path, index: int, out: Path) -> Path:
    capture = cv2.VideoCapture(str(video))
    for _ in range(index + 1):
        ok, image = capture.read()
        assert ok
    cv2.imwrite(str(out), image)
    return out


def first_frames(video: Path, count: int, out: Path) -> Path:
    """The first ``count`` frames of ``video``, written losslessly (FFV1) to ``out`` (.mkv): a short honest sample."""
    capture = cv2.VideoCapture(str(video))
    fps = capture.get(cv2.CAP_PROP_FPS)
    writer = None
    for _ in range(count):
        ok, image = capture.read()
        assert ok
        if writer is None:
            writer = cv2.VideoWriter(str(out), cv2.VideoWriter_fourcc(*"FFV1"), fps, (image.shape[1], image.shape[0]))
            assert writer.isOpened()
        writer.write(image)
    assert writer is not None
    writer.release()
    return out


def process(args: list[str], video: Path, summary: Path, *extra: str) -> dict:
    assert main([*args, *extra, "process", str(video), "--summary", str(summary)]) == 0
    return json.loads(summary.read_text())


@pytest.fixture
def enrolled(tmp_path: Path) -> list[str]:
    """Apfol enrolled from one frame of his live webcam video."""
    args = model_args(tmp_path)
    photo = frame_of(shared_path(f"{VIDEOS}/Apfol__real2.webm"), 30, tmp_path / "apfol.png")
    assert main([*args, "enroll", "--consent", "--name", "Apfol", "--code", "apfol", str(photo)]) == 0
    return args


def test_a_phone_replay_is_an_attack_and_checks_nobody_in(enrolled, tmp_path, capsys):
    replay = first_frames(shared_path(f"{VIDEOS}/Apfol__fake2.webm"), 90, tmp_path / "replay.mkv")  # its first 3 s
    summary = process(enrolled, replay, tmp_path / "replay.json")
    assert summary["events"] == 0
    assert [t["state"] for t in summary["liveness"]] == ["attack"]
    assert "presented as apfol" in capsys.readouterr().err  # recognised, and refused
    store = AttendanceStore(open_database(tmp_path / "data" / "kiosk.db"))
    [record] = store.attacks()
    assert record.employee_code == "apfol" and record.live_score < 0.15 and not record.has_thumbnail
    store.close()
    report = tmp_path / "report.csv"
    assert main([*enrolled, "report", "--out", str(report)]) == 0
    assert "1 presentation attack(s)" in capsys.readouterr().out
    assert "apfol" in (tmp_path / "report_attacks.csv").read_text()
    # the same replay without the check: recognised and checked in, which is what the check prevents
    unchecked = process(enrolled, replay, tmp_path / "unchecked.json", "--no-liveness")
    assert unchecked["events"] == 1 and unchecked["liveness"] == []


def test_the_live_person_is_checked_in_within_half_a_second(enrolled, tmp_path):
    summary = process(enrolled, shared_path(f"{VIDEOS}/Apfol__real2.webm"), tmp_path / "live.json")
    assert summary["events"] == 1 and [t["state"] for t in summary["liveness"]] == ["live"]
    [person] = summary["recognized"]
    assert person["code"] == "apfol" and person["first_event_time_s"] - person["first_time_s"] <= 0.5


def test_identify_prints_a_single_frame_liveness_score(tmp_path, capsys):
    stills = [shared_path(f"media/spoof/images/minivision__image_{n}.jpg") for n in ("F1", "F2", "T1")]
    assert main([*model_args(tmp_path), "identify", "--json", "--liveness", *map(str, stills)]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["liveness"] == "single-frame"
    scores = [result["faces"][0]["live_score"] for result in payload["results"]]
    assert [s > 0.5 for s in scores] == [False, False, True]  # a print, a screen, a live face
    assert main([*model_args(tmp_path), "identify", "--json", str(stills[2])]) == 0
    assert "live_score" not in capsys.readouterr().out


def test_evaluate_liveness_reports_iso_error_rates(tmp_path, capsys):
    """A small honest sample (each video's first 60 frames: 2 s live, 4 s replay); the full evaluation is
    the command itself, whose figures docs/liveness.md quotes."""
    folder = tmp_path / "presentations"
    folder.mkdir()
    rows = [("Apfol__real2.webm", "bona_fide"), ("ZubairCracksCode__fake.mp4", "replay")]
    for name, _ in rows:
        (folder / name).symlink_to(shared_path(f"{VIDEOS}/{name}"))
    for name in ("minivision__image_F1.jpg", "minivision__image_T1.jpg"):
        (folder / name).symlink_to(shared_path(f"media/spoof/images/{name}"))
    rows += [("minivision__image_F1.jpg", "print"), ("minivision__image_T1.jpg", "bona_fide")]
    (folder / "labels.csv").write_text("file,label\n" + "".join(f"{n},{label}\n" for n, label in rows))
    report = tmp_path / "liveness.json"
    roc = tmp_path / "roc.png"
    assert main([*model_args(tmp_path), "evaluate-liveness", str(folder), "--roc", str(roc), "--json", str(report), "--max-frames", "60"]) == 0
    data = json.loads(report.read_text())
    per = data["per_presentation"]
    assert per["apcer"] == {"print": 0.0, "replay": 0.0} and per["bpcer"] == 0.0 and per["acer"] == 0.0
    assert per["counts"] == {"bona_fide": 2, "print": 1, "replay": 1}
    assert 20 < data["per_frame"]["counts"]["replay"] <= 60  # every scored frame of the sample
    states = {Path(o["presentation"]["path"]).name: o["state"] for o in data["outcomes"]}
    assert states["Apfol__real2.webm"] == "live" and states["ZubairCracksCode__fake.mp4"] == "attack"
    cues = {Path(o["presentation"]["path"]).name: o["cues"] for o in data["outcomes"]}
    assert not cues["ZubairCracksCode__fake.mp4"]["screen"] and cues["Apfol__real2.webm"]["screen"]  # the screen cue alone
    assert set(data["per_cue"]) == {"texture", "border", "screen", "motion", "fused without screen", "fused"}
    assert roc.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert data["asked"] == {"bona_fide": [0, 1], "replay": [0, 1]}  # both clear at once: nobody asked to turn
    printed = capsys.readouterr().out
    assert "APCER replay" in printed and "ask to move their head" in printed


def test_evaluate_liveness_needs_both_kinds(tmp_path):
    (tmp_path / "live").mkdir()
    assert main([*model_args(tmp_path), "evaluate-liveness", str(tmp_path)]) == 1


def test_the_screen_cue_refuses_a_held_out_replay_and_no_live_face():
    """A small honest sample of what ``scripts/screen_cue.py`` measures in full: every eighth frame of Zubair's replay
    (held out when the cue was tuned) and of both live videos, and 60 held-out live photos (faceset people M-Z)."""
    from core.config import DetectorSettings
    from pipeline.detectors import build_detector
    from pipeline.liveness.screen import ScreenCue

    detector = build_detector("yolo", shared_path("models/yolov8n-face_int8.tflite"), DetectorSettings())

    def refused(video: str) -> bool:
        cue, capture, index = ScreenCue(), cv2.VideoCapture(str(shared_path(f"{VIDEOS}/{video}"))), 0
        while (read := capture.read())[0]:
            faces = detector.detect(read[1]) if index % 8 == 0 else []
            index += 1
            if len(faces):
                cue.observe(0, read[1], faces.boxes[int(faces.areas.argmax())])
        return cue.refuses(0)

    assert refused("ZubairCracksCode__fake.mp4")
    assert not refused("ZubairCracksCode__real.mov") and not refused("Apfol__real2.webm")
    people = sorted(p for p in shared_path("media/faceset").iterdir() if p.is_dir() and p.name[:1].upper() > "L")
    photos = [next(iter(sorted(person.glob("*.*")))) for person in people[::18]]
    flagged = counted = 0
    for photo in photos:
        image = cv2.imread(str(photo))
        faces = detector.detect(image)
        if len(faces) and (flag := ScreenCue().flag(image, faces.boxes[int(faces.areas.argmax())])) is not None:
            counted, flagged = counted + 1, flagged + int(flag)
    assert counted >= 55 and flagged <= 1  # 0.1 % of looks in the full held-out half
