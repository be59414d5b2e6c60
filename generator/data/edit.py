"""Adding to the data in place: a progress check-in, a KPI reading, imported initiatives.

Each change goes the same way. The file is read with the project's loader (so a
broken file is reported as `validate` reports it), the entry is spliced into its text
(`yaml_edit`: every other byte stays), the new text is read back to make sure it holds
exactly the old data plus the entry, and the whole roadmap is validated with that
text in place of the file. Only a valid result is written, atomically (a temporary
file, then `os.replace`); an invalid one raises `DataError` and leaves the file as it
was, byte for byte.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DataError, Diagnostic, PositionedError, RoadmapError, display_path
from ..files import new_file_mode
from .checks.suggest import closest, did_you_mean
from .loader import Document, LoadError, load_file, load_text
from .model import Roadmap
from .schema import check_document
from .tables import Cell, Table, TableError, number, read_csv, read_table
from .validate import load_roadmap, require_data_dir, validate
from .yaml_edit import CannotAppend, append_entry

_BOM = "\ufeff"


@dataclass(frozen=True)
class Added:
    """What a change did: the file, the line the new entry starts on, and notes to show."""

    path: Path
    line: int  # 1-based; 0 when nothing was added (the same entry was there already)
    notes: tuple[Diagnostic, ...] = ()
    entries: int = 1  # how many were added
    present: int = 0  # how many were there already, and left alone

    @property
    def changed(self) -> bool:
        return self.line > 0


def check_in(
    data_dir: Path,
    initiative_id: str,
    *,
    day: dt.date,
    status: str,
    note: str,
    percent: float | None = None,
    write: bool = True,
) -> Added:
    """Append a progress check-in to initiatives/ID.yaml (`roadmap checkin`); with
    `write` false, check it the same way and write nothing."""
    require_data_dir(data_dir)
    folder = data_dir / "initiatives"
    known = sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []
    if initiative_id not in known:
        raise RoadmapError(
            f"no initiative '{initiative_id}' in {display_path(folder)} (each initiative is "
            f"initiatives/ID.yaml){did_you_mean(initiative_id, known)}"
        )
    path = folder / f"{initiative_id}.yaml"
    doc = _load(path)
    entry: dict[str, Any] = {"date": day, "status": status}
    if percent is not None:
        entry["percent"] = percent
    entry["note"] = note
    earlier = doc.data.get("progress")
    if isinstance(earlier, list) and _plain(entry) in earlier:
        return Added(path, 0)  # a second of the same day that differs is a correction: added
    return _append(data_dir, path, doc, [((), "progress", entry)], write=write)


@dataclass(frozen=True)
class Reading:
    """One KPI measurement to add."""

    kpi: str
    day: dt.date
    value: float
    note: str | None = None

    def entry(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"date": self.day, "value": self.value}
        if self.note:
            entry["note"] = self.note
        return entry


def record_reading(
    data_dir: Path,
    kpi_id: str,
    value: float,
    *,
    day: dt.date,
    note: str | None = None,
    write: bool = True,
) -> Added:
    """Append a reading to the history of KPI `kpi_id` in kpis.yaml (`roadmap record`);
    with `write` false, check it the same way and write nothing."""
    path, doc = kpis_document(data_dir)
    reading = Reading(kpi_id, day, value, note)
    index = _kpi_index(doc, doc.data.get("kpis"), kpi_id)
    same = reading_on(doc, index, day)
    if same is not None:
        i, old = same
        if old.get("value") == value and (not note or old.get("note") == note):
            return Added(path, 0)
        raise PositionedError(
            [
                doc.diagnostic(
                    ("kpis", index, "history", i),
                    f"{kpi_id} already has a reading on {day.isoformat()} "
                    f"({old.get('value')}); change that one instead of adding a second",
                )
            ]
        )
    return add_readings(data_dir, path, doc, [(index, reading)], write=write)


def kpis_document(data_dir: Path) -> tuple[Path, Document]:
    """kpis.yaml, loaded, or a RoadmapError saying why not."""
    require_data_dir(data_dir)
    path = data_dir / "kpis.yaml"
    if not path.is_file():
        raise RoadmapError(
            f"{display_path(path)}: no such file; the KPIs live there (see the data format)"
        )
    doc = _load(path)
    if not isinstance(doc.data.get("kpis"), list):
        _raise_invalid(data_dir)
        raise PositionedError([doc.diagnostic(("kpis",), "`kpis` is not a list")])
    return path, doc


def kpi_ids(doc: Document) -> list[str | None]:
    """The id of every KPI in kpis.yaml, by position (None where an entry has none)."""
    return [k.get("id") if isinstance(k, dict) else None for k in doc.data["kpis"]]


def reading_on(doc: Document, index: int, day: dt.date) -> tuple[int, dict[str, Any]] | None:
    """The reading (its position and value) that KPI number `index` has on `day`, if any."""
    history = doc.data["kpis"][index].get("history")
    if isinstance(history, list):
        for i, old in enumerate(history):
            if isinstance(old, dict) and old.get("date") == day.isoformat():
                return i, old
    return None


def add_readings(
    data_dir: Path,
    path: Path,
    doc: Document,
    readings: Sequence[tuple[int, Reading]],
    *,
    write: bool = True,
) -> Added:
    """Append each reading to the history of the KPI at its index, in one checked write."""
    edits = [(("kpis", i), "history", r.entry()) for i, r in readings]
    added = _append(data_dir, path, doc, edits, write=write)
    kpis = doc.data["kpis"]
    notes = tuple(
        doc.diagnostic(
            ("kpis", i, "current"),
            f"`current` still sets {kpis[i]['id']}'s value; remove it to let the latest "
            "reading count",
            severity="note",
        )
        for i in sorted({i for i, _ in readings})
        if "current" in kpis[i]
    )
    return Added(added.path, added.line, notes, entries=len(readings))


COLUMNS = ("date", "kpi", "value", "note")  # of a CSV file of readings; note is optional
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def import_readings(data_dir: Path, csv_path: Path) -> Added:
    """Add the readings of a CSV file (`date,kpi,value` rows) that kpis.yaml lacks.

    Every bad cell is reported at `FILE:ROW:COLUMN` and nothing is written; a reading
    already in kpis.yaml with the same value is left alone, so importing a file twice
    changes nothing.
    """
    try:
        table = read_csv(csv_path)
    except TableError as exc:
        raise DataError([exc.diagnostic]) from None
    path, doc = kpis_document(data_dir)
    positions, body, problems = _columns(table)
    known = {k: i for i, k in reversed(list(enumerate(kpi_ids(doc)))) if isinstance(k, str)}
    readings: list[tuple[int, Reading]] = []
    seen: dict[tuple[str, dt.date], tuple[float, int]] = {}
    present = 0
    for row in body:
        found = _reading(table, row, positions, known, problems)
        if found is None:
            continue
        reading, line = found
        key = (reading.kpi, reading.day)
        if key in seen:
            if seen[key][0] != reading.value:
                problems.append(
                    table.diagnostic(
                        row[positions["value"]],
                        f"a second value for {reading.kpi} on {reading.day.isoformat()}; "
                        f"row {seen[key][1]} has {seen[key][0]}",
                    )
                )
            continue
        seen[key] = (reading.value, line)
        index = known[reading.kpi]
        same = reading_on(doc, index, reading.day)
        if same is None:
            readings.append((index, reading))
        elif same[1].get("value") == reading.value:
            present += 1
        else:
            m = doc.mark(("kpis", index, "history", same[0]))
            problems.append(
                table.diagnostic(
                    row[positions["value"]],
                    f"{reading.kpi} already has {same[1].get('value')} on "
                    f"{reading.day.isoformat()} ({doc.display}:{m.line}:{m.col}); change one "
                    "of them",
                )
            )
    if problems:
        raise DataError(problems)
    if not readings:
        return Added(path, 0, entries=0, present=present)
    readings.sort(key=lambda r: (r[0], r[1].day))  # each KPI's history stays by date
    added = add_readings(data_dir, path, doc, readings)
    return Added(added.path, added.line, added.notes, added.entries, present)


def _columns(table: Table) -> tuple[dict[str, int], list[list[Cell]], list[Diagnostic]]:
    """Which column holds what, the rows of readings, and problems with the header."""
    if not table.rows:
        return (
            {},
            [],
            [Diagnostic(table.display, 1, 1, "error", "no rows; expected date,kpi,value")],
        )
    first = table.rows[0]
    if _ISO_DATE.match(first[0].text):  # no header: date, kpi, value (, note)
        return {name: i for i, name in enumerate(COLUMNS)}, table.rows, []
    positions: dict[str, int] = {}
    problems = []
    for cell in first:
        name = cell.text.lower()
        if name in COLUMNS and name not in positions:
            positions[name] = cell.column - 1
        elif name:
            near = closest(name, COLUMNS)
            hint = f"; did you mean '{near}'?" if near else ""
            problems.append(
                table.diagnostic(
                    cell,
                    f"unknown column '{cell.text}': the columns are date, kpi, value and "
                    f"an optional note{hint}",
                )
            )
    for name in COLUMNS[:3]:
        if name not in positions:
            problems.append(
                Diagnostic(
                    table.display,
                    first[0].row,
                    len(first) + 1,
                    "error",
                    f"no `{name}` column: the first row names the columns date, kpi, value "
                    "(and optionally note)",
                )
            )
    return positions, table.rows[1:], problems


def _reading(
    table: Table,
    row: list[Cell],
    positions: dict[str, int],
    known: dict[str, int],
    problems: list[Diagnostic],
) -> tuple[Reading, int] | None:
    """The reading one row holds, or None with its problems added to `problems`."""
    before = len(problems)
    cells: dict[str, Cell] = {}
    for name, i in positions.items():
        if i < len(row) and row[i].text:
            cells[name] = row[i]
        elif name != "note":
            where = row[i] if i < len(row) else Cell("", row[0].row, i + 1)
            problems.append(table.diagnostic(where, f"no {name} in this row"))
    used = set(positions.values())
    for extra in row:
        if extra.column - 1 not in used and extra.text:
            problems.append(
                table.diagnostic(extra, "a cell outside the columns date, kpi, value and note")
            )
    day: dt.date | None = None
    if "date" in cells:
        text = cells["date"].text
        try:
            day = dt.date.fromisoformat(text) if _ISO_DATE.match(text) else None
        except ValueError:
            day = None
        if day is None:
            problems.append(
                table.diagnostic(cells["date"], f"'{text}' is not a date written YYYY-MM-DD")
            )
    if "kpi" in cells and cells["kpi"].text not in known:
        text = cells["kpi"].text
        problems.append(
            table.diagnostic(
                cells["kpi"], f"no KPI '{text}' in kpis.yaml{did_you_mean(text, known)}"
            )
        )
    value = number(cells["value"].text, table.separator) if "value" in cells else None
    if "value" in cells and value is None:
        problems.append(
            table.diagnostic(cells["value"], f"'{cells['value'].text}' is not a number")
        )
    if len(problems) > before or day is None or value is None:
        return None
    note = cells["note"].text if "note" in cells else None
    return Reading(cells["kpi"].text, day, value, note), row[0].row


def _kpi_index(doc: Document, kpis: Any, kpi_id: str) -> int:
    ids = kpi_ids(doc)
    if kpi_id not in ids:
        known = [i for i in ids if isinstance(i, str)]
        raise PositionedError(
            [
                doc.diagnostic(
                    ("kpis",),
                    f"no KPI '{kpi_id}' in {doc.path.name}{did_you_mean(kpi_id, known)}",
                    key=True,
                )
            ]
        )
    return ids.index(kpi_id)


def _load(path: Path) -> Document:
    try:
        return load_file(path)
    except LoadError as exc:
        raise DataError([exc.diagnostic]) from None


def _plain(entry: Mapping[str, Any]) -> dict[str, Any]:
    """The entry as the loader reads it back: dates are strings."""
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in entry.items()}


Edit = tuple[Sequence[str | int], str, Mapping[str, Any]]  # where, the list's key, the entry


def _append(
    data_dir: Path, path: Path, doc: Document, edits: Sequence[Edit], *, write: bool = True
) -> Added:
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig")
    bom = _BOM if raw.startswith(_BOM.encode()) else ""
    new_text = text
    try:
        for where, key, entry in edits:
            new_text = append_entry(new_text, where, key, entry)
    except CannotAppend as exc:
        _raise_invalid(data_dir)
        raise RoadmapError(f"{doc.display}: cannot add the entry: {exc}") from None
    _same_but_for(doc, new_text, edits)
    load_roadmap(data_dir, texts={path: new_text})  # raises DataError when invalid
    if write:
        _write_atomically(path, (bom + new_text).encode("utf-8"))
    old_lines, new_lines = text.splitlines(), new_text.splitlines()
    line = next(
        (i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=False), 1) if a != b),
        len(old_lines) + 1,
    )
    return Added(path, line)


def _raise_invalid(data_dir: Path) -> None:
    """Raise DataError with every problem if the data as it stands is invalid."""
    result = validate(data_dir)
    if result.errors:
        raise DataError(result.diagnostics)


def _same_but_for(doc: Document, new_text: str, edits: Sequence[Edit]) -> None:
    """Make sure `new_text` holds the old data with the entries appended, and nothing else."""
    expected = copy.deepcopy(doc.data)
    for where, key, entry in edits:
        holder = expected
        for step in where:
            holder = holder[step]
        holder.setdefault(key, []).append(_plain(entry))
    try:
        found = load_text(new_text, doc.path, doc.display).data
    except LoadError:
        found = None
    if found != expected:  # pragma: no cover - a bug in yaml_edit for some unusual layout
        raise RoadmapError(
            f"{doc.display}: cannot add the entries without rewriting other parts of the "
            "file; add them by hand"
        )


def _write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step, keeping its permissions."""
    mode = path.stat().st_mode & 0o7777
    temp: str | None = None
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except OSError as exc:
        if temp is not None and os.path.exists(temp):
            os.unlink(temp)
        raise RoadmapError(f"cannot write {display_path(path)}: {exc.strerror or exc}") from None


