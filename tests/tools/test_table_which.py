"""A table's most or least asked by the rows it names ("In which month were sales lowest?", "On which day were visits
highest?"): the table tool's min or max of the column named, every tied row said. The 1.5B's answers, before, are in
the comments; a question whose rows or column are no table's stays the model's."""

from __future__ import annotations

import time
from typing import Any

import pytest

from llorch.tools.table import answer
from support import table_routed

SALES = "month,sales\nMay,880\nJun,610\nJul,945\nAug,610\n"
VISITS = "day,visits\nMon,120\nTue,340\nWed,95\nThu,340\n"
BOOKS = "month,revenue,cost\nJan,500,320\nFeb,700,150\nMar,640,410\n"


@pytest.mark.parametrize(("question", "text", "call", "named"), [
    # the 1.5B answered from the table without the tie (Jun and Aug both sold 610)
    ("In which month were sales lowest?", SALES, {"action": "min", "column": "sales"}, ["Jun", "Aug"]),
    ("Which month had the lowest sales?", SALES, {"action": "min", "column": "sales"}, ["Jun", "Aug"]),
    ("In which month were sales highest?", SALES, {"action": "max", "column": "sales"}, ["Jul"]),
    ("On which day were visits highest?", VISITS, {"action": "max", "column": "visits"}, ["Tue", "Thu"]),
    ("Which day were sales the lowest?", "day,sales\nMon,5\nTue,3\nWed,9\n", {"action": "min", "column": "sales"},
     ["Tue"]),
    ("In which month were the sales lowest?", SALES, {"action": "min", "column": "sales"}, ["Jun", "Aug"]),
    ("In which month were sale lowest?", SALES, {"action": "min", "column": "sales"}, ["Jun", "Aug"]),
    ("What month were sales highest?", SALES, {"action": "max", "column": "sales"}, ["Jul"]),
    ("Which months were sales the smallest?", SALES, {"action": "min", "column": "sales"}, ["Jun", "Aug"]),
    ("During which month was revenue highest?", BOOKS, {"action": "max", "column": "revenue"}, ["Feb"]),
    ("In which month were costs lowest?", BOOKS, {"action": "min", "column": "cost"}, ["Feb"]),
    ("For which month was the cost the greatest?", BOOKS, {"action": "max", "column": "cost"}, ["Mar"]),
    ("On which day were the visits fewest?", VISITS, {"action": "min", "column": "visits"}, ["Wed"]),
])
def test_which_row_had_a_columns_most_or_least(question: str, text: str, call: dict[str, Any],
                                              named: list[str]) -> None:
    assert table_routed(question, text) == call
    data, _ = answer(text, call["action"], call["column"])
    assert data["labels"] == named


def test_a_tie_for_the_lowest_month_is_said_with_both_rows() -> None:
    said = answer(SALES, "min", "sales")[1]
    assert "Jun" in said and "Aug" in said and "610" in said


@pytest.mark.parametrize(("question", "text"), [
    ("In which month did we launch?", SALES),
    ("In which month were profits highest?", SALES),  # no profits column
    ("In which region were sales highest?", SALES),  # its rows are no regions
    ("Which day were sales the lowest?", VISITS),  # no sales column (its one column is visits)
    ("Which day were visits the lowest?", "date,visits\n2026-01-01,1\n2026-01-02,2\n"),  # no day column
    ("In which month were sales and costs lowest?", "month,sales,cost\nJan,5,3\nFeb,7,1\n"),  # two things asked
    ("In which month were the lowest?", SALES),  # the lowest what?
    ("In which month were sales lowest in 2025?", SALES),  # no year to pick the rows by
    ("In which month were sales not lowest?", SALES),
    ("Why were sales lowest in June?", SALES),
    ("In which month were sales high?", SALES),  # no most nor least
    ("In which region were sales highest?", "month,region,sales\nJan,N,100\nFeb,S,150\nMar,N,170\n"),  # (a
    # region's sales are its rows' total, and the largest row is named by its month)
])
def test_a_which_row_question_of_no_rows_or_column_stays_the_models(question: str, text: str) -> None:
    assert table_routed(question, text) is None


