"""Reading a CSV file into rows of cells that remember their row and column.

Spreadsheets export CSV in more than one way: UTF-8 with or without a byte order mark,
cells separated by commas or (where the comma is the decimal mark) by semicolons. The
separator is read from the first line. Each cell keeps the line it starts on and its
column (both from 1), so every problem can be reported as `FILE:ROW:COLUMN`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from ..errors import Diagnostic, display_path

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 100_000


@dataclass(frozen=True)
class Cell:
    text: str
    row: int
    column: int


@dataclass(frozen=True)
class Table:
    display: str
    separator: str
    rows: list[list[Cell]]

    def diagnostic(self, cell: Cell, message: str) -> Diagnostic:
        return Diagnostic(self.display, cell.row, cell.column, "error", message)


class TableError(Exception):
    """The file cannot be read as CSV at all; carries its diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic
        super().__init__(diagnostic.format())


def read_csv(path: Path) -> Table:
    """The file's rows, blank lines left out; raise TableError if it is not readable CSV."""
    shown = display_path(path)

    def fail(message: str, row: int = 1, column: int = 1) -> TableError:
        return TableError(Diagnostic(shown, row, column, "error", message))

    try:
        if path.stat().st_size > MAX_BYTES:
            raise fail("file is over 5 MB; split it")
        raw = path.read_bytes()
    except OSError as exc:
        raise fail(f"cannot read file: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        row = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise fail("not valid UTF-8; export the file as CSV UTF-8", row, column) from None
    if "\x00" in text:
        raise fail("file contains a NUL character; is it a spreadsheet rather than CSV?")
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    separator = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    rows: list[list[Cell]] = []
    start = 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                rows.append([Cell(c.strip(), start, i) for i, c in enumerate(record, 1)])
                if len(rows) > MAX_ROWS:
                    raise fail(f"more than {MAX_ROWS:,} rows; split the file", start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise fail(f"not readable as CSV: {exc}", reader.line_num or 1) from None
    return Table(shown, separator, rows)


def number(text: str, separator: str) -> int | float | None:
    """The number a cell holds (`60`, `4.25`; `4,25` in a semicolon file), else None."""
    if separator == ";" and text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and value not in (float("inf"), float("-inf")) else None
