"""`roadmap validate`: text and GitHub formats, --strict, exit codes, paths in messages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

import generator.data.validate

RunCli = Callable[..., Result]  # the conftest fixtures
MakeRoadmap = Callable[..., Path]

OUTSIDE_HORIZON = {"capacity": {"default": 20, "overrides": {"2028-Q3": 10}}}
WARNING = (
    "roadmap/roadmap.yaml:8:5: warning: capacity override for 2028-Q3 is outside the "
    "horizon 2027-Q1..2027-Q4; it has no effect"
)


def lines(result: Result) -> list[str]:
    """stderr without notes: the OKR-coverage notes are another module's (test_okrs)."""
    return [
        line
        for line in result.stderr.splitlines()
        if ": note: " not in line and not line.startswith("::notice ")
    ]


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_every_problem_at_once_sorted_by_file_and_line(
    make_roadmap: MakeRoadmap, run_cli: RunCli, in_tmp: Path
) -> None:
    make_roadmap({"id": "b", "effort": "lots", "impact": 9}, {"id": "a", "status": "started"})
    result = run_cli("validate")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "roadmap/initiatives/a.yaml:3:9: error: status: 'started' is not one of: proposed, "
        "planned, in-progress, done, postponed, dropped",
        "roadmap/initiatives/b.yaml:4:9: error: impact: 9 is out of range; expected at most 5",
        "roadmap/initiatives/b.yaml:5:9: error: effort: expected a number, got text 'lots'",
        "3 errors: the roadmap data is invalid",
    ]


def test_valid_data_exits_0_with_a_summary(
    make_roadmap: MakeRoadmap, run_cli: RunCli, in_tmp: Path
) -> None:
    make_roadmap({"id": "a"}, {"id": "b", "depends_on": ["a"]})
    result = run_cli("validate", "--data", "roadmap")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert lines(result) == ["roadmap: valid (2 initiatives, 0 objectives, 0 warnings)"]


def test_github_format_prints_error_annotations(
    make_roadmap: MakeRoadmap, run_cli: RunCli, in_tmp: Path
) -> None:
    make_roadmap({"id": "a", "impact": "high", "depends-on": ["b"]})
    result = run_cli("validate", "--format", "github")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "::error file=roadmap/initiatives/a.yaml,line=4,col=9::impact: expected a whole "
        "number, got text 'high'",
        "::error file=roadmap/initiatives/a.yaml,line=6,col=1::unknown key 'depends-on'; "
        "did you mean 'depends_on'?",
        "2 errors: the roadmap data is invalid",
    ]


def test_github_format_escapes_data_and_properties(
    make_roadmap: MakeRoadmap, run_cli: RunCli, in_tmp: Path
) -> None:
    data = make_roadmap({"id": "a", "50%-done": True})
    data.rename(in_tmp / "road,map")
    result = run_cli("validate", "--format", "github", "--data", "road,map")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "::error file=road%2Cmap/initiatives/a.yaml,line=6,col=1::unknown key '50%25-done'; "
        "expected one of: addresses, delivered, depends_on, description, duration, effort, id, "
        "impact, internal, needs, owner, progress, quarter, reason, request_url, requested_by, "
        "requires, revisit, revisit_when, source, status, success_metrics, summary, supports, "
        "team, title, urgency"
    )


def test_warnings_alone_exit_0(make_roadmap: MakeRoadmap, run_cli: RunCli, in_tmp: Path) -> None:
    make_roadmap({"id": "a"}, settings=OUTSIDE_HORIZON)
    result = run_cli("validate")
    assert result.exit_code == 0
    assert lines(result) == [
        WARNING,
        "roadmap: valid (1 initiative, 0 objectives, 1 warning)",
    ]


def test_github_format_prints_warning_annotations(
    make_roadmap: MakeRoadmap, run_cli: RunCli, in_tmp: Path
) -> None:
    make_roadmap({"id": "a"}, settings=OUTSIDE_HORIZON)
    result = run_cli("validate", "--format", "github")
    assert result.exit_code == 0
    assert lines(result)[0] == (
        "::warning file=roadmap/roadmap.yaml,line=8,col=5::capacity override for 2028-Q3 is "
        "outside the horizon 2027-Q1..2027-Q4; it has no effect"
    )


def test_strict_turns_warnings_into_errors(
    make_roadmap: MakeRoadmap, run_cli: RunCli, in_tmp: Path
) -> None:
    make_roadmap({"id": "a"}, settings=OUTSIDE_HORIZON)
    result = run_cli("validate", "--strict")
    assert result.exit_code == 1
    assert lines(result) == [
        WARNING.replace(": warning: ", ": error: "),
        "1 error: the roadmap data is invalid",
    ]
    github = run_cli("validate", "--strict", "--format", "github")
    assert github.exit_code == 1
    assert lines(github)[0].startswith("::error file=roadmap/roadmap.yaml,line=8,col=5::")


def test_strict_passes_clean_data(make_roadmap: MakeRoadmap, run_cli: RunCli, in_tmp: Path) -> None:
    make_roadmap({"id": "a"})
    assert run_cli("validate", "--strict").exit_code == 0


