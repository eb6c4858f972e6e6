"""Verification accuracy on a labelled folder: genuine/impostor scores, ROC, TAR at fixed FAR, a threshold."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from core.errors import KioskError
from pipeline.engine import FaceEngine
from pipeline.images import list_images, read_image
from pipeline.quality import dominant_face

FAR_TARGETS = (1e-1, 1e-2, 1e-3)


@dataclass(frozen=True)
class LabelledEmbeddings:
    vectors: np.ndarray  # (N, D)
    labels: np.ndarray  # (N,) person index
    people: list[str]
    skipped: list[str] = field(default_factory=list)  # "path: reason"


@dataclass(frozen=True)
class OperatingPoint:
    far_target: float
    threshold: float
    tar: float
    far: float
    resolvable: bool  # False when there are too few impostor pairs to measure this FAR


@dataclass(frozen=True)
class VerificationReport:
    genuine: np.ndarray
    impostor: np.ndarray
    points: list[OperatingPoint]
    recommended_threshold: float

    def roc(self) -> tuple[np.ndarray, np.ndarray]:
        """(FAR, TAR) over every observed score used as a threshold, FAR ascending."""
        thresholds = np.unique(np.concatenate([self.genuine, self.impostor]))[::-1]
        far = (self.impostor[None, :] >= thresholds[:, None]).mean(axis=1)
        tar = (self.genuine[None, :] >= thresholds[:, None]).mean(axis=1)
        return far, tar


def embed_folder(engine: FaceEngine, root: Path, dominance: float = 2.0) -> LabelledEmbeddings:
    """One embedding per photo (its dominant face) for every person sub-folder of ``root``."""
    folders = sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    if not folders:
        raise KioskError(f"{root}: expected a folder with one sub-folder per person")
    vectors, labels, skipped = [], [], []
    for label, folder in enumerate(folders):
        photos = list_images(folder) + (list_images(folder / "images") if (folder / "images").is_dir() else [])
        for path in photos:
            try:
                analysis = engine.analyze(read_image(path))
            except KioskError as exc:
                skipped.append(str(exc))
                continue
            index, why = dominant_face(analysis.detections, dominance)
            if index < 0:
                skipped.append(f"{path}: {why}")
                continue
            vectors.append(analysis.embeddings.vectors[index])
            labels.append(label)
    if not vectors:
        raise KioskError(f"{root}: no usable face in any photo")
    return LabelledEmbeddings(np.stack(vectors), np.array(labels), [f.name for f in folders], skipped)


def pair_scores(data: LabelledEmbeddings) -> tuple[np.ndarray, np.ndarray]:
    """Cosine similarities of all distinct pairs, split into (genuine, impostor)."""
    scores = data.vectors @ data.vectors.T
    i, j = np.triu_indices(len(data.vectors), k=1)
    same = data.labels[i] == data.labels[j]
    return scores[i, j][same], scores[i, j][~same]


def operating_point(genuine: np.ndarray, impostor: np.ndarray, far_target: float) -> OperatingPoint:
    """Lowest threshold whose false-accept rate is at most ``far_target``, and the TAR there."""
    allowed = int(np.floor(far_target * len(impostor)))  # impostor pairs that may pass
    ranked = np.sort(impostor)[::-1]
    threshold = float(np.nextafter(ranked[allowed], np.float32(np.inf))) if allowed < len(ranked) else float(ranked[-1])
    far = float((impostor >= threshold).mean())
    tar = float((genuine >= threshold).mean()) if len(genuine) else float("nan")
    return OperatingPoint(far_target, threshold, tar, far, resolvable=len(impostor) * far_target >= 1)


def verification_report(genuine: np.ndarray, impostor: np.ndarray) -> VerificationReport:
    """TAR at FAR 1e-1/1e-2/1e-3 and a recommended threshold.

    The recommendation is the operating point at the smallest FAR the data can resolve (at most
    1e-3): for an attendance log, a false accept (someone clocked in as a colleague) is worse
    than a false reject (a second look a moment later).
    """
    if len(genuine) == 0 or len(impostor) == 0:
        raise KioskError("need at least two people and one person with two photos to evaluate")
    points = [operating_point(genuine, impostor, far) for far in FAR_TARGETS]
    strictest = max(1e-3, 1.0 / len(impostor))
    return VerificationReport(genuine, impostor, points, operating_point(genuine, impostor, strictest).threshold)


def plot_roc(report: VerificationReport, path: Path, title: str) -> None:
    """ROC curve (log FAR axis) with the fixed-FAR operating points, saved as PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    far, tar = report.roc()
    floor = 0.5 / len(report.impostor)
    fig, ax = plt.subplots(figsize=(6, 4.5), dpi=100)
    ax.step(np.maximum(far, floor), tar, where="post", label="ROC")
    for point in report.points:
        ax.plot(max(point.far, floor), point.tar, "o", label=f"FAR<={point.far_target:g}: TAR {point.tar:.3f} @ {point.threshold:.3f}")
    ax.set_xscale("log")
    ax.set_xlabel("false accept rate")
    ax.set_ylabel("true accept rate")
    ax.set_ylim(0, 1.02)
    ax.set_title(title)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
