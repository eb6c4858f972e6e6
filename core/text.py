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
