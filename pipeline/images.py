"""Reading photos safely: clear errors for bad files, a decompression-bomb guard, EXIF orientation."""
from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError
from pi_heif import register_heif_opener

register_heif_opener()  # HEIC/HEIF photos straight from phones

MAX_PIXELS = 64_000_000  # 64 MP: bigger than any camera photo, far below a decompression bomb
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff"})


def read_image(path: str | Path, max_pixels: int = MAX_PIXELS) -> np.ndarray:
    """Decode an image file into an (H, W, 3) uint8 BGR array, upright according to its EXIF tag.

    Raises ImageError with a one-line reason for a missing, empty, truncated, corrupt, non-image
    or oversized file.
    """
    from pipeline.errors import ImageError

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
                rgb = ImageOps.exif_transpose(img).convert("RGB")
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


def list_images(directory: Path) -> list[Path]:
    """Image files directly inside ``directory``, sorted by name."""
    return sorted(p for p in directory.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