# --- roadmap import initiatives ------------------------------------------------------------

# The columns of a table of initiatives: the initiative's fields that fit in one cell, in
# the order a new file writes them. `deadline` and `deadline_reason` are `urgency`'s two
# fields; list fields take ids separated by commas or semicolons (success metrics, which
# are sentences, by semicolons or line breaks).
INITIATIVE_COLUMNS = (
    "id",
    "title",
    "summary",
    "description",
    "owner",
    "team",
    "status",
    "impact",
    "effort",
    "duration",
    "depends_on",
    "requires",
    "deadline",
    "deadline_reason",
    "quarter",
    "supports",
    "source",
    "requested_by",
    "success_metrics",
    "reason",
    "internal",
    "delivered",
    "addresses",
)
REQUIRED_COLUMNS = ("id", "title", "status", "impact", "effort")
_ID_LISTS = frozenset({"depends_on", "requires", "supports", "addresses"})
_NUMBERS = frozenset({"impact", "effort", "duration"})
_ID_SEPARATORS = re.compile(r"[,;\s]+")
_SENTENCE_SEPARATORS = re.compile(r"\s*(?:;|\n)\s*")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


@dataclass(frozen=True)
class Imported:
    """What an import did: the files written, those already as the table has them, notes."""

    written: tuple[Path, ...]
    unchanged: tuple[Path, ...]
    notes: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class _Row:
    """One initiative of the table: its fields, the cell each came from, its new text."""

    id: str
    fields: dict[str, Any]
    cells: dict[str, Cell]
    first: Cell


