"""Data-driven validation cases, after check-jsonschema's acceptance tests.

Drop a folder into `fixtures/invalid/<case>/` holding a complete data directory under
`roadmap/` and an `expected.txt` with the exact diagnostic lines `roadmap validate`
prints (paths relative to the case folder), and it is picked up. A case whose lines are
all warnings must still pass (exit 0). A folder in
`fixtures/valid/<case>/` must validate. Inputs that cannot live in git (a file over
1 MB, symbolic links) are built in tmp_path by the tests at the end of this module.
"""

from __future__ import annotations

import copy
import math
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.data.loader import LoadError, load_file
from generator.data.schema import SCHEMA_NAMES, fast_check, validator
from generator.data.validate import FOLDERS, OPTIONAL_FILES, validate

RunCli = Callable[..., Result]  # the conftest fixtures
MakeRoadmap = Callable[..., Path]

FIXTURES = Path(__file__).parent / "fixtures"
INVALID = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())
VALID = sorted(p for p in (FIXTURES / "valid").iterdir() if p.is_dir())
EXAMPLE = Path(__file__).parent.parent / "roadmap"
SUMMARY = ": the roadmap data is invalid"


def _validate_in(folder: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> Result:
    monkeypatch.chdir(folder)
    return run_cli("validate", "--data", "roadmap")


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_case(case: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = (case / "expected.txt").read_text("utf-8").splitlines()
    result = _validate_in(case, run_cli, monkeypatch)
    errors = sum(": error: " in line for line in expected)
    assert result.exit_code == (1 if errors else 0)  # a case of warnings only passes
    assert "Traceback" not in result.output
    assert result.stdout == ""
    *diagnostics, summary = result.stderr.splitlines()
    assert diagnostics == expected
    if errors:
        assert summary == f"{errors} error{'s' if errors != 1 else ''}{SUMMARY}"
    else:
        assert summary.startswith("roadmap: valid (")
        assert f"{len(expected)} warning" in summary


@pytest.mark.parametrize("case", VALID, ids=[p.name for p in VALID])
def test_valid_case(case: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _validate_in(case, run_cli, monkeypatch)
    assert result.exit_code == 0, result.stderr
    assert ": error: " not in result.stderr
    assert result.stderr.splitlines()[-1].startswith("roadmap: valid (")


def test_every_case_folder_is_complete() -> None:
    assert len(INVALID) >= 30
    for case in INVALID:
        assert (case / "expected.txt").is_file(), case.name
        assert (case / "expected.txt").read_text("utf-8").strip(), f"{case.name}: no lines"
        assert (case / "roadmap").is_dir(), case.name
    for case in VALID:
        assert (case / "roadmap").is_dir(), case.name


def test_invalid_cases_cover_every_file_kind() -> None:
    kinds = {"roadmap", *FOLDERS.values(), *OPTIONAL_FILES.values()}
    named: set[str] = set()
    for case in INVALID:
        for line in (case / "expected.txt").read_text("utf-8").splitlines():
            path = Path(line.split(":", 1)[0])
            named.add(FOLDERS.get(path.parent.name) or path.stem)
    assert kinds <= named


def test_the_example_roadmap_is_valid() -> None:
    result = validate(EXAMPLE)
    assert result.errors == []
    assert result.model is not None


# --- inputs built in the test ----------------------------------------------------------


def test_a_file_over_one_megabyte_is_refused(
    make_roadmap: MakeRoadmap, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = make_roadmap({"id": "kb-overhaul"})
    big = data / "initiatives" / "kb-overhaul.yaml"
    padding = "  " + "x" * 98 + "\n"
    big.write_text(big.read_text("utf-8") + "description: |\n" + padding * 15_000, "utf-8")
    result = _validate_in(data.parent, run_cli, monkeypatch)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "roadmap/initiatives/kb-overhaul.yaml:1:1: error: file is 1.4 MB; "
        "files over 1 MB are refused"
    )


def test_a_50_megabyte_file_is_refused_without_reading_it(
    make_roadmap: MakeRoadmap, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = make_roadmap(files={"kpis.yaml": ""})
    with (data / "kpis.yaml").open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: costs no disk and no time
    result = _validate_in(data.parent, run_cli, monkeypatch)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "roadmap/kpis.yaml:1:1: error: file is 50.0 MB; files over 1 MB are refused"
    )


def test_a_symbolic_link_out_of_the_data_directory_is_refused(
    make_roadmap: MakeRoadmap, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data = make_roadmap({"id": "kb-overhaul"})
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: secret\ntitle: Not part of the roadmap\n", "utf-8")
    (data / "initiatives" / "secret.yaml").symlink_to(secret)
    (data / "people.yaml").symlink_to(secret)
    result = _validate_in(tmp_path, run_cli, monkeypatch)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:-1] == [
        "roadmap/initiatives/secret.yaml:1:1: error: symbolic link to a file outside the "
        "data directory; copy the file in instead",
        "roadmap/people.yaml:1:1: error: symbolic link to a file outside the data "
        "directory; copy the file in instead",
    ]
    assert "Not part of the roadmap" not in result.output


def test_a_symbolic_link_to_a_folder_out_of_the_data_directory_is_refused(
    make_roadmap: MakeRoadmap, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data = make_roadmap()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "q1.yaml").write_text("objectives: nope\n", "utf-8")
    (data / "okrs").symlink_to(elsewhere, target_is_directory=True)
    result = _validate_in(tmp_path, run_cli, monkeypatch)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:-1] == [
        "roadmap/okrs:1:1: error: symbolic link to a folder outside the data directory; "
        "copy the files in instead",
    ]


def test_a_symbolic_link_inside_the_data_directory_is_fine(
    make_roadmap: MakeRoadmap, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data = make_roadmap(
        files={
            "shared/kb-overhaul.yaml": {
                "id": "kb-overhaul",
                "title": "KB",
                "status": "planned",
                "impact": 3,
                "effort": 5,
            }
        }
    )
    (data / "initiatives" / "kb-overhaul.yaml").symlink_to(data / "shared" / "kb-overhaul.yaml")
    result = _validate_in(tmp_path, run_cli, monkeypatch)
    assert result.exit_code == 0, result.stderr
    assert "1 initiative," in result.stderr


def test_a_schema_error_stops_the_reference_checks(make_roadmap: MakeRoadmap) -> None:
    # b's schema error must not also surface as "unknown initiative 'b'" in a,
    # nor must a's own unknown reference be reported before the schemas pass.
    data = make_roadmap({"id": "a", "depends_on": ["b", "ghost"]}, {"id": "b", "impact": "high"})
    messages = [d.message for d in validate(data).diagnostics]
    assert messages == ["impact: expected a whole number, got text 'high'"]


# --- the schema fast path agrees with jsonschema -----------------------------------------
#
# check_document answers "valid" from compiled closures and asks jsonschema only when a
# file fails; if the closures ever said "valid" where jsonschema does not, an error would
# go unreported. So both are asked about every fixture document and about many
# mutations of the valid ones.

PROBES: list[Any] = [
    None,
    True,
    0,
    3,
    -1,
    2.5,
    math.inf,
    "",
    "x",
    "Bad Id",
    "2027-Q5",
    "2027-02-30",
    "kb-overhaul",
    "a.b",
    [],
    ["a", "a"],
    [1],
    {},
    {"id": "x"},
]


def _documents(folders: list[Path]) -> Iterator[tuple[str, Any]]:
    for folder in folders:
        data = folder / "roadmap"
        for path in sorted(data.rglob("*.yaml")):
            kind = {"roadmap.yaml": "roadmap", **OPTIONAL_FILES}.get(path.name)
            kind = kind or FOLDERS[path.parent.name]
            try:
                yield kind, load_file(path, "x").data
            except LoadError:  # files the loader refuses have no data to check
                continue


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    out = copy.copy(value)
    out[path[0]] = _replace(value[path[0]], path[1:], new)
    return out


def test_fast_path_is_compiled_for_every_schema() -> None:
    assert all(fast_check(name) is not None for name in SCHEMA_NAMES)


def test_fast_path_agrees_with_jsonschema_on_every_fixture_document() -> None:
    for kind, data in _documents([*VALID, *INVALID, EXAMPLE.parent]):
        fast = fast_check(kind)
        assert fast is not None
        assert fast(data) == validator(kind).is_valid(data), (kind, data)


def test_fast_path_agrees_with_jsonschema_on_mutations_of_valid_documents() -> None:
    checked = 0
    for kind, data in _documents(VALID):
        fast, full = fast_check(kind), validator(kind)
        assert fast is not None
        for path in _paths(data):
            for probe in PROBES:
                mutated = _replace(data, path, probe)
                assert fast(mutated) == full.is_valid(mutated), (kind, path, probe)
                checked += 1
        if isinstance(data, dict):  # an unknown key at the top
            assert fast({**data, "extra": 1}) == full.is_valid({**data, "extra": 1})
    assert checked > 1000


_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 3000)
    | st.floats(allow_nan=False)
    | st.sampled_from(
        [
            "",
            "a",
            "kb-overhaul",
            "2027-Q1",
            "2027-03-15",
            "2027",
            "o.kr",
            "planned",
            "team",
            "higher",
        ]
    ),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "title",
                    "status",
                    "impact",
                    "effort",
                    "horizon",
                    "start",
                    "quarters",
                    "capacity",
                    "default",
                    "kpis",
                    "events",
                    "objectives",
                    "key_results",
                    "period",
                    "level",
                    "depends_on",
                    "lag",
                    "x",
                ]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from(SCHEMA_NAMES), data=_json)
def test_fast_path_agrees_with_jsonschema_on_random_values(kind: str, data: Any) -> None:
    fast = fast_check(kind)
    assert fast is not None
    assert fast(data) == validator(kind).is_valid(data)


def test_fixture_paths_are_relative_to_the_case_folder() -> None:
    for case in INVALID:
        for line in (case / "expected.txt").read_text("utf-8").splitlines():
            assert line.startswith("roadmap" + os.sep), (case.name, line)
