"""The cron tool: a crontab schedule in words and its next runs, and the plain questions that go to it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from llorch.errors import ToolError
from llorch.tools.base import ToolContext
from llorch.tools.cron import cron_asked, cron_check
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
    "What cron expression runs every weekday at 9:30am?",  # the model writes it; cron_check describes it
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
