"""Open-set (1:N) identification accuracy, in NIST FRTE terms: enrol K people from M photos each, probe with
their other photos (mated) and with people never enrolled (non-mated), and measure

* FPIR(t): the share of non-mated probes the kiosk would take for an employee at threshold t,
* FNIR(t): the share of mated probes not identified as the right person at t,

with the kiosk's own decision rule (best person's best template >= t, and ahead of the runner-up by
the margin). A person's score is the best of their templates, as in ``pipeline.gallery``.

The per-person false-match rate p(t) (a stranger's best score against one enrolled person) makes the
gallery size explicit: FPIR(t, N) ~ 1 - (1 - p(t))^N, which is how ``pipeline.calibration`` turns a
target FPIR into a threshold for the number of people enrolled.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from core.errors import KioskError
from measure.evaluation import LabelledEmbeddings, embed_folder
from pipeline.engine import FaceEngine

FPIR_TARGETS = (1e-1, 1e-2, 1e-3)
CACHE_FORMAT = 1


def _folder_key(root: Path) -> str:
    """What the cache is valid for: every file's relative path and size."""
    entries = sorted(f"{p.relative_to(root)}:{p.stat().st_size}" for p in root.rglob("*") if p.is_file())
    return hashlib.sha256("\n".join(entries).encode()).hexdigest()


def cached_embeddings(engine: FaceEngine, root: Path, cache: Path | None, dominance: float = 2.0) -> LabelledEmbeddings:
    """``embed_folder``, kept in ``cache`` (.npz) for the same folder contents and recognizer."""
    key = f"{CACHE_FORMAT}|{engine.recognizer.name}|{_folder_key(root)}"
    if cache is not None and cache.is_file():
        with np.load(cache, allow_pickle=False) as stored:
            if str(stored["key"]) == key:
                return LabelledEmbeddings(stored["vectors"], stored["labels"], [str(p) for p in stored["people"]])
    data = embed_folder(engine, root, dominance)
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez(cache, key=np.array(key), vectors=data.vectors, labels=data.labels, people=np.array(data.people))
    return data


@dataclass(frozen=True)
class OpenSetPoint:
    fpir_target: float
    threshold: float
    fpir: float  # measured
    fnir: float
    resolvable: bool  # enough non-mated probes to measure this FPIR (at least 10 expected false alarms)


@dataclass(frozen=True)
class GallerySizeResult:
    people: int  # enrolled
    templates: int
    mated: int  # probes of enrolled people
    non_mated: int  # probes of people never enrolled
    points: list[OpenSetPoint]
    thresholds: np.ndarray  # the DET curve: thresholds, ascending ...
    fpir: np.ndarray  # ... and FPIR, FNIR at each
    fnir: np.ndarray


@dataclass(frozen=True)
class OpenSetReport:
    recognizer: str
    photos_per_person: int
    margin: float
    sizes: list[GallerySizeResult]
    person_thresholds: np.ndarray  # p(t): thresholds ascending, and the per-person false-match rate at each
    person_fmr: np.ndarray
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ProbeScores:
    """For each probe: its best person's score and index (into the enrolled people), and the runner-up's score."""

    best: np.ndarray
    best_person: np.ndarray
    second: np.ndarray


def probe_scores(probes: np.ndarray, templates: np.ndarray, owners: np.ndarray, people: int) -> ProbeScores:
    """Per-person best template score for every probe, reduced to the top two people."""
    scores = probes @ templates.T  # (P, T)
    per_person = np.full((len(probes), people), -np.inf, np.float32)
    for person in range(people):
        per_person[:, person] = scores[:, owners == person].max(axis=1)
    order = np.argsort(-per_person, axis=1)[:, :2]
    rows = np.arange(len(probes))
    second = per_person[rows, order[:, 1]] if people > 1 else np.full(len(probes), -np.inf, np.float32)
    return ProbeScores(per_person[rows, order[:, 0]], order[:, 0], second)


def _accepted(scores: ProbeScores, threshold: float, margin: float) -> np.ndarray:
    return (scores.best >= threshold) & (scores.best - scores.second >= margin)


