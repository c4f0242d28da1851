"""The `holidays` tool: a country's public holidays, from the `holidays` package's rules, not remembered.

Asked 12 questions about public holidays, the 1.5B got 10 wrong: Labor Day 2027 on 3 September (the 6th), Martin
Luther King Jr. Day on 15 January (the 18th), Canada Day on "Monday, December 1" (Thursday 1 July), "Germany does
not have any public holidays in May 2027" (three: 1, 6 and 17 May), no to 31 May 2027 in the US (Memorial Day),
Christmas as the next UK bank holiday after New Year's Day (Good Friday, 26 March), and a list of England's bank
holidays with Halloween and a Mid-Autumn Festival in it. `holidays_asked` recognises a message that plainly asks
when a named holiday is, whether a day is a public holiday, which holidays a country has in a month or a year, or
when the next one is, so that it goes to the tool before the model answers (chat/conversation.py's exact step).

A country is the one the question names ("in the UK", "in Germany"), else the one a holiday's name belongs to
(Thanksgiving, Canada Day), else this machine's (its locale: en_GB is the UK). England stands for the UK where no
nation is named (the UK's own list lacks Easter Monday and the summer bank holiday, which England, Wales and
Northern Ireland have); a country's regional holidays are not counted, and the tool says so.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from llorch.errors import ToolError
from llorch.tools.asking import and_joined
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.datequestions import WORKDAYS_ASKED, date_asked, days_asked
from llorch.tools.dates import add_workdays, from_today, long_date, parse_day, workday_offset, workdays_between

__all__ = ["ACTIONS", "HolidaysTool", "country_in", "holidays_asked", "workdays_asked"]

ACTIONS = ("date", "check", "list", "next", "workdays", "add")
# Countries whose holidays have English names, in the order a name they share is taken ("Labor Day" is the US's,
# not the 1 May that Germany's list calls Labor Day in English).
_ENGLISH = ("US", "GB", "CA", "AU", "NZ", "IE", "IN", "ZA", "SG")
_NATIONS = {"england": "ENG", "scotland": "SCT", "wales": "WLS", "northern ireland": "NIR"}
_NATION_NAMES = {code: name.title() for name, code in _NATIONS.items()}
# Countries whose regions (states, provinces, Länder) are read by name, and their names in English where the
# package has only the country's own (Bayern).
_REGIONAL = ("US", "CA", "AU", "DE")
_REGION_NAMES = {"DE": {"BW": "Baden-Württemberg", "BY": "Bavaria", "BE": "Berlin", "BB": "Brandenburg",
                        "HB": "Bremen", "HH": "Hamburg", "HE": "Hesse", "MV": "Mecklenburg-Western Pomerania",
                        "NI": "Lower Saxony", "NW": "North Rhine-Westphalia", "RP": "Rhineland-Palatinate",
                        "SL": "Saarland", "SN": "Saxony", "ST": "Saxony-Anhalt", "SH": "Schleswig-Holstein",
                        "TH": "Thuringia"},
                 "US": {"DC": "Washington, D.C.", "MP": "the Northern Mariana Islands",
                        "UM": "the United States Minor Outlying Islands"},
                 "CA": {"NT": "the Northwest Territories"},
                 "AU": {"ACT": "the Australian Capital Territory", "NT": "the Northern Territory"}}
_ALIASES = {"us": "US", "u.s.": "US", "u.s": "US", "usa": "US", "u.s.a.": "US", "america": "US", "the states": "US",
            "united states of america": "US", "uk": "GB", "u.k.": "GB", "britain": "GB", "great britain": "GB",
            "the uk": "GB", "the us": "US", "the usa": "US", "holland": "NL", "czechia": "CZ", "korea": "KR",
            "south korea": "KR", "russia": "RU", "uae": "AE"}
# Names people say for a holiday, as the package names it.
_NAMED = {"mlk day": "martin luther king", "martin luther king day": "martin luther king",
          "presidents day": "washington's birthday", "presidents' day": "washington's birthday",
          "president's day": "washington's birthday", "fourth of july": "independence day",
          "4th of july": "independence day", "july 4th": "independence day", "july fourth": "independence day",
          "whit monday": "pentecost monday", "labour day": "labor day", "thanksgiving": "thanksgiving",
          "st patrick's day": "saint patrick's day", "st. patrick's day": "saint patrick's day",
          "juneteenth": "juneteenth", "early may bank holiday": "may day", "summer bank holiday": "late summer",
          "august bank holiday": "late summer", "spring bank holiday": "spring bank holiday"}
_NAMED_FOR = {"independence day": "US", "thanksgiving": "US", "labor day": "US", "pentecost monday": "FR"}
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")


@functools.cache
def _official() -> dict[str, str]:
    """Every country the package has rules for: its ISO code to its name, lowercase ("united states")."""
    from holidays.registry import COUNTRIES

    return {entry[1]: re.sub(r"(?<!^)(?=[A-Z])", " ", entry[0]).lower() for entry in COUNTRIES.values()}


@functools.cache
def _countries() -> dict[str, str]:
    """Country names (lowercase), and the other names people use (UK, USA, Holland), to their ISO code."""
    return {name: code for code, name in _official().items()} | _ALIASES


def country_in(text: str) -> tuple[str, str | None] | None:
    """The country (ISO code) and region a text names ("in the UK", "Germany's", "in England", "in Bavaria",
    "in Victoria, Australia"), or None."""
    found = _country_at(text)
    return found[:2] if found is not None else None


def _plain(text: str) -> str:
    """Lowercase, without accents (Baden-Württemberg, Québec as people type them)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


