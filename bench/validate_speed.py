"""How long does `roadmap validate` take on 2,000 initiatives, next to PyYAML alone?

The foundation issue asks for validation within a small multiple of the time PyYAML's
C loader needs just to parse the same files. This script writes a realistic data
directory (2,000 initiative files of about 20 lines each, a roadmap.yaml and one OKR
file the initiatives support) into a temporary folder, then times, best of three:

(a) PyYAML alone: read every file and `yaml.load(text, Loader=yaml.CSafeLoader)`;
(b) the whole validation: `generator.data.validate.validate(data_dir)`, which loads with
    positions, checks every schema, builds the model and runs the cross-file checks.

Run it with `.venv/bin/python bench/validate_speed.py [--files N] [--profile]`.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from generator.data.validate import validate

SOURCES = ("gap-analysis", "dsat-scrubbing", "journey-mapping", "team-input", "regulatory")
STATUSES = ("proposed", "planned", "planned", "proposed", "postponed")
OBJECTIVES = 5
KEY_RESULTS = 4


def initiative(n: int) -> str:
    """One initiative file of about 20 lines, depending on earlier ones."""
    status = STATUSES[n % len(STATUSES)]
    deps = ""
    if n >= 2:
        deps = f"depends_on:\n  - init-{n - 1:04d}\n  - {{id: init-{n - 2:04d}, lag: 1}}\n"
    reason = "reason: Waits for the new telephony contract\n" if status == "postponed" else ""
    urgency = (
        "urgency: {deadline: 2028-Q2, reason: Regulator deadline for complaint handling}\n"
        if n % 7 == 0
        else ""
    )
    return (
        "# yaml-language-server: $schema=../../schemas/initiative.schema.json\n"
        f"id: init-{n:04d}\n"
        f"title: Initiative number {n} for the service desk\n"
        f"summary: Cut repeat contacts for topic {n} with better macros and articles\n"
        "description: |\n"
        "  Agents answer the same question several times a week. We rewrite the\n"
        "  macros, add two help-center articles and review the tags monthly.\n"
        f"owner: Team lead {n % 40}\n"
        f"team: cs-team-{n % 12}\n"
        f"status: {status}\n"
        f"impact: {n % 5 + 1}\n"
        f"effort: {n % 13 + 1}\n"
        f"duration: {n % 2 + 1}\n"
        f"{deps}"
        "requires: [hiring]\n"
        f"{urgency}"
        f"supports: [objective-{n % OBJECTIVES}.kr-{n % KEY_RESULTS}]\n"
        f"source: {SOURCES[n % len(SOURCES)]}\n"
        "needs:\n"
        "  - {from: IT, what: A sandbox with production-like data, by: 2027-Q3}\n"
        "success_metrics:\n"
        "  - Repeat contacts on the topic down by a third\n"
        f"{reason}"
    )


def okrs() -> str:
    lines = ["objectives:"]
    for o in range(OBJECTIVES):
        lines += [
            f"  - id: objective-{o}",
            f"    title: Customers get answers on topic {o} the first time they ask",
            "    level: function",
            "    period: 2027",
            "    key_results:",
        ]
        for k in range(KEY_RESULTS):
            lines += [
                f"      - id: kr-{k}",
                f"        title: Repeat-contact rate on topic {o}.{k}",
                "        unit: percent",
                "        baseline: 20",
                "        target: 12",
                "        check_ins: [{date: 2027-02-10, value: 18}]",
            ]
    return "\n".join(lines) + "\n"


def write_data(root: Path, files: int) -> Path:
    data = root / "roadmap"
    (data / "initiatives").mkdir(parents=True)
    (data / "okrs").mkdir()
    (data / "roadmap.yaml").write_text(
        "title: Benchmark roadmap\n"
        "horizon: {start: 2027-Q1, quarters: 8}\n"
        "capacity:\n  default: 400\n  overrides: {2027-Q3: 300}\n",
        encoding="utf-8",
    )
    (data / "okrs" / "company.yaml").write_text(okrs(), encoding="utf-8")
    for n in range(files):
        (data / "initiatives" / f"init-{n:04d}.yaml").write_text(initiative(n), "utf-8")
    return data


def pyyaml_alone(data: Path) -> None:
    for path in sorted(data.rglob("*.yaml")):
        yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)


def full_validation(data: Path) -> None:
    result = validate(data)
    if result.errors:
        raise SystemExit(
            "benchmark data is invalid:\n" + "\n".join(d.format() for d in result.errors[:10])
        )


def best_of(runs: int, fn: Callable[[Path], None], data: Path) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn(data)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=2000, help="initiative files to write")
    parser.add_argument("--runs", type=int, default=3, help="take the best of this many runs")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of validate()")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = write_data(Path(tmp), args.files)
        lines = sum(p.read_text("utf-8").count("\n") for p in data.rglob("*.yaml"))
        print(f"{args.files} initiative files, {lines:,} lines, in {data}")
        full_validation(data)  # warm up caches (schemas, validators) and check the data
        parse = best_of(args.runs, pyyaml_alone, data)
        full = best_of(args.runs, full_validation, data)
        print(f"PyYAML CSafeLoader alone : {parse:.3f} s")
        print(f"roadmap validate (full) : {full:.3f} s")
        print(f"ratio                   : {full / parse:.1f}x")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(full_validation, data)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
