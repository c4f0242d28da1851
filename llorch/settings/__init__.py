"""The frozen values that config.toml's and profiles' tables are parsed into, each with its field specs.

`[breaker]` -> BreakerConfig, `faults` / LLORCH_FAULTS -> FaultSpec, `[limits]` ->
CallLimits, `[mcp.servers.NAME]` -> ServerSpec. They sit below config (which parses
them once, at load) and below the packages that use them (resilience, mcp), and import
only `llorch.errors` and `llorch.fields`.
"""
