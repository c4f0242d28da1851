"""The permissions tool: file modes read both ways, and the plain questions that go to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from llorch.errors import ToolError
from llorch.tools.base import ToolContext
from llorch.tools.permissions import permissions_asked
from llorch.tools.registry import ToolRegistry


def run(mode: str) -> tuple[str, dict[str, str]]:
    result = ToolRegistry().call("permissions", {"mode": mode}, ToolContext(data_dir=Path("/nonexistent")))
    return result.text, result.data


@pytest.mark.parametrize(("mode", "said", "octal", "symbolic"), [
    # what the 1.5B got wrong: "no access for others" in 754, 754 for rwxr-x--x
    ("754", "chmod 754 gives rwxr-xr-- (ls -l shows -rwxr-xr--): the owner can read, write and execute; the group "
     "can read and execute; others can only read.", "754", "rwxr-xr--"),
    ("rwxr-x--x", "rwxr-x--x is 751 (chmod 751): the owner can read, write and execute; the group can read and "
     "execute; others can only execute.", "751", "rwxr-x--x"),
    ("-rw-r--r--", "-rw-r--r-- is 644 (chmod 644), on a file: the owner can read and write; the group can only read; "
     "others can only read.", "644", "rw-r--r--"),
    ("drwx------", "drwx------ is 700 (chmod 700), on a directory: the owner can read, write and execute; the group "
     "can do nothing; others can do nothing.", "700", "rwx------"),
    ("0600", "chmod 600 gives rw------- (ls -l shows -rw-------): the owner can read and write; the group can do "
     "nothing; others can do nothing.", "600", "rw-------"),
    ("4755", "chmod 4755 gives rwsr-xr-x (ls -l shows -rwsr-xr-x): the owner can read, write and execute; the group "
     "can read and execute; others can read and execute; setuid: it runs as its owner.", "4755", "rwsr-xr-x"),
    ("rwxrwxrwt", "rwxrwxrwt is 1777 (chmod 1777): the owner can read, write and execute; the group can read, write "
     "and execute; others can read, write and execute; sticky: in this directory only a file's owner may delete or "
     "rename it.", "1777", "rwxrwxrwt"),
])
def test_modes_read_both_ways(mode: str, said: str, octal: str, symbolic: str) -> None:
    assert run(mode) == (said, {"octal": octal, "symbolic": symbolic})


@pytest.mark.parametrize("mode", ["789", "rwxr-x", "u+x", "77777"])
def test_what_is_no_mode_is_a_one_line_error(mode: str) -> None:
    with pytest.raises(ToolError, match="is not a mode: give octal"):
        run(mode)


@pytest.mark.parametrize(("message", "mode"), [
    ("What does chmod 754 mean?", "754"),
    ("What's the octal for rwxr-x--x?", "rwxr-x--x"),
    ("What are 644 permissions?", "644"),
    ("explain chmod 4755", "4755"),
    ("What does 755 mean in Linux?", "755"),
    ("chmod -R 775 folder means what?", "775"),
    ("What is rw-r--r-- in numbers?", "rw-r--r--"),
    ("Is 0644 the same as rw-r--r--?", "rw-r--r--"),
    ("What is permission 600?", "600"),
    ("What are the permissions for 0644?", "0644"),
    ("What is 700 in rwx?", "700"),
    ("Show chmod 640 in symbolic notation.", "640"),
])
def test_a_plain_question_is_read_without_a_model(message: str, mode: str) -> None:
    assert permissions_asked(message) == {"mode": mode}


@pytest.mark.parametrize("message", [
    "How do I chmod a file?",
    "What port is 8080?",
    "Why does ls show drwxr-xr-x?",  # no question of its mode's meaning in other terms
    "I got permission denied on line 755",
    "What is umask 022 in rwx notation?",  # (what a umask takes away: files rw-r--r--, not ----w--w-)
    "What permissions does umask 077 give?",
])
def test_other_questions_are_not(message: str) -> None:
    assert permissions_asked(message) is None
