"""The SVG charts: text alternatives, escaping, large inputs, layout and text measuring."""

from __future__ import annotations

import datetime as dt
import itertools
import xml.etree.ElementTree as ET
from dataclasses import replace

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.planning.planner import make_plan
from generator.site import charts
from generator.site.badges import code_spans
from generator.site.charts import layered, svg
from generator.site.views.leadership import capacity_lanes
from generator.site.views.roadmap import build_view

SVG = "{http://www.w3.org/2000/svg}"


def _view(build, items):  # type: ignore[no-untyped-def]
    model = build.roadmap(items)
    return build_view(model, make_plan(model), dt.date(2027, 1, 10)), model


def test_every_chart_is_well_formed_with_a_title_and_description(build) -> None:  # type: ignore[no-untyped-def]
    view, model = _view(build, [build.item("a<b>&c"), build.item("z", deps=["a<b>&c"])])
    t = model.settings.thresholds
    for chart in (
        charts.timeline(view.scheduled, view.quarters),
        charts.matrix(view.matrix_items, t.impact, t.effort),
        charts.capacity(view.quarters, capacity_lanes(model, make_plan(model))),
        charts.dependencies(view.items),
    ):
        root = ET.fromstring(chart)  # escaping mistakes would make this raise
        assert root.get("role") == "img"
        assert root.find(f"{SVG}title").text
        assert root.find(f"{SVG}desc").text is not None


def test_a_long_dependency_chain_is_drawn(build) -> None:  # type: ignore[no-untyped-def]
    # Ids run against the dependency order, the worst case for a recursive layering.
    n = 1200
    items = [build.item(f"i{k:04d}", deps=[f"i{k + 1:04d}"] if k < n - 1 else []) for k in range(n)]
    view, _ = _view(build, items)
    root = ET.fromstring(charts.dependencies(view.items))
    assert len(root.findall(f".//{SVG}g[@class='rm-node']")) == n


# --- the layered layout of the dependency graph -------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 14), st.integers(0, 14)), min_size=1, max_size=40).map(
        lambda pairs: sorted({(min(a, b), max(a, b)) for a, b in pairs if a != b})
    )
)
def test_layout_joins_only_neighbouring_layers_and_never_overlaps(
    pairs: list[tuple[int, int]],
) -> None:
    names = [f"n{k:02d}" for k in range(15)]
    edges = [(names[a], names[b]) for a, b in pairs]  # always from a lower to a higher index
    nodes = sorted({n for e in edges for n in e})
    heights = {n: 30.0 + 13 * (int(n[1:]) % 3) for n in nodes}
    lay = layered.layout(nodes, edges, heights)
    assert lay == layered.layout(nodes, edges, heights)  # deterministic
    for (u, v), chain in lay.chains.items():
        assert chain[0] == u and chain[-1] == v
        assert [lay.layer[n] for n in chain] == list(range(lay.layer[u], lay.layer[v] + 1))
    for column in lay.order:
        for upper, lower in itertools.pairwise(column):
            # 16 px of air between any two slots, boxes and the gaps kept for links alike
            assert lay.y[lower] >= lay.y[upper] + lay.height[upper] + 16 - 0.11
    assert sorted(n for column in lay.order for n in column) == sorted(lay.layer)


def test_barycentre_order_removes_avoidable_crossings() -> None:
    # a -> d and b -> c, listed so that the first order crosses; one sweep uncrosses it.
    lay = layered.layout(
        ["a", "b", "c", "d"], [("a", "d"), ("b", "c")], dict.fromkeys("abcd", 30.0)
    )
    assert [lay.order[0].index("a") < lay.order[0].index("b")] == [
        lay.order[1].index("d") < lay.order[1].index("c")
    ]


def test_a_link_that_skips_a_layer_passes_through_a_gap_kept_for_it(build) -> None:  # type: ignore[no-untyped-def]
    items = [
        build.item("qa-baseline"),
        build.item("contact-reason-tagging"),
        build.item("coaching-programme", deps=("qa-baseline",)),
        build.item("ai-reply-drafts", deps=("contact-reason-tagging", "coaching-programme")),
    ]
    view, _ = _view(build, items)
    root = ET.fromstring(charts.dependencies(view.items))
    paths = {
        (p.get("data-from"), p.get("data-to")): p.get("d")
        for p in root.iter(f"{SVG}path")
        if p.get("class") == "rm-edge"
    }
    assert set(paths) == {
        ("qa-baseline", "coaching-programme"),
        ("coaching-programme", "ai-reply-drafts"),
        ("contact-reason-tagging", "ai-reply-drafts"),
    }
    # Two curves and a straight run across the middle column (C ... L ... C).
    commands = [
        t for t in paths[("contact-reason-tagging", "ai-reply-drafts")].split() if t.isalpha()
    ]
    assert commands == ["M", "C", "L", "C"]


# --- text measuring and the matrix --------------------------------------------------------


def test_wrap_keeps_every_word_within_the_width() -> None:
    text = "Workforce management tool procurement for every region and channel we serve"
    lines = svg.wrap(text, 150, 13, bold=True)
    assert " ".join(lines) == text
    assert all(svg.text_width(line, 13, bold=True) <= 150 for line in lines)
    # A word longer than the line is split where it must be.
    assert svg.wrap("Supercalifragilisticexpialidocious", 60, 13) == [
        "Supercali",
        "fragilistic",
        "expialido",
        "cious",
    ]
    block = svg.block(text, 150, 13, bold=True, limit=2)
    assert block.cut and block.lines[-1].endswith("…") and len(block.lines) == 2


