"""The SVG charts: text alternatives, escaping, and large inputs."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from generator.planning.planner import make_plan
from generator.site import charts
from generator.site.views import build_view

SVG = "{http://www.w3.org/2000/svg}"


def _view(build, items):  # type: ignore[no-untyped-def]
    model = build.roadmap(items)
    return build_view(model, make_plan(model), dt.date(2027, 1, 10)), model


def test_every_chart_is_well_formed_with_a_title_and_description(build) -> None:  # type: ignore[no-untyped-def]
    view, model = _view(build, [build.item("a<b>&c"), build.item("z", deps=["a<b>&c"])])
    t = model.settings.thresholds
    for svg in (
        charts.timeline(view.scheduled, view.quarters),
        charts.matrix(view.matrix_items, t.impact, t.effort),
        charts.capacity(view.quarters),
        charts.dependencies(view.items),
    ):
        root = ET.fromstring(svg)  # escaping mistakes would make this raise
        assert root.get("role") == "img"
        assert root.find(f"{SVG}title").text
        assert root.find(f"{SVG}desc").text is not None


def test_a_long_dependency_chain_is_drawn(build) -> None:  # type: ignore[no-untyped-def]
    # Ids run against the dependency order, the worst case for a recursive layering.
    n = 1200
    items = [build.item(f"i{k:04d}", deps=[f"i{k + 1:04d}"] if k < n - 1 else []) for k in range(n)]
    view, _ = _view(build, items)
    root = ET.fromstring(charts.dependencies(view.items))
    assert len(root.findall(f"{SVG}g[@class='rm-node']")) == n
