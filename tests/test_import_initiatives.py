"""`roadmap import initiatives`: one new file per row of a CSV or XLSX table, or nothing.

Every bad cell is reported as `FILE:ROW:COLUMN: error: message` and nothing is written;
importing the same table twice changes nothing; an existing file that differs is never
overwritten.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import MakeRoadmap, RunCli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "roadmap"
EXAMPLE_TABLE = ROOT / "docs" / "examples" / "initiatives.csv"


def _snapshot(data: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*")) if p.is_file()
    }


@pytest.fixture
def example(tmp_path: Path) -> Path:
    data = tmp_path / "roadmap"
    shutil.copytree(EXAMPLE, data)
    return data


def test_the_documented_example_imports_and_twice_changes_nothing(
    run_cli: RunCli, example: Path
) -> None:
    result = run_cli("import", "initiatives", EXAMPLE_TABLE, "--data", example)
    assert result.exit_code == 0, result.stderr
    assert f"added 3 initiatives to {example / 'initiatives'}\n" in result.stderr
    text = (example / "initiatives" / "billing-faq-refresh.yaml").read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../generator/schemas/")
    data = yaml.safe_load(text)
    assert data["depends_on"] == ["refund-macro-audit"]
    assert data["urgency"] == {
        "deadline": "2027-Q4",
        "reason": "The new invoice layout ships in 2027-Q4",
    }
    assert data["impact"] == 3 and isinstance(data["impact"], int)
    metrics = yaml.safe_load((example / "initiatives" / "chat-handover-notes.yaml").read_text())
    assert metrics["success_metrics"] == [
        "Fewer repeat questions after a handover",
        "no customer asked to repeat the issue",
    ]
    assert run_cli("validate", "--data", example).exit_code == 0
    before = _snapshot(example)
    again = run_cli("import", "initiatives", EXAMPLE_TABLE, "--data", example)
    assert again.exit_code == 0
    assert "every initiative is already there; nothing changed" in again.stderr
    assert _snapshot(example) == before


def _write_xlsx(path: Path, rows: list[list[object]], sheet: str = "Initiatives") -> None:
    """The rows in a sheet after another one; a text starting with `=` in a string cell."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Notes"
    ws["A1"] = "this sheet is not the table"
    table = book.create_sheet(sheet)
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            cell = table.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
    book.save(path)


def test_a_twenty_row_workbook_imports_validates_and_builds(
    run_cli: RunCli, make_roadmap: MakeRoadmap, tmp_path: Path
) -> None:
    data = make_roadmap()
    header = ["id", "title", "status", "impact", "effort", "duration", "team", "depends_on"]
    rows: list[list[object]] = [header]
    for n in range(1, 21):
        after = f"work-{n - 1:02d}" if n % 5 == 0 else None
        rows.append([f"work-{n:02d}", f"Work {n}", "proposed", n % 5 + 1, 1.5, 1, "Ops", after])
    rows[3][1] = '=HYPERLINK("https://example.com","x")'  # text, as the cell holds it
    table = tmp_path / "plan.xlsx"
    _write_xlsx(table, rows)
    result = run_cli("import", "initiatives", table, "--sheet", "Initiatives", "--data", data)
    assert result.exit_code == 0, result.stderr
    assert len(list((data / "initiatives").glob("*.yaml"))) == 20
    three = yaml.safe_load((data / "initiatives" / "work-03.yaml").read_text("utf-8"))
    assert three["title"] == '=HYPERLINK("https://example.com","x")'
    assert three["effort"] == 1.5
    assert yaml.safe_load((data / "initiatives" / "work-05.yaml").read_text())["depends_on"] == [
        "work-04"
    ]
    assert run_cli("validate", "--data", data).exit_code == 0
    site = tmp_path / "site"
    built = run_cli("build", "--data", data, "--site-dir", site, "--today", "2027-01-15")
    assert built.exit_code == 0, built.stderr
    assert (site / "initiatives" / "work-20" / "index.html").is_file()


def test_every_bad_cell_is_reported_and_nothing_written(
    run_cli: RunCli, example: Path, tmp_path: Path
) -> None:
    table = tmp_path / "bad.csv"
    table.write_text(
        "id,title,status,impact,effort,depends_on,owner\n"
        "fine-one,Fine,proposed,3,2,,maria\n"
        "too-big,Too big,proposed,9,2,,maria\n"
        "Bad Id,Bad id,proposed,3,2,,maria\n"
        "needs-ghost,Needs a ghost,proposed,3,2,ghost-work,maria\n"
        "no-effort,No effort,proposed,3,,,maria\n"
        "who,Unknown owner,proposed,3,2,,nobody-at-all\n",
        "utf-8",
    )
    before = _snapshot(example)
    result = run_cli("import", "initiatives", table, "--data", example)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    shown = str(table)
    assert any(line.startswith(f"{shown}:3:4: error:") for line in lines), lines
    assert any(line.startswith(f"{shown}:4:1: error: 'Bad Id' is not an id") for line in lines)
    assert f"{shown}:6:5: error: no effort in this row" in lines
    assert not any(line.startswith(f"{shown}:5:") for line in lines)  # checked after the cells
    assert _snapshot(example) == before

    # The cells right, the roadmap as a whole is checked: each problem at its cell.
    table.write_text(
        "id,title,status,impact,effort,depends_on,owner\n"
        "fine-one,Fine,proposed,3,2,,maria\n"
        "needs-ghost,Needs a ghost,proposed,3,2,ghost-work,maria\n"
        "who,Unknown owner,proposed,3,2,,nobody-at-all\n",
        "utf-8",
    )
    result = run_cli("import", "initiatives", table, "--data", example)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert any(line.startswith(f"{shown}:3:6: error:") and "ghost-work" in line for line in errors)
    assert any(
        line.startswith(f"{shown}:4:7: error:") and "nobody-at-all" in line for line in errors
    )
    assert _snapshot(example) == before


