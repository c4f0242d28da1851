"""`llorch serve`: OpenAI- and Anthropic-compatible HTTP APIs over the runtime (see app.py).

Imported only by `llorch serve` (and tests): Starlette, uvicorn and prometheus_client are
never loaded by the other commands.
"""
