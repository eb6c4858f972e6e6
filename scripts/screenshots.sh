#!/usr/bin/env bash
# The docs' pictures: starts the real window under Xvfb on the Hamilton clip with four people
# enrolled and saves a PNG of every page (the live view once it greets someone), the kiosk mode,
# the first-run dialog, and, once a replay attack and a code check-in are recorded, the presentation
# attacks, audit and timesheet tabs, the code check-in dialog and a consent withdrawal, into docs/screenshots/
# (or the folder given). Needs ../shared (models and media) and the
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
import numpy as np

from services.enrolment import assess_photo
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
    vectors, qualities = assessment.vector[None], np.array([assessment.embedding_quality], np.float32)
    jpeg = cv2.imencode(".jpg", assessment.crop)[1].tobytes()
    runtime.store.enrol(code, name, "Hamilton", runtime.recognizer.name, vectors, qualities, photos=[jpeg],
                        consent_at=datetime.now(timezone.utc))
# an early shift for the department, a holiday, some leave: the Shifts page and the timesheet have something to show
from datetime import date, time

from attendance.records import LeaveKind
from attendance.shifts import Flex, Shift

store = runtime.store
store.save_shift(Shift("early", time(6), time(14), break_minutes=30, grace_minutes=5, weekdays=frozenset(range(7))), actor="admin")
store.save_shift(Shift("night", time(22), time(6), break_minutes=30, weekdays=frozenset({0, 1, 2, 3, 4})), actor="admin")
store.save_shift(Shift("office", time(7), time(19), break_minutes=30, grace_minutes=5, flex=Flex(480, time(10), time(15))), actor="admin")
store.set_department_shift("Hamilton", "early", actor="admin")
store.add_holiday(date(2026, 12, 25), "Christmas Day", actor="admin")
store.add_holiday(date(2026, 12, 26), "Boxing Day", actor="admin")
store.add_leave("jb", date(2026, 12, 21), date(2026, 12, 24), LeaveKind.VACATION, "family visit", actor="admin")
# last week's punches, entered by hand and marked as examples: one late, one forgot to check out, one absent
from datetime import timedelta


zone = datetime.now().astimezone().tzinfo
for days_ago in range(1, 7):
    day = date.today() - timedelta(days=days_ago)
    for code, arrive, leave in (("lmm", (5, 52), (14, 3)), ("al", (6, 4 + 3 * days_ago), (14, 40)), ("bo", (5, 58), (13, 30))):
        if code == "bo" and days_ago == 3:
            continue  # absent
        store.add_manual_event(code, "in", datetime.combine(day, time(*arrive), zone), reason="example", actor="admin")
        if not (code == "lmm" and days_ago == 2):  # forgot to check out
            store.add_manual_event(code, "out", datetime.combine(day, time(*leave), zone), reason="example", actor="admin")
EOF

mkdir -p "$out"
# Every page once (the live view as soon as it greets someone), without the PIN.
"$python" main.py --data-dir "$work/data" "${models[@]}" --source "$examples/short_hamilton_clip.mp4" \
  --screenshot-dir "$work/pages" --screenshot-pages --exit-after 28
# Kiosk mode, full screen, until the audience (Barack Obama) is greeted.
"$python" main.py --data-dir "$work/data" "${models[@]}" --source "$examples/short_hamilton_clip.mp4" \
  --screenshot-dir "$work/kiosk" --kiosk --exit-after 11

# Every page in Vietnamese and in Chinese, and in high contrast (Settings > Display and sound).
for language in vi zh_CN; do
  "$python" main.py --data-dir "$work/data" "${models[@]}" --source "$examples/short_hamilton_clip.mp4" \
    --screenshot-dir "$work/pages-$language" --screenshot-pages --language "$language" --exit-after 28
done
printf '[display]\nhigh_contrast = true\n' > "$work/high-contrast.toml"
"$python" main.py --config "$work/high-contrast.toml" --data-dir "$work/data" "${models[@]}" \
  --source "$examples/short_hamilton_clip.mp4" --screenshot-dir "$work/pages-high-contrast" --screenshot-pages --exit-after 28

# A replay attack (a phone showing a face to the camera): the kiosk records it and checks nobody in.
"$python" main.py --data-dir "$work/data" "${models[@]}" process "$shared/media/spoof/videos/ZubairCracksCode__fake.mp4" >/dev/null 2>&1

# A code check-in, the attendance page's attacks, audit and timesheet tabs, the code dialog, a consent withdrawal.
"$python" - "$work/data" "$shared" "$out" <<'EOF'
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from core.config import AppConfig, DetectorSettings, RecognizerSettings
from gui.app import _application
from gui.attendance_page import ATTACKS_TAB, AttendancePage
from gui.code_checkin import CodeCheckInDialog
from gui.context import GuiContext
from gui.employees_page import EmployeesPage
from services.code_checkin import CodeCheckIn, add_without_face
from services.runtime import Runtime

data, shared, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
app = _application()
runtime = Runtime(AppConfig(
    data_dir=data,
    detector=DetectorSettings(kind="yolo", weights=str(shared / "models/yolov8n-face_int8.tflite")),
    recognizer=RecognizerSettings(arch="edgeface_xs_q", weights=str(shared / "models/edgeface_xs_q.pt"), device="cpu"),
))
add_without_face(runtime.store, "cy", "Cao Yến", "Hamilton", "246810", actor="admin")
CodeCheckIn(runtime.store, runtime.desk).check_in("cy", "246810", datetime.now(timezone.utc))
context = GuiContext(runtime, data / "config.toml", "0")


