"""What an answer must give of an exact step's result, and whether it gave it.

An exact step (Conversation._exact_step) runs the tool a plain question names before the model answers; the model
then words the answer. A small model still gets the figure wrong in its own words now and then (told 37 °C, the
1.5B showed its working and ended at 37.18), so the answer is checked against the tool's result: `expected` reads
what an answer must give (a number as written or rounded, a word, a yes or a no, values in order, a data block),
and `fault` says, in a line for the user, where the answer falls short of it. The forms an answer may write a value
in (a time, a day, a length of time, a pace) and how an answer is read for them are answerforms.py's; what it must
give of a developer tool's result (an encoding, a regex's match, a version, a color, a code) is devchecks.py's; of a
time of day, a span's parts, a speed or a pace, answertimes.py's; of a table's or a list's rows (a row's name, a
tie, each group's value, a log's messages, the most common word or letters), answertables.py's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from llorch.chat.answerforms import (by_label, called, clock_forms, clock_given, dated_forms, day_forms, durations,
                                     gives, in_order, lengths, pace_given, second_lengths, times, unix_values)
from llorch.chat.answertables import (MESSAGE_EDGE, TIED_NAMED, LetterCheck, letter_fault, letter_values,
                                      listed_extreme, message_forms, table_values, word_forms)
from llorch.chat.answertimes import ClockTime, clock_time, duration_parts, span_parts, speed_values
from llorch.chat.devchecks import checked_values, code_values
from llorch.chat.expect import NO, YES_NO, YES_VERDICT, Checked, Expect
from llorch.tools.datequestions import WORKDAYS_ASKED

__all__ = ["Expect", "expected", "fault", "says_no"]

_WEEKDAY_ASKED = re.compile(r"\b(?:weekday|day\s+of\s+the\s+week|(?:what|which)\s+day\b(?!\s+is\s+it\b))",
                            re.IGNORECASE)


# A date asked for, or a day moved from another ("What's 2 weeks and 3 days after 28 December 2026?")
_DATE_ASKED = re.compile(r"\bdate\b|\b(?:days?|weeks?|fortnights?|months?|years?)\s+(?:before|after|from|earlier|later|"
                         r"ago|prior\s+to)\b", re.IGNORECASE)
_QUARTER_ASKED = re.compile(r"\b(?:which|what)\s+quarter\b", re.IGNORECASE)
_DAYS_ASKED = re.compile(r"\bhow\s+many\s+days\b", re.IGNORECASE)


def ratio_forms(data: Mapping[str, Any]) -> Checked:
    """How an answer may write a ratio in lowest terms ("16:9", "16 : 9", "16 to 9", "16/9", "16x9", "16 by 9") or
    the ratio screens are sold as ("about 16:9"); two terms as a decimal to 1 ("1.78:1"). Nothing where the ratio
    was already in lowest terms: "already in lowest terms" is its answer."""
    terms = [str(t) for t in data["terms"]]
    if str(data.get("expression", "")).replace(" ", "") == f"ratio({','.join(terms)})":
        return ()
    ratios = [terms, *([str(data["screen"]).split(":")] if data.get("screen") else [])]
    joins = (":", " : ", " to ", "/", "x", "×", " by ", "∶") if len(terms) == 2 else (":", " : ")
    forms = [join.join(each) for each in ratios for join in joins]
    if len(terms) == 2:
        forms.append(f"{int(terms[0]) / int(terms[1]):.2f}:1")
    return tuple(forms)


def _expect(values: Checked) -> Expect:
    return values if isinstance(values, Expect) else Expect("any", values)


# What says a number is not prime: the 1.5B answered "1,000,003 is not a prime number" (divisible by 7; it is prime).
# "… is prime, not composite" and "it is not divisible by 7" say no such thing.
_NOT_PRIME = (r"(?:\b(?:not|isn['’]t)\s+(?:a\s+)?prime\b|\bnon-?\s?prime\b"
              r"|\b(?:is|it's|it’s)\s+(?:a\s+)?composite\b)")
# An answer's leading yes, and its leading no.
_YES = re.compile(r"\W*(?:yes|yeah|yep|correct|true|indeed)\b", re.IGNORECASE)
_NO_START = re.compile(r"\W*no\s*[,.:;!—-]", re.IGNORECASE)


_REST = r"(?:(?![.!?;](?:\s|$))[^\n])*?"  # the rest of a sentence (not past "… prime. Note")


def _prime_yes(data: Mapping[str, Any]) -> Expect:
    """A prime's yes, and what says otherwise of it: a "not prime" in a sentence with no number before it, or whose
    first number is this one, or after this number or "it" and no other ("Yes, 1000003 is prime. Note that 1000001
    is not a prime." says nothing against it; "1000003 = 7 × 142857, not prime" does)."""
    n = data["factors"][0] if len(data.get("factors") or ()) == 1 else None
    this = rf"(?<![\d,])(?:{n}|{n:,})(?![\d,])" if isinstance(n, int) else r"\bit\b"
    return Expect("yes", (rf"(?:^|[.!?;\n]\s*)[^\d.!?;\n]*?(?:{this}{_REST})?{_NOT_PRIME}"
                          rf"|(?:\bit\b|{this})[^\d.!?;\n]*?{_NOT_PRIME}",))


def _gave_data(answer: str, to: str, result: str) -> bool:
    """Whether an answer gives a conversion's data: in a block of its format that reads as the same data (the 1.5B,
    converting YAML to JSON, moved a key into the object above it), or as the tool wrote it, spacing aside."""
    from llorch.tools.convert import same_data

    same = same_data(answer, result, to)
    if same is not None:
        return same
    return " ".join(result.split()) in " ".join(answer.split())


def _drawn(data: Mapping[str, Any]) -> Checked:
    """What an answer must give of the random tool's draw, as drawn: the password, UUID or token character for
    character (a model retyping 20 random characters drops some), the number, the dice's total, the coin's side,
    the pick, or every item of a shuffle in its new order."""
    if data.get("action") == "dice":
        return (float(data.get("total", 0)),)
    result = data.get("result")
    if isinstance(result, list):
        return Expect("in_order", tuple(map(str, result)))
    if isinstance(result, int):
        return (float(result),)
    return (str(result),) if result else ()


def _agenda_values(found: list[Any], asked: str) -> Checked:
    """What an answer must give of the calendar's events or free times (tools/agenda.py): every event's title in
    order (the next one's, asked for the next), every free time's start (told three, the 1.5B said free from 9 to
    5), or a no when there are none (it answered "Yes, you have nothing on Thursday")."""
    if not found:
        return Expect("no", ("no", "not", "nothing", "none", "free", "clear", "nowhere"))
    if not all(isinstance(f, Mapping) for f in found) or len(found) > 12:
        return ()
    if all(isinstance(f.get("title"), str) for f in found):
        titles = tuple(str(f["title"]) for f in found)
        if re.search(r"\bnext\b", asked, re.IGNORECASE):  # the next one's title or time
            first = str(found[0].get("start", ""))[11:16]
            return (titles[0], *(times(first) if re.fullmatch(r"\d\d:\d\d", first) else ()))
        return Expect("in_order", titles)
    starts = [str(f.get("start", ""))[11:16] for f in found]
    if not all(re.fullmatch(r"\d\d:\d\d", t) for t in starts):
        return ()
    return Expect("in_order", tuple(times(t) for t in starts))


def _year_values(data: Mapping[str, Any], asked: str) -> Checked:
    """What an answer about a year must give: its yes or no to "Is 2100 a leap year?" (the 1.5B: yes), the next
    leap year, or its days (February's when asked)."""
    if re.search(r"\b(?:next|last|previous|coming)\s+leap", asked, re.IGNORECASE):
        before = re.search(r"\b(?:last|previous)\s+leap", asked, re.IGNORECASE) is not None
        year = data.get("previous_leap" if before else "next_leap")
        return (float(year),) if isinstance(year, int) else ()
    if re.search(r"\bhow\s+many\s+days\b", asked, re.IGNORECASE):
        days = data.get("february_days" if re.search(r"\bfeb", asked, re.IGNORECASE) else "days_in_year")
        return (float(days),) if isinstance(days, int) else ()
    return YES_VERDICT if data["leap"] else NO


def _exact_values(tool: str, data: Any, asked: str = "") -> Checked:
    """What an answer may give for an exact step's result (a number, or a word it must name): math's value, the
    units' result, the calendar's days (or its whole weeks: "10 weeks and 1 day" gives 71 days), or the weekday
    of calendar's `date` when the message asked for one (the 1.5B, told 14 February 2027 is a Sunday, answered
    "Valentine's Day will be on February 14, 2027"), or a word that says a number is not prime."""
    if tool == "calendar" and isinstance(data, Mapping) and isinstance(data.get("weekends"), int):
        # (March 2027: the 1.5B said 2 weekends; 4) counted by their Saturdays, or only the whole ones
        return (float(data["weekends"]), float(data.get("full_weekends", data["weekends"])))
    if tool == "calendar" and isinstance(data, Mapping) and isinstance(data.get("leap_years"), int):
        return (float(data["leap_years"]),)  # (2000 to 2100: the 1.5B said 34; 25)
    if tool == "calendar" and isinstance(data, Mapping) and isinstance(data.get("days_in_quarter"), int) \
            and _DAYS_ASKED.search(asked):  # a quarter's days (Q1 2027: the 1.5B said 30; 90)
        return (float(data["days_in_quarter"]),)
    if tool == "calendar" and isinstance(data, Mapping) and isinstance(data.get("quarter"), int) \
            and _QUARTER_ASKED.search(asked) and 1 <= data["quarter"] <= 4:
        nth = ("first", "second", "third", "fourth")[data["quarter"] - 1]
        return (f"Q{data['quarter']}", f"quarter {data['quarter']}", f"{nth} quarter")
    if tool == "calendar" and isinstance(data, Mapping) and isinstance(data.get("matching"), list) \
            and data["matching"] and all(isinstance(d, str) for d in data["matching"]):
        # which of the dates given fall on a weekend (the 1.5B named the Monday and the Wednesday): each, in order
        return Expect("in_order", tuple(dated_forms(date.fromisoformat(d)) for d in data["matching"]))
    if tool == "calendar" and isinstance(data, Mapping) and isinstance(data.get("weekday"), str):
        if isinstance(data.get("from_weekday"), str):  # "If today is Monday, what day is it in 100 days?" (the 1.5B:
            return (data["weekday"],)  # Sunday; Wednesday): a weekday alone was asked, however said
        if data.get("leap_day") and isinstance(data.get("date"), str) and not _WEEKDAY_ASKED.search(asked):
            return dated_forms(date.fromisoformat(data["date"]))  # the next leap day: 29 February 2028, not 2024
        if re.search(r"\b(?:\d{1,4}(?:st|nd|rd|th)\s+day|day\s+\d{1,4})\s+(?:of|in)\b|day\s+the\s+\d{1,2}(?:st|nd|"
                     r"rd|th)\b", asked, re.IGNORECASE) and not _WEEKDAY_ASKED.search(asked) \
                and isinstance(data.get("date"), str):
            return day_forms(date.fromisoformat(data["date"]))  # the date of "the 100th day of 2027" (the 1.5B: 31
            # December; 10 April), of "the next Friday the 13th"
        if isinstance(data.get("day_of_year"), int) and re.search(r"\bday\s+(?:number\s+)?of\s+the\s+year\b", asked,
                                                                  re.IGNORECASE):
            return (float(data["day_of_year"]),)  # (1 March 2027: the 1.5B said the 45th; it is the 60th)
        if re.search(r"\bweek\s+(?:number|no\b|of\s+the\s+year)|\biso\s+week|\bwhich\s+week\b|\bwhat\s+week\b", asked,
                     re.IGNORECASE):
            week = float(data.get("iso_week", 0))
            iso = (f"{data['iso_year']}-W{int(week):02d}",) if data.get("iso_year") else ()  # ("2026-W53", at once)
            if data.get("iso_year") and str(data["iso_year"]) != data["date"][:4]:  # 1 January 2027: week 53 of 2026
                return Expect("in_order", (week, str(data["iso_year"])), whole=iso)  # (not the 53rd of 2027)
            return (week, *iso)
        if _WEEKDAY_ASKED.search(asked):
            return (data["weekday"],)
        if _DATE_ASKED.search(asked) and isinstance(data.get("date"), str):  # told 1 December 2026 is 90 days before
            moved = date.fromisoformat(data["date"])  # 1 March 2027, the 1.5B answered December 15, 2026; with its
            years = set(re.findall(r"\b(?:19|20|21)\d\d\b", asked))  # with its year where it lands in another
            return dated_forms(moved) if years and str(moved.year) not in years else day_forms(moved)  # than the
            # question's (90 days before 1 March 2027 is in 2026)
        return ()
    if tool == "calendar" and isinstance(data, Mapping) and isinstance(data.get("day_of_week"), str) \
            and isinstance(data.get("count"), int):  # how many Mondays a month has (the 1.5B: 4 in March 2027; 5)
        if isinstance(data.get("day_of_month"), int):  # Friday the 13ths (the 1.5B: none in 2027; one): "Is there …?"
            return (YES_VERDICT if data["count"] else NO) if YES_NO.match(asked) else \
                (float(data["count"]),) if data["count"] else (0.0, "none", "no")
        return (float(data["count"]),)
    if tool == "calendar" and isinstance(data, Mapping) and data.get("unit") in ("months", "years") \
            and span_parts(data, asked):  # "in years, months and days": each, in order (the 1.5B: 14 years, 1
        return span_parts(data, asked)  # month and 3 days since 1 January 2000; 26 years, 11 months and 5 days)
    if tool == "calendar" and isinstance(data, Mapping) and data.get("unit") in ("months", "years"):
        whole = int(data.get(str(data["unit"])) or 0)  # whole months (March 2025 to November 2026: the 1.5B said 8; 20)
        # or an age's years (29 February 2000: the 1.5B said 25; 26); a span with days over may be said rounded up
        over = not data.get("age") and (data.get("days_over") or data.get("months_over"))
        return (float(whole), float(whole + 1)) if over else (float(whole),)
    if tool == "math" and isinstance(data, Mapping) and isinstance(data.get("values"), list):
        return _each_value(data["values"], data.get("parts"))  # several asked at once, each in order (the 1.5B: mean 7, median 4; 6 and 4)
    if tool == "math" and isinstance(data, Mapping) and data.get("base") == "roman":  # MCMXCIV, or 1994 for it
        return (str(data.get("result", "")),)  # (the 1.5B read MCMXCIV as 1944)
    if tool == "math" and isinstance(data, Mapping) and isinstance(data.get("terms"), list):  # ratio(1920, 1080):
        return ratio_forms(data)  # 16:9 (the 1.5B said 1920x1080 was "already in its lowest terms")
    if tool == "math" and isinstance(data, Mapping) and isinstance(data.get("base"), str):  # "0b11111111"
        written = str(data.get("result", ""))
        return (written, written.lstrip("-")[2:]) if written else ()
    if tool == "math" and isinstance(data, Mapping) and re.fullmatch(r"-?\d*\.\d+", str(data.get("expression", ""))) \
            and "/" in str(data.get("result", "")):  # a decimal asked as a fraction: the fraction (the 1.5B, told 0.625
        return (str(data["result"]).split(" (", 1)[0],)  # is 5/8, could echo 0.625 beside "1/4")
    places = re.fullmatch(r"round\(.+, (\d+)\)", str(data.get("expression", ""))) if isinstance(data, Mapping) else None
    if tool == "math" and places is not None and isinstance(data.get("value"), (int, float)):
        # every place asked for (…623 is not …624), as the tool wrote them: a float's go wrong after ~16 digits
        return (str(data.get("rounded") or f"{float(data['value']):.{int(places.group(1))}f}"),)
    if tool == "math" and isinstance(data, Mapping) and isinstance(data.get("primes"), list):  # factor(360): each
        # distinct prime in order, alone or with its power ("2, 3 and 5", "2³ × 3² × 5"; "2, 3 and 7" misses one)
        split, raised = data.get("factors") or [], str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
        return Expect("in_order", tuple((str(p), f"{p}{str(split.count(p)).translate(raised)}")
                                        for p in data["primes"])) if data["primes"] else ()
    if tool == "math" and isinstance(data, Mapping) and "prime" in data:  # (its value is 1 or 0: said in words)
        return _prime_yes(data) if data["prime"] else NO  # the 1.5B: "Yes, 391 is a prime number."
    if tool == "calendar" and isinstance(data, list):
        return _agenda_values(data, asked)
    if tool == "calendar" and isinstance(data, Mapping) and isinstance(data.get("leap"), bool):
        return _year_values(data, asked)
    if not isinstance(data, Mapping):
        return ()
    if tool in ("encode", "network", "permissions", "regex", "validate", "cron", "version", "text", "color"):
        return checked_values(tool, data, asked)
    if tool == "random":
        return _drawn(data)
    if tool == "table":
        return table_values(data, asked)
    if tool == "convert" and data.get("result"):
        return Expect("same_data", (str(data["to"]), str(data["result"])))
    if tool == "codes":
        return code_values(data, asked)
    if tool == "holidays":  # (the 1.5B: Labor Day 2027 on 3 September, no to Memorial Day as a holiday)
        if isinstance(data.get("holiday"), bool):
            return YES_VERDICT if data["holiday"] else NO
        if isinstance(data.get("workdays"), int):
            return (float(data["workdays"]),)
        if isinstance(data.get("weekday"), str) and _WEEKDAY_ASKED.search(asked):
            return (data["weekday"],)
        if isinstance(data.get("holidays"), list) and len(data["holidays"]) >= 2:  # each day, in order (told England's
            # 2027 list, the 1.5B dropped the dates of six and put Christmas on a Monday)
            return Expect("in_order", tuple(str(int(h["date"][8:])) for h in data["holidays"]))
        return (float(data["day"]),) if isinstance(data.get("day"), int) else ()
    if tool == "clock" and data.get("hours_ahead") and re.search(r"\b(?:difference|ahead|behind)\b", asked, re.I):
        return (abs(float(data["hours_ahead"])),)  # (London and Tokyo: the 1.5B said 10 hours)
    if tool == "clock" and isinstance(data.get("unix"), int) and not isinstance(data["unix"], bool):
        return unix_values(data, asked)  # (1 January 2027 UTC: the 1.5B wrote a how-to and no number)
    if tool == "clock" and isinstance(data.get("timestamp"), int) and isinstance(data.get("utc"), str):
        return day_forms(date.fromisoformat(data["utc"][:10]))  # (unix time 1700000000: the 1.5B said 6 December
        # 2026, the day it was asked)
    if tool == "clock" and data.get("wanted") in ("12", "24") and isinstance(data.get("time"), str):
        forms = times(str(data["time"]))  # on the other clock only: "12:45" for 12:45 in 12-hour format says
        return forms[:1] if data["wanted"] == "24" else forms[2:5] + forms[6:]  # nothing (the 1.5B's)
    if tool in ("clock", "timespan") and (data.get("at") or "days" in data) and isinstance(data.get("time"), str):
        return clock_time(data)  # (3pm EST in London: the 1.5B said "12:00 AM BST")
    if tool == "timespan" and data.get("which"):  # the earlier or later of two times, the one beside the word (the
        # 1.5B: "11:59 pm is earlier than 00:01 am"; "Compared with 12:01 am, 11:59 pm is earlier." is as wrong), to
        # the second where seconds were given (23:59:58 is not 23:59:59); the same time: any way
        so = ("earlier", "earliest", "first", "before", "sooner") if data["which"] == "earlier" else (
            "later", "latest", "last", "after")
        one, two = data.get("named"), (data.get("start"), data.get("end"))
        if not isinstance(one, str) or one not in two or not all(isinstance(t, str) for t in two):
            return ()
        return Expect("called", (clock_forms(one), clock_forms(str(two[1] if one == two[0] else two[0])), so))
    if tool == "timespan" and isinstance(data.get("parts"), list):  # one duration in parts, each in order (1,000,000
        return duration_parts(data)  # seconds: the 1.5B said 11 days 11 hours 36 minutes; 11 d 13 h 46 min 40 s)
    if tool == "timespan" and data.get("in") and isinstance(data.get("value"), (int, float)):
        return (float(data["value"]),)  # (a duration in one unit: 2 h 15 min is 8,100 seconds)
    if tool == "timespan" and data.get("stat") and isinstance(data.get("result"), str):  # a list's statistic, in
        # its form or any other (call durations: the 1.5B said 14 hours 28 minutes for 24:18)
        seconds = float(data.get("in_seconds") or 0)
        said = (data["result"], *map(str, data.get("rounded") or ()),
                *(second_lengths(int(seconds)) if seconds == int(seconds) else (seconds, str(data["words"]))))
        return listed_extreme(data, said, asked) if data["stat"] in ("max", "min", "fastest", "slowest") else said
    if tool == "timespan" and isinstance(data.get("seconds"), int) and not data.get("in"):
        return second_lengths(int(data["seconds"]))  # (10:15:30 to 10:47:05: the 1.5B said 60 seconds)
    if tool == "timespan" and isinstance(data.get("minutes"), int):
        return lengths(int(data["minutes"]))  # (11:30pm to 6:15am: the 1.5B said 7 hours)
    if tool == "units" and "than" in data:  # a comparison: its yes or no, or the one asked for named first and called
        # so (the 1.5B: "1 pound is heavier than 500 grams." names both, the larger last); equal: worded any way
        if isinstance(data.get("holds"), bool):
            return YES_VERDICT if data["holds"] else NO
        named, words = data.get("named") or (), data.get("comparatives") or ()
        return Expect("in_order", (tuple(map(str, named)), tuple(map(str, words)))) if named and words else ()
    if tool == "units" and data.get("took"):  # a speed, or a distance's pace (the 1.5B: 15.67 minutes/km; 3:08)
        return speed_values(data, asked)
    if tool == "units" and isinstance(data.get("seconds"), (int, float)):
        return durations(float(data["seconds"]))  # (4.7 GB at 50 Mbps: the 1.5B said an hour and a half)
    if tool == "count" and isinstance(data, Mapping) and isinstance(data.get("messages"), Mapping) \
            and 0 < len(data["messages"]) <= 10:  # a log's messages tallied (the 1.5B: "5 error messages and 1
        tally = data["messages"]  # warning"; disk full 3 times, timeout once): each named, its count beside it
        if not all(str(m).strip(MESSAGE_EDGE) for m in tally):
            return ()  # (an empty message names nothing)
        return Expect("all", tuple(float(n) for n in tally.values()), tuple(message_forms(str(m)) for m in tally))
    if tool == "count" and isinstance(data, Mapping) and isinstance(data.get("words"), list) and data["words"]:
        # the longest or shortest word, named (asked of cat, elephant, hippopotamus the 1.5B said elephant); a tie,
        # every one in it
        named = tuple((str(word),) for word in data["words"])
        return Expect("all", named) if 1 < len(named) <= TIED_NAMED else tuple(n[0] for n in named)
    if tool == "count" and isinstance(data, Mapping) and isinstance(data.get("time"), str) and data.get("line"):
        stamp = str(data["time"])  # a log's first or last line of a level: its time (the 1.5B named the WARN line's)
        return tuple(dict.fromkeys((stamp, re.sub(r"^0(?=\d:)", "", stamp))))
    letters = letter_values(data) if tool == "count" and isinstance(data, Mapping) else None
    if letters is not None:  # the most common letters, a tie's every one, or each letter's count (the 1.5B: "m" in
        return letters  # "mississippi"; "i" and "s", 4 times each)
    if tool == "count" and isinstance(data, Mapping) and isinstance(data.get("most"), list) and data["most"]:
        # the most common word, named as a word (the 1.5B: "cat"; "the", 5 times): quoted or said to be it, as
        # a bare "the" is in every answer; a log's message by its words; a tie, every one in it
        most = [(str(word),) if "message" in str(data.get("what", "")) else word_forms(str(word))
                for word in data["most"]]
        if 1 < len(most) <= TIED_NAMED:
            return Expect("all", tuple(most))
        return tuple(form for said in most for form in said)
    key = {"math": "value", "units": "result", "calendar": "days", "count": "count"}.get(tool)
    value = data.get(key) if key is not None and isinstance(data, Mapping) else None
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return ()
    if tool == "count" and isinstance(data.get("ignoring_case"), int):  # "lines that mention ERROR": either reading
        return (float(value), float(data["ignoring_case"]))
    if tool == "count" and isinstance(data.get("of_all"), float):  # a pass rate: of the tests that ran (the 1.5B:
        return (float(value), float(data["of_all"]))  # 73.69% of "57"), or of all with the skipped
    if tool == "calendar" and isinstance(data.get("weekdays"), int) and WORKDAYS_ASKED.search(asked):
        return (float(data["weekdays"]),)  # (December 2026's working days: the 1.5B said 26, not 23)
    if tool == "calendar":
        days = abs(int(value))
        return (float(days), float(days // 7)) if days >= 7 else (float(days),)
    if isinstance(value, int) and abs(value) > 2**53:  # past a float's exact integers: every digit, as written
        return str(value), f"{value:,}"  # (2 to the 64th: the 1.5B ended …551,615, the same float as …551,616)
    if tool == "math" and isinstance(data.get("amount"), str):  # to the cent, as the tool said it (the 1.5B, told
        return float(value), data["amount"]  # 35.994 for 40% off $59.99, answered "$35.994": either stands)
    return (float(value),)


# What an answer calls a statistic's value, by the math tool's function ("the average is 6" for mean(…)).
_STATISTICS = {
    "mean": ("mean", "average", "avg"), "median": ("median",), "mode": ("mode",), "sum": ("sum", "total"),
    "stdev": ("standard deviation", "stdev", "std"), "pstdev": ("standard deviation", "stdev", "std"),
    "variance": ("variance",), "pvariance": ("variance",), "min": ("minimum", "min", "smallest", "lowest"),
    "max": ("maximum", "max", "largest", "highest", "biggest"),
    "gcd": ("gcd", "greatest common divisor", "highest common factor", "hcf"),
    "lcm": ("lcm", "least common multiple", "lowest common multiple"),
}
_CALL = re.compile(r"\s*([a-z]\w*)\s*\((.*)\)\s*", re.DOTALL)


def _called(expression: str) -> str:
    """The function an expression is one call of, lower case ("mean" for "mean(3, 9, 4)"), or "" ("mean(1) + 2")."""
    call = _CALL.fullmatch(expression)
    if call is None:
        return ""
    depth = 0
    for c in call.group(2):  # the arguments' own brackets close before the call's does
        depth += {"(": 1, ")": -1}.get(c, 0)
        if depth < 0:
            return ""
    return call.group(1).lower() if depth == 0 else ""


def _each_value(values: list[Any], parts: Any = None) -> Checked:
    """Every value of a math call of several expressions ("mean(…); median(…)"), in order: each a number as written
    or rounded, past a float's exact integers every digit; nothing to check where one is no number. Where each
    part is a different statistic of its own (`parts`, the tool's), the values are labelled with their names, so
    that an answer may give them in another order."""
    each: list[float | str | tuple[str, ...]] = []
    for value in values:
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return ()
        each.append((str(value), f"{value:,}") if isinstance(value, int) and abs(value) > 2**53 else float(value))
    names = [_called(str(part.get("expression", ""))) if isinstance(part, Mapping) else ""
             for part in (parts if isinstance(parts, list) else [])]
    labels = tuple(_STATISTICS.get(name, ()) for name in names)
    if len(labels) != len(each) or not all(labels) or len(set(labels)) != len(labels):
        labels = ()
    return Expect("in_order", tuple(each), labels)


def expected(tool: str, data: Any, asked: str) -> Expect:
    """What an answer to `asked` must give of `tool`'s result `data`. A yes is checked only where the question is
    one a yes answers ("Is …", "Does …"): "Check this JSON" may be answered "Valid." or "No errors"."""
    want = _expect(_exact_values(tool, data, asked))
    return Expect("any") if want.kind == "yes" and YES_NO.match(asked) is None else want


def says_no(want: Expect, asked: str) -> bool:
    """Whether the tool's answer to a yes/no question is no (the model is told to say so first)."""
    return want.kind == "no" and YES_NO.match(asked) is not None


def fault(answer: str, want: Expect, tool: str, result: str) -> str | None:
    """A line for the user where `answer` does not give what `want` asks of `tool`'s `result` (its text), or None."""
    if not want:
        return None
    if isinstance(want, LetterCheck):  # the most common letters, or each one's count (answertables.py)
        return letter_fault(answer, want, tool, result)
    if isinstance(want, ClockTime):  # a time of day, on its day
        wrong = clock_given(answer, want.time, date.fromisoformat(want.day) if want.day else None, want.days)
        if wrong == "day":
            return f"the answer names another day than the {tool} tool's: {result}"
        return None if wrong is None else f"the answer does not give what the {tool} tool worked out exactly: {result}"
    if want.kind == "same_data":  # a conversion: the answer's block must hold the tool's data
        if not _gave_data(answer, str(want.values[0]), str(want.values[1])):
            return f"the answer does not give the data as the {tool} tool wrote it: {result}"
        return None
    if want.kind == "yes":
        if _NO_START.match(answer):  # (the 1.5B: "No, the pip specifier ~=2.2 does not allow 2.3.1.")
            return f"the answer begins with a no, and the {tool} tool's answer is yes: {result}"
        if any(isinstance(v, str) and re.search(v, answer, re.IGNORECASE) for v in want.values):
            return f"the answer says otherwise, and the {tool} tool's answer is yes: {result}"
        return None
    if want.kind in ("called", "pace"):  # the time called the earlier or later; a pace beside its unit
        if want.kind == "called":
            named, other, words = (v if isinstance(v, tuple) else () for v in want.values)
            gave = called(answer, named, other, words)
        else:
            pace, per = want.values
            gave = isinstance(pace, float) and pace_given(answer, pace, str(per))
        return None if gave else f"the answer does not give what the {tool} tool worked out exactly: {result}"
    if want.whole and any(gives(answer, form) for form in want.whole):
        return None  # (every value at once: "2026-W53")
    labelled = by_label(answer, want.values, want.labels) if want.kind == "in_order" and want.labels else None
    if want.kind == "all" and want.labels:  # each label named, and its value beside it where a number is
        unnamed = [label[0] for label in want.labels if not gives(answer, label)]
        if unnamed:
            return f"the answer leaves out {', '.join(unnamed)}, and the {tool} tool's result holds them all: {result}"
        if by_label(answer, want.values, want.labels) is False:
            return f"the answer does not give what the {tool} tool counted beside each: {result}"
        return None
    if want.kind == "all":
        missing = [str(v[0] if isinstance(v, tuple) else v) for v in want.values if not gives(answer, v)]
        return None if not missing else (f"the answer leaves out {', '.join(missing)}, and the {tool} tool's result "
                                         f"holds them all: {result}")
    if not (labelled if labelled is not None else in_order(answer, want.values) if want.kind == "in_order" else
            any(gives(answer, value) for value in want.values)):
        # (with tools on offer the 1.5B showed its own working after "98.6 °F = 37 °C", and ended at 37.18)
        return f"the answer does not give what the {tool} tool worked out exactly: {result}"
    if want.kind == "no" and _YES.match(answer):  # told "No: ... does not match", the 1.5B began "Yes, ..."
        return f"the answer begins with a yes, and the {tool} tool's answer is no: {result}"
    return None
