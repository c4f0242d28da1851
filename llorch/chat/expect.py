"""What an exact step's check asks of an answer (`Expect`), and the verdicts a tool's result gives.

`Expect` and a reader's plain tuple of values (`Checked`) are what answercheck.py and devchecks.py both return for a
tool's result; `NO` and `YES_VERDICT` are a tool's no and yes to a yes/no question, which `YES_NO` recognises. They
live apart from both so that answercheck.py can import devchecks.py, the developer tools' readers, without a cycle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["NO", "YES_NO", "YES_VERDICT", "Checked", "Expect"]


@dataclass(frozen=True)
class Expect:
    """What an answer must give of an exact step's result (checked in _send): "any" of `values` (a number, as written
    or rounded, or a word); "all", every one of `values`, in any order (the rows a largest value is tied between:
    told Ben and Dev both have 92, the 1.5B named Ben alone), and with `labels`, each label named and, where the
    answer gives numbers beside them, its value beside it (a log's messages counted); "no", one of the words that
    say no, and no leading yes; "yes", no leading no (an answer may word a yes any way) and nothing that `values`,
    patterns, find ("is not a prime"); "in_order", every value, each after the one before (any case); "same_data", a
    block of the format `values[0]` that reads as the data the tool wrote (`values[1]`). `labels`, where given, name
    each of the "in_order" values (("mean", "average"), ("median",)): an answer that names each beside a number is
    judged by what it says of each, in any order ("The median is 4 and the mean is 6."; "The median is 6 and the
    mean is 4" is wrong though its numbers come in order); `whole`, where given, forms that give every "in_order"
    value at once ("2026-W53" for week 53 of 2026). "called", the time `values[0]` (its forms) called by one of the
    words `values[2]` ("earlier", "first") and `values[1]`, the other time, never (answerforms.called); "pace", a
    pace of `values[0]` seconds per `values[1]` ("km" or "mile"), not beside the other unit
    (answerforms.pace_given)."""

    kind: Literal["any", "all", "no", "yes", "in_order", "same_data", "called", "pace"]
    values: tuple[float | str | tuple[str, ...], ...] = ()
    labels: tuple[tuple[str, ...], ...] = ()
    whole: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return self.kind != "any" or bool(self.values)


Checked = tuple[float | str, ...] | Expect  # (a plain tuple: any of its values)


# Words that say no, one of which an answer must give where a tool's verdict is no.
NO = Expect("no", ("not", "no", "isn't", "doesn't", "won't", "invalid", "fails", "outside", "composite"))
YES_NO = re.compile(r"\W*(?:is|are|does|do|did|will|would|can|could|has|have|was|were)\b", re.IGNORECASE)
# A tool's yes to a yes/no question (a version satisfies a requirement, a regex matches, a text is valid, an
# address is in a network): an answer may word it any way, but not begin with "No," ("No issues: …" is no no).
YES_VERDICT = Expect("yes")
