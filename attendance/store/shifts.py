"""Shifts, and who works which (an employee's own shift, else their department's default), leave and company
holidays; every change audited and chained."""
from __future__ import annotations

from datetime import date, time

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from attendance.errors import DuplicateError, NotFoundError, StoreError
from attendance.models import NAME_LENGTH, DepartmentShiftRow, EmployeeRow, HolidayRow, LeaveRow, ShiftRow
from attendance.records import Holiday, Leave, LeaveKind
from attendance.shifts import Flex, Shift
from attendance.store.rows import _fits, _text
from attendance.store.unit import UnitOfWork


def _shift(row: ShiftRow) -> Shift:
    flex = None
    if row.flex_minutes is not None and row.core_start is not None and row.core_end is not None:
        flex = Flex(row.flex_minutes, time.fromisoformat(row.core_start), time.fromisoformat(row.core_end))
    return Shift(
        row.name, time.fromisoformat(row.start), time.fromisoformat(row.end), row.break_minutes, row.grace_minutes,
        frozenset(int(day) for day in row.weekdays.split(",")), flex,
    )


def _fields(shift: Shift) -> dict[str, object]:
    flex = shift.flex
    return {
        "name": _text(shift.name, "shift name", NAME_LENGTH), "start": shift.start.strftime("%H:%M"),
        "end": shift.end.strftime("%H:%M"), "break_minutes": shift.break_minutes, "grace_minutes": shift.grace_minutes,
        "weekdays": ",".join(str(day) for day in sorted(shift.weekdays)),
        "flex_minutes": flex.minutes if flex else None, "core_start": flex.core_start.strftime("%H:%M") if flex else None,
        "core_end": flex.core_end.strftime("%H:%M") if flex else None,
    }


