"""The command line's runtimes: the settings file with the command-line options laid over it, and a runtime
per command that is closed when the command ends (``main`` calls ``close_runtimes``)."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import user_config_path

from core.config import AppConfig, load_config
from core.names import APP_NAME

if TYPE_CHECKING:  # loaded by the first command that opens one, not by --help
    from services.runtime import Runtime

_opened: list[Runtime] = []


def settings_path(args: argparse.Namespace) -> Path:
    """The TOML settings file shared by the app (its settings page writes it) and the command line:
    --config, else DATA_DIR/config.toml when --data-dir is given, else config.toml in the user's config folder."""
    if getattr(args, "config", None):
        return Path(args.config)
    if getattr(args, "data_dir", None):
        return Path(args.data_dir) / "config.toml"
    return user_config_path(APP_NAME) / "config.toml"


def config_from_args(args: argparse.Namespace) -> AppConfig:
    """The settings file (when given, or when the default one exists) with the command-line options laid over it."""
    path = settings_path(args)
    config = load_config(path if getattr(args, "config", None) or path.is_file() else None)
    if getattr(args, "data_dir", None):
        config.data_dir = args.data_dir
    if getattr(args, "models_dir", None):
        config.models_dir = args.models_dir
    if getattr(args, "detector", None):
        config.detector.kind = args.detector
        config.detector.weights = None
    if getattr(args, "detector_weights", None):
        config.detector.weights = args.detector_weights
    if getattr(args, "recognizer", None):
        config.recognizer.arch = args.recognizer
        config.recognizer.weights = None
    if getattr(args, "recognizer_weights", None):
        config.recognizer.weights = args.recognizer_weights
    if getattr(args, "device", None):
        config.recognizer.device = args.device
    if getattr(args, "precision", None):
        config.recognizer.precision = args.precision
    if getattr(args, "compile", False):
        config.recognizer.compile = True
    if getattr(args, "trust_checkpoint", False):
        config.trust_checkpoints = True
    if getattr(args, "no_liveness", False):
        config.liveness.enabled = False
    return config


def open_runtime(args: argparse.Namespace) -> Runtime:
    """The runtime of the command ``args`` chose, closed with the others when the command ends."""
    from services.runtime import Runtime

    runtime = Runtime(config_from_args(args))
    _opened.append(runtime)
    return runtime


def close_runtimes() -> None:
    """Close every runtime the command opened (its desk, its database connections)."""
    while _opened:
        _opened.pop().close()
