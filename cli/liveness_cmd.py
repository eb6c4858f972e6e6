"""`evaluate-liveness DIR`: APCER per attack species, BPCER, ACER, the ROC and a threshold (ISO/IEC 30107-3)."""
from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path

from rich.console import Console
from rich.table import Table

from cli.commands import COMMANDS
from cli.runtime import open_runtime
from core.errors import KioskError
from measure.liveness_eval import Cues, ErrorRates, LivenessReport, evaluate, find_presentations, plot_liveness_roc

out = Console(highlight=False)


def register(sub: argparse._SubParsersAction) -> None:
    command = sub.add_parser(
        "evaluate-liveness",
        help=COMMANDS["evaluate-liveness"].help,
        description="Evaluate the liveness check on a folder with live/ and one sub-folder per attack species (print/, replay/, ...), or with a labels.csv (columns file, label; label bona_fide or the species). Images are single-frame decisions; a video is decided like a kiosk track from its largest face. Reports per frame and per presentation, as ISO/IEC 30107-3 does.",
    )
    command.add_argument("directory", type=Path, metavar="DIR")
    command.add_argument("--roc", type=Path, default=Path("liveness_roc.png"), help="per-frame APCER/BPCER curve (PNG, default liveness_roc.png)")
    command.add_argument("--json", type=Path, help="also write the figures and every presentation's outcome as JSON")
    command.add_argument("--max-frames", type=int, metavar="N", help="judge each video from its first N frames only (a quick sample; default: every frame)")
    command.set_defaults(handler=run)


def _table(title: str, rates: ErrorRates) -> Table:
    table = Table(title=title, header_style="bold")
    for column in ("measure", "value", "of"):
        table.add_column(column)
    for species, value in rates.apcer.items():
        table.add_row(f"APCER {species}", f"{value:.3f}", str(rates.counts[species]))
    table.add_row("BPCER", f"{rates.bpcer:.3f}", str(rates.counts.get("bona_fide", 0)))
    table.add_row("ACER", f"{rates.acer:.3f}", "")
    return table


def run(args: argparse.Namespace) -> int:
    runtime = open_runtime(args)
    presentations = find_presentations(args.directory)
    motion = runtime.new_planar_motion()
    screen = runtime.new_screen_cue()
    cues = Cues(runtime.new_border_cue(), motion.config if motion is not None else None, screen.config if screen is not None else None)
    report: LivenessReport = evaluate(
        presentations, runtime.detector, runtime.new_liveness_scorer(), runtime.liveness_config, cues, args.max_frames
    )
    for outcome in report.outcomes:
        scores = outcome.scores
        mean = f"{sum(scores) / len(scores):.3f}" if scores else "-"
        out.print(
            f"{outcome.presentation.path.name} ({outcome.presentation.species}): {outcome.state}, "
            f"{len(scores)} frame(s), mean score {mean}, shape {outcome.shape}",
            soft_wrap=True,
        )
    out.print(_table(f"per frame (threshold {report.threshold:.2f})", report.per_frame))
    out.print(_table("per presentation (a video: the kiosk's per-track decision)", report.per_presentation))
    cues = Table(title="per presentation, each cue alone and fused", header_style="bold")
    for column in ("cue", *(f"APCER {s}" for s in report.per_presentation.apcer), "BPCER", "ACER"):
        cues.add_column(column)
    for cue, rates in report.per_cue.items():
        cues.add_row(cue, *(f"{v:.3f}" for v in rates.apcer.values()), f"{rates.bpcer:.3f}", f"{rates.acer:.3f}")
    out.print(cues)
    out.print(f"per-frame threshold of least ACER: {report.recommended_threshold:.3f}")
    if report.asked:
        asked = "; ".join(f"{species} {n} of {total}" for species, (n, total) in report.asked.items())
        out.print(f"videos the kiosk would ask to move their head (the challenge; a recording cannot answer): {asked}", soft_wrap=True)
    plot_liveness_roc(report, args.roc, f"liveness on {args.directory.name}")
    out.print(f"ROC written to {args.roc}")
    if args.json:
        payload = asdict(report)
        for outcome in payload["outcomes"]:
            outcome["presentation"]["path"] = str(outcome["presentation"]["path"])
        try:
            args.json.write_text(json.dumps(payload, indent=2))
        except OSError as exc:
            raise KioskError(f"cannot write {args.json}: {exc.strerror}") from None
    return 0
