"""Finding profiles: built-ins shipped beside this module, user files in llorch's config dir.

A user file with a built-in's name replaces that built-in whole; other user files add
profiles. Nothing is cached: profiles are small and read when a command needs them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from llorch.config import Paths, read_toml, write_toml_atomic
from llorch.errors import ProfileError, ProfileNotFoundError
from llorch.profiles.schema import NAME_RE, Profile, parse_profile, profile_to_table

__all__ = [
    "BUILTIN_DIR",
    "ProfileEntry",
    "list_profiles",
    "load_profile",
    "load_profile_file",
    "new_profile",
    "profile_names",
    "user_profiles_dir",
]

BUILTIN_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class ProfileEntry:
    name: str
    path: Path
    origin: str  # "built-in", "user" or "user, replaces built-in"
    description: str = ""
    error: str | None = None  # set when the file does not validate


def user_profiles_dir(paths: Paths) -> Path:
    return paths.config_dir / "profiles"


def _read_table(path: Path) -> dict[str, Any]:
    try:
        return read_toml(path, ProfileError)
    except FileNotFoundError:
        raise ProfileNotFoundError(f"{path}: no such profile file") from None


def load_profile_file(path: Path) -> Profile:
    """Read and validate one profile file; its name is the file's stem."""
    source = "built-in profile " + path.stem if path.parent == BUILTIN_DIR else str(path)
    return parse_profile(_read_table(path), source, name=path.stem)


def _files(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    return {p.stem: p for p in sorted(folder.glob("*.toml")) if NAME_RE.match(p.stem)}


def profile_names(paths: Paths) -> list[str]:
    """Every profile's name, built-in and user, without reading the files (what `list_profiles` lists)."""
    return sorted(_files(BUILTIN_DIR) | _files(user_profiles_dir(paths)))


def list_profiles(paths: Paths) -> list[ProfileEntry]:
    """Every profile by name, user files over built-ins; broken files are listed with their error."""
    builtin = _files(BUILTIN_DIR)
    user = _files(user_profiles_dir(paths))
    entries = []
    for name in sorted(builtin | user):
        path = user.get(name) or builtin[name]
        origin = "built-in" if name not in user else ("user, replaces built-in" if name in builtin else "user")
        try:
            profile = load_profile_file(path)
            entries.append(ProfileEntry(name, path, origin, profile.description))
        except ProfileError as exc:
            entries.append(ProfileEntry(name, path, origin, error=str(exc)))
    return entries


def load_profile(name: str, paths: Paths) -> Profile:
    """The user's profile by that name if there is one, else the built-in."""
    name = name.strip()
    user = user_profiles_dir(paths) / f"{name}.toml"
    if NAME_RE.match(name):
        if user.is_file():
            return load_profile_file(user)
        builtin = BUILTIN_DIR / f"{name}.toml"
        if builtin.is_file():
            return load_profile_file(builtin)
    known = ", ".join(sorted(_files(BUILTIN_DIR) | _files(user_profiles_dir(paths))))
    raise ProfileNotFoundError(f"no profile named {name!r}; profiles: {known} (`llorch profiles new {name}` makes one)")


def new_profile(name: str, paths: Paths, *, base: str = "general", force: bool = False) -> Path:
    """Write a user profile named `name`, a copy of `base` to edit; refuse to overwrite unless `force`."""
    if not NAME_RE.match(name):
        raise ProfileError(f"profile name {name!r} must be lower-case letters, digits, - or _ (at most 40)")
    target = user_profiles_dir(paths) / f"{name}.toml"
    if target.exists() and not force:
        raise ProfileError(f"{target} already exists; edit it, or pass --force to start it afresh")
    template = load_profile(base, paths)
    table = profile_to_table(template)
    table["name"] = name
    table["description"] = f"My profile, started from {base}: {template.description}" if template.description else f"My profile, started from {base}"
    write_toml_atomic(target, table, error=ProfileError, unchanged="nothing was changed")
    load_profile_file(target)  # what we wrote must read back
    return target
