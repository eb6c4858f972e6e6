"""The rooms of the design: core packages never import Qt; the tracker knows nothing of faces."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _imports(package: str) -> set[str]:
    names = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", ["pipeline", "tracking", "attendance", "services"])
def test_core_never_imports_qt(package):
    assert not {"PySide6", "superqt", "gui"} & _imports(package)


def test_tracking_knows_nothing_of_faces():
    assert _imports("tracking") <= {"__future__", "dataclasses", "enum", "typing", "collections", "numpy", "scipy", "filterpy", "tracking", "math"}
