"""Where does a build's time and memory go, and how does each stage grow with the data?

For each size (100, 1,000 and 10,000 initiatives by default) this writes a realistic
data folder into a temporary directory (see roadmap_data.py: a 4-8 quarter horizon, a
freeze and a launch, a DAG of dependencies, pins, deadlines, internal notes, needs, and
about n/10 objectives cascaded function -> team -> individual that the initiatives
support). Then it measures every stage of `roadmap build`:

    load+validate  generator.data.validate.validate(data_dir)
    plan           generator.planning.planner.make_plan(model)
    render         generator.site.render.render_site(model, plan, "leadership")
    write sources  generator.site.build.write_sources(prepared, folder)
    MkDocs build   generator.site.mkdocs_adapter.build(mkdocs.yml), in a child process

next to two baselines measured in the same run: PyYAML's C loader parsing the same
files, and a bare MkDocs build (same theme and plugins, a one-entry nav) of as many
trivial Markdown pages as the site has. Times are wall clock (time.perf_counter; the
best of --repeat runs for sizes up to 1,000). Peak memory is tracemalloc's peak for the
Python stages, measured in a separate run so that tracing (about 3x slower) does not
distort the timed one. The two MkDocs builds run in a fresh child process each, and
their memory is that process's peak resident set size (VmHWM from /proc, which unlike
ru_maxrss is not inherited from the forking parent): it covers what MkDocs, Markdown,
the theme's Jinja and the search plugin allocate in C as well, and it includes the
interpreter and the imported packages (about 45 MB).

    .venv/bin/python bench/pipeline.py [--sizes 100,1000,10000] [--seed 1]
        [--repeat 3] [--profile validate|plan|render|write|mkdocs] [--keep DIR]

With `--history 200`, it measures instead what a git history costs a build: a data
folder of `--history-size` initiatives committed 200 times (each commit changes one
initiative), prepared (validate, plan, changelog, render) three ways: outside git (no
changelog), in the repository with an empty plan cache, and again with the cache the
first build filled.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import math
import pstats
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from roadmap_data import write_data  # type: ignore[import-not-found]

from generator.data.model import Roadmap
from generator.data.validate import validate
from generator.planning.plan import Plan
from generator.planning.planner import make_plan
from generator.site import build as site
from generator.site import config as site_config
from generator.site import mkdocs_adapter
from generator.site.render import RenderedSite, render_site

TODAY = dt.date(2027, 2, 15)  # a fixed "today", so every run renders the same pages
SITE = "render+write+MkDocs"  # what a build adds on top of a bare MkDocs build


# --- the baseline site ------------------------------------------------------------------


def write_bare(root: Path, pages: int) -> Path:
    """The bare baseline: `pages` trivial Markdown pages, the same theme, a one-entry nav."""
    docs = root / "docs"
    (docs / "p").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n\nA bare page.\n", "utf-8")
    for k in range(pages - 1):
        (docs / "p" / f"page-{k:05d}.md").write_text(f"# Page {k}\n\nA bare page.\n", "utf-8")
    config = {
        "site_name": "Bare",
        "theme": site_config.DEFAULT_CONFIG["theme"],
        "plugins": site_config.DEFAULT_CONFIG["plugins"],
        "nav": [{"Home": "index.md"}],
        "docs_dir": "docs",
        "site_dir": "site",
    }
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    return path


# --- the stages ------------------------------------------------------------------------


def pyyaml_parse(data: Path) -> list[Any]:
    # Kept, like validate keeps its documents, so that the peak memories compare.
    return [
        yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)
        for path in sorted(data.rglob("*.yaml"))
    ]


def load_and_validate(data: Path) -> Roadmap:
    result = validate(data)
    if result.model is None:
        raise SystemExit(
            "benchmark data is invalid:\n" + "\n".join(d.format() for d in result.errors[:10])
        )
    return result.model


def render(model: Roadmap, plan: Plan) -> RenderedSite:
    return render_site(model, plan, "leadership", today=TODAY)


def prepared(model: Roadmap, rendered: RenderedSite) -> site.Prepared:
    """What site.prepare returns for a project with no mkdocs.yml and no docs/ guide."""
    config = dict(site_config.DEFAULT_CONFIG)
    config.update(
        site_name=model.settings.title,
        nav=rendered.nav,
        extra_css=["stylesheets/roadmap.css"],
        use_directory_urls=True,
    )
    return site.Prepared(rendered.files, config, "leadership")


def write(prep: site.Prepared, folder: Path) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return site.write_sources(prep, folder)


def mkdocs_child(config: Path) -> tuple[float, int]:
    """Build `config` in a fresh interpreter: (seconds, max RSS in bytes)."""
    out = subprocess.run(
        [sys.executable, __file__, "--child-build", str(config)],
        capture_output=True,
        text=True,
    )
    if out.returncode:
        raise SystemExit(f"MkDocs failed on {config}:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return result["seconds"], result["maxrss"]


def _child_build(config: Path) -> None:
    import mkdocs.commands.build  # noqa: F401  imported before the clock starts

    start = time.perf_counter()
    mkdocs_adapter.build(config)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "maxrss": _peak_rss()}))


def _peak_rss() -> int:
    """This process's peak resident set size in bytes.

    Linux keeps ru_maxrss across exec, so a child forked from a big parent would report
    the parent's size; VmHWM belongs to the new address space alone. ru_maxrss is the
    fallback elsewhere (KiB on Linux, bytes on macOS).
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


