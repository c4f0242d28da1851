"""The holidays tool: when a named holiday is (in the country named, or the one the name belongs to), whether a day
is one, a country's list, the next one; and which messages plainly ask such a thing."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llorch.errors import ToolError
from llorch.tools.base import ToolContext
from llorch.tools.exact import exact_call
from llorch.tools.holidayquestions import holidays_asked
from llorch.tools.holidayrules import country_in
from llorch.tools.publicdays import HolidaysTool, explain

NOW = datetime(2026, 12, 6, 10, 0, tzinfo=timezone.utc)  # a Sunday


@pytest.fixture(autouse=True)
def no_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("LC_ALL", "LC_TIME", "LANG"):
        monkeypatch.setenv(key, "C.UTF-8")  # (this machine names no country unless a test says so)


@pytest.mark.parametrize(("args", "said", "day"), [
    ({"action": "date", "name": "thanksgiving", "year": 2027}, "Thanksgiving Day in the United States", "2027-11-25"),
    ({"action": "date", "name": "labor day", "year": 2027}, "Labor Day in the United States", "2027-09-06"),
    ({"action": "date", "name": "mlk day", "year": 2027}, "Martin Luther King Jr. Day", "2027-01-18"),
    ({"action": "date", "name": "independence day", "year": 2027}, "Independence Day in the United States",
     "2027-07-04"),  # (not Juneteenth National Independence Day)
    ({"action": "date", "name": "canada day", "year": 2027}, "Canada Day in Canada", "2027-07-01"),
    ({"action": "date", "name": "labour day", "country": "Germany", "year": 2027}, "in Germany", "2027-05-01"),
    ({"action": "date", "name": "easter monday", "country": "UK", "year": 2027}, "Easter Monday in England",
     "2027-03-29"),
    ({"action": "date", "name": "memorial day"}, "Memorial Day in the United States", "2027-05-31"),  # the next
])
def test_a_holiday_by_name_is_the_day_its_rules_give(args: dict[str, object], said: str, day: str) -> None:
    text, data = explain(args, NOW)
    assert said in text and data["date"] == day, text
    assert data["weekday"] == date.fromisoformat(day).strftime("%A")


def test_a_holiday_only_some_regions_keep_is_found_in_them_and_said_so() -> None:
    text, data = explain({"action": "date", "name": "victoria day", "country": "Canada", "year": 2027}, NOW)
    assert data["date"] == "2027-05-24" and "ON" in data["regions"] and "QC" not in data["regions"]
    assert "(in Alberta, British Columbia, Manitoba" in text and "not the whole of Canada)" in text
    # No country named: the English-speaking countries' regions after their nationwide lists
    _, data = explain({"action": "date", "name": "victoria day", "year": 2027}, NOW)
    assert data["country"] == "CA" and data["date"] == "2027-05-24"
    text, data = explain({"action": "date", "name": "st andrew's day", "year": 2027}, NOW)
    assert data["date"] == "2027-11-30" and text.startswith("Saint Andrew's Day (in Scotland, not the whole of the "
                                                            "United Kingdom)")
    text, _ = explain({"action": "date", "name": "patriots' day", "year": 2027}, NOW)
    assert "(in Massachusetts and Maine, not the whole of the United States) is on Monday 19 April 2027" in text
    with pytest.raises(ToolError, match="no public holiday called 'election'"):
        explain({"action": "date", "name": "election", "year": 2027}, NOW)  # (one word, no "day": not a region's)


def test_a_countrys_own_regions_come_before_another_countrys_nationwide_holiday(
        monkeypatch: pytest.MonkeyPatch) -> None:
    _, data = explain({"action": "date", "name": "family day", "year": 2027}, NOW)
    assert data["country"] == "ZA"  # (South Africa's, nationwide, before Canada's provinces')
    monkeypatch.setenv("LANG", "en_CA.UTF-8")
    _, data = explain({"action": "date", "name": "family day", "year": 2027}, NOW)
    assert data["country"] == "CA" and data["date"] == "2027-02-15" and "ON" in data["regions"]


@pytest.mark.parametrize(("args", "said"), [
    ({"action": "check", "date": "2027-01-06", "country": "Bavaria"},
     "Wednesday 6 January 2027 is a public holiday in Bavaria: Epiphany."),
    ({"action": "check", "date": "2027-01-06", "country": "DE"},
     "Wednesday 6 January 2027 is not a public holiday in Germany as a whole; it is one in Baden-Württemberg, Bavaria "
     "and Saxony-Anhalt: Epiphany."),  # (not Augsburg too: a city within Bavaria)
    ({"action": "check", "date": "2027-01-04", "country": "UK"},
     "Monday 4 January 2027 is not a public holiday in England; it is one in Scotland: New Year Holiday (observed)."),
    ({"action": "check", "date": "2027-03-02", "country": "United States"},
     "Tuesday 2 March 2027 is not a public holiday in the United States as a whole; it is one in Texas (Texas "
     "Independence Day); in Vermont (Town Meeting Day)."),
    ({"action": "check", "date": "2027-11-17", "country": "DE-SN"}, "a public holiday in Saxony: Repentance and "
                                                                     "Prayer Day."),
    ({"action": "check", "date": "2027-11-17", "country": "Sachsen"}, "a public holiday in Saxony"),
    ({"action": "check", "date": "2027-11-17", "country": "Berlin"}, "is not a public holiday in Berlin."),
    ({"action": "check", "date": "2027-06-24", "country": "Québec"}, "in Quebec: Saint John the Baptist Day."),
    ({"action": "workdays", "from": "2027-03-01", "to": "2027-03-12", "country": "Berlin"},
     "10 weekdays, 9 working days in Berlin: 1 public holiday falls on a weekday (Monday 8 March: Women's Day)."),
    ({"action": "list", "country": "AU-VIC", "year": 2027, "month": "November"},
     "Public holidays in Victoria in November 2027:\n- Tuesday 2 November: Melbourne Cup Day"),
])
def test_a_region_named_has_its_own_holidays_and_a_country_says_which_regions_keep_a_day(
        args: dict[str, object], said: str) -> None:
    text, _ = explain(args, NOW)
    assert said in text, text


@pytest.mark.parametrize(("text", "place"), [
    ("in Bavaria", ("DE", "BY")), ("in New South Wales", ("AU", "NSW")), ("in Wales", ("GB", "WLS")),
    ("in Victoria, Australia", ("AU", "VIC")), ("Victoria Day in Canada", ("CA", None)),
    ("in New Mexico", ("US", "NM")), ("in Western Australia", ("AU", "WA")), ("in Australia", ("AU", None)),
    ("in Georgia", ("GE", None)),  # (a country's name before a state's)
    ("in Baden-Wurttemberg", ("DE", "BW")), ("in Québec", ("CA", "QC")), ("in Quebec", ("CA", "QC")),
    ("Washington's Birthday in the US", ("US", None)), ("in Berlin, Germany", ("DE", "BE")),
    ("in Indiana", ("US", "IN")), ("in India", ("IN", None)), ("in Washington, D.C.", ("US", "DC")),
    ("in Washington", ("US", "WA")),
])
def test_a_region_named_in_words(text: str, place: tuple[str, str | None]) -> None:
    assert country_in(text) == place


def test_a_region_by_code_is_one_the_rules_know() -> None:
    assert explain({"action": "check", "date": "2027-04-19", "country": "us-ma"}, NOW)[1]["holiday"] is True
    with pytest.raises(ToolError, match="'XX' is no region of the United States the rules know"):
        explain({"action": "check", "date": "2027-04-19", "country": "US-XX"}, NOW)


def test_whether_a_day_is_a_holiday_is_a_verdict_and_a_country_is_needed() -> None:
    tool = HolidaysTool()
    yes = tool.run({"action": "check", "date": "31 May 2027", "country": "US"}, ToolContext(now=lambda: NOW))
    assert yes.verdict is True and yes.text == "Monday 31 May 2027 is a public holiday in the United States: " \
                                                "Memorial Day."
    unity = tool.run({"action": "check", "date": "2027-10-03", "country": "DE"}, ToolContext(now=lambda: NOW))
    assert unity.verdict is True and unity.data["name"] == "German Unity Day"  # (a Sunday: a holiday all the same)
    no = tool.run({"action": "check", "date": "2027-10-04", "country": "DE"}, ToolContext(now=lambda: NOW))
    assert no.verdict is False and "regions add their own" in no.text
    with pytest.raises(ToolError, match="which country"):
        tool.run({"action": "check", "date": "tomorrow"}, ToolContext(now=lambda: NOW))
    with pytest.raises(ToolError, match="no country the holiday rules know"):
        tool.run({"action": "check", "date": "tomorrow", "country": "Atlantis"}, ToolContext(now=lambda: NOW))


def test_a_machines_locale_names_its_country(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    text, data = explain({"action": "next"}, NOW)
    assert data["date"] == "2026-12-25" and "in England" in text and "Scotland, Wales and Northern Ireland differ" \
        in text


def test_a_countrys_list_for_a_month_and_a_year() -> None:
    text, data = explain({"action": "list", "country": "Germany", "year": 2027, "month": "May"}, NOW)
    assert [h["date"] for h in data["holidays"]] == ["2027-05-01", "2027-05-06", "2027-05-17"]
    assert "regions add their own" in text
    text, data = explain({"action": "list", "country": "England", "year": 2027}, NOW)
    assert "2027-08-30" in [h["date"] for h in data["holidays"]]  # the summer bank holiday: England's, not the UK's
    assert "Halloween" not in text
    text, _ = explain({"action": "list", "country": "US", "year": 2027, "month": "march"}, NOW)
    assert text.startswith("The United States has no public holiday in March 2027")


@given(st.dates(date(1990, 1, 1), date(2100, 12, 31)))
@settings(max_examples=40, deadline=None)
def test_the_next_holiday_is_after_the_day_and_none_falls_between(start: date) -> None:
    import holidays

    _, data = explain({"action": "next", "country": "US", "date": start.isoformat()}, NOW)
    found = date.fromisoformat(data["date"])
    table = holidays.country_holidays("US", years=range(start.year, start.year + 2))
    assert found > start and found in table
    assert not [d for d in table if start < d < found], (start, found)


@pytest.mark.parametrize(("text", "country"), [
    ("in the UK", ("GB", None)), ("in Scotland", ("GB", "SCT")), ("Germany", ("DE", None)),
    ("in the US", ("US", None)), ("in New Zealand", ("NZ", None)), ("in the United States", ("US", None)),
    ("the bus stops", None), ("us", None),  # ("us" the word)
])
def test_a_country_named_in_words(text: str, country: tuple[str, str | None] | None) -> None:
    assert country_in(text) == country


@pytest.mark.parametrize(("code", "said"), [("KR", "in South Korea"), ("CZ", "in Czechia"), ("US", "in the United States"),
                                           ("BA", "in Bosnia and Herzegovina")])
def test_a_country_is_said_by_its_name(code: str, said: str) -> None:
    text, _ = explain({"action": "check", "date": "2027-06-01", "country": code}, NOW)
    assert said in text


def test_bad_arguments_are_said() -> None:
    for args, said in [({"action": "date"}, "needs 'name'"), ({"action": "dance"}, "action must be one of"),
                       ({"action": "date", "name": "talk like a pirate day", "country": "US"}, "no public holiday"),
                       ({"action": "list", "country": "US", "year": 99999}, "outside the years"),
                       ({"action": "list", "country": "US", "month": "smarch"}, "no month")]:
        with pytest.raises(ToolError, match=said):
            explain(args, NOW)


# Fresh questions (none of the probes' wording): what each asks of the tool.
@pytest.mark.parametrize(("asked", "args"), [
    ("When is Thanksgiving this year?", {"action": "date", "name": "thanksgiving", "year": 2026}),
    ("what date is labor day next year", {"action": "date", "name": "labor day", "year": 2027}),
    ("When's the next bank holiday in England?", {"action": "next", "country": "England"}),
    ("When is the next bank holiday in England?", {"action": "next", "country": "England"}),
    ("Is 28 December 2026 a bank holiday in the UK?", {"action": "check", "date": "28 December 2026", "country": "GB"}),
    ("Is Good Friday 2027 a public holiday in Canada?", {"action": "check", "date": "Good Friday 2027",
                                                          "country": "CA"}),  # (the calendar's day)
    ("Is Whit Monday 2027 a holiday in Spain?", {"action": "check", "date": "2027-05-17", "country": "ES"}),
    ("Which public holidays are there in Italy in August 2027?",
     {"action": "list", "country": "IT", "year": 2027, "month": "august"}),
    ("When is Waitangi Day 2027 in New Zealand?", {"action": "date", "name": "waitangi day", "country": "NZ",
                                                   "year": 2027}),
    ("When is Australia Day 2027 and what day of the week is it?", {"action": "date", "name": "australia day",
                                                                     "year": 2027}),
    ("Is 6 January 2027 a bank holiday in Bavaria?", {"action": "check", "date": "6 January 2027",
                                                       "country": "DE-BY"}),
    ("What public holidays does New South Wales have in 2027?", {"action": "list", "country": "AU-NSW",
                                                                 "year": 2027}),  # (not Wales's)
    ("When is Labour Day 2027 in Victoria, Australia?", {"action": "date", "name": "labour day", "country": "AU-VIC",
                                                         "year": 2027}),
    ("When's the next public holiday in Texas?", {"action": "next", "country": "US-TX"}),
    ("When is Thanksgiving in Atlantis?", None),  # (a country no rules know: not the US's answered instead)
    ("Is 1 May 2027 a holiday in Narnia?", None),
    ("When is the party?", None),
    ("When is my dentist appointment?", None),
    ("What holidays should I take next year?", None),  # no country, none here: the model's
    ("Is Monday a holiday?", None),
])
def test_which_messages_ask_the_tool(asked: str, args: dict[str, object] | None) -> None:
    assert holidays_asked(asked, NOW) == args


def test_christmas_and_easter_stay_with_the_calendar_asked_first() -> None:
    enabled = {"calendar", "holidays"}
    assert exact_call("When is Christmas 2027?", enabled, NOW)[0] == "calendar"  # type: ignore[index]
    assert exact_call("When is Easter 2027?", enabled, NOW)[0] == "calendar"  # type: ignore[index]
    assert exact_call("What day of the week is Independence Day 2027?", enabled, NOW) == (
        "holidays", {"action": "date", "name": "independence day", "year": 2027})
    assert exact_call("When is Canada Day 2027?", {"calendar"}, NOW) is None  # (not enabled: the model's)


def test_the_next_one_a_year_on_when_this_years_has_passed() -> None:
    later = NOW + timedelta(days=200)  # 24 June 2027: Memorial Day 2027 is past
    _, data = explain({"action": "date", "name": "memorial day"}, later)
    assert data["date"] == "2028-05-29"


@pytest.mark.parametrize(("asked", "answer", "noted"), [
    ("When is Labor Day in 2027?", "Labor Day in 2027 is on Monday, September 3rd.", True),  # the 1.5B's
    ("When is Labor Day in 2027?", "It is on Monday, September 6, 2027.", False),
    ("Is 31 May 2027 a public holiday in the US?", "No, 31 May 2027 is not a public holiday in the US.", True),
    ("Is 31 May 2027 a public holiday in the US?", "Yes: Memorial Day.", False),
    ("What public holidays does Germany have in May 2027?", "Germany does not have any public holidays in May.", True),
    ("What public holidays does Germany have in May 2027?", "Labor Day on 1 May, Ascension Day on 6 May and "
     "Pentecost Monday on 17 May.", False),
    ("What day of the week is Independence Day 2027?", "Independence Day is celebrated on July 4, 2027.", True),
    ("How many working days are in December 2026 in the UK?", "There are 23 working days.", True),  # (weekdays)
    ("How many working days are in December 2026 in the UK?", "21 working days: Christmas and Boxing Day are off.",
     False),
])
def test_an_answer_that_does_not_give_the_tools_day_gets_a_note(tmp_path: Path, asked: str, answer: str,
                                                                noted: bool) -> None:
    from llorch.chat.conversation import Conversation
    from llorch.chat.events import Notice, ToolEvent
    from llorch.config import resolve_paths
    from llorch.engine.fake import FakeBackend
    from llorch.profiles import parse_profile
    from llorch.store.db import Store
    from llorch.tools.calls import ToolBox

    profile = parse_profile({"system_prompt": "Be exact.", "models": {"chat": ["m"]},
                             "tools": {"enabled": ["calendar", "holidays"], "auto": "off"}}, "test", name="general-like")
    fb = FakeBackend([answer, answer], name="m")
    with Store.open(tmp_path / "db.sqlite") as store:
        conv = Conversation(store, lambda ref: fb, model_ref="m", profile=profile,
                            toolbox=ToolBox(resolve_paths(), now=lambda: NOW))
        events = list(conv.send(asked))
    assert [e.name for e in events if isinstance(e, ToolEvent)] == ["holidays"]
    assert bool([e for e in events if isinstance(e, Notice)]) is noted


def test_a_list_of_holidays_is_to_be_given_as_it_is_and_one_day_in_words() -> None:
    from llorch.chat.prompt import Turn, render_turns

    listed, _ = explain({"action": "list", "country": "Spain", "year": 2027}, NOW)
    one, _ = explain({"action": "date", "name": "labor day", "year": 2027}, NOW)
    for result, hinted in ((listed, True), (one, False)):
        told = render_turns([Turn("user", "?"), Turn("tool", result, name="holidays", by_model=False, exact=True)],
                            tool_role=True)[-1].content
        assert told.endswith("\n\n(Give the user this list as it is, line for line.)") is hinted  # (not on the
        # list's last line, where the 1.5B copied it into its answer)


@pytest.mark.parametrize(("asked", "args", "workdays"), [
    ("How many working days are in December 2026 in the UK, not counting bank holidays?",
     {"action": "workdays", "from": "2026-12-01", "to": "2026-12-31", "country": "GB"}, 21),  # 23 weekdays − 25, 28
    ("how many business days are there in January 2027 in Scotland?",
     {"action": "workdays", "from": "2027-01-01", "to": "2027-01-31", "country": "Scotland"}, 19),  # 1 and 4 Jan
    ("How many business days until 15 January 2027 in the US?",
     {"action": "workdays", "from": "2026-12-06", "to": "2027-01-15", "country": "US"}, 28),
    ("How many working days does November 2027 have in Saxony?",
     {"action": "workdays", "from": "2027-11-01", "to": "2027-11-30", "country": "DE-SN"}, 21),  # 22 − 17 Nov
])
def test_working_days_in_a_country_named_leave_its_holidays_out(asked: str, args: dict[str, object],
                                                               workdays: int) -> None:
    assert exact_call(asked, {"calendar", "holidays"}, NOW) == ("holidays", args)
    text, data = explain(args, NOW)
    assert data["workdays"] == workdays and f"{workdays} working days" in text


def test_working_days_with_no_country_stay_the_calendars_weekdays() -> None:
    found = exact_call("How many business days until 15 January 2027?", {"calendar", "holidays"}, NOW)
    assert found is not None and found[0] == "calendar"
    # holidays to leave out, and no country named nor any here: the model's, as before
    assert exact_call("How many business days until Christmas, not counting bank holidays?", {"holidays"}, NOW) is None


@given(st.dates(date(2000, 1, 1), date(2060, 12, 31)), st.integers(0, 400))
@settings(max_examples=30, deadline=None)
def test_working_days_are_the_weekdays_that_are_no_holiday(start: date, length: int) -> None:
    import holidays

    end = start + timedelta(days=length)
    _, data = explain({"action": "workdays", "from": start.isoformat(), "to": end.isoformat(), "country": "DE"}, NOW)
    table = holidays.country_holidays("DE", years=range(start.year, end.year + 1), language="en_US")
    walked = sum(1 for k in range(length + 1) if (d := start + timedelta(days=k)).weekday() < 5 and d not in table)
    assert data["workdays"] == walked


@pytest.mark.parametrize(("asked", "args", "said"), [
    ("What date is 10 business days after 18 December 2026 in England?",
     {"action": "add", "from": "2026-12-18", "days": 10, "country": "England"},
     "10 working days after Friday 18 December 2026 in England is Wednesday 6 January 2027: 3 public holidays on a "
     "weekday left out (Friday 25 December: Christmas Day; Monday 28 December: Boxing Day (observed); Friday 1 "
     "January: New Year's Day)."),
    ("What date was 3 working days before 4 January 2027 in Scotland?",
     {"action": "add", "from": "2027-01-04", "days": -3, "country": "Scotland"},
     "is Tuesday 29 December 2026: 1 public holiday on a weekday left out (Friday 1 January: New Year's Day)."),
    ("what's the date 5 working days from today in Bavaria",
     {"action": "add", "from": "2026-12-06", "days": 5, "country": "DE-BY"},
     "is Friday 11 December 2026: no public holiday on a weekday between."),
])
def test_working_days_on_from_a_day_leave_a_countrys_holidays_out(asked: str, args: dict[str, object],
                                                                  said: str) -> None:
    assert exact_call(asked, {"calendar", "holidays"}, NOW) == ("holidays", args)
    text, data = explain(args, NOW)
    assert said in text, text
    assert data["weekday"] == date.fromisoformat(data["date"]).strftime("%A")


def test_working_days_on_with_no_country_stay_the_calendars_weekdays() -> None:
    assert exact_call("What date is 10 business days from today?", {"calendar", "holidays"}, NOW) == (
        "calendar", {"action": "date", "date": "10 business days from today"})


@given(st.dates(date(2000, 1, 1), date(2090, 12, 31)), st.integers(-400, 400))
@settings(max_examples=40, deadline=None)
def test_working_days_on_land_on_a_working_day_with_as_many_between(start: date, count: int) -> None:
    import holidays

    _, data = explain({"action": "add", "from": start.isoformat(), "days": count, "country": "US"}, NOW)
    end = date.fromisoformat(data["date"])
    table = holidays.country_holidays("US", years=range(min(start, end).year, max(start, end).year + 1))
    if count == 0:
        assert end == start
        return
    assert end.weekday() < 5 and end not in table
    low, high = sorted((start, end))
    between = [low + timedelta(days=k) for k in range(1, (high - low).days + 1)]  # (the start not counted)
    if count < 0:
        between = [low + timedelta(days=k) for k in range(0, (high - low).days)]
    assert sum(d.weekday() < 5 and d not in table for d in between) == abs(count)


def test_working_days_on_take_a_count_in_reason() -> None:
    with pytest.raises(ToolError, match="needs 'days'"):
        explain({"action": "add", "country": "US"}, NOW)
    with pytest.raises(ToolError, match="more than the tool counts"):
        explain({"action": "add", "days": 10**9, "country": "US"}, NOW)
