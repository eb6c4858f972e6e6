"""Reading photos safely: clear errors for bad files, a decompression-bomb guard, EXIF orientation."""
from __future__ import annotations

import warnings
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PIXELS = 64_000_000  # 64 MP: bigger than any camera photo, far below a decompression bomb
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff"})


def read_image(path: str | Path, max_pixels: int = MAX_PIXELS) -> np.ndarray:
    """Decode an image file into an (H, W, 3) uint8 BGR array, upright according to its EXIF tag.

    Raises ImageError with a one-line reason for a missing, empty, truncated, corrupt, non-image
    or oversized file.
    """
    from core.errors import ImageError

    _open_heif_too()
    path = Path(path)
    if not path.is_file():
        raise ImageError(f"{path}: file not found")
    if path.stat().st_size == 0:
        raise ImageError(f"{path}: file is empty (0 bytes)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                width, height = img.size
                if width * height > max_pixels:
                    raise ImageError(
                        f"{path}: image is {width}x{height} ({width * height / 1e6:.0f} MP), "
                        f"more than the {max_pixels / 1e6:.0f} MP allowed"
                    )
                img.load()
                rgb = _eight_bit(ImageOps.exif_transpose(img)).convert("RGB")
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError(f"{path}: image is too large to decode safely (decompression bomb guard)") from None
    except UnidentifiedImageError:
        raise ImageError(f"{path}: not an image file (or an unsupported format)") from None
    except OSError as exc:
        raise ImageError(f"{path}: image is truncated or corrupt ({exc})") from None
    except (ValueError, SyntaxError) as exc:  # PIL raises these for some malformed headers
        raise ImageError(f"{path}: image is corrupt ({exc})") from None
    return np.ascontiguousarray(np.asarray(rgb)[:, :, ::-1])


@cache
def _open_heif_too() -> None:
    """HEIC/HEIF photos straight from phones (pi-heif's opener, registered at the first photo read)."""
    from pi_heif import register_heif_opener

    register_heif_opener()


def _eight_bit(img: Image.Image) -> Image.Image:
    """High-depth grayscale (16-bit, 32-bit integer, float) scaled to 8 bits; PIL's own convert would clip
    those values at 255 and give a white image. Other modes pass through."""
    if not (img.mode.startswith("I") or img.mode == "F"):
        return img
    values = np.asarray(img, dtype=np.float64)
    values = np.nan_to_num(values, nan=0.0, posinf=0.0, neginf=0.0)
    low, high = float(values.min(initial=0.0)), float(values.max(initial=0.0))
    if img.mode.startswith("I;16") or (img.mode == "I" and low >= 0 and 255 < high <= 65535):
        scaled = values / 257.0  # the 16-bit range onto the 8-bit one
    elif img.mode == "F" and low >= 0 and high <= 1.0:
        scaled = values * 255.0  # a float image in [0, 1]
    elif low >= 0 and high <= 255:
        scaled = values  # 8-bit values in a wider type
    else:
        scaled = (values - low) * (255.0 / max(high - low, 1e-12))  # any other range: stretched
    return Image.fromarray(np.clip(np.rint(scaled), 0, 255).astype(np.uint8), mode="L")


def list_images(directory: Path) -> list[Path]:
    """Image files directly inside ``directory``, sorted by name."""
    return sorted(p for p in directory.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
