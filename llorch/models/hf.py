"""`hf:` references: pull GGUF files from a Hugging Face hub into llorch's cache, verified.

    hf:owner/repo              the repo's one GGUF, or its Q4_K_M when it has several
    hf:owner/repo:Q5_K_M       the file whose name carries that quantization
    hf:owner/repo/file.gguf    that exact file

`HF_ENDPOINT` points at another hub (tests use a local server); `HF_TOKEN` is honoured.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from llorch.config import Paths
from llorch.errors import InputError, ModelNotFoundError, ModelPullError

__all__ = ["HfRef", "hf_local_path", "is_hf_ref", "parse_hf_ref", "pull"]

PREFIX = "hf:"
_PREFERRED_QUANTS = ("Q4_K_M", "Q4_K_S", "Q5_K_M", "Q8_0", "Q6_K", "F16")
_REPO = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")
_NO_ROUTE = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN}


@dataclass(frozen=True)
class HfRef:
    repo_id: str
    filename: str | None = None
    quant: str | None = None

    def __str__(self) -> str:
        if self.filename:
            return f"{PREFIX}{self.repo_id}/{self.filename}"
        return f"{PREFIX}{self.repo_id}" + (f":{self.quant}" if self.quant else "")


def is_hf_ref(ref: str) -> bool:
    return ref.startswith(PREFIX)


def parse_hf_ref(ref: str) -> HfRef:
    body = ref[len(PREFIX) :] if is_hf_ref(ref) else ref
    quant = None
    if ":" in body:
        body, quant = body.rsplit(":", 1)
        if not quant:
            raise InputError(f"'{ref}' ends with ':' but names no quantization; try {ref}Q4_K_M")
    parts = body.strip("/").split("/")
    if any(part in ("", ".", "..") or "\\" in part for part in parts):  # (`models rm hf:a/b/../../x.gguf` deleted a
        raise InputError(f"'{ref}' is not a hub reference: its parts may not be empty, '.' or '..'")  # file outside)
    if len(parts) < 2 or not _REPO.match("/".join(parts[:2])):
        raise InputError(f"'{ref}' is not a hub reference; use hf:owner/repo, hf:owner/repo:QUANT or hf:owner/repo/file.gguf")
    repo_id = "/".join(parts[:2])
    filename = "/".join(parts[2:]) or None
    if filename and not filename.lower().endswith(".gguf"):
        raise InputError(f"'{ref}' names {filename}, which is not a .gguf file")
    if filename and quant:
        raise InputError(f"'{ref}' gives both a file and a quantization; give one")
    return HfRef(repo_id, filename, quant)


def _endpoint() -> str | None:
    return os.environ.get("HF_ENDPOINT") or None


def _repo_dir(paths: Paths, ref: HfRef) -> Path:
    return paths.models_dir / "hf" / ref.repo_id


def hf_local_path(paths: Paths, ref: HfRef) -> Path | None:
    """A pulled file for `ref` that is already in the cache, or None."""
    root = _repo_dir(paths, ref)
    if ref.filename:
        path = root / ref.filename
        return path if path.is_file() else None
    if not root.is_dir():
        return None
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.gguf") if ".cache" not in p.parts)
    try:
        return root / _choose(files, ref)
    except ModelNotFoundError:
        return None


def _choose(files: list[str], ref: HfRef) -> str:
    ggufs = [f for f in files if f.lower().endswith(".gguf") and "mmproj" not in f.lower()]
    if not ggufs:
        raise ModelNotFoundError(f"{ref.repo_id} has no .gguf files; pick a repo that publishes GGUF builds")
    if ref.quant:
        want = ref.quant.lower()
        hits = [f for f in ggufs if re.search(rf"(^|[^a-z0-9]){re.escape(want)}([^a-z0-9]|$)", Path(f).name.lower())]
        if not hits:
            raise ModelNotFoundError(f"{ref.repo_id} has no {ref.quant} file; it has: {', '.join(ggufs)}")
        return sorted(hits, key=len)[0]
    if len(ggufs) == 1:
        return ggufs[0]
    for quant in _PREFERRED_QUANTS:
        hits = [f for f in ggufs if quant.lower() in Path(f).name.lower()]
        if hits:
            return sorted(hits, key=len)[0]
    raise ModelNotFoundError(f"{ref.repo_id} has several GGUF files; name one with hf:{ref.repo_id}/FILE: {', '.join(ggufs)}")


def pull(paths: Paths, ref: HfRef, *, progress: bool | None = None) -> Path:
    """Download the file `ref` names (resuming a partial download) and verify its sha256."""
    try:
        import huggingface_hub
        from huggingface_hub import HfApi, hf_hub_download, hf_hub_url
        from huggingface_hub.utils import disable_progress_bars, enable_progress_bars
    except ImportError:
        raise ModelPullError("huggingface-hub is not installed; run `pip install huggingface-hub`") from None
    endpoint = _endpoint()
    api = HfApi(endpoint=endpoint)
    show = sys.stderr.isatty() if progress is None else progress
    (enable_progress_bars if show else disable_progress_bars)()
    # The hub client logs retries as warnings on stderr; llorch reports failures itself.
    verbose = logging.getLogger("llorch").isEnabledFor(logging.DEBUG)
    huggingface_hub.utils.logging.set_verbosity(logging.INFO if verbose else logging.CRITICAL)
    target_dir = _repo_dir(paths, ref)
    try:
        filename = ref.filename
        if filename is None:
            info = api.model_info(ref.repo_id)
            filename = _choose([s.rfilename for s in (info.siblings or [])], ref)
        meta = huggingface_hub.get_hf_file_metadata(hf_hub_url(ref.repo_id, filename, endpoint=endpoint))
        target_dir.mkdir(parents=True, exist_ok=True)
        path = Path(hf_hub_download(ref.repo_id, filename, local_dir=target_dir, endpoint=endpoint))
    except ModelNotFoundError:
        raise
    except huggingface_hub.errors.RepositoryNotFoundError:
        raise ModelNotFoundError(f"{ref} not found on the hub (or it is private: set HF_TOKEN)") from None
    except huggingface_hub.errors.EntryNotFoundError:
        raise ModelNotFoundError(f"{ref} not found: the repo has no such file") from None
    except Exception as exc:
        unreachable = _unreachable(exc)
        if unreachable is not None:
            raise ModelPullError(f"cannot reach {_host(endpoint)} to pull {ref}: {unreachable}; check the connection "
                                 "(or HF_ENDPOINT) and run the same command again") from None
        if isinstance(exc, OSError):
            # An interrupted body, a disk that refused the write. The hub client resumes
            # dropped connections itself and deletes its partial file on failure.
            raise ModelPullError(f"pulling {ref} failed: {_first_line(exc)}; run the same command again to retry") from None
        # hub client errors (HTTP status, offline mode, ...)
        raise ModelPullError(f"pulling {ref} failed: {_first_line(exc)}") from None
    _verify(path, meta.etag, ref)
    return path


def _host(endpoint: str | None) -> str:
    """The hub's host (and port) as the user would name it: huggingface.co unless HF_ENDPOINT says otherwise."""
    from urllib.parse import urlsplit

    parts = urlsplit(endpoint or "https://huggingface.co")
    return parts.netloc or endpoint or "huggingface.co"


