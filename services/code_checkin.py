"""Checking in without the face: the employee code (typed, or from a USB badge reader that types it) and a
personal check-in PIN. The punch goes through the kiosk's attendance desk, as a face's does: the same policy
and cooldown, the same history of today's punches, the same spool (a locked database or a crash loses none);
the event's method is "code". The PIN is kept like the admin PIN (peppered scrypt, signed, lockout)."""
from __future__ import annotations

import logging
import math
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from attendance.desk import AttendanceDesk
from attendance.events import CheckInMethod
from attendance.records import Employee
from attendance.signed import NO_PIN
from attendance.store import AttendanceStore
from core.text import QT_TRANSLATE_NOOP, Message
from services.admin_pin import MAX_PIN_LENGTH, MIN_PIN_LENGTH, PinCheck, PinError, PinRuleError, PinStore, check_new_pin
from services.greeting import Greeting, GreetingKind

CHECKIN_PIN_PREFIX = "employee_pin:"
SETUP_CODE_PREFIX = "employee_setup:"
SETUP_CODE_DIGITS = 8
log = logging.getLogger(__name__)
# What the kiosk says when a code check-in does not count (``Message`` templates: windows show them translated).
WRONG = QT_TRANSLATE_NOOP("Message", "Unknown code or wrong PIN.")
WRONG_TRIES_LEFT = QT_TRANSLATE_NOOP("Message", "Unknown code or wrong PIN. Attempts left: {attempts}.")
LOCKED = QT_TRANSLATE_NOOP("Message", "Too many wrong PINs for this code. Try again in {seconds} s.")
NO_PIN_YET = QT_TRANSLATE_NOOP("Message", "This code has no check-in PIN yet: ask the admin to set one, or for a setup code.")
SETUP_ACCEPTED = QT_TRANSLATE_NOOP("Message", "Setup code accepted: choose your check-in PIN.")
SETUP_USED = QT_TRANSLATE_NOOP("Message", "This setup code is used up: check in with your PIN.")
PIN_RULE = QT_TRANSLATE_NOOP("Message", "A PIN is {low} to {high} digits.")
CANNOT_CHECK = QT_TRANSLATE_NOOP("Message", "This code cannot check in now: please tell the office.")


def checkin_pins(
    store: AttendanceStore, employee: Employee, clock: Callable[[], float] = time.time, monotonic: Callable[[], float] = time.monotonic
) -> PinStore:
    """An employee's check-in PIN: set by the admin, checked at the kiosk, locked out like the admin PIN."""
    return PinStore(
        store, clock, monotonic=monotonic, name=f"{CHECKIN_PIN_PREFIX}{employee.id}", required=False,
        what=f"check-in PIN of {employee.code}", details={"employee": employee.code},
    )


def setup_codes(
    store: AttendanceStore, employee: Employee, clock: Callable[[], float] = time.time, monotonic: Callable[[], float] = time.monotonic
) -> PinStore:
    """A one-time code the admin gives an employee without a PIN, to choose their own PIN at the kiosk."""
    return PinStore(
        store, clock, monotonic=monotonic, name=f"{SETUP_CODE_PREFIX}{employee.id}", required=False,
        what=f"setup code of {employee.code}", details={"employee": employee.code}, noun="setup_code",
    )


def issue_setup_code(store: AttendanceStore, employee: Employee, *, actor: str) -> str:
    """A new one-time setup code (replacing any earlier one); the employee types it at the kiosk, then their PIN."""
    code = "".join(secrets.choice("0123456789") for _ in range(SETUP_CODE_DIGITS))
    setup_codes(store, employee).set_pin(code, actor=actor)
    return code


@dataclass(frozen=True)
class CodeCheckInResult:
    """What the kiosk says after a code check-in: a greeting when it counted, else one line why not;
    ``choose_pin``: the PIN typed was the employee's one-time setup code, so they choose their PIN now."""

    message: str
    greeting: Greeting | None = None
    choose_pin: bool = False

    @property
    def ok(self) -> bool:
        return self.greeting is not None


