"""Core value types passed between pipeline stages.

Shapes are checked on construction; "nothing found" is an empty object, never ``None``.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import numpy as np

from core.text import QT_TRANSLATE_NOOP

VISITOR_LABEL = QT_TRANSLATE_NOOP("Overlay", "Visitor {number}")  # an unknown face's label
LANDMARK_COUNT = 5  # left eye, right eye, nose tip, left mouth corner, right mouth corner (image left/right)


def _check(cond: bool, message: str) -> None:
    if not cond:
        raise ValueError(message)


@dataclass(frozen=True)
class Frame:
    """One decoded image: BGR uint8 pixels, its index in the source and its time in seconds."""

    image: np.ndarray
    index: int
    timestamp: float

    def __post_init__(self) -> None:
        _check(
            self.image.ndim == 3 and self.image.shape[2] == 3 and self.image.dtype == np.uint8,
            f"Frame.image must be (H, W, 3) uint8, got {self.image.shape} {self.image.dtype}",
        )


@dataclass(frozen=True)
class FaceDetections:
    """Parallel arrays for N faces: xyxy boxes, confidence scores and 5 landmarks each."""

    boxes: np.ndarray  # (N, 4) float32 x1, y1, x2, y2
    scores: np.ndarray  # (N,) float32
    landmarks: np.ndarray  # (N, 5, 2) float32

    def __post_init__(self) -> None:
        object.__setattr__(self, "boxes", np.asarray(self.boxes, np.float32).reshape(-1, 4))
        object.__setattr__(self, "scores", np.asarray(self.scores, np.float32).reshape(-1))
        object.__setattr__(self, "landmarks", np.asarray(self.landmarks, np.float32).reshape(-1, LANDMARK_COUNT, 2))
        n = len(self.boxes)
        _check(len(self.scores) == n, f"FaceDetections: {n} boxes but {len(self.scores)} scores")
        _check(len(self.landmarks) == n, f"FaceDetections: {n} boxes but {len(self.landmarks)} landmark sets")

    @classmethod
    def empty(cls) -> FaceDetections:
        return cls(np.zeros((0, 4)), np.zeros(0), np.zeros((0, LANDMARK_COUNT, 2)))

    def __len__(self) -> int:
        return len(self.boxes)

    def __getitem__(self, index: int | slice | np.ndarray | list[int]) -> FaceDetections:
        """Select faces by boolean mask, index array, slice or a single index (kept as N=1)."""
        if isinstance(index, (int, np.integer)):
            index = [int(index)]
        return FaceDetections(self.boxes[index], self.scores[index], self.landmarks[index])

    @property
    def widths(self) -> np.ndarray:
        return self.boxes[:, 2] - self.boxes[:, 0]

    @property
    def heights(self) -> np.ndarray:
        return self.boxes[:, 3] - self.boxes[:, 1]

    @property
    def areas(self) -> np.ndarray:
        return self.widths * self.heights


@dataclass(frozen=True)
class AlignedFaces:
    """N aligned 112x112 BGR face crops and the 2x3 similarity transforms that made them."""

    crops: np.ndarray  # (N, 112, 112, 3) uint8 BGR
    transforms: np.ndarray  # (N, 2, 3) float32, image -> crop

    def __post_init__(self) -> None:
        _check(
            self.crops.ndim == 4 and self.crops.shape[1:] == (112, 112, 3) and self.crops.dtype == np.uint8,
            f"AlignedFaces.crops must be (N, 112, 112, 3) uint8, got {self.crops.shape} {self.crops.dtype}",
        )
        _check(self.transforms.shape == (len(self.crops), 2, 3), "AlignedFaces.transforms must be (N, 2, 3)")

    def __len__(self) -> int:
        return len(self.crops)


@dataclass(frozen=True)
class Embeddings:
    """N unit-length embedding vectors and one quality value per face (AdaFace: the feature norm)."""

    vectors: np.ndarray  # (N, D) float32, rows of unit L2 norm
    qualities: np.ndarray  # (N,) float32

    def __post_init__(self) -> None:
        _check(self.vectors.ndim == 2, f"Embeddings.vectors must be (N, D), got {self.vectors.shape}")
        _check(self.qualities.shape == (len(self.vectors),), "Embeddings.qualities must be (N,)")

    @classmethod
    def empty(cls, dim: int = 512) -> Embeddings:
        return cls(np.zeros((0, dim), np.float32), np.zeros(0, np.float32))

    def __len__(self) -> int:
        return len(self.vectors)

    @property
    def dim(self) -> int:
        return self.vectors.shape[1]


NOBODY_SIMILARITY = -1.0  # a Match's similarity when nobody is enrolled: there was nothing to compare with


@dataclass(frozen=True)
class Match:
    """Gallery decision for one face: the employee (None = unknown), best similarity and margin to the runner-up."""

    employee_id: int | None
    similarity: float
    margin: float

    @property
    def is_known(self) -> bool:
        return self.employee_id is not None


class IdentityState(str, Enum):
    """What the pipeline knows about a tracked face."""

    PENDING = "pending"  # tracked, not enough good looks yet
    UNKNOWN = "unknown"  # enough looks, matches nobody: a visitor with a stable anonymous label
    RECOGNIZED = "recognized"  # locked to an employee


class Liveness(str, Enum):
    """Whether a tracked face is a live person in front of the camera."""

    UNCHECKED = "unchecked"  # liveness is switched off
    UNDECIDED = "undecided"  # not enough looks yet
    LIVE = "live"
    ATTACK = "attack"  # a photo, a screen or a mask: never checked in
    CHALLENGED = "challenged"  # the passive check was unsure: asked to turn their head, not checked in until they do


class Direction(str, Enum):
    """Where a person is asked to turn their head, as they see it (their own left or right, up or down)."""

    LEFT = "left"
    RIGHT = "right"
    UP = "up"
    DOWN = "down"

    @property
    def sideways(self) -> bool:
        """A turn (the face's yaw moves), not a nod (its pitch)."""
        return self in (Direction.LEFT, Direction.RIGHT)

    @property
    def sign(self) -> int:
        """Which way the face's yaw or pitch moves: a person turning to their left turns towards the image's right in
        a camera's (unmirrored) picture; one looking down moves the nose towards the chin."""
        return 1 if self in (Direction.LEFT, Direction.DOWN) else -1


class Shape(str, Enum):
    """What the planar-motion liveness cue saw of a track."""

    OFF = "off"  # the cue is not used
    UNKNOWN = "unknown"  # not tilted enough yet to tell
    FLAT = "flat"  # tilted like a picture: an attack
    DEPTH = "depth"  # tilted like a head


@dataclass(frozen=True)
class LivenessVerdict:
    """A track's liveness so far: the decision, the quality-weighted mean live score and the looks behind it,
    the share of looks framed by straight edges (border cue), and what the planar-motion cue saw."""

    state: Liveness
    score: float
    looks: int
    shape: Shape = Shape.OFF
    framed: float = 0.0
    asked: Direction | None = None  # while CHALLENGED: where the person was asked to turn
    screen: float = 0.0  # share of looks whose skin had a screen's colours (screen cue)


@dataclass(frozen=True)
class TrackedFace:
    """One tracked face in one frame, as the overlay, the GUI and the summaries see it."""

    track_id: int
    box: np.ndarray  # (4,) float32 xyxy
    state: IdentityState
    label: str  # employee name, "Visitor N" (VISITOR_LABEL) or "" while pending
    employee_id: int | None = None
    code: str | None = None
    similarity: float = 0.0
    margin: float = 0.0
    looks: int = 0  # embeddings aggregated so far
    predicted: bool = False  # box carried by the tracker on a frame without a matching detection
    liveness: LivenessVerdict = LivenessVerdict(Liveness.UNCHECKED, 0.0, 0)
    vector: np.ndarray | None = None  # a recognised track's mean embedding (what "not me" keeps), else None
    visitor: int = 0  # an unknown face's visitor number (its label says it), else 0


@dataclass(frozen=True)
class EmployeeName:
    """How an employee is shown: their code and name (the pipeline knows employees by id only)."""

    code: str
    name: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})"


UNKNOWN_NAME = EmployeeName("?", "?")  # an id the name map lacks (an employee deleted while the kiosk ran)


@dataclass(frozen=True)
class FrameResult:
    """Everything the pipeline produced for one frame."""

    frame: Frame
    faces: tuple[TrackedFace, ...] = ()
    detected: bool = False  # the detector ran on this frame (else boxes are tracker predictions)
    scene_cut: bool = False  # a hard cut before this frame ended every earlier track
    fps: float = 0.0  # processing rate over the last second
    idle: bool = False  # nothing moved and no track was alive: the detector was skipped
