"""A test run's summary piped after a question about it (llorch/tools/testsummary.py): its pass rate and counts."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from llorch.chat.answercheck import expected, fault
from llorch.errors import ToolError
from llorch.tools.base import ToolContext
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.registry import ToolRegistry
from llorch.tools.testsummary import summary, summary_numbers

NOW = datetime(2026, 12, 7, 13, 0, tzinfo=timezone.utc)
RUN = "42 passed, 3 failed, 2 skipped"
PYTEST = ("FAILED tests/test_a.py::test_x - AssertionError: 1 != 2\n"
          "========== 3 failed, 42 passed, 2 skipped in 3.21s ==========")
JEST = ("Test Suites: 1 failed, 3 passed, 4 total\nTests:       3 failed, 42 passed, 45 total\nSnapshots:   0 total\n"
        "Time:        2.1 s\nRan all test suites.")


def routed(question: str, text: str) -> tuple[str, dict[str, object]] | None:
    return exact_call(f"{question}\n\n{text}" if text else question, EXACT_TOOLS, NOW)


def answered(question: str, text: str = RUN) -> tuple[str, dict[str, object]]:
    found = routed(question, text)
    assert found is not None and found[0] == "count", (question, found)
    result = ToolRegistry().call("count", found[1], ToolContext(data_dir=Path("/nonexistent")))
    return result.text, dict(result.data)


@pytest.mark.parametrize(("question", "what"), [
    ("What percentage of the tests passed?", "percentage of tests passed"),  # the 1.5B: 73.69% (of 57)
    ("What's the pass rate?", "percentage of tests passed"),
    ("What share failed?", "percentage of tests failed"),
    ("What is the failure rate?", "percentage of tests failed"),
    ("What fraction of the tests were skipped?", "percentage of tests skipped"),
    ("How many tests were there in total?", "tests in total"),
    ("How many tests are there?", "tests in total"),
    ("How many tests ran?", "tests run"),
    ("How many tests failed?", "tests failed"),
])
def test_a_question_about_a_test_summary_goes_to_count(question: str, what: str) -> None:
    assert routed(question, RUN) == ("count", {"text": RUN, "what": what})


def test_the_pass_rate_is_of_the_tests_that_ran_with_the_share_of_all_beside_it() -> None:
    said, data = answered("What percentage of the tests passed?")
    assert said == ("93.33% of the tests that ran passed: 42 of 45 (the 2 skipped did not run, and are left out). Of "
                    "all 47 tests, the 2 skipped included: 89.36% (42 of 47).")
    assert data == {"what": "percentage of tests passed", "count": 93.33, "of_all": 89.36}
    said, data = answered("What share failed?")
    assert (data["count"], data["of_all"]) == (6.67, 6.38)


@pytest.mark.parametrize(("question", "said", "n"), [
    ("How many tests were there in total?", "47 tests in all: 42 passed, 3 failed and 2 skipped; 45 of them ran "
                                            "(the 2 skipped did not).", 47),
    ("How many tests ran?", "45 tests ran: 42 passed and 3 failed; the 2 skipped did not (47 in all).", 45),
    ("How many tests failed?", "3 tests failed, of the 45 that ran (42 passed, 3 failed and 2 skipped).", 3),
])
def test_the_counts_of_a_run(question: str, said: str, n: int) -> None:
    assert answered(question) == (said, {"what": routed(question, RUN)[1]["what"], "count": n})  # type: ignore[index]


@pytest.mark.parametrize("text", [PYTEST, JEST, "== 42 passed, 3 failed, 2 skipped in 0.51s (0:00:00) =="])
def test_pytests_output_and_jests_summary_are_read(text: str) -> None:
    data = answered("What percentage of the tests passed?", text)[1]
    assert data["count"] == 93.33


def test_errors_count_as_failures_and_expected_outcomes_and_warnings_are_left_out() -> None:
    text = "===== 3 failed, 40 passed, 1 error, 2 xfailed, 1 warning in 3.21s ====="
    n, said, more = summary_numbers(text, "percentage of tests passed") or (0, "", {})
    assert (n, more) == (90.91, {"of_all": 86.96})
    assert said == ("90.91% of the tests that passed or failed passed: 40 of 44 (the 2 xfailed did not pass or fail, "
                    "and are left out). Of all 46 tests, the 2 xfailed included: 86.96% (40 of 46). (Not tests of the "
                    "run, not counted: 1 warning.)")
    assert (summary_numbers(text, "tests failed") or (0,))[0] == 3
    assert (summary_numbers("5 passed in 0.1s", "percentage of tests passed") or ("",))[1] == \
        "100% of the tests passed: 5 of 5 (5 passed)."
    with pytest.raises(ToolError, match="no share"):
        summary_numbers("2 skipped", "percentage of tests passed")


@pytest.mark.parametrize(("said", "right"), [
    ("93.33% of the tests passed.", True),
    ("About 73.69% of the tests passed.", False),  # the 1.5B's
])
def test_an_answer_gives_the_pass_rate(said: str, right: bool) -> None:
    text, data = answered("What percentage of the tests passed?")
    want = expected("count", data, "What percentage of the tests passed?")
    assert (fault(said, want, "count", text) is None) == right


@pytest.mark.parametrize(("question", "text"), [
    ("What percentage of the tests passed?", "We had 42 passed, 3 failed"),  # prose, no summary line
    ("What percentage of the tests passed?", "1 passed, 2 passed"),
    ("What percentage of the students passed?", "42 passed, 3 failed"),
    ("What percentage of the tests passed?", ""),
    ("Why did 3 tests fail?", RUN),
    ("How many tests should I write?", RUN),
])
def test_near_misses_stay_the_models(question: str, text: str) -> None:
    found = routed(question, text)
    assert found is None or found[0] != "count", found
    assert summary("We had 42 passed, 3 failed") is None


def test_a_pass_rate_of_either_reading_stands_and_a_wrong_one_is_noted() -> None:
    said, data = answered("What percentage of the tests passed?")
    want = expected("count", data, "What percentage of the tests passed?")
    assert fault("93.33% of the tests passed.", want, "count", said) is None
    assert fault("89.36% of all the tests passed.", want, "count", said) is None  # (the skipped counted in)
    assert fault("The percentage of tests that passed is 73.69%.", want, "count", said) is not None  # (the 1.5B)


@pytest.mark.parametrize(("what", "said"), [
    ("tests run", "No test ran of the 2: 2 skipped."),  # (was "0 tests ran: ; the 2 skipped did not")
    ("tests passed", "0 tests passed: no test ran (2 skipped)."),
    ("tests in total", "2 tests in all: 2 skipped; none of them ran."),
])
def test_a_run_that_skipped_every_test_says_no_test_ran(what: str, said: str) -> None:
    assert (summary_numbers("= 2 skipped =", what) or (0, ""))[:2] == (0 if what != "tests in total" else 2, said)


CARGO = "running 5 tests\ntest result: ok. 5 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out"


@pytest.mark.parametrize("what", ["percentage of tests passed", "pass rate", "tests failed"])
def test_a_summary_asked_of_a_text_that_has_none_is_a_clear_error(what: str) -> None:
    with pytest.raises(ToolError, match="needs one test run summary line, as pytest or jest writes it"):
        ToolRegistry().call("count", {"text": CARGO, "what": what}, ToolContext(data_dir=Path("/nonexistent")))
    # one word, or quoted words, are counted as written
    result = ToolRegistry().call("count", {"text": CARGO, "what": "tests"}, ToolContext(data_dir=Path("/nonexistent")))
    assert result.data["count"] == 1
    result = ToolRegistry().call("count", {"text": CARGO, "what": '"5 passed"'},
                                 ToolContext(data_dir=Path("/nonexistent")))
    assert result.data["count"] == 1
