"""The documents tool: structured drafts from templates, with no model involved.

`email` turns a list of points into a ready-to-edit email in one of three tones;
`outline` gives the standard sections of a report, memo, proposal, paper or meeting
agenda as a Markdown skeleton, with the caller's own sections merged in.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from llorch.errors import ToolError
from llorch.tools.asking import and_joined
from llorch.tools.base import ToolContext, ToolResult

__all__ = ["DocumentsTool"]

_TONES = ("formal", "friendly", "brief")
_KINDS = ("report", "memo", "proposal", "paper", "meeting")
_SUBJECT_MAX = 60


@dataclass(frozen=True)
class _Tone:
    greeting: str  # "{name}" is replaced by the recipient's name
    anonymous_greeting: str
    opener: str
    closer: str
    sign_off: str


_TONE_STYLES: dict[str, _Tone] = {
    "formal": _Tone(
        greeting="Dear {name}",
        anonymous_greeting="Hello",
        opener="I hope this message finds you well.",
        closer="Please let me know if you have any questions.",
        sign_off="Kind regards",
    ),
    "friendly": _Tone(
        greeting="Hi {name}",
        anonymous_greeting="Hi there",
        opener="I hope you're doing well.",
        closer="Let me know what you think!",
        sign_off="Best",
    ),
    "brief": _Tone(greeting="{name}", anonymous_greeting="Hi", opener="", closer="", sign_off="Thanks"),
}

# kind -> (sections before the caller's extra ones, sections after them); each is (heading, notes).
_Section = tuple[str, tuple[str, ...]]
_OUTLINES: dict[str, tuple[tuple[_Section, ...], tuple[_Section, ...]]] = {
    "report": (
        (
            ("Executive summary", ("The question, the main finding and the recommendation in a few sentences",)),
            ("Introduction", ("Purpose and scope of the report", "Who it is for")),
            ("Background", ("Context the reader needs", "What was known or done before")),
            ("Method", ("How the information was gathered", "Limits of the approach")),
            ("Findings", ("The main results, most important first", "Evidence: figures, tables, sources")),
            ("Discussion", ("What the findings mean", "Alternatives and trade-offs")),
        ),
        (
            ("Conclusions", ("Answer the question posed in the introduction",)),
            ("Recommendations", ("Concrete actions, owners and timing",)),
            ("Appendices", ("Supporting data and references",)),
        ),
    ),
    "memo": (
        (
            ("Header", ("To, from, date, subject",)),
            ("Purpose", ("Why this memo, in one or two sentences",)),
            ("Background", ("The facts the reader needs",)),
            ("Discussion", ("Options considered", "Their costs and risks")),
        ),
        (
            ("Recommendation", ("The preferred option and why",)),
            ("Next steps", ("Who does what by when",)),
        ),
    ),
    "proposal": (
        (
            ("Summary", ("The problem, the proposal and the ask in a paragraph",)),
            ("Problem", ("What is wrong today", "Who it affects and how much")),
            ("Proposed solution", ("What will be done", "Why this approach over the alternatives")),
            ("Scope and deliverables", ("What is in and out of scope", "What will be delivered")),
            ("Timeline", ("Milestones and dates",)),
            ("Budget", ("Costs and resources needed",)),
            ("Risks", ("What could go wrong", "How each risk is reduced")),
        ),
        (("Next steps", ("The decision or approval needed, and by when",)),),
    ),
    "paper": (
        (
            ("Abstract", ("Problem, approach, main result and its significance",)),
            ("Introduction", ("Motivation and research question", "Contributions")),
            ("Related work", ("Prior approaches and how this work differs",)),
            ("Method", ("Approach, data and assumptions",)),
            ("Results", ("Experiments and findings",)),
            ("Discussion", ("Interpretation, limitations and threats to validity",)),
        ),
        (
            ("Conclusion", ("Summary of contributions", "Future work")),
            ("References", ("Cited works",)),
        ),
    ),
    "meeting": (
        (
            ("Details", ("Date, time, place or link", "Attendees and apologies")),
            ("Objectives", ("What the meeting must decide or produce",)),
            ("Agenda", ("Items, owners and time for each",)),
        ),
        (
            ("Decisions", ("What was agreed",)),
            ("Action items", ("Task, owner, due date",)),
            ("Next meeting", ("Date and topics",)),
        ),
    ),
}


class DocumentsTool:
    """Draft emails from points and outline common documents, deterministically."""

    name = "documents"
    description = "Draft an email from a list of points, or outline a report, memo, proposal, paper or meeting."
    positional: tuple[str, ...] = ("action",)
    write_actions: frozenset[str] = frozenset()
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "action": {"type": "string", "enum": ["email", "outline"], "description": "what to draft"},
            "to": {"type": "string", "description": "the recipient (email): 'Dr. Smith', 'Ana <ana@example.org>'"},
            "subject": {"type": "string", "description": "the subject (email); from the first point if left out"},
            "points": {
                "type": "array",
                "items": {"type": "string"},
                "description": "what the email must say, one point per item (email, required)",
            },
            "tone": {"type": "string", "enum": list(_TONES), "default": "formal", "description": "the email's tone"},
            "sender": {"type": "string", "description": "the name to sign the email with"},
            "title": {"type": "string", "description": "the document's title (outline, required)"},
            "kind": {"type": "string", "enum": list(_KINDS), "default": "report", "description": "the document's kind"},
            "sections": {
                "type": "array",
                "items": {"type": "string"},
                "description": (
                    "extra sections (outline); 'Heading: note; note' adds notes, and a heading that "
                    "matches a standard one replaces that section's notes"
                ),
            },
        },
        "required": ["action"],
    }

    def run(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolResult:
        action = args.get("action")
        if action == "email":
            return _email(args)
        if action == "outline":
            return _outline(args)
        raise ToolError(f"documents: unknown action {action!r} (actions: email, outline)")


def _email(args: Mapping[str, Any]) -> ToolResult:
    points = [_sentence(p) for p in _strings(args, "points") if p.strip()]
    if not points:
        raise ToolError(
            "documents email needs points: a list of what the email must say, e.g. points=['move the review to Thursday']"
        )
    tone_name = _choice(args, "tone", _TONES, "formal")
    tone = _TONE_STYLES[tone_name]
    to = _text(args, "to")
    subject = _text(args, "subject") or _subject_from(points[0])
    sender = _text(args, "sender")

    names = _recipient_names(to)
    greeting = tone.greeting.format(name=names) if names else tone.anonymous_greeting
    paragraphs = []
    if tone.opener:
        paragraphs.append(tone.opener)
    paragraphs += points
    if tone.closer:
        paragraphs.append(tone.closer)
    signature = f"{tone.sign_off},\n{sender}" if sender else f"{tone.sign_off},"
    body = f"{greeting},\n\n" + "\n\n".join(paragraphs) + f"\n\n{signature}"
    head = (f"To: {to}\n" if to else "") + f"Subject: {subject}"
    return ToolResult(text=f"{head}\n\n{body}", data={"to": to, "subject": subject, "body": body})


def _outline(args: Mapping[str, Any]) -> ToolResult:
    title = _text(args, "title")
    if not title:
        raise ToolError("documents outline needs a title, e.g. title='Quarterly sales review'")
    kind = _choice(args, "kind", _KINDS, "report")
    before, after = _OUTLINES[kind]
    sections: list[dict[str, Any]] = [{"heading": h, "notes": list(n)} for h, n in (*before, *after)]
    index = {s["heading"].casefold(): s for s in sections}
    insert_at = len(before)
    for raw in _strings(args, "sections"):
        heading, notes = _parse_section(raw)
        if not heading:
            continue
        known = index.get(heading.casefold())
        if known is not None:
            if notes:
                known["notes"] = notes
            continue
        section = {"heading": heading, "notes": notes}
        sections.insert(insert_at, section)
        index[heading.casefold()] = section
        insert_at += 1

    lines = [f"# {title}", "", f"*{kind.capitalize()} outline*"]
    for number, section in enumerate(sections, 1):
        lines += ["", f"## {number}. {section['heading']}"]
        lines += [f"- {note}" for note in section["notes"]] or ["- …"]
    data = {"title": title, "kind": kind, "sections": sections}
    return ToolResult(text="\n".join(lines) + "\n", data=data)


def _parse_section(raw: str) -> tuple[str, list[str]]:
    """'Budget: costs; staff' -> ('Budget', ['costs', 'staff'])."""
    heading, _, rest = raw.partition(":")
    notes = [n.strip() for n in rest.split(";") if n.strip()]
    return " ".join(heading.split()), notes


def _recipient_names(to: str) -> str:
    """Names to greet: display names from 'Ana <ana@x.org>, Bo'; bare addresses give none."""
    names = []
    for part in re.split(r"[,;]", to):
        part = part.strip()
        name = part.split("<", 1)[0].strip().strip('"') if "<" in part else part
        if name and "@" not in name:
            names.append(name)
    return and_joined(names)


def _subject_from(point: str) -> str:
    """A subject from the first point: its first clause, capitalised, at most ~60 characters."""
    clause = re.split(r"(?<=[.!?;])\s|[.!?;]$", point, maxsplit=1)[0].strip().rstrip(".!?;:,")
    if len(clause) > _SUBJECT_MAX:
        clause = clause[:_SUBJECT_MAX].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return clause[:1].upper() + clause[1:]


def _sentence(point: str) -> str:
    """A point as a sentence: trimmed, capitalised, ending in punctuation."""
    text = " ".join(point.split())
    if not text:
        return ""
    text = text[:1].upper() + text[1:]
    return text if text[-1] in ".!?…:" else text + "."


def _text(args: Mapping[str, Any], key: str) -> str:
    value = args.get(key)
    return " ".join(value.split()) if isinstance(value, str) else ""


def _strings(args: Mapping[str, Any], key: str) -> list[str]:
    value = args.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Sequence) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ToolError(f"documents: parameter {key!r} must be a list of strings, got {value!r}")


def _choice(args: Mapping[str, Any], key: str, allowed: tuple[str, ...], default: str) -> str:
    value = args.get(key, default)
    if value not in allowed:
        raise ToolError(f"documents: parameter {key!r} must be one of {', '.join(allowed)}; got {value!r}")
    return str(value)
