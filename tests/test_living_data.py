"""The living roadmap's data: progress, reviews, the current state and KPI history in the model."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.data.model import ProgressCheckIn, Quarter, Roadmap, closed_quarter
from generator.data.validate import load_roadmap

FIXTURE = Path(__file__).parent / "fixtures" / "valid" / "living" / "roadmap"
D = dt.date


@pytest.fixture(scope="module")
def model() -> Roadmap:
    return load_roadmap(FIXTURE)[0]


def test_progress_is_sorted_by_date_and_the_latest_is_last(model: Roadmap) -> None:
    macros = model.initiative_by_id["macros"]
    assert macros.progress == (
        ProgressCheckIn(D(2027, 1, 20), "on-track", "Half the macros retired", 50.0),
        ProgressCheckIn(D(2027, 2, 20), "at-risk", "Owners missing for 12 macros", None),
    )
    assert macros.latest_progress == macros.progress[-1]
    assert macros.addresses == ("repeat-contacts",)
    assert model.initiative_by_id["triggers"].delivered == D(2027, 2, 26)


def test_kpi_history_is_sorted_and_gives_the_current_value(model: Roadmap) -> None:
    fcr = model.kpi_by_id["fcr"]
    assert [(r.date, r.value, r.note) for r in fcr.history] == [
        (D(2027, 1, 31), 68.0, ""),
        (D(2027, 2, 28), 70.0, "Macros still outdated"),
    ]
    assert fcr.current == 70.0  # no `current:`, so the latest measurement


def test_reviews_are_read_from_their_file_names_in_date_order(model: Roadmap) -> None:
    assert [(r.date, r.kind) for r in model.reviews] == [
        (D(2027, 2, 8), "mid-quarter"),
        (D(2027, 3, 15), "roadmap"),
        (D(2027, 4, 2), "okr-close"),
    ]
    mid, road, close = model.reviews
    assert [(d.initiative, d.text) for d in mid.decisions] == [
        ("macros", "Every macro gets an owner by March"),
        (None, "Check in monthly"),
    ]
    assert mid.learnings == ("Check-ins need numbers",)
    assert mid.attendees == ("maria", "aisha")
    assert road.summary == "The first roadmap review." and road.period is None
    # held two days into 2027-Q2, with no `period:`, it closes 2027-Q1
    assert close.period == "2027-Q1"
    assert [(o.objective, o.score, o.comment) for o in close.objectives] == [
        ("first-contact", 0.6, "Macros came late")
    ]


def test_current_state_and_the_stale_setting(model: Roadmap) -> None:
    state = model.current_state
    assert state is not None and state.as_of == D(2026, 11, 20)
    (friction,) = state.friction
    assert (friction.id, friction.metric, friction.kpi) == ("repeat-contacts", "FCR 68%", "fcr")
    assert model.friction_by_id == {"repeat-contacts": friction}
    assert model.settings.stale_after_weeks == 4


@pytest.mark.parametrize(
    ("day", "closed"),
    [
        (D(2027, 3, 31), "2027-Q1"),  # the closing day itself
        (D(2027, 3, 20), "2027-Q1"),  # the last weeks of the quarter
        (D(2027, 4, 9), "2027-Q1"),  # the first weeks of the next
        (D(2027, 5, 15), "2027-Q1"),  # 45 days after Q1 ends, 47 before Q2 does
        (D(2027, 5, 17), "2027-Q2"),  # now nearer to the end of Q2
        (D(2027, 1, 5), "2026-Q4"),  # across the year
    ],
)
def test_an_okr_close_without_a_period_closes_the_quarter_that_ends_nearest(
    day: dt.date, closed: str
) -> None:
    assert closed_quarter(day) == Quarter.parse(closed)
