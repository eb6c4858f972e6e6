"""Writing the configuration back to TOML (atomically), for the settings page and the first-run dialog.

The config holds only flat tables of strings, numbers, booleans and paths, so a few lines of TOML
writing do and no extra dependency is needed. ``None`` means "the default" and is left out (TOML
has no null); ``load_config`` reads the file back to the same ``AppConfig``.
"""
from __future__ import annotations

import json
import math
import os
from pathlib import Path

from pipeline.config import AppConfig

Scalar = str | int | float | bool


def _value(value: Scalar | list[Scalar]) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot write {value} to TOML")
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a valid TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def config_toml(config: AppConfig) -> str:
    """The config as TOML: top-level keys first, then one table per section."""
    data = config.model_dump(mode="json", exclude_none=True)
    lines = [f"{key} = {_value(value)}" for key, value in data.items() if not isinstance(value, dict)]
    for section, values in data.items():
        if isinstance(values, dict):
            lines += ["", f"[{section}]"] + [f"{key} = {_value(value)}" for key, value in values.items()]
    return "\n".join(lines).lstrip() + "\n"


def save_config(config: AppConfig, path: Path) -> None:
    """Write ``config`` to ``path`` atomically (a temporary file renamed over it); OSError on failure."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(config_toml(config))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
