"""Argument types shared by the commands."""
from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from datetime import date


def lazy(module: str, function: str) -> Callable[[argparse.Namespace], int]:
    """A handler that imports ``module`` only when the command runs: a command's model libraries (torch,
    ultralytics, filterpy) cost nothing to the others, or to --help."""

    def handler(args: argparse.Namespace) -> int:
        return int(getattr(importlib.import_module(module), function)(args) or 0)

    return handler


def positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0 seconds, got {text}")
    return value


def day(text: str) -> date:
    """A local calendar day, YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None
