"""The rooms of the design: core packages never import Qt; the tracker knows nothing of faces."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _modules(package: str) -> set[str]:
    """Every module ``package`` imports, by full dotted name."""
    names = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
    return names


def _imports(package: str) -> set[str]:
    """The top-level packages ``package`` imports."""
    return {name.split(".")[0] for name in _modules(package)}


@pytest.mark.parametrize(
    "package, forbidden",
    [
        ("gui", {"attendance.db", "attendance.models", "sqlalchemy"}),  # Qt never touches the ORM
        ("core", {"pipeline", "tracking", "attendance", "services", "cli", "gui"}),
        ("pipeline", {"attendance", "services", "cli", "gui"}),
        ("tracking", {"pipeline", "attendance", "services", "cli", "gui"}),
        ("attendance", {"services", "cli", "gui"}),
        ("services", {"cli", "gui", "measure"}),
        ("measure", {"cli", "gui"}),
    ],
)
def test_imports_point_down_only(package: str, forbidden: set[str]) -> None:
    wrong = {m for m in _modules(package) if m in forbidden or m.split(".")[0] in forbidden}
    assert not wrong, f"{package} imports {sorted(wrong)}"


@pytest.mark.parametrize("package", ["core", "pipeline", "tracking", "attendance", "services", "measure"])
def test_core_never_imports_qt(package):
    assert not {"PySide6", "superqt", "gui"} & _imports(package)


def test_tracking_knows_nothing_of_faces():
    assert _imports("tracking") <= {"__future__", "dataclasses", "enum", "typing", "collections", "numpy", "scipy", "filterpy", "tracking", "math", "threading"}


HEAVY = ("torch", "ultralytics", "filterpy", "scipy.stats", "timm", "facenet_pytorch")  # cv2 (40 ms) may come


@pytest.mark.parametrize(
    "command",
    [["--help"], ["employees", "list"], ["employees", "show", "nobody"], ["models", "list"], ["audit", "verify"],
     ["privacy", "policy"], ["report", "--out", "REPORT.csv"]],
)
def test_commands_that_load_no_model_import_no_model_library(tmp_path, command):
    """They start at once: the model libraries are imported where models are built, not by the command line."""
    import subprocess
    import sys

    command = [str(tmp_path / part) if part == "REPORT.csv" else part for part in command]
    probe = (
        "import sys\n"
        "from cli.app import main\n"
        f"try:\n    main(['--data-dir', {str(tmp_path)!r}, *{command!r}])\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1], timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_checking_which_models_are_missing_imports_no_model_library(tmp_path):
    """The first-run check runs between the PIN and the window: it reads files, it loads no library (it took
    5-8 s on a busy machine when it imported torch, a black screen after the first PIN)."""
    import subprocess
    import sys

    probe = (
        "import sys\nfrom pathlib import Path\nfrom core.config import AppConfig\nfrom services.runtime import Runtime\n"
        f"Runtime(AppConfig(data_dir=Path({str(tmp_path)!r}), models_dir=Path({str(tmp_path)!r}))).missing_models()\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_the_app_window_waits_for_no_model_library_nor_the_chart_library():
    """The desktop app's modules import neither: the window shows first, the worker loads the models behind it."""
    import subprocess
    import sys

    probe = f"import sys\nimport gui.app\nprint(sorted(m for m in {(*HEAVY, 'matplotlib')!r} if m in sys.modules))\n"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize(
    "command, loaded, database",
    [(["--help"], [], False), (["employees", "list"], ["cli.admin_cmd", "cli.employees_cmd"], True), (["models", "list"], ["cli.models_cmd"], False)],
)
def test_a_command_loads_only_its_own_module(tmp_path, command, loaded, database):
    """The listing needs no command module (nor the database library); a command needs its own (and what it imports),
    and the database library only when it reads the database."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from cli.app import main\n"
        f"try:\n    main(['--data-dir', {str(tmp_path)!r}, *{command!r}])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('cli.') and m.endswith('_cmd')), 'sqlalchemy' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == f"{loaded!r} {database}"


def test_the_entry_point_makes_openmp_workers_sleep_while_they_wait_unless_told_otherwise():
    """OMP_WAIT_POLICY=PASSIVE before any math library loads (the kiosk beside other programs), unless set."""
    import os
    import subprocess
    import sys

    show = "import main, os; print(os.environ['OMP_WAIT_POLICY'])"
    unset = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    for env, expected in ((unset, "PASSIVE"), ({**unset, "OMP_WAIT_POLICY": "ACTIVE"}, "ACTIVE")):
        found = subprocess.run([sys.executable, "-c", show], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert found.stdout.strip() == expected, found.stderr
