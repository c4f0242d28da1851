"""What a client of `llorch serve` may name in `model`: what GET /v1/models lists, and nothing else.

The operator offers the profiles (`profile:NAME[/ROLE]`), the bundled models, pulled `hf:`
models, models made here (`models quantize`), config.toml's aliases and the references given with `serve --model`. Any other
name (a path on the server's disk, a hub reference not pulled, a remote URL) is a 404 that
says nothing about the file system, before anything is resolved, loaded or stored: a client
is never trusted with a path (STYLE 17; llama-server's router loads only models it was given).
"""

from __future__ import annotations

from collections.abc import Sequence

from llorch.config import Config, Paths
from llorch.errors import InputError
from llorch.server.protocol import BadRequest

__all__ = ["Catalog"]

_SHOWN = 80  # characters of an unknown name echoed in the error


class Catalog:
    """The names this server answers to; `admit` turns a request's `model` into the reference to resolve."""

    def __init__(self, paths: Paths, config: Config, served: Sequence[str] = (), profile: str | None = None) -> None:
        self.paths = paths
        self.config = config
        self.served = tuple(dict.fromkeys(ref.strip() for ref in served if ref.strip()))
        self.profile = profile  # the server's default profile (--profile), for `default` and no model

    def ids(self) -> list[str]:
        """/v1/models, in order: bundled, pulled and aliased models, the operator's --model references, profiles."""
        from llorch.models.registry import list_models
        from llorch.profiles.loader import profile_names

        ids = [m.ref for m in list_models(self.paths, self.config)]
        ids += [ref for ref in self.served if ref not in ids]
        return ids + [f"profile:{name}" for name in profile_names(self.paths)]

    def admit(self, model: str) -> str:
        """The reference `model` names; BadRequest 404 when the server does not offer it."""
        name = model.strip()
        if not name or name in ("default", "llorch"):
            return f"profile:{self.profile}" if self.profile else ""
        if self._offers(name):
            return name
        shown = name if len(name) <= _SHOWN else name[:_SHOWN] + "…"
        raise BadRequest(f"model {shown!r} is not offered by this server; GET /v1/models lists the models it serves",
                         param="model", status=404, code="model_not_found")

    def _offers(self, name: str) -> bool:
        from llorch.models.hf import hf_local_path, is_hf_ref, parse_hf_ref
        from llorch.models.local import is_local_name, local_path
        from llorch.models.registry import list_models
        from llorch.models.starter import canonical_ref
        from llorch.profiles.loader import profile_names

        if name.startswith("profile:"):
            return name[len("profile:"):].partition("/")[0] in profile_names(self.paths)
        if name in self.served or name in self.config.aliases or canonical_ref(name) is not None:
            return True
        if is_local_name(name) and local_path(self.paths, name).is_file():  # made by `models quantize`
            return True
        if not is_hf_ref(name):
            return False
        try:
            ref = parse_hf_ref(name)
        except InputError:
            return False
        if ref.filename is None:  # hf:owner/repo[:QUANT]: a file pulled into that repo's folder
            return hf_local_path(self.paths, ref) is not None
        return name in {m.ref for m in list_models(self.paths, self.config) if m.source == "hf"}
