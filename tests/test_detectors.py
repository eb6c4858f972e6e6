"""Face detectors: plumbing and error handling on synthetic data, then the real models on real photos."""
from __future__ import annotations

import contextlib
from pathlib import Path

import cv2
import numpy as np
import pytest

from core.config import DetectorSettings
from core.errors import ModelError
from pipeline.detectors import build_detector, check_model_file, downscale, finish
from pipeline.detectors.mtcnn import MtcnnLandmarker
from pipeline.detectors.yolo_exported import ExportedYoloDetector, greedy_nms, letterbox
from pipeline.detectors.yunet import _letterbox, onnx_input_size
from pipeline.types import FaceDetections
from tests.conftest import shared_path

DATASET = "media/deepface_dataset"
# Single-person photos in which real bystanders are visible too (checked by eye): more than one face is right.
WITH_BYSTANDERS = {"img16.jpg", "img54.jpg", "img59.jpg", "img62.jpg"}
MULTI_PERSON = {"couple.jpg", "selfie-many-people.jpg"}
FEW_PHOTOS = ["img1.jpg", "img11.jpg", "img20.jpg", "img35.jpg", "img47.jpg", "couple.jpg"]
LANDMARK_TOLERANCE = 0.3  # of the eye distance; a left/right swap is off by about 1.0


# ---------------------------------------------------------------- synthetic: plumbing


def _faces(boxes: list[list[float]]) -> FaceDetections:
    boxes_array = np.array(boxes, np.float32)
    return FaceDetections(boxes_array, np.full(len(boxes), 0.9), np.zeros((len(boxes), 5, 2)))


def test_finish_clips_boxes_and_drops_small_faces() -> None:
    faces = _faces([[-10, -5, 50, 60], [100, 100, 115, 140], [190, 90, 260, 130]])
    kept = finish(faces, (120, 200, 3), min_face=20)
    np.testing.assert_array_equal(kept.boxes, [[0, 0, 50, 60]])  # 15 px wide; clipped to 10 px wide: both dropped
    assert len(finish(faces, (120, 200, 3), min_face=1)) == 3
    assert len(finish(FaceDetections.empty(), (10, 10, 3), min_face=5)) == 0


def test_downscale_only_shrinks() -> None:
    image = np.zeros((300, 1200, 3), np.uint8)
    small, scale = downscale(image, 600)
    assert small.shape == (150, 600, 3) and scale == 0.5
    same, scale = downscale(image, 2000)
    assert same is image and scale == 1.0


def test_letterbox_keeps_aspect_and_pads_right_bottom() -> None:
    image = np.full((100, 200, 3), 255, np.uint8)
    canvas, scale = _letterbox(image, (640, 640))
    assert canvas.shape == (640, 640, 3) and scale == 3.2
    assert canvas[319, 639].min() == 255 and canvas[321, 0].max() == 0


def test_yolo_letterbox_centres_on_grey_and_reports_its_scales() -> None:
    image = np.full((100, 300, 3), 255, np.uint8)
    canvas, gain, pad = letterbox(image, 640)
    assert canvas.shape == (640, 640, 3)
    np.testing.assert_allclose(gain, [640 / 300, 213 / 100])  # each side's own rounding, as Ultralytics maps back
    assert pad.tolist() == [0, 213]  # (640 - 213) / 2 = 213.5: 213 above, 214 below
    assert canvas[212, 320].tolist() == [114] * 3 and canvas[213, 320].tolist() == [255] * 3
    assert canvas[425, 320].tolist() == [255] * 3 and canvas[426, 320].tolist() == [114] * 3


def test_greedy_nms_keeps_the_best_of_each_overlapping_group() -> None:
    boxes = np.array([[0, 0, 10, 10], [1, 0, 11, 10], [20, 20, 30, 30], [0, 0, 10, 10.5]], np.float32)
    scores = np.array([0.6, 0.9, 0.5, 0.55], np.float32)
    assert greedy_nms(boxes, scores, 0.7).tolist() == [1, 2]  # IoU(1, 0) = 0.82, IoU(1, 3) = 0.78
    assert greedy_nms(boxes, scores, 0.8).tolist() == [1, 3, 2]  # IoU(1, 3) = 0.78 is below 0.8 (kept); 0 vs 3 is 0.95
    assert greedy_nms(boxes[:0], scores[:0], 0.7).tolist() == []