@functools.cache
def _regions() -> dict[str, tuple[str, str]]:
    """The names of the regions whose holidays people ask for by name (the UK's nations, US states, Canada's
    provinces, Australia's states, Germany's Länder in English and German) to (country, region code). A name that is
    also a country's (Georgia, Puerto Rico) stays the country's."""
    import holidays

    found = {name: ("GB", code) for name, code in _NATIONS.items()}
    for country in _REGIONAL:
        for code, names in holidays.country_holidays(country).get_subdivision_aliases().items():
            for name in (*names, _REGION_NAMES.get(country, {}).get(code, "")):
                plain = _plain(name).removeprefix("the ")
                if plain and "," not in plain and plain not in _countries():
                    found.setdefault(plain, (country, code))
    return found | {name: ("US", "DC") for name in ("washington dc", "washington d.c.", "washington, d.c.",
                                                    "washington, dc", "dc", "d.c.")}


def _country_at(text: str) -> tuple[str, str | None, re.Match[str]] | None:
    low = _plain(text)
    countries: list[tuple[str, re.Match[str]]] = []
    for name, code in _countries().items():
        at = re.search(rf"(?<![\w.]){re.escape(name)}(?![\w])", low)
        if at is not None and (name not in ("us", "america") or re.search(r"\b(?:in|the)\s+" + re.escape(name) +
                                                                          r"\b|\bus\b(?=\s+(?:federal|public))",
                                                                          low)):
            countries.append((code, at))
    # (a region not followed by "day": "Victoria Day" is Canada's holiday, not Australia's state)
    regions = [(country, code, at) for name, (country, code) in _regions().items()
               if (at := re.search(rf"(?<![\w.-]){re.escape(name)}(?![\w-])(?!['’]s\s+birthday)(?!\s+day\b)", low))]
    # (a country's name inside a longer region's is the region's: New Mexico, Western Australia, New Jersey)
    countries = [(code, at) for code, at in countries if not any(
        r.start() <= at.start() and at.end() <= r.end() and len(r.group()) > len(at.group()) for *_, r in regions)]
    if countries:
        country, at = max(countries, key=lambda found: len(found[1].group()))
        within = [found for found in regions if found[0] == country]  # "in Victoria, Australia"
        if not within:
            return country, None, at
        regions = within
    if not regions:
        return None
    return max(regions, key=lambda found: len(found[2].group()))  # "New South Wales", not Wales


def _here() -> str | None:
    """This machine's country, from its locale (LC_ALL, LC_TIME, LANG: en_GB.UTF-8 is GB), when the package knows it."""
    for key in ("LC_ALL", "LC_TIME", "LANG"):
        value = os.environ.get(key, "")
        found = re.match(r"[a-z]{2,3}_([A-Z]{2})\b", value)
        if found is not None and found.group(1) in set(_countries().values()):
            return found.group(1)
    return None


