"""Questions about dates, recognised in a message: the days between two days, the date or weekday of a day, the
days or weekdays of a month (whether a year is a leap year is yearquestions.py's; a month's weekends, the leap
years between two years and quarters are yearcounts.py's: both asked from here).

Told the date is Saturday 5 December 2026, the 1.5B gave 24 days to Christmas, 12 December for next Friday and 4
Mondays in March 2027 (5). The `*_asked` functions read a message that plainly asks such a thing, so that it goes
to the calendar tool before the model answers (exact.py, chat/conversation.py's exact step); anything else is None
and stays the model's. The days they name are read by dates.py and monthdays.py.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from llorch.errors import ToolError
from llorch.tools.datelists import dates_given, listed_asked, pair_asked
from llorch.tools.dates import HOLIDAYS, parse_day
from llorch.tools.holidayrules import MONTHS
from llorch.tools.daymath import WEEKDAY_NAMES, WEEKDAYS
from llorch.tools.monthdays import (EDGE, NTH, SHIFT, YEAR_IN_WORDS, NoSuchDay, edge_of, last_one, month_named,
                                    year_named)
from llorch.tools.howlong import how_long_asked
from llorch.tools.yearcounts import leap_day_asked, leap_years_asked, quarter_asked, weekends_asked
from llorch.tools.weekdayshift import shift_asked
from llorch.tools.yearquestions import ASK_LEAD, year_asked

__all__ = ["WORKDAYS_ASKED", "YEAR_DAY_ASKED", "date_asked", "days_asked", "inclusive_asked", "month_asked",
           "span_asked", "weekday_asked"]

# --- days --------------------------------------------------------------------------------

# Working days as a question asks for them ("How many working days …", "… business days until …"): Monday to Friday.
_WORKDAYS = r"(?:working|business|work|week)\s*days|weekdays"
WORKDAYS_ASKED = re.compile(rf"\b(?:{_WORKDAYS})\b", re.IGNORECASE)
# What working days are, said in passing: "How many working days (Mon–Fri) are there in July 2026?" (the 1.5B: 14;
# there are 23). Left out of a question that asks working days; "How many days (Mon–Fri) …" stays the model's.
_WORKDAYS_NOTE = re.compile(r"\s?\(\s*(?:i\.?e\.?,?\s+|that\s+is,?\s+)?(?:mon(?:day)?\.?\s*(?:-|–|—|to|through|thru|"
                            r"till|until)\s*fri(?:day)?\.?|excluding\s+weekends|weekends\s+excluded)\s*\)",
                            re.IGNORECASE)
# "How many days …", and as a sum is asked: "What's the difference in days between 2026-11-15 and 2027-02-03?" (the
# 1.5B said 48; 80), "What is the number of days from …", "Calculate the number of days between …"
_DAYS_LEAD = (r"^\s*(?:and\s+|so\s+|ok(?:\s*,\s+|\s+))?(?:how\s+many\s+(?:" + _WORKDAYS + r"|days|weeks)|(?:what(?:'s|’s|\s+is"
              r"|\s+are)|(?:please\s+)?(?:calculate|count|find|work\s+out|give\s+me))\s+the\s+(?:(?:total\s+)?number\s+of\s+"
              r"(?:" + _WORKDAYS + r"|days|weeks)|difference\s+in\s+days))\s+")
_DAYS_TAIL = r"\s*(?:from\s+(?:now|today))?\s*[?.!]*\s*$"
_UNTIL = re.compile(_DAYS_LEAD + r"(?:are\s+there\s+|is\s+it\s+|are\s+left\s+|do\s+i\s+have\s+|remain\s+)?(?:left\s+)?"
                    r"(?:until|till|til|to|before)\s+(?:the\s+)?(.+?)" + _DAYS_TAIL, re.IGNORECASE)
_SINCE = re.compile(_DAYS_LEAD + r"(?:has\s+it\s+been\s+|have\s+passed\s+|have\s+gone\s+by\s+|is\s+it\s+|are\s+there\s+)?"
                    r"(?:since|after)\s+(?:the\s+)?(.+?)" + _DAYS_TAIL, re.IGNORECASE)
_BETWEEN = re.compile(_DAYS_LEAD + r"(?:are\s+there\s+|is\s+it\s+)?(?:between|from)\s+(?:the\s+)?(.+?)\s+"
                      r"(?:and|to|until|till)\s+(?:the\s+)?(.+?)\s*[?.!]*\s*$", re.IGNORECASE)
_RELATIVE = re.compile(r"(?:today|now|tomorrow|yesterday|this\s+morning|tonight)", re.IGNORECASE)
# A day of the month alone, as a range names it with the month said once: the "1" of "between 1 and 31 January
# 2027", the "23, 2027" of "from March 5 to 23, 2027", the "3rd" of "from the 3rd to the 17th of May"
_BARE_DAY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?(\s*,?\s*\d{4})?", re.IGNORECASE)
# "…, both included", "(inclusive)", "counting both days", "including the first and last day": a count of days that
# takes in both ends (asked "How many days from 1 March to 10 March inclusive?", the count is 10, not 9).
_ENDS = (r"(?:both(?:\s+(?:days|dates|ends))?|(?:the\s+)?(?:first|start)(?:\s+day|\s+date)?\s+and\s+(?:the\s+)?"
         r"(?:last|end)\s+(?:days?|dates?))")
_INCLUSIVE = re.compile(r"\s*[,;(]?\s*(?:(?:both\s+)?inclusive(?:ly)?(?:\s+of\s+" + _ENDS + r")?|" + _ENDS +
                        r"\s+(?:included|inclusive|counted)|(?:including|counting|with)\s+" + _ENDS +
                        r"(?:\s+included)?)\s*\)?(?=\s*[?.!]*\s*$)", re.IGNORECASE)
# "How many days old is someone born on 1 January 2000?" (the 1.5B worked it out year by year, and was cut off),
# "How many days old am I if I was born on 3 March 1990?", "How many days have I been alive if I was born on …?"
_WHO = r"(?:someone|somebody|a\s+person|a\s+baby|a\s+child|i|you|he|she|they|we|my\s+[a-z]+)"  # ("my dad": 31 days)
_BORN = re.compile(r"^\s*(?:and\s+|so\s+|ok(?:\s*,\s+|\s+))?how\s+many\s+(?:days|weeks)\s+(?:old\s+(?:is|am|are|was|were|"
                   r"would|will)\s+" + _WHO + r"(?:\s+be)?|(?:have|has|had)\s+" + _WHO + r"\s+been\s+alive)"
                   r"(?:\s+(?:today|now))?(?:\s*,\s+|\s+)(?:(?:if|when|as|since)\s+" + _WHO + r"\s+(?:was|were)\s+|"
                   r"(?:who|that)\s+(?:was|were|is)\s+)?born\s+(?:on\s+)?(?:the\s+)?(?P<day>.+?)\s*[?.!]*\s*$",
                   re.IGNORECASE)


def days_asked(text: str, now: datetime) -> tuple[str, str] | None:
    """The two days a message plainly asks the days (or weeks) between, as ISO dates (earlier first), or None:
    "How many days until Christmas?", "how many weeks since 3 March?", "How many days between 1 Jan and 2026-06-30?",
    "How many days old is someone born on 1 January 2000?" (from that day to today).
    A small model counts them wrong (the 1.5B, told the date is 5 December, gave 24 days to Christmas); the
    calendar tool counts them. A day without a year is the next one for "until", the last one for "since". A whole
    month, or what is left of this one, is its first and last day (`month_asked`: both count). Two dates given with
    the question ("How many days are between these two dates?" and 2026-03-14 and 2026-11-02 piped: the 1.5B said
    34; 233) are datelists.py's to read."""
    given = dates_given(text)
    if given is not None:
        return pair_asked(_INCLUSIVE.sub("", given[0], count=1), given[1])
    if len(text) > 200 or "\n" in text.strip():
        return None
    text = _INCLUSIVE.sub("", _unnoted(text), count=1)  # (whether both days count: `inclusive_asked`)
    month = month_asked(text, now)  # (its first and last day, both to count: the holidays tool counts them so)
    if month is not None:
        return month
    try:
        return _days_asked(text, now)
    except (ValueError, OverflowError):  # a year 0, or past 9999: no day to count from
        return None


