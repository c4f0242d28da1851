"""`llorch run`: one-shot answers for shell scripts, streamed to stdout."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer

from llorch.cli import _common
from llorch.cli._common import (
    engine_options,
    fancy_stderr,
    load_settings,
    print_turn,
    setup_logging,
    stderr_console,
    write_out,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from llorch.engine.backend import Backend
    from llorch.engine.types import Completion, Request
    from llorch.oneshot import RunPlan
    from llorch.resilience.chain import Source
    from llorch.store.db import Store

__all__ = ["read_stdin", "register"]


def read_stdin() -> str | None:
    from llorch.oneshot import decode_input

    stream = sys.stdin
    if stream is None or stream.closed:
        return None
    try:
        if stream.isatty():
            return None
    except ValueError:
        return None
    buffer = getattr(stream, "buffer", None)
    data = buffer.read() if buffer is not None else stream.read().encode("utf-8", "surrogateescape")
    return decode_input(data)


def run_command(
    prompt: Optional[list[str]] = typer.Argument(None, metavar="PROMPT...", help="The prompt; piped stdin is appended to it."),
    model: Optional[str] = typer.Option(None, "--model", "-m", metavar="REF", help="Model: a path, an alias, starter or hf:owner/repo[:QUANT]."),
    profile: Optional[str] = typer.Option(None, "--profile", "-p", metavar="NAME", help="Profile: its models, system prompt and sampling (default: config's default_profile)."),
    role: str = typer.Option("chat", "--role", metavar="ROLE", help="Which of the profile's model roles answers (chat, code, writing, ...)."),
    system: Optional[str] = typer.Option(None, "--system", "-s", metavar="TEXT", help="System prompt (default: the profile's)."),
    temperature: Optional[float] = typer.Option(None, "--temperature", min=0.0, help="Sampling temperature (0: greedy)."),
    top_k: Optional[int] = typer.Option(None, "--top-k", min=0, help="Top-k sampling (0: off)."),
    top_p: Optional[float] = typer.Option(None, "--top-p", min=0.0, max=1.0, help="Top-p (nucleus) sampling."),
    min_p: Optional[float] = typer.Option(None, "--min-p", min=0.0, max=1.0, help="Min-p sampling."),
    repeat_penalty: Optional[float] = typer.Option(None, "--repeat-penalty", min=0.0, help="Repetition penalty (1: off)."),
    seed: Optional[int] = typer.Option(None, "--seed", min=0, help="Sampling seed, for repeatable answers."),
    max_tokens: Optional[int] = typer.Option(None, "--max-tokens", "-n", min=1, help="Most tokens to generate."),
    stop: Optional[list[str]] = typer.Option(None, "--stop", metavar="TEXT", help="Stop at this text (repeatable)."),
    raw: bool = typer.Option(False, "--raw", help="Plain completion: no chat template (what base models need)."),
    chat: bool = typer.Option(False, "--chat", help="Use the chat template even for a base model."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object: text, model, usage and timings."),
    schema: Optional[Path] = typer.Option(None, "--schema", metavar="FILE", help="Constrain the output to this JSON schema file."),
    logprobs: bool = typer.Option(False, "--logprobs", help="With --json, include each token's log-probability."),
    stats: bool = typer.Option(False, "--stats", help="Print timings (pp, tg, time to first token) on stderr."),
    ctx_size: Optional[int] = typer.Option(None, "--ctx-size", "-c", min=0, help="Context size in tokens (0: the model's own)."),
    gpu_layers: Optional[str] = typer.Option(None, "--gpu-layers", "-ngl", metavar="N|auto|all", help="GPU layers: auto, all or a number."),
    threads: Optional[int] = typer.Option(None, "--threads", min=1, help="CPU threads."),
    flash_attn: Optional[bool] = typer.Option(None, "--flash-attn/--no-flash-attn", help="Flash attention."),
    continue_: bool = typer.Option(False, "--continue", help="Append this turn to the last chat session."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show llorch's and llama.cpp's log on stderr."),
) -> None:
    """Answer one prompt and exit: reads stdin, streams the answer to stdout.

    Examples:

      llorch run "Write a haiku about terminals"

      git diff | llorch run -m hf:owner/repo "Review this change"

      llorch run --raw --stats "The capital of France is"

      llorch run --profile dev --role code "Explain this regex: ^a+$"
    """
    from llorch.errors import InputError, LlorchError
    from llorch.models.cache import ModelCache
    from llorch.oneshot import join_prompt, load_schema, plan_request

    setup_logging(verbose)
    if raw and chat:
        raise typer.BadParameter("give --raw or --chat, not both", param_hint="--raw/--chat")
    text = join_prompt(prompt or [], read_stdin())
    schema_text = load_schema(schema) if schema is not None else None
    paths, config = load_settings()

    options = engine_options(config, ctx_size=ctx_size, gpu_layers=gpu_layers, threads=threads, flash_attn=flash_attn)

    given: dict[str, Any] = dict(temperature=temperature, top_k=top_k, top_p=top_p, min_p=min_p,
                                 repeat_penalty=repeat_penalty, seed=seed, max_tokens=max_tokens)
    overrides = {k: v for k, v in given.items() if v is not None} | ({"stop": tuple(stop)} if stop else {})

    err = stderr_console()
    if continue_:
        _continue_session(paths, config, model, profile, text, system, overrides, as_json, stats,
                          dict(ctx_size=ctx_size, gpu_layers=gpu_layers, threads=threads))
        return
    from llorch.profiles.select import profile_resolver

    prof, selection = profile_resolver(paths, config, role=role)(profile or config.default_profile)
    if role not in prof.roles and role != "chat":
        raise InputError(f"profile {prof.name} has no {role!r} role (roles: {', '.join(prof.roles)})")
    if ctx_size is None and prof.context_size is not None:
        options = dataclasses.replace(options, n_ctx=prof.context_size)
    sampling = dataclasses.replace(prof.apply_sampling(config.sampling()), **overrides)
    if selection.note and not model:
        err.print(f"note: {selection.note}", style="dim", markup=False)
    refs = (model,) if model else selection.chain
    cache = ModelCache(_common.model_loader(paths, config, options), budget_bytes=config.memory_budget_bytes())
    plans: list[RunPlan] = []

    def build(backend: Backend) -> Request:
        plan = plan_request(
            backend.info(), text, system=system, default_system=prof.system_prompt or None, sampling=sampling,
            force="raw" if raw else "chat" if chat else None, schema=schema_text, logprobs=logprobs,
        )
        if plan.note and not as_json and not plans:
            err.print(plan.note, style="dim")
        plans.append(plan)
        return plan.request

    with _optional_store(paths) as store:
        fallback = _common.fallback_chain(cache, store, config, prof.name, prof.breaker)
        try:
            with err.status(f"Loading {refs[0]}…", spinner="dots") if fancy_stderr() else contextlib.nullcontext():
                if fallback.healthy(refs[0]):
                    with contextlib.suppress(LlorchError):
                        cache.get(refs[0])  # a failure here is the chain's to handle, below
            completion, source = _stream_chain(fallback.run(refs, build, text), echo=not as_json, err=err)
            model_path = cache.get(source.model).info().path if source.kind == "model" else ""
        except KeyboardInterrupt:
            sys.stderr.write("\nInterrupted.\n")
            raise typer.Exit(130) from None
        finally:
            cache.close()
    if completion is None:
        raise InputError("the model returned no answer")
    if as_json:
        data = _as_json(completion, source.model or source.kind, Path(model_path) if model_path else None,
                        plans[-1].mode if plans else "chat")
        write_out(json.dumps(data | {"source": source.to_dict()}, ensure_ascii=False) + "\n")
    if stats and source.kind == "model":
        _print_stats(err, completion, source.model)


@contextlib.contextmanager
def _optional_store(paths: Any) -> Iterator[Store | None]:
    """llorch's store for breaker state and the response cache; an answer never fails for want of it."""
    import logging

    from llorch.errors import StoreError
    from llorch.store import open_store

    try:
        store = open_store(paths)
    except StoreError as exc:
        logging.getLogger("llorch").warning("running without breaker state and response cache: %s", exc)
        yield None
        return
    with store:
        yield store


