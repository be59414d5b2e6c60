"""`roadmap intake`: the body GitHub writes for a submitted issue form, read back and acted on.

The bodies in tests/fixtures/intake/ are written as GitHub writes them: `### <label>`,
a blank line, the answer, and `_No response_` for an empty one.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import RunCli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "roadmap"
BODIES = ROOT / "tests" / "fixtures" / "intake"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    data = tmp_path / "roadmap"
    shutil.copytree(EXAMPLE, data)
    return data


def _files(data: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*")) if p.is_file()
    }


def _intake(run_cli: RunCli, body: Path, data: Path, *extra: str):  # type: ignore[no-untyped-def]
    return run_cli("intake", body, "--data", data, "--today", "2027-05-10", *extra)


def test_a_request_is_evaluated_against_the_plan_and_nothing_written(
    run_cli: RunCli, data: Path
) -> None:
    before = _files(data)
    result = _intake(run_cli, BODIES / "request.md", data)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith(
        "<!-- roadmap-intake -->\n## Request: Refund macro audit (`refund-macro-audit`)"
    )
    assert "Plan value: " in out and " without it, " in out
    assert "### What it displaces (" in out
    assert "### Deadlines and dependencies it breaks (" in out
    assert "### Short pools (" in out
    assert "Nothing is written yet" in out
    assert _files(data) == before


def test_write_adds_the_request_as_a_proposed_initiative(run_cli: RunCli, data: Path) -> None:
    result = _intake(run_cli, BODIES / "request.md", data, "--write")
    assert result.exit_code == 0, result.stderr
    path = data / "initiatives" / "refund-macro-audit.yaml"
    assert f"Added as `{path}` with status proposed." in result.stdout
    text = path.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    added = yaml.safe_load(text)
    assert added == {
        "id": "refund-macro-audit",
        "title": "Refund macro audit",
        "description": "Agents use refund macros that quote last year's policy.\n"
        "Customers get **wrong** answers.",
        "requested_by": "Finance operations",
        "status": "proposed",
        "impact": 4,
        "effort": 3,
        "duration": 1,
        "urgency": {
            "deadline": "2027-Q4",
            "reason": "The new refund policy takes effect in October.",
        },
        "source": "request",
    }
    assert run_cli("validate", "--data", data).exit_code == 0
    # The same request again is a second one: it gets an id of its own.
    again = _intake(run_cli, BODIES / "request.md", data, "--write")
    assert again.exit_code == 0
    assert (data / "initiatives" / "refund-macro-audit-2.yaml").is_file()


def test_a_bad_request_says_which_answers_and_writes_nothing(
    run_cli: RunCli, data: Path, tmp_path: Path
) -> None:
    body = (BODIES / "request.md").read_text("utf-8")
    body = body.replace("### Impact\n\n4", "### Impact\n\nhigh")
    body = body.replace("### Depends on\n\n_No response_", "### Depends on\n\nno-such-work")
    body = body.replace("The new refund policy takes effect in October.", "_No response_")
    bad = tmp_path / "bad.md"
    bad.write_text(body, "utf-8")
    before = _files(data)
    result = _intake(run_cli, bad, data, "--write")
    assert result.exit_code == 1
    assert f"{bad}:14:1: error: Impact: 'high' is not a whole number" in result.stderr
    assert "Why the deadline is hard: a deadline needs its reason" in result.stderr
    assert _files(data) == before
    fixed = body.replace("### Impact\n\nhigh", "### Impact\n\n4").replace(
        "### Deadline (quarter)\n\n2027-Q4", "### Deadline (quarter)\n\n_No response_"
    )
    bad.write_text(fixed, "utf-8")
    result = _intake(run_cli, bad, data, "--write")
    assert result.exit_code == 1
    assert "no-such-work" in result.stderr  # the dependency is checked against the roadmap
    assert _files(data) == before


def test_a_check_in_and_a_reading_do_what_checkin_and_record_do(
    run_cli: RunCli, data: Path
) -> None:
    before = _files(data)
    preview = _intake(run_cli, BODIES / "checkin.md", data)
    assert preview.exit_code == 0, preview.stderr
    assert "## Check-in: `kb-overhaul`" in preview.stdout
    assert "**At risk**, 40% done, on 2027-05-12" in preview.stdout
    assert _files(data) == before
    done = _intake(run_cli, BODIES / "checkin.md", data, "--write")
    assert done.exit_code == 0, done.stderr
    assert "Added to `" in done.stdout
    progress = yaml.safe_load((data / "initiatives" / "kb-overhaul.yaml").read_text())["progress"]
    assert progress[-1] == {
        "date": dt.date(2027, 5, 12),
        "status": "at-risk",
        "percent": 40,
        "note": "Two writers are out; the billing section slips a month.",
    }
    twice = _intake(run_cli, BODIES / "checkin.md", data, "--write")
    assert "already holds this check-in; nothing changed" in twice.stdout

    reading = _intake(run_cli, BODIES / "reading.md", data, "--write")
    assert reading.exit_code == 0, reading.stderr
    assert "## KPI reading: `csat`" in reading.stdout
    kpis = yaml.safe_load((data / "kpis.yaml").read_text())["kpis"]
    (csat,) = [k for k in kpis if k["id"] == "csat"]
    assert {"date": dt.date(2027, 5, 31), "value": 81.5} in csat["history"]


def test_a_body_that_is_not_a_form_exits_1(run_cli: RunCli, data: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain.md"
    plain.write_text("Hi, the help center is slow today.\n\n### Steps\n\nOpen it.\n", "utf-8")
    result = _intake(run_cli, plain, data)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {plain} is not an issue form: its headings (Steps)")
    empty = tmp_path / "empty.md"
    empty.write_text("", "utf-8")
    result = _intake(run_cli, empty, data)
    assert result.exit_code == 1
    assert "is not an issue form: it has no `### <label>` headings" in result.stderr


def test_an_unknown_initiative_in_a_check_in_suggests_the_closest(
    run_cli: RunCli, data: Path, tmp_path: Path
) -> None:
    body = tmp_path / "c.md"
    body.write_text((BODIES / "checkin.md").read_text().replace("kb-overhaul", "kb-overhal"))
    result = _intake(run_cli, body, data, "--write")
    assert result.exit_code == 1
    assert "did you mean 'kb-overhaul'?" in result.stderr
