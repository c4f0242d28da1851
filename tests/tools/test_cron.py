"""The cron tool: a crontab schedule in words and its next runs, one written from words, and the plain questions
that go to it."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from croniter import croniter

from llorch.errors import ToolError
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.cron import cron_asked, cron_check
from llorch.tools.cronwords import written
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.registry import ToolRegistry

SATURDAY = datetime(2026, 12, 5, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def run(expression: str, **more: int) -> str:
    ctx = ToolContext(data_dir=Path("/nonexistent"), now=lambda: SATURDAY)
    return ToolRegistry().call("cron", {"expression": expression, **more}, ctx).text


@pytest.mark.parametrize(("expression", "said"), [
    # what the 1.5B got wrong: "on Saturdays from Monday to Friday", every hour, next run 6 December
    ("30 2 * * 1-5", "30 2 * * 1-5: at 02:30, Monday through Friday. Next run (CET): Monday 7 December 2026, 02:30; "
                     "then Tuesday 8 December 2026, 02:30 and Wednesday 9 December 2026, 02:30."),
    ("0 */6 * * *", "0 */6 * * *: every 6 hours. Next run (CET): Saturday 5 December 2026, 12:00; then Saturday 5 "
                    "December 2026, 18:00 and Sunday 6 December 2026, 00:00."),
    ("15 14 1 * *", "15 14 1 * *: at 14:15, on day 1 of the month. Next run (CET): Friday 1 January 2027, 14:15; "
                    "then Monday 1 February 2027, 14:15 and Monday 1 March 2027, 14:15."),
    ("0 9 1 * mon", "0 9 1 * mon: at 09:00, on day 1 of the month, or on Monday. Next run (CET): Monday 7 December "
                    "2026, 09:00; then Monday 14 December 2026, 09:00 and Monday 21 December 2026, 09:00."),  # "or"
    ("@daily", "@daily (0 0 * * *): at 00:00. Next run (CET): Sunday 6 December 2026, 00:00; then Monday 7 December "
               "2026, 00:00 and Tuesday 8 December 2026, 00:00."),
    ("@reboot", "@reboot: once, when the machine (or cron) starts; it has no times."),
])
def test_schedules_in_words_with_their_next_runs(expression: str, said: str) -> None:
    assert run(expression) == said


@pytest.mark.parametrize(("expression", "said"), [
    # a step starts again with each hour: cron-descriptor said "every 90 minutes" and "every 45 minutes"
    ("*/90 * * * *", "*/90 * * * *: every hour. Next run (CET): Saturday 5 December 2026, 11:00; then Saturday 5 "
                     "December 2026, 12:00 and Saturday 5 December 2026, 13:00."),
    ("*/45 * * * *", "*/45 * * * *: at 0 and 45 minutes past the hour. Next run (CET): Saturday 5 December 2026, "
                     "10:45; then Saturday 5 December 2026, 11:00 and Saturday 5 December 2026, 11:45."),
    ("*/999999999999 * * * *", "*/999999999999 * * * *: every hour. Next run (CET): Saturday 5 December 2026, "
                               "11:00; then Saturday 5 December 2026, 12:00 and Saturday 5 December 2026, 13:00."),
    ("5/45 * * * *", "5/45 * * * *: at 5 and 50 minutes past the hour. Next run (CET): Saturday 5 December 2026, "
                     "10:05; then Saturday 5 December 2026, 10:50 and Saturday 5 December 2026, 11:05."),
])
def test_a_step_that_does_not_fit_its_field_is_said_as_the_times_it_runs(expression: str, said: str) -> None:
    assert run(expression) == said


@pytest.mark.parametrize(("expression", "described"), [
    ("*/7 * * * *", "every 7 minutes, minutes 0 through 56 past the hour"),
    ("0 */5 * * *", "at 00:00, 05:00, 10:00, 15:00 and 20:00"),
    ("0 0 */10 * *", "at 00:00, on day 1, 11, 21, and 31 of the month"),
    ("0 0 * * */3", "at 00:00, only on Sunday, Wednesday, and Saturday"),
    ("10-50/15 * * * *", "at 10, 25, and 40 minutes past the hour"),
    ("*/15 * * * *", "every 15 minutes"),  # steps that fit stay steps
    ("0 */6 * * *", "every 6 hours"),
    ("0 0 1 */3 *", "at 00:00, on day 1 of the month, every 3 months"),
])
def test_steps_are_said_as_they_run(expression: str, described: str) -> None:
    assert run(expression).split(": ", 1)[1].startswith(described + ".")


@pytest.mark.parametrize(("expression", "error"), [
    ("5-1 * * * *", "'5-1 \\* \\* \\* \\*': the minute range 5-1 runs backwards; cron reads a range from low to high "
                    "\\(write 5-59,0-1 for one that wraps around\\)"),
    ("0 22-2/2 * * *", "the hour range 22-2 runs backwards.*write 22-23,0-2"),
    ("0 0 * * fri-mon", "the day-of-week range fri-mon runs backwards.*write 5-6,0-1"),
    ("0 0 * dec-jan *", "the month range dec-jan runs backwards.*write 12,1 "),
])
def test_a_range_written_backwards_is_a_one_line_error(expression: str, error: str) -> None:
    with pytest.raises(ToolError, match=error):
        run(expression)


def test_as_many_runs_as_asked() -> None:
    assert run("0 0 29 2 *", runs=1) == ("0 0 29 2 *: at 00:00, on day 29 of the month, only in February. Next run "
                                         "(CET): Tuesday 29 February 2028, 00:00.")
    assert run("0 0 29 2 *", runs=4).endswith("then Sunday 29 February 2032, 00:00, Friday 29 February 2036, 00:00 and "
                                              "Wednesday 29 February 2040, 00:00.")
    with pytest.raises(ToolError, match="'runs' must be 1 to 20, got 21"):
        ToolRegistry().get("cron").run({"expression": "@daily", "runs": 21}, ToolContext(now=lambda: SATURDAY))


@pytest.mark.parametrize(("expression", "error"), [
    ("* * * *", "'\\* \\* \\* \\*' has 4 fields; a crontab schedule has 5"),
    ("61 * * * *", "is not a valid schedule: a field is out of range or malformed"),
    ("0 0 * * * *", "has 6 fields"),
    ("0 0 30 2 *", "'0 0 30 2 \\*' never runs: no month has that day \\(at 00:00, on day 30 of the month, only in "
                   "February\\)"),
])
def test_what_is_no_schedule_is_a_one_line_error(expression: str, error: str) -> None:
    with pytest.raises(ToolError, match=error):
        run(expression)


@pytest.mark.parametrize(("message", "expression"), [
    ("What does the cron expression 30 2 * * 1-5 mean?", "30 2 * * 1-5"),
    ("When does '0 */6 * * *' run?", "0 */6 * * *"),
    ("What does 0 0 1 */3 * mean in crontab?", "0 0 1 */3 *"),
    ("When will the cron 15 14 1 * * run next?", "15 14 1 * *"),
    ("What does @weekly mean in cron?", "@weekly"),
    ("Explain `*/5 * * * *`", "*/5 * * * *"),
    ("How often does */10 * * * * run?", "*/10 * * * *"),
    ("crontab -e says 0 3 * * 0, when does it run?", "0 3 * * 0"),
    ("Explain this cron: */30 * * * *", "*/30 * * * *"),  # after a colon
])
def test_a_plain_question_is_read_without_a_model(message: str, expression: str) -> None:
    assert cron_asked(message) == {"expression": expression}


@pytest.mark.parametrize("message", [
    "What cron expression runs during business hours?",  # the model writes it; cron_check describes it
    "What is 1 2 3 4 5?",
    "What does 1 2 * 4 5 mean?",  # numbers with one star: not plainly a schedule
    "My cron job 0 5 * * * isn't running, why?",
    "Explain the cron syntax",
])
def test_other_questions_are_not(message: str) -> None:
    assert cron_asked(message) is None


@pytest.mark.parametrize(("question", "answer", "note"), [
    ("What cron expression runs every weekday at 9:30am?", "It is `0 9 * * 1-5`.",  # the 1.5B's: 09:00
     "the schedule in the answer, 0 9 * * 1-5, runs at 09:00, Monday through Friday (next: Monday 7 December 2026, "
     "09:00)"),
    ("Write a crontab line to back up every night at 2", "```\n0 2 * * * /usr/local/bin/backup.sh\n```",
     "the schedule in the answer, 0 2 * * *, runs at 02:00 (next: Sunday 6 December 2026, 02:00)"),
    ("What cron expression runs every weekday at 9:30am?", "Use `30 9 * * 1-5` or `30 9 * * mon-fri`.", None),  # two
    ("What is the capital of France?", "`0 9 * * 1-5`", None),  # no schedule asked for
])
def test_the_schedule_an_answer_gives_is_said_in_words(question: str, answer: str, note: str | None) -> None:
    assert cron_check(question, answer, SATURDAY) == note


# --- a schedule written from words ----------------------------------------------------------------
# Asked "What's the cron expression for every 15 minutes on weekdays?", the 1.5B answered 0 */15 * * 1-5 (minute 0
# of every 15th hour): the tool writes it from the words, and says it as it says a given one.

WRITTEN = [
    ("every minute", "* * * * *"),
    ("every 15 minutes on weekdays", "*/15 * * * 1-5"),
    ("every five minutes", "*/5 * * * *"),
    ("every half hour", "*/30 * * * *"),
    ("every hour", "0 * * * *"),
    ("hourly", "0 * * * *"),
    ("every hour at 15 minutes past", "15 * * * *"),
    ("every 2 hours", "0 */2 * * *"),
    ("every 120 minutes", "0 */2 * * *"),
    ("every day at 3am", "0 3 * * *"),
    ("daily at 15:30", "30 15 * * *"),
    ("every day at 3:30 p.m.", "30 15 * * *"),
    ("every day at midnight", "0 0 * * *"),
    ("every day at noon", "0 12 * * *"),
    ("every weekday at 6pm", "0 18 * * 1-5"),
    ("every weekdays at 6pm", "0 18 * * 1-5"),
    ("on weekdays at 9:30", "30 9 * * 1-5"),
    ("Monday to Friday at 8:15", "15 8 * * 1-5"),
    ("mon-fri at 7", "0 7 * * 1-5"),
    ("on weekends at 10am", "0 10 * * 6,0"),
    ("every Monday at 9:30", "30 9 * * 1"),
    ("every Monday and Thursday at 10pm", "0 22 * * 1,4"),
    ("Monday through Friday at 7", "0 7 * * 1-5"),
    ("on Mondays, Wednesdays and Fridays at 8am", "0 8 * * 1,3,5"),
    ("every week", "0 0 * * 0"),  # @weekly's Sunday midnight, said in the result
    ("weekly on Monday at 8am", "0 8 * * 1"),
    ("every month", "0 0 1 * *"),
    ("monthly on the 15th at noon", "0 12 15 * *"),
    ("the first of every month at midnight", "0 0 1 * *"),
    ("the first day of the month at 6am", "0 6 1 * *"),
    ("on the 1st and 15th of every month at 9", "0 9 1,15 * *"),
    ("every year", "0 0 1 1 *"),
    ("yearly on 1 January", "0 0 1 1 *"),
    ("every year on December 25th at 8am", "0 8 25 12 *"),
    ("every 15 minutes between 9am and 5pm on weekdays", "*/15 9-16 * * 1-5"),
    ("every 15 minutes between 9 and 5 on weekdays", "*/15 9-16 * * 1-5"),  # office hours: to 17:00
    ("every hour between 9 and 5", "0 9-17 * * *"),
    ("every 2 hours between 8am and 6pm", "0 8-18/2 * * *"),
    ("every 5 minutes from 22:00 to 06:00", "*/5 22-23,0-5 * * *"),
    ("twice a day at 9 and 17", "0 9,17 * * *"),
    ("at 2:30 every night", "30 2 * * *"),
    ("every night at 10", "0 22 * * *"),
    ("every evening at 6", "0 18 * * *"),
    ("every 7 minutes", "*/7 * * * *"),  # (not evenly spaced: said in the result)
    ("every other day at 4am", "0 4 */2 * *"),
    ("quarterly", "0 0 1 */3 *"),
    ("every day at 9:00 and 9:30", "0,30 9 * * *"),
    ("every day in January at 9", "0 9 * 1 *"),
]


def write(words: str, runs: int = 3) -> ToolResult:
    ctx = ToolContext(data_dir=Path("/nonexistent"), now=lambda: SATURDAY)
    return ToolRegistry().call("cron", {"schedule": words, "runs": runs}, ctx)


@pytest.mark.parametrize(("words", "expression"), WRITTEN)
def test_a_schedule_in_words_is_written_exactly(words: str, expression: str) -> None:
    data = write(words).data
    assert (data["schedule"], data["expression"]) == (words.rstrip("."), expression)


@pytest.mark.parametrize(("words", "expression"), WRITTEN)
def test_each_written_schedule_is_one_croniter_runs(words: str, expression: str) -> None:
    assert croniter.is_valid(expression)
    assert croniter(expression, SATURDAY).get_next(datetime) > SATURDAY


@pytest.mark.parametrize(("words", "said"), [
    ("every 15 minutes on weekdays",
     "Every 15 minutes on weekdays is */15 * * * 1-5: every 15 minutes, Monday through Friday. Next run (CET): Monday "
     "7 December 2026, 00:00; then Monday 7 December 2026, 00:15 and Monday 7 December 2026, 00:30."),
    ("every 15 minutes between 9am and 5pm on weekdays",  # the last run is 16:45, not 17:00
     "Every 15 minutes between 9am and 5pm on weekdays is */15 9-16 * * 1-5: every 15 minutes, between 09:00 and "
     "16:59, Monday through Friday. Between 09:00 and 17:00 means the hours 9-16: the last run each day is at 16:45, "
     "and 17:00 itself is not one (a second line, 0 17 * * 1-5, would add it). Next run (CET): Monday 7 December "
     "2026, 09:00; then Monday 7 December 2026, 09:15 and Monday 7 December 2026, 09:30."),
    ("every week",
     "Every week is 0 0 * * 0: at 00:00, only on Sunday. No day or time was given: Sunday at 00:00 (midnight), as "
     "@weekly runs. Next run (CET): Sunday 6 December 2026, 00:00; then Sunday 13 December 2026, 00:00 and Sunday 20 "
     "December 2026, 00:00."),
    ("every 7 minutes",
     "Every 7 minutes is */7 * * * *: every 7 minutes, minutes 0 through 56 past the hour. */7 starts again at minute "
     "0 each hour: it runs at :00, :07, … :56, and then at :00, 4 minutes later, so it is not evenly every 7 "
     "minutes. Next run (CET): Saturday 5 December 2026, 10:07; then Saturday 5 December 2026, 10:14 and Saturday "
     "5 December 2026, 10:21."),
])
def test_a_written_schedule_is_said_as_a_given_one_is_with_what_to_know(words: str, said: str) -> None:
    assert write(words).text == said


def test_a_written_schedule_carries_its_expression_and_notes_as_data() -> None:
    assert write("every 45 minutes", runs=1).data == {
        "schedule": "every 45 minutes", "expression": "*/45 * * * *", "fields": "*/45 * * * *",
        "description": "At 0 and 45 minutes past the hour", "next": ["2026-12-05T10:45:00+01:00"],
        "notes": ["*/45 starts again at minute 0 each hour: it runs at :00 and :45, and then at :00, 15 minutes "
                  "later, so it is not evenly every 45 minutes."]}
    assert write("on the 31st of every month at 9").data["notes"] == [
        "Months without a day 31 are skipped: cron does not move it to the month's last day."]


@pytest.mark.parametrize(("words", "error"), [
    ("every 90 minutes", "cron: every 90 minutes is not one crontab line: a minute step starts again each hour (*/90 "
                         "would run at minute 0 only); these 2 lines together do: 0 */3 * * * and 30 1-22/3 * * *"),
    ("every 100 minutes", "cron: every 100 minutes is not one crontab line: a minute step starts again each hour "
                          "(*/100 would run at minute 0 only); a systemd timer (OnUnitActiveSec=100min) can"),
    ("every 36 hours", "cron: every 36 hours is not one crontab line: an hour step starts again each day (*/36 would "
                       "run at 00:00 only); a systemd timer (OnUnitActiveSec=36h) can"),
    ("the last day of the month at 23:00",
     "cron: standard cron has no 'last day of the month' (L is not in Vixie cron or cronie): run it on days 28-31 and "
     "let the command check that tomorrow is the 1st: 0 23 28-31 * * [ \"$(date -d tomorrow +\\%d)\" = 01 ] && "
     "command (GNU date)"),
    ("the first Monday of the month at 9am",
     "cron: one crontab line cannot say 'the first Monday of the month': with both day fields set, cron runs on "
     "either (days 1-7, and every Monday). Run it on days 1-7 and let the command check the weekday: 0 9 1-7 * * "
     "[ \"$(date +\\%u)\" = 1 ] && command"),
    ("every day at 25:00", "cron: 25:00 is not a time of day (hours 0-23, or 1-12 with am/pm; minutes 0-59)"),
    ("every day at 13pm", "cron: 13pm is not a time of day (hours 0-23, or 1-12 with am/pm; minutes 0-59)"),
    ("every day at 9:30am and 4pm", "cron: 09:30 and 16:00 are not one crontab line (a line runs at each minute it "
                                    "names in each hour it names): write 2 lines, 30 9 * * * and 0 16 * * *"),
    ("on 30 February", "cron: February has no day 30: a schedule for it would never run"),
    ("on the 32nd", "cron: no month has a day 32 (days of the month are 1-31)"),
    ("every 0 minutes", "cron: every 0 minutes is no schedule"),
])
def test_what_no_one_crontab_line_does_is_said_with_the_workaround(words: str, error: str) -> None:
    with pytest.raises(ToolError) as caught:
        write(words)
    assert str(caught.value) == error


@pytest.mark.parametrize(("words", "error"), [
    ("every 30 seconds", "cron's smallest step is a minute"),
    ("every 2 weeks", "cron cannot count weeks"),
    ("every other Monday at 9", "cron cannot count weeks"),
    ("biweekly", "cron cannot count weeks"),
    ("the last Friday of the month", "no 'last Friday of the month'"),
])
def test_what_cron_has_no_field_for_is_refused(words: str, error: str) -> None:
    with pytest.raises(ToolError, match=re.escape(error)):
        write(words)


@pytest.mark.parametrize("words", [
    "twice a day",  # at what times?
    "twice a day at 9 and 5",  # 05:00 or 17:00?
    "every morning",
    "every day except Sunday",
    "during business hours",
    "every Tuesday at 3pm and Wednesday at 4pm",
    "every hour at 30",
    "every 15 minutes every week",
    "on the 1st on Mondays",  # cron would run on either
    "whenever",
])
def test_words_not_read_exactly_are_not_guessed_at(words: str) -> None:
    assert written(words) is None
    with pytest.raises(ToolError, match="cannot write .* as a schedule exactly"):
        write(words)


def test_words_where_the_fields_go_are_written_and_a_call_gives_one_of_the_two() -> None:
    assert run("every day at 3am", runs=1) == ("Every day at 3am is 0 3 * * *: at 03:00. Next run (CET): Sunday 6 "
                                               "December 2026, 03:00.")
    with pytest.raises(ToolError, match="has 4 fields"):
        run("every day at whenever")  # not read: the fields' own error
    tool, ctx = ToolRegistry().get("cron"), ToolContext(now=lambda: SATURDAY)
    for args in ({}, {"expression": "@daily", "schedule": "every day"}):
        with pytest.raises(ToolError, match="give 'expression' .* or 'schedule'"):
            tool.run(args, ctx)


@pytest.mark.parametrize(("message", "words"), [
    ("What's the cron expression for every 15 minutes on weekdays?", "every 15 minutes on weekdays"),  # the probe
    ("Cron for every day at 3am", "every day at 3am"),
    ("crontab entry to run a script every Monday at 9:30", "every Monday at 9:30"),
    ("How do I write a cron schedule for the first of every month at midnight?",
     "the first of every month at midnight"),
    ("Give me a cron expression that runs every 2 hours", "every 2 hours"),
    ("cron job every weekday at 6pm", "every weekday at 6pm"),
    ("What cron expression runs every weekday at 9:30am?", "every weekday at 9:30am"),  # (the 1.5B: 0 9 * * 1-5)
    ("What’s the cron expression for running backup.sh every Sunday at 4am?", "every Sunday at 4am"),
    ("How do I run a script every 5 minutes with cron?", "every 5 minutes"),
    ("every 15 minutes in cron", "every 15 minutes"),
    ("I need a cron job that runs every 90 minutes", "every 90 minutes"),  # the tool says it is no one line
    ("cron expression for the last day of the month", "the last day of the month"),
])
def test_a_request_to_write_a_schedule_goes_to_the_tool(message: str, words: str) -> None:
    assert exact_call(message, EXACT_TOOLS, SATURDAY) == ("cron", {"schedule": words})


@pytest.mark.parametrize(("message", "call"), [
    ("What does the cron expression 30 2 * * 1-5 mean?", ("cron", {"expression": "30 2 * * 1-5"})),  # as before
    ("How do I edit my crontab?", None),
    ("What is cron?", None),
    ("Why isn't my cron job running?", None),
    ("Why isn't my cron job running every day at 3am?", None),
    ("My cron job 0 5 * * * isn't running, why?", None),
    ("What does the cron every 2 hours mean?", None),  # (followup.py asks so of "and every 2 hours?")
    ("Does cron run every minute?", None),
    ("Which cron job fails every night at 2?", None),
    ("How do I list cron jobs that run every day?", None),
    ("Is every 5 minutes too often for cron?", None),
    ("How do I schedule a job every day at 3am?", None),  # no cron named: a systemd timer, Task Scheduler, ...
    ("What's the cron expression for every day except Sunday?", None),  # not read: the model's
])
def test_other_cron_questions_are_not_written(message: str, call: tuple[str, dict[str, str]] | None) -> None:
    assert exact_call(message, EXACT_TOOLS, SATURDAY) == call


@pytest.mark.parametrize("question", [
    "And what cron expression runs during business hours on weekdays?",  # ("during business hours" is no skip)
    "What cron expression runs only in summer every day at 3am?",
    "What's the cron for the job that fails every day at 3am?",
])
def test_words_between_the_noun_and_the_schedule_that_may_say_when_are_never_left_out(question: str) -> None:
    """Up to a few words of what the job runs may come before the schedule ("to run backup.sh"); words that may say
    when may not: "… runs during business hours on weekdays" was written as 0 0 * * 1-5, midnight on weekdays."""
    assert exact_call(question, EXACT_TOOLS, SATURDAY) is None
