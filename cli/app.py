"""The command line: global options, one sub-command per module, one-line errors."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console

from pipeline.errors import KioskError

console = Console(stderr=True, highlight=False)


def build_parser() -> argparse.ArgumentParser:
    from cli import bench_cmd, employees_cmd, enroll_cmd, evaluate_cmd, identify_cmd, models_cmd, process_cmd, report_cmd

    parser = argparse.ArgumentParser(
        prog="main.py",
        description="Face-recognition attendance kiosk. Without a command, starts the desktop app.",
    )
    parser.add_argument("--config", type=Path, help="TOML configuration file (unknown keys are rejected)")
    parser.add_argument("--data-dir", type=Path, help="folder of the database and kept photos (default: user data folder)")
    parser.add_argument("--models-dir", type=Path, help="folder of model weights (default: $KIOSK_MODELS_DIR or user data folder/models)")
    parser.add_argument("--detector", choices=["yolo", "yunet", "mtcnn"], help="face detector kind")
    parser.add_argument("--detector-weights", help="detector weights: a file path or a registry name")
    parser.add_argument("--recognizer", help="recognizer architecture, e.g. adaface_ir_101 or edgeface_xs_q")
    parser.add_argument("--recognizer-weights", help="recognizer weights: a file path or a registry name")
    parser.add_argument("--device", help="auto, cpu, cuda, cuda:N or mps")
    parser.add_argument("--trust-checkpoint", action="store_true", help="allow unpickling arbitrary objects from checkpoints (only for files you trust)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (enroll_cmd, identify_cmd, evaluate_cmd, employees_cmd, process_cmd, report_cmd, models_cmd, bench_cmd):
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return int(args.handler(args) or 0)
    except KioskError as exc:
        console.print(f"[red]error:[/red] {exc}", soft_wrap=True)
        return 1
    except KeyboardInterrupt:
        console.print("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
