"""Recognizers: IR layouts, safe checkpoint loading, preprocessing, batching, real EdgeFace weights."""
from __future__ import annotations

import argparse
import json
import logging
import typing
from collections import Counter, OrderedDict
from pathlib import Path

import cv2
import numpy as np
import pytest
import timm
import torch
from torch import nn

from core.config import RecognizerArch
from core.errors import ModelError, ModelNotFoundError
from pipeline.recognizers import RECOGNIZER_ARCHS, build_recognizer
from pipeline.recognizers import torch_batches as recognizers
from pipeline.recognizers.adaface import AdaFaceRecognizer
from pipeline.recognizers.checkpoints import guess_arch, load_state_dict
from pipeline.recognizers.edgeface import EdgeFaceRecognizer
from pipeline.recognizers.iresnet import IR_ARCHS, IResNet
from pipeline.recognizers.torch_batches import resolve_device
from tests.conftest import shared_path

ARCFACE_TEMPLATE = np.array(
    [[38.2946, 51.6963], [73.5318, 51.5014], [56.0252, 71.7366], [41.5493, 92.3655], [70.7299, 92.2041]], np.float32
)
IR_KEY_COUNTS = {"ir_18": 179, "ir_34": 323, "ir_50": 467, "ir_101": 917}
UNPICKLED: list[str] = []


def _record(tag: str) -> str:
    UNPICKLED.append(tag)
    return tag


