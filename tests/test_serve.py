"""`roadmap serve` regenerates on data edits without writing into docs/.

MkDocs regenerates through the roadmap plugin and reloads the page; Zensical runs no
MkDocs plugins, so the tool regenerates the sources into a staging folder, has Zensical
build them, and serves the result itself behind the Host check.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from conftest import ROADMAP, ROOT, copy_example

from generator.site.watch import error_page

# MkDocs' server reloads the page itself. Zensical's server is not used (it answers any
# host name): the tool serves Zensical's build behind the Host check, without reload.
RELOAD_SCRIPT = {"mkdocs": "livereload"}


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


def _closed(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


@pytest.mark.slow  # a server that builds the site, then rebuilds it
@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_serve_rebuilds_on_a_data_edit(tmp_path: Path, builder: str) -> None:
    project = tmp_path / "project"
    copy_example(project)
    shutil.copytree(ROOT / "docs", project / "docs")
    docs_before = sorted(p.name for p in (project / "docs").rglob("*"))
    port = _free_port()
    log = tmp_path / "serve.log"
    temp = tmp_path / "tmp"  # the server's staging folders go here, and must go away
    temp.mkdir()
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                *ROADMAP,
                "serve",
                *("--dev-addr", f"127.0.0.1:{port}", "--builder", builder),
            ],
            cwd=project,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "TMPDIR": str(temp)},
        )
    try:
        url = f"http://127.0.0.1:{port}/initiatives/kb-overhaul/"
        page = _fetch(url, "Knowledge base overhaul")
        if builder in RELOAD_SCRIPT:
            assert RELOAD_SCRIPT[builder] in page  # the reload script is injected
        target = project / "roadmap/initiatives/kb-overhaul.yaml"
        target.write_text(
            target.read_text("utf-8").replace(
                "title: Knowledge base overhaul", "title: Knowledge base rebuilt"
            ),
            "utf-8",
        )
        _fetch(url, "Knowledge base rebuilt")
        # A new initiative gets its page and a place in the index.
        (project / "roadmap/initiatives/brand-new.yaml").write_text(
            "id: brand-new\ntitle: A brand new initiative\nstatus: proposed\n"
            "impact: 3\neffort: 2\n",
            "utf-8",
        )
        _fetch(f"http://127.0.0.1:{port}/initiatives/brand-new/", "A brand new initiative")
        # Either server turns away a page that reaches it through another host name.
        for host, status in ((f"evil.example:{port}", 403), (f"localhost:{port}", 200)):
            assert _status_for_host(url, host) == status, host
        # ... and no other port of the server is open: a page could reach that one directly.
        assert _listening_ports(proc.pid) == {port}
    except AssertionError as exc:
        raise AssertionError(f"{exc}\nserver log:\n{log.read_text()}") from None
    finally:
        proc.terminate()  # SIGTERM: cleans up like Ctrl-C
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    assert proc.returncode is not None
    assert sorted(p.name for p in temp.iterdir()) == [], "staging folders left behind"
    # The builder's list of pages outside the navigation is not printed on every rebuild.
    assert "not included in the" not in log.read_text(), log.read_text()
    assert sorted(p.name for p in (project / "docs").rglob("*")) == docs_before
    assert not (project / "site").exists()
    deadline = time.monotonic() + 10
    while not _closed(port) and time.monotonic() < deadline:  # no server left behind
        time.sleep(0.2)
    assert _closed(port)


def _listening_ports(pid: int) -> set[int]:
    """The TCP ports that process `pid` and its children listen on (Linux /proc)."""
    pids, todo = set(), [pid]
    while todo:
        p = todo.pop()
        pids.add(p)
        for task in Path(f"/proc/{p}/task").glob("*/children"):
            todo += [int(c) for c in task.read_text().split()]
    inodes = set()
    for p in pids:
        for fd in Path(f"/proc/{p}/fd").glob("*"):
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def _status_for_host(url: str, host: str) -> int:
    """The HTTP status of `url` asked for with `host` in the Host header."""
    request = urllib.request.Request(url, headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return int(r.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def test_the_local_server_refuses_requests_for_other_host_names(tmp_path: Path) -> None:
    """DNS rebinding: a page on evil.example that resolves to 127.0.0.1 gets nothing."""
    project = tmp_path / "project"
    copy_example(project)
    port = _free_port()
    proc = subprocess.Popen(
        [*ROADMAP, "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _fetch(f"http://127.0.0.1:{port}/", "Customer Service")
        for host, status in (
            (f"evil.example:{port}", 403),
            ("evil.example", 403),
            (f"localhost:{port}", 200),
            (f"127.0.0.1:{port}", 200),
        ):
            assert _status_for_host(f"http://127.0.0.1:{port}/", host) == status, host
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.mark.slow  # a real server
def test_the_guarded_site_serves_its_folder_to_its_own_host_names_only(tmp_path: Path) -> None:
    """What `roadmap serve --builder zensical` serves: Zensical's own server answers any
    host name on its port, so it is not used at all."""
    from generator.site.host_guard import GuardedSite

    first, second = tmp_path / "first", tmp_path / "second"
    for folder, text in ((first, "first build"), (second, "second build")):
        folder.mkdir()
        (folder / "index.html").write_text(text, "utf-8")
    (tmp_path / "secret.txt").write_text("outside", "utf-8")
    port = _free_port()
    with GuardedSite(("127.0.0.1", port), first) as site:
        url = f"http://127.0.0.1:{port}/"
        assert _fetch(url, "first build")
        assert _status_for_host(url, f"evil.example:{port}") == 403
        assert _status_for_host(url + "../secret.txt", f"127.0.0.1:{port}") == 404
        site.root = second
        assert _fetch(url, "second build")
    assert _closed(port)


def _until_shown(page: Any, selector: str, reload: bool) -> None:
    """Wait for `selector`; with `reload`, refresh the page as a reader would (the
    Zensical site does not reload itself; the error page and MkDocs' site do)."""
    deadline = time.monotonic() + 60
    while reload and time.monotonic() < deadline and page.locator(selector).count() == 0:
        time.sleep(1)
        page.reload()
    page.wait_for_selector(selector, timeout=60_000)


@pytest.mark.slow  # a real server and a real browser
@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_serve_shows_invalid_data_in_the_browser_until_it_is_fixed(
    tmp_path: Path, chromium: Any, builder: str
) -> None:
    project = tmp_path / "project"
    copy_example(project)
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [*ROADMAP, "serve", "--dev-addr", f"127.0.0.1:{port}", "--builder", builder],
            cwd=project,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    try:
        url = f"http://127.0.0.1:{port}/initiatives/kb-overhaul/"
        _fetch(url, "Knowledge base overhaul")
        page = context.new_page()
        page.goto(url)
        assert "Knowledge base overhaul" in page.locator("h1").inner_text()
        target = project / "roadmap/initiatives/kb-overhaul.yaml"
        good = target.read_text("utf-8")
        # A value that is HTML: the message quotes it, and the page must show it as text.
        assert "\nimpact: 5\n" in good
        target.write_text(good.replace("\nimpact: 5\n", "\nimpact: <b>five</b>\n"), "utf-8")
        _until_shown(page, "pre.rm-serve-errors", reload=builder == "zensical")
        assert page.locator("h1").inner_text() == "The roadmap data is invalid"
        assert page.locator("pre.rm-serve-errors").inner_text() == (
            "roadmap/initiatives/kb-overhaul.yaml:13:9: error: impact: expected a whole "
            "number, got text '<b>five</b>'"
        )
        assert page.locator("pre.rm-serve-errors b").count() == 0  # escaped, not markup
        # Every other address shows the messages too, at once: no request is held.
        other = context.new_page()
        started = time.monotonic()
        other.goto(f"http://127.0.0.1:{port}/team/", timeout=10_000)
        assert time.monotonic() - started < 10
        assert "kb-overhaul.yaml:13:9" in other.locator("pre.rm-serve-errors").inner_text()
        target.write_text(good, "utf-8")
        page.wait_for_selector("text=Knowledge base overhaul", timeout=60_000)  # by itself
        assert page.locator("pre.rm-serve-errors").count() == 0
        assert "Knowledge base overhaul" in page.locator("h1").inner_text()
    except AssertionError as exc:
        raise AssertionError(f"{exc}\nserver log:\n{log.read_text()}") from None
    finally:
        context.close()
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    assert "the site shows the errors until it is fixed" in log.read_text()


def test_the_error_page_escapes_the_messages_and_reloads_itself() -> None:
    page = error_page(["a.yaml:1:2: error: title: got '<script>alert(1)</script>' & more"])
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "<script>" not in page
    assert "got &#x27;&lt;script&gt;alert(1)&lt;/script&gt;&#x27; &amp; more" in page
    assert "<p>1 error kept the site from being built." in page
