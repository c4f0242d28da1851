"""Model references -> GGUF files: paths, config aliases, the bundled models (`starter`, ...), `hf:` pulls, and
models made here (`llorch models quantize`), kept by name."""

from __future__ import annotations

import shutil
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from llorch.config import Config, Paths
from llorch.errors import InputError, ModelNotFoundError
from llorch.models.hf import hf_local_path, is_hf_ref, parse_hf_ref, pull
from llorch.models.local import is_local_name, list_local, local_path
from llorch.models.starter import BUNDLED_NAMES, STARTERS, bundled_missing, canonical_ref, ensure_starter, starter, starter_path

__all__ = ["NO_SUCH_FILE", "CachedModel", "ResolvedModel", "list_models", "missing_reason", "not_found", "remove_model", "resolve_model"]

Source = Literal["path", "alias", "starter", "hf", "local"]


@dataclass(frozen=True)
class ResolvedModel:
    ref: str
    path: Path
    source: Source


@dataclass(frozen=True)
class CachedModel:
    ref: str
    path: Path | None
    size: int
    source: Source
    note: str = ""


def resolve_model(ref: str, paths: Paths, config: Config, *, pull_missing: bool = True) -> ResolvedModel:
    """Turn a reference into a GGUF file, assembling or pulling it if needed."""
    return _resolve(ref.strip(), paths, config, pull_missing, seen=())


def _resolve(ref: str, paths: Paths, config: Config, pull_missing: bool, seen: tuple[str, ...]) -> ResolvedModel:
    if not ref:
        raise InputError("the model reference is empty; give a path, an alias, starter or hf:owner/repo")
    if canonical_ref(ref) is not None:
        return ResolvedModel(ref, ensure_starter(paths, ref), "starter")
    if is_hf_ref(ref):
        hf = parse_hf_ref(ref)
        local = hf_local_path(paths, hf)
        if local is None:
            if not pull_missing:
                raise ModelNotFoundError(f"{ref} is not pulled yet; run `llorch models pull {ref}`")
            local = pull(paths, hf)
        return ResolvedModel(ref, local, "hf")
    if ref in config.aliases:
        if ref in seen:
            raise InputError(f"alias '{ref}' refers back to itself ({' -> '.join(seen + (ref,))}); fix it in config.toml")
        target = _resolve(config.aliases[ref], paths, config, pull_missing, seen + (ref,))
        return ResolvedModel(ref, target.path, "alias")
    if is_local_name(ref) and local_path(paths, ref).is_file():
        return ResolvedModel(ref, local_path(paths, ref), "local")
    try:
        path = Path(ref).expanduser()
        mode = _mode(path)
    except (OSError, RuntimeError) as exc:
        raise ModelNotFoundError(_unusable(ref, exc)) from None
    if mode is None:
        raise ModelNotFoundError(not_found(ref, paths, config))
    if stat.S_ISREG(mode):
        return ResolvedModel(ref, path.resolve(), "path")
    if stat.S_ISDIR(mode):
        raise InputError(f"{ref} is a directory; give the path of a .gguf file inside it")
    raise InputError(f"{ref} is not a regular file (a device or a pipe); give the path of a .gguf file")


def _mode(path: Path) -> int | None:
    """`path`'s file mode (links followed), None when nothing is there. Raises OSError for a name no file can
    have: Python 3.11's Path.is_file() raises on one too long for the file system (ENAMETOOLONG) rather than
    saying no."""
    try:
        return path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None


def _is_file(text: str) -> bool:
    """Whether `text` (`~` expanded) is a regular file; False for a name no file can have (see _mode)."""
    try:
        mode = _mode(Path(text).expanduser())
    except (OSError, RuntimeError):
        return False
    return mode is not None and stat.S_ISREG(mode)


def _unusable(ref: str, exc: OSError | RuntimeError) -> str:
    """Why `ref` cannot even be looked up as a file: too long a name, `~user` for no such user."""
    if isinstance(exc, RuntimeError):  # Path.expanduser: "Could not determine home directory."
        reason = f"no home folder is known for {ref.split('/', 1)[0]}"
    else:
        reason = (exc.strerror or str(exc)).lower()
    shown = f"'{ref}'" if len(ref) <= 80 else f"'{ref[:60]}…' ({len(ref):,} characters)"
    return (f"model {shown} not found: {reason}; give a model's name or a .gguf file's path, or run "
            "`llorch models list` to see what is available")


def not_found(ref: str, paths: Paths, config: Config) -> str:
    """Why `ref` names no model, with the known name it is closest to (a typo: `qwen-05b`)."""
    import difflib

    names = [*BUNDLED_NAMES, *config.aliases, *(name for name, _ in list_local(paths))]
    near = difflib.get_close_matches(ref, names, n=1, cutoff=0.75)
    hint = f"did you mean {near[0]}? " if near else ""
    return (f"model '{ref}' not found: no such file, alias or pulled model; {hint}"
            "run `llorch models list` to see what is available")


