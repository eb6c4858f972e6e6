"""`bench engine`: per-stage speed of the recognition engine, printed and written as JSON."""
from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from pipeline.config import DetectorSettings
from pipeline.detectors import build_detector
from pipeline.errors import KioskError, ModelError
from pipeline.images import read_image
from pipeline.recognizers import build_recognizer
from services.benchmark import (
    EngineBench,
    bench_alignment,
    bench_detector,
    bench_gallery,
    bench_recognizer,
    peak_rss_mb,
    random_adaface,
)
from services.runtime import Runtime

out = Console(highlight=False)
RANDOM_ARCHS = ("adaface_ir_18", "adaface_ir_101")


def register(sub: argparse._SubParsersAction) -> None:
    bench = sub.add_parser("bench", help="measure speed and memory", description="Measure speed and memory.")
    targets = bench.add_subparsers(dest="target", metavar="TARGET", required=True)
    engine = targets.add_parser("engine", help="detect / align / embed / gallery timings", description="Per-stage milliseconds of the engine: detection per image size for each detector present, alignment per face, embedding per face at batch 1/8/32 for each recognizer present (AdaFace with random weights when its weights are absent: speed does not depend on weights), gallery top-1 over 1k-1M synthetic templates, peak memory.")
    engine.add_argument("--image", type=Path, help="photo to run the detectors on (default: a synthetic image)")
    engine.add_argument("--out", type=Path, default=Path("bench_engine.json"), help="JSON output (default bench_engine.json)")
    engine.add_argument("--repeat", type=int, default=10, help="timed runs per measurement (median reported)")
    engine.add_argument("--max-gallery", type=int, default=1_000_000, help="largest synthetic gallery")
    engine.set_defaults(handler=run_engine)


def _photo(path: Path | None) -> np.ndarray:
    if path is not None:
        return read_image(path)
    rng = np.random.default_rng(0)
    return cv2_blur(rng.integers(0, 255, (1080, 1920, 3), np.uint8))


def cv2_blur(image: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.GaussianBlur(image, (9, 9), 3)


def run_engine(args: argparse.Namespace) -> int:
    runtime = Runtime.from_args(args)
    result = EngineBench()
    photo = _photo(args.image)
    settings = DetectorSettings()
    registry, models_dir = runtime.registry, runtime.models_dir
    for spec in registry.of_kind("detector"):
        if not registry.is_present(spec, models_dir) or not spec.landmarks:
            continue
        detector = build_detector(spec.arch, registry.locate(spec, models_dir), settings)
        result.detect_ms[spec.name] = bench_detector(detector, photo, args.repeat)
        out.print(f"detect {spec.name}: {result.detect_ms[spec.name]}")
    result.detect_ms["mtcnn"] = bench_detector(build_detector("mtcnn", None, settings), photo, max(3, args.repeat // 3))
    result.align_ms_per_face = bench_alignment()
    out.print(f"align: {result.align_ms_per_face:.3f} ms/face")
    device = runtime.config.recognizer.device
    present_archs = set()
    for spec in registry.of_kind("recognizer"):
        if spec.arch in present_archs or not registry.is_present(spec, models_dir):
            continue
        try:
            recognizer = build_recognizer(spec.arch, registry.locate(spec, models_dir), device)
        except ModelError as exc:
            result.notes.append(f"{spec.name}: {exc}")
            continue
        present_archs.add(spec.arch)
        result.embed_ms_per_face[spec.arch] = bench_recognizer(recognizer, args.repeat)
        out.print(f"embed {spec.arch}: {result.embed_ms_per_face[spec.arch]}")
    with tempfile.TemporaryDirectory() as tmp:
        for arch in RANDOM_ARCHS:
            if arch in present_archs:
                continue
            label = f"{arch} (random weights)"
            result.embed_ms_per_face[label] = bench_recognizer(random_adaface(arch, Path(tmp), device), max(3, args.repeat // 3))
            out.print(f"embed {label}: {result.embed_ms_per_face[label]}")
    sizes = tuple(s for s in (1_000, 10_000, 100_000, 1_000_000) if s <= args.max_gallery)
    result.gallery_top1_ms = bench_gallery(sizes)
    result.peak_rss_mb = peak_rss_mb()
    _print(result)
    try:
        args.out.write_text(json.dumps(result.as_dict(), indent=2))
    except OSError as exc:
        raise KioskError(f"cannot write {args.out}: {exc.strerror}") from None
    out.print(f"written to {args.out}")
    return 0


def _print(result: EngineBench) -> None:
    table = Table(title="engine benchmark (ms, median)", header_style="bold")
    table.add_column("stage")
    table.add_column("case")
    table.add_column("ms")
    for name, sizes in result.detect_ms.items():
        for size, ms in sizes.items():
            table.add_row(f"detect {name}", f"{size} image", f"{ms:.1f}")
    table.add_row("align", "per face (32 faces, 1280x720)", f"{result.align_ms_per_face:.3f}")
    for name, batches in result.embed_ms_per_face.items():
        for batch, ms in batches.items():
            table.add_row(f"embed {name}", f"per face, {batch}", f"{ms:.2f}")
    for size, ms in result.gallery_top1_ms.items():
        table.add_row("gallery top-1", f"{int(size):,} templates", f"{ms:.2f}")
    table.add_row("peak RSS", "MB", f"{result.peak_rss_mb:.0f}")
    out.print(table)
