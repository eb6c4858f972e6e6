"""The ``models`` command group: list, fetch, verify and locate model weights."""
from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from cli.commands import COMMANDS
from cli.tables import Column, Fit, add_json_flag, output
from core.config import load_config
from core.errors import ModelError
from pipeline.download import fetch, place_file, verify
from pipeline.exported import prepare
from pipeline.registry import ModelRegistry, ModelSpec, default_registry, models_dir, resolve_weights

_out = Console(highlight=False)
_err = Console(stderr=True, highlight=False)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``models list | fetch | verify | path`` to the application's subcommands."""
    parser = subparsers.add_parser("models", help=COMMANDS["models"].help)
    commands = parser.add_subparsers(dest="action", metavar="COMMAND", required=True)
    add_json_flag(commands.add_parser("list", help="every known model, what it is for, and whether the kiosk has its file"))
    fetch_parser = commands.add_parser("fetch", help="download model weights into the models folder")
    fetch_parser.add_argument("names", nargs="*", metavar="NAME", help="registry names (see `models list`)")
    fetch_parser.add_argument(
        "--all-missing", action="store_true", help="download every missing model that has a public download"
    )
    add_parser = commands.add_parser("add", help="copy model files you have into the models folder (checked by sha256)", description="Copy model files you already have into the models folder under their registry names. A file is known by its sha256 (a renamed copy too) or by its name; one named like a published model whose bytes differ is refused.")
    add_parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    verify_parser = commands.add_parser("verify", help="check present files against size and sha256")
    verify_parser.add_argument("names", nargs="*", metavar="NAME", help="default: every present model")
    path_parser = commands.add_parser("path", help="print where a model's file is")
    path_parser.add_argument("name", metavar="NAME")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Run the chosen ``models`` command; returns the exit code."""
    command = _COMMANDS[args.action]
    folder = args.models_dir or load_config(getattr(args, "config", None)).models_dir
    return command(args, default_registry(), models_dir(folder))


def _list(args: argparse.Namespace, registry: ModelRegistry, folder: Path) -> int:
    columns = (
        Column("Name", Fit.KEEP), Column("Present", Fit.KEEP), Column("Size", Fit.KEEP, right=True), Column("For"),
        Column("Licence"), Column("File"),
    )
    rows, styles = [], []
    for spec in registry.offered():
        path = registry.find(spec, folder)
        rows.append((spec.name, "yes" if path else "no", _size(spec.size), spec.purpose, spec.license, str(path or "")))
        styles.append("green" if path else None)
    output(args, _out).print(columns, rows, title=f"models (folder: {folder}), recommended first", styles=styles)
    return 0


def _fetch(args: argparse.Namespace, registry: ModelRegistry, folder: Path) -> int:
    if args.all_missing:
        specs = [s for s in registry.models if s.urls and not registry.is_present(s, folder)]
    elif args.names:
        specs = [registry.get(name) for name in args.names]
    else:
        raise ModelError("name the models to fetch (see `models list`), or use --all-missing")
    failures = 0
    for spec in specs:
        try:
            path = fetch(spec, folder)
        except ModelError as exc:
            _err.print(f"[red]{escape(str(exc))}[/]", soft_wrap=True)
            failures += 1
            continue
        _out.print(f"{spec.name}: {escape(str(path))} ({escape(verify(spec, path).message)})", soft_wrap=True)
        failures += not _prepare(spec, path)
    if not specs:
        _out.print("nothing to fetch: every model with a public download is present")
    return 1 if failures else 0


def _add(args: argparse.Namespace, registry: ModelRegistry, folder: Path) -> int:
    failures = 0
    for path in args.files:
        try:
            spec, placed = place_file(path, list(registry.models), folder)
        except ModelError as exc:
            _err.print(f"[red]{escape(str(exc))}[/]", soft_wrap=True)
            failures += 1
            continue
        _out.print(f"{spec.name}: {escape(str(placed))}", soft_wrap=True)
        failures += not _prepare(spec, placed)
    return 1 if failures else 0


def _prepare(spec: ModelSpec, path: Path) -> bool:
    """Export a CPU model for ONNX Runtime now rather than at the kiosk's first start; False (said) on failure."""
    try:
        if prepare(spec.arch, path, spec.crop_scale):
            _out.print(f"{spec.name}: ready for ONNX Runtime")
    except ModelError as exc:
        _err.print(f"[red]{escape(str(exc))}[/]", soft_wrap=True)
        return False
    return True


def _verify(args: argparse.Namespace, registry: ModelRegistry, folder: Path) -> int:
    specs = [registry.get(n) for n in args.names] if args.names else list(registry.models)
    present = [s for s in specs if registry.is_present(s, folder)]
    failed = False
    for spec in specs:
        if spec not in present:
            if args.names:  # a model asked for by name must be there
                _out.print(f"[red]{spec.name}: missing[/] at {escape(str(registry.local_path(spec, folder)))}")
                failed = True
            continue
        result = verify(spec, registry.locate(spec, folder))
        status = "[green]ok[/]" if result.ok else "[red]FAILED[/]"
        _out.print(f"{spec.name}: {status} {escape(str(result.path))}: {escape(result.message)}", soft_wrap=True)
        failed |= not result.ok
    if not present and not args.names:
        _out.print(f"no model files found in {escape(str(folder))} (see `models list`)")
    return 1 if failed else 0


def _path(args: argparse.Namespace, registry: ModelRegistry, folder: Path) -> int:
    _out.print(escape(str(resolve_weights(args.name, folder, registry))), soft_wrap=True)
    return 0


def _size(size: int | None) -> str:
    if size is None:
        return "?"
    for factor, unit in ((1e9, "GB"), (1e6, "MB"), (1e3, "KB")):
        if size >= factor:
            return f"{size / factor:.1f} {unit}"
    return f"{size} B"


_COMMANDS: dict[str, Callable[[argparse.Namespace, ModelRegistry, Path], int]] = {
    "list": _list,
    "fetch": _fetch,
    "add": _add,
    "verify": _verify,
    "path": _path,
}