def _unnoted(text: str) -> str:
    """A question of working days without its note of which days those are ("(Mon–Fri)"); any other, as it is."""
    return _WORKDAYS_NOTE.sub("", text, count=1) if WORKDAYS_ASKED.search(text) is not None else text


def inclusive_asked(text: str) -> bool:
    """Whether a question of days asks to count both the first and the last ("How many days from 1 March to 10
    March inclusive?": 10, where the difference of the days is 9), as `days_asked` reads its tail. Such a tail
    once kept the question from the calendar: asked the weekdays "from December 7 to December 25, 2026, both
    included", the 1.5B said 10 (there are 15). Of dates given with the question, the question's own tail."""
    given = dates_given(text)
    return _INCLUSIVE.search(given[0] if given is not None else text) is not None


def _days_asked(text: str, now: datetime) -> tuple[str, str] | None:
    today = now.date()

    def day(words: str, at: datetime = now) -> date | None:
        words = " ".join(words.lower().replace("’", "'").split())
        try:
            return parse_day(HOLIDAYS.get(words, words), at)
        except ToolError:
            return None

    born = _BORN.match(text)
    if born:  # a birthday with its year, not after today: the days since it
        birth = day(born.group("day")) if YEAR_IN_WORDS.search(born.group("day")) else None
        return (birth.isoformat(), today.isoformat()) if birth is not None and birth <= today else None
    until, since, between = _UNTIL.match(text), _SINCE.match(text), _BETWEEN.match(text)
    if until:
        end = day(until.group(1))
        return (today.isoformat(), end.isoformat()) if end is not None else None
    if since:
        start = day(since.group(1))
        if start is None:
            return None
        try:
            start = last_one(start, today, since.group(1))  # "since christmas": the last one
        except ValueError:  # 29 February
            return None
        return start.isoformat(), today.isoformat()
    if between:  # days without a year in the other's year (else this one), the second after the first
        words = between.groups()
        years = [int(y.group()) for y in map(YEAR_IN_WORDS.search, words) if y]
        january = now.replace(year=years[0] if years else today.year, month=1, day=1)
        if any(_RELATIVE.fullmatch(w.strip()) for w in words):  # "between today and Christmas": read from now (from
            first, second = day(words[0]), day(words[1])  # 1 January, it counted this year's: 358 days, not 19)
            if first is None or second is None or (_RELATIVE.fullmatch(words[1].strip()) and not years):  # ("between
                return None  # Christmas and today" may mean the last one)
            return min(first, second).isoformat(), max(first, second).isoformat()
        first, second = day(words[0], january), day(words[1], january)
        bare = [_BARE_DAY.fullmatch(w.strip()) for w in words]
        if first is None and second is not None and bare[0] and not bare[0].group(2):  # "between 1 and 31 January
            first = second.replace(day=int(bare[0].group(1)))  # 2027" (the 1.5B: 10 weekdays; 21): the second's month
        elif second is None and first is not None and bare[1]:  # "from March 5 to 23, 2027": the first's month
            second = first.replace(day=int(bare[1].group(1)))
        elif first is not None and second is not None and second < first and not YEAR_IN_WORDS.search(words[1]):
            second = day(words[1], datetime.combine(first, time(0), tzinfo=now.tzinfo))
        if first is None or second is None:
            return None
        return min(first, second).isoformat(), max(first, second).isoformat()
    return None


