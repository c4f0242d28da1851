"""What a review of the table tool found wrong, and a probe's questions the 1.5B got wrong: lines of a total added in
("Total 24.5" made 49 hours), du's folder line added to the folders in it, "1.2K views" read as KiB, the quantity
of "3 apples 285" lines totalled as calories, a population density answered by the largest population; and the
median, the standard deviation, the share of rows with a value, one row's number by a name in its label. Each
case's comment has the wrong answer from before."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Any

import pytest

from llorch.errors import ToolError
from llorch.tools.base import ToolContext
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.table import TableTool, answer
from llorch.tools.tablequestions import table_asked
from llorch.tools.tableratios import ratio_asked
from llorch.tools.tablereading import read_table
from llorch.tools.tableshares import shares_asked
from llorch.tools.tabletotals import totals_asked

NOW = datetime(2026, 12, 7, 13, 0, tzinfo=timezone.utc)
HOURS = "Mon 8\nTue 7.5\nWed 9\nTotal 24.5\n"
RENT = "rent 1200\nfood 450\ntotal 1650\n"
DF_TOTAL = """Filesystem      Size   Used Avail Use% Mounted on
/dev/nvme0n1p2  468G   212G  233G  48% /
/dev/sda1       1.8T   1.1T  643G  64% /data
tmpfs            16G   2.1G   14G  14% /dev/shm
total           2.3T  1.32T  890G  60% -
"""
DU = "4.0K ./a\n1.5G ./b\n300M ./c\n1.8G .\n"
VIEWS = "1.2K video-a\n3.4M video-b\n"
CITIES = "city,population,area_km2\nAlpha,820000,410\nBeta,1500000,1200\nGamma,300000,75\n"
PRICES = "item,price\na,10\nb,12\nc,9\nd,15\n"
ORDERS = "id,status\n1,ok\n2,failed\n3,ok\n4,pending\n5,ok\n6,failed\n"
SHORTLOG = "    12\tAlice Smith\n     7\tBob Jones\n     3\tCarol White\n"


def _routed(question: str, text: str) -> dict[str, Any] | None:
    found = exact_call(f"{question}\n\n{text}", EXACT_TOOLS, NOW)
    if found is None or found[0] != "table":
        return None
    return {k: v for k, v in found[1].items() if k != "text"}


def _said(call: dict[str, Any], text: str) -> tuple[dict[str, Any], str]:
    return answer(text, call["action"], call["column"], call.get("value"), call.get("also"), call.get("where"),
                  call.get("by"), False, None, None, call.get("times"), call.get("as"), call.get("per"))


def _asked(question: str, text: str) -> str:
    call = _routed(question, text)
    assert call is not None, question
    return _said(call, text)[1]


# --- A1. "3 apples 285": a count, or the calories? -------------------------------------------------------------

@pytest.mark.parametrize("question", [
    "How many calories in total?",  # (5: the counts 3 and 2, for 495)
    "Which costs the most?", "What's the total?", "What's the average?",
])
def test_lines_whose_names_end_in_a_number_are_not_totalled_by_their_count(question: str) -> None:
    assert _routed(question, "3 apples 285\n2 bananas 210\n") is None


def test_a_count_of_names_without_a_number_is_still_totalled() -> None:
    # (sort | uniq -c: "How many requests in total?" is the counts' sum)
    assert _asked("How many requests in total?", "  120 GET /index\n    7 POST /login\n") == \
        "The total of number over 2 rows is 127."


# --- A2. a line of a total is left out ---------------------------------------------------------------------

@pytest.mark.parametrize(("question", "text", "said"), [
    ("How many hours in total?", HOURS,  # (49)
     "The total of value over 3 rows is 24.5 (not counted: Total 24.5)."),
    ("Which costs the most?", RENT,  # (total, 1650)
     "Of 2 rows, the largest value is 1200 (the row: label rent, value 1200) (not counted: total 1650)."),
    ("How much disk space is used in total?", DF_TOTAL,  # (2.62T: the total line added in)
     "The total of used over 3 rows is 1.31T (1.31 TiB, 1,439,350,915,071 bytes) (not counted: total 2.3T 1.32T "
     "890G 60% -)."),
    ("What's the total amount?", "item,amount\na,50\nb,150\nTotal,200\n",  # (400)
     "The total of amount over 2 rows is 200 (not counted: Total 200)."),
    ("What's the average amount?", "item,amount\na,50\nb,150\nGrand Total:,200\n",
     "The average of amount over 2 rows is 100 (total 200) (not counted: Grand Total: 200)."),
])
def test_a_line_of_a_total_is_not_counted_and_said_to_be_left_out(question: str, text: str, said: str) -> None:
    assert _asked(question, text) == said


def test_totals_are_left_out_of_every_reading_but_not_a_column_named_total() -> None:
    table = read_table('[{"name": "a", "n": 1}, {"name": "b", "n": 2}, {"name": "Subtotal", "n": 3}]')
    assert table is not None and [r["name"] for r in table.rows] == ["a", "b"] and table.left_out == ("Subtotal 3",)
    table = read_table(HOURS)
    assert table is not None and table.columns == ("day", "value")  # (the total is no weekday)
    table = read_table("item,total\na,5\nb,7\n")  # (a column of that name is the table's own)
    assert table is not None and len(table.rows) == 2 and table.left_out == ()
    table = read_table(DF_TOTAL)
    assert table is not None and table.kind == "df" and len(table.rows) == 3


# --- A3. du's line of the folder the others are in ----------------------------------------------------------

def test_dus_total_is_its_line_of_the_folder_not_the_sum_of_every_line() -> None:
    # (3.59G: "." added to the folders in it)
    call = _routed("How much disk space is used in total?", DU)
    assert call == {"action": "sum", "column": "number"}
    data, said = _said(call, DU)
    assert said == ("The total of number is 1.8G (1.8 GiB, 1,932,735,283 bytes): du's line for ., the folder the other "
                    "3 paths are in (added, their sizes would leave out its own files).")
    assert data["result"] == 1.8 and data["whole"] == "."
    # the largest folder is one in it, "." said as not counted
    assert _said({"action": "max", "column": "number"}, DU)[1] == \
        "Of 3 rows, the largest number is 1.5G (the row: number 1.5G, name ./b) (not counted: 1.8G .)."
    nested = "8.0K\t/var/log/apt\n1.2G\t/var/log\n300M\t/var/lib\n1.6G\t/var\n"
    assert _said({"action": "sum", "column": "number"}, nested)[1].startswith(
        "The total of number is 1.6G (1.6 GiB, 1,717,986,918 bytes): du's line for /var, the folder the other 3 paths "
        "are in (added, their sizes would leave out its own files and count the folders in folders twice)")


def test_du_lines_that_hold_one_another_without_their_folder_are_not_added() -> None:
    with pytest.raises(ToolError, match="^table: these du lines hold one another"):
        answer("4.0K\t./a/x\n8.0K\t./a\n1.5G\t./b\n", "sum", "number")
    # du -sh's lines, side by side, as before
    assert answer("4.0K\t./a\n12M\t./b\n", "sum", "number")[1] == \
        "The total of number over 2 rows is 12M (12 MiB, 12,587,008 bytes)."


# --- A4. a unit that is no size -----------------------------------------------------------------------------

def test_thousands_that_are_no_bytes_are_a_thousand() -> None:
    # (3.4M "(3.4 MiB, 3,566,387 bytes)")
    assert read_table(VIEWS).sized == frozenset()  # type: ignore[union-attr]
    assert _asked("How many views in total?", VIEWS) == \
        "The total of number over 2 rows is 3,401,200 (K read as a thousand, M as a million)."
    data, said = answer("channel,followers\na,1.5K\nb,900\nc,2M\n", "max", "followers")
    assert data["result"] == 2_000_000 and said.startswith("Of 3 rows, the largest followers is 2M")
    # du's, tab apart or of paths, are bytes
    assert read_table("4.0K\tnotes\n12M\tphotos\n").sized == frozenset({"number"})  # type: ignore[union-attr]
    assert read_table("4.0K ./notes\n12M ./photos\n").sized == frozenset({"number"})  # type: ignore[union-attr]


# --- B. a measure made of two columns ----------------------------------------------------------------------

def test_a_density_is_the_population_per_area() -> None:
    # (the router took the largest population, Beta's; the 1.5B said so)
    call = _routed("Which city has the highest population density?", CITIES)
    assert call == {"action": "max", "column": "population", "per": "area_km2", "as": "density"}
    data, said = _said(call, CITIES)
    assert said == ("Of 3 rows, the largest density (population per area_km2) is 4000 (the row: city Gamma, "
                    "population 300000, area_km2 75, density (population per area_km2) 4000).")
    assert data["labels"] == ["Gamma"] and data["result"] == 4000
    assert _routed("Which city is the most densely populated?", CITIES) == call
    assert _routed("Which city has the lowest population density?", CITIES) == call | {"action": "min"}


@pytest.mark.parametrize(("question", "text", "call"), [
    ("Which country has the highest GDP per capita?", "country,gdp,population\nA,2000,10\nB,900,3\n",
     {"action": "max", "column": "gdp", "per": "population", "as": "GDP per capita"}),
    ("Which region has the most sales per employee?", "region,sales,employees\nN,2000,10\nS,900,3\n",
     {"action": "max", "column": "sales", "per": "employees"}),
    ("Which park has the lowest visitors per km2?", "park,visitors,area\nA,2000,10\nB,900,3\n",
     {"action": "min", "column": "visitors", "per": "area"}),
])
def test_a_quotient_of_two_columns_the_table_has(question: str, text: str, call: dict[str, Any]) -> None:
    assert _routed(question, text) == call


@pytest.mark.parametrize(("question", "text"), [
    ("Which city has the highest population density?", "city,population\nA,820000\nB,1500000\n"),  # (no area)
    ("Which city has the highest population density?", "city,population,area_km2,area_mi2\nA,8,4,2\nB,9,3,1\n"),
    ("Which country has the highest GDP per capita?", "country,gdp\nA,2000\nB,900\n"),
    ("Which state has the highest growth rate?", "state,population\nA,100\nB,200\n"),
    ("Which product has the highest profit margin?", "product,profit\nA,100\nB,200\n"),
    ("What's the highest average score?", "name,score\nA,100\nB,200\n"),
])
def test_a_measure_the_columns_name_lacks_is_the_models(question: str, text: str) -> None:
    assert _routed(question, text) is None


def test_a_measure_the_column_has_is_its_own() -> None:
    assert _routed("Which employee has the highest hourly rate?", "name,hourly_rate\nA,30\nB,45\n") == \
        {"action": "max", "column": "hourly_rate"}
    assert _routed("Which city has the highest population density?", "city,density\nA,30\nB,45\n") == \
        {"action": "max", "column": "density"}
    assert _routed("What's the highest temperature?", "day,temperature\nMon,30\nTue,45\n") == \
        {"action": "max", "column": "temperature"}  # ("per" in temperature is no "per")


def test_per_divides_row_by_row_and_says_what_it_cannot() -> None:
    data, said = answer("a,x,y\nr,1,3\ns,2,0\nt,5,2\n", "max", "x", per="y")
    assert said == "Of 3 rows, the largest x per y is 2.5 (the row: a t, x 5, y 2, x per y 2.5); 1 row without a " \
        "number left out."
    with pytest.raises(ToolError, match="^table: one of times, per and plus, not two$"):
        answer(CITIES, "max", "population", times="area_km2", per="area_km2")
    with pytest.raises(ToolError, match="^table: per names another column than population$"):
        answer(CITIES, "max", "population", per="population")
    result = TableTool().run({"action": "max", "column": "population", "per": "area_km2", "as": "density",
                              "text": CITIES}, ToolContext())
    assert result.data["labels"] == ["Gamma"]


# --- C1. the median and the standard deviation ---------------------------------------------------------------

def test_the_standard_deviation_is_said_of_a_population_and_of_a_sample() -> None:
    # (the 1.5B: 2.74)
    call = _routed("What's the standard deviation of the price column?", PRICES)
    assert call == {"action": "stdev", "column": "price"}
    data, said = _said(call, PRICES)
    assert said == ("The standard deviation of price over 4 rows is 2.29 taking them as the whole population "
                    "(dividing by 4), or 2.65 taking them as a sample (dividing by 3); their mean is 11.5.")
    assert data["result"] == 2.65 and data["population"] == 2.29
    for question in ("What is the std dev of price?", "Calculate the stdev of the prices", "What's the standard "
                     "deviation of price?"):
        assert _routed(question, PRICES) == call, question
    with pytest.raises(ToolError, match="^table: a standard deviation is of two values or more; price has 1$"):
        answer(PRICES, "stdev", "price", where="item=a")


def test_the_median_of_a_column_of_its_rows_and_per_group() -> None:
    staff = "name,dept,salary\nA,Eng,50000\nB,Eng,62000\nC,Ops,58000\nD,Ops,90000\nE,Eng,70000\n"
    assert _routed("What's the median salary?", staff) == {"action": "median", "column": "salary"}
    assert _asked("What's the median salary?", staff) == "The median of salary over 5 rows is 62,000."
    assert _said({"action": "median", "column": "price"}, PRICES)[1] == \
        "The median of price over 4 rows is 11 (the average of the two middle values, 10 and 12)."
    assert _routed("What's the median salary in Eng?", staff) == \
        {"action": "median", "column": "salary", "where": "dept=Eng"}
    call = _routed("What's the median salary per dept?", staff)
    assert call == {"action": "median", "column": "salary", "by": "dept"}
    assert _said(call, staff)[0]["result"] == {"Eng": 62000, "Ops": 74000}
    assert _routed("What's the median response time?", "GET /a 120ms\nGET /b 80ms\nGET /c 95ms\n") is None


# --- C2. the share of rows with a value ----------------------------------------------------------------------

@pytest.mark.parametrize(("question", "value", "said"), [
    # (the 1.5B: 66.67%)
    ("What's the percentage of ok rows?", "ok", "3 of 6 rows have status ok: 50%."),
    ("What percentage of rows have status ok?", "ok", "3 of 6 rows have status ok: 50%."),
    ("What percentage of the orders are failed?", "failed", "2 of 6 rows have status failed: 33.33%."),
    ("What proportion of the orders are pending?", "pending", "1 of 6 rows has status pending: 16.67%."),
])
def test_the_share_of_rows_whose_column_has_a_value(question: str, value: str, said: str) -> None:
    call = _routed(question, ORDERS)
    assert call == {"action": "share", "column": "status", "value": value}
    data, words = _said(call, ORDERS)
    assert words == said and data["result"] == round(data["matched"] / 6 * 100, 2)
    shipped = ORDERS.replace("ok", "shipped")
    assert _asked("What percentage of the orders are shipped?", shipped) == "3 of 6 rows have status shipped: 50%."


def test_a_share_of_rows_said_of_no_rows_or_no_value_is_the_models() -> None:
    assert _routed("What percentage of sales are ok?", ORDERS) is None  # (sales may be an amount's)
    assert _routed("What percentage of the orders are lost?", ORDERS) is None
    # a row's share of an amount, as before
    assert _routed("What percentage of total sales was March?", "Jan 1200\nFeb 950\nMar 1430\n") == \
        {"action": "share", "column": "value", "where": "month=Mar"}
    data, said = answer(ORDERS + "7,ok\n", "share", "status", "ok", where="id>3")
    assert said == "2 of the 4 rows where id is above 3 have status ok: 50%."


# --- C3. one row's number, by a name in its label --------------------------------------------------------------

@pytest.mark.parametrize(("question", "name", "said"), [
    # (the 1.5B: 3, Carol's)
    ("How many commits did Bob make?", "Bob Jones", "The total of number over the 1 row where name is Bob Jones is 7."),
    ("How many commits has Alice Smith made?", "Alice Smith",
     "The total of number over the 1 row where name is Alice Smith is 12."),
    ("How many commits does carol have?", "Carol White",
     "The total of number over the 1 row where name is Carol White is 3."),
    ("How many commits by Bob?", "Bob Jones", "The total of number over the 1 row where name is Bob Jones is 7."),
])
def test_one_rows_number_by_a_name_in_its_label(question: str, name: str, said: str) -> None:
    call = _routed(question, SHORTLOG)
    assert call == {"action": "sum", "column": "number", "where": f"name={name}"}
    assert _said(call, SHORTLOG)[1] == said


def test_a_name_of_no_row_or_of_two_is_not_one_rows() -> None:
    assert _routed("How many commits did Dan make?", SHORTLOG) is None
    assert _routed("How many commits did Bob make?", SHORTLOG + "     2\tBob Hope\n") is None
    assert _routed("How many hours did Ann work?", "name,dept,hours\nAnn,Eng,31\nBob,Ops,40\n") == \
        {"action": "sum", "column": "hours", "where": "name=Ann"}


# --- linear on a run of spaces -------------------------------------------------------------------------------

@pytest.mark.parametrize("question", [
    "Which city has the highest" + " " * 400 + "density?",
    "What percentage of" + " " * 400 + "the orders are ok?",
    "How many commits did" + " " * 400 + "Bob make?",
    "What's the median" + " " * 400 + "x?",
])
def test_a_run_of_spaces_is_quick(question: str) -> None:
    start = time.perf_counter()
    for text in (CITIES, ORDERS, SHORTLOG):
        table_asked(f"{question}\n\n{text}")
        ratio_asked(question, text), shares_asked(question, text), totals_asked(question, text)  # (as they are)
    assert time.perf_counter() - start < 1.0
