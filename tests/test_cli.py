"""Exit statuses 0 to 3, and `roadmap new` inside a repository made by `roadmap init`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import RunCli, run_roadmap

import generator.data.validate

_SCHEMA = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


@pytest.fixture
def initialised(run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository made by `roadmap init`, as the current directory."""
    assert run_cli("init", tmp_path / "ours").exit_code == 0
    monkeypatch.chdir(tmp_path / "ours")
    return tmp_path / "ours" / "roadmap"


def test_success_exits_0(run_cli: RunCli, initialised: Path) -> None:
    assert run_cli("validate").exit_code == 0


def test_invalid_data_exits_1(run_cli: RunCli, initialised: Path) -> None:
    (initialised / "kpis.yaml").write_text("kpis: nope\n", "utf-8")
    result = run_cli("validate")
    assert result.exit_code == 1
    assert result.stderr.endswith("the roadmap data is invalid\n")


def test_an_unreadable_command_line_exits_2(run_cli: RunCli, initialised: Path) -> None:
    result = run_cli("plan", "--no-such-option")
    assert result.exit_code == 2
    assert "No such option '--no-such-option'" in result.stderr


def test_a_bug_exits_3_with_its_traceback(
    run_cli: RunCli, initialised: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(generator.data.validate, "load_roadmap", broken)
    result = run_cli("okrs")
    assert result.exit_code == 3
    assert "Traceback" in result.stderr and "ZeroDivisionError: a bug" in result.stderr
    assert "This is a bug in roadmap, not a problem with your data." in result.stderr


def test_python_m_generator_runs_the_same_command_line() -> None:
    result = run_roadmap("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("roadmap, version ")


NEW = (
    ("initiative", "chat-handover"),
    ("objective", "faster-answers"),
    ("review", "2027-05-10"),
    ("current-state",),
)


@pytest.mark.parametrize("args", NEW, ids=lambda a: a[0])
def test_every_new_kind_writes_a_schema_line_that_resolves(
    run_cli: RunCli, initialised: Path, args: tuple[str, ...]
) -> None:
    before = {p for p in initialised.rglob("*.yaml")}
    result = run_cli("new", *args)
    assert result.exit_code == 0, result.stderr
    (written,) = set(initialised.rglob("*.yaml")) - before
    match = _SCHEMA.match(written.read_text("utf-8").splitlines()[0])
    assert match, written
    target = (written.parent / match.group(1)).resolve()
    assert target.is_file(), f"{written}: {match.group(1)}"
    assert target.parent == (initialised.parent / "schemas").resolve()


def test_a_review_lists_only_check_ins_up_to_its_day(run_cli: RunCli, initialised: Path) -> None:
    path = initialised / "initiatives" / "reply-templates.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["status"] = "in-progress"
    data["progress"] = [
        {"date": "2027-04-20", "status": "on-track", "note": "Started"},
        {"date": "2027-05-20", "status": "at-risk", "note": "Written after the review"},
    ]
    path.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    assert run_cli("validate").exit_code == 0
    assert run_cli("new", "review", "2027-05-10").exit_code == 0
    text = (initialised / "reviews" / "2027-05-10.yaml").read_text("utf-8")
    assert "#   reply-templates: on-track on 2027-04-20\n" in text
    assert "2027-05-20" not in text