_ASK_TAIL = r"(?:\s+(?P<year>this|next|last)\s+year)?\s*[?.!]*\s*$"
_WEEKDAY_ASKED = [  # "What day of the week was 1 January 2000?", "Which weekday is 14 Feb?", "What day does X fall on?"
    re.compile(ASK_LEAD + r"(?:what|which)\s+(?:day\s+of\s+the\s+week|weekday|day)\s+"
               r"(?P<verb>is|was|will\s+be|would\s+be)\s+(?P<day>.+?)(?:\s+on)?" + _ASK_TAIL, re.IGNORECASE),
    re.compile(ASK_LEAD + r"(?:what|which)\s+(?:day\s+of\s+the\s+week|weekday|day)\s+(?P<verb>does|did|will|is|was)\s+"
               r"(?P<day>.+?)\s+(?:fall\s+on|fall|land\s+on|land|be\s+on|be|take\s+place|happen|occur)" + _ASK_TAIL, re.IGNORECASE),
]
_WHEN_ASKED = re.compile(  # "When is next Wednesday?", "When is Christmas this year?"
    ASK_LEAD + r"when\s+(?P<verb>is|was|will\s+be)\s+(?P<day>.+?)" + _ASK_TAIL, re.IGNORECASE)
# "What's the date next Friday?", "What date is 90 days from today?", "What date was it 6 weeks ago?"
_DATE_ASKED = re.compile(
    ASK_LEAD + r"(?:what|which)(?:'s|’s|\s+is|\s+was|\s+will\s+be)?\s+(?:the\s+)?(?:date|day)"
    r"(?:\s+(?P<verb>is\s+it|was\s+it|will\s+it\s+be|is|was|will\s+be|of|on|for))?(?:\s+(?P<day>.+?))?" + _ASK_TAIL,
    re.IGNORECASE)
# "What is the ISO week number of 31 December 2026?" (the 1.5B: 54), "Which week of the year is 1 March 2027?",
# "What week number is it?"
_WEEK_ASKED = re.compile(
    ASK_LEAD + r"(?:what|which)(?:'s|’s|\s+is)?\s+(?:the\s+)?(?:iso\s+)?(?:calendar\s+)?week(?:\s+number|\s+no\.?)?"
    r"(?:\s+of\s+the\s+year)?(?:\s+(?P<verb>is\s+it|was\s+it|will\s+it\s+be|is|was|will\s+be|of|for|on))?"
    r"(?:\s+(?P<day>.+?))?(?:\s+in)?" + _ASK_TAIL, re.IGNORECASE)
# "Which ISO week does 1 January 2027 belong to?" (the 1.5B: week 53, not saying it is 2026's)
_WEEK_OF_ASKED = re.compile(
    ASK_LEAD + r"(?:what|which)\s+(?:iso\s+)?(?:calendar\s+)?week(?:\s+number)?(?:\s+of\s+the\s+year)?\s+"
    r"(?P<verb>does|did|will)\s+(?P<day>.+?)\s+(?:belong\s+to|fall\s+in(?:to)?|fall\s+on|land\s+in|sit\s+in|come\s+in)"
    + _ASK_TAIL, re.IGNORECASE)
# "What's the last day of February 2028?" (the 1.5B: "March 31st"; it is Tuesday 29 February), "What is the first
# day of next month?", "What's the third Thursday of November 2027?" ("When is the last day of April?" and "What day
# is the last day of …?" are the forms above)
_EDGE_ASKED = re.compile(
    ASK_LEAD + r"(?:what|which)(?:'s|’s|\s+(?P<verb>is|was|will\s+be))\s+(?P<day>(?:the\s+)?(?:first|1st|second|2nd|"
    r"third|3rd|fourth|4th|fifth|5th|last|penultimate)\s+.+?|(?:the\s+)?\d{1,4}(?:st|nd|rd|th)\s+day\s+(?:of|in)\s+"
    r".+?)" + _ASK_TAIL, re.IGNORECASE)  # (and "What's the 100th day of 2027?")
# "Which day of the year is 1 March 2027?" (the 1.5B: "the 45th"; it is the 60th), "What day of the year is it
# today?", "What number day of the year is …?": the calendar's date, saying its day of the year (`YEAR_DAY_ASKED`)
_YEAR_DAY_ASKED = re.compile(
    ASK_LEAD + r"(?:what|which)(?:'s|’s|\s+is|\s+was|\s+will\s+be)?\s+(?:the\s+)?(?:number(?:ed)?\s+)?day\s+"
    r"(?:number\s+)?of\s+the\s+year(?:\s+(?P<verb>is\s+it|was\s+it|will\s+it\s+be|is|was|will\s+be|of|for|on))?"
    r"(?:\s+(?P<day>.+?))?" + _ASK_TAIL, re.IGNORECASE)
# A question that asks the day of the year (1 to 366), which the calendar's date then says.
YEAR_DAY_ASKED = re.compile(r"\bday\s+(?:number\s+)?of\s+the\s+year\b", re.IGNORECASE)
# A day moved by days, weeks, months or years, asked with no "date": "What's 2 weeks and 3 days after 28 December
# 2026?", "What is 10 days before 1 March 2027?" (with "date" in it, the forms above read it)
_SHIFT = r"\d+\s+(?:days?|weeks?|months?|years?)"
_SHIFT_ASKED = re.compile(
    ASK_LEAD + r"what(?:'s|’s|\s+is|\s+was|\s+will\s+be)\s+(?P<day>" + _SHIFT + r"(?:\s*(?:,|and|,\s*and)\s*" + _SHIFT
    + r")*\s+(?:after|before|from)\s+.+?)(?P<verb>)" + _ASK_TAIL, re.IGNORECASE)
