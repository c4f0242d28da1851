"""`llorch breakers`: see and set each model's circuit breaker (state shared by every llorch process)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Optional

import typer

from llorch.cli import complete
from llorch.cli._common import load_settings, write_out

if TYPE_CHECKING:
    from llorch.resilience.book import BreakerBook
    from llorch.store.db import Store

__all__ = ["app"]

app = typer.Typer(help="Show and set the circuit breakers that keep failing models out of the way.", no_args_is_help=True)


def _book(model: str | None = None) -> tuple[Store, BreakerBook]:
    """The store and its breakers; with `model`, only when it names a model here or one that has a breaker
    (`breakers open qwen-05b` made a breaker for no model and said "forced open" while qwen-0.5b went on)."""
    from llorch.errors import ModelNotFoundError
    from llorch.models.registry import NO_SUCH_FILE, missing_reason, not_found
    from llorch.resilience.book import BreakerBook
    from llorch.store import open_store

    paths, config = load_settings()
    store = open_store(paths)
    book = BreakerBook(store, config.breaker())
    if model is not None and missing_reason(model, paths, config) == NO_SUCH_FILE and model not in book.models():
        store.close()
        raise ModelNotFoundError(not_found(model, paths, config))
    return store, book


def _next_probe(seconds: float) -> str:
    """When the next probe may go through ("next probe until closed by hand" read as if the probe waited for it)."""
    if seconds == float("inf"):
        return "no probe until closed by hand (llorch breakers close MODEL)"
    if seconds <= 0:
        return "next probe now"
    return f"next probe in {seconds:.0f} s" if seconds < 120 else f"next probe in {seconds / 60:.1f} min"


@app.command("list")
def list_cmd(as_json: bool = typer.Option(False, "--json", help="One JSON array.")) -> None:
    """List models with a breaker: state, recent failures, and when the next probe may go through.

    \b
    Example: llorch breakers list
    """
    store, book = _book()
    with store:
        rows: list[dict[str, Any]] = []
        for model in book.models():
            breaker = book.get(model)
            stats = breaker.stats()
            snap = breaker.snapshot()
            rows.append({
                "model": model, "state": breaker.state.value, "retry_in_s": breaker.retry_in(),
                "calls": len(snap.outcomes), "failures": sum(1 for o in snap.outcomes if not o[1]),
                "consecutive_failures": snap.consecutive_failures, "trips": snap.trips,
                "reason": snap.last_reason, "stats": stats,
            })
    if as_json:
        write_out(json.dumps(rows, default=str) + "\n")
        return
    if not rows:
        write_out("No breakers yet: every model that answers or fails gets one.\n")
        return
    for r in rows:
        line = (f"{r['model']}  {r['state']}  {r['failures']}/{r['calls']} recent calls failed, "
                f"{r['consecutive_failures']} in a row")
        if r["state"] in ("open", "forced_open", "half_open"):
            line += f"; {_next_probe(r['retry_in_s'])}"
        if r["reason"]:
            line += f" ({r['reason']})"
        write_out(line + "\n")


@app.command("open")
def open_cmd(model: str = typer.Argument(..., autocompletion=complete.models, help="Model reference as in profiles and -m.")) -> None:
    """Force a model's breaker open: llorch skips the model until you close it.

    \b
    Example: llorch breakers open hf:owner/repo
    """
    store, book = _book(_model_ref(model))
    with store:
        book.open_by_hand(model, "forced open with `llorch breakers open`")
    write_out(f"{model}: forced open\n")


def _model_ref(model: str) -> str:
    if not model.strip():
        raise typer.BadParameter("give a model reference (as in profiles and -m), not an empty string", param_hint="MODEL")
    return model


@app.command("close")
def close_cmd(model: str = typer.Argument(..., autocompletion=complete.models, help="Model reference.")) -> None:
    """Close a model's breaker: the model gets work again straight away.

    \b
    Example: llorch breakers close qwen-1.5b
    """
    store, book = _book(_model_ref(model))
    with store:
        book.close_by_hand(model, "closed with `llorch breakers close`")
    write_out(f"{model}: closed\n")


@app.command("reset")
def reset_cmd(model: Optional[str] = typer.Argument(None, help="Model reference; none resets every breaker.")) -> None:
    """Forget a model's failures and backoff (or every model's).

    \b
    Example: llorch breakers reset
    """
    store, book = _book(None if model is None else _model_ref(model))
    with store:
        count = book.forget(model)
    write_out(f"reset {count} breaker(s)\n")


@app.command("check")
def check_cmd(model: str = typer.Argument(..., autocompletion=complete.models, help="Model reference.")) -> None:
    """Health-check a model now: one tiny generation through its breaker (a probe when its wait is over).

    \b
    Example: llorch breakers check qwen-1.5b
    """
    from llorch.cli._common import open_runtime
    from llorch.errors import LlorchError
    from llorch.profiles.schema import Profile

    with open_runtime() as rt:
        chain = rt.fallback(Profile(name=""))
        ok = chain.check(model)
        state = chain.breaker(model).state.value
    if not ok:
        raise LlorchError(f"{model} did not answer the health check; its breaker is {state} (`llorch breakers list` says why)")
    write_out(f"{model}: answered; breaker {state}\n")
