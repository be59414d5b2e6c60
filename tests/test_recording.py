"""`roadmap checkin` and `roadmap record`: one entry added in place, nothing else changed.

Each test works in a git repository holding a copy of the example roadmap, so `git
diff` says literally what a command changed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import RunCli
from tests.gitrepo import commit, git

ROOT = Path(__file__).resolve().parent.parent

# An initiative written the way people write by hand: comments everywhere, quoting of
# every kind, a block scalar with blank lines, a list that uses no offset.
ODD = """\
# yaml-language-server: $schema=../../generator/schemas/initiative.schema.json
# The escalation path: hand-written, odd on purpose.
id: s1-escalation-path   # equals the file name
title: 'S1 escalation path'
summary: "A clear, fast route from a severity-1 report to a tier-2 specialist"
description: |
  Severity-1 cases today depend on whoever notices them first.

  This initiative sets out severity definitions.
owner: aisha
team:   emea-escalations
status: in-progress
impact: 5
effort: 9
duration: 2
supports:
- escalation-trust.s1-first-contact     # the function objective
- 'emea-fastest-escalations.s1-acknowledgement'
source: dsat-scrubbing
progress:
# oldest first
-   date: 2027-01-20
    status: on-track
    percent: 10
    note: 'Severity definitions agreed: Product and Engineering'
-   date: 2027-03-03
    status: "at-risk"
    note: >-
      The tier-2 on-call rota is still informal