def import_initiatives(
    data_dir: Path,
    table_path: Path,
    *,
    sheet: str | None = None,
    first_line: Callable[[Path], str] | None = None,
) -> Imported:
    """Add one initiative file per row of a CSV or XLSX table (`roadmap import initiatives`).

    The first row names the columns (INITIATIVE_COLUMNS). Every bad cell is reported at
    `FILE:ROW:COLUMN` and nothing is written: the rows are checked, then the whole
    roadmap with the new files in place, and only then are the files written. A row
    whose initiative already has a file is left alone when the file holds the same
    value for every cell of the row; when any differs, the import is refused at that
    cell (a table never overwrites a file that may have been edited since). So
    importing the same table twice changes nothing. `first_line(path)` gives the
    new file's first line (its `$schema` comment).
    """
    try:
        table = read_table(table_path, sheet)
    except TableError as exc:
        raise DataError([exc.diagnostic]) from None
    require_data_dir(data_dir)
    positions, problems = _initiative_columns(table)
    rows: list[_Row] = []
    seen: dict[str, int] = {}
    for record in table.rows[1:] if not problems else []:
        row = _initiative_row(table, record, positions, problems)
        if row is None:
            continue
        if row.id in seen:
            problems.append(
                table.diagnostic(
                    row.cells["id"], f"a second row for '{row.id}'; row {seen[row.id]} has it"
                )
            )
            continue
        seen[row.id] = row.first.row
        rows.append(row)
    folder = data_dir / "initiatives"
    shown_dir = display_path(data_dir)
    texts: dict[Path, str] = {}
    loaded: dict[Path, Document] = {}
    placed: dict[str, tuple[_Row, list[tuple[int, int, str]]]] = {}
    unchanged: list[Path] = []
    for row in rows:
        path = folder / f"{row.id}.yaml"
        if path.exists() or path.is_symlink():
            if not _differs(table, row, path, problems):
                unchanged.append(path)
            continue
        text, spans = _initiative_text(row.fields, first_line(path) if first_line else "")
        shown = _shown_new(data_dir, path, shown_dir)
        placed[shown] = (row, spans)
        try:  # each row against the schema here, so that every bad cell is reported at once
            doc = load_text(text, path, shown)
        except LoadError as exc:  # a value no data file may hold, such as a control character
            problems.append(_at_cell(table, placed, exc.diagnostic))
            continue
        if doc.data != row.fields:  # pragma: no cover - a bug in writing the YAML
            raise RoadmapError(f"{table.display}: cannot write {row.id} as YAML; a bug")
        problems += [_at_cell(table, placed, d) for d in check_document(doc, "initiative")]
        texts[path] = text
        loaded[path] = doc
    if any(d.severity == "error" for d in problems):
        raise DataError(sorted(problems))
    if not texts:
        return Imported((), tuple(unchanged))
    # The references across files, with the new files (as loaded above: not parsed again).
    result = validate(data_dir, dict[Path, str | Document](loaded))
    diagnostics = [_at_cell(table, placed, d) for d in result.diagnostics]
    if result.errors or result.model is None:
        raise DataError(sorted(set(diagnostics)))
    notes = tuple(d for d, raw in zip(diagnostics, result.diagnostics, strict=True) if d != raw)
    folder.mkdir(exist_ok=True)
    written = []
    for path, text in texts.items():
        _write_new(path, text.encode("utf-8"), durable=False)
        written.append(path)
    return Imported(tuple(written), tuple(unchanged), notes)


