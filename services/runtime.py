"""The composition root: configuration + command-line overrides -> models, engine, store, thresholds.

Models load lazily on first use, never at import time, so `models list` or `employees list`
start instantly and work without any weights.
"""
from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np
from platformdirs import user_data_path

from core.config import AppConfig
from core.errors import GalleryError, KioskError
from core.names import APP_NAME
from core.text import QT_TRANSLATE_NOOP, Message
from pipeline.calibration import OpenSetCalibration, load_calibration
from pipeline.gallery import Gallery
from pipeline.registry import (
    ModelRegistry,
    ModelSpec,
    default_detector,
    default_recognizer,
    models_dir,
    pinned,
    resolve_weights,
)

if TYPE_CHECKING:  # the model libraries and the database (SQLAlchemy) load where they are used, not on import:
    # a command starts loading its models while the database's libraries are still being imported
    from attendance.db import Database
    from attendance.desk import AttendanceDesk
    from attendance.policy import PolicyConfig
    from attendance.store import AttendanceStore
    from attendance.writer import WriterStatus
    from pipeline.engine import FaceEngine
    from pipeline.interfaces import FaceDetector, LivenessScorer, Recognizer
    from pipeline.liveness.border import BorderCue
    from pipeline.liveness.challenge import Challenger
    from pipeline.liveness.motion import PlanarMotion
    from pipeline.liveness.screen import ScreenCue
    from pipeline.liveness.tracks import LivenessConfig, LivenessJudge
    from pipeline.liveness.weights import LivenessWeights
    from pipeline.quality import QualityThresholds
    from services.admin_pin import PinStore
    from services.gallery_audit import GalleryAudit
    from services.settings_guard import SettingChange, SettingsGuard

log = logging.getLogger(__name__)
MISSING = QT_TRANSLATE_NOOP("Message", "{part}: {problem}")  # a configured model without its weights file


def models_key(config: AppConfig) -> str:
    """What decides which model files are loaded; a change needs new models."""
    return config.model_dump_json(include={"models_dir", "trust_checkpoints", "detector", "recognizer"})


def _detector_kind(weights: Path) -> str:
    """Detector kind of a weights file given without --detector: YuNet files are ONNX named 'yunet*'."""
    return "yunet" if "yunet" in weights.name.lower() else "yolo"