class Shifts(UnitOfWork):
    """Shifts, and who works which."""

    def shifts(self) -> list[Shift]:
        with self._db.session() as session:
            return [_shift(row) for row in session.scalars(select(ShiftRow).order_by(ShiftRow.name))]

    def save_shift(self, shift: Shift, *, actor: str, replace: bool = False) -> None:
        """Add ``shift`` (``DuplicateError`` when its name is taken), or with ``replace`` change the one of that
        name (``NotFoundError`` when there is none); audited."""
        fields = _fields(shift)

        def work(session: Session) -> None:
            row = session.scalars(select(ShiftRow).where(ShiftRow.name == fields["name"])).one_or_none()
            if replace:
                if row is None:
                    raise NotFoundError(f"no shift named {shift.name!r}")
                for key, value in fields.items():
                    setattr(row, key, value)
            elif row is not None:
                raise DuplicateError(f"a shift named {shift.name!r} exists already")
            else:
                row = ShiftRow(**fields)
                session.add(row)
            session.flush()
            self._audit(session, actor, "edit_shift" if replace else "add_shift", "shifts", row.id, details=fields)

        try:
            self._write(work)
        except IntegrityError:
            raise DuplicateError(f"a shift named {shift.name!r} exists already") from None

    def delete_shift(self, name: str, *, actor: str) -> None:
        """Delete a shift; its employees and departments have none afterwards (audited)."""

        def work(session: Session) -> None:
            row = self._shift_row(session, name)
            session.execute(update(EmployeeRow).where(EmployeeRow.shift_id == row.id).values(shift_id=None))
            session.execute(delete(DepartmentShiftRow).where(DepartmentShiftRow.shift_id == row.id))
            self._audit(session, actor, "delete_shift", "shifts", row.id, details={"name": name})
            session.delete(row)

        self._write(work)

    def assign_shift(self, name: str | None, codes: list[str], *, actor: str) -> None:
        """Give the employees ``codes`` the shift ``name`` (None: their department's default again); audited."""

        def work(session: Session) -> None:
            shift_id = None if name is None else self._shift_row(session, name).id
            for code in codes:
                row = self._employee_row(session, code)
                row.shift_id = shift_id
                self._audit(session, actor, "assign_shift", "employees", row.id, details={"code": code, "shift": name})

        self._write(work)

    def set_department_shift(self, department: str, name: str | None, *, actor: str) -> None:
        """The default shift of ``department``'s employees without one of their own (None: no default); audited."""
        department = _text(department, "department", NAME_LENGTH)

        def work(session: Session) -> None:
            session.execute(delete(DepartmentShiftRow).where(DepartmentShiftRow.department == department))
            if name is not None:
                session.add(DepartmentShiftRow(department=department, shift_id=self._shift_row(session, name).id))
            self._audit(session, actor, "department_shift", "shifts", None, details={"department": department, "shift": name})

        self._write(work)

    def shift_of(self, employee_id: int) -> Shift | None:
        """The shift ``employee_id`` works: their own, else their department's default, else None."""
        with self._db.session() as session:
            employee = session.get(EmployeeRow, int(employee_id))
            if employee is None:
                return None
            shift_id = employee.shift_id
            if shift_id is None and employee.department is not None:
                shift_id = session.scalar(
                    select(DepartmentShiftRow.shift_id).where(DepartmentShiftRow.department == employee.department)
                )
            row = session.get(ShiftRow, shift_id) if shift_id is not None else None
            return None if row is None else _shift(row)

    def shifts_by_employee(self) -> dict[int, Shift]:
        """Every employee's shift (their own, else their department's), in one read; those without one are absent."""
        with self._db.session() as session:
            shifts = {row.id: _shift(row) for row in session.scalars(select(ShiftRow))}
            defaults = {d: s for d, s in session.execute(select(DepartmentShiftRow.department, DepartmentShiftRow.shift_id))}
            found: dict[int, Shift] = {}
            for employee_id, own, department in session.execute(select(EmployeeRow.id, EmployeeRow.shift_id, EmployeeRow.department)):
                shift_id = own if own is not None else defaults.get(department or "")
                if shift_id in shifts:
                    found[employee_id] = shifts[shift_id]
            return found

    def shift_assignments(self) -> dict[str, str]:
        """Employee code -> the name of their own shift; department -> its default shift ("department:" + name)."""
        with self._db.session() as session:
            own = session.execute(select(EmployeeRow.code, ShiftRow.name).join(ShiftRow, EmployeeRow.shift_id == ShiftRow.id))
            by_department = session.execute(
                select(DepartmentShiftRow.department, ShiftRow.name).join(ShiftRow, DepartmentShiftRow.shift_id == ShiftRow.id)
            )
            return {code: name for code, name in own} | {f"department:{d}": name for d, name in by_department}

    def add_leave(self, code: str, first: date, last: date, kind: LeaveKind, note: str | None, *, actor: str) -> int:
        """Days off for ``code``, ``first`` to ``last`` inclusive; its id (audited)."""
        if last < first:
            raise StoreError(f"leave from {first} to {last}: the last day is before the first")
        note = _fits(note.strip() or None, "note", NAME_LENGTH) if note is not None else None

        def work(session: Session) -> int:
            employee = self._employee_row(session, code)
            row = LeaveRow(employee_id=employee.id, first=first, last=last, kind=LeaveKind(kind).value, note=note)
            session.add(row)
            session.flush()
            details = {"code": code, "first": first, "last": last, "kind": row.kind, "note": note}
            self._audit(session, actor, "add_leave", "employees", employee.id, details=details)
            return row.id

        return self._write(work)

    def delete_leave(self, leave_id: int, *, actor: str, reason: str) -> None:
        """Remove a leave entered by mistake (audited, with the reason)."""

        def work(session: Session) -> None:
            row = session.get(LeaveRow, int(leave_id))
            if row is None:
                raise NotFoundError(f"no leave with id {leave_id}")
            details = {"first": row.first, "last": row.last, "kind": row.kind}
            self._audit(session, actor, "delete_leave", "employees", row.employee_id, reason, details)
            session.delete(row)

        self._write(work)

    def leave_between(self, first: date, last: date) -> list[Leave]:
        """The leave that touches the days ``first`` to ``last``, by first day."""
        query = (
            select(LeaveRow, EmployeeRow.code).join(EmployeeRow, LeaveRow.employee_id == EmployeeRow.id)
            .where(LeaveRow.first <= last, LeaveRow.last >= first).order_by(LeaveRow.first, EmployeeRow.code)
        )
        with self._db.session() as session:
            return [Leave(row.id, code, row.first, row.last, LeaveKind(row.kind), row.note) for row, code in session.execute(query)]

    def add_holiday(self, day: date, name: str, *, actor: str) -> None:
        """A company holiday (another name for a day already a holiday replaces it); audited."""
        name = _text(name, "holiday name", NAME_LENGTH)

        def work(session: Session) -> None:
            row = session.get(HolidayRow, day)
            if row is None:
                session.add(HolidayRow(day=day, name=name))
            else:
                row.name = name
            self._audit(session, actor, "add_holiday", "holidays", None, details={"day": day, "name": name})

        self._write(work)

    def delete_holiday(self, day: date, *, actor: str) -> None:
        def work(session: Session) -> None:
            row = session.get(HolidayRow, day)
            if row is None:
                raise NotFoundError(f"{day} is not a holiday")
            self._audit(session, actor, "delete_holiday", "holidays", None, details={"day": day, "name": row.name})
            session.delete(row)

        self._write(work)

    def holidays(self, first: date, last: date) -> list[Holiday]:
        query = select(HolidayRow).where(HolidayRow.day >= first, HolidayRow.day <= last).order_by(HolidayRow.day)
        with self._db.session() as session:
            return [Holiday(row.day, row.name) for row in session.scalars(query)]

    @staticmethod
    def _shift_row(session: Session, name: str) -> ShiftRow:
        row = session.scalars(select(ShiftRow).where(ShiftRow.name == name)).one_or_none()
        if row is None:
            raise NotFoundError(f"no shift named {name!r}")
        return row
