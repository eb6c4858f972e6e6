"""Application configuration: one pydantic model, loaded from TOML, unknown keys rejected.

The model owns every rule a setting must meet, checked once when the file is loaded (and on each
assignment, as command-line options are laid over it), before any model loads: booleans are TOML
booleans, numbers are finite and bounded, the time zone is a real IANA zone (``AttendanceSettings.zone``
is the one place it becomes a ``tzinfo``), the kiosk id is safe as part of a file name, the database
URL parses, the data folder is usable.
"""
from __future__ import annotations

import json
import math
import os
import re
import tomllib
from datetime import tzinfo
from enum import Enum
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError, field_validator, model_validator

from core.errors import KioskError

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


DEVICE_PATTERN = re.compile(r"auto|cpu|mps|cuda(:\d+)?")
# Letters, digits, space and . _ @ + - ; no path separator, no leading dot or space: part of the spool's file name.
KIOSK_ID_PATTERN = re.compile(r"[^\W_]([\w .@+-]*[\w.@+-])?")
UNUSABLE_DIRS = (Path("/proc"), Path("/sys"), Path("/dev"))
MAX_COOLDOWN_MINUTES = 24 * 60.0
DATABASE_BACKENDS = ("sqlite", "postgresql")


class CheckInMode(str, Enum):
    """What a kiosk's check-ins are: one door for both directions, or an entrance or exit kiosk."""

    AUTO = "auto"  # the first sighting of the day is "in", later ones "out"
    IN = "in"
    OUT = "out"


class Language(str, Enum):
    """The language of the app's windows: the system's (its locale), or one the app is translated into."""

    SYSTEM = "system"
    ENGLISH = "en"
    VIETNAMESE = "vi"
    CHINESE = "zh_CN"  # Simplified Chinese


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)


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
    threshold: float | None = Field(None, ge=-1.0, le=1.0, description="a fixed cosine threshold; None: derived from target_fpir")
    target_fpir: float = Field(
        0.005, gt=0.0, lt=1.0,
        description="the share of strangers the kiosk may take for an employee; the threshold follows from it and the gallery size",
    )
    margin: float = Field(0.05, ge=0.0, le=2.0, description="best employee must beat the runner-up by this")
    lookalike_margin: float = Field(
        0.10, ge=0.0, le=2.0, description="the margin for two employees whose templates match each other (look-alikes)",
    )
    batch_size: int = Field(32, ge=1)
    precision: Precision = "auto"  # AdaFace: auto = fp16 on CUDA, fp32 elsewhere; bf16 on CPUs with native bf16
    compile: StrictBool = False  # AdaFace: torch.compile (CUDA graphs on CUDA); compiles every batch size at start-up

    @field_validator("device")
    @classmethod
    def _device(cls, value: str) -> str:
        if not DEVICE_PATTERN.fullmatch(value):
            raise ValueError(f"device {value!r}: use auto, cpu, cuda, cuda:N or mps")
        return value


class EnrolmentSettings(_Section):
    min_face: int = Field(80, ge=16, description="smallest face side in pixels accepted for enrolment")
    min_sharpness: float = Field(30.0, ge=0.0, description="variance of the Laplacian of the aligned crop")
    dominance: float = Field(2.0, ge=1.0, description="a face is dominant when its area is this many times the next")
    max_yaw: float = Field(0.35, ge=0.0, le=1.0, description="|nose offset from the eye midline| / eye distance")
    duplicate_threshold: float | None = Field(None, description="None: the recognizer's match threshold")
    keep_photos: StrictBool = False  # the admin may choose to keep the aligned crops


class VideoSettings(_Section):
    detect_every: int = Field(2, ge=1, description="run the detector on every k-th frame; the tracker carries boxes between")
    arrival_frames: int = Field(10, ge=0, description="while a track is younger than this, detect on every frame (0: never)")
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
    motion_gate: StrictBool = True  # with nothing moving and no track alive, the detector runs only every heartbeat_s
    heartbeat_s: float = Field(2.0, gt=0.0, le=60.0, description="how often the detector still runs in a still, empty scene")
    model_threads: int | None = Field(
        None, ge=1, le=64, description="threads each network may use (detector, recognizer, liveness); None: the measured default",
    )


