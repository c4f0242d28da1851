"""Which model serves a profile's role: the first of its chain that is present, else the default."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from llorch.config import Config, Paths
from llorch.models.starter import DEFAULT_REF, FAST_REF, canonical_ref
from llorch.profiles.schema import DEFAULT_ROLE, Profile

__all__ = ["Selection", "StandingNote", "profile_resolver", "select_model"]


class StandingNote(str):
    """A note about a state that lasts from run to run (a profile's models are not pulled):
    a front end may tell it once rather than on every run. It is the note's text itself."""

    __slots__ = ()


@dataclass(frozen=True)
class Selection:
    """The model chosen for a role, the chain to fall back along, and what to tell the user."""

    model: str
    chain: tuple[str, ...]  # every usable candidate, `model` first
    note: str | None = None


def select_model(
    profile: Profile,
    missing: Callable[[str], str | None],
    *,
    role: str = DEFAULT_ROLE,
    default_model: str = DEFAULT_REF,
) -> Selection:
    """The first model of the role's chain that `missing` finds no reason against.

    When none is present, `default_model` answers and the note says which models to pull.
    A built-in profile's chain always ends in `default_model` (the bundled 1.5B unless
    configured otherwise) and then the bundled fast model, so it answers usefully even when
    its own models, or the default, fail; a user's profile falls back along exactly the
    models it lists.
    """
    wanted = profile.chain(role)
    skipped: list[str] = []
    usable: list[str] = []
    for ref in wanted:
        reason = missing(ref)
        if reason is None:
            usable.append(ref)
        elif not usable:
            skipped.append(f"{ref} ({reason})")
    if usable:
        note = None
        if skipped:
            note = StandingNote(f"profile {profile.name}: skipping {', '.join(skipped)}; {usable[0]} answers")
        last = _local_tail(default_model, usable, missing) if profile.source.startswith("built-in") else ()
        return Selection(usable[0], tuple(usable) + last, note)
    note = None
    if wanted:
        note = StandingNote(
            f"profile {profile.name}: its {role} models are not pulled (`llorch profiles show {profile.name}`); "
            f"{default_model} answers"
        )
    return Selection(default_model, (default_model,) + _local_tail(default_model, [default_model], missing), note)


def _local_tail(default_model: str, usable: list[str], missing: Callable[[str], str | None]) -> tuple[str, ...]:
    """What a built-in chain falls back to after its own models: the default, then the fast bundled model."""
    tail: list[str] = []
    for ref in (default_model, FAST_REF):
        seen = {canonical_ref(u) or u for u in usable + tail}
        if (canonical_ref(ref) or ref) not in seen and missing(ref) is None:
            tail.append(ref)
    return tuple(tail)


def profile_resolver(paths: Paths, config: Config, *, role: str = DEFAULT_ROLE) -> Callable[[str], tuple[Profile, Selection]]:
    """Name -> (profile, the model that serves `role` now), reading files and the model cache as they are."""
    from llorch.models.registry import missing_reason
    from llorch.profiles.loader import load_profile

    def resolve(name: str) -> tuple[Profile, Selection]:
        profile = load_profile(name, paths)
        selection = select_model(
            profile, lambda ref: missing_reason(ref, paths, config), role=role, default_model=config.default_model
        )
        return profile, selection

    return resolve
