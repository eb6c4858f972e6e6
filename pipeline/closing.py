"""A base for objects that hold a file, a device or a thread: ``with obj:`` calls ``close()`` on exit."""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Self


class Closing(ABC):
    """``with thing:`` closes ``thing`` on exit, whatever happened inside."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
