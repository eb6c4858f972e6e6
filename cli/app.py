"""The command line: global options, one sub-command per module, one-line errors.

The listing of commands comes from ``cli.commands``; only the module of the command that runs is
imported (with what it needs), so ``--help`` and each command start without the others' libraries.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from typing import get_args

from pydantic import ValidationError
from rich.console import Console

from cli.arguments import positive_seconds
from cli.commands import COMMANDS, ModelUse
from cli.pin_gate import admit
from cli.runtime import close_runtimes, preload_models
from core.config import Language, Precision, RecognizerArch, validation_problems
from core.errors import KioskError

console = Console(stderr=True, highlight=False)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The global options and every command's line; ``command``'s own arguments too (its module is imported)."""
    parser = argparse.ArgumentParser(
        prog="main.py",
        description="Face-recognition attendance kiosk. Without a command, starts the desktop app.",
    )
    parser.add_argument("--config", type=Path, help="TOML configuration file (unknown keys are rejected)")
    parser.add_argument("--data-dir", type=Path, help="folder of the database and kept photos (default: user data folder)")
    parser.add_argument("--models-dir", type=Path, help="folder of model weights (default: $KIOSK_MODELS_DIR or user data folder/models)")
    parser.add_argument("--detector", choices=["yolo", "yunet", "mtcnn"], help="face detector kind")
    parser.add_argument("--detector-weights", help="detector weights: a file path or a registry name")
    parser.add_argument("--recognizer", choices=get_args(RecognizerArch), metavar="ARCH", help=f"recognizer architecture: {', '.join(get_args(RecognizerArch))}")
    parser.add_argument("--recognizer-weights", help="recognizer weights: a file path or a registry name")
    parser.add_argument("--device", help="auto, cpu, cuda, cuda:N or mps")
    parser.add_argument("--precision", choices=get_args(Precision), help="AdaFace compute precision (auto: fp16 on CUDA, fp32 elsewhere; bf16 on CPUs with native bf16)")
    parser.add_argument("--compile", action="store_true", help="AdaFace through torch.compile, CUDA graphs on CUDA (slow start: every batch size compiles first)")
    parser.add_argument("--trust-checkpoint", action="store_true", help="allow unpickling arbitrary objects from checkpoints (only for files you trust)")
    parser.add_argument("--no-liveness", action="store_true", help="switch the live-person check off: a photo or a phone held up then checks its owner in (config: [liveness] enabled)")
    app = parser.add_argument_group("desktop app (no COMMAND)")
    app.add_argument("--source", help="camera index (default: the last one chosen in Settings, else 0) or a video file, which loops")
    app.add_argument("--language", choices=[language.value for language in Language],
                     help="the windows' language (default: the settings file's, else the system's; config: [display] language)")
    app.add_argument("--kiosk", action="store_true", help="full screen kiosk mode: only the live view; admin pages and closing need the PIN")
    app.add_argument("--screenshot-dir", type=Path, metavar="DIR", help="save a PNG of the window every few seconds and at exit")
    app.add_argument("--exit-after", type=positive_seconds, metavar="SECONDS", help="close the app cleanly after this many seconds (automated runs: no first-run dialogs)")
    app.add_argument("--screenshot-pages", action="store_true", help=argparse.SUPPRESS)  # with --screenshot-dir: visit every page once, without the PIN (README pictures)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    if command in COMMANDS:
        importlib.import_module(COMMANDS[command].module).register(sub)  # with its arguments and handler
    for name, entry in COMMANDS.items():
        if name not in sub.choices:
            sub.add_parser(name, help=entry.help, add_help=False)  # its line in the listing; its module stays unloaded
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    listing = build_parser()
    chosen, _ = listing.parse_known_args(argv)  # which command (or the listing itself, for --help)
    if chosen.command in COMMANDS and COMMANDS[chosen.command].models is not ModelUse.NONE:
        preload_models(chosen, COMMANDS[chosen.command].models)  # from the global options, while the command imports
    args = (build_parser(chosen.command) if chosen.command else listing).parse_args(argv)
    try:
        if args.command is None:
            from gui.platform_check import window_problem

            problem = window_problem()  # before Qt, which aborts when its platform plugin cannot load
            if problem:
                raise KioskError(problem)
            from gui.app import run_gui  # Qt is imported only for the desktop app

            return run_gui(args)
        args.actor = admit(args)  # the admin PIN first, where the command table says so
        return int(args.handler(args) or 0)
    except KioskError as exc:
        console.print(f"[red]error:[/red] {exc}", soft_wrap=True)
        return 1
    except ValidationError as exc:  # an option out of its range, e.g. --every 0
        console.print(f"[red]error:[/red] {validation_problems(exc)}", soft_wrap=True)
        return 1
    except KeyboardInterrupt:
        console.print("interrupted")
        return 130
    finally:
        close_runtimes()  # each command's runtime: its desk writes what it holds, its connections close


if __name__ == "__main__":
    sys.exit(main())
