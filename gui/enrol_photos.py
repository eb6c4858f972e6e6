"""The enrolment page's photo list: a Qt model over an :class:`EnrolmentDraft`'s candidates.

The draft owns the candidates and which are ticked; the model only shows them (verdict text, the
aligned crop as icon, a check box for usable ones) and forwards ticks to the draft.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import QWidget

from gui.i18n import message_text
from gui.images import bgr_to_pixmap
from services.enrolment_draft import Candidate, EnrolmentDraft

REJECTED_COLOR = QColor(176, 0, 32)
Index = QModelIndex | QPersistentModelIndex


class CandidateListModel(QAbstractListModel):
    """One row per candidate of the draft; ``tickedChanged`` after the admin ticks or unticks one."""

    tickedChanged = Signal()  # noqa: N815 - Qt signal naming

    def __init__(self, draft: EnrolmentDraft, warning_icon: QIcon, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._draft = draft
        self._warning_icon = warning_icon
        self._icons: list[QIcon] = []

    @property
    def draft(self) -> EnrolmentDraft:
        return self._draft

    def set_draft(self, draft: EnrolmentDraft) -> None:
        self.beginResetModel()
        self._draft = draft
        self._icons = [self._icon(c) for c in draft.candidates]
        self.endResetModel()

    def add(self, candidates: list[Candidate]) -> None:
        if not candidates:
            return
        first = len(self._draft.candidates)
        self.beginInsertRows(QModelIndex(), first, first + len(candidates) - 1)
        self._draft.add(candidates)
        self._icons.extend(self._icon(c) for c in candidates)
        self.endInsertRows()

    def remove(self, rows: list[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            self.beginRemoveRows(QModelIndex(), row, row)
            self._draft.remove([row])
            del self._icons[row]
            self.endRemoveRows()

    def clear(self) -> None:
        self.beginResetModel()
        self._draft.clear()
        self._icons.clear()
        self.endResetModel()

    def _icon(self, candidate: Candidate) -> QIcon:
        crop = candidate.assessment.crop
        return QIcon(bgr_to_pixmap(crop)) if candidate.usable and crop is not None else self._warning_icon

    # -- QAbstractListModel ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's names
        return 0 if parent.isValid() else len(self._draft.candidates)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid() and self._draft.candidates[index.row()].usable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = index.row()
        candidate = self._draft.candidates[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{candidate.title}\n{message_text(candidate.verdict)}"
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons[row]
        if role == Qt.ItemDataRole.ToolTipRole:
            return candidate.assessment.source
        if role == Qt.ItemDataRole.CheckStateRole and candidate.usable:
            return Qt.CheckState.Checked if self._draft.ticked[row] else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole and not candidate.usable:
            return QBrush(REJECTED_COLOR)
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        ticked = Qt.CheckState(value) == Qt.CheckState.Checked
        if self._draft.set_ticked(index.row(), ticked):
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
            self.tickedChanged.emit()
        return True
