"""The Kiosks page: the doors' heartbeats, loaded off the GUI thread, and the ones that need a look said."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from core.config import AppConfig
from gui.context import GuiContext
from gui.kiosks_page import KiosksPage
from services.heartbeat import heartbeat
from services.runtime import Runtime

WAIT_MS = 20_000


def test_the_kiosks_page_lists_the_doors_and_says_which_need_a_look(qtbot, tmp_path: Path):
    runtime = Runtime(AppConfig(data_dir=tmp_path))
    page = KiosksPage(GuiContext(runtime, tmp_path / "kiosk.toml", "0"))
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.table.model().rowCount() == 0 and not page._tasks.busy, timeout=WAIT_MS)
    started = datetime(2026, 12, 7, 6, tzinfo=timezone.utc)
    runtime.store.beat(heartbeat("door-1", "yolo + edgeface_xs_q", True, 0, None, 9.0, started))
    runtime.store.beat(heartbeat("door-2", "yolo + edgeface_xs_q", False, 4, None, 8.0, started))
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=WAIT_MS)
    assert [page.model.index(r, 1).data() for r in range(2)] == ["", "backlog, no liveness check"]
    assert page.status.is_error and "Kiosks that need a look: 1 of 2: door-2 (backlog, no liveness check)" in page.status.text()
    runtime.close()
