"""Reading recognizer checkpoints without running code from them, and loading them strictly.

Files are read with ``torch.load(weights_only=True)``: tensors, plain containers and the few inert
types in ``SAFE_GLOBALS`` only. Official AdaFace releases hold just ``{"state_dict": OrderedDict}``;
Lightning training checkpoints add epoch counters, optimizer and scheduler states (``Counter``,
allowed by torch), callback states and ``hyper_parameters`` (a dict), all readable that way.
Anything else (a pickled class or function) is refused unless the user trusts the file.
"""
from __future__ import annotations

import argparse
import pickle
import re
import warnings
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import torch
from torch import Tensor, nn

from core.errors import ModelError, ModelNotFoundError
from pipeline.recognizers.iresnet import IR_ARCHS, layout

# Values are tensors; dynamic-INT8 layers also store a dtype and a packed (weight, bias) tuple.
StateDict = dict[str, Any]

# Inert data that training scripts store next to the weights: argparse hyper-parameters (scripts
# that save ``args`` itself). Rebuilding a Namespace only sets attributes; it runs no code.
SAFE_GLOBALS: tuple[type, ...] = (argparse.Namespace,)

TRUST_HINT = "if you trust where the file came from, pass --trust-checkpoint (config: trust_checkpoints = true)"
_EDGEFACE_STEM_WIDTHS = {32: "edgeface_xs", 24: "edgeface_xxs"}


def load_state_dict(path: Path, *, trusted: bool) -> StateDict:
    """The backbone weights in ``path``: its ``state_dict`` (or the file itself when it is one); when keys
    start with ``model.`` (Lightning, Idiap's wrapper) only those, without the prefix: ``head.*`` is dropped.

    ``trusted=True`` allows arbitrary pickled objects (``weights_only=False``), which can run code.
    Raises ModelNotFoundError for a missing file, ModelError for anything unreadable or refused.
    """
    path = Path(path)
    checkpoint = _read(path, trusted)
    state = checkpoint.get("state_dict", checkpoint) if isinstance(checkpoint, Mapping) else None
    if (
        not isinstance(state, Mapping)
        or not all(isinstance(key, str) for key in state)
        or not any(isinstance(value, Tensor) for value in state.values())
    ):
        raise ModelError(f"{path} is not a model checkpoint: it holds no state dict of weights")
    # Lightning (and Idiap's wrapper): the backbone under "model.", a training head ("head.kernel") beside it.
    return _submodule_state(state, "model" if any(key.startswith("model.") for key in state) else "")


def load_strict(module: nn.Module, state: StateDict, *, path: Path, arch: str, assign: bool = False) -> None:
    """Load ``state`` into ``module`` when every key and shape matches; otherwise say what the file seems to be.

    ``assign=True`` adopts the checkpoint's tensors (for a module built on the meta device).
    """
    expected, found = _layout(module.state_dict()), _layout(state)
    if expected != found:
        guess = guess_arch(state)
        seems = f"it looks like {guess}" if guess else "it matches no known recognizer"
        raise ModelError(f"{path} does not fit {arch} ({_difference(expected, found)}); {seems}")
    module.load_state_dict(state, strict=True, assign=assign)


def guess_arch(state: StateDict) -> str | None:
    """The recognizer architecture whose layout ``state`` has, as far as it can be told, or None."""
    found = _layout(state)
    for ir_arch in IR_ARCHS:
        if found == layout(ir_arch):
            return f"adaface_{ir_arch}"
    stem = state.get("stem.0.weight")
    if isinstance(stem, Tensor) and stem.shape[0] in _EDGEFACE_STEM_WIDTHS:
        name = _EDGEFACE_STEM_WIDTHS[stem.shape[0]]
        return f"{name}_q" if any(key.endswith("._packed_params") for key in state) else name
    return None


def _submodule_state(state: Mapping[str, Any], name: str) -> StateDict:
    """The entries of submodule ``name`` ("" = all) without its prefix, keeping torch's per-module
    ``_metadata`` (module versions; INT8 Linear layers cannot load without it)."""
    prefix = f"{name}." if name else ""
    sub = OrderedDict((key.removeprefix(prefix), value) for key, value in state.items() if key.startswith(prefix))
    metadata = getattr(state, "_metadata", None)
    if metadata is not None:
        sub._metadata = OrderedDict(  # type: ignore[attr-defined]
            (key.removeprefix(name).removeprefix("."), value)
            for key, value in metadata.items()
            if key == name or key.startswith(prefix)
        )
    return sub


def _read(path: Path, trusted: bool) -> object:
    if not path.is_file():
        raise ModelNotFoundError(f"model file not found: {path}")
    if path.stat().st_size == 0:
        raise ModelError(f"{path} is empty (0 bytes); download it again")
    try:
        with warnings.catch_warnings():
            # INT8 checkpoints: deprecation notices about storages and quantized tensors, not about the file.
            warnings.filterwarnings("ignore", message="TypedStorage is deprecated")
            warnings.filterwarnings("ignore", message="torch.quantize_per_tensor")
            if trusted:
                return torch.load(path, map_location="cpu", weights_only=False)
            with torch.serialization.safe_globals(list(SAFE_GLOBALS)):
                return torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        # Only a file that names a Python class or function to rebuild is refused for safety (and may be
        # trusted); any other unpickling failure is damage, and trusting a damaged file would not help.
        found = None if trusted else re.search(r"GLOBAL ([\w.]+)", str(exc))
        if found is None:
            raise _unreadable(path, exc) from exc
        raise ModelError(
            f"{path} was refused: it holds a pickled `{found.group(1)}`, which could run code when loaded; {TRUST_HINT}"
        ) from None
    except OSError as exc:
        raise ModelError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except Exception as exc:  # torch.load fails in many ways on damaged files
        raise _unreadable(path, exc) from exc


def _unreadable(path: Path, exc: Exception) -> ModelError:
    detail = re.search(r"WeightsUnpickler error:\s*([^\n]+)", str(exc))  # torch's own line, after its long preamble
    reason = detail.group(1) if detail else (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return ModelError(f"{path} is not a valid checkpoint: truncated, corrupt or not a PyTorch file ({reason[:120]}); download it again")


def _layout(state: Mapping[str, Any]) -> dict[str, Any]:
    """Key -> shape (tuples of shapes for packed INT8 weights); other values are compared as text."""
    return {key: _shape(value) for key, value in state.items()}


def _shape(value: Any) -> Any:
    if isinstance(value, Tensor):
        return tuple(value.shape)
    if isinstance(value, (tuple, list)):
        return tuple(_shape(item) for item in value)
    return str(value)


def _difference(expected: dict[str, Any], found: dict[str, Any]) -> str:
    missing = [key for key in expected if key not in found]
    unexpected = [key for key in found if key not in expected]
    resized = [key for key in expected if key in found and expected[key] != found[key]]
    parts = []
    if missing:
        parts.append(f"{len(missing)} missing keys, e.g. {missing[0]}")
    if unexpected:
        parts.append(f"{len(unexpected)} unexpected keys, e.g. {unexpected[0]}")
    if resized:
        key = resized[0]
        parts.append(f"{len(resized)} tensors of another shape, e.g. {key}: {found[key]} instead of {expected[key]}")
    return "; ".join(parts)
