"""`roadmap import initiatives` of a spreadsheet against validating the files it writes.

    .venv/bin/python bench/import_speed.py [--rows 1000] [--runs 3]

Writes a CSV of ROWS initiatives (the columns of docs/spreadsheets.md, a chain of
dependencies, a deadline on every seventh), imports it into a fresh roadmap (which
checks every cell, then validates the whole roadmap with the new files in memory, then
writes them), and validates the resulting folder of ROWS files. Target: the import
within 2x of the validation, measured in the same run (best of RUNS each). A third
column writes the same files and nothing else, the way the import writes them (each a
complete temporary file linked into place): the part of the import that is the file
system's, which no change to the tool's own work can remove.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import tempfile
import time
from pathlib import Path

from generator.data.edit import _write_new, import_initiatives
from generator.data.validate import validate

COLUMNS = ["id", "title", "status", "impact", "effort", "duration", "summary", "depends_on"]


def write_base(data: Path) -> None:
    (data / "initiatives").mkdir(parents=True)
    (data / "roadmap.yaml").write_text(
        "title: Benchmark roadmap\n"
        "horizon: {start: 2027-Q1, quarters: 8}\n"
        "capacity: {default: 400}\n",
        encoding="utf-8",
    )


def write_table(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([*COLUMNS, "deadline", "deadline_reason"])
        for n in range(rows):
            deadline = ("2028-Q2", "Regulator deadline") if n % 7 == 0 else ("", "")
            writer.writerow(
                [
                    f"init-{n:04d}",
                    f"Initiative number {n} for the service desk",
                    "proposed",
                    n % 5 + 1,
                    n % 13 + 1,
                    n % 2 + 1,
                    f"Cut repeat contacts for topic {n} with better macros",
                    f"init-{n - 1:04d}" if n else "",
                    *deadline,
                ]
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        table = root / "initiatives.csv"
        write_table(table, args.rows)
        imports, validations, writes = [], [], []
        for run in range(args.runs):
            data = root / f"run-{run}" / "roadmap"
            write_base(data)
            start = time.perf_counter()
            import_initiatives(data, table)
            imports.append(time.perf_counter() - start)
            written = len(list((data / "initiatives").glob("*.yaml")))
            assert written == args.rows, f"the import wrote {written} of {args.rows} files"
            start = time.perf_counter()
            result = validate(data)
            validations.append(time.perf_counter() - start)
            assert result.model is not None, "the imported roadmap does not validate"
            files = [(p.name, p.read_bytes()) for p in (data / "initiatives").glob("*.yaml")]
            bare = root / f"bare-{run}"
            bare.mkdir()
            start = time.perf_counter()
            for name, body in files:
                _write_new(bare / name, body, durable=False)
            writes.append(time.perf_counter() - start)
            shutil.rmtree(bare)
            shutil.rmtree(data.parent)
    imported, validated, written = min(imports), min(validations), min(writes)
    print(
        f"| rows | import (s) | validate the {args.rows} files (s) | import / validate "
        "| writing the files alone (s) | import less the writing / validate |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {args.rows} | {imported:.2f} | {validated:.2f} | {imported / validated:.2f} "
        f"| {written:.2f} | {(imported - written) / validated:.2f} |"
    )


if __name__ == "__main__":
    main()
