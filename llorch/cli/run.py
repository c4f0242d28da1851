"""`llorch run`: one-shot answers for shell scripts, streamed to stdout."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer

from llorch.cli import _common, complete
from llorch.cli._common import (
    MAX_SEED, LongOptions, SamplingOptions, UsageError, load_settings, print_turn, setup_logging, stderr_console, stdin_is_terminal,
    write_out,
)

if TYPE_CHECKING:
    from llorch.engine.types import Completion

__all__ = ["MAX_SEED", "read_stdin", "register"]  # MAX_SEED is _common's (the largest repeatable seed)


def read_stdin(limit: int | None = None) -> str | None:
    """Piped input, read whole but never more than `limit` bytes (limits.max_input_mb)."""
    from llorch.errors import InputError
    from llorch.oneshot import decode_input

    if stdin_is_terminal():
        return None
    stream = sys.stdin
    if limit is None:
        limit = int(load_settings()[1].get("limits.max_input_mb")) * 1024 * 1024
    buffer = getattr(stream, "buffer", None)
    data = buffer.read(limit + 1) if buffer is not None else stream.read(limit + 1).encode("utf-8", "surrogateescape")
    if len(data) > limit:
        raise InputError(f"stdin is more than {limit / 2**20:,.0f} MiB, more than llorch reads as one prompt; "
                         "give it less, or raise limits.max_input_mb")
    return decode_input(data)


def run_command(
    prompt: Optional[list[str]] = typer.Argument(None, metavar="PROMPT...", help="The prompt; piped stdin is appended to it."),
    model: Optional[str] = typer.Option(None, "--model", "-m", metavar="REF", autocompletion=complete.models, help="Model: a path, an alias, a bundled model (qwen-1.5b, qwen-0.5b, gemma-3-270m) or hf:owner/repo[:QUANT]."),
    profile: Optional[str] = typer.Option(None, "--profile", "-p", metavar="NAME", autocompletion=complete.profiles, help="Profile: its models, system prompt and sampling (default: config's default_profile)."),
    role: str = typer.Option("chat", "--role", metavar="ROLE", help="Which of the profile's model roles answers (chat, code, writing, ...)."),
    system: Optional[str] = typer.Option(None, "--system", "-s", metavar="TEXT", help="System prompt (default: the profile's)."),
    temperature: Optional[float] = SamplingOptions.temperature,
    top_k: Optional[int] = SamplingOptions.top_k,
    top_p: Optional[float] = SamplingOptions.top_p,
    min_p: Optional[float] = SamplingOptions.min_p,
    repeat_penalty: Optional[float] = SamplingOptions.repeat_penalty,
    seed: Optional[int] = SamplingOptions.seed,
    max_tokens: Optional[int] = SamplingOptions.max_tokens,
    stop: Optional[list[str]] = typer.Option(None, "--stop", metavar="TEXT", help="Stop at this text (repeatable)."),
    raw: bool = typer.Option(False, "--raw", help="Plain completion: no chat template (what base models need)."),
    chat: bool = typer.Option(False, "--chat", help="Use the chat template even for a base model."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object: text, model, usage and timings."),
    schema: Optional[Path] = typer.Option(None, "--schema", metavar="FILE", help="Constrain the output to this JSON schema file."),
    logprobs: bool = typer.Option(False, "--logprobs", help="With --json, include each token's log-probability and entropy, and the answer's means (a confidence score)."),
    top_logprobs: int = typer.Option(0, "--top-logprobs", min=0, max=20, metavar="K", help="With --json: also the K most likely tokens at each position (implies --logprobs)."),
    stats: bool = typer.Option(False, "--stats", help="Print timings (pp, tg, time to first token) on stderr."),
    ctx_size: Optional[int] = typer.Option(None, "--ctx-size", "-c", min=0, help="Context size in tokens (0: the model's own)."),
    gpu_layers: Optional[str] = typer.Option(None, "--gpu-layers", "-ngl", metavar="N|auto|all", callback=_common.check_gpu_layers, help="GPU layers: auto, all or a number."),
    threads: Optional[int] = typer.Option(None, "--threads", min=1, help="CPU threads."),
    flash_attn: Optional[bool] = typer.Option(None, "--flash-attn/--no-flash-attn", help="Flash attention."),
    continue_: bool = typer.Option(False, "--continue", help="Append this turn to the last chat session."),
    each_line: bool = typer.Option(False, "--each-line", help="Answer every stdin line (text, or a JSON object with its own prompt and options) concurrently; the prompt argument goes before each line."),
    jsonl: bool = typer.Option(False, "--jsonl", help="With --each-line: one JSON object per answer (line, id, text or error, usage)."),
    parallel: int = typer.Option(4, "--parallel", min=1, max=256, metavar="N", help="With --each-line: lines answered at once."),
    consensus: Optional[int] = typer.Option(None, "--consensus", min=2, max=64, metavar="N", help="Answer N times (distinct seeds) and vote; how the vote went goes to stderr."),
    models: Optional[str] = typer.Option(None, "--models", metavar="A,B,...", autocompletion=complete.models, help="With --consensus: these models answer in turn (alone: one answer each)."),
    vote: str = typer.Option("weighted", "--vote", metavar="weighted|majority", help="Consensus: weight votes by the model's confidence, or count them."),
    compare: str = typer.Option("auto", "--compare", metavar="auto|number|choice|json|code|text", help="Consensus: what of each answer is compared."),
    merge: str = typer.Option("vote", "--merge", metavar="vote|medoid|model", help="Consensus: the winning answer, the free-text medoid, or a merge prompt to --merge-model."),
    merge_model: Optional[str] = typer.Option(None, "--merge-model", metavar="REF", help="Consensus with --merge model: who writes the merged answer (default: the first model)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Let the model's tool calls make the changes you ask for without asking (calendar adds, ...)."),
    no_tools: bool = typer.Option(False, "--no-tools", help="The model calls no tools for this answer."),
    long: Optional[str] = LongOptions.long,
    files: Optional[list[Path]] = LongOptions.files,
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show llorch's and llama.cpp's log on stderr."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No `note:` lines on stderr; errors still show. Config: ui.notes."),
) -> None:
    """Answer one prompt and exit: reads stdin, streams the answer to stdout.

    Examples:

    \b
      llorch run "Write a haiku about terminals"
      git diff | llorch run -m hf:owner/repo "Review this change"
      llorch run --raw --stats "The capital of France is"
      llorch run --profile dev --role code "Explain this regex: ^a+$"
      llorch run --consensus 5 "What is 17 * 23? Answer with the number."
      cat questions.txt | llorch run --each-line --parallel 8 "Answer briefly:"
      llorch run -p productivity --yes "Add lunch with Sam on friday at 1pm to my calendar"
      llorch run --long summarise --file report.pdf "List the decisions and their dates"
      cat book.md | llorch run --long truncate "Who is the narrator?"
    """
    from llorch.cli.notes import Notes
    from llorch.errors import LlorchError
    from llorch.oneshot import join_prompt, load_schema
    from llorch.chat.conversation import LONG_MIN_CHARS
    from llorch.chat.longinput import compose
    from llorch.runtime import LONG_SLOTS
    from llorch.tools.consent import Consent

    setup_logging(verbose)
    if raw and chat:
        raise typer.BadParameter("give --raw or --chat, not both", param_hint="--raw/--chat")
    if each_line and as_json:
        raise typer.BadParameter("--each-line answers each line on its own; use --jsonl for JSON output",
                                 param_hint="--each-line")
    if each_line and continue_:
        raise typer.BadParameter("--each-line answers each line on its own, in no session; --continue adds one turn "
                                 "to the last chat session", param_hint="--each-line")
    if (jsonl or parallel != 4) and not each_line:
        raise typer.BadParameter("--jsonl and --parallel go with --each-line", param_hint="--each-line")
    if each_line and stats:
        raise UsageError("--stats times one answer; with --each-line, --jsonl gives each line's usage")
    if (logprobs or top_logprobs) and not as_json:
        raise UsageError("--logprobs and --top-logprobs go with --json (the log-probabilities are part of its JSON object)")
    logprobs = logprobs or top_logprobs > 0
    if continue_ and (raw or schema is not None or role != "chat"):
        raise UsageError("--continue adds a chat turn to the last session; --raw, --schema and --role are for "
                         "one-shot answers")
    if each_line and (files or long is not None):
        raise UsageError("--each-line answers each line on its own; --file and --long are for one answer")
    if each_line:
        if stdin_is_terminal():
            raise UsageError("--each-line reads prompts from stdin, one per line: pipe them in "
                             "(cat questions.txt | llorch run --each-line)")
        text = " ".join(prompt or []).strip()
        documents: list[Any] = []
    else:
        piped = read_stdin()
        if not piped and not " ".join(prompt or []).strip() and not files:  # nothing given (piped blanks: exit 1)
            raise UsageError('no prompt: give it as an argument (llorch run "...") or pipe text on stdin')
        documents = LongOptions.documents(files, piped)  # piped text and files: what the prompt is about
        text = " ".join(prompt or []).strip() if documents else join_prompt(prompt or [], piped)
    schema_text = load_schema(schema) if schema is not None else None
    overrides = SamplingOptions.overrides(temperature=temperature, top_k=top_k, top_p=top_p, min_p=min_p,
                                          repeat_penalty=repeat_penalty, seed=seed, max_tokens=max_tokens)
    overrides |= {"stop": tuple(stop)} if stop else {}
    spec = _consensus_spec(consensus, models, vote, compare, merge, merge_model, model)
    if spec is not None and continue_:
        raise typer.BadParameter("--consensus answers a prompt on its own; it does not continue a session",
                                 param_hint="--consensus")
    err = stderr_console()
    session: int | None = None
    # A change the model makes is put to the user on a terminal (never for --each-line: many answers at once).
    asker = None if each_line or yes else _common.terminal_consent()
    tools = () if no_tools else None
    policy = None if each_line else LongOptions.policy(long)
    # A short input cannot outgrow a context: it goes as it always went, joined, without measuring it first. Not a
    # file's: the tools that read a text whole ("Is this valid JSON?", a table's sum) read each document apart, and
    # joined, they read its name line too (--file config.json was "Not valid JSON: line 1, column 1").
    measure = long is not None or len(compose(text, documents)) >= LONG_MIN_CHARS or any(d.name for d in documents)
    if not measure:
        text, documents = compose(text, documents), []
    try:
        slots = parallel if each_line else spec.n if spec is not None else LONG_SLOTS if policy == "summarise" else 1
        with _common.open_runtime(ctx_size=ctx_size, gpu_layers=gpu_layers, threads=threads, flash_attn=flash_attn,
                                  slots=slots, consent=Consent(asker, assume_yes=yes)) as rt:
            notes = Notes.for_command(rt.paths, rt.config, quiet=quiet)
            if each_line:
                from llorch.cli.bulk import each_line as bulk

                ask = dict(model=model, profile=profile, role=role, system=system, sampling=overrides,
                           mode="raw" if raw else "chat" if chat else "auto", schema=schema_text, logprobs=logprobs,
                           consensus=spec, tools=tools)
                # Each instance of a model takes --parallel lines at once (its slots).
                instances = max([rt.config.instances(r) for r in rt.config.workers] + [rt.config.instances("")])
                code = bulk(rt, prefix=text, parallel=parallel * instances, jsonl=jsonl, ask=ask, shown=notes)
                if code:
                    raise typer.Exit(code)
                return
            if continue_:
                conv = rt.conversation(continue_last=True, model=model, profile=profile, system=system,
                                       sampling=overrides, save_kv=True)
                conv.logprobs, conv.top_logprobs = logprobs, top_logprobs
                session = conv.session_id
                conv.auto_tools = not no_tools
                if notes.show(conv.start_note):
                    err.print(f"note: {conv.start_note}", style="dim", markup=False)
                conv.long = policy
                events = conv.send(text, documents)
            else:
                events = rt.ask(text, model=model, profile=profile, role=role, system=system, sampling=overrides,
                                mode="raw" if raw else "chat" if chat else "auto", schema=schema_text, logprobs=logprobs,
                                top_logprobs=top_logprobs, consensus=spec, tools=tools, documents=documents,
                                long=policy if measure else None)
            done = print_turn(events, echo=not as_json, max_tokens_hint="--max-tokens / sampling.max_tokens",
                              notes=notes, consent=asker, math=_common.math_as_text(rt.config))
    except KeyboardInterrupt:  # during the answer, or while the models were being closed
        _common.interrupted()
    if done is None or done.completion is None and not done.error:
        raise LlorchError("the model returned no answer")
    if done.error:
        raise LlorchError(done.error)
    completion, source = done.completion, done.source
    assert completion is not None
    if as_json:
        data = _as_json(completion, (source.model or source.kind) if source else "", done.model_path or None, done.mode)
        data |= {"source": source.to_dict() if source else None, "kv": _kv_json(done.worker)}
        data |= _route_json(done.route, completion)
        data |= {"steps": [_step_json(step) for step in done.steps], "turn_ms": round(done.turn_ms, 3)}
        if done.consensus is not None:
            data["consensus"] = done.consensus.to_dict()
        if session is not None:
            data["session"] = session
        write_out(json.dumps(data, ensure_ascii=False) + "\n")
    if stats and source is not None and source.kind == "model":
        _print_stats(err, completion, source.model, done.worker, done.route, done.steps, done.turn_ms)


def _consensus_spec(n: int | None, models: str | None, vote: str, compare: str, merge: str, merge_model: str | None,
                    model: str | None) -> Any:
    """The consensus options as a spec (None: one answer); bad values are usage errors."""
    from llorch.chat.consensus import ConsensusSpec
    from llorch.errors import InputError

    refs = tuple(m.strip() for m in (models or "").split(",") if m.strip())
    if models is not None and not refs:
        raise typer.BadParameter("give one or more models separated by commas", param_hint="--models")
    if refs and model:
        raise typer.BadParameter("give --model or --models, not both", param_hint="--models")
    if n is None and len(refs) < 2:
        if refs or (vote, compare, merge, merge_model) != ("weighted", "auto", "vote", None):
            raise typer.BadParameter("needs --consensus N (or two or more --models)", param_hint="--consensus")
        return None
    try:
        return ConsensusSpec(n or len(refs), refs or ((model,) if model else ()), compare, vote, merge, merge_model)
    except InputError as exc:
        raise typer.BadParameter(str(exc)) from None


def _route_json(route: Any, completion: Completion) -> dict[str, Any]:
    """Which worker of the pool answered, and how long the request waited for a slot."""
    if route is None:
        return {"worker": None, "queued_ms": round(completion.timings.queued_ms, 3)}
    return {"worker": route.worker, "queued_ms": round(completion.timings.queued_ms, 3), "route": route.to_dict()}


def _kv_json(stats: Any) -> dict[str, Any] | None:
    """The answering worker's KV cache: cells in use, prompt tokens reused over prompted, and of those
    the tokens restored from states saved on disk (and from saved shared prefixes: a profile's prompt)."""
    if stats is None:
        return None
    kv = stats.kv
    return {"cells_used": kv.cells_used, "cells_total": kv.cells_total, "prompt_tokens": kv.prompted,
            "reused_tokens": kv.reused, "hit_rate": round(kv.hit_rate, 4), "restored_tokens": kv.restored,
            "restored_prefix_tokens": kv.restored_prefix}


def _as_json(c: Completion, ref: str, path: str | None, mode: str) -> dict[str, Any]:
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
            "queued_ms": round(t.queued_ms, 3),
            "total_ms": round(t.total_ms, 3),
            "pp_tokens_per_s": round(t.pp_tokens_per_s, 2),
            "tg_tokens_per_s": round(t.tg_tokens_per_s, 2),
            "draft_tokens": t.draft_tokens,
            "draft_accepted": t.draft_accepted,
            "draft_acceptance": round(t.draft_acceptance, 4),
        },
    }
    if c.logprobs is not None:
        out["mean_logprob"] = c.mean_logprob
        out["mean_entropy"] = c.mean_entropy
        out["logprobs"] = [_token_json(lp) for lp in c.logprobs]
    return out


