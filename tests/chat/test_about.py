"""Questions about llorch itself and about the time after the model's training: the model reads what is true
after the question (that turn only), under the profile's own system prompt."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from llorch.chat.about import Facts, about_asked, about_told, tool_words, trained_until
from llorch.chat.conversation import Conversation
from llorch.config import resolve_paths
from llorch.engine.fake import FakeBackend
from llorch.profiles import parse_profile
from llorch.store.db import Store
from llorch.tools.calls import ToolBox

FACTS = Facts("Qwen2.5 Coder 1.5B Instruct", 2024, date(2026, 12, 6), saved=False, offline=True,
              tools=tool_words(["math", "clock", "no-such-tool"]))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "db.sqlite") as s:
        yield s


@pytest.mark.parametrize(("text", "kind"), [
    ("Can you look things up on the internet for me?", "internet"),
    ("Are you connected to the internet?", "internet"),
    ("Search the web for cheap flights to Oslo", "internet"),
    ("Could you google the opening hours of the Louvre?", "internet"),
    ("What model are you running on?", "identity"),
    ("Which LLM are you?", "identity"),
    ("Are you ChatGPT?", "identity"),
    ("Who made you?", "identity"),
    ("What is your knowledge cutoff?", "cutoff"),
    ("How up to date is your knowledge?", "cutoff"),
    ("Remember that my sister's birthday is on March 3rd.", "memory"),
    ("Will you remember this conversation tomorrow?", "memory"),
    ("Did you save our last conversation?", "memory"),
    ("Is this conversation being recorded?", "memory"),
    ("What can you do?", "abilities"),
    ("What are your limitations?", "abilities"),
    ("Open ~/todo.txt and tell me what's in it.", "file"),
    ("Can you read images?", "file"),
    ("Can you send an email for me?", "act"),
    ("Could you set an alarm for 7am?", "act"),
    ("Can you remind me to call my mum at 6?", "act"),
    ("Could you order me a pizza?", "act"),
    ("Who won the 2026 FIFA World Cup?", "after"),
    ("Who won the Super Bowl in 2026?", "after"),
    ("What happened in the news in 2025?", "after"),
    ("Who is the current president of the United States?", "current"),
    ("Who is the CEO of Twitter now?", "current"),
    ("Who's the reigning world chess champion?", "current"),
    ("What's the most recent version of the iPhone?", "current"),
    ("What is the latest version of Windows?", "current"),
    ("Which is the newest Pixel phone?", "current"),
])
def test_a_question_only_llorch_can_answer_is_recognised(text: str, kind: str) -> None:
    assert about_asked(text, FACTS) == kind


@pytest.mark.parametrize("text", [
    "Can you URL-decode this for me: %E4%BD%A0%E5%A5%BD%20world",  # "URL", not the web
    "How do I search the web from Python?", "Write a script that googles a word",  # code asked for
    "What day of the week is July 4 2026?", "How many days until Christmas 2026?",  # dates: no event
    "Who won the 2022 FIFA World Cup?",  # within its training
    "Who was the president of France in 1990?", "Who is the king of the jungle?",
    "Remember to close the file handle in this snippet", "What are you doing?", "What is a language model?",
    "Summarise the 2025 annual report", "Can you explain how DNS works?", "What is the capital of Australia?",
    "Can you explain how the internet works?", "Do you know the history of the web?",
    "Can you remember the formula for the area of a circle?", "Can you recall the capital of Peru?",
    "Do you remember what I said about the budget?",  # (a saved chat has it in view: the model's to answer)
    "Can you pay attention to the tone?", "How do I install the latest version of numpy?",
    "What is the latest version of Python in this list: 3.9, 3.12, 3.11?", "Can you book-end this paragraph with a quote?", "Can you keep it short?",
    "Note that the API changed", "What is the cutoff date for applications?", "Can you print the first 10 primes?", "Can you send me that list again?",
    "Can you remind me what a monad is?", "Can you order these numbers from small to large: 5, 2, 9?",
    "Who won the Super Bowl in 2026?\n\nAnd in 2027?",  # more than a short question
])
def test_other_questions_are_not(text: str) -> None:
    assert about_asked(text, FACTS) is None


def test_a_reminder_where_the_model_may_write_the_calendar_is_left_to_its_tools() -> None:
    """In productivity (calendar = "write", model calls on) "Can you set a reminder …?" is a calendar add to
    offer, not an act to refuse; an email is still one."""
    writes = Facts("m", 2024, date(2026, 12, 6), saved=True, offline=True, tools=tool_words(["calendar"]),
                   calendar_writes=True)
    assert about_asked("Can you set a reminder for my dentist tomorrow at 9?", writes) is None
    assert about_asked("Can you set a reminder for my dentist tomorrow at 9?", FACTS) == "act"
    assert about_asked("Can you send an email for me?", writes) == "act"


def test_a_year_counts_as_after_the_training_only_up_to_today() -> None:
    """A model whose training year is not known: what is after last year (up to today's) is after it."""
    unknown = Facts("m", None, date(2026, 12, 6), saved=False, offline=True)
    assert about_asked("Who won the 2026 Super Bowl?", unknown) == "after"
    assert about_asked("Who won the 2025 Super Bowl?", unknown) is None
    assert about_asked("Who will win the 2030 World Cup?", FACTS) is None  # not yet: a prediction is the model's
    assert "ends some time before today" in about_told("after", unknown)


def test_trained_until_knows_the_bundled_families() -> None:
    assert trained_until("Qwen2.5 Coder 1.5B Instruct") == 2024
    assert trained_until("Qwen2.5-Coder-0.5B-Instruct") == 2024
    assert trained_until("gemma-3-270m") == 2024
    assert trained_until("Llama 3.2 3B Instruct") == 2023
    assert trained_until("Mistral 7B Instruct v0.3") is None


def test_what_the_model_is_told() -> None:
    assert about_told("after", FACTS) == (
        "(Your training data ends in 2024, and today is Sunday 6 December 2026: what happened after that is unknown "
        "to you. Answer only \"I don't know: my training data ends in 2024, and llorch has no internet to look it "
        "up.\")")
    assert "Qwen2.5 Coder 1.5B Instruct" in about_told("identity", FACTS)
    far = Facts("gpt-oss-20b", None, date(2026, 1, 1), False, True, remote="http://10.0.0.5:8080/v1")
    assert "on the server at http://10.0.0.5:8080/v1" in about_told("identity", far)
    assert "llama.cpp" not in about_told("identity", far)  # (not "runs locally, nothing is sent anywhere")
    # a yes/no question is told its answer first (told the facts alone, the 1.5B said "Sure, I can send an email")
    assert about_told("identity", FACTS, "Are you ChatGPT?").startswith("(Answer no: ")
    assert about_told("identity", FACTS, "Are you Qwen?").startswith("(Answer yes: ")
    assert about_told("act", FACTS, "Can you send an email for me?").startswith('(Answer "No, I can\'t do that: ')
    assert about_told("act", FACTS, "Please send it to Bob").startswith('(Answer "I can\'t do that: ')
    assert "--file ~/todo.txt" in about_told("file", FACTS, "Open ~/todo.txt and tell me what's in it.")
    # a file named is a request, whatever its words ("Could you read the file notes.md?" got a bare "Yes.")
    assert about_told("file", FACTS, "Could you read the file notes.md?").startswith(
        '(Answer "I can\'t open files myself: give it to me with `llorch run --file notes.md "your question"`')
    assert about_told("file", FACTS, "Can you read a PDF if I give you one?").startswith(
        '(Answer "Yes, if you give it to me with `llorch run --file report.pdf')
    assert about_told("cutoff", FACTS).startswith("(Your training data ends in 2024, and today is Sunday 6 December")
    # (told "Answer 'As of 2024, …'", the 1.5B gave "As of 2024, … iPhone 13 Pro Max", stale facts made to look dated)
    assert 'Answer "This may be out of date (my training data ends in 2024): the latest I know of is ..."' in \
        about_told("current", FACTS)
    assert about_told("file", FACTS, "Can you read images?").startswith('(Answer "No, I can\'t: llorch gives me text')
    assert "tools: sums and statistics, the time anywhere;" in about_told("abilities", FACTS)  # (a tool without words: left out)
    many = Facts("m", None, date(2026, 1, 1), False, True, tool_words(["math", "clock", "units", "count", "encode",
                                                                      "network", "regex", "cron", "text"]))
    assert "cron schedules, and more (`llorch tools list`)" in about_told("abilities", many)  # eight, then the list
    assert "keeps nothing of this conversation" in about_told("memory", FACTS)
    assert "saves this conversation" in about_told("memory", Facts("m", None, date(2026, 1, 1), True, True))
    assert "cannot search the web" in about_told("internet", FACTS)
    assert "cannot search" not in about_told("internet", Facts("m", None, date(2026, 1, 1), False, False))
    assert "calendar tool can add" in about_told("act", Facts("m", None, date(2026, 1, 1), False, True,
                                                             tool_words(["calendar"])))
    assert "calendar" not in about_told("act", FACTS)


def _conversation(store: Store, fb: FakeBackend, system: str | None = None, mode: str = "auto") -> Conversation:
    profile = parse_profile({"system_prompt": "You are llorch.", "models": {"chat": ["m"]}}, "test", name="g")
    clock = ToolBox(resolve_paths(), now=lambda: datetime(2026, 12, 6, 9, 0, tzinfo=timezone.utc))
    return Conversation(store, lambda ref: fb, model_ref="m", profile=profile, toolbox=clock, system=system,
                        mode=mode)


def test_the_model_reads_the_facts_after_the_question_that_turn_only(store: Store) -> None:
    fb = FakeBackend(["I don't know: my training ends in 2024.", "You're welcome."],
                     name="Qwen2.5 Coder 1.5B Instruct")
    conv = _conversation(store, fb)
    list(conv.send("Who won the 2026 FIFA World Cup?"))
    assert fb.history[0].messages[-1].content == (
        "Who won the 2026 FIFA World Cup?\n\n(Your training data ends in 2024, and today is Sunday 6 December 2026: "
        "what happened after that is unknown to you. Answer only \"I don't know: my training data ends in 2024, and "
        "llorch has no internet to look it up.\")")
    list(conv.send("Thanks!"))
    assert fb.history[1].messages[1].content == "Who won the 2026 FIFA World Cup?"  # that turn only
    assert store.messages(conv.session_id)[0].content == "Who won the 2026 FIFA World Cup?"  # saved as written


def test_a_saved_conversation_and_a_one_shot_answer_are_told_apart(store: Store) -> None:
    fb = FakeBackend(["Noted."], name="m")
    list(_conversation(store, fb).send("Will you remember this conversation tomorrow?"))
    assert "llorch saves this conversation as a session" in fb.history[0].messages[-1].content
    with Store.memory() as memory:
        one_shot = FakeBackend(["No."], name="m")
        list(_conversation(memory, one_shot).send("Will you remember this conversation tomorrow?"))
    assert "llorch keeps nothing of this conversation" in one_shot.history[0].messages[-1].content


@pytest.mark.parametrize(("system", "mode"), [("You are Ada, a pirate.", "auto"), (None, "raw")])
def test_a_system_prompt_of_the_users_or_plain_completion_is_told_nothing(
        store: Store, system: str | None, mode: str) -> None:
    """Under a user's own system prompt (an API client's persona) the model is not llorch; a base model continues
    the text it is given."""
    fb = FakeBackend(["Arr."], name="m")
    list(_conversation(store, fb, system=system, mode=mode).send("Which LLM are you?"))
    sent = fb.history[0]
    assert "llama.cpp" not in (sent.messages[-1].content if sent.messages else sent.prompt)


def test_every_built_in_tool_has_words_for_what_it_answers() -> None:
    """A tool added to the registry without words would be left out of "What can you do?" silently."""
    from llorch.tools.registry import ToolRegistry

    names = ToolRegistry().names()
    assert len(tool_words(names)) == len(names), set(names) - set(n for n in names if tool_words([n]))
