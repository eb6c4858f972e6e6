"""`identify` (who is in these photos) and `embed` (write one embedding per face)."""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from rich.console import Console

from cli.commands import COMMANDS
from cli.runtime import open_runtime
from cli.tables import Column, Fit, TableOutput
from core.errors import ImageError, KioskError
from pipeline.alignment import save_crops
from pipeline.images import read_image
from services.runtime import Runtime

out = Console(highlight=False)


def register(sub: argparse._SubParsersAction) -> None:
    identify = sub.add_parser("identify", help=COMMANDS["identify"].help, description="Find every face in each photo and match it against the enrolled employees.")
    identify.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    identify.add_argument("--json", action="store_true", help="one JSON document on stdout instead of tables")
    identify.add_argument("--liveness", action="store_true", help="also score each face's liveness (0-1); from one still image, so a single-frame score, which the kiosk never acts on alone")
    identify.set_defaults(handler=run_identify)

    embed = sub.add_parser("embed", help=COMMANDS["embed"].help, description="Write a float32 unit embedding (.npy) per face, named after the image stem (+ _N when an image has several faces).")
    embed.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    embed.add_argument("--out", type=Path, required=True, help="output folder")
    embed.add_argument("--aligned", action="store_true", help="inputs are already 112x112 aligned crops: no detection")
    embed.add_argument("--save-crops", action="store_true", help="also save the aligned crops as PNG (STEM_00.png, STEM_01.png, ...)")
    embed.set_defaults(handler=run_embed)


@dataclass(frozen=True)
class FaceResult:
    box: list[float]
    code: str | None
    name: str | None
    similarity: float | None  # None while nobody is enrolled: there is nothing to compare with
    margin: float | None
    live_score: float | None = None  # single-frame liveness score, with --liveness


@dataclass(frozen=True)
class ImageResult:
    image: str
    faces: list[FaceResult]
    error: str | None = None


def identify_images(runtime: Runtime, paths: list[Path], liveness: bool = False) -> list[ImageResult]:
    runtime.preload_models(liveness=liveness)
    gallery = runtime.gallery()
    scorer = runtime.new_liveness_scorer() if liveness else None
    people = {e.id: e for e in runtime.store.list_employees()}
    threshold = runtime.threshold  # for this gallery's size: one lookup, not one per image
    results = []
    for path in paths:
        try:
            image = read_image(path)
        except ImageError as exc:
            results.append(ImageResult(str(path), [], str(exc)))
            continue
        analysis = runtime.engine.analyze(image)
        matches = gallery.decide(analysis.embeddings.vectors, threshold, runtime.margin)
        boxes = analysis.detections.boxes
        live = scorer.score(image, boxes).tolist() if scorer is not None else [None] * len(boxes)
        faces = []
        for box, match, live_score in zip(boxes, matches, live):
            person = people.get(match.employee_id) if match.is_known else None
            faces.append(
                FaceResult(
                    [round(float(v), 1) for v in box],
                    person.code if person else None,
                    person.name if person else None,
                    round(match.similarity, 4) if len(gallery) else None,
                    round(match.margin, 4) if len(gallery) else None,
                    None if live_score is None else round(live_score, 4),
                )
            )
        results.append(ImageResult(str(path), faces))
    return results


def run_identify(args: argparse.Namespace) -> int:
    runtime = open_runtime(args)
    results = identify_images(runtime, args.images, liveness=args.liveness)
    if args.json:
        payload = {"results": [_json(r, args.liveness) for r in results]}
        if args.liveness:
            payload["liveness"] = "single-frame"  # one still image: the kiosk decides from a whole track
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
    else:
        if not runtime.enrolled_people():
            out.print("[yellow]nobody is enrolled yet:[/yellow] every face is unknown (enrol people with `enroll` or the Enrol page)", soft_wrap=True)
        columns = [Column("Image"), Column("Box", Fit.KEEP), Column("Employee"), Column("Similarity", Fit.KEEP, right=True), Column("Margin", Fit.KEEP, right=True)]
        columns += [Column("Live (1 frame)", Fit.KEEP, right=True)] if args.liveness else []
        blank = [""] * (len(columns) - 3)
        rows: list[list[str | float | None]] = []
        styles: list[str | None] = []
        for result in results:
            if result.error or not result.faces:
                rows.append([result.image, "", result.error or "no face found", *blank])
                styles.append("red" if result.error else None)
            for face in result.faces:
                who = f"{face.name} ({face.code})" if face.code else "unknown"
                row = [result.image, " ".join(f"{v:.0f}" for v in face.box), who, face.similarity, face.margin]
                rows.append(row + ([face.live_score] if args.liveness else []))
                styles.append(None if face.code else "yellow")
        TableOutput(out).print(columns, rows, styles=styles)
    return 1 if all(r.error for r in results) else 0


def _json(result: ImageResult, liveness: bool) -> dict:
    data = asdict(result)
    if data["error"] is None:
        del data["error"]
    if not liveness:
        for face in data["faces"]:
            del face["live_score"]
    return data


def _aligned_input(path: Path) -> np.ndarray:
    image = read_image(path)
    if image.shape[:2] != (112, 112):
        raise ImageError(f"{path}: --aligned expects a 112x112 crop, got {image.shape[1]}x{image.shape[0]}")
    return image[None]


def run_embed(args: argparse.Namespace) -> int:
    runtime = open_runtime(args)
    try:
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KioskError(f"cannot create output folder {args.out}: {exc.strerror}") from None
    written, failed = 0, 0
    for path in args.images:
        try:
            if args.aligned:
                vectors = runtime.recognizer.embed(_aligned_input(path)).vectors  # no detector needed
            else:
                analysis = runtime.engine.analyze(read_image(path))
                vectors = analysis.embeddings.vectors
                if args.save_crops:
                    save_crops(analysis.aligned, args.out, path.stem)
        except ImageError as exc:
            out.print(f"[red]skipped[/red] {exc}")
            failed += 1
            continue
        if len(vectors) == 0:
            out.print(f"[yellow]no face[/yellow] {path}")
            continue
        stems = [path.stem] if len(vectors) == 1 else [f"{path.stem}_{i}" for i in range(len(vectors))]
        for stem, vector in zip(stems, vectors):
            np.save(args.out / f"{stem}.npy", vector.astype(np.float32))
            written += 1
    out.print(f"wrote {written} embedding(s) to {args.out}")
    return 1 if failed == len(args.images) else 0
