"""Drawing a FrameResult onto an image: boxes coloured by identity state (red: not live), labels, FPS, IN/OUT markers.

One pure function, :func:`draw_overlay`, shared by the annotated video writer and the GUI. Sizes
(line width, font) scale with the image, so labels read the same at 640x360 and 1920x1080.

The labels' text goes through a :class:`TextPainter`. The app and `process --output` pass Qt's
(``gui/text_painter.py``): every name as it is written, in any script, right to left where it is.
Without Qt, :data:`HERSHEY` draws with ``cv2.putText``, which knows ASCII only: names are then
transliterated (``"José Núñez"`` -> ``"Jose Nunez"``, ``"Łukasz"`` -> ``"Lukasz"``), and a name with
no Latin letters at all (``"李明"``) is shown by its employee code, else as ``"?"``.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

import cv2
import numpy as np

from core.text import QT_TRANSLATE_NOOP
from pipeline.types import NOBODY_SIMILARITY, VISITOR_LABEL, FrameResult, IdentityState, Liveness, TrackedFace

Color = tuple[int, int, int]  # BGR

RECOGNIZED_COLOR: Color = (60, 200, 40)  # green
UNKNOWN_COLOR: Color = (0, 170, 255)  # amber
PENDING_COLOR: Color = (190, 150, 110)  # steel blue-grey
ATTACK_COLOR: Color = (30, 30, 220)  # red: the liveness check failed
STATE_COLORS: dict[IdentityState, Color] = {
    IdentityState.RECOGNIZED: RECOGNIZED_COLOR,
    IdentityState.UNKNOWN: UNKNOWN_COLOR,
    IdentityState.PENDING: PENDING_COLOR,
}
LABEL_TEXT_COLOR: Color = (0, 0, 0)  # on the state-coloured strip
EVENT_IN_COLOR: Color = (0, 150, 0)
EVENT_OUT_COLOR: Color = (40, 40, 210)
EVENT_TEXT_COLOR: Color = (255, 255, 255)
FPS_BACKGROUND_COLOR: Color = (0, 0, 0)
FPS_TEXT_COLOR: Color = (255, 255, 255)

FONT = cv2.FONT_HERSHEY_SIMPLEX
PENDING_TEXT = "..."
ATTACK_TEXT = QT_TRANSLATE_NOOP("Overlay", "NOT LIVE")
UNPRINTABLE_NAME = "?"
REFERENCE_SIZE = 1280  # the image's longer side at which scale == 1
_EXTRA_ASCII = str.maketrans(  # letters NFKD does not decompose into ASCII
    {"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "ı": "i",
     "ß": "ss", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Þ": "Th", "þ": "th", "Ð": "D", "ð": "d"}
)


class TextPainter(Protocol):
    """Draws one line of text at a pixel height; ``unicode``: whether it draws any script (else ASCII only)."""

    unicode: bool

    def words(self, text: str) -> str:
        """The overlay's own words ("NOT LIVE", "Visitor {number}") in the language the painter shows."""
        ...

    def size(self, text: str, height: int) -> tuple[int, int]:
        """Width and height in pixels of ``text`` drawn ``height`` pixels tall."""
        ...

    def draw(self, image: np.ndarray, text: str, corner: tuple[int, int], height: int, color: Color) -> None:
        """Draw ``text`` into the BGR ``image`` with its box's top-left corner at ``corner``."""
        ...


class HersheyText:
    """``cv2.putText``'s Hershey font: ASCII only, thicker lines on bigger images."""

    unicode = False

    def words(self, text: str) -> str:
        return text  # English: the Hershey font draws ASCII only

    def size(self, text: str, height: int) -> tuple[int, int]:
        scale, thickness = self._scale(height)
        (width, text_h), baseline = cv2.getTextSize(text, FONT, scale, thickness)
        return width, text_h + baseline

    def draw(self, image: np.ndarray, text: str, corner: tuple[int, int], height: int, color: Color) -> None:
        scale, thickness = self._scale(height)
        (_, text_h), _ = cv2.getTextSize(text, FONT, scale, thickness)
        cv2.putText(image, text, (corner[0], corner[1] + text_h), FONT, scale, color, thickness, cv2.LINE_AA)

    @staticmethod
    def _scale(height: int) -> tuple[float, int]:
        """The font scale whose text and descent take ``height`` pixels, and its line thickness."""
        scale = height / HERSHEY_HEIGHT
        return scale, max(1, round(1.6 * scale / 0.65))


HERSHEY = HersheyText()
HERSHEY_HEIGHT = 31  # pixels of cv2.FONT_HERSHEY_SIMPLEX's text and descent at scale 1


