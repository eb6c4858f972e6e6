"""`admin set-pin | reset-pin | rotate-key | export-key | import-key | accept-config`."""
from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from rich.console import Console

from attendance.keys import default_keystore
from attendance.vault import import_key
from cli.commands import COMMANDS
from cli.runtime import open_runtime
from core.errors import KioskError
from services.admin_pin import PinError

out = Console(highlight=False)


def register(sub: argparse._SubParsersAction) -> None:
    admin = sub.add_parser("admin", help=COMMANDS["admin"].help, description="Set or reset the admin PIN that the app's admin pages and the commands that change or export data ask for; rotate, back up or restore the data key that seals templates and chains the attendance record.")
    actions = admin.add_subparsers(dest="action", metavar="ACTION", required=True)
    set_pin = actions.add_parser("set-pin", help="set or change the admin PIN", description="Set the admin PIN (digits only): typed twice on a terminal, one line on standard input otherwise. Changing it needs the current PIN.")
    set_pin.set_defaults(handler=run_set_pin)
    reset = actions.add_parser("reset-pin", help="set a new admin PIN without the old one (needs the data key)", description="Set a new admin PIN whatever the PIN record holds (forgotten, edited, deleted). Works only where the database's data key is (keyring or key folder); audited.")
    reset.set_defaults(handler=run_reset_pin)
    rotate = actions.add_parser("rotate-key", help="seal, sign and chain everything under a new data key", description="Make a new data key, re-seal every template, photo and thumbnail, re-sign every record and re-chain the attendance record under it in one transaction, then delete the old key. Refused while the record does not verify. Backups made before open only with the old key: export each key you rotate away from if you keep such backups.")
    rotate.set_defaults(handler=run_rotate_key)
    export = actions.add_parser("export-key", help="write the data key to a file, for a backup", description="Write the database's data key to FILE (mode 0600). Keep it apart from the database's backups: together they open everything.")
    export.add_argument("file", type=Path, metavar="FILE", help="the key file to write (must not exist)")
    export.set_defaults(handler=run_export_key)
    accept = actions.add_parser("accept-config", help="accept security settings changed outside the app", description="Once a PIN is set, security settings changed in the settings file (threshold, margin, re-identification, liveness, thumbnails, trusting checkpoints) are not applied until accepted here or on the Settings page; audited.")
    accept.set_defaults(handler=run_accept_config)
    restore = actions.add_parser("import-key", help="restore the data key from a file `export-key` wrote", description="Put a key file written by `admin export-key` back into the keyring or key folder, after checking that it opens this database. Needs no PIN: the key is the credential.")
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.set_defaults(handler=run_import_key)
    join = actions.add_parser("join", help="make this computer a door of a shared database: connect, import the key, write the settings", description="One command to add a kiosk to a fleet: tests the connection to the database, imports the data key from the file `admin export-key` wrote on a kiosk of it (checking that it opens the database, and taking up any rotation since), and writes the database URL (and the kiosk id) into this computer's settings file. Needs no PIN: the key file is the credential.")
    join.add_argument("--database-url", required=True, metavar="URL", help="postgresql+psycopg://USER:PASSWORD@HOST:PORT/DB")
    join.add_argument("--key-file", required=True, type=Path, metavar="FILE", help="the data key, from `admin export-key FILE` on a kiosk of this database")
    join.add_argument("--kiosk-id", metavar="ID", help="this door's id in the record (default: the settings file's, else the computer's name)")
    join.set_defaults(handler=run_join)


def new_pin(what: str = "admin PIN") -> str:
    """A new PIN: one line on standard input, or typed twice on a terminal."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().strip()
    first = getpass.getpass(f"New {what}: ")
    if getpass.getpass("The new PIN again: ") != first:
        raise KioskError("the two PINs differ; nothing changed")
    return first


def run_set_pin(args: argparse.Namespace) -> int:
    runtime = open_runtime(args)
    pins = runtime.pins
    changing = pins.is_set
    actor = args.actor  # the current PIN was asked, when there is one
    if not changing:
        runtime.settings_guard.pending(runtime.config)  # no PIN yet: today's settings become the accepted ones
    try:
        pins.set_pin(new_pin(), actor="admin" if changing else actor)
    except PinError as exc:
        raise KioskError(f"admin PIN not set: {exc}") from None
    out.print(f"admin PIN {'changed' if changing else 'set'} (kept, signed, in {runtime.database.name})")
    return 0


def run_accept_config(args: argparse.Namespace) -> int:
    runtime = open_runtime(args)
    guard = runtime.settings_guard
    if not guard.pending(runtime.config):
        out.print("no security setting waits to be accepted")
        return 0
    actor = args.actor
    for change in guard.accept(runtime.config, actor):
        out.print(f"accepted: {change}")
    return 0


def run_reset_pin(args: argparse.Namespace) -> int:
    runtime = open_runtime(args)
    pins = runtime.pins  # the store opened: this machine holds the data key
    try:
        pins.reset(new_pin(), actor="key-holder")
    except PinError as exc:
        raise KioskError(f"admin PIN not reset: {exc}") from None
    out.print(f"admin PIN reset with the data key from {runtime.store.keys_where}")
    return 0


def run_rotate_key(args: argparse.Namespace) -> int:
    runtime = open_runtime(args)
    actor = args.actor
    key = runtime.store.rotate_key(actor=actor)
    out.print(f"data key rotated to generation {key.generation} in {runtime.store.keys_where}; the old key is deleted")
    out.print("back up the new key: python main.py admin export-key FILE")
    return 0


def run_export_key(args: argparse.Namespace) -> int:
    runtime = open_runtime(args)
    actor = args.actor
    runtime.store.export_key(args.file, actor=actor)
    out.print(f"data key written to {args.file}: keep it apart from the database's backups")
    return 0


def run_import_key(args: argparse.Namespace) -> int:
    runtime = open_runtime(args)
    keys = default_keystore()
    key = import_key(runtime.database, keys, args.file)
    out.print(f"data key generation {key.generation} restored into {keys.where}")
    return 0


def run_join(args: argparse.Namespace) -> int:
    import socket

    from attendance.db import open_database
    from attendance.store import AttendanceStore
    from cli.runtime import config_from_args, settings_path
    from core.config import AttendanceSettings, save_config

    config = config_from_args(args)
    config.database_url = args.database_url  # checked by the settings' rules
    config = type(config).model_validate(config.model_dump())
    database = open_database(config.database_url)  # connects, and creates or upgrades the tables
    try:
        keys = default_keystore()
        key = import_key(database, keys, args.key_file)
        AttendanceStore(database, keys=keys).verify_record(incremental=True)  # the key opens it: the record checks out
    finally:
        database.close()
    default = AttendanceSettings().kiosk_id
    kiosk_id = args.kiosk_id or (config.attendance.kiosk_id if config.attendance.kiosk_id != default else socket.gethostname())
    config.attendance.kiosk_id = kiosk_id
    path = settings_path(args)
    try:
        save_config(config, path)
    except OSError as exc:
        raise KioskError(f"cannot write the settings file {path}: {exc.strerror or exc}") from None
    out.print(f"joined {database.name} as kiosk {kiosk_id!r}: data key generation {key.generation} in {keys.where}, settings in {path}", soft_wrap=True)
    return 0
