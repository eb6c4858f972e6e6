"""The enrolment form: who (name, code, department, consent), face photos (files or live camera), save.

The form edits an :class:`EnrolmentDraft` (services/enrolment_draft.py), which holds the state and
the checks; the photo list is a :class:`CandidateListModel` over it. Photos are assessed on the
page's own engine thread (models load there on first use, separate from the kiosk's); a result that
arrives after the form was reset belongs to the old draft and is dropped. Saving stores only
embeddings, plus the 112x112 aligned crops when the admin ticks "keep the aligned face photos".
"""
from __future__ import annotations

from datetime import datetime, timezone
from functools import partial
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from attendance.records import Employee
from core.errors import KioskError
from gui.code_checkin import NoFaceEmployeeDialog
from gui.context import GuiContext
from gui.enrol_photos import CandidateListModel
from gui.i18n import message_text
from gui.images import bgr_to_pixmap
from gui.tasks import TaskQueue
from gui.widgets import ACTOR, WARNING_STYLE, BusyBar, StatusLine, documents_path, local_text, title_label
from pipeline.engine import FaceEngine
from pipeline.images import IMAGE_SUFFIXES
from services.capture import CapturePlan, LiveCapture, LiveView
from services.code_checkin import add_without_face
from services.enrolment import assess_photo
from services.enrolment_draft import Candidate, EnrolmentDraft, EnrolRequest, PhotoChecker, save_enrolment
from services.runtime import Runtime

