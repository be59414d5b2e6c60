"""The one place that knows Zensical, the successor of Material for MkDocs.

Zensical reads the same mkdocs.yml and the same Markdown, so the generated sources are
shared with MkDocs unchanged. It runs in a child process: its runtime prints progress
on standard output (which belongs to the command's results) and it ignores MkDocs
plugins, so `serve` regenerates the sources itself and builds them again.
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from importlib.util import find_spec
from pathlib import Path

from ..errors import BuildError, printable
from .host_guard import GuardedSite

EXTRA = "zensical"  # the package extra that installs it
DEFAULT_ADDR = "127.0.0.1:8000"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_QUIET = ("No issues found",)


def require() -> None:
    """Fail with the install command when Zensical is not installed."""
    if find_spec("zensical") is None:
        raise BuildError(
            f"the zensical builder is not installed: pip install 'cs-roadmap[{EXTRA}]' "
            "adds it (or use --builder mkdocs)"
        )


def _command(action: str, config_file: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "zensical", action, "--config-file", str(config_file), *extra]


def _report(stderr: str) -> str:
    """Zensical's issue report without colours, progress lines or a Python traceback."""
    text = _ANSI.sub("", stderr)
    text = text.split("Traceback (most recent call last):", 1)[0]
    lines = [printable(ln.rstrip()) for ln in text.splitlines() if ln.strip() not in _QUIET]
    return "\n".join(lines).strip()


def build(config_file: Path, *, strict: bool = False) -> None:
    """Build the site described by `config_file` into its `site_dir`."""
    require()
    result = subprocess.run(
        _command("build", config_file, *(["--strict"] if strict else [])),
        cwd=config_file.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    report = _report(result.stderr)
    if result.returncode != 0:
        raise BuildError(f"the site builder (Zensical) failed:\n{report or result.stdout}")
    if report:
        print(report, file=sys.stderr)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(
    config_file: Path,
    *,
    dev_addr: str | None = None,
    poll: Callable[[], bool | str],
    interval: float = 0.5,
) -> None:
    """Build with Zensical and serve the built site until interrupted.

    Zensical's own server answers every request on its port, whatever host name the
    request names, so a web page elsewhere could read the site through DNS rebinding,
    and it cannot be told otherwise. So it is not used: the site is built with
    `zensical build` and served by a small static server that answers only requests for
    its own address (`host_guard.GuardedSite`). `poll` is called every `interval`
    seconds; when it says the sources changed, the site is built again and served once
    it is whole. When it returns a page instead (the data is invalid: `watch.error_page`),
    that page is served at every address until the next build. The browser does not
    reload the site by itself: refresh the page (the error page reloads itself).
    """
    require()
    addr = dev_addr or DEFAULT_ADDR
    host, _, port = addr.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    work = config_file.parent
    served = _fresh_copy(config_file, work, 0)
    try:
        server = GuardedSite((host, int(port)), served)
    except (OSError, ValueError) as exc:
        raise BuildError(f"cannot serve on {addr}: {exc}") from None
    print(f"serving on http://{addr}/ (Zensical); press Ctrl+C to stop", file=sys.stderr)
    previous = signal.signal(signal.SIGTERM, _interrupt)  # a clean stop on SIGTERM too
    generation = 0
    try:
        with server:
            while True:
                time.sleep(interval)
                news = poll()
                if not news:
                    continue
                generation += 1
                try:
                    if isinstance(news, str):
                        fresh = _error_site(news, work, generation)
                    else:
                        fresh = _fresh_copy(config_file, work, generation)
                except BuildError as exc:
                    print(f"error: {exc}; still serving the last good site", file=sys.stderr)
                    continue
                old, server.root = server.root, fresh
                shutil.rmtree(old, ignore_errors=True)
                print("rebuilt the site", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)


def _error_site(page: str, work: Path, generation: int) -> Path:
    """A folder of the error page alone, as its index and the answer to every other path."""
    target = work / f"served-{generation}"
    target.mkdir()
    for name in ("index.html", "404.html"):
        (target / name).write_text(page, "utf-8")
    return target


def _fresh_copy(config_file: Path, work: Path, generation: int) -> Path:
    """Build the site and move it to a folder of its own, so the one being served is
    never half written."""
    build(config_file)
    target = work / f"served-{generation}"
    (work / "site").rename(target)
    return target
