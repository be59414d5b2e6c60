"""Shared test helpers."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from generator.cli import main
from generator.data.loader import Document
from generator.data.model import (
    Dependency,
    Event,
    Horizon,
    Initiative,
    Origin,
    Quarter,
    Roadmap,
    Settings,
    Thresholds,
    Urgency,
)
from generator.site.build import Prepared, prepare
from generator.site.editions import Edition

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "roadmap"  # the example roadmap the README walks through

# --- planner: small roadmaps built in code ------------------------------------------------

_ORIGIN = Origin(Document(Path("test"), "test", {}))


@dataclass(frozen=True)
class Build:
    """Builders for models in code: `build.item("a", impact=4, effort=6)`, `build.roadmap(...)`."""

    start: Quarter = field(default_factory=lambda: Quarter(2027, 1))

    def q(self, k: int) -> Quarter:
        """The k-th quarter of the horizon (0-based)."""
        return self.start + k

    def item(
        self,
        id: str,
        impact: int = 3,
        effort: float = 4,
        *,
        duration: int = 1,
        status: str = "proposed",
        deps: tuple[str | tuple[str, int], ...] = (),
        requires: tuple[str, ...] = (),
        deadline: int | None = None,
        pin: int | None = None,
        reason: str | None = None,
    ) -> Initiative:
        return Initiative(
            id=id,
            title=id.replace("-", " ").capitalize(),
            summary=id,
            description="",
            owner=None,
            team=None,
            status=status,  # type: ignore[arg-type]
            impact=impact,
            effort=float(effort),
            duration=duration,
            depends_on=tuple(Dependency(d) if isinstance(d, str) else Dependency(*d) for d in deps),
            requires=requires,
            urgency=Urgency(self.q(deadline), "regulation") if deadline is not None else None,
            pin=self.q(pin) if pin is not None else None,
            supports=(),
            source=None,
            needs=(),
            success_metrics=(),
            reason=reason or ("decided" if status in ("postponed", "dropped") else None),
            internal=None,
            origin=_ORIGIN,
        )

    def event(self, id: str, k: int, factor: float = 1.0, blocks: tuple[str, ...] = ()) -> Event:
        return Event(id, id, self.q(k), None, "", factor, blocks, _ORIGIN)

    def roadmap(
        self,
        items: Any,
        *,
        quarters: int = 4,
        capacity: float = 10,
        overrides: dict[int, float] | None = None,
        events: Any = (),
        thresholds: tuple[int, float] = (3, 8.0),
        sort: bool = True,
    ) -> Roadmap:
        settings = Settings(
            title="Test roadmap",
            function="CS",
            vision="",
            strategy="",
            horizon=Horizon(self.start, quarters),
            capacity_default=float(capacity),
            capacity_overrides=tuple(
                sorted((self.q(k), float(v)) for k, v in (overrides or {}).items())
            ),
            thresholds=Thresholds(*thresholds),
            review=None,
            origin=_ORIGIN,
        )
        items = tuple(sorted(items, key=lambda i: i.id)) if sort else tuple(items)
        return Roadmap(settings, items, (), (), tuple(events), (), (), False)


@pytest.fixture(scope="session")
def build() -> Build:
    return Build()


# --- the command line and data directories on disk ---------------------------------------

RunCli = Callable[..., Result]
MakeRoadmap = Callable[..., Path]

SETTINGS: dict[str, Any] = {
    "title": "Test roadmap",
    "horizon": {"start": "2027-Q1", "quarters": 4},
    "capacity": {"default": 20},
}


def cli(
    *args: str | Path,
    input: str | bytes | None = None,
    env: Mapping[str, str | None] | None = None,
    catch_exceptions: bool = False,
) -> Result:
    """`cli("validate", "--data", path)` runs `roadmap ...` in-process.

    Exceptions propagate (catch_exceptions=False): a bug fails the test with its own
    traceback. `result.stdout` and `result.stderr` are kept apart, `result.output` holds
    both. `env` sets (or, with None, unsets) environment variables for the run. Tests use
    the `run_cli` fixture; this function is for helpers and module-scoped fixtures.
    """
    return CliRunner().invoke(
        main, [str(a) for a in args], input=input, env=env, catch_exceptions=catch_exceptions
    )


@pytest.fixture
def run_cli() -> RunCli:
    """`run_cli("validate", "--data", path)` runs `roadmap ...` in-process (see `cli`)."""
    return cli


# `python -m generator`: the command line as a process of its own, for what only a real
# process shows (the interpreter's exit, concurrent builds, a server, an installed wheel).
ROADMAP = (sys.executable, "-m", "generator")


def run_roadmap(
    *args: str | Path, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`roadmap ...` in a new Python process; its output as text, never checked."""
    return subprocess.run(
        [*ROADMAP, *map(str, args)],
        cwd=cwd,
        env=None if env is None else dict(env),
        capture_output=True,
        text=True,
        check=False,
    )


def copy_example(project: Path, *, settings: bool = True) -> Path:
    """Copy the example roadmap to `project`/roadmap, and with `settings` the site
    settings (mkdocs.yml) to `project`; returns the copied data folder."""
    shutil.copytree(EXAMPLE, project / "roadmap")
    if settings:
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project / "roadmap"


def build_site(data: Path, site: Path, *options: str | Path) -> Path:
    """`roadmap build --data data --site-dir site *options`, which must succeed; returns site."""
    result = cli("build", "--data", data, "--site-dir", site, *options)
    assert result.exit_code == 0, result.output
    return site


