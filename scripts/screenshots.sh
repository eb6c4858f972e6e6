#!/usr/bin/env bash
# The README pictures: starts the real window under Xvfb on the Hamilton clip with four people
# enrolled and saves a PNG of every page (the live view once it greets someone), plus the kiosk
# mode, into docs/screenshots/ (or the folder given). Needs ../shared (models and media) and the
# project's .venv; installs Xvfb with apt-get when it is missing. Usage: scripts/screenshots.sh [DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${KIOSK_SHARED_DIR:-$root/../shared}"
out="${1:-$root/docs/screenshots}"
python="$root/.venv/bin/python"
examples="$shared/media/face_recognition_examples/examples"
[ -d "$examples" ] || { echo "needs $shared (models and media)" >&2; exit 1; }

# Xvfb, and the X libraries Qt's xcb platform plugin needs beyond a minimal system
packages=(xvfb libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0
          libxcb-randr0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0 libegl1 libfontconfig1 libdbus-1-3)
if ! dpkg -s "${packages[@]}" >/dev/null 2>&1; then
  sudo_=""; [ "$(id -u)" -eq 0 ] || sudo_="sudo"
  $sudo_ apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq "${packages[@]}" >/dev/null
fi

work="$(mktemp -d)"
display=":$((90 + RANDOM % 100))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
trap 'kill "$xvfb_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
export DISPLAY="$display"
export KIOSK_MODEL_PATH="$shared/models"  # the liveness models, found by their registry names
unset QT_QPA_PLATFORM
sleep 1

models=(--detector yolo --detector-weights "$shared/models/yolov8n-face_int8.tflite"
        --recognizer edgeface_xs_q --recognizer-weights "$shared/models/edgeface_xs_q.pt" --device cpu)

# Enrol the four people with their aligned photos kept (the greeting shows them beside the live face).
cd "$root"
"$python" - "$work/data" "$shared" <<'EOF'
import sys
from datetime import datetime, timezone
from pathlib import Path

import cv2

from core.config import AppConfig, DetectorSettings, EnrolmentSettings, RecognizerSettings
from services.enrolment import accepted_arrays, assess_photo
from services.runtime import Runtime

data, shared = Path(sys.argv[1]), Path(sys.argv[2])
examples = shared / "media/face_recognition_examples/examples"
runtime = Runtime(AppConfig(
    data_dir=data,
    detector=DetectorSettings(kind="yolo", weights=str(shared / "models/yolov8n-face_int8.tflite")),
    recognizer=RecognizerSettings(arch="edgeface_xs_q", weights=str(shared / "models/edgeface_xs_q.pt"), device="cpu"),
    enrolment=EnrolmentSettings(keep_photos=True),
))
people = [("lmm", "Lin-Manuel Miranda", "lin-manuel-miranda.png"), ("al", "Alex Lacamoire", "alex-lacamoire.png"),
          ("bo", "Barack Obama", "obama.jpg"), ("jb", "Joe Biden", "biden.jpg")]
for code, name, photo in people:
    assessment = assess_photo(runtime.engine, examples / photo, runtime.quality_limits)
    vectors, qualities = accepted_arrays([assessment])
    jpeg = cv2.imencode(".jpg", assessment.crop)[1].tobytes()
    runtime.store.enrol(code, name, "Hamilton", runtime.recognizer.name, vectors, qualities, photos=[jpeg],
                        consent_at=datetime.now(timezone.utc))
EOF

mkdir -p "$out"
# Every page once (the live view as soon as it greets someone), without the PIN.
"$python" main.py --data-dir "$work/data" "${models[@]}" --source "$examples/short_hamilton_clip.mp4" \
  --screenshot-dir "$work/pages" --screenshot-pages --exit-after 28
# Kiosk mode, full screen, until the audience (Barack Obama) is greeted.
"$python" main.py --data-dir "$work/data" "${models[@]}" --source "$examples/short_hamilton_clip.mp4" \
  --screenshot-dir "$work/kiosk" --kiosk --exit-after 11

# The first-run dialog of a kiosk with no model files yet (the kit for an ordinary PC first).
env -u KIOSK_MODEL_PATH "$python" - "$work/fresh" "$out/first-run-models.png" <<'EOF'
import sys
import time
from pathlib import Path

from gui.app import _application
from gui.first_run import ModelsDialog
from gui.models import ModelDownloads
from core.config import AppConfig

app = _application()
fresh, target = Path(sys.argv[1]), sys.argv[2]
dialog = ModelsDialog(AppConfig(data_dir=fresh / "data", models_dir=fresh / "models"), fresh / "config.toml", ModelDownloads())
dialog.resize(1100, 560)
dialog.show()
for _ in range(20):  # let the table lay its columns and buttons out
    app.processEvents()
    time.sleep(0.05)
dialog.grab().save(target)
EOF

for page in kiosk enrol employees attendance settings; do
  cp "$work/pages/page-$page.png" "$out/$page.png"
done
cp "$work/kiosk/window-exit.png" "$out/kiosk-mode.png"
ls -1 "$out"