PREVIEW_SIZE = QSize(400, 300)
CROP_ICON_SIZE = QSize(96, 96)
PHOTO_PATTERNS = f"({' '.join('*' + s for s in sorted(IMAGE_SUFFIXES))} *.heic *.heif)"


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
        self.no_face_dialog: NoFaceEmployeeDialog | None = None
        self._capture: LiveCapture | None = None
        self._taken_by: Employee | None = None
        self._codes: dict[str, Employee] = {}  # the enrolled employees by code, as of the last refresh
        self._saving = False
        self.photos = CandidateListModel(
            self._new_draft(), self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning), self
        )
        self._build()
        self._tasks.progressed.connect(self.busy.show_progress)
        self._tasks.idle.connect(self.busy.hide)
        self._update_state()

    # -- layout ----------------------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = title_label(self.tr("Enrol an employee"))
        self.mode_label = QLabel()
        self.cancel_reenrol_button = QPushButton(self.tr("Enrol someone new instead"))
        self.cancel_reenrol_button.clicked.connect(self.reset)
        mode_row = QHBoxLayout()
        mode_row.addWidget(self.mode_label, 1)
        mode_row.addWidget(self.cancel_reenrol_button)

        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("Full name"))
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText(self.tr("Unique employee code"))
        self.department_edit = QComboBox()
        self.department_edit.setEditable(True)
        self.department_edit.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.consent_box = QCheckBox(self.tr("The employee consents to storing face templates for attendance (required)"))
        self.consent_label = QLabel()
        self.keep_photos_box = QCheckBox(self.tr("Keep the aligned face photos (112x112) with the templates"))
        self.keep_photos_box.setChecked(self._context.runtime.config.enrolment.keep_photos)
        self.replace_box = QCheckBox(self.tr("Replace the existing templates"))
        self.replace_box.setChecked(True)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Employee code"), self.code_edit)
        form.addRow(self.tr("Department"), self.department_edit)
        form.addRow(self.consent_box)
        form.addRow(self.consent_label)
        form.addRow(self.keep_photos_box)
        form.addRow(self.replace_box)

        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)
        self.warning_label = QLabel()
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet(WARNING_STYLE)
        self.save_button = QPushButton(self.tr("Save employee"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.status = StatusLine()
        self.busy = BusyBar()
        person_box = QGroupBox(self.tr("Employee"))
        person_layout = QVBoxLayout(person_box)
        person_layout.addLayout(form)
        person_layout.addStretch(1)
        person_layout.addWidget(self.warning_label)
        person_layout.addWidget(self.hint_label)
        person_layout.addWidget(self.save_button)
        self.no_face_button = QPushButton(self.tr("Enrol without face data…"))
        self.no_face_button.setToolTip(self.tr("For someone who does not want face recognition: code and check-in PIN only"))
        self.no_face_button.clicked.connect(self.enrol_without_face)
        person_layout.addWidget(self.no_face_button)

        self.add_files_button = QPushButton(self.tr("Add photo files…"))
        self.add_files_button.clicked.connect(self.choose_files)
        self.camera_edit = QLineEdit(self._context.source)
        self.camera_edit.setToolTip(self.tr("Camera index (0, 1, …), stream URL, video file or folder of photos"))
        self.shots_spin = QSpinBox()
        self.shots_spin.setRange(1, 10)
        self.shots_spin.setValue(CapturePlan().shots)
        self.camera_button = QPushButton(self.tr("Start camera"))
        self.camera_button.clicked.connect(self.toggle_camera)
        camera_row = QHBoxLayout()
        camera_row.addWidget(self.add_files_button)
        camera_row.addStretch(1)
        camera_row.addWidget(QLabel(self.tr("Camera")))
        camera_row.addWidget(self.camera_edit)
        camera_row.addWidget(QLabel(self.tr("Shots")))
        camera_row.addWidget(self.shots_spin)
        camera_row.addWidget(self.camera_button)

        self.preview_label = QLabel(self.tr("Camera off"))
        self.preview_label.setFixedSize(PREVIEW_SIZE)
        self.preview_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_label.setStyleSheet("background: #202020; color: #d0d0d0;")
        self.guidance_label = QLabel(self.tr("Start the camera, or add photo files"))
        guidance_font = self.guidance_label.font()
        guidance_font.setPointSizeF(guidance_font.pointSizeF() * 1.3)
        guidance_font.setBold(True)
        self.guidance_label.setFont(guidance_font)
        self.guidance_label.setWordWrap(True)
        self.guidance_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.guidance_label.setMinimumHeight(3 * self.guidance_label.fontMetrics().lineSpacing())
        self.shots_label = QLabel()

        self.photo_list = QListView()
        self.photo_list.setModel(self.photos)
        self.photo_list.setIconSize(CROP_ICON_SIZE)
        self.photo_list.setSpacing(2)
        self.photo_list.setWordWrap(True)
        self.photo_list.setSelectionMode(QListView.SelectionMode.ExtendedSelection)
        self.photos.tickedChanged.connect(self._update_state)
        self.remove_button = QPushButton(self.tr("Remove selected"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.clear_button = QPushButton(self.tr("Remove all"))
        self.clear_button.clicked.connect(self.clear_photos)
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(QLabel(self.tr("Tick the photos to use; rejected photos cannot be used.")), 1)
        list_buttons.addWidget(self.remove_button)
        list_buttons.addWidget(self.clear_button)

        photos_box = QGroupBox(self.tr("Face photos"))
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

        self.name_edit.textChanged.connect(self._name_changed)
        self.code_edit.textChanged.connect(self._code_changed)
        self.department_edit.currentTextChanged.connect(self._department_changed)
        self.consent_box.toggled.connect(self._consent_toggled)
        self.keep_photos_box.toggled.connect(self._keep_photos_toggled)
        self.replace_box.toggled.connect(self._replace_toggled)

    # -- public actions --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the department suggestions and the codes taken (typing then runs no query)."""
        current = self.department_edit.currentText()
        employees = self._context.runtime.store.list_employees()
        self._codes = {e.code: e for e in employees}
        departments = sorted({e.department for e in employees if e.department})
        self.department_edit.blockSignals(True)
        self.department_edit.clear()
        self.department_edit.addItems([""] + departments)
        self.department_edit.setCurrentText(current)
        self.department_edit.blockSignals(False)
        self._code_changed()

    @property
    def draft(self) -> EnrolmentDraft:
        return self.photos.draft

    def enrol_without_face(self) -> None:
        """The non-biometric enrolment: an employee with a check-in PIN, no photo, no template."""
        store = self._context.runtime.store

        def save(code: str, name: str, department: str | None, pin: str) -> None:
            add_without_face(store, code, name, department, pin, actor=ACTOR)

        self.no_face_dialog = NoFaceEmployeeDialog(save, self)
        self.no_face_dialog.name.setText(self.name_edit.text().strip())
        self.no_face_dialog.code.setText(self.code_edit.text().strip())
        self.no_face_dialog.department.setText(self.department_edit.currentText().strip())
        if self.no_face_dialog.exec() == QDialog.DialogCode.Accepted:
            code = self.no_face_dialog.code.text().strip()
            self.reset()
            self.status.success(self.tr("Enrolled {code} without face data: they check in with their code and PIN.").format(code=code))
            self.enrolled.emit(code)

    def reset(self) -> None:
        """An empty form for a new employee (the photos go too)."""
        self._start_draft(self._new_draft())

    def start_reenrol(self, code: str) -> None:
        """Fill the form with an existing employee to add or replace their face templates."""
        employee = self._context.runtime.store.get_employee_by_code(code)
        if employee is None:
            self.status.error(self.tr("No employee has the code {code}.").format(code=code))
            return
        self._start_draft(self._new_draft(employee))

    def _new_draft(self, existing: Employee | None = None) -> EnrolmentDraft:
        return EnrolmentDraft(existing, keep_photos=self._context.runtime.config.enrolment.keep_photos)

    def _start_draft(self, draft: EnrolmentDraft) -> None:
        """Show ``draft`` in the form; results of jobs for the previous draft are dropped from now on."""
        self.stop_camera()
        self.photos.set_draft(draft)
        fixed = draft.existing is not None
        self.name_edit.setText(draft.name)
        self.code_edit.setText(draft.code)
        self.department_edit.setCurrentText(draft.department)
        for edit in (self.name_edit, self.code_edit):
            edit.setReadOnly(fixed)
        self.department_edit.setEnabled(not fixed)
        self.consent_box.setChecked(False)
        self.keep_photos_box.setChecked(draft.keep_photos)
        self.replace_box.setChecked(draft.replace_templates)
        self.status.info("")
        self._update_state()

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Add face photos"), documents_path(), self.tr("Images") + " " + PHOTO_PATTERNS)
        if paths:
            self.add_files([Path(p) for p in paths])

    def add_files(self, paths: list[Path]) -> None:
        """Assess photo files in the background; ``photosAssessed`` follows."""
        if paths:
            draft = self.draft
            self._tasks.submit(
                self.tr("Checking photos"),
                partial(self._assess_files_job, draft.existing, list(paths)),
                partial(self._add_candidates, draft),
                self.status.error,
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
        self.camera_button.setText(self.tr("Stop camera"))
        self.add_files_button.setEnabled(False)
        self.shots_label.setText(self.tr("Shots: {taken} of {planned}").format(taken=0, planned=capture.collector.plan.shots))
        self._tasks.submit(
            "", partial(self._capture_job, capture, self.draft), self._camera_ended, self._camera_failed
        )

    def stop_camera(self) -> None:
        if self._capture is not None:
            self._capture.stop()

    @property
    def camera_running(self) -> bool:
        return self._capture is not None

    def remove_selected(self) -> None:
        self.photos.remove([index.row() for index in self.photo_list.selectionModel().selectedIndexes()])
        self._update_state()

    def clear_photos(self) -> None:
        self.photos.clear()
        self._update_state()

    def save(self) -> bool:
        """Store the ticked photos' templates in the background; False (with the reason shown) if refused."""
        if self._saving:
            return False
        if self._taken_by is not None:
            self.status.error(self._taken_text(self._taken_by))
            return False
        needs = self.draft.missing()
        if needs:
            self.status.error(self.tr("Cannot save yet: needs {missing}.").format(missing=", ".join(map(message_text, needs))))
            return False
        warnings = [message_text(w.text) for w in self.draft.warnings()]
        if warnings and not self._confirm(warnings):
            return False
        try:
            request = self.draft.request()
        except KioskError as exc:
            self.status.error(self.tr("Not saved: {problem}").format(problem=exc))
            return False
        self.stop_camera()  # the save job queues behind a running capture
        self._saving = True
        self._update_state()
        self._tasks.submit(self.tr("Saving"), partial(self._save_job, request), self._saved, self._save_failed)
        return True

    # -- jobs (on the engine thread) -------------------------------------------------------------

    def _engine_now(self) -> FaceEngine:
        runtime = self._context.runtime
        if self._engine is None or self._engine_runtime is not runtime:  # new models chosen in the settings
            self._tasks.report(0, 0, self.tr("Loading the face models"))
            self._engine = runtime.new_engine()
            self._engine_runtime = runtime
        return self._engine

    def _checker(self, engine: FaceEngine, existing: Employee | None) -> PhotoChecker:
        runtime = self._context.runtime
        recognizer = engine.recognizer
        return PhotoChecker(
            runtime.store, recognizer.name, recognizer.dim, runtime.threshold, runtime.duplicate_threshold, existing
        )

    def _assess_files_job(self, existing: Employee | None, paths: list[Path]) -> list[Candidate]:
        engine = self._engine_now()
        checker = self._checker(engine, existing)
        limits = self._context.runtime.quality_limits
        found = []
        for number, path in enumerate(paths, start=1):
            self._tasks.report(number - 1, len(paths), self.tr("Checking photo {number} of {total}: {file}").format(
                number=number, total=len(paths), file=path.name))
            found.append(checker.candidate(assess_photo(engine, path, limits)))
        return found

    def _capture_job(self, capture: LiveCapture, draft: EnrolmentDraft) -> str:
        engine = self._engine_now()
        checker = self._checker(engine, draft.existing)
        post = self._tasks.post
        return capture.run(
            engine,
            on_view=lambda view: post(partial(self._show_view, view)),
            on_shot=lambda shot: post(partial(self._add_candidates, draft, [checker.candidate(shot)])),
            on_status=lambda text: post(partial(self.guidance_label.setText, message_text(text))),
            liveness=self._context.runtime.new_liveness_judge(challenge=False),  # a photo of a photo is not enrolled
        )

    def _save_job(self, request: EnrolRequest) -> Employee:
        engine = self._engine_now()
        return save_enrolment(self._context.runtime.store, request, engine.recognizer.name, ACTOR)

    # -- results (on the GUI thread) -------------------------------------------------------------

    def _add_candidates(self, draft: EnrolmentDraft, candidates: list[Candidate]) -> None:
        if draft is not self.draft:  # checked for a form that has since been reset
            return
        self.photos.add(candidates)
        self.photo_list.scrollToBottom()
        if self._capture is not None:
            self.shots_label.setText(self.tr("Shots: {taken} of {planned}").format(
                taken=len(self._capture.collector.shots), planned=self._capture.collector.plan.shots))
        self._update_state()
        self.photosAssessed.emit(len(candidates))

    def _show_view(self, view: LiveView) -> None:
        if self._capture is None:
            return
        pixmap = bgr_to_pixmap(view.image).scaled(
            PREVIEW_SIZE, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        self.preview_label.setPixmap(pixmap)
        self.guidance_label.setText(message_text(view.guidance))
        self.guidance_label.setStyleSheet("color: #1b5e20;" if view.passes else "color: #8a5300;")

    def _camera_ended(self, why: str) -> None:
        self._capture_done()
        self.guidance_label.setText(self.tr("Camera stopped: {why}").format(why=message_text(why)))
        self.cameraStopped.emit(why)

    def _camera_failed(self, message: str) -> None:
        self._capture_done()
        self.guidance_label.setText(self.tr("Camera stopped"))
        self.status.error(message)
        self.cameraStopped.emit(message)

    def _capture_done(self) -> None:
        self._capture = None
        self.camera_button.setText(self.tr("Start camera"))
        self.add_files_button.setEnabled(True)
        self.guidance_label.setStyleSheet("")
        self.preview_label.clear()
        self.preview_label.setText(self.tr("Camera off"))

    def _saved(self, employee: Employee) -> None:
        self._saving = False
        self._codes[employee.code] = employee
        self.reset()
        self.status.success(self.tr("Enrolled {name} ({code}): {templates} face template(s) stored.").format(
            name=employee.name, code=employee.code, templates=employee.template_count))
        self.enrolled.emit(employee.code)

    def _save_failed(self, message: str) -> None:
        self._saving = False
        self.status.error(self.tr("Not saved: {problem}").format(problem=message))
        self._update_state()

    # -- form state ------------------------------------------------------------------------------

    def _name_changed(self, text: str) -> None:
        self.draft.name = text
        self._update_state()

    def _department_changed(self, text: str) -> None:
        self.draft.department = text

    def _keep_photos_toggled(self, checked: bool) -> None:
        self.draft.keep_photos = checked

    def _replace_toggled(self, checked: bool) -> None:
        self.draft.replace_templates = checked

    def _consent_toggled(self, checked: bool) -> None:
        consent_at = datetime.now(timezone.utc) if checked else None
        self.draft.consent_at = consent_at
        self.consent_label.setText(self.tr("Consent recorded at {time}").format(time=local_text(consent_at)) if consent_at else "")
        self._update_state()

    def _code_changed(self) -> None:
        code = self.code_edit.text().strip()
        self.draft.code = self.code_edit.text()
        fresh = code and self.draft.existing is None
        self._taken_by = self._codes.get(code) if fresh else None
        self._update_state()

    def _taken_text(self, employee: Employee) -> str:
        return self.tr("Code {code} is taken by {name}: choose another code, or use Re-enrol on the Employees page.").format(
            code=employee.code, name=employee.name)

    def _confirm(self, warnings: list[str]) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Check before saving"),
            "\n\n".join(warnings) + "\n\n" + self.tr("Save anyway?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _update_state(self) -> None:
        draft = self.draft
        reenrol = draft.existing
        self.heading.setText(self.tr("Re-enrol an employee") if reenrol else self.tr("Enrol an employee"))
        self.mode_label.setText(
            self.tr("Adding face templates for {name} ({code}), who has {templates} now.").format(
                name=reenrol.name, code=reenrol.code, templates=reenrol.template_count) if reenrol else ""
        )
        self.mode_label.setVisible(reenrol is not None)
        self.cancel_reenrol_button.setVisible(reenrol is not None)
        self.replace_box.setVisible(reenrol is not None)
        warnings = [message_text(w.text) for w in draft.warnings()]
        self.warning_label.setText("\n".join(warnings))
        self.warning_label.setVisible(bool(warnings))
        needs = draft.missing()
        if self._taken_by is not None:
            self.hint_label.setText(self._taken_text(self._taken_by))
        elif needs:
            self.hint_label.setText(self.tr("To save, this still needs {missing}.").format(missing=", ".join(map(message_text, needs))))
        else:
            self.hint_label.setText(self.tr("Ready to save with %Ln photo(s).", "", len(draft.selected())))
        self.save_button.setEnabled(not needs and self._taken_by is None and not self._saving)

    # -- visibility ------------------------------------------------------------------------------

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt's name)
        self.stop_camera()  # the camera runs only while the page is on screen
        super().hideEvent(event)