class Runtime:
    """Everything a command needs, built on demand from one AppConfig; ``close`` (or ``with``) releases it."""

    def __init__(self, config: AppConfig) -> None:
        self.config = config
        self.registry = ModelRegistry.load()
        self._loading: dict[str, Future[Any]] = {}  # models being loaded by preload_models
        self._said_no_challenge = False

    @property
    def data_dir(self) -> Path:
        path = self.config.data_dir or user_data_path(APP_NAME)
        path.mkdir(parents=True, exist_ok=True)
        return path

    @property
    def models_dir(self) -> Path:
        return models_dir(self.config.models_dir)

    @property
    def database_location(self) -> str | Path:
        """The configured database URL, else ``kiosk.db`` in the data folder."""
        from attendance.db import DB_FILENAME

        return self.config.database_url or self.data_dir / DB_FILENAME

    @cached_property
    def database(self) -> Database:
        from attendance.db import open_database

        return open_database(self.database_location)

    def policy_config(self) -> PolicyConfig:
        """The kiosk's attendance policy, from its settings."""
        from attendance.policy import PolicyConfig

        return PolicyConfig.from_settings(self.config.attendance)

    @property
    def desk(self) -> AttendanceDesk:
        """The kiosk's one attendance desk (built on first use, its settings kept current): every check-in,
        by face or by code, goes through it and its spooled writer."""
        desk = vars(self).get("_desk")
        if desk is None:
            from attendance.desk import AttendanceDesk
            from attendance.writer import EventWriter, open_event_store

            store = open_event_store(self.database_location)  # its writes give up quickly on a locked database (the writer retries)
            data_dir = self.data_dir
            policy = self.policy_config()
            desk = AttendanceDesk(policy, store, lambda kiosk: EventWriter(store, data_dir, kiosk, merge_within=policy.cooldown),
                                  on_close=store.close)
            self._desk = desk
        else:
            desk.configure(self.policy_config())
        return desk

    def take_desk(self, other: Runtime) -> None:
        """Go on with ``other``'s desk (a runtime replaced for new models): the punches of the day, the spool
        and the writer stay, so a video worker still using it never meets a closed one."""
        desk = vars(other).pop("_desk", None)
        if desk is not None:
            self._desk = desk

    def trial_desk(self) -> AttendanceDesk:
        """A desk that decides as the kiosk's would and records nothing (benchmarks, unapproved videos)."""
        from attendance.desk import AttendanceDesk

        return AttendanceDesk.trial(self.policy_config(), self.store)

    def close_desk(self, timeout_s: float = 5.0) -> WriterStatus | None:
        """Write what the desk still holds for up to ``timeout_s`` (the rest stays spooled); its status, None without one."""
        desk = vars(self).pop("_desk", None)
        return None if desk is None else desk.close(timeout_s)

    def close(self) -> None:
        """Close the desk and the database connections and drop the models; using the runtime again reopens them."""
        self.close_desk()
        if "database" in vars(self):
            self.database.close()
        for cached in ("database", "store", "pins", "settings_guard", "calibration"):
            vars(self).pop(cached, None)
        self._drop_models()

    def _drop_models(self) -> None:
        """Forget the models built or being built (``preload_models``); the next use builds them again."""
        for cached in ("detector", "recognizer", "engine", "recognizer_spec"):
            vars(self).pop(cached, None)
        for name in list(self._loading):
            self._loading.pop(name).cancel()

    def __enter__(self) -> Runtime:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @cached_property
    def store(self) -> AttendanceStore:
        from attendance.store import AttendanceStore

        return AttendanceStore(self.database)

    @cached_property
    def settings_guard(self) -> SettingsGuard:
        from services.settings_guard import SettingsGuard

        return SettingsGuard(self.store, self.pins)

    def hold_to_accepted_settings(self) -> list[SettingChange]:
        """Replace guarded settings an admin has not accepted with the accepted values; models built or being
        built for other model settings are dropped. Returns what was refused, [] while no PIN is set."""
        models = models_key(self.config), self.config.liveness
        self.config, refused = self.settings_guard.enforce(self.config)
        if (models_key(self.config), self.config.liveness) != models:  # the models loading (or loaded) are not the accepted ones
            self._drop_models()
        return refused

    @cached_property
    def pins(self) -> PinStore:
        """The admin PIN, a signed record in the database (an earlier version's PIN file moves in)."""
        from services.admin_pin import LEGACY_PIN_FILE, PinStore

        return PinStore(self.store, legacy_file=self.data_dir / LEGACY_PIN_FILE)

    @property
    def model_threads(self) -> int:
        """Threads each network may use (``[video] model_threads``, else the measured default)."""
        from pipeline.threads import model_threads

        return model_threads(self.config.video.model_threads)

    def preload_models(self, *, liveness: bool | None = None) -> None:
        """Start loading the detector, the recognizer and (with liveness on) the liveness scorer, each on a thread of
        its own, and return: the caller opens the gallery meanwhile (ONNX Runtime and LiteRT load without holding
        Python's lock). ``detector``, ``recognizer`` and ``new_liveness_scorer`` then take what was loaded; a
        model that failed raises there, as it would have without preloading. ``liveness``: whether to load the
        liveness models (default: when liveness is on)."""
        if self._loading:
            return
        pool = ThreadPoolExecutor(max_workers=3, thread_name_prefix="model loading")
        self._loading = {"detector": pool.submit(self.new_detector), "recognizer": pool.submit(self.new_recognizer)}
        if self.config.liveness.enabled if liveness is None else liveness:
            self._loading["liveness"] = pool.submit(self._load_liveness_scorer)
        pool.shutdown(wait=False)

    def _preloaded(self, name: str) -> Any:
        """The model ``preload_models`` loaded under ``name`` (waiting for it), once; None when there is none."""
        future = self._loading.pop(name, None)
        return None if future is None else future.result()

    @cached_property
    def detector(self) -> FaceDetector:
        return cast("FaceDetector | None", self._preloaded("detector")) or self.new_detector()

    @cached_property
    def recognizer(self) -> Recognizer:
        return cast("Recognizer | None", self._preloaded("recognizer")) or self.new_recognizer()

    def new_engine(self) -> FaceEngine:
        """A separate detector + recognizer, for a second thread (model objects are not shared across threads)."""
        from pipeline.engine import FaceEngine

        return FaceEngine(self.new_detector(), self.new_recognizer())

    def _detector_name(self) -> str:
        """The detector's weights as configured (a path or a registry name), else the best one present."""
        settings = self.config.detector
        return settings.weights or default_detector(self.models_dir, arch=settings.kind, registry=self.registry).name

    def new_detector(self) -> FaceDetector:
        from pipeline.detectors import build_detector
        from pipeline.threads import limit_library_threads

        limit_library_threads(self.model_threads)
        settings = self.config.detector
        if settings.kind == "mtcnn":
            return build_detector("mtcnn", None, settings)
        name = self._detector_name()
        weights = resolve_weights(name, self.models_dir, self.registry)
        kind = settings.kind or (self.registry.get(name).arch if name in self.registry else _detector_kind(weights))
        return build_detector(kind, weights, settings, trusted=self.trusts(weights), threads=self.model_threads)

    def trusts(self, weights: Path) -> bool:
        """Whether a pickled weights file may be unpickled: the user trusts checkpoints, or it is the file the
        registry pins by sha256 (hashed only for pickles: other formats never need it)."""
        if self.config.trust_checkpoints:
            return True
        return weights.suffix.lower() == ".pt" and pinned(list(self.registry.models), weights) is not None

    def _recognizer_weights(self) -> Path:
        return resolve_weights(self.config.recognizer.weights or self.recognizer_spec.name, self.models_dir, self.registry)

    def missing_models(self) -> list[Message]:
        """Why a configured model (detector, recognizer, liveness when on) has no weights file, one line each
        ("face detector: ...", the part in ``values["part"]``; nothing is loaded); [] when all do."""
        problems = []
        if self.config.detector.kind != "mtcnn":  # MTCNN's weights ship inside its package
            try:
                resolve_weights(self._detector_name(), self.models_dir, self.registry)
            except KioskError as exc:
                problems.append(Message(MISSING, part=Message(QT_TRANSLATE_NOOP("Message", "face detector")), problem=str(exc)))
        try:
            self._recognizer_weights()
        except KioskError as exc:
            problems.append(Message(MISSING, part=Message(QT_TRANSLATE_NOOP("Message", "face recognizer")), problem=str(exc)))
        if self.config.liveness.enabled:
            try:
                self.liveness_weights()
            except KioskError as exc:
                problems.append(Message(MISSING, part=Message(QT_TRANSLATE_NOOP("Message", "liveness check")), problem=str(exc)))
        return problems

    def liveness_weights(self) -> list[LivenessWeights]:
        """The configured liveness models: registry names, or files named like a registry entry."""
        from pipeline.liveness.weights import LivenessWeights

        known = {spec.filename: spec for spec in self.registry.of_kind("liveness")}
        found = []
        for entry in self.config.liveness.weights:
            path = Path(entry).expanduser()
            if path.is_file():
                if path.name not in known:
                    raise KioskError(
                        f"{path} is not a known liveness model: its file name must be one of {', '.join(sorted(known))}"
                    )
                spec = known[path.name]
            else:
                spec = self.registry.get(entry)
                if spec.kind != "liveness":
                    raise KioskError(f"{entry} is a {spec.kind}, not a liveness model")
                path = self.registry.locate(spec, self.models_dir)
            assert spec.crop_scale is not None  # the registry requires it of liveness models
            found.append(LivenessWeights(path, spec.arch, spec.crop_scale))
        return found

    def new_liveness_scorer(self) -> LivenessScorer:
        """The configured liveness models (the ones ``preload_models`` loaded, the first time)."""
        return cast("LivenessScorer | None", self._preloaded("liveness")) or self._load_liveness_scorer()

    def _load_liveness_scorer(self) -> LivenessScorer:
        from pipeline.liveness.scorer import MiniFASNetScorer

        weights = self.liveness_weights()
        return MiniFASNetScorer(weights, self.config.liveness.device, trusted=self.config.trust_checkpoints,
                                threads=self.model_threads)

    def new_liveness_judge(self, *, challenge: bool = True) -> LivenessJudge | None:
        """A per-track liveness judge with the configured models and cues (for one thread); None when liveness is off.
        ``challenge``: it may ask a person to turn their head (where someone can see the instruction)."""
        from pipeline.liveness.tracks import LivenessJudge

        if not self.config.liveness.enabled:
            return None
        challenger = self.new_challenger() if challenge else None
        return LivenessJudge(
            self.new_liveness_scorer(), self.liveness_config, self.new_planar_motion(), self.new_border_cue(), challenger,
            self.new_screen_cue(),
        )

    def new_challenger(self) -> Challenger | None:
        """The head-turn challenge with the Face Mesh model, when the settings ask for it; None (and a warning, once)
        when its model is missing: unsure faces are then decided without asking, as before."""
        from pipeline.landmarks import FaceMeshModel
        from pipeline.liveness.challenge import ChallengeConfig, Challenger

        settings = self.config.liveness
        if not settings.challenge:
            return None
        try:
            path = resolve_weights("facemesh", self.models_dir, self.registry)
        except KioskError as exc:
            if not self._said_no_challenge:
                log.warning("no head-turn challenge: %s", exc)
                self._said_no_challenge = True
            return None
        return Challenger(FaceMeshModel(path, threads=self.model_threads), ChallengeConfig(
            timeout_s=settings.challenge_timeout_s, steps=settings.challenge_steps, mirrored=settings.mirrored_camera,
        ))

    def new_border_cue(self) -> BorderCue | None:
        """The border cue as configured; None when it is off."""
        from pipeline.liveness.border import BorderConfig, BorderCue

        settings = self.config.liveness
        return BorderCue(BorderConfig(min_share=settings.border_min_share)) if settings.border else None

    def new_screen_cue(self) -> ScreenCue | None:
        """The screen cue as configured; None when it is off."""
        from pipeline.liveness.screen import ScreenCue

        return ScreenCue() if self.config.liveness.screen else None

    def new_planar_motion(self) -> PlanarMotion | None:
        """The planar-motion cue as configured; None when it is off."""
        from pipeline.liveness.motion import MotionConfig, PlanarMotion

        settings = self.config.liveness
        if not settings.motion:
            return None
        return PlanarMotion(MotionConfig(min_tilt=settings.motion_min_tilt, max_parallax=settings.motion_max_parallax))

    @property
    def liveness_config(self) -> LivenessConfig:
        from pipeline.liveness.tracks import LivenessConfig

        return LivenessConfig.from_settings(self.config.liveness)

    @cached_property
    def recognizer_spec(self) -> ModelSpec:
        """The registry entry of the recognizer in use (for a plain file: the best entry of its architecture)."""
        settings = self.config.recognizer
        name = settings.weights
        if name is not None and name in self.registry:
            return self.registry.get(name)
        if settings.arch is None and name is not None:
            raise KioskError("--recognizer-weights with a file path needs --recognizer ARCH to say what the file is")
        candidates = self.registry.of_kind("recognizer", arch=settings.arch)
        if name is not None:
            return candidates[0]
        return default_recognizer(self.models_dir, arch=settings.arch, registry=self.registry)

    def new_recognizer(self) -> Recognizer:
        from pipeline.recognizers import build_recognizer
        from pipeline.threads import limit_library_threads

        limit_library_threads(self.model_threads)
        settings = self.config.recognizer
        return build_recognizer(
            self.recognizer_spec.arch,
            self._recognizer_weights(),
            settings.device,
            trusted=self.config.trust_checkpoints,
            batch_size=settings.batch_size,
            precision=settings.precision,
            compiled=settings.compile,
            threads=self.model_threads,
        )

    @cached_property
    def engine(self) -> FaceEngine:
        from pipeline.engine import FaceEngine

        return FaceEngine(self.detector, self.recognizer)

    @property
    def threshold(self) -> float:
        """Match threshold: the config's fixed one; else the one that keeps FPIR at ``target_fpir`` for the people
        enrolled, from the recognizer's open-set calibration; else the registry entry's value."""
        if self.config.recognizer.threshold is not None:
            return self.config.recognizer.threshold
        calibration = self.calibration
        if calibration is not None:
            return calibration.threshold_for(self.config.recognizer.target_fpir, self.enrolled_people())
        return float(self.recognizer_spec.threshold)

    @cached_property
    def calibration(self) -> OpenSetCalibration | None:
        """The open-set calibration shipped for the recognizer's weights, if any."""
        return load_calibration(self.recognizer_spec.name)

    def enrolled_people(self) -> int:
        """Active employees with templates of the recognizer in use (the gallery the threshold is for)."""
        return self.store.people_enrolled(self.recognizer_spec.arch)

    def gallery_audit(self) -> GalleryAudit:
        """Weak templates and look-alike pairs of the gallery in use (no model is loaded)."""
        from services.gallery_audit import audit_gallery

        return audit_gallery(self.store, self.recognizer_spec.arch, self.threshold, self.config.recognizer.lookalike_margin)

    def expected_fpir(self) -> float | None:
        """The share of strangers taken for an employee at today's threshold and gallery, when calibrated."""
        calibration = self.calibration
        return None if calibration is None else calibration.fpir_at(self.threshold, self.enrolled_people())

    @property
    def duplicate_threshold(self) -> float:
        """Similarity at which new enrolment photos count as matching an enrolled employee."""
        return self.config.enrolment.duplicate_threshold or self.threshold

    @property
    def margin(self) -> float:
        return self.config.recognizer.margin

    @property
    def quality_limits(self) -> QualityThresholds:
        from pipeline.quality import QualityThresholds

        return QualityThresholds.for_enrolment(self.config.enrolment)

    def gallery(self, *, for_matching: bool = True) -> Gallery:
        """Templates of the current recognizer for active employees (for matching, with their rejected looks).

        For matching, an empty gallery while other recognizers have templates is an error: the
        employees were enrolled with another model, and every face would silently be unknown.
        """
        name = self.recognizer.name
        data = self.store.load_gallery(name)
        if for_matching and len(data) == 0:
            others = {k: v for k, v in self.store.recognizers().items() if k != name and v}
            if others:
                made_with = ", ".join(f"{k} ({v} templates)" for k, v in sorted(others.items()))
                raise GalleryError(
                    f"no templates for {name}: employees were enrolled with {made_with}; "
                    f"choose that recognizer (--recognizer) or re-enrol with {name}"
                )
        dim = self.recognizer.dim
        vectors = data.vectors.reshape(len(data), -1) if len(data) else np.zeros((0, dim), np.float32)
        gallery = Gallery(name, vectors, data.employee_ids)
        gallery.check_compatible(name, dim)  # templates stored with another embedding size
        if for_matching:  # look-alikes: a photo of one would pass for the other, so the two must be told apart by more
            gallery.require_margin(gallery.lookalikes(self.threshold), self.config.recognizer.lookalike_margin)
            rejected = self.store.load_rejected_looks(name)  # faces people said "not me" to
            gallery.with_rejected(rejected.vectors, rejected.employee_ids)
        return gallery
