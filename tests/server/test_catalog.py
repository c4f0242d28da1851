"""What a request's `model` may name (server/catalog.py): what GET /v1/models lists, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from llorch.config import Config, resolve_paths
from llorch.models.starter import BUNDLED_NAMES, STARTERS
from llorch.server.catalog import Catalog
from llorch.server.protocol import BadRequest


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    paths = resolve_paths()
    pulled = paths.models_dir / "hf" / "owner" / "repo"
    pulled.mkdir(parents=True)
    (pulled / "model-Q4_K_M.gguf").write_bytes(b"GGUF")
    (tmp_path / "coder.gguf").write_bytes(b"GGUF")
    config = Config(aliases={"coder": str(tmp_path / "coder.gguf")})
    return Catalog(paths, config, served=["/srv/m.gguf ", "openai:http://gpu:8080/v1#q"], profile="dev")


def test_what_models_lists_is_what_a_request_may_name(catalog: Catalog) -> None:
    ids = catalog.ids()
    assert ids[: len(STARTERS)] == list(STARTERS)  # a remote llorch's first model stays the bundled starter
    assert {"hf:owner/repo/model-Q4_K_M.gguf", "coder", "/srv/m.gguf", "openai:http://gpu:8080/v1#q",
            "profile:general", "profile:dev"} <= set(ids)
    for name in ids:
        assert catalog.admit(name) == name
    for name in (*BUNDLED_NAMES, " coder ", "hf:owner/repo", "hf:owner/repo:Q4_K_M", "profile:dev/chat"):
        assert catalog.admit(name) == name.strip()
    assert catalog.admit("") == catalog.admit("default") == "profile:dev"  # the server's --profile


@pytest.mark.parametrize("name", [
    "/etc/passwd", "/srv/m.gguf/..", "coder.gguf", "hf:owner/other", "hf:owner/repo:Q8_0",
    "hf:owner/repo/../../../../etc/x.gguf", "hf:owner/repo/missing.gguf", "hf:", "openai:http://gpu:8080/v1",
    "openai:http://169.254.169.254/v1@AWS_SECRET_ACCESS_KEY", "profile:nosuch", "profile:../general", "profile:",
    "x" * 1000,
])
def test_anything_else_is_404_naming_no_more_than_the_name(catalog: Catalog, name: str) -> None:
    with pytest.raises(BadRequest) as bad:
        catalog.admit(name)
    assert bad.value.status == 404 and bad.value.param == "model" and bad.value.code == "model_not_found"
    shown = name if len(name) <= 80 else name[:80] + "…"
    assert bad.value.message == (f"model {shown!r} is not offered by this server; "
                                 "GET /v1/models lists the models it serves")


def test_without_a_server_profile_the_default_is_the_runtimes(catalog: Catalog) -> None:
    plain = Catalog(catalog.paths, catalog.config)
    assert plain.admit("default") == plain.admit("  ") == ""