# ------------------------------------------------ synthetic: ONNX input shape and bad model files


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        out.append((value & 0x7F) | (0x80 if value > 0x7F else 0))
        value >>= 7
        if not value:
            return bytes(out)


def _message(field: int, payload: bytes) -> bytes:
    return _varint(field << 3 | 2) + _varint(len(payload)) + payload


def _number(field: int, value: int) -> bytes:
    return _varint(field << 3) + _varint(value)


def _onnx_with_input(dims: list[int | str]) -> bytes:
    """A minimal ModelProto whose graph has one input with the given dims (int = fixed, str = symbolic)."""
    shape = b"".join(
        _message(1, _number(1, d % (1 << 64)) if isinstance(d, int) else _message(2, d.encode())) for d in dims
    )
    value_info = _message(1, b"input") + _message(2, _message(1, _number(1, 1) + _message(2, shape)))
    graph = _message(1, b"node-bytes-are-skipped") + _message(11, value_info)
    return _number(1, 8) + _message(7, graph)


@pytest.mark.parametrize(
    ("dims", "expected"),
    [
        ([1, 3, 480, 640], (640, 480)),
        ([1, 3, "h", "w"], None),
        ([1, 3, -1, -1], None),
        (["n", 3, 640, 640], (640, 640)),
    ],
)
def test_onnx_input_size_reads_the_graph_input(tmp_path: Path, dims: list, expected: tuple | None) -> None:
    path = tmp_path / "model.onnx"
    path.write_bytes(_onnx_with_input(dims))
    assert onnx_input_size(path) == expected


@pytest.mark.parametrize(("kind", "name"), [("yolo", "face.pt"), ("yolo", "face.tflite"), ("yunet", "face.onnx")])
@pytest.mark.parametrize("content", [b"", b"this is not a model\n", bytes(range(256)) * 7])
def test_bad_model_file_raises_model_error_naming_it(tmp_path: Path, kind: str, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ModelError) as caught:
        build_detector(kind, path, DetectorSettings())
    message = str(caught.value)
    assert str(path) in message and "\n" not in message


