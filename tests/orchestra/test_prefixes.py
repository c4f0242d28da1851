"""Shared prompt prefixes on disk: a profile's system prompt and tools, evaluated once per model and settings.

On FakeSlots, whose answers depend on exactly what its KV cache holds (a wrong restored state
changes them), and on the real llama.cpp engine with a tiny model (its own state files, damaged).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from llorch.chat.prompt import Turn, build_request
from llorch.engine.types import EngineOptions, Request, Sampling
from llorch.orchestra.fake import FakeSlots, fake_worker
from llorch.orchestra.kvcache import common_prefix
from llorch.orchestra.kvdisk import PREFIX_DIR, SeqStateStore
from llorch.orchestra.worker import Worker

GREEDY = Sampling(temperature=0.0, max_tokens=12)


def words(n: int, seed: int) -> str:
    rng = random.Random(seed)
    return " ".join(f"t{rng.randrange(1000)}" for _ in range(n))


SYSTEM = words(90, seed=1)
TOOLS = "Tools: " + words(40, seed=2)


def worker(kv: Path, engine: FakeSlots | None = None) -> Worker:
    """A fresh worker (as in a new process) saving to and restoring from `kv`, as open_worker sets it up."""
    engine = engine or FakeSlots(n_seq=2, n_ctx=1024)
    key = engine.state_key()
    return Worker(engine, disk=SeqStateStore(kv, key), prefixes=SeqStateStore.prefixes(kv, key))


def ask(w: Worker, question: str, system: str = SYSTEM, clock: str = "It is now Monday.") -> Request:
    request, _ = build_request(w, [Turn("user", question)], system=system, tools_text=TOOLS, clock=clock,
                               sampling=GREEDY, share=True)
    return request


def cold(request: Request) -> str:
    """The answer with nothing cached: what any restored state must not change."""
    with fake_worker(n_seq=1, n_ctx=1024) as w:
        return w.submit(request).result().text


def saved(kv: Path) -> list[Path]:
    return sorted((kv / PREFIX_DIR).glob("*/*.seq"))


def test_a_shared_prefix_is_saved_when_the_worker_closes_and_restored_by_the_next(tmp_path: Path) -> None:
    kv = tmp_path / "kv"
    with worker(kv) as w:
        first = w.submit(ask(w, "first question", clock="It is now Monday 09:30.")).result()
        assert not saved(kv)  # nothing is written while answering
        assert first.usage.cached_tokens == 0
    (file,) = saved(kv)
    assert file.stat().st_mode & 0o077 == 0
    assert not list(kv.glob("*/*.seq"))  # no conversation state: only `run --continue` asks for one
    with worker(kv) as w:  # the next process, a minute later, another question
        request = ask(w, "another question here", clock="It is now Tuesday 10:41.")
        done = w.submit(request).result()
        shared = len(w.tokenize(request.shared_prefix, add_bos=False, special=True))  # + BOS - the last
        assert w.kv.restored_prefix == w.kv.restored == done.usage.cached_tokens == shared
        assert shared > len(SYSTEM.split()) + len(TOOLS.split())
    assert done.text == cold(request)
    assert saved(kv) == [file]  # known to be on disk: not saved again


def test_a_prefix_is_saved_before_a_request_of_another_kind_takes_its_slot(tmp_path: Path) -> None:
    """A tool profile's decision reads the system prompt and the tools; an answer read without the
    tools' instructions then takes the only slot. The tools' prefix is written then, not lost."""
    kv = tmp_path / "kv"
    with worker(kv, FakeSlots(n_seq=1, n_ctx=1024)) as w:
        w.submit(ask(w, "first question")).result()
        assert not saved(kv)
        words_only, _ = build_request(w, [Turn("user", "first question")], system=SYSTEM, tools_text="",
                                      clock="It is now Monday.", sampling=GREEDY, share=True)
        w.submit(words_only).result()
        (file,) = saved(kv)  # written before the slot was cut to the system prompt
    assert file in saved(kv)
    with worker(kv) as w:
        request = ask(w, "another question")
        done = w.submit(request).result()
        shared = len(w.tokenize(request.shared_prefix, add_bos=False, special=True))
        assert w.kv.restored_prefix == done.usage.cached_tokens == shared
    assert done.text == cold(request)


def test_a_changed_prompt_model_or_setting_never_restores_a_state_of_other_tokens(tmp_path: Path) -> None:
    kv = tmp_path / "kv"
    with worker(kv) as w:
        original = w.tokenize(w.render_prompt(ask(w, "first question")))
        w.submit(ask(w, "first question")).result()
    changed_start = "Changed " + SYSTEM
    changed_middle = SYSTEM.replace(SYSTEM.split()[50], "changed", 1)
    for system in (changed_start, changed_middle):
        with worker(kv) as w:
            request = ask(w, "first question", system=system)
            done = w.submit(request).result()
            same = common_prefix(original, w.tokenize(w.render_prompt(request)))
            # At most the unchanged start comes back (its KV is the same), never the changed part.
            assert done.usage.cached_tokens == w.kv.restored <= same
            assert done.text == cold(request)
    assert w.kv.restored > 0 and system is changed_middle  # the first 32-token marks matched
    other_model = FakeSlots(n_seq=2, n_ctx=1024, name="another-model")  # another file or KV settings: another key
    with worker(kv, other_model) as w:
        done = w.submit(ask(w, "first question")).result()
        assert w.kv.restored == 0 and done.usage.cached_tokens == 0


def test_a_damaged_prefix_file_only_costs_speed_and_is_saved_again(tmp_path: Path) -> None:
    kv = tmp_path / "kv"
    with worker(kv) as w:
        w.submit(ask(w, "first question")).result()
    (file,) = saved(kv)
    file.write_bytes(b"\x00garbage" * 100)
    with worker(kv) as w:
        request = ask(w, "second question")
        done = w.submit(request).result()
        assert w.kv.restored == 0 and done.usage.cached_tokens == 0
    assert done.text == cold(request)
    with worker(kv) as w:  # it was saved again when that worker closed
        w.submit(ask(w, "third question")).result()
        assert w.kv.restored_prefix > 0


def test_warming_evaluates_only_the_shared_prefix_and_saves_it_at_once(tmp_path: Path) -> None:
    """What `llorch serve` does at start for each profile: no request waits for a close to save it."""
    kv = tmp_path / "kv"
    with worker(kv) as w:
        request = ask(w, "")
        shared = len(w.tokenize(request.shared_prefix, add_bos=False, special=True))
        w.warm(request).result()
        assert len(saved(kv)) == 1 and w.kv.slots[0].tokens[1:] == w.tokenize(request.shared_prefix)[1:shared]
        done = w.submit(ask(w, "a question")).result()
        assert done.usage.cached_tokens == shared
    engine = FakeSlots(n_seq=2, n_ctx=1024)
    with worker(kv, engine) as w:
        w.warm(ask(w, "")).result()
        assert engine.tokens_decoded == 0 and w.kv.restored_prefix == shared


REAL_SYSTEM = " ".join(random.Random(3).choice(["the", "cat", "sat", "on", "a", "mat", "dog", "ran"]) for _ in range(120))


def real_worker(model: Path, kv: Path, slots: int = 1) -> Worker:
    """A worker on the real engine, saving to and restoring from `kv` as open_worker sets it up."""
    from llorch.engine.llama import LlamaSlots

    engine = LlamaSlots(model, EngineOptions(n_ctx=1024 * slots, threads=1, slots=slots))
    key = engine.state_key()
    return Worker(engine, disk=SeqStateStore(kv, key), prefixes=SeqStateStore.prefixes(kv, key))


def real_request(w: Worker, question: str) -> Request:
    return build_request(w, [Turn("user", question)], system=REAL_SYSTEM, tools_text="", clock="",
                         sampling=Sampling(temperature=0.0, max_tokens=8, repeat_penalty=1.1), share=True)[0]


def test_a_prefix_on_the_real_engine_restores_and_a_damaged_one_is_evaluated(tiny_chat_model: Path, tmp_path: Path) -> None:
    kv = tmp_path / "kv"
    with real_worker(tiny_chat_model, kv) as w:
        expected = w.submit(real_request(w, "hello world")).result()
        assert expected.usage.cached_tokens == 0
    (file,) = saved(kv)
    with real_worker(tiny_chat_model, kv) as w:
        restored = w.submit(real_request(w, "hello world")).result()
        assert w.kv.restored_prefix == restored.usage.cached_tokens > 120
    assert restored.text == expected.text
    file.write_bytes(file.read_bytes()[: file.stat().st_size // 2])  # cut short, as a full disk leaves it
    with real_worker(tiny_chat_model, kv) as w:
        again = w.submit(real_request(w, "hello world")).result()
        assert w.kv.restored == 0 and again.usage.cached_tokens == 0
    assert again.text == expected.text


def test_one_slot_and_two_slots_each_keep_their_own_prefix(tiny_chat_model: Path, tmp_path: Path) -> None:
    """llama.cpp's sequence state records its KV streams (one per slot, unless unified): `chat` (two
    slots) failed to load the prefix `run` (one) saved ("n_stream mismatch") and deleted it as damaged."""
    kv = tmp_path / "kv"
    with real_worker(tiny_chat_model, kv, slots=1) as w:
        w.submit(real_request(w, "hello world")).result()
    (one,) = saved(kv)
    with real_worker(tiny_chat_model, kv, slots=2) as w:
        w.submit(real_request(w, "hello world")).result()
        assert w.kv.restored == 0  # not tried: another key
    assert one in saved(kv) and len(saved(kv)) == 2
    for slots in (2, 1):
        with real_worker(tiny_chat_model, kv, slots=slots) as w:
            done = w.submit(real_request(w, "hello world")).result()
            assert w.kv.restored_prefix == done.usage.cached_tokens > 120


@pytest.mark.parametrize("index", ["not json", '[{"file": 3, "n": "x", "marks": [], "used": 0}]'])
def test_a_damaged_index_is_no_state(tmp_path: Path, index: str) -> None:
    kv = tmp_path / "kv"
    with worker(kv) as w:
        w.submit(ask(w, "first question")).result()
    (file,) = saved(kv)
    (file.parent / "index.json").write_text(index)
    with worker(kv) as w:
        request = ask(w, "first question")
        assert w.submit(request).result().text == cold(request) and w.kv.restored == 0