@pytest.mark.parametrize("question", [
    "In which " + "month " * 800 + "were sales lowest?",
    "On which day were" + " " * 4900 + "visits highest?",
    "In which month were " + "sales " * 800 + "x?",
    "Which day were sales the" + " the" * 1200 + "?",
    "In " * 1600 + "which month were sales lowest?",
    "In which month were sales" + "-" * 4900 + " lowest?",
])
def test_a_long_which_row_question_is_read_fast(question: str) -> None:
    started = time.perf_counter()
    table_routed(question, SALES)
    assert time.perf_counter() - started < 0.2


@pytest.mark.parametrize("question", [
    "In which " + "month " * 800 + "were sales lowest?",
    "On which day were" + " " * 4900 + "visits highest?",
    "Which " + "a" * 4990 + " were x",
    "In which month were " + "x" * 4900 + " lowest!",
    "which a " + "a " * 2500 + "x",
])
def test_the_which_row_pattern_is_linear_past_the_questions_length(question: str) -> None:
    from llorch.tools.tablewho import WHO_ASKED  # (a question past 400 characters is not read: the pattern itself)

    started = time.perf_counter()
    for _, pattern in WHO_ASKED:
        pattern.match(question)
    assert time.perf_counter() - started < 0.2


# --- how far: who ran, drove, cycled the farthest (a distance column's most or least) ---------------------------

RUNS = "runner,km\nIvy,12.5\nJon,15.0\nKai,15.0\nLea,9.8\n"
DRIVES = "driver,Distance (miles)\nAda,310\nBo,120\nCy,455\n"
RIDES = "rider,distance_mi,pace_min_per_mi\nAl,24,3.1\nBe,31,2.8\nCe,18,3.5\n"


def test_who_ran_the_farthest_names_the_tie() -> None:
    # no tool took it; the 1.5B named one runner of the two tied
    call = table_routed("Who ran the farthest?", RUNS)
    assert call == {"action": "max", "column": "km"}
    data, said = answer(RUNS, call["action"], call["column"])
    assert data["labels"] == ["Jon", "Kai"]
    assert "Jon" in said and "Kai" in said and "15" in said


@pytest.mark.parametrize(("question", "text", "call", "named"), [
    ("Who ran the farthest?", RUNS, {"action": "max", "column": "km"}, ["Jon", "Kai"]),
    ("Who drove the furthest?", DRIVES, {"action": "max", "column": "Distance (miles)"}, ["Cy"]),
    ("Who cycled the farthest?", RIDES, {"action": "max", "column": "distance_mi"}, ["Be"]),
    ("Who walked the least?", RUNS, {"action": "min", "column": "km"}, ["Lea"]),
    ("Who ran the least far?", RUNS, {"action": "min", "column": "km"}, ["Lea"]),
    ("Who ran the longest distance?", RUNS, {"action": "max", "column": "km"}, ["Jon", "Kai"]),
    ("Who drove the shortest distance?", DRIVES, {"action": "min", "column": "Distance (miles)"}, ["Bo"]),
    ("Which runner ran the farthest?", RUNS, {"action": "max", "column": "km"}, ["Jon", "Kai"]),
    ("who RAN the   FURTHEST?!", RUNS, {"action": "max", "column": "km"}, ["Jon", "Kai"]),
    ("Who biked the most?", RIDES, {"action": "max", "column": "distance_mi"}, ["Be"]),
    ("Who hiked the fewest miles?", "hiker,miles\nMo,7\nNe,3\n", {"action": "min", "column": "miles"}, ["Ne"]),
    ("Who swam the farthest?", "swimmer,meters\nOz,800\nPi,1500\n", {"action": "max", "column": "meters"}, ["Pi"]),
    ("Who ran the farthest?", "runner,km,minutes\nQi,10,52\nRu,12,61\n", {"action": "max", "column": "km"}, ["Ru"]),
    ("Who rowed the furthest?", "name,m\nSu,2000\nTy,5000\n", {"action": "max", "column": "m"}, ["Ty"]),
])
def test_how_far_is_a_distance_columns_most_or_least(question: str, text: str, call: dict[str, Any],
                                                     named: list[str]) -> None:
    assert table_routed(question, text) == call
    data, _ = answer(text, call["action"], call["column"])
    assert data["labels"] == named


