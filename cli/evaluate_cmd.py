"""`evaluate`: verification accuracy and a recommended threshold for the current recognizer."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from services.evaluation import embed_folder, pair_scores, plot_roc, verification_report
from services.runtime import Runtime

out = Console(highlight=False)


def register(sub: argparse._SubParsersAction) -> None:
    evaluate = sub.add_parser("evaluate", help="genuine/impostor scores, ROC, TAR@FAR, threshold", description="Evaluate the recognizer on a folder with one sub-folder per person: genuine and impostor score distributions, ROC plot, TAR at FAR 1e-1/1e-2/1e-3 and a recommended threshold.")
    evaluate.add_argument("directory", type=Path, metavar="DIR")
    evaluate.add_argument("--roc", type=Path, default=Path("roc.png"), help="ROC plot to write (PNG, default roc.png)")
    evaluate.add_argument("--json", type=Path, help="also write the figures as JSON")
    evaluate.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    runtime = Runtime.from_args(args)
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
