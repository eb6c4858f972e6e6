"""Security settings changed outside the app (``threshold = -1`` made anyone check in as anyone) are refused once
a PIN is set, until an admin accepts them with the PIN; without a PIN they apply as written, and every
acceptance is audited."""
from __future__ import annotations

import argparse
import io
import sqlite3
import sys
from pathlib import Path

import pytest

from cli.app import main
from cli.pin_gate import PIN_ENV
from cli.runtime import open_runtime
from core.config import AppConfig
from services.runtime import Runtime

PIN = "246813"


def runtime_of(data: Path) -> Runtime:
    return open_runtime(argparse.Namespace(data_dir=data, config=None))


def write_config(data: Path, text: str) -> None:
    data.mkdir(parents=True, exist_ok=True)
    (data / "config.toml").write_text(text)


def cli(data: Path, *command: str, stdin: str = "") -> int:
    sys.stdin = io.StringIO(stdin)
    try:
        return main(["--data-dir", str(data), *command])
    finally:
        sys.stdin = sys.__stdin__


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv(PIN_ENV, raising=False)
    return tmp_path / "data"


def test_without_a_pin_settings_apply_as_written_and_are_recorded(data):
    write_config(data, "[recognizer]\nthreshold = 0.3\n")
    runtime = runtime_of(data)
    assert runtime.hold_to_accepted_settings() == [] and runtime.config.recognizer.threshold == 0.3
    [entry] = runtime.store.audit_log()
    assert (entry.actor, entry.action) == ("no-pin", "accept_config")
    assert entry.details["changes"] == [{"setting": "recognizer.threshold", "from": None, "to": 0.3}]


def test_with_a_pin_a_threshold_edited_in_the_file_is_refused_until_accepted(data, monkeypatch, capsys):
    write_config(data, "[recognizer]\nthreshold = 0.3\n")
    assert cli(data, "admin", "set-pin", stdin=f"{PIN}\n") == 0  # today's settings become the accepted ones
    write_config(data, "[recognizer]\nthreshold = -1.0\n\n[liveness]\nenabled = false\n")
    runtime = runtime_of(data)
    refused = runtime.hold_to_accepted_settings()
    assert [str(change) for change in refused] == ["recognizer.threshold 0.3 -> -1.0", "liveness.enabled True -> False"]
    assert runtime.config.recognizer.threshold == 0.3 and runtime.config.liveness.enabled  # the accepted values run
    runtime.close()

    assert cli(data, "admin", "accept-config") == 1  # needs the PIN
    assert "needs the admin PIN" in capsys.readouterr().err
    monkeypatch.setenv(PIN_ENV, PIN)
    assert cli(data, "admin", "accept-config") == 0
    assert "accepted: recognizer.threshold 0.3 -> -1.0" in capsys.readouterr().out
    runtime = runtime_of(data)
    assert runtime.hold_to_accepted_settings() == [] and runtime.config.recognizer.threshold == -1.0
    entry = runtime.store.audit_log()[0]
    assert (entry.actor, entry.action) == ("admin", "accept_config")
    assert {"setting": "liveness.enabled", "from": True, "to": False} in entry.details["changes"]


def test_a_command_line_flag_is_refused_too(data, capsys):
    assert cli(data, "admin", "set-pin", stdin=f"{PIN}\n") == 0
    runtime = open_runtime(argparse.Namespace(data_dir=data, config=None, no_liveness=True, trust_checkpoint=True))
    assert {change.name for change in runtime.hold_to_accepted_settings()} == {"liveness.enabled", "trust_checkpoints"}
    assert runtime.config.liveness.enabled and not runtime.config.trust_checkpoints


def test_an_edited_copy_of_the_accepted_settings_counts_as_the_defaults(data):
    write_config(data, "[recognizer]\nmargin = 0.2\n")
    assert cli(data, "admin", "set-pin", stdin=f"{PIN}\n") == 0
    with sqlite3.connect(data / "kiosk.db") as connection:  # an attacker blesses his own values
        connection.execute("UPDATE kiosk_meta SET value = replace(value, '0.2', '0.0') WHERE name = 'accepted_settings'")
    write_config(data, "[recognizer]\nmargin = 0.0\n")
    runtime = runtime_of(data)
    assert [str(c) for c in runtime.hold_to_accepted_settings()] == ["recognizer.margin 0.05 -> 0.0"]
    assert runtime.config.recognizer.margin == AppConfig().recognizer.margin


def test_settings_saved_in_the_app_behind_the_pin_are_accepted(qtbot, data, tmp_path):
    from PySide6.QtCore import QSettings

    from gui.context import GuiContext
    from gui.main_window import MainWindow
    from gui.models import ModelDownloads
    from gui.pin import changed_settings_text

    runtime = Runtime(AppConfig(data_dir=data))
    runtime.pins.set_pin(PIN)
    window = MainWindow(GuiContext(runtime, tmp_path / "kiosk.toml", "0"), runtime.pins, ModelDownloads(), QSettings(str(tmp_path / "gui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    edited = runtime.config.model_copy(deep=True)
    edited.recognizer.threshold = 0.42
    assert [c.name for c in runtime.settings_guard.pending(edited)] == ["recognizer.threshold"]
    assert "recognizer.threshold None -> 0.42" in changed_settings_text(runtime.settings_guard.pending(edited))
    window.apply_config(edited)
    assert runtime.settings_guard.pending(edited) == []
    assert runtime.store.audit_log()[0].actor == "admin"


def test_no_checkpoint_is_loaded_ahead_while_trusting_pickles_is_not_yet_accepted(tmp_path, monkeypatch):
    """A model command starts loading its models before its settings guard runs; with `--trust-checkpoint` (or the
    file's trust_checkpoints, a guarded setting) it loads nothing ahead, since unpickling can run code."""
    from cli.commands import ModelUse
    from cli.runtime import close_runtimes, preload_models

    started: list[Runtime] = []
    monkeypatch.setattr(Runtime, "preload_models", lambda self, **kw: started.append(self))
    for trusted in (False, True):
        args = argparse.Namespace(data_dir=tmp_path / "data", trust_checkpoint=trusted)
        preload_models(args, ModelUse.FACES_AND_LIVENESS)
        assert (open_runtime(args) in started) is (not trusted)  # the command goes on with what was preloaded, if any
    assert len(started) == 1  # only the command that trusts no pickle started loading ahead
    close_runtimes()