def _token_json(lp: Any) -> dict[str, Any]:
    """One generated token for --json: its text, id, log-probability, entropy and the alternatives asked for."""
    out: dict[str, Any] = {"token": lp.token, "id": lp.token_id, "logprob": lp.logprob, "entropy": lp.entropy}
    if lp.top:
        out["top_logprobs"] = [{"token": t.token, "id": t.token_id, "logprob": t.logprob} for t in lp.top]
    return out


def _step_json(step: Any) -> dict[str, Any]:
    """A tool step of the turn (a decision, a tool's run, the user's go-ahead) for --json."""
    out: dict[str, Any] = {"kind": step.kind, "what": step.what, "ms": round(step.ms, 3)}
    if step.completion is not None:
        c = step.completion
        out |= {"prompt_tokens": c.usage.prompt_tokens, "cached_tokens": c.usage.cached_tokens,
                "completion_tokens": c.usage.completion_tokens}
    return out


def _step_rows(steps: Any) -> list[tuple[str, str]]:
    """One row per tool step: what the model decided (its tokens and time), what the tool took."""
    rows: list[tuple[str, str]] = []
    count = {"decision": 0, "tool": 0, "consent": 0}
    for step in steps:
        count[step.kind] = count.get(step.kind, 0) + 1
        label = {"consent": "your go-ahead"}.get(step.kind, f"{step.kind} {count[step.kind]}")
        c = step.completion
        if c is not None:
            rows.append((label, f"{step.what}: prompt {c.usage.prompt_tokens:,} tokens ({c.usage.cached_tokens:,} cached), "
                                f"generated {c.usage.completion_tokens:,} tokens, {step.ms:,.1f} ms"))
        else:
            rows.append((label, f"{step.what}: {step.ms:,.1f} ms"))
    return rows