def test_who_ran_the_most_is_unchanged() -> None:
    assert table_routed("Who ran the most?", RUNS) == {"action": "max", "column": "km"}
    assert table_routed("Who drove the least?", RUNS) == {"action": "min", "column": "km"}
    assert table_routed("Who ran the most?", "name,laps\nA,3\nB,4\n") == {"action": "max", "column": "laps"}


@pytest.mark.parametrize(("question", "text"), [
    ("Who ran the farthest?", "name,age\nAl,30\nBo,41\n"),  # an age is no distance
    ("Who drove the furthest?", "name,price\nAl,30\nBo,41\n"),
    ("Who walked the least?", "name,age\nAl,30\nBo,41\n"),
    ("Who walked the most?", "name,steps\nAl,9000\nBo,12000\n"),  # (steps: no distance)
    ("Who ran the farthest?", "name,time_m\nAl,30\nBo,41\n"),  # (an m of a time: minutes)
    ("Who ran the farthest?", RIDES.replace("distance_mi,", "laps,")),  # a pace alone
    ("Who ran the farthest?", "runner,km,miles\nAl,3,2\nBo,4,3\n"),  # two distances: which?
    ("Who ran the farthest?", "runner,id\nAl,3\nBo,4\n"),
    ("Who ran the most errands?", RUNS),  # no errands column
    ("Who ran the fastest?", RUNS),  # a speed, not the least km
    ("Who ran the farthest in May?", RUNS),
    ("Who went the farthest?", RUNS),
    ("Who ran the farthest and the fastest?", RUNS),
    ("Who ran far?", RUNS),
    ("Who walked the most steps?", RUNS),  # (no steps column; the km is no steps)
    ("Who swam the fastest?", "swimmer,m\nAl,400\nBo,800\n"),  # (the fewest metres is no speed)
    ("Who cycled the slowest?", "name,miles\nAl,3\nBo,4\n"),
    ("Who hiked the quickest?", "name,km\nAl,3\nBo,4\n"),
    ("Who ran the farthest?", "name,height_m\nAl,1.8\nBo,1.7\n"),  # (an m of a height)
    ("Who ran the farthest?", "name,elevation_m\nAl,300\nBo,410\n"),
    ("Who scored the most?", "player,age\nAl,30\nBo,20\n"),  # an age is no score
    ("Who scored the least?", "player,height_cm\nAl,180\nBo,170\n"),
])
def test_how_far_of_no_distance_column_stays_the_models(question: str, text: str) -> None:
    assert table_routed(question, text) is None


_FAR_LONG = [
    "Who ran the" + " " * 4900 + "farthest?",
    "Who ran the least" + " far" * 1200,
    "Who walked the " + "least " * 800 + "x",
    "Who " + "ran " * 1200 + "the farthest?",
    "Who ran the farthest" + "?" * 4900 + "x",
    "Which " + "runner " * 700 + "ran the farthest?",
    "Who ran the farthest " + "km " * 1600 + "?!",
    "Who cycled the most" + " far" * 1200 + "!",
]


@pytest.mark.parametrize("question", _FAR_LONG)
def test_a_long_how_far_question_is_read_fast(question: str) -> None:
    assert len(question) > 4500
    started = time.perf_counter()
    table_routed(question, RUNS)
    assert time.perf_counter() - started < 0.2


@pytest.mark.parametrize("question", _FAR_LONG)
def test_the_how_far_pattern_is_linear(question: str) -> None:
    from llorch.tools.tablewho import WHO_ASKED

    started = time.perf_counter()
    WHO_ASKED[0][1].match(question)
    assert time.perf_counter() - started < 0.2
