"""Profiles: named sets of models by role, tools, a system prompt and sampling defaults."""

from llorch.profiles.loader import list_profiles, load_profile, load_profile_file, new_profile, user_profiles_dir
from llorch.profiles.schema import DEFAULT_ROLE, Profile, ToolSettings, parse_profile

__all__ = [
    "DEFAULT_ROLE",
    "Profile",
    "ToolSettings",
    "list_profiles",
    "load_profile",
    "load_profile_file",
    "new_profile",
    "parse_profile",
    "user_profiles_dir",
]
