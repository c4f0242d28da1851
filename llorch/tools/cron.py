"""The `cron` tool: what a crontab schedule means and when it next runs, read by cron-descriptor and croniter
rather than by eye.

Asked, the 1.5B read "30 2 * * 1-5" as "at 2:30 AM on Saturdays from Monday to Friday", "0 */6 * * *" as
every hour, and gave Sunday 6 December for the next run of "15 14 1 * *" (1 January, 14:15). `cron_asked`
recognises a message that plainly asks what a schedule means or when it runs, so that it goes to the tool
before the model answers (chat/conversation.py's exact step). Times are the machine's local time, as cron's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from cron_descriptor import ExpressionDescriptor, FormatError, Options
from croniter import CroniterBadDateError, croniter

from llorch.errors import ToolError
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.dates import long_date

__all__ = ["CronTool", "cron_asked", "cron_check", "schedule"]

_NICKNAMES = {"@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
              "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *"}
_MAX_RUNS = 20
_FIELDS = (("minute", 0, 59), ("hour", 0, 23), ("day-of-month", 1, 31), ("month", 1, 12), ("day-of-week", 0, 6))
_NUMBERS = {name: n for n, name in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                              "nov", "dec"), 1)} | \
    {name: n for n, name in enumerate(("sun", "mon", "tue", "wed", "thu", "fri", "sat"))}
_LISTED = 5  # an uneven step with up to this many times is said as the list of them


def schedule(expression: str, now: datetime, runs: int = 3) -> tuple[dict[str, Any], str]:
    """What `expression` (five fields, or a nickname such as @daily) means, and its next `runs` times after `now`
    (timezone-aware: cron's local time): as data, and in sentences."""
    given = " ".join(expression.split())
    if given.lower() == "@reboot":
        return {"expression": given, "description": "once, when the machine starts", "next": []}, \
            "@reboot: once, when the machine (or cron) starts; it has no times."
    fields = _NICKNAMES.get(given.lower(), given)
    if len(fields.split()) != 5:
        raise ToolError(f"cron: {given!r} has {len(fields.split())} fields; a crontab schedule has 5 (minute hour "
                        "day-of-month month day-of-week, e.g. '30 2 * * 1-5') or is a nickname such as @daily")
    if not croniter.is_valid(fields):
        raise ToolError(f"cron: {given!r} is not a valid schedule: a field is out of range or malformed "
                        "(minute 0-59, hour 0-23, day 1-31, month 1-12, day-of-week 0-7)")
    _check_ranges(given, fields)
    options = Options()
    options.use_24hour_time_format = True
    try:
        description = ExpressionDescriptor(_as_run(fields), options).get_description()
    except (FormatError, ValueError, KeyError) as exc:
        raise ToolError(f"cron: {given!r} is not a valid schedule: {exc}") from None
    times = croniter(fields, now)
    try:
        upcoming = [times.get_next(datetime) for _ in range(runs)]
    except CroniterBadDateError:  # "0 0 30 2 *": a day no month has
        raise ToolError(f"cron: {given!r} never runs: no month has that day ({description[0].lower()}"
                        f"{description[1:]})") from None
    later = [_when(t) for t in upcoming[1:]]
    then = f"; then {', '.join(later[:-1])}{' and ' if len(later) > 1 else ''}{later[-1]}" if later else ""
    zone = now.tzname() or "local time"
    # (the first run said apart: given "Next runs: A; B; C", the 1.5B answered C as the next run)
    said = f"{given}{f' ({fields})' if fields != given else ''}: {description[0].lower()}{description[1:]}. " \
           f"Next run ({zone}): {_when(upcoming[0])}{then}."
    return {"expression": given, "fields": fields, "description": description,
            "next": [t.isoformat() for t in upcoming]}, said


def _check_ranges(given: str, fields: str) -> None:
    """Refuse a range written high to low ("5-1"): cron refuses it, and croniter reads it as it likes."""
    for (name, low, high), field in zip(_FIELDS, fields.split()):
        for item in field.split(","):
            first, dash, last = item.split("/")[0].partition("-")
            a, b = _number(first), _number(last)
            if dash and a is not None and b is not None and a > b:
                wrap = ",".join(f"{x}-{y}" if x < y else str(x) for x, y in ((a, high), (low, b)) if x <= y)
                raise ToolError(f"cron: {given!r}: the {name} range {first}-{last} runs backwards; cron reads a range "
                                f"from low to high (write {wrap} for one that wraps around)")


def _number(part: str) -> int | None:
    return int(part) if part.isdigit() else _NUMBERS.get(part.lower())


def _as_run(fields: str) -> str:
    """The fields for the describer, each step that does not fit its field evenly written as the times croniter
    runs: "*/45" is at minutes 0 and 45 of each hour (a step starts again with each hour), not every 45 minutes,
    and "*/90" is at minute 0 only, but cron-descriptor said "every 45 minutes" and "every 90 minutes"."""
    expanded, _ = croniter.expand(fields)
    said = []
    for (_, low, high), field, values in zip(_FIELDS, fields.split(), expanded):
        steps = {int(step) for step in re.findall(r"/(\d+)", field)}
        if steps and "#" not in field and all(isinstance(v, int) for v in values):
            runs = sorted(set(values))
            inside = {b - a for a, b in zip(runs, runs[1:])}
            if inside | {runs[0] + high - low + 1 - runs[-1]} != steps:  # (the last gap: over the hour, day, ...)
                field = ",".join(map(str, runs)) if len(runs) <= _LISTED or len(inside) != 1 else \
                    f"{runs[0]}-{runs[-1]}/{runs[1] - runs[0]}"
        said.append(field)
    return " ".join(said)


def _when(moment: datetime) -> str:
    return f"{long_date(moment.date())}, {moment:%H:%M}"


class CronTool:
    """What a crontab schedule means, and when it next runs."""

    name = "cron"
    description = "Say what a crontab schedule (e.g. '30 2 * * 1-5', '@daily') means and when it next runs"
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "expression": {"type": "string", "minLength": 1, "maxLength": 200,
                           "description": "five fields (minute hour day month weekday) or @daily, @hourly, ..."},
            "runs": {"type": "integer", "minimum": 1, "maximum": _MAX_RUNS, "description": "next run times to list"},
        },
        "required": ["expression"],
    }
    positional = ("expression",)
    write_actions: frozenset[str] = frozenset()
    examples: tuple[tuple[str, dict[str, Any]], ...] = (
        ("what does the cron 0 */6 * * * mean?", {"expression": "0 */6 * * *"}),
    )

    def run(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolResult:
        runs = int(args.get("runs", 3))
        if not 1 <= runs <= _MAX_RUNS:
            raise ToolError(f"cron: 'runs' must be 1 to {_MAX_RUNS}, got {runs}")
        data, said = schedule(str(args.get("expression", "")), ctx.now(), runs)
        return ToolResult(said, data)


# --- recognising a plain request ----------------------------------------------------------------

_FIELD = r"[\d*?][\d*/,\-?LW#]*|(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)" \
         r"(?:[-,][a-z0-9]+)*"
_FIVE = rf"(?:{_FIELD})(?:\s+(?:{_FIELD})){{4}}"
_EXPRESSION = re.compile(rf"(?P<q>[`'\"“‘]?)(?P<e>{_FIVE}|@(?:yearly|annually|monthly|weekly|daily|midnight|hourly|"
                         rf"reboot))(?P=q)(?![\w*/,-])", re.IGNORECASE)
_ASKED = re.compile(r"\b(?:mean|means|meaning|do|does|run|runs|execute|executes|fire|fires|trigger|triggers|"
                    r"explain|translate|describe|schedule|when|next|how\s+often)\b", re.IGNORECASE)
_CRON = re.compile(r"\bcron(?:tab)?\b|\bschedule\b", re.IGNORECASE)


def cron_asked(message: str) -> dict[str, str] | None:
    """The cron tool's arguments for a message that plainly asks what a crontab schedule it gives means or when it
    runs ("What does the cron expression 30 2 * * 1-5 mean?", "When does '0 */6 * * *' run?"), or None."""
    question = message.strip()  # (a colon may come before it: "Explain this cron: */30 * * * *")
    if "\n" in question or len(question) > 300:
        return None
    found = [m for m in _EXPRESSION.finditer(question) if "*" in m.group("e") or m.group("q") or
             m.group("e").startswith("@") or _CRON.search(question)]
    if len(found) != 1 or _ASKED.search(question) is None:
        return None
    expression = found[0].group("e")
    if not expression.startswith("@") and not (found[0].group("q") or _CRON.search(question)) \
            and expression.count("*") < 2:
        return None  # "what does 1 2 * 4 5 mean?": numbers with one star are not plainly a schedule
    return {"expression": " ".join(expression.rstrip(",").split())}


_WRITE = re.compile(r"\bcron(?:tab)?\b.*\b(?:expression|schedule|line|entry|syntax|job|string)\b|"
                    r"\b(?:expression|schedule|line|entry|syntax|job|string)\b.*\bcron(?:tab)?\b", re.IGNORECASE)


def cron_check(question: str, answer: str, now: datetime) -> str | None:
    """What the one crontab schedule an answer gives means, when the question asked for one ("What cron expression
    runs every weekday at 9:30am?": the 1.5B answered `0 9 * * 1-5`, at 09:00), for the user to hold against
    the question; None when the question asked for none or the answer gives none or several."""
    if _WRITE.search(question) is None or cron_asked(question) is not None:
        return None
    found = {" ".join(m.group("e").split()) for m in _EXPRESSION.finditer(answer)
             if m.group("q") or "*" in m.group("e")}
    found = {e for e in found if e.startswith("@") or croniter.is_valid(e)}
    if len(found) != 1:
        return None
    (expression,) = found
    try:
        data, _ = schedule(expression, now, 1)
    except ToolError:
        return None
    described = data["description"][:1].lower() + data["description"][1:]
    upcoming = f" (next: {_when(datetime.fromisoformat(data['next'][0]))})" if data["next"] else ""
    return f"the schedule in the answer, {expression}, runs {described}{upcoming}"