def _turn_row(c: Completion, steps: Any, turn_ms: float) -> str:
    """The whole turn: model calls, tokens and time, tool steps and answer together."""
    calls = [s.completion for s in steps if s.completion is not None] + [c]
    tools_ms = sum(s.ms for s in steps if s.kind == "tool")
    waited = sum(s.ms for s in steps if s.kind == "consent")
    text = (f"{len(calls)} model call{'s' if len(calls) > 1 else ''}: prompt {sum(x.usage.prompt_tokens for x in calls):,} "
            f"tokens, generated {sum(x.usage.completion_tokens for x in calls):,} tokens; "
            f"{max(turn_ms, c.timings.total_ms):,.1f} ms in all (tools {tools_ms:,.1f} ms")
    return text + (f", waiting for your go-ahead {waited:,.1f} ms)" if waited else ")")


def _print_stats(err: Any, c: Completion, ref: str, worker: Any = None, route: Any = None, steps: Any = (),
                 turn_ms: float = 0.0) -> None:
    """The turn's figures on stderr: each tool step, then the answer's, then the whole turn's."""
    t = c.timings
    rows = [("model", ref), *_step_rows(steps)]
    if steps:
        rows.append(("answer", f"prompt {c.usage.prompt_tokens:,} tokens ({c.usage.cached_tokens:,} cached), generated "
                               f"{c.usage.completion_tokens:,} tokens, {t.total_ms:,.1f} ms; in detail:"))
    rows += [
        ("load", f"{t.load_ms:.0f} ms"),
        ("prompt (pp)", f"{t.prompt_eval_tokens} tokens in {t.prompt_eval_ms:.1f} ms = {t.pp_tokens_per_s:.1f} tokens/s"
                        f" ({c.usage.cached_tokens} cached)"),
        ("generate (tg)", f"{t.eval_tokens} tokens in {t.eval_ms:.1f} ms = {t.tg_tokens_per_s:.1f} tokens/s"),
        *([("drafts", f"{t.draft_accepted} of {t.draft_tokens} drafted tokens accepted ({t.draft_acceptance:.0%})")]
          if t.draft_tokens else []),
        ("first token", f"{t.ttft_ms:.1f} ms"),
        ("total", f"{t.total_ms:.1f} ms, {c.usage.completion_tokens} tokens, finish: {c.finish_reason}"),
        ("seed", str(c.seed)),
    ]
    if route is not None:
        rows.append(("worker", f"{route.worker} ({route.reason}); waited {c.timings.queued_ms:.1f} ms for a slot"))
    if worker is not None and worker.kv.cells_total:
        kv = worker.kv
        rows.append(("kv cache", f"{kv.cells_used:,} of {kv.cells_total:,} cells; prompt tokens reused "
                                 f"{kv.reused:,} of {kv.prompted:,} ({kv.hit_rate:.0%}){_restored(kv)}"))
    rows.append(("turn", _turn_row(c, steps, turn_ms)))
    for label, value in rows:
        err.print(f"{label + ':':<15} {value}", markup=False, highlight=False)


def _restored(kv: Any) -> str:
    """What of the reused prompt tokens was read from disk rather than kept in memory, if any."""
    if not kv.restored:
        return ""
    prefix = kv.restored_prefix
    where = ("a saved prompt prefix" if prefix == kv.restored else
             "a saved conversation" if not prefix else f"a saved prompt prefix ({prefix:,}) and a saved conversation")
    return f", {kv.restored:,} of them restored from disk ({where})"


def register(app: typer.Typer) -> None:
    app.command("run", no_args_is_help=False)(run_command)