@dataclass(frozen=True)
class NewInitiative:
    """A new initiative file, checked with the whole roadmap but not yet written."""

    path: Path
    text: str
    model: Roadmap  # the roadmap with it

    def write(self) -> Path:
        self.path.parent.mkdir(exist_ok=True)
        _write_new(self.path, self.text.encode("utf-8"))
        return self.path


def new_initiative(
    data_dir: Path, fields: Mapping[str, Any], *, first_line: Callable[[Path], str] | None = None
) -> NewInitiative:
    """initiatives/ID.yaml for `fields` (in the order of the file), checked with the whole
    roadmap: DataError when the roadmap would be invalid, RoadmapError when the file exists."""
    require_data_dir(data_dir)
    path = data_dir / "initiatives" / f"{fields['id']}.yaml"
    if path.exists() or path.is_symlink():
        raise RoadmapError(f"{display_path(path)} already exists; nothing written")
    text, _ = _initiative_text(fields, first_line(path) if first_line else "")
    model, _notes = load_roadmap(data_dir, texts={path: text})
    return NewInitiative(path, text, model)


def _at_cell(
    table: Table, placed: Mapping[str, tuple[_Row, list[tuple[int, int, str]]]], d: Diagnostic
) -> Diagnostic:
    """A diagnostic about a new file, moved to the cell its line was written from."""
    if d.path not in placed:
        return d
    row, spans = placed[d.path]
    key = next((k for start, end, k in spans if start <= d.line <= end), "id")
    cell = row.cells.get(key, row.cells["id"])
    return Diagnostic(table.display, cell.row, cell.column, d.severity, d.message)


