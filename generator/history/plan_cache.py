"""Plans of earlier versions of the data, kept on disk between builds.

The changelog plans up to 50 earlier versions of the data on every build, and an exact
plan of a large roadmap takes seconds. A version's plan depends only on its data, the
tool and the solver, so it is kept under a key made of exactly those: the git tree id
of the data folder (a hash of its content), the tool's and the planner's versions, the
HiGHS version and the planner's options. A plan cut short by the wall-clock limit
depends on the machine too and is never kept.

The cache lives in `roadmap-cache/plans/` inside the repository's git folder (`.git/`),
where no commit can put a file: a cache in the work tree could be committed by a pull
request, with forged plans that the changelog would then publish. It keeps the most
recently used MAX_FILES plans. An entry is derived data and is checked as it is read:
one that cannot be read, or that does not plan exactly the initiatives of its version,
is planned again, never an error. The folder must be a real folder: a link is not
followed (nothing is read from it or written through it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .. import __version__
from ..data.model import Quarter, Roadmap
from ..planning.plan import Omission, Placement, Plan, PoolLoad, QuarterLoad, Risk, Solver
from ..planning.planner import DEFAULT_TIME_LIMIT, PLANNER_VERSION, make_plan

FOLDER = "roadmap-cache"  # inside the git folder
MAX_FILES = 500


def _solver_version() -> str:
    try:
        from importlib.metadata import version

        return version("highspy")
    except Exception:  # no HiGHS: the heuristic plans, and that is part of the key
        return "none"


class PlanCache:
    """Plans by data tree id, in `<folder>/plans/` (`.git/roadmap-cache/plans/`)."""

    def __init__(self, folder: Path, time_limit: float = DEFAULT_TIME_LIMIT) -> None:
        self.folder = folder / "plans"
        # A link anywhere on the way would make the build read and write elsewhere.
        self.usable = not any(p.is_symlink() for p in (folder, self.folder))
        self.time_limit = time_limit
        self.salt = f"{__version__}|{PLANNER_VERSION}|{_solver_version()}|{time_limit!r}"
        self.hits = 0
        self.misses = 0

    def plan(self, tree: str, model: Roadmap) -> Plan:
        """The plan of the data whose git tree id is `tree` (and whose model is `model`)."""
        key = hashlib.sha256(f"{self.salt}|{tree}".encode()).hexdigest()
        path = self.folder / f"{key}.json"
        if self.usable:
            try:
                plan = from_record(json.loads(path.read_text("utf-8")))
                if _plans_exactly(plan, model):
                    os.utime(path)  # recently used: kept when the cache is trimmed
                    self.hits += 1
                    return plan
            except Exception:  # derived data: anything wrong with it means "plan again"
                pass
        self.misses += 1
        plan = make_plan(model, time_limit=self.time_limit)
        if plan.solver.status != "time-limit" and self.usable:
            self._store(path, plan)
        return plan

    def _store(self, path: Path, plan: Plan) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(to_record(plan), out)
            os.replace(tmp, path)
            self._trim()
        except OSError:
            return  # a read-only checkout still builds; it only plans every version again

    def _trim(self) -> None:
        files = sorted(self.folder.glob("*.json"), key=lambda p: (p.stat().st_mtime, p.name))
        for old in files[: max(0, len(files) - MAX_FILES)]:
            old.unlink(missing_ok=True)


def _plans_exactly(plan: Plan, model: Roadmap) -> bool:
    """A plan of this model: every initiative once, scheduled, left out or done."""
    ids = [p.id for p in plan.scheduled] + [o.id for o in plan.not_doing] + list(plan.done)
    return len(ids) == len(set(ids)) and set(ids) == {i.id for i in model.initiatives}


# --- a lossless record of a plan -------------------------------------------------------------


def to_record(plan: Plan) -> dict[str, Any]:
    return {
        "horizon": [str(q) for q in plan.horizon],
        "capacity": [
            [str(c.quarter), c.available, c.used, [[p.pool, p.available, p.used] for p in c.pools]]
            for c in plan.capacity
        ],
        "scheduled": [
            [p.id, str(p.start), str(p.end), p.score, p.quadrant, p.reason, p.pinned]
            for p in plan.scheduled
        ],
        "not_doing": [[o.id, o.kind, o.reason, o.score, o.quadrant] for o in plan.not_doing],
        "risks": [[r.id, r.kind, r.message] for r in plan.risks],
        "done": list(plan.done),
        "objective": plan.objective,
        "bound": plan.bound,
        "optimal": plan.optimal,
        "solver": [
            plan.solver.status,
            plan.solver.nodes,
            plan.solver.time_limit,
            plan.solver.improved,
        ],
        "today": plan.today.isoformat() if plan.today else None,
        "open_share": plan.open_share,
    }


def from_record(r: dict[str, Any]) -> Plan:
    q = Quarter.parse
    return Plan(
        horizon=tuple(q(x) for x in r["horizon"]),
        capacity=tuple(
            QuarterLoad(q(k), a, u, tuple(PoolLoad(*p) for p in pools))
            for k, a, u, pools in r["capacity"]
        ),
        scheduled=tuple(
            Placement(i, q(s), q(e), score, quad, reason, pinned)
            for i, s, e, score, quad, reason, pinned in r["scheduled"]
        ),
        not_doing=tuple(Omission(*o) for o in r["not_doing"]),
        risks=tuple(Risk(*x) for x in r["risks"]),
        done=tuple(r["done"]),
        objective=r["objective"],
        bound=r["bound"],
        optimal=r["optimal"],
        solver=Solver(*r["solver"]),
        today=dt.date.fromisoformat(r["today"]) if r["today"] else None,
        open_share=r["open_share"],
    )
