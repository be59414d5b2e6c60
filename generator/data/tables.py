"""Tables in files: reading CSV or XLSX into cells that remember their row and column,
and writing rows as CSV or XLSX that a spreadsheet shows and never runs.

Spreadsheets export CSV in more than one way: UTF-8 with or without a byte order mark,
cells separated by commas or (where the comma is the decimal mark) by semicolons. The
separator is read from the first line. Each cell keeps the line it starts on and its
column (both from 1), so every problem can be reported as `FILE:ROW:COLUMN`.

An XLSX workbook is read for its values only (openpyxl in read-only mode, the values a
formula last computed rather than the formula): nothing in it is run or fetched.

A text cell that a spreadsheet would take for a formula (it starts with `=`, `+`, `-`,
`@`, a tab or a carriage return) is written so that it stays text: in CSV with a
single quote before it, in XLSX as a string cell with the quote prefix set (Excel's
way of saying "typed as text"), never as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..errors import Diagnostic, display_path
from .checks.suggest import did_you_mean

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 100_000
MAX_CELLS = 2_000_000  # of a workbook's sheet, blank ones included


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
                rows.append([Cell(_lines(c), start, i) for i, c in enumerate(record, 1)])
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


Value = str | int | float | None  # a cell to write
TableFormat = Literal["csv", "xlsx"]
TABLE_FORMATS: tuple[TableFormat, ...] = ("csv", "xlsx")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def runs_as_formula(text: str) -> bool:
    """Whether a spreadsheet would take this text for a formula (or the start of one)."""
    return text.startswith(_FORMULA_START)


def neutralised(value: Value) -> Value:
    """The value as a CSV cell that no spreadsheet runs: a quote before a formula's start."""
    if isinstance(value, str) and runs_as_formula(value):
        return "'" + value
    return value


def table_bytes(
    fmt: TableFormat,
    header: Sequence[str],
    rows: Sequence[Sequence[Value]],
    *,
    sheet: str = "Sheet1",
    created: dt.datetime | None = None,
) -> bytes:
    """The rows under `header` as a CSV (UTF-8 with a byte order mark, for Excel) or XLSX file."""
    if fmt == "csv":
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\r\n")
        every: list[Sequence[Value]] = [header, *rows]
        for row in every:
            writer.writerow(["" if v is None else neutralised(v) for v in row])
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    return _xlsx_bytes(header, rows, sheet, created)


def _xlsx_bytes(
    header: Sequence[str],
    rows: Sequence[Sequence[Value]],
    sheet: str,
    created: dt.datetime | None,
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet[:31]
    every: list[Sequence[Value]] = [header, *rows]
    for r, row in enumerate(every, 1):
        for c, value in enumerate(row, 1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=c)
            if isinstance(value, str):
                text = _ILLEGAL_IN_XLSX.sub("", value)
                cell.value = text
                cell.data_type = "s"  # a string, even when it starts with `=`: never a formula
                if runs_as_formula(text):
                    cell.quotePrefix = True
            else:
                cell.value = value
            if r == 1:
                cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    if created is not None:  # the same data makes the same file
        book.properties.created = book.properties.modified = created
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_table(path: Path, sheet: str | None = None) -> Table:
    """The rows of a CSV file or of one sheet of an XLSX workbook (by its name ending)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_xlsx(path, sheet)
    if sheet is not None:
        raise TableError(
            Diagnostic(display_path(path), 1, 1, "error", "a CSV file has no sheets; drop --sheet")
        )
    return read_csv(path)


def read_xlsx(path: Path, sheet: str | None = None) -> Table:
    """The cell values of one sheet (the first, or the one named), blank rows left out.

    Read-only and values only: a formula cell gives the value it last computed, and
    nothing in the workbook (macros, links, external data) is run or fetched.
    """
    import zipfile

    from openpyxl import load_workbook

    shown = display_path(path)

    def fail(message: str) -> TableError:
        return TableError(Diagnostic(shown, 1, 1, "error", message))

    try:
        if path.stat().st_size > MAX_BYTES:
            raise fail("file is over 5 MB; split it")
        book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except OSError as exc:
        raise fail(f"cannot read file: {exc.strerror or exc}") from None
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise fail(f"not readable as an XLSX workbook: {exc}") from None
    try:
        if sheet is None:
            ws = book.worksheets[0]
        elif sheet in book.sheetnames:
            ws = book[sheet]
        else:
            names = ", ".join(book.sheetnames)
            raise fail(
                f"no sheet '{sheet}'; the sheets are: {names}{did_you_mean(sheet, book.sheetnames)}"
            )
        if hasattr(ws, "reset_dimensions"):  # read the cells there are, not the size claimed
            ws.reset_dimensions()
        rows: list[list[Cell]] = []
        seen = 0
        for r, values in enumerate(ws.iter_rows(values_only=True), 1):
            seen += len(values)
            if seen > MAX_CELLS:
                raise fail(f"more than {MAX_CELLS:,} cells; split the file")
            cells = [Cell(_text(v), r, c) for c, v in enumerate(values, 1)]
            while cells and not cells[-1].text:
                cells.pop()
            if cells:
                rows.append(cells)
                if len(rows) > MAX_ROWS:
                    raise fail(f"more than {MAX_ROWS:,} rows; split the file")
    finally:
        book.close()
    return Table(shown, ",", rows)


def _text(value: Any) -> str:
    """A cell's value as the text a CSV export of it would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _lines(str(value))


def _lines(text: str) -> str:
    """The cell's text trimmed, its line breaks as `\\n` (a quoted cell may hold CRLF)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()
