"""Slash commands shared by the TUI and line mode."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["COMMANDS", "SlashCommand", "help_text", "parse_command", "split_tool_args"]

COMMANDS: dict[str, str] = {
    "model": "/model REF — switch model (path, alias, qwen-1.5b, qwen-0.5b, hf:owner/repo); the conversation carries on",
    "system": "/system TEXT — set the system prompt (empty to clear it)",
    "clear": "/clear — start a new session with the same model",
    "retry": "/retry — answer the last message again",
    "sessions": "/sessions — list saved sessions (TUI: pick one to resume)",
    "export": "/export [md|json] [PATH] — save this session to a file",
    "profile": "/profile [NAME] — switch profile (models, tools, system prompt); the conversation carries on",
    "consensus": "/consensus N [MODEL,…] — answer each message N times and vote (off: /consensus off)",
    "set": "/set [NAME VALUE] — sampling from now on: temperature, top_k, top_p, min_p, repeat_penalty, max_tokens, seed (VALUE default: undo; alone: show); long summarise|truncate|refuse: messages over the context",
    "tool": "/tool NAME ARGS — run a tool yourself, e.g. /tool math 2/3+1/6 (no args: list the profile's tools)",
    "help": "/help — this list",
}


@dataclass(frozen=True)
class SlashCommand:
    name: str
    arg: str

    @property
    def known(self) -> bool:
        return self.name in COMMANDS


def parse_command(line: str) -> SlashCommand | None:
    """A `/name args` line as a command; None for ordinary text (and for `//text`)."""
    text = line.strip()
    if not text.startswith("/") or text.startswith("//") or text == "/":
        return None
    name, _, arg = text[1:].partition(" ")
    return SlashCommand(name.lower(), arg.strip())


def help_text() -> str:
    return "\n".join(COMMANDS.values())


def split_tool_args(arg: str) -> tuple[str, list[str]]:
    """`NAME word key=value "quoted words"` → (NAME, words), split the way a shell would."""
    import shlex

    from llorch.errors import ToolError

    try:
        words = shlex.split(arg)
    except ValueError as exc:
        raise ToolError(f"cannot read the tool's arguments ({exc}); check the quotes") from None
    if not words:
        raise ToolError("name a tool: /tool NAME ARGS (/tool alone lists them)")
    return words[0], words[1:]
