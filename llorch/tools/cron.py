"""The `cron` tool: what a crontab schedule means and when it next runs, read by cron-descriptor and croniter
rather than by eye.

Asked, the 1.5B read "30 2 * * 1-5" as "at 2:30 AM on Saturdays from Monday to Friday", "0 */6 * * *" as
every hour, and gave Sunday 6 December for the next run of "15 14 1 * *" (1 January, 14:15). `cron_asked`
recognises a message that plainly asks what a schedule means or when it runs, so that it goes to the tool
before the model answers (chat/conversation.py's exact step). Times are the machine's local time, as cron's.
The tool also writes a schedule from plain words ("every 15 minutes on weekdays": cronwords.py), which the 1.5B
got in the wrong field order, and says it the same way.
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
from llorch.tools.cronwords import SCHEDULE_START, written
from llorch.tools.daymath import long_date

__all__ = ["CronTool", "cron_asked", "cron_check", "schedule", "written_schedule"]

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
    data, meaning, upcoming = _explained(expression, now, runs)
    return data, f"{meaning}{' ' if upcoming else ''}{upcoming}"


def written_schedule(words: str, now: datetime, runs: int = 3) -> tuple[dict[str, Any], str] | None:
    """The crontab schedule plain `words` ask for ("every 15 minutes on weekdays"), said as `schedule` says one,
    with what its reader should know (cronwords.py); None when the words are not read exactly.

    Raises:
        ToolError: no one crontab line does what the words say (every 90 minutes, the last day of the month).
    """
    said = " ".join(words.split()).rstrip("?!.")
    found = written(said)
    if found is None:
        return None
    data, meaning, upcoming = _explained(found.expression, now, runs)
    notes = "".join(f" {note}" for note in found.notes)
    return {"schedule": said, **data, "notes": list(found.notes)}, \
        f"{said[:1].upper()}{said[1:]} is {meaning}{notes} {upcoming}"


def _explained(expression: str, now: datetime, runs: int) -> tuple[dict[str, Any], str, str]:
    """`schedule`'s data, its meaning ("30 2 * * 1-5: at 02:30, Monday through Friday.") and its next runs."""
    given = " ".join(expression.split())
    if given.lower() == "@reboot":
        return {"expression": given, "description": "once, when the machine starts", "next": []}, \
            "@reboot: once, when the machine (or cron) starts; it has no times.", ""
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
    meaning = f"{given}{f' ({fields})' if fields != given else ''}: {description[0].lower()}{description[1:]}."
    return {"expression": given, "fields": fields, "description": description,
            "next": [t.isoformat() for t in upcoming]}, meaning, f"Next run ({zone}): {_when(upcoming[0])}{then}."


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
    """What a crontab schedule means and when it next runs; or the schedule plain words ask for."""

    name = "cron"
    description = "Say what a crontab schedule (e.g. '30 2 * * 1-5') means and when it runs, or write one from words"
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "expression": {"type": "string", "minLength": 1, "maxLength": 200,
                           "description": "five fields (minute hour day month weekday) or @daily, @hourly, ..."},
            "schedule": {"type": "string", "minLength": 1, "maxLength": 200,
                         "description": "words to write as one, e.g. 'every weekday at 6pm'"},
            "runs": {"type": "integer", "minimum": 1, "maximum": _MAX_RUNS, "description": "next run times to list"},
        },
    }
    positional = ("expression",)
    write_actions: frozenset[str] = frozenset()
    examples: tuple[tuple[str, dict[str, Any]], ...] = (
        ("what does the cron 0 */6 * * * mean?", {"expression": "0 */6 * * *"}),
        ("cron for every weekday at 6pm", {"schedule": "every weekday at 6pm"}),
    )

    def run(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolResult:
        runs = int(args.get("runs", 3))
        if not 1 <= runs <= _MAX_RUNS:
            raise ToolError(f"cron: 'runs' must be 1 to {_MAX_RUNS}, got {runs}")
        if ("expression" in args) == ("schedule" in args):
            raise ToolError("cron: give 'expression' (a schedule to explain, e.g. '30 2 * * 1-5') or 'schedule' "
                            "(words to write as one, e.g. 'every weekday at 6pm'), one of them")
        if "schedule" in args:
            found = written_schedule(str(args["schedule"]), ctx.now(), runs)
            if found is None:
                raise ToolError(f"cron: cannot write {args['schedule']!r} as a schedule exactly; say it as e.g. "
                                "'every 15 minutes on weekdays', 'every day at 3am', 'the 1st of every month at 9:30'")
            return ToolResult(found[1], found[0])
        expression = str(args["expression"])
        try:
            data, said = schedule(expression, ctx.now(), runs)
        except ToolError:
            # (words where the fields go, `llorch tool cron every day at 3am` or a model's call: written, if read)
            found = written_schedule(expression, ctx.now(), runs)
            if found is None:
                raise
            data, said = found
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
    runs ("What does the cron expression 30 2 * * 1-5 mean?", "When does '0 */6 * * *' run?"), or for the schedule
    plain words say ("What's the cron expression for every 15 minutes on weekdays?": the 1.5B wrote 0 */15 * * 1-5,
    minute 0 of every 15th hour); or None."""
    question = message.strip()  # (a colon may come before it: "Explain this cron: */30 * * * *")
    if "\n" in question or len(question) > 300:
        return None
    if _EXPRESSION.search(question) is None:
        return _schedule_asked(question)
    found = [m for m in _EXPRESSION.finditer(question) if "*" in m.group("e") or m.group("q") or
             m.group("e").startswith("@") or _CRON.search(question)]
    if len(found) != 1 or _ASKED.search(question) is None:
        return None
    expression = found[0].group("e")
    if not expression.startswith("@") and not (found[0].group("q") or _CRON.search(question)) \
            and expression.count("*") < 2:
        return None  # "what does 1 2 * 4 5 mean?": numbers with one star are not plainly a schedule
    return {"expression": " ".join(expression.rstrip(",").split())}


_NOUN = re.compile(r"\bcron(?:tab)?(?:\s+(?:expression|schedule|line|entry|job|syntax|string|pattern|spec|rule|"
                   r"timing|format|time|setting|config))?s?\b", re.IGNORECASE)
_LEAD = r"(?:(?:and|so|ok|okay|now|also|please|hey|hi|then)\s+)*"
# what may come before "cron expression" in a request to write one ("How do I write a ", "Give me the ")
_REQUEST = re.compile(_LEAD + r"(?:(?:what(?:'s|\s+is|\s+would\s+be|\s+should\s+be)?|which|give\s+me|show\s+me|"
                      r"write(?:\s+me)?|make(?:\s+me)?|create|generate|build|i\s+need|need|i\s+want|i'd\s+like|"
                      r"is\s+there|tell\s+me|(?:can|could|would)\s+you\s+(?:please\s+)?(?:write|give|make|create|"
                      r"generate|show|tell)(?:\s+me)?|how\s+(?:do|can|would|should)\s+i\s+(?:write|make|create|"
                      r"set\s+up|setup|add|express|get|define|specify)|how\s+to\s+(?:write|make|create|set\s+up|setup|"
                      r"add|express|get|define|specify)|help\s+me\s+(?:write|make|create|set\s+up)|set\s+up|setup|add)"
                      r"\s+)?"
                      r"(?:(?:me|a|an|the|my|one|correct|right|proper|valid|new)\s+)*", re.IGNORECASE)
# the schedule said before the noun ("How do I run a script every 5 minutes with cron?", "every 15 minutes in cron")
_BEFORE = re.compile(_LEAD + r"(?:(?:how\s+(?:do|can|would|should)\s+i|how\s+to|i\s+(?:want|need)\s+to)\s+"
                     r"(?:run|schedule|execute|start|trigger)\s+(?P<run>.+?)\s+(?:with|in|using|via|from|through)|"
                     r"(?:(?:what(?:'s|\s+is)|write|convert|translate|express)\s+)?(?P<say>.+?)\s+(?:in|as|into|to))"
                     r"\s+(?:(?:a|an|the)\s+)?", re.IGNORECASE)
_NOT_WRITE = re.compile(r"\b(?:not|never|why|wrong|errors?|fail\w*|broken|logs?|edit|delete|remove|disable|stop|list|"
                        r"mean|means|meaning|explain|instead|except)\b|n't\b", re.IGNORECASE)
_SKIPPED = 6  # words between the noun and the schedule ("to run my backup script every ...")


def _schedule_asked(question: str) -> dict[str, str] | None:
    """{"schedule": words} for a request to write a crontab schedule that says when in words the writer reads
    (cronwords.py), or says what one line cannot do (every 90 minutes): "Cron for every day at 3am", "crontab
    entry to run a script every Monday at 9:30", "How do I run a script every 5 minutes with cron?"."""
    question = question.replace("’", "'")
    noun = _NOUN.search(question)
    if noun is None or _NOT_WRITE.search(question):
        return None
    before, after = " ".join(question[:noun.start()].split()), question[noun.end():].strip().rstrip("?!.").strip()
    before += " " if before else ""
    if after:
        words = _schedule_in(after, _FOR) if _REQUEST.fullmatch(before) else None
    else:
        said = _BEFORE.fullmatch(before)
        words = _schedule_in(said["run"], _RUN) if said and said["run"] else \
            _schedule_in(said["say"], _NOTHING) if said else None
    if not words:
        return None
    try:
        if written(words) is None:
            return None
    except ToolError:
        pass  # (what cron cannot do is the tool's to say, rather than the model's to make up)
    return {"schedule": words}


# What may come between the noun and the schedule: what the job runs, and nothing that says when ("… that runs during
# business hours on weekdays" is not "on weekdays": words left out would be a guess).
_THING = r"(?:(?:a|an|the|my|this|our)\s+)?(?:[\w./~-]+\s+){0,2}?[\w./~-]+"
_FOR = re.compile(r"(?:for(?:\s+(?:running|executing|calling|starting))?(?:\s+" + _THING + r")?|that|which|to|(?:that|which|to)\s+(?:runs?|run|execute|executes|start|starts|call|calls|"
                  r"trigger|triggers|launch|launches)(?:\s+" + _THING + r")?|runs?|running|executing)", re.IGNORECASE)
_RUN = re.compile(_THING, re.IGNORECASE)
_NOTHING = re.compile(r"(?!)")


def _schedule_in(text: str, skipped: re.Pattern[str]) -> str | None:
    """The schedule words at the end of a request, after at most a few words of what it runs ("for", "to run
    backup.sh", "that runs") that `skipped` allows (never words that may say when: they would be left out)."""
    for n, word in enumerate(re.finditer(r"\S+", text)):
        if n > _SKIPPED:
            return None
        if SCHEDULE_START.match(text, word.start()) and (n == 0 or skipped.fullmatch(text[:word.start()].strip())):
            return text[word.start():]
    return None


_WRITE = re.compile(r"\bcron(?:tab)?\b.*\b(?:expression|schedule|line|entry|syntax|job|string)\b|"
                    r"\b(?:expression|schedule|line|entry|syntax|job|string)\b.*\bcron(?:tab)?\b", re.IGNORECASE)


def cron_check(question: str, answer: str, now: datetime) -> str | None:
    """What the one crontab schedule an answer gives means, when the question asked for one ("What cron expression
    runs every weekday at 9:30am?": the 1.5B answered `0 9 * * 1-5`, at 09:00), for the user to hold against
    the question; None when the question asked for none or the answer gives none or several."""
    if _WRITE.search(question) is None or "expression" in (cron_asked(question) or {}):
        return None  # (one the words ask for and the tool wrote is said in the tool's result)
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