def _stream_chain(events: Iterator[Any], *, echo: bool, err: Any) -> tuple[Completion | None, Source]:
    """Print a chain's answer as it streams; notes on stderr say which sources were skipped and who answered."""
    from llorch.errors import LlorchError
    from llorch.engine.types import TokenEvent
    from llorch.resilience.chain import Answered, Skipped, Source

    last = ""
    completion: Completion | None = None
    source = Source("degraded")
    for event in events:
        if isinstance(event, Skipped):
            if event.partial and echo:
                write_out("\n")
            err.print(f"note: {event.model} could not answer ({event.reason}); trying the next source", markup=False)
        elif isinstance(event, Answered):
            source = event.source
        elif isinstance(event, TokenEvent):
            if echo and event.text:
                write_out(event.text)
                last = event.text
        else:
            completion = event
    if echo and last and not last.endswith("\n"):
        write_out("\n")
    if source.kind == "degraded":
        raise LlorchError(completion.text if completion is not None else "no model could answer")
    if source.fallback:
        err.print(f"source: {source.label()}", markup=False)
    return completion, source


def _as_json(c: Completion, ref: str, path: Path | None, mode: str) -> dict[str, Any]:
    t = c.timings
    out: dict[str, Any] = {
        "text": c.text,
        "model": ref,
        "model_path": str(path) if path else None,
        "mode": mode,
        "finish_reason": c.finish_reason,
        "seed": c.seed,
        "usage": {
            "prompt_tokens": c.usage.prompt_tokens,
            "completion_tokens": c.usage.completion_tokens,
            "cached_tokens": c.usage.cached_tokens,
            "total_tokens": c.usage.total_tokens,
        },
        "timings": {
            "load_ms": round(t.load_ms, 3),
            "prompt_eval_ms": round(t.prompt_eval_ms, 3),
            "prompt_eval_tokens": t.prompt_eval_tokens,
            "eval_ms": round(t.eval_ms, 3),
            "eval_tokens": t.eval_tokens,
            "ttft_ms": round(t.ttft_ms, 3),
            "total_ms": round(t.total_ms, 3),
            "pp_tokens_per_s": round(t.pp_tokens_per_s, 2),
            "tg_tokens_per_s": round(t.tg_tokens_per_s, 2),
        },
    }
    if c.logprobs is not None:
        out["logprobs"] = [{"token": lp.token, "id": lp.token_id, "logprob": lp.logprob} for lp in c.logprobs]
    return out


