"""The YAML loader: values as the spec reads them, positions of every key and value,
and a clear LoadError (never a traceback) for everything a user can get wrong."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.data import loader
from generator.data.loader import Document, LoadError, Mark, load_file, parse_text


def doc(text: str) -> Document:
    return parse_text(text, Path("x.yaml"), "x.yaml")


def data(text: str) -> Any:
    return doc(text).data


def error(text: str) -> str:
    with pytest.raises(LoadError) as caught:
        doc(text)
    return caught.value.diagnostic.format()


def file_error(path: Path) -> str:
    with pytest.raises(LoadError) as caught:
        load_file(path, "x.yaml")
    return caught.value.diagnostic.format()


# --- positions ----------------------------------------------------------------------------


def test_positions_of_values_and_keys_are_one_based() -> None:
    d = doc("id: kb-overhaul\nhorizon:\n  start: 2027-Q1\n  quarters: 4\n")
    assert d.positions[("id",)] == Mark(1, 5)
    assert d.key_positions[("id",)] == Mark(1, 1)
    assert d.key_positions[("horizon", "start")] == Mark(3, 3)
    assert d.positions[("horizon", "start")] == Mark(3, 10)
    assert d.positions[("horizon", "quarters")] == Mark(4, 13)


def test_positions_in_block_and_flow_lists() -> None:
    d = doc("depends_on:\n  - a\n  - {id: b, lag: 1}\nrequires: [x, y]\n")
    assert d.positions[("depends_on", 0)] == Mark(2, 5)
    assert d.positions[("depends_on", 1)] == Mark(3, 5)
    assert d.positions[("depends_on", 1, "lag")] == Mark(3, 18)
    assert d.key_positions[("depends_on", 1, "lag")] == Mark(3, 13)
    assert d.positions[("requires", 1)] == Mark(4, 15)


def test_the_top_level_starts_at_the_first_key_after_comments() -> None:
    d = doc("# yaml-language-server: $schema=x.json\n\nid: a\n")
    assert d.positions[()] == Mark(3, 1)


def test_mark_falls_back_to_the_nearest_ancestor() -> None:
    d = doc("urgency:\n  deadline: 2027-Q3\n")
    assert d.mark(("urgency", "reason")) == Mark(2, 3)  # the mapping, where it starts
    assert d.mark(("urgency",), key=True) == Mark(1, 1)  # the key that holds it
    assert d.mark(("nothing", "here")) == Mark(1, 1)


def test_diagnostic_formats_path_line_col() -> None:
    d = doc("a: 1\nb: 2\n")
    assert d.diagnostic(("b",), "bad").format() == "x.yaml:2:4: error: bad"
    assert d.diagnostic(("b",), "odd", key=True, severity="warning").format() == (
        "x.yaml:2:1: warning: odd"
    )


# --- scalars ------------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["no", "yes", "on", "off", "y", "n", "No", "YES", "On"])
def test_yaml_1_1_booleans_stay_strings(word: str) -> None:
    assert data(f"a: {word}\n") == {"a": word}


@pytest.mark.parametrize(
    ("text", "value"),
    [("true", True), ("false", False), ("True", True), ("FALSE", False)],
)
def test_only_true_and_false_are_booleans(text: str, value: bool) -> None:
    assert data(f"a: {text}\n")["a"] is value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2027-03-15", "2027-03-15"),  # dates stay ISO strings
        ("2027-03-15T10:00:00Z", "2027-03-15T10:00:00Z"),
        ("2027-Q1", "2027-Q1"),
        ("2027", 2027),
        ("012", 12),  # YAML 1.2: decimal, not octal
        ("-7", -7),
        ("+3", 3),
        ("0o17", 15),
        ("0x1F", 31),
        ("1.5", 1.5),
        (".5", 0.5),
        ("1e3", 1000.0),
        ("1_000", "1_000"),  # YAML 1.1 digit groups are text in 1.2
        ("0.1.2", "0.1.2"),
        ("1:30", "1:30"),  # YAML 1.1 sexagesimal: text
        ("~", None),
        ("null", None),
        ("Null", None),
        ("", None),
        ("nothing", "nothing"),
        ("trueish", "trueish"),
    ],
)
def test_plain_scalars_resolve_as_yaml_1_2_core(text: str, value: Any) -> None:
    got = data(f"a: {text}\n")["a"]
    assert got == value
    assert type(got) is type(value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("!!str 2027", "2027"),
        ("!!str true", "true"),
        ("!!str", ""),
        ("!!int '3'", 3),
        ("!!float 1", 1.0),
        ("!!bool false", False),
        ("!!null ''", None),
        ("! 12", "12"),  # the non-specific tag: a string
    ],
)
def test_explicit_standard_tags(text: str, value: Any) -> None:
    got = data(f"a: {text}\n")["a"]
    assert got == value
    assert type(got) is type(value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("!!int abc", "'abc' is not a valid !!int"),
        ("!!bool yes", "'yes' is not a valid !!bool"),
        ("!!float x", "'x' is not a valid !!float"),
    ],
)
def test_explicit_tags_that_do_not_fit_their_value(text: str, message: str) -> None:
    assert error(f"a: {text}\n") == f"x.yaml:1:4: error: {message}"


def test_quoted_and_block_scalars_are_strings() -> None:
    assert data("a: 'no'\nb: \"2027\"\nc: 'true'\nd: \"x\\ty\"\n") == {
        "a": "no",
        "b": "2027",
        "c": "true",
        "d": "x\ty",
    }
    assert data("a: |\n  2027\nb: >-\n  folded\n  text\n") == {"a": "2027\n", "b": "folded text"}


def test_keys_stay_strings() -> None:
    assert data("1: a\ntrue: b\nnull: c\n2027-Q3: 16\n") == {
        "1": "a",
        "true": "b",
        "null": "c",
        "2027-Q3": 16,
    }


@pytest.mark.parametrize("text", [".inf", "-.inf", ".NaN", "1e999"])
def test_infinities_and_nan_are_refused(text: str) -> None:
    assert error(f"a: {text}\n") == (
        f"x.yaml:1:4: error: {text} is not a usable number; write a finite value"
    )


# --- anchors and aliases -------------------------------------------------------------------


def test_anchors_within_the_limit_work() -> None:
    d = doc("base: &kr [a.one, a.two]\nsupports: *kr\nmore: [*kr, *kr]\n")
    assert d.data["supports"] == ["a.one", "a.two"]
    assert d.data["more"] == [["a.one", "a.two"]] * 2
    assert d.positions[("supports",)] == Mark(2, 11)


def test_an_anchored_key_can_be_repeated_as_a_value() -> None:
    assert data("&k owner: x\ncopy: *k\n") == {"owner": "x", "copy": "owner"}


def test_the_alias_limit_counts_expanded_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_EXPANDED_SIZE", 30)
    # Each value costs its characters plus one; a mapping or list costs 1 more.
    # top 1 + a: list 1 + 4 items of 2 = 10, b: 9 more = 19, c: 9 more = 28
    assert data("a: &a [1, 2, 3, 4]\nb: *a\nc: *a\n")["c"] == [1, 2, 3, 4]
    assert error("a: &a [1, 2, 3, 4]\nb: *a\nc: *a\nd: *a\n") == (
        "x.yaml:4:4: error: aliases expand the document past 30 characters; "
        "write the data out instead of repeating anchors"
    )


def test_one_long_text_repeated_through_aliases_is_refused() -> None:
    """An alias counts what it expands to, however few nodes that is."""
    long = "y" * 2000
    text = f"a: &a {long}\nb: [" + ", ".join(["*a"] * 2000) + "]\n"
    assert error(text).startswith("x.yaml:2:")
    assert error(text).endswith(
        "error: aliases expand the document past 2,000,000 characters; "
        "write the data out instead of repeating anchors"
    )


def test_a_text_over_the_length_limit_is_refused_at_its_position() -> None:
    assert len(data("a: " + "z" * 20_000 + "\n")["a"]) == 20_000  # at the limit: fine
    assert error("a: ok\nb: " + "z" * 20_001 + "\n") == (
        "x.yaml:2:4: error: this text is 20,001 characters long; the limit is 20,000 "
        "characters per value"
    )


def test_a_list_over_the_item_limit_is_refused_at_its_start() -> None:
    text = "a: 1\nb:\n" + "".join("  - x\n" for _ in range(1001))
    assert error(text) == (
        "x.yaml:3:3: error: this list has more than 1,000 entries; split the data into "
        "several files or shorten it"
    )


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("1" * 400, "1" * 21 + "..."),
        ("9" * 5000, "9" * 21 + "..."),
        ("0x" + "f" * 300, "0x" + "f" * 19 + "..."),
        ("2000000000000000", "2000000000000000"),
        ("-1.5e16", "-1.5e16"),
        ("!!float 1e300", "1e300"),
    ],
)
def test_numbers_too_large_to_compute_with_are_refused(value: str, shown: str) -> None:
    assert error(f"capacity: {value}\n") == (
        f"x.yaml:1:11: error: the number {shown} is too large; numbers are limited to "
        "±1,000,000,000,000,000"
    )


def test_an_alias_bomb_is_refused_at_once() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 10)}]")
    # each level is ten times the one before (a: 21 characters, e: 211,111): the
    # ninth *e on line 6 crosses 2,000,000
    assert error("\n".join(lines) + "\n") == (
        "x.yaml:6:40: error: aliases expand the document past 2,000,000 characters; "
        "write the data out instead of repeating anchors"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: *x\nb: &x 1\n", "x.yaml:1:4: error: alias *x refers to no finished anchor"),
        ("a: &x [1, *x]\n", "x.yaml:1:11: error: alias *x refers to no finished anchor"),
    ],
)
def test_unknown_and_recursive_aliases(text: str, message: str) -> None:
    assert error(text) == message


# --- refused structure ----------------------------------------------------------------------


def test_duplicate_keys_are_refused_at_the_second_one() -> None:
    assert error("id: a\ntitle: x\nid: b\n") == (
        "x.yaml:3:1: error: duplicate key 'id' (first set on line 1); keep one of them"
    )
    assert error("events:\n  - {id: a, title: x, id: b}\n") == (
        "x.yaml:2:23: error: duplicate key 'id' (first set on line 2); keep one of them"
    )


def test_the_same_key_in_different_mappings_is_fine() -> None:
    assert data("a: {id: 1}\nb: {id: 2}\n") == {"a": {"id": 1}, "b": {"id": 2}}


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("a: !!python/object/apply:os.system [ls]\n", "!!python/object/apply:os.system"),
        ("a: !!python/name:os.system ''\n", "!!python/name:os.system"),
        ("a: !!python/object:__main__.Evil {x: 1}\n", "!!python/object:__main__.Evil"),
        ("a: !!binary aGVsbG8=\n", "!!binary"),
        ("a: !!timestamp 2027-01-01\n", "!!timestamp"),
        ("a: !!set {x}\n", "!!set"),
        ("a: !custom x\n", "!custom"),
        ("!!python/str a: 1\n", "!!python/str"),
    ],
)
def test_non_standard_tags_are_refused(text: str, tag: str) -> None:
    assert error(text).endswith(
        f"error: the tag {tag} is not allowed here; roadmap files use plain YAML values only"
    )


def test_standard_collection_tags_are_fine() -> None:
    assert data("a: !!map {x: 1}\nb: !!seq [1]\n") == {"a": {"x": 1}, "b": [1]}


@pytest.mark.parametrize(("text", "col"), [("? [a, b]\n: c\n", 3), ("&x a: 1\n*x : 2\n", 1)])
def test_keys_must_be_plain_values(text: str, col: int) -> None:
    assert error(text).endswith(
        f":{col}: error: a mapping key must be a plain value, not a list, mapping or alias"
    )


def test_nesting_is_bounded() -> None:
    depth = loader.MAX_DEPTH - 1  # the top-level mapping is the first level
    assert data("a: " + "[" * depth + "]" * depth + "\n")
    assert error("a: " + "[" * (depth + 1) + "]" * (depth + 1) + "\n") == (
        f"x.yaml:1:{4 + depth}: error: nesting is deeper than 64 levels"
    )


def test_one_document_per_file() -> None:
    assert data("---\na: 1\n...\n") == {"a": 1}
    assert data("%YAML 1.2\n---\na: 1\n") == {"a": 1}
    assert error("a: 1\n---\nb: 2\n") == (
        "x.yaml:2:1: error: a file holds one YAML document; remove the second `---`"
    )


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("- a\n", "a list"),
        ("just text\n", "a string"),
        ("~\n", "nothing (null)"),
        ("2027\n", "a number"),
    ],
)
def test_the_top_level_must_be_a_mapping(text: str, found: str) -> None:
    assert error(text) == (
        f"x.yaml:1:1: error: top level must be a mapping of keys to values, found {found}"
    )


# --- syntax errors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "a: [1, 2\nb: 3\n",
            "x.yaml:2:2: error: invalid YAML: did not find expected ',' or ']' "
            "(while parsing a flow sequence that starts at line 1, column 4)",
        ),
        (
            "a: 1\n\tb: 2\n",
            "x.yaml:2:1: error: invalid YAML: found a tab character that violates indentation "
            "(while scanning a plain scalar that starts at line 1, column 4); "
            "indent with spaces, not tabs",
        ),
        (
            "a:\n\t- 1\n",
            "x.yaml:2:1: error: invalid YAML: found character that cannot start any token "
            "(while scanning for the next token); indent with spaces, not tabs",
        ),
        (
            "title: Knowledge base: the overhaul\n",
            "x.yaml:1:22: error: invalid YAML: mapping values are not allowed in this "
            "context; check the indentation, or put a text that contains ': ' in quotes",
        ),
        (
            'a: "open\nb: 1\n',
            "x.yaml:3:1: error: invalid YAML: found unexpected end of stream "
            "(while scanning a quoted scalar that starts at line 1, column 4)",
        ),
        (
            "a: 1\n- b\n",
            "x.yaml:2:1: error: invalid YAML: a list item ('- ') cannot sit beside the keys "
            "of a mapping; indent the list under the key it belongs to (key:, then '  - item' "
            "on the next lines)",
        ),
        (
            "a: @x\n",
            "x.yaml:1:4: error: invalid YAML: a value cannot start with '@' unless it is in "
            'quotes; write a: "@x"',
        ),
    ],
)
def test_syntax_errors_say_where_and_what(text: str, message: str) -> None:
    assert error(text) == message


def test_a_control_character_is_located_in_characters() -> None:
    assert error("a: 1\nb: ééé\x07\n") == (
        "x.yaml:2:7: error: invalid YAML: the control character U+0007 is not allowed; remove it"
    )


# --- files --------------------------------------------------------------------------------


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"\xef\xbb\xbfid: a\ntitle: x\n")
    d = load_file(path, "a.yaml")
    assert d.data == {"id": "a", "title": "x"}
    assert d.key_positions[("id",)] == Mark(1, 1)


def test_non_utf8_is_located_in_characters(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(
        "id: a\ntitle: Café \xe9t\xe9\n".encode("latin-1").replace(b"Caf\xe9", "Café".encode())
    )
    assert file_error(path) == (
        "x.yaml:2:13: error: not valid UTF-8 (byte 0xe9); save the file as UTF-8"
    )


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", b"# only\n# comments\n", b"\xef\xbb\xbf"])
def test_empty_files_are_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(content)
    assert (
        file_error(path) == "x.yaml:1:1: error: file is empty; expected a mapping of keys to values"
    )


def test_a_nul_byte_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"id: a\ntitle: x\x00y\n")
    assert file_error(path) == (
        "x.yaml:2:9: error: file contains a NUL character; is it a binary file?"
    )


def test_files_over_one_megabyte_are_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    with path.open("wb") as f:
        f.truncate(loader.MAX_BYTES + 1)
    assert file_error(path) == "x.yaml:1:1: error: file is 1.0 MB; files over 1 MB are refused"
    with path.open("wb") as f:
        # exactly at the cap: fine (in values of at most 20,000 characters)
        line = b"- " + b"x" * 9_998 + b"\n"
        body = b"a:\n" + line * ((loader.MAX_BYTES - 3) // len(line))
        f.write(body + b"#" * (loader.MAX_BYTES - len(body) - 1) + b"\n")
    assert path.stat().st_size == loader.MAX_BYTES
    assert load_file(path).data["a"][0].startswith("xxx")


def test_a_missing_file_is_a_load_error(tmp_path: Path) -> None:
    assert file_error(tmp_path / "nope.yaml") == (
        "x.yaml:1:1: error: cannot read file: No such file or directory"
    )


def test_the_display_path_defaults_to_the_path_below_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "roadmap").mkdir()
    path = tmp_path / "roadmap" / "a.yaml"
    path.write_text("a: 1\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    assert load_file(path).display == "roadmap/a.yaml"
    assert load_file(path, "shown.yaml").display == "shown.yaml"


# --- nothing a user writes is a traceback ----------------------------------------------------

_yamlish = st.text(
    st.sampled_from([*"ab01:-[]{},&*!|>'\"#%@`? \t\n.~", "\u00e9", "\x07", "\ufeff"]),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(text=_yamlish | st.text(max_size=60))
def test_any_text_loads_or_raises_load_error(text: str) -> None:
    try:
        d = doc(text)
    except LoadError as exc:
        diagnostic = exc.diagnostic
        assert diagnostic.line >= 1
        assert diagnostic.col >= 1
        assert "\n" not in diagnostic.message
    else:
        assert isinstance(d.data, dict)


# --- a ` #` that cuts a plain value short ---------------------------------------------------


def cut_warnings(text: str) -> list[str]:
    return [d.format() for d in doc(text).warnings]


@pytest.mark.parametrize(
    "line",
    [
        "summary: Plain bill (see ticket #4521) so agents stop guessing",  # an open (
        "note: Ask in #support",  # words, one space, and the # touches the next word
        "note: Refunds, returns, #exchanges",
        "note: Refunds, returns, # and exchanges",  # ends in a comma
        'note: The "quick # win',  # an open double quote
        "- see the list [one, two # three",
    ],
)
def test_a_comment_that_seems_to_cut_a_text_warns(line: str) -> None:
    text = ("items:\n  " if line.startswith("-") else "") + line + "\n"
    (warning,) = cut_warnings(text)
    assert ": warning: ' #' starts a comment, so " in warning
    assert "put the whole value in quotes" in warning


@pytest.mark.parametrize(
    "line",
    [
        "title: Chat handover  # the name support uses",
        "title: Chat handover (phase 2) # later",
        "effort: 5 #points",  # not text
        "owner: maria #lead",  # one word
        'summary: "Plain bill (see ticket #4521)"',  # quoted: the # is text
        "summary: issue#4521 stays whole",  # no space before the #
        "# a whole line of comment",
    ],
)
def test_a_comment_after_a_complete_value_is_quiet(line: str) -> None:
    assert cut_warnings("id: x\n" + line + "\n") == []


def test_the_warning_points_at_the_hash_and_suggests_the_quoted_value() -> None:
    text = "id: x\nsummary: Plain bill (see ticket #4521) so agents stop guessing\n"
    assert doc(text).data["summary"] == "Plain bill (see ticket"
    assert cut_warnings(text) == [
        "x.yaml:2:33: warning: ' #' starts a comment, so summary keeps only "
        '"Plain bill (see ticket"; if the # is part of the text, put the whole value in '
        'quotes: summary: "Plain bill (see ticket #4521) so agents stop guessing"'
    ]


def test_a_value_cut_on_its_second_line_is_found() -> None:
    text = "id: x\nsummary: Plain bill for agents,\n  see ticket #4521\n"
    (warning,) = cut_warnings(text)
    assert warning.startswith("x.yaml:3:14: warning:")


def test_flow_mappings_are_remembered() -> None:
    d = doc("teams:\n  - {id: a, name: A}\n  - id: b\n")
    assert d.flow_mappings == {("teams", 0)}


def test_an_open_bracket_on_the_line_before_counts() -> None:
    text = "id: x\nsummary: Plain bill (see the\n  ticket  #4521) for agents\n"
    (warning,) = cut_warnings(text)
    assert warning.startswith("x.yaml:3:11: warning:")
    assert 'keeps only "Plain bill (see the ticket"' in warning


def test_a_line_of_many_hashes_or_blanks_is_checked_in_one_pass() -> None:
    import time

    for text in ("a: x (" + " #" * 400_000 + "\n", "a: " + " " * 900_000 + "x (see #1\n"):
        started = time.perf_counter()
        assert len(doc(text).warnings) == 1
        assert time.perf_counter() - started < 1.0
