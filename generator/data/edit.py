"""Adding an entry to the data in place: a progress check-in, a KPI reading.

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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DataError, Diagnostic, PositionedError, RoadmapError, display_path
from .checks.suggest import closest, did_you_mean
from .loader import Document, LoadError, load_file, load_text
from .tables import Cell, Table, TableError, number, read_csv
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
) -> Added:
    """Append a progress check-in to initiatives/ID.yaml (`roadmap checkin`)."""
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
    return _append(data_dir, path, doc, [((), "progress", entry)])


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
    data_dir: Path, kpi_id: str, value: float, *, day: dt.date, note: str | None = None
) -> Added:
    """Append a reading to the history of KPI `kpi_id` in kpis.yaml (`roadmap record`)."""
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
    return add_readings(data_dir, path, doc, [(index, reading)])


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
    data_dir: Path, path: Path, doc: Document, readings: Sequence[tuple[int, Reading]]
) -> Added:
    """Append each reading to the history of the KPI at its index, in one checked write."""
    edits = [(("kpis", i), "history", r.entry()) for i, r in readings]
    added = _append(data_dir, path, doc, edits)
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


def _append(data_dir: Path, path: Path, doc: Document, edits: Sequence[Edit]) -> Added:
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