def _country_name(code: str, subdiv: str | None) -> str:
    if code == "GB":
        return _NATION_NAMES.get(subdiv or "", "the United Kingdom")
    if subdiv is not None:
        return _region_name(code, subdiv)
    name = _official().get(code, code.lower())
    said = " ".join(w if w in ("and", "of", "the") else w[:1].upper() + w[1:] for w in name.split())
    return ("the " if name in ("united states", "netherlands", "philippines", "united arab emirates",
                               "czech republic", "dominican republic") else "") + said


@functools.lru_cache(maxsize=256)
def _calendar(code: str, year: int, subdiv: str | None) -> dict[date, str]:
    import holidays

    if code == "GB" and subdiv is None:
        subdiv = "ENG"
    try:
        rules = holidays.country_holidays(code)  # (no year: nothing computed, only its languages read)
        language = "en_US" if "en_US" in getattr(rules, "supported_languages", ()) and not str(
            getattr(rules, "default_language", "en")).startswith("en") else None
        table = holidays.country_holidays(code, subdiv=subdiv, years=year, language=language)
    except (NotImplementedError, KeyError) as exc:
        raise ToolError(f"holidays: no rules for {code!r}{' ' + subdiv if subdiv else ''}: {exc}") from exc
    return dict(sorted(table.items()))


def _region_name(code: str, subdiv: str) -> str:
    """A region by the name people say in English: Bavaria (Bayern), Quebec (Québec), Texas."""
    import holidays

    english = _REGION_NAMES.get(code, {}).get(subdiv)
    if english is None:
        names = holidays.country_holidays(code).get_subdivision_aliases().get(subdiv) or [subdiv]
        english = names[0]
    return english


def _where(code: str, subdiv: str | None) -> str:
    return _country_name(code, "ENG" if code == "GB" and subdiv is None else subdiv)


def _regional_note(code: str, subdiv: str | None) -> str:
    import holidays

    if code == "GB" and subdiv is None:
        return " (England's; Scotland, Wales and Northern Ireland differ)"
    rules = holidays.country_holidays(code)  # (no year: nothing computed)
    return " (nationwide ones; regions add their own)" if getattr(rules, "subdivisions", ()) and subdiv is None else ""


def _named(table: Mapping[date, str], words: list[str]) -> tuple[date, str] | None:
    found = [(len(said.split()), day, said) for day, said in table.items()
             if all(re.search(rf"\b{re.escape(w)}\b", said.lower()) for w in words) and "observed" not in said]
    if not found:  # the name with fewest other words: "Independence Day" before "Juneteenth National Independence Day"
        return None
    _, day, said = min(found)
    return day, said


def _find(name: str, year: int, code: str | None,
          subdiv: str | None) -> tuple[date, str, str, tuple[str, ...]] | None:
    """The day of a holiday by name in `year`, its name, its country and, for one only some regions keep, which
    ("AB, BC, …"): in the country given, else the first English-speaking country (or this machine's) that has it;
    nationwide before in some regions."""
    wanted = _NAMED.get(name, re.sub(r"\bst\.?(?= )", "saint", name))  # (St Andrew's Day: Saint Andrew's)
    words = [w for w in re.findall(r"[a-z0-9]+(?:'[a-z]+)?", wanted) if w not in ("day", "the")] or [wanted]
    here = _here()
    own = [c for c in (code, _NAMED_FOR.get(wanted), here) if c]
    order = list(dict.fromkeys([code] if code else [*own, *_ENGLISH]))
    # Not nationwide, in some regions only: a country named, its regions' ("When is Victoria Day 2027 in Canada?":
    # most provinces'); none named, a holiday's own country's or this machine's before another's nationwide one, the
    # other countries' last, for a name that is a holiday's ("Melbourne Cup Day", not "election")
    regional = subdiv is None and (code is not None or len(words) > 1 or re.search(r"\bday$", wanted) is not None)
    steps = [(country, whole) for country in order for whole in (True, False) if whole or (regional and country in own)]
    steps += [(country, False) for country in order if regional and country not in own]
    for country, whole in steps:
        if whole:
            found = _named(_calendar(country, year, subdiv), words)
            if found:
                return (*found, country, ())
            continue
        kept = [(found, region) for region in _subdivisions(country)
                if (found := _named(_calendar(country, year, region), words))]
        if kept:
            (day, said), _ = kept[0]
            return day, said, country, tuple(region for found, region in kept if found[0] == day)
    return None


