"""The model's writes in the tool loop: run only when the user asked for a change and agreed to it
(y / n / always, --yes, a profile that "allow"s it), on the fake backend with a real calendar file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import Script

from llorch.chat.conversation import Conversation
from llorch.chat.events import Notice, ToolEvent, TurnDone
from llorch.config import resolve_paths
from llorch.engine.fake import FakeBackend
from llorch.profiles import parse_profile
from llorch.profiles.schema import Profile
from llorch.store.db import Store
from llorch.tools.calls import ToolBox
from llorch.tools.consent import Answer, Consent

ADD = json.dumps({"name": "calendar", "arguments": {"action": "add", "title": "Lunch", "start": "2030-01-04 12:00"}})
LIST = json.dumps({"name": "calendar", "arguments": {"action": "list", "from": "2030-01-01", "to": "2030-01-08"}})


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store.open(tmp_path / "db.sqlite") as s:
        yield s


@pytest.fixture
def cal(tmp_path: Path) -> Path:
    return tmp_path / "cal.ics"


def _profile(cal: Path, permission: str = "write") -> Profile:
    return parse_profile(
        {"models": {"chat": ["m"]}, "tools": {"enabled": ["calendar", "math"], "auto": "on", "max_steps": 3,
                                               "permissions": {"calendar": permission}, "calendar_file": str(cal)}},
        "test", name="cal",
    )



def _conv(store: Store, fb: FakeBackend, profile: Profile, consent: Consent) -> Conversation:
    return Conversation(store, lambda ref: fb, model_ref="m", profile=profile,
                        toolbox=ToolBox(resolve_paths(), consent=consent))


def _events(conv: Conversation, text: str) -> tuple[list[ToolEvent], list[str], TurnDone]:
    events = list(conv.send(text))
    done = events[-1]
    assert isinstance(done, TurnDone)
    return ([e for e in events if isinstance(e, ToolEvent)], [e.text for e in events if isinstance(e, Notice)], done)


def _events_in(cal: Path) -> int:
    return cal.read_text().count("BEGIN:VEVENT") if cal.exists() else 0


def test_a_write_the_user_did_not_ask_for_is_not_run_and_the_answer_comes_in_words(store: Store, cal: Path) -> None:
    """`llorch run -p productivity "Say hello"` added "Hello" to the calendar, twice out of two."""
    hello = json.dumps({"name": "calendar", "arguments": {"action": "add", "title": "Hello", "start": "today 12:00"}})
    fb = FakeBackend([hello, "Hello! How can I help?"], name="m")
    ask = Script()  # never asked: the request asked for no change
    conv = _conv(store, fb, _profile(cal), Consent(ask, assume_yes=False))
    tools, notices, done = _events(conv, "Say hello")
    assert _events_in(cal) == 0 and ask.asked == []
    (refused,) = tools
    assert (refused.ok, refused.refused, refused.text) == (False, "unasked",
                                                           "not run: the user's message does not ask for calendar add")
    # The answer comes without another decision, with no tools on offer, and without the call nobody
    # asked for (with it, or its refusal, in view the instruct starter answered with another call, or
    # with "Not run: ..."; without, "Hello! How can I assist you today?").
    assert len(fb.history) == 2 and fb.history[1].grammar_schema is None
    assert "You can call tools" in fb.history[0].messages[0].content
    assert [(m.role, m.content) for m in fb.history[1].messages] == [("user", "Say hello")]
    assert (done.status, done.text) == ("complete", "Hello! How can I help?")
    assert not notices
    # The session keeps the refused call for the user to see.
    meta = json.loads(store.messages(conv.session_id)[1].meta)
    assert (meta["name"], meta["ok"], meta["refused"]) == ("calendar", False, "unasked")


def test_an_answer_that_is_still_a_call_after_a_refusal_says_nothing_was_changed(store: Store, cal: Path) -> None:
    fb = FakeBackend([ADD, ADD], name="m")
    _tools, _notes, done = _events(_conv(store, fb, _profile(cal), Consent()), "Say hello at lunch")
    assert done.text == ("(The model answered with a tool call instead of words. It wanted calendar add, which was "
                         "not run: nothing was changed.)")
    assert _events_in(cal) == 0


def test_even_with_yes_a_write_needs_a_request_for_a_change(store: Store, cal: Path) -> None:
    fb = FakeBackend([ADD, "Here is your week."], name="m")
    tools, _notes, done = _events(_conv(store, fb, _profile(cal, "allow"), Consent(assume_yes=True)),
                                  "show my calendar around lunch")
    assert _events_in(cal) == 0 and not tools[0].ok and done.status == "complete"


def test_yes_runs_the_change_once_and_the_user_saw_the_call(store: Store, cal: Path) -> None:
    fb = FakeBackend([ADD, "Added lunch."], name="m")
    ask = Script(Answer.YES)
    tools, _notes, done = _events(_conv(store, fb, _profile(cal), Consent(ask)), "Add lunch on 4 Jan 2030 at noon")
    assert [r.describe() for r in ask.asked] == ["calendar add: title='Lunch', start='2030-01-04 12:00'"]
    assert _events_in(cal) == 1 and tools[0].ok and done.text == "Added lunch."
    assert [s.kind for s in done.steps] == ["decision", "consent", "tool"]


def test_no_leaves_the_data_alone_and_the_answer_still_comes(store: Store, cal: Path) -> None:
    fb = FakeBackend([ADD, "All right, I did not add it."], name="m")
    ask = Script(Answer.NO)
    tools, _notes, done = _events(_conv(store, fb, _profile(cal), Consent(ask)), "please add lunch on friday")
    assert _events_in(cal) == 0 and len(ask.asked) == 1
    assert tools[0].text.startswith("not run: the user declined calendar add")
    # The model reads why (so it does not claim it added it), but not its call, which it would copy.
    assert fb.history[1].messages[-1].content.endswith("not run: the user declined calendar add. Answer the user "
                                                       "in words, without calling tools.")
    assert not any(m.role == "assistant" for m in fb.history[1].messages)
    assert (done.status, done.text) == ("complete", "All right, I did not add it.")
    stored = store.messages(store.last_session().id)  # type: ignore[union-attr]
    assert [m.role for m in stored] == ["user", "tool", "assistant"] and json.loads(stored[1].meta)["ok"] is False


def test_always_is_asked_once_per_tool_for_the_rest_of_the_session(store: Store, cal: Path) -> None:
    second = json.dumps({"name": "calendar", "arguments": {"action": "add", "title": "Gym", "start": "2030-01-05 08:00"}})
    fb = FakeBackend([ADD, "Added.", second, "Added too."], name="m")
    ask = Script(Answer.ALWAYS)
    conv = _conv(store, fb, _profile(cal), Consent(ask))
    _events(conv, "add lunch on friday")
    _events(conv, "and add the gym on saturday")
    assert len(ask.asked) == 1 and _events_in(cal) == 2


def test_with_no_terminal_a_change_is_refused_with_how_to_allow_it(store: Store, cal: Path) -> None:
    fb = FakeBackend([ADD, "I could not add it."], name="m")
    tools, notices, done = _events(_conv(store, fb, _profile(cal), Consent()), "Add lunch on friday at noon")
    assert _events_in(cal) == 0 and not tools[0].ok
    assert notices == ["calendar add: title='Lunch', start='2030-01-04 12:00' was not run: changes need your go-ahead "
                       'and there is no terminal to ask on; pass --yes, or set tools.permissions.calendar = "allow" '
                       "in the profile"]
    assert (done.status, done.text) == ("complete", "I could not add it.")


@pytest.mark.parametrize("permission, assume_yes", [("write", True), ("allow", False)])
def test_yes_and_allow_skip_the_question(store: Store, cal: Path, permission: str, assume_yes: bool) -> None:
    fb = FakeBackend([ADD, "Added."], name="m")
    ask = Script()
    _tools, notices, done = _events(_conv(store, fb, _profile(cal, permission), Consent(ask, assume_yes=assume_yes)),
                                    "book lunch on friday")
    assert _events_in(cal) == 1 and ask.asked == [] and not notices and done.text == "Added."


def test_reads_are_never_asked_about_and_read_only_profiles_still_refuse(store: Store, cal: Path) -> None:
    fb = FakeBackend([LIST, '{"name": "none"}', "Nothing on."], name="m")
    ask = Script()
    tools, _notes, _done = _events(_conv(store, fb, _profile(cal), Consent(ask)), "what's on my calendar next week?")
    assert tools[0].ok and ask.asked == []
    fb = FakeBackend([ADD, "Sorry."], name="m")
    tools, _notes, _done = _events(_conv(store, fb, _profile(cal, "read"), Consent(ask, assume_yes=True)), "add lunch")
    assert "allows calendar read-only" in tools[0].text and ask.asked == [] and _events_in(cal) == 0


def test_a_yes_after_the_model_asks_back_counts_as_the_request(store: Store, cal: Path) -> None:
    fb = FakeBackend(['{"name": "none"}', "Shall I add lunch on friday at noon?", ADD, "Added."], name="m")
    conv = _conv(store, fb, _profile(cal), Consent(assume_yes=True))
    _events(conv, "add lunch on friday")
    _events(conv, "yes please")
    assert _events_in(cal) == 1


def test_the_steps_of_a_turn_carry_their_figures(store: Store, cal: Path) -> None:
    math = json.dumps({"name": "math", "arguments": {"expression": "6*7"}})
    fb = FakeBackend([math, '{"name": "none"}', "It is 42."], name="m")
    _tools, _notes, done = _events(_conv(store, fb, _profile(cal), Consent()), "what is 6*7 in total?")
    assert [(s.kind, s.what) for s in done.steps] == [("decision", "math"), ("tool", "math"), ("decision", "no tool")]
    decisions = [s for s in done.steps if s.kind == "decision"]
    assert all(s.completion is not None and s.completion.usage.prompt_tokens > 0 for s in decisions)
    assert decisions[0].completion.text == math  # type: ignore[union-attr]
    assert done.completion is not None and done.completion.text == "It is 42."
    assert done.turn_ms >= sum(s.ms for s in done.steps) > 0


def test_an_answer_claiming_a_change_no_tool_made_is_flagged(store: Store, cal: Path) -> None:
    from llorch.tools.consent import claims_change

    fb = FakeBackend(['{"name": "none"}', "Done! I've added lunch with Sam to your calendar."], name="m")
    _tools, notes, done = _events(_conv(store, fb, _profile(cal), Consent()), "lunch with Sam friday?")
    assert any("no change was made: the answer says 'added'" in n for n in notes)
    assert claims_change("Meeting booked successfully.") == "booked" and claims_change("The email was sent.") == "sent"
    for text in ("I can add that if you like.", "Would you like me to book it?", "The event was not added.",
                 "You added three events yesterday.", "It would be saved once you confirm.", "Paris is lovely."):
        assert claims_change(text) is None, text


REMOVE = json.dumps({"name": "calendar", "arguments": {"action": "remove", "title": "Lunch"}})


@pytest.mark.parametrize("message", ["Add a Lunch follow-up on friday at 1pm",
                                     "Don't remove the Lunch, just add a Dentist on friday at 1pm"])
def test_even_with_yes_a_write_of_another_kind_than_asked_is_not_run(store: Store, cal: Path, message: str) -> None:
    """Asked to add, a small model's removal of an event ran under --yes (only *some* change had to be asked)."""
    _events(_conv(store, FakeBackend([ADD, "Added."], name="m"), _profile(cal), Consent(assume_yes=True)), "add lunch")
    assert _events_in(cal) == 1
    fb = FakeBackend([REMOVE, "I've added the Dentist follow-up."], name="m")
    tools, notes, _done = _events(_conv(store, fb, _profile(cal), Consent(assume_yes=True)), message)
    assert _events_in(cal) == 1  # the lunch stays
    assert (tools[0].refused, tools[0].text) == ("unasked", "not run: the user's message does not ask for calendar "
                                                            "remove")
    fb = FakeBackend([REMOVE, "Removed."], name="m")  # asked for, it runs
    _events(_conv(store, fb, _profile(cal), Consent(assume_yes=True)), "Cancel the lunch")
    assert _events_in(cal) == 0


