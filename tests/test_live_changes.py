"""A running kiosk in step with the change log: notices written with their change (and only then), the feed that
hands them over, a gallery updated person by person, erased people dropped from the resolver, the desk and the
greeter, accepted settings laid over the running ones."""
from __future__ import annotations

import csv
import json
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pytest

from attendance.changes import ChangeFeed, ChangeKind, changes_after, last_change_id
from attendance.events import CheckInMethod
from core.config import AppConfig, AttendanceSettings, RecognizerSettings
from pipeline.gallery import Gallery
from pipeline.recognition import IdentityResolver, RecognitionConfig
from pipeline.types import EmployeeName
from services.live_changes import LiveChanges
from services.runtime import Runtime

ROOT = Path(__file__).resolve().parents[1]
RECOGNIZER = "test-rec"
DIM = 8
NOW = datetime(2026, 12, 7, 9, tzinfo=timezone.utc)


def unit(index: int, noise: float = 0.0, seed: int = 0) -> np.ndarray:
    vector = np.zeros(DIM, np.float32)
    vector[index] = 1.0
    vector += np.random.default_rng(seed).normal(0, noise, DIM).astype(np.float32)
    return vector / np.linalg.norm(vector)


def enrol(runtime: Runtime, code: str, index: int) -> int:
    vectors = np.stack([unit(index, 0.05, seed) for seed in range(3)])
    employee = runtime.store.enrol(code, code.upper(), "Door", RECOGNIZER, vectors, np.ones(3, np.float32), consent_at=NOW)
    return employee.id


@pytest.fixture
def runtime(tmp_path: Path):
    config = AppConfig(data_dir=tmp_path, recognizer=RecognizerSettings(threshold=0.5, margin=0.05),
                       attendance=AttendanceSettings(timezone="UTC"))
    runtime = Runtime(config)
    yield runtime
    runtime.close()


def test_a_notice_is_written_with_its_change_and_only_then(runtime):
    store = runtime.store
    start = last_change_id(runtime.database)
    ann = enrol(runtime, "ann", 0)
    store.update_employee("ann", name="Ann Lee", actor="admin")
    store.withdraw_consent("ann", actor="admin")
    runtime.settings_guard.accept(runtime.config.model_copy(update={"trust_checkpoints": True}), "admin")
    from datetime import time as clock

    from attendance.shifts import Shift

    store.save_shift(Shift("day", clock(8), clock(16)), actor="admin")
    store.add_employee("bob", "Bob")  # no template, nothing for a kiosk to do: no notice
    notices = [(c.kind, c.employee_id) for c in changes_after(runtime.database, start)]
    assert notices == [(ChangeKind.PERSON, ann), (ChangeKind.PERSON, ann), (ChangeKind.ERASED, ann), (ChangeKind.SETTINGS, None), (ChangeKind.SHIFTS, None)]
    with pytest.raises(Exception):  # noqa: B017 - a refused change (an unknown code) rolls its notice back too
        store.withdraw_consent("nobody", actor="admin")
    assert len(changes_after(runtime.database, start)) == 5


def test_the_feed_hands_over_a_change_another_program_commits(runtime, tmp_path):
    """The command line (another process, as on a PC beside the kiosk) deactivates someone: the feed has it
    within 5 seconds."""
    enrol(runtime, "ann", 0)
    seen: list = []
    feed = ChangeFeed(runtime.database, seen.extend, after=last_change_id(runtime.database), poll_s=0.2).start()
    try:
        committed = subprocess.run(
            [sys.executable, "main.py", "--data-dir", str(tmp_path), "employees", "edit", "ann", "--deactivate"],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
        )
        assert committed.returncode == 0, committed.stderr
        done = time.monotonic()
        deadline = done + 5
        while not seen and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [c.kind for c in seen] == [ChangeKind.ERASED]
    finally:
        feed.stop()


