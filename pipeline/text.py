"""Text that people typed, shown where it could do harm: terminals, spreadsheets, an admin's screen.

One place for the two rules: :func:`visible` makes control and direction-override characters
visible (an ESC sequence in a name must not reach a terminal raw; a right-to-left override must not
flip what the admin reads), :func:`spreadsheet_safe` keeps a cell from starting a formula.
"""
from __future__ import annotations

import unicodedata

# Explicit direction embeddings, overrides and isolates (and the marks): they reorder what follows them.
BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_hidden(ch: str) -> bool:
    """A character that changes how text around it shows instead of showing itself: a control
    character (C0, DEL, C1) or a bidirectional override."""
    return ch in BIDI_CONTROLS or unicodedata.category(ch) == "Cc"


def hidden_characters(text: str) -> list[str]:
    """The hidden characters of ``text``, as U+XXXX, in order of appearance (empty when none)."""
    return [f"U+{ord(ch):04X}" for ch in text if is_hidden(ch)]


def visible(text: str) -> str:
    """``text`` with each hidden character written as ``<U+XXXX>``."""
    if not any(is_hidden(ch) for ch in text):
        return text
    return "".join(f"<U+{ord(ch):04X}>" if is_hidden(ch) else ch for ch in text)


def spreadsheet_safe(value: object) -> object:
    """``value`` as a spreadsheet should show it: a string that would start a formula (``=``, ``+``, ``-``,
    ``@``, a tab or a carriage return) gets a leading apostrophe, the mark spreadsheets read as "text";
    numbers, dates and other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
