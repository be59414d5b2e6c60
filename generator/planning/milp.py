"""The exact planner: the flexible part of a plan as a mixed-integer program, solved by HiGHS.

Model. One binary x[i, s] for every flexible item i and every start s it may take: inside
the horizon, free of calendar blocks, and no earlier than its prerequisites could end
with unlimited capacity. The objective is the documented one (priority.gain of the
quarter the item would end in), so the solver maximises exactly what a plan is judged
by. Constraints:

- at most one start per item: sum_s x[i, s] <= 1;
- a prerequisite ends before its dependent starts, with lag, in the strong cumulative
  form: for each start t of i, sum_{s <= t} x[i, s] <= sum_{s' + d_j + lag <= t} x[j, s'],
  so a dependent of a left-out prerequisite is left out too;
- capacity, per pool and quarter: the loads of the items running then in that pool stay
  within the room that pins, in-progress work and the current quarter leave.

Every objective value is a multiple of 1 / (4 x quarters) (values are whole numbers,
unlock values halves, earliness and momentum steps of 1 / (2 x quarters) and 1 /
quarters), so the costs are scaled by 4 x quarters to whole numbers: HiGHS then knows
that a bound less than one above the best plan proves it optimal.

Determinism. The same data must give the same plan on any machine, so the search is
bounded by work, not time: one thread, a fixed random seed, a limit on branch-and-bound
nodes, and a limit on how often HiGHS may check in with us (it does so after each round
of its root cuts and at each node), both shrinking as the model grows. The wall-clock
limit (`--time-limit`) is a safety net only: a plan cut short by it says so, because
then a faster machine may find a better plan.

The heuristic plan (sequencing.py) is the solver's first incumbent, so the result is
never worse than the heuristic, and it stands on its own when HiGHS is missing, fails,
or finds nothing better before a limit.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from .sequencing import EPS, Problem, ideal_ends, objective

SolverStatus = Literal["optimal", "work-limit", "time-limit", "heuristic"]

# Costs are scaled by SCALE x quarters to whole numbers (see the module docstring).
SCALE = 4
# A plan is proven optimal when the bound is within this of its objective.
TOLERANCE = 1e-3
# Branch-and-bound nodes for a model of this many binaries or fewer; larger models get
# proportionally fewer, so that the work stays about the same at any size.
NODE_WORK = 4_000_000
MIN_NODES = 100
MAX_NODES = 20_000
# Beyond this many binaries (about 7,000 initiatives) HiGHS cannot finish even its first
# round within seconds, nor be stopped promptly: such roadmaps keep the heuristic plan.
MAX_COLUMNS = 30_000
CHECK_WORK = 8e6
MIN_CHECKS = 6
MAX_CHECKS = 20_000
DEFAULT_TIME_LIMIT = 8.0


@dataclass(frozen=True)
class Outcome:
    start: tuple[int, ...]  # the best plan found: start index per item, -1 left out
    objective: float  # its flexible part of the objective
    bound: float  # a proven upper bound on that part
    status: SolverStatus
    nodes: int  # branch-and-bound nodes explored

    @property
    def optimal(self) -> bool:
        return self.bound - self.objective <= TOLERANCE


def _highs() -> Any:
    """A silent HiGHS instance. highspy's `Highs()` prints a banner on stdout before options
    can be set, which would corrupt `roadmap plan --format json`; its core class does not."""
    try:
        from highspy._core import _Highs
    except ImportError:
        from highspy import Highs as _Highs
    h = _Highs()
    h.setOptionValue("output_flag", False)
    return h


@dataclass
class _Model:
    """The columns (item, start) and rows of the program, as plain lists."""

    cols: list[tuple[int, int]]
    cost: list[float]
    rows: list[tuple[float, list[int], list[float]]]  # (upper bound, columns, coefficients)


def _build(p: Problem) -> _Model:
    n = len(p.ids)
    ideal = ideal_ends(p)
    cols: list[tuple[int, int]] = []
    cost: list[float] = []
    var: list[dict[int, int]] = [{} for _ in range(n)]
    for i in range(n):
        end = ideal[i]
        if end is None:
            continue
        first = end - p.duration[i] + 1
        for s in p.starts[i]:
            if s >= first:
                var[i][s] = len(cols)
                cols.append((i, s))
                cost.append(float(round(p.gain[i][s + p.duration[i] - 1] * SCALE * p.length)))
    rows: list[tuple[float, list[int], list[float]]] = []
    for i in range(n):
        if len(var[i]) > 1:
            rows.append((1.0, list(var[i].values()), [1.0] * len(var[i])))
        for j, lag in p.deps[i]:
            for t in var[i]:
                mine = [c for s, c in var[i].items() if s <= t]
                theirs = [c for s, c in var[j].items() if s + p.duration[j] + lag <= t]
                rows.append((0.0, mine + theirs, [1.0] * len(mine) + [-1.0] * len(theirs)))
    for pool, room in enumerate(p.room):
        running: list[list[int]] = [[] for _ in range(p.length)]
        for c, (i, s) in enumerate(cols):
            if pool in p.pools[i]:
                for q in range(s, s + p.duration[i]):
                    running[q].append(c)
        for q, here in enumerate(running):
            loads = [p.load[cols[c][0]] for c in here]
            # A quarter that could hold every item that may run in it needs no row.
            if here and sum(loads) > room[q] + EPS:
                rows.append((max(room[q], 0.0), here, loads))
    return _Model(cols, cost, rows)


def check_limit(columns: int) -> int:
    """How many times HiGHS may check in (see `solve`) for a model of this many binaries:
    each root round costs more as the model grows, faster than linearly."""
    return max(MIN_CHECKS, min(MAX_CHECKS, int(CHECK_WORK / max(columns, 1) ** 1.5)))


def node_limit(columns: int) -> int:
    """The branch-and-bound node budget for a model of this many binaries."""
    return max(MIN_NODES, min(MAX_NODES, NODE_WORK // max(columns, 1)))


def solve(p: Problem, warm: Sequence[int], time_limit: float = DEFAULT_TIME_LIMIT) -> Outcome:
    """The best plan HiGHS finds within the work limit, starting from `warm`."""
    start = tuple(warm)
    value = objective(p, start)
    model = _build(p)
    if not model.cols:
        return Outcome(start, value, value, "optimal", 0)
    if len(model.cols) > MAX_COLUMNS:
        return Outcome(start, value, loose_bound(p), "heuristic", 0)
    try:
        import numpy as np
        from highspy import _core
    except ImportError:
        return Outcome(start, value, loose_bound(p), "heuristic", 0)
    h = _highs()
    for name, setting in (
        ("threads", 1),
        ("random_seed", 0),
        ("mip_rel_gap", 0.0),
        ("mip_abs_gap", 1e-7),
        ("mip_max_nodes", node_limit(len(model.cols))),
        ("time_limit", max(time_limit, 0.01)),
    ):
        h.setOptionValue(name, setting)
    n = len(model.cols)
    h.addVars(n, np.zeros(n), np.ones(n))
    index = np.arange(n, dtype=np.int32)
    h.changeColsCost(n, index, np.array(model.cost))
    h.changeColsIntegrality(n, index, np.ones(n, dtype=np.uint8))
    h.changeObjectiveSense(_core.ObjSense.kMaximize)
    starts: list[int] = []
    cols: list[int] = []
    coefs: list[float] = []
    upper: list[float] = []
    for ub, row_cols, row_coefs in model.rows:
        starts.append(len(cols))
        cols += row_cols
        coefs += row_coefs
        upper.append(ub)
    m = len(upper)
    h.addRows(
        m,
        np.full(m, -np.inf),
        np.array(upper),
        len(cols),
        np.array(starts, dtype=np.int32),
        np.array(cols, dtype=np.int32),
        np.array(coefs),
    )
    checks = [0]

    def interrupt(_kind: int, _message: str, _out: Any, request: Any, _user: Any) -> None:
        # HiGHS asks at fixed points of its search (each root round, each node); counting
        # the questions measures work the same way on every machine, unlike seconds.
        checks[0] += 1
        if checks[0] > check_limit(len(model.cols)):
            request.user_interrupt = True

    h.setCallback(interrupt, None)
    h.startCallback(_core.cb.HighsCallbackType.kCallbackMipInterrupt)
    column = {c: k for k, c in enumerate(model.cols)}
    chosen = [column[(i, s)] for i, s in enumerate(start) if s >= 0]
    h.setSolution(len(chosen), np.array(chosen, dtype=np.int32), np.ones(len(chosen)))
    began = time.perf_counter()
    h.run()
    elapsed = time.perf_counter() - began
    status = h.getModelStatus()
    info = h.getInfo()
    dual = float(info.mip_dual_bound)
    # A bound less than one scaled unit above the best plan proves it optimal.
    bound = math.floor(dual + 1e-6) / (SCALE * p.length) if math.isfinite(dual) else math.inf
    nodes = int(info.mip_node_count)
    if status == _core.HighsModelStatus.kOptimal:
        kind: SolverStatus = "optimal"
    elif status == _core.HighsModelStatus.kTimeLimit or elapsed >= time_limit:
        kind = "time-limit"
    elif status in (
        _core.HighsModelStatus.kSolutionLimit,
        _core.HighsModelStatus.kIterationLimit,
        _core.HighsModelStatus.kInterrupt,
    ):
        kind = "work-limit"
    else:
        return Outcome(start, value, loose_bound(p), "heuristic", nodes)
    found = _starts(p, model, list(h.getSolution().col_value))
    # The solver's incumbent is never worse than the warm start; take it unless numerical
    # trouble made it break a rule or lose value.
    if found is not None and objective(p, found) >= value - EPS:
        start, value = tuple(found), objective(p, found)
    if not math.isfinite(bound):
        bound = loose_bound(p)
    bound = max(bound, value)
    if bound - value <= TOLERANCE:
        bound = value
    return Outcome(start, value, bound, kind, nodes)


def loose_bound(p: Problem) -> float:
    """Every item ending as early as the rules allow, with unlimited capacity: an upper
    bound that needs no solver (gains only fall as the end moves later)."""
    return sum(p.gain[i][end] for i, end in enumerate(ideal_ends(p)) if end is not None)


def _starts(p: Problem, model: _Model, values: list[float]) -> list[int] | None:
    """The solver's solution as starts, or None when it breaks a rule (numerical trouble)."""
    start = [-1] * len(p.ids)
    for (i, s), v in zip(model.cols, values, strict=True):
        if v > 0.5:
            if start[i] >= 0:
                return None
            start[i] = s
    used = [[0.0] * p.length for _ in p.room]
    for i, s in enumerate(start):
        if s < 0:
            continue
        for j, lag in p.deps[i]:
            if start[j] < 0 or start[j] + p.duration[j] + lag > s:
                return None
        for q in range(s, s + p.duration[i]):
            for pool in p.pools[i]:
                used[pool][q] += p.load[i]
                if used[pool][q] > p.room[pool][q] + EPS:
                    return None
    return start