class _Payload:
    """A pickled object outside the allowlist; unpickling it calls ``_record``."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return _record, ("payload",)


def _crops(n: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (n, 112, 112, 3), dtype=np.uint8)


def _manual_input(crops: np.ndarray, *, rgb: bool) -> torch.Tensor:
    """The network input written out plainly: channel order, ``(x / 255 - 0.5) / 0.5``, NCHW."""
    pixels = crops[..., ::-1] if rgb else crops
    return torch.from_numpy(((pixels / 255.0 - 0.5) / 0.5).transpose(0, 3, 1, 2).copy()).float()


def _unit(features: torch.Tensor) -> tuple[np.ndarray, np.ndarray]:
    norm = features.norm(dim=1, keepdim=True)
    return (features / norm).numpy(), norm.ravel().numpy()


def _randomize_batchnorm(model: nn.Module) -> nn.Module:
    """Non-default running statistics, so that a checkpoint that lost its buffers would show."""
    generator = torch.Generator().manual_seed(1)
    for module in model.modules():
        if isinstance(module, nn.modules.batchnorm._BatchNorm):
            module.running_mean.uniform_(-0.2, 0.2, generator=generator)
            module.running_var.uniform_(0.5, 1.5, generator=generator)
    return model.eval()


def _lightning_checkpoint(state: dict[str, torch.Tensor], hyper_parameters: object) -> dict[str, object]:
    """What PyTorch Lightning 1.8 (AdaFace's trainer) writes, head and training state included."""
    return {
        "epoch": 25,
        "global_step": 123456,
        "pytorch-lightning_version": "1.8.6",
        "state_dict": OrderedDict([*(("model." + k, v) for k, v in state.items()), ("head.kernel", torch.randn(512, 10))]),
        "loops": {"fit_loop": {"state_dict": {}, "epoch_progress": {"total": {"ready": 26, "completed": 25}}}},
        "callbacks": {
            "ModelCheckpoint{'monitor': 'val_acc', 'mode': 'max'}": {
                "monitor": "val_acc",
                "best_model_score": torch.tensor(0.97),
                "best_model_path": "/experiments/epoch=24.ckpt",
                "best_k_models": {"/experiments/epoch=24.ckpt": torch.tensor(0.97)},
                "dirpath": "/experiments",
            }
        },
        "optimizer_states": [{"state": {0: {"momentum_buffer": torch.zeros(3)}}, "param_groups": [{"lr": 0.1, "params": [0]}]}],
        "lr_schedulers": [{"milestones": Counter({12: 1, 20: 1, 24: 1}), "gamma": 0.1, "last_epoch": 25, "_last_lr": [1e-4]}],
        "NativeMixedPrecisionPlugin": {"scale": 65536.0, "growth_factor": 2.0, "_growth_tracker": 0},
        "hparams_name": "kwargs",
        "hyper_parameters": hyper_parameters,
    }


ADAFACE_HPARAMS = {"arch": "ir_18", "head": "adaface", "m": 0.4, "h": 0.333, "lr_milestones": [12, 20, 24]}


@pytest.fixture(scope="module")
def ir18() -> IResNet:
    torch.manual_seed(0)
    return _randomize_batchnorm(IResNet("ir_18"))


@pytest.fixture(scope="module")
def ir18_ckpt(ir18: IResNet, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("adaface") / "adaface_ir18.ckpt"
    torch.save(_lightning_checkpoint(ir18.state_dict(), ADAFACE_HPARAMS), path)
    return path


@pytest.fixture(scope="module")
def xxs() -> nn.Module:
    torch.manual_seed(0)
    return _randomize_batchnorm(timm.create_model("edgenext_xx_small", num_classes=512))


@pytest.fixture(scope="module")
def xxs_ckpt(xxs: nn.Module, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("edgeface") / "edgeface_xxs.pt"
    torch.save({"model." + k: v for k, v in xxs.state_dict().items()}, path)  # Idiap's wrapper layout
    return path


# --- IR backbones -------------------------------------------------------------------------------


@pytest.mark.parametrize("arch", IR_ARCHS)
def test_ir_state_dict_layout(arch: str) -> None:
    layout = [(key, list(value.shape)) for key, value in IResNet(arch).state_dict().items()]
    assert len(layout) == IR_KEY_COUNTS[arch]
    fixture = json.loads(shared_path("fixtures/adaface_state_dict_keys.json").read_text())
    assert layout == [(key, list(shape)) for key, shape in fixture[arch]]


def test_ir_forward_returns_unit_embedding_and_norm(ir18: IResNet) -> None:
    with torch.inference_mode():
        embedding, norm = ir18(torch.randn(2, 3, 112, 112))
    assert embedding.shape == (2, 512) and norm.shape == (2, 1)
    torch.testing.assert_close(embedding.norm(dim=1), torch.ones(2))


# --- AdaFace ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "form",
    ["lightning", "lightning_namespace_hparams", "release"],  # release: the official files hold only state_dict
)
def test_adaface_checkpoint_loads_and_matches_source(form: str, ir18: IResNet, tmp_path: Path) -> None:
    if form == "release":
        checkpoint = {"state_dict": _lightning_checkpoint(ir18.state_dict(), None)["state_dict"]}
    else:
        hparams = argparse.Namespace(**ADAFACE_HPARAMS) if form.endswith("namespace_hparams") else ADAFACE_HPARAMS
        checkpoint = _lightning_checkpoint(ir18.state_dict(), hparams)
    path = tmp_path / "model.ckpt"
    torch.save(checkpoint, path)
    crops = _crops(3)

    embeddings = build_recognizer("adaface_ir_18", path).embed(crops)

    with torch.inference_mode():
        expected, norms = ir18(_manual_input(crops, rgb=False))
    np.testing.assert_allclose(embeddings.vectors, expected.numpy(), atol=1e-5)
    np.testing.assert_allclose(embeddings.qualities, norms.ravel().numpy(), rtol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(embeddings.vectors, axis=1), 1.0, atol=1e-5)


def test_adaface_gets_bgr(ir18: IResNet, ir18_ckpt: Path) -> None:
    recognizer = AdaFaceRecognizer("adaface_ir_18", ir18_ckpt)
    crops = _crops(1, seed=3)
    with torch.inference_mode():
        as_rgb, _ = ir18(_manual_input(crops, rgb=True))
    vectors = recognizer.embed(crops).vectors
    assert np.abs(vectors - as_rgb.numpy()).max() > 1e-3  # it was not fed RGB ...
    swapped = recognizer.embed(np.ascontiguousarray(crops[..., ::-1])).vectors
    np.testing.assert_allclose(swapped, as_rgb.numpy(), atol=1e-5)  # ... and channel order matters


def test_adaface_batches_equal_single_crops(ir18_ckpt: Path) -> None:
    crops = _crops(5, seed=1)
    batched = AdaFaceRecognizer("adaface_ir_18", ir18_ckpt, batch_size=2).embed(crops)
    single = AdaFaceRecognizer("adaface_ir_18", ir18_ckpt, batch_size=1)
    for i, crop in enumerate(crops):
        one = single.embed(crop[None])
        np.testing.assert_allclose(batched.vectors[i], one.vectors[0], atol=1e-5)
        np.testing.assert_allclose(batched.qualities[i], one.qualities[0], rtol=1e-5)


def test_embed_edge_cases(ir18_ckpt: Path) -> None:
    recognizer = AdaFaceRecognizer("adaface_ir_18", ir18_ckpt)
    assert recognizer.name == "adaface_ir_18" and recognizer.dim == 512
    empty = recognizer.embed(np.zeros((0, 112, 112, 3), np.uint8))
    assert empty.vectors.shape == (0, 512) and empty.qualities.shape == (0,)
    with pytest.raises(ValueError, match="112, 112, 3"):
        recognizer.embed(np.zeros((112, 112, 3), np.uint8))
    with pytest.raises(ValueError, match="uint8"):
        recognizer.embed(np.zeros((1, 112, 112, 3), np.float32))


def test_ir50_checkpoint_as_ir18_says_what_it_is(tmp_path: Path) -> None:
    path = tmp_path / "adaface_ir50.ckpt"
    torch.save({"state_dict": {"model." + k: v for k, v in IResNet("ir_50").state_dict().items()}}, path)
    with pytest.raises(ModelError, match="does not fit adaface_ir_18") as error:
        AdaFaceRecognizer("adaface_ir_18", path)
    assert "looks like adaface_ir_50" in str(error.value) and "\n" not in str(error.value)


def test_edgeface_checkpoint_as_adaface_says_what_it_is(xxs_ckpt: Path) -> None:
    with pytest.raises(ModelError, match="looks like edgeface_xxs$"):
        AdaFaceRecognizer("adaface_ir_18", xxs_ckpt)


# --- checkpoint safety --------------------------------------------------------------------------


def test_non_allowlisted_object_needs_trust(tmp_path: Path) -> None:
    path = tmp_path / "pickled.ckpt"
    torch.save({"state_dict": {"model.w": torch.ones(2)}, "extra": _Payload()}, path)
    UNPICKLED.clear()

    with pytest.raises(ModelError, match="--trust-checkpoint") as error:
        load_state_dict(path, trusted=False)
    assert "_record" in str(error.value) and str(path) in str(error.value)
    assert UNPICKLED == []  # nothing ran

    state = load_state_dict(path, trusted=True)
    assert UNPICKLED == ["payload"]
    assert list(state) == ["w"]


def _write_bad_files(tmp_path: Path) -> dict[str, Path]:
    good = tmp_path / "good.pt"
    torch.save({"state_dict": {"model.w": torch.ones(1000)}}, good)
    data = good.read_bytes()
    files = {
        "empty": b"",
        "truncated": data[: len(data) // 2],
        "garbage": np.random.default_rng(0).integers(0, 256, 4096, dtype=np.uint8).tobytes(),
        "text": b"not a checkpoint\n",
    }
    paths = {}
    for name, content in files.items():
        paths[name] = tmp_path / f"{name}.pt"
        paths[name].write_bytes(content)
    paths["no_weights"] = tmp_path / "no_weights.pt"
    torch.save({"epoch": 3, "note": "no tensors"}, paths["no_weights"])
    return paths


@pytest.mark.parametrize("kind", ["empty", "truncated", "garbage", "text", "no_weights"])
@pytest.mark.parametrize("trusted", [False, True])
def test_unreadable_files_give_one_line_model_error(kind: str, trusted: bool, tmp_path: Path) -> None:
    path = _write_bad_files(tmp_path)[kind]
    with pytest.raises(ModelError) as error:
        load_state_dict(path, trusted=trusted)
    message = str(error.value)
    assert str(path) in message and "\n" not in message
    assert "--trust-checkpoint" not in message  # trusting a damaged file would not help


def test_a_damaged_real_checkpoint_is_not_valid_rather_than_untrusted(tmp_path: Path) -> None:
    data = bytearray(shared_path("models/edgeface_xs_q.pt").read_bytes())
    data[2000:40000] = bytes(38000)  # zeroed pages, as a bad disk leaves them
    path = tmp_path / "zeroed.pt"
    path.write_bytes(data)
    with pytest.raises(ModelError, match="is not a valid checkpoint") as error:
        load_state_dict(path, trusted=False)
    assert "--trust-checkpoint" not in str(error.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="not found"):
        build_recognizer("adaface_ir_18", tmp_path / "absent.ckpt")


# --- EdgeFace -----------------------------------------------------------------------------------


def test_edgeface_gets_rgb_with_and_without_wrapper_prefix(xxs: nn.Module, xxs_ckpt: Path, tmp_path: Path) -> None:
    bare = tmp_path / "bare.pt"
    torch.save(xxs.state_dict(), bare)
    crops = _crops(2, seed=4)
    with torch.inference_mode():
        rgb_vectors, rgb_norms = _unit(xxs(_manual_input(crops, rgb=True)))
        bgr_vectors, _ = _unit(xxs(_manual_input(crops, rgb=False)))
    for path in (xxs_ckpt, bare):
        embeddings = EdgeFaceRecognizer("edgeface_xxs", path).embed(crops)
        np.testing.assert_allclose(embeddings.vectors, rgb_vectors, atol=1e-5)
        np.testing.assert_allclose(embeddings.qualities, rgb_norms, rtol=1e-5)
        assert np.abs(embeddings.vectors - bgr_vectors).max() > 1e-3


def test_edgeface_batches_equal_single_crops(xxs_ckpt: Path) -> None:
    crops = _crops(5, seed=2)
    batched = EdgeFaceRecognizer("edgeface_xxs", xxs_ckpt, batch_size=2).embed(crops)
    single = EdgeFaceRecognizer("edgeface_xxs", xxs_ckpt, batch_size=1)
    np.testing.assert_allclose(batched.vectors, np.concatenate([single.embed(c[None]).vectors for c in crops]), atol=1e-5)


class _LoRaLin(nn.Module):
    """Idiap's factorised Linear, as in their ``timmfr.py``."""

    def __init__(self, linear: nn.Linear, rank_ratio: float) -> None:
        super().__init__()
        rank = max(2, int(min(linear.in_features, linear.out_features) * rank_ratio))
        self.linear1 = nn.Linear(linear.in_features, rank, bias=False)
        self.linear2 = nn.Linear(rank, linear.out_features, bias=linear.bias is not None)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear2(self.linear1(x))


def _factorise(module: nn.Module, rank_ratio: float) -> None:
    for name, child in module.named_children():
        if isinstance(child, nn.Linear) and "head" not in name:
            setattr(module, name, _LoRaLin(child, rank_ratio))
        else:
            _factorise(child, rank_ratio)


def test_edgeface_low_rank_gamma_checkpoint(tmp_path: Path) -> None:
    torch.manual_seed(0)
    source = timm.create_model("edgenext_x_small", num_classes=512)
    _factorise(source, 0.6)
    source.eval()
    path = tmp_path / "edgeface_xs_gamma_06.pt"
    torch.save({"model." + k: v for k, v in source.state_dict().items()}, path)
    crops = _crops(2, seed=5)
    with torch.inference_mode():
        expected, _ = _unit(source(_manual_input(crops, rgb=True)))
    np.testing.assert_allclose(EdgeFaceRecognizer("edgeface_xs", path).embed(crops).vectors, expected, atol=1e-5)


@pytest.mark.filterwarnings("ignore:torch.quantize_per_tensor")  # torch's own notice, from quantize_dynamic
def test_edgeface_int8_runs_on_cpu_and_matches_source(
    xxs: nn.Module, tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipeline.recognizers.edgeface as edgeface_module

    monkeypatch.setattr(edgeface_module, "resolve_device", torch.device)  # as on a machine that has CUDA
    wrapper = nn.Module()
    wrapper.model = xxs
    quantized = torch.ao.quantization.quantize_dynamic(wrapper, {nn.Linear}, dtype=torch.qint8)
    path = tmp_path / "edgeface_xxs_q.pt"
    torch.save(quantized.state_dict(), path)
    crops = _crops(2, seed=6)
    with torch.inference_mode():
        expected, _ = _unit(quantized.model(_manual_input(crops, rgb=True)))

    with caplog.at_level(logging.WARNING):
        recognizer = EdgeFaceRecognizer("edgeface_xxs_q", path, device="cuda")
    assert recognizer.device == torch.device("cpu") and "CPU only" in caplog.text
    np.testing.assert_allclose(recognizer.embed(crops).vectors, expected, atol=1e-5)


# --- registry and devices -----------------------------------------------------------------------


def test_archs_match_config() -> None:
    assert set(RECOGNIZER_ARCHS) == set(typing.get_args(RecognizerArch))
    with pytest.raises(ModelError, match="unknown recognizer"):
        build_recognizer("arcface_r100", Path("x.pt"))


def test_resolve_device() -> None:
    assert resolve_device("cpu") == torch.device("cpu")
    assert resolve_device("auto").type in {"cpu", "cuda", "mps"}
    with pytest.raises(ModelError, match="unknown device"):
        resolve_device("gpu0")
    with pytest.raises(ModelError, match="not available"):
        resolve_device("cuda:99")


# --- real models (../shared) ----------------------------------------------------------------------


def _aligned_test_faces() -> np.ndarray:
    """img1..img3 of the AdaFace test images: YOLO-face keypoints, similarity transform onto the ArcFace template."""
    from ultralytics import YOLO

    detector = YOLO(str(shared_path("models/yolov8n-face_int8.tflite")), task="pose")
    crops = []
    for name in ("img1", "img2", "img3"):
        image = cv2.imread(str(shared_path(f"media/adaface_test_images/{name}.jpeg")))
        result = detector.predict(image, imgsz=640, verbose=False)[0]
        best = int(result.boxes.conf.argmax())
        points = result.keypoints.xy[best].numpy().astype(np.float32)
        matrix, _ = cv2.estimateAffinePartial2D(points, ARCFACE_TEMPLATE, method=cv2.LMEDS)
        crops.append(cv2.warpAffine(image, matrix, (112, 112), borderValue=0))
    return np.stack(crops)


@pytest.fixture(scope="module")
def aligned_faces() -> np.ndarray:
    return _aligned_test_faces()


@pytest.mark.parametrize("arch", ["edgeface_xs_q", "edgeface_xxs_q"])
def test_real_edgeface_tells_same_from_different(arch: str, aligned_faces: np.ndarray) -> None:
    recognizer = build_recognizer(arch, shared_path(f"models/{arch}.pt"))  # strict load
    vectors = recognizer.embed(aligned_faces).vectors
    similarity = vectors @ vectors.T
    assert similarity[0, 1] > 0.5  # measured about 0.66 (XS and XXS)
    assert max(similarity[0, 2], similarity[1, 2]) < 0.25  # measured about 0.1


def test_real_int8_file_loaded_as_other_size_says_what_it_is() -> None:
    path = shared_path("models/edgeface_xs_q.pt")
    assert guess_arch(load_state_dict(path, trusted=False)) == "edgeface_xs_q"
    with pytest.raises(ModelError, match="looks like edgeface_xs_q"):
        build_recognizer("edgeface_xxs_q", path)


# -- precision, batch buckets, torch.compile ---------------------------------------------------------


def test_precision_resolution(monkeypatch: pytest.MonkeyPatch) -> None:
    cpu = torch.device("cpu")
    assert recognizers.resolve_dtype("auto", cpu) == torch.float32
    assert recognizers.resolve_dtype("auto", torch.device("cuda")) == torch.float16
    assert recognizers.resolve_dtype("fp32", cpu) == torch.float32
    with pytest.raises(ModelError, match="fp16 needs a CUDA or MPS device"):
        recognizers.resolve_dtype("fp16", cpu)
    with pytest.raises(ModelError, match="unknown precision 'int4'"):
        recognizers.resolve_dtype("int4", cpu)
    monkeypatch.setattr(recognizers, "cpu_has_bf16", lambda: False)
    with pytest.raises(ModelError, match="no native bf16"):
        recognizers.resolve_dtype("bf16", cpu)
    monkeypatch.setattr(recognizers, "cpu_has_bf16", lambda: True)
    assert recognizers.resolve_dtype("bf16", cpu) == torch.bfloat16


def test_bf16_adaface_agrees_with_fp32(ir18_ckpt: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recognizers, "cpu_has_bf16", lambda: True)  # emulated where absent: slow, still correct
    crops = _crops(4, seed=5)
    fp32 = AdaFaceRecognizer("adaface_ir_18", ir18_ckpt, device="cpu").embed(crops)
    bf16 = AdaFaceRecognizer("adaface_ir_18", ir18_ckpt, device="cpu", precision="bf16").embed(crops)
    assert bf16.vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(bf16.vectors, axis=1), 1.0, atol=1e-5)
    cosines = (bf16.vectors * fp32.vectors).sum(axis=1)
    assert cosines.min() > 0.99 and not np.array_equal(bf16.vectors, fp32.vectors)
    np.testing.assert_allclose(bf16.qualities, fp32.qualities, rtol=0.05)


def test_edgeface_ignores_adaface_only_options_and_says_so(xxs_ckpt: Path, caplog: pytest.LogCaptureFixture) -> None:
    crops = _crops(2, seed=6)
    plain = build_recognizer("edgeface_xxs", xxs_ckpt).embed(crops)
    for options in ({"precision": "bf16"}, {"compiled": True}):
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            recognizer = build_recognizer("edgeface_xxs", xxs_ckpt, **options)
        assert "AdaFace only" in caplog.text
        np.testing.assert_array_equal(recognizer.embed(crops).vectors, plain.vectors)  # fp32, eager


@pytest.mark.parametrize(("batch_size", "sizes"), [(1, [1]), (8, [1, 2, 4, 8]), (12, [1, 2, 4, 8, 12]), (32, [1, 2, 4, 8, 16, 32])])
def test_bucket_sizes(batch_size: int, sizes: list[int]) -> None:
    assert recognizers.bucket_sizes(batch_size) == sizes


def test_bucketed_batches_pad_to_bucket_shapes_and_drop_the_padding() -> None:
    seen: list[int] = []

    def forward(x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        seen.append(x.shape[0])
        features = x.float().mean(dim=(2, 3)).repeat(1, 171)[:, :512] + 1.0  # depends on each crop
        return recognizers.l2_normalize(features)

    crops = _crops(11, seed=2)
    kwargs = {"device": torch.device("cpu"), "dtype": torch.float32, "rgb": False, "batch_size": 8}
    plain = recognizers.embed_in_batches(forward, crops, **kwargs)
    assert seen == [8, 3]
    seen.clear()
    bucketed = recognizers.embed_in_batches(forward, crops, bucketed=True, **kwargs)
    assert seen == [8, 4]  # the last 3 crops ride in a bucket of 4
    assert bucketed.vectors.shape == (11, 512) and bucketed.qualities.shape == (11,)
    np.testing.assert_allclose(bucketed.vectors, plain.vectors, atol=1e-6)
    np.testing.assert_allclose(bucketed.qualities, plain.qualities, rtol=1e-6)


def test_compiled_adaface_matches_eager(ir18_ckpt: Path) -> None:
    crops = _crops(3, seed=4)
    eager = AdaFaceRecognizer("adaface_ir_18", ir18_ckpt, device="cpu", batch_size=2).embed(crops)
    compiled = AdaFaceRecognizer("adaface_ir_18", ir18_ckpt, device="cpu", batch_size=2, compiled=True)
    result = compiled.embed(crops)  # batches of 2 and 1: both compiled at construction
    np.testing.assert_allclose(result.vectors, eager.vectors, atol=1e-4)
    np.testing.assert_allclose(result.qualities, eager.qualities, rtol=1e-4)


def test_an_int8_model_refuses_a_device_this_machine_lacks() -> None:
    """INT8 EdgeFace runs on the CPU whatever is asked, but a device that does not exist is a mistake to report."""
    weights = shared_path("models/edgeface_xxs_q.pt")
    missing = f"cuda:{torch.cuda.device_count() + 7}"
    with pytest.raises(ModelError, match=f"device '{missing}' is not available"):
        EdgeFaceRecognizer("edgeface_xxs_q", weights, missing)
