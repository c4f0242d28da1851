"""The session store: SQLite in WAL mode, with schema migrations and full-text search.

Every write is its own short transaction (BEGIN IMMEDIATE, with a busy timeout), so
several llorch processes can write to one database at once, and a message is on disk
as soon as it completes: a process killed mid-answer loses only that answer.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from llorch.errors import SessionNotFoundError, StoreError
from llorch.userfiles import DISK_FULL, disk_nearly_full, write_failure

__all__ = ["SCHEMA_VERSION", "SESSION_KINDS", "Store", "StoredMessage", "StoredSession"]

SCHEMA_VERSION = 5

_MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        title TEXT NOT NULL DEFAULT '',
        model TEXT NOT NULL DEFAULT '',
        profile TEXT NOT NULL DEFAULT '',
        system_prompt TEXT NOT NULL DEFAULT '',
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL
    );
    CREATE TABLE messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
        content TEXT NOT NULL,
        model TEXT NOT NULL DEFAULT '',
        profile TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'complete' CHECK (status IN ('complete', 'cancelled', 'error')),
        prompt_tokens INTEGER NOT NULL DEFAULT 0,
        completion_tokens INTEGER NOT NULL DEFAULT 0,
        ttft_ms REAL NOT NULL DEFAULT 0,
        tg_tokens_per_s REAL NOT NULL DEFAULT 0,
        total_ms REAL NOT NULL DEFAULT 0,
        created_at REAL NOT NULL
    );
    CREATE INDEX messages_by_session ON messages(session_id, id);
    CREATE VIRTUAL TABLE messages_fts USING fts5(content, content='messages', content_rowid='id');
    CREATE TRIGGER messages_ai AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
    END;
    CREATE TRIGGER messages_ad AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
    END;
    """,
    2: """
    CREATE TABLE bench_runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at REAL NOT NULL,
        label TEXT NOT NULL DEFAULT '',
        data TEXT NOT NULL
    );
    """,
    3: """
    ALTER TABLE messages ADD COLUMN meta TEXT NOT NULL DEFAULT '';
    CREATE TABLE response_cache (
        profile TEXT NOT NULL,
        prompt_key TEXT NOT NULL,
        prompt TEXT NOT NULL,
        answer TEXT NOT NULL,
        model TEXT NOT NULL DEFAULT '',
        created_at REAL NOT NULL,
        hits INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (profile, prompt_key)
    );
    CREATE TABLE breakers (
        model TEXT PRIMARY KEY,
        data TEXT NOT NULL,
        updated_at REAL NOT NULL
    );
    """,
    # What a session is: a conversation (`chat --continue` resumes the last one) or a pipeline
    # run of `llorch agents`, which is resumed only by its id. Runs saved before this column
    # are recognised by the profile the runner gave them.
    4: """
    ALTER TABLE sessions ADD COLUMN kind TEXT NOT NULL DEFAULT 'chat' CHECK (kind IN ('chat', 'agents'));
    UPDATE sessions SET kind = 'agents' WHERE profile LIKE 'agents:%';
    """,
    # `llorch eval`: a run (its setup and per-set figures as JSON) and each item's outcome, one row
    # each, so that two runs pair up item by item and a confidence score can be queried.
    5: """
    CREATE TABLE eval_runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at REAL NOT NULL,
        label TEXT NOT NULL DEFAULT '',
        model TEXT NOT NULL DEFAULT '',
        profile TEXT NOT NULL DEFAULT '',
        data TEXT NOT NULL
    );
    CREATE TABLE eval_items (
        run_id INTEGER NOT NULL REFERENCES eval_runs(id) ON DELETE CASCADE,
        task_set TEXT NOT NULL,
        item_id TEXT NOT NULL,
        correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
        seconds REAL NOT NULL DEFAULT 0,
        tokens INTEGER NOT NULL DEFAULT 0,
        mean_logprob REAL,
        data TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (run_id, task_set, item_id)
    );
    """,
}

SESSION_KINDS = ("chat", "agents")


@dataclass(frozen=True)
class StoredSession:
    id: int
    title: str
    model: str
    profile: str
    system_prompt: str
    created_at: float
    updated_at: float
    kind: str = "chat"  # "chat", or "agents" for a pipeline run
    message_count: int = 0


