"""The benchmark commands run and write their JSON (figures themselves are reported, never asserted)."""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import ClassVar

import numpy as np

from attendance.db import open_database
from attendance.store import AttendanceStore
from cli.app import main
from measure.benchmark import bench_alignment, bench_border, bench_gallery, bench_liveness, bench_recognizer, time_ms
from services.admin_pin import PinStore
from tests.conftest import shared_path
from tests.media import EXAMPLES, PEOPLE, model_args


class _Recognizer:
    name, dim, norm_is_quality = "fake", 8, False

    def embed(self, crops):
        from pipeline.types import Embeddings

        return Embeddings(np.ones((len(crops), 8), np.float32) / np.sqrt(8), np.ones(len(crops), np.float32))


def test_engine_bench_pieces():
    assert time_ms(lambda: time.sleep(0.005), repeat=3) >= 5.0  # it measures what it runs (a lower bound, not a speed target)
    assert bench_alignment(faces=4, repeat=2) > 0
    assert set(bench_gallery((1_000, 10_000))) == {"1000", "10000"}
    assert set(bench_recognizer(_Recognizer(), repeat=2)) == {"batch 1", "batch 8", "batch 32"}
    assert set(bench_liveness(_Scorer(), repeat=2)) == {"batch 1", "batch 8"} and _Scorer.batches == [1, 1, 1, 8, 8, 8]
    assert bench_border(repeat=2) > 0


class _Scorer:
    name = "fake"
    batches: ClassVar[list[int]] = []

    def score(self, image, boxes):
        _Scorer.batches.append(len(boxes))
        return np.full(len(boxes), 0.9, np.float32)


def test_bench_video_reports_stages_and_delays(tmp_path, capsys):
    args = model_args(tmp_path)
    for code in ("lmm", "obama"):
        name, photo = PEOPLE[code]
        assert main([*args, "enroll", "--consent", "--name", name, "--code", code, str(shared_path(f"{EXAMPLES}/{photo}"))]) == 0
    out = tmp_path / "bench.json"
    clip = shared_path(f"{EXAMPLES}/short_hamilton_clip.mp4")
    data_dir = Path(args[args.index("--data-dir") + 1])
    with open_database(data_dir / "kiosk.db") as database:
        PinStore(AttendanceStore(database)).set_pin("135790")
    (data_dir / "config.toml").write_text("[recognizer]\nthreshold = 0.05\nmargin = 0.0\n[liveness]\nenabled = false\n")
    assert main([*args, "bench", "video", str(clip), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "not applied: recognizer.threshold" in printed and "not applied: liveness.enabled" in printed  # the guard holds
    with open_database(data_dir / "kiosk.db") as database:
        assert AttendanceStore(database).events() == []  # a benchmark never writes to the attendance record
    data = json.loads(out.read_text())
    assert data["frames"] == 275 and data["fps"] > 0 and data["peak_rss_mb"] > 0
    assert set(data["ms_per_frame"]) >= {"decode", "detect", "track", "align", "embed", "match", "liveness", "log", "draw"}
    delays = {d["code"]: d for d in data["delays"]}
    assert set(delays) == {"lmm", "obama"}
    assert all(d["event_frame"] >= d["first_seen_frame"] and d["delay_video_s"] >= 0 for d in delays.values())
    # the greeting: logged within 0.3 s of video after the face is first detected (Lin-Manuel Miranda from frame 0),
    # with liveness on; frames, not wall time, so this holds on any machine
    assert delays["lmm"]["first_seen_frame"] == 0
    assert all(d["delay_video_s"] <= 0.3 for d in delays.values()), delays


def test_store_bench_loads_a_sealed_gallery_and_verifies_the_record():
    from measure.store_bench import bench_store

    result = bench_store(templates=200, events=30, repeat=1)
    assert (result.templates, result.events) == (200, 30)
    assert result.gallery_load_ms > 0 and result.gallery_query_ms > 0 and result.verify_ms > 0


def test_the_timesheet_bench_measures_a_small_year(tmp_path):
    from measure.timesheet_bench import bench_timesheet

    result = bench_timesheet(people=4, days=6, folder=tmp_path)
    assert result.events == 4 * 6 * 4 and result.month_rows >= 4 * 6 - 4 and result.year_rows >= result.month_rows
    assert result.month_s >= 0 and result.year_s >= 0 and result.peak_rss_mb > 0


def test_the_changes_bench_times_a_few_changes_and_one_person_added(tmp_path):
    from measure.changes_bench import bench_changes

    result = bench_changes(tmp_path, None, changes=3, templates=200)
    assert result.backend == "sqlite" and result.changes == 3
    assert 0 <= result.p50_s <= result.p99_s <= result.max_s < 5  # every change applied within the 5 seconds
    assert result.gallery_templates == 200 and result.add_person_s > 0


def test_the_startup_bench_names_where_the_seconds_go(tmp_path):
    from measure.startup_bench import bench_startup
    from tests.media import model_args

    steps = bench_startup(model_args(tmp_path))
    assert [s.name for s in steps] == [
        "python starting", "the command line and the settings", "database and data key",
        "detector", "recognizer", "liveness models", "gallery", "pipeline and warm-up",
    ]
    assert all(s.seconds >= 0 for s in steps) and sum(s.seconds for s in steps) > 0.5  # models do take time to load


def test_the_startup_bench_times_the_commands_whole(tmp_path):
    """enroll, identify and process of one frame, each a fresh process that must succeed (a failing command
    would be timed as fast)."""
    from measure.startup_bench import command_times
    from tests.conftest import shared_path
    from tests.media import EXAMPLES, model_args

    photos = [shared_path(f"{EXAMPLES}/obama.jpg"), shared_path(f"{EXAMPLES}/obama2.jpg")]
    times = command_times(model_args(tmp_path), photos, shared_path(f"{EXAMPLES}/short_hamilton_clip.mp4"), runs=1)
    assert [t.command for t in times] == ["enroll (2 photos)", "identify (1 photo)", "process (1 frame)"]
    assert all(t.seconds > 0.2 for t in times)
