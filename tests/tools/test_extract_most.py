"""Which email address, domain, URL or number comes most often in a text (llorch/tools/extract.py's `most`), asked
with the text piped, and what an answer must then give."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from llorch.chat.answercheck import expected, fault
from llorch.tools.base import ToolContext
from llorch.tools.exact import EXACT_TOOLS, exact_call, read_whole
from llorch.tools.extract import extract
from llorch.tools.registry import ToolRegistry

NOW = datetime(2026, 12, 7, 13, 0, tzinfo=timezone.utc)
MAIL = "ana@example.com\nbo@corp.io\ncy@example.com\ndee@mail.net\neli@example.com\nfay@corp.io\n"


def routed(question: str, text: str) -> tuple[str, dict[str, object]] | None:
    whole = read_whole(question, [text], EXACT_TOOLS, NOW)
    return exact_call(whole, EXACT_TOOLS, NOW) if whole is not None else None


@pytest.mark.parametrize(("question", "what"), [
    ("Which email domain appears most often?", "domains"),  # the 1.5B: corp.io (twice; example.com is thrice)
    ("What's the most common domain?", "domains"),
    ("Which domain shows up the most in this list?", "domains"),
    ("What is the most common email address?", "emails"),
])
def test_which_comes_most_often_is_the_text_tools_extract(question: str, what: str, tmp_path: Path) -> None:
    found = routed(question, MAIL)
    assert found is not None and found[0] == "text"
    assert found[1]["what"] == what and found[1]["most"] is True
    result = ToolRegistry().call("text", found[1], ToolContext(data_dir=tmp_path))
    if what == "domains":
        assert result.text == "Most often: example.com, 3 of the 6 domains found; then corp.io (2), mail.net (1)."


@pytest.mark.parametrize("question", [
    "Which email domain should I use?",  # (no count asked)
    "Which domain appears most often in my inbox?",  # (a text not given)
])
def test_other_questions_about_domains_stay_the_models(question: str) -> None:
    assert routed(question, MAIL) is None


def test_domains_are_an_addresses_after_its_at_and_a_urls_host_once_each() -> None:
    data, said = extract("domains", "See https://www.Example.com/a and http://user@shop.example.org:8080/x; "
                                    "mail x@corp.io or y@example.com.")
    assert data["result"] == ["example.com", "shop.example.org", "corp.io"]  # (user@ of a URL is no address)
    assert said == "3 domains, in order: example.com, shop.example.org, corp.io (4 found, 1 repeated)"
    _, tied = extract("emails", "a@x.io b@y.io", most=True)
    assert tied == "Most often: a@x.io, b@y.io, 1 each of the 2 email addresses found."


@pytest.mark.parametrize(("said", "right"), [
    ("example.com appears most often (3 times).", True),
    ("The most common domain is corp.io.", False),  # the 1.5B's
])
def test_an_answer_names_what_comes_most_often(said: str, right: bool) -> None:
    data, result = extract("domains", MAIL, most=True)
    want = expected("text", {"action": "extract", **data}, "Which email domain appears most often?")
    assert (fault(said, want, "text", result) is None) == right


def test_the_model_is_not_told_to_list_every_item_when_asked_which_comes_most_often(tmp_path: Path) -> None:
    from llorch.chat.prompt import Turn, render_turns

    args = {"action": "extract", "what": "domains", "most": True, "text": MAIL}
    result = ToolRegistry().call("text", args, ToolContext(data_dir=tmp_path))
    turn = Turn("tool", result.text, name="text", arguments=args, by_model=False, exact=True)
    told = render_turns([Turn("user", "?"), turn], tool_role=True)[-1].content
    assert "Most often: example.com" in told and "every item" not in told
