"""Conversations: history, context policy, slash commands and export, independent of any UI."""

from __future__ import annotations

from llorch.chat.commands import COMMANDS, SlashCommand, parse_command
from llorch.chat.conversation import Conversation
from llorch.chat.events import Notice, TurnDone
from llorch.chat.export import export_session

__all__ = ["COMMANDS", "Conversation", "Notice", "SlashCommand", "TurnDone", "export_session", "parse_command"]
