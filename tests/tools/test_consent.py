"""The two gates before a model's write: did the user ask for a change, and did they agree to it."""

from __future__ import annotations

import io
import threading

import pytest

from support import Script

from llorch.cli._common import TerminalConsent
from llorch.tools.consent import Answer, Consent, WriteRequest, asks_for_change, permission_key

ASKS = [
    "Add lunch with Sam on friday at noon",
    "Put a dentist appointment tomorrow at 3pm in my calendar.",
    "please book a table for two tomorrow at 7",
    "Can you schedule a call with Ana next monday at 10?",
    "could you please cancel my 3pm meeting",
    "I'd like to move my meeting with Bob to 4pm",
    "I need you to delete the dentist appointment",
    "dentist tomorrow at 3, put it in my calendar",
    "Show my week and add a gym session on saturday",
    "remind me to call mom at 5",
    "Would you mind adding a meeting on Friday?",
    "Save this as notes.txt",
    "rename the event to Team sync",
    "make an appointment with the dentist for friday",
    "Hi! Create an event called Standup every day at 9",
    "ok so go ahead and remove the lunch on friday",
    "Don't forget to add the review on Thursday",
    "Write an email to Ana about the review",
    "Let's reschedule the review to Friday",
    "we need to update the meeting title",
    "Please don\u2019t list anything, just add lunch friday",  # a typographic apostrophe
    "Dinner with Leo on Saturday at 20:00 - put it in my calendar.",  # a dash between clauses
    "write it down: the plumber comes at 9",
    "Write this into notes.txt",
]

NEVER = [
    "Say hello",
    "Hello",
    "hi there!",
    "show my calendar",
    "Show me my calendar for next week",
    "what's on friday",
    "What is on my calendar this week?",
    "When am I free tomorrow for an hour?",
    "What did I schedule for Friday?",
    "Is my meeting with Bob cancelled?",
    "How do I delete a file in Python?",
    "Explain how to cancel a subscription",
    "Tell me about the book 'Dune'",
    "The add button does not work",
    "Don't add anything, just show me my week",
    "please do not delete anything",
    "Never remove events without asking me",
    "list my events",
    "What is 2 + 2?",
    "make me a poem about autumn",
    "thanks!",
    "",
    "Who wrote Hamlet?",
    "What should I write in a birthday card?",
    "Write a haiku about autumn leaves.",  # the 1.5B added it to the calendar
    "write a function that sorts a list",
    "What is 10 - 3?",
]


@pytest.mark.parametrize("text", ASKS)
def test_requests_for_a_change_pass(text: str) -> None:
    assert asks_for_change(text)


@pytest.mark.parametrize("text", NEVER)
def test_greetings_questions_and_requests_to_show_never_pass(text: str) -> None:
    assert not asks_for_change(text)


def test_a_short_yes_counts_only_after_a_request_for_a_change() -> None:
    assert asks_for_change("yes please", previous="Add lunch with Sam on friday")
    assert asks_for_change("Go ahead.", previous="can you book the dentist for 3pm?")
    assert not asks_for_change("yes please", previous="What is on my calendar?")
    assert not asks_for_change("yes please")
    # A new question after a request is its own request, not a yes.
    assert not asks_for_change("ok, what's on monday?", previous="Add lunch with Sam on friday")
    assert not asks_for_change("thank you", previous="Add lunch with Sam on friday")


def test_the_request_line_reads_well() -> None:
    req = WriteRequest("calendar", {"action": "add", "title": "Hello", "start": "tomorrow 12:00"})
    assert req.what() == "calendar add"
    assert req.describe() == "calendar add: title='Hello', start='tomorrow 12:00'"
    assert WriteRequest("notes.write_note", {"name": "x"}).describe() == "notes.write_note: name='x'"
    assert permission_key("calendar") == "tools.permissions.calendar"
    assert permission_key("notes.write_note") == 'tools.permissions."notes.write_note"'



ADD = WriteRequest("calendar", {"action": "add", "title": "Lunch"})


def test_yes_no_and_always() -> None:
    ask = Script(Answer.YES, Answer.NO, Answer.ALWAYS)
    consent = Consent(ask)
    assert consent.decide(ADD).run and consent.decide(ADD).why == "declined"
    verdict = consent.decide(ADD)
    assert verdict.run and verdict.why == "always" and verdict.asked
    # "always" holds for that tool from now on, without asking; another tool is still asked about.
    assert consent.decide(ADD).why == "always" and not consent.decide(ADD).asked
    assert len(ask.asked) == 3
    with pytest.raises(IndexError):  # the script is spent: it was asked again
        consent.decide(WriteRequest("notes.write_note", {"name": "x"}))


def test_without_anyone_to_ask_a_write_is_refused_with_how_to_allow_it() -> None:
    verdict = Consent().decide(ADD)
    assert not verdict.run and verdict.why == "no-terminal"
    assert verdict.note == ("calendar add: title='Lunch' was not run: changes need your go-ahead and there is no "
                            'terminal to ask on; pass --yes, or set tools.permissions.calendar = "allow" in the profile')
    assert "\n" not in verdict.note
    assert "Answer the user in words" in verdict.text


def test_yes_and_allow_skip_the_question() -> None:
    ask = Script()
    assert Consent(ask, assume_yes=True).decide(ADD).why == "yes"
    assert Consent(ask).decide(ADD, preapproved=True).why == "allow"
    assert ask.asked == []


def test_one_question_at_a_time() -> None:
    """Two answers at once (agents of a fan-out) never put two questions on the screen together."""
    entered = [threading.Event(), threading.Event()]
    release = threading.Event()
    count = [0]

    def ask(request: WriteRequest) -> Answer:
        entered[count[0]].set()
        count[0] += 1
        release.wait(10)
        return Answer.YES

    consent = Consent(ask)
    first = threading.Thread(target=consent.decide, args=(ADD,))
    first.start()
    assert entered[0].wait(10)
    second = threading.Thread(target=consent.decide, args=(ADD,))
    second.start()
    assert not entered[1].wait(0.3)  # waits for the first question to be answered
    release.set()
    first.join(10)
    second.join(10)
    assert entered[1].is_set() and count[0] == 2


@pytest.mark.parametrize("typed, answer", [
    ("y\n", Answer.YES), ("YES\n", Answer.YES), ("a\n", Answer.ALWAYS), ("always\n", Answer.ALWAYS),
    ("n\n", Answer.NO), ("\n", Answer.NO), ("", Answer.NO), ("maybe\nsure?\ny\n", Answer.YES),
    ("what\nhuh\nmaybe\ny\n", Answer.NO),
])
def test_the_terminal_question(typed: str, answer: Answer) -> None:
    typed_in, shown = io.StringIO(typed), io.StringIO()
    stopped: list[bool] = []
    asker = TerminalConsent(typed_in.readline, shown.write)
    asker.before = lambda: stopped.append(True)
    assert asker(ADD) is answer
    assert stopped == [True]  # the spinner was stopped before the question
    assert shown.getvalue().startswith("llorch wants to make a change: calendar add: title='Lunch'\n"
                                       "Allow it? [y]es, [n]o, [a]lways for calendar in this session: ")
