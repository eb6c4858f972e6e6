"""Tables on the command line: wrapped to a terminal's width, tab-separated lines when piped, JSON on request.

At a terminal a table fits the window: text columns wrap at word boundaries (and fold words
longer than the column), times and numbers never break. A terminal too narrow for the table gets
each row as a short block instead: the unbreakable values on one line, each text value on a
line of its own under its header. Piped or redirected (not a terminal), the same rows come as a header line and one
tab-separated line each, for ``cut``, ``awk`` and spreadsheets; ``--json`` prints a list of
objects instead. A table's title, piped, is a comment line (``# title``) above its header. Whatever the output, text people typed has its control and direction-override
characters made visible (an ESC sequence in a name never reaches the terminal raw).
"""
from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from core.text import visible


class Fit(Enum):
    """How a column meets a narrow terminal."""

    WRAP = "wrap"  # text: wraps at word boundaries, folds a word too long for the column
    KEEP = "keep"  # times, numbers, codes: never broken


@dataclass(frozen=True)
class Column:
    header: str
    fit: Fit = Fit.WRAP
    right: bool = False  # right-aligned (numbers)
    key: str = ""  # its name in --json (default: the header in snake case)

    @property
    def json_key(self) -> str:
        return self.key or "_".join(self.header.lower().split())


Cell = str | int | float | None


@dataclass(frozen=True)
class TableOutput:
    """Where tables go and in which form: a terminal (``rich``), plain lines, or JSON."""

    console: Console
    as_json: bool = False

    @property
    def plain(self) -> bool:
        return not self.as_json and not self.console.is_terminal

    def print(
        self,
        columns: Sequence[Column],
        rows: Iterable[Sequence[Cell]],
        *,
        title: str = "",
        styles: Sequence[str | None] = (),
        max_rows: int | None = None,
        more: str = "",
    ) -> None:
        """Print ``rows`` (one cell per column; ``styles`` a rich style per row). At a terminal, at most
        ``max_rows`` rows (then "... N more" and ``more``, e.g. where the rest is); piped or as JSON, all."""
        rows = list(rows)
        if self.as_json:
            records = [{c.json_key: _json_value(v) for c, v in zip(columns, row, strict=True)} for row in rows]
            self.console.file.write(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
            return
        if self.plain:
            lines = [f"# {_plain(title)}"] if title else []  # a comment line: two tables stay told apart
            lines += ["\t".join(_plain(c.header) for c in columns)]
            lines += ["\t".join(_plain(_text(v)) for v in row) for row in rows]
            self.console.file.write("\n".join(lines) + "\n")
            return
        shown = rows if max_rows is None else rows[:max_rows]
        if _needed_width(columns, shown) > self.console.width:
            self._blocks(columns, shown, title, styles)
        else:
            self.console.print(self._table(columns, shown, title, styles))
        if len(shown) < len(rows):
            self.console.print(f"... {len(rows) - len(shown)} more row(s){escape(more)}", soft_wrap=True)

    @staticmethod
    def _table(columns: Sequence[Column], rows: Sequence[Sequence[Cell]], title: str, styles: Sequence[str | None]) -> Table:
        table = Table(title=escape(title) or None, title_justify="left", header_style="bold")
        for column in columns:
            keep = column.fit is Fit.KEEP
            table.add_column(
                escape(column.header), justify="right" if column.right else "left", no_wrap=keep,
                overflow="fold" if not keep else "ellipsis", min_width=min(len(column.header), 12),
            )
        for index, row in enumerate(rows):
            style = styles[index] if index < len(styles) else None
            table.add_row(*(escape(visible(_text(v))) for v in row), style=style)
        return table

    def _blocks(self, columns: Sequence[Column], rows: Sequence[Sequence[Cell]], title: str, styles: Sequence[str | None]) -> None:
        """Each row as a block: the first value, then "header value" for the other unbreakable ones, on one
        line; each text value on an indented line of its own."""
        if title:
            self.console.print(escape(title), style="italic")
        for index, row in enumerate(rows):
            style = (styles[index] if index < len(styles) else None) or ""
            texts = [visible(_text(v)) for v in row]
            pairs = [f"{c.header.lower()} {t}" for c, t in zip(columns[1:], texts[1:]) if c.fit is Fit.KEEP and t]
            lines = [[texts[0]]]  # the unbreakable values, as many to a line as the terminal holds
            for pair in pairs:
                if len("  ".join([*lines[-1], pair])) + (4 if len(lines) > 1 else 0) > self.console.width:
                    lines.append([])
                lines[-1].append(pair)
            self.console.print(Text.from_markup("  ".join([f"[bold]{escape(texts[0])}[/bold]", *map(escape, lines[0][1:])]), style=style))
            for line in lines[1:]:
                self.console.print(Padding(Text("  ".join(line), style=style), (0, 0, 0, 4)))
            for column, text in zip(columns[1:], texts[1:]):
                if column.fit is Fit.WRAP and text:
                    self.console.print(Padding(Text(f"{column.header}: {text}", style=style), (0, 0, 0, 4)))


WRAP_MIN = 20  # a text column narrower than this reads badly: the table turns into blocks instead


def _needed_width(columns: Sequence[Column], rows: Sequence[Sequence[Cell]]) -> int:
    """The narrowest a table of these rows reads well: unbreakable columns whole, text columns at
    WRAP_MIN (or their longest value, if shorter), plus borders and padding."""
    width = 1
    for index, column in enumerate(columns):
        longest = max([len(column.header)] + [len(visible(_text(row[index]))) for row in rows])
        width += (longest if column.fit is Fit.KEEP else min(longest, WRAP_MIN)) + 3
    return width


def screenful() -> int:
    """How many table rows fit on the terminal, leaving room for the header and a few lines."""
    return max(10, shutil.get_terminal_size((100, 30)).lines - 8)


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _plain(text: str) -> str:
    """One tab-separated field: hidden characters visible, no tab or line break inside it."""
    return " ".join(visible(text).replace("\t", " ").splitlines())


def _json_value(value: Cell) -> Cell:
    return visible(value) if isinstance(value, str) else value


def output(args: object, console: Console | None = None) -> TableOutput:
    """The table output the command line asked for (``--json``)."""
    return TableOutput(console or Console(highlight=False, file=sys.stdout), bool(getattr(args, "json", False)))


def add_json_flag(parser: object) -> None:
    """``--json`` on a command that prints a table."""
    parser.add_argument("--json", action="store_true", help="print the rows as JSON instead of a table")  # type: ignore[attr-defined]
