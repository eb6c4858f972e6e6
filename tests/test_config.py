"""Configuration: every rule checked once, at load, with a one-line ConfigError; typed values for the call sites."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.config import AppConfig, ConfigError, load_config

BAD = {
    "unknown zone": ("[attendance]\ntimezone = 'Mars/Olympus_Mons'\n", "unknown time zone 'Mars/Olympus_Mons'"),
    "zone as a path": ("[attendance]\ntimezone = '../../etc/passwd'\n", "unknown time zone '../../etc/passwd'"),
    "infinite cooldown": ("[attendance]\ncooldown_minutes = inf\n", "cooldown_minutes: Input should be a finite number"),
    "huge cooldown": ("[attendance]\ncooldown_minutes = 1e300\n", "cooldown_minutes: Input should be less than or equal to 1440"),
    "NaN margin": ("[recognizer]\nmargin = nan\n", "recognizer.margin: Input should be a finite number"),
    "kiosk id with a path": ("[attendance]\nkiosk_id = '../../x'\n", "kiosk id '../../x'"),
    "blank kiosk id": ("[attendance]\nkiosk_id = '   '\n", "attendance.kiosk_id"),
    "unparseable database URL": ("database_url = 'not a url'\n", "'not a url' is not a database URL"),
    "unsupported database": ("database_url = 'mysql://u@h/db'\n", "database 'mysql' is not supported"),
    "data dir under /proc": ("data_dir = '/proc/self'\n", "/proc/self is under /proc"),
    "unknown device": ("[recognizer]\ndevice = 'quantum'\n", "device 'quantum': use auto, cpu, cuda, cuda:N or mps"),
    "string boolean": ("trust_checkpoints = 'yes'\n", "trust_checkpoints: Input should be a valid boolean"),
    "integer boolean": ("[attendance]\nkeep_thumbnails = 1\n", "keep_thumbnails: Input should be a valid boolean"),
    "unknown key": ("[attendance]\nkiosk = 'x'\n", "attendance.kiosk: Extra inputs are not permitted"),
    "deep nesting": ("a = " + "[" * 50_000 + "]" * 50_000 + "\n", "config file"),
    "not TOML": ("[attendance\n", "is not valid TOML"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_a_bad_setting_is_one_line_naming_it(name: str, tmp_path: Path) -> None:
    text, message = BAD[name]
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_a_data_dir_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    path = tmp_path / "config.toml"
    path.write_text(f"data_dir = '{tmp_path / 'afile'}'\n")
    with pytest.raises(ConfigError, match="is a file, not a folder"):
        load_config(path)


def test_config_naming_a_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is a folder"):
        load_config(tmp_path)


def test_good_values_load_and_the_zone_is_a_tzinfo(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        "database_url = 'postgresql+psycopg://kiosk@db/kiosk'\n[recognizer]\ndevice = 'cuda:1'\n"
        "[attendance]\nkiosk_id = 'Front door 2'\ntimezone = 'Europe/Berlin'\ncooldown_minutes = 0\n"
    )
    config = load_config(path)
    zone = config.attendance.zone
    assert zone is not None and datetime(2026, 7, 1, 12, tzinfo=timezone.utc).astimezone(zone).hour == 14
    assert AppConfig().attendance.zone is None  # this computer's zone


def test_command_line_overrides_are_checked_by_the_same_rules() -> None:
    from pydantic import ValidationError

    config = AppConfig()
    with pytest.raises(ValidationError, match="kiosk id"):
        config.attendance.kiosk_id = "a/b"
    with pytest.raises(ValidationError, match="device"):
        config.recognizer.device = "cuda:x"


_values = st.recursive(
    st.one_of(st.booleans(), st.integers(), st.floats(), st.text(max_size=30)),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3),
    max_leaves=10,
)
_keys = st.sampled_from(["data_dir", "database_url", "trust_checkpoints", "kiosk_id", "timezone", "cooldown_minutes",
                         "device", "threshold", "margin", "detect_every", "keep_photos", "weights", "x"])
_sections = st.sampled_from(["", "attendance", "recognizer", "video", "enrolment", "detector"])


def _toml(value: object) -> str:
    import json
    import math

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + "}"  # type: ignore[union-attr]


@settings(max_examples=150, deadline=None)
@given(entries=st.lists(st.tuples(_sections, _keys, _values), max_size=5), junk=st.text(max_size=40))
def test_fuzzed_config_files_load_or_fail_with_one_line(entries: list[tuple[str, str, object]], junk: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    by_section: dict[str, dict[str, object]] = {}
    for section, key, value in entries:
        by_section.setdefault(section, {})[key] = value
    lines = [f"{key} = {_toml(value)}" for key, value in by_section.pop("", {}).items()]
    for section, values in by_section.items():
        lines += [f"[{section}]"] + [f"{key} = {_toml(value)}" for key, value in values.items()]
    path = tmp_path_factory.mktemp("cfg") / "config.toml"
    path.write_text("\n".join(lines) + "\n" + (junk if len(junk) % 3 == 0 else ""), encoding="utf-8")
    try:
        config = load_config(path)
    except ConfigError as exc:
        assert "\n" not in str(exc).strip("\n")
    else:
        assert config.attendance.cooldown_minutes <= 1440
        _ = config.attendance.zone  # a loaded zone always resolves (None: this computer's)
