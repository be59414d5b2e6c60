"""What users rely on when the input is wrong or hostile.

* every case of the bad-input corpus (tests/fixtures/invalid) fails `roadmap build` with
  exit 1, names the file and line, prints no traceback, and leaves the site that was
  published before exactly as it was;
* any bytes in any data file, and any mutation of a valid file, end in success or in
  clean diagnostics, never in an exception;
* no YAML tag runs code; the plan does not depend on the order files are listed in.
"""

from __future__ import annotations

import hashlib
import random
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, RunCli, build_site
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.data.validate import validate
from generator.planning.planner import make_plan

INVALID = sorted(p for p in (ROOT / "tests/fixtures/invalid").iterdir() if p.is_dir())
MINIMAL = ROOT / "tests/fixtures/valid/minimal/roadmap"
EVERYTHING = ROOT / "tests/fixtures/valid/everything/roadmap"
LOCATION = re.compile(r"^\S+\.ya?ml:\d+:\d+: error: ", re.M)


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A site built from a small valid roadmap: the 'already published' site."""
    site = tmp_path_factory.mktemp("published") / "site"
    build_site(MINIMAL, site, "--today", "2027-01-15")
    return site, digest(site)


def test_the_corpus_is_large_enough() -> None:
    assert len(INVALID) >= 40


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_bad_input_fails_the_build_and_leaves_the_site(
    run_cli: RunCli,
    case: Path,
    published: tuple[Path, dict[str, str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site, before = published
    shutil.copytree(case / "roadmap", tmp_path / "roadmap", symlinks=True)
    monkeypatch.chdir(tmp_path)
    # A case whose findings are warnings only (a YAML trap the data survives) fails the
    # build the way CI runs it: with --strict.
    warnings_only = ": error: " not in (case / "expected.txt").read_text("utf-8")
    strict = ("--strict",) if warnings_only else ()
    result = run_cli("build", "--data", "roadmap", "--site-dir", str(site), *strict)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert LOCATION.search(result.output), result.output
    assert digest(site) == before
    assert not list(site.parent.glob(".site.*"))


def _data_copy(tmp_path: Path, source: Path) -> Path:
    target = tmp_path / "roadmap"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    return target


def _assert_clean(data: Path) -> None:
    result = validate(data)  # must not raise
    for d in result.diagnostics:
        assert d.line >= 1 and d.col >= 1 and d.message.strip(), d
    if result.model is not None:
        make_plan(result.model)  # a valid model always plans


FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(blob=st.binary(max_size=400))
def test_any_bytes_in_a_data_file_end_cleanly(tmp_path: Path, blob: bytes) -> None:
    data = _data_copy(tmp_path, EVERYTHING)
    (data / "initiatives/kb-overhaul.yaml").write_bytes(blob)
    _assert_clean(data)


def _mutations() -> st.SearchStrategy[tuple[str, int, object]]:
    values = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**6), 10**6),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=20),
        st.lists(st.text(max_size=5), max_size=3),
        st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    )
    return st.tuples(st.sampled_from(["set", "delete", "rename"]), st.integers(0, 10_000), values)


def _mutate(doc: object, op: str, pick: int, value: object) -> object:
    """Change one node of a parsed document: replace, delete or rename it."""
    spots: list[tuple[object, object]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for k in list(node):
                spots.append((node, k))
                walk(node[k])
        elif isinstance(node, list):
            for i in range(len(node)):
                spots.append((node, i))
                walk(node[i])

    walk(doc)
    if not spots:
        return value
    parent, key = spots[pick % len(spots)]
    if op == "set":
        parent[key] = value  # type: ignore[index]
    elif op == "delete":
        del parent[key]  # type: ignore[attr-defined]
    elif isinstance(parent, dict):
        parent[f"{key}-x"] = parent.pop(key)
    return doc


@FUZZ
@given(
    mutation=_mutations(),
    target=st.sampled_from(
        [
            "roadmap.yaml",
            "calendar.yaml",
            "people.yaml",
            "kpis.yaml",
            "okrs/function.yaml",
            "initiatives/kb-overhaul.yaml",
            "initiatives/hiring-round.yaml",
        ]
    ),
)
def test_any_mutation_of_a_valid_file_ends_cleanly(
    tmp_path: Path, mutation: tuple[str, int, object], target: str
) -> None:
    data = _data_copy(tmp_path, EVERYTHING)
    path = data / target
    doc = _mutate(yaml.safe_load(path.read_text("utf-8")), *mutation)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
    _assert_clean(data)


def test_no_yaml_tag_runs_code(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    data = _data_copy(tmp_path, MINIMAL)
    tags = [
        f"!!python/object/apply:os.system ['touch {marker}']",
        f"!!python/object/new:os.system ['touch {marker}']",
        "!!python/name:os.system",
        "!!python/module:os",
        "!<tag:yaml.org,2002:python/object/apply:os.system> ['true']",
    ]
    for tag in tags:
        (data / "initiatives").mkdir(exist_ok=True)
        (data / "initiatives/evil.yaml").write_text(
            f"id: evil\ntitle: {tag}\nstatus: proposed\nimpact: 1\neffort: 1\n", "utf-8"
        )
        result = validate(data)
        assert result.model is None
        assert any("is not allowed" in d.message for d in result.diagnostics), tag
        assert not marker.exists()


def test_the_plan_does_not_depend_on_file_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files come back from the disk in whatever order; the plan must not notice."""
    data = _data_copy(tmp_path, ROOT / "roadmap")
    first = validate(data).model
    assert first is not None
    expected = make_plan(first).dumps()
    original = Path.iterdir
    for seed in range(3):
        rng = random.Random(seed)

        def shuffled(self: Path, _rng: random.Random = rng) -> object:
            items = list(original(self))
            _rng.shuffle(items)
            return iter(items)

        monkeypatch.setattr(Path, "iterdir", shuffled)
        model = validate(data).model
        monkeypatch.setattr(Path, "iterdir", original)
        assert model is not None
        assert make_plan(model).dumps() == expected


