"""Ultralytics YOLO face detectors from ``.pt`` files (torch); exports run without Ultralytics (``yolo_exported``)."""
from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import torch

# Ultralytics must never pip-install or phone home from a kiosk: set before its first import.
os.environ.setdefault("YOLO_AUTOINSTALL", "false")
os.environ.setdefault("YOLO_OFFLINE", "true")
os.environ.setdefault("YOLO_VERBOSE", "false")  # no banner, no "Creating new Ultralytics Settings" on a first run

from ultralytics import YOLO
from ultralytics.engine.results import Results
from ultralytics.utils import LOGGER

from core.config import DetectorSettings
from core.errors import ModelError
from pipeline.detectors import check_model_file, finish, load_error
from pipeline.detectors.mtcnn import MtcnnLandmarker
from pipeline.recognizers.checkpoints import TRUST_HINT
from pipeline.types import LANDMARK_COUNT, FaceDetections

SUFFIXES = {".pt"}


@contextmanager
def _quiet_ultralytics() -> Iterator[None]:
    """Silence Ultralytics' info logging (e.g. "Loading ... for LiteRT inference") while loading, and undo
    its ``torch.set_num_threads(cpu_count - 1)``, which would halve the recognizers' speed on 2 cores."""
    level = LOGGER.level
    threads = torch.get_num_threads()
    LOGGER.setLevel(logging.ERROR)
    try:
        yield
    finally:
        LOGGER.setLevel(level)
        torch.set_num_threads(threads)


class YoloDetector:
    """A single-class YOLO face model; the task (``pose`` or ``detect``) is read from the model itself.

    A ``.pt`` file is only loaded when ``trusted`` (the user trusts it, or its sha256 matches the
    registry's pin): Ultralytics unpickles it, and unpickling can run code.

    Pose models must have 5 keypoints, returned as the landmarks (image-left eye first, as YOLOv8-face
    emits them). Box-only models get their landmarks from MTCNN run on each enlarged face crop; a face
    in whose crop MTCNN finds no face is dropped, because a box without real landmarks cannot be aligned.
    """

    name = "yolo"

    def __init__(self, weights: Path, settings: DetectorSettings, device: str = "cpu", *, trusted: bool = False) -> None:
        path = check_model_file(weights, SUFFIXES, "YOLO")
        if not trusted:
            # Ultralytics loads .pt checkpoints by unpickling whole model objects: a crafted file runs its code
            raise ModelError(
                f"{path} was refused: a YOLO .pt file is loaded by unpickling, which could run code; use its ONNX "
                f"or TFLite export (`yolo export model=FILE format=onnx`) or a registry download whose sha256 "
                f"matches; or, {TRUST_HINT}"
            )
        self._settings = settings
        self._device = device
        self.input_size = settings.input_size
        with _quiet_ultralytics():
            try:
                self._model = YOLO(str(path))
                self._predict(np.zeros((64, 64, 3), np.uint8))
            except Exception as exc:  # Ultralytics raises anything from TypeError to ValueError for a bad file
                raise load_error("YOLO", path, exc) from exc
        backend = self._model.predictor.model
        task, names = self._model.task, backend.names
        if task not in ("pose", "detect"):
            raise ModelError(f"YOLO model {path} is a {task} model; expected a face detect or pose model")
        if len(names) != 1:
            raise ModelError(f"YOLO model {path} has {len(names)} classes; expected a single-class face model")
        if task == "pose" and next(iter(backend.kpt_shape)) != LANDMARK_COUNT:
            raise ModelError(f"YOLO model {path} has {backend.kpt_shape[0]} keypoints; expected {LANDMARK_COUNT}")
        self.has_keypoints = task == "pose"
        self._landmarker = None if self.has_keypoints else MtcnnLandmarker(device)

    def detect(self, image: np.ndarray) -> FaceDetections:
        result = self._predict(image)
        boxes = result.boxes.xyxy.cpu().numpy()
        scores = result.boxes.conf.cpu().numpy()
        if self._landmarker is None:
            landmarks = result.keypoints.xy.cpu().numpy()
        else:  # MTCNN only on the faces big enough to be reported
            big = np.minimum(boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]) >= self._settings.min_face
            found, landmarks = self._landmarker.landmarks(image, boxes[big])
            keep = np.flatnonzero(big)[found]
            boxes, scores = boxes[keep], scores[keep]
        return finish(FaceDetections(boxes, scores, landmarks), image.shape, self._settings.min_face)

    def _predict(self, image: np.ndarray) -> Results:
        with _quiet_ultralytics():  # the first predict sets the predictor (and torch's threads) up
            return self._model.predict(
                image,
                imgsz=self.input_size,
                conf=self._settings.confidence,
                device=self._device,
                verbose=False,
            )[0]

