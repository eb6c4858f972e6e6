"""An on-screen keypad, so the code + PIN check-in works by touch alone (no keyboard at the door).

It types into whichever of its fields has the focus last (a touch on a key does not take the focus):
digits, letters after "ABC" (employee codes may hold them; "⇧" switches their case, since codes are
matched as written), a backspace, and "Next" to move to the following field. Each key carries a
screen-reader name.
"""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, Qt
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QSizePolicy, QWidget

DIGIT_ROWS = ("123", "456", "789", " 0 ")  # a space: no key there
LETTER_ROWS = ("ABCDEFG", "HIJKLMN", "OPQRSTU", "VWXYZ-_")
BACKSPACE, NEXT, LETTERS, DIGITS, CASE = "⌫", "Next", "ABC", "123", "⇧"  # the keys; all but NEXT show as named
KEY_NAMES = {  # what a screen reader says of a control key
    BACKSPACE: QT_TRANSLATE_NOOP("Keypad", "Delete the last character"),
    NEXT: QT_TRANSLATE_NOOP("Keypad", "Next field"),
    LETTERS: QT_TRANSLATE_NOOP("Keypad", "Show letters"),
    DIGITS: QT_TRANSLATE_NOOP("Keypad", "Show digits"),
    CASE: QT_TRANSLATE_NOOP("Keypad", "Capital or small letters"),
}


class Keypad(QWidget):
    """Keys for ``fields`` (typed into the one focused last; the first until one is)."""

    def __init__(self, fields: Sequence[QLineEdit], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keypad")
        self._fields = list(fields)
        self._target = self._fields[0]
        for field in self._fields:
            field.installEventFilter(self)
        self._grid = QGridLayout(self)
        self._grid.setSpacing(6)
        self.letters = False
        self.capitals = True
        self._show_keys()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FocusIn and watched in self._fields:
            self._target = watched  # type: ignore[assignment]
        return False

    @property
    def target(self) -> QLineEdit:
        return self._target

    def key(self, label: str) -> QPushButton:
        """The button of the key ``label`` (for tests and the tour)."""
        found = [b for b in self.findChildren(QPushButton) if b.property("key") == label and b.isVisibleTo(self)]
        if not found:
            raise KeyError(label)
        return found[0]

    def press(self, label: str) -> None:
        """What touching the key ``label`` does."""
        field = self._target
        if label == BACKSPACE:
            field.backspace()
        elif label == NEXT:
            following = self._fields[(self._fields.index(field) + 1) % len(self._fields)]
            following.setFocus()
            self._target = following
        elif label in (LETTERS, DIGITS):
            self.letters = label == LETTERS
            self._show_keys()
        elif label == CASE:
            self.capitals = not self.capitals
            self._show_keys()
        elif field.isEnabled():
            field.insert(label)

    def _show_keys(self) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()  # gone at once; deleted when the event loop comes round
                item.widget().deleteLater()
        letters = [row if self.capitals else row.lower() for row in LETTER_ROWS]
        rows = letters if self.letters else list(DIGIT_ROWS)
        for r, row in enumerate(rows):
            for c, label in enumerate(row):
                if label != " ":
                    self._add(label, r, c)
        controls = (BACKSPACE, CASE, DIGITS, NEXT) if self.letters else (BACKSPACE, LETTERS, NEXT)
        for c, label in enumerate(controls):
            self._add(label, len(rows), c)

    def _add(self, label: str, row: int, column: int) -> None:
        button = QPushButton(self.tr("Next") if label == NEXT else label)
        button.setProperty("key", label)
        button.setObjectName("keypadKey")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps the focus (and its cursor)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        button.setMinimumSize(56, 48)
        button.setAccessibleName(self.tr(KEY_NAMES[label]) if label in KEY_NAMES else label)
        button.clicked.connect(lambda _checked=False, key=label: self.press(key))
        self._grid.addWidget(button, row, column)