def test_crowded_matrix_markers_never_overlap(build) -> None:  # type: ignore[no-untyped-def]
    items = [build.item(f"same-{k:02d}", impact=4, effort=6) for k in range(40)]
    items += [build.item(f"edge-{k}", impact=4, effort=8) for k in range(5)]
    view, _ = _view(build, items)
    root = ET.fromstring(charts.matrix(view.matrix_items, 3, 8.0))
    circles = [
        (float(c.get("cx")), float(c.get("cy")), float(c.get("r")))
        for c in root.iter(f"{SVG}circle")
    ]
    assert len(circles) == 45
    for n, (x1, y1, r1) in enumerate(circles):
        for x2, y2, r2 in circles[n + 1 :]:
            assert ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 >= r1 + r2
    threshold = next(
        float(line.get("x1"))
        for line in root.iter(f"{SVG}line")
        if line.get("class") == "rm-threshold"
    )
    assert all(x + r < threshold for x, _, r in circles)  # effort 8 is not high effort


def test_code_in_messages_shows_as_code() -> None:
    # Inside <code> the builder still reads Markdown, so punctuation is a character
    # reference there: `[x](javascript:...)` or `{: onfocus=... }` stay text.
    assert code_spans("pin it with `quarter:` to do it anyway") == (
        "pin it with <code>quarter&#58;</code> to do it anyway"
    )
    assert code_spans("`<b>` and *stars*") == "<code>&#60;b&#62;</code> and \\*stars\\*"
    hostile = code_spans("`[x](javascript:alert(1))` `*a*{: onfocus=alert(2) }`")
    html = markdown.markdown(str(hostile), extensions=["attr_list"])
    assert "<a " not in html and "onfocus=" not in html.replace("onfocus&#61;", "")
    assert 'onfocus="' not in html


def test_the_longest_title_the_schema_allows_is_never_cut(build) -> None:  # type: ignore[no-untyped-def]
    title = ("Knowledge base overhaul across every channel region and customer segment " * 3)[:120]
    first = replace(build.item("long", deps=()), title=title.strip(), summary="x " * 120)
    second = build.item("after", deps=("long",))
    view, _ = _view(build, [first, second])
    for chart, group in (
        (charts.timeline(view.scheduled, view.quarters), "rm-item"),
        (charts.dependencies(view.items), "rm-node"),
    ):
        root = ET.fromstring(chart)
        box = next(
            g
            for g in root.iter(f"{SVG}g")
            if g.get("class") == group and g.get("data-id") == "long"
        )
        lines = [t.text or "" for t in box.iter(f"{SVG}text")]
        assert " ".join(lines).startswith(title.strip()), lines
        assert not any(line.endswith("…") for line in lines)


def test_the_matrix_has_scales_and_labelled_thresholds(build) -> None:  # type: ignore[no-untyped-def]
    items = [build.item("small", impact=2, effort=1), build.item("large", impact=5, effort=14)]
    view, _ = _view(build, items)
    root = ET.fromstring(charts.matrix(view.matrix_items, 3, 8.0))
    ticks = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "rm-tick"]
    assert ticks[:5] == ["1", "2", "3", "4", "5"]  # impact, one band per level
    assert ticks[5:] == [str(n) for n in range(0, 20, 2)]  # effort points, past twice 8
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert "more than 8 points: high effort" in labels
    assert "impact 3 or more: high impact" in labels
    assert "Effort (capacity points)" in labels and "Impact (1-5)" in labels


# --- capacity, pool by pool -------------------------------------------------------------


def test_a_full_team_pool_shows_in_the_capacity_chart_though_the_sum_has_room(build) -> None:  # type: ignore[no-untyped-def]
    from test_planner_pools import of, pooled

    items = [of(build.item("kb", 4, 6), team="knowledge"), build.item("ops", 3, 2)]
    model = pooled(build, items, teams={"knowledge": 6}, quarters=2)
    plan = make_plan(model)
    lanes = capacity_lanes(model, plan)
    assert [(lane.name, lane.kind) for lane in lanes] == [
        ("Function pool", "function"),
        ("knowledge", "team"),
        ("All pools together", "total"),
    ]
    assert [c.label for c in lanes[1].cells] == ["6 of 6: full", "0 of 6 (0%)"]
    assert [c.state for c in lanes[1].cells] == ["full", "open"]
    assert lanes[2].cells[0].label == "8 of 16 (50%)"  # the sum alone would hide it
    view = build_view(model, plan, dt.date(2027, 1, 10))
    root = ET.fromstring(charts.capacity(view.quarters, lanes))
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert {"Function pool", "knowledge", "All pools together", "6 of 6: full"} <= set(texts)
    assert root.find(f"{SVG}title").text == "Capacity used per quarter, pool by pool"
    assert "knowledge 6 of 6: full" in root.find(f"{SVG}desc").text
    # The used bar of the full pool, and of it alone, fills its track.
    track = {r.get("width") for r in root.iter(f"{SVG}rect") if r.get("class") == "rm-avail"}
    widths = [r.get("width") for r in root.iter(f"{SVG}rect") if r.get("class") == "rm-used"]
    assert track == {"108.0", "18.0"}  # the cells, and the swatch of the key
    assert widths.count("108.0") == 1


def test_one_pool_alone_is_one_row_and_an_overload_says_so(build) -> None:  # type: ignore[no-untyped-def]
    model = build.roadmap([build.item("big", 3, 12, pin=0)], capacity=10, quarters=2)
    lanes = capacity_lanes(model, make_plan(model))
    assert [lane.name for lane in lanes] == ["Function pool"]
    assert lanes[0].cells[0].label == "12 of 10: over" and lanes[0].cells[0].state == "over"
    view = build_view(model, make_plan(model), dt.date(2027, 1, 10))
    svg = charts.capacity(view.quarters, lanes)
    assert 'class="rm-used rm-over"' in svg and "Used beyond capacity" in svg
