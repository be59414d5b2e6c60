"""What changed in the plan between one review and the next, from the data's git history.

The roadmap as it stood at a review is the data of the last first-parent commit that
touched the data folder on or before the review's day (by committer date, which on a
main branch is when a change was merged). Each review is compared with the review
before it, the way the changelog compares a commit with its parent; the first review on
record has nothing to compare with.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError
from .changelog import MAX_COMMITS
from .diff import PlanDiff, Snapshot, compare
from .git import GitError, Repository, data_commits, load_at, open_repository
from .plan_cache import PlanCache

MAX_REVIEWS = 24  # the most recent reviews compared; older pages say so


@dataclass(frozen=True)
class ReviewChanges:
    """The plan's changes from the previous review (`since`) to this one."""

    since: dt.date | None  # the previous review's day; None for the first review
    diff: PlanDiff | None  # None when there is nothing to compare (see `why_not`)
    why_not: str = ""


def review_changes(data_dir: Path, days: Iterable[dt.date]) -> dict[dt.date, ReviewChanges]:
    """For each review day, what changed in the plan since the review before it."""
    ordered = sorted(set(days))
    out: dict[dt.date, ReviewChanges] = {}
    if ordered:
        out[ordered[0]] = ReviewChanges(None, None, "the first review on record")
    try:
        repo = open_repository(data_dir)
        commits = _data_commits(repo)
    except GitError:
        for before, day in itertools.pairwise(ordered):
            out[day] = ReviewChanges(before, None, "the data folder has no git history")
        return out
    states = _States(repo)
    for n, (before, day) in enumerate(itertools.pairwise(ordered)):
        if len(ordered) - 1 - n > MAX_REVIEWS:
            out[day] = ReviewChanges(before, None, "older reviews are not compared")
            continue
        base_commit, head_commit = _at(commits, before), _at(commits, day)
        if head_commit is None:
            out[day] = ReviewChanges(
                before,
                None,
                f"git holds no version of the data from before {day} (a shallow clone keeps "
                "only recent history; fetch all of it, as with fetch-depth: 0)",
            )
            continue
        head = states.get(head_commit)
        base = states.get(base_commit) if base_commit else None
        if head is None or (base_commit and base is None):
            out[day] = ReviewChanges(before, None, "a version of the data then was not valid")
            continue
        label = base_commit[:7] if base_commit else ""
        out[day] = ReviewChanges(before, compare(base, head, label, head_commit[:7]))
    return out


def _data_commits(repo: Repository) -> list[tuple[str, dt.date]]:
    """First-parent commits that touched the data folder, oldest first, with their day.

    The newest MAX_COMMITS only (see git.data_commits).
    """
    out = [(c.commit, c.committed.date()) for c in data_commits(repo, MAX_COMMITS)]
    out.reverse()
    return out


def _at(commits: list[tuple[str, dt.date]], day: dt.date) -> str | None:
    """The last commit on or before `day`."""
    found = None
    for commit, when in commits:
        if when > day:
            break
        found = commit
    return found


class _States:
    """Plans of data versions, each made once per distinct data tree (and kept on disk
    between builds in the changelog's plan cache)."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self.plans: dict[str, Snapshot | None] = {}
        self.cache = PlanCache(repo.cache_folder())

    def get(self, commit: str) -> Snapshot | None:
        tree = self.repo.data_tree(commit)
        if tree is None:
            return None
        if tree not in self.plans:
            try:
                model = load_at(self.repo, commit[:7], commit)
            except (DataError, GitError):  # a version that cannot be read is skipped
                model = None
            self.plans[tree] = (
                Snapshot(model, self.cache.plan(tree, model)) if model is not None else None
            )
        return self.plans[tree]
