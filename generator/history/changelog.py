"""The roadmap's changelog: the commits that moved the plan, newest first.

It follows the first-parent history of the data directory (on main that is one entry
per merged pull request, or per direct commit), plans every version once, and keeps
the commits whose plan differs from the version before. A version whose data was
invalid is skipped: the next valid one is compared with the last valid one before it.
At most MAX_COMMITS commits are examined, so a long history costs a bounded time.
Commit metadata is read from the raw commit objects (`git.read_commits`): no byte a
commit message or author name may hold can break the build.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError
from .diff import PlanDiff, Snapshot, compare
from .git import GitError, Repository, data_commits, load_at, open_repository
from .plan_cache import PlanCache

MAX_COMMITS = 200  # the newest commits that touched the data: older ones are not read
_MERGE_PREFIXES = ("Merge pull request ", "Merge branch ")
# The merge commit GitHub makes to check a pull request: "Merge <head> into <base>".
_CHECK_MERGE = re.compile(r"^Merge [0-9a-f]{40} into [0-9a-f]{40}$")
PULL_REQUEST_SUBJECT = "This pull request, once merged"


@dataclass(frozen=True)
class ChangelogEntry:
    commit: str  # full commit id
    date: dt.datetime  # author date, with its offset
    author: str
    subject: str
    diff: PlanDiff  # what this commit changed in the plan; base "" for the first version

    @property
    def short(self) -> str:
        return self.commit[:7]

    @property
    def initial(self) -> bool:
        """True for the commit that introduced the roadmap: everything in it is new."""
        return self.diff.base == ""


@dataclass(frozen=True)
class _Commit:
    commit: str
    parent: str | None
    date: dt.datetime
    author: str
    subject: str


def changelog(repo_dir: Path, data_dir: Path, limit: int = 50) -> list[ChangelogEntry]:
    """Up to `limit` commits that changed the plan, newest first.

    `data_dir` is the data folder (absolute, or relative to `repo_dir`). A folder that is
    not a git work tree has no history, so its changelog is empty; a shallow clone's
    history ends where the clone does.
    """
    data = data_dir if data_dir.is_absolute() else repo_dir / data_dir
    try:
        repo = open_repository(data)
    except GitError:
        return []
    commits = list(_history(repo))
    # The data before the oldest listed commit is its first parent's (None: none there).
    older_ends = [commits[-1].parent] if commits and commits[-1].parent else []
    trees: dict[str, str | None] = {}
    plans: dict[str, Snapshot | None] = {}  # by data tree id: identical data, one plan
    cache = PlanCache(repo.cache_folder())  # and across builds, on disk

    def tree(commit: str) -> str | None:
        if commit not in trees:
            trees[commit] = repo.data_tree(commit)
        return trees[commit]

    def state(commit: str) -> Snapshot | None:
        key = tree(commit)
        if key is None:
            return None
        if key not in plans:
            try:
                model = load_at(repo, commit[:7], commit)
            except DataError:
                model = None  # an invalid version is skipped, not fatal to the site
            plans[key] = Snapshot(model, cache.plan(key, model)) if model is not None else None
        return plans[key]

    entries: list[ChangelogEntry] = []
    for n, c in enumerate(commits):
        if len(entries) >= limit:
            break
        head = state(c.commit)
        if head is None:
            continue
        base, base_label = None, ""
        for older in [*(x.commit for x in commits[n + 1 :]), *older_ends]:
            if tree(older) is None:
                break  # no data before this point: the roadmap starts at `c`
            base = state(older)
            if base is not None:
                base_label = older[:7]
                break
        diff = compare(base, head, base_label, c.commit[:7])
        if not diff.empty:
            entries.append(ChangelogEntry(c.commit, c.date, c.author, c.subject, diff))
    return entries


def _history(repo: Repository) -> Iterator[_Commit]:
    """First-parent commits that touched the data directory, newest first."""
    for c in data_commits(repo, MAX_COMMITS):
        subject, _, body = c.message.partition("\n")
        yield _Commit(
            c.commit,
            c.parents[0] if c.parents else None,
            c.date,
            c.author,
            _subject(subject.strip(), body),
        )


def _subject(subject: str, body: str) -> str:
    """A merge commit's subject names a branch; the pull request's title says more."""
    if _CHECK_MERGE.match(subject):
        return PULL_REQUEST_SUBJECT  # the check of an open pull request: no title in git
    if subject.startswith(_MERGE_PREFIXES):
        first = next((line.strip() for line in body.splitlines() if line.strip()), "")
        if first:
            return first
    return subject
