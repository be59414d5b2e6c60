"""What records of progress, reviews, KPI history and a current state add to a build.

For each size it writes the benchmark roadmap of roadmap_data.py twice: as it is, and
with records on top, shaped like two years of routine: a monthly progress check-in on
every started or finished initiative (up to 24), a delivery day on done work, 24 monthly
measurements on each of 20 KPIs, 24 review records (monthly mid-quarter, quarterly
roadmap and closing records, the closings scoring every objective of their quarter),
and a current state of n/20 friction points that half the initiatives address. Then it
times, in the same run, validation and rendering of both (the leadership edition, the
largest), and prints the ratios.

With --history, it also commits the data folder with records 60 times over two years
(each commit edits one initiative, dated a fortnight after the one before) and times
what the review pages add to a build: `review_changes` for the 24 reviews with an empty
plan cache, and again with the cache that run filled, next to the changelog of the same
history (which plans every commit).

    .venv/bin/python bench/records.py [--sizes 100,1000] [--seed 1] [--history]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from roadmap_data import write_data  # type: ignore[import-not-found]

from generator.data.validate import validate
from generator.history.changelog import changelog
from generator.history.reviews import review_changes
from generator.planning.planner import make_plan
from generator.site.render import render_site

TODAY = dt.date(2028, 12, 20)
START = dt.date(2027, 1, 1)
STATUSES = ("on-track", "on-track", "on-track", "at-risk", "off-track")


def _load(path: Path) -> Any:
    return yaml.load(path.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _dump(path: Path, data: Any) -> None:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    path.write_text(yaml.dump(data, Dumper=dumper, sort_keys=False, width=88), "utf-8")


def _month(k: int) -> dt.date:
    """The last day of month k counted from START."""
    first = dt.date(START.year + (START.month - 1 + k + 1) // 12, (START.month + k) % 12 + 1, 1)
    return first - dt.timedelta(days=1)


def add_records(data: Path, seed: int) -> None:
    """Progress, delivery days, KPI history, reviews and a current state, in `data`."""
    rng = random.Random(seed)
    files = sorted((data / "initiatives").glob("*.yaml"))
    friction = [f"friction-{k:04d}" for k in range(max(5, len(files) // 20))]
    for path in files:
        d = _load(path)
        if d["status"] in ("in-progress", "done"):
            months = rng.randint(2, 24)
            d["progress"] = [
                {
                    "date": _month(k).isoformat(),
                    "status": rng.choice(STATUSES),
                    "percent": min(100, 100 * (k + 1) // months),
                    "note": f"Month {k + 1}: the pilot team uses it; next the other sites",
                }
                for k in range(months)
            ]
            if d["status"] == "done":
                d["delivered"] = _month(months - 1).isoformat()
        if rng.random() < 0.5:
            d["addresses"] = sorted(set(rng.sample(friction, rng.randint(1, 2))))
        _dump(path, d)
    _dump(
        data / "kpis.yaml",
        {
            "kpis": [
                {
                    "id": f"kpi-{k:02d}",
                    "name": f"Health metric {k}",
                    "unit": "%",
                    "direction": "higher" if k % 2 else "lower",
                    "threshold": 50,
                    "history": [
                        {"date": _month(m).isoformat(), "value": round(rng.uniform(30, 70), 1)}
                        for m in range(24)
                    ],
                }
                for k in range(20)
            ]
        },
    )
    _dump(
        data / "current-state.yaml",
        {
            "as_of": "2026-11-20",
            "friction": [
                {
                    "id": f,
                    "title": f"Friction point {f[9:]}",
                    "evidence": "A third of the tickets about it are reopened within a week.",
                    "metric": "31% reopened",
                }
                for f in friction
            ],
        },
    )
    objectives = [o for p in sorted((data / "okrs").glob("*.yaml")) for o in _load(p)["objectives"]]
    reviews = data / "reviews"
    reviews.mkdir()
    ids = [p.stem for p in files]
    for m in range(24):
        day = _month(m)
        quarter = f"{day.year}-Q{(day.month - 1) // 3 + 1}"
        record: dict[str, Any] = {
            "kind": "okr-close"
            if day.month % 3 == 0
            else ("roadmap" if m % 3 == 1 else "mid-quarter"),
            "decisions": [
                {"initiative": rng.choice(ids), "decision": "Moves a quarter later; owner agreed"}
                for _ in range(5)
            ],
            "learnings": ["Check-ins without a number say little"],
        }
        if record["kind"] == "okr-close":
            record["period"] = quarter
            record["objectives"] = [
                {
                    "objective": o["id"],
                    "score": 0.7,
                    "comment": "Moved most where work started early",
                }
                for o in objectives
                if str(o["period"]) == quarter
            ][:50]
        _dump(reviews / f"{day.isoformat()}.yaml", record)


def best(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def measure(n: int, seed: int, root: Path) -> None:
    plain = write_data(root / "plain", n, seed)
    recorded = write_data(root / "records", n, seed)
    add_records(recorded, seed)
    rows = []
    for name, data in (("without", plain), ("with", recorded)):
        t_validate, result = best(lambda data=data: validate(data))
        model = result.model
        if model is None:
            raise SystemExit("\n".join(d.format() for d in result.errors[:10]))
        plan = make_plan(model, today=TODAY)
        t_render, site = best(
            lambda model=model, plan=plan: render_site(model, plan, "leadership", today=TODAY)
        )
        pages = sum(1 for p in site.files if p.endswith(".md"))
        rows.append((name, t_validate, t_render, pages))
    (_, v0, r0, p0), (_, v1, r1, p1) = rows
    print(
        f"n={n:>6}: validate {v0 * 1000:7.0f} -> {v1 * 1000:7.0f} ms ({v1 / v0:4.2f}x), "
        f"render {r0 * 1000:7.0f} -> {r1 * 1000:7.0f} ms ({r1 / r0:4.2f}x), "
        f"pages {p0} -> {p1}"
    )


def history(seed: int, root: Path, n: int = 100) -> None:
    repo = root / "repo"
    data = write_data(repo, n, seed)
    add_records(data, seed)
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "bench@example.invalid",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "bench@example.invalid",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }

    def git(*args: str, when: dt.date | None = None) -> None:
        stamp = (
            {}
            if when is None
            else {"GIT_AUTHOR_DATE": f"{when}T12:00:00", "GIT_COMMITTER_DATE": f"{when}T12:00:00"}
        )
        subprocess.run(
            ["git", *args], cwd=repo, env={**env, **stamp}, check=True, capture_output=True
        )

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "Initial roadmap", when=START)
    rng = random.Random(seed)
    files = sorted((data / "initiatives").glob("*.yaml"))
    for k in range(60):
        path = rng.choice(files)
        d = _load(path)
        d["impact"] = d["impact"] % 5 + 1  # always a change
        _dump(path, d)
        git(
            "commit", "-q", "-am", f"Edit {path.stem}", when=START + dt.timedelta(days=14 * (k + 1))
        )
    days = [dt.date.fromisoformat(p.stem) for p in (data / "reviews").glob("*.yaml")]
    shutil.rmtree(repo / ".roadmap-cache", ignore_errors=True)
    t_cold, _ = best(lambda: review_changes(data, days), repeat=1)
    t_warm, _ = best(lambda: review_changes(data, days), repeat=3)
    t_log, _ = best(lambda: changelog(repo, data), repeat=1)
    print(
        f"history of 60 commits, {len(days)} reviews, n={n}: review changes {t_cold:6.2f} s "
        f"with an empty plan cache, {t_warm:6.2f} s with it filled ({t_cold / t_warm:5.1f}x); "
        f"the changelog of the same history (cache filled) {t_log:6.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--history", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="records-bench-") as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            measure(n, args.seed, Path(tmp) / f"n{n}")
        if args.history:
            history(args.seed, Path(tmp) / "history")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