def settle(until, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not until():
        app.processEvents()
        time.sleep(0.05)
    for _ in range(10):
        app.processEvents()
        time.sleep(0.02)


page = AttendancePage(context)
page.resize(1280, 760)
page.show()
page.refresh()
settle(lambda: not page.loading)
# someone greeted at the door said "not me": the review queue shows it, with the face kept and the check-in taken back
import cv2
import numpy as np

from attendance.records import EventFilter

from services.greeting import face_crop

taken = [e for e in runtime.store.events(EventFilter()) if e.method == "face"][-1]
clip = cv2.VideoCapture(str(shared / "media/face_recognition_examples/examples/short_hamilton_clip.mp4"))
clip.set(cv2.CAP_PROP_POS_FRAMES, taken.frame_index or 0)
_, frame = clip.read()
faces = runtime.engine.analyze(frame).detections  # the face the kiosk kept with the "not me"
face = cv2.imencode(".jpg", face_crop(frame, faces.boxes[int(np.argmax(faces.areas))]))[1].tobytes()
runtime.store.void_event(taken.id, reason="not me at the kiosk", actor="kiosk")
vector = np.random.default_rng(1).normal(size=512).astype(np.float32)
runtime.store.add_rejected_look(taken.employee_id, runtime.recognizer_spec.arch, vector / np.linalg.norm(vector), face=face,
                                event_uid=taken.uid, kiosk_id=taken.kiosk_id, actor="kiosk")
page.refresh()
settle(lambda: not page.loading)
for title, name in ((ATTACKS_TAB, "attacks"), ("Audit log", "audit"), ("Timesheet", "timesheet"), ("To review", "review")):
    if name == "timesheet":  # last week's
        page.from_date.setDate(page.to_date.date().addDays(-7))
        settle(lambda: False, 1.0)
        settle(lambda: not page.loading)
    page.tabs.setCurrentIndex(next(i for i in range(page.tabs.count()) if page.tabs.tabText(i).startswith(title)))
    if name == "review":
        page.review.table.selectRow(0)
    settle(lambda: False, 1.0)
    page.grab().save(str(out / f"{name}.png"))
page.close()

dialog = CodeCheckInDialog(lambda code, pin: None, lambda code, setup, pin: None, "cy")
dialog.pin.setText("246810")
dialog.show()
settle(lambda: False, 0.5)
dialog.grab().save(str(out / "code-checkin.png"))
dialog.close()

employees = EmployeesPage(context)
employees.resize(1280, 760)
employees.show()
employees.refresh()
settle(lambda: employees.table.model().rowCount() > 0)
employees.withdraw_consent("jb")
settle(lambda: "Receipt kept" in employees.status.text())
employees.grab().save(str(out / "privacy.png"))
runtime.close()
EOF

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

# The head-turn challenge's instruction on the banner, in Vietnamese, over the clip's first frame.
"$python" - "$work/data" "$examples/short_hamilton_clip.mp4" "$out/challenge-vi.png" <<'EOF'
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import cv2

from core.config import AppConfig, Language
from gui.app import TRANSLATIONS, _application
from gui.context import GuiContext
from gui.kiosk_view import KioskView
from pipeline.types import Direction, Frame
from services.greeting import Greeting, face_crop
from services.runtime import Runtime

data, clip, target = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
app = _application()
TRANSLATIONS.use(Language.VIETNAMESE)
runtime = Runtime(AppConfig(data_dir=data))
view = KioskView(GuiContext(runtime, data / "config.toml", "0"))
view.resize(1280, 720)
view.show()
capture = cv2.VideoCapture(clip)
_, image = capture.read()
view.show_frame(Frame(image, 0, 0.0))
view.show_greeting(Greeting("challenge", 1, "Lin-Manuel Miranda", datetime.now(timezone.utc), face_crop(image, [515, 25, 585, 100]),
                            None, asked=Direction.LEFT))
for _ in range(20):
    app.processEvents()
    time.sleep(0.05)
view.grab().save(target)
runtime.close()
EOF

# The Settings page at its Liveness box: the cues and the challenge.
"$python" - "$work/data" "$out/settings-liveness.png" <<'EOF'
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QScrollArea

from core.config import AppConfig
from gui.app import _application
from gui.context import GuiContext
from gui.models import ModelDownloads
from gui.settings_page import SettingsPage
from services.runtime import Runtime

data, target = Path(sys.argv[1]), sys.argv[2]
app = _application()
runtime = Runtime(AppConfig(data_dir=data))
page = SettingsPage(GuiContext(runtime, data / "config.toml", "0"), runtime.pins, ModelDownloads())
page.resize(1100, 640)
page.show()
app.processEvents()
page.findChild(QScrollArea).ensureWidgetVisible(page.field("liveness.mirrored_camera"), 50, 120)
for _ in range(20):
    app.processEvents()
    time.sleep(0.05)
page.grab().save(target)
runtime.close()
EOF

for page in kiosk enrol employees attendance shifts kiosks settings; do
  cp "$work/pages/page-$page.png" "$out/$page.png"
done
cp "$work/kiosk/window-exit.png" "$out/kiosk-mode.png"
for variant in vi zh_CN high-contrast; do
  cp "$work/pages-$variant/page-kiosk.png" "$out/kiosk-$variant.png"
done
for language in vi zh_CN; do
  cp "$work/pages-$language/page-attendance.png" "$out/attendance-$language.png"
done
ls -1 "$out"
