"""Multi-agent pipelines: agents (a profile's role, a goal, tools, a step budget) working on one task.

    pipeline.py   the TOML format, checked; built-in pipelines ship beside it
    runner.py     the flows (sequence, fan-out and merge, planner), shared notes, budgets, resuming
"""