NO_SUCH_FILE = "no such file"  # missing_reason's answer for a name that is no model, no alias and no file


def missing_reason(ref: str, paths: Paths, config: Config, _seen: tuple[str, ...] = ()) -> str | None:
    """Why `ref` cannot be loaded without a download (None: it can). Never pulls."""
    ref = ref.strip()
    if canonical_ref(ref) is not None:
        return bundled_missing(ref, paths)
    if ref.startswith("openai:"):  # a remote model: whether it answers is its breaker's business
        from llorch.orchestra.remote import parse_remote

        try:
            parse_remote(ref)
        except InputError as exc:
            return str(exc)
        return None
    if is_hf_ref(ref):
        try:
            return None if hf_local_path(paths, parse_hf_ref(ref)) is not None else "not pulled"
        except InputError as exc:
            return str(exc)
    if ref in config.aliases:
        if ref in _seen:
            return "alias refers back to itself"
        return missing_reason(config.aliases[ref], paths, config, _seen + (ref,))
    if is_local_name(ref) and local_path(paths, ref).is_file():
        return None
    return None if _is_file(ref) else NO_SUCH_FILE


def list_models(paths: Paths, config: Config) -> list[CachedModel]:
    """The bundled models, pulled files, models made here and configured aliases."""
    rows: list[CachedModel] = []
    for ref in STARTERS:
        start = starter_path(paths, ref)
        model = starter(ref)
        title = model.title + (f" (also {', '.join(model.aliases)})" if model.aliases else "")
        if not start.is_file():
            title += f"; {bundled_missing(ref, paths) or 'assembled on first use'}"
        rows.append(CachedModel(ref, start if start.is_file() else None, start.stat().st_size if start.is_file() else 0,
                                "starter", title))
    hf_root = paths.models_dir / "hf"
    if hf_root.is_dir():
        for file in sorted(hf_root.rglob("*.gguf")):
            if ".cache" in file.relative_to(hf_root).parts:
                continue
            rel = file.relative_to(hf_root).parts
            ref = f"hf:{rel[0]}/{rel[1]}/{'/'.join(rel[2:])}"
            rows.append(CachedModel(ref, file, file.stat().st_size, "hf"))
    for name, file in list_local(paths):
        rows.append(CachedModel(name, file, file.stat().st_size, "local"))
    for name, target in sorted(config.aliases.items()):
        path = Path(target).expanduser() if _is_file(target) else None
        rows.append(CachedModel(name, path, path.stat().st_size if path is not None else 0, "alias", f"-> {target}"))
    return rows


def remove_model(ref: str, paths: Paths, config: Config) -> Path:
    """Delete a model llorch put in its cache (a bundled model's assembled copy, an `hf:` pull or a model made here)."""
    if canonical_ref(ref) is not None:
        target = starter_path(paths, ref)
        if not target.is_file():
            raise ModelNotFoundError(f"the {ref} model is not assembled; nothing to remove")
        target.unlink()
        target.with_name(target.name + ".sha256").unlink(missing_ok=True)
        return target
    if is_hf_ref(ref):
        local = hf_local_path(paths, parse_hf_ref(ref))
        if local is None:
            raise ModelNotFoundError(f"{ref} is not pulled; `llorch models list` shows what is")
        hf_root = (paths.models_dir / "hf").resolve()
        if not local.resolve().is_relative_to(hf_root):  # (never a file outside the cache: a link out of it)
            raise InputError(f"{ref} leads outside llorch's cache ({local.resolve()}); nothing was removed")
        local.unlink()
        _prune_empty(local.parent.resolve(), hf_root)
        return local
    if ref in config.aliases:
        raise InputError(f"'{ref}' is an alias; remove it with `llorch config unset aliases.{ref}`")
    if is_local_name(ref) and local_path(paths, ref).is_file():
        target = local_path(paths, ref)
        target.unlink()
        return target
    raise InputError(f"'{ref}' is not in llorch's cache; llorch removes only models it assembled, pulled or made "
                     "(starter, qwen-1.5b, hf:..., a quantized model's name)")


def _prune_empty(folder: Path, root: Path) -> None:
    """Empty folders from `folder` up to `root` (both resolved), never `root` nor anything outside it."""
    while folder != root and folder.is_relative_to(root) and folder.is_dir():
        leftovers = [p for p in folder.iterdir() if p.name != ".cache"]
        if leftovers:
            return
        shutil.rmtree(folder)
        folder = folder.parent
