"""Text that people typed, shown where it could do harm: terminals, spreadsheets, an admin's screen.

One place for the two rules: :func:`visible` makes control and direction-override characters
visible (an ESC sequence in a name must not reach a terminal raw; a right-to-left override must not
flip what the admin reads), :func:`spreadsheet_safe` keeps a cell from starting a formula. And how long
ago something was, in words (:func:`ago`), for both front ends.
"""
from __future__ import annotations

import re
from datetime import datetime

# Explicit direction embeddings, overrides and isolates (and the marks): they reorder what follows them.
BIDI_CONTROLS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
# Characters that change how the text around them shows instead of showing themselves: the control
# characters (Unicode category Cc: C0, DEL, C1) and the direction controls.
HIDDEN = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name Qt's translation tools look for
    """Marks ``text`` for translation without importing Qt: ``pyside6-lupdate`` finds it in a Qt-free module, and
    the window that shows it translates it there (``translate(context, text)``); the command line keeps English."""
    return text


class Message(str):
    """Words for people that a window can show in their language: the English text (it is a ``str``, so the command
    line and the logs use it as is) with its template and values kept apart. The template is marked
    ``QT_TRANSLATE_NOOP("Message", ...)`` where it is written; ``gui.i18n.message_text`` translates it. A value may
    be a message itself, or a tuple of texts (shown joined by "; ")."""

    template: str
    values: dict[str, object]

    def __new__(cls, template: str, **values: object) -> Message:
        shown = {key: LIST_SEPARATOR.join(value) if isinstance(value, tuple) else value for key, value in values.items()}
        message = super().__new__(cls, template.format(**shown))
        message.template, message.values = template, values
        return message


def sentence(text: str) -> str:
    """A message as a sentence: capital first letter, full stop at the end ("the PIN differs" -> "The PIN differs.")."""
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")


def visible(text: str) -> str:
    """``text`` with each hidden character written as ``<U+XXXX>`` (a regular-expression scan: reports
    pass every cell through it)."""
    return HIDDEN.sub(lambda match: f"<U+{ord(match.group()):04X}>", text) if HIDDEN.search(text) else text


def spreadsheet_safe(value: object) -> object:
    """``value`` as a spreadsheet should show it: a string that would start a formula (``=``, ``+``, ``-``,
    ``@``, a tab or a carriage return) gets a leading apostrophe, the mark spreadsheets read as "text";
    numbers, dates and other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def ago(then: datetime | None, now: datetime) -> str:
    """``12 s ago``, ``5 min ago``, ``3 h ago``, ``2 d ago``; ``-`` for never."""
    if then is None:
        return "-"
    seconds = max(0, int((now - then).total_seconds()))
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds // size} {unit} ago"
    return f"{seconds} s ago"