# A day of a month named from this one: "the 30th of next month", "the 14th of this month".
_OF_MONTH = re.compile(r"(?:the\s+)?(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:day\s+)?of\s+(?P<which>next|this|last)\s+month")
# A day named by an event and its numbered date with the year: "the moon landing on 20 july 1969", "my wedding on
# 2010-06-12" ("the last day of february 2028" is the month's own edge, read before this).
_EVENT_ON = re.compile(r"(?:the|my|our|his|her|their)\s+(?P<name>[a-z][a-z0-9'’ -]{1,60}?)\s+(?:on|of)\s+"
                       r"(?P<day>(?:[a-z]+,?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+[a-z]+\.?,?\s+|[a-z]+\.?\s+\d{1,2}"
                       r"(?:st|nd|rd|th)?,?\s+)\d{4}|\d{4}-\d{2}-\d{2})")
# An event's name that moves its day ("the day after the moon landing on …", "the Friday before the election on …",
# "the eve of the wedding on …"): not the event's own date, so the model's.
_EVENT_MOVED = re.compile(r"\b(?:before|after|following|prior|eve|morning|afternoon|evening|night|day|week|weekend|"
                          r"month|year|anniversary|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")
_PAST_LEAD = re.compile(ASK_LEAD + r"(?:what|which|when)\s+was\b", re.IGNORECASE)  # ("What was the date of …")
# A day of a month without its year, numbered ("1 march", "march 1st"): not a weekday or a holiday, which move
_DAY_OF_MONTH = re.compile(r"\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>[a-z]+)\.?|(?P<m2>[a-z]+)\.?\s+\d{1,2}(?:st|nd|rd|th)?")
_MONTH_WORDS = frozenset({*MONTHS, *(m[:3] for m in MONTHS), "sept"})
_SHIFT_FROM = re.compile(r"(?P<by>.+?\s+(?:before|after))\s+(?P<from>.+)")
_RELATIVE_WORDS = re.compile(r"\b(?:ago|from|after|before|in|next|last|this|coming|today|tomorrow|yesterday|now)\b")


def date_asked(text: str, now: datetime) -> str | None:
    """The day a message plainly asks the date or weekday of, as the calendar's `date` action takes it (the
    user's words where they read the same, else an ISO date), or None: "What day of the week was 1 January
    2000?", "What's the date next Friday?", "What date is 90 days from today?", "What day does Christmas fall on
    this year?", "When is next Wednesday?". Told the date is Saturday 5 December 2026, the 1.5B gave 3 January
    for 90 days on, 12 December for next Friday and a Monday for 14 February 2027 (a Sunday). A day without a
    year is the next one, or the last one when the question is in the past tense ("What day was 3 March?").
    A question about a year is yearquestions.py's `year_asked` ("Is 2100 a leap year?"), a quarter yearcounts.py's
    `quarter_asked` ("Which quarter is 14 August 2027 in?", "When does Q2 2027 end?")."""
    if len(text) > 120 or "\n" in text.strip():
        return None
    shifted = shift_asked(text)  # "If today is Monday, what day is it in 100 days?" (the 1.5B: Sunday; Wednesday)
    if shifted is not None:
        return shifted
    year = year_asked(text, now)
    if year is not None:
        return year
    quarter = quarter_asked(text, now) or leap_day_asked(text, now)  # (and "When is the next leap day?")
    if quarter is not None:
        return quarter
    match = next(filter(None, (p.match(text) for p in (_YEAR_DAY_ASKED, *_WEEKDAY_ASKED, _WHEN_ASKED, _DATE_ASKED,
                                                       _WEEK_OF_ASKED, _WEEK_ASKED, _EDGE_ASKED, _SHIFT_ASKED))), None)
    if match is None:
        return None
    words = " ".join((match.group("day") or "today").lower().replace("’", "'").split())
    # "what day is it (today)?", "what day will it be in 3 days?"
    words = re.sub(r"^(?:it\b\s*)?(?:be\b\s*)?", "", words) or "today"
    year = match.group("year")
    verb = (match.group("verb") or "").lower()
    past = verb in ("was", "did", "was it") or _PAST_LEAD.match(text) is not None
    of_month = _OF_MONTH.fullmatch(words)
    if of_month is not None:  # "the 30th of next month" (the 1.5B: 30 December, in December; 30 January)
        named = month_named(f"{of_month.group('which')} month", now.date())
        if named is None:
            return None
        words = f"{int(of_month.group('day'))} {date(named[0], named[1], 1):%B %Y}".lower()
    event = _EVENT_ON.fullmatch(words)
    if event is not None and not EDGE.fullmatch(words) and not NTH.fullmatch(words):
        if _EVENT_MOVED.search(event.group("name")):
            return None
        words = event.group("day")  # "the moon landing on 20 july 1969" (the 1.5B: a Saturday; it was a Sunday)
    try:
        edge = EDGE.fullmatch(words) or NTH.fullmatch(words)
        if edge is not None:  # "the last day of february (next year)": a month's own rules for a year not given
            return _edge_asked(words, edge.group("month"), year, past, now)
        if year is not None:  # "christmas this year": that year's, whichever side of today it falls
            if YEAR_IN_WORDS.search(words) or _RELATIVE_WORDS.search(words):
                return None
            january = now.replace(year=now.year + {"this": 0, "next": 1, "last": -1}[year.lower()], month=1, day=1)
            return parse_day(HOLIDAYS.get(words, words), january).isoformat()
        day = parse_day(words, now)
        shift = _SHIFT_FROM.fullmatch(words)
        numbered = _DAY_OF_MONTH.fullmatch(shift["from"]) if shift is not None else None
        if past and shift is not None and numbered is not None and (numbered["m"] or numbered["m2"]) in _MONTH_WORDS \
                and day > now.date():
            start = parse_day(shift["from"], now)  # "what was 10 days before 1 march?": from the last 1 March
            if (back := last_one(start, now.date(), shift["from"])) != start:  # (where the next one's is ahead;
                return f"{shift['by']} {back.isoformat()}"  # "30 days before 8 december", asked on the 7th: 2026's)
        if past and not _RELATIVE_WORDS.search(words) and day > now.date():
            if words in WEEKDAYS:  # "What date was Friday?": the last Friday (a year back, 2025-12-11 was a Thursday;
                return f"last {words}"  # and asked on 27 February 2028, the next Tuesday is the 29th: no year back)
            back = last_one(day, now.date(), words)  # "what day was 3 march?": the last one
            if back != day:
                return back.isoformat()
    except NoSuchDay:  # "the 366th day of 2027": the calendar says how many days 2027 has
        return words
    except (ToolError, ValueError, OverflowError):
        return None
    return words


