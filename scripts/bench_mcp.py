#!/usr/bin/env python3
"""Tool-call overhead: a built-in tool called in-process against the same tool through MCP.

    python scripts/bench_mcp.py [--calls 50]

The MCP side is `llorch mcp serve` (stdio, started once) driven through llorch's own MCP
client, exactly as a profile's `SERVER.tool` is called; both call `math` with the same
expression. Medians over the calls, after one warm-up each. A benchmark: it prints figures.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time

from llorch.config import resolve_paths
from llorch.mcp.client import MCPManager, ServerSpec
from llorch.profiles import load_profile
from llorch.tools.calls import ToolBox


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=50)
    args = parser.parse_args()
    llorch = shutil.which("llorch") or sys.exit("llorch is not installed")
    paths = resolve_paths()
    profile = load_profile("dev", paths)
    box = ToolBox(paths)
    manager = MCPManager({"llorch": ServerSpec("llorch", llorch, ("mcp", "serve", "--profile", "dev"))})
    expression = "2^100 / 3 + sqrt(2)"
    builtin, mcp = [], []
    try:
        box.call(profile.tools, "math", {"expression": expression}, profile="dev")
        manager.call("llorch", "math", {"expression": expression})
        for _ in range(args.calls):
            t = time.perf_counter()
            a = box.call(profile.tools, "math", {"expression": expression}, profile="dev").text
            builtin.append(time.perf_counter() - t)
            t = time.perf_counter()
            b = manager.call("llorch", "math", {"expression": expression}).text
            mcp.append(time.perf_counter() - t)
            assert a == b, (a, b)
    finally:
        manager.close()
    b_ms, m_ms = statistics.median(builtin) * 1000, statistics.median(mcp) * 1000
    print(f"math, median of {args.calls}: built-in {b_ms:.2f} ms, through MCP (stdio) {m_ms:.2f} ms: "
          f"MCP adds {m_ms - b_ms:.2f} ms per call")


if __name__ == "__main__":
    main()
