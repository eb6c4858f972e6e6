"""The employees page: search, edit, (de)activate, re-enrol, erase face data, delete.

The list, the kept photos and every change load or run on the page's task thread (a search per
keystroke runs no query on the GUI thread); changes are audited by the store with actor "admin".
Re-enrolment is the main window's business: the page emits ``reenrolRequested(code)``.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, QItemSelectionModel, QSize, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from attendance.records import Employee, ErasureReceipt, EventFilter, TemplateInfo
from gui.code_checkin import CheckInPinDialog, NoFaceEmployeeDialog
from gui.context import GuiContext
from gui.i18n import number_text, translate, value_text
from gui.images import encoded_to_pixmap
from gui.tasks import TaskQueue
from gui.widgets import (
    ACTOR,
    WARNING_STYLE,
    BusyBar,
    Column,
    ListTableModel,
    StatusLine,
    local_text,
    title_label,
)
from services import erasure
from services.code_checkin import add_without_face, checkin_pins, issue_setup_code
from services.gallery_audit import GalleryAudit, pair_labels

T = TypeVar("T")
SEARCH_DELAY_MS = 200
PHOTO_ICON_SIZE = QSize(96, 96)
Answer = QMessageBox.StandardButton

EMPLOYEE_COLUMNS: tuple[Column[Employee], ...] = (
    Column(QT_TRANSLATE_NOOP("Column", "Code"), lambda e: e.code),
    Column(QT_TRANSLATE_NOOP("Column", "Name"), lambda e: e.name),
    Column(QT_TRANSLATE_NOOP("Column", "Department"), lambda e: e.department or ""),
    Column(QT_TRANSLATE_NOOP("Column", "Status"), lambda e: value_text("active" if e.active else "inactive")),
    Column(QT_TRANSLATE_NOOP("Column", "Templates"), lambda e: str(e.template_count), numeric=True),
    Column(QT_TRANSLATE_NOOP("Column", "Consent"), lambda e: local_text(e.consent_at, seconds=False)),
    Column(QT_TRANSLATE_NOOP("Column", "Enrolled"), lambda e: local_text(e.created, clock=False)),
)


@dataclass(frozen=True)
class EmployeeEdit:
    """New name and department from the edit dialog (department None: none)."""

    name: str
    department: str | None


class EmployeeDialog(QDialog):
    """Edit an employee's name and department (the code stays: it identifies them)."""

    def __init__(self, employee: Employee, departments: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit {code}").format(code=employee.code))
        self.name_edit = QLineEdit(employee.name)
        self.department_edit = QComboBox()
        self.department_edit.setEditable(True)
        self.department_edit.addItems([""] + departments)
        self.department_edit.setCurrentText(employee.department or "")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name_edit.textChanged.connect(
            lambda text: self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(text.strip()))
        )
        form = QFormLayout(self)
        form.addRow(self.tr("Code"), QLabel(employee.code))
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Department"), self.department_edit)
        form.addRow(self.buttons)

    def edit(self) -> EmployeeEdit:
        return EmployeeEdit(self.name_edit.text().strip(), self.department_edit.currentText().strip() or None)

    @staticmethod
    def ask(parent: QWidget, employee: Employee, departments: list[str]) -> EmployeeEdit | None:
        dialog = EmployeeDialog(employee, departments, parent)
        return dialog.edit() if dialog.exec() == QDialog.DialogCode.Accepted else None


def _receipt_line(receipt: ErasureReceipt) -> str:
    """The erasure receipt in the page's status line (the whole receipt stays in the audit log)."""
    what = (
        translate("EmployeesPage", "Deleted {name} ({code})") if receipt.employee_deleted
        else translate("EmployeesPage", "Erased the face data of {name} ({code})")
    )
    destroyed = translate(
        "EmployeesPage", "destroyed {templates} face template(s), {photos} kept photo(s), {thumbnails} face thumbnail(s), "
        "{looks} \"not me\" face(s). Receipt kept in the audit log.",
    ).format(templates=receipt.templates, photos=receipt.photos, looks=receipt.rejected_looks,
             thumbnails=receipt.event_thumbnails + receipt.spool_thumbnails + receipt.attack_thumbnails)
    return what.format(name=receipt.employee_name, code=receipt.employee_code) + ": " + destroyed


