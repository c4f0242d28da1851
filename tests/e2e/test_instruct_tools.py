"""Tool calls from plain language on the instruct starter (Qwen2.5-Coder-0.5B-Instruct).

Slow-ish (a few seconds a request): the grammar-constrained decision, the tool, the answer.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

pytestmark = [pytest.mark.starter, pytest.mark.slow]

LLORCH = shutil.which("llorch")


def _events(starter_home: Path, text: str, profile: str) -> list[object]:
    from llorch.runtime import Runtime
    from llorch.tools.consent import Consent

    with Runtime.open(consent=Consent(assume_yes=True)) as rt:  # as `llorch run --yes`: the add is asked for
        return list(rt.ask(text, profile=profile, sampling={"max_tokens": 64, "seed": 1}))


def _calendar(home: Path) -> list[tuple[str, datetime]]:
    from icalendar import Calendar

    path = home / "data" / "calendar.ics"
    if not path.exists():
        return []
    cal = Calendar.from_ical(path.read_bytes())
    return [(str(e.get("summary")), e.decoded("dtstart").astimezone()) for e in cal.walk("VEVENT")]


def test_a_calendar_request_in_plain_words_lands_once_at_the_right_time(default_home: Path) -> None:
    assert LLORCH
    r = subprocess.run([LLORCH, "run", "--profile", "productivity", "--yes",
                        "Put a dentist appointment tomorrow at 3pm in my calendar."],
                       capture_output=True, timeout=600, stdin=subprocess.DEVNULL)
    assert r.returncode == 0, r.stderr
    events = _calendar(default_home)
    assert len(events) == 1, events  # once, not once per step
    title, start = events[0]
    tomorrow = date.today() + timedelta(days=1)
    assert "dentist" in title.lower() and (start.date(), start.hour, start.minute) == (tomorrow, 15, 0)
    answer = r.stdout.decode().strip()
    assert answer and not answer.startswith("{")  # words for the user, never a tool call's JSON


def _next_monday() -> date:
    today = date.today()
    return today + timedelta(days=(7 - today.weekday()) or 7)


def test_plain_language_requests_reach_the_right_tool(starter_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """A small scripted set: add, list, find free time, format a citation, analyse a file.

    The starter is a 0.5B model: the rate is reported, and most must work."""
    from llorch.runtime import ToolEvent

    monkeypatch.chdir(tmp_path)
    (tmp_path / "example.py").write_text(
        "def simple(x):\n    return x\n\n\ndef tangled(a, b):\n"
        + "".join(f"    if a > {i}:\n        b += {i}\n" for i in range(8)) + "    return b\n"
    )

    def called(events: list[object], tool: str, **expect: str) -> bool:
        calls = [e for e in events if isinstance(e, ToolEvent) and e.name == tool and e.ok]
        return any(all(str(c.arguments.get(k, "")).lower() == v for k, v in expect.items()) for c in calls)

    checks = {
        "add": lambda ev: called(ev, "calendar", action="add")
        and any(s.date() == _next_monday() and s.hour == 10 for _t, s in _calendar(starter_home)),
        "list": lambda ev: called(ev, "calendar", action="list"),
        "free": lambda ev: called(ev, "calendar", action="free"),
        "cite": lambda ev: any(isinstance(e, ToolEvent) and e.name == "citations" and e.ok and "Knuth" in e.text for e in ev),
        "code": lambda ev: any(isinstance(e, ToolEvent) and e.name == "code" and e.ok and "tangled" in e.text for e in ev),
    }
    requests = {
        "add": ("productivity", "Add a meeting with Ana next monday at 10am to my calendar."),
        "list": ("productivity", "What is on my calendar next week?"),
        "free": ("productivity", "When am I free tomorrow for one hour?"),
        "cite": ("academic", "Format this reference in APA style: @article{knuth84, author={Donald E. Knuth}, "
                             "title={Literate Programming}, journal={The Computer Journal}, volume={27}, year={1984}}"),
        "code": ("dev", "Analyse the file example.py: which function is the most complex?"),
    }
    passed = {name: checks[name](_events(starter_home, text, profile)) for name, (profile, text) in requests.items()}
    with capsys.disabled():
        print(f"\ninstruct starter tool requests: {sum(passed.values())}/{len(passed)} passed {passed}")
    assert sum(passed.values()) >= 3, passed