def test_ok_thanks_after_a_change_ran_asks_for_no_other(store: Store, cal: Path) -> None:
    """"ok thanks" counted as agreeing to the request before it, so a second write (the same event again, or a
    removal) ran under --yes; agreement holds only while the change asked for is still to be made."""
    fb = FakeBackend([ADD, "Added lunch.", ADD, "Added it again."], name="m")
    conv = _conv(store, fb, _profile(cal), Consent(assume_yes=True))
    _events(conv, "Add lunch on friday at noon")
    tools, _notes, _done = _events(conv, "ok thanks")
    assert _events_in(cal) == 1 and tools[0].refused == "unasked"


def test_yes_thanks_still_agrees_to_a_change_not_yet_made(store: Store, cal: Path) -> None:
    fb = FakeBackend(['{"name": "none"}', "Shall I add lunch on friday at noon?", ADD, "Added."], name="m")
    conv = _conv(store, fb, _profile(cal), Consent(assume_yes=True))
    _events(conv, "add lunch on friday")
    _events(conv, "yes thanks")
    assert _events_in(cal) == 1


def test_an_answer_claiming_another_change_than_the_one_that_ran_is_flagged(store: Store, cal: Path) -> None:
    _events(_conv(store, FakeBackend([ADD, "Added."], name="m"), _profile(cal), Consent(assume_yes=True)), "add lunch")
    fb = FakeBackend([REMOVE, "I've added the lunch again."], name="m")
    _tools, notes, _done = _events(_conv(store, fb, _profile(cal), Consent(assume_yes=True)),
                                   "Remove the lunch and add it again")
    assert _events_in(cal) == 0
    assert notes == ["the answer says 'added', but the change that ran was calendar remove: check it (/tool NAME ...)"]
