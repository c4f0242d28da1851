"""Setting keys of one [workers."MODEL"] table in config.toml in place (`llorch bench --tune --write`),
and a bundled model's tables under each of its names applying to it."""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

import pytest

from llorch.config import load_config, resolve_paths
from llorch.configedit import save_worker_values, set_worker_values, worker_table_text
from llorch.errors import ConfigError

CONFIG = """\
# my llorch settings
default_model = "qwen-0.5b"   # the fast one

[engine]
threads = 0   # auto
n_ctx = 8192

[workers."qwen-1.5b"]         # the big one
instances = 2
threads = 1   # keep one core free
slots = 3

# aliases below
[aliases]
coder = "/models/coder.gguf"
"""


def test_a_new_table_is_appended_and_every_other_byte_stays() -> None:
    new = set_worker_values(CONFIG, "qwen-0.5b", {"threads": 1, "flash_attn": True, "cache_type_v": "q8_0"})
    assert new.startswith(CONFIG)
    assert new[len(CONFIG):] == '\n[workers."qwen-0.5b"]\nthreads = 1\nflash_attn = true\ncache_type_v = "q8_0"\n'
    data = tomllib.loads(new)
    assert data["workers"]["qwen-0.5b"] == {"threads": 1, "flash_attn": True, "cache_type_v": "q8_0"}
    assert data["workers"]["qwen-1.5b"] == {"instances": 2, "threads": 1, "slots": 3}


def test_an_existing_table_gets_its_keys_replaced_in_place_comments_kept() -> None:
    new = set_worker_values(CONFIG, "qwen-1.5b", {"threads": 2, "n_ubatch": 256})
    before, after = CONFIG.splitlines(), new.splitlines()
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert changed[0] == ("threads = 1   # keep one core free", "threads = 2   # keep one core free")
    # The new key goes after the table's last key, before the blank line and the next table's comment.
    assert after[after.index("slots = 3") + 1] == "n_ubatch = 256" and after[after.index("n_ubatch = 256") + 1] == ""
    assert "# aliases below" in after and after[-1] == 'coder = "/models/coder.gguf"'
    assert tomllib.loads(new)["workers"]["qwen-1.5b"] == {"instances": 2, "threads": 2, "slots": 3, "n_ubatch": 256}


@pytest.mark.parametrize("header", ["[workers.'qwen-0.5b']", '[ workers . "qwen-0.5b" ]  # mine', "[workers.starter]"])
def test_the_table_is_found_however_its_header_is_quoted(header: str) -> None:
    name = "starter" if "starter" in header else "qwen-0.5b"
    text = f"{header}\nslots = 2 # two\n"
    new = set_worker_values(text, name, {"slots": 4})
    assert new == f"{header}\nslots = 4 # two\n"


def test_an_empty_table_gets_its_keys_under_its_header() -> None:
    assert set_worker_values('[workers."m"]', "m", {"slots": 2}) == '[workers."m"]\nslots = 2\n'
    assert set_worker_values('[workers."m"]\n[engine]\n', "m", {"slots": 2}) == '[workers."m"]\nslots = 2\n[engine]\n'


def test_a_table_written_inline_is_refused_with_the_lines_to_set_by_hand() -> None:
    text = 'workers = { "qwen-0.5b" = { threads = 2 } }\n'
    with pytest.raises(ConfigError, match=r"set these there by hand: threads = 1; flash_attn = true"):
        set_worker_values(text, "qwen-0.5b", {"threads": 1, "flash_attn": True})


def test_a_comment_with_a_hash_inside_a_string_value_is_kept_whole() -> None:
    text = '[workers."m"]\nspeculative = "off" # not "#1"\n'
    assert set_worker_values(text, "m", {"speculative": "ngram"}) == '[workers."m"]\nspeculative = "ngram" # not "#1"\n'


def test_saving_writes_atomically_keeps_permissions_and_validates(llorch_home: Path) -> None:
    paths = resolve_paths()
    paths.config_file.parent.mkdir(parents=True, exist_ok=True)
    paths.config_file.write_text(CONFIG)
    os.chmod(paths.config_file, 0o640)
    save_worker_values(paths, "qwen-0.5b", {"threads": 1, "n_batch": 256})
    assert stat.S_IMODE(paths.config_file.stat().st_mode) == 0o640
    assert paths.config_file.read_text().startswith(CONFIG)
    config = load_config(paths)
    assert config.worker_engine("qwen-0.5b") == {"threads": 1, "n_batch": 256}
    assert list(paths.config_file.parent.iterdir()) == [paths.config_file]  # no temporary file left
    with pytest.raises(ConfigError, match="threads"):
        save_worker_values(paths, "qwen-0.5b", {"threads": -1})
    with pytest.raises(ConfigError, match="not a per-model setting"):
        save_worker_values(paths, "qwen-0.5b", {"colour": "red"})
    paths.config_file.write_text("[engine]\nthreads = 'many'\n")  # a file that does not validate is not touched
    with pytest.raises(ConfigError):
        save_worker_values(paths, "qwen-0.5b", {"threads": 1})
    assert paths.config_file.read_text() == "[engine]\nthreads = 'many'\n"


def test_saving_without_a_config_file_makes_one(llorch_home: Path) -> None:
    paths = resolve_paths()
    save_worker_values(paths, "qwen-0.5b", {"slots": 8})
    assert paths.config_file.read_text() == worker_table_text("qwen-0.5b", {"slots": 8}) == '[workers."qwen-0.5b"]\nslots = 8\n'


def test_a_bundled_models_tables_under_each_name_apply_and_the_canonical_one_wins(llorch_home: Path) -> None:
    paths = resolve_paths()
    paths.config_file.parent.mkdir(parents=True, exist_ok=True)
    paths.config_file.write_text('[workers."starter"]\nthreads = 3\nslots = 2\n[workers."qwen-0.5b"]\nthreads = 1\n')
    config = load_config(paths)
    for name in ("qwen-0.5b", "starter"):
        assert config.worker_engine(name) == {"threads": 1, "slots": 2}
        assert config.get(f"workers.{name}.slots") == 2
    assert config.worker_engine("qwen-1.5b") == {} and config.instances("starter") == 1
