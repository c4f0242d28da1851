"""The bundled models' table: assembly from data-only chunk packages, verified, by every model reference.

Fast tests swap a table entry for tiny fake chunk packages on sys.path (whose __init__.py
raises, so importing one would fail the test); one `starter` test assembles the real 1.5B.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import pytest
from support import invoke_main

from llorch.config import Config, resolve_paths
from llorch.errors import ModelFileError, ModelNotFoundError
from llorch.models import list_models, remove_model, resolve_model
from llorch.models import starter as bundled
from llorch.models.registry import missing_reason
from llorch.models.starter import DEFAULT_REF, FAST_REF, ensure_starter, starter_path


def _fake_parts(root: Path, stem: str, chunks: list[bytes]) -> None:
    """Chunk packages laid out as the real ones: `<module>/data/partNN.bin`, plus an __init__.py never to run."""
    for i, data in enumerate(chunks, start=1):
        pkg = root / f"{stem.replace('-', '_')}{i}"
        (pkg / "data").mkdir(parents=True)
        (pkg / "__init__.py").write_text("raise RuntimeError('llorch must not import a chunk package')\n")
        (pkg / "data" / f"part{i:02d}.bin").write_bytes(data)


@pytest.fixture
def fake_table(tmp_path: Path, tiny_model: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """qwen-1.5b and the starter as three-part fakes of the tiny GGUF (a real header llorch can read and load)."""
    whole = tiny_model.read_bytes()
    third = len(whole) // 3
    chunks = [whole[:third], whole[third : 2 * third], whole[2 * third :]]
    site = tmp_path / "site"
    for ref, stem in ((DEFAULT_REF, "fake-big-part"), (FAST_REF, "fake-small-part")):
        _fake_parts(site, stem, chunks)
        real = bundled.starter(ref)
        monkeypatch.setitem(bundled._CHUNKED, ref, bundled._chunked(
            ref, real.title, f"{ref}.gguf", len(whole), hashlib.sha256(whole).hexdigest(), stem, 3, "0.2.0", real.aliases))
    monkeypatch.syspath_prepend(str(site))
    return {"whole": whole}


def _leftovers(ref: str) -> list[str]:
    folder = starter_path(resolve_paths(), ref).parent
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_assembled_from_its_parts_in_order_and_verified_once(fake_table: dict[str, bytes],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    paths = resolve_paths()
    seen: list[int] = []
    target = ensure_starter(paths, DEFAULT_REF, progress=lambda done, total: seen.append(done))
    whole = fake_table["whole"]
    assert target.read_bytes() == whole and target == paths.models_dir / "qwen-1.5b" / "qwen-1.5b.gguf"
    third = len(whole) // 3
    assert seen == [third, 2 * third, len(whole), -1]  # a block per part here, then the bar is cleared
    assert _leftovers(DEFAULT_REF) == ["qwen-1.5b.gguf", "qwen-1.5b.gguf.sha256"]  # no temp file
    # The marker: a later run neither hashes nor reads the parts (here they are gone, and hashing fails).
    for part in (Path(p) for p in bundled._part_files(bundled.starter(DEFAULT_REF))):
        part.unlink()
    monkeypatch.setattr(bundled, "sha256_file", lambda path: pytest.fail("re-hashed despite the marker"))
    assert ensure_starter(paths, DEFAULT_REF) == target
    assert resolve_model("qwen-1.5b", paths, Config()).path == target
    assert missing_reason("qwen-1.5b", paths, Config()) is None  # assembled: the parts are no longer needed


def test_a_changed_copy_is_noticed_through_the_marker_and_rebuilt(fake_table: dict[str, bytes]) -> None:
    paths = resolve_paths()
    target = ensure_starter(paths, DEFAULT_REF)
    with open(target, "r+b") as fh:
        fh.truncate(100)
    assert ensure_starter(paths, DEFAULT_REF).read_bytes() == fake_table["whole"]


def test_a_wrong_hash_leaves_nothing_behind_and_says_so(fake_table: dict[str, bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    entry = bundled.starter(DEFAULT_REF)
    monkeypatch.setitem(bundled._CHUNKED, DEFAULT_REF, dataclasses.replace(entry, sha256="0" * 64))
    with pytest.raises(ModelFileError, match=r"^the assembled qwen-1.5b model failed its sha256 check; "
                                             r"reinstall fake-big-part1 \.\. fake-big-part3 \(0\.2\.0\)$"):
        ensure_starter(resolve_paths(), DEFAULT_REF)
    assert _leftovers(DEFAULT_REF) == []


def test_a_short_part_is_caught_before_anything_is_written(fake_table: dict[str, bytes]) -> None:
    part = bundled._part_files(bundled.starter(DEFAULT_REF))[1]
    part.write_bytes(part.read_bytes()[:-1])
    n = len(fake_table["whole"])
    with pytest.raises(ModelFileError, match=f"the qwen-1.5b model's parts hold {n - 1:,} bytes, not {n:,}; reinstall"):
        ensure_starter(resolve_paths(), DEFAULT_REF)
    assert _leftovers(DEFAULT_REF) == []


def test_a_missing_part_names_its_package(fake_table: dict[str, bytes], tmp_path: Path) -> None:
    import shutil

    shutil.rmtree(tmp_path / "site" / "fake_big_part2")
    paths = resolve_paths()
    assert missing_reason("qwen-1.5b", paths, Config()) == "package fake-big-part2 is not installed"
    with pytest.raises(ModelNotFoundError, match=r"^the qwen-1.5b model's package fake-big-part2 is not installed; reinstall "
                                                 r"llorch \(pip install \.\) or run `pip install --force-reinstall fake-big-part2==0\.2\.0`$"):
        ensure_starter(paths, DEFAULT_REF)
    assert _leftovers(DEFAULT_REF) == []
    rows = {r.ref: r for r in list_models(paths, Config())}
    assert rows["qwen-1.5b"].path is None and rows["qwen-1.5b"].note.endswith("; package fake-big-part2 is not installed")
    r = invoke_main(["run", "-m", "qwen-1.5b", "hi"])
    assert r.exit_code == 1 and "package fake-big-part2 is not installed" in r.output and "Traceback" not in r.output


def test_a_package_without_its_data_file_names_it(fake_table: dict[str, bytes], tmp_path: Path) -> None:
    (tmp_path / "site" / "fake_big_part3" / "data" / "part03.bin").unlink()
    with pytest.raises(ModelNotFoundError, match=r"package fake-big-part3 is incomplete \(no data/part03\.bin\)"):
        ensure_starter(resolve_paths(), DEFAULT_REF)
    assert _leftovers(DEFAULT_REF) == []


def test_starter_is_the_fast_models_old_name(fake_table: dict[str, bytes]) -> None:
    paths = resolve_paths()
    got = resolve_model("starter", paths, Config())
    assert got.path == starter_path(paths, FAST_REF) == paths.models_dir / "qwen-0.5b" / "qwen-0.5b.gguf"
    assert resolve_model("qwen-0.5b", paths, Config()).path == got.path  # one file, assembled once
    rows = {r.ref: r for r in list_models(paths, Config())}
    assert "starter" not in rows and "(also starter)" in rows["qwen-0.5b"].note
    assert remove_model("starter", paths, Config()) == got.path and not got.path.exists()


def test_a_fast_model_cached_under_its_old_name_moves_instead_of_assembling_again(fake_table: dict[str, bytes]) -> None:
    paths = resolve_paths()
    old = paths.models_dir / "starter"
    old.mkdir(parents=True)
    (old / "qwen-0.5b.gguf").write_bytes(fake_table["whole"])
    got = resolve_model("starter", paths, Config()).path
    assert got == paths.models_dir / "qwen-0.5b" / "qwen-0.5b.gguf" and got.read_bytes() == fake_table["whole"]
    assert not old.exists()


def test_every_model_command_takes_the_new_reference(fake_table: dict[str, bytes]) -> None:
    listed = {row["name"]: row for row in json.loads(invoke_main(["models", "list", "--json"]).stdout)}
    assert listed["qwen-1.5b"]["path"] is None and listed["qwen-1.5b"]["source"] == "starter"
    assert listed["qwen-1.5b"]["note"].startswith("Qwen2.5-Coder-1.5B-Instruct (Q4_K_M)")
    pulled = invoke_main(["models", "pull", "qwen-1.5b"])
    assert pulled.exit_code == 0, pulled.output
    path = starter_path(resolve_paths(), DEFAULT_REF)
    assert pulled.stdout == f"{path}\n"
    shown = json.loads(invoke_main(["models", "show", "--json", "qwen-1.5b"]).stdout)
    assert (shown["path"], shown["architecture"]) == (str(path), "llama")  # the tiny model's header, read from the cache
    answered = invoke_main(["run", "-m", "qwen-1.5b", "--raw", "--max-tokens", "2", "--seed", "1", "hi"])
    assert answered.exit_code == 0, answered.output  # the real engine loads it under its new name
    assert invoke_main(["models", "rm", "qwen-1.5b"]).exit_code == 0 and not path.exists()


def test_unknown_names_are_not_bundled() -> None:
    assert bundled.canonical_ref("qwen-7b") is None
    with pytest.raises(ModelNotFoundError, match="'qwen-7b' is not a bundled model"):
        bundled.starter("qwen-7b")
    r = invoke_main(["models", "pull", "qwen-7b"])
    assert r.exit_code == 1 and "pull a bundled model (qwen-1.5b, qwen-0.5b, gemma-3-270m, starter)" in r.output


@pytest.mark.starter
def test_the_real_1_5b_assembles_from_its_22_packages() -> None:
    from llorch.engine.gguf import read_gguf

    paths = resolve_paths()
    target = ensure_starter(paths, DEFAULT_REF)
    assert target.stat().st_size == 1_117_320_768
    assert target.with_name(target.name + ".sha256").read_text().split() == [
        "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046", "1117320768"]
    g = read_gguf(target)
    assert (g.architecture, g.metadata["qwen2.block_count"], g.context_length, g.quantization) == ("qwen2", 28, 32768, "Q4_K_M")
    assert g.chat_template and "tool" in g.chat_template and g.expected_size == g.file_size
    assert 1_400_000_000 < g.n_params < 1_900_000_000
    remove_model(DEFAULT_REF, paths, Config())
    assert _leftovers(DEFAULT_REF) == []
