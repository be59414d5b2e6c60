"""The one place that knows Zensical, the successor of Material for MkDocs.

Zensical reads the same mkdocs.yml and the same Markdown, so the generated sources are
shared with MkDocs unchanged. It runs in a child process: its runtime prints progress
on standard output (which belongs to the command's results) and it ignores MkDocs
plugins, so `serve` regenerates the sources itself and lets Zensical watch them.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from importlib.util import find_spec
from pathlib import Path

from ..errors import BuildError, printable
from .host_guard import HostGuard, free_port

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
    poll: Callable[[], None],
    interval: float = 0.5,
) -> None:
    """Serve the site with live reload until interrupted.

    Zensical watches the docs folder beside `config_file` and reloads the browser when
    it changes; `poll` is called every `interval` seconds to rewrite that folder when
    the roadmap's own sources changed. Zensical listens on a private loopback port
    behind a `HostGuard` on `dev_addr`, which turns away requests for other host names.
    """
    require()
    addr = dev_addr or DEFAULT_ADDR
    host, _, port = addr.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    backend = ("127.0.0.1", free_port())
    try:
        guard = HostGuard((host, int(port)), backend)
    except (OSError, ValueError) as exc:
        raise BuildError(f"cannot serve on {addr}: {exc}") from None
    print(f"serving on http://{addr}/ (Zensical); press Ctrl+C to stop", file=sys.stderr)
    with guard:
        _run(config_file, f"{backend[0]}:{backend[1]}", poll, interval)


def _run(config_file: Path, addr: str, poll: Callable[[], None], interval: float) -> None:
    proc = subprocess.Popen(
        _command("serve", config_file, "--dev-addr", addr),
        cwd=config_file.parent,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    stopped = False
    previous = signal.signal(signal.SIGTERM, _interrupt)  # stop the child on SIGTERM too
    try:
        while proc.poll() is None:
            time.sleep(interval)
            poll()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        if proc.poll() is None:
            stopped = True
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    if not stopped and proc.returncode != 0:
        raise BuildError(f"the site server (Zensical) stopped with exit status {proc.returncode}")
