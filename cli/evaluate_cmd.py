"""`evaluate`: verification accuracy and a recommended threshold for the current recognizer."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from cli.commands import COMMANDS
from cli.runtime import open_runtime
from measure.evaluation import LabelledEmbeddings, embed_folder, pair_scores, plot_roc, verification_report
from measure.openset import cached_embeddings, heldout_check, openset_report, person_fmr_all, plot_det, split_halves, track_rates
from pipeline.calibration import OpenSetCalibration, calibration_path
from services.runtime import Runtime

out = Console(highlight=False)


def register(sub: argparse._SubParsersAction) -> None:
    evaluate = sub.add_parser("evaluate", help=COMMANDS["evaluate"].help, description="Evaluate the recognizer on a folder with one sub-folder per person: genuine and impostor score distributions, ROC plot, TAR at FAR 1e-1/1e-2/1e-3 and a recommended threshold.")
    evaluate.add_argument("directory", type=Path, metavar="DIR")
    evaluate.add_argument("--roc", type=Path, default=Path("roc.png"), help="ROC plot to write (PNG, default roc.png)")
    evaluate.add_argument("--json", type=Path, help="also write the figures as JSON")
    openset = evaluate.add_argument_group("open-set identification (1:N, as at the kiosk)")
    openset.add_argument("--open-set", action="store_true", help="enrol K people from M photos each, probe with their other photos and with everybody else: FNIR at FPIR 1e-1/1e-2/1e-3 per gallery size, a DET plot")
    openset.add_argument("--gallery-sizes", type=_sizes, default=[50, 100, 200, 400], metavar="K,K,...", help="people enrolled (default 50,100,200,400)")
    openset.add_argument("--photos", type=int, default=2, metavar="M", help="enrolment photos per person (default 2)")
    openset.add_argument("--det-plot", type=Path, default=Path("det.png"), help="DET plot to write (PNG, default det.png)")
    openset.add_argument("--cache", type=Path, help="keep the embeddings in this .npz, reused while the folder and recognizer are the same")
    openset.add_argument("--seed", type=int, default=0, help="which people are enrolled (default 0)")
    openset.add_argument("--calibrate", action="store_true", help="split the people in two halves: derive the recognizer's open-set calibration from one (written to resources/calibration/NAME.json, or --calibration-out) and check the thresholds it gives on the other")
    openset.add_argument("--calibration-out", type=Path, metavar="FILE", help="where --calibrate writes the calibration")
    evaluate.set_defaults(handler=run)


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected gallery sizes like 50,100,200, got {text!r}") from None
    if not sizes or min(sizes) < 2:
        raise argparse.ArgumentTypeError("gallery sizes must be 2 or more")
    return sizes


def run(args: argparse.Namespace) -> int:
    if args.open_set:
        return run_open_set(args)
    runtime = open_runtime(args)
    data = embed_folder(runtime.engine, args.directory, runtime.config.enrolment.dominance)
    for reason in data.skipped:
        out.print(f"[yellow]skipped[/yellow] {reason}")
    genuine, impostor = pair_scores(data)
    report = verification_report(genuine, impostor)
    name = runtime.recognizer.name
    out.print(f"{name}: {len(data.vectors)} faces of {len(data.people)} people, {len(genuine)} genuine and {len(impostor)} impostor pairs")
    out.print(f"genuine  mean {genuine.mean():.3f}  min {genuine.min():.3f}  max {genuine.max():.3f}")
    out.print(f"impostor mean {impostor.mean():.3f}  min {impostor.min():.3f}  max {impostor.max():.3f}")
    table = Table(header_style="bold")
    for column in ("FAR target", "threshold", "TAR", "measured FAR", "note"):
        table.add_column(column)
    for p in report.points:
        note = "" if p.resolvable else f"too few impostor pairs to resolve {p.far_target:g}"
        table.add_row(f"{p.far_target:g}", f"{p.threshold:.4f}", f"{p.tar:.4f}", f"{p.far:.4g}", note)
    out.print(table)
    out.print(f"recommended threshold for {name}: {report.recommended_threshold:.3f}")
    plot_roc(report, args.roc, f"{name} on {args.directory.name}")
    out.print(f"ROC plot written to {args.roc}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "recognizer": name,
                    "faces": len(data.vectors),
                    "people": len(data.people),
                    "genuine": genuine.tolist(),
                    "impostor": impostor.tolist(),
                    "points": [p.__dict__ for p in report.points],
                    "recommended_threshold": report.recommended_threshold,
                },
                indent=2,
            )
        )
    return 0


def run_open_set(args: argparse.Namespace) -> int:
    runtime = open_runtime(args)
    data = cached_embeddings(runtime.engine, args.directory, args.cache, runtime.config.enrolment.dominance)
    for reason in data.skipped:
        out.print(f"[yellow]skipped[/yellow] {reason}")
    name = runtime.recognizer.name
    report = openset_report(data, name, args.gallery_sizes, photos_per_person=args.photos, margin=runtime.margin, seed=args.seed)
    out.print(f"{name}: {len(data.vectors)} faces of {len(data.people)} people; {args.photos} enrolment photo(s) per person, margin {runtime.margin:g}")
    for note in report.notes:
        out.print(f"[yellow]note:[/yellow] {note}")
    table = Table(header_style="bold")
    for column in ("enrolled", "mated", "strangers", "FPIR target", "threshold", "FPIR", "FNIR"):
        table.add_column(column)
    for size in report.sizes:
        for point in size.points:
            fnir = f"{point.fnir:.4f}" + ("" if point.resolvable else " *")
            table.add_row(str(size.people), str(size.mated), str(size.non_mated), f"{point.fpir_target:g}",
                          f"{point.threshold:.3f}", f"{point.fpir:.4f}", fnir)
    out.print(table)
    out.print("* fewer than 10 strangers expected to pass: that FPIR is not resolved by this set")
    calibration, target = runtime.calibration, runtime.config.recognizer.target_fpir
    if calibration is not None:
        people = runtime.enrolled_people()
        out.print(f"this kiosk: {people} people enrolled, target FPIR {target:g} -> threshold {calibration.threshold_for(target, people):.3f} "
                  f"(from the shipped calibration of {calibration.recognizer})", soft_wrap=True)
    if args.calibrate:
        _calibrate(runtime, data, args)
    plot_det(report, args.det_plot, f"{name} on {args.directory.name}: open-set, {args.photos} photos per person")
    out.print(f"DET plot written to {args.det_plot}")
    if args.json:
        args.json.write_text(json.dumps({
            "recognizer": name, "faces": len(data.vectors), "people": len(data.people), "photos_per_person": args.photos,
            "margin": runtime.margin,
            "sizes": [{"people": s.people, "templates": s.templates, "mated": s.mated, "non_mated": s.non_mated,
                       "points": [p.__dict__ for p in s.points]} for s in report.sizes],
            "person_fmr": {"thresholds": report.person_thresholds.tolist(), "fmr": report.person_fmr.tolist()},
        }, indent=2))
    return 0


def _calibrate(runtime: Runtime, data: LabelledEmbeddings, args: argparse.Namespace) -> None:
    """p(t) from one half of the people, the thresholds it gives tried on the other half."""
    calibration_half, test_half = split_halves(data, args.seed)
    thresholds, fmr = person_fmr_all(calibration_half, args.photos, args.seed)
    spec = runtime.recognizer_spec
    source = (
        f"{args.directory.name}: {len(calibration_half.people)} of {len(data.people)} people ({len(calibration_half.vectors)} photos), "
        f"{args.photos} enrolment photos per person"
    )
    calibration = OpenSetCalibration(spec.name, thresholds, fmr, source)
    target = args.calibration_out or calibration_path(spec.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(calibration.to_json() + "\n", encoding="utf-8")
    out.print(f"calibration of {spec.name} written to {target} ({source}; per-person rates down to {calibration.resolved:.1e})")
    fpir_target = runtime.config.recognizer.target_fpir
    table = Table(title=f"held out: {len(test_half.people)} other people, target FPIR {fpir_target:g}, 5 galleries each", header_style="bold")
    for column in ("enrolled", "threshold", "predicted", "FPIR", "worst", "FNIR", "strangers"):
        table.add_column(column)
    for point in heldout_check(test_half, calibration.threshold_for, calibration.fpir_at, args.gallery_sizes, fpir_target,
                               photos_per_person=args.photos, margin=runtime.margin, seed=args.seed + 1):
        table.add_row(str(point.people), f"{point.threshold:.3f}", f"{point.predicted_fpir:.4f}", f"{point.fpir:.4f}",
                      f"{point.worst_fpir:.4f}", f"{point.fnir:.4f}", str(point.non_mated))
    out.print(table)
    tracks = Table(title="held out, several looks folded into one probe (as a track)", header_style="bold")
    for column in ("enrolled", "looks", "FPIR", "strangers", "FNIR"):
        tracks.add_column(column)
    shown = set()
    for people in args.gallery_sizes:
        for looks in (2, 3):
            fpir, fnir, strangers, enrolled = track_rates(test_half, calibration.threshold_for, people, fpir_target, looks=looks,
                                                          photos_per_person=args.photos, margin=runtime.margin, seed=args.seed + 2)
            if (enrolled, looks) not in shown:  # a size beyond the people with enough photos repeats the largest
                shown.add((enrolled, looks))
                tracks.add_row(str(enrolled), str(looks), f"{fpir:.4f}", str(strangers), f"{fnir:.4f}")
    out.print(tracks)