def _edge_asked(words: str, month: str, year: str | None, past: bool, now: datetime) -> str | None:
    """`date_asked` for a month's first or last day, or its Nth weekday: the words, with the year they leave out
    where the question says it ("… of february next year"), or where it asks of the last one ("What day was the
    last day of February?", asked in December: this year's, not the next); None where the month is none. A month
    without the weekday asked is the calendar's to say ("the fifth monday of february 2027": it has none)."""
    today = now.date()
    named = month_named(month, today)
    if named is None:  # "the last day of school"
        return None
    if year is not None:  # (a year tail on "next month" or "february 2028" names two years)
        if not named[2]:
            return None
        words = f"{words} {today.year + SHIFT[year.lower()]}"
    elif past and named[2] and (day := parse_day(words, now)) > today:
        words = f"{words} {day.year - 1}"
    try:
        parse_day(words, now)  # (ToolError, ValueError: no such day, or a year outside 1 to 9999)
    except NoSuchDay:
        pass
    return words


# --- months ------------------------------------------------------------------------------

_MONTH_LEAD = r"^\s*(?:and\s+|so\s+|ok(?:\s*,\s+|\s+))?how\s+many\s+(?:" + _WORKDAYS + r"|days)\s+"  # (weeks: whole ones?)
# "How many Mondays are there in March 2027?" (the 1.5B: 4; there are 5)
_WEEKDAY_LEAD = r"^\s*(?:and\s+|so\s+|ok(?:\s*,\s+|\s+))?how\s+many\s+(?P<weekday>" + "|".join(WEEKDAY_NAMES) + r")s\s+"
_MONTH_TAIL = r"\s*[?.!]*\s*$"
# "How many weekdays are there in January 2027?" (the 1.5B: 5; there are 21), "How many days are in this month?"
_IN_BODY = (r"(?:(?:are|were)\s+(?:there\s+)?|is\s+there\s+|will\s+there\s+be\s+)?(?:(?:in|during)\s+)?"
            r"(?P<month>.+?)" + _MONTH_TAIL)
_HAS_BODY = r"(?:does|did|will)\s+(?P<month>.+?)\s+(?:have|has|had)" + _MONTH_TAIL
# "How many weekdays are left in this month?": from today to its last day
_LEFT_BODY = r"(?:are\s+|is\s+)?(?:there\s+)?(?:left|remaining)\s+(?:(?:in|of)\s+)?(?P<month>.+?)" + _MONTH_TAIL
_IN_MONTH = re.compile(_MONTH_LEAD + _IN_BODY, re.IGNORECASE)
_MONTH_HAS = re.compile(_MONTH_LEAD + _HAS_BODY, re.IGNORECASE)
_LEFT_IN_MONTH = re.compile(_MONTH_LEAD + _LEFT_BODY, re.IGNORECASE)
_WEEKDAY_IN_MONTH = tuple(re.compile(_WEEKDAY_LEAD + body, re.IGNORECASE) for body in (_IN_BODY, _HAS_BODY))
_WEEKDAY_LEFT = re.compile(_WEEKDAY_LEAD + _LEFT_BODY, re.IGNORECASE)
# "How many days are left in 2026?" (the 1.5B, asked on 6 December: 23; 26 with today), "How many weeks are left in
# this year?" (told it was 5 December: 47), "How many days remain in the year?", "How many days until the end of the
# year?": today to 31 December, both counted, as what is left of a month is
_LEFT_IN_YEAR = re.compile(_DAYS_LEAD + r"(?:(?:are|is)\s+)?(?:there\s+)?(?:(?:left\s+)?(?:until|till|til|to|before)\s+"
                           r"(?:the\s+)?end\s+of\s+|(?P<left>left|remaining|remain)\s+(?:(?:in|of|for)\s+)?)"
                           r"(?P<year>.+?)" + _MONTH_TAIL, re.IGNORECASE)
# A weekday on a day of the month: "How many Friday the 13ths are there in 2027?" (the 1.5B: none; there is one, 13
# August), "How many Fridays the 13th does 2027 have?", "Is there a Friday the 13th in March 2027?"
_ON_NUMBER = (r"(?P<weekday>" + "|".join(WEEKDAY_NAMES) + r")s?\s+(?:the\s+)?(?:(?P<number>\d{1,2})(?:st|nd|rd|th)|"
              r"thirteenth)s?\s+")
