"""The SQLite session store: schema, search, refusal of bad files, concurrency and crash safety."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from llorch.errors import SessionNotFoundError, StoreError
from llorch.store.db import SCHEMA_VERSION, Store


def test_sessions_messages_and_search(tmp_path: Path) -> None:
    with Store.open(tmp_path / "db.sqlite") as s:
        sid = s.create_session(model="m1", system_prompt="be nice")
        s.add_message(sid, "user", "How do I enable flash attention?")
        s.add_message(sid, "assistant", "Set engine.flash_attn to true.", status="complete", completion_tokens=7, ttft_ms=12.5)
        other = s.create_session(model="m2")
        s.add_message(other, "user", "unrelated words")
        session = s.get_session(sid)
        assert (session.title, session.message_count, session.system_prompt) == ("How do I enable flash attention?", 2, "be nice")
        assert [x.id for x in s.list_sessions()] == [other, sid]
        assert s.last_session().id == other  # type: ignore[union-attr]
        s.create_session(model="m3")  # (newer, but nothing said in it: not the one to continue)
        assert s.last_session().id == other  # type: ignore[union-attr]
        msgs = s.messages(sid)
        assert [(m.role, m.completion_tokens, m.ttft_ms) for m in msgs] == [("user", 0, 0.0), ("assistant", 7, 12.5)]
        hits = s.search("flash attention")
        assert {m.session_id for m, _ in hits} == {sid} and "[flash]" in hits[0][1]
        assert s.search('"quotes" and (parens)') == []  # user text is quoted, never FTS syntax
        s.delete_session(sid)
        assert s.search("flash") == []
        with pytest.raises(SessionNotFoundError):
            s.get_session(sid)


def test_schema_version_and_wal(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_newer_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="written by a newer llorch"):
        Store.open(path)
    assert path.read_bytes() == before


def test_corrupt_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    path.write_bytes(b"this is not sqlite at all" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a usable llorch database"):
        Store.open(path)
    assert path.read_bytes() == before


WRITER = """
import sys
from pathlib import Path
from llorch.store.db import Store
s = Store.open(Path(sys.argv[1]))
sid = s.create_session(model=sys.argv[2])
for i in range(int(sys.argv[3])):
    s.add_message(sid, "user", f"{sys.argv[2]} message {i}")
