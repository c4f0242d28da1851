"""Model references and files: starter model, paths, aliases, `hf:` pulls, GGUF metadata."""

from __future__ import annotations

from llorch.models.registry import CachedModel, ResolvedModel, list_models, remove_model, resolve_model

__all__ = ["CachedModel", "ResolvedModel", "list_models", "remove_model", "resolve_model"]