def _initiative_columns(table: Table) -> tuple[dict[str, int], list[Diagnostic]]:
    """Which column holds which field, and the problems with the header row."""
    if not table.rows:
        return {}, [Diagnostic(table.display, 1, 1, "error", "no rows; expected a header row")]
    first = table.rows[0]
    positions: dict[str, int] = {}
    problems = []
    for cell in first:
        name = cell.text.strip().lower().replace(" ", "_")
        if name in INITIATIVE_COLUMNS and name not in positions:
            positions[name] = cell.column - 1
        elif name in positions:
            problems.append(table.diagnostic(cell, f"a second `{name}` column"))
        elif name:
            problems.append(
                table.diagnostic(
                    cell,
                    f"unknown column '{cell.text}': the columns are the initiative's fields "
                    f"({', '.join(INITIATIVE_COLUMNS)}){did_you_mean(name, INITIATIVE_COLUMNS)}",
                )
            )
        else:
            problems.append(table.diagnostic(cell, "a column with no name in the header row"))
    for name in REQUIRED_COLUMNS:
        if name not in positions:
            problems.append(
                Diagnostic(
                    table.display,
                    first[0].row,
                    len(first) + 1,
                    "error",
                    f"no `{name}` column: the first row names the columns, and "
                    f"{', '.join(REQUIRED_COLUMNS)} are required",
                )
            )
    return positions, problems