# after the list: stays where it is
addresses: [silent-escalations]
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with the example roadmap, committed, as the working directory."""
    shutil.copytree(ROOT / "roadmap", tmp_path / "roadmap")
    shutil.copytree(ROOT / "generator" / "schemas", tmp_path / "generator" / "schemas")
    git(tmp_path, "init", "-q")
    commit(tmp_path, "example", {})
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return tmp_path


def _added_lines(repo: Path) -> list[str]:
    """The lines `git diff` shows as added; fails if it shows any line removed."""
    diff = git(repo, "diff", "-U0", "--no-color")
    body = [ln for ln in diff.splitlines() if ln[:1] in "+-" and ln[:3] not in ("+++", "---")]
    assert not [ln for ln in body if ln.startswith("-")], diff
    return [ln[1:] for ln in body]


def _write(repo: Path, rel: str, text: str) -> None:
    commit(repo, f"write {rel}", {rel: text})


def test_checkin_adds_only_its_lines_to_a_hand_written_file(run_cli: RunCli, repo: Path) -> None:
    _write(repo, "roadmap/initiatives/s1-escalation-path.yaml", ODD)
    result = run_cli(
        "checkin",
        "s1-escalation-path",
        "--status",
        "on-track",
        "--percent",
        "60",
        "--note",
        "On-call allowance agreed: the paging rule is live # since April",
        "--date",
        "2027-04-28",
    )
    assert result.exit_code == 0, result.stderr
    assert _added_lines(repo) == [
        "-   date: 2027-04-28",
        "    status: on-track",
        "    percent: 60",
        "    note: 'On-call allowance agreed: the paging rule is live # since April'",
    ]
    text = (repo / "roadmap/initiatives/s1-escalation-path.yaml").read_text("utf-8")
    # right after the last check-in's text, before the blank lines and the comment
    assert "informal\n-   date: 2027-04-28\n" in text
    line = text.splitlines().index("-   date: 2027-04-28") + 1
    assert f"s1-escalation-path.yaml at line {line}" in result.stderr
    assert run_cli("validate").exit_code == 0


def test_checkin_adds_progress_in_the_files_own_indentation(run_cli: RunCli, repo: Path) -> None:
    result = run_cli("checkin", "kb-overhaul", "--status", "at-risk", "--note", "Waiting on Legal")
    assert result.exit_code == 0, result.stderr
    assert _added_lines(repo) == [
        "progress:",
        f"  - date: {_today()}",
        "    status: at-risk",
        "    note: Waiting on Legal",
    ]
    # a file whose lists have no offset gets a `progress:` list without one
    _write(repo, "roadmap/initiatives/s1-escalation-path.yaml", ODD.split("progress:")[0])
    assert (
        run_cli("checkin", "s1-escalation-path", "--status", "on-track", "--note", "x").exit_code
        == 0
    )
    assert _added_lines(repo) == [
        "progress:",
        f"- date: {_today()}",
        "  status: on-track",
        "  note: x",
    ]


def _today() -> str:
    import datetime as dt

    return dt.date.today().isoformat()


def test_the_date_defaults_to_source_date_epoch_when_set(
    run_cli: RunCli, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1811808000")  # 2027-06-01
    assert run_cli("record", "csat", "4.5").exit_code == 0
    assert _added_lines(repo) == ["      - {date: 2027-06-01, value: 4.5}"]


def test_record_follows_the_style_of_the_list(run_cli: RunCli, repo: Path) -> None:
    kpis = repo / "roadmap" / "kpis.yaml"
    before = kpis.read_text("utf-8")
    # a block list of `- {...}` lines gets another such line, at the end of that KPI's list
    result = run_cli("record", "fcr", "69.5", "--date", "2027-05-31", "--note", "New macros")
    assert result.exit_code == 0, result.stderr
    assert _added_lines(repo) == ["      - {date: 2027-05-31, value: 69.5, note: New macros}"]
    assert kpis.read_text("utf-8").index("69.5") < before.index("id: backlog-age") + 60
    # a flow list gets `, {...}` in place
    git(repo, "checkout", "-q", "--", ".")
    flow = before.replace(
        "    history:\n      - {date: 2026-12-31, value: 4.2}\n"
        "      - {date: 2027-01-31, value: 4.3}\n"
        "      - {date: 2027-02-28, value: 4.3}\n      - {date: 2027-03-31, value: 4.4}\n"
        "      - {date: 2027-04-30, value: 4.4}\n",
        "    history: [{date: 2027-03-31, value: 4.4}, {date: 2027-04-30, value: 4.4}]  # two\n",
    )
    assert flow != before
    _write(repo, "roadmap/kpis.yaml", flow)
    assert run_cli("record", "csat", "4.5", "--date", "2027-05-31").exit_code == 0
    diff = git(repo, "diff", "-U0", "--no-color")
    assert (
        "-    history: [{date: 2027-03-31, value: 4.4}, {date: 2027-04-30, value: 4.4}]  # two\n"
        "+    history: [{date: 2027-03-31, value: 4.4}, {date: 2027-04-30, value: 4.4}, "
        "{date: 2027-05-31, value: 4.5}]  # two"
    ) in diff
    assert diff.count("\n+") == 2 and diff.count("\n-") == 2  # the header lines and one line each


def test_record_adds_a_history_to_a_kpi_without_one(run_cli: RunCli, repo: Path) -> None:
    kpis = repo / "roadmap" / "kpis.yaml"
    text = kpis.read_text("utf-8").replace(
        '  - {id: sla-attainment, name: SLA attainment, unit: "%", direction: higher, '
        "threshold: 90, current: 91.5}",
        '  - id: sla-attainment\n    name: SLA attainment\n    unit: "%"\n'
        "    direction: higher\n    threshold: 90\n",
    )
    _write(repo, "roadmap/kpis.yaml", text)
    assert run_cli("record", "sla-attainment", "92", "--date", "2027-05-31").exit_code == 0
    # its neighbours write their readings as `- {...}` lines, so this one does too
    assert _added_lines(repo) == ["    history:", "      - {date: 2027-05-31, value: 92}"]


def test_a_kpi_with_current_is_told_that_current_still_counts(run_cli: RunCli, repo: Path) -> None:
    result = run_cli("record", "sla-attainment", "92", "--date", "2027-05-31")
    assert result.exit_code == 0, result.stderr
    assert "note: `current` still sets sla-attainment's value" in result.stderr
    assert "history: [{date: 2027-05-31, value: 92}]}" in (repo / "roadmap/kpis.yaml").read_text()


def test_an_invalid_result_writes_nothing_and_points_at_the_problem(
    run_cli: RunCli, repo: Path
) -> None:
    path = repo / "roadmap" / "initiatives" / "s1-escalation-path.yaml"
    before = path.read_bytes()
    result = run_cli("checkin", "s1-escalation-path", "--status", "on-track", "--note", "")
    assert result.exit_code == 1
    # positioned at the entry as it would have been written: the line after the last one
    line = len(before.decode().splitlines()) + 3  # date, status, note
    assert f"roadmap/initiatives/s1-escalation-path.yaml:{line}:" in result.stderr
    assert ": error: " in result.stderr
    assert path.read_bytes() == before
    # a problem elsewhere in the roadmap also stops the change
    (repo / "roadmap" / "people.yaml").write_text("teams: nope\n", "utf-8")
    result = run_cli("record", "csat", "4.5")
    assert result.exit_code == 1
    assert "roadmap/people.yaml:1:" in result.stderr
    assert git(repo, "status", "--porcelain") == "M roadmap/people.yaml"


def test_unknown_ids_suggest_the_closest(run_cli: RunCli, repo: Path) -> None:
    result = run_cli("checkin", "kb-overhual", "--status", "on-track", "--note", "x")
    assert result.exit_code == 1
    assert "no initiative 'kb-overhual'" in result.stderr
    assert "did you mean 'kb-overhaul'?" in result.stderr
    result = run_cli("record", "cast", "4")
    assert result.exit_code == 1
    assert "roadmap/kpis.yaml:4:1: error: no KPI 'cast' in kpis.yaml; did you mean 'csat'?" in (
        result.stderr
    )
    assert git(repo, "status", "--porcelain") == ""


@pytest.mark.parametrize(
    "args",
    [
        ("checkin", "kb-overhaul", "--status", "on-track", "--note", "x", "--date", "27-5-1"),
        ("checkin", "kb-overhaul", "--status", "on-track", "--note", "x", "--percent", "101"),
        ("checkin", "kb-overhaul", "--status", "done", "--note", "x"),
        ("checkin", "kb-overhaul", "--status", "on-track"),
        ("record", "csat", "high"),
        ("record", "csat", "nan"),
    ],
)
def test_an_unreadable_command_line_exits_2(
    run_cli: RunCli, repo: Path, args: tuple[str, ...]
) -> None:
    result = run_cli(*args)
    assert result.exit_code == 2
    assert "Usage:" in result.stderr
    assert git(repo, "status", "--porcelain") == ""


def test_the_same_entry_twice_changes_nothing(run_cli: RunCli, repo: Path) -> None:
    args = ("record", "csat", "4.5", "--date", "2027-05-31")
    assert run_cli(*args).exit_code == 0
    after = (repo / "roadmap/kpis.yaml").read_bytes()
    result = run_cli(*args)
    assert result.exit_code == 0 and "nothing changed" in result.stderr
    assert (repo / "roadmap/kpis.yaml").read_bytes() == after
    # another value for a day that has one is refused, pointing at it
    result = run_cli("record", "csat", "4.1", "--date", "2027-05-31")
    assert result.exit_code == 1
    assert "roadmap/kpis.yaml:16:9: error: csat already has a reading on 2027-05-31" in (
        result.stderr
    )
    assert (repo / "roadmap/kpis.yaml").read_bytes() == after


def test_crlf_and_a_byte_order_mark_are_kept(run_cli: RunCli, repo: Path) -> None:
    path = repo / "roadmap" / "initiatives" / "s1-escalation-path.yaml"
    text = "\ufeff" + ODD.replace("\n", "\r\n")
    path.write_bytes(text.encode("utf-8"))
    assert (
        run_cli("checkin", "s1-escalation-path", "--status", "on-track", "--note", "x").exit_code
        == 0
    )
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and b"\n" not in after.replace(b"\r\n", b"")
    assert after.count(b"\r\n") == text.count("\r\n") + 3  # date, status, note


def test_the_commands_are_in_help(run_cli: RunCli) -> None:
    checkin = run_cli("checkin", "--help").stdout
    assert all(o in checkin for o in ("--status", "--note", "--percent", "--date", "--data"))
    assert all(o in run_cli("record", "--help").stdout for o in ("--date", "--data"))


# --- roadmap import kpis -------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        b"date,kpi,value\n2027-05-31,csat,4.5\n2027-05-31,fcr,69\n2027-04-30,csat,4.4\n",
        b"\xef\xbb\xbfkpi;value;date\r\ncsat;4,5;2027-05-31\r\nfcr;69;2027-05-31\r\n",
        b"2027-05-31,fcr,69\n\n2027-05-31,csat,4.5\n",  # no header: date, kpi, value
    ],
    ids=["comma", "semicolon-bom-crlf", "no-header"],
)
def test_import_adds_what_is_missing_and_twice_changes_nothing(
    run_cli: RunCli, repo: Path, raw: bytes
) -> None:
    (repo / "readings.csv").write_bytes(raw)
    result = run_cli("import", "kpis", "readings.csv")
    assert result.exit_code == 0, result.stderr
    assert "added 2 readings to roadmap/kpis.yaml" in result.stderr
    assert _added_lines(repo) == [
        "      - {date: 2027-05-31, value: 4.5}",
        "      - {date: 2027-05-31, value: 69}",
    ]
    after = (repo / "roadmap/kpis.yaml").read_bytes()
    result = run_cli("import", "kpis", "readings.csv")
    assert result.exit_code == 0 and "nothing changed" in result.stderr
    assert (repo / "roadmap/kpis.yaml").read_bytes() == after


def test_import_reports_every_bad_cell_and_writes_nothing(run_cli: RunCli, repo: Path) -> None:
    (repo / "bad.csv").write_text(
        "date,kpi,value,extra\n"
        "2027-5-31,cast,abc,x\n"
        "2027-06-30,csat\n"
        ",fcr,1\n"
        "2027-04-30,csat,4.1\n"
        "2027-06-30,fcr,70\n"
        "2027-06-30,fcr,71\n"
        "2027-07-31,fcr,72\n",
        "utf-8",
    )
    result = run_cli("import", "kpis", "bad.csv")
    assert result.exit_code == 1
    errors = [ln for ln in result.stderr.splitlines() if ": error: " in ln]
    assert errors == [
        "bad.csv:1:4: error: unknown column 'extra': the columns are date, kpi, value and an "
        "optional note",
        "bad.csv:2:1: error: '2027-5-31' is not a date written YYYY-MM-DD",
        "bad.csv:2:2: error: no KPI 'cast' in kpis.yaml; did you mean 'csat'?",
        "bad.csv:2:3: error: 'abc' is not a number",
        "bad.csv:2:4: error: a cell outside the columns date, kpi, value and note",
        "bad.csv:3:3: error: no value in this row",
        "bad.csv:4:1: error: no date in this row",
        "bad.csv:5:3: error: csat already has 4.4 on 2027-04-30 (roadmap/kpis.yaml:15:9); "
        "change one of them",
        "bad.csv:7:3: error: a second value for fcr on 2027-06-30; row 6 has 70",
    ]
    assert git(repo, "status", "--porcelain") == "?? bad.csv"


def test_import_refuses_a_file_that_is_not_utf8(run_cli: RunCli, repo: Path) -> None:
    (repo / "latin1.csv").write_bytes(b"date,kpi,value\n2027-05-31,csat,4.5 \xe9\n")
    result = run_cli("import", "kpis", "latin1.csv")
    assert result.exit_code == 1
    assert "latin1.csv:2:21: error: not valid UTF-8" in result.stderr
    assert git(repo, "status", "--porcelain") == "?? latin1.csv"
