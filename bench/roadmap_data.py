"""Realistic roadmap data folders of any size, for the benchmarks.

`write_data(root, n, seed)` writes `root/roadmap/` with n initiatives, shaped like a
real customer-service roadmap scaled up:

- roadmap.yaml: a 4-8 quarter horizon, capacity for about two thirds of the active
  work, one quarter overridden lower;
- calendar.yaml: a headcount freeze that blocks `hiring`, a launch that takes 30% of a
  quarter's capacity, and a budget round that blocks `budget`;
- people.yaml (n/100 teams, at most 50, n/10 people) and kpis.yaml;
- one file per initiative: statuses in realistic shares, dependencies on one or two
  recent items for a third of them (a DAG, a quarter with lag), `requires` tags, a few
  pins and deadlines, internal notes, needs from other functions, supported key results;
- okrs/: about n/10 objectives cascaded function -> team -> individual, 3-5 key results
  each with baseline, target and up to three check-ins, in files of 50 objectives (the
  loader caps a file at 1 MB).

The same (n, seed) always gives the same files.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import yaml

START_YEAR = 2027
SOURCES = ["gap-analysis", "dsat-scrubbing", "journey-mapping", "team-input", "regulatory"]
SOURCES += ["product-change", "cross-functional", "leadership", "customer-feedback"]
AREAS = ("Billing", "Payroll", "Onboarding", "Escalation", "Knowledge base", "Chat", "Phone")
AREAS += ("Email", "Social care", "Quality", "Workforce", "Self-service", "Tier-2", "Refunds")
ACTIONS = ("macro clean-up", "routing rules", "article rewrite", "coaching loop")
ACTIONS += ("forecast model", "triage playbook", "survey redesign", "dashboard refresh")
ACTIONS += ("deflection flow", "handover checklist", "training path", "tagging scheme")
FUNCTIONS = ("IT", "HR", "Finance", "Product", "Legal", "Marketing")
METRICS = ("Conversations resolved on the first contact", "Median first response time")
METRICS += ("Customers writing again within 7 days", "Reviewed conversations meeting the bar")
METRICS += ("Help-center sessions that end without a ticket", "Tickets per 1,000 customers")
OBJECTIVES_PER_FILE = 50  # okrs.schema.json allows 50 objectives in one file
MAX_TEAMS = 50  # people.schema.json allows 50 teams

ROADMAP = """\
title: Benchmark roadmap ({n} initiatives)
function: Customer Service
vision: |
  Customers solve most questions on their own, in minutes, and reach a person who
  already knows the context when they need one.
strategy: |
  - **Self-service first.** Fix the knowledge behind the answers before adding channels.
  - **Protect trust where it is most at risk.**
horizon: {{start: {q0}, quarters: {length}}}
capacity:
  default: {capacity}
  overrides: {{{q2}: {override}}}
thresholds: {{impact: 3, effort: 8}}
review: {{every_months: 3, next: {year}-03-15}}
"""
CALENDAR = """\
events:
  - {{id: headcount-freeze, title: Headcount freeze, quarter: {q1}, blocks: [hiring]}}
  - {{id: product-launch, title: Payroll 3.0 launch, quarter: {q2}, capacity_factor: 0.7}}
  - id: budget-round
    title: Budget round
    quarter: {q3}
    capacity_factor: 0.9
    blocks: [budget]
"""
KPIS = """\
kpis:
  - {id: fcr, name: First-contact resolution, unit: "%", direction: higher, threshold: 72}
  - {id: frt, name: First response time, unit: hours, direction: lower, threshold: 4}
