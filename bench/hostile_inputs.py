"""Can one input file under 1 MB make a build slow or huge? Ratios to the example's build.

Each case copies the example roadmap, writes one file an attacker (or a careless
copy-paste) could write, every one under the 1 MB file limit and as large as the
limits allow, and runs `roadmap build` (all three editions, one after the other) in a
child process. It reports the wall time as a ratio to the unchanged example's build,
measured in the same run, and the child's peak resident memory (ru_maxrss of that
child alone, from os.wait4). The targets: at most 3x the example's time and 500 MB.

    .venv/bin/python bench/hostile_inputs.py [--only NAME] [--keep DIR]

A case the data limits refuse ends in exit 1 with a `path:line:col` message; its time
is the time to refuse it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
MAX_BYTES = 1024 * 1024
EDITIONS = ("leadership", "team", "organisation")


def _dump(path: Path, data: object) -> None:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100_000)
    assert len(text.encode()) < MAX_BYTES, f"{path.name} is {len(text.encode())} bytes"
    path.write_text(text, "utf-8")


def _initiative(data: Path, name: str) -> dict[str, object]:
    loaded = yaml.safe_load((data / "initiatives" / f"{name}.yaml").read_text("utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def brackets(data: Path) -> None:
    """20,000 unclosed `[` in a description (once 72 s in Python-Markdown)."""
    doc = _initiative(data, "kb-overhaul")
    doc["description"] = "[" * 20_000
    doc["internal"] = "[x](" * 5_000
    _dump(data / "initiatives/kb-overhaul.yaml", doc)


def alias_bomb(data: Path) -> None:
    """One 2,000-character metric repeated 20,000 times through an alias."""
    doc = _initiative(data, "kb-overhaul")
    doc.pop("success_metrics", None)
    text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)
    aliases = ", ".join(["*a"] * 20_000)
    text += f"success_metrics: [&a {'m' * 2000}, {aliases}]\n"
    (data / "initiatives/kb-overhaul.yaml").write_text(text, "utf-8")


def markdown_everywhere(data: Path) -> None:
    """Every Markdown field of every initiative at its 20,000-character limit."""
    chunk = (
        "Emphasis *a _b **c [d](e) `f` ~~g~~ > h\n- i\n1. j\n\n| k | l |\n|---|---|\n| m | n |\n\n"
    )
    body = (chunk * (20_000 // len(chunk) + 1))[:20_000]
    for path in sorted((data / "initiatives").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text("utf-8"))
        doc["description"] = body
        doc["internal"] = body
        _dump(path, doc)


def many_objectives(data: Path) -> None:
    """One OKR file at its limits: 50 objectives of 10 key results with long check-in lists."""
    objectives = []
    for o in range(50):
        objectives.append(
            {
                "id": f"o{o}",
                "title": f"Objective {o} " + "x" * 100,
                "level": "function",
                "period": "2027-Q1",
                "description": "d" * 600,
                "key_results": [
                    {
                        "id": f"k{k}",
                        "title": f"Result {k} " + "y" * 100,
                        "baseline": 1,
                        "target": 2,
                        "check_ins": [
                            {"date": f"2027-0{1 + c % 3}-1{c % 9}", "value": 1.5} for c in range(12)
                        ],
                    }
                    for k in range(10)
                ],
            }
        )
    _dump(data / "okrs/many.yaml", {"objectives": objectives})


def many_people(data: Path) -> None:
    """People at their limits: 50 teams (a page each) and 1,000 people."""
    doc = yaml.safe_load((data / "people.yaml").read_text("utf-8"))
    extra = 50 - len(doc["teams"])
    doc["teams"] += [{"id": f"t{n}", "name": f"Team {n} " + "n" * 100} for n in range(extra)]
    doc["people"] += [
        {"id": f"p{n}", "name": f"Person {n} " + "p" * 100, "team": f"t{n % extra}"}
        for n in range(1000 - len(doc["people"]))
    ]
    _dump(data / "people.yaml", doc)


def many_events(data: Path) -> None:
    """100 calendar events with long descriptions."""
    doc = yaml.safe_load((data / "calendar.yaml").read_text("utf-8"))
    doc["events"] += [
        {
            "id": f"e{n}",
            "title": f"Event {n}",
            "quarter": "2027-Q2",
            "description": "[" * 9_000,
        }
        for n in range(95)
    ]
    _dump(data / "calendar.yaml", doc)


def kpi_history(data: Path) -> None:
    """50 KPIs with the longest histories allowed."""
    kept = yaml.safe_load((data / "kpis.yaml").read_text("utf-8"))["kpis"]
    kpis = kept + [
        {
            "id": f"k{n}",
            "name": f"KPI {n}",
            "direction": "higher",
            "threshold": 3,
            "current": 4,
            "history": [
                {"date": f"20{10 + d // 365}-{1 + d % 12:02d}-{1 + d % 28:02d}", "value": d % 7}
                for d in range(500)
            ],
        }
        for n in range(50 - len(kept))
    ]
    _dump(data / "kpis.yaml", {"kpis": kpis})


_GIT_ENV = {
    "GIT_AUTHOR_NAME": "A",
    "GIT_AUTHOR_EMAIL": "a@example.invalid",
    "GIT_COMMITTER_NAME": "A",
    "GIT_COMMITTER_EMAIL": "a@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def _git(project: Path, *args: str) -> None:
    env = {**os.environ, **_GIT_ENV}
    subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)


def long_history(data: Path, commits: int = 250) -> None:
    """A git history of 250 commits that each reword a description and move a pin."""
    project = data.parent
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "start")
    path = data / "initiatives/macros-cleanup.yaml"
    doc = _initiative(data, "macros-cleanup")
    for n in range(commits):
        doc.update({"quarter": f"2027-Q{1 + n % 4}", "description": f"version {n}"})
        _dump(path, doc)
        _git(project, "commit", "-q", "-am", f"edit {n}")


def huge_blob(data: Path) -> None:
    """One 500 MB data file in an earlier commit, removed in the next: every build reads
    the history for the changelog."""
    project = data.parent
    long_history(data, commits=0)
    big = data / "initiatives" / "huge.yaml"
    with big.open("w", encoding="utf-8") as out:
        out.write("id: huge\nsummary: ")
        chunk = "x" * (1024 * 1024)
        for _ in range(500):
            out.write(chunk)
        out.write("\n")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "a huge file")
    big.unlink()
    _git(project, "commit", "-q", "-am", "gone again")


CASES: dict[str, Callable[[Path], None]] = {
    "example (baseline)": lambda data: None,
    "20,000 unclosed brackets": brackets,
    "alias bomb": alias_bomb,
    "Markdown fields at their limit": markdown_everywhere,
    "50 objectives x 10 key results": many_objectives,
    "50 teams, 1,000 people": many_people,
    "100 calendar events": many_events,
    "50 KPIs x 500 history points": kpi_history,
    "250 commits of history": long_history,
    "a 500 MB file in an earlier commit": huge_blob,
}


def run(project: Path) -> tuple[float, float, int, str]:
    """Build every edition in one child process: (seconds, peak MB, exit status)."""
    script = (
        "import sys\nfrom generator.cli import main\n"
        "for edition in ('leadership', 'team', 'organisation'):\n"
        "    try:\n"
        "        code = main(['build', '--audience', edition, '--site-dir', 'site-' + edition,"
        " '--today', '2027-05-10'], standalone_mode=False)\n"
        "    except SystemExit as exc:\n"
        "        code = exc.code\n"
        # Without standalone mode, click returns the status of ctx.exit (the CLI's error
        # boundary exits that way) instead of raising SystemExit.
        "    if code:\n        sys.exit(code)\n"
    )
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert proc.stderr is not None
    errors = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    first = next((line for line in errors.splitlines() if "error" in line), "")
    return seconds, usage.ru_maxrss / 1024, code, first[:150]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", help="run the baseline and the one case whose name has this")
    parser.add_argument("--keep", type=Path, help="keep the case folders here")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="hostile-bench-"))
    baseline = None
    print(f"{'case':34} {'exit':>4} {'seconds':>8} {'x example':>9} {'peak MB':>8}")
    try:
        for name, make in CASES.items():
            if args.only and baseline is not None and args.only not in name:
                continue
            project = work / name.split()[0].replace(",", "")
            shutil.rmtree(project, ignore_errors=True)
            shutil.copytree(ROOT / "roadmap", project / "roadmap")
            shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
            make(project / "roadmap")
            seconds, peak, code, error = run(project)
            baseline = baseline or seconds
            ratio = seconds / baseline
            flag = "  OVER" if ratio > 3 or peak > 500 else ""
            print(f"{name:34} {code:>4} {seconds:8.2f} {ratio:9.2f} {peak:8.0f}{flag}", flush=True)
            if error:
                print(f"    {error}", flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