def test_missing_or_misnamed_model_file(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not found.*absent.pt"):
        build_detector("yolo", tmp_path / "absent.pt", DetectorSettings())
    with pytest.raises(ModelError, match="suffix '.yaml'"):  # Ultralytics would build an untrained model from it
        check_model_file(tmp_path / "yolov8n.yaml", {".pt"}, "YOLO")
    with pytest.raises(ModelError, match="needs a weights file"):
        build_detector("yunet", None, DetectorSettings())
    with pytest.raises(ModelError, match="unknown detector kind"):
        build_detector("haar", tmp_path / "x.xml", DetectorSettings())


@pytest.fixture(scope="module")
def ultralytics_checkpoints(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Untrained Ultralytics checkpoints (random weights) with the layouts the YOLO loader must accept or refuse."""
    import torch
    from ultralytics.nn.tasks import DetectionModel, PoseModel

    folder = tmp_path_factory.mktemp("yolo")
    models = {
        "box_only": (DetectionModel("yolov8n.yaml", nc=1, verbose=False), "detect", {0: "face"}),
        "pose17": (PoseModel("yolov8n-pose.yaml", nc=1, data_kpt_shape=(17, 3), verbose=False), "pose", {0: "face"}),
        "coco": (DetectionModel("yolov8n.yaml", nc=3, verbose=False), "detect", {0: "person", 1: "car", 2: "dog"}),
    }
    paths = {}
    for name, (model, task, names) in models.items():
        model.names = names
        paths[name] = folder / f"{name}.pt"
        torch.save({"model": model, "train_args": {"task": task}}, paths[name])
    return paths


class _Payload:
    """Unpickling this writes a file: what a crafted model file would do instead."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "ran"))


def test_a_crafted_yolo_pt_never_runs_unless_trusted(tmp_path: Path) -> None:
    import torch

    marker = tmp_path / "pwned"
    crafted = tmp_path / "face.pt"
    torch.save({"model": _Payload(marker), "train_args": {"task": "detect"}}, crafted)
    with pytest.raises(ModelError, match="was refused: a YOLO .pt file is loaded by unpickling") as caught:
        build_detector("yolo", crafted, DetectorSettings())
    assert str(crafted) in str(caught.value) and "--trust-checkpoint" in str(caught.value)
    assert not marker.exists()
    with pytest.raises(ModelError):  # trusted, it is unpickled (and runs), then refused as no model
        build_detector("yolo", crafted, DetectorSettings(), trusted=True)
    assert marker.read_text() == "ran"  # which is why trust is never the default


def test_only_the_pinned_pt_file_is_trusted_without_asking(tmp_path: Path, ultralytics_checkpoints: dict[str, Path]) -> None:
    from core.config import AppConfig
    from pipeline.registry import ModelRegistry, sha256_file
    from services.runtime import Runtime

    model = tmp_path / "yolov8n-face.pt"
    model.write_bytes(ultralytics_checkpoints["box_only"].read_bytes())
    runtime = Runtime(AppConfig(data_dir=tmp_path))
    assert not runtime.trusts(model)  # the shipped registry pins no hash for this file
    entries = [s.model_copy(update={"sha256": sha256_file(model)}) if s.filename == model.name else s for s in runtime.registry.models]
    runtime.registry = ModelRegistry(models=tuple(entries))
    assert runtime.trusts(model)
    model.write_bytes(model.read_bytes() + b"\0")  # one byte more: not the pinned file any longer
    assert not runtime.trusts(model)
    assert not runtime.trusts(shared_path("models/yolov8n-face_int8.tflite"))  # not a pickle: never needs trust


def test_yolo_refuses_wrong_architectures(ultralytics_checkpoints: dict[str, Path]) -> None:
    with pytest.raises(ModelError, match="17 keypoints; expected 5"):
        build_detector("yolo", ultralytics_checkpoints["pose17"], DetectorSettings(), trusted=True)
    with pytest.raises(ModelError, match="3 classes"):
        build_detector("yolo", ultralytics_checkpoints["coco"], DetectorSettings(), trusted=True)


def test_box_only_yolo_never_invents_landmarks(ultralytics_checkpoints: dict[str, Path]) -> None:
    """An untrained box-only model emits junk boxes; MTCNN finds no face in them, so every one is dropped."""
    settings = DetectorSettings(confidence=0.01, input_size=160)
    detector = build_detector("yolo", ultralytics_checkpoints["box_only"], settings, trusted=True)
    assert detector.has_keypoints is False
    faces = detector.detect(np.full((160, 160, 3), 127, np.uint8))
    assert len(faces) == 0 and faces.landmarks.shape == (0, 5, 2)


@pytest.fixture(scope="module")
def pose_onnx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An untrained single-class, 5-keypoint YOLOv8n pose model exported by Ultralytics to ONNX (160 px)."""
    import yaml
    from ultralytics import YOLO
    from ultralytics.cfg import ROOT

    folder = tmp_path_factory.mktemp("pose_onnx")
    layout = yaml.safe_load((ROOT / "cfg/models/v8/yolov8-pose.yaml").read_text())
    layout.update(nc=1, kpt_shape=[5, 3])
    (folder / "yolov8n-face.yaml").write_text(yaml.safe_dump(layout))  # "n" in the name: the nano scale
    with contextlib.chdir(folder):  # Ultralytics writes the export beside the layout's name, in the working folder
        model = YOLO("yolov8n-face.yaml", task="pose")
        model.model.names = {0: "face"}
        return (folder / model.export(format="onnx", imgsz=160, simplify=False, dynamic=False)).resolve()


def _ultralytics_faces(weights: Path, image: np.ndarray, settings: DetectorSettings) -> FaceDetections:
    from ultralytics import YOLO

    result = YOLO(str(weights), task="pose").predict(image, imgsz=settings.input_size, conf=settings.confidence, verbose=False)[0]
    found = FaceDetections(result.boxes.xyxy.numpy(), result.boxes.conf.numpy(), result.keypoints.xy.numpy())
    return finish(found, image.shape, settings.min_face)


def _by_score(faces: FaceDetections) -> FaceDetections:
    return faces[np.argsort(-faces.scores, kind="stable")]


def test_an_onnx_pose_export_runs_on_onnx_runtime_as_ultralytics_runs_it(pose_onnx: Path) -> None:
    """Random weights give dozens of overlapping junk faces (scores near 0.01): a hard case for the letterbox, NMS
    and the mapping back."""
    settings = DetectorSettings(confidence=0.005, input_size=160, min_face=1)
    detector = build_detector("yolo", pose_onnx, settings)
    assert isinstance(detector, ExportedYoloDetector) and detector.input_size == 160
    image = cv2.resize(cv2.imread(str(shared_path(f"{DATASET}/couple.jpg"))), (300, 200))
    ours, theirs = _by_score(detector.detect(image)), _by_score(_ultralytics_faces(pose_onnx, image, settings))
    assert len(ours) == len(theirs) > 3
    np.testing.assert_allclose(ours.scores, theirs.scores, atol=1e-5)
    np.testing.assert_allclose(ours.boxes, theirs.boxes, atol=1e-3)
    np.testing.assert_allclose(ours.landmarks, theirs.landmarks, atol=1e-3)


def test_exports_that_are_not_face_pose_models_are_refused(tmp_path: Path, pose_onnx: Path) -> None:
    import onnx

    model = onnx.load(str(pose_onnx))
    for key, value, message in (("kpt_shape", "[17, 3]", "17 keypoints; expected 5"),
                                ("names", "{0: 'person', 1: 'car'}", "2 classes"),
                                ("task", "'detect'", "is a detect model")):
        changed = onnx.ModelProto()
        changed.CopyFrom(model)
        next(p for p in changed.metadata_props if p.key == key).value = value
        path = tmp_path / f"{key}.onnx"
        onnx.save(changed, str(path))
        with pytest.raises(ModelError, match=message):
            build_detector("yolo", path, DetectorSettings())
    del model.metadata_props[:]
    onnx.save(model, str(tmp_path / "bare.onnx"))
    with pytest.raises(ModelError, match="no Ultralytics metadata"):
        build_detector("yolo", tmp_path / "bare.onnx", DetectorSettings())


def test_landmarker_drops_boxes_without_a_face() -> None:
    found, landmarks = MtcnnLandmarker().landmarks(np.zeros((200, 200, 3), np.uint8), np.array([[20, 20, 120, 140]]))
    assert found.tolist() == [False] and landmarks.shape == (0, 5, 2)


# ---------------------------------------------------------------- real models on real photos


@pytest.fixture(scope="module")
def photos() -> dict[str, np.ndarray]:
    folder = shared_path(DATASET)
    return {path.name: cv2.imread(str(path)) for path in sorted(folder.glob("*.jpg"))}


@pytest.fixture(scope="module")
def yolo():
    return build_detector("yolo", shared_path("models/yolov8n-face_int8.tflite"), DetectorSettings())


@pytest.fixture(scope="module")
def yunet_fixed():
    return build_detector("yunet", shared_path("models/yunet_s_640_640.onnx"), DetectorSettings())


@pytest.fixture(scope="module")
def yunet_dynamic():
    return build_detector("yunet", shared_path("models/yunet_n_dynamic.onnx"), DetectorSettings())


@pytest.fixture(params=["yunet_fixed", "yunet_dynamic"])
def yunet(request: pytest.FixtureRequest):
    return request.getfixturevalue(request.param)


@pytest.fixture(scope="module")
def mtcnn():
    return build_detector("mtcnn", None, DetectorSettings())


def _plausibility_problems(landmarks: np.ndarray, box: np.ndarray) -> list[str]:
    left_eye, right_eye, nose, left_mouth, right_mouth = landmarks
    checks = {
        "left eye left of right eye": left_eye[0] < right_eye[0],
        "left mouth corner left of right": left_mouth[0] < right_mouth[0],
        "eyes above nose": max(left_eye[1], right_eye[1]) < nose[1],
        "nose above mouth": nose[1] < min(left_mouth[1], right_mouth[1]),
        "points inside the box": bool(
            ((landmarks >= box[:2] - 2) & (landmarks <= box[2:] + 2)).all()
        ),
    }
    return [name for name, ok in checks.items() if not ok]


def test_yolo_tflite_finds_each_person(yolo, photos: dict[str, np.ndarray]) -> None:
    assert yolo.has_keypoints and yolo.input_size == 640
    problems = []
    for name, image in photos.items():
        faces = yolo.detect(image)
        if name in MULTI_PERSON:
            continue
        if len(faces) != 1 and name not in WITH_BYSTANDERS:
            problems.append(f"{name}: {len(faces)} faces")
        if name in WITH_BYSTANDERS and len(faces) < 2:
            problems.append(f"{name}: bystanders not found ({len(faces)} faces)")
        if len(faces):
            main = int(np.argmax(faces.areas))
            problems += [f"{name}: {p}" for p in _plausibility_problems(faces.landmarks[main], faces.boxes[main])]
    assert not problems, problems


def test_yolo_tflite_finds_what_ultralytics_finds(yolo, photos: dict[str, np.ndarray]) -> None:
    """The same faces, scores, boxes and keypoints as Ultralytics' LiteRT path, without importing it (or torch)."""
    settings = DetectorSettings()
    for name in [*FEW_PHOTOS, "selfie-many-people.jpg"]:
        ours = _by_score(yolo.detect(photos[name]))
        theirs = _by_score(_ultralytics_faces(shared_path("models/yolov8n-face_int8.tflite"), photos[name], settings))
        assert len(ours) == len(theirs) > 0, name
        np.testing.assert_allclose(ours.scores, theirs.scores, atol=1e-5)
        np.testing.assert_allclose(ours.boxes, theirs.boxes, atol=0.01)  # pixels
        np.testing.assert_allclose(ours.landmarks, theirs.landmarks, atol=0.01)


def test_yolo_tflite_multi_person_photos(yolo, photos: dict[str, np.ndarray]) -> None:
    assert len(yolo.detect(photos["couple.jpg"])) >= 2
    assert len(yolo.detect(photos["selfie-many-people.jpg"])) >= 5


def test_min_face_drops_the_portrait_on_the_wall(yolo, photos: dict[str, np.ndarray]) -> None:
    """img55 has a ~14x18 px face in a framed photo behind the subject."""
    everything = build_detector("yolo", shared_path("models/yolov8n-face_int8.tflite"), DetectorSettings(min_face=1))
    all_faces = everything.detect(photos["img55.jpg"])
    assert len(all_faces) >= 2
    expected = all_faces[np.minimum(all_faces.widths, all_faces.heights) >= 20]
    np.testing.assert_allclose(yolo.detect(photos["img55.jpg"]).boxes, expected.boxes)


def _landmark_disagreements(name: str, reference: FaceDetections, other: FaceDetections) -> list[str]:
    """Each reference face must have a face in ``other`` at the same place with landmarks close to its own."""
    problems = []
    for box, points in zip(reference.boxes, reference.landmarks):
        eye_distance = np.linalg.norm(points[1] - points[0])
        centres = (other.boxes[:, :2] + other.boxes[:, 2:]) / 2
        close = np.flatnonzero(np.linalg.norm(centres - (box[:2] + box[2:]) / 2, axis=1) < eye_distance)
        if len(close) == 0:
            problems.append(f"{name}: no face near {box.round().tolist()}")
            continue
        error = np.linalg.norm(other.landmarks[close[0]] - points, axis=1).max() / eye_distance
        if error > LANDMARK_TOLERANCE:
            problems.append(f"{name}: landmarks off by {error:.2f} eye distances")
    return problems


def test_yunet_landmark_order_matches_yolo(yunet, yolo, photos: dict[str, np.ndarray]) -> None:
    problems = []
    for name in FEW_PHOTOS:
        problems += _landmark_disagreements(name, yolo.detect(photos[name]), yunet.detect(photos[name]))
    assert not problems, problems


def test_yunet_knows_fixed_from_dynamic_models(yunet_fixed, yunet_dynamic) -> None:
    assert yunet_fixed.fixed_size == (640, 640) and yunet_dynamic.fixed_size is None


def test_mtcnn_landmark_order_matches_yolo(mtcnn, yolo, photos: dict[str, np.ndarray]) -> None:
    problems = []
    for name in FEW_PHOTOS:
        problems += _landmark_disagreements(name, yolo.detect(photos[name]), mtcnn.detect(photos[name]))
    assert not problems, problems


def test_crop_landmarker_matches_yolo_keypoints(yolo, photos: dict[str, np.ndarray]) -> None:
    """The path box-only YOLO models take: MTCNN landmarks inside the YOLO boxes."""
    landmarker = MtcnnLandmarker()
    problems = []
    for name in FEW_PHOTOS:
        faces = yolo.detect(photos[name])
        found, landmarks = landmarker.landmarks(photos[name], faces.boxes)
        assert found.all(), name
        problems += _landmark_disagreements(name, faces, FaceDetections(faces.boxes, faces.scores, landmarks))
    assert not problems, problems


@pytest.mark.parametrize("detector_name", ["yolo", "yunet_fixed", "yunet_dynamic", "mtcnn"])
def test_detectors_accept_tiny_and_odd_images(request: pytest.FixtureRequest, detector_name: str) -> None:
    detector = request.getfixturevalue(detector_name)
    for shape in [(1, 1, 3), (8, 900, 3), (2000, 30, 3), (64, 64, 3)]:
        assert len(detector.detect(np.zeros(shape, np.uint8))) == 0, shape