"""


def _dump(path: Path, data: Any) -> None:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: 10,000 files in seconds
    text = yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=88)
    path.write_text(text, "utf-8")


def quarter(index: int) -> str:
    """Quarter `index` counted from the first quarter of START_YEAR, written YYYY-Qn."""
    return f"{START_YEAR + index // 4}-Q{index % 4 + 1}"


class _Okrs:
    """The objectives, in files, and every key-result ref for initiatives to support."""

    def __init__(self, rng: random.Random, n: int, people: list[str], teams: list[str]) -> None:
        self.rng, self.people, self.teams = rng, people, teams
        self.refs: list[str] = []
        self.files: list[list[dict[str, Any]]] = []
        total = max(6, n // 10)
        n_function, n_team = max(2, total // 12), max(2, total // 4)
        year = dt.date(START_YEAR, 1, 1)
        functions = [
            self._objective(f"fn-{k:04d}", "function", None, year) for k in range(n_function)
        ]
        for k in range(0, len(functions), OBJECTIVES_PER_FILE):  # at most 50 in one file
            self.files.append(functions[k : k + OBJECTIVES_PER_FILE])
        chunk: list[dict[str, Any]] = []
        teams_q: list[tuple[str, int]] = []
        for k in range(total - n_function):
            if k < n_team:  # team objectives first, each in one quarter of the year
                oid, q, parent = f"team-{k:04d}", rng.randint(0, 3), rng.choice(functions)["id"]
                teams_q.append((oid, q))
                level = "team"
            else:  # individuals serve a team objective within its quarter
                oid, level = f"ind-{k - n_team:05d}", "individual"
                parent, q = rng.choice(teams_q)
            chunk.append(self._objective(oid, level, parent, dt.date(START_YEAR, 3 * q + 1, 1)))
            if len(chunk) == OBJECTIVES_PER_FILE:
                self.files.append(chunk)
                chunk = []
        if chunk:
            self.files.append(chunk)

    def _objective(
        self, oid: str, level: str, parent: str | None, first: dt.date
    ) -> dict[str, Any]:
        rng = self.rng
        days = 365 if level == "function" else 90
        title = {
            "function": f"Make {rng.choice(AREAS).lower()} effortless for customers",
            "team": f"Turn {rng.choice(AREAS).lower()} into a strength",
            "individual": f"Become the go-to person for {rng.choice(ACTIONS)}",
        }[level]
        o: dict[str, Any] = {
            "id": oid,
            "title": title,
            "level": level,
            "period": START_YEAR if level == "function" else quarter((first.month - 1) // 3),
            "owner": self.people[0] if level == "function" else rng.choice(self.people),
        }
        if level == "team":
            o["team"] = rng.choice(self.teams)
        o["parent"] = parent
        o["key_results"] = [self._key_result(oid, k, first, days) for k in range(rng.randint(3, 5))]
        return o

    def _key_result(self, oid: str, k: int, first: dt.date, days: int) -> dict[str, Any]:
        rng = self.rng
        baseline = rng.randint(20, 80)
        target = baseline + rng.choice((-1, 1)) * rng.randint(5, 20)
        kr: dict[str, Any] = {
            "id": f"kr-{k + 1}",
            "title": f"{rng.choice(METRICS)} for {rng.choice(AREAS).lower()} ({oid}.{k})",
            "unit": "%",
            "baseline": baseline,
            "target": target,
        }
        steps = rng.randint(0, 3)
        if steps:
            kr["check_ins"] = [
                {
                    "date": (first + dt.timedelta(days=days * (s + 1) // (steps + 2))).isoformat(),
                    "value": round(baseline + (target - baseline) * rng.uniform(0, 0.9), 1),
                }
                for s in range(steps)
            ]
        self.refs.append(f"{oid}.kr-{k + 1}")
        return kr


def _initiative(
    rng: random.Random, k: int, length: int, people: list[str], teams: list[str], refs: list[str]
) -> dict[str, Any]:
    area, action = rng.choice(AREAS), rng.choice(ACTIONS)
    statuses = ("proposed", "planned", "in-progress", "done", "postponed", "dropped")
    status = rng.choices(statuses, (55, 25, 7, 6, 4, 3))[0]
    duration = min(length, rng.choice((1, 1, 1, 2, 2, 3)))
    d: dict[str, Any] = {
        "id": f"init-{k:05d}",
        "title": f"{area} {action} {k}",
        "summary": f"Cut repeat contacts about {area.lower()} with a better {action}",
        "description": (
            f"Agents answer the same {area.lower()} questions several times a week.\n"
            f"We build a {action}, measure it for a quarter and keep what works.\n\n"
            "- one owner per topic\n- a monthly review\n"
        ),
        "owner": rng.choice(people),
        "team": rng.choice(teams),
        "status": status,
        "impact": rng.randint(1, 5),
        "effort": round(rng.uniform(1.0, 15.0), 1),
        "duration": duration,
    }
    if k and rng.random() < 0.35:  # a DAG: only earlier (and mostly recent) items
        picks = sorted({rng.randint(max(0, k - 60), k - 1) for _ in range(rng.randint(1, 2))})
        d["depends_on"] = [
            f"init-{j:05d}" if rng.random() < 0.75 else {"id": f"init-{j:05d}", "lag": 1}
            for j in picks
        ]
    tags = [t for t, share in (("hiring", 0.15), ("budget", 0.05)) if rng.random() < share]
    if tags:
        d["requires"] = tags
    if rng.random() < 0.12:
        deadline = quarter(rng.randint(1, length - 1))
        d["urgency"] = {"deadline": deadline, "reason": "Regulator deadline for complaints"}
    if rng.random() < 0.02 and status not in ("done", "postponed", "dropped"):
        d["quarter"] = quarter(rng.randint(0, length - duration))
    if rng.random() < 0.8:
        d["supports"] = sorted(set(rng.sample(refs, rng.randint(1, 3))))
    d["source"] = rng.choice(SOURCES)
    if rng.random() < 0.3:
        by = quarter(rng.randint(0, length - 1))
        d["needs"] = [
            {"from": rng.choice(FUNCTIONS), "what": f"A sandbox for the {action}", "by": by}
        ]
    d["success_metrics"] = [f"Repeat contacts about {area.lower()} down by a third"]
    if status in ("postponed", "dropped"):
        d["reason"] = "Waits for the new telephony contract"
    if rng.random() < 0.2:
        d["internal"] = "Two specialists said they will leave if the on-call load stays.\n"
    return d


def write_data(root: Path, n: int, seed: int) -> Path:
    """A valid data folder of `n` initiatives at `root`/roadmap; returns its path."""
    rng = random.Random(seed * 1_000_003 + n)
    data = root / "roadmap"
    (data / "initiatives").mkdir(parents=True)
    (data / "okrs").mkdir()
    length = rng.randint(4, 8)
    teams = [f"team-{k:03d}" for k in range(max(4, min(MAX_TEAMS, n // 100)))]
    people = [f"person-{k:04d}" for k in range(max(10, n // 10))]
    okrs = _Okrs(rng, n, people, teams)
    items = [_initiative(rng, k, length, people, teams, okrs.refs) for k in range(n)]
    active = ("proposed", "planned", "in-progress")
    # About two thirds of the active work fits: capacity per quarter is that share of the
    # total active effort spread evenly over the horizon.
    capacity = round(0.65 * sum(i["effort"] for i in items if i["status"] in active) / length, 1)
    (data / "roadmap.yaml").write_text(
        ROADMAP.format(
            n=n,
            q0=quarter(0),
            q2=quarter(2),
            length=length,
            capacity=capacity,
            override=round(capacity * 0.8, 1),
            year=START_YEAR,
        ),
        "utf-8",
    )
    calendar = CALENDAR.format(q1=quarter(1), q2=quarter(2), q3=quarter(3))
    (data / "calendar.yaml").write_text(calendar, "utf-8")
    (data / "kpis.yaml").write_text(KPIS, "utf-8")
    _dump(
        data / "people.yaml",
        {
            "teams": [
                {"id": t, "name": f"Team {t[5:]}", "lead": people[k]} for k, t in enumerate(teams)
            ],
            "people": [
                {"id": p, "name": f"Person {p[7:]}", "team": teams[k % len(teams)]}
                for k, p in enumerate(people)
            ],
        },
    )
    for k, objectives in enumerate(okrs.files):
        _dump(data / "okrs" / f"okrs-{k:03d}.yaml", {"objectives": objectives})
    for item in items:
        _dump(data / "initiatives" / f"{item['id']}.yaml", item)
    return data
