"""Before the window: a missing display or missing xcb libraries give the fix, not Qt's bare "Aborted"."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gui.platform_check import install_hint, missing_libraries, qt_libraries, window_problem

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def test_no_display_says_so_and_how_to_run_headless() -> None:
    problem = window_problem({}, "linux")
    assert problem is not None and "no display" in problem and "python main.py process 0" in problem


@pytest.mark.parametrize("env", [{"WAYLAND_DISPLAY": "wayland-0"}, {"QT_QPA_PLATFORM": "offscreen"}])
def test_other_platforms_are_left_to_qt(env: dict[str, str]) -> None:
    assert window_problem(env, "linux") is None
    assert window_problem({}, "win32") is None


def test_the_apt_line_names_the_packages_of_the_missing_libraries() -> None:
    hint = install_hint(["libxcb-cursor.so.0", "libxkbcommon-x11.so.0", "libweird.so.9"])
    assert "sudo apt-get install -y libxcb-cursor0 libxkbcommon-x11-0" in hint
    assert "libweird.so.9" in hint and "apt-file search" in hint


def test_a_library_the_loader_cannot_find_is_reported(tmp_path: Path) -> None:
    """A real shared object whose dependency is gone, as on a desktop without libxcb-cursor0."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None or shutil.which("ldd") is None:
        pytest.skip("needs a C compiler and ldd to build a library with a missing dependency")
    (tmp_path / "dep.c").write_text("int dep(void) { return 1; }\n")
    (tmp_path / "plugin.c").write_text("int dep(void);\nint plugin(void) { return dep(); }\n")
    subprocess.run([compiler, "-shared", "-fPIC", "-o", tmp_path / "libkioskdep.so.1", tmp_path / "dep.c", "-Wl,-soname,libkioskdep.so.1"], check=True)
    subprocess.run([compiler, "-shared", "-fPIC", "-o", tmp_path / "plugin.so", tmp_path / "plugin.c", f"-L{tmp_path}", "-l:libkioskdep.so.1"], check=True)
    (tmp_path / "libkioskdep.so.1").unlink()
    assert missing_libraries([tmp_path / "plugin.so"]) == ["libkioskdep.so.1"]


def test_the_app_on_a_desktop_without_xcb_libraries_prints_the_install_line(tmp_path: Path) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("the xcb check is for Linux")
    missing = missing_libraries(qt_libraries())
    if not missing:
        pytest.skip("this machine has every library Qt's xcb plugin needs, so the failure cannot be shown here")
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"} | {"DISPLAY": ":99"}
    result = subprocess.run(
        [sys.executable, "main.py", "--data-dir", str(tmp_path)], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr and "Aborted" not in result.stderr
    assert "sudo apt-get install -y" in result.stderr and missing[0] in result.stderr