def _print_stats(err: Any, c: Completion, ref: str) -> None:
    t = c.timings
    rows = [
        ("model", ref),
        ("load", f"{t.load_ms:.0f} ms"),
        ("prompt (pp)", f"{t.prompt_eval_tokens} tokens in {t.prompt_eval_ms:.1f} ms = {t.pp_tokens_per_s:.1f} tokens/s"
                        f" ({c.usage.cached_tokens} cached)"),
        ("generate (tg)", f"{t.eval_tokens} tokens in {t.eval_ms:.1f} ms = {t.tg_tokens_per_s:.1f} tokens/s"),
        ("first token", f"{t.ttft_ms:.1f} ms"),
        ("total", f"{t.total_ms:.1f} ms, {c.usage.completion_tokens} tokens, finish: {c.finish_reason}"),
        ("seed", str(c.seed)),
    ]
    for label, value in rows:
        err.print(f"{label + ':':<15} {value}", markup=False, highlight=False)


def _continue_session(
    paths: Any, config: Any, model: str | None, profile: str | None, text: str, system: str | None,
    overrides: dict[str, Any], as_json: bool, stats: bool, engine: dict[str, Any],
) -> None:
    """`run --continue`: one more turn in the last chat session, saved like any other.

    With --profile, the session switches to that profile first and keeps its messages."""
    from llorch.errors import LlorchError
    from llorch.store import open_store

    with open_store(paths) as store:
        last = store.last_session()
        conv, note = _common.open_conversation(
            store, paths, config, session_id=last.id if last else None, model=model, profile=profile,
            system=system, overrides=overrides, **engine,
        )
        if note:
            stderr_console().print(f"note: {note}", style="dim", markup=False)
        ref = conv.model_ref
        try:
            done = print_turn(conv.send(text), echo=not as_json)
            model_path = conv.info().path  # the model is loaded by now
        except KeyboardInterrupt:
            sys.stderr.write("\nInterrupted.\n")
            raise typer.Exit(130) from None
        finally:
            conv.close()
        if done is None or done.error:
            raise LlorchError(done.error if done and done.error else "the model returned no answer")
        if done.completion is not None:
            if as_json:
                data = _as_json(done.completion, ref, Path(model_path), "chat") | {"session": conv.session_id}
                write_out(json.dumps(data, ensure_ascii=False) + "\n")
            if stats:
                _print_stats(stderr_console(), done.completion, ref)


def register(app: typer.Typer) -> None:
    app.command("run", no_args_is_help=False)(run_command)
