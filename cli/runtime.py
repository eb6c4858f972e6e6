"""The command line's runtimes: the settings file with the command-line options laid over it, and a runtime
per command that is closed when the command ends (``main`` calls ``close_runtimes``)."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import user_config_path
from pydantic import ValidationError

from cli.commands import ModelUse
from core.config import AppConfig, Language, load_config
from core.errors import KioskError
from core.names import APP_NAME

if TYPE_CHECKING:  # loaded by the first command that opens one, not by --help
    from services.runtime import Runtime

_opened: list[Runtime] = []
_preloading: list[Runtime] = []  # loading their models for a command that has not opened its runtime yet


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
    if getattr(args, "language", None):
        config.display.language = Language(args.language)
    return config


def preload_models(args: argparse.Namespace, use: ModelUse) -> None:
    """Start loading the models the global options in ``args`` choose (``Runtime.preload_models``); the command's
    ``open_runtime`` takes this runtime when its settings are the same. A problem with the options is left for
    the command to report. Settings that trust pickled checkpoints load nothing ahead: the command's settings
    guard has not yet said whether the admin accepted them, and unpickling can run code."""
    from services.runtime import Runtime

    try:
        runtime = Runtime(config_from_args(args))
    except (KioskError, ValidationError):
        return
    if runtime.config.trust_checkpoints:
        return
    runtime.preload_models(liveness=None if use is ModelUse.FACES_AND_LIVENESS else False)
    _opened.append(runtime)
    _preloading.append(runtime)


def open_runtime(args: argparse.Namespace) -> Runtime:
    """The runtime of the command ``args`` chose, closed with the others when the command ends: the one loading
    its models since the global options were read, when there is one; the PIN check before a command and the
    command itself share it (one database opening, not two)."""
    from services.runtime import Runtime

    shared = getattr(args, "_runtime", None)
    if isinstance(shared, Runtime) and shared in _opened:  # not closed yet
        return shared
    config = config_from_args(args)
    runtime = next((r for r in _preloading if r.config == config), None)
    if runtime is not None:
        _preloading.remove(runtime)
    else:
        runtime = Runtime(config)
        _opened.append(runtime)
    args._runtime = runtime
    return runtime


def close_runtimes() -> None:
    """Close every runtime the command opened (its desk, its database connections)."""
    _preloading.clear()
    while _opened:
        _opened.pop().close()