_NUMBERED = r"^\s*(?:and\s+|so\s+|ok(?:\s*,\s+|\s+))?how\s+many\s+" + _ON_NUMBER
_NUMBERED_IN = tuple(re.compile(_NUMBERED + body, re.IGNORECASE) for body in (_IN_BODY, _HAS_BODY))
_NUMBERED_ANY = re.compile(r"^\s*(?:and\s+|so\s+|ok(?:\s*,\s+|\s+))?(?:is|are|was|were|will)\s+there\s+(?:be\s+)?"
                           r"(?:a|an|any)\s+" + _ON_NUMBER + r"(?:(?:in|during)\s+)?(?P<month>.+?)" + _MONTH_TAIL,
                           re.IGNORECASE)


def month_asked(text: str, now: datetime) -> tuple[str, str] | None:
    """The first and last day, as ISO dates, of a month a message plainly asks the days or weekdays of, or today
    and this month's last day for what is left of it; or None: "How many weekdays are there in January 2027?" (the
    1.5B: 5; there are 21), "How many days are in this month?", "How many working days are left in this month?".
    Both days count: January has 31 days, not the 30 from its first to its last. A month named without its year
    stays the model's ("How many days are in February?" asks of Februaries), and so does February with its year:
    the year's answer (`date_asked`) says why it has 28 or 29 days."""
    if len(text) > 200 or "\n" in text.strip():
        return None
    text = _INCLUSIVE.sub("", _unnoted(text), count=1)
    today = now.date()
    try:
        rest = _LEFT_IN_YEAR.match(text)
        year_left = _year_left(rest.group("year"), bool(rest.group("left")), now) if rest is not None else None
        if year_left is not None:  # (else a month's: "left in the month")
            return year_left
        if rest is not None and re.fullmatch(r"(?:the|this|the\s+current)\s+month", rest.group("year").strip(),
                                             re.IGNORECASE):  # ("until the end of this month", as of the year)
            return today.isoformat(), edge_of(today.year, today.month, first=False, weekday=False).isoformat()
        left = _LEFT_IN_MONTH.match(text)
        if left is not None:  # ("left in march", asked in December: of which March? the model's)
            named = month_named(left.group("month"), today)
            if named is None or named[:2] != (today.year, today.month):
                return None
            return today.isoformat(), edge_of(today.year, today.month, first=False, weekday=False).isoformat()
        wholes = (month_named(whole.group("month"), today) for whole in (_IN_MONTH.match(text), _MONTH_HAS.match(text))
                  if whole is not None)  # (the first also reads "does february 2027 have" as a month: none)
        named = next(filter(None, wholes), None)
        if named is None or named[2] or year_asked(text, now) is not None:
            return None
        year, month, _ = named
        return date(year, month, 1).isoformat(), edge_of(year, month, first=False, weekday=False).isoformat()
    except ValueError:  # a year 0, or a month past 9999
        return None


def _year_left(words: str, left: bool, now: datetime) -> tuple[str, str] | None:
    """Today and the last day of the year the words name, for what is left of it: this year for "left in 2026",
    this or a later one for "until the end of 2027"; None for any other words ("left in my budget")."""
    today = now.date()
    named = (today.year, False) if re.fullmatch(r"(?:the\s+)?year", words.strip(), re.IGNORECASE) else \
        year_named(words, now)
    if named is None or named[1] or named[0] < today.year or (left and named[0] != today.year) or named[0] > 9999:
        return None
    return today.isoformat(), date(named[0], 12, 31).isoformat()


def _period(words: str, now: datetime) -> tuple[date, date] | None:
    """The first and last day of a month with its year ("March 2027", "next month") or of a year ("2027", "this
    year"), or None: a month without its year stays the model's (which March?)."""
    month = month_named(words, now.date())
    if month is not None:
        year, number, open_year = month
        return None if open_year else (date(year, number, 1), edge_of(year, number, first=False, weekday=False))
    named = (now.year, False) if re.fullmatch(r"(?:the\s+)?year", words.strip(), re.IGNORECASE) else \
        year_named(words, now)
    if named is None or named[1] or not 1 <= named[0] <= 9999:
        return None
    return date(named[0], 1, 1), date(named[0], 12, 31)


def _numbered_asked(text: str, now: datetime) -> dict[str, Any] | None:
    """The calendar's `days` arguments for a message that plainly asks how many of a weekday on a day of the month
    a month or a year has, or whether it has one: "How many Friday the 13ths are there in 2027?" (the 1.5B: none)
    is {"from": "2027-01-01", "to": "2027-12-31", "weekday": "friday", "day_of_month": 13}."""
    found = ((asked, _period(asked.group("month"), now)) for asked in (p.match(text) for p in (*_NUMBERED_IN,
                                                                                               _NUMBERED_ANY)) if asked)
    asked, period = next(((a, p) for a, p in found if p is not None), (None, None))  # (the first reads "does 2027
    if asked is None or period is None:  # have" as a period: none)
        return None
    number = int(asked.group("number") or 13)
    if not 1 <= number <= 31:
        return None
    return {"from": period[0].isoformat(), "to": period[1].isoformat(), "weekday": asked.group("weekday").lower(),
            "day_of_month": number}