# --- measuring -------------------------------------------------------------------------


@dataclass
class Row:
    stage: str
    seconds: float
    peak: int  # bytes
    memory: str  # "traced" (tracemalloc peak), "rss" (child's peak RSS) or "none"


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def traced(fn: Callable[[], Any]) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def measure(n: int, root: Path, seed: int, repeat: int) -> tuple[list[Row], str]:
    data = write_data(root / f"n{n}", n, seed)
    files = sum(1 for _ in data.rglob("*.yaml"))
    rows: list[Row] = []

    def stage(name: str, fn: Callable[[], Any]) -> Any:
        seconds, result = timed(fn, repeat)
        rows.append(Row(name, seconds, traced(fn), "traced"))
        return result

    stage("PyYAML parse", lambda: pyyaml_parse(data))
    model = stage("load+validate", lambda: load_and_validate(data))
    plan = stage("plan", lambda: make_plan(model))
    rendered = stage("render", lambda: render(model, plan))
    prep = prepared(model, rendered)
    out = root / f"n{n}-site"
    config = stage("write sources", lambda: write(prep, out))
    seconds, rss = mkdocs_child(config)
    rows.append(Row("MkDocs build", seconds, rss, "rss"))
    pages = sum(1 for p in prep.files if p.endswith(".md"))
    seconds, rss = mkdocs_child(write_bare(root / f"n{n}-bare", pages))
    rows.append(Row("bare MkDocs", seconds, rss, "rss"))
    parts = [r.seconds for r in rows if r.stage in ("render", "write sources", "MkDocs build")]
    rows.append(Row(SITE, sum(parts), 0, "none"))
    shutil.rmtree(out / "site", ignore_errors=True)
    shutil.rmtree(root / f"n{n}-bare", ignore_errors=True)
    scheduled = len(plan.scheduled)
    note = (
        f"{n:,} initiatives, {len(model.objectives):,} objectives, "
        f"{sum(len(o.key_results) for o in model.objectives):,} key results, "
        f"{files:,} YAML files, {model.settings.horizon.length} quarters; "
        f"{scheduled:,} scheduled, {len(plan.not_doing):,} not doing; {pages:,} pages"
    )
    return rows, note


def _git(repo: Path, *args: str) -> None:
    env = {
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.invalid",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.invalid",
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_NOSYSTEM": "1",
        "PATH": "/usr/bin:/bin",
    }
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def measure_history(n: int, commits: int, root: Path, seed: int) -> str:
    """Prepare times of a data folder outside git, and in a repository of `commits`
    commits with an empty and with a warm plan cache."""
    plain = write_data(root / "plain", n, seed)
    repo = root / "repo"
    data = write_data(repo, n, seed)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "The roadmap")
    files = sorted((data / "initiatives").glob("*.yaml"))
    for k in range(commits - 1):
        path = files[k % len(files)]
        text = path.read_text("utf-8")
        impact = next(
            int(line.split(":")[1]) for line in text.splitlines() if line.startswith("impact:")
        )
        path.write_text(text.replace(f"impact: {impact}", f"impact: {impact % 5 + 1}", 1), "utf-8")
        _git(repo, "commit", "-q", "-am", f"Change {path.stem}")

    def prepare(folder: Path) -> float:
        started = time.perf_counter()
        site.prepare(folder, "leadership", today=TODAY)
        return time.perf_counter() - started

    no_history = prepare(plain)
    cold = prepare(data)
    cached = len(list((repo / ".roadmap-cache" / "plans").glob("*.json")))
    warm = prepare(data)
    return "\n".join(
        [
            f"{n:,} initiatives, {commits} commits; the changelog plans up to 50 versions "
            f"({cached} plans in the cache after the first build)",
            "",
            "| prepare (validate, plan, changelog, render) | time (s) | ratio to no history |",
            "|---|---:|---:|",
            f"| data folder outside git (no changelog) | {no_history:.2f} | x1.0 |",
            f"| {commits} commits, empty plan cache | {cold:.2f} | x{cold / no_history:.1f} |",
            f"| {commits} commits, warm plan cache | {warm:.2f} | x{warm / no_history:.1f} |",
        ]
    )