def ascii_text(text: str) -> str:
    """``text`` reduced to printable ASCII (accents removed, other scripts dropped), spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA_ASCII))
    printable = "".join(ch for ch in decomposed if " " <= ch <= "~")
    return " ".join(printable.split())


@dataclass(frozen=True)
class _Style:
    """Line widths and font size for one image size."""

    line: int
    text_height: int  # pixels of a label's text, descent included
    pad: int

    @classmethod
    def for_image(cls, height: int, width: int) -> _Style:
        scale = max(height, width) / REFERENCE_SIZE
        return cls(
            line=max(1, round(2 * scale)),
            text_height=max(10, round(HERSHEY_HEIGHT * max(0.5, 0.65 * scale))),
            pad=max(2, round(4 * scale)),
        )


def face_label(face: TrackedFace, *, unicode: bool = False, words: Callable[[str], str] = str) -> str:
    """The label drawn for a face: name (or "Visitor N") and similarity, "..." while pending; a presentation
    attack says so (with the name it tried to be). ``unicode``: the name as it is written, else in ASCII;
    ``words``: the overlay's own words in the language shown."""

    def shown(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", text).split()) if unicode else ascii_text(text)

    if face.liveness.state is Liveness.ATTACK:
        name = shown(face.label) if face.state is IdentityState.RECOGNIZED else ""
        return f"{words(ATTACK_TEXT)} {name}".strip()
    if face.state is IdentityState.PENDING:
        return PENDING_TEXT
    label = words(VISITOR_LABEL).format(number=face.visitor) if face.visitor else face.label
    name = shown(label) or shown(face.code or "") or UNPRINTABLE_NAME
    if face.similarity <= NOBODY_SIMILARITY:  # nobody enrolled: no score to show
        return name
    return f"{name} {face.similarity:.2f}"


def draw_overlay(
    image: np.ndarray, result: FrameResult, *, punched: Mapping[int, str] | None = None, show_fps: bool = True,
    copy: bool = True, text: TextPainter = HERSHEY,
) -> np.ndarray:
    """Draw ``result``'s faces, the punches of this frame (``punched``: track id -> "in" or "out") and FPS
    onto ``image`` (H, W, 3) BGR uint8, the labels with ``text``.

    Boxes are in ``result.frame`` pixel coordinates and are scaled when ``image`` has another size
    (e.g. a downscaled display copy). Predicted boxes (no detection this frame) are dashed. The FPS
    shows in the top-left corner when ``result.fps > 0``. ``copy=False`` draws in place.
    """
    if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
        raise ValueError(f"draw_overlay needs an (H, W, 3) uint8 image, got {image.shape} {image.dtype}")
    out = image.copy() if copy else image
    height, width = out.shape[:2]
    style = _Style.for_image(height, width)
    frame_h, frame_w = result.frame.image.shape[:2]
    box_scale = np.array([width / frame_w, height / frame_h] * 2, np.float32)

    boxes: dict[int, tuple[int, int, int, int]] = {}
    for face in result.faces:
        box = _clipped_box(face.box * box_scale, width, height)
        if box is None:
            continue
        boxes[face.track_id] = box
        color = ATTACK_COLOR if face.liveness.state is Liveness.ATTACK else STATE_COLORS[face.state]
        if face.predicted:
            _dashed_rectangle(out, box, color, style.line)
        else:
            cv2.rectangle(out, box[:2], box[2:], color, style.line)
        label = face_label(face, unicode=text.unicode, words=text.words)
        _text_box(out, label, box[:2], color, LABEL_TEXT_COLOR, style, text, above=True)  # inside if no room

    for track_id, kind in (punched or {}).items():  # a punch whose track is not on this frame is only in the log
        if track_id in boxes:
            x1, _, _, y2 = boxes[track_id]
            color = EVENT_IN_COLOR if kind == "in" else EVENT_OUT_COLOR
            _text_box(out, kind.upper(), (x1, y2 + style.line), color, EVENT_TEXT_COLOR, style, text)

    if show_fps and result.fps > 0:
        _text_box(out, f"{result.fps:.1f} FPS", (style.pad, style.pad), FPS_BACKGROUND_COLOR, FPS_TEXT_COLOR, style, text)
    return out


def _clipped_box(box: np.ndarray, width: int, height: int) -> tuple[int, int, int, int] | None:
    """Integer xyxy inside the image, or None when nothing of the box is visible (or it is not finite)."""
    if not np.all(np.isfinite(box)):
        return None
    x1, y1, x2, y2 = np.round(box).astype(np.int64)
    x1, x2 = max(0, x1), min(width - 1, x2)
    y1, y2 = max(0, y1), min(height - 1, y2)
    if x2 <= x1 or y2 <= y1:
        return None
    return int(x1), int(y1), int(x2), int(y2)


def _dashed_rectangle(image: np.ndarray, box: tuple[int, int, int, int], color: Color, thickness: int) -> None:
    x1, y1, x2, y2 = box
    dash = 4 * thickness + 4
    for a, b in (((x1, y1), (x2, y1)), ((x2, y1), (x2, y2)), ((x2, y2), (x1, y2)), ((x1, y2), (x1, y1))):
        length = max(abs(b[0] - a[0]), abs(b[1] - a[1]))
        for start in range(0, length, 2 * dash):
            end = min(start + dash, length)
            p = (a[0] + (b[0] - a[0]) * start // length, a[1] + (b[1] - a[1]) * start // length)
            q = (a[0] + (b[0] - a[0]) * end // length, a[1] + (b[1] - a[1]) * end // length)
            cv2.line(image, p, q, color, thickness)


def _text_box(
    image: np.ndarray,
    text: str,
    corner: tuple[int, int],
    background: Color,
    foreground: Color,
    style: _Style,
    painter: TextPainter,
    *,
    above: bool = False,
) -> None:
    """Text on a filled strip with its top-left (or, ``above=True``, bottom-left) corner at ``corner``,
    shifted as needed to stay inside the image."""
    text_w, text_h = painter.size(text, style.text_height)
    strip_w, strip_h = text_w + 2 * style.pad, text_h + 2 * style.pad
    height, width = image.shape[:2]
    x = min(max(0, corner[0]), max(0, width - strip_w))
    y = min(max(0, corner[1] - strip_h if above else corner[1]), max(0, height - strip_h))
    cv2.rectangle(image, (x, y), (x + strip_w - 1, y + strip_h - 1), background, cv2.FILLED)
    painter.draw(image, text, (x + style.pad, y + style.pad), style.text_height, foreground)
