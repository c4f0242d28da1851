"""Plain questions about the user's own calendar (tools/agenda.py): what is on it for a day, part of a day or a week,
and when they are free, read into the calendar's list and free calls; and in a conversation, the answer checked
against what the calendar holds."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from llorch.chat.conversation import Conversation
from llorch.chat.events import Notice, ToolEvent
from llorch.config import resolve_paths
from llorch.engine.fake import FakeBackend
from llorch.profiles import parse_profile
from llorch.store.db import Store
from llorch.tools.agenda import agenda_asked
from llorch.tools.base import ToolContext
from llorch.tools.calendar import CalendarTool
from llorch.tools.calls import ToolBox
from llorch.tools.exact import exact_call

NOW = datetime(2026, 6, 17, 10, 0, tzinfo=timezone.utc)  # a Wednesday
SUNDAY = datetime(2026, 12, 6, 10, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(("asked", "args"), [
    ("What's on my agenda for Thursday?", {"action": "list", "date": "2026-06-18"}),
    ("What meetings do I have today?", {"action": "list", "date": "2026-06-17"}),
    ("Do I have any meetings on Wednesday?", {"action": "list", "date": "2026-06-17"}),  # (today is one)
    ("Anything in my calendar on the 24th?", {"action": "list", "date": "2026-06-24"}),
    ("Have I got any appointments on the 8th?", {"action": "list", "date": "2026-07-08"}),  # (this month's is gone)
    ("Have I got any events on June 30?", {"action": "list", "date": "2026-06-30"}),
    ("Do I have anything scheduled for Saturday?", {"action": "list", "date": "2026-06-20"}),
    ("What have I got planned for next Monday?", {"action": "list", "date": "2026-06-22"}),
    ("What does my day look like tomorrow?", {"action": "list", "date": "2026-06-18"}),
    ("what's in my diary for monday", {"action": "list", "date": "2026-06-22"}),
    ("Show me my schedule for next week.", {"action": "list", "from": "2026-06-22", "to": "2026-06-28"}),
    ("What does my week look like?", {"action": "list", "from": "2026-06-17", "to": "2026-06-21"}),
    ("Is there anything on my calendar this weekend?", {"action": "list", "from": "2026-06-20", "to": "2026-06-21"}),
    ("Is there anything in my diary on Friday evening?",
     {"action": "list", "date": "2026-06-19", "from": "17:00", "to": "21:00"}),
    ("Any meetings on Monday morning?", {"action": "list", "date": "2026-06-22", "from": "09:00", "to": "12:00"}),
    ("Am I busy on Tuesday?", {"action": "list", "date": "2026-06-23"}),
    ("What's coming up on my calendar?", {"action": "list", "to": "in 30 days"}),
    ("When is my next meeting?", {"action": "list", "to": "in 30 days"}),
    ("What's on my calendar?", {"action": "list"}),
    ("When am I free on Thursday?", {"action": "free", "date": "2026-06-18"}),
    ("Do I have a free hour tomorrow morning?",
     {"action": "free", "date": "2026-06-18", "from": "09:00", "to": "12:00", "duration": 60}),
    ("Find me a 30 minute slot on Friday.", {"action": "free", "date": "2026-06-19", "duration": 30}),
    ("Am I free on Friday afternoon for an hour?",
     {"action": "free", "date": "2026-06-19", "from": "12:00", "to": "17:00", "duration": 60}),
    ("Am I available next Wednesday at 3pm?",
     {"action": "free", "date": "2026-06-24", "from": "15:00", "to": "16:00", "duration": 60}),
    ("Am I free at 9:30am tomorrow?",
     {"action": "free", "date": "2026-06-18", "from": "09:30", "to": "10:30", "duration": 60}),
])
def test_a_plain_question_about_the_users_calendar_is_read_whole(asked: str, args: dict[str, Any]) -> None:
    assert agenda_asked(asked, NOW) == args
    assert exact_call(asked, ["calendar"], NOW) == ("calendar", args)
    assert exact_call(asked, ["math", "documents"], NOW) is None  # (a profile without the calendar)


def test_on_a_weekend_this_week_runs_to_the_next_sunday() -> None:
    assert agenda_asked("What does my week look like?", SUNDAY) == {"action": "list", "from": "2026-12-06",
                                                                    "to": "2026-12-13"}
    assert agenda_asked("Anything on my calendar this weekend?", SUNDAY) == {"action": "list", "date": "2026-12-06"}


@pytest.mark.parametrize("asked", [
    "How do I share my Google calendar with a colleague?",
    "What is the Gregorian calendar?",
    "Give me tips for running shorter meetings.",
    "Put a haircut on my calendar for Saturday at 11am.",  # (a change: the model's, with consent)
    "Remove the dentist appointment from my calendar.",
    "Do I have any meetings with Sarah on Wednesday?",  # (more than a day: the model's)
    "What's on my calendar tomorrow and what's the weather?",
    "Is there anything on TV tonight?",
    "Are there any events in Paris this weekend?",
    "How many events are there in the world?",
    "When am I free next week?",  # (free time over days: the tool looks at one day)
    "Am I free to say no to my boss?",
    "What's next?",  # (a tutorial's next step, not the calendar's)
    "What's coming up in the next release?",
    "What's on my calendar tomorrow?\n\nBEGIN:VCALENDAR",  # (a text given with it)
])
def test_what_is_not_plainly_such_a_question_is_left_to_the_model(asked: str) -> None:
    assert agenda_asked(asked, NOW) is None


def _calendar(path: Path) -> None:
    tool = CalendarTool()
    ctx = ToolContext(roots=(), data_dir=path.parent, can_write=True, calendar_file=path, now=lambda: NOW)
    for title, start, end in [("Standup", "2026-06-18 09:30", "09:45"), ("Lunch with Ana", "2026-06-18 13:00", "14:00"),
                              ("Dentist", "2026-06-19 11:00", "12:00")]:
        tool.run({"action": "add", "title": title, "start": start, "end": end}, ctx)


def _conv(store: Store, backend: FakeBackend, calendar: Path) -> Conversation:
    profile = parse_profile({"system_prompt": "Be exact.", "models": {"chat": ["m"]},
                             "tools": {"enabled": ["calendar", "math"], "auto": "off", "calendar_file": str(calendar),
                                       "permissions": {"calendar": "read"}}}, "test", name="general-like")
    return Conversation(store, lambda ref: backend, model_ref="m", profile=profile,
                        toolbox=ToolBox(resolve_paths(), now=lambda: NOW))


@pytest.mark.parametrize(("asked", "wrong", "right", "said"), [
    # (the 1.5B's, told the old "3 events from Thu 18 Jun 2026 00:00 to Fri 19 Jun 2026 00:00: …")
    ("What's on my calendar tomorrow?", "There are no events scheduled for tomorrow.",
     "Tomorrow: the standup at 9:30 and lunch with Ana at 1 pm.", "Events on Thu 18 Jun 2026 (2):\n"
     "- 09:30–09:45  Standup\n- 13:00–14:00  Lunch with Ana"),
    ("When am I free tomorrow?", "You are free tomorrow from 09:00 to 17:00.",
     "From 9:00 to 9:30, from 9:45 am to 1 pm and from 2 pm to 5 pm.",
     "Free on Thu 18 Jun 2026 only 09:00–09:30, 09:45–13:00 and 14:00–17:00 (at least 30 min each); busy "
     "09:30–09:45 Standup and 13:00–14:00 Lunch with Ana."),
    ("Do I have anything on Saturday?", "Yes, you have nothing on Saturday.", "No, Saturday is clear.",
     "No events on Sat 20 Jun 2026."),
    ("When is my next meeting?", "Your next meeting is the dentist on Friday.", "The standup, tomorrow at 9:30 am.",
     "Events from Wed 17 Jun 2026 10:00 to Fri 17 Jul 2026 10:00 (3):\n- Thu 18 Jun 2026 09:30–09:45  Standup\n"
     "- Thu 18 Jun 2026 13:00–14:00  Lunch with Ana\n- Fri 19 Jun 2026 11:00–12:00  Dentist"),
])
def test_the_calendar_answers_and_an_answer_that_leaves_it_gets_a_note(
        tmp_path: Path, asked: str, wrong: str, right: str, said: str) -> None:
    calendar = tmp_path / "cal.ics"
    _calendar(calendar)
    before = calendar.read_bytes()
    fb = FakeBackend([wrong, wrong], name="m")  # (the same answer again where it is asked again: chat/recheck.py)
    with Store.open(tmp_path / "db.sqlite") as store:
        events = list(_conv(store, fb, calendar).send(asked))
        (tool,) = [e for e in events if isinstance(e, ToolEvent)]
        assert tool.name == "calendar" and tool.ok and not tool.by_model and tool.text == said
        assert "uid" not in fb.history[0].messages[-1].content  # (told uids, the 1.5B retold them)
        notes = [e.text for e in events if isinstance(e, Notice)]
        assert len(notes) == 1 and notes[0].endswith(said), notes
        again = list(_conv(store, FakeBackend([right], name="m"), calendar).send(asked))
        assert not [e for e in again if isinstance(e, Notice)]
    assert calendar.read_bytes() == before  # a question changes nothing
