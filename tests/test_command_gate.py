"""Every command, listed: those that change the record, the people or the key need the admin PIN once one is
set; the others never ask. The list is checked against the command line itself, so a new command or
action cannot slip in without being placed on one side."""
from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from cli.app import build_parser, main
from cli.commands import COMMANDS
from core.config import AppConfig
from services.runtime import Runtime

PIN = "864209"
PHOTO = "photo.jpg"  # written into the test's folder; never read by a refused command
# (command, action or ""): an example line and whether it needs the PIN
GATED = {
    ("enroll", ""): ["enroll", "--consent", "--name", "Ann", "--code", "ann", PHOTO],
    ("import", ""): ["import", "--consent", "."],
    ("process", ""): ["process", "clip.mp4"],
    ("report", ""): ["report", "--out", "r.csv"],
    ("purge", ""): ["purge"],
    ("employees", "edit"): ["employees", "edit", "ann", "--name", "Anne"],
    ("employees", "delete"): ["employees", "delete", "ann"],
    ("employees", "add"): ["employees", "add", "bob", "--name", "Bob"],
    ("employees", "set-pin"): ["employees", "set-pin", "ann"],
    ("employees", "withdraw-consent"): ["employees", "withdraw-consent", "ann"],
    ("employees", "receipts"): ["employees", "receipts", "--out", "receipts.csv"],
    ("events", "add"): ["events", "add", "--employee", "ann", "--kind", "in", "--at", "2026-12-01T08:00", "--reason", "x"],
    ("events", "void"): ["events", "void", "1", "--reason", "x"],
    ("shifts", "add"): ["shifts", "add", "night", "--start", "22:00", "--end", "06:00"],
    ("shifts", "edit"): ["shifts", "edit", "night", "--grace-minutes", "5"],
    ("shifts", "delete"): ["shifts", "delete", "night"],
    ("shifts", "assign"): ["shifts", "assign", "night", "ann"],
    ("shifts", "unassign"): ["shifts", "unassign", "ann"],
    ("shifts", "department"): ["shifts", "department", "Sales", "night"],
    ("leave", "add"): ["leave", "add", "ann", "--from", "2026-12-01", "--to", "2026-12-02", "--kind", "sick"],
    ("leave", "delete"): ["leave", "delete", "1", "--reason", "x"],
    ("holidays", "add"): ["holidays", "add", "2026-12-25", "Christmas"],
    ("holidays", "delete"): ["holidays", "delete", "2026-12-25"],
    ("holidays", "import"): ["holidays", "import", PHOTO],
    ("models", "fetch"): ["models", "fetch", "yunet_s"],
    ("models", "add"): ["models", "add", PHOTO],
    ("admin", "set-pin"): ["admin", "set-pin"],
    ("admin", "rotate-key"): ["admin", "rotate-key"],
    ("admin", "export-key"): ["admin", "export-key", "key.out"],
    ("admin", "accept-config"): ["admin", "accept-config"],
}
OPEN = {  # read-only, or writing nothing the record holds (a benchmark, embeddings of photos, a key's own credential)
    ("identify", ""): ["identify", PHOTO],
    ("embed", ""): ["embed", PHOTO, "--out", "emb"],
    ("evaluate", ""): ["evaluate", "."],
    ("evaluate-liveness", ""): ["evaluate-liveness", "."],
    ("employees", "list"): ["employees", "list"],
    ("employees", "show"): ["employees", "show", "ann"],
    ("employees", "audit"): ["employees", "audit"],
    ("employees", "receipts", "no --out"): ["employees", "receipts"],
    ("events", "list"): ["events", "list"],
    ("shifts", "list"): ["shifts", "list"],
    ("leave", "list"): ["leave", "list"],
    ("holidays", "list"): ["holidays", "list"],
    ("attendance", "exceptions"): ["attendance", "exceptions"],
    ("attendance", "who-is-in"): ["attendance", "who-is-in"],
    ("models", "list"): ["models", "list"],
    ("models", "verify"): ["models", "verify"],
    ("models", "path"): ["models", "path", "yunet_s"],
    ("bench", "engine"): ["bench", "engine", "--help"],
    ("bench", "video"): ["bench", "video", "--help"],
    ("bench", "record"): ["bench", "record", "--help"],  # a scratch record of its own
    ("bench", "timesheet"): ["bench", "timesheet", "--help"],
    ("bench", "kills"): ["bench", "kills", "--help"],
    ("bench", "changes"): ["bench", "changes", "--help"],
    ("bench", "beside"): ["bench", "beside", "--help"],
    ("bench", "startup"): ["bench", "startup", "--help"],  # a scratch data folder of its own  # a scratch database of its own (an empty one it is given)
    ("kiosks", "list"): ["kiosks", "list"],
    ("admin", "reset-pin"): ["admin", "reset-pin", "--help"],  # its credential is the data key
    ("admin", "import-key"): ["admin", "import-key", "--help"],  # its credential is the key file
    ("admin", "join"): ["admin", "join", "--help"],  # so is this one's
    ("audit", "verify"): ["audit", "verify"],
    ("audit", "list"): ["audit", "list"],
    ("privacy", "policy"): ["privacy", "policy"],
}


def every_command() -> set[tuple[str, str]]:
    found = set()
    for name in COMMANDS:
        parser = build_parser(name)
        [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        actions = [a for a in sub.choices[name]._actions if isinstance(a, argparse._SubParsersAction)]
        found |= {(name, action) for action in actions[0].choices} if actions else {(name, "")}
    return found


def test_every_command_is_placed_on_one_side() -> None:
    placed = set(GATED) | {key[:2] for key in OPEN}
    assert every_command() == placed
    assert not set(GATED) & {key[:2] for key in OPEN if len(key) == 2}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KIOSK_ADMIN_PIN", raising=False)
    (tmp_path / PHOTO).write_bytes(b"not really a photo")
    runtime = Runtime(AppConfig(data_dir=tmp_path / "data", models_dir=tmp_path / "models"))
    runtime.pins.set_pin(PIN)
    runtime.store.add_employee("ann", "Ann")
    runtime.close()
    return tmp_path


def run(folder: Path, argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        code = main(["--data-dir", str(folder / "data"), "--models-dir", str(folder / "models"), *argv])
    except SystemExit as exc:  # --help
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize("key", sorted(GATED), ids=" ".join)
def test_a_changing_command_needs_the_pin(folder: Path, key: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    if key == ("admin", "accept-config"):  # something to accept
        (folder / "data" / "config.toml").write_text("[recognizer]\nmargin = 0.2\n")
    code, printed = run(folder, GATED[key], capsys)
    assert code == 1 and "needs the admin PIN" in printed, printed


@pytest.mark.parametrize("key", sorted(OPEN), ids=" ".join)
def test_a_reading_command_never_asks(folder: Path, key: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    _, printed = run(folder, OPEN[key], capsys)
    assert "needs the admin PIN" not in printed, printed
