"""KPIs: readings in the model, the KPI pages' trend against the floor, the KPI tables."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

from conftest import MakeRoadmap
from rendered import BREACHED, HEALTHY, TODAY, lines, page

from generator.data.model import Roadmap
from generator.site.build import Prepared, prepare

D = dt.date


def test_kpi_history_is_sorted_and_gives_the_current_value(recorded: Roadmap) -> None:
    fcr = recorded.kpi_by_id["fcr"]
    assert [(r.date, r.value, r.note) for r in fcr.history] == [
        (D(2027, 1, 31), 68.0, ""),
        (D(2027, 2, 28), 70.0, "Macros still outdated"),
    ]
    assert fcr.current == 70.0  # no `current:`, so the latest measurement


def test_kpi_pages_show_the_trend_against_threshold_and_floor(
    prepared: dict[str, Prepared],
) -> None:
    text = page(prepared, "kpis/s1-first-contact.md")
    assert lines(text)[2] == (
        f"{BREACHED} Currently 1\\.3 hours; the floor is at most 1 hour (lower is better). "
        "Change: up 0\\.3 hours since 2027\\-03\\-31 \\(worse\\). Against the floor over "
        "time: breached since 2027\\-04\\-30; 4 of 5 breached since 2026\\-12\\-31."
    )
    assert (
        "The threshold in `kpis.yaml` is 2; achieved key results raised the floor:\n\n"
        "- [Hours between an S1 arriving and the first tier\\-2 contact]"
        "(\\.\\./okrs/escalation\\-trust.md)\n"
    ) in text
    table = [ln for ln in lines(text) if ln.startswith("| 2027")]
    assert table == [
        "| 2027\\-04\\-30 | 1\\.3 hours | breached | Two nights without on\\-call cover while the "
        "allowance was negotiated |",
        "| 2027\\-03\\-31 | 1 hour | met | Paging rule trial with the tier\\-2 on\\-call rota |",
        "| 2027\\-02\\-28 | 2\\.6 hours | breached | – |",
        "| 2027\\-01\\-31 | 3\\.2 hours | breached | – |",
    ]
    svg = re.search(r"<svg .*?</svg>", text)
    assert svg is not None
    chart = ET.fromstring(svg.group(0))
    ns = "{http://www.w3.org/2000/svg}"
    assert (
        chart.findtext(f"{ns}title")
        == "S1 time to first tier-2 contact over time against its floor"
    )
    assert chart.findtext(f"{ns}desc") == (
        "S1 time to first tier-2 contact, lower is better; threshold 2, floor raised to 1. "
        "2026-12-31: 4 (breached); 2027-01-31: 3.2 (breached); 2027-02-28: 2.6 (breached); "
        "2027-03-31: 1; 2027-04-30: 1.3 (breached)."
    )
    # each measurement carries its value as a tooltip; the key's cross and dot carry none
    marks = chart.findall(f".//{ns}path[@class='rm-breach-mark']/{ns}title")
    dots = chart.findall(f".//{ns}circle[@class='rm-point']/{ns}title")
    assert len(marks) == 4 and len(dots) == 1
    key = chart.find(f"{ns}g[@class='rm-legend']")
    assert key is not None
    assert [t.text for t in key.iter(f"{ns}text")] == [
        "Worse than the floor",
        "Breaches",
        "Meets the floor",
    ]
    labels = [t.text for t in chart.iter(f"{ns}text")]
    assert "threshold 2" in labels and "floor 1 (raised)" in labels
    index = page(prepared, "kpis/index.md", "organisation")
    assert (
        f"| [CSAT](\\.\\./kpis/csat.md) | 4\\.4 score | at least 4\\.3 score | {HEALTHY} |" in index
    )


def test_the_kpi_tables_say_how_each_kpi_stood_against_its_floor_over_time(
    prepared: dict[str, Prepared], make_roadmap: MakeRoadmap
) -> None:
    def over_time(text: str) -> list[str]:
        rows = [ln for ln in lines(text) if ln.startswith("| [")]
        return [row.split(" | ")[-1].rstrip(" |") for row in rows]

    assert over_time(page(prepared, "kpis/index.md", "team")) == [
        "met since 2027\\-01\\-31; 1 of 5 breached since 2026\\-12\\-31",
        "breached since 2027\\-04\\-30; 4 of 5 breached since 2026\\-12\\-31",
        "breached at all 5 since 2026\\-12\\-31",
        "met at all 4 since 2027\\-01\\-31",
        "breached since 2027\\-04\\-30; 4 of 5 breached since 2026\\-12\\-31",
        "breached at all 5 since 2026\\-12\\-31",
        "no history yet",  # SLA attainment has only a current value
    ]
    kpis = {
        "kpis": [
            {"id": "one", "name": "One", "direction": "lower", "threshold": 4,
             "history": [{"date": "2027-04-01", "value": 3}]},
            {"id": "back", "name": "Back", "direction": "higher", "threshold": 70,
             "history": [{"date": "2027-01-31", "value": 71}, {"date": "2027-02-28", "value": 69},
                         {"date": "2027-03-31", "value": 70}, {"date": "2027-04-30", "value": 75}]},
        ]
    }  # fmt: skip
    data = make_roadmap({"id": "a"}, files={"kpis.yaml": kpis})
    home = prepare(data, "team", today=TODAY).files["index.md"]
    assert isinstance(home, str)
    assert over_time(home[home.index("| KPI |") :]) == [
        "met at its one measurement \\(2027\\-04\\-01\\)",
        "met since 2027\\-03\\-31; 1 of 4 breached since 2027\\-01\\-31",  # 70 meets "at least 70"
    ]
