"""A list of durations written with colons piped with a question that asks their total, average, median, longest or
shortest ("Add up these call durations.", "What's the average of these lap times?"): how the question's words read a
bare 12:03, what the timespan tool says, and what stays the model's."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from llorch.chat.answercheck import expected, fault
from llorch.chat.longinput import Document, compose
from llorch.errors import ToolError
from llorch.tools.base import ToolContext, ToolResult, shown_parameters
from llorch.tools.durationlists import durations_answer, durations_asked, read_durations
from llorch.tools.durations import hours_minutes_seconds, split_seconds
from llorch.tools.exact import EXACT_TOOLS, exact_call, read_whole
from llorch.tools.registry import ToolRegistry
from llorch.tools.timespanquestions import timespan_asked

NOW = datetime(2026, 12, 7, 13, 0, tzinfo=timezone.utc)
CALLS = "12:03\n4:45\n7:30\n"
LAPS = "1:32\n1:28\n1:35\n"


def asked(question: str, text: str) -> dict[str, Any] | None:
    return durations_asked(compose(question, [Document(text)]))


def call(args: dict[str, Any]) -> ToolResult:
    return ToolRegistry().call("timespan", args, ToolContext(data_dir=Path("/nonexistent"), now=lambda: NOW))


def piped(question: str, text: str) -> tuple[str, dict[str, Any]] | None:
    """The exact call for a question with piped text, as `llorch run` sends it (read whole: exact.READ_WHOLE)."""
    whole = read_whole(question, [text], EXACT_TOOLS, NOW)
    found = exact_call(whole if whole is not None else compose(question, [Document(text)]), EXACT_TOOLS, NOW)
    assert (whole is not None) == (found is not None and found[0] == "timespan")
    return found


# --- the real questions -------------------------------------------------------------------------------------------


def test_call_durations_are_minutes_and_seconds_and_add_up_to_24_18() -> None:
    # the 1.5B: 14 hours 28 minutes
    args = asked("Add up these call durations.", CALLS)
    assert args == {"durations": "12:03\n4:45\n7:30", "stat": "sum", "as": "m:ss"}
    data, said = durations_answer(args["durations"], args["stat"], args["as"])
    assert said == "Read as minutes:seconds, 12:03 + 4:45 + 7:30 = 24:18 (24 minutes 18 seconds, 1,458 seconds)."
    assert data == {"stat": "sum", "read_as": "m:ss", "count": 3, "each": [723, 285, 450], "result": "24:18",
                    "words": "24 minutes 18 seconds", "in_seconds": 1458}


def test_the_average_of_lap_times_is_1_31_67() -> None:
    args = asked("What's the average of these lap times?", LAPS)
    assert args == {"durations": "1:32\n1:28\n1:35", "stat": "mean", "as": "m:ss"}
    data, said = durations_answer(args["durations"], args["stat"], args["as"])
    assert said == ("Read as minutes:seconds, the average of the 3 durations (1:32, 1:28, 1:35) is about 1:31.67 "
                    "(about 1 minute 31.67 seconds, 91.67 seconds); their total is 4:35.")
    assert data["result"] == "1:31.67"
    assert data["in_seconds"] == pytest.approx(91.666667)
    assert data["total"] == "4:35"
    assert data["rounded"] == ["1:31.7", "1:32"]


# --- other questions and lists ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("question", "text", "args", "result"), [
    ("How long are these songs in total?", "3:45\n4:12\n5:01", {"stat": "sum", "as": "m:ss"}, "12:58"),
    ("Total talk time?", CALLS, {"stat": "sum", "as": "m:ss"}, "24:18"),
    ("What's the total time of these songs?", "Song A 3:45\nSong B 4:12", {"stat": "sum", "as": "m:ss"}, "7:57"),
    ("How long is this playlist?", "1. Intro - 3:45\n2. Verse - 4:12", {"stat": "sum", "as": "m:ss"}, "7:57"),
    ("How much time did I spend on calls?", CALLS, {"stat": "sum", "as": "m:ss"}, "24:18"),
    ("Sum my split times", "5:02\n4:58\n5:10", {"stat": "sum", "as": "m:ss"}, "15:10"),
    ("What's my fastest lap?", "Lap 1: 1:32\nLap 2: 1:28\nLap 3: 1:35", {"stat": "fastest", "as": "m:ss"}, "1:28"),
    ("Which lap was the slowest?", LAPS, {"stat": "slowest", "as": "m:ss"}, "1:35"),
    ("Which call took the longest?", CALLS, {"stat": "max", "as": "m:ss"}, "12:03"),
    ("What was the shortest track?", "Track 1 3:45\nTrack 2 2:58", {"stat": "min", "as": "m:ss"}, "2:58"),
    ("How long is the average song?", "3:45\n4:15", {"stat": "mean", "as": "m:ss"}, "4:00"),
    ("What's the median lap time?", LAPS, {"stat": "median", "as": "m:ss"}, "1:32"),
    ("Average lap time?", "1:32.4\n1:28.1\n1:35", {"stat": "mean", "as": "m:ss"}, "1:31.83"),
    ("What's the average of these times (minutes and seconds)?", LAPS, {"stat": "mean", "as": "m:ss"}, "1:31.67"),
    ("Here are my lap times. What's the average?", LAPS, {"stat": "mean", "as": "m:ss"}, "1:31.67"),
    ("How long are these videos altogether?", "12:03\n1:02:05", {"stat": "sum", "as": "m:ss"}, "1:14:08"),
    # hours where the words say hours
    ("How many hours did I work this week?", "Mon 8:15\nTue 8:35\nWed 7:00", {"stat": "sum", "as": "h:mm"}, "23:50"),
    ("What's my average shift?", "8:15\n8:45", {"stat": "mean", "as": "h:mm"}, "8:30"),
    # plain either way: two colons, or a fraction of a second
    ("Add up these durations", "1:02:05\n0:45:10", {"stat": "sum"}, "1:47:15"),
    ("What's the average time?", "1:32.4\n1:28.6", {"stat": "mean"}, "1:30.5"),
])  # fmt: skip
def test_a_question_and_its_list_go_to_the_tool(question: str, text: str, args: dict[str, str], result: str) -> None:
    found = asked(question, text)
    assert found is not None and {k: v for k, v in found.items() if k != "durations"} == args
    data, _ = durations_answer(found["durations"], found["stat"], found.get("as", ""))
    assert data["result"] == result


@pytest.mark.parametrize(("text", "lines"), [
    ("12:03\n\n4:45\n\n7:30", "12:03\n4:45\n7:30"),  # blank lines between
    ("- 12:03\n- 4:45\n- 7:30", "- 12:03\n- 4:45\n- 7:30"),
    ("Call with Bob: 12:03\nCall #2 - 4:45\nSupport – 7:30",
     "Call with Bob: 12:03\nCall #2 - 4:45\nSupport – 7:30"),
    ("12:03\n4m 45s\n450 seconds", "12:03\n4m 45s\n450 seconds"),  # mixed forms
])
def test_a_list_may_be_bulleted_labelled_spaced_and_mixed(text: str, lines: str) -> None:
    args = asked("Add up these call durations.", text)
    assert args == {"durations": lines, "stat": "sum", "as": "m:ss"}
    assert durations_answer(lines, "sum", "m:ss")[0]["result"] == "24:18"


def test_a_list_in_a_file_is_read_under_its_name() -> None:
    message = compose("Add up these call durations.", [Document(CALLS, "calls.txt")])
    assert durations_asked(message) == {"durations": "12:03\n4:45\n7:30", "stat": "sum", "as": "m:ss"}


@pytest.mark.parametrize(("message", "args"), [
    ("What's the average of these lap times: 1:32, 1:28 and 1:35?", {"durations": "1:32\n1:28\n1:35",
                                                                     "stat": "mean", "as": "m:ss"}),
    ("Add up these call durations: 12:03, 4:45, 7:30.", {"durations": "12:03\n4:45\n7:30", "stat": "sum",
                                                         "as": "m:ss"}),
])
def test_values_after_the_questions_colon_are_a_list(message: str, args: dict[str, str]) -> None:
    assert durations_asked(message) == args


@pytest.mark.parametrize(("stat", "said"), [
    ("max", "Read as minutes:seconds, the longest of the 3 is 12:03 (12 minutes 3 seconds): Bob."),
    ("min", "Read as minutes:seconds, the shortest of the 3 is 4:45 (4 minutes 45 seconds): line 2."),
    ("median", "Read as minutes:seconds, the median of the 3 durations (4:45, 7:30, 12:03, in order) is 7:30 (7 "
               "minutes 30 seconds)."),
    ("mean", "Read as minutes:seconds, the average of the 3 durations (12:03, 4:45, 7:30) is 8:06 (8 minutes 6 "
             "seconds, 486 seconds); their total is 24:18."),
])
def test_each_statistic_says_its_value_in_the_lists_form_and_in_words(stat: str, said: str) -> None:
    assert durations_answer("Bob: 12:03\n4:45\n7:30", stat, "m:ss")[1] == said


@pytest.mark.parametrize(("text", "stat", "read_as", "said"), [
    ("Mon 8:15\nTue 8:35\nWed 7:00", "sum", "h:mm", "Read as hours:minutes, 8:15 + 8:35 + 7:00 = 23:50 (23 hours 50 "
                                                    "minutes, 1,430 minutes, about 23.83 hours)."),
    ("8:15\n8:35\n7:00", "mean", "h:mm", "Read as hours:minutes, the average of the 3 durations (8:15, 8:35, 7:00) is "
                                         "7:56:40 (7 hours 56 minutes 40 seconds, 28,600 seconds); their total is "
                                         "23:50."),
    ("1:32.4\n1:28.1", "sum", "m:ss", "Read as minutes:seconds, 1:32.4 + 1:28.1 = 3:00.5 (3 minutes 0.5 seconds, "
                                      "180.5 seconds)."),
    ("1:32\n1:28\n1:35\n1:30", "median", "m:ss", "Read as minutes:seconds, the median of the 4 durations (1:28, 1:30, "
                                                 "1:32, 1:35, in order) is 1:31 (1 minute 31 seconds), halfway between "
                                                 "1:30 and 1:32."),
    ("45:10\n38:20", "sum", "m:ss", "Read as minutes:seconds, 45:10 + 38:20 = 1:23:30 (1 hour 23 minutes 30 seconds, "
                                    "5,010 seconds)."),  # past an hour: h:mm:ss
    ("0:45:10\n0:38:20", "sum", "", "Read as hours:minutes:seconds, 0:45:10 + 0:38:20 = 1:23:30 (1 hour 23 minutes 30 "
                                    "seconds, 5,010 seconds)."),
])  # fmt: skip
def test_results_keep_the_lists_own_form(text: str, stat: str, read_as: str, said: str) -> None:
    assert durations_answer(text, stat, read_as)[1] == said


def test_fastest_is_the_shortest_time_and_ties_are_all_named() -> None:
    data, said = durations_answer("Lap 1: 1:32\nLap 2: 1:28\nLap 3: 1:28", "fastest", "m:ss")
    assert said == ("Read as minutes:seconds, the fastest (the shortest time) of the 3 is 1:28 (1 minute 28 seconds): "
                    "Lap 2; Lap 3.")
    assert data["lines"] == [2, 3] and data["labels"] == ["Lap 2", "Lap 3"]


def test_a_long_list_is_counted_not_written_out() -> None:
    said = durations_answer("1:00\n" * 20, "sum", "m:ss")[1]
    assert said == "Read as minutes:seconds, the 20 durations add up to 20:00 (20 minutes, 1,200 seconds)."


def test_a_bare_value_is_read_as_asked() -> None:
    assert [d.seconds for d in read_durations("12:03\n4:45", "m:ss")] == [723, 285]
    assert [d.seconds for d in read_durations("12:03\n4:45", "h:mm")] == [43_380, 17_100]


# --- what stays the model's ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("question", "text"), [
    ("What's the average of these durations?", CALLS),  # a bare 12:03 with no word for it: minutes or hours (a
    ("What's the longest?", CALLS),  # total is the same digits either way: test_fresh59_phrasings.py)
    ("What's the average of these times?", LAPS),
    ("How many hours are these songs in total?", "3:45\n4:12"),  # both words
    ("Add up these work calls", CALLS),
    ("What's the average of my marathon times?", "3:45\n4:02"),  # a marathon's 3:45 is hours
    ("What's my average half marathon run?", "1:45\n1:52"),
    ("What's the fastest song?", "3:45\n4:12"),  # a song's tempo
    ("What's the best song?", "3:45\n4:12"),
    ("Which track is the best?", "3:45\n4:12"),
    ("Add up these call durations.", "12:03\n4:45\nTotal: 16:48"),  # a total line
    ("What's the average lap time?", "1:32\n1:28\nAverage 1:30"),
    ("What's the total lap time?", "1:32\nrest 1:00\n1:35"),  # a rest
    ("What's the total lap time?", "warm-up 5:00\n1:32\n1:35"),
    ("What's the total call time?", "Call started 09:14:02\nCall ended 09:20:13"),  # times of day
    ("What's the total call time?", "Mon 08:55-17:10\nTue 09:05-17:40"),  # a time sheet
    ("What's the total call time?", "10:00-10:12\n11:00-11:05"),
    ("What's the total call time?", "12:03\n-4:45"),  # taken away, maybe
    ("Add up these call durations.", "Calls:\n12:03\n4:45"),  # a heading
    ("Add up these call durations.", "12:03\n4:45\nThanks!"),
    ("Add up these call durations.", "12:03 (Bob)\n4:45"),  # words after the duration
    ("Add up these call durations.", "12:03, 4:45\n7:30"),  # two on a line
    ("Add up these call durations.", "Call 2026-12-01 12:03\nCall 2026-12-02 4:45"),  # dates
    ("Add up these call durations.", "12:03 pm\n4:45 pm"),
    ("Add up these call durations.", "12:03"),  # one
    ("Add up these call durations.", "12:75\n4:45"),  # no minutes:seconds
    ("What's the average lap time?", "1m 32s\n1m 28s"),  # no colon value: units alone
    ("How many hours did I work?", "Mon 8:15.5\nTue 8:00"),  # a fraction of a second in hours:minutes
    ("Are these lap times good?", LAPS),  # no statistic asked
    ("Here are my lap times.", LAPS),
    ("What's the average lap time of the fastest runner?", LAPS),
    ("How long did the third call last?", CALLS),
    ("What time did the calls start?", CALLS),
])
def test_other_lists_and_questions_stay_the_models(question: str, text: str) -> None:
    assert asked(question, text) is None


@pytest.mark.parametrize("message", [
    "Add up these call durations: Bob: 12:03, Ann: 4:45",  # labels on one line
    "What's the average lap: 1:32 or 1:28?",
    "Add up these call durations: 12:03",
    "What's the total call time? 12:03, 4:45",  # no colon before the values
])
def test_other_one_line_lists_stay_the_models(message: str) -> None:
    assert durations_asked(message) is None


@pytest.mark.parametrize(("args", "error"), [
    (("12:03\n4:45", "mean", ""), "'12:03' may be minutes:seconds or hours:minutes; give as=m:ss or as=h:mm"),
    (("12:03\n1:02:05", "sum", ""), "'12:03' may be minutes:seconds or hours:minutes; give as=m:ss or as=h:mm"),
    (("12:03\nTotal: 16:48", "sum", "m:ss"), "'Total: 16:48' is not one duration"),
    (("12:03", "sum", "m:ss"), "give 2 to 100 durations"),
    (("12:03\n4:45", "mode", "m:ss"), "stat must be one of"),
    (("12:03\n4:45", "sum", "s"), "as must be m:ss or h:mm"),
    (("1:32.4\n1:28", "sum", "h:mm"), "a fraction of a second, and hours:minutes were asked"),
    (("1:00\n" * 101, "sum", "m:ss"), "give 2 to 100 durations"),
    (("x" * 4_001, "sum", "m:ss"), "at most 4,000 characters"),
])
def test_what_is_no_list_of_durations_is_a_one_line_error(args: tuple[str, str, str], error: str) -> None:
    with pytest.raises(ToolError, match=error):
        durations_answer(*args)


@pytest.mark.parametrize("message", [
    "Add up these call durations." + " " * 400 + "x",
    "Add up these call durations:" + " " * 400 + "12:03",
    "What's the average of these lap times?\n" + "Lap 1 " + " " * 400 + "1:32\n" + "1:28",
    "What's the average of these" + " lap" * 40 + " times?\n1:32\n1:28",
    "What's the average of" + " " * 170 + "these lap times?\n1:32\n1:28",
    "Add up these call durations.\n" + "1h 2m " * 16 + "\n" + ("Call 1: 1:32\n" * 99),
    "Add up these call durations.\n" + "1:2" * 1_600,
    "Add up these call durations: " + "12:03, " * 700,
])
def test_long_or_odd_messages_are_read_quickly(message: str) -> None:
    began = time.perf_counter()
    durations_asked(message)
    assert time.perf_counter() - began < 0.2


# --- through the exact step (needs durations_asked in timespan_asked and the timespan tool's durations) ---------


def test_the_real_questions_go_to_the_timespan_tool_and_it_says_the_list_form() -> None:
    found = piped("Add up these call durations.", CALLS)
    assert found == ("timespan", {"durations": "12:03\n4:45\n7:30", "stat": "sum", "as": "m:ss"})
    assert call(found[1]).text == ("Read as minutes:seconds, 12:03 + 4:45 + 7:30 = 24:18 (24 minutes 18 seconds, "
                                   "1,458 seconds).")
    found = piped("What's the average of these lap times?", LAPS)
    assert found == ("timespan", {"durations": "1:32\n1:28\n1:35", "stat": "mean", "as": "m:ss"})
    assert call(found[1]).data["result"] == "1:31.67"


@pytest.mark.parametrize(("question", "text"), [
    ("How long are these songs in total?", "3:45\n4:12"),
    ("What's my fastest lap?", LAPS),
    ("Total talk time?", CALLS),
    ("What's the total time of these songs?", "Song A 3:45\nSong B 4:12"),  # (timesheets.py left it: maybe m:ss)
])
def test_variants_go_to_the_timespan_tool(question: str, text: str) -> None:
    found = piped(question, text)
    assert found is not None and found[0] == "timespan" and "durations" in found[1]


def test_a_one_line_list_goes_to_the_timespan_tool() -> None:
    assert exact_call("What's the average of these lap times: 1:32, 1:28 and 1:35?", EXACT_TOOLS, NOW) == (
        "timespan", {"durations": "1:32\n1:28\n1:35", "stat": "mean", "as": "m:ss"})


@pytest.mark.parametrize(("question", "text"), [
    ("What's the average of these durations?", CALLS),
    ("What's the total call time?", "Mon 08:55-17:10\nTue 09:05-17:40"),
    ("Add up these call durations.", "12:03\n4:45\nTotal: 16:48"),
])
def test_declined_lists_reach_no_tool_by_this_way(question: str, text: str) -> None:
    message = compose(question, [Document(text)])
    assert timespan_asked(message) is None


def test_durations_stat_and_as_are_the_exact_steps_alone() -> None:
    tool = ToolRegistry().get("timespan")
    shown = shown_parameters(tool.parameters)["properties"]
    assert {"durations", "stat", "as"} <= set(tool.parameters["properties"])
    assert not {"durations", "stat", "as"} & set(shown)


@pytest.mark.parametrize(("args", "error"), [
    ({"durations": CALLS, "stat": "sum", "as": "m:ss", "start": "9am"}, "give a list of durations alone"),
    ({"start": "9:00", "end": "10:00", "stat": "mean"}, "stat and as go with durations"),
    ({"durations": CALLS, "stat": "mean"}, "may be minutes:seconds or hours:minutes"),
])
def test_the_tools_durations_are_checked(args: dict[str, str], error: str) -> None:
    with pytest.raises(ToolError, match=error):
        call(args)


@pytest.mark.parametrize(("answer", "noted"), [
    ("The total is 14 hours 28 minutes.", True),  # the 1.5B's
    ("The calls add up to 24:18.", False),
    ("That is 24 minutes and 18 seconds.", False),
    ("In all, 1,458 seconds.", False),
])
def test_an_answer_that_does_not_give_the_lists_total_gets_a_note(answer: str, noted: bool) -> None:
    question = compose("Add up these call durations.", [Document(CALLS)])
    result = call({"durations": CALLS, "stat": "sum", "as": "m:ss"})
    assert (fault(answer, expected("timespan", result.data, question), "timespan", result.text) is not None) == noted


@pytest.mark.parametrize(("answer", "noted"), [
    ("The average lap time is 1:30.", True),
    ("The average lap time is 1:31.67.", False),
    ("The average is about 1:31.7.", False),
    ("About 1:32 a lap.", False),
    ("The average is 91.67 seconds.", False),
])
def test_an_answer_may_round_the_average_to_fewer_places(answer: str, noted: bool) -> None:
    question = compose("What's the average of these lap times?", [Document(LAPS)])
    result = call({"durations": LAPS, "stat": "mean", "as": "m:ss"})
    assert (fault(answer, expected("timespan", result.data, question), "timespan", result.text) is not None) == noted


@pytest.mark.parametrize(("question", "text", "answer", "noted"), [
    # the fastest lap by its label, or by its time (the label was flagged: only the time was expected)
    ("Which lap was fastest?", "Lap 1: 1:32\nLap 2: 1:28\nLap 3: 1:35", "Lap 2 was the fastest.", False),
    ("Which lap was fastest?", "Lap 1: 1:32\nLap 2: 1:28\nLap 3: 1:35", "Your fastest lap was 1:28.", False),
    ("Which lap was fastest?", "Lap 1: 1:32\nLap 2: 1:28\nLap 3: 1:35", "Lap 1 was the fastest.", True),
    ("Which lap was fastest?", "Lap 1: 1:32\nLap 2: 1:28\nLap 3: 1:35", "Lap 1, at 1:32.", True),
    ("Which call took the longest?", "Call with Bob: 12:03\nCall with Ann: 4:45", "The call with Bob.", False),
    # a tie, asked which: every lap in it
    ("Which lap was fastest?", "Lap 1: 1:32\nLap 2: 1:28\nLap 3: 1:28", "Lap 2 and Lap 3 tie at 1:28.", False),
    ("Which lap was fastest?", "Lap 1: 1:32\nLap 2: 1:28\nLap 3: 1:28", "Laps 2 and 3, both 1:28.", True),  # (flagged:
    # a bare 2 for "Lap 2" passed on the 2 of any "2:03", so each lap is named whole)
    ("Which lap was fastest?", "Lap 1: 2:03\nLap 2: 1:58\nLap 3: 1:58", "Lap 3, at 1:58, 5 s faster than Lap 1's 2:03.",
     True),
    ("Which lap was fastest?", "Lap 1: 1:32\nLap 2: 1:28\nLap 3: 1:28", "Lap 2 at 1:28.", True),
    ("Which lap was fastest?", "Lap 1: 1:32\nLap 2: 1:28\nLap 3: 1:28", "1:28.", True),
    # a tie, asked what: the time is the whole answer
    ("What's my fastest lap?", "Lap 1: 1:32\nLap 2: 1:28\nLap 3: 1:28", "Your fastest lap was 1:28.", False),
    # no labels: the time
    ("What's the longest song?", "3:45\n4:10", "The longest is 4:10.", False),
    ("What's the longest song?", "3:45\n4:10", "The longest is 3:45.", True),
])  # fmt: skip
def test_the_longest_or_shortest_may_be_named_by_its_label(question: str, text: str, answer: str,
                                                           noted: bool) -> None:
    found = piped(question, text)
    assert found is not None and found[1]["stat"] in ("max", "min", "fastest", "slowest")
    result = call(found[1])
    asked_of = compose(question, [Document(text)])
    assert (fault(answer, expected("timespan", result.data, asked_of), "timespan", result.text) is not None) == noted


def test_words_to_a_fraction_of_a_second_are_the_durations_ones() -> None:
    # (durationlists says a list's lengths with durations.hours_minutes_seconds, to the list's places of a second)
    assert split_seconds(91.666667, 2) == (0, 1, 31, ".67") and split_seconds(3_725) == (1, 2, 5, "")
    assert [hours_minutes_seconds(s, p) for s, p in ((91.666667, 2), (1.0, 1), (0.5, 1), (0, 0), (3_605, 0))] == [
        "1 minute 31.67 seconds", "1 second", "0.5 seconds", "0 seconds", "1 hour 5 seconds"]
    assert durations_answer(LAPS, "mean", "m:ss")[0]["words"] == "1 minute 31.67 seconds"
