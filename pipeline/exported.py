"""ONNX exports of the torch CPU models, kept in the user's cache so that a start needs neither torch nor an export.

A torch model that runs on the CPU (EdgeFace, the MiniFASNets) is exported once from its weights file
(``pipeline.onnx_export``, which needs torch) and then run by ONNX Runtime, which imports in a tenth of
torch's time. An export is named by the weights' sha256 and the export recipe, so new weights or a new
recipe export again; its manifest records the ONNX file's sha256 (checked at every load: a damaged or
swapped file is exported again) and how far its outputs were from torch's when it was made. The file
kept is the graph ONNX Runtime has already optimized (its portable, "extended" level: fused layers), so that
a start skips that work (0.1 s instead of 0.27 s for EdgeFace-XS); a new ONNX Runtime exports again.
"""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from core.errors import ModelError
from core.names import APP_NAME
from pipeline.registry import sha256_file

if TYPE_CHECKING:
    import onnxruntime

log = logging.getLogger(__name__)

# Bump when an export's graph would change for the same weights: older exports are then made again.
RECIPE = 1
EXPORTS_DIR_ENV = "KIOSK_EXPORTS_DIR"  # where exports are kept, instead of the user cache folder


@dataclass(frozen=True)
class ExportManifest:
    """What an export was made from and what it holds."""

    source_sha256: str
    onnx_sha256: str
    recipe: int
    onnxruntime: str  # the version that optimized the graph
    min_cosine: float  # the lowest cosine between its outputs and torch's on the export's check inputs


def exports_dir() -> Path:
    """``$KIOSK_EXPORTS_DIR``, else ``exported`` in the user cache folder."""
    env = os.environ.get(EXPORTS_DIR_ENV)
    return Path(env).expanduser() if env else platformdirs.user_cache_path(APP_NAME) / "exported"


@dataclass(frozen=True)
class ExportKey:
    """One model file's export: ``<name>-<first 16 of its sha256>-r<recipe>.onnx`` with a ``.json`` manifest."""

    name: str
    source: Path
    source_sha256: str

    @classmethod
    def of(cls, name: str, source: Path) -> ExportKey:
        return cls(name, Path(source), sha256_file(source))

    @property
    def onnx_path(self) -> Path:
        return exports_dir() / f"{self.name}-{self.source_sha256[:16]}-r{RECIPE}.onnx"

    @property
    def manifest_path(self) -> Path:
        return self.onnx_path.with_suffix(".json")

    def cached(self) -> Path | None:
        """The export when it exists, was made from these weights by this recipe and is intact; else None."""
        try:
            manifest = ExportManifest(**json.loads(self.manifest_path.read_text(encoding="utf-8")))
            intact = sha256_file(self.onnx_path) == manifest.onnx_sha256
        except (OSError, ValueError, TypeError):
            return None
        if (manifest.source_sha256, manifest.recipe, manifest.onnxruntime) != (self.source_sha256, RECIPE, _ort_version()):
            return None
        if not intact:
            log.warning("the ONNX export %s does not match its manifest; exporting again", self.onnx_path)
            return None
        return self.onnx_path

    def save(self, export: Callable[[Path], None], check: Callable[[Path], float]) -> Path:
        """``export(path)`` writes the graph, ONNX Runtime optimizes it, ``check(path)`` gives the optimized graph's
        lowest cosine to torch (raising when too far); then it and its manifest move into place (two processes
        exporting at once leave one whole export)."""
        folder = self.onnx_path.parent
        folder.mkdir(parents=True, exist_ok=True)
        raw = folder / f".{self.onnx_path.name}.{os.getpid()}.raw"
        partial = folder / f".{self.onnx_path.name}.{os.getpid()}.tmp"
        try:
            export(raw)
            _optimize(raw, partial)
            min_cosine = check(partial)
            manifest = ExportManifest(self.source_sha256, sha256_file(partial), RECIPE, _ort_version(), round(min_cosine, 6))
            os.replace(partial, self.onnx_path)
            text = json.dumps(asdict(manifest), indent=2)
            written = self.manifest_path.with_name(f".{self.manifest_path.name}.{os.getpid()}.tmp")
            written.write_text(text, encoding="utf-8")
            os.replace(written, self.manifest_path)
        except OSError as exc:
            raise ModelError(f"cannot write the ONNX export of {self.source} to {folder}: {exc.strerror or exc}") from None
        finally:
            raw.unlink(missing_ok=True)
            partial.unlink(missing_ok=True)
        return self.onnx_path


def _ort_version() -> str:
    import onnxruntime

    return str(onnxruntime.__version__)


def _optimize(source: Path, target: Path) -> None:
    """Write ``source`` as ONNX Runtime optimizes it at its portable level (no machine-specific layouts)."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    options.optimized_model_filepath = str(target)
    options.log_severity_level = 3
    onnxruntime.InferenceSession(str(source), options, providers=["CPUExecutionProvider"])


def ort_session(path: Path, threads: int) -> onnxruntime.InferenceSession:
    """An ONNX Runtime CPU session with ``threads`` intra-op threads that sleep, not spin, between runs (the
    kiosk's own threads and any other program keep the cores)."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = max(1, threads)
    options.inter_op_num_threads = 1
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3  # errors only
    try:
        return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own Fail/InvalidGraph/... types
        first = next((line for line in str(exc).splitlines() if line.strip()), type(exc).__name__)
        raise ModelError(f"cannot load the ONNX model {path}: {first[:300]}") from exc


def prepare(arch: str, path: Path, crop_scale: float | None = None) -> bool:
    """Make the ONNX export of a downloaded CPU model now, so that the kiosk's first start does not wait for it
    (with torch, several seconds); False for a model that needs none (an INT8 EdgeFace and the MiniFASNets do)."""
    if arch.startswith("edgeface_") and arch.endswith("_q"):
        from pipeline.recognizers.onnx_recognizer import OnnxRecognizer

        OnnxRecognizer.edgeface(arch, path, trusted=False)
        return True
    if arch.startswith("minifasnet_") and crop_scale is not None:
        from pipeline.liveness.scorer import MiniFASNetScorer
        from pipeline.liveness.weights import LivenessWeights

        MiniFASNetScorer([LivenessWeights(path, arch, crop_scale)], "cpu")
        return True
    return False