class CodeCheckIn:
    """One kiosk's check-ins by code and PIN: PINs and employees from the store, the punch at the desk."""

    def __init__(
        self, store: AttendanceStore, desk: AttendanceDesk, clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = store
        self._desk = desk
        self._clock = clock
        self._monotonic = monotonic

    def check_in(self, code: str, pin: str, at: datetime) -> CodeCheckInResult:
        employee = self._store.get_employee_by_code(code.strip())
        if employee is None or not employee.active:
            return CodeCheckInResult(Message(WRONG))
        pins = checkin_pins(self._store, employee, self._clock, self._monotonic)
        setup = setup_codes(self._store, employee, self._clock, self._monotonic)
        try:
            if not pins.is_set:
                if not setup.is_set:
                    return CodeCheckInResult(Message(NO_PIN_YET))
                refused = _refusal(setup.check(pin))
                return refused or CodeCheckInResult(Message(SETUP_ACCEPTED), choose_pin=True)
            refused = _refusal(pins.check(pin))
        except PinError as exc:
            log.warning("code check-in of %s refused: %s", employee.code, exc)
            return CodeCheckInResult(Message(CANNOT_CHECK))
        return refused or self._punch(employee, at)

    def choose_pin(self, code: str, setup_code: str, new_pin: str, at: datetime) -> CodeCheckInResult:
        """First use: the one-time setup code once more, the employee's own PIN, and the check-in itself."""
        employee = self._store.get_employee_by_code(code.strip())
        if employee is None or not employee.active:
            return CodeCheckInResult(Message(WRONG))
        pins = checkin_pins(self._store, employee, self._clock, self._monotonic)
        setup = setup_codes(self._store, employee, self._clock, self._monotonic)
        try:
            check_new_pin(new_pin)
        except PinRuleError:
            return CodeCheckInResult(Message(PIN_RULE, low=MIN_PIN_LENGTH, high=MAX_PIN_LENGTH), choose_pin=True)
        try:
            if pins.is_set or not setup.is_set:
                return CodeCheckInResult(Message(SETUP_USED))
            refused = _refusal(setup.check(setup_code))
            if refused:
                return refused
            pins.set_pin(new_pin, actor=f"employee {employee.code}")
            self._store.put_signed_record(f"{SETUP_CODE_PREFIX}{employee.id}", NO_PIN)  # used once
        except PinError as exc:
            log.warning("the check-in PIN of %s was not set: %s", employee.code, exc)
            return CodeCheckInResult(Message(CANNOT_CHECK))
        return self._punch(employee, at)

    def _punch(self, employee: Employee, at: datetime) -> CodeCheckInResult:
        punch = self._desk.punch(employee.id, at, CheckInMethod.CODE)
        tz = self._desk.config.timezone
        if punch.event is None:
            last = punch.last
            already: GreetingKind = "already_in" if last is None or last.kind == "in" else "already_out"
            when = at if last is None else last.at
            return CodeCheckInResult("", Greeting(already, employee.id, employee.name, when.astimezone(tz), None, None))
        kind: GreetingKind = "in" if punch.event.kind == "in" else "out"
        return CodeCheckInResult("", Greeting(kind, employee.id, employee.name, at.astimezone(tz), None, None, punch.event))


def _refusal(result: PinCheck) -> CodeCheckInResult | None:
    """Why a PIN (or setup code) check failed, for the kiosk; None when it passed."""
    if result.locked_for_s > 0:
        return CodeCheckInResult(Message(LOCKED, seconds=math.ceil(result.locked_for_s)))
    if not result.ok:
        return CodeCheckInResult(Message(WRONG_TRIES_LEFT, attempts=result.attempts_left))
    return None


def add_without_face(store: AttendanceStore, code: str, name: str, department: str | None, pin: str, *, actor: str) -> Employee:
    """Enrol someone with no face data at all: an employee and their check-in PIN (audited)."""
    check_new_pin(pin)  # before anything is written
    employee = store.add_employee(code, name, department)
    checkin_pins(store, employee).set_pin(pin, actor=actor)
    return employee
