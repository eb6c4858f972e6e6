"""Overlay drawing: colours by state, labels inside the image, names as written (Qt) or ASCII-safe (Hershey), speed."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from pipeline.overlay import (
    ATTACK_COLOR,
    EVENT_IN_COLOR,
    PENDING_COLOR,
    RECOGNIZED_COLOR,
    UNKNOWN_COLOR,
    ascii_text,
    draw_overlay,
    face_label,
)
from pipeline.types import NOBODY_SIMILARITY, Frame, FrameResult, IdentityState, Liveness, LivenessVerdict, TrackedFace


def frame(height: int = 360, width: int = 640, value: int = 0) -> Frame:
    return Frame(np.full((height, width, 3), value, np.uint8), 7, 0.25)


def face(box, state=IdentityState.RECOGNIZED, label="Lin-Manuel Miranda", track_id=1, **kw) -> TrackedFace:
    return TrackedFace(track_id, np.asarray(box, np.float32), state, label, similarity=0.62, **kw)


def close_to(pixel: np.ndarray, color: tuple[int, int, int], tol: int = 40) -> bool:
    return bool(np.all(np.abs(pixel.astype(int) - color) <= tol))


def test_shape_dtype_and_input_untouched() -> None:
    f = frame()
    before = f.image.copy()
    out = draw_overlay(f.image, FrameResult(f, (face([100, 100, 200, 220]),), fps=12.5))
    assert out.shape == f.image.shape and out.dtype == np.uint8
    assert out is not f.image
    np.testing.assert_array_equal(f.image, before)


def test_copy_false_draws_in_place() -> None:
    f = frame()
    image = f.image.copy()
    assert draw_overlay(image, FrameResult(f, (face([100, 100, 200, 220]),)), copy=False) is image
    assert image.any()


@pytest.mark.parametrize(
    ("state", "color"),
    [(IdentityState.RECOGNIZED, RECOGNIZED_COLOR), (IdentityState.UNKNOWN, UNKNOWN_COLOR),
     (IdentityState.PENDING, PENDING_COLOR)],
)
def test_box_border_has_the_state_colour_and_label_is_drawn(state: IdentityState, color) -> None:
    f = frame()
    out = draw_overlay(f.image, FrameResult(f, (face([100, 100, 200, 220], state),)))
    assert close_to(out[160, 100], color)  # left edge, middle
    assert close_to(out[220, 150], color)  # bottom edge
    assert not out[150:200, 120:180].any()  # inside the box stays untouched
    assert all(close_to(px, color) for px in out[88:99, 101])  # the label strip's left padding, above the box
    assert not all(close_to(px, color) for px in out[88:99, 100:140].reshape(-1, 3))  # with text on it


def test_label_text() -> None:
    assert face_label(face([0, 0, 1, 1])) == "Lin-Manuel Miranda 0.62"
    assert face_label(face([0, 0, 1, 1], IdentityState.UNKNOWN, "Visitor 3")) == "Visitor 3 0.62"
    nobody = replace(face([0, 0, 1, 1], IdentityState.UNKNOWN, "Visitor 2"), similarity=NOBODY_SIMILARITY)
    assert face_label(nobody) == "Visitor 2"  # nobody enrolled: no "-1.00"
    assert face_label(face([0, 0, 1, 1], IdentityState.PENDING, "")) == "..."


def test_a_presentation_attack_is_red_and_says_not_live() -> None:
    attack = LivenessVerdict(Liveness.ATTACK, 0.02, 5)
    recognised = face([100, 100, 200, 220], liveness=attack)
    assert face_label(recognised) == "NOT LIVE Lin-Manuel Miranda"
    assert face_label(face([0, 0, 1, 1], IdentityState.PENDING, "", liveness=attack)) == "NOT LIVE"
    f = frame()
    out = draw_overlay(f.image, FrameResult(f, (recognised,)))
    assert close_to(out[160, 100], ATTACK_COLOR)
    live = face([100, 100, 200, 220], liveness=LivenessVerdict(Liveness.LIVE, 0.99, 5))
    assert close_to(draw_overlay(f.image, FrameResult(f, (live,)))[160, 100], RECOGNIZED_COLOR)


def test_non_ascii_names_are_transliterated_safely() -> None:
    assert ascii_text("José Núñez") == "Jose Nunez"
    assert ascii_text("Łukasz Żółć") == "Lukasz Zolc"
    assert ascii_text("Søren  Æbelø\n") == "Soren AEbelo"
    assert ascii_text("李明") == ""
    assert face_label(face([0, 0, 1, 1], label="李明", code="E042")) == "E042 0.62"
    assert face_label(face([0, 0, 1, 1], label="李明")) == "? 0.62"
    f = frame()
    out = draw_overlay(f.image, FrameResult(f, (face([50, 60, 150, 160], label="Zoë 李明 🙂"),)))
    assert out.any()


def test_boxes_partly_or_wholly_outside_do_not_crash_and_labels_stay_inside() -> None:
    f = frame()
    faces = (
        face([-50, -30, 100, 80], track_id=1),  # top-left corner cut
        face([600, 300, 900, 500], track_id=2),  # bottom-right corner cut
        face([2000, 2000, 2100, 2100], track_id=3),  # fully outside
        face([np.nan, 0, 10, 10], track_id=4),  # garbage
        face([0, 0, 639, 359], track_id=5, label="a very long name that does not fit " * 3),
    )
    out = draw_overlay(f.image, FrameResult(f, faces))
    assert close_to(out[40, 0], RECOGNIZED_COLOR)  # face 1's left edge, clipped to the image border
    assert close_to(out[2, 1], RECOGNIZED_COLOR)  # its label strip, moved inside the image
    assert close_to(out[340, 600], RECOGNIZED_COLOR)  # face 2, its lower part cut off


def test_predicted_box_is_dashed() -> None:
    f = frame()
    solid = draw_overlay(f.image, FrameResult(f, (face([100, 100, 300, 300]),)))
    dashed = draw_overlay(f.image, FrameResult(f, (face([100, 100, 300, 300], predicted=True),)))
    edge_solid, edge_dashed = solid[120:300, 100], dashed[120:300, 100]
    assert edge_solid.any(axis=1).all()
    assert 0.3 < edge_dashed.any(axis=1).mean() < 0.8


def test_empty_result_gives_an_identical_copy_except_fps() -> None:
    f = frame(value=90)
    out = draw_overlay(f.image, FrameResult(f))
    np.testing.assert_array_equal(out, f.image)
    with_fps = draw_overlay(f.image, FrameResult(f, fps=24.0))
    changed = np.argwhere((with_fps != f.image).any(axis=2))
    assert len(changed) and changed[:, 0].max() < 40 and changed[:, 1].max() < 120  # top-left corner
    np.testing.assert_array_equal(draw_overlay(f.image, FrameResult(f, fps=24.0), show_fps=False), f.image)


def test_event_marker_below_the_face() -> None:
    f = frame()
    plain = draw_overlay(f.image, FrameResult(f, (face([100, 100, 200, 220]),)))
    marked = draw_overlay(f.image, FrameResult(f, (face([100, 100, 200, 220]),)), punched={1: "in"})
    assert not plain[223:240, 100:130].any()
    assert all(close_to(px, EVENT_IN_COLOR) for px in marked[223:233, 101])  # the badge's padding, under the box
    assert (marked[223:240, 100:130] != EVENT_IN_COLOR).any()  # with text on it
    np.testing.assert_array_equal(draw_overlay(f.image, FrameResult(f, (face([100, 100, 200, 220]),)), punched={99: "out"}), plain)


def test_boxes_scale_to_a_resized_display_image() -> None:
    f = frame(720, 1280)
    small = np.zeros((360, 640, 3), np.uint8)
    out = draw_overlay(small, FrameResult(f, (face([200, 200, 400, 440]),)))
    assert close_to(out[160, 100], RECOGNIZED_COLOR)


def test_text_scales_with_frame_size() -> None:
    def label_height(height: int, width: int) -> int:
        f = frame(height, width)
        out = draw_overlay(f.image, FrameResult(f, (face([width // 2, height // 2, width // 2 + 50, height // 2 + 50]),)))
        rows = np.flatnonzero(out[: height // 2, width // 2 + 5].any(axis=1))
        return int(rows.max() - rows.min() + 1)

    small, large = label_height(360, 640), label_height(1080, 1920)
    assert 14 <= small < large
    assert large >= 2 * small


# -- names as they are written (Qt's text engine) --------------------------------------------------------------

NAMES_IN_EVERY_SCRIPT = {
    "Vietnamese": "Nguyễn Văn An", "Chinese": "李明", "Japanese": "田中 太郎", "Korean": "김민준",
    "Greek": "Γιώργος Παπαδόπουλος", "Cyrillic": "Иван Петров", "Arabic": "محمد عبد الله", "Hebrew": "דוד כהן",
}


def test_every_name_is_drawn_as_written_with_no_missing_glyph(qapp) -> None:
    """No tofu: every character of each name gets a real glyph from some installed font (Qt falls back from the
    interface font); and the label shows the name itself, not a transliteration or the code."""
    from PySide6.QtGui import QTextLayout

    from gui.text_painter import QtText

    text = QtText()
    for script, name in NAMES_IN_EVERY_SCRIPT.items():
        assert face_label(face([0, 0, 1, 1], label=name, code="E042"), unicode=True) == f"{name} 0.62"
        layout = QTextLayout(name, text.font(40))
        layout.beginLayout()
        layout.createLine()
        layout.endLayout()
        glyphs = [g for run in layout.glyphRuns() for g in run.glyphIndexes()]
        assert glyphs and 0 not in glyphs, f"{script}: a glyph is missing (install the Noto fonts)"


def test_the_qt_label_is_drawn_into_the_frame_at_its_place(qapp) -> None:
    from gui.text_painter import QtText

    f = frame()
    out = draw_overlay(f.image, FrameResult(f, (face([200, 150, 320, 300], label="李明"),)), text=QtText())
    strip = out[100:150, 200:320]
    assert close_to(strip[strip.any(axis=2)][0], RECOGNIZED_COLOR)  # the label's strip, above the box
    assert (strip.sum(axis=2) < 120).sum() > 20  # and dark text on it (the name's strokes)
    right_to_left = draw_overlay(f.image, FrameResult(f, (face([200, 150, 320, 300], label="محمد"),)), text=QtText())
    assert not np.array_equal(right_to_left, out)


def test_the_annotated_video_writes_names_in_any_script(tmp_path) -> None:
    """`process --output` draws with Qt's text engine on the offscreen platform, without a window."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import numpy as np\n"
        "from gui.text_painter import offscreen_qt_text\n"
        "from pipeline.overlay import draw_overlay\n"
        "from pipeline.types import Frame, FrameResult, IdentityState, TrackedFace\n"
        "f = Frame(np.zeros((360, 640, 3), np.uint8), 0, 0.0)\n"
        "face = TrackedFace(1, np.array([200, 150, 320, 300], np.float32), IdentityState.RECOGNIZED, 'Nguyễn Văn An', similarity=0.7)\n"
        "out = draw_overlay(f.image, FrameResult(f, (face,)), text=offscreen_qt_text())\n"
        "print(int((out[100:150, 200:400].sum(axis=2) < 120).sum()))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[1], env=env)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) > 20
