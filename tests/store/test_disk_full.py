"""A full disk says so: "the disk is full", the file, and what to do; never a bare "disk I/O error"."""

from __future__ import annotations

import errno
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from llorch.userfiles import DISK_FULL, write_failure

# SQLite in a child process whose files may not grow past 256 kB: its writes fail in the kernel
# (EFBIG), and real SQLite reports what it reports for a failed write it cannot name, "disk I/O
# error" (SQLITE_IOERR_WRITE), as on a disk that filled while its WAL grew. Whether the disk is
# full is then read from the file system; here statvfs says how much room it has.
_IOERR = """
import os, resource, signal, sys
from pathlib import Path
from llorch.errors import StoreError
from llorch.store.db import Store

store = Store.open(Path(sys.argv[1]))
session = store.create_session()
free_blocks = int(sys.argv[2])
real_statvfs = os.statvfs

class Room:
    def __init__(self, real):
        self.f_frsize, self.f_bavail = real.f_frsize, free_blocks

os.statvfs = lambda path: Room(real_statvfs(path))
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, 256 * 1024))
try:
    for i in range(200):
        store.add_message(session, "user", "words " * 4000)
except StoreError as exc:
    print(exc)
"""


def _sqlite_write_fails(db: Path, free_blocks: int) -> str:
    r = subprocess.run([sys.executable, "-c", textwrap.dedent(_IOERR), str(db), str(free_blocks)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    return r.stdout.strip()


def test_an_sqlite_io_error_on_a_full_disk_says_the_disk_is_full(tmp_path: Path) -> None:
    said = _sqlite_write_fails(tmp_path / "llorch.db", free_blocks=0)
    assert said == (f"could not save to {tmp_path / 'llorch.db'}: the disk is full; free some space and try again "
                    "(nothing saved before was lost)")


def test_an_sqlite_io_error_with_room_on_the_disk_is_not_called_a_full_disk(tmp_path: Path) -> None:
    said = _sqlite_write_fails(tmp_path / "llorch.db", free_blocks=10**9)
    assert said.startswith(f"could not save to {tmp_path / 'llorch.db'}: disk I/O error"), said


def test_writing_a_file_on_a_full_device_says_so(llorch_home: Path) -> None:
    """/dev/full fails every write with ENOSPC, as a full disk does."""
    from support import invoke_main

    from llorch.config import resolve_paths
    from llorch.store import open_store

    with open_store(resolve_paths()) as store:
        session = store.create_session()
        store.add_message(session, "user", "hello")
    r = invoke_main(["sessions", "export", str(session), "-o", "/dev/full"])
    assert r.exit_code == 1
    assert r.stderr == "Error: cannot write /dev/full: the disk is full; free some space and try again\n"


def test_settings_on_a_full_disk_are_left_unchanged_and_say_why(llorch_home: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from support import invoke_main

    def no_room(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_room)
    r = invoke_main(["config", "set", "sampling.seed", "7"])
    assert r.exit_code == 1 and "config.toml: the disk is full; free some space and try again" in r.stderr, r.stderr
    monkeypatch.undo()
    assert invoke_main(["config", "get", "sampling.seed"]).stdout.strip() != "7"


@pytest.mark.parametrize(("code", "words"), [
    (errno.ENOSPC, DISK_FULL), (errno.EDQUOT, DISK_FULL), (errno.EROFS, "read-only"), (errno.EACCES, "permission denied"),
])
def test_write_failures_in_words(code: int, words: str) -> None:
    assert words in write_failure(OSError(code, "x"))
