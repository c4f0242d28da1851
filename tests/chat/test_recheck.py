"""An answer that misses its exact step's result is held back and asked for once more (chat/recheck.py): the second
answer is given in its place when it passes the check; when it does not, the first stands with the check's note."""

from __future__ import annotations

import threading
from datetime import datetime, timezone
from pathlib import Path

import pytest

from llorch.chat.answercheck import fault
from llorch.chat.answertimes import ClockTime
from llorch.chat.conversation import Conversation
from llorch.chat.events import Notice, ToolEvent, TurnDone
from llorch.chat.expect import NO, YES_VERDICT, Expect
from llorch.chat.recheck import asked_again, must_give, told_again
from llorch.config import resolve_paths
from llorch.engine.fake import FakeBackend
from llorch.engine.types import TokenEvent
from llorch.errors import GenerationError
from llorch.profiles import parse_profile
from llorch.store.db import Store
from llorch.tools.calls import ToolBox

TIE = "Which team scored the most?\n\nteam,points\nRed,41\nBlue,47\nGreen,47\nGold,39"


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store.open(tmp_path / "db.sqlite") as s:
        yield s


def _conv(store: Store, backend: FakeBackend) -> Conversation:
    profile = parse_profile({"system_prompt": "Be exact.", "models": {"chat": ["m"]},
                             "tools": {"enabled": ["math", "table", "calendar"], "auto": "off"}}, "test",
                            name="general-like")
    monday = datetime(2026, 12, 7, 10, 0, tzinfo=timezone.utc)
    return Conversation(store, lambda ref: backend, model_ref="m", profile=profile,
                        toolbox=ToolBox(resolve_paths(), now=lambda: monday))


def _said(events: list[object]) -> str:
    return "".join(e.text for e in events if isinstance(e, TokenEvent))


def test_a_tie_named_in_part_is_asked_again_and_the_second_answer_given_in_its_place(store: Store) -> None:
    """(The 1.5B, told Blue and Green tie at 47: "The team that scored the most points is Blue.")"""
    fb = FakeBackend(["The team that scored the most points is Blue.", "Blue and Green, with 47 points each."],
                     name="m")
    conv = _conv(store, fb)
    events = list(conv.send(TIE))
    (tool,) = [e for e in events if isinstance(e, ToolEvent)]
    assert tool.name == "table" and "Blue" in tool.text and "Green" in tool.text
    # nothing of the first answer was shown: the words are the second answer's alone, and no note follows
    assert _said(events) == "Blue and Green, with 47 points each."
    assert not [e for e in events if isinstance(e, Notice)]
    (done,) = [e for e in events if isinstance(e, TurnDone)]
    assert done.text == "Blue and Green, with 47 points each." and done.status == "complete"
    assert [(s.kind, s.what) for s in done.steps if s.kind == "answer"] == [
        ("answer", "missed the tool's result: asked again")]
    # the second request ends with what the answer must give, and not with the first answer
    assert len(fb.history) == 2
    last = fb.history[1].messages[-1]  # (the fake's template has no tool role: the tool's result is the user's too)
    assert last.role == "user" and last.content.endswith("\n\n(There is a tie: your answer must name Blue and Green.)")
    assert not any("is Blue." in m.content for m in fb.history[1].messages)
    # the history keeps the question, the tool's result and the second answer; the word to the model is not in it
    assert [(m.role, m.content) for m in conv.history() if m.role != "tool"] == [
        ("user", TIE), ("assistant", "Blue and Green, with 47 points each.")]


def test_an_answer_that_misses_twice_stands_with_the_checks_note(store: Store) -> None:
    fb = FakeBackend(["Blue scored the most.", "Blue, with 47."], name="m")
    conv = _conv(store, fb)
    events = list(conv.send(TIE))
    (tool,) = [e for e in events if isinstance(e, ToolEvent)]
    assert _said(events) == "Blue scored the most."
    assert [e.text for e in events if isinstance(e, Notice)] == [
        f"the answer leaves out Green, and the table tool's result holds them all: {tool.text}"]
    (done,) = [e for e in events if isinstance(e, TurnDone)]
    assert [s.what for s in done.steps if s.kind == "answer"] == ["asked again: missed the tool's result too"]
    assert [m.content for m in conv.history() if m.role == "assistant"] == ["Blue scored the most."]


def test_a_right_answer_is_asked_for_once_and_given_whole(store: Store) -> None:
    fb = FakeBackend(["Blue and Green tie, with 47 points each."], name="m")
    events = list(_conv(store, fb).send(TIE))
    assert _said(events) == "Blue and Green tie, with 47 points each."
    assert len(fb.history) == 1 and not [e for e in events if isinstance(e, Notice)]


