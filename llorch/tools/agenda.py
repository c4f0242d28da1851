"""Recognising a plain question about the user's own calendar: what is on it for a day or a week ("What's on my
agenda for Thursday?", "Do I have any meetings on Wednesday?") and when they are free on a day ("When am I free
on Thursday?", "Am I available next Wednesday at 3pm?").

Asked to choose, the 1.5B read 2 of 12 fresh questions of the first kind right: it answered without the calendar
("What meetings do I have today?"), or looked for free time ("What appointments have I got this Friday?"). These
only read the calendar, so a plain one goes to the tool before the model answers (tools/exact.py), in every
profile whose calendar is on; a question with more in it (a person, a place, a second request) is left to the
model. The day is read here, into the ISO dates the tool takes, so the tool never guesses ("the 24th").
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from llorch.errors import ToolError
from llorch.tools.asking import LEAD
from llorch.tools.dates import parse_moment

__all__ = ["agenda_asked"]

_MY = r"(?:my|the)\s+(?:calendar|agenda|schedule|diary|planner)"
_THINGS = r"(?:meetings?|appointments?|events?|plans|calls?|engagements?|commitments?|bookings?)"
_THINGS_ANY = rf"(?:anything|something|any\s+{_THINGS}|an?\s+{_THINGS}|{_THINGS})"
_SET = r"(?:scheduled|planned|booked|arranged|lined\s+up|on|in\s+" + _MY + r"|on\s+" + _MY + r")"
_PERIOD = r"(?P<period>[\w\s,:'-]*?)"
_END = r"\s*$"

# Each: the whole question (after LEAD, its ?.! taken off), the period it names in `period`.
_LIST = [re.compile(LEAD + p + _END, re.IGNORECASE) for p in (
    # "What's on my agenda for Thursday?", "Is there anything in my calendar on the 24th?", "Anything on my diary?"
    rf"(?:what(?:'s|\s+is|\s+have\s+i\s+got|\s+do\s+i\s+have)?|is\s+there\s+anything|(?:do|have)\s+i\s+(?:have|got)\s+"
    rf"anything|anything)\s+(?:on|in)\s+{_MY}(?:\s+(?:for|on))?\s*{_PERIOD}",
    # "What meetings do I have today?", "What appointments have I got this Friday?"
    rf"what\s+{_THINGS}\s+(?:do\s+i\s+have|have\s+i\s+got|have\s+i|are\s+there|am\s+i\s+in)(?:\s+{_SET})?"
    rf"(?:\s+(?:for|on))?\s*{_PERIOD}",
    # "Do I have any meetings on Wednesday?", "Do I have anything scheduled for Saturday?", "Have I got a call today?"
    rf"(?:do\s+i\s+have|have\s+i\s+got|have\s+i|is\s+there|are\s+there)\s+{_THINGS_ANY}(?:\s+{_SET})?"
    rf"(?:\s+(?:for|on))?\s*{_PERIOD}",
    # "What have I got planned for next Monday?", "What do I have scheduled tomorrow?"
    rf"what(?:'s|\s+is|\s+have\s+i\s+got|\s+do\s+i\s+have|\s+have\s+i)\s+(?:got\s+)?(?:scheduled|planned|booked|"
    rf"lined\s+up|coming\s+up)(?:\s+(?:for|on))?\s*{_PERIOD}",
    # "List my events for tomorrow.", "Show me my schedule for next week."
    rf"(?:list|show|give|tell|read)(?:\s+me)?(?:\s+(?:all|out))?\s+(?:my|the)\s+(?:{_THINGS}|calendar|agenda|schedule|"
    rf"diary)(?:\s+(?:for|on))?\s*{_PERIOD}",
    # "What does my day look like tomorrow?", "How does my week look?"
    r"(?:what\s+does|how\s+does)\s+(?P<whose>my\s+(?:day|week|weekend|morning|afternoon|evening|schedule|calendar|"
    rf"agenda|diary))\s+look(?:\s+like)?(?:\s+(?:for|on))?\s*{_PERIOD}",
    # "What's my schedule looking like for tomorrow afternoon?", "How's my week looking?"
    r"(?:what(?:'s|\s+is)|how(?:'s|\s+is))\s+(?P<whose>my\s+(?:day|week|weekend|morning|afternoon|evening|schedule|"
    rf"calendar|agenda|diary))\s+looking(?:\s+like)?(?:\s+(?:for|on))?\s*{_PERIOD}",
    # "Any meetings on Monday morning?", "How many meetings do I have today?"
    rf"(?:any|how\s+many)\s+{_THINGS}(?:\s+(?:do\s+i\s+have|have\s+i\s+got|are\s+there))?(?:\s+{_SET})?"
    rf"(?:\s+(?:for|on))?\s*{_PERIOD}",
    # "Am I busy on Tuesday?", "How busy am I next week?"
    rf"(?:am\s+i\s+busy|how\s+busy\s+am\s+i|is\s+{_MY}\s+(?:busy|full))(?:\s+(?:for|on))?\s*{_PERIOD}",
)]
# "When is my next meeting?", "What's next on my calendar?", "What's coming up on my calendar?"
# ("What's next?" alone is not one: a tutorial's reader asks it)
_NEXT = re.compile(LEAD + rf"(?:when(?:'s|\s+is)\s+my\s+next\s+{_THINGS}|what(?:'s|\s+is)\s+(?:next|coming\s+up)"
                   rf"\s+(?:on|in)\s+{_MY}|what(?:'s|\s+is)\s+my\s+next\s+{_THINGS})" + _END, re.IGNORECASE)
_FREE = [re.compile(LEAD + p + _END, re.IGNORECASE) for p in (
    # "When am I free on Thursday?", "Am I available next Wednesday at 3pm?"
    rf"(?:when|what\s+time)\s+am\s+i\s+(?:free|available)(?:\s+(?:for|on))?\s*{_PERIOD}",
    rf"am\s+i\s+(?:free|available)(?:\s+(?:for|on))?\s*{_PERIOD}",
    # "Do I have a free hour tomorrow morning?", "Is there any free time in my calendar on Monday afternoon?"
    rf"(?:do\s+i\s+have|have\s+i\s+got|is\s+there|are\s+there)\s+(?:an?\s+|any\s+|some\s+)?(?P<length>[\w\s-]*?\s+)?"
    rf"free\s+(?P<noun>time|slots?|hours?|gaps?|windows?|spots?)(?:\s+(?:in|on)\s+{_MY})?(?:\s+(?:for|on))?\s*{_PERIOD}",
    # "Find me a 30 minute slot on Friday.", "Find a free hour on Monday"
    rf"find\s+(?:me\s+)?(?:an?\s+)?(?P<length2>[\w\s-]*?\s+)?(?:free\s+)?(?:time|slot|hour|gap|window|spot|opening)"
    rf"(?:\s+(?:in|on)\s+{_MY})?(?:\s+(?:for|on))?\s*{_PERIOD}",
)]

_PARTS = {"morning": (time(9), time(12)), "afternoon": (time(12), time(17)), "evening": (time(17), time(21)),
          "night": (time(17), time(23)), "lunchtime": (time(12), time(14))}
_PART = re.compile(r"^(?P<rest>.*?)\s*(?:in\s+the\s+|this\s+)?(?P<part>morning|afternoon|evening|night|lunchtime)$")
_MONTHDAY = re.compile(r"^(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)$")
_LENGTHS = re.compile(r"^(?:(?P<n>\d{1,3}|an?|one|two|three|half\s+an)\s*[- ]?\s*(?P<unit>minutes?|mins?|hours?|hrs?)"
                      r"(?:\s+long)?|(?P<bare>hour|half\s+hour))$")
_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3}


def agenda_asked(message: str, now: datetime) -> dict[str, Any] | None:
    """The calendar's `list` or `free` arguments for a message that plainly asks what is on the user's calendar
    or when they are free, for a period this reads whole (a day, a part of a day, this or next week, the weekend),
    or None."""
    q = message.strip()
    if "\n" in q or len(q) > 400:  # (one short line: the patterns hold the rest to a question, times' colons and all)
        return None
    q = " ".join(q.replace("’", "'").split()).rstrip("?.!").strip()
    if _NEXT.match(q):
        return {"action": "list", "to": "in 30 days"}
    for pattern in _LIST:
        m = pattern.match(q)
        if m is not None:
            return _listed(_whose(m.groupdict().get("whose"), m.group("period")), now)
    for pattern in _FREE:
        m = pattern.match(q)
        if m is not None:
            length = (m.groupdict().get("length") or m.groupdict().get("length2") or "").strip()
            if not length and (m.groupdict().get("noun") or "") == "hour":  # "a free hour"
                length = "hour"
            return _free(m.group("period"), length, now)
    return None


def _whose(whose: str | None, said: str) -> str:
    """The period "what does my week look like" names: the week's, a part of the day's, or the words after it."""
    span = (whose or "").lower().split()[-1:]
    if not span or span[0] in ("schedule", "calendar", "agenda", "diary"):
        return said
    if span[0] == "day":
        return said or "today"
    if span[0] in ("week", "weekend"):
        return said or f"this {span[0]}"
    return f"{said or 'today'} {span[0]}"  # (a part of a day: "my afternoon", "my morning tomorrow")


def _listed(said: str, now: datetime) -> dict[str, Any] | None:
    period = _period(said, now)
    if period is None:
        return None
    first, last, hours, _at = period
    if first is None:
        return {"action": "list"}  # (nothing named: from now, the tool's week)
    if hours is not None:
        return {"action": "list", "date": first.isoformat(), "from": hours[0].strftime("%H:%M"),
                "to": hours[1].strftime("%H:%M")}
    if first == last or last is None:
        return {"action": "list", "date": first.isoformat()}
    return {"action": "list", "from": first.isoformat(), "to": last.isoformat()}


def _free(said: str, length: str, now: datetime) -> dict[str, Any] | None:
    asked_for = re.search(r"(?:^|\s)for\s+((?:an?|one|two|three|half\s+an|\d{1,3})\s*[- ]?\s*\w+)$", said.lower())
    if asked_for is not None and not length:  # "Am I free on Friday afternoon for an hour?"
        said, length = said[: asked_for.start()], asked_for.group(1)
    period = _period(said, now)
    minutes = _minutes(length)
    if period is None or minutes is None:
        return None
    first, last, hours, at = period
    if first is not None and first != last:
        return None  # free time over days: the tool looks at one day
    args: dict[str, Any] = {"action": "free", "date": (first or now.date()).isoformat()}
    if at is not None:  # "free at 3pm": that hour (or the length asked) from then
        end = datetime.combine(date.min, at) + timedelta(minutes=minutes or 60)
        if end.date() != date.min:
            return None
        args |= {"from": at.strftime("%H:%M"), "to": end.strftime("%H:%M"), "duration": minutes or 60}
    elif hours is not None:
        args |= {"from": hours[0].strftime("%H:%M"), "to": hours[1].strftime("%H:%M")}
    if minutes and "duration" not in args:
        args["duration"] = minutes
    return args


def _minutes(length: str) -> int | None:
    """Minutes a free slot's length names ("an hour", "30 minute", "half an hour"); 0 for none, None if unread."""
    text = " ".join(length.lower().split())
    if not text:
        return 0
    m = _LENGTHS.match(text)
    if m is None:
        return None
    if m.group("bare") is not None:
        return 60 if m.group("bare") == "hour" else 30
    n = m.group("n")
    if n.startswith("half"):
        return 30
    count = _WORDS.get(n) or int(n)
    return count * (60 if m.group("unit").startswith("h") else 1) or None