@dataclass(frozen=True)
class StoredMessage:
    id: int
    session_id: int
    role: str
    content: str
    model: str = ""
    profile: str = ""
    status: str = "complete"
    prompt_tokens: int = 0
    completion_tokens: int = 0
    ttft_ms: float = 0.0
    tg_tokens_per_s: float = 0.0
    total_ms: float = 0.0
    created_at: float = 0.0
    meta: str = ""  # JSON: a tool call's name, arguments and result; an answer's source


class Store:
    """llorch's SQLite database. Open with `Store.open(path)`; close when done."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self._lock = threading.RLock()  # one connection, shared by the UI and worker threads
        self._closed = False

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (creating if absent) and migrate; refuse a corrupt or newer database untouched.

        The file is private (0600, and SQLite gives its -wal and -shm files the same mode):
        chat history is nobody else's business on a shared machine."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not path.exists():
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
            elif (mode := path.stat().st_mode) & 0o077:  # others' bits off; a read-only file the owner made stays
                os.chmod(path, mode & 0o700)  # read-only (0o600 made a chmod 444 database writable again)
            conn = sqlite3.connect(path, timeout=10.0, isolation_level=None, check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the session database {path}: {_cause(exc, path)}") from None
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{path} was written by a newer llorch (schema {version}, this one knows {SCHEMA_VERSION}); "
                    "upgrade llorch — the file was left unchanged"
                )
            conn.execute("PRAGMA busy_timeout = 10000")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            store = cls(conn, path)
            store._migrate(version)
            return store
        except sqlite3.DatabaseError as exc:
            conn.close()
            if _environmental(exc):  # a full disk or a read-only file says nothing about the file itself
                raise StoreError(f"cannot open the session database {path}: {_cause(exc, path)}") from None
            raise StoreError(
                f"{path} is not a usable llorch database ({exc}); move it aside to start afresh — llorch left it unchanged"
            ) from None
        except BaseException:
            conn.close()
            raise

    @property
    def in_memory(self) -> bool:
        """Whether this is a private in-memory store (Store.memory): nothing in it is kept."""
        return self.path == Path(":memory:")

    @classmethod
    def memory(cls) -> Store:
        """A private in-memory store: a one-shot answer's conversation, never saved."""
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        store = cls(conn, Path(":memory:"))
        store._migrate(0)
        return store

    def _migrate(self, current: int) -> None:
        for version in range(current + 1, SCHEMA_VERSION + 1):
            with self._write():
                # Read again under the write lock: another llorch started on the same fresh home (a chat and a
                # test's reader, two shells) may have migrated since `current` was read ("table sessions already exists").
                if self._conn.execute("PRAGMA user_version").fetchone()[0] >= version:
                    continue
                for statement in _split(_MIGRATIONS[version]):
                    self._conn.execute(statement)
                self._conn.execute(f"PRAGMA user_version = {version}")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._check_open()
            yield from self._transaction()

    def _check_open(self) -> None:
        if self._closed:  # another thread closed it (the runtime, as the process ends)
            raise StoreError(f"the session database {self.path} was closed")

    def _transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"could not save to {self.path}: {_cause(exc, self.path)}") from None
        try:
            yield self._conn
        except sqlite3.Error as exc:
            self._rollback()
            raise StoreError(f"could not save to {self.path}: {_cause(exc, self.path)}") from None
        except BaseException:
            self._rollback()
            raise
        try:
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()  # SQLite may have rolled back already (a full disk does)
            raise StoreError(f"could not save to {self.path}: {_cause(exc, self.path)}") from None

    def _rollback(self) -> None:
        if self._conn.in_transaction:
            try:
                self._conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # the write is lost either way; the database is intact (SQLite's journal)

    def close(self) -> None:
        """Close the connection once no other thread is inside a call (closing under a running
        statement crashed the process); later calls raise StoreError."""
        with self._lock:
            self._closed = True
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- sessions ---------------------------------------------------------

    def create_session(self, *, model: str = "", profile: str = "", system_prompt: str = "", title: str = "",
                       kind: str = "chat") -> int:
        if kind not in SESSION_KINDS:
            raise ValueError(f"unknown session kind {kind!r}")
        now = time.time()
        with self._write() as c:
            cur = c.execute(
                "INSERT INTO sessions(title, model, profile, system_prompt, created_at, updated_at, kind) "
                "VALUES (?,?,?,?,?,?,?)",
                (title, model, profile, system_prompt, now, now, kind),
            )
            return int(cur.lastrowid or 0)

    def update_session(self, session_id: int, *, updated_at: float | None = None, **fields: Any) -> None:
        """Change `fields` and stamp the session as used now, or at `updated_at` (putting a session back as
        it was, when it was opened and nothing was said in it)."""
        allowed = {"title", "model", "profile", "system_prompt"}
        bad = set(fields) - allowed
        if bad:
            raise ValueError(f"unknown session fields: {sorted(bad)}")
        if not fields:
            return
        sets = ", ".join(f"{k} = ?" for k in fields)
        stamp = time.time() if updated_at is None else updated_at
        with self._write() as c:
            cur = c.execute(f"UPDATE sessions SET {sets}, updated_at = ? WHERE id = ?", (*fields.values(), stamp, session_id))
            if cur.rowcount == 0:
                raise SessionNotFoundError(f"no session {session_id}; `llorch sessions list` shows them")

    def get_session(self, session_id: int) -> StoredSession:
        rows = self._query(
            "SELECT s.*, (SELECT COUNT(*) FROM messages m WHERE m.session_id = s.id) FROM sessions s WHERE s.id = ?",
            (session_id,),
        )
        if not rows:
            raise SessionNotFoundError(f"no session {session_id}; `llorch sessions list` shows them")
        return StoredSession(*rows[0])

    def last_session(self, kind: str | None = "chat") -> StoredSession | None:
        """The most recently used session of `kind` (None: of any kind) that holds a message. By default the
        last conversation: a pipeline run of `llorch agents` is not one to continue chatting in, nor a chat
        that said nothing (a `llorch chat < /dev/null` after it took `--continue` to an empty session)."""
        where, params = ("AND kind = ?", (kind,)) if kind is not None else ("", ())
        rows = self._query("SELECT id FROM sessions s WHERE EXISTS (SELECT 1 FROM messages m WHERE m.session_id = "
                           f"s.id) {where} ORDER BY updated_at DESC, id DESC LIMIT 1", params)
        return self.get_session(rows[0][0]) if rows else None

    def list_sessions(self, limit: int = 50) -> list[StoredSession]:
        rows = self._query(
            "SELECT s.*, (SELECT COUNT(*) FROM messages m WHERE m.session_id = s.id) FROM sessions s "
            "ORDER BY s.updated_at DESC, s.id DESC LIMIT ?",
            (limit,),
        )
        return [StoredSession(*r) for r in rows]

    def delete_session(self, session_id: int) -> None:
        with self._write() as c:
            c.execute("DELETE FROM messages WHERE session_id = ?", (session_id,))
            if c.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount == 0:
                raise SessionNotFoundError(f"no session {session_id}; `llorch sessions list` shows them")

    # --- messages ---------------------------------------------------------

    def add_message(self, session_id: int, role: str, content: str, **fields: Any) -> int:
        cols = ["session_id", "role", "content", "created_at", *fields]
        now = time.time()
        with self._write() as c:
            cur = c.execute(
                f"INSERT INTO messages({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                (session_id, role, content, now, *fields.values()),
            )
            if c.execute("UPDATE sessions SET updated_at = ? WHERE id = ?", (now, session_id)).rowcount == 0:
                raise SessionNotFoundError(f"no session {session_id}")
            if role == "user":
                c.execute("UPDATE sessions SET title = ? WHERE id = ? AND title = ''", (_title(content), session_id))
            return int(cur.lastrowid or 0)

    def delete_message(self, message_id: int) -> None:
        with self._write() as c:
            c.execute("DELETE FROM messages WHERE id = ?", (message_id,))

    def messages(self, session_id: int) -> list[StoredMessage]:
        rows = self._query(
            "SELECT id, session_id, role, content, model, profile, status, prompt_tokens, completion_tokens, ttft_ms, "
            "tg_tokens_per_s, total_ms, created_at, meta FROM messages WHERE session_id = ? ORDER BY id",
            (session_id,),
        )
        return [StoredMessage(*r) for r in rows]

    def search(self, text: str, limit: int = 50) -> list[tuple[StoredMessage, str]]:
        """Messages matching `text` (FTS5), newest first, each with a highlighted snippet."""
        query = " ".join('"' + word.replace('"', '""') + '"' for word in text.split())
        if not query:
            return []
        rows = self._query(
            "SELECT m.id, m.session_id, m.role, m.content, m.model, m.profile, m.status, m.prompt_tokens, "
            "m.completion_tokens, m.ttft_ms, m.tg_tokens_per_s, m.total_ms, m.created_at, m.meta, "
            "snippet(messages_fts, 0, '[', ']', '…', 12) FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid "
            "WHERE messages_fts MATCH ? ORDER BY m.id DESC LIMIT ?",
            (query, limit),
        )
        return [(StoredMessage(*r[:14]), r[14]) for r in rows]

    # --- response cache (the fallback chain's answers of last resort) -----------

    def cache_answer(self, profile: str, prompt_key: str, prompt: str, answer: str, model: str) -> None:
        with self._write() as c:
            c.execute(
                "INSERT INTO response_cache(profile, prompt_key, prompt, answer, model, created_at) VALUES (?,?,?,?,?,?) "
                "ON CONFLICT(profile, prompt_key) DO UPDATE SET prompt = excluded.prompt, answer = excluded.answer, "
                "model = excluded.model, created_at = excluded.created_at",
                (profile, prompt_key, prompt, answer, model, time.time()),
            )

    def cached_answer(self, profile: str, prompt_key: str) -> tuple[str, str, float] | None:
        """(answer, model, created_at) saved for this prompt under this profile, counting the hit."""
        with self._write() as c:
            row = c.execute(
                "SELECT answer, model, created_at FROM response_cache WHERE profile = ? AND prompt_key = ?",
                (profile, prompt_key),
            ).fetchone()
            if row is not None:
                c.execute("UPDATE response_cache SET hits = hits + 1 WHERE profile = ? AND prompt_key = ?", (profile, prompt_key))
        return (row[0], row[1], row[2]) if row else None

    # --- circuit-breaker state, shared by every llorch process ------------------

    def save_breaker(self, model: str, data: str) -> None:
        with self._write() as c:
            c.execute(
                "INSERT INTO breakers(model, data, updated_at) VALUES (?,?,?) "
                "ON CONFLICT(model) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
                (model, data, time.time()),
            )

    def breaker(self, model: str) -> str | None:
        rows = self._query("SELECT data FROM breakers WHERE model = ?", (model,))
        return rows[0][0] if rows else None

    def breakers(self) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in self._query("SELECT model, data FROM breakers ORDER BY model")]

    def delete_breaker(self, model: str | None = None) -> int:
        with self._write() as c:
            if model is None:
                return int(c.execute("DELETE FROM breakers").rowcount)
            return int(c.execute("DELETE FROM breakers WHERE model = ?", (model,)).rowcount)

    # --- benchmark runs -----------------------------------------------------

    def add_bench_run(self, data: str, label: str = "") -> int:
        with self._write() as c:
            cur = c.execute("INSERT INTO bench_runs(created_at, label, data) VALUES (?,?,?)", (time.time(), label, data))
            return int(cur.lastrowid or 0)

    def bench_runs(self, limit: int = 50) -> list[tuple[int, float, str, str]]:
        return [tuple(r) for r in self._query(
            "SELECT id, created_at, label, data FROM bench_runs ORDER BY id DESC LIMIT ?", (limit,)
        )]

    def bench_run(self, run_id: int) -> tuple[int, float, str, str]:
        rows = self._query("SELECT id, created_at, label, data FROM bench_runs WHERE id = ?", (run_id,))
        if not rows:
            raise StoreError(f"no benchmark run {run_id}; `llorch bench history` lists them")
        return tuple(rows[0])

    # --- evaluation runs (`llorch eval`) -----------------------------------------

    def add_eval_run(self, data: str, items: Sequence[tuple[str, str, bool, float, int, float | None, str]], *,
                     label: str = "", model: str = "", profile: str = "") -> int:
        """Save a run (`data`: its JSON without items) and its items, (set, item id, correct, seconds, tokens,
        mean logprob, JSON), in one transaction: a run is saved whole or not at all."""
        with self._write() as c:
            cur = c.execute("INSERT INTO eval_runs(created_at, label, model, profile, data) VALUES (?,?,?,?,?)",
                            (time.time(), label, model, profile, data))
            run_id = int(cur.lastrowid or 0)
            c.executemany(
                "INSERT INTO eval_items(run_id, task_set, item_id, correct, seconds, tokens, mean_logprob, data) "
                "VALUES (?,?,?,?,?,?,?,?)",
                [(run_id, s, i, int(ok), sec, tok, lp, d) for s, i, ok, sec, tok, lp, d in items],
            )
            return run_id

    def eval_runs(self, limit: int = 50) -> list[tuple[int, float, str, str, str, str]]:
        """(id, created_at, label, model, profile, data), newest first."""
        return [tuple(r) for r in self._query(
            "SELECT id, created_at, label, model, profile, data FROM eval_runs ORDER BY id DESC LIMIT ?", (limit,)
        )]

    def eval_run(self, run_id: int) -> tuple[tuple[int, float, str, str, str, str], list[tuple[str, str, str]]]:
        """A run's row and its items' (set, item id, JSON), in the order they were asked."""
        rows = self._query("SELECT id, created_at, label, model, profile, data FROM eval_runs WHERE id = ?", (run_id,))
        if not rows:
            raise StoreError(f"no eval run {run_id}; `llorch eval --list` lists them")
        items = self._query("SELECT task_set, item_id, data FROM eval_items WHERE run_id = ? ORDER BY rowid", (run_id,))
        return tuple(rows[0]), [tuple(r) for r in items]

    def integrity_ok(self) -> bool:
        return bool(self._query("PRAGMA integrity_check")[0][0] == "ok")

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        with self._lock:
            self._check_open()
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"cannot read the session database {self.path}: {exc}") from None


