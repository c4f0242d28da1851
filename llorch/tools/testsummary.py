"""A test run's summary line read and its shares worked out: `pytest | tail -1 | llorch run "What percentage of the
tests passed?"`.

Told "42 passed, 3 failed, 2 skipped", the 1.5B said 73.69% (it added the numbers up to 57). `tests_asked`
recognises a question about such a summary piped after it (pytest's "= 42 passed, 3 failed, 2 skipped in 3.21s =", in
any order, bars and time or not, at the end of pytest's output or alone; jest's "Tests: 3 failed, 42 passed, 45
total"): what share passed, failed or was skipped, the pass or failure rate, how many tests there were, ran, passed
or failed, as the count tool's `what` ("percentage of tests passed"); `summary_numbers` works it out.

A pass rate is of the tests that ran, passed or not: passed / (passed + failed + errors). Skipped tests did not run,
and xfailed and xpassed ones are expected outcomes, not passes or failures: they are left out of it, and said to be,
with the share of all the tests beside it, as a question may mean either (of the 45 that ran, 93.33%; of all 47,
89.36%). Warnings and deselected tests are not tests of the run: never counted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from llorch.errors import ToolError
from llorch.tools.asking import LEAD, and_joined

__all__ = ["Summary", "summary", "summary_numbers", "tests_asked", "tests_kind"]

_WORDS = {"passed": "passed", "failed": "failed", "error": "errors", "errors": "errors", "skipped": "skipped",
          "xfailed": "xfailed", "xpassed": "xpassed", "deselected": "deselected", "warning": "warnings",
          "warnings": "warnings", "rerun": "rerun", "reruns": "rerun", "todo": "todo", "total": "total"}
_ITEM = r"\d+\s+(?:" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")\b"
_LINE = re.compile(r"\s*(?:=+\s+|Tests:\s+)?(?P<items>" + _ITEM + r"(?:,\s+" + _ITEM + r")*)"
                   r"(?:\s+in\s+\d+(?:\.\d+)?\s*s(?:econds)?(?:\s+\(\d[\d:.]*\))?)?(?:\s+=+)?\s*", re.IGNORECASE)
_MAX_LINE = 300


@dataclass(frozen=True)
class Summary:
    """A run's counts by outcome (passed, failed, errors, skipped, xfailed, xpassed, deselected, warnings, …), and
    the line they were read from."""

    counts: Mapping[str, int]
    line: str

    def __getitem__(self, outcome: str) -> int:
        return self.counts.get(outcome, 0)

    @property
    def decided(self) -> int:
        """The tests that passed or failed (an error is a failure): the pass rate's whole."""
        return self["passed"] + self["failed"] + self["errors"]

    @property
    def ran(self) -> int:
        """The tests that ran: all but the skipped (and jest's todo)."""
        return self.decided + self["xfailed"] + self["xpassed"]

    @property
    def tests(self) -> int:
        """Every test of the run, skipped and expected outcomes too (not deselected ones, nor warnings)."""
        return self.ran + self["skipped"] + self["todo"]


def summary(text: str) -> Summary | None:
    """The one test summary line of `text` (the whole text, or its last non-empty line: pytest's output ends with it;
    or jest's "Tests:" line), read; None where there is none, or more than one to choose from."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    if not lines:
        return None
    found = [line for line in lines if len(line) <= _MAX_LINE and _LINE.fullmatch(line)]
    last = lines[-1] if lines[-1] in found else None
    jest = [line for line in found if line.strip().lower().startswith("tests:")]
    line = last or (jest[0] if len(jest) == 1 else None)
    if line is None:
        return None
    match = _LINE.fullmatch(line)
    assert match is not None
    counts: dict[str, int] = {}
    for item in re.split(r",\s+", match.group("items")):
        k, word = item.split()
        outcome = _WORDS[word.lower()]
        if outcome in counts:
            return None  # ("1 passed, 2 passed": no summary)
        counts[outcome] = int(k)
    found_summary = Summary(counts, " ".join(line.split()))
    return found_summary if found_summary.tests else None


# --- what is asked: the count tool's `what` ----------------------------------------------------

_KINDS = {"percentage of tests passed", "percentage of tests failed", "percentage of tests skipped", "tests in total",
          "tests run", "tests passed", "tests failed", "tests skipped"}


def tests_kind(what: str) -> str | None:
    """The question a count's `what` asks of a test summary ("percentage of tests passed", "tests in total"), else
    None."""
    kind = " ".join(what.lower().split()).replace("the tests", "tests")
    kind = {"pass rate": "percentage of tests passed", "failure rate": "percentage of tests failed",
            "tests": "tests in total", "total tests": "tests in total", "tests ran": "tests run"}.get(kind, kind)
    return kind if kind in _KINDS else None


_ORDER = ("passed", "failed", "errors", "skipped", "xfailed", "xpassed", "todo")


def _pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 2)


def _said(x: float) -> str:
    return f"{x:,.2f}".rstrip("0").rstrip(".") + "%"


def _outcomes(run: Summary, among: tuple[str, ...] = _ORDER) -> str:
    """The run's outcomes as a phrase: "42 passed, 3 failed and 2 skipped"."""
    return and_joined([f"{run[o]:,} {'error' if o == 'errors' and run[o] == 1 else o}" for o in among if run[o]])


