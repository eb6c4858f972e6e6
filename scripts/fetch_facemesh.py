"""Place MediaPipe's Face Mesh model (the registry's ``facemesh``) where only PyPI is reachable: it ships inside the
``mediapipe`` 0.10.14 wheel, which pip downloads (without installing it); the file is taken out of it, checked against
the registry's sha256, and written to the models folder. Elsewhere ``python main.py models fetch facemesh`` downloads it
from MediaPipe's asset bucket.

    .venv/bin/python scripts/fetch_facemesh.py [--to FOLDER]   (default: the kiosk's models folder)
"""
from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.registry import ModelRegistry, models_dir  # noqa: E402

WHEEL = "mediapipe==0.10.14"
MEMBER = "mediapipe/modules/face_landmark/face_landmark.tflite"


def main() -> int:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--to", type=Path, help="folder to write face_landmark.tflite into (default: the models folder)")
    args = parser.parse_args()
    spec = ModelRegistry.load().get("facemesh")
    folder = args.to or models_dir(None)
    target = folder / spec.filename
    if target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == spec.sha256:
        print(f"{target}: present")
        return 0
    with tempfile.TemporaryDirectory() as work:
        pip = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:", "-q", "-d", work, WHEEL]
        if subprocess.run(pip, check=False).returncode != 0:
            print(f"could not download {WHEEL} from PyPI", file=sys.stderr)
            return 1
        [wheel] = Path(work).glob("mediapipe-*.whl")
        data = zipfile.ZipFile(wheel).read(MEMBER)
    digest = hashlib.sha256(data).hexdigest()
    if digest != spec.sha256:
        print(f"{MEMBER} in {wheel.name} has sha256 {digest}, not the registry's {spec.sha256}: not used", file=sys.stderr)
        return 1
    folder.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    partial.write_bytes(data)
    partial.replace(target)
    print(f"{target}: written ({len(data):,} bytes, sha256 checked)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
