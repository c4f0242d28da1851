"""Questions about public holidays, recognised in a message: when a named holiday is, whether a day is one, which
a country has in a month or a year, when the next one is, and how many working days a span has with them left out.

`holidays_asked` and `workdays_asked` read a one-line message that plainly asks such a thing, so that it goes to
the `holidays` tool (publicdays.py) before the model answers (exact.py, chat/conversation.py's exact step); a
holiday or a country the rules (holidayrules.py) do not know is None and stays the model's.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from llorch.errors import ToolError
from llorch.tools.datequestions import WORKDAYS_ASKED, date_asked, days_asked
from llorch.tools.dates import parse_day, workday_offset
from llorch.tools.holidayrules import (MONTHS, NATION_NAMES, country_arg, country_at, country_in, find_holiday,
                                       locale_country)

__all__ = ["holidays_asked", "workdays_asked"]

_KIND = r"(?:public|bank|federal|national|legal|official|statutory)\s+holidays?|holidays?"
_WHEN = re.compile(r"^\s*(?:and\s+)?(?:when|what\s+date|what\s+day(?:\s+of\s+the\s+week)?|which\s+day|what\s+weekday)"
                   r"\s+(?:is|was|will\s+be|does|did|falls?)\s+(?:the\s+)?(?P<name>[a-z0-9 .'’-]+?)"
                   r"(?:\s+(?:fall|land|be|celebrated|observed)(?:\s+on)?)?"
                   r"(?:\s+(?:in|of|for)?\s*(?P<year>\d{4}|this\s+year|next\s+year))?"
                   r"(?:\s+(?:in|for)\s+(?P<where>[^\W\d_][\w .,'’-]*?))?"
                   r"(?:\s+and\s+(?:what|which)\s+(?:week)?day(?:\s+of\s+the\s+week)?\s+(?:is|will)\s+it(?:\s+be)?)?"
                   r"\s*[?.!]*\s*$", re.I)
_CHECK = re.compile(r"^\s*(?:is|was|will)\s+(?P<day>.+?)\s+(?:be\s+)?an?\s+(?:" + _KIND + r")"
                    r"(?:\s+(?:in|for)\s+(?P<where>[^\W\d_][\w .,'’-]*?))?\s*[?.!]*\s*$", re.I)
_LIST = re.compile(r"^\s*(?:what|which)\s+(?:are\s+(?:the\s+)?)?(?:" + _KIND + r")\s+(?:does|do|are\s+there|are|will|"
                   r"has|have|is\s+there)?\s*(?P<rest>.*?)\s*[?.!]*\s*$", re.I)
_NEXT = re.compile(r"^\s*(?:when|what)(?:'s|’s|\s+is)\s+the\s+next\s+(?P<before>(?:[a-z.]+\s+){0,2}?)(?:" + _KIND +
                   r")(?P<rest>.*?)\s*[?.!]*\s*$", re.I)


def _year_in(text: str, now: datetime) -> int | None:
    found = re.search(r"\b(\d{4})\b", text)
    if found is not None:
        return int(found.group(1))
    if re.search(r"\bnext\s+year\b", text, re.I):
        return now.year + 1
    if re.search(r"\bthis\s+year\b", text, re.I):
        return now.year
    return None


def _month_in(text: str) -> str | None:
    found = re.search(r"\b(" + "|".join(MONTHS) + r")\b", text, re.I)
    return found.group(1).lower() if found is not None else None


def _where_args(text: str) -> dict[str, Any]:
    """{'country': …} for the country a text names, or {}."""
    found = country_in(text)
    if found is None:
        return {}
    return {"country": _place(*found)}


def _place(code: str, subdiv: str | None) -> str:
    """The `country` argument for a place: GB, England, US-TX (a region by code: its names are not one language)."""
    if subdiv is None:
        return code
    return NATION_NAMES[subdiv] if code == "GB" else f"{code}-{subdiv}"


_HOLIDAYS_OUT = re.compile(r",?\s*(?:not\s+counting|excluding|without|minus|less|leaving\s+out|after\s+removing|and\s+"
                           r"(?:leave|take)\s+out)\s+(?:the\s+)?(?:bank|public|national|federal|statutory)\s+"
                           r"holidays.*$|,?\s*(?:with|after)\s+(?:the\s+)?(?:bank|public)\s+holidays\s+"
                           r"(?:taken\s+out|removed|excluded)\b.*$", re.I)
_IN_MONTH = re.compile(r"^\s*how\s+many\s+(?:working|business|work)\s*days\s+(?:(?:are\s+)?(?:there\s+)?in|does|"
                       r"will|did)\s+(?P<month>" + "|".join(MONTHS) + r")(?:\s+(?P<year>\d{4}))?(?:\s+(?:have|has))?"
                       r"\s*[?.!]*\s*$", re.I)


def workdays_asked(message: str, now: datetime) -> dict[str, Any] | None:
    """The holidays tool's arguments for a message that asks how many working days a span has in a country named
    (or with its public holidays left out, in this machine's country), or None: "How many working days are in
    December 2026 in the UK?", "How many business days until 15 January 2027, not counting bank holidays?".
    Asked before the calendar's count of weekdays, which leaves no holiday out."""
    text = " ".join(message.replace("’", "'").split())
    if not text or "\n" in message.strip() or len(text) > 200 or WORKDAYS_ASKED.search(text) is None:
        return None
    cleaned = _HOLIDAYS_OUT.sub("", text)
    found = country_at(cleaned)
    if found is not None:
        code, subdiv, at = found
        cleaned = (cleaned[:at.start()] + cleaned[at.end():]).strip()
        cleaned = re.sub(r"\s+(?:in|for)(?:\s+the)?\s*(?=[?.!]*\s*$|,)", "", cleaned)
        country = _place(code, subdiv)
    elif cleaned != text and (here := locale_country()) is not None:  # (holidays to leave out, and a country here)
        country = here
    else:
        return None
    on = date_asked(cleaned, now)  # "What date is 10 business days from today in the UK?"
    moved = workday_offset(on, now) if on is not None else None
    if moved is not None:
        return {"action": "add", "from": moved[0].isoformat(), "days": moved[1], "country": country}
    month = _IN_MONTH.match(cleaned)
    if month is not None:
        index = MONTHS.index(month.group("month").lower()) + 1
        year = int(month.group("year")) if month.group("year") else now.year
        last = (date(year + (index == 12), index % 12 + 1, 1) - date.resolution)
        return {"action": "workdays", "from": date(year, index, 1).isoformat(), "to": last.isoformat(),
                "country": country}
    span = days_asked(cleaned, now)
    if span is None:
        return None
    return {"action": "workdays", "from": span[0], "to": span[1], "country": country}


def holidays_asked(message: str, now: datetime) -> dict[str, Any] | None:
    """The holidays tool's arguments for a one-line message that plainly asks when a public holiday is, whether a
    day is one, which a country has, or when the next is; or None. Christmas, Easter and the days set by Easter
    stay with the calendar (datequestions.py), asked before."""
    text = " ".join(message.replace("’", "'").split())
    if not text or "\n" in message.strip() or len(text) > 200:
        return None
    asked = _NEXT.match(text)
    if asked is not None:
        where = _where_args(asked.group("before") + " " + asked.group("rest"))
        after = re.search(r"\bafter\s+(.+?)$", asked.group("rest"), re.I)
        args: dict[str, Any] = {"action": "next", **where}
        if after is not None:
            day = re.sub(r"\s+(?:in|for)\s+(?:the\s+)?[a-z .'-]+$", "", after.group(1), flags=re.I)
            args["date"] = day
        return args if "country" in args or locale_country() else None
    asked = _CHECK.match(text)
    if asked is not None:
        where = _where_args(asked.group("where") or "")
        if asked.group("where") and not where:  # "… a holiday in Atlantis?": no rules to answer it by
            return None
        args = {"action": "check", "date": asked.group("day"), **where}
        if "country" not in args and locale_country() is None:
            return None
        try:
            parse_day(args["date"], now)
        except (ToolError, ValueError, OverflowError):  # "Is Whit Monday 2027 a holiday in France?": that day
            named = re.fullmatch(r"(.+?)(?:\s+(?:in\s+)?(\d{4}))?", " ".join(args["date"].lower().split()))
            code, subdiv = country_arg(args, required=False) if "country" in args else (None, None)
            on_year = int(named.group(2)) if named and named.group(2) else now.year
            # (a holiday the country does not have is still a day: Whit Monday is no holiday in Spain as a whole)
            found = (find_holiday(named.group(1), on_year, code, subdiv)
                     or find_holiday(named.group(1), on_year, None, None)) if named else None
            if found is None:
                return None
            args["date"] = found[0].isoformat()
        return args
    asked = _LIST.match(text)
    if asked is not None:
        rest = asked.group("rest")
        where = _where_args(rest)
        if not where and locale_country() is None:
            return None
        args = {"action": "list", **where}
        in_year, month = _year_in(rest, now), _month_in(rest)
        if in_year is not None:
            args["year"] = in_year
        if month is not None:
            args["month"] = month
        return args
    asked = _WHEN.match(text)
    if asked is None:
        return None
    name = " ".join(asked.group("name").lower().split()).removesuffix(" day observed")
    where = _where_args(asked.group("where") or "")
    if asked.group("where") and not where:  # ("When is Thanksgiving in Atlantis?": not the US's)
        return None
    year_text = asked.group("year")
    year = _year_in(year_text, now) if year_text else None
    code = None
    if where:
        code, subdiv = country_arg(where, required=False)
    else:
        subdiv = None
    if find_holiday(name, year or now.year, code, subdiv) is None:
        return None
    return {"action": "date", "name": name, **where, **({"year": year} if year is not None else {})}
