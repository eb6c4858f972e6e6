"""read_image: good photos decode upright; every kind of bad file gives a one-line ImageError."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from pipeline.errors import ImageError
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
