"""Application configuration: one pydantic model, loaded from TOML, unknown keys rejected."""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.errors import KioskError

DetectorKind = Literal["yolo", "yunet", "mtcnn"]
RecognizerArch = Literal[
    "adaface_ir_18",
    "adaface_ir_34",
    "adaface_ir_50",
    "adaface_ir_101",
    "edgeface_xs",
    "edgeface_xs_q",
    "edgeface_xxs",
    "edgeface_xxs_q",
]
Precision = Literal["auto", "fp32", "fp16", "bf16"]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class DetectorSettings(_Section):
    kind: DetectorKind | None = None  # None: the best one whose weights are present
    weights: str | None = None  # a path or a registry name; None: the registry default for `kind`
    confidence: float = Field(0.5, ge=0.0, le=1.0)
    input_size: int = Field(640, ge=64, le=4096)
    min_face: int = Field(20, ge=1, description="smallest face side in pixels that is reported")


class RecognizerSettings(_Section):
    arch: RecognizerArch | None = None  # None: the best one whose weights are present
    weights: str | None = None  # a path or a registry name
    device: str = "auto"  # auto | cpu | cuda | cuda:N | mps
    threshold: float | None = Field(None, ge=-1.0, le=1.0, description="None: the registry's calibrated value")
    margin: float = Field(0.05, ge=0.0, le=2.0, description="best employee must beat the runner-up by this")
    batch_size: int = Field(32, ge=1)
    precision: Precision = "auto"  # AdaFace: auto = fp16 on CUDA, fp32 elsewhere; bf16 on CPUs with native bf16
    compile: bool = False  # AdaFace: torch.compile (CUDA graphs on CUDA); compiles every batch size at start-up


class EnrolmentSettings(_Section):
    min_face: int = Field(80, ge=16, description="smallest face side in pixels accepted for enrolment")
    min_sharpness: float = Field(30.0, ge=0.0, description="variance of the Laplacian of the aligned crop")
    dominance: float = Field(2.0, ge=1.0, description="a face is dominant when its area is this many times the next")
    max_yaw: float = Field(0.35, ge=0.0, le=1.0, description="|nose offset from the eye midline| / eye distance")
    duplicate_threshold: float | None = Field(None, description="None: the recognizer's match threshold")
    keep_photos: bool = False  # the admin may choose to keep the aligned crops


class VideoSettings(_Section):
    detect_every: int = Field(2, ge=1, description="run the detector on every k-th frame; the tracker carries boxes between")
    embed_every: int = Field(3, ge=1, description="frames between embeddings of a track not yet recognised")
    embed_every_locked: int = Field(30, ge=1, description="frames between confirming embeddings once recognised")
    max_embeddings_per_frame: int = Field(8, ge=1)
    min_looks: int = Field(2, ge=1, description="embeddings aggregated before a track is decided")
    min_face: int = Field(24, ge=8, description="smallest face side (px) worth an embedding")
    min_sharpness: float = Field(8.0, ge=0.0, description="variance of the Laplacian of the aligned crop")
    max_yaw: float = Field(1.5, ge=0.0, description="turned faces still help a track (weighted); profiles beyond this do not")
    reid_seconds: float = Field(10.0, ge=0.0, description="how long a lost track can be re-identified")
    reid_threshold: float = Field(0.55, ge=-1.0, le=1.0)
    track_max_age: int = Field(30, ge=1, description="frames a lost track is kept by the tracker")
    track_min_hits: int = Field(3, ge=1, description="detections before a track is confirmed")


class AttendanceSettings(_Section):
    kiosk_id: str = Field("kiosk-1", min_length=1, max_length=100)  # the events table column holds 100
    mode: Literal["auto", "in", "out"] = "auto"  # auto: first sighting of the day = in, later = out
    cooldown_minutes: float = Field(5.0, ge=0.0)
    timezone: str | None = None  # IANA zone of the working day; None: this computer's
    keep_thumbnails: bool = False  # store a face thumbnail with each event


class AppConfig(_Section):
    data_dir: Path | None = None  # None: platformdirs user data folder
    models_dir: Path | None = None  # None: platformdirs user data folder / models, or $KIOSK_MODELS_DIR
    database_url: str | None = None  # None: sqlite in data_dir
    trust_checkpoints: bool = False  # allow unpickling arbitrary objects in unverified checkpoints
    detector: DetectorSettings = DetectorSettings()
    recognizer: RecognizerSettings = RecognizerSettings()
    enrolment: EnrolmentSettings = EnrolmentSettings()
    video: VideoSettings = VideoSettings()
    attendance: AttendanceSettings = AttendanceSettings()


class ConfigError(KioskError):
    """The configuration file is missing, not TOML, or does not validate."""


def load_config(path: Path | None) -> AppConfig:
    """Read and validate a TOML config file; ``None`` gives the defaults."""
    if path is None:
        return AppConfig()
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
    try:
        return AppConfig.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"config file {path}: {problems}") from None
