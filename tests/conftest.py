"""Shared fixtures: the real models and media (``../shared``) and a throwaway PostgreSQL server, skipping cleanly without them."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import make_url

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# data keys of the tests' throwaway databases go to a throwaway folder, never to the user's keyring
os.environ["KIOSK_KEY_DIR"] = tempfile.mkdtemp(prefix="kiosk-test-keys-")
# a test that names no data folder gets a throwaway "user" data and config folder, never the real ones
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="kiosk-test-data-")
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="kiosk-test-config-")
# the ONNX exports of the torch models are made once per test run (and so tested), never in the user's cache
os.environ["KIOSK_EXPORTS_DIR"] = tempfile.mkdtemp(prefix="kiosk-test-exports-")

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KIOSK_SHARED_DIR", PROJECT_ROOT.parent / "shared"))


_QT: list[object] = []  # the application and its translators, alive to the end of the run (as pytest-qt keeps its own)


def english(translations: object) -> None:
    """The English catalogue the app installs (its plural forms: "1 event", "2 events"), dates and times as in Britain
    (24-hour clock, 05/01/2026), whatever this machine's locale."""
    from PySide6.QtCore import QLocale

    from core.config import Language
    from gui.i18n import Translations

    assert isinstance(translations, Translations)
    translations.use(Language.ENGLISH)
    QLocale.setDefault(QLocale("en_GB"))


@pytest.fixture(scope="session")
def qapp(qapp_args: list[str], qapp_cls: type) -> object:
    """pytest-qt's application, in English (``english``)."""
    from gui.i18n import Translations

    app = qapp_cls.instance() or qapp_cls(qapp_args)
    translations = Translations()
    english(translations)
    _QT.extend((app, translations))
    return app


FETCHED_MODELS = PROJECT_ROOT / ".cache" / "models"  # models the tests fetch themselves (scripts/fetch_facemesh.py)


def facemesh_path() -> Path:
    """MediaPipe's Face Mesh model, or skip saying how to get it."""
    for folder in (SHARED / "models", FETCHED_MODELS):
        if (folder / "face_landmark.tflite").is_file():
            return folder / "face_landmark.tflite"
    pytest.skip("no face_landmark.tflite: run scripts/fetch_facemesh.py --to .cache/models (.ci/run does)")


def shared_path(relative: str) -> Path:
    """Path of a file under ../shared, or skip the test saying what is missing."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"needs {path} (real models/media from ../shared; absent on this machine)")
    return path


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"needs the ../shared folder with real models and media ({SHARED} is absent)")
    return SHARED


POSTGRES_TIMEZONE = "America/St_Johns"  # the test server's session zone (-02:30/-03:30): a slip from UTC shows


def _pg_run(command: list[str], folder: Path) -> None:
    """Run a PostgreSQL server program, failing the test with its output when it fails."""
    result = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        log = folder / "server.log"
        pytest.fail(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}{log.read_text() if log.exists() else ''}")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL cluster (initdb + pg_ctl, removed at the end); yields the URL of its ``postgres`` database.

    Listens on a free localhost port, socket in its temporary folder; as root the server runs
    as the ``postgres`` user (initdb refuses root). Skips without psycopg or the server programs.
    """
    pytest.importorskip("psycopg", reason="needs the psycopg driver: pip install -e '.[postgres]'")
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb is None or pg_ctl is None:
        pytest.skip("needs the PostgreSQL server programs initdb and pg_ctl on PATH (Debian: /usr/lib/postgresql/VERSION/bin)")
    run_as: list[str] = []
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        import pwd

        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root needs a 'postgres' user to run the PostgreSQL server as")
        run_as = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    folder = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
    data = folder / "data"
    try:
        if run_as:
            os.chown(folder, owner.pw_uid, owner.pw_gid)
        _pg_run([*run_as, initdb, "-D", str(data), "-U", "kiosk", "--auth=trust", "--no-locale", "-E", "UTF8", "--no-sync"], folder)
        options = (
            f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c timezone={POSTGRES_TIMEZONE} "
            "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        )
        _pg_run([*run_as, pg_ctl, "-D", str(data), "-l", str(folder / "server.log"), "-o", options, "-w", "start"], folder)
        yield f"postgresql+psycopg://kiosk@127.0.0.1:{port}/postgres"
    finally:
        if (data / "postmaster.pid").exists():
            _pg_run([*run_as, pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"], folder)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A new empty database on the session's PostgreSQL server (dropped afterwards), as a SQLAlchemy URL."""
    import psycopg

    name = f"kiosk_{uuid.uuid4().hex[:12]}"
    admin = make_url(postgres_server).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield make_url(postgres_server).set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Runs the test on a new SQLite file, then on a new PostgreSQL database (skipped without a server)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'kiosk.db'}"
    return request.getfixturevalue("postgres_url")


TEST_RECOGNIZERS = ("r", "edgeface_xs_q", "bench")  # the recognizer names the tests' events carry


def enrolled(store, code: str, name: str, department: str | None = None):
    """An employee the record may log face check-ins for: active, consent recorded, one template of each
    recognizer the tests' events name (the store refuses face events for anyone else)."""
    from datetime import datetime, timezone

    import numpy as np

    vector = np.zeros((1, 8), np.float32)
    vector[0, 0] = 1.0
    for recognizer in TEST_RECOGNIZERS:
        employee = store.enrol(code, name, department, recognizer, vector, np.ones(1, np.float32), consent_at=datetime.now(timezone.utc))
    return employee