class LivenessSettings(_Section):
    enabled: StrictBool = True  # no check-in without a live verdict; off: every recognised face counts
    threshold: float = Field(0.5, gt=0.0, lt=1.0, description="after max_looks: the mean live score a live track reaches")
    sure_live: float = Field(0.75, gt=0.0, lt=1.0, description="from min_looks on: a mean this high is live at once")
    sure_attack: float = Field(0.15, gt=0.0, lt=1.0, description="from min_looks on: a mean this low is an attack at once")
    min_looks: int = Field(3, ge=1, description="liveness looks before a track is decided")
    max_looks: int = Field(20, ge=1, description="looks after which an ambiguous track is decided by threshold")
    every: int = Field(1, ge=1, description="frames between liveness looks of an undecided track (each needs a detector frame)")
    every_decided: int = Field(15, ge=1, description="frames between re-checks of a decided track")
    max_per_frame: int = Field(8, ge=1)
    min_face: int = Field(40, ge=16, description="smallest face side (px) the liveness models are asked about")
    challenge: StrictBool = True  # when the passive check is unsure, ask the person to move their head (needs the facemesh model)
    challenge_timeout_s: float = Field(4.0, gt=0.0, le=30.0, description="how long a person has for each move when asked")
    challenge_steps: int = Field(2, ge=1, le=4, description="moves asked in a row (each at random: left, right, up, down)")
    mirrored_camera: StrictBool = False  # the camera delivers mirror images (a selfie view): the challenge's left and right swap
    border: StrictBool = True  # the border cue: a face framed by a bezel's or a print's straight edges is an attack
    border_min_share: float = Field(0.5, gt=0.0, le=1.0, description="share of framed looks that makes a track an attack")
    screen: StrictBool = True  # the screen cue: a face whose skin has a screen's cool colours in most looks is an attack
    motion: StrictBool = False  # the planar-motion cue (see docs/liveness.md: the landmarks are too soft for it yet)
    motion_min_tilt: float = Field(0.15, gt=0.0, le=2.0, description="anisotropy of the eye-mouth frame that counts as a tilt")
    motion_max_parallax: float = Field(0.035, gt=0.0, le=1.0, description="median nose shift (eye-mouth units) of a flat picture")
    weights: list[str] = Field(
        default_factory=lambda: ["minifasnet_v2", "minifasnet_v1se"],
        min_length=1,
        description="liveness models, registry names or files named like a registry entry; their scores are averaged",
    )
    device: str = "auto"  # auto | cpu | cuda | cuda:N | mps

    @field_validator("device")
    @classmethod
    def _device(cls, value: str) -> str:
        return RecognizerSettings._device(value)

    @model_validator(mode="after")
    def _ordered(self) -> LivenessSettings:
        if not self.sure_attack <= self.threshold <= self.sure_live:
            raise ValueError("liveness needs sure_attack <= threshold <= sure_live")
        if self.min_looks > self.max_looks:
            raise ValueError("liveness min_looks must not exceed max_looks")
        return self


BIPA_RETENTION_DAYS = 3 * 365  # Illinois BIPA: biometric data destroyed within 3 years of the last interaction


class RetentionSettings(_Section):
    """How long data is kept; 0 keeps it. Applied by `purge` and by the app at start and once a day."""

    events_days: int = Field(0, ge=0, description="attendance events and presentation-attack records older than this many days")
    audit_days: int = Field(0, ge=0, description="audit rows older than this many days")
    inactive_employee_days: int = Field(
        BIPA_RETENTION_DAYS, ge=0,
        description="face data of employees deactivated, or not seen, for this many days is destroyed",
    )
    rejected_spool_days: int = Field(30, ge=0, description="set-aside events in rejected-events.jsonl older than this many days")