def weekday_asked(text: str, now: datetime) -> dict[str, Any] | None:
    """The calendar's `days` arguments for a message that plainly asks how many of a weekday a month has (or how
    many are left in this one: from today), or how many of a weekday on a day of the month a month or year has, or
    whether it has one; or None. "How many Mondays are there in March 2027?" (the 1.5B: 4; there are 5) is {"from":
    "2027-03-01", "to": "2027-03-31", "weekday": "monday"}, "How many Fridays are left in this month?" from today;
    "Is there a Friday the 13th in March 2027?" adds "day_of_month": 13. A month named without its year stays the
    model's, as in `month_asked`. Its weekends, Saturday and Sunday, are yearcounts.py's `weekends_asked`: "How
    many weekends are there in March 2027?" (the 1.5B: 2; there are 4) adds "weekends": True. The day of the week of
    each of several dates given with the question, or which of them fall on a weekend, say, is datelists.py's
    `listed_asked`: "Which of these dates fall on a weekend?" is {"dates": "2026-12-05, 2026-12-07, …", "weekends":
    True}."""
    given = dates_given(text)
    listed = listed_asked(*given) if given is not None else None
    if listed is not None:
        return listed
    if len(text) > 200 or "\n" in text.strip():
        return None
    today = now.date()
    weekends = weekends_asked(text, now)
    if weekends is not None:
        return weekends
    try:
        numbered = _numbered_asked(text, now)
        if numbered is not None:
            return numbered
        left = _WEEKDAY_LEFT.match(text)
        if left is not None:
            named = month_named(left.group("month"), today)
            if named is None or named[:2] != (today.year, today.month):
                return None
            end = edge_of(today.year, today.month, first=False, weekday=False)
            return {"from": today.isoformat(), "to": end.isoformat(), "weekday": left.group("weekday").lower()}
        for asked in filter(None, (p.match(text) for p in _WEEKDAY_IN_MONTH)):  # (the first reads "does february
            named = month_named(asked.group("month"), today)  # 2027 have" as a month: none)
            if named is not None:
                year, month, open_year = named
                return None if open_year else {"from": date(year, month, 1).isoformat(),
                                               "to": edge_of(year, month, first=False, weekday=False).isoformat(),
                                               "weekday": asked.group("weekday").lower()}
        return None
    except ValueError:  # a year 0, or a month past 9999
        return None


# --- months, years and ages ------------------------------------------------------------------

# "How many months are there between March 2025 and November 2026?" (the 1.5B: 8; there are 20), "How many months
# until June 2027?", "How many months since January 2020?", "How many years between 1990 and 2026?"
_SPAN_LEAD = r"^\s*(?:and\s+|so\s+|ok(?:\s*,\s+|\s+))?how\s+many\s+(?P<unit>months|years)\s+"
_SPAN_UNTIL = re.compile(_SPAN_LEAD + r"(?:are\s+there\s+|is\s+it\s+|are\s+left\s+|do\s+i\s+have\s+|remain\s+)?"
                         r"(?:left\s+)?(?:until|till|til|to|before)\s+(?:the\s+)?(?P<end>.+?)" + _DAYS_TAIL,
                         re.IGNORECASE)
_SPAN_SINCE = re.compile(_SPAN_LEAD + r"(?:has\s+it\s+been\s+|have\s+passed\s+|have\s+gone\s+by\s+|is\s+it\s+|"
                         r"are\s+there\s+)?(?:since|after)\s+(?:the\s+)?(?P<start>.+?)" + _DAYS_TAIL, re.IGNORECASE)
_SPAN_BETWEEN = re.compile(_SPAN_LEAD + r"(?:are\s+there\s+|is\s+it\s+|were\s+there\s+)?(?:between|from)\s+"
                           r"(?:the\s+)?(?P<start>.+?)\s+(?:and|to|until|till)\s+(?:the\s+)?(?P<end>.+?)\s*[?.!]*\s*$",
                           re.IGNORECASE)
# "How old is someone born on 29 February 2000 today?" (the 1.5B: 25; 26), "How old am I if I was born on 10 August
# 1990?", "What age is a person born 1 March 2001?", "How old will I be on 1 January 2030 if I was born on 5 May
# 1985?" ("How many days old …" is `days_asked`'s)
_AGE = re.compile(r"^\s*(?:and\s+|so\s+|ok(?:\s*,\s+|\s+))?(?:how\s+old|what\s+age)\s+(?:is|am|are|was|were|would|will)\s+" +
                  _WHO + r"(?:\s+be)?(?:\s+(?:on|by)\s+(?P<on>.+?))?(?:\s+(?:today|now))?(?:\s*,\s+|\s+)(?:(?:if|when|as|"
                  r"since)\s+" + _WHO + r"\s+(?:was|were)\s+|(?:who|that)\s+(?:was|were|is)\s+)?born\s+(?:on\s+)?"
                  r"(?:the\s+)?(?P<day>.+?)(?:\s+(?:today|now))?\s*[?.!]*\s*$", re.IGNORECASE)


# Two people's ages apart: "How much older is someone born on 12 March 1988 than someone born on 30 November 1991?"
# (the 1.5B: 3 years; it is 3 years, 8 months and 18 days), "How much younger is …", "What's the age difference
# between someone born on 12 March 1988 and someone born on 30 November 1991?", "… the age gap between a person born
# … and one born …"
_PERSON = (r"(?:someone(?:\s+else)?|somebody(?:\s+else)?|a\s+person|a\s+baby|a\s+child|a\s+man|a\s+woman|a\s+boy|"
           r"a\s+girl|one|the\s+other(?:\s+one)?|another(?:\s+person|\s+one)?)")
_BORN_ON = r"\s+(?:(?:who|that)\s+(?:was|were|is)\s+)?born\s+(?:on\s+)?(?:the\s+)?"
_OLDER = re.compile(r"^\s*(?:and\s+|so\s+|ok(?:\s*,\s+|\s+))?how\s+much\s+(?P<way>older|younger)\s+(?:is|was|will\s+be)\s+"
                    + _PERSON + _BORN_ON + r"(?P<a>.+?)\s+than\s+" + _PERSON + _BORN_ON + r"(?P<b>.+?)\s*[?.!]*\s*$",
                    re.IGNORECASE)