@functools.cache
def _subdivisions(code: str) -> tuple[str, ...]:
    import holidays

    # (not a city's or a part's within one: Augsburg, "NSW Western")
    return tuple(r for r in holidays.country_holidays(code).subdivisions if re.fullmatch(r"[A-Z0-9]{1,3}", r))


def _elsewhere(code: str, day: date) -> dict[str, str]:
    """The regions of a country (the UK's other nations than England) whose own holiday `day` is, to its name."""
    national = _calendar(code, day.year, None)
    return {region: said for region in _subdivisions(code) if region != "ENG"
            and (said := _calendar(code, day.year, region).get(day)) and day not in national}


def _regions_said(code: str, regions: list[str]) -> str:
    """Regions by name, in a sentence: "Alberta, British Columbia and Ontario"."""
    names = [_country_name(code, region) for region in regions]
    return and_joined(names)


def _year(args: Mapping[str, Any], now: datetime) -> int | None:
    year = args.get("year")
    if year in (None, ""):
        return None
    try:
        value = int(year)
    except (TypeError, ValueError):
        raise ToolError(f"holidays: 'year' must be a year such as 2027, not {year!r}") from None
    if not 1900 <= value <= 2200:
        raise ToolError(f"holidays: {value} is outside the years the rules cover (1900 to 2200)")
    return value


def _country_arg(args: Mapping[str, Any], *, required: bool) -> tuple[str | None, str | None]:
    text = str(args.get("country") or "").strip()
    if not text:
        here = _here()
        if here is None and required:
            raise ToolError("holidays: which country? Name it ('in the UK', 'country=DE'); this machine's locale "
                            "names none")
        return here, None
    if re.fullmatch(r"[A-Za-z]{2}", text) and text.upper() in set(_countries().values()):
        return text.upper(), None
    coded = re.fullmatch(r"([A-Za-z]{2})-(\w+)", text)
    if coded is not None and coded.group(1).upper() in set(_countries().values()):  # US-TX, DE-BY
        import holidays

        country, region = coded.group(1).upper(), coded.group(2).upper()
        regions = {r.upper(): r for r in holidays.country_holidays(country).subdivisions}
        if region not in regions:
            raise ToolError(f"holidays: {coded.group(2)!r} is no region of {_country_name(country, None)} the rules "
                            f"know ({', '.join(list(regions)[:8])}, …)")
        return country, regions[region]
    found = country_in(text if " " in text or len(text) > 3 else f"in {text}")
    if found is None:
        raise ToolError(f"holidays: {text!r} is no country the holiday rules know (a name or a code: UK, DE, "
                        "United States)")
    return found