print(sid)
"""


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    Store.open(path).close()
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, "150"], stdout=subprocess.PIPE, text=True)
             for name in ("alpha", "beta")]
    outs = [p.communicate(timeout=600)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    with Store.open(path) as s:
        for out in outs:
            assert len(s.messages(int(out))) == 150
        assert s.integrity_ok()


def test_sigkill_while_writing_leaves_a_clean_database(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    Store.open(path).close()
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), "victim", "100000"])
    deadline = time.time() + 300
    while time.time() < deadline:
        time.sleep(0.2)
        with Store.open(path) as s:
            if s.list_sessions() and s.list_sessions()[0].message_count > 50:
                break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with Store.open(path) as s:
        assert s.integrity_ok()
        (session,) = s.list_sessions()
        msgs = s.messages(session.id)
        assert len(msgs) == session.message_count > 50
        assert [m.content for m in msgs] == [f"victim message {i}" for i in range(len(msgs))]
        s.add_message(session.id, "user", "still writable")


def test_the_database_and_its_wal_files_are_private(tmp_path: Path) -> None:
    path = tmp_path / "data" / "llorch.db"
    with Store.open(path) as s:
        s.add_message(s.create_session(), "user", "my secrets")
        files = [p for p in path.parent.iterdir() if p.name.startswith("llorch.db")]
        assert {p.name for p in files} >= {"llorch.db", "llorch.db-wal", "llorch.db-shm"}
        assert all(p.stat().st_mode & 0o777 == 0o600 for p in files), [oct(p.stat().st_mode) for p in files]
    assert path.parent.stat().st_mode & 0o077 == 0
    path.chmod(0o644)  # (others' bits are taken off)
    Store.open(path).close()
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_database_its_owner_made_read_only_stays_read_only(tmp_path: Path) -> None:
    path = tmp_path / "data" / "llorch.db"
    Store.open(path).close()
    path.chmod(0o444)  # ("freeze my history": it was made 0600, and writable, again)
    with contextlib.suppress(StoreError):
        Store.open(path).close()
    assert path.stat().st_mode & 0o777 == 0o400


def test_a_full_disk_is_said_plainly_and_loses_nothing_saved(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    with Store.open(path) as s:
        sid = s.create_session()
        s.add_message(sid, "user", "kept")
        s._conn.execute(f"PRAGMA max_page_count = {s._conn.execute('PRAGMA page_count').fetchone()[0]}")  # no room left
        with pytest.raises(StoreError, match="the disk is full; free some space") as info:
            for _ in range(200):
                s.add_message(sid, "assistant", "x" * 5000)
        assert "rollback" not in str(info.value)
        s._conn.execute("PRAGMA max_page_count = 1000000")  # space again: writes work again
        s.add_message(sid, "user", "after")
        assert s.integrity_ok()
        assert [m.content for m in s.messages(sid)][0] == "kept" and s.messages(sid)[-1].content == "after"


def test_a_read_only_database_is_said_plainly(tmp_path: Path) -> None:
    with Store.open(tmp_path / "db.sqlite") as s:
        sid = s.create_session()
        s._conn.execute("PRAGMA query_only = ON")  # what a read-only file does to writes (root ignores file modes)
        with pytest.raises(StoreError, match="is read-only; make them writable"):
            s.add_message(sid, "user", "x")


def test_a_path_that_cannot_be_opened_is_not_called_a_bad_database(tmp_path: Path) -> None:
    folder = tmp_path / "db.sqlite"
    folder.mkdir()
    with pytest.raises(StoreError) as info:
        Store.open(folder)
    assert "cannot open the session database" in str(info.value) and "move it aside" not in str(info.value)


def test_last_session_is_the_last_chat_not_a_pipeline_run(tmp_path: Path) -> None:
    with Store.open(tmp_path / "db.sqlite") as s:
        chat = s.create_session(model="m")
        s.add_message(chat, "user", "hello")
        run = s.create_session(profile="agents:research-code", kind="agents")
        s.add_message(run, "user", "dedupe a list")  # the newer session, but a pipeline run
        assert s.get_session(run).kind == "agents" and s.get_session(chat).kind == "chat"
        assert s.last_session().id == chat  # type: ignore[union-attr]
        assert s.last_session(kind=None).id == run  # type: ignore[union-attr]
        assert s.last_session(kind="agents").id == run  # type: ignore[union-attr]


def test_the_kind_migration_marks_pipeline_runs_saved_before_it(tmp_path: Path) -> None:
    """A database of schema 3 (no kind column) where `llorch agents run` saved the latest session."""
    from llorch.store.db import _MIGRATIONS, _split

    path = tmp_path / "db.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    for version in (1, 2, 3):
        for statement in _split(_MIGRATIONS[version]):
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 3")
    conn.execute("INSERT INTO sessions(title, profile, created_at, updated_at) VALUES ('a chat', 'general', 1, 1)")
    conn.execute("INSERT INTO sessions(title, profile, created_at, updated_at) VALUES ('t: task', 'agents:t', 2, 2)")
    for session in (1, 2):
        conn.execute("INSERT INTO messages(session_id, role, content, created_at) VALUES (?, 'user', 'hi', 1)",
                     (session,))
    conn.close()
    with Store.open(path) as s:
        assert [x.kind for x in s.list_sessions()] == ["agents", "chat"]
        assert s.last_session().title == "a chat"  # type: ignore[union-attr]


def test_closing_waits_for_a_statement_in_another_thread_and_later_calls_say_closed(tmp_path: Path) -> None:
    """Ctrl-C during `run --each-line`: the runtime closed the store while a line's thread was reading
    breaker state from it (a segfault). Close waits for the statement; what comes after is a StoreError."""
    import threading

    store = Store.open(tmp_path / "llorch.db")
    inside, release = threading.Event(), threading.Event()

    def slow(x: int) -> int:
        inside.set()
        release.wait(10)
        return x

    store._conn.create_function("slow", 1, slow)
    rows: list[object] = []
    reader = threading.Thread(target=lambda: rows.append(store._query("SELECT slow(1)")))
    reader.start()
    assert inside.wait(10)
    closer = threading.Thread(target=store.close)
    closer.start()
    closer.join(0.3)
    assert closer.is_alive()  # the statement is still running in SQLite
    release.set()
    closer.join(10)
    reader.join(10)
    assert rows == [[(1,)]]
    with pytest.raises(StoreError, match="was closed"):
        store.list_sessions()
    with pytest.raises(StoreError, match="was closed"):
        store.create_session()


def test_two_llorch_processes_opening_a_fresh_home_at_once_both_open_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CI's race: `llorch chat` and a reader each read schema 0 on a new database, and the second to migrate
    failed with "table sessions already exists". Here the other opener migrates between this one's read and its
    migration, every time, in one thread."""
    path = tmp_path / "llorch.db"
    migrate = Store._migrate
    calls = []

    def other_opener_first(self: Store, current: int) -> None:
        calls.append(current)
        if len(calls) == 1:
            with Store.open(path) as other:  # (its own _migrate call is the second one: no recursion)
                other.create_session(model="m")
        migrate(self, current)

    monkeypatch.setattr(Store, "_migrate", other_opener_first)
    with Store.open(path) as store:
        assert calls == [0, 0]  # both read a fresh file
        assert [s.model for s in store.list_sessions()] == ["m"]
        assert store._conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
