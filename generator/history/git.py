"""Read the roadmap data as it was at a git revision, without touching the working tree.

The blobs under the data directory are copied out of git's object store with
`git ls-tree` and `git cat-file --batch` into a temporary folder, which then goes
through the normal validation. Nothing is checked out, stashed or switched, so this is
safe to run in a working tree with uncommitted edits (which is the usual case in CI and
on a contributor's machine).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..data.loader import MAX_BYTES
from ..data.model import Roadmap
from ..data.validate import load_roadmap
from ..errors import DataError, Diagnostic, RoadmapError, display_path

_SUBPROCESS_ENV = {"LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}


class GitError(RoadmapError):
    """git refused, or the folder is not a git work tree."""


@dataclass(frozen=True)
class Repository:
    """A git work tree and the data directory's place inside it."""

    root: Path
    data_prefix: str  # posix path of the data directory relative to root ("" for the root)

    def git(self, *args: str, stdin: bytes | None = None) -> bytes:
        return run_git(self.root, *args, stdin=stdin)

    def cache_folder(self) -> Path:
        """Where the tool keeps derived data: inside the git folder, out of every commit."""
        common = self.git("rev-parse", "--git-common-dir").decode().strip()
        return (self.root / common) / "roadmap-cache"

    def resolve(self, revision: str) -> str:
        """The full commit id that `revision` names; GitError when it names none."""
        if not revision or revision.startswith("-"):
            raise GitError(f"'{revision}' is not a revision")
        try:
            out = self.git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
        except GitError:
            out = b""
        commit = out.decode().strip()
        if not commit:
            raise GitError(
                f"unknown revision '{revision}': name a branch, tag or commit "
                "(in a shallow CI checkout, fetch the base branch first, e.g. fetch-depth: 0)"
            )
        return commit

    def data_tree(self, commit: str) -> str | None:
        """The tree id of the data directory at `commit`, or None when it has none there."""
        try:
            if not self.data_prefix:
                return self.git("rev-parse", "--verify", f"{commit}^{{tree}}").decode().strip()
            out = self.git("ls-tree", "-z", "--full-tree", commit, "--", self.data_prefix)
        except GitError:
            return None
        for record in out.split(b"\0"):
            meta, _, name = record.partition(b"\t")
            if name.decode(errors="surrogateescape") == self.data_prefix:
                _, kind, obj = meta.decode().split()
                return obj if kind == "tree" else None
        return None


def run_git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run git in `cwd` and return its stdout; a failure becomes a GitError with git's words."""
    try:
        proc = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            env={**os.environ, **_SUBPROCESS_ENV},
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git is not installed or not on PATH") from None
    if proc.returncode != 0:
        message = proc.stderr.decode(errors="replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed: {message[-1] if message else proc.returncode}")
    return proc.stdout


def open_repository(data_dir: Path) -> Repository:
    """The work tree that holds `data_dir` (which need not exist in the working tree)."""
    probe = data_dir if data_dir.is_dir() else Path.cwd()
    try:
        top = run_git(probe, "rev-parse", "--show-toplevel").decode().strip()
    except GitError as exc:
        if "not a git repository" not in str(exc):
            raise  # git's own words say more, e.g. about a directory it does not trust
        raise GitError(
            f"{display_path(probe)}: not inside a git repository; `roadmap diff` "
            "and the changelog read the data's git history"
        ) from None
    root = Path(top)
    try:
        prefix = data_dir.resolve().relative_to(root.resolve())
    except ValueError:
        raise GitError(
            f"{display_path(data_dir)} is outside the git repository at {display_path(root)}"
        ) from None
    return Repository(root, prefix.as_posix() if str(prefix) != "." else "")


