"""Public holidays as the `holidays` package's rules give them: countries and regions by name (`country_in`,
`country_arg`), a country's holidays in a year (`holiday_calendar`), a holiday found by its name (`find_holiday`).
The `holidays` tool (publicdays.py) answers from these; recognising a question (holidayquestions.py) checks
against them.

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
from datetime import date
from typing import Any

from llorch.errors import ToolError

__all__ = ["MONTHS", "NATION_NAMES", "country_arg", "country_at", "country_in", "country_name", "find_holiday",
           "holiday_calendar", "locale_country", "subdivisions"]

# Countries whose holidays have English names, in the order a name they share is taken ("Labor Day" is the US's,
# not the 1 May that Germany's list calls Labor Day in English).
_ENGLISH = ("US", "GB", "CA", "AU", "NZ", "IE", "IN", "ZA", "SG")
_NATIONS = {"england": "ENG", "scotland": "SCT", "wales": "WLS", "northern ireland": "NIR"}
NATION_NAMES = {code: name.title() for name, code in _NATIONS.items()}
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
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
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
    found = country_at(text)
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


def country_at(text: str) -> tuple[str, str | None, re.Match[str]] | None:
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


def locale_country() -> str | None:
    """This machine's country, from its locale (LC_ALL, LC_TIME, LANG: en_GB.UTF-8 is GB), when the package knows it."""
    for key in ("LC_ALL", "LC_TIME", "LANG"):
        value = os.environ.get(key, "")
        found = re.match(r"[a-z]{2,3}_([A-Z]{2})\b", value)
        if found is not None and found.group(1) in set(_countries().values()):
            return found.group(1)
    return None


def country_name(code: str, subdiv: str | None) -> str:
    if code == "GB":
        return NATION_NAMES.get(subdiv or "", "the United Kingdom")
    if subdiv is not None:
        return _region_name(code, subdiv)
    name = _official().get(code, code.lower())
    said = " ".join(w if w in ("and", "of", "the") else w[:1].upper() + w[1:] for w in name.split())
    return ("the " if name in ("united states", "netherlands", "philippines", "united arab emirates",
                               "czech republic", "dominican republic") else "") + said


@functools.lru_cache(maxsize=256)
def holiday_calendar(code: str, year: int, subdiv: str | None) -> dict[date, str]:
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


def _named(table: Mapping[date, str], words: list[str]) -> tuple[date, str] | None:
    found = [(len(said.split()), day, said) for day, said in table.items()
             if all(re.search(rf"\b{re.escape(w)}\b", said.lower()) for w in words) and "observed" not in said]
    if not found:  # the name with fewest other words: "Independence Day" before "Juneteenth National Independence Day"
        return None
    _, day, said = min(found)
    return day, said


def find_holiday(name: str, year: int, code: str | None,
                 subdiv: str | None) -> tuple[date, str, str, tuple[str, ...]] | None:
    """The day of a holiday by name in `year`, its name, its country and, for one only some regions keep, which
    ("AB, BC, …"): in the country given, else the first English-speaking country (or this machine's) that has it;
    nationwide before in some regions."""
    wanted = _NAMED.get(name, re.sub(r"\bst\.?(?= )", "saint", name))  # (St Andrew's Day: Saint Andrew's)
    words = [w for w in re.findall(r"[a-z0-9]+(?:'[a-z]+)?", wanted) if w not in ("day", "the")] or [wanted]
    here = locale_country()
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
            found = _named(holiday_calendar(country, year, subdiv), words)
            if found:
                return (*found, country, ())
            continue
        kept = [(found, region) for region in subdivisions(country)
                if (found := _named(holiday_calendar(country, year, region), words))]
        if kept:
            (day, said), _ = kept[0]
            return day, said, country, tuple(region for found, region in kept if found[0] == day)
    return None


@functools.cache
def subdivisions(code: str) -> tuple[str, ...]:
    import holidays

    # (not a city's or a part's within one: Augsburg, "NSW Western")
    return tuple(r for r in holidays.country_holidays(code).subdivisions if re.fullmatch(r"[A-Z0-9]{1,3}", r))


def country_arg(args: Mapping[str, Any], *, required: bool) -> tuple[str | None, str | None]:
    text = str(args.get("country") or "").strip()
    if not text:
        here = locale_country()
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
            raise ToolError(f"holidays: {coded.group(2)!r} is no region of {country_name(country, None)} the rules "
                            f"know ({', '.join(list(regions)[:8])}, …)")
        return country, regions[region]
    found = country_in(text if " " in text or len(text) > 3 else f"in {text}")
    if found is None:
        raise ToolError(f"holidays: {text!r} is no country the holiday rules know (a name or a code: UK, DE, "
                        "United States)")
    return found
