"""read_image: good photos decode upright; every kind of bad file gives a one-line ImageError."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from core.errors import ImageError
from pipeline.images import list_images, read_image


def _save(path, array, **kwargs):
    Image.fromarray(array).save(path, **kwargs)
    return path


def test_reads_bgr(tmp_path):
    rgb = np.zeros((10, 20, 3), np.uint8)
    rgb[..., 0] = 255  # red
    image = read_image(_save(tmp_path / "red.png", rgb))
    assert image.shape == (10, 20, 3) and image.dtype == np.uint8
    assert image[0, 0].tolist() == [0, 0, 255]


def test_exif_orientation_applied(tmp_path):
    rgb = np.zeros((10, 20, 3), np.uint8)
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise for display
    image = read_image(_save(tmp_path / "rotated.jpg", rgb, exif=exif))
    assert image.shape[:2] == (20, 10)


def test_grey_and_rgba_become_three_channels(tmp_path):
    assert read_image(_save(tmp_path / "g.png", np.zeros((5, 5), np.uint8))).shape == (5, 5, 3)
    assert read_image(_save(tmp_path / "a.png", np.zeros((5, 5, 4), np.uint8))).shape == (5, 5, 3)


@pytest.mark.parametrize(
    ("content", "reason"),
    [(None, "not found"), (b"", "empty"), (b"hello, I am text", "not an image")],
)
def test_bad_files(tmp_path, content, reason):
    path = tmp_path / "bad.jpg"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ImageError, match=reason) as info:
        read_image(path)
    assert "\n" not in str(info.value)


def test_truncated_jpeg(tmp_path):
    good = _save(tmp_path / "good.jpg", np.random.default_rng(0).integers(0, 255, (200, 200, 3), np.uint8))
    data = good.read_bytes()
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImageError, match="truncated or corrupt"):
        read_image(cut)


def test_decompression_bomb_refused(tmp_path):
    path = _save(tmp_path / "big.png", np.zeros((400, 400), np.uint8))
    with pytest.raises(ImageError, match="MP"):
        read_image(path, max_pixels=100_000)


def test_list_images_filters_and_sorts(tmp_path):
    for name in ("b.JPG", "a.png", "notes.txt"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in list_images(tmp_path)] == ["a.png", "b.JPG"]


def _ramp() -> np.ndarray:
    """An 8-bit grey picture with every level, as the reference."""
    return np.tile(np.arange(256, dtype=np.uint8), (40, 1))


@pytest.mark.parametrize(
    "suffix, make",
    [
        (".png", lambda g: Image.fromarray(g.astype(np.uint16) * 257)),  # 16-bit PNG, full range
        (".tif", lambda g: Image.fromarray(g.astype(np.uint16) * 257)),  # 16-bit TIFF
        (".tif", lambda g: Image.fromarray(g.astype(np.float32) / 255.0, mode="F")),  # float in [0, 1]
        (".tif", lambda g: Image.fromarray(g.astype(np.int32) * 1000, mode="I")),  # int32, any range
        (".tif", lambda g: Image.fromarray(g.astype(np.int32), mode="I")),  # int32 holding 8-bit values
    ],
)
def test_high_depth_grayscale_is_scaled_to_8_bits_not_clipped(tmp_path, suffix, make):
    grey = _ramp()
    path = tmp_path / f"deep{suffix}"
    make(grey).save(path)
    image = read_image(path)
    assert image.dtype == np.uint8 and image.shape == (*grey.shape, 3)
    assert np.abs(image[..., 0].astype(int) - grey).max() <= 1  # not a white (clipped) picture


def test_a_16_bit_grey_photo_of_a_face_still_shows_the_face(tmp_path):
    """The issue's symptom was 'no face found': check on a real photo with a real detector."""
    from tests.conftest import shared_path

    photo = shared_path("media/deepface_dataset/img1.jpg")
    weights = shared_path("models/yunet_n_dynamic.onnx")
    import cv2

    from core.config import DetectorSettings
    from pipeline.detectors import build_detector

    grey = cv2.imread(str(photo), cv2.IMREAD_GRAYSCALE)
    path = tmp_path / "face16.png"
    Image.fromarray(grey.astype(np.uint16) * 257).save(path)
    detector = build_detector("yunet", weights, DetectorSettings())
    assert len(detector.detect(read_image(path)).boxes) >= 1


@settings(max_examples=80, deadline=None)
@given(data=st.binary(max_size=3000), prefix=st.sampled_from([b"", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"GIF89a", b"BM"]))
def test_fuzzed_image_files_decode_or_give_an_image_error(tmp_path_factory, data, prefix):
    path = tmp_path_factory.mktemp("img") / "fuzz.png"
    path.write_bytes(prefix + data)
    try:
        image = read_image(path)
    except ImageError as exc:
        assert "\n" not in str(exc)
    else:
        assert image.dtype == np.uint8 and image.ndim == 3 and image.shape[2] == 3


def test_phone_photos_in_heif_are_opened_once_a_photo_is_read(tmp_path):
    """pi-heif's opener is registered by the first read (not at import: it costs every command's start)."""
    path = tmp_path / "a.png"
    Image.fromarray(np.zeros((8, 8, 3), np.uint8)).save(path)
    read_image(path)
    assert {".heic", ".heif"} <= set(Image.registered_extensions())