def _period(said: str, now: datetime) -> tuple[date | None, date | None, tuple[time, time] | None, time | None] | None:
    """The days (first, last), hours of a day and time a period names, or None when it is not one this reads."""
    text = " ".join(said.lower().replace(",", " ").split())
    text = re.sub(r"^(?:on|for|during|in)\s+", "", text)
    today = now.date()
    if not text:
        return None, None, None, None
    if text in ("the week", "this week", "the rest of the week", "the rest of this week"):
        # (to Sunday; at a weekend, to the Sunday after: "What does my week look like?" on a Sunday asks ahead)
        return today, today + timedelta(days=6 - today.weekday() + (7 if today.weekday() >= 5 else 0)), None, None
    if text == "next week":
        monday = today + timedelta(days=7 - today.weekday())
        return monday, monday + timedelta(days=6), None, None
    if text in ("the weekend", "this weekend", "weekend"):
        saturday = today + timedelta(days=(5 - today.weekday()) % 7) if today.weekday() < 5 else today
        return saturday, saturday + timedelta(days=6 - saturday.weekday()), None, None
    if text == "tonight":
        return today, today, _PARTS["evening"], None
    at: time | None = None
    clock = re.search(r"(?:^|\s)(?:at\s+|from\s+)?(\d{1,2}(?::\d{2})?\s*(?:am|pm)|\d{1,2}:\d{2}|noon|midday)(?=\s|$)",
                      text)  # "at 3pm tomorrow", "tomorrow at 15:00"
    if clock is not None:
        try:
            at = parse_moment(clock.group(1), now).when.time()
        except ToolError:
            return None
        text = " ".join((text[: clock.start()] + " " + text[clock.end():]).split()) or "today"
    hours: tuple[time, time] | None = None
    part = _PART.match(text)
    if part is not None:
        hours = _PARTS[part.group("part")]
        text = part.group("rest").strip() or "today"
    day = _day(text, now)
    if day is None:
        return None
    return day, day, hours, at


def _day(text: str, now: datetime) -> date | None:
    today = now.date()
    monthday = _MONTHDAY.match(text)
    if monthday is not None:  # "the 24th": this month's, or next month's once it has gone
        n = int(monthday.group(1))
        for ahead in range(0, 3):
            year, month = divmod(today.month - 1 + ahead, 12)
            try:
                day = date(today.year + year, month + 1, n)
            except ValueError:
                continue
            if day >= today:
                return day
        return None
    try:
        moment = parse_moment(text, now)
    except ToolError:
        return None
    if moment.has_time or not moment.has_date:
        return None
    return moment.when.date()