def test_a_second_ask_that_fails_leaves_the_first_answer_and_its_note(store: Store) -> None:
    fb = FakeBackend(["Blue scored the most.", GenerationError("the model ran out of memory")], name="m")
    events = list(_conv(store, fb).send(TIE))
    assert _said(events) == "Blue scored the most."
    assert [e.text for e in events if isinstance(e, Notice)][-1].startswith("the answer leaves out Green")
    (done,) = [e for e in events if isinstance(e, TurnDone)]
    assert done.status == "complete" and done.text == "Blue scored the most."
    assert [(s.what, s.completion) for s in done.steps if s.kind == "answer"] == [("asked again: no second answer",
                                                                                   None)]


def test_a_moved_date_and_a_running_total_are_asked_for_by_their_values(store: Store) -> None:
    """(The 1.5B: "90 days before 1 March 2027 is December 15, 2026"; "The cumulative sum is 54.")"""
    fb = FakeBackend(["It is December 15, 2026.", "It is 1 December 2026.",
                      "The cumulative sum is 54.", "12, 19, 49, 54"], name="m")
    conv = _conv(store, fb)
    assert _said(list(conv.send("What's the date 90 days before 1 March 2027?"))) == "It is 1 December 2026."
    assert fb.history[1].messages[-1].content.endswith("\n\n(Your answer must give 1 December 2026.)")
    assert _said(list(conv.send("What's the cumulative sum?\n\n12\n7\n30\n5"))) == "12, 19, 49, 54"
    assert fb.history[3].messages[-1].content.endswith("(Your answer must give each of these, in order: 12, 19, 49, 54.)")
    # the second turn's requests see the first turn's question and its answer as given, not the word said for it
    assert not any("Your answer must" in m.content for m in fb.history[2].messages)


@pytest.mark.parametrize(("want", "said"), [
    (Expect("all", (("Blue", "blue"), ("Green", "green"), ("Red",))), "name Blue, Green and Red"),
    (Expect("all", (3.0, 1.0), (("disk full",), ("timeout",))), "name each of these, with its figure: disk full: 3, "
                                                                  "timeout: 1"),
    (Expect("in_order", (12.0, 19.0, 1234.5, 176.66666666666674)), "give each of these, in order: 12, 19, 1,234.5, "
                                                                    "176.6667"),
    (Expect("in_order", (6.0, 4.0), (("mean", "average"), ("median",))), "give each of these: mean 6, median 4"),
    (Expect("any", ("1 December 2026", "December 1, 2026")), "give 1 December 2026"),
    (Expect("any", (386.656030588558, "386.66")), "give 386.66"),  # (to the cent, as the tool said it)
    (Expect("any", (0.7916666666666666,)), "give 0.7917"),
    (Expect("any", (2e-06,)), "give 0.000002"),  # (not 0.0)
    (Expect("any", (-4.2e-05,)), "give -0.000042"),
    (Expect("any", (1.2e21,)), "give 1,200,000,000,000,000,000,000"),
    (ClockTime("any", ("03:30", "3:30 am"), time="03:30", day="2026-03-10"), "give the time 03:30 on Tuesday 10 "
                                                                             "March 2026"),
    (ClockTime("any", ("21:00", "9 pm"), time="21:00"), "give the time 21:00"),
])
def test_what_an_answer_must_give_is_said_in_words(want: Expect, said: str) -> None:
    assert asked_again(want, "calendar")
    assert must_give(want) == said
    (turn,) = told_again(want)
    tie = want.kind == "all" and not want.labels
    assert (turn.role, turn.content) == ("user", f"({'There is a tie: y' if tie else 'Y'}our answer must {said}.)")
    if want.kind in ("any", "in_order") and not isinstance(want, ClockTime):  # what it says passes the check
        assert fault(f"It is {said.split(': ')[-1].removeprefix('give ')}.", want, "math", "") is None


@pytest.mark.parametrize(("want", "tool"), [
    (Expect("any", (92.0, "Ben")), "table"),  # "What is the highest score?": "give Ben" would make "92" worse
    (Expect("any", (69.0, "9 weeks 6 days")), "calendar"),  # days or weeks: which was asked, the check cannot say
    (Expect("any", ("7 December", "every 6 hours")), "cron"),  # (the first form is not the whole answer)
    (Expect("any", ("1 December 2026",)), "holidays"),  # a date's forms, from another tool than the calendar
    (NO, "math"), (YES_VERDICT, "regex"),  # (a no may be said many ways: "What's on Thursday?" has nothing)
    (Expect("same_data", ("json", '{"a": 1}')), "convert"),
    (Expect("any"), "math"),  # (nothing to give)
])
def test_an_answer_is_asked_for_again_only_where_the_hint_is_the_whole_answer(want: Expect, tool: str) -> None:
    assert not asked_again(want, tool)


