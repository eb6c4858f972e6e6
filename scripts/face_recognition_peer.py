"""The peer the kiosk's `process` speed is compared with: the face_recognition library's per-frame loop (dlib HOG
detection, 128-d encodings, compare_faces against Barack Obama and Lin-Manuel Miranda) over a clip, as its own
examples do. Run it with an interpreter that has face_recognition (e.g. dlib-bin, face_recognition_models,
opencv-python-headless); it prints the frames, the wall seconds from its start (imports included) and the fps.

    /tmp/frvenv/bin/python scripts/face_recognition_peer.py ../shared/media/face_recognition_examples/examples/short_hamilton_clip.mp4
"""
from __future__ import annotations

import sys
import time

STARTED = time.monotonic()

from pathlib import Path  # noqa: E402

import cv2  # noqa: E402
import face_recognition  # noqa: E402


def main() -> int:
    clip = Path(sys.argv[1])
    examples = clip.parent
    known = [face_recognition.face_encodings(face_recognition.load_image_file(examples / name))[0]
             for name in ("obama.jpg", "lin-manuel-miranda.png")]
    capture = cv2.VideoCapture(str(clip))
    frames = matches = 0
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        frames += 1
        rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
        for encoding in face_recognition.face_encodings(rgb, face_recognition.face_locations(rgb)):
            matches += any(face_recognition.compare_faces(known, encoding))
    seconds = time.monotonic() - STARTED
    print(f"frames {frames}  faces matched {matches}  wall {seconds:.2f} s  fps {frames / seconds:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