def audit_line(audit: GalleryAudit) -> str:
    """Look-alike pairs and weak templates in one line for the page; empty when there is nothing to say."""
    parts = []
    if audit.lookalikes:
        pairs = "; ".join(f"{' ~ '.join(pair_labels(p))} ({number_text(p.similarity, 2)})" for p in audit.lookalikes[:3])
        more = len(audit.lookalikes) - 3
        parts.append(translate("EmployeesPage", "Look-alike pairs: {count}, told apart by a margin of {margin}: {pairs}").format(
            count=len(audit.lookalikes), margin=number_text(audit.margin, 2), pairs=pairs)
            + (translate("EmployeesPage", " and {more} more").format(more=more) if more > 0 else ""))
    if audit.weak:
        people = sorted({f"{w.name} ({w.code})" for w in audit.weak})
        parts.append(translate("EmployeesPage", "Templates unlike the rest of their person (re-enrol?): {count}: {people}").format(
            count=len(audit.weak), people=", ".join(people[:3])))
    return ". ".join(parts)


class EmployeesPage(QWidget):
    """Everyone enrolled, with the actions an administrator needs."""

    reenrolRequested = Signal(str)  # noqa: N815 - Qt signal naming; the employee code to re-enrol
    employeesChanged = Signal()  # noqa: N815 - after any edit, (de)activation, erasure or deletion

    def __init__(self, context: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._tasks = TaskQueue("employees", self)
        self.pin_dialog: CheckInPinDialog | None = None
        self.no_face_dialog: NoFaceEmployeeDialog | None = None
        self._listing = 0  # the newest listing asked for; older ones are not shown
        self._shown_photos: int | None = None  # whose kept photos are (being) shown
        self.model: ListTableModel[Employee] = ListTableModel(
            EMPLOYEE_COLUMNS, muted=lambda e: not e.active, parent=self
        )

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Search code, name or department"))
        self.search_edit.setClearButtonEnabled(True)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.count_label = QLabel()

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the name takes the room left
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(self.edit_selected)

        self.edit_button = QPushButton(self.tr("Edit…"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.active_button = QPushButton(self.tr("Deactivate"))
        self.active_button.clicked.connect(self.toggle_active_selected)
        self.reenrol_button = QPushButton(self.tr("Re-enrol…"))
        self.reenrol_button.clicked.connect(self.reenrol_selected)
        self.erase_button = QPushButton(self.tr("Withdraw consent…"))
        self.erase_button.setToolTip(
            self.tr("Consent withdrawn: destroy the face templates, kept photos and face thumbnails; the employee and history stay")
        )
        self.erase_button.clicked.connect(self.withdraw_selected)
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.delete_button.clicked.connect(self.delete_selected)
        self.pin_button = QPushButton(self.tr("Check-in PIN…"))
        self.pin_button.setToolTip(self.tr("The PIN this employee types with their code to check in without the face"))
        self.pin_button.clicked.connect(self.set_pin_selected)
        self.setup_button = QPushButton(self.tr("Setup code…"))
        self.setup_button.setToolTip(self.tr("A one-time code: the employee types it at the kiosk, then chooses their own check-in PIN"))
        self.setup_button.clicked.connect(self.setup_code_selected)
        self._actions = (
            self.edit_button, self.active_button, self.reenrol_button, self.pin_button, self.setup_button,
            self.erase_button, self.delete_button,
        )
        self.no_face_button = QPushButton(self.tr("Add without face…"))
        self.no_face_button.setToolTip(self.tr("An employee who checks in with code and PIN only: no photo, no template"))
        self.no_face_button.clicked.connect(self.add_without_face)

        self.photos_label = QLabel(self.tr("Kept face photos"))
        self.photos = QListWidget()
        self.photos.setViewMode(QListView.ViewMode.IconMode)
        self.photos.setIconSize(PHOTO_ICON_SIZE)
        self.photos.setFixedHeight(PHOTO_ICON_SIZE.height() + 24)
        self.photos.setFlow(QListView.Flow.LeftToRight)
        self.photos.setWrapping(False)

        self.status = StatusLine()
        self.audit_label = QLabel()
        self.audit_label.setObjectName("galleryAudit")
        self.audit_label.setWordWrap(True)
        self.audit_label.setStyleSheet(WARNING_STYLE)
        self.audit_label.hide()
        self.busy = BusyBar()
        self._tasks.progressed.connect(self.busy.show_progress)
        self._tasks.idle.connect(self.busy.hide)

        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.count_label)
        buttons = QHBoxLayout()
        for button in self._actions:
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.no_face_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Employees")))
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.audit_label)
        layout.addLayout(buttons)
        layout.addWidget(self.photos_label)
        layout.addWidget(self.photos)
        layout.addWidget(self.busy)
        layout.addWidget(self.status)
        self._selection_changed()

    # -- reading ---------------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        """A listing, kept photos or a write is on its way."""
        return self._tasks.busy

    def refresh(self, then: Callable[[], None] | None = None) -> None:
        """Reload the list with the current search on the task thread, keeping the selection; ``then`` after."""
        search = self.search_edit.text().strip() or None
        self._listing += 1
        job = partial(self._context.runtime.store.list_employees, search=search)
        self._tasks.submit("", job, partial(self._listed, self._listing, search, then), self.status.error)
        self._tasks.submit("", self._context.runtime.gallery_audit, self._audited, lambda _message: self.audit_label.hide())

    def _audited(self, audit: GalleryAudit) -> None:
        """Look-alike pairs and weak templates, under the list (hidden when there are none)."""
        line = audit_line(audit)
        self.audit_label.setText(line)
        self.audit_label.setVisible(bool(line))

    def _listed(
        self, listing: int, search: str | None, then: Callable[[], None] | None, employees: list[Employee]
    ) -> None:
        if listing == self._listing:  # else a newer search is on its way
            selected = self.selected_employee()
            self.model.set_rows(employees)
            found = self.tr("%Ln employee(s)", "", len(employees)) if search is None else self.tr("%Ln employee(s) found", "", len(employees))
            self.count_label.setText(found)
            if selected is not None:
                self.select_code(selected.code)
            self._selection_changed()
        if then is not None:
            then()

    def selected_employee(self) -> Employee | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def select_code(self, code: str) -> bool:
        """Select the employee with ``code`` if listed."""
        for row, employee in enumerate(self.model.rows):
            if employee.code == code:
                flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                self.table.selectionModel().select(self.model.index(row, 0), flags)
                self.table.scrollTo(self.model.index(row, 0))
                return True
        return False

    def departments(self) -> list[str]:
        return sorted({e.department for e in self._context.runtime.store.list_employees() if e.department})

    # -- actions on the selected employee --------------------------------------------------------

    def edit_selected(self) -> None:
        employee = self.selected_employee()
        if employee is None:
            return
        edit = EmployeeDialog.ask(self, employee, self.departments())
        if edit is not None:
            self.apply_edit(employee.code, edit)

    def toggle_active_selected(self) -> None:
        employee = self.selected_employee()
        if employee is not None:
            self.set_active(employee.code, not employee.active)

    def reenrol_selected(self) -> None:
        employee = self.selected_employee()
        if employee is not None:
            self.reenrolRequested.emit(employee.code)

    def set_pin_selected(self) -> None:
        employee = self.selected_employee()
        if employee is None:
            return
        pins = checkin_pins(self._context.runtime.store, employee)
        self.pin_dialog = CheckInPinDialog(employee.name, lambda pin: pins.set_pin(pin, actor=ACTOR), self)
        if self.pin_dialog.exec() == QDialog.DialogCode.Accepted:
            self.status.success(self.tr("Check-in PIN of {name} ({code}) set.").format(name=employee.name, code=employee.code))

    def setup_code_selected(self) -> None:
        employee = self.selected_employee()
        if employee is None:
            return
        code = issue_setup_code(self._context.runtime.store, employee, actor=ACTOR)
        self.status.success(self.tr("One-time setup code for {name} ({code}): {setup}").format(
            name=employee.name, code=employee.code, setup=code))
        QMessageBox.information(
            self, self.tr("Setup code"),
            self.tr("Give {name} this one-time setup code: {setup}\n\nAt the kiosk they choose \"Check in with code\", "
                    "type their employee code and this setup code as PIN, then choose their own PIN.").format(name=employee.name, setup=code),
        )

    def add_without_face(self) -> None:
        store = self._context.runtime.store

        def save(code: str, name: str, department: str | None, pin: str) -> None:
            add_without_face(store, code, name, department, pin, actor=ACTOR)

        self.no_face_dialog = NoFaceEmployeeDialog(save, self)
        if self.no_face_dialog.exec() == QDialog.DialogCode.Accepted:
            self._written(self.tr("Added {name}: checks in with code and PIN.").format(name=self.no_face_dialog.name.text().strip()))

    def withdraw_selected(self) -> None:
        employee = self.selected_employee()
        if employee is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Withdraw consent"),
            self.tr("{name} ({code}) withdraws consent: destroy their {templates} face template(s), kept photos and every face "
                    "thumbnail? They stay an active employee and check in with their code; attendance history stays.").format(
                name=employee.name, code=employee.code, templates=employee.template_count),
            Answer.Yes | Answer.No,
            Answer.No,
        )
        if answer == Answer.Yes:
            self.withdraw_consent(employee.code)

    def delete_selected(self) -> None:
        """Delete after confirmation; an employee with attendance history needs a second confirmation."""
        employee = self.selected_employee()
        if employee is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete employee"),
            self.tr("Delete {name} ({code}) and erase their {templates} face template(s)? This cannot be undone.").format(
                name=employee.name, code=employee.code, templates=employee.template_count),
            Answer.Yes | Answer.No,
            Answer.No,
        )
        if answer != Answer.Yes:
            return
        events = self._context.runtime.store.count_events(EventFilter(employee_code=employee.code, include_voided=True))
        if events:
            answer = QMessageBox.question(
                self,
                self.tr("Delete attendance history too?"),
                self.tr("{name} has {events} attendance event(s). Delete them as well? "
                        "Choose No to keep the history (deactivate the employee instead).").format(name=employee.name, events=events),
                Answer.Yes | Answer.No,
                Answer.No,
            )
            if answer != Answer.Yes:
                return
        self.delete(employee.code, delete_events=events > 0)

    # -- writes (on the task thread) -------------------------------------------------------------

    def apply_edit(self, code: str, edit: EmployeeEdit) -> None:
        store = self._context.runtime.store
        job = partial(store.update_employee, code, actor=ACTOR, name=edit.name, department=edit.department)
        self._write(self.tr("Saving"), job, lambda e: self.tr("Saved {name} ({code}).").format(name=e.name, code=e.code))

    def set_active(self, code: str, active: bool) -> None:
        job = partial(self._context.runtime.store.set_active, code, active, actor=ACTOR)
        self._write(self.tr("Saving"), job, lambda e: (self.tr("{name} ({code}) is active now.") if e.active
                                                     else self.tr("{name} ({code}) is inactive now.")).format(name=e.name, code=e.code))

    def withdraw_consent(self, code: str) -> None:
        """Consent withdrawn: every piece of the employee's biometric data goes, the employee stays."""
        runtime = self._context.runtime

        def describe(receipt: ErasureReceipt) -> str:
            employee = runtime.store.get_employee_by_code(code)
            needs_pin = employee is not None and not checkin_pins(runtime.store, employee).is_set
            hint = " " + self.tr("They check in with their code now: give them a check-in PIN or a setup code.") if needs_pin else ""
            return _receipt_line(receipt) + hint

        job = partial(erasure.withdraw_consent, runtime, code, actor=ACTOR, reason="consent withdrawn")
        self._write(self.tr("Erasing face data"), job, describe)

    def delete(self, code: str, delete_events: bool = False) -> None:
        job = partial(
            erasure.delete_employee, self._context.runtime, code, actor=ACTOR, reason="deleted by the admin",
            delete_events=delete_events,
        )
        self._write(self.tr("Deleting"), job, _receipt_line)

    def _write(self, what: str, job: Callable[[], T], describe: Callable[[T], str]) -> None:
        self._tasks.submit(what, job, lambda result: self._written(describe(result)), self._failed)

    def _written(self, message: str) -> None:
        self.status.success(message)
        self.refresh(then=self.employeesChanged.emit)

    def _failed(self, message: str) -> None:
        self.status.error(message)
        self.refresh()

    # -- selection -------------------------------------------------------------------------------

    def _selection_changed(self) -> None:
        employee = self.selected_employee()
        for button in self._actions:
            button.setEnabled(employee is not None)
        self.active_button.setText(self.tr("Activate") if employee is not None and not employee.active else self.tr("Deactivate"))
        self._show_photos(employee)

    def _show_photos(self, employee: Employee | None) -> None:
        """Show the selected employee's kept photos, loaded on the task thread."""
        self._shown_photos = employee.id if employee is not None else None
        if employee is None:
            self._photos_loaded(None, [])
            return
        job = partial(self._kept_photos, employee.id)
        self._tasks.submit("", job, partial(self._photos_loaded, employee.id), self.status.error)

    def _kept_photos(self, employee_id: int) -> list[tuple[TemplateInfo, bytes]]:
        store = self._context.runtime.store
        kept = [(t, store.template_photo(t.id)) for t in store.list_templates(employee_id) if t.has_photo]
        return [(t, data) for t, data in kept if data]

    def _photos_loaded(self, employee_id: int | None, kept: list[tuple[TemplateInfo, bytes]]) -> None:
        if employee_id != self._shown_photos:  # the selection moved on
            return
        self.photos.clear()
        for template, data in kept:
            item = QListWidgetItem(QIcon(encoded_to_pixmap(data)), "")
            item.setToolTip(self.tr("template {number}, {recognizer}, quality {quality}").format(
                number=template.id, recognizer=template.recognizer, quality=number_text(template.quality, 2)))
            self.photos.addItem(item)
        self.photos_label.setVisible(bool(kept))
        self.photos.setVisible(bool(kept))
