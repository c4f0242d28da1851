"""Input longer than the context through Runtime.ask on the scripted engine: refuse, truncate, summarise."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

from llorch.chat.longanswers import POSTSCRIPT_HEAD
from llorch.chat.longinput import Condensing, Document, split_request
from llorch.config import load_config, resolve_paths
from llorch.engine.fake import FakeBackend
from llorch.engine.types import Request, TokenEvent
from llorch.errors import ContextOverflowError, LlorchError
from llorch.runtime import Cancel, Notice, Runtime, TurnDone


class PartEcho(FakeBackend):
    """Answers a part with its number and the part's first word, a combination with the labels it was given,
    anything else with "plain"."""

    @staticmethod
    def _echo(request: Request) -> str:
        text = [m.content for m in request.messages if m.role == "user"][-1]
        part = re.search(r"\[Part (\d+) of (\d+)\]\n(\S+)", text)
        if part:
            return f"A{part.group(1)} {part.group(3)}"
        labels = re.findall(r"\[Answer from (?:parts? )([^\]]+?) of \d+\]", text)
        return "C " + ",".join(labels) if labels else "plain"


@pytest.fixture
def model_file(tmp_path: Path) -> Path:
    f = tmp_path / "m.gguf"
    f.write_bytes(b"GGUF")
    return f


def runtime(backend: FakeBackend) -> Runtime:
    paths = resolve_paths()
    return Runtime(paths, load_config(paths), open_model=lambda path, options, name: backend)


def document(paragraphs: int, words: int = 40) -> str:
    """Paragraphs that start with their number: p0, p1, ..."""
    return "\n\n".join(f"p{i} " + " ".join(f"w{i}_{j}" for j in range(words)) + "." for i in range(paragraphs))


def user_texts(fb: FakeBackend) -> list[str]:
    return [[m.content for m in r.messages if m.role == "user"][-1] for r in fb.history]


def test_input_that_fits_is_sent_as_before(model_file: Path) -> None:
    fb = PartEcho(n_ctx=2048)
    with runtime(fb) as rt:
        events = list(rt.ask("Summarise:", model=str(model_file), documents=[Document("line one\nline two")],
                             long="summarise"))
    assert user_texts(fb) == ["Summarise:\n\nline one\nline two"]  # `llorch run`'s join, one request
    assert not any(isinstance(e, Condensing) for e in events)


def test_refuse_says_how_long_and_names_summarise(model_file: Path) -> None:
    fb = PartEcho(n_ctx=400)
    with runtime(fb) as rt, pytest.raises(ContextOverflowError) as caught:
        list(rt.ask("Summarise it.", model=str(model_file), documents=[Document(document(30))], long="refuse"))
    message = str(caught.value)
    assert re.match(r"the input is [\d,]+ tokens, more than the 400-token context holds", message)
    assert "--long summarise" in message and "\n" not in message
    assert fb.history == []  # nothing was sent


def test_the_default_policy_is_config_limits_long(model_file: Path) -> None:
    fb = PartEcho(n_ctx=400)
    with runtime(fb) as rt, pytest.raises(ContextOverflowError, match="--long summarise"):
        list(rt.ask("Summarise it.", model=str(model_file), documents=[Document(document(30))]))


def test_truncate_keeps_the_start_and_says_how_much_was_cut(model_file: Path) -> None:
    fb = PartEcho(n_ctx=400)
    with runtime(fb) as rt:
        events = list(rt.ask("What is p0?", model=str(model_file), documents=[Document(document(30))], long="truncate"))
    (note,) = [e.text for e in events if isinstance(e, Notice)]
    assert re.match(r"the input is [\d,]+ tokens, more than the 400-token context holds: kept the first [\d,]+ "
                    r"\(\d+%\) and cut [\d,]+", note)
    (sent,) = user_texts(fb)
    assert sent.startswith("What is p0?\n\np0 w0_0") and "p29" not in sent  # the start kept, the end cut
    assert isinstance(events[-1], TurnDone) and events[-1].error is None


def test_summarise_answers_every_part_then_combines_them_in_order(model_file: Path) -> None:
    fb = PartEcho(n_ctx=600)
    with runtime(fb) as rt:
        events = list(rt.ask("List the paragraphs.", model=str(model_file), documents=[Document(document(20))],
                             long="summarise"))
    texts = user_texts(fb)
    parts = [t for t in texts if "[Part " in t]
    n = len(parts)
    assert n >= 3
    assert all(t.startswith("List the paragraphs.\n\nThe text is too long") for t in parts)  # the request first
    assert sorted(int(re.search(r"\[Part (\d+) of", t).group(1)) for t in parts) == list(range(1, n + 1))
    final = texts[-1]
    assert final.startswith("List the paragraphs.") and f"read in {n} parts" in final
    labels = re.findall(r"\[Answer from part (\d+) of \d+\]\n(A\d+)", final)
    assert [int(i) for i, _ in labels] == list(range(1, n + 1))  # in document order, each its own part's answer
    assert all(answer == f"A{i}" for i, answer in labels)
    progress = [(e.done, e.total, e.level) for e in events if isinstance(e, Condensing)]
    assert progress[0] == (0, n, 0) and progress[-1] == (n, n, 0) and len(progress) == n + 1
    done = events[-1]
    assert isinstance(done, TurnDone)  # (the parts' words' numbers the answer leaves out are listed after it)
    assert done.text.split(f"\n\n{POSTSCRIPT_HEAD}")[0] == "C " + ",".join(str(i) for i in range(1, n + 1))
    # Each part's answer is capped (fit.partial: a 16th of the context here), the final one is not.
    assert all(r.sampling.max_tokens == 600 // 16 for r in fb.history[:-1])
    assert fb.history[-1].sampling.max_tokens > 600 // 16
    assert all(not r.tools for r in fb.history if hasattr(r, "tools"))


class LabelCopier(PartEcho):
    """Combines as the 1.5B did at the end of a 17k-token page: copies the answers it was given, labels and all."""

    @staticmethod
    def _echo(request: Request) -> str:
        text = [m.content for m in request.messages if m.role == "user"][-1]
        if "[Part " in text:
            return PartEcho._echo(request)
        return text[text.index("[Answer from "):text.rindex("\n\nThe request:")]


def test_the_labels_the_last_answer_copies_are_not_shown_or_kept(model_file: Path) -> None:
    fb = LabelCopier(n_ctx=600)
    with runtime(fb) as rt:
        events = list(rt.ask("List the paragraphs.", model=str(model_file), documents=[Document(document(20))],
                             long="summarise"))
        done = events[-1]
        assert isinstance(done, TurnDone) and done.status == "complete"
        wrote = LabelCopier._echo(fb.history[-1])
        assert len(re.findall(r"^\[Answer from part \d+ of \d+\]$", wrote, re.MULTILINE)) >= 3
        # what it wrote, less the label lines: every part's answer, in order
        assert done.text == "\n".join(line for line in wrote.split("\n") if not line.startswith("[Answer from part "))
        n = len([t for t in user_texts(fb) if "[Part " in t])
        assert [int(i) for i in re.findall(r"^A(\d+) ", done.text, re.MULTILINE)] == list(range(1, n + 1))
        assert "".join(e.text for e in events if isinstance(e, TokenEvent)) == done.text  # shown as kept
        conv = rt.conversation(model=str(model_file))  # and a chat keeps what it showed
        conv.long = "summarise"
        chat = [e for e in conv.send("List the paragraphs.", [Document(document(20))]) if isinstance(e, TurnDone)]
        assert chat[-1].text == done.text and conv.history()[-1].content == done.text


def test_a_last_answer_by_consensus_loses_the_copied_labels_too(model_file: Path) -> None:
    """`run --long summarise --consensus N`: the vote's answer to the last combination is shown without the label
    lines it copied, and with the postscript, as one answer would be."""
    from llorch.chat.consensus import ConsensusSpec

    fb = LabelCopier(n_ctx=600)
    with runtime(fb) as rt:
        events = list(rt.ask("List the paragraphs.", model=str(model_file), documents=[Document(document(20))],
                             long="summarise", consensus=ConsensusSpec(3)))
    done = events[-1]
    assert isinstance(done, TurnDone) and done.status == "complete" and done.consensus is not None
    wrote = LabelCopier._echo(fb.history[-1])
    assert len(re.findall(r"^\[Answer from part \d+ of \d+\]$", wrote, re.MULTILINE)) >= 3
    assert "[Answer from" not in done.text
    assert done.text.split(f"\n\n{POSTSCRIPT_HEAD}")[0] == \
        "\n".join(line for line in wrote.split("\n") if not line.startswith("[Answer from part "))
    assert "".join(e.text for e in events if isinstance(e, TokenEvent)) == done.text


def test_answers_that_do_not_fit_together_are_combined_in_groups_first(model_file: Path) -> None:
    class Wordy(PartEcho):
        @staticmethod
        def _echo(request: Request) -> str:
            short = PartEcho._echo(request)
            return short + " " + " ".join(["filler"] * 200)  # cut at the part's max_tokens

    fb = Wordy(n_ctx=500)
    with runtime(fb) as rt:
        events = list(rt.ask("Summarise.", model=str(model_file), documents=[Document(document(40))],
                             long="summarise"))
    levels = sorted({e.level for e in events if isinstance(e, Condensing)})
    assert levels[0] == 0 and len(levels) >= 2  # at least one level of combining before the last prompt
    texts = user_texts(fb)
    n = len([t for t in texts if "[Part " in t])
    groups = [t for t in texts if "[Answer from" in t]
    firsts = [re.findall(r"\[Answer from parts? (\d+)", t) for t in groups]
    assert firsts[:1] and firsts[0][0] == "1"
    final = texts[-1]
    spans = re.findall(r"\[Answer from parts? (\d+)(?: to (\d+))? of (\d+)\]", final)
    covered = [(int(a), int(b or a)) for a, b, _ in spans]
    assert covered[0][0] == 1 and covered[-1][1] == n  # the final combination spans every part, in order
    assert all(x[1] + 1 == y[0] for x, y in zip(covered, covered[1:]))
    assert any(a != b for a, b in covered)  # at least one of them a group's answer
    assert isinstance(events[-1], TurnDone) and events[-1].error is None


def test_a_message_without_documents_takes_its_first_short_paragraph_as_the_request() -> None:
    assert split_request("Summarise the risks:\n\n" + document(5)) == ("Summarise the risks:", document(5))
    assert split_request(document(5)) == ("", document(5))  # no request of its own: the default one


def test_summarise_of_a_long_prompt_alone(model_file: Path) -> None:
    fb = PartEcho(n_ctx=600)
    with runtime(fb) as rt:
        list(rt.ask("Which paragraphs?\n\n" + document(20), model=str(model_file), long="summarise"))
    parts = [t for t in user_texts(fb) if "[Part " in t]
    assert len(parts) >= 3 and all(t.startswith("Which paragraphs?\n\n") for t in parts)


def test_cancel_stops_the_parts(model_file: Path) -> None:
    """A cancelled ask (a client gone, Ctrl-C's cancel) stops the parts still running: none is answered
    after it, and the turn ends without the combination."""
    release = threading.Event()
    started = threading.Event()

    class Slow(PartEcho):
        def generate(self, request: Request):  # type: ignore[no-untyped-def]
            started.set()
            release.wait(5)
            return super().generate(request)

    fb = Slow(n_ctx=600)
    cancel = Cancel()
    with runtime(fb) as rt:
        events = rt.ask("Summarise.", model=str(model_file), documents=[Document(document(20))], long="summarise",
                        cancel=cancel)
        first = next(e for e in events if isinstance(e, Condensing))
        assert first.done == 0
        assert started.wait(5)
        cancel.cancel()
        release.set()
        with pytest.raises(LlorchError, match="stopped before every part"):
            list(events)
    assert not any("Combine these answers" in t for t in user_texts(fb))  # never combined


TEAMS = ("sales", "legal", "design")


def test_a_part_answer_that_begins_to_count_is_stopped_and_kept(model_file: Path,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    """Asked for codes a part did not have, the 1.5B counted its week numbers ("- Week 80: Facilities team",
    "- Week 81: Research team", …) to its last token; stopped once it counts, the part's note is what it said
    before the count began (each line, a week and its team, is true of the text: nothing else drops them)."""
    streamed: list[int] = []

    class Counts(PartEcho):
        @staticmethod
        def _echo(request: Request) -> str:
            text = [m.content for m in request.messages if m.role == "user"][-1]
            part = re.search(r"\[Part (\d+) of", text)
            if part is None:
                return "plain"
            return f"Part {part.group(1)} has no code.\n" + "\n".join(f"- Week {100 + i}: {TEAMS[i % 3]}"
                                                                     for i in range(300))

        def generate(self, request: Request):  # type: ignore[no-untyped-def]
            streamed.append(0)
            return super().generate(request)

    def token(_delay: float) -> None:  # past 30 tokens of an answer, the next waits for it to be stopped
        streamed[-1] += 1
        if streamed[-1] > 30 and not fb._cancel.wait(5):
            raise AssertionError("a part's answer went on counting")

    fb = Counts(n_ctx=4096, token_delay=0.001, sleep=token)  # notes of up to 256 tokens
    weekly = "\n\n".join(f"In week {100 + i}, the {TEAMS[i % 3]} team met. " + " ".join(f"w{j}" for j in range(40))
                         for i in range(100))
    with runtime(fb) as rt, caplog.at_level("INFO", logger="llorch"):
        events = list(rt.ask("List the codes.", model=str(model_file), documents=[Document(weekly)],
                             long="summarise"))
    done = events[-1]
    assert isinstance(done, TurnDone) and done.error is None and done.status == "complete", done
    parts = [t for t in user_texts(fb) if "[Part " in t]
    assert len(parts) > 2
    final = user_texts(fb)[-1]
    assert all(f"Part {i} has no code." in final for i in range(1, len(parts) + 1))  # each part's note kept
    assert "Week" not in final  # what it counted is no answer
    assert len(streamed) == len(parts) + 1 and max(streamed[:-1]) < 40  # stopped after a few numbers
    assert all(r.sampling.max_tokens == 256 for r in fb.history[:-1])
    assert sum("began to count was stopped" in r.getMessage() for r in caplog.records) == len(parts)


def test_parts_are_answered_at_once_up_to_the_width() -> None:
    """Three parts wait on one barrier: they can only pass it if they are answered at the same time;
    never more than `width` at once."""
    from llorch.chat.longinput import Fit, condense

    barrier = threading.Barrier(3, timeout=5)
    lock = threading.Lock()
    active, most = 0, 0

    def answer(prompt: str, cancel: object, tokens: int) -> str:
        nonlocal active, most
        with lock:
            active += 1
            most = max(most, active)
        try:
            if "[Part 1 " in prompt or "[Part 2 " in prompt or "[Part 3 " in prompt:
                barrier.wait()
            return "ok"
        finally:
            with lock:
                active -= 1

    fit = Fit(lambda t: len(t.split()), n_ctx=400, overhead=10, answer=50, partial=20)
    steps = condense("Sum up.", [Document(document(30))], policy="summarise", fit=fit, answer=answer,
                     new_cancel=Cancel, width=3)
    events: list[object] = []
    try:
        while True:
            events.append(next(steps))
    except StopIteration as stop:
        prompt = stop.value
    assert most == 3
    assert prompt.startswith("Sum up.") and "[Answer from part" in prompt


def test_a_parts_answer_loses_the_sentences_whose_numbers_its_part_does_not_give() -> None:
    """The 1.5B listed, beside a part's one access code, codes it made up for every team the part named;
    the request is asked again after each part's text, parts stay short however large the context, and
    answers are combined a few at a time."""
    from llorch.chat.longinput import COMBINE_AT_ONCE, PART_TOKENS, Fit, condense

    sent: list[str] = []

    def answer(prompt: str, cancel: object, most: int) -> str:
        sent.append(prompt)
        part = re.search(r"\[Part (\d+) of", prompt)
        if part is None:  # a combination: the answers it was given, as they are
            return "\n".join(re.findall(r"\[Answer from [^\]]+\]\n(.*?)(?=\n\n\[Answer|\n\nThe request:)", prompt, re.S))
        number = part.group(1)
        return f"Part {number} has w{number}_3.\n- Legal: 5678\n- Part {number}: code {number}{number}77"

    doc = "\n\n".join(f"p{i} " + " ".join(f"w{i}_{j}" for j in range(40)) + (f" code {i}{i}77." if i < 3 else ".")
                      for i in range(300))
    fit = Fit(lambda t: len(t.split()), n_ctx=8192, overhead=10, answer=100, partial=50)
    steps = condense("List the codes.", [Document(doc)], policy="summarise", fit=fit, answer=answer,
                     new_cancel=Cancel, width=2)
    try:
        while True:
            next(steps)
    except StopIteration as stop:
        final = stop.value
    parts = [p for p in sent if "[Part " in p]
    assert len(parts) > 1 and all(len(p.split()) <= PART_TOKENS + 100 for p in parts)  # not one 12k-word part
    assert all(p.rstrip().endswith("The request: List the codes.") for p in parts)  # asked again after the text
    assert "Legal: 5678" not in final and "Part 1 has w1_3." in final
    combined = [p for p in sent if "[Part " not in p] + [final]
    assert all(p.count("[Answer from") <= COMBINE_AT_ONCE for p in combined)  # given ten, the 1.5B copied one
    firsts = re.findall(r"- Part (\d+): code (\d+)", final)
    assert firsts and all(code == f"{n}{n}77" and int(n) < 3 for n, code in firsts)  # the codes its part gave


def test_what_a_combination_made_up_is_logged_under_the_part_its_group_starts_at(
        caplog: pytest.LogCaptureFixture) -> None:
    from llorch.chat.longinput import Fit, condense

    def answer(prompt: str, cancel: object, most: int) -> str:
        part = re.search(r"\[Part (\d+) of", prompt)
        return f"Part {part.group(1)}." if part else "Combined. The total is 9999."  # 9999: in no text

    fit = Fit(lambda t: len(t.split()), n_ctx=700, overhead=10, answer=100, partial=50)
    steps = condense("Sum up.", [Document(document(300))], policy="summarise", fit=fit, answer=answer,
                     new_cancel=Cancel, width=4)
    with caplog.at_level("INFO", logger="llorch"):
        levels = {e.level for e in steps if isinstance(e, Condensing)}
    assert max(levels) >= 2
    level2 = [r.getMessage() for r in caplog.records if "level 2, group from part" in r.getMessage()]
    starts = [int(re.search(r"group from part (\d+)'s", m).group(1)) for m in level2]
    assert starts and starts[0] == 1 and all(s in range(1, 300) for s in starts)
    assert starts[1:] and starts[1] > 4 * 2  # the second group at level 2 starts after four level-1 groups


def test_answers_lose_the_prompts_labels_and_the_lines_they_repeat() -> None:
    """A combination that copied its prompt's "[Answer from parts 5 to 8 of 76]" passed it on to the final
    answer of a 100k-token report; and a small model loops on a line."""
    from llorch.chat.longinput import Fit, condense

    def answer(prompt: str, cancel: object, most: int) -> str:
        part = re.search(r"\[Part (\d+) of (\d+)\]", prompt)
        if part:
            return (f"{part.group()}\n[Answer from parts 5 to 8 of\nPart {part.group(1)} was read.\n"
                    "- Safety audit done.\n-  Safety audit done.\n")
        return prompt[prompt.index("[Answer from"):prompt.rindex("\n\nThe request:")]  # copies labels and all

    fit = Fit(lambda t: len(t.split()), n_ctx=700, overhead=10, answer=100, partial=50)
    steps = condense("Sum up.", [Document(document(300))], policy="summarise", fit=fit, answer=answer,
                     new_cancel=Cancel, width=4)
    levels = set()
    try:
        while True:
            event = next(steps)
            levels.add(getattr(event, "level", 0))
    except StopIteration as stop:
        final = stop.value
    assert max(levels) >= 2
    labels = re.findall(r"\[(?:Answer from|Part|End of part)[^\]]*\]", final)
    assert labels and all(label.startswith("[Answer from") for label in labels)
    assert len(labels) == len(set(labels)) <= 4  # only the final combination's own
    assert final.count("Safety audit done.") == 1  # said again by the other answers: left out of them
    assert all(f"Part {i} was read." in final for i in range(1, 26))


def test_lines_with_numbers_a_combination_left_out_are_carried_past_it_while_there_is_room(
        caplog: pytest.LogCaptureFixture) -> None:
    """Combining four answers, the 1.5B dropped some of their access codes at every level."""
    from llorch.chat.longinput import Fit, condense

    def answer(prompt: str, cancel: object, most: int) -> str:
        if "[Part " in prompt:  # the codes its part gives, a line each
            return "Read.\n" + "\n".join(f"- code {c}" for c in re.findall(r"The code is (\d+)", prompt))
        return "Combined.\n" + "\n".join(re.findall(r"- code \d+", prompt)[:1])  # keeps the group's first code

    doc = "\n\n".join(f"p{i} " + " ".join(f"w{i}_{j}" for j in range(40)) + (f" The code is {1000 + i}." if i % 25 == 0
                       else "") for i in range(300))
    planted = {str(1000 + i) for i in range(0, 300, 25)}

    def final_prompt(fit: Fit) -> str:
        steps = condense("List the codes.", [Document(doc)], policy="summarise", fit=fit, answer=answer,
                         new_cancel=Cancel, width=4)
        levels = set()
        try:
            while True:
                levels.add(getattr(next(steps), "level", 0))
        except StopIteration as stop:
            assert max(levels) >= 2
            return str(stop.value)

    final = final_prompt(Fit(lambda t: len(t.split()), n_ctx=700, overhead=10, answer=100, partial=50))
    assert set(re.findall(r"- code (\d+)", final)) == planted  # each once, though every combination kept one
    assert len(re.findall(r"- code \d+", final)) == len(planted)

    # The room for them comes from the context (a quarter of a combining prompt's), not from a note's length.
    final = final_prompt(Fit(lambda t: len(t.split()), n_ctx=700, overhead=10, answer=100, partial=2))
    assert set(re.findall(r"- code (\d+)", final)) == planted

    # With room for some: the shortest lines, in their order; how many were not carried is logged.
    from llorch.chat.longanswers import carried

    given = ["- code 1000 was given in the week the design team met on the budget\n- code 1025", "- code 1050"]
    with caplog.at_level("INFO", logger="llorch"):
        assert carried(given, "Combined.", 7, lambda t: len(t.split())) == "Combined.\n- code 1025\n- code 1050"
    assert any("1 line(s) with numbers that a combination left out were not carried past it: no room"
               in r.getMessage() for r in caplog.records)
    assert carried(given, "Combined.", 30, lambda t: len(t.split())).count("- code") == 3


@pytest.mark.parametrize(("request_", "further"), [
    ("Summarise this report in a short paragraph, then list every project access code it gives, as 'project: code'.",
     ["List every project access code it gives, as 'project: code'."]),
    ("Summarise the report. Then list the dates and who met, and then give the budget total.",
     ["List the dates and who met", "Give the budget total."]),
    ("What are the risks? And who owns each one?", ["Who owns each one?"]),
    ("Summarise. Also name the owners of each project.", ["Name the owners of each project."]),
    ("Summarise this text.", []),
    ("List the codes, e.g. the ones each project gives, etc. in a table.", []),  # abbreviations end nothing
    ("Summarise it. Be brief.", []),  # too short to ask alone
    ("Summarise the minutes. Keep it under a page and use bullet points.", []),  # a manner, not a thing asked
    ("Summarise the minutes, then include who attended each meeting.", ["Include who attended each meeting."]),
])
def test_the_things_a_request_asks_after_its_first(request_: str, further: list[str]) -> None:
    from llorch.chat import longprompts

    assert longprompts.further(request_) == further


def test_each_part_is_also_asked_the_requests_later_clause_alone(caplog: pytest.LogCaptureFixture) -> None:
    """Asked a summary and then every access code, the 1.5B summarised parts that held a code and wrote
    "Project access codes are listed as 'project: code'." in place of the list; asked for the codes alone,
    it gave them. What that gives, checked as an answer is, goes to the last prompt as a section of its own;
    the notes and their combinations answer the request's first thing, and the last prompt asks that alone."""
    from llorch.chat.longinput import Fit, condense

    sent: list[tuple[str, int]] = []
    lock = threading.Lock()
    request = "Summarise the report, then list every code it gives."

    def answer(prompt: str, cancel: object, most: int) -> str:
        with lock:
            sent.append((prompt, most))
        part = re.search(r"\[Part (\d+) of", prompt)
        if part is None:  # a combination: the first line of each answer it was given
            return "\n".join(re.findall(r"\[Answer from [^\]]+\]\n(.*)", prompt))
        codes = re.findall(r"The code is (\d+)", prompt)
        if prompt.endswith("The request: List every code it gives."):  # the clause alone: the codes, and one made up
            return "\n".join(f"- code {c}" for c in codes) + "\n- Legal: 5678" if codes else "None."
        first = f"Part {part.group(1)} was read in week 1{part.group(1)}. Codes are listed as 'name: code'."
        return first + f"\n- code {codes[0]}" if codes and int(codes[0]) % 2 else first  # some give one here too

    doc = "\n\n".join(f"p{i} in week 1{i // 10 + 1}. " + " ".join(f"w{i}_{j}" for j in range(40))
                       + (f" The code is {1000 + i}." if i % 25 == 0 else "") for i in range(300))
    fit = Fit(lambda t: len(t.split()), n_ctx=2000, overhead=10, answer=100, partial=50)

    def run(req: str) -> str:
        sent.clear()
        steps = condense(req, [Document(doc)], policy="summarise", fit=fit, answer=answer, new_cancel=Cancel, width=3)
        try:
            while True:
                next(steps)
        except StopIteration as stop:
            return str(stop.value)

    with caplog.at_level("INFO", logger="llorch"):
        final = run(request)
    firsts = [(p, n) for p, n in sent if "[Part " in p and p.endswith(request)]
    alone = [(p, n) for p, n in sent if "[Part " in p and not p.endswith(request)]
    assert len(firsts) == len(alone) > 3  # every part, once each way
    assert {n for _, n in firsts} == {50} and {n for _, n in alone} == {25}  # half a note's tokens
    by_part = {re.search(r"\[Part (\d+) ", p).group(1): p for p, _ in firsts}  # type: ignore[union-attr]
    for p, _ in alone:  # the same prompt up to the request's last line: the slot keeps the part
        same = by_part[re.search(r"\[Part (\d+) ", p).group(1)]  # type: ignore[union-attr]
        assert p.startswith(same[: same.rindex("The request: ")])
    codes = [str(1000 + i) for i in range(0, 300, 25)]
    head, section = final.split("\n\n[Answer from every part, asked alone: List every code it gives.]\n")
    assert re.findall(r"- code (\d+)", section) == codes and "- code" not in head  # in order, each once
    assert "5678" not in final  # made up: its part does not give it
    assert final.startswith(request) and final.endswith("\n\nThe request: Summarise the report.")
    combined = [p for p, _ in sent if "[Part " not in p]
    assert combined and all(p.startswith("Summarise the report.\n\n")
                            and p.endswith("The request: Summarise the report.") for p in combined)
    assert any("line(s) with numbers from asking the request's later clauses alone" in r.getMessage()
               for r in caplog.records)

    # a later thing that asks for no numbers is still asked of the notes and at the end
    mixed = run("Summarise the report, then list every code it gives. Who chaired each meeting?")
    assert mixed.endswith("\n\nThe request: Summarise the report. Who chaired each meeting?")
    assert "[Answer from every part, asked alone: List every code it gives.]" in mixed

    run("List every code it gives.")  # one thing asked: each part once
    parts = [p for p, _ in sent if "[Part " in p]
    assert parts and len(parts) == len(set(parts)) == len(firsts)
    assert all(p.endswith("The request: List every code it gives.") for p in parts)


def test_the_answers_to_a_later_clause_follow_the_answer_under_it_and_join_the_notes_when_too_long(
        caplog: pytest.LogCaptureFixture) -> None:
    from llorch.chat import longanswers, longprompts

    request = "Summarise the minutes, then list every code they give."
    prompts = [longprompts.part_prompt(request, i, 3, f"Minutes {i}. Project P{i}'s code is 40{i}5. Room 12 met. In "
                                                      f"week {i}5 sales met, in week {i}6 legal, in week {i}7 design.")
               for i in (1, 2, 3)]
    raw = [["Minutes read.\n- P1: 4015", "- P1: 4015\n- Room: 12"], ["Minutes read.", "- Week 25: Sales\n- Week 26"],
           ["Minutes read. P3 has code 4035.", "The code of P3 is 4035.\n- P3: 4035\n- P9: 9999"]]  # 9999: made up
    clause = "List every code they give."
    with caplog.at_level("INFO", logger="llorch"):
        sections = longanswers.clause_sections([clause], raw, prompts, 100, lambda t: len(t.split()))
    assert sections == [(f"every part, asked alone: {clause}", "- P1: 4015\n- Room: 12\nThe code of P3 is 4035.")]
    assert any("left out 2 line(s) that give only numbers of a series the text names" in r.getMessage()
               and "- Week 25: Sales; - Week 26" in r.getMessage() for r in caplog.records)  # weeks, for the codes
    final = longprompts.combine_prompt(request, [("parts 1 to 3 of 3", "The minutes were read. Room 12 met."),
                                                 *sections], 3, "Summarise the minutes.")
    assert longanswers.postscript(final, "A summary of the minutes.") == (
        "\n\nList every code they give:\n- P1: 4015\n- Room: 12\n- The code of P3 is 4035.")
    # what the answer gave already is not listed again; the notes' numbers it left out follow as before
    weeks = final.replace("Room 12 met.", "Room 12 met. Costs rose in week 31.")
    assert longanswers.postscript(weeks, "The code of P1 is 4015.") == (
        f"\n\nList every code they give:\n- Room: 12\n- The code of P3 is 4035.\n\n{POSTSCRIPT_HEAD}\n"
        "- Costs rose in week 31.")
    with caplog.at_level("INFO", logger="llorch"):
        assert longanswers.clause_sections([clause], raw, prompts, 10, lambda t: len(t.split())) == []
    assert any("the answers to the request's later clauses take 23 tokens, more than 10: they join the notes"
               in r.getMessage() for r in caplog.records)
    # a later thing that does not ask for numbers gets no section: its lines without numbers would be lost
    assert longanswers.clause_sections(["Who chaired each meeting?"], raw, prompts, 100, lambda t: len(t.split())) == []
    # what the notes and the last prompt ask, without the things the sections answer
    assert longprompts.rest_of_request("Summarise the minutes, then list every code. Keep it short. Who chaired?",
                                       ["List every code."]) == "Summarise the minutes. Keep it short. Who chaired?"
    assert longprompts.rest_of_request("What changed? And then give the new prices in euros",
                                       ["Give the new prices in euros"]) == "What changed?"
    # its code is there already
    assert longanswers.part_note(raw[2], prompts[2], 3) == "Minutes read. P3 has code 4035."
    assert longanswers.part_note(raw[0], prompts[0], 1) == "Minutes read.\n- P1: 4015\n- Room: 12"


def test_a_parts_answer_is_a_short_note_whatever_max_tokens_allows(model_file: Path) -> None:
    """The 1.5B combines by copying its first answers until its tokens run out: long notes crowd out facts."""
    from llorch.chat.longinput import PARTIAL_TOKENS

    fb = PartEcho(n_ctx=8192)
    with runtime(fb) as rt:
        events = list(rt.ask("List the paragraphs.", model=str(model_file), documents=[Document(document(300))],
                             long="summarise", sampling={"max_tokens": 4096}))
    assert isinstance(events[-1], TurnDone) and events[-1].error is None
    caps = [r.sampling.max_tokens for r in fb.history]
    assert len(caps) > 2 and set(caps[:-1]) == {PARTIAL_TOKENS} and caps[-1] == 4096  # the answer: as asked


class CodeNotes(FakeBackend):
    """Answers a part with the access codes it gives, a line each; a combination (the model streaming the final
    answer too) with its first answer's lines alone: the 1.5B copied some answers and skipped others."""

    @staticmethod
    def _echo(request: Request) -> str:
        text = [m.content for m in request.messages if m.role == "user"][-1]
        if "[Part " in text:
            return "Read.\n" + "\n".join(f"- Project {p}: {c}" for p, c in re.findall(r"Project (\w+)'s code is (\d+)",
                                                                                      text))
        first = re.search(r"\[Answer from [^\]]+\]\n(.*?)(?:\n\n|\Z)", text, re.DOTALL)
        return "Combined.\n" + (first.group(1) if first else "plain")


def coded(paragraphs: int, every: int) -> tuple[str, dict[str, str]]:
    """A document with a project's access code every `every` paragraphs; and the codes."""
    codes = {f"P{i}": str(4000 + i) for i in range(0, paragraphs, every)}
    return "\n\n".join(f"p{i} " + " ".join(f"w{i}_{j}" for j in range(40)) + (
        f" Project P{i}'s code is {codes[f'P{i}']}." if f"P{i}" in codes else "") for i in range(paragraphs)), codes


def test_numbers_the_notes_gave_and_the_final_answer_left_out_are_listed_after_it(model_file: Path) -> None:
    doc, codes = coded(120, 8)
    fb = CodeNotes(n_ctx=1000)
    with runtime(fb) as rt:
        events = list(rt.ask("List the access codes.", model=str(model_file), documents=[Document(doc)],
                             long="summarise"))
        assert max(e.level for e in events if isinstance(e, Condensing)) >= 1
        # only after the answer the user reads: a combination before it is checked and carried (_carried)
        assert not any(POSTSCRIPT_HEAD in text for text in user_texts(fb))
        done = events[-1]
        assert isinstance(done, TurnDone) and done.status == "complete"
        said, _, listed = done.text.partition(f"\n\n{POSTSCRIPT_HEAD}\n")
        assert said.startswith("Combined.")
        given = set(re.findall(r"\d{4}", said))
        assert given and given < set(codes.values())  # the model's answer skipped some
        assert set(re.findall(r"^- Project P\d+: (\d+)$", listed, re.MULTILINE)) == set(codes.values()) - given
        # streamed as the answer's last piece, so what was shown is what is kept
        assert "".join(e.text for e in events if isinstance(e, TokenEvent)) == done.text

        # A chat keeps it in the session; a retry of the turn lists them again. A prompt that is no
        # combination gets nothing (the fake answers "plain").
        conv = rt.conversation(model=str(model_file))
        conv.long = "summarise"
        chat = list(conv.send("List the access codes.", [Document(doc)]))
        stored = conv.history()[-1]
        assert stored.role == "assistant" and stored.content == done.text
        again = [e for e in conv.retry() if isinstance(e, TurnDone)][-1]
        assert again.text == done.text and isinstance(chat[-1], TurnDone)
        plain = [e for e in rt.ask("Hello?", model=str(model_file)) if isinstance(e, TurnDone)][-1]
        assert plain.text == "Combined.\nplain"


def test_the_list_after_the_answer_has_a_limit(monkeypatch: pytest.MonkeyPatch,
                                                caplog: pytest.LogCaptureFixture) -> None:
    from llorch.chat import longanswers, longprompts

    prompt = longprompts.combine_prompt("List the codes.", [("part 1 of 2", "- Ivy: 8478\n- Hazel: 4531"),
                                                            ("part 2 of 2", "Summary. The code of Fir is 4623.")], 2)
    assert longanswers.postscript(prompt, "- Ivy: 8478") == (f"\n\n{longanswers.POSTSCRIPT_HEAD}\n- Hazel: 4531\n"
                                                             "- The code of Fir is 4623.")
    assert longanswers.postscript(prompt, "Ivy 8478, Hazel 4531, Fir 4,623") == ""
    assert longanswers.postscript("- Ivy: 8478\n- Hazel: 4531", "") == ""  # no combination
    monkeypatch.setattr(longanswers, "POSTSCRIPT_CHARS", 20)
    with caplog.at_level("INFO", logger="llorch"):
        assert longanswers.postscript(prompt, "") == f"\n\n{longanswers.POSTSCRIPT_HEAD}\n- Ivy: 8478"
    assert any("2 sentence(s) with numbers the answer left out are not listed" in r.getMessage()
               for r in caplog.records)


def test_a_copied_label_line_is_left_out_however_the_stream_is_cut() -> None:
    import random

    from llorch.chat.longanswers import Unlabelled, unlabelled

    text = ("Overview.\r\n- Server: emits 'close',\n\n[Answer from parts 5 to 8 of 13]\r\nThe net module.\n"
            "[1] A reference.\n[Answer: yes]\n  [Part 3 of 9]  \n[answer from every part, asked alone: List it.]\n"
            "[End of part 4]\nSee [Answer from parts 1 to 2 of 3] here.\n[Answer from parts 9 to 13 of 13]")
    kept = ("Overview.\r\n- Server: emits 'close',\n\nThe net module.\n[1] A reference.\n[Answer: yes]\n"
            "See [Answer from parts 1 to 2 of 3] here.\n")
    assert unlabelled(text) == kept
    for seed in range(100):
        rng, lines, out, at = random.Random(seed), Unlabelled(), "", 0
        while at < len(text):
            step = rng.randint(1, 7)
            out += lines.feed(text[at:at + step])
            at += step
        assert out + lines.close() == kept
    held = Unlabelled()
    assert held.feed("Fine.\n[Ans") == "Fine.\n"  # held while it may become one
    assert held.feed("wer: no]") == "[Answer: no]"  # and let go once it cannot
    assert held.close() == ""


def test_a_part_answer_cut_off_by_its_token_limit_is_kept_to_its_last_whole_sentence(model_file: Path) -> None:
    class Rambler(PartEcho):
        @staticmethod
        def _echo(request: Request) -> str:
            text = [m.content for m in request.messages if m.role == "user"][-1]
            part = re.search(r"\[Part (\d+) of \d+\]\n(\S+)", text)
            if part:  # a sentence, then one that runs past the part's 37 tokens
                name = ("alder", "birch", "cedar", "douglas", "elm", "fir", "gum", "hazel")[int(part.group(1)) % 8]
                return f"Part {part.group(1)} names {name}. It goes on " + " ".join(["and on,"] * 40)
            return "plain"

    fb = Rambler(n_ctx=600)
    with runtime(fb) as rt:
        list(rt.ask("What does each part say?", model=str(model_file), documents=[Document(document(20))],
                    long="summarise"))
    notes = re.findall(r"\[Answer from part (\d+) of \d+\]\n(.*?)(?=\n\n\[|\n\nThe request: )", user_texts(fb)[-1],
                       re.DOTALL)
    assert len(notes) >= 3
    assert all(re.fullmatch(rf"Part {i} names [a-z]+\.", note) for i, note in notes), notes


@pytest.mark.parametrize(("text", "kept"), [
    ("The module makes servers. Its Server emits events when a connection is made, closed,",
     "The module makes servers."),
    ("Codes:\n- Alder: 2980\n- Birch: 39", "Codes:\n- Alder: 2980"),  # a number begun, not ended
    ("It ends here.\n", "It ends here."),
    ("one line, cut", "one line, cut"),  # nothing whole before it: kept
    ("See e.g. the note", "See e.g. the note"),  # no sentence begins after "e.g."
])
def test_an_answer_cut_off_ends_at_its_last_whole_sentence_or_line(text: str, kept: str) -> None:
    from llorch.chat.longanswers import ended

    assert ended(text) == kept


def test_a_list_item_keyed_by_a_digit_is_a_fact_the_answer_may_leave_out() -> None:
    """Exit codes 1 to 9 of Node's process.md, in the one part that has them: the 1.5B's last answer left them
    out, and nothing listed them after it, as a digit was no number to the checks."""
    from llorch.chat import longanswers, longprompts

    note = "It handles signals.\n- **4**: Internal JavaScript evaluation failure.\n- **12**: Invalid debug argument."
    prompt = longprompts.combine_prompt("List the exit codes.", [("part 1 of 2", note), ("part 2 of 2", "None.")], 2)
    assert longanswers.postscript(prompt, "Code 12: invalid debug argument.") == (
        f"\n\n{longanswers.POSTSCRIPT_HEAD}\n- **4**: Internal JavaScript evaluation failure.")
    assert longanswers.postscript(prompt, "- 4: Internal JavaScript evaluation failure\n- 12: Invalid debug") == ""


def test_a_list_item_keyed_by_a_constants_name_is_a_fact_and_a_methods_is_not() -> None:
    """Node's dns.md: 6 of its error codes reached the 1.5B's last answer and 6 more only the notes; asked for
    net.md's events, the parts listed its methods as events ("socket.pause(): Emitted when ..."), which are
    in the part, so no check drops them: not listed after the answer."""
    from llorch.chat import longanswers, longprompts

    note = ("- **dns.NODATA**: No data.\n- **dns.BADQUERY**: Misformatted DNS query.\n- `ENOTFOUND` - Not found.\n"
            "- `socket.pause()`: Emitted when the socket is paused.")
    prompt = longprompts.combine_prompt("List the codes.", [("part 1 of 2", note), ("part 2 of 2", "None.")], 2)
    assert longanswers.postscript(prompt, "The codes: dns.NODATA (no data).") == (
        f"\n\n{longanswers.POSTSCRIPT_HEAD}\n- **dns.BADQUERY**: Misformatted DNS query.\n- `ENOTFOUND` - Not found.")
    assert longanswers.postscript(prompt, "- `NODATA`: no data\n- BADQUERY, ENOTFOUND") == ""  # however prefixed
    # zlib.md's constants, listed by name alone in the one part that has them
    bare = longprompts.combine_prompt("List the constants.", [("part 1 of 1", "- `zlib.constants.Z_OK`\n"
                                                                             "* `zlib.constants.Z_BLOCK` (flush)")], 1)
    assert longanswers.postscript(bare, "Z_OK is one.") == (
        f"\n\n{longanswers.POSTSCRIPT_HEAD}\n- `zlib.constants.Z_BLOCK` (flush)")