def test_a_score_asked_and_answered_with_another_number_is_not_asked_again(store: Store) -> None:
    """(Its check takes the score or the row's name: told "give Ben", a right "The highest is 92" could become
    "Ben.")"""
    fb = FakeBackend(["The highest is 95.", "Ben."], name="m")
    events = list(_conv(store, fb).send("What is the highest score?\n\nname,score\nAna,88\nBen,92\nCleo,79"))
    assert [e.name for e in events if isinstance(e, ToolEvent)] == ["table"]
    assert _said(events) == "The highest is 95." and len(fb.history) == 1
    assert [e.text for e in events if isinstance(e, Notice)][0].startswith("the answer does not give what the table")


def test_with_tools_on_offer_the_second_ask_offers_none(store: Store) -> None:
    """(An answer in words is what is asked for: a call, or words wrapped in JSON, cannot pass the check.)"""
    profile = parse_profile({"system_prompt": "Be exact.", "models": {"chat": ["m"]},
                             "tools": {"enabled": ["math", "table"], "auto": "on"}}, "test", name="general-like")
    monday = datetime(2026, 12, 7, 10, 0, tzinfo=timezone.utc)
    fb = FakeBackend(["Blue scored the most.", "Blue and Green, with 47 each."], name="m")
    conv = Conversation(store, lambda ref: fb, model_ref="m", profile=profile,
                        toolbox=ToolBox(resolve_paths(), now=lambda: monday))
    events = list(conv.send(TIE))
    assert _said(events) == "Blue and Green, with 47 each."
    first, second = (request.messages[0] for request in fb.history)
    assert first.role == second.role == "system"
    assert "You can call tools." in first.content and "You can call tools." not in second.content


def _tokens_made_by_the_first_word(store: Store, asked: str, reply: str, gated: bool = True) -> tuple[int, int]:
    """How many of `reply`'s tokens the model had made when the first word reached the caller, and how many it made:
    `gated`, each token after the first waits on a gate that opens only once the first word has arrived (bounded: 2 s
    a token)."""
    gate, made = threading.Event(), []
    if not gated:
        gate.set()
    fb = FakeBackend([reply], name="m", token_delay=0.001,
                     sleep=lambda s: (made.append(s), len(made) > 1 and gate.wait(2)))  # (the first word: no wait)
    events = _conv(store, fb).send(asked)
    seen = None
    for event in events:
        if isinstance(event, TokenEvent) and seen is None:
            seen = len(made)
            gate.set()
    assert seen is not None
    return seen, len(made)


def test_an_answer_that_may_be_asked_again_is_held_until_it_is_checked(store: Store) -> None:
    seen, made = _tokens_made_by_the_first_word(store, TIE, "Blue and Green tie at 47.", gated=False)
    assert seen == made == 6  # (every token made before the first word was given)


def test_an_answer_whose_check_asks_nothing_again_streams_and_is_noted_after(store: Store) -> None:
    """("What is the highest score?" is answered by the score or the row that has it: no hint says which, so the
    answer streams as it comes, and a wrong one gets the note after it.)"""
    seen, made = _tokens_made_by_the_first_word(store, "What is the highest score?\n\nname,score\nAna,88\nBen,92",
                                                "The highest is 95 points.")
    assert seen <= 2 and made == 5


def test_a_turn_stopped_while_its_answer_is_asked_again_shows_and_keeps_nothing(store: Store) -> None:
    """(Nothing of the first answer was shown: it is not given after the stop, nor kept for the next turn.)"""
    conv: Conversation | None = None
    fb: FakeBackend | None = None

    def sleep(_: float) -> None:
        assert conv is not None and fb is not None
        if len(fb.history) == 2:  # the second ask's first token: the user stops the turn
            conv.cancel()

    fb = FakeBackend(["Blue scored the most.", "Blue and Green, with 47 points each."], name="m",
                     token_delay=0.001, sleep=sleep)
    conv = _conv(store, fb)
    events = list(conv.send(TIE))
    assert len(fb.history) == 2 and _said(events) == ""
    assert not [e for e in events if isinstance(e, Notice)]
    (done,) = [e for e in events if isinstance(e, TurnDone)]
    assert done.status == "cancelled" and done.text == ""
    assert [m.content for m in conv.history() if m.role == "assistant"] == [""]
