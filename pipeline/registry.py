"""Model registry: the models the kiosk knows (``resources/models.toml``), where their files live, the defaults."""
from __future__ import annotations

import hashlib
import os
import re
import tomllib
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Literal, get_args

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from core.config import RecognizerArch
from core.errors import ModelError, ModelNotFoundError
from core.names import APP_NAME

REGISTRY_PATH = Path(__file__).resolve().parents[1] / "resources" / "models.toml"
MODELS_DIR_ENV = "KIOSK_MODELS_DIR"  # the models folder, when --models-dir is not given
MODEL_PATH_ENV = "KIOSK_MODEL_PATH"  # extra read-only folders searched for weights (os.pathsep separated)

ModelKind = Literal["detector", "recognizer", "liveness", "landmarks"]
DetectorArch = Literal["yolo", "yunet"]
LivenessArch = Literal["minifasnet_v2", "minifasnet_v1se"]
LandmarksArch = Literal["facemesh"]
ModelFormat = Literal["pt", "pth", "ckpt", "onnx", "tflite"]
Triple = tuple[float, float, float]

_SHA256 = re.compile(r"[0-9a-f]{64}")


class ModelSpec(BaseModel):
    """One downloadable model: its file, where to get it, how to check it and how to feed it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    kind: ModelKind
    arch: DetectorArch | RecognizerArch | LivenessArch | LandmarksArch
    format: ModelFormat
    filename: str
    urls: tuple[str, ...] = ()  # mirrors, tried in order; empty: the file must be placed by hand
    sha256: str | None = None  # None (or "" in the TOML): unknown, only size and presence can be checked
    size: int | None = Field(None, gt=0)
    license: str
    source: str
    dataset: str
    input_size: int = Field(gt=0)
    channel_order: Literal["BGR", "RGB"]
    mean: Triple  # on 0..255 pixel values: input = (pixel - mean) / std
    std: Triple
    landmarks: bool = False  # detectors: outputs the 5 keypoints needed for alignment
    embedding_dim: int | None = Field(None, gt=0)  # recognizers only
    threshold: float | None = Field(None, ge=-1.0, le=1.0)  # recognizers only: cosine match threshold
    crop_scale: float | None = Field(None, ge=1.0)  # liveness only: the face box is enlarged this much for context
    rank: int  # preference within a kind, lower first
    purpose: str  # what it does for the kiosk, in plain words
    kit: int | None = Field(None, gt=0)  # its place in the set an ordinary PC without a GPU should have; None: an option

    @field_validator("sha256", mode="before")
    @classmethod
    def _sha256(cls, value: object) -> object:
        if value == "" or value is None:
            return None
        if not isinstance(value, str) or not _SHA256.fullmatch(value.lower()):
            raise ValueError("sha256 must be 64 hex digits, or empty when unknown")
        return value.lower()

    @field_validator("filename")
    @classmethod
    def _bare_filename(cls, value: str) -> str:
        if not value or value in {".", ".."} or "/" in value or "\\" in value:
            raise ValueError(f"filename must be a bare file name, got {value!r}")
        return value

    @field_validator("urls")
    @classmethod
    def _http_urls(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for url in value:
            if not url.startswith(("https://", "http://")):
                raise ValueError(f"not an http(s) URL: {url!r}")
        return value

    @field_validator("std")
    @classmethod
    def _positive_std(cls, value: Triple) -> Triple:
        if min(value) <= 0:
            raise ValueError("std must be positive")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> ModelSpec:
        if not self.filename.endswith(f".{self.format}"):
            raise ValueError(f"filename {self.filename!r} does not end with .{self.format}")
        if self.kind != "liveness" and self.crop_scale is not None:
            raise ValueError("crop_scale is for liveness models only")
        if self.kind == "detector":
            if self.arch not in get_args(DetectorArch):
                raise ValueError(f"detector arch must be one of {get_args(DetectorArch)}, got {self.arch!r}")
            if self.threshold is not None or self.embedding_dim is not None:
                raise ValueError("threshold and embedding_dim are for recognizers only")
        elif self.kind == "landmarks":
            if self.arch not in get_args(LandmarksArch):
                raise ValueError(f"landmarks arch must be one of {get_args(LandmarksArch)}, got {self.arch!r}")
            if self.threshold is not None or self.embedding_dim is not None or self.landmarks:
                raise ValueError("threshold, embedding_dim and landmarks are not for landmark models")
        elif self.kind == "liveness":
            if self.arch not in get_args(LivenessArch):
                raise ValueError(f"liveness arch must be one of {get_args(LivenessArch)}, got {self.arch!r}")
            if self.crop_scale is None:
                raise ValueError("a liveness model needs crop_scale")
            if self.threshold is not None or self.embedding_dim is not None or self.landmarks:
                raise ValueError("threshold, embedding_dim and landmarks are not for liveness models")
        else:
            if self.arch not in get_args(RecognizerArch):
                raise ValueError(f"recognizer arch must be one of {get_args(RecognizerArch)}, got {self.arch!r}")
            if self.threshold is None or self.embedding_dim is None:
                raise ValueError("a recognizer needs threshold and embedding_dim")
            if self.landmarks:
                raise ValueError("landmarks is for detectors only")
        return self


class ModelRegistry(BaseModel):
    """All known models; names, file names and ranks within a kind are unique."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    models: tuple[ModelSpec, ...]

    @model_validator(mode="after")
    def _unique(self) -> ModelRegistry:
        keys = {
            "name": [m.name for m in self.models],
            "filename": [m.filename for m in self.models],
            "rank": [f"{m.kind} {m.rank}" for m in self.models],
        }
        for label, values in keys.items():
            duplicates = sorted(v for v, n in Counter(values).items() if n > 1)
            if duplicates:
                raise ValueError(f"duplicate {label}: {', '.join(duplicates)}")
        return self

    @classmethod
    def load(cls, path: Path = REGISTRY_PATH) -> ModelRegistry:
        """Read and validate a registry TOML file (``[[model]]`` tables)."""
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
            return cls.model_validate({"models": data.get("model", [])})
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ModelError(f"cannot read the model registry {path}: {exc}") from None
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise ModelError(f"model registry {path} is invalid: {problems}") from None

    def __contains__(self, name: object) -> bool:
        return any(m.name == name for m in self.models)

    def names(self) -> list[str]:
        return [m.name for m in self.models]

    def offered(self) -> list[ModelSpec]:
        """Every model in the order it is offered: the kit for an ordinary PC first, then the options by
        kind (detectors, recognizers, liveness) and rank."""
        kinds = {"detector": 0, "recognizer": 1, "liveness": 2, "landmarks": 3}
        return sorted(self.models, key=lambda m: (m.kit is None, m.kit or 0, kinds[m.kind], m.rank))

    def kit(self) -> list[ModelSpec]:
        """The set a kiosk on an ordinary PC without a GPU should have."""
        return [m for m in self.offered() if m.kit is not None]

    def get(self, name: str) -> ModelSpec:
        """The spec called ``name``; ModelError naming the known models otherwise."""
        for spec in self.models:
            if spec.name == name:
                return spec
        raise ModelError(f"unknown model {name!r}; known models: {', '.join(self.names())}")

    def of_kind(self, kind: ModelKind, arch: str | None = None) -> list[ModelSpec]:
        """Models of ``kind`` (and ``arch`` if given), preferred first."""
        found = [m for m in self.models if m.kind == kind and (arch is None or m.arch == arch)]
        return sorted(found, key=lambda m: m.rank)

    @staticmethod
    def local_path(spec: ModelSpec, models_dir: Path) -> Path:
        """Where the file belongs: ``models_dir / filename`` (downloads go there)."""
        return Path(models_dir) / spec.filename

    @staticmethod
    def candidates(spec: ModelSpec, models_dir: Path) -> list[Path]:
        """Every place the file is looked for: the models folder, then each ``$KIOSK_MODEL_PATH`` folder."""
        return [folder / spec.filename for folder in search_dirs(models_dir)]

    def is_present(self, spec: ModelSpec, models_dir: Path) -> bool:
        return self.find(spec, models_dir) is not None

    def find(self, spec: ModelSpec, models_dir: Path) -> Path | None:
        """The file the kiosk uses for ``spec``: the first existing one of ``candidates``; None when there is none."""
        return next((p for p in self.candidates(spec, models_dir) if p.is_file()), None)

    def locate(self, spec: ModelSpec, models_dir: Path) -> Path:
        """The first existing copy of the file; ModelNotFoundError saying how to get it otherwise."""
        path = self.find(spec, models_dir)
        if path is not None:
            return path
        raise ModelNotFoundError(missing_message(spec, self.local_path(spec, models_dir)))

    def default(self, kind: ModelKind, models_dir: Path, arch: str | None = None) -> ModelSpec:
        """The best-ranked model of ``kind`` (and ``arch``) whose file is present."""
        ranked = self.of_kind(kind, arch)
        if not ranked:
            raise ModelError(f"the registry has no {kind} of architecture {arch!r}")
        for spec in ranked:
            if self.is_present(spec, models_dir):
                return spec
        # point at the one an ordinary PC should fetch, else any that can be fetched
        best = next((s for s in ranked if s.kit is not None), next((s for s in ranked if s.urls), ranked[0]))
        raise ModelNotFoundError(
            f"no {kind} weights found in {', '.join(map(str, search_dirs(models_dir)))}; "
            + missing_message(best, self.local_path(best, models_dir))
        )


