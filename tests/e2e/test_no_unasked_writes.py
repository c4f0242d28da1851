"""No built-in profile changes anything it was not asked to, on the instruct starter (Qwen2.5-Coder-0.5B).

`llorch run -p productivity "Say hello"` added "Hello" to the calendar, 2 times out of 2. Greetings,
questions and requests to *show* the calendar must leave the calendar file and the documents folder
as they were, under every built-in profile, even with --yes (which agrees to changes, not to changes
nobody asked for)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

pytestmark = [pytest.mark.starter, pytest.mark.slow]

# Few requests (the answer's max_tokens is small): each profile's first tool decision evaluates its
# tools' instructions (400-900 tokens), the most of the time. Productivity's calendar is the one a
# built-in profile may change; the intent check's many other cases are in tests/tools/test_consent.py.
REQUESTS = {
    "general": ["Say hello"],
    "dev": ["What's on my calendar on friday?"],
    "academic": ["Hello, who are you?"],
    "productivity": ["Say hello", "Show me my calendar for next week"],
}


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_no_profile_writes_for_greetings_questions_or_requests_to_show(starter_home: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from llorch.config import resolve_paths
    from llorch.runtime import Runtime, ToolEvent, TurnDone
    from llorch.tools.base import ToolContext
    from llorch.tools.consent import Consent
    from llorch.tools.registry import ToolRegistry

    paths = resolve_paths()
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    ToolRegistry().call("calendar", {"action": "add", "title": "Review", "start": "friday 10:00"},
                        ToolContext(data_dir=paths.data_dir, can_write=True))
    calendar = paths.data_dir / "calendar.ics"
    before = calendar.read_bytes()
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "notes.md").write_text("# Notes\n")
    monkeypatch.chdir(docs)
    documents = _snapshot(docs)

    answers: dict[tuple[str, str], str] = {}
    writes: list[ToolEvent] = []
    with Runtime.open(consent=Consent(assume_yes=True)) as rt:
        for profile, requests in REQUESTS.items():
            for text in requests:
                events = list(rt.ask(text, profile=profile, sampling={"max_tokens": 16, "seed": 1}, tool_steps=2))
                done = events[-1]
                assert isinstance(done, TurnDone) and done.status == "complete", (profile, text, done)
                answers[(profile, text)] = done.text
                writes += [e for e in events if isinstance(e, ToolEvent) and e.ok
                           and e.arguments.get("action") in ("add", "remove")]
    assert writes == []
    assert calendar.read_bytes() == before
    assert _snapshot(docs) == documents
    assert all(text.strip() for text in answers.values()), answers