def test_an_unknown_column_suggests_the_closest(
    run_cli: RunCli, example: Path, tmp_path: Path
) -> None:
    table = tmp_path / "t.csv"
    table.write_text("id,title,status,impact,effort,dependson\nx,X,proposed,3,2,kb-overhaul\n")
    result = run_cli("import", "initiatives", table, "--data", example)
    assert result.exit_code == 1
    assert f"{table}:1:6: error: unknown column 'dependson'" in result.stderr
    assert "did you mean 'depends_on'?" in result.stderr
    assert not (example / "initiatives" / "x.yaml").exists()


def test_semicolons_a_byte_order_mark_and_quoted_newlines(
    run_cli: RunCli, example: Path, tmp_path: Path
) -> None:
    table = tmp_path / "excel.csv"
    table.write_bytes(
        "\ufeffid;title;status;impact;effort;description;depends_on\r\n"
        'semi-one;Semicolon one;proposed;3;2,5;"Two lines:\r\nthe second";'
        "kb-overhaul, macros-cleanup\r\n".encode()
    )
    result = run_cli("import", "initiatives", table, "--data", example)
    assert result.exit_code == 0, result.stderr
    data = yaml.safe_load((example / "initiatives" / "semi-one.yaml").read_text("utf-8"))
    assert data["effort"] == 2.5
    assert data["description"].splitlines() == ["Two lines:", "the second"]
    assert data["depends_on"] == ["kb-overhaul", "macros-cleanup"]


def test_an_existing_file_that_differs_is_never_overwritten(
    run_cli: RunCli, example: Path, tmp_path: Path
) -> None:
    path = example / "initiatives" / "kb-overhaul.yaml"
    old = yaml.safe_load(path.read_text("utf-8"))
    table = tmp_path / "t.csv"
    table.write_text(
        "id,title,status,impact,effort\n"
        f"kb-overhaul,{old['title']},{old['status']},{old['impact']},{old['effort']}\n"
    )
    before = _snapshot(example)
    same = run_cli("import", "initiatives", table, "--data", example)
    assert same.exit_code == 0 and _snapshot(example) == before  # the same values: left alone
    table.write_text(
        "id,title,status,impact,effort\n"
        f"kb-overhaul,A new title,{old['status']},{old['impact']},{old['effort']}\n"
    )
    result = run_cli("import", "initiatives", table, "--data", example)
    assert result.exit_code == 1
    assert f"{table}:2:2: error: " in result.stderr
    assert "never changes an existing file" in result.stderr
    assert _snapshot(example) == before


def test_sheets_and_files_that_are_not_tables(
    run_cli: RunCli, example: Path, tmp_path: Path
) -> None:
    book = tmp_path / "t.xlsx"
    _write_xlsx(book, [["id", "title", "status", "impact", "effort"]])
    result = run_cli("import", "initiatives", book, "--sheet", "Initiativs", "--data", example)
    assert result.exit_code == 1
    assert "no sheet 'Initiativs'; the sheets are: Notes, Initiatives" in result.stderr
    assert "did you mean 'Initiatives'?" in result.stderr
    first = run_cli("import", "initiatives", book, "--data", example)  # the first sheet: Notes
    assert first.exit_code == 1 and "unknown column 'this sheet is not the table'" in first.stderr
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a zip")
    result = run_cli("import", "initiatives", fake, "--data", example)
    assert result.exit_code == 1
    assert f"{fake}:1:1: error: not readable as an XLSX workbook" in result.stderr


def test_a_formula_cell_gives_its_value_and_nothing_runs(
    run_cli: RunCli, example: Path, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["id", "title", "status", "impact", "effort"])
    ws.append(["calc", "Calculated", "proposed", "=1+2", 2])  # no cached value: an empty cell
    path = tmp_path / "f.xlsx"
    book.save(path)
    result = run_cli("import", "initiatives", path, "--data", example)
    assert result.exit_code == 1
    assert f"{path}:2:4: error: no impact in this row" in result.stderr