def _initiative_row(
    table: Table, record: list[Cell], positions: dict[str, int], problems: list[Diagnostic]
) -> _Row | None:
    """The initiative one row holds, or None with its problems added to `problems`."""
    before = len(problems)
    cells: dict[str, Cell] = {}
    for name, i in positions.items():
        if i < len(record) and record[i].text:
            cells[name] = record[i]
        elif name in REQUIRED_COLUMNS:
            where = record[i] if i < len(record) else Cell("", record[0].row, i + 1)
            problems.append(table.diagnostic(where, f"no {name} in this row"))
    used = set(positions.values())
    for extra in record:
        if extra.column - 1 not in used and extra.text:
            problems.append(table.diagnostic(extra, "a cell outside the named columns"))
    if "id" in cells and not _SLUG.match(cells["id"].text):
        problems.append(
            table.diagnostic(
                cells["id"],
                f"'{cells['id'].text}' is not an id: lowercase letters, digits and dashes, "
                "such as kb-overhaul (it names the file)",
            )
        )
    if ("deadline" in cells) != ("deadline_reason" in cells):
        given, other = ("deadline", "deadline_reason")[:: 1 if "deadline" in cells else -1]
        problems.append(
            table.diagnostic(cells[given], f"a {given} needs a {other} in the same row")
        )
    if len(problems) > before:
        return None
    fields: dict[str, Any] = {}
    for name in INITIATIVE_COLUMNS:
        if name not in cells or name == "deadline_reason":
            continue
        text = cells[name].text
        if name in _NUMBERS:
            value = number(text, table.separator)
            fields[name] = text if value is None else value  # the schema says what is wrong
        elif name in _ID_LISTS:
            fields[name] = [t for t in _ID_SEPARATORS.split(text) if t]
        elif name == "success_metrics":
            fields[name] = [t for t in _SENTENCE_SEPARATORS.split(text) if t]
        elif name == "deadline":
            fields["urgency"] = {"deadline": text, "reason": cells["deadline_reason"].text}
        else:
            fields[name] = text
    return _Row(cells["id"].text, fields, cells, record[0])