def _unreachable(exc: BaseException) -> str | None:
    """Why no connection to the hub could be made at all, from the error's chain of causes;
    None when the error is something else (an HTTP status, a body cut short, a full disk)."""
    import socket

    seen: set[int] = set()
    cause: BaseException | None = exc
    connect_failed = False
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, socket.gaierror):
            return "its name does not resolve (no network?)"
        if isinstance(cause, ConnectionRefusedError):
            return "the connection was refused (nothing listens there)"
        if isinstance(cause, OSError) and cause.errno in _NO_ROUTE:
            return "no route to it (no network?)"
        connect_failed = connect_failed or _is_connect_error(cause)
        cause = cause.__cause__ or cause.__context__
    return "no connection could be made (no network?)" if connect_failed else None


def _is_connect_error(exc: BaseException) -> bool:
    """A failure to connect in one of the HTTP stacks the hub client may use (httpx, requests)."""
    kinds: list[type[BaseException]] = []
    try:
        import httpx

        kinds += [httpx.ConnectError, httpx.ConnectTimeout]
    except ImportError:
        pass
    try:
        import requests

        kinds += [requests.exceptions.ConnectionError]
    except ImportError:
        pass
    return isinstance(exc, tuple(kinds))


def _first_line(exc: BaseException) -> str:
    text = str(exc)
    return text.splitlines()[0] if text else type(exc).__name__


def _verify(path: Path, etag: str | None, ref: HfRef) -> None:
    """Check the sha256 the hub publishes for LFS files; a mismatch deletes the file."""
    from llorch.engine.gguf import read_gguf
    from llorch.models.starter import sha256_file

    expected = (etag or "").strip('"').removeprefix("W/").strip('"').lower()
    if re.fullmatch(r"[0-9a-f]{64}", expected):
        actual = sha256_file(path)
        if actual != expected:
            path.unlink(missing_ok=True)
            raise ModelPullError(
                f"{ref} failed verification: sha256 {actual[:12]}… but the hub says {expected[:12]}…; "
                "the download was removed, pull it again"
            )
    try:
        read_gguf(path)
    except Exception:
        path.unlink(missing_ok=True)
        raise
