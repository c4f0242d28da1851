"""Reading files a user names (config, profiles, pipelines, schemas, MCP imports, tools' files),
and saying why a write failed.

One place for the checks every such read needs: the path must be a regular file (a FIFO
would block the read forever, a device never ends), of a bounded size, and what it parses to
must not nest deeper than anything llorch reads (`a = [[[…5000…]]]` would otherwise end in a
RecursionError, there or in whatever walks it later). Each failure is one line naming the file,
raised as the caller's own error type. `write_failure` words an OSError from writing (a full
disk above all) the same way for every writer.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from llorch.errors import InputError, LlorchError

__all__ = ["DISK_FULL", "MAX_DOCUMENT_BYTES", "MAX_NESTING", "MAX_SETTINGS_BYTES", "TextFile", "check_nesting",
           "disk_nearly_full", "parse_json", "parse_toml", "read_document", "read_regular", "write_failure"]

MAX_NESTING = 64  # levels of lists/tables/objects; no settings file or schema llorch reads comes near it
MAX_SETTINGS_BYTES = 16 * 1024 * 1024  # a config, profile, pipeline, schema or MCP import larger than this is a mistake

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024  # a document (`--file`, the papers tool) larger than this is not prose

ErrorType = type[LlorchError] | Callable[[str], Exception]


def read_regular(path: Path, *, what: str = "file", limit: int = MAX_SETTINGS_BYTES,
                 error: ErrorType = InputError, pipes: bool = False) -> bytes:
    """The bytes of `path`, a regular file of at most `limit` bytes.

    A FIFO, device or socket is refused without blocking (opened non-blocking, checked with
    fstat before any read), and so is a file over the limit. FileNotFoundError passes through
    (callers decide whether a missing file is an error); other failures raise `error`.
    `pipes`: a pipe is read to its end too (within `limit`), waiting for its writer as `cat` does:
    for a document named on the command line, `--file <(git diff)`; never for a file llorch opens
    by itself or a UI reads (nobody there to press Ctrl-C)."""
    fifo = False
    if pipes:
        try:
            fifo = stat.S_ISFIFO(os.stat(path).st_mode)  # then opened blocking: a named pipe's writer may come later
        except OSError:
            pass  # the open says what is wrong
    try:
        fd = os.open(path, os.O_RDONLY | (0 if fifo else os.O_NONBLOCK) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise error(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise error(f"{path} is a directory; give a {what}")
        if not stat.S_ISREG(st.st_mode) and not (fifo and stat.S_ISFIFO(st.st_mode)):
            raise error(f"{path} is not a regular file (a pipe, device or socket); give a {what}")
        if st.st_size > limit:
            raise error(f"{path} is {st.st_size / 2**20:,.1f} MiB, more than the {limit / 2**20:,.0f} MiB "
                        f"llorch reads from a {what}")
        chunks, size = [], 0
        while size <= limit:
            try:
                chunk = os.read(fd, 1 << 20)
            except OSError as exc:
                raise error(f"cannot read {path}: {exc.strerror or exc}") from None
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise error(f"{path} gives more than the {limit / 2**20:,.0f} MiB llorch reads from a {what}" if fifo
                        else f"{path} grew past {limit / 2**20:,.0f} MiB while it was read")
        return b"".join(chunks)
    finally:
        os.close(fd)


@dataclass(frozen=True)
class TextFile:
    """A document's text as read from a file; `title` is a PDF's metadata title when it has one."""

    path: Path
    text: str
    title: str = ""


_LIGATURES = str.maketrans({"\ufb01": "fi", "\ufb02": "fl", "\ufb00": "ff", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\xa0": " ", "\f": "\n"})


def _clean(text: str) -> str:
    """Unix line ends; PDF ligatures and page breaks as the plain characters a model reads best."""
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_LIGATURES)


def read_document(path: Path, *, limit: int = MAX_DOCUMENT_BYTES, error: ErrorType = InputError,
                  pipes: bool = False) -> TextFile:
    """A document's text from a PDF (its text layer, via pypdf) or a text file (.txt, .md, ...): what
    `--file` and the papers tool read. A missing, unreadable or binary file, an encrypted PDF and one
    without text (a scan) each raise `error` with one line naming the file and what to do. `pipes`: as
    read_regular's."""
    what = ".txt, .md or .pdf file"
    try:
        data = read_regular(path, what=what, limit=limit, error=error, pipes=pipes)
    except FileNotFoundError:
        raise error(f"{path}: no such file; give a {what}") from None
    if path.suffix.lower() == ".pdf" or data.startswith(b"%PDF-"):
        return _read_pdf(path, data, error)
    if b"\x00" in data[:8192]:
        raise error(f"{path.name}: looks like a binary file; give a {what}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")  # old text files: every byte is some character, never an error
    return TextFile(path, _clean(text))


def _read_pdf(path: Path, data: bytes, error: ErrorType) -> TextFile:
    import io

    from pypdf import PdfReader  # imported on first use: only PDFs need it

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise error(f"{path.name}: the PDF is encrypted; decrypt it first")
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
        meta = reader.metadata
        title = str(meta.title or "").strip() if meta is not None else ""
    except LlorchError:
        raise
    except Exception as exc:  # pypdf raises many exception types on damaged files
        raise error(f"{path.name}: cannot read this PDF ({type(exc).__name__}: {exc})") from None
    if not text.strip():
        raise error(f"{path.name}: the PDF has no text layer (a scanned PDF needs OCR first)")
    if title.lower().startswith(("microsoft word", "untitled")):
        title = ""
    return TextFile(path, _clean(text), title)


def _too_deep(source: str, error: ErrorType) -> Exception:
    return error(f"{source} nests lists or tables more than {MAX_NESTING} levels deep; flatten it")


def check_nesting(value: Any, source: str, error: ErrorType = InputError) -> None:
    """Refuse a parsed value nested more than MAX_NESTING levels (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth >= MAX_NESTING:
            raise _too_deep(source, error)
        stack.extend((child, depth + 1) for child in children)


def parse_toml(text: str, source: str, error: ErrorType = InputError) -> dict[str, Any]:
    """TOML text as a table; syntax errors and deep nesting raise `error` naming `source`."""
    import tomllib

    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{source} is not valid TOML ({exc}); fix or remove it") from None
    except RecursionError:
        raise _too_deep(source, error) from None
    check_nesting(table, source, error)
    return table


def parse_json(text: str, source: str, error: ErrorType = InputError) -> Any:
    """JSON text as a value; syntax errors and deep nesting raise `error` naming `source`."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise error(f"{source} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise _too_deep(source, error) from None
    check_nesting(value, source, error)
    return value


DISK_FULL = "the disk is full; free some space and try again"
_NEARLY_FULL_BYTES = 64 * 1024 * 1024


def disk_nearly_full(path: Path) -> bool:
    """Whether the file system holding `path` (or its nearest existing folder) has almost no space left:
    what an I/O error without an errno (SQLite's) most likely means."""
    where = Path(path)
    while not where.exists() and where != where.parent:
        where = where.parent
    try:
        st = os.statvfs(where)
    except OSError:
        return False
    return st.f_bavail * st.f_frsize < _NEARLY_FULL_BYTES


def write_failure(exc: OSError) -> str:
    """Why a write failed, in words a user acts on; the caller names the file."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DISK_FULL
    if exc.errno == errno.EROFS:
        return "the file system is read-only; write somewhere else"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied; make the folder writable or write somewhere else"
    return exc.strerror or str(exc)