def test_a_feed_offers_a_batch_again_until_it_is_applied(runtime):
    enrol(runtime, "ann", 0)
    calls: list[int] = []

    def apply(changes) -> None:
        calls.append(len(changes))
        if len(calls) == 1:
            raise RuntimeError("the database went away")

    feed = ChangeFeed(runtime.database, apply, after=0, poll_s=0.05).start()
    try:
        deadline = time.monotonic() + 5
        while len(calls) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        feed.stop()
    assert calls[:2] == [1, 1] and feed.last_id == last_change_id(runtime.database)


def test_a_gallery_replaced_person_by_person_decides_as_one_built_from_scratch():
    rng = np.random.default_rng(3)
    owners = np.repeat(np.arange(1, 201), 3)
    vectors = rng.normal(size=(len(owners), 64)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    gallery = Gallery("r", vectors, owners)
    twin = vectors[owners == 7][:1] + 0.01  # a new person 7 who looks like person 8's first template
    twin[0] = vectors[owners == 8][0] * 0.98 + 0.02
    twin /= np.linalg.norm(twin, axis=1, keepdims=True)
    updated = gallery.replaced({7, 50}, twin, np.array([7]), (0.9, 0.2))  # 7 enrolled again, 50 erased
    expected_owners = np.concatenate([owners[~np.isin(owners, [7, 50])], [7]])
    expected = Gallery("r", np.concatenate([vectors[~np.isin(owners, [7, 50])], twin]), expected_owners)
    assert np.array_equal(updated.owners, expected.owners) and np.allclose(updated.vectors, expected.vectors)
    queries = rng.normal(size=(20, 64)).astype(np.float32)
    assert updated.decide(queries, 0.1, 0.0) == expected.decide(queries, 0.1, 0.0)
    assert 50 not in updated.people and updated.pair_margin(7, 8) == 0.2  # the look-alike pair, found for 7 alone
    assert len(gallery) == len(owners)  # the old gallery is untouched: a recognition thread may still use it


def test_an_erased_person_is_dropped_from_the_resolver_desk_and_greeter_and_a_new_one_is_recognised(runtime):
    from services.greeting import Greeter

    ann = enrol(runtime, "ann", 0)
    gallery = Gallery(RECOGNIZER, np.stack([unit(0)]), np.array([ann]))
    resolver = IdentityResolver(gallery, 0.5, 0.05, {ann: EmployeeName("ann", "ANN")}, RecognitionConfig(min_looks=1, unknown_after=99))
    desk = runtime.desk
    greeter = Greeter(runtime.store, desk)
    live = LiveChanges(runtime, runtime.config)
    live.start(resolver, desk, greeter)  # the feed runs; the test applies what it finds at once, to be exact
    live.stop()
    resolver.observe([1], unit(0)[None], np.ones(1), 0, 0.0)
    assert resolver.face(1, np.zeros(4), False).employee_id == ann

    bob = enrol(runtime, "bob", 1)
    runtime.store.withdraw_consent("ann", actor="admin")
    live.apply(changes_after(runtime.database, 0))
    assert live.applied.dropped == {ann} and bob in live.applied.people
    face = resolver.face(1, np.zeros(4), False)  # at the next frame: a stranger
    assert face.employee_id is None
    assert desk.punch(ann, NOW, CheckInMethod.CODE).event is None  # barred, whatever asks
    resolver.observe([2], unit(1)[None], np.ones(1), 1, 0.1)
    assert resolver.face(2, np.zeros(4), False).code == "bob"  # enrolled while running, recognised
    assert desk.punch(bob, NOW, CheckInMethod.FACE).event is not None


def run_the_doors(tmp_path: Path, database_url: str | None, doors: tuple[str, ...]) -> None:
    """The real thing: `process clip --realtime --loop` is a kiosk (one per door), the command line in other
    processes is the back office. Obama is logged (the kiosks run); Lin-Manuel Miranda, enrolled meanwhile, is
    recognised by every door and logged from the next loop of the clip on; Obama, whose consent is then withdrawn, is not
    logged any more (a 6-second cooldown would have logged him again at every loop), while Lin-Manuel still is."""
    from attendance.db import open_database
    from attendance.records import EventFilter
    from attendance.store import AttendanceStore
    from tests.conftest import shared_path
    from tests.media import EXAMPLES, PEOPLE, model_args

    args = model_args(tmp_path)
    config = tmp_path / "kiosk.toml"
    shared = f'database_url = "{database_url}"\n' if database_url else ""
    config.write_text(f'{shared}[attendance]\ncooldown_minutes = 0.1\n', encoding="utf-8")
    cli = [sys.executable, "main.py", "--config", str(config), *args]

    def back_office(*command: str) -> float:
        done = subprocess.run([*cli, *command], cwd=ROOT, capture_output=True, text=True, timeout=180)
        assert done.returncode == 0, done.stderr
        return time.time()

    def enrol_person(code: str) -> float:
        name, photo = PEOPLE[code]
        return back_office("enroll", "--consent", "--name", name, "--code", code, str(shared_path(f"{EXAMPLES}/{photo}")))

    enrol_person("obama")
    clip = shared_path(f"{EXAMPLES}/short_hamilton_clip.mp4")
    decided = {door: tmp_path / f"{door}.csv" for door in doors}  # the punches each kiosk decides, before the database
    summaries = {door: tmp_path / f"{door}.json" for door in doors}  # whom each kiosk recognised, written as it stops
    kiosks = [
        subprocess.Popen([*cli, "process", str(clip), "--realtime", "--loop", "--max-seconds", "300", "--kiosk-id", door,
                          "--events", str(decided[door]), "--summary", str(summaries[door])],
                         cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for door in doors
    ]
    store = AttendanceStore(open_database(database_url or tmp_path / "data" / "kiosk.db"))

    def punches(code: str, after: float = 0.0, door: str | None = None) -> list[float]:
        found = store.events(EventFilter(employee_code=code, kiosk_id=door))
        return [e.at.timestamp() for e in found if e.at.timestamp() > after]

    def wait_for(found, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and all(kiosk.poll() is None for kiosk in kiosks):
            if found():
                return True
            time.sleep(0.5)
        return bool(found())

    try:
        assert wait_for(lambda: punches("obama"), 90), "the kiosks never logged Obama"
        enrolled_at = enrol_person("lmm")
        assert wait_for(lambda: punches("lmm", enrolled_at), 30), "Lin-Manuel, enrolled while the kiosks ran, was never logged"
        erased_at = back_office("employees", "withdraw-consent", "obama")
        settled = erased_at + 5  # the notice's 5 seconds
        # the doors play the clip in step, so one check-in a round is stored, from whichever door wins the row lock
        assert wait_for(lambda: len(punches("lmm", settled)) >= 2, 60), "the kiosks stopped logging Lin-Manuel"
        assert punches("obama", settled) == []  # erased: not logged again, though the cooldown had long passed
    finally:
        errors = []
        for kiosk in kiosks:
            kiosk.send_signal(signal.SIGINT)  # as Ctrl-C: the kiosk stops and says what it wrote
            errors.append(kiosk.communicate(timeout=60)[1])
        store.close()
    for door in doors:
        with decided[door].open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        late = [r for r in rows if r["code"] == "obama" and datetime.fromisoformat(r["time"]).timestamp() > settled]
        assert late == [], door  # nor even decided: each kiosk itself let go of him
        recognised = {person["code"] for person in json.loads(summaries[door].read_text())["recognized"]}
        assert "lmm" in recognised, door  # each kiosk took up the enrolment made after it started
    assert not any("Traceback" in text for text in errors)


def test_a_not_me_at_one_door_reaches_a_running_kiosk(runtime):
    """Another door keeps a face as a rejected look of Ann: this kiosk loads it with Ann's faces at once, and that
    face (taken for Ann before) is nobody from the next look on."""
    ann = enrol(runtime, "ann", 0)
    stranger = (unit(0) + 0.9 * unit(2)) / np.linalg.norm(unit(0) + 0.9 * unit(2))
    data = runtime.store.load_gallery(RECOGNIZER)
    gallery = Gallery(RECOGNIZER, data.vectors, data.employee_ids)
    resolver = IdentityResolver(gallery, 0.5, 0.05, {ann: EmployeeName("ann", "ANN")}, RecognitionConfig(min_looks=1, unknown_after=99))
    assert gallery.decide(stranger[None], 0.5, 0.05)[0].employee_id == ann
    live = LiveChanges(runtime, runtime.config)
    live.start(resolver, runtime.desk)
    live.stop()
    start = last_change_id(runtime.database)
    runtime.store.add_rejected_look(ann, RECOGNIZER, stranger, face=None, event_uid=None, kiosk_id="door-2", actor="kiosk")
    live.apply(changes_after(runtime.database, start))
    assert ann in live.applied.people
    resolver.observe([1], stranger[None], np.ones(1), 0, 0.0)  # the next frame takes the new gallery up
    assert resolver.face(1, np.zeros(4), False).employee_id is None
    resolver.observe([2], unit(0)[None], np.ones(1), 0, 0.0)
    assert resolver.face(2, np.zeros(4), False).employee_id == ann


def test_two_doors_on_postgresql_take_up_an_enrolment_and_an_erasure(tmp_path, postgres_url):
    run_the_doors(tmp_path, postgres_url, ("door-1", "door-2"))


def test_on_postgresql_a_notify_wakes_the_feed_at_once(tmp_path, postgres_url):
    """Another program's commit reaches the feed by NOTIFY: well before the next poll (here every 30 s)."""
    config = AppConfig(data_dir=tmp_path, database_url=postgres_url, recognizer=RecognizerSettings(threshold=0.5))
    kiosk, office = Runtime(config), Runtime(config.model_copy(deep=True))
    try:
        office.store.add_employee("ann", "Ann Lee")
        seen: list = []
        feed = ChangeFeed(kiosk.database, seen.extend, after=last_change_id(kiosk.database), poll_s=30).start()
        time.sleep(1.0)  # LISTENing
        office.store.set_active("ann", False, actor="admin")
        deadline = time.monotonic() + 5
        while not seen and time.monotonic() < deadline:
            time.sleep(0.02)
        feed.stop()
        assert [c.kind for c in seen] == [ChangeKind.ERASED]
    finally:
        kiosk.close()
        office.close()


def test_accepted_settings_reach_a_running_kiosk_and_apply_at_the_next_frame(runtime):
    """Another computer's admin accepts a stricter match threshold: the running kiosk decides by it at its next
    frame (the kiosk's own settings file still says 0.5: the accepted copy wins, as it does at start)."""
    pins = runtime.pins
    pins.set_pin("482913")
    ann = enrol(runtime, "ann", 0)
    gallery = Gallery(RECOGNIZER, np.stack([unit(0)]), np.array([ann]))
    resolver = IdentityResolver(gallery, 0.5, 0.05, {ann: EmployeeName("ann", "ANN")}, RecognitionConfig(min_looks=1, unknown_after=99))
    live = LiveChanges(runtime, runtime.config)
    stricter = runtime.config.model_copy(deep=True)
    stricter.recognizer.threshold = 0.99
    start = last_change_id(runtime.database)
    runtime.settings_guard.accept(stricter, "admin")  # as the Settings page of another kiosk does
    assert changes_after(runtime.database, start)[-1].kind is ChangeKind.SETTINGS
    live.start(resolver, runtime.desk)  # the feed finds the acceptance and applies it
    deadline = time.monotonic() + 5
    while not live.applied.settings and time.monotonic() < deadline:
        time.sleep(0.05)
    live.stop()
    assert live.applied.settings == 1 and runtime.config.recognizer.threshold == 0.99
    look = unit(0) * 0.95 + unit(1) * 0.3  # 0.95 like ann: enough at 0.5, not at 0.99
    resolver.observe([1], (look / np.linalg.norm(look))[None], np.ones(1), 0, 0.0)
    face = resolver.face(1, np.zeros(4), False)
    assert resolver.threshold == 0.99 and face.employee_id is None
