"""Questions of today's prices, rates, weather and news: the model is told it has no live data, and a figure
it gives anyway gets a note."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from llorch.chat.conversation import Conversation
from llorch.chat.events import Notice
from llorch.chat.live import gives_figure, live_asked
from llorch.config import resolve_paths
from llorch.engine.fake import FakeBackend
from llorch.profiles import parse_profile
from llorch.store.db import Store
from llorch.tools.calls import ToolBox


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "db.sqlite") as s:
        yield s


@pytest.mark.parametrize(("text", "what"), [
    ("What's the current exchange rate between the yen and the euro?", "exchange rates"),
    ("Convert 50 euros to Swiss francs.", "exchange rates"),
    ("How many Canadian dollars is 200 US dollars right now?", "exchange rates"),
    ("Convert 1000 Indian rupees to euros.", "exchange rates"),
    ("What is the current mortgage interest rate in the UK?", "prices"),
    ("How much is 100 USD in EUR?", "exchange rates"),
    ("What is Apple's stock price right now?", "prices"),
    ("How much does an ounce of gold cost today?", "prices"),
    ("What's the current inflation rate in the US?", "prices"),
    ("Will it rain in London tomorrow?", "weather"),
    ("What's the temperature in New York right now?", "weather"),
    ("What are today's top news headlines?", "news"),
    ("Who is leading the Premier League table right now?", "news"),
])
def test_a_question_of_today_is_recognised(text: str, what: str) -> None:
    assert live_asked(text) == what


@pytest.mark.parametrize("text", [
    "What is the current capital of Australia?", "What is price elasticity of demand?",
    "What does alternating current mean?", "What is today's date?", "How do I check the current git branch?",
    "Why does the price of a bond fall when interest rates rise?", "What is the weather like in a desert climate?",
    "What is the exchange rate mechanism in economics?", "Convert 5 pounds to kg", "What is 20 dollars times 3?",
    "What was the price of bread in 1950?", "What is the latest version of Python?", "Explain the stock market.",
    "What is the current population of Tokyo?", "What's the weather usually like in Lisbon in April?",
    # requests for code or instructions (the default model is a coder)
    "How do I get the current value of an input field in JavaScript?",
    "What's the current rate limit of the GitHub API?",
    "How do I read the temperature now from a DS18B20 sensor in Python?",
    "How do I get the current price from this JSON?", "What's the learning rate right now in my training loop?",
    "Write a function that returns today's price from a dict",
    "Summarise this:\n\nThe price of gold today is $2,000.",  # a pasted text asks nothing of today
])
def test_other_questions_are_not(text: str) -> None:
    assert live_asked(text) is None


def test_gives_figure() -> None:
    assert all(map(gives_figure, ["It is $174.38.", "About 3.4% a year.", "1 euro = 1.08 Swiss francs", "12 °C",
                                  "around 1.37", "€1.39 per litre", "50 euros"]))
    assert not any(map(gives_figure, ["I cannot know that.", "Check a site such as xe.com.",
                                      "Manchester United lead the table.", "As of 5 December 2026, I cannot say."]))


@pytest.mark.parametrize(("answer", "noted"), [("I have no live data; check xe.com.", False),
                                               ("As of today one pound is $1.37.", True)])
def test_the_model_is_told_it_has_no_live_data_and_a_figure_anyway_gets_a_note(
        store: Store, answer: str, noted: bool) -> None:
    """Told the date, the 1.5B gave 9 of 12 such questions a figure "as of today"; told this, 2 of 12."""
    fb = FakeBackend([answer, "You're welcome."], name="m")
    profile = parse_profile({"system_prompt": "Be brief.", "models": {"chat": ["m"]}}, "test", name="g")
    conv = Conversation(store, lambda ref: fb, model_ref="m", profile=profile, toolbox=ToolBox(resolve_paths()))
    events = list(conv.send("How much is one British pound in US dollars today?"))
    assert fb.history[0].messages[-1].content == (
        "How much is one British pound in US dollars today?\n\n(llorch has no live data: today's exchange rates are "
        "unknown to you. Say so, and give no figure as today's; you may say where to look it up.)")
    notes = [e.text for e in events if isinstance(e, Notice)]
    assert notes == (["the answer gives a figure for today's exchange rates, which the model cannot know: llorch works "
                      "offline and the model knows nothing after its training, so it is a guess"] if noted else [])
    list(conv.send("Thanks!"))
    assert fb.history[1].messages[1].content == "How much is one British pound in US dollars today?"  # that turn only
    assert (store.messages(conv.session_id)[0].content ==
            "How much is one British pound in US dollars today?")  # saved as the user wrote it


def test_a_profile_with_an_mcp_servers_tools_may_have_live_data_and_is_told_nothing(store: Store) -> None:
    fb = FakeBackend(["It is 12 °C."], name="m")
    profile = parse_profile({"system_prompt": "Be brief.", "models": {"chat": ["m"]},
                             "tools": {"enabled": ["weather.*"], "auto": "off"}}, "test", name="g")
    conv = Conversation(store, lambda ref: fb, model_ref="m", profile=profile, toolbox=ToolBox(resolve_paths()))
    events = list(conv.send("What's the temperature in New York right now?"))
    assert fb.history[0].messages[-1].content == "What's the temperature in New York right now?"
    assert not [e for e in events if isinstance(e, Notice)]


def test_plain_completion_is_left_as_written(store: Store) -> None:
    """A base model continues the text it is given: no word is added to it."""
    fb = FakeBackend([" $2,000 an ounce."], name="m")
    profile = parse_profile({"system_prompt": "", "models": {"chat": ["m"]}}, "test", name="g")
    conv = Conversation(store, lambda ref: fb, model_ref="m", profile=profile, toolbox=ToolBox(resolve_paths()),
                        mode="raw")
    list(conv.send("What is the price of gold today?"))
    assert "no live data" not in fb.history[0].prompt