_AGE_GAP = re.compile(r"^\s*(?:and\s+|so\s+|ok(?:\s*,\s+|\s+))?(?:what(?:'s|’s|\s+is)\s+)?(?:the\s+)?age\s+"
                      r"(?:difference|gap)\s+between\s+" + _PERSON + _BORN_ON + r"(?P<a>.+?)\s+and\s+" + _PERSON
                      + _BORN_ON + r"(?P<b>.+?)\s*[?.!]*\s*$", re.IGNORECASE)


def _older_asked(text: str, now: datetime) -> dict[str, Any] | None:
    """The calendar's `days` arguments for how much older (or younger) one person is than another, or the age gap
    between them, each born on a day with its year: the years, months and days from the earlier birthday to the
    later, {"from": "1988-03-12", "to": "1991-11-30", "unit": "years"}; None where a birthday is no day ("in
    1988", "in March 1988") or the older is the later born ("How much older is someone born in 1991 than …": no
    such span, the model's to say)."""
    asked = _OLDER.match(text) or _AGE_GAP.match(text)
    if asked is None:
        return None
    first, second = _birthday(asked.group("a"), now), _birthday(asked.group("b"), now)
    if first is None or second is None or first == second:
        return None
    way = asked.groupdict().get("way")
    if (way or "").lower() == "older" and first > second or (way or "").lower() == "younger" and first < second:
        return None
    return {"from": min(first, second).isoformat(), "to": max(first, second).isoformat(), "unit": "years"}


def _birthday(words: str, now: datetime) -> date | None:
    """The day a birthday names with its year ("12 March 1988", "1988-03-12"), or None: a month or a year alone."""
    words = " ".join(words.lower().replace("’", "'").split())
    if not YEAR_IN_WORDS.search(words) or month_named(words, now.date()) is not None or year_named(words, now):
        return None
    try:
        return parse_day(words, now)
    except ToolError:
        return None


def span_asked(text: str, now: datetime) -> dict[str, Any] | None:
    """The calendar's `days` arguments for a message that plainly asks the whole months or years between two days
    (a month is its first day, a year its 1 January), or someone's age; or None. "How many months are there between
    March 2025 and November 2026?" is {"from": "2025-03-01", "to": "2026-11-01", "unit": "months"} (the 1.5B: 8
    months; 20), "How old is someone born on 29 February 2000?" {"from": "2000-02-29", "to": today, "age": True}
    (the 1.5B: 25), "How much older is someone born on 12 March 1988 than someone born on 30 November 1991?" {"from":
    "1988-03-12", "to": "1991-11-30", "unit": "years"} (the 1.5B: 3 years; 3 years, 8 months and 18 days). A
    birthday needs its year, and an age a day it is asked on ("on my birthday" is the model's).
    The leap years between two years are yearcounts.py's `leap_years_asked`: "How many leap years are there between
    2000 and 2100?" (the 1.5B: 34; 25) is {"from": "2000", "to": "2100", "leap_years": True, "inclusive": True}."""
    if len(text) > 200 or "\n" in text.strip():
        return None
    counted = leap_years_asked(text, now) or how_long_asked(text, now)  # ("How long ago was …?": howlong.py)
    if counted is not None:
        return counted
    try:
        older = _older_asked(text, now)
        if older is not None:  # (two birthdays: the 1.5B said 3 years for 3 years, 8 months and 18 days)
            return older
        age = _AGE.match(text)
        if age is not None:
            birth = _span_end(age.group("day"), now, "") if YEAR_IN_WORDS.search(age.group("day")) else None
            on = _span_end(age.group("on"), now, "next") if age.group("on") else now.date()
            if birth is None or on is None or birth > on:
                return None
            return {"from": birth.isoformat(), "to": on.isoformat(), "age": True}
        until, since, between = (p.match(text) for p in (_SPAN_UNTIL, _SPAN_SINCE, _SPAN_BETWEEN))
        start: date | None
        end: date | None
        if until is not None:
            unit, start, end = until.group("unit"), now.date(), _span_end(until.group("end"), now, "next")
        elif since is not None:
            unit, start, end = since.group("unit"), _span_end(since.group("start"), now, "last"), now.date()
        elif between is not None:  # without a year, in the other's year (else this one)
            years = [int(y.group()) for y in map(YEAR_IN_WORDS.search, between.group("start", "end")) if y]
            january = now.replace(year=years[0] if years else now.year, month=1, day=1)
            unit, start, end = (between.group("unit"), _span_end(between.group("start"), january, ""),
                                _span_end(between.group("end"), january, ""))
        else:
            return None
    except (ValueError, OverflowError):  # a year 0, or past 9999
        return None
    if start is None or end is None:
        return None
    return {"from": min(start, end).isoformat(), "to": max(start, end).isoformat(), "unit": unit.lower()}


def _span_end(words: str, at: datetime, way: str) -> date | None:
    """An end of a span of months or years: a month ("March 2025") is its first day, a year ("1990") its 1
    January, else a day; one without its year is the next ("until june"), or the last ("since june"), as `way` says,
    or in `at`'s year."""
    words = " ".join(words.lower().replace("’", "'").split())
    today = at.date()
    named = month_named(words, today)
    if named is not None:
        year, month, open_year = named
        first = date(year, month, 1)
        if open_year and way == "next" and first <= today:
            return date(year + 1, month, 1)
        return date(year - 1, month, 1) if open_year and way == "last" and first > today else first
    as_year = year_named(words, at)
    if as_year is not None:
        return date(as_year[0], 1, 1)
    try:
        day = parse_day(HOLIDAYS.get(words, words), at)
    except ToolError:
        return None
    return last_one(day, today, words) if way == "last" else day
