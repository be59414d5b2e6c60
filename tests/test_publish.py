"""Putting the built site in place: interrupted builds, concurrent builds, unwritable folders."""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from conftest import ROADMAP, RunCli, copy_example

from generator.site.publish import swap_into_place


def test_what_a_killed_build_left_behind_is_cleared(run_cli: RunCli, tmp_path: Path) -> None:
    data = copy_example(tmp_path)
    site = tmp_path / "out" / "site"
    site.parent.mkdir()
    for name in (".site.building-abc123", ".site.old-4242"):
        (site.parent / name / "docs").mkdir(parents=True)
    (site.parent / ".other.building-keep").mkdir()  # another site's: not ours to remove
    result = run_cli("build", "--data", data, "--site-dir", site)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in site.parent.iterdir()) == [".other.building-keep", "site"]


@pytest.mark.slow  # three whole-site builds, each in a process of its own
def test_concurrent_builds_take_turns_and_leave_one_whole_site(tmp_path: Path) -> None:
    data = copy_example(tmp_path)
    site = tmp_path / "site"
    command = [*ROADMAP, "build", "--data", str(data)]
    procs = [
        subprocess.Popen(
            [*command, "--site-dir", str(site)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        for _ in range(3)
    ]
    outputs = [p.communicate(timeout=300)[0].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], outputs
    assert (site / "index.html").is_file() and (site / "team/index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mkdocs.yml", "roadmap", "site"]


def test_the_site_path_always_holds_a_whole_site_during_a_swap(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.mkdir()
    (target / "index.html").write_text("old", "utf-8")
    missing: list[int] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            if not (target / "index.html").exists():
                missing.append(1)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for n in range(200):
            new = tmp_path / f".site.building-{n}" / "site"
            new.mkdir(parents=True)
            (new / "index.html").write_text(str(n), "utf-8")
            swap_into_place(new, target)
            shutil.rmtree(new.parent)
    finally:
        stop.set()
        watcher.join()
    assert (target / "index.html").read_text("utf-8") == "199"
    assert not missing, f"the site was missing {len(missing)} times"


def test_a_site_folder_that_cannot_be_written_is_a_clean_error(
    run_cli: RunCli, tmp_path: Path
) -> None:
    data = copy_example(tmp_path)
    (tmp_path / "a-file").write_text("not a folder", "utf-8")
    result = run_cli("build", "--data", data, "--site-dir", tmp_path / "a-file" / "site")
    assert result.exit_code == 1
    assert "error: cannot write the site to " in result.output and "a-file/site: " in result.output
    assert "Traceback" not in result.output
