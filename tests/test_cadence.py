"""The review cadence: dates for a whole year, roadmap reviews, `roadmap calendar` and .ics."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
from conftest import RunCli
from icalendar import Calendar
from rendered import lines, page

from generator.data.model import Quarter, Roadmap
from generator.data.validate import validate
from generator.okrs.cadence import (
    add_months,
    cadence_events,
    first_monday,
    mid_quarter_review,
    setting_window,
    to_ics,
)
from generator.site.build import Prepared

D = dt.date.fromisoformat

# 2027: Jan 1 and Oct 1 are Fridays, Apr 1 and Jul 1 Thursdays.
YEAR_2027 = [
    ("okr-setting", "2027-Q1", "2026-12-18", "2026-12-31"),
    ("mid-quarter-review", "2027-Q1", "2027-02-08", "2027-02-08"),  # first Monday Jan 4
    ("roadmap-review", "2027-Q1", "2027-03-15", "2027-03-15"),
    ("okr-setting", "2027-Q2", "2027-03-18", "2027-03-31"),
    ("okr-closing", "2027-Q1", "2027-03-31", "2027-03-31"),
    ("mid-quarter-review", "2027-Q2", "2027-05-10", "2027-05-10"),  # first Monday Apr 5
    ("roadmap-review", "2027-Q2", "2027-06-15", "2027-06-15"),
    ("okr-setting", "2027-Q3", "2027-06-17", "2027-06-30"),
    ("okr-closing", "2027-Q2", "2027-06-30", "2027-06-30"),
    ("mid-quarter-review", "2027-Q3", "2027-08-09", "2027-08-09"),  # first Monday Jul 5
    ("roadmap-review", "2027-Q3", "2027-09-15", "2027-09-15"),
    ("okr-setting", "2027-Q4", "2027-09-17", "2027-09-30"),
    ("okr-closing", "2027-Q3", "2027-09-30", "2027-09-30"),
    ("mid-quarter-review", "2027-Q4", "2027-11-08", "2027-11-08"),  # first Monday Oct 4
    ("roadmap-review", "2027-Q4", "2027-12-15", "2027-12-15"),
    # The quarter after the horizon is set inside it.
    ("okr-setting", "2028-Q1", "2027-12-18", "2027-12-31"),
    ("okr-closing", "2027-Q4", "2027-12-31", "2027-12-31"),
]


def write_roadmap(root: Path, settings: str) -> Path:
    data = root / "roadmap"
    data.mkdir()
    (data / "roadmap.yaml").write_text(
        "title: Customer Service Roadmap 2027\n" + textwrap.dedent(settings), encoding="utf-8"
    )
    return data


def model_of(tmp_path: Path, settings: str) -> Roadmap:
    result = validate(write_roadmap(tmp_path, settings))
    assert result.model is not None, result.diagnostics
    return result.model


YEAR = """\
    horizon: {start: 2027-Q1, quarters: 4}
    capacity: {default: 20}
    review: {every_months: 3, next: 2027-03-15}
    """


@pytest.fixture
def year(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Roadmap:
    monkeypatch.chdir(tmp_path)
    return model_of(tmp_path, YEAR)


def test_a_whole_year_of_dates(year: Roadmap) -> None:
    got = [
        (e.kind, str(e.quarter), e.start.isoformat(), e.end.isoformat())
        for e in cadence_events(year)
    ]
    assert got == YEAR_2027


def test_setting_window_is_14_days(year: Roadmap) -> None:
    windows = [e for e in cadence_events(year) if e.kind == "okr-setting"]
    assert {e.days for e in windows} == {14}
    assert all(
        e.end + dt.timedelta(days=1) == e.quarter.first_day
        for e in windows
        if e.quarter is not None
    )


def test_mid_quarter_review_is_a_monday_in_week_6() -> None:
    for q in (Quarter(y, n) for y in range(2024, 2032) for n in range(1, 5)):
        review = mid_quarter_review(q)
        assert review.weekday() == 0
        assert review - first_monday(q) == dt.timedelta(weeks=5)
        assert 35 <= (review - q.first_day).days <= 41


def test_quarter_starting_on_a_monday() -> None:
    q = Quarter(2029, 1)  # 2029-01-01 is a Monday
    assert first_monday(q) == D("2029-01-01")
    assert mid_quarter_review(q) == D("2029-02-05")
    assert setting_window(q) == (D("2028-12-18"), D("2028-12-31"))


def test_setting_window_across_a_leap_february() -> None:
    assert setting_window(Quarter(2028, 2)) == (D("2028-03-18"), D("2028-03-31"))
    assert setting_window(Quarter(2028, 1)) == (D("2027-12-18"), D("2027-12-31"))


def test_add_months_clips_to_the_end_of_the_month() -> None:
    assert add_months(D("2027-01-31"), 1) == D("2027-02-28")
    assert add_months(D("2027-11-30"), 3) == D("2028-02-29")
    assert add_months(D("2027-10-15"), 6) == D("2028-04-15")


def test_roadmap_reviews_stay_inside_the_horizon(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    model = model_of(
        tmp_path,
        """\
        horizon: {start: 2027-Q2, quarters: 3}
        capacity: {default: 20}
        review: {every_months: 4, next: 2027-01-31}
        """,
    )
    reviews = [e.start for e in cadence_events(model) if e.kind == "roadmap-review"]
    # Jan 31 is before the horizon; May 31, Sep 30 inside; Jan 31 2028 after it ends.
    assert reviews == [D("2027-05-31"), D("2027-09-30")]


def test_no_review_settings_no_roadmap_reviews(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    model = model_of(tmp_path, "horizon: {start: 2027-Q1, quarters: 2}\ncapacity: {default: 5}\n")
    events = cadence_events(model)
    assert len(events) == 7  # 2 quarters x 3, and the setting of the quarter after
    assert "roadmap-review" not in {e.kind for e in events}


def test_past_now_upcoming(year: Roadmap) -> None:
    window = cadence_events(year)[3]  # 2027-Q2 setting, Mar 18..31
    assert [
        window.state(D(d)) for d in ("2027-03-17", "2027-03-18", "2027-03-31", "2027-04-01")
    ] == ["upcoming", "now", "now", "past"]


# --- iCalendar ------------------------------------------------------------------------


def test_ics_parses_back_with_the_right_dates(year: Roadmap) -> None:
    ics = to_ics(cadence_events(year), "CS cadence")
    cal = Calendar.from_ical(ics)
    assert str(cal["X-WR-CALNAME"]) == "CS cadence"
    assert str(cal["VERSION"]) == "2.0"
    events = list(cal.walk("VEVENT"))
    got = []
    for e in events:
        start, end = e.decoded("DTSTART"), e.decoded("DTEND")
        assert type(start) is dt.date and type(end) is dt.date  # all-day events
        got.append(
            (
                str(e["CATEGORIES"].cats[0]),
                start.isoformat(),
                (end - dt.timedelta(days=1)).isoformat(),
            )
        )  # DTEND is exclusive
    assert got == [(kind, start, end) for kind, _, start, end in YEAR_2027]
    window = events[0]
    assert (window.decoded("DTSTART"), window.decoded("DTEND")) == (
        D("2026-12-18"),
        D("2027-01-01"),
    )
    assert str(window["SUMMARY"]) == "2027-Q1 OKR setting"


STAMP = dt.datetime(2027, 3, 1, 12, 30, tzinfo=dt.UTC)


def test_ics_is_deterministic_with_uids_that_name_the_event(year: Roadmap) -> None:
    first = to_ics(cadence_events(year), "CS cadence", STAMP)
    assert first == to_ics(cadence_events(year), "CS cadence", STAMP)
    events = list(Calendar.from_ical(first).walk("VEVENT"))
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    assert uids[0] == "okr-setting-2027-q1@customer-service.cs-roadmap"
    assert "roadmap-review-2027-q1@customer-service.cs-roadmap" in uids
    assert "okr-setting-2028-q1@customer-service.cs-roadmap" in uids
    assert {e.decoded("DTSTAMP") for e in events} == {STAMP}


def test_dtstamp_is_the_build_time_or_source_date_epoch(
    year: Roadmap, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    (event, *_) = Calendar.from_ical(to_ics(cadence_events(year), "c")).walk("VEVENT")
    assert before <= event.decoded("DTSTAMP") <= dt.datetime.now(dt.UTC)  # never in the future
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    (event, *_) = Calendar.from_ical(to_ics(cadence_events(year), "c")).walk("VEVENT")
    assert event.decoded("DTSTAMP") == dt.datetime(2027, 1, 15, 8, 0, tzinfo=dt.UTC)


def test_uids_survive_a_new_title_and_a_moved_review(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    before = {e.kind + str(e.quarter): e.uid for e in cadence_events(model_of(tmp_path, YEAR))}
    (tmp_path / "other").mkdir()
    data = write_roadmap(tmp_path / "other", YEAR.replace("03-15", "02-19"))
    settings = data / "roadmap.yaml"
    settings.write_text(
        settings.read_text("utf-8").replace("Customer Service Roadmap 2027", "Our roadmap 2028"),
        "utf-8",
    )
    after_model = validate(data).model
    assert after_model is not None and after_model.settings.title == "Our roadmap 2028"
    after = {e.kind + str(e.quarter): e.uid for e in cadence_events(after_model)}
    assert after == before
    reviews = [e.start for e in cadence_events(after_model) if e.kind == "roadmap-review"]
    assert reviews[0] == D("2027-02-19")  # moved, and still the same event for subscribers


def test_the_calendar_file_holds_the_organisations_events(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    data = write_roadmap(tmp_path, YEAR)
    (data / "calendar.yaml").write_text(
        textwrap.dedent(
            """\
            events:
              - {id: product-launch, title: Product launch, quarter: 2027-Q3, capacity_factor: 0.7}
              - {id: headcount-freeze, title: Headcount freeze, quarter: 2027-Q2, blocks: [hiring]}
              - {id: year-end, title: Fiscal year end, quarter: 2027-Q4, date: 2027-12-31}
            """
        ),
        encoding="utf-8",
    )
    result = run_cli("calendar", "--format", "ics")
    assert result.exit_code == 0, result.output
    events = {
        str(e["UID"]): e
        for e in Calendar.from_ical(result.stdout_bytes).walk("VEVENT")
        if str(e["CATEGORIES"].cats[0]) == "organisation-event"
    }
    assert sorted(events) == [
        "event-headcount-freeze@customer-service.cs-roadmap",
        "event-product-launch@customer-service.cs-roadmap",
        "event-year-end@customer-service.cs-roadmap",
    ]
    launch = events["event-product-launch@customer-service.cs-roadmap"]
    assert (launch.decoded("DTSTART"), launch.decoded("DTEND")) == (
        D("2027-07-01"),
        D("2027-10-01"),
    )
    assert str(launch["DESCRIPTION"]) == "Capacity for roadmap work in 2027-Q3: 70% of normal."
    freeze = events["event-headcount-freeze@customer-service.cs-roadmap"]
    assert str(freeze["DESCRIPTION"]) == "Work that needs hiring cannot run in 2027-Q2."
    year_end = events["event-year-end@customer-service.cs-roadmap"]
    assert (year_end.decoded("DTSTART"), year_end.decoded("DTEND")) == (
        D("2027-12-31"),
        D("2028-01-01"),
    )


def test_roadmap_reviews_move_off_weekends_to_the_next_working_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = YEAR.replace(
        "every_months: 3, next: 2027-03-15", "every_months: 2, next: 2027-01-16"
    )
    model = model_of(tmp_path, settings)
    reviews = [e.start for e in cadence_events(model) if e.kind == "roadmap-review"]
    # Sat 16 Jan, Tue 16 Mar, Sun 16 May, Fri 16 Jul, Thu 16 Sep, Tue 16 Nov: each counted
    # from the anchor, the weekend ones on the Monday after.
    assert reviews == [
        D("2027-01-18"),
        D("2027-03-16"),
        D("2027-05-17"),
        D("2027-07-16"),
        D("2027-09-16"),
        D("2027-11-16"),
    ]
    assert all(day.weekday() < 5 for day in reviews)


SPAN_AND_TEAMS = """\
    events:
      - id: holiday-freeze
        title: Holiday change freeze
        from: 2027-12-13
        to: 2028-01-07
        capacity_factor: 0.5
        blocks: [release]
      - id: billing-launch
        title: Billing launch
        quarter: 2027-Q3
        date: 2027-07-06
        capacity_factor: 0.7
        teams: [billing]
    """


def _span_and_teams(tmp_path: Path) -> Path:
    data = write_roadmap(tmp_path, YEAR)
    (data / "calendar.yaml").write_text(textwrap.dedent(SPAN_AND_TEAMS), encoding="utf-8")
    (data / "people.yaml").write_text(
        "teams:\n  - {id: billing, name: Billing}\npeople: []\n", encoding="utf-8"
    )
    return data


def test_an_event_of_some_days_and_a_team_event_in_the_calendar_file(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _span_and_teams(tmp_path)
    result = run_cli("calendar", "--format", "ics")
    assert result.exit_code == 0, result.output
    events = {
        str(e["UID"]).split("@")[0]: e
        for e in Calendar.from_ical(result.stdout_bytes).walk("VEVENT")
        if str(e["CATEGORIES"].cats[0]) == "organisation-event"
    }
    freeze = events["event-holiday-freeze"]
    assert (freeze.decoded("DTSTART"), freeze.decoded("DTEND")) == (
        D("2027-12-13"),
        D("2028-01-08"),
    )
    # 2027-12-13 to 12-31 is 15 of 2027-Q4's 66 working days; 2028-01-01 to 01-07 is 5 of
    # 2028-Q1's 65 (1 January 2028 is a Saturday).
    assert str(freeze["DESCRIPTION"]) == (
        "Capacity for roadmap work in 2027-Q4 (over 23% of its working days): 50% of normal. "
        "Work that needs release cannot end in 2027-Q4. "
        "Capacity for roadmap work in 2028-Q1 (over 8% of its working days): 50% of normal. "
        "Work that needs release cannot end in 2028-Q1."
    )
    launch = events["event-billing-launch"]
    assert str(launch["SUMMARY"]) == "Billing launch (Billing only)"
    assert str(launch["DESCRIPTION"]) == (
        "Capacity for roadmap work in 2027-Q3: 70% of normal, Billing only."
    )
    assert launch.decoded("DTSTART") == D("2027-07-06")


def test_the_text_calendar_lists_the_business_events_with_their_teams(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _span_and_teams(tmp_path)
    result = run_cli("calendar", "--today", "2027-03-20")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "        Tue 2027-07-06                    Billing launch (Billing only)" in lines
    assert "        Mon 2027-12-13 to Fri 2028-01-07  Holiday change freeze" in lines
    assert "19 events, 3 past. As iCalendar: roadmap calendar --format ics" in lines


# --- roadmap calendar -----------------------------------------------------------------


def test_calendar_text_marks_past_events(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_roadmap(tmp_path, YEAR)
    result = run_cli("calendar", "--today", "2027-03-20")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "Cadence: Customer Service Roadmap 2027, 2027-Q1 to 2027-Q4 (today 2027-03-20)"
    )
    assert lines[2:8] == [
        "  past  Fri 2026-12-18 to Thu 2026-12-31  2027-Q1 OKR setting",
        "  past  Mon 2027-02-08                    2027-Q1 mid-quarter OKR review",
        "  past  Mon 2027-03-15                    Roadmap review",
        "  now   Thu 2027-03-18 to Wed 2027-03-31  2027-Q2 OKR setting",
        "  next  Wed 2027-03-31                    2027-Q1 OKR closing",
        "        Mon 2027-05-10                    2027-Q2 mid-quarter OKR review",
    ]
    assert "        Fri 2027-12-31                    2027-Q4 OKR closing" in lines
    assert "17 events, 3 past. As iCalendar: roadmap calendar --format ics" in lines


def test_calendar_ics_output(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_roadmap(tmp_path, YEAR)
    result = run_cli("calendar", "--format", "ics")
    assert result.exit_code == 0
    cal = Calendar.from_ical(result.stdout_bytes)
    assert len(list(cal.walk("VEVENT"))) == 17
    assert str(cal["X-WR-CALNAME"]) == "Customer Service Roadmap 2027: cadence"


def test_calendar_rejects_a_bad_date(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_roadmap(tmp_path, YEAR)
    result = run_cli("calendar", "--today", "2027-13-01")
    assert result.exit_code == 2
    assert "--today" in str(result.stderr)


def test_calendar_on_invalid_data_exits_1(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_roadmap(tmp_path, "horizon: {start: 2027-Q5, quarters: 4}\ncapacity: {default: 20}\n")
    result = run_cli("calendar")
    assert (result.exit_code, result.stdout) == (1, "")
    assert str(result.stderr).startswith("roadmap/roadmap.yaml:2:18: error:")


# --- the calendar page --------------------------------------------------------------------


def test_the_calendar_page_gives_every_entry_its_weekday_and_date(
    prepared: dict[str, Prepared],
) -> None:
    text = page(prepared, "calendar.md", "team")
    assert "| Fri 18 Dec 2026 to Thu 31 Dec 2026 | 2027\\-Q1 OKR setting | past |" in lines(text)
    events = text[text.index("## Calendar events that shape the plan") :].splitlines()
    assert events[4:] == [
        "| 2027\\-Q2, the whole quarter | EMEA works\\-council consultation on the escalation "
        "rota \\(EMEA Escalation Team only\\) | Capacity for roadmap work in 2027\\-Q2: 80% of "
        "normal, EMEA Escalation Team only\\. |",
        "| 2027\\-Q2, the whole quarter | Company\\-wide headcount freeze | Work that needs hiring "
        "cannot run in 2027\\-Q2\\. |",
        "| Tue 6 Jul 2027 \\(2027\\-Q3\\) | Payroll 3\\.0 release | Capacity for roadmap work in "
        "2027\\-Q3: 70% of normal\\. |",
        "| Mon 13 Dec 2027 to Fri 31 Dec 2027 | Knowledge content freeze over the holidays "
        "\\(Knowledge and Self\\-Service only\\) | Capacity for roadmap work in 2027\\-Q4 \\(over "
        "23% of its working days\\): 50% of normal, Knowledge and Self\\-Service only\\. |",
        "| Fri 31 Dec 2027 \\(2027\\-Q4\\) | Fiscal year end and budget round | Capacity for "
        "roadmap work in 2027\\-Q4: 90% of normal\\. |",
    ]


def test_a_quarter_lists_its_events_with_their_days_and_teams(
    prepared: dict[str, Prepared],
) -> None:
    team = lines(page(prepared, "team.md", "team"))
    assert (
        "*Also this quarter: Fiscal year end and budget round \\(Fri 31 Dec 2027\\); Knowledge "
        "content freeze over the holidays \\(Mon 13 Dec 2027 to Fri 31 Dec 2027, Knowledge and "
        "Self\\-Service only\\).*"
    ) in team