def export_tree(repo: Repository, commit: str, dest: Path) -> Path | None:
    """Write the data directory as it was at `commit` below `dest`; None if it had none."""
    tree = repo.data_tree(commit)
    if tree is None:
        return None
    target = dest / (repo.data_prefix or "data")
    target.mkdir(parents=True, exist_ok=True)
    listing = repo.git("ls-tree", "-r", "-l", "-z", tree)
    entries = []
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        mode, kind, obj, size = meta.decode().split()
        rel = PurePosixPath(name.decode("utf-8", errors="surrogateescape"))
        if kind != "blob" or rel.is_absolute() or ".." in rel.parts:
            continue  # submodules, and anything that could escape the folder
        if int(size) > MAX_BYTES:
            # Never read into memory: a file of that size, all holes, which the loader
            # refuses by its size as it would in a working tree.
            path = target.joinpath(*rel.parts)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as out:
                out.truncate(int(size))
            continue
        entries.append((mode, obj, rel))
    if not entries:
        return target
    blobs = read_objects(repo, [obj for _, obj, _ in entries])
    for (mode, _, rel), content in zip(entries, blobs, strict=True):
        path = target.joinpath(*rel.parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        if mode == "120000":
            # A link to a data file is recreated so validation judges it as it would in a
            # working tree (a link out of the folder is an error there). Other links are
            # not: a folder link could make a revision read files from this machine.
            if rel.suffix in (".yaml", ".yml"):
                os.symlink(content.decode("utf-8", errors="surrogateescape"), path)
        else:
            path.write_bytes(content)
    return target


def read_objects(repo: Repository, objects: list[str]) -> list[bytes]:
    """The raw content of git objects (blobs, commits) by id, in one `git cat-file` run."""
    if not objects:
        return []
    out = repo.git("cat-file", "--batch", stdin="".join(f"{o}\n" for o in objects).encode())
    blobs, pos = [], 0
    for obj in objects:
        end = out.index(b"\n", pos)
        header = out[pos:end].decode().split()
        if len(header) != 3 or header[0] != obj:
            raise GitError(f"git cat-file: unexpected answer for {obj}")
        size = int(header[2])
        blobs.append(out[end + 1 : end + 1 + size])
        pos = end + 1 + size + 1  # content is followed by a newline
    return blobs


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Commit:
    """What the changelog shows of a commit, read from the raw object."""

    commit: str
    parents: tuple[str, ...]
    date: dt.datetime  # the author date, with its offset
    author: str
    message: str
    committed: dt.datetime = _EPOCH  # the committer date


_UNPRINTABLE = dict.fromkeys([*range(0x20), 0x7F], " ")  # control characters become spaces


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace").translate(_UNPRINTABLE).strip()


def parse_commit(commit: str, raw: bytes) -> Commit:
    """A commit object as git stores it; any bytes in its metadata are read, never trusted.

    Commit messages and author names may hold anything (a field separator, an escape
    sequence, invalid UTF-8): they are decoded leniently and control characters are
    turned into spaces, so what a page or terminal shows is plain text.
    """
    head, _, message = raw.partition(b"\n\n")
    parents: list[str] = []
    author, date, committed = "", _EPOCH, _EPOCH
    for line in head.split(b"\n"):
        if line.startswith(b"parent "):
            parents.append(line[7:].decode("ascii", errors="replace").strip())
        elif line.startswith(b"author "):
            author, date = _person(line[7:])
        elif line.startswith(b"committer "):
            committed = _person(line[10:])[1]
    # split on "\n" only: str.splitlines also breaks at \x1c-\x1e and other separators
    lines = message.decode("utf-8", errors="replace").split("\n")
    text = "\n".join(line.translate(_UNPRINTABLE) for line in lines)
    return Commit(commit, tuple(parents), date, author, text, committed)


def _person(raw: bytes) -> tuple[str, dt.datetime]:
    """`Name <email> 1700000000 +0100` as (name, date); malformed parts fall back."""
    who, _, when = raw.rpartition(b">")
    name = who.rpartition(b"<")[0] if b"<" in who else who
    date = _EPOCH
    parts = when.split()
    try:
        seconds = int(parts[0])
        sign = -1 if parts[1].startswith(b"-") else 1
        hours, minutes = int(parts[1][1:3]), int(parts[1][3:5])
        zone = dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
        date = dt.datetime.fromtimestamp(seconds, zone)
    except (IndexError, ValueError, OverflowError, OSError):
        pass
    return _text(name), date


def read_commits(repo: Repository, commits: list[str]) -> list[Commit]:
    return [
        parse_commit(c, raw) for c, raw in zip(commits, read_objects(repo, commits), strict=True)
    ]


def data_commits(repo: Repository, limit: int) -> list[Commit]:
    """The newest `limit` first-parent commits that touched the data folder, newest first.

    Read from the raw commit objects, so no byte in a message or a name can break them;
    a repository without commits has none.
    """
    try:
        out = repo.git(
            "log",
            "--first-parent",
            f"--max-count={limit}",
            "--format=%H",
            "HEAD",
            "--",
            repo.data_prefix or ".",
        )
    except GitError:
        return []
    return read_commits(repo, out.decode("ascii", errors="replace").split())


@contextmanager
def checkout_data(repo: Repository, commit: str) -> Iterator[Path | None]:
    """A temporary copy of the data directory at `commit` (None when it had none)."""
    with tempfile.TemporaryDirectory(prefix="roadmap-rev-") as tmp:
        yield export_tree(repo, commit, Path(tmp))


def load_at(repo: Repository, revision: str, commit: str) -> Roadmap | None:
    """Validate the data at `commit` and return its model; None when it had no data.

    Diagnostics name files as `REVISION:path`, the way `git show` spells them, so a
    problem in the base branch is not mistaken for one in the working tree.
    """
    with checkout_data(repo, commit) as data:
        if data is None:
            return None
        try:
            model, _ = load_roadmap(data)
        except DataError as exc:
            raise DataError(
                [_relabel(d, data, revision, repo.data_prefix) for d in exc.diagnostics]
            ) from None
        return model


def _relabel(d: Diagnostic, data: Path, revision: str, prefix: str) -> Diagnostic:
    shown = display_path(data)
    if d.path == shown or d.path.startswith(shown + os.sep):
        rel = PurePosixPath(*Path(d.path[len(shown) :].lstrip(os.sep)).parts)
        path = f"{revision}:{PurePosixPath(prefix, rel) if prefix else rel}"
        return Diagnostic(path, d.line, d.col, d.severity, d.message)
    return d