def sha256_file(path: Path) -> str:
    with Path(path).open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def pinned(specs: list[ModelSpec], path: Path) -> ModelSpec | None:
    """The registry entry ``path`` is byte for byte (its file name, and the sha256 the registry pins), if any."""
    candidates = [s for s in specs if s.filename == Path(path).name and s.sha256 is not None]
    if not candidates or not Path(path).is_file():
        return None
    digest = sha256_file(path)
    return next((s for s in candidates if s.sha256 == digest), None)


def missing_message(spec: ModelSpec, path: Path) -> str:
    """One line: where to get ``spec`` and the exact path to put it at."""
    if not spec.urls:
        return (
            f"model {spec.name} is missing and has no public download: place the file by hand at {path} "
            f"(or in a folder listed in ${MODEL_PATH_ENV})"
        )
    return (
        f"model {spec.name} is missing: run `python main.py models fetch {spec.name}`, "
        f"or download it from {' or '.join(spec.urls)} and place it at {path}"
    )


@lru_cache(maxsize=1)
def default_registry() -> ModelRegistry:
    """The registry shipped in ``resources/models.toml`` (read once)."""
    return ModelRegistry.load(REGISTRY_PATH)


def models_dir(override: Path | None = None) -> Path:
    """The models folder: ``override`` (--models-dir), else ``$KIOSK_MODELS_DIR``, else the user data folder."""
    if override is not None:
        return Path(override).expanduser()
    env = os.environ.get(MODELS_DIR_ENV)
    if env:
        return Path(env).expanduser()
    return platformdirs.user_data_path(APP_NAME) / "models"