def explain(args: Mapping[str, Any], now: datetime) -> tuple[str, dict[str, Any]]:
    """The tool's answer and data for `args` (action: date, check, list or next)."""
    action = str(args.get("action") or "date")
    if action not in ACTIONS:
        raise ToolError(f"holidays: action must be one of {', '.join(ACTIONS)}, not {action!r}")
    year = _year(args, now)
    today = now.date()
    if action == "date":
        name = " ".join(str(args.get("name") or "").lower().replace("’", "'").split())
        if not name:
            raise ToolError("holidays date needs 'name': a holiday such as Thanksgiving or Canada Day")
        code, subdiv = _country_arg(args, required=False) if args.get("country") else (None, None)
        found = _find(name, year or today.year, code, subdiv)
        if found is not None and year is None and found[0] < today:  # the next one
            found = _find(name, today.year + 1, found[2] if code is None else code, subdiv)
        if found is None:
            where = f" in {_where(code, subdiv)}" if code else ""
            raise ToolError(f"holidays: no public holiday called {name!r}{where} in {year or today.year}")
        day, said, country, regions = found
        days = (day - today).days
        when = from_today(days)
        verb = "is" if days >= 0 else "was"
        where = (f" (in {_regions_said(country, list(regions))}, not the whole of {_country_name(country, None)})"
                 if regions else f" in {_where(country, subdiv)}")
        text = f"{said}{where} {verb} on {long_date(day)} ({when})."
        return text, {"name": said, "country": country, "date": day.isoformat(), "weekday": day.strftime("%A"),
                      "day": day.day, **({"regions": list(regions)} if regions else {})}
    code, subdiv = _country_arg(args, required=True)
    assert code is not None
    where = _where(code, subdiv)
    note = _regional_note(code, subdiv)
    if action == "workdays":
        return _workdays(args, now, code, subdiv, where, note)
    if action == "add":
        return _add(args, now, code, subdiv, where, note)
    if action == "check":
        day = parse_day(str(args.get("date") or "today"), now)
        table = _calendar(code, day.year, subdiv)
        holiday = table.get(day)
        elsewhere = {} if holiday or subdiv is not None else _elsewhere(code, day)
        if holiday:
            text = f"{long_date(day)} is a public holiday in {where}: {holiday}."
        elif elsewhere:  # (6 January in Germany: Epiphany in three Länder; 2 January in the UK: Scotland's)
            named: dict[str, list[str]] = {}
            for region, said in elsewhere.items():
                named.setdefault(said, []).append(region)
            kept = ("; ".join(f"in {_regions_said(code, regions)} ({said})" for said, regions in named.items())
                    if len(named) > 1 else f"in {_regions_said(code, next(iter(named.values())))}: {next(iter(named))}")
            text = (f"{long_date(day)} is not a public holiday in {where}{'' if code == 'GB' else ' as a whole'}; it "
                    f"is one {kept}.")
        else:
            text = f"{long_date(day)} is not a public holiday in {where}{note}."
        return text, {"date": day.isoformat(), "country": code, "holiday": holiday is not None, "name": holiday,
                      **({"regions": elsewhere} if elsewhere else {})}
    if action == "next":
        start = parse_day(str(args.get("date") or "today"), now)
        for year_at in (start.year, start.year + 1):
            after = [(d, n) for d, n in _calendar(code, year_at, subdiv).items() if d > start]
            if after:
                day, said = after[0]
                return (f"The next public holiday in {where} after {long_date(start)} is {said}, on "
                        f"{long_date(day)}{note}.",
                        {"date": day.isoformat(), "name": said, "country": code, "weekday": day.strftime("%A"),
                         "day": day.day})
        raise ToolError(f"holidays: no public holiday in {where} after {long_date(start)} in two years")
    month_text = str(args.get("month") or "").strip().lower()
    month = None
    if month_text:
        month = next((i + 1 for i, m in enumerate(_MONTHS) if m.startswith(month_text[:3])), None)
        if month is None:
            raise ToolError(f"holidays: {month_text!r} is no month")
    in_year = year or today.year
    listed_days = [(d, n) for d, n in _calendar(code, in_year, subdiv).items() if month is None or d.month == month]
    span = f"{_MONTHS[month - 1].title()} {in_year}" if month else str(in_year)
    if not listed_days:
        return (f"{where[0].upper() + where[1:]} has no public holiday in {span}{note}.",
                {"country": code, "year": in_year, "month": month, "holidays": []})
    listed = "\n".join(f"- {_day_said(d, n)}" for d, n in listed_days)
    return (f"Public holidays in {where} in {span}{note}:\n{listed}",
            {"country": code, "year": in_year, "month": month,
             "holidays": [{"date": d.isoformat(), "name": n} for d, n in listed_days]})