def _left_out(run: Summary, among: tuple[str, ...] = _ORDER[3:]) -> str:
    """The outcomes of `among` the run has, as a phrase ("the 2 skipped"), or ""."""
    parts = [f"{run[o]:,} {o}" for o in among if run[o]]
    return ("the " + and_joined(parts)) if parts else ""


def _not_tests(run: Summary) -> str:
    """What the summary lists that is no test of the run, said as not counted, or ""."""
    parts = [f"{run['deselected']:,} deselected"] if run["deselected"] else []
    if run["warnings"]:
        parts.append(f"{run['warnings']:,} warning{'' if run['warnings'] == 1 else 's'}")
    return f" (Not tests of the run, not counted: {and_joined(parts)}.)" if parts else ""


def summary_numbers(text: str, what: str) -> tuple[float, str, dict[str, float]] | None:
    """The number a test summary in `text` gives for `what` (tests_kind's), the answer in words, and the other
    reading's number where a question may mean either (a share of all the tests: {"of_all": 89.36}); None where
    `what` asks nothing of a summary or `text` has none."""
    kind = tests_kind(what)
    if kind is None:
        return None
    run = summary(text)
    if run is None:
        return None
    note = _not_tests(run)
    if kind == "percentage of tests skipped":
        k = run["skipped"]
        share = _pct(k, run.tests)
        return share, f"{_said(share)} of the tests were skipped: {k:,} of {run.tests:,} ({_outcomes(run)}).{note}", {}
    if kind.startswith("percentage"):
        return _shared(run, kind, note)
    skipped = _left_out(run, ("skipped", "todo"))
    if kind == "tests in total":
        extra = "; none of them ran" if not run.ran else f"; {run.ran:,} of them ran ({skipped} did not)" if skipped \
            else ""
        return run.tests, f"{run.tests:,} tests in all: {_outcomes(run)}{extra}.{note}", {}
    if kind == "tests run":
        if not run.ran:  # (every test skipped: no outcome of a run to list)
            return 0, f"No test ran of the {run.tests:,}: {_outcomes(run)}.{note}", {}
        extra = f"; {skipped} did not ({run.tests:,} in all)" if skipped else ""
        return run.ran, f"{run.ran:,} tests ran: {_outcomes(run, _ORDER[:3] + _ORDER[4:6])}{extra}.{note}", {}
    outcome = kind.split()[1]
    if not run.ran and outcome != "skipped":
        return 0, f"0 tests {outcome}: no test ran ({_outcomes(run)}).{note}", {}
    k = run[outcome]
    errors = (f"; {run['errors']:,} more errored ({k + run['errors']:,} did not pass)"
              if outcome == "failed" and run["errors"] else "")
    of = f"of the {run.ran:,} that ran" if outcome != "skipped" else f"of {run.tests:,}"
    return k, f"{k:,} test{'' if k == 1 else 's'} {outcome}, {of}{errors} ({_outcomes(run)}).{note}", {}


