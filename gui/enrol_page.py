"""The enrolment form: who (name, code, department, consent), face photos (files or live camera), save.

Photos are assessed on the page's own engine thread (models load there on first use, separate from
the kiosk's): each shows its verdict and aligned crop and can be ticked off; accepted photos that
already match an enrolled employee raise the look-alike warning. Saving stores only embeddings,
plus the 112x112 aligned crops when the admin ticks "keep the aligned face photos".
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from pathlib import Path

import cv2
import numpy as np
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QHideEvent, QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from attendance.records import Employee
from services.capture import CapturePlan, LiveCapture, LiveView
from gui.context import GuiContext
from gui.images import bgr_to_pixmap
from gui.tasks import TaskQueue
from gui.widgets import ACTOR, WARNING_STYLE, BusyBar, StatusLine, local_text, title_label
from pipeline.engine import FaceEngine
from pipeline.errors import KioskError
from pipeline.gallery import Gallery
from pipeline.images import IMAGE_SUFFIXES
from services.enrolment import PhotoAssessment, assess_photo, find_lookalikes
from services.runtime import Runtime

PREVIEW_SIZE = QSize(400, 300)
CROP_ICON_SIZE = QSize(96, 96)
REJECTED_COLOR = QColor(176, 0, 32)
PHOTO_FILTER = f"Images ({' '.join('*' + s for s in sorted(IMAGE_SUFFIXES))} *.heic *.heif)"


@dataclass(frozen=True)
class Resemblance:
    """An enrolled employee that a new photo already matches."""

    employee_id: int
    code: str
    name: str
    similarity: float


@dataclass(frozen=True)
class Candidate:
    """A photo or camera shot, its verdict, whom it already resembles, and the recognizer that embedded it."""

    assessment: PhotoAssessment
    resembles: tuple[Resemblance, ...]
    recognizer: str

    @property
    def title(self) -> str:
        return Path(self.assessment.source).name

    @property
    def verdict(self) -> str:
        quality = self.assessment.quality
        if self.assessment.accepted and quality is not None:
            return (
                f"accepted: face {quality.size:.0f} px, sharpness {quality.sharpness:.0f}, "
                f"yaw {quality.yaw:+.2f}, pitch {quality.pitch:.2f}"
            )
        return "rejected: " + "; ".join(self.assessment.reasons)


@dataclass(frozen=True)
class EnrolRequest:
    """Everything one save needs, taken from the form on the GUI thread."""

    code: str
    name: str
    department: str | None
    consent_at: datetime
    existing: bool  # the code belongs to an employee being re-enrolled
    replace_templates: bool
    recognizer: str  # that made the vectors
    vectors: np.ndarray  # (K, D)
    qualities: np.ndarray  # (K,)
    crops: tuple[np.ndarray, ...]  # the aligned 112x112 crops, stored only when photos are kept


def encode_png(crop: np.ndarray) -> bytes:
    ok, data = cv2.imencode(".png", crop)
    if not ok:
        raise ValueError("cannot encode a face crop as PNG")
    return data.tobytes()


class EnrolPage(QWidget):
    """Enrol a new employee, or re-enrol one (``start_reenrol``); emits ``enrolled(code)`` after a save."""

    enrolled = Signal(str)
    photosAssessed = Signal(int)  # noqa: N815 - Qt signal naming; how many photos/shots were just added
    cameraStopped = Signal(str)  # noqa: N815 - why the live capture ended

    def __init__(self, context: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._engine: FaceEngine | None = None  # created and used only on the task thread
        self._engine_runtime: Runtime | None = None  # the runtime it was made from
        self._tasks = TaskQueue("enrolment engine", self)
        self._capture: LiveCapture | None = None
        self._reenrol: Employee | None = None
        self._taken_by: Employee | None = None
        self._consent_at: datetime | None = None
        self._saving = False
        self._build()
        self._tasks.progressed.connect(self.busy.show_progress)
        self._tasks.idle.connect(self.busy.hide)
        self._update_state()

    # -- layout ----------------------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = title_label("Enrol an employee")
        self.mode_label = QLabel()
        self.cancel_reenrol_button = QPushButton("Enrol someone new instead")
        self.cancel_reenrol_button.clicked.connect(self.reset)
        mode_row = QHBoxLayout()
        mode_row.addWidget(self.mode_label, 1)
        mode_row.addWidget(self.cancel_reenrol_button)

        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Full name")
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText("Unique employee code")
        self.department_edit = QComboBox()
        self.department_edit.setEditable(True)
        self.department_edit.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.consent_box = QCheckBox("The employee consents to storing face templates for attendance (required)")
        self.consent_label = QLabel()
        self.keep_photos_box = QCheckBox("Keep the aligned face photos (112x112) with the templates")
        self.keep_photos_box.setChecked(self._context.runtime.config.enrolment.keep_photos)
        self.replace_box = QCheckBox("Replace the existing templates")
        self.replace_box.setChecked(True)
        form = QFormLayout()
        form.addRow("Name", self.name_edit)
        form.addRow("Employee code", self.code_edit)
        form.addRow("Department", self.department_edit)
        form.addRow(self.consent_box)
        form.addRow(self.consent_label)
        form.addRow(self.keep_photos_box)
        form.addRow(self.replace_box)

        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)
        self.warning_label = QLabel()
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet(WARNING_STYLE)
        self.save_button = QPushButton("Save employee")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.status = StatusLine()
        self.busy = BusyBar()
        person_box = QGroupBox("Employee")
        person_layout = QVBoxLayout(person_box)
        person_layout.addLayout(form)
        person_layout.addStretch(1)
        person_layout.addWidget(self.warning_label)
        person_layout.addWidget(self.hint_label)
        person_layout.addWidget(self.save_button)

        self.add_files_button = QPushButton("Add photo files…")
        self.add_files_button.clicked.connect(self.choose_files)
        self.camera_edit = QLineEdit(self._context.source)
        self.camera_edit.setToolTip("Camera index (0, 1, …), stream URL, video file or folder of photos")
        self.shots_spin = QSpinBox()
        self.shots_spin.setRange(1, 10)
        self.shots_spin.setValue(CapturePlan().shots)
        self.camera_button = QPushButton("Start camera")
        self.camera_button.clicked.connect(self.toggle_camera)
        camera_row = QHBoxLayout()
        camera_row.addWidget(self.add_files_button)
        camera_row.addStretch(1)
        camera_row.addWidget(QLabel("Camera"))
        camera_row.addWidget(self.camera_edit)
        camera_row.addWidget(QLabel("Shots"))
        camera_row.addWidget(self.shots_spin)
        camera_row.addWidget(self.camera_button)

        self.preview_label = QLabel("Camera off")
        self.preview_label.setFixedSize(PREVIEW_SIZE)
        self.preview_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_label.setStyleSheet("background: #202020; color: #d0d0d0;")
        self.guidance_label = QLabel("Start the camera, or add photo files")
        guidance_font = self.guidance_label.font()
        guidance_font.setPointSizeF(guidance_font.pointSizeF() * 1.3)
        guidance_font.setBold(True)
        self.guidance_label.setFont(guidance_font)
        self.guidance_label.setWordWrap(True)
        self.guidance_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.guidance_label.setMinimumHeight(3 * self.guidance_label.fontMetrics().lineSpacing())
        self.shots_label = QLabel()

        self.photo_list = QListWidget()
        self.photo_list.setIconSize(CROP_ICON_SIZE)
        self.photo_list.setSpacing(2)
        self.photo_list.setWordWrap(True)
        self.photo_list.itemChanged.connect(lambda _item: self._update_state())
        self.remove_button = QPushButton("Remove selected")
        self.remove_button.clicked.connect(self.remove_selected)
        self.clear_button = QPushButton("Remove all")
        self.clear_button.clicked.connect(self.clear_photos)
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(QLabel("Tick the photos to use; rejected photos cannot be used."), 1)
        list_buttons.addWidget(self.remove_button)
        list_buttons.addWidget(self.clear_button)

        photos_box = QGroupBox("Face photos")
        photos_layout = QVBoxLayout(photos_box)
        photos_layout.addLayout(camera_row)
        live = QHBoxLayout()
        live.addWidget(self.preview_label)
        live_text = QVBoxLayout()
        live_text.addWidget(self.guidance_label)
        live_text.addWidget(self.shots_label)
        live_text.addStretch(1)
        live.addLayout(live_text, 1)
        photos_layout.addLayout(live)
        photos_layout.addWidget(self.photo_list, 1)
        photos_layout.addLayout(list_buttons)

        columns = QHBoxLayout()
        columns.addWidget(person_box, 2)
        columns.addWidget(photos_box, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(mode_row)
        layout.addLayout(columns, 1)
        layout.addWidget(self.busy)
        layout.addWidget(self.status)

        self.name_edit.textChanged.connect(self._update_state)
        self.code_edit.textChanged.connect(self._code_changed)
        self.consent_box.toggled.connect(self._consent_toggled)

    # -- public actions --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the department suggestions and whether the typed code is taken."""
        current = self.department_edit.currentText()
        departments = sorted({e.department for e in self._context.runtime.store.list_employees() if e.department})
        self.department_edit.blockSignals(True)
        self.department_edit.clear()
        self.department_edit.addItems([""] + departments)
        self.department_edit.setCurrentText(current)
        self.department_edit.blockSignals(False)
        self._code_changed()

    def reset(self) -> None:
        """An empty form for a new employee (the photos go too)."""
        self.stop_camera()
        self._reenrol = None
        for edit in (self.name_edit, self.code_edit):
            edit.clear()
            edit.setReadOnly(False)
        self.department_edit.setEnabled(True)
        self.department_edit.setCurrentText("")
        self.consent_box.setChecked(False)
        self.keep_photos_box.setChecked(self._context.runtime.config.enrolment.keep_photos)
        self.clear_photos()
        self.status.info("")
        self._update_state()

    def start_reenrol(self, code: str) -> None:
        """Fill the form with an existing employee to add or replace their face templates."""
        employee = self._context.runtime.store.get_employee_by_code(code)
        if employee is None:
            self.status.error(f"no employee with code {code!r}")
            return
        self.reset()
        self._reenrol = employee
        self.name_edit.setText(employee.name)
        self.code_edit.setText(employee.code)
        self.department_edit.setCurrentText(employee.department or "")
        for edit in (self.name_edit, self.code_edit):
            edit.setReadOnly(True)
        self.department_edit.setEnabled(False)
        self._update_state()

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Add face photos", "", PHOTO_FILTER)
        if paths:
            self.add_files([Path(p) for p in paths])

    def add_files(self, paths: list[Path]) -> None:
        """Assess photo files in the background; ``photosAssessed`` follows."""
        if paths:
            self._tasks.submit(
                "Checking photos", partial(self._assess_files_job, list(paths)), self._add_candidates, self.status.error
            )

    def toggle_camera(self) -> None:
        if self._capture is None:
            self.start_camera()
        else:
            self.stop_camera()

    def start_camera(self) -> None:
        """Capture good, varied shots live until enough are taken or ``stop_camera``."""
        if self._capture is not None:
            return
        spec = self.camera_edit.text().strip() or self._context.source
        runtime = self._context.runtime
        plan = CapturePlan(shots=self.shots_spin.value(), same_person=runtime.threshold)
        capture = LiveCapture(spec, runtime.quality_limits, plan)
        self._capture = capture
        self.camera_button.setText("Stop camera")
        self.add_files_button.setEnabled(False)
        self.shots_label.setText(f"Shots: 0 of {capture.collector.plan.shots}")
        self._tasks.submit("", partial(self._capture_job, capture), self._camera_ended, self._camera_failed)

    def stop_camera(self) -> None:
        if self._capture is not None:
            self._capture.stop()

    @property
    def camera_running(self) -> bool:
        return self._capture is not None

    def remove_selected(self) -> None:
        for item in self.photo_list.selectedItems():
            self.photo_list.takeItem(self.photo_list.row(item))
        self._update_state()

    def clear_photos(self) -> None:
        self.photo_list.clear()
        self._update_state()

    def candidates(self, selected_only: bool = False) -> list[Candidate]:
        """The photos in the list (only the ticked, accepted ones with ``selected_only``)."""
        found = []
        for row in range(self.photo_list.count()):
            item = self.photo_list.item(row)
            candidate: Candidate = item.data(Qt.ItemDataRole.UserRole)
            if not selected_only or (candidate.assessment.accepted and item.checkState() == Qt.CheckState.Checked):
                found.append(candidate)
        return found

    def missing(self) -> list[str]:
        """What still keeps the form from being saved."""
        needs = []
        if not self.name_edit.text().strip():
            needs.append("a name")
        if not self.code_edit.text().strip():
            needs.append("an employee code")
        if not self.consent_box.isChecked():
            needs.append("the employee's consent")
        if not self.candidates(selected_only=True):
            needs.append("at least one accepted photo")
        return needs

    def save(self) -> bool:
        """Store the ticked photos' templates in the background; False (with the reason shown) if refused."""
        if self._saving:
            return False
        if self._taken_by is not None:
            self.status.error(self._taken_text(self._taken_by))
            return False
        needs = self.missing()
        if needs:
            self.status.error("Cannot save yet: needs " + ", ".join(needs) + ".")
            return False
        selected = self.candidates(selected_only=True)
        recognizers = {c.recognizer for c in selected}
        if len(recognizers) > 1:
            self.status.error("The face models changed while adding photos: remove them all and add them again.")
            return False
        warnings = self.warnings()
        if warnings and not self._confirm(warnings):
            return False
        assert self._consent_at is not None
        request = EnrolRequest(
            code=self.code_edit.text().strip(),
            name=self.name_edit.text().strip(),
            department=self.department_edit.currentText().strip() or None,
            consent_at=self._consent_at,
            existing=self._reenrol is not None,
            replace_templates=self._reenrol is not None and self.replace_box.isChecked(),
            recognizer=recognizers.pop(),
            vectors=np.stack([c.assessment.vector for c in selected]).astype(np.float32),
            qualities=np.array([c.assessment.embedding_quality for c in selected], np.float32),
            crops=tuple(c.assessment.crop for c in selected) if self.keep_photos_box.isChecked() else (),
        )
        self.stop_camera()  # the save job queues behind a running capture
        self._saving = True
        self._update_state()
        self._tasks.submit("Saving", partial(self._save_job, request), self._saved, self._save_failed)
        return True

    # -- jobs (on the engine thread) -------------------------------------------------------------

    def _engine_now(self) -> FaceEngine:
        runtime = self._context.runtime
        if self._engine is None or self._engine_runtime is not runtime:  # new models chosen in the settings
            self._tasks.report(0, 0, "Loading the face models")
            self._engine = runtime.new_engine()
            self._engine_runtime = runtime
        return self._engine

    def _gallery(self, engine: FaceEngine) -> Gallery:
        data = self._context.runtime.store.load_gallery(engine.recognizer.name)
        return Gallery(engine.recognizer.name, data.vectors.reshape(-1, engine.recognizer.dim), data.employee_ids)

    def _candidate(self, assessment: PhotoAssessment, gallery: Gallery) -> Candidate:
        if not assessment.accepted or assessment.vector is None:
            return Candidate(assessment, (), gallery.recognizer)
        runtime = self._context.runtime
        threshold = runtime.config.enrolment.duplicate_threshold or runtime.threshold
        found = []
        for hit in find_lookalikes(gallery, assessment.vector[None, :], threshold):
            employee = runtime.store.get_employee(hit.employee_id)
            if employee is not None:
                found.append(Resemblance(employee.id, employee.code, employee.name, hit.similarity))
        return Candidate(assessment, tuple(found), gallery.recognizer)

    def _assess_files_job(self, paths: list[Path]) -> list[Candidate]:
        engine = self._engine_now()
        gallery = self._gallery(engine)
        limits = self._context.runtime.quality_limits
        found = []
        for number, path in enumerate(paths, start=1):
            self._tasks.report(number - 1, len(paths), f"Checking photo {number} of {len(paths)}: {path.name}")
            found.append(self._candidate(assess_photo(engine, path, limits), gallery))
        return found

    def _capture_job(self, capture: LiveCapture) -> str:
        engine = self._engine_now()
        gallery = self._gallery(engine)
        post = self._tasks.post
        return capture.run(
            engine,
            on_view=lambda view: post(partial(self._show_view, view)),
            on_shot=lambda shot: post(partial(self._add_candidates, [self._candidate(shot, gallery)])),
            on_status=lambda text: post(partial(self.guidance_label.setText, text)),
        )

    def _save_job(self, request: EnrolRequest) -> Employee:
        engine = self._engine_now()
        if engine.recognizer.name != request.recognizer:
            raise KioskError("the face models changed since these photos were checked: remove them and add them again")
        store = self._context.runtime.store
        photos = [encode_png(crop) for crop in request.crops] or None
        employee = store.enrol(
            request.code,
            request.name,
            request.department,
            request.recognizer,
            request.vectors,
            request.qualities,
            consent_at=request.consent_at,
            photos=photos,
            replace_templates=request.replace_templates,
            actor=ACTOR,
        )
        if request.existing:
            employee = store.update_employee(request.code, actor=ACTOR, consent_at=request.consent_at)
        return employee

    # -- results (on the GUI thread) -------------------------------------------------------------

    def _add_candidates(self, candidates: list[Candidate]) -> None:
        warning_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.photo_list.blockSignals(True)
        for candidate in candidates:
            item = QListWidgetItem(f"{candidate.title}\n{candidate.verdict}")
            item.setData(Qt.ItemDataRole.UserRole, candidate)
            item.setToolTip(candidate.assessment.source)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if candidate.assessment.accepted and candidate.assessment.crop is not None:
                item.setIcon(QIcon(bgr_to_pixmap(candidate.assessment.crop)))
                item.setFlags(flags | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
            else:
                item.setIcon(warning_icon)
                item.setFlags(flags)
                item.setForeground(QBrush(REJECTED_COLOR))
            self.photo_list.addItem(item)
        self.photo_list.blockSignals(False)
        self.photo_list.scrollToBottom()
        if self._capture is not None:
            self.shots_label.setText(
                f"Shots: {len(self._capture.collector.shots)} of {self._capture.collector.plan.shots}"
            )
        self._update_state()
        self.photosAssessed.emit(len(candidates))

    def _show_view(self, view: LiveView) -> None:
        if self._capture is None:
            return
        pixmap = bgr_to_pixmap(view.image).scaled(
            PREVIEW_SIZE, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        self.preview_label.setPixmap(pixmap)
        self.guidance_label.setText(view.guidance)
        self.guidance_label.setStyleSheet("color: #1b5e20;" if view.passes else "color: #8a5300;")

    def _camera_ended(self, why: str) -> None:
        self._capture_done()
        self.guidance_label.setText(f"Camera stopped: {why}")
        self.cameraStopped.emit(why)

    def _camera_failed(self, message: str) -> None:
        self._capture_done()
        self.guidance_label.setText("Camera stopped")
        self.status.error(message)
        self.cameraStopped.emit(message)

    def _capture_done(self) -> None:
        self._capture = None
        self.camera_button.setText("Start camera")
        self.add_files_button.setEnabled(True)
        self.guidance_label.setStyleSheet("")
        self.preview_label.clear()
        self.preview_label.setText("Camera off")

    def _saved(self, employee: Employee) -> None:
        self._saving = False
        self.reset()
        self.status.success(
            f"Enrolled {employee.name} ({employee.code}): {employee.template_count} face template(s) stored."
        )
        self.enrolled.emit(employee.code)

    def _save_failed(self, message: str) -> None:
        self._saving = False
        self.status.error(f"Not saved: {message}")
        self._update_state()

    # -- form state ------------------------------------------------------------------------------

    def _consent_toggled(self, checked: bool) -> None:
        self._consent_at = datetime.now(timezone.utc) if checked else None
        self.consent_label.setText(f"Consent recorded at {local_text(self._consent_at)}" if checked else "")
        self._update_state()

    def _code_changed(self) -> None:
        code = self.code_edit.text().strip()
        found = self._context.runtime.store.get_employee_by_code(code) if code and self._reenrol is None else None
        self._taken_by = found
        self._update_state()

    @staticmethod
    def _taken_text(employee: Employee) -> str:
        return (
            f"Code {employee.code!r} is taken by {employee.name}: choose another code, "
            "or use Re-enrol on the Employees page."
        )

    def _resemblances(self, selected: list[Candidate]) -> list[Resemblance]:
        """Other employees the ticked photos match, best similarity each, best first."""
        own = self._reenrol.id if self._reenrol is not None else None
        best: dict[int, Resemblance] = {}
        for candidate in selected:
            for hit in candidate.resembles:
                if hit.employee_id != own and (
                    hit.employee_id not in best or hit.similarity > best[hit.employee_id].similarity
                ):
                    best[hit.employee_id] = hit
        return sorted(best.values(), key=lambda r: -r.similarity)

    def _least_alike(self, selected: list[Candidate]) -> tuple[Candidate, Candidate, float] | None:
        """The two least similar ticked photos, when they look like two different people."""
        if len(selected) < 2 or len({c.recognizer for c in selected}) > 1:
            return None
        vectors = np.stack([c.assessment.vector for c in selected])
        similarities = vectors @ vectors.T
        first, second = np.unravel_index(np.argmin(similarities), similarities.shape)
        lowest = float(similarities[first, second])
        return (selected[first], selected[second], lowest) if lowest < self._context.runtime.threshold else None

    def warnings(self) -> list[str]:
        """What the admin should check before saving: look-alikes of others, photos of different people."""
        selected = self.candidates(selected_only=True)
        found = []
        resemblances = self._resemblances(selected)
        if resemblances:
            found.append(
                "Possible duplicate or look-alike: the ticked photos already match "
                + "; ".join(f"{r.name} ({r.code}), similarity {r.similarity:.2f}" for r in resemblances)
                + "."
            )
        odd = self._least_alike(selected)
        if odd is not None:
            found.append(
                f"The ticked photos may show different people: {odd[0].title} and {odd[1].title} "
                f"have similarity {odd[2]:.2f}."
            )
        return found

    def _confirm(self, warnings: list[str]) -> bool:
        answer = QMessageBox.question(
            self,
            "Check before saving",
            "\n\n".join(warnings) + "\n\nSave anyway?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _update_state(self) -> None:
        reenrol = self._reenrol
        self.heading.setText("Re-enrol an employee" if reenrol else "Enrol an employee")
        self.mode_label.setText(
            f"Adding face templates for {reenrol.name} ({reenrol.code}), "
            f"who has {reenrol.template_count} now." if reenrol else ""
        )
        self.mode_label.setVisible(reenrol is not None)
        self.cancel_reenrol_button.setVisible(reenrol is not None)
        self.replace_box.setVisible(reenrol is not None)
        warnings = self.warnings()
        self.warning_label.setText("\n".join(warnings))
        self.warning_label.setVisible(bool(warnings))
        needs = self.missing()
        if self._taken_by is not None:
            self.hint_label.setText(self._taken_text(self._taken_by))
        elif needs:
            self.hint_label.setText("To save, this still needs " + ", ".join(needs) + ".")
        else:
            count = len(self.candidates(selected_only=True))
            self.hint_label.setText(f"Ready to save with {count} photo(s).")
        self.save_button.setEnabled(not needs and self._taken_by is None and not self._saving)

    # -- visibility ------------------------------------------------------------------------------

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt's name)
        self.stop_camera()  # the camera runs only while the page is on screen
        super().hideEvent(event)
