"""`roadmap serve` regenerates on data edits, with live reload, without writing into docs/."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fetch(url: str, want: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    body = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                body = r.read().decode("utf-8")
            if want in body:
                return body
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed {want!r}; last body starts {body[:200]!r}")


def test_serve_rebuilds_on_a_data_edit(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "roadmap", project / "roadmap")
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    docs_before = sorted(p.name for p in (project / "docs").rglob("*"))
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        url = f"http://127.0.0.1:{port}/initiatives/kb-overhaul/"
        page = _fetch(url, "Knowledge base overhaul")
        assert "livereload" in page  # the reload script is injected
        target = project / "roadmap/initiatives/kb-overhaul.yaml"
        target.write_text(
            target.read_text("utf-8").replace(
                "title: Knowledge base overhaul", "title: Knowledge base rebuilt"
            ),
            "utf-8",
        )
        _fetch(url, "Knowledge base rebuilt")
    except AssertionError as exc:
        raise AssertionError(f"{exc}\nserver log:\n{log.read_text()}") from None
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    assert sorted(p.name for p in (project / "docs").rglob("*")) == docs_before
    assert not (project / "site").exists()