def _shared(run: Summary, kind: str, note: str) -> tuple[float, str, dict[str, float]]:
    """The share of the tests that passed (or failed) of those that passed or failed, and of all the tests where
    some did neither (skipped, xfailed): the other reading's number is the data's "of_all"."""
    if not run.decided:
        raise ToolError(f"count: no test passed or failed in “{run.line}”: there is no share to give")
    passed = kind.endswith("passed")
    k = run["passed"] if passed else run["failed"] + run["errors"]
    how = "passed" if passed else "failed" if not run["errors"] else "failed or errored"
    share, of_all = _pct(k, run.decided), _pct(k, run.tests)
    left = _left_out(run)
    if not left:
        return share, f"{_said(share)} of the tests {how}: {k:,} of {run.decided:,} ({_outcomes(run)}).{note}", {}
    which = "that ran" if run.decided == run.ran else "that passed or failed"
    told = ("did not run" if run.ran == run.decided else "did not pass or fail" if run.ran == run.tests
            else "did not run, pass or fail")
    said = (f"{_said(share)} of the tests {which} {how}: {k:,} of {run.decided:,} ({left} {told}, and are left "
            f"out). Of all {run.tests:,} tests, {left} included: {_said(of_all)} ({k:,} of {run.tests:,}).{note}")
    return share, said, {"of_all": of_all}


# --- recognising the question ------------------------------------------------------------------

_TESTS = r"(?:(?:the|my|our|all(?:\s+the)?|these)\s+)?(?:unit\s+)?(?:tests?|test\s+cases|cases|specs)"
_OUTCOME = (r"(?P<outcome>passed|pass|passes|passing|succeeded|were\s+successful|failed|fail|fails|failing|errored|"
            r"(?:were|was|got)\s+skipped|skipped)")
_IN = r"(?:\s+(?:in|of|from)\s+(?:this|that|it|the\s+(?:run|output|summary)|this\s+(?:run|output|summary)))?"
_END = r"\s*[?.!]*\s*$"
_ASKED = [
    # "What percentage of the tests passed?", "What share failed?", "What fraction of tests were skipped?"
    re.compile(LEAD + r"(?:tell\s+me\s+)?(?:what|which)(?:'s|’s|\s+is|\s+was)?\s+(?:the\s+)?(?:percentage|percent|%|"
               r"share|fraction|proportion|ratio|part)\s+(?:of\s+" + _TESTS + r"\s+)?(?:(?:that|which)\s+)?"
               r"(?:have\s+|has\s+)?" + _OUTCOME + _IN + _END, re.IGNORECASE),
    # "How many percent of the tests passed?", "What % passed?"
    re.compile(LEAD + r"(?:how\s+many\s+percent|what\s*%)\s+(?:of\s+" + _TESTS + r"\s+)?" + _OUTCOME + _IN + _END,
               re.IGNORECASE),
    # "What's the pass rate?", "What is the test failure rate?"
    re.compile(LEAD + r"(?:tell\s+me\s+)?(?:what(?:'s|’s|\s+is|\s+was)\s+)?(?:the\s+)?(?:test\s+)?"
               r"(?P<rate>pass(?:ing)?|success|failure|fail)\s+(?:rate|percentage)" + _IN + _END, re.IGNORECASE),
    # "How many tests were there in total?", "How many tests ran?", "How many tests passed?"
    re.compile(LEAD + r"(?:tell\s+me\s+)?how\s+many\s+" + _TESTS + r"\s+(?:(?P<total>(?:were|are)\s+there(?:\s+in\s+"
               r"(?:total|all))?|in\s+(?:total|all)|(?:were|are)\s+there\s+altogether|total)|(?P<ran>ran|were\s+run|"
               r"(?:were|got)\s+(?:run|executed)|did\s+(?:i|we|it|this)\s+run)|(?:have\s+)?" + _OUTCOME + r")"
               + _IN + _END, re.IGNORECASE),
]


def tests_asked(question: str, body: str) -> dict[str, str] | None:
    """count's arguments for a question about the test summary piped after it (what share passed, failed or was
    skipped; how many tests there were, ran, passed, failed or were skipped), or None."""
    if not body.strip() or len(question) > 300:
        return None
    match = next((m for p in _ASKED if (m := p.match(question.strip())) is not None), None)
    if match is None or summary(body) is None:
        return None
    groups = match.groupdict()
    outcome = (groups.get("outcome") or groups.get("rate") or "").lower()
    said = "skipped" if "skipped" in outcome else "passed" if outcome.startswith(("pass", "succe", "were succ")) \
        else "failed" if outcome else ""
    if groups.get("total"):
        what = "tests in total"
    elif groups.get("ran"):
        what = "tests run"
    elif groups.get("rate") or re.search(r"%|percent|share|fraction|proportion|ratio|part\b", question, re.IGNORECASE):
        what = f"percentage of tests {said}"
    else:
        what = f"tests {said}"
    return {"text": body, "what": what} if tests_kind(what) else None