def det_curve(mated: ProbeScores, truth: np.ndarray, non_mated: ProbeScores, margin: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(thresholds ascending, FPIR, FNIR) over every score that matters."""
    thresholds = np.unique(np.concatenate([mated.best, non_mated.best]).astype(np.float64))
    thresholds = thresholds[np.linspace(0, len(thresholds) - 1, min(len(thresholds), 2000)).astype(int)]
    fpir = np.array([_accepted(non_mated, t, margin).mean() for t in thresholds])
    right = mated.best_person == truth
    fnir = np.array([1.0 - (_accepted(mated, t, margin) & right).mean() for t in thresholds])
    return thresholds, fpir, fnir


def operating_points(thresholds: np.ndarray, fpir: np.ndarray, fnir: np.ndarray, non_mated: int) -> list[OpenSetPoint]:
    points = []
    for target in FPIR_TARGETS:
        allowed = np.flatnonzero(fpir <= target)
        index = int(allowed[0]) if len(allowed) else len(thresholds) - 1
        points.append(OpenSetPoint(target, float(thresholds[index]), float(fpir[index]), float(fnir[index]), non_mated * target >= 10))
    return points


def split_people(data: LabelledEmbeddings, photos_per_person: int) -> tuple[np.ndarray, np.ndarray]:
    """(people who can be enrolled with a photo left to probe, everyone else), as label arrays."""
    counts = np.bincount(data.labels, minlength=len(data.people))
    enrollable = np.flatnonzero(counts > photos_per_person)
    return enrollable, np.flatnonzero(counts <= photos_per_person)


def person_fmr_curve(non_mated_per_person: np.ndarray, points: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """p(t) from a stranger's best score against each enrolled person: thresholds ascending, rate at each."""
    ranked = np.sort(non_mated_per_person.ravel())
    quantiles = 1.0 - np.logspace(0, -6, points)  # dense in the tail that sets the threshold
    quantiles = np.unique(np.clip(np.concatenate([np.linspace(0.0, 0.99, 50), quantiles]), 0.0, 1.0))
    thresholds = np.quantile(ranked, quantiles)
    fmr = 1.0 - np.searchsorted(ranked, thresholds, side="left") / len(ranked)
    return thresholds, fmr


def openset_report(
    data: LabelledEmbeddings,
    recognizer: str,
    gallery_sizes: list[int],
    *,
    photos_per_person: int = 2,
    margin: float = 0.05,
    seed: int = 0,
) -> OpenSetReport:
    """Enrol K people (each gallery size) from ``photos_per_person`` photos each, drawn at random from the people
    with more photos than that; probe with their other photos and with every photo of everybody else."""
    rng = np.random.default_rng(seed)
    enrollable, _ = split_people(data, photos_per_person)
    notes = []
    usable = [k for k in gallery_sizes if 2 <= k <= len(enrollable)]
    if not usable:
        raise KioskError(f"only {len(enrollable)} people have more than {photos_per_person} photos: ask for a gallery of 2 to that many")
    if len(usable) < len(gallery_sizes):
        notes.append(f"gallery sizes above {len(enrollable)} skipped: only that many people have more than {photos_per_person} photos")
    sizes = []
    person_scores = np.zeros(0, np.float32)
    for k in usable:
        chosen = rng.choice(enrollable, size=k, replace=False)
        index = {int(label): i for i, label in enumerate(chosen)}
        templates, owners, mated, truth = [], [], [], []
        for label in chosen:
            rows = rng.permutation(np.flatnonzero(data.labels == label))
            templates.extend(rows[:photos_per_person])
            owners.extend([index[int(label)]] * photos_per_person)
            mated.extend(rows[photos_per_person:])
            truth.extend([index[int(label)]] * (len(rows) - photos_per_person))
        enrolled = np.isin(data.labels, chosen)
        strangers = np.flatnonzero(~enrolled)
        gallery = data.vectors[templates]
        owner_array = np.array(owners)
        mated_scores = probe_scores(data.vectors[mated], gallery, owner_array, k)
        stranger_scores = probe_scores(data.vectors[strangers], gallery, owner_array, k)
        thresholds, fpir, fnir = det_curve(mated_scores, np.array(truth), stranger_scores, margin)
        sizes.append(GallerySizeResult(k, len(templates), len(mated), len(strangers),
                                       operating_points(thresholds, fpir, fnir, len(strangers)), thresholds, fpir, fnir))
        if k == max(usable):  # the largest gallery gives the most stranger-versus-person scores for p(t)
            scores = data.vectors[strangers] @ gallery.T
            person_scores = np.stack([scores[:, owner_array == p].max(axis=1) for p in range(k)], axis=1)
    thresholds, fmr = person_fmr_curve(person_scores)
    return OpenSetReport(recognizer, photos_per_person, margin, sizes, thresholds, fmr, notes)


def plot_det(report: OpenSetReport, path: Path, title: str) -> None:
    """DET curves (FNIR against FPIR, log axes), one per gallery size, saved as PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.5, 4.8), dpi=100)
    for size in report.sizes:
        floor = 0.5 / size.non_mated
        ax.plot(np.maximum(size.fpir, floor), np.maximum(size.fnir, 1e-4), label=f"{size.people} people enrolled")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("FPIR (strangers taken for an employee)")
    ax.set_ylabel("FNIR (employees missed)")
    ax.set_title(title)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def subset(data: LabelledEmbeddings, people: np.ndarray) -> LabelledEmbeddings:
    """Only the photos of ``people`` (label indices), relabelled 0..len(people)-1."""
    keep = np.isin(data.labels, people)
    relabel = {int(old): new for new, old in enumerate(sorted(int(p) for p in people))}
    labels = np.array([relabel[int(label)] for label in data.labels[keep]], np.int64)
    return LabelledEmbeddings(data.vectors[keep], labels, [data.people[old] for old in sorted(relabel)])


def split_halves(data: LabelledEmbeddings, seed: int = 0) -> tuple[LabelledEmbeddings, LabelledEmbeddings]:
    """Two disjoint halves of the people (calibration, held-out test), each with its share of multi-photo people."""
    rng = np.random.default_rng(seed)
    counts = np.bincount(data.labels, minlength=len(data.people))
    first, second = [], []
    for group in (np.flatnonzero(counts >= 3), np.flatnonzero(counts < 3)):
        shuffled = rng.permutation(group)
        first.extend(shuffled[: len(shuffled) // 2])
        second.extend(shuffled[len(shuffled) // 2 :])
    return subset(data, np.array(first)), subset(data, np.array(second))


@dataclass(frozen=True)
class HeldOutPoint:
    """A calibrated threshold tried on people the calibration never saw, over several random galleries."""

    people: int
    target_fpir: float
    threshold: float
    predicted_fpir: float
    fpir: float  # mean over the galleries drawn
    worst_fpir: float  # the worst gallery's
    fnir: float  # mean
    non_mated: int  # probes per gallery (the smallest)
    galleries: int


def heldout_check(
    data: LabelledEmbeddings,
    threshold_for: Callable[[float, int], float],
    predicted: Callable[[float, int], float],
    gallery_sizes: list[int],
    target_fpir: float,
    *,
    photos_per_person: int = 2,
    margin: float = 0.05,
    seed: int = 1,
    galleries: int = 5,
) -> list[HeldOutPoint]:
    """FPIR and FNIR at the threshold ``threshold_for(target, K)`` picks, for each gallery size K, averaged over
    ``galleries`` random choices of who is enrolled (a small gallery's rate depends much on who is in it)."""
    rng = np.random.default_rng(seed)
    enrollable, _ = split_people(data, photos_per_person)
    points = []
    for k in [k for k in gallery_sizes if 2 <= k <= len(enrollable)]:
        threshold = threshold_for(target_fpir, k)
        fpirs, fnirs, non_mated = [], [], []
        for _ in range(galleries):
            chosen = rng.choice(enrollable, size=k, replace=False)
            templates, owners, mated, truth = [], [], [], []
            for i, label in enumerate(chosen):
                rows = rng.permutation(np.flatnonzero(data.labels == label))
                templates.extend(rows[:photos_per_person])
                owners.extend([i] * photos_per_person)
                mated.extend(rows[photos_per_person:])
                truth.extend([i] * (len(rows) - photos_per_person))
            strangers = np.flatnonzero(~np.isin(data.labels, chosen))
            gallery, owner_array = data.vectors[templates], np.array(owners)
            mated_scores = probe_scores(data.vectors[mated], gallery, owner_array, k)
            stranger_scores = probe_scores(data.vectors[strangers], gallery, owner_array, k)
            fpirs.append(float(_accepted(stranger_scores, threshold, margin).mean()))
            right = mated_scores.best_person == np.array(truth)
            fnirs.append(float(1.0 - (_accepted(mated_scores, threshold, margin) & right).mean()))
            non_mated.append(len(strangers))
        points.append(HeldOutPoint(k, target_fpir, threshold, predicted(threshold, k), float(np.mean(fpirs)), max(fpirs),
                                   float(np.mean(fnirs)), min(non_mated), galleries))
    return points


def person_fmr_all(data: LabelledEmbeddings, photos_per_person: int = 2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """p(t) with every person of ``data`` who has ``photos_per_person`` photos enrolled in turn from that many,
    against every photo of everybody else: the most stranger-versus-person scores the set holds."""
    rng = np.random.default_rng(seed)
    counts = np.bincount(data.labels, minlength=len(data.people))
    scores = data.vectors @ data.vectors.T
    samples = []
    for person in np.flatnonzero(counts >= photos_per_person):
        rows = rng.permutation(np.flatnonzero(data.labels == person))[:photos_per_person]
        others = data.labels != person
        samples.append(scores[np.ix_(others, rows)].max(axis=1))
    return person_fmr_curve(np.concatenate(samples))


def track_probes(data: LabelledEmbeddings, people: np.ndarray, looks: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """One probe per person of ``people`` with at least ``looks`` photos: the normalised mean of ``looks`` of them,
    as the kiosk folds a track's looks into one embedding. Returns (probes, their labels)."""
    probes, labels = [], []
    for person in people:
        rows = np.flatnonzero(data.labels == person)
        if len(rows) < looks:
            continue
        mean = data.vectors[rng.permutation(rows)[:looks]].mean(axis=0)
        probes.append(mean / max(float(np.linalg.norm(mean)), 1e-12))
        labels.append(int(person))
    return (np.stack(probes).astype(np.float32) if probes else np.zeros((0, data.vectors.shape[1]), np.float32)), np.array(labels, np.int64)


def track_rates(
    data: LabelledEmbeddings, threshold_for: Callable[[float, int], float], people: int, target_fpir: float,
    *, looks: int = 2, photos_per_person: int = 2, margin: float = 0.05, seed: int = 2,
) -> tuple[float, float, int, int]:
    """FPIR and FNIR of multi-look probes (``looks`` photos folded into one, like a track) at the threshold for
    ``people`` enrolled: strangers with ``looks`` photos, employees with ``looks`` photos beyond their enrolment
    ones. Returns (FPIR, FNIR, strangers, employees probed)."""
    rng = np.random.default_rng(seed)
    counts = np.bincount(data.labels, minlength=len(data.people))
    enrollable = np.flatnonzero(counts >= photos_per_person + looks)
    chosen = rng.choice(enrollable, size=min(people, len(enrollable)), replace=False)
    templates, owners, mated, truth = [], [], [], []
    for i, label in enumerate(chosen):
        rows = rng.permutation(np.flatnonzero(data.labels == label))
        templates.extend(rows[:photos_per_person])
        owners.extend([i] * photos_per_person)
        mean = data.vectors[rows[photos_per_person : photos_per_person + looks]].mean(axis=0)
        mated.append(mean / max(float(np.linalg.norm(mean)), 1e-12))
        truth.append(i)
    strangers, _ = track_probes(data, np.setdiff1d(np.arange(len(data.people)), chosen), looks, rng)
    gallery, owner_array = data.vectors[templates], np.array(owners)
    threshold = threshold_for(target_fpir, len(chosen))
    stranger_scores = probe_scores(strangers, gallery, owner_array, len(chosen))
    mated_scores = probe_scores(np.stack(mated).astype(np.float32), gallery, owner_array, len(chosen))
    fpir = float(_accepted(stranger_scores, threshold, margin).mean())
    fnir = float(1.0 - (_accepted(mated_scores, threshold, margin) & (mated_scores.best_person == np.array(truth))).mean())
    return fpir, fnir, len(strangers), len(mated)
