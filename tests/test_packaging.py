"""What a user installs is what the tests test: the wheel carries everything the app reads at run time."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_runs_the_commands_and_finds_its_calibrations(tmp_path: Path) -> None:
    """Built, installed into a folder of its own and run from elsewhere (the source tree out of the way): the
    command line starts, the registry reads, and the shipped threshold calibration is found, not silently
    replaced by the registry's fixed threshold."""
    pytest.importorskip("setuptools", reason="building the wheel needs setuptools")
    wheels, target, source = tmp_path / "wheels", tmp_path / "installed", tmp_path / "source"
    # a clean copy: a developer's egg-info or build folder would lend the wheel files the project does not declare
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".*", "*.egg-info", "build", "dist", "__pycache__", "tests", "docs"))
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(source)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )
    assert built.returncode == 0, built.stderr
    [wheel] = wheels.glob("*.whl")
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )
    assert installed.returncode == 0, installed.stderr
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "KIOSK_MODELS_DIR": str(tmp_path / "models")}

    def run(*args: str) -> str:
        done = subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env)
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert "Face-recognition attendance kiosk" in run("-m", "main", "--help")
    assert run("-m", "main", "models", "list").splitlines()[2].startswith("edgeface_xs_q\t")
    probe = (
        "import pipeline.calibration as c, pipeline.registry as r\n"
        "print(c.__file__)\nprint(r.REGISTRY_PATH)\n"
        "print(c.load_calibration('edgeface_xs_q').threshold_for(0.005, 200))\n"
    )
    where, registry, threshold = run("-c", probe).split()
    assert where.startswith(str(target)) and registry.startswith(str(target))  # the installed copy, not the source tree
    assert 0.3 < float(threshold) < 0.5
