"""Questions a tool answers exactly: which enabled tool, with which arguments, a plain message asks for.

A small model computes, counts, encodes and parses in its head, and is often wrong; a message that plainly asks
such a thing goes to the tool before the model answers (chat/conversation.py's exact step), and the model words
the tool's result. Each tool's module says what it recognises and why (the `*_asked` functions); this one says
in which order they are asked, and which tools read a text given with the question whole, however long.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Sequence
from datetime import datetime
from typing import Any

from llorch.tools.agenda import agenda_asked
from llorch.tools.arithmetic import math_asked
from llorch.tools.arrivals import arrival_asked
from llorch.tools.chance import random_asked
from llorch.tools.clockquestions import format_asked, time_asked, time_converted, unix_asked, unix_of_asked
from llorch.tools.codes import codes_asked
from llorch.tools.color import color_asked
from llorch.tools.convert import convert_asked
from llorch.tools.countquestions import count_asked
from llorch.tools.cron import cron_asked
from llorch.tools.datequestions import (WORKDAYS_ASKED, YEAR_DAY_ASKED, date_asked, days_asked, inclusive_asked,
                                        month_asked, span_asked, weekday_asked)
from llorch.tools.encode import encode_asked
from llorch.tools.holidayquestions import holidays_asked, workdays_asked
from llorch.tools.network import network_asked
from llorch.tools.permissions import permissions_asked
from llorch.tools.pursuit import pursuit_time_asked
from llorch.tools.regexes import regex_asked
from llorch.tools.shiftbreaks import worked_asked
from llorch.tools.tablequestions import table_asked
from llorch.tools.text import text_asked
from llorch.tools.timespanquestions import timespan_asked
from llorch.tools.units import units_asked
from llorch.tools.validate import validate_asked
from llorch.tools.versions import version_asked

__all__ = ["EXACT_TOOLS", "READ_WHOLE", "exact_call", "read_whole"]

log = logging.getLogger("llorch.tools")

Asked = Callable[[str, datetime], "dict[str, Any] | None"]


def _math(text: str, now: datetime) -> dict[str, Any] | None:
    return math_asked(text)


def _days(text: str, now: datetime) -> dict[str, Any] | None:
    span = span_asked(text, now)  # whole months or years ("How many months between March 2025 and November 2026?",
    if span is not None:  # the 1.5B: 8), or an age ("How old is someone born on 29 February 2000?", the 1.5B: 25)
        return {"action": "days", **span}
    counted = weekday_asked(text, now)
    if counted is not None:  # "How many Mondays are there in March 2027?" (the 1.5B: 4): the count, and which days
        return {"action": "days", **counted}
    month = month_asked(text, now)
    days = month or days_asked(text, now)
    if days is None:
        return None
    workdays = WORKDAYS_ASKED.search(text) is not None
    # "… inclusive", "both days included": the days counted with both ends (the weekdays always count both); a
    # month's days count both its first and last, its weekdays too ("31 days in all": January, not 30)
    inclusive = month is not None or (not workdays and inclusive_asked(text))
    return {"action": "days", "from": days[0], "to": days[1], **({"weekdays": True} if workdays else {}),
            **({"inclusive": True} if inclusive else {})}


def _date(text: str, now: datetime) -> dict[str, Any] | None:
    day = date_asked(text, now)
    if day is None:
        return None
    # "Which day of the year is 1 March 2027?" (the 1.5B: "the 45th"): said only when asked, as the weekday alone
    # is the common question
    return {"action": "date", "date": day, **({"day_of_year": True} if YEAR_DAY_ASKED.search(text) else {})}


def _timeless(asked: Callable[[str], Any]) -> Asked:
    return lambda text, now: asked(text)


# In this order: the first that recognises the message makes the call.
_ASKED: tuple[tuple[str, Asked], ...] = (
    ("random", _timeless(random_asked)),  # (first: "Pick a random number between 1 and 6" is no sum)
    ("math", _math),
    ("holidays", workdays_asked),  # (before the calendar's count: a country named leaves its holidays out)
    ("calendar", _days),
    ("calendar", _date),
    ("calendar", agenda_asked),  # (reads the user's calendar: what is on it, when they are free; never a change)
    ("holidays", holidays_asked),  # (after the calendar: Christmas and Easter are its, whatever the country)
    ("units", _timeless(units_asked)),
    ("clock", _timeless(time_asked)),
    ("clock", _timeless(unix_asked)),
    ("clock", _timeless(unix_of_asked)),  # ("What's the unix timestamp for 1 January 2027?": after the dates of one)
    ("clock", _timeless(time_converted)),
    ("clock", _timeless(arrival_asked)),  # ("My flight leaves Tokyo at 11:00 … lands in San Francisco 9 hours later")
    ("clock", _timeless(format_asked)),  # ("What is 18:30 in 12-hour format?")
    ("timespan", _timeless(timespan_asked)),
    ("timespan", _timeless(worked_asked)),  # ("How many hours did I work if I started at 8:45, … a 30 minute lunch?")
    ("timespan", _timeless(pursuit_time_asked)),  # ("At what time does the second train catch up?")
    ("table", _timeless(table_asked)),  # (before count: "How many employees are in Sales?" of a table is its rows)
    ("count", _timeless(count_asked)),
    ("color", _timeless(color_asked)),  # (before encode: "the hex code for slategray" is a color's, not letters')
    ("encode", _timeless(encode_asked)),
    ("network", _timeless(network_asked)),
    ("permissions", _timeless(permissions_asked)),
    ("regex", _timeless(regex_asked)),
    ("validate", _timeless(validate_asked)),
    ("convert", _timeless(convert_asked)),
    ("cron", _timeless(cron_asked)),
    ("version", _timeless(version_asked)),
    ("text", _timeless(text_asked)),
    ("codes", _timeless(codes_asked)),
)
EXACT_TOOLS = frozenset(tool for tool, _ in _ASKED)  # what a profile's tools.exact may name
# Tools that read a text piped or attached with the question: such a message is not condensed, however long, and
# the model answering is shown the question and the tool's result, not the text (chat/conversation.py).
READ_WHOLE = frozenset({"count", "encode", "regex", "validate", "text", "convert", "table", "math", "timespan"})


def exact_call(message: str, enabled: Collection[str], now: datetime) -> tuple[str, dict[str, Any]] | None:
    """The tool and arguments for a message that plainly asks what one of the `enabled` tools answers exactly, or
    None."""
    for tool, asked in _ASKED:
        if tool in enabled:
            try:
                args = asked(message, now)
            except MemoryError:
                raise
            except Exception:  # a reader's own bug ("9^5000 to 3 sig figs" raised ValueError from str() of a
                # 4,300-digit int) is no reason to fail the turn: the model answers as it would have
                log.warning("the %s reader failed on a message; the model answers it", tool, exc_info=True)
                continue
            if args is not None:
                return tool, args
    return None


def read_whole(request: str, bodies: Sequence[str], enabled: Collection[str], now: datetime) -> str | None:
    """A request and the texts it is about (piped input, files' text) as one message, when it plainly asks one of
    the `enabled` READ_WHOLE tools about them ("How many words is this?", "Is this valid JSON?"); else None."""
    joined = "\n\n".join(p for p in (request.strip(), *(b.strip() for b in bodies)) if p)
    found = exact_call(joined, enabled, now)
    return joined if found is not None and found[0] in READ_WHOLE else None