def _environmental(exc: BaseException) -> bool:
    """A fault of the disk or the permissions, not of the database file."""
    text = str(exc).lower()
    return any(w in text for w in ("disk is full", "readonly", "read-only", "unable to open", "disk i/o", "locked"))


def _disk_full(exc: BaseException, path: Path) -> bool:
    """SQLITE_FULL, ENOSPC, or an I/O error (SQLite says "disk I/O error" when growing its WAL index or
    syncing fails, the errno unsaid) on a file system with next to no space left."""
    if isinstance(exc, OSError):
        return write_failure(exc) == DISK_FULL
    name = str(getattr(exc, "sqlite_errorname", ""))
    if name == "SQLITE_FULL" or "disk is full" in str(exc).lower():
        return True
    is_ioerr = name.startswith("SQLITE_IOERR") or (not name and "disk i/o error" in str(exc).lower())
    return is_ioerr and path != Path(":memory:") and disk_nearly_full(path)


def _cause(exc: BaseException, path: Path) -> str:
    """What went wrong, in words a user acts on."""
    text = str(exc).lower()
    if _disk_full(exc, path):
        return f"{DISK_FULL} (nothing saved before was lost)"
    if isinstance(exc, OSError):
        return write_failure(exc)
    if "readonly" in text or "read-only" in text:
        return "the database or its folder is read-only; make them writable (`llorch config path` shows where)"
    if "locked" in text or "busy" in text:
        return f"another llorch process is writing to it ({exc}); try again"
    return str(exc)


def _title(content: str) -> str:
    line = " ".join(content.split())
    return line[:60] + ("…" if len(line) > 60 else "")


def _split(script: str) -> list[str]:
    """Split a migration into statements (triggers contain ';' inside BEGIN ... END)."""
    out: list[str] = []
    buf = ""
    for part in script.split(";"):
        buf += part + ";"
        if sqlite3.complete_statement(buf):
            if buf.strip(" \n;"):
                out.append(buf.strip())
            buf = ""
    return out
