"""`roadmap new review` and `roadmap new current-state`: prefilled, valid, never overwriting."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "roadmap", tmp_path / "roadmap")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "roadmap"


def test_an_okr_close_lists_the_objectives_of_the_closing_period(example: Path) -> None:
    code, _, err = run("new", "review", "2027-06-30")
    assert code == 0, err
    assert err == (
        "created roadmap/reviews/2027-06-30.yaml: fill it in, then run `roadmap validate`\n"
    )
    text = (example / "reviews/2027-06-30.yaml").read_text("utf-8")
    assert "# The record of the OKR closing held on 2027-06-30.\n" in text
    data = yaml.safe_load(text)
    assert data["kind"] == "okr-close"  # the closing of 2027-Q2 is the nearest review
    assert data["period"] == "2027-Q2"
    assert [o["objective"] for o in data["objectives"]] == ["complaint-readiness", "launch-ready"]
    assert "  - objective: launch-ready  # computed score 0.00\n" in text
    # the work in progress, to walk through in the meeting
    assert (
        "# Work in progress at this review (latest check-in):\n"
        "#   contact-driver-analysis: on-track on 2027-04-26\n"
        "#   qa-scorecard-redesign: at-risk on 2027-02-22\n"
        "#   s1-escalation-path: on-track on 2027-04-28\n"
    ) in text
    assert run("validate")[0] == 0


def test_the_kind_follows_the_nearest_cadence_review(example: Path) -> None:
    for day, kind in (
        ("2027-05-11", "mid-quarter"),  # the day after 2027-Q2's week-6 review
        ("2027-06-14", "roadmap"),  # the day before the 2027-06-15 roadmap review
    ):
        assert run("new", "review", day)[0] == 0
        data = yaml.safe_load((example / f"reviews/{day}.yaml").read_text("utf-8"))
        assert data["kind"] == kind, day
        assert "objectives" not in data and "period" not in data
    assert run("new", "review", "2027-07-01", "--kind", "roadmap")[0] == 0
    assert yaml.safe_load((example / "reviews/2027-07-01.yaml").read_text())["kind"] == "roadmap"
    code, _, err = run("validate", "--strict")
    assert code == 0, err


def test_refuses_an_existing_review_and_a_bad_date(example: Path) -> None:
    before = (example / "reviews/2027-03-15.yaml").read_bytes()
    assert run("new", "review", "2027-03-15") == (
        1,
        "",
        "error: roadmap/reviews/2027-03-15.yaml already exists; edit it, or give the review "
        "another date\n",
    )
    assert (example / "reviews/2027-03-15.yaml").read_bytes() == before
    assert run("new", "review", "15.03.2027") == (
        1,
        "",
        "error: '15.03.2027' is not a date: write the day of the review as YYYY-MM-DD\n",
    )


def test_current_state_scaffold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "roadmap"
    data.mkdir()
    (data / "roadmap.yaml").write_text(
        "title: Small\nhorizon: {start: 2027-Q1, quarters: 4}\ncapacity: {default: 10}\n", "utf-8"
    )
    monkeypatch.chdir(tmp_path)
    code, _, err = run("new", "current-state")
    assert code == 0, err
    text = (data / "current-state.yaml").read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/current-state.schema.json\n")
    (friction,) = yaml.safe_load(text)["friction"]
    assert friction["id"] == "repeat-contacts"
    assert "\n    # metric: " in text and "\n    # kpi: " in text
    # valid; the one note says that no initiative addresses the example friction yet
    assert err.splitlines()[0] == (
        "roadmap/current-state.yaml:10:9: note: friction point 'repeat-contacts' is addressed "
        "by no initiative; name it in the `addresses:` of the work that reduces it"
    )
    assert run("new", "current-state")[2] == (
        "error: roadmap/current-state.yaml already exists; edit it\n"
    )


def test_a_review_scaffold_works_without_valid_data(example: Path) -> None:
    (example / "kpis.yaml").write_text("kpis: nope\n", "utf-8")
    code, _, err = run("new", "review", "2027-05-10")
    assert code == 0, err
    data = yaml.safe_load((example / "reviews/2027-05-10.yaml").read_text("utf-8"))
    assert data == {
        "kind": "roadmap",
        "decisions": [{"decision": "Replace with one decision the review took"}],
        "learnings": ["Replace with one thing the review learned"],
    }
