"""What an answer must give of the table tool's result for each group (llorch/chat/answercheck.py): every group's
number beside its name, in any order."""

from __future__ import annotations

import pytest

from llorch.chat.answercheck import expected, fault
from llorch.tools.table import answer

STAFF = "name,dept,salary\nAlice,Eng,98000\nBob,Sales,61000\nCara,Eng,105000\nDan,Ops,72000\nEve,Sales,58000\n"
ASKED = "What's the total salary per department?"


@pytest.mark.parametrize(("said", "right"), [
    ("Eng: 203,000; Sales: 119,000; Ops: 72,000.", True),
    ("By department: Ops 72000, Eng 203000 and Sales 119000.", True),  # (any order, each beside its name)
    ("Eng 203,000, Sales 129,000, Ops 72,000", False),  # (a group's sum slipped, as the 1.5B's fuel 129.40)
    ("The total salary per department is 394,000.", False),  # (the grand total: what the router gave before)
    ("Eng 119,000, Sales 203,000, Ops 72,000", False),  # (the numbers, but beside the wrong names)
])
def test_an_answer_gives_each_groups_number_beside_its_name(said: str, right: bool) -> None:
    data, result = answer(STAFF, "sum", "salary", by="dept")
    want = expected("table", data, ASKED)
    assert (fault(said, want, "table", result) is None) == right


def test_many_groups_or_a_group_without_a_number_are_not_checked() -> None:
    many = "name,team,score\n" + "".join(f"p{i},t{i},{i}\n" for i in range(12))
    data, _ = answer(many, "sum", "score", by="team")
    assert not expected("table", data, "What's the total score per team?")
    gap = "name,team,score\na,x,1\nb,y,n/a\nc,x,3\n"
    data, _ = answer(gap, "sum", "score", by="team")
    assert not expected("table", data, "What's the total score per team?")


@pytest.mark.parametrize(("said", "right"), [
    ("Oldest first: Mia (41), Noah (37), Zoe (34), adam (29), liam (23).", True),
    ("1. Mia, 41\n2. Noah, 37\n3. Zoe, 34\n4. Adam, 29\n5. Liam, 23", True),  # (any case)
    ("1. Mia, 41\n2. Noah, 37\n3. Zoe, 34\n4. Liam, 23\n5. Adam, 29", False),  # the 1.5B's order
])
def test_an_answer_gives_the_sorted_rows_in_their_order(said: str, right: bool) -> None:
    data, result = answer("Zoe,34\nadam,29\nMia,41\nliam,23\nNoah,37\n", "sort", "value", descending=True)
    want = expected("table", data, "Sort these people by age, oldest first.")
    assert (fault(said, want, "table", result) is None) == right


SCORES = "name,score\nAna,88\nBen,92\nCleo,79\nDev,92\n"


@pytest.mark.parametrize(("said", "right"), [
    ("Ben and Dev share the highest score, 92.", True),
    ("The highest score (92) is Dev's, tied with Ben.", True),  # (any order)
    ("The person with the highest score is Ben.", False),  # the 1.5B's answer: the tie's first row alone
    ("Ben has the highest score, 92; Devon scored 88.", False),  # (a name counts as a whole word)
])
def test_a_tie_for_the_largest_value_must_name_every_row_in_it(said: str, right: bool) -> None:
    data, result = answer(SCORES, "max", "score")
    want = expected("table", data, "Who has the highest score?")
    problem = fault(said, want, "table", result)
    assert (problem is None) == right
    if not right:
        assert "Dev" in problem


def test_one_largest_row_is_checked_by_its_name_or_number_as_before() -> None:
    data, result = answer(SCORES.replace("Dev,92", "Dev,90"), "max", "score")
    want = expected("table", data, "Who has the highest score?")
    assert fault("Ben has the highest score.", want, "table", result) is None
    assert fault("Dev has the highest score.", want, "table", result) is not None


def test_a_tie_asked_for_its_value_is_answered_by_the_value() -> None:
    data, result = answer(SCORES, "max", "score")
    want = expected("table", data, "What is the highest score?")
    assert fault("The highest score is 92.", want, "table", result) is None
    assert fault("92", want, "table", result) is None
    assert fault("The highest score is 88.", want, "table", result) is not None


@pytest.mark.parametrize(("text", "asked", "said"), [
    ("name,score\nBen Smith,92\nDev Patel,92\nAna Li,80\n", "Who scored the most?", "Ben and Dev both scored 92."),
    ("day,temp\n2026-01-03,14\n2026-01-04,9\n2026-01-05,14\n", "Which day was the hottest?",
     "It was hottest on January 3 and January 5 (14 degrees)."),
    ("name,score\nJosé,92\nZoe,92\n", "Who scored the most?", "Jose and Zoe, with 92 each."),
    ("day,temp\nMon,21\nTue,24\nWed,24\nThu,19\n", "Which day was the hottest?",
     "Tuesday and Wednesday, both at 24."),  # (the 1.5B named "Tuesday" alone, and the check took it for neither)
    ("month,sales\nJan,5400\nFeb,6200\nMar,4100\nApr,6200\n", "Which month had the highest sales?",
     "February and April, with 6200 each."),
    ("month,sales\nSept,10\nOct,12\nNov,12\n", "Which month sold the most?", "October and Nov. sold 12."),
])
def test_the_rows_of_a_tie_may_be_named_as_people_write_them(text: str, asked: str, said: str) -> None:
    data, result = answer(text, "max", text.split("\n")[0].split(",")[1])
    assert fault(said, expected("table", data, asked), "table", result) is None
    assert fault(said.split(" and ")[0] + ".", expected("table", data, asked), "table", result) is not None