_PAYLOAD = st.lists(
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "{: onclick=alert(1) }",
            "[x](javascript:alert(1))",
            "![i](javascript:alert(1))",
            "<a href='javascript:x'>",
            "&lt;script&gt;",
            "&#x6a;avascript:",
            "`code`",
            "*",
            "_",
            "|",
            "#",
            "\n",
            "> ",
            "- ",
            "1. ",
            "}",
            "{",
            "]",
            "[",
            "(",
            ")",
            '"',
            "'",
            "word",
            "  ",
            "<!--",
            "-->",
            "\\",
            "<style>",
            "javascript:alert(1)",
            "java\tscript:",
            "[r]: javascript:alert(1)\n",
            "[r]",
        ]
    ),
    min_size=1,
    max_size=12,
).map("".join)


@pytest.mark.slow  # renders and converts the whole site 40 times
@settings(max_examples=40, deadline=None)
@given(title=_PAYLOAD, summary=_PAYLOAD, description=_PAYLOAD)
def test_hostile_text_never_becomes_markup(title: str, summary: str, description: str) -> None:
    """Render pages with hostile text, convert them as the site builder does, parse them."""
    import dataclasses
    import datetime as dt
    from html.parser import HTMLParser

    import markdown

    from generator.site.render import render_site

    model = validate(EVERYTHING).model
    assert model is not None
    items = tuple(
        dataclasses.replace(
            i,
            title=title.strip() or "x",
            summary=summary,
            description=description,
            internal=description,
        )
        if i.id == "kb-overhaul"
        else i
        for i in model.initiatives
    )
    model = dataclasses.replace(model, initiatives=items)
    site = render_site(model, make_plan(model), "leadership", today=dt.date(2027, 2, 1))
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    extensions, configs = [], {}
    for ext in config["markdown_extensions"]:
        name = next(iter(ext)) if isinstance(ext, dict) else ext
        extensions.append(name)
        if isinstance(ext, dict):
            configs[name] = ext[name]

    class Check(HTMLParser):
        CDATA_CONTENT_ELEMENTS = ("script", "style", "title", "textarea")

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            assert tag not in ("script", "style", "iframe", "object", "embed"), tag
            assert tag != "img" or dict(attrs).get("src") != "x", attrs
            for name, value in attrs:
                assert not name.startswith("on"), (tag, name)
                if name in ("href", "src"):
                    cleaned = re.sub(r"[\x00-\x20]", "", value or "").lower()
                    assert not cleaned.startswith(("javascript:", "data:")), (tag, value)

    for path, text in site.files.items():
        if path.endswith(".md") and ("kb-overhaul" in path or "/" not in path):
            _, body = str(text).split("\n---\n", 1)  # the front matter, as the builder reads it
            html = markdown.markdown(body, extensions=extensions, extension_configs=configs)
            Check().feed(html)
