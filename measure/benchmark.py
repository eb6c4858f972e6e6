"""`bench engine`: per-stage timings of the recognition engine and peak memory."""
from __future__ import annotations

import resource
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import cv2
import numpy as np

from pipeline.alignment import ARCFACE_TEMPLATE, align_faces
from pipeline.gallery import Gallery
from pipeline.interfaces import FaceDetector, LivenessScorer, Recognizer
from pipeline.liveness.border import framed_sides
from pipeline.liveness.screen import ScreenCue

if TYPE_CHECKING:
    from measure.store_bench import StoreBench

DETECT_SIZES = ((320, 240), (640, 480), (1280, 720), (1920, 1080))
EMBED_BATCHES = (1, 8, 32)
LIVENESS_BATCHES = (1, 8)
GALLERY_SIZES = (1_000, 10_000, 100_000, 1_000_000)


def time_ms(fn: Callable[[], object], repeat: int, warmup: int = 1) -> float:
    """Median wall milliseconds of ``fn`` over ``repeat`` runs after ``warmup`` runs."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return float(np.median(samples))


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class EngineBench:
    detect_ms: dict[str, dict[str, float]] = field(default_factory=dict)  # detector -> "WxH" -> ms per image
    align_ms_per_face: float = 0.0
    embed_ms_per_face: dict[str, dict[str, float]] = field(default_factory=dict)  # recognizer -> "batch N" -> ms/face
    liveness_ms_per_face: dict[str, float] = field(default_factory=dict)  # "batch N" -> ms/face, crops included
    border_ms_per_face: float = 0.0  # the border cue's edge search around one 120 px face
    screen_ms_per_face: float = 0.0  # the screen cue's look at one 120 px face
    gallery_top1_ms: dict[str, float] = field(default_factory=dict)  # template count -> ms per query
    store: StoreBench | None = None  # loading a sealed gallery, verifying the record
    accelerator: dict[str, dict[str, float]] = field(default_factory=dict)  # recognizer -> GPU throughput/latency
    peak_rss_mb: float = 0.0
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def bench_detector(detector: FaceDetector, photo: np.ndarray, repeat: int) -> dict[str, float]:
    return {
        f"{w}x{h}": time_ms(lambda img=cv2.resize(photo, (w, h)): detector.detect(img), repeat)
        for w, h in DETECT_SIZES
    }


def bench_alignment(faces: int = 32, repeat: int = 20) -> float:
    """ms per face to align ``faces`` faces spread over a 1280x720 frame."""
    rng = np.random.default_rng(0)
    frame = rng.integers(0, 255, (720, 1280, 3), np.uint8)
    offsets = rng.uniform([0, 0], [1100, 560], size=(faces, 1, 2))
    landmarks = (ARCFACE_TEMPLATE[None] * rng.uniform(0.8, 1.5, (faces, 1, 1)) + offsets).astype(np.float32)
    return time_ms(lambda: align_faces(frame, landmarks), repeat) / faces


def bench_recognizer(recognizer: Recognizer, repeat: int) -> dict[str, float]:
    rng = np.random.default_rng(0)
    result = {}
    for batch in EMBED_BATCHES:
        crops = rng.integers(0, 255, (batch, 112, 112, 3), np.uint8)
        result[f"batch {batch}"] = time_ms(lambda c=crops: recognizer.embed(c), repeat) / batch
    return result


def bench_liveness(scorer: LivenessScorer, repeat: int) -> dict[str, float]:
    """ms per face to score N faces of a 1280x720 frame (context crops and every liveness model)."""
    rng = np.random.default_rng(0)
    frame = rng.integers(0, 255, (720, 1280, 3), np.uint8)
    result = {}
    for batch in LIVENESS_BATCHES:
        corners = rng.uniform([100, 100], [1000, 500], size=(batch, 2))
        boxes = np.hstack([corners, corners + 120]).astype(np.float32)
        result[f"batch {batch}"] = time_ms(lambda b=boxes: scorer.score(frame, b), repeat) / batch
    return result


def bench_border(repeat: int) -> float:
    """ms for the border cue on one 120 px face of a 1280x720 frame with a few straight edges."""
    frame = np.random.default_rng(0).integers(0, 255, (720, 1280, 3), np.uint8)
    frame = cv2.GaussianBlur(frame, (9, 9), 3)
    cv2.rectangle(frame, (520, 200), (760, 560), (240, 240, 240), 6)
    box = np.array([580, 300, 700, 420], np.float32)
    return time_ms(lambda: framed_sides(frame, box), repeat)


def bench_screen(repeat: int) -> float:
    """ms for the screen cue's look at one 120 px face of a 1280x720 frame."""
    frame = cv2.GaussianBlur(np.random.default_rng(0).integers(0, 255, (720, 1280, 3), np.uint8), (9, 9), 3)
    box = np.array([580, 300, 700, 420], np.float32)
    cue = ScreenCue()
    return time_ms(lambda: cue.flag(frame, box), repeat)


def bench_accelerator(recognizer: Recognizer, repeat: int) -> dict[str, float]:
    """GPU figures: faces/s at batch 256 and milliseconds for a batch of 8 (embed() returns host arrays, so it syncs)."""
    rng = np.random.default_rng(0)
    big = rng.integers(0, 255, (256, 112, 112, 3), np.uint8)
    small = big[:8].copy()
    ms_256 = time_ms(lambda: recognizer.embed(big), repeat, warmup=3)
    return {"faces_per_s_batch_256": 256_000 / ms_256, "ms_batch_8": time_ms(lambda: recognizer.embed(small), repeat, warmup=3)}


def bench_gallery(sizes: tuple[int, ...] = GALLERY_SIZES, templates_per_person: int = 5, dim: int = 512) -> dict[str, float]:
    """ms for one query's top-1 over galleries of synthetic unit templates."""
    rng = np.random.default_rng(0)
    result = {}
    query = rng.normal(size=(1, dim)).astype(np.float32)
    query /= np.linalg.norm(query)
    for size in sizes:
        vectors = rng.standard_normal((size, dim), dtype=np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        gallery = Gallery("bench", vectors, np.arange(size) // templates_per_person)
        del vectors
        result[str(size)] = time_ms(lambda g=gallery: g.top_k(query, 1), repeat=20 if size < 1_000_000 else 5)
        del gallery
    return result


def random_adaface(
    arch: str, directory: Path, device: str = "auto", *, precision: str = "auto", compiled: bool = False
) -> Recognizer:
    """An AdaFace recognizer with random weights, saved in the official checkpoint layout: for speed only."""
    import torch

    from pipeline.recognizers import build_recognizer
    from pipeline.recognizers.iresnet import IResNet

    path = directory / f"{arch}_random.ckpt"
    if not path.exists():
        net = IResNet(arch.removeprefix("adaface_"))
        torch.save({"state_dict": {f"model.{k}": v for k, v in net.state_dict().items()}}, path)
    if compiled:  # a fresh compile cache: the graphs of earlier benchmarks would count against its recompile limit
        torch._dynamo.reset()
    return build_recognizer(arch, path, device, precision=precision, compiled=compiled)


def adaface_precisions(device: str) -> list[str]:
    """The precisions worth timing on ``device``: fp16 on CUDA; fp32, plus bf16 where the CPU has it natively."""
    from pipeline.recognizers.torch_batches import cpu_has_bf16, resolve_device

    kind = resolve_device(device).type
    if kind == "cuda":
        return ["fp16"]
    return ["fp32", "bf16"] if kind == "cpu" and cpu_has_bf16() else ["fp32"]