def profile(stage: str, n: int, root: Path, seed: int) -> None:
    """Print the 30 costliest calls (cumulative) of one stage at size n."""
    data = write_data(root / f"profile-{n}", n, seed)
    model = load_and_validate(data)
    plan = make_plan(model)
    rendered = render(model, plan)
    folder = root / f"profile-{n}-site"
    config = write(prepared(model, rendered), folder)
    calls: dict[str, Callable[[], Any]] = {
        "validate": lambda: load_and_validate(data),
        "plan": lambda: make_plan(model),
        "render": lambda: render(model, plan),
        "write": lambda: write(prepared(model, rendered), folder),
        "mkdocs": lambda: mkdocs_adapter.build(config),
    }
    profiler = cProfile.Profile()
    profiler.runcall(calls[stage])
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


# --- the report ------------------------------------------------------------------------


def _mb(b: int) -> str:
    return f"{b / 1e6:,.1f}"


def report(results: dict[int, list[Row]]) -> str:
    lines = [
        "| n | stage | time (s) | peak memory (MB) | ratio to baseline |",
        "|---:|---|---:|---:|---|",
    ]
    for n, rows in results.items():
        by = {r.stage: r for r in rows}
        ratios = {
            "load+validate": by["load+validate"].seconds / by["PyYAML parse"].seconds,
            "MkDocs build": by["MkDocs build"].seconds / by["bare MkDocs"].seconds,
        }
        mem_ratio = {
            "load+validate": by["load+validate"].peak / by["PyYAML parse"].peak,
            "MkDocs build": by["MkDocs build"].peak / by["bare MkDocs"].peak,
        }
        for r in rows:
            if r.stage == SITE:
                continue
            kind = " (RSS)" if r.memory == "rss" else ""
            ratio = "baseline" if r.stage in ("PyYAML parse", "bare MkDocs") else "–"
            if r.stage in ratios:
                of = "PyYAML" if r.stage == "load+validate" else "bare MkDocs"
                ratio = f"time x{ratios[r.stage]:.1f}, memory x{mem_ratio[r.stage]:.1f} {of}"
            lines.append(f"| {n:,} | {r.stage} | {r.seconds:.3f} | {_mb(r.peak)}{kind} | {ratio} |")
        site_time = by[SITE].seconds
        lines.append(
            f"| {n:,} | {SITE} | {site_time:.3f} | | time "
            f"x{site_time / by['bare MkDocs'].seconds:.1f} bare MkDocs |"
        )
    sizes = sorted(results)
    if 1000 in results and 10000 in results:
        lo, hi = 1000, 10000
    elif len(sizes) >= 2:
        lo, hi = sizes[-2], sizes[-1]
    else:
        return "\n".join(lines)
    k = hi / lo
    lines += [
        "",
        f"Growth from {lo:,} to {hi:,} initiatives: x{k:g} is linear, about "
        f"x{k * math.log(hi) / math.log(lo):.0f} is n log n, x{k * k:g} is quadratic.",
        "",
        "| stage | time growth | memory growth |",
        "|---|---:|---:|",
    ]
    a = {r.stage: r for r in results[lo]}
    b = {r.stage: r for r in results[hi]}
    for stage in a:
        memory = f"x{b[stage].peak / a[stage].peak:.1f}" if a[stage].peak else "–"
        lines.append(f"| {stage} | x{b[stage].seconds / a[stage].seconds:.1f} | {memory} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="100,1000,10000", help="initiative counts, comma-separated"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--repeat", type=int, default=3, help="best of this many timed runs, for sizes up to 1,000"
    )
    parser.add_argument(
        "--profile",
        choices=("validate", "plan", "render", "write", "mkdocs"),
        help="instead of the table, cProfile one stage at the largest size",
    )
    parser.add_argument("--keep", type=Path, help="write the data here and keep it")
    parser.add_argument(
        "--history", type=int, metavar="COMMITS", help="measure a git history of this length"
    )
    parser.add_argument("--history-size", type=int, default=100, help="initiatives, with --history")
    parser.add_argument("--child-build", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_build:
        _child_build(args.child_build)
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="roadmap-bench-") as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        if args.profile:
            profile(args.profile, max(sizes), root, args.seed)
            return 0
        if args.history:
            print(measure_history(args.history_size, args.history, root, args.seed))
            return 0
        results: dict[int, list[Row]] = {}
        started = time.perf_counter()
        for n in sizes:
            rows, note = measure(n, root, args.seed, args.repeat if n <= 1000 else 1)
            results[n] = rows
            print(f"{note} ({time.perf_counter() - started:.0f} s so far)", flush=True)
        print()
        print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
