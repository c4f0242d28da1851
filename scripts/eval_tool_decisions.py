"""Tool decisions on fresh plain-language requests: does the model call the right tool with usable
arguments, or answer in words when no tool is needed? Greedy, one process, the real model.

    python scripts/eval_tool_decisions.py [--key name|tool] [-m MODEL]

Prints one line per request and the score. `--key` tries the call format's other key (the
format was measured no worse with "name"). The requests the decision prompt was tuned on (the held-out measure is `llorch eval tools` and
scripts/compare_tool_calls.py). LLORCH_DECISION_HINT=0 measures the decision without its hint.
"""
import argparse
import time

from llorch.config import load_config, resolve_paths
from llorch.runtime import Runtime, ToolEvent
import llorch.tools.calls as calls

CASES = [  # profile, request, expected tool (None: no call), check on arguments
    ("productivity", "Schedule a call with Maria next Tuesday at 10am.", "calendar", lambda a: a.get("action") == "add" and "10" in str(a.get("start", ""))),
    ("productivity", "What do I have on my calendar tomorrow?", "calendar", lambda a: a.get("action") == "list"),
    ("productivity", "Am I free on Thursday for two hours?", "calendar", lambda a: a.get("action") == "free"),
    ("productivity", "How much is 15% of 2340?", "math", lambda a: "2340" in str(a.get("expression", ""))),
    ("productivity", "Tell me a joke about cats.", None, None),
    ("productivity", "Good morning!", None, None),
    ("productivity", "Book lunch with Priya on Friday at 1pm.", "calendar", lambda a: a.get("action") == "add" and ("1pm" in str(a.get("start", "")).lower().replace(" ", "") or "13" in str(a.get("start", "")))),
    ("productivity", "Write a short email to Tom saying the meeting moved to Monday.", "documents", lambda a: a.get("action") == "email"),
    ("dev", "What is 2 to the power 40?", "math", lambda a: "40" in str(a.get("expression", ""))),
    ("dev", "What is the capital of Spain?", None, None),
    ("dev", "Hello, who are you?", None, None),
    ("academic", "What is 123456789 * 987654321?", "math", lambda a: "987654321" in str(a.get("expression", ""))),
    ("academic", "What is the capital of Italy? One word.", None, None),
    ("general", "Say hello", None, None),
    ("general", "What is 17 * 23?", "math", lambda a: "17" in str(a.get("expression", ""))),  # plain arithmetic: math first, even with tools.auto "off"
    ("productivity", "Put a dentist appointment tomorrow at 3pm in my calendar.", "calendar", lambda a: a.get("action") == "add" and ("3pm" in str(a.get("start", "")).lower().replace(" ", "") or "15" in str(a.get("start", "")))),
]

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--key", default=calls.CALL_KEY, choices=("name", "tool"))
parser.add_argument("-m", "--model", default=None, help="a model reference (default: each profile's)")
args = parser.parse_args()
calls.CALL_KEY = args.key
paths = resolve_paths()
ok = 0
with Runtime(paths, load_config(paths)) as rt:
    for profile, text, tool, check in CASES:
        t = time.perf_counter()
        first = None
        # One decision; a change is refused (no terminal, no --yes), but its call is still an event.
        for e in rt.ask(text, model=args.model, profile=profile, sampling={"max_tokens": 1, "seed": 1}, tool_steps=1):
            if isinstance(e, ToolEvent) and first is None:
                first = e
        got = first.name if first else None
        good = got == tool and (check is None or check(first.arguments))
        ok += good
        print(f"{'OK ' if good else 'BAD'} {profile:12} {text[:45]:45} -> {got} {dict(first.arguments) if first else ''} ({time.perf_counter()-t:.1f}s)", flush=True)
print(f"key {args.key!r}: {ok}/{len(CASES)} right")
