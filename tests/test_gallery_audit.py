"""The gallery's self-audit: a template unlike the rest of its person (a wrong photo) and two employees close
enough to be taken for each other are named, on the command line and on the Employees page."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from cli.app import main
from core.config import AppConfig, RecognizerSettings
from services.gallery_audit import pair_labels
from services.runtime import Runtime

ARCH = "edgeface_xs_q"


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture
def runtime(tmp_path: Path):
    rng = np.random.default_rng(5)
    ann, bob, cy = rng.normal(size=(3, 512))
    runtime = Runtime(AppConfig(data_dir=tmp_path / "data", recognizer=RecognizerSettings(arch=ARCH, weights=ARCH, threshold=0.5)))
    store = runtime.store
    store.enrol("ann", "Ann", None, ARCH, unit(np.stack([ann + 0.2 * rng.normal(size=512), ann + 0.2 * rng.normal(size=512), cy])), np.ones(3))
    store.enrol("bob", "Bob", None, ARCH, unit(np.stack([bob, bob + 0.2 * rng.normal(size=512)])), np.ones(2))
    store.enrol("bob2", "Bobby", None, ARCH, unit(np.stack([bob + 0.25 * rng.normal(size=512)])), np.ones(1))  # Bob's look-alike
    yield runtime
    runtime.close()


def test_the_audit_names_the_wrong_photo_and_the_look_alikes(runtime):
    audit = runtime.gallery_audit()
    assert [(w.code, round(w.similarity, 1) < 0.5) for w in audit.weak] == [("ann", True)]
    assert [pair_labels(p) for p in audit.lookalikes] == [("Bob (bob)", "Bobby (bob2)")]
    from gui.employees_page import audit_line

    assert "Look-alike pairs: 1, told apart by a margin of 0.10: Bob (bob) ~ Bobby (bob2)" in audit_line(audit)
    assert "Templates unlike the rest of their person (re-enrol?): 1: Ann (ann)" in audit_line(audit)


def test_the_command_and_the_employees_page_show_it(qtbot, runtime, tmp_path, capsys):
    from gui.context import GuiContext
    from gui.employees_page import EmployeesPage

    page = EmployeesPage(GuiContext(runtime, tmp_path / "kiosk.toml", "0"))
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.audit_label.isVisible(), timeout=10_000)
    assert "Bob (bob) ~ Bobby (bob2)" in page.audit_label.text()
    data = str(runtime.data_dir)
    runtime.close()
    assert main(["--data-dir", data, "--recognizer", ARCH, "--recognizer-weights", ARCH, "employees", "audit"]) == 0
    printed = capsys.readouterr().out
    assert "look-alike pairs" in printed and "templates unlike the rest of their person" in printed