def _workdays(args: Mapping[str, Any], now: datetime, code: str, subdiv: str | None, where: str,
              note: str) -> tuple[str, dict[str, Any]]:
    if not args.get("from") or not args.get("to"):
        raise ToolError("holidays workdays needs 'from' and 'to': the first and last day (both counted)")
    start, end = sorted((parse_day(str(args["from"]), now), parse_day(str(args["to"]), now)))
    if end.year - start.year > 50:
        raise ToolError("holidays workdays: a span of more than 50 years is more than the tool counts")
    weekdays = workdays_between(start, end)
    off = _weekday_holidays(code, subdiv, start, end)
    said = "; ".join(_day_said(d, n) for d, n in off)
    fall = "1 public holiday falls" if len(off) == 1 else f"{len(off)} public holidays fall"
    text = (f"From {long_date(start)} to {long_date(end)}: {weekdays} weekdays, {weekdays - len(off)} working days in "
            f"{where}{note}: " + (f"{fall} on a weekday ({said})." if off else "no public holiday falls on a weekday."))
    return text, {"from": start.isoformat(), "to": end.isoformat(), "weekdays": weekdays,
                  "workdays": weekdays - len(off), "country": code,
                  "holidays": [{"date": d.isoformat(), "name": n} for d, n in off]}


