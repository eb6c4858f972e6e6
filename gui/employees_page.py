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

from PySide6.QtCore import QItemSelectionModel, QSize, QTimer, Signal
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
from services.gallery_audit import GalleryAudit

T = TypeVar("T")
SEARCH_DELAY_MS = 200
PHOTO_ICON_SIZE = QSize(96, 96)
Answer = QMessageBox.StandardButton

EMPLOYEE_COLUMNS: tuple[Column[Employee], ...] = (
    Column("Code", lambda e: e.code),
    Column("Name", lambda e: e.name),
    Column("Department", lambda e: e.department or ""),
    Column("Status", lambda e: "active" if e.active else "inactive"),
    Column("Templates", lambda e: str(e.template_count), numeric=True),
    Column("Consent", lambda e: local_text(e.consent_at, fmt="%Y-%m-%d %H:%M")),
    Column("Enrolled", lambda e: local_text(e.created, fmt="%Y-%m-%d")),
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
        self.setWindowTitle(f"Edit {employee.code}")
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
        form.addRow("Code", QLabel(employee.code))
        form.addRow("Name", self.name_edit)
        form.addRow("Department", self.department_edit)
        form.addRow(self.buttons)

    def edit(self) -> EmployeeEdit:
        return EmployeeEdit(self.name_edit.text().strip(), self.department_edit.currentText().strip() or None)

    @staticmethod
    def ask(parent: QWidget, employee: Employee, departments: list[str]) -> EmployeeEdit | None:
        dialog = EmployeeDialog(employee, departments, parent)
        return dialog.edit() if dialog.exec() == QDialog.DialogCode.Accepted else None


def _receipt_line(receipt: ErasureReceipt) -> str:
    """The erasure receipt in the page's status line (the whole receipt stays in the audit log)."""
    destroyed = receipt.lines[2].removeprefix("destroyed: ")
    what = "Deleted" if receipt.employee_deleted else "Erased the face data of"
    return f"{what} {receipt.employee_name} ({receipt.employee_code}): destroyed {destroyed}. Receipt kept in the audit log."


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
        self.search_edit.setPlaceholderText("Search code, name or department")
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

        self.edit_button = QPushButton("Edit…")
        self.edit_button.clicked.connect(self.edit_selected)
        self.active_button = QPushButton("Deactivate")
        self.active_button.clicked.connect(self.toggle_active_selected)
        self.reenrol_button = QPushButton("Re-enrol…")
        self.reenrol_button.clicked.connect(self.reenrol_selected)
        self.erase_button = QPushButton("Withdraw consent…")
        self.erase_button.setToolTip(
            "Consent withdrawn: destroy the face templates, kept photos and face thumbnails; the employee and history stay"
        )
        self.erase_button.clicked.connect(self.withdraw_selected)
        self.delete_button = QPushButton("Delete…")
        self.delete_button.clicked.connect(self.delete_selected)
        self.pin_button = QPushButton("Check-in PIN…")
        self.pin_button.setToolTip("The PIN this employee types with their code to check in without the face")
        self.pin_button.clicked.connect(self.set_pin_selected)
        self.setup_button = QPushButton("Setup code…")
        self.setup_button.setToolTip("A one-time code: the employee types it at the kiosk, then chooses their own check-in PIN")
        self.setup_button.clicked.connect(self.setup_code_selected)
        self._actions = (
            self.edit_button, self.active_button, self.reenrol_button, self.pin_button, self.setup_button,
            self.erase_button, self.delete_button,
        )
        self.no_face_button = QPushButton("Add without face…")
        self.no_face_button.setToolTip("An employee who checks in with code and PIN only: no photo, no template")
        self.no_face_button.clicked.connect(self.add_without_face)

        self.photos_label = QLabel("Kept face photos")
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
        layout.addWidget(title_label("Employees"))
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
        self.audit_label.setText(audit.line)
        self.audit_label.setVisible(bool(audit.line))

    def _listed(
        self, listing: int, search: str | None, then: Callable[[], None] | None, employees: list[Employee]
    ) -> None:
        if listing == self._listing:  # else a newer search is on its way
            selected = self.selected_employee()
            self.model.set_rows(employees)
            total = "" if search is None else " found"
            self.count_label.setText(f"{len(employees)} employee(s){total}")
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
            self.status.success(f"Check-in PIN of {employee.name} ({employee.code}) set.")

    def setup_code_selected(self) -> None:
        employee = self.selected_employee()
        if employee is None:
            return
        code = issue_setup_code(self._context.runtime.store, employee, actor=ACTOR)
        self.status.success(f"One-time setup code for {employee.name} ({employee.code}): {code}")
        QMessageBox.information(
            self, "Setup code",
            f"Give {employee.name} this one-time setup code: {code}\n\nAt the kiosk they choose \"Check in with code\", "
            "type their employee code and this setup code as PIN, then choose their own PIN.",
        )

    def add_without_face(self) -> None:
        store = self._context.runtime.store

        def save(code: str, name: str, department: str | None, pin: str) -> None:
            add_without_face(store, code, name, department, pin, actor=ACTOR)

        self.no_face_dialog = NoFaceEmployeeDialog(save, self)
        if self.no_face_dialog.exec() == QDialog.DialogCode.Accepted:
            self._written(f"Added {self.no_face_dialog.name.text().strip()}: checks in with code and PIN.")

    def withdraw_selected(self) -> None:
        employee = self.selected_employee()
        if employee is None:
            return
        answer = QMessageBox.question(
            self,
            "Withdraw consent",
            f"{employee.name} ({employee.code}) withdraws consent: destroy their {employee.template_count} face "
            "template(s), kept photos and every face thumbnail? They stay an active employee and check in with "
            "their code; attendance history stays.",
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
            "Delete employee",
            f"Delete {employee.name} ({employee.code}) and erase their {employee.template_count} face template(s)? "
            "This cannot be undone.",
            Answer.Yes | Answer.No,
            Answer.No,
        )
        if answer != Answer.Yes:
            return
        events = self._context.runtime.store.count_events(EventFilter(employee_code=employee.code, include_voided=True))
        if events:
            answer = QMessageBox.question(
                self,
                "Delete attendance history too?",
                f"{employee.name} has {events} attendance event(s). Delete them as well? "
                "Choose No to keep the history (deactivate the employee instead).",
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
        self._write("Saving", job, lambda e: f"Saved {e.name} ({e.code}).")

    def set_active(self, code: str, active: bool) -> None:
        job = partial(self._context.runtime.store.set_active, code, active, actor=ACTOR)
        self._write("Saving", job, lambda e: f"{e.name} ({e.code}) is {'active' if e.active else 'inactive'} now.")

    def withdraw_consent(self, code: str) -> None:
        """Consent withdrawn: every piece of the employee's biometric data goes, the employee stays."""
        runtime = self._context.runtime

        def describe(receipt: ErasureReceipt) -> str:
            employee = runtime.store.get_employee_by_code(code)
            needs_pin = employee is not None and not checkin_pins(runtime.store, employee).is_set
            hint = " They check in with their code now: give them a check-in PIN or a setup code." if needs_pin else ""
            return _receipt_line(receipt) + hint

        job = partial(erasure.withdraw_consent, runtime, code, actor=ACTOR, reason="consent withdrawn")
        self._write("Erasing face data", job, describe)

    def delete(self, code: str, delete_events: bool = False) -> None:
        job = partial(
            erasure.delete_employee, self._context.runtime, code, actor=ACTOR, reason="deleted by the admin",
            delete_events=delete_events,
        )
        self._write("Deleting", job, _receipt_line)

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
        self.active_button.setText("Activate" if employee is not None and not employee.active else "Deactivate")
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
            item.setToolTip(f"template {template.id}, {template.recognizer}, quality {template.quality:.2f}")
            self.photos.addItem(item)
        self.photos_label.setVisible(bool(kept))
        self.photos.setVisible(bool(kept))