def search_dirs(models_dir: Path) -> list[Path]:
    """The models folder followed by the extra folders of ``$KIOSK_MODEL_PATH``."""
    extra = [Path(p).expanduser() for p in os.environ.get(MODEL_PATH_ENV, "").split(os.pathsep) if p]
    return [Path(models_dir), *extra]


def resolve_weights(name_or_path: str | Path, models_dir: Path, registry: ModelRegistry | None = None) -> Path:
    """An existing file wins; otherwise a registry name is looked up in the search folders."""
    path = Path(name_or_path).expanduser()
    if path.is_file():
        return path
    registry = registry or default_registry()
    name = str(name_or_path)
    if name in registry:
        return registry.locate(registry.get(name), models_dir)
    raise ModelNotFoundError(
        f"weights not found: {name_or_path} is neither an existing file nor a known model "
        f"({', '.join(registry.names())})"
    )


def default_detector(models_dir: Path, arch: str | None = None, registry: ModelRegistry | None = None) -> ModelSpec:
    """The preferred present face detector (a YOLO face model first)."""
    return (registry or default_registry()).default("detector", models_dir, arch)


def default_recognizer(models_dir: Path, arch: str | None = None, registry: ModelRegistry | None = None) -> ModelSpec:
    """The preferred present recognizer (AdaFace IR-101 WebFace12M first)."""
    return (registry or default_registry()).default("recognizer", models_dir, arch)