def _add(args: Mapping[str, Any], now: datetime, code: str, subdiv: str | None, where: str,
         note: str) -> tuple[str, dict[str, Any]]:
    try:
        count = int(args.get("days"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ToolError("holidays add needs 'days': how many working days on (negative: back), such as 10") from None
    if abs(count) > 10_000:
        raise ToolError(f"holidays add: {count} working days is more than the tool counts (10,000 at most)")
    start = parse_day(str(args.get("from") or "today"), now)
    day = add_workdays(start, count, off=lambda d: d in _calendar(code, d.year, subdiv))
    one = timedelta(days=1)
    # the days passed over: between the two, neither counted (the start is no day on, the end a working day)
    skipped = _weekday_holidays(code, subdiv, start + one, day - one) if count >= 0 else \
        _weekday_holidays(code, subdiv, day + one, start - one)[::-1]  # (in the order they were passed over)
    way = "after" if count >= 0 else "before"
    said = "; ".join(_day_said(d, n) for d, n in skipped)
    passed = (f"{'1 public holiday' if len(skipped) == 1 else f'{len(skipped)} public holidays'} on a weekday left out "
              f"({said})" if skipped else "no public holiday on a weekday between")
    text = (f"{abs(count)} working day{'s' if abs(count) != 1 else ''} {way} {long_date(start)} in {where} is "
            f"{long_date(day)}: {passed}{note}.")
    return text, {"from": start.isoformat(), "days": count, "date": day.isoformat(), "weekday": day.strftime("%A"),
                  "day": day.day, "country": code, "skipped": [{"date": d.isoformat(), "name": n} for d, n in skipped]}


def _weekday_holidays(code: str, subdiv: str | None, first: date, last: date) -> list[tuple[date, str]]:
    """The public holidays that fall on a weekday from `first` to `last` (both counted), in order."""
    return sorted((d, n) for y in range(first.year, last.year + 1) for d, n in _calendar(code, y, subdiv).items()
                  if first <= d <= last and d.weekday() < 5)


def _day_said(day: date, name: str) -> str:
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B')}: {name}"


class HolidaysTool:
    """A country's public holidays: when one is, whether a day is one, a month's or year's list, the next one."""

    name = "holidays"
    description = ("Public holidays by country or region, from their rules: when a holiday is (Thanksgiving 2027), "
                   "whether a day is one, a list for a month or year, the next one, the working days in a span, or "
                   "the day some working days on")
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "action": {"type": "string", "enum": list(ACTIONS), "description": "what to find"},
            "name": {"type": "string", "maxLength": 80, "description": "date: the holiday (Labor Day)"},
            "country": {"type": "string", "maxLength": 60,
                        "description": "a country's name or code (UK, DE); default: this machine's locale"},
            "date": {"type": "string", "maxLength": 60, "description": "check, next: the day (default today)"},
            "from": {"type": "string", "maxLength": 60, "description": "workdays: the first day; add: the day "
                                                                       "counted from (default today)"},
            "to": {"type": "string", "maxLength": 60, "description": "workdays: the last day (counted)"},
            "days": {"type": "integer", "description": "add: working days on from 'from' (negative: back)"},
            "year": {"type": "integer", "description": "date, list: the year (default: this one, or the next)"},
            "month": {"type": "string", "maxLength": 20, "description": "list: a month (May)"},
        },
        "required": ["action"],
    }
    positional = ("action", "name")
    write_actions: frozenset[str] = frozenset()
    examples: tuple[tuple[str, dict[str, Any]], ...] = (
        ("when is thanksgiving 2027?", {"action": "date", "name": "thanksgiving", "year": 2027}),
    )

    def run(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolResult:
        text, data = explain(args, ctx.now())
        return ToolResult(text, data, verdict=data["holiday"] if "holiday" in data else None)


# --- recognising a plain question ----------------------------------------------------------------------------

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
    found = re.search(r"\b(" + "|".join(_MONTHS) + r")\b", text, re.I)
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
    return _NATION_NAMES[subdiv] if code == "GB" else f"{code}-{subdiv}"


_HOLIDAYS_OUT = re.compile(r",?\s*(?:not\s+counting|excluding|without|minus|less|leaving\s+out|after\s+removing|and\s+"
                           r"(?:leave|take)\s+out)\s+(?:the\s+)?(?:bank|public|national|federal|statutory)\s+"
                           r"holidays.*$|,?\s*(?:with|after)\s+(?:the\s+)?(?:bank|public)\s+holidays\s+"
                           r"(?:taken\s+out|removed|excluded)\b.*$", re.I)
_IN_MONTH = re.compile(r"^\s*how\s+many\s+(?:working|business|work)\s*days\s+(?:(?:are\s+)?(?:there\s+)?in|does|"
                       r"will|did)\s+(?P<month>" + "|".join(_MONTHS) + r")(?:\s+(?P<year>\d{4}))?(?:\s+(?:have|has))?"
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
    found = _country_at(cleaned)
    if found is not None:
        code, subdiv, at = found
        cleaned = (cleaned[:at.start()] + cleaned[at.end():]).strip()
        cleaned = re.sub(r"\s+(?:in|for)(?:\s+the)?\s*(?=[?.!]*\s*$|,)", "", cleaned)
        country = _place(code, subdiv)
    elif cleaned != text and (here := _here()) is not None:  # (holidays to leave out, and a country here)
        country = here
    else:
        return None
    on = date_asked(cleaned, now)  # "What date is 10 business days from today in the UK?"
    moved = workday_offset(on, now) if on is not None else None
    if moved is not None:
        return {"action": "add", "from": moved[0].isoformat(), "days": moved[1], "country": country}
    month = _IN_MONTH.match(cleaned)
    if month is not None:
        index = _MONTHS.index(month.group("month").lower()) + 1
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
        return args if "country" in args or _here() else None
    asked = _CHECK.match(text)
    if asked is not None:
        where = _where_args(asked.group("where") or "")
        if asked.group("where") and not where:  # "… a holiday in Atlantis?": no rules to answer it by
            return None
        args = {"action": "check", "date": asked.group("day"), **where}
        if "country" not in args and _here() is None:
            return None
        try:
            parse_day(args["date"], now)
        except (ToolError, ValueError, OverflowError):  # "Is Whit Monday 2027 a holiday in France?": that day
            named = re.fullmatch(r"(.+?)(?:\s+(?:in\s+)?(\d{4}))?", " ".join(args["date"].lower().split()))
            code, subdiv = _country_arg(args, required=False) if "country" in args else (None, None)
            on_year = int(named.group(2)) if named and named.group(2) else now.year
            # (a holiday the country does not have is still a day: Whit Monday is no holiday in Spain as a whole)
            found = (_find(named.group(1), on_year, code, subdiv) or _find(named.group(1), on_year, None, None)) \
                if named else None
            if found is None:
                return None
            args["date"] = found[0].isoformat()
        return args
    asked = _LIST.match(text)
    if asked is not None:
        rest = asked.group("rest")
        where = _where_args(rest)
        if not where and _here() is None:
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
        code, subdiv = _country_arg(where, required=False)
    else:
        subdiv = None
    if _find(name, year or now.year, code, subdiv) is None:
        return None
    return {"action": "date", "name": name, **where, **({"year": year} if year is not None else {})}
