"""The documents tool: emails from points and outlines, through the registry."""

from __future__ import annotations

from typing import Any

import pytest

from llorch.errors import ToolError
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.documents import DocumentsTool
from llorch.tools.registry import ToolRegistry


def call(**args: Any) -> ToolResult:
    return ToolRegistry().call("documents", args, ToolContext(can_write=False))


# --- email -------------------------------------------------------------------------------


def test_formal_email_is_rendered_from_points() -> None:
    result = call(
        action="email", to="Dr. Ana Smith <ana@example.org>", subject="Review meeting",
        points=["the review moves to Thursday at 3pm", "please bring the Q3 figures"], sender="Bo Li",
    )  # fmt: skip
    body = (
        "Dear Dr. Ana Smith,\n\n"
        "I hope this message finds you well.\n\n"
        "The review moves to Thursday at 3pm.\n\n"
        "Please bring the Q3 figures.\n\n"
        "Please let me know if you have any questions.\n\n"
        "Kind regards,\nBo Li"
    )
    assert result.data == {"to": "Dr. Ana Smith <ana@example.org>", "subject": "Review meeting", "body": body}
    assert result.text == f"To: Dr. Ana Smith <ana@example.org>\nSubject: Review meeting\n\n{body}"


def test_subject_comes_from_the_first_point_when_not_given() -> None:
    result = call(action="email", to="Sam", points=["move the standup to 9:30. Everyone agreed", "other"])
    assert result.data["subject"] == "Move the standup to 9:30"
    assert "\nSubject: Move the standup to 9:30\n" in result.text


def test_a_long_first_point_gives_a_shortened_subject() -> None:
    point = "we should " + "really " * 20 + "talk"
    subject = call(action="email", points=[point]).data["subject"]
    assert subject.startswith("We should really") and subject.endswith("…")
    assert len(subject) <= 61


@pytest.mark.parametrize(
    ("tone", "greeting", "sign_off", "extra"),
    [
        ("formal", "Dear Sam,", "Kind regards,\nMe", "Please let me know if you have any questions."),
        ("friendly", "Hi Sam,", "Best,\nMe", "I hope you're doing well."),
        ("brief", "Sam,", "Thanks,\nMe", None),
    ],
)
def test_tones_change_greeting_and_sign_off(tone: str, greeting: str, sign_off: str, extra: str | None) -> None:
    body = call(action="email", to="Sam", points=["done"], tone=tone, sender="Me").data["body"]
    assert body.startswith(greeting + "\n\n")
    assert body.endswith("\n\n" + sign_off)
    assert "Done." in body
    if extra is None:
        assert body == f"{greeting}\n\nDone.\n\n{sign_off}"
    else:
        assert extra in body


def test_tone_defaults_to_formal_and_greetings_need_no_name() -> None:
    result = call(action="email", to="sam@example.org", points=["hello"])
    assert result.data["body"].startswith("Hello,\n\n")  # a bare address is not a name
    assert result.data["body"].endswith("Kind regards,")
    no_to = call(action="email", points=["hello"])
    assert no_to.data["to"] == "" and no_to.text.startswith("Subject: Hello\n\n")


def test_several_recipients_are_greeted_together() -> None:
    body = call(action="email", to="Ana <ana@x.org>, Bo, Cy", points=["x"], tone="friendly").data["body"]
    assert body.startswith("Hi Ana, Bo and Cy,")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({}, "needs points"),
        ({"points": []}, "needs points"),
        ({"points": ["  ", ""]}, "needs points"),
        ({"points": ["x"], "tone": "angry"}, "'tone' must be one of formal, friendly, brief"),
        ({"points": "not a list"}, "'points' must be a list"),
        ({"points": [1, 2]}, "'points' must be a list of strings"),
    ],
)
def test_email_validation(args: dict[str, Any], message: str) -> None:
    with pytest.raises(ToolError, match=message):
        call(action="email", **args)


# --- outline -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "first", "last"),
    [
        ("report", "Executive summary", "Appendices"),
        ("memo", "Header", "Next steps"),
        ("proposal", "Summary", "Next steps"),
        ("paper", "Abstract", "References"),
        ("meeting", "Details", "Next meeting"),
    ],
)
def test_each_kind_has_its_standard_sections(kind: str, first: str, last: str) -> None:
    result = call(action="outline", title="Plan", kind=kind)
    headings = [s["heading"] for s in result.data["sections"]]
    assert headings[0] == first and headings[-1] == last
    assert len(headings) >= 5 and len(set(headings)) == len(headings)
    assert all(s["notes"] and all(isinstance(n, str) for n in s["notes"]) for s in result.data["sections"])
    assert result.data["title"] == "Plan" and result.data["kind"] == kind
    assert result.text.startswith("# Plan\n")
    assert f"## 1. {first}\n- " in result.text
    assert f"## {len(headings)}. {last}\n" in result.text


def test_outline_defaults_to_a_report() -> None:
    result = call(action="outline", title="Q3")
    assert result.data["kind"] == "report"
    assert "Findings" in [s["heading"] for s in result.data["sections"]]


def test_extra_sections_go_before_the_closing_ones_and_matches_override_notes() -> None:
    result = call(
        action="outline", title="Budget", kind="memo",
        sections=["Costs: staff; hardware", "purpose: ask for money", "Risks"],
    )  # fmt: skip
    sections = result.data["sections"]
    headings = [s["heading"] for s in sections]
    assert headings == [
        "Header", "Purpose", "Background", "Discussion", "Costs", "Risks", "Recommendation", "Next steps",
    ]  # fmt: skip
    assert sections[1]["notes"] == ["ask for money"]
    assert sections[4] == {"heading": "Costs", "notes": ["staff", "hardware"]}
    assert sections[5] == {"heading": "Risks", "notes": []}
    assert "## 5. Costs\n- staff\n- hardware\n" in result.text
    assert "## 6. Risks\n- …\n" in result.text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({}, "needs a title"),
        ({"title": "  "}, "needs a title"),
        ({"title": "X", "kind": "novel"}, "'kind' must be one of"),
    ],
)
def test_outline_validation(args: dict[str, Any], message: str) -> None:
    with pytest.raises(ToolError, match=message):
        call(action="outline", **args)


def test_schema_and_registry_wiring() -> None:
    tool = ToolRegistry().get("documents")
    assert isinstance(tool, DocumentsTool)
    assert tool.write_actions == frozenset() and tool.positional == ("action",)
    props = tool.parameters["properties"]
    assert props["action"]["enum"] == ["email", "outline"]
    assert props["points"] == {**props["points"], "type": "array", "items": {"type": "string"}}
    assert props["tone"]["enum"] == ["formal", "friendly", "brief"]
    with pytest.raises(ToolError, match="must be one of email, outline"):
        call(action="letter")
