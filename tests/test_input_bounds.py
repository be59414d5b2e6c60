"""Inputs that once ended in a traceback, or in a build with no bound on time and memory.

Each case goes through the command line the way a user meets it: a clean
`path:line:col: error:` message and exit 1, or, where the input is legitimate, a
working command.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MakeRoadmap, RunCli


def _errors(result: object) -> list[str]:
    text = result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in text and "This is a bug" not in text, text
    return [line for line in text.splitlines() if ": error: " in line]


LIMIT = "numbers are limited to ±1,000,000,000,000,000"


@pytest.mark.parametrize(
    ("where", "file", "text", "position"),
    [
        (
            "capacity.default",
            "roadmap.yaml",
            "title: T\nhorizon: {start: 2027-Q1, quarters: 4}\ncapacity: {default: "
            + "9" * 400
            + "}\n",
            "3:21",
        ),
        (
            "thresholds.effort",
            "roadmap.yaml",
            "title: T\nhorizon: {start: 2027-Q1, quarters: 4}\ncapacity: {default: 20}\n"
            "thresholds: {effort: " + "1" * 5000 + "}\n",
            "4:22",
        ),
        (
            "a KPI's current value",
            "kpis.yaml",
            "kpis:\n  - {id: csat, name: CSAT, direction: higher, threshold: 4, current: "
            + "7" * 320
            + "}\n",
            "2:70",
        ),
        (
            "a key result's hexadecimal baseline",
            "okrs/q1.yaml",
            "objectives:\n  - id: o\n    title: Make answers faster\n    level: function\n"
            "    period: 2027-Q1\n    key_results:\n      - {id: k, title: Hours, baseline: 0x"
            + "f" * 300
            + ", target: 1}\n",
            "7:41",
        ),
    ],
)
def test_numbers_too_large_to_compute_with_are_clean_errors(
    make_roadmap: MakeRoadmap,
    run_cli: RunCli,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    file: str,
    text: str,
    position: str,
) -> None:
    data = make_roadmap({"id": "a"})
    (data / file).parent.mkdir(parents=True, exist_ok=True)
    (data / file).write_text(text, "utf-8")
    monkeypatch.chdir(data.parent)
    result = run_cli("build", "--site-dir", "site")
    assert result.exit_code == 1, where
    [message] = _errors(result)
    assert message.startswith(f"roadmap/{file}:{position}: error: the number ")
    assert message.endswith(f" is too large; {LIMIT}")
    assert not Path("site").exists()


def test_a_title_written_as_a_block_is_one_line_everywhere(
    make_roadmap: MakeRoadmap, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A `|` block passes validation, so it must build: the calendar file once failed on it."""
    data = make_roadmap(
        {"id": "a", "title": "Two lines\nof title\n"},
        settings={"title": "Our roadmap\nfor 2027\n"},
    )
    monkeypatch.chdir(data.parent)
    assert run_cli("validate").exit_code == 0
    ics = run_cli("calendar", "--format", "ics")
    assert ics.exit_code == 0, ics.stderr
    assert "Our roadmap for 2027" in ics.stdout.replace("\r\n ", "")
    built = run_cli("build", "--site-dir", "site", "--audience", "leadership")
    assert built.exit_code == 0, built.stderr
    page = Path("site/initiatives/a/index.html").read_text("utf-8")
    assert "<h1" in page and "Two lines of title" in page


@pytest.mark.parametrize(
    ("escape", "code"),
    [("\\e[31m", "001B"), ("\\x07", "0007"), ("\\r", "000D"), ("\\u2028", "2028")],
)
def test_control_characters_from_escapes_are_refused(
    make_roadmap: MakeRoadmap,
    run_cli: RunCli,
    monkeypatch: pytest.MonkeyPatch,
    escape: str,
    code: str,
) -> None:
    data = make_roadmap({"id": "a"})
    target = data / "initiatives/a.yaml"
    target.write_text(target.read_text("utf-8") + f'summary: "Red {escape} text"\n', "utf-8")
    monkeypatch.chdir(data.parent)
    result = run_cli("validate")
    assert result.exit_code == 1
    assert _errors(result) == [
        f"roadmap/initiatives/a.yaml:6:10: error: the control character U+{code} is not "
        "allowed in a value; remove it (in quotes it comes from an escape such as \\e or \\x1b)"
    ]


def test_a_file_name_cannot_forge_a_workflow_command_or_reach_the_terminal_raw(
    make_roadmap: MakeRoadmap, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = make_roadmap({"id": "a"})
    name = "x\n::error title=Forged::All checks passed\n\x1b[2J.yaml"
    (data / "initiatives" / name).write_text("id: x\n", "utf-8")
    monkeypatch.chdir(data.parent)
    for args in (
        ("validate",),
        ("build", "--site-dir", "site"),
        ("validate", "--format", "github"),
    ):
        result = run_cli(*args)
        assert result.exit_code == 1
        lines = result.stderr.splitlines()
        assert not [line for line in lines if line.startswith("::error title=Forged")], lines
        assert "\x1b" not in result.stderr
        forged = [line for line in lines if "Forged" in line]
        assert forged and all(
            line.startswith(("roadmap/initiatives/x\\n::error", "::error file=roadmap/"))
            for line in forged
        ), forged