class AttendanceSettings(_Section):
    kiosk_id: str = Field("kiosk-1", min_length=1, max_length=100)  # the events table column holds 100
    mode: CheckInMode = CheckInMode.AUTO
    cooldown_minutes: float = Field(5.0, ge=0.0, le=MAX_COOLDOWN_MINUTES)
    max_shift_hours: float = Field(16.0, gt=0.0, le=48.0, description="without a shift, how long a check-in stays open for its check-out")
    overtime_step_minutes: int = Field(1, ge=1, le=60, description="overtime is rounded down to whole steps of this many minutes")
    timezone: str | None = None  # IANA zone of the working day; None: this computer's
    keep_thumbnails: StrictBool = False  # store a face thumbnail with each event
    admin_lock_minutes: float = Field(5.0, ge=0.0, le=240.0, description="the admin pages lock after this many minutes without a key press or a click (0: never)")

    @field_validator("kiosk_id")
    @classmethod
    def _kiosk_id(cls, value: str) -> str:
        if not KIOSK_ID_PATTERN.fullmatch(value):
            raise ValueError(
                f"kiosk id {value!r}: use letters, digits, spaces and . _ @ + - only, starting with a letter or digit"
            )
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str | None) -> str | None:
        if value is not None:
            _zone(value)
        return value

    @property
    def zone(self) -> tzinfo | None:
        """The working day's zone; None: this computer's local zone."""
        return None if self.timezone is None else _zone(self.timezone)


class DisplaySettings(_Section):
    """How the kiosk's screen speaks and looks to the people at the door."""

    language: Language = Language.SYSTEM  # windows, greetings, dates and numbers; the command line stays English
    high_contrast: StrictBool = False  # white on black, yellow accents, bold type: for low vision and bright halls
    chime: StrictBool = False  # a short tone on a check-in, a lower one on a refusal


def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"unknown time zone {name!r}: use an IANA name like Europe/Berlin") from None


class AppConfig(_Section):
    data_dir: Path | None = None  # None: platformdirs user data folder
    models_dir: Path | None = None  # None: platformdirs user data folder / models, or $KIOSK_MODELS_DIR
    database_url: str | None = None  # None: sqlite in data_dir
    trust_checkpoints: StrictBool = False  # allow unpickling arbitrary objects in unverified checkpoints
    detector: DetectorSettings = DetectorSettings()
    recognizer: RecognizerSettings = RecognizerSettings()
    enrolment: EnrolmentSettings = EnrolmentSettings()
    video: VideoSettings = VideoSettings()
    liveness: LivenessSettings = LivenessSettings()
    attendance: AttendanceSettings = AttendanceSettings()
    retention: RetentionSettings = RetentionSettings()
    display: DisplaySettings = DisplaySettings()

    @field_validator("data_dir", "models_dir")
    @classmethod
    def _folder(cls, value: Path | None) -> Path | None:
        if value is None:
            return None
        path = value.expanduser()
        resolved = path.resolve()
        if any(resolved == bad or bad in resolved.parents for bad in UNUSABLE_DIRS):
            raise ValueError(f"{value} is under {', '.join(map(str, UNUSABLE_DIRS))}: choose a folder on a disk")
        if path.exists() and not path.is_dir():
            raise ValueError(f"{value} is a file, not a folder")
        return path

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            backend = make_url(value).get_backend_name()
        except (ArgumentError, ValueError):
            raise ValueError(f"{value!r} is not a database URL (e.g. postgresql+psycopg://user@host/db)") from None
        if backend not in DATABASE_BACKENDS:
            raise ValueError(f"database {backend!r} is not supported: use sqlite or postgresql")
        return value


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
    except IsADirectoryError:
        raise ConfigError(f"config file {path} is a folder; give the path of a TOML file") from None
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"config file {path} is nested too deeply to be a settings file") from None
    try:
        return AppConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"config file {path}: {validation_problems(exc)}") from None


def validation_problems(exc: ValidationError) -> str:
    """A pydantic error as one line: ``section.key: what is wrong; ...``."""
    return "; ".join(
        f"{'.'.join(map(str, e['loc'])) or 'input'}: {e['msg'].removeprefix('Value error, ')}" for e in exc.errors()
    )


# -- writing the file back (the settings page, the first-run dialog) -------------------------------
# The config holds only flat tables of strings, numbers, booleans and paths, so a few lines of TOML
# writing do and no extra dependency is needed. None means "the default" and is left out (TOML has
# no null); load_config reads the file back to the same AppConfig.

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