def _initiative_text(
    fields: Mapping[str, Any], head: str
) -> tuple[str, list[tuple[int, int, str]]]:
    """The new file's YAML, and the lines (first, last) each column's value is on."""
    import yaml

    body = yaml.dump(
        dict(fields),
        Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),  # libyaml's, when built
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100_000,
    ).splitlines()
    lines = [head] if head else []
    offset = len(lines)
    lines += body
    # Each field starts at the first line after the one before that begins with its key
    # (the dump keeps the order; a list's items may start at column 0 too).
    starts: list[int] = []
    for key in fields:
        prefix = f"{key}:"
        n = starts[-1] + 1 if starts else 0
        while not body[n].startswith(prefix):
            n += 1
        starts.append(n)
    spans: list[tuple[int, int, str]] = []
    for key, first, after in zip(fields, starts, [*starts[1:], len(body)], strict=True):
        start, last = offset + first + 1, offset + after
        if key == "urgency":  # deadline on the first line, its reason after
            spans += [(start, start + 1, "deadline"), (start + 2, last, "deadline_reason")]
        else:
            spans.append((start, last, key))
    return "\n".join(lines) + "\n", spans


def _differs(table: Table, row: _Row, path: Path, problems: list[Diagnostic]) -> bool:
    """Whether the existing file holds other values than the row (each is a problem)."""
    try:
        old = load_file(path).data
    except LoadError as exc:
        problems.append(exc.diagnostic)
        return True
    old = old if isinstance(old, dict) else {}
    before = len(problems)
    for key, value in row.fields.items():
        pairs = (
            [("deadline", "deadline"), ("deadline_reason", "reason")]
            if key == "urgency"
            else [(key, None)]
        )
        for column, inner in pairs:
            have = old.get(key)
            want = value
            if inner is not None:
                have = have.get(inner) if isinstance(have, dict) else None
                want = value[inner]
            if have != want:
                shown = "nothing" if have is None else f"'{_cell_words(have)}'"
                problems.append(
                    table.diagnostic(
                        row.cells[column],
                        f"{display_path(path)} already holds {shown} for {column}; the import "
                        "never changes an existing file: edit the file or this cell",
                    )
                )
    return len(problems) > before


def _cell_words(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(v.get("id", "?") if isinstance(v, dict) else str(v) for v in value)
    return str(value)


def _shown_new(data_dir: Path, path: Path, shown_dir: str | None = None) -> str:
    """How `validate` names a file of the data folder in its messages (`shown_dir`: the
    folder's own display name, when the caller has it already)."""
    from .validate import _below

    return _below(shown_dir or display_path(data_dir), path.relative_to(data_dir))


def _write_new(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write a new file in one step; never replace one that appeared in the meantime.

    The file appears whole or not at all (a complete temporary file is linked into
    place). `durable` also waits for the disk (fsync); an import of many files skips it,
    as a build does: one fsync per file would be most of the import's time."""
    temp: str | None = None
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            if durable:
                os.fsync(f.fileno())
        os.chmod(temp, new_file_mode())
        os.link(temp, path)  # fails when the file exists
    except FileExistsError:
        raise RoadmapError(f"{display_path(path)} appeared while importing; run it again") from None
    except OSError as exc:
        raise RoadmapError(f"cannot write {display_path(path)}: {exc.strerror or exc}") from None
    finally:
        if temp is not None and os.path.exists(temp):
            os.unlink(temp)