def write_roadmap(
    data: Path,
    *initiatives: Mapping[str, Any],
    settings: Mapping[str, Any] | None = None,
    files: Mapping[str, Any] | None = None,
) -> Path:
    """Write a valid roadmap data directory at `data` and return it.

    Each initiative needs only its `id`; the other required keys get defaults (title,
    status planned, impact 3, effort 5) and keep that order, so `impact` is on line 4.
    `settings` updates roadmap.yaml. `files` adds files by path relative to `data`: a
    mapping or list is written as YAML, str and bytes as they are.
    """
    (data / "initiatives").mkdir(parents=True, exist_ok=True)
    _write(data / "roadmap.yaml", {**SETTINGS, **(settings or {})})
    for given in initiatives:
        item = {
            "id": given["id"],
            "title": f"Initiative {given['id']}",
            "status": "planned",
            "impact": 3,
            "effort": 5,
        }
        item.update(given)
        _write(data / "initiatives" / f"{item['id']}.yaml", item)
    for relative, content in (files or {}).items():
        _write(data / relative, content)
    return data


def _write(path: Path, content: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(
            yaml.safe_dump(content, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )


@pytest.fixture
def make_roadmap(tmp_path: Path) -> MakeRoadmap:
    """`make_roadmap({"id": "a"}, ...)` writes tmp_path/roadmap (see write_roadmap)."""

    def make(
        *initiatives: Mapping[str, Any],
        settings: Mapping[str, Any] | None = None,
        files: Mapping[str, Any] | None = None,
    ) -> Path:
        return write_roadmap(tmp_path / "roadmap", *initiatives, settings=settings, files=files)

    return make


# --- data read in memory: the fixture with a record, and the example's pages -------------

PROGRESS_AND_REVIEWS = (
    Path(__file__).parent / "fixtures" / "valid" / "progress-and-reviews" / "roadmap"
)

# Settings with a roadmap review every three months from 2027-03-15.
REVIEWED_SETTINGS: dict[str, Any] = {
    "title": "Small roadmap",
    "horizon": {"start": "2027-Q1", "quarters": 4},
    "capacity": {"default": 10},
    "review": {"every_months": 3, "next": "2027-03-15"},
}


@pytest.fixture(scope="session")
def recorded() -> Roadmap:
    """The model of fixtures/valid/progress-and-reviews: check-ins, KPI readings, review
    records and a current state."""
    from generator.data.validate import load_roadmap

    return load_roadmap(PROGRESS_AND_REVIEWS)[0]


@pytest.fixture(scope="session")
def prepared() -> dict[str, Prepared]:
    """The example roadmap prepared in memory (no MkDocs) in all three editions, as of
    2027-05-10 (helpers to read its pages in rendered.py)."""
    from rendered import TODAY

    audiences: tuple[Edition, ...] = ("leadership", "team", "organisation")
    return {a: prepare(EXAMPLE, a, today=TODAY) for a in audiences}


# --- built sites in a real browser (helpers in browsing.py) ------------------------------


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium for every browser test."""
    from browsing import CHROMIUM, CHROMIUM_ARGS

    sync_api = pytest.importorskip("playwright.sync_api", reason="install the test extra")
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Chromium is not installed: `apt-get install chromium` (the README's test "
            "command does this)"
        )
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _served_example(
    tmp_path_factory: pytest.TempPathFactory, name: str, audience: str
) -> Iterator[Any]:
    """The example roadmap's `audience` edition, built as of 2027-05-10 and served."""
    from browsing import Site, serve

    out = tmp_path_factory.mktemp(name) / "site"
    site = build_site(EXAMPLE, out, "--today", "2027-05-10", "--audience", audience)
    with serve(site) as url:
        yield Site(name, url, EXAMPLE)


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The example roadmap, leadership edition, built as of 2027-05-10 and served."""
    yield from _served_example(tmp_path_factory, "example", "leadership")


@pytest.fixture(scope="session")
def long_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """60 initiatives with long titles and summaries, leadership edition, served."""
    from browsing import Site, serve, write_long_roadmap

    root = tmp_path_factory.mktemp("long")
    data = write_long_roadmap(root)
    site = build_site(data, root / "site", "--today", "2027-02-15", "--audience", "leadership")
    with serve(site) as url:
        yield Site("long", url, data)


@pytest.fixture(scope="session")
def reported_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The dependency case once drawn wrong: an edge that skips the layer of another box."""
    from browsing import Site, serve

    root = tmp_path_factory.mktemp("reported")
    data = write_roadmap(
        root / "roadmap",
        {"id": "qa-baseline", "title": "QA baseline", "team": "quality"},
        {"id": "contact-reason-tagging", "title": "Contact reason tagging", "team": "ops"},
        {
            "id": "coaching-programme",
            "title": "Coaching programme",
            "team": "quality",
            "depends_on": ["qa-baseline"],
        },
        {
            "id": "ai-reply-drafts",
            "title": "AI reply drafts",
            "team": "ops",
            "depends_on": ["contact-reason-tagging", "coaching-programme"],
        },
        files={
            "people.yaml": {
                "teams": [{"id": "ops", "name": "Operations"}, {"id": "quality", "name": "Quality"}]
            }
        },
    )
    site = build_site(data, root / "site", "--today", "2027-01-10", "--audience", "leadership")
    with serve(site) as url:
        yield Site("reported", url, data)


@pytest.fixture(scope="session")
def team_edition_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The example roadmap's team edition (no scores, so no quadrant colours), served."""
    yield from _served_example(tmp_path_factory, "team-edition", "team")


@pytest.fixture(scope="session")
def organisation_edition_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The example roadmap's organisation edition, served."""
    yield from _served_example(tmp_path_factory, "organisation-edition", "organisation")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that drives Chromium is `slow`: `pytest -m "not slow"` leaves them out."""
    for item in items:
        if "chromium" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