def test_okr_lints_are_warnings_that_strict_makes_errors(
    make_roadmap: MakeRoadmap, run_cli: RunCli, in_tmp: Path
) -> None:
    okrs = {
        "objectives": [
            {
                "id": "faster",
                "title": "Customers get answers faster",
                "level": "function",
                "period": "2027-Q1",
                "key_results": [
                    {
                        "id": "first-response",
                        "title": "Median first response",
                        "baseline": 8,
                        "target": 4,
                    },
                    {"id": "kb", "title": "Articles rewritten"},
                ],
            }
        ]
    }
    make_roadmap(
        {"id": "a", "supports": ["faster.first-response", "faster.kb"]},
        files={"okrs/q1.yaml": okrs},
    )
    relaxed = run_cli("validate")
    assert relaxed.exit_code == 0
    warnings = [line for line in relaxed.stderr.splitlines() if ": warning: " in line]
    assert any("has neither baseline nor target" in line for line in warnings)
    strict = run_cli("validate", "--strict")
    assert strict.exit_code == 1
    assert strict.stderr.splitlines()[-1] == (
        f"{len(warnings)} error{'s' if len(warnings) != 1 else ''}: the roadmap data is invalid"
    )


def test_yml_files_are_ignored_with_a_warning(
    make_roadmap: MakeRoadmap, run_cli: RunCli, in_tmp: Path
) -> None:
    data = make_roadmap({"id": "a"})
    (data / "initiatives" / "b.yml").write_text("id: b\n", "utf-8")
    result = run_cli("validate")
    assert result.exit_code == 0
    assert lines(result)[0] == (
        "roadmap/initiatives/b.yml:1:1: warning: ignored: data files end in .yaml, not .yml"
    )
    assert run_cli("validate", "--strict").exit_code == 1


def test_a_misnamed_optional_file_is_not_skipped_silently(
    make_roadmap: MakeRoadmap, run_cli: RunCli, in_tmp: Path
) -> None:
    data = make_roadmap({"id": "a", "owner": "nobody"})
    (data / "people.yml").write_text("people: [{id: maria, name: Maria Keller}]\n", "utf-8")
    result = run_cli("validate")
    assert result.exit_code == 0  # without people.yaml, owners are free text
    assert lines(result)[0] == (
        "roadmap/people.yml:1:1: warning: ignored: data files end in .yaml, not .yml; "
        "rename it to people.yaml"
    )


def test_paths_are_relative_to_the_working_directory_when_below_it(
    make_roadmap: MakeRoadmap, run_cli: RunCli, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = make_roadmap({"id": "a", "impact": 0})
    line = "initiatives/a.yaml:4:9: error: impact: 0 is out of range; expected at least 1"
    monkeypatch.chdir(data)
    assert run_cli("validate", "--data", ".").stderr.splitlines()[0] == line
    monkeypatch.chdir(data / "initiatives")
    assert run_cli("validate", "--data", "..").stderr.splitlines()[0] == f"../{line}"
    elsewhere = in_tmp / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert run_cli("validate", "--data", data).stderr.splitlines()[0] == f"{data}/{line}"


def test_a_missing_data_directory_is_one_clear_line(run_cli: RunCli, in_tmp: Path) -> None:
    result = run_cli("validate", "--data", "nowhere")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: nowhere: no such data directory; pass --data DIR or run from a folder that "
        "has roadmap/\n"
    )


def test_a_missing_roadmap_yaml_is_reported(run_cli: RunCli, in_tmp: Path) -> None:
    (in_tmp / "roadmap" / "initiatives").mkdir(parents=True)
    result = run_cli("validate")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "roadmap/roadmap.yaml:1:1: error: missing roadmap.yaml: every roadmap needs its "
        "settings (title, horizon, capacity)"
    )


def test_an_unknown_format_is_a_usage_error(run_cli: RunCli, in_tmp: Path) -> None:
    result = run_cli("validate", "--format", "json")
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr


def test_a_bug_shows_its_traceback_and_says_it_is_a_bug(
    make_roadmap: MakeRoadmap, run_cli: RunCli, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> list[object]:
        raise RuntimeError("boom")

    monkeypatch.setattr(generator.data.validate, "check_model", broken)
    make_roadmap({"id": "a"})
    result = run_cli("validate")
    assert result.exit_code == 3  # not 2, which is click's code for an unreadable command line
    assert "Traceback" in result.stderr
    assert "RuntimeError: boom" in result.stderr
    assert "This is a bug in roadmap, not a problem with your data." in result.stderr


def test_data_pointing_at_a_file_says_to_pass_the_folder(run_cli, make_roadmap) -> None:
    data = make_roadmap()
    result = run_cli("validate", "--data", str(data / "roadmap.yaml"))
    assert result.exit_code == 1
    assert "is a file; --data takes the data folder" in result.stderr


def test_no_support_notes_when_there_are_no_okrs(run_cli, make_roadmap) -> None:
    data = make_roadmap({"id": "kb-overhaul"})
    result = run_cli("validate", "--data", str(data))
    assert result.exit_code == 0
    assert "supports no key result" not in result.stderr
