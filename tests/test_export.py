"""`roadmap export timeline`: a standalone SVG, or exit 1 with a message that says why."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

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
