"""The tldr tool: pages rendered as the tldr client specification says, and examples found for a question
(better-known, named and installed commands first)."""

from __future__ import annotations

import json
import lzma
from pathlib import Path

import pytest

from llorch.errors import ToolError
from llorch.tools.base import ToolContext
from llorch.tools.tldr import DATA, Page, Pages, TldrTool, plain, render


@pytest.mark.parametrize(("written", "typed"), [
    ("ping {{example.com}}", "ping example.com"),  # the specification's own examples
    ("docker inspect --format '\\{\\{range.NetworkSettings.Networks\\}\\}\\{\\{.IPAddress\\}\\}\\{\\{end\\}\\}' "
     "{{container}}", "docker inspect --format '{{range.NetworkSettings.Networks}}{{.IPAddress}}{{end}}' container"),
    ("mount \\\\{{computer_name}}\\{{share_name}} Z:", "mount \\\\computer_name\\share_name Z:"),
    ("git stash show --patch {{stash@{0}}}", "git stash show --patch stash@{0}"),
    ("git add {{[-A|--all]}}", "git add -A"),
    ("tar xf {{path/to/source.tar}} {{[-C|--directory]}} {{path/to/directory}}",
     "tar xf path/to/source.tar -C path/to/directory"),
    ("ls {{[|--color]}}", "ls --color"),  # an option with no short form gives its long one
])
def test_a_command_is_shown_as_a_user_types_it(written: str, typed: str) -> None:
    assert render(written) == typed


def test_an_examples_mnemonic_marks_are_left_out() -> None:
    assert plain("E[x]tract a (compressed) archive [f]ile") == "Extract a (compressed) archive file"
    assert plain("[c]reate an archive") == "Create an archive"
    assert plain("Match [a-z] letters") == "Match [a-z] letters"  # (not a mark)


def _page(name: str, examples: list[tuple[str, str]], languages: int = 1, platform: str = "common",
          description: str = "") -> Page:
    return Page(name, platform, description, f"https://example.org/{name}", languages, tuple(examples))


PAGES = [
    _page("tar", [("Extract an archive into the target directory", "tar xf {{archive}} {{[-C|--directory]}} {{dir}}"),
                  ("Create an archive from files", "tar cf {{target.tar}} {{file1}}")], languages=15,
          description="Archiving utility"),
    _page("betty", [("Extract an archive into the target directory", "betty unarchive {{archive}} to {{dir}}")]),
    _page("lsof", [("Find the process that opened a local internet port", "lsof -i :{{port}}")], languages=5),
    _page("ss", [("Show sockets listening on a port", "ss -lt src :{{port}}")], languages=4, platform="linux"),
    _page("ss", [("Show sockets (the BSD one)", "sockstat")], languages=4, platform="freebsd"),
    _page("git stash", [("Stash the current changes", "git stash"), ("List all stashes", "git stash list")],
          languages=7),
    _page("pbcopy", [("Copy a file's contents to the clipboard", "pbcopy < {{file}}")], platform="osx"),
]


def test_a_better_known_command_comes_before_an_obscure_one_that_says_the_same() -> None:
    pages = Pages(PAGES, platform="linux", installed=lambda name: False)
    found = pages.search("How do I extract an archive into a specific directory?")
    assert [e.page.name for e in found] == ["tar", "betty"]
    assert found[0].command == "tar xf archive -C dir"
    # ... unless only the obscure one is installed here, and by far: the weight is a nudge, not a filter
    only_betty = Pages(PAGES, platform="linux", installed=lambda name: name == "betty")
    assert only_betty.search("extract an archive into a directory")[0].page.name == "tar"


def test_an_example_sharing_one_word_with_the_question_is_not_given_unless_its_command_is_named() -> None:
    pages = Pages(PAGES, platform="linux", installed=lambda name: False)
    assert pages.search("How do I list my stashes in git?")[0].command == "git stash list"
    assert not pages.search("How do I create a logo?")  # "create" alone: tar's "Create an archive" is no answer
    assert pages.search("create with tar")[0].page.name == "tar"  # one word, and the command named


def test_a_page_is_this_platforms_then_the_common_one_then_any() -> None:
    linux = Pages(PAGES, platform="linux", installed=lambda name: False)
    assert linux.page("ss") is not None and linux.page("ss").platform == "linux"  # type: ignore[union-attr]
    assert Pages(PAGES, platform="freebsd").page("ss").platform == "freebsd"  # type: ignore[union-attr]
    assert linux.page("Git Stash") is not None and linux.page("git-stash") is not None
    assert linux.page("pbcopy") is not None  # (another platform's page, said so by the tool)
    assert not linux.search("copy a file's contents to the clipboard")  # but never found for a question here
    assert linux.page("no-such-command") is None


def test_the_tool_shows_a_page_or_the_examples_for_a_question_and_says_when_it_has_neither() -> None:
    tool = TldrTool(Pages(PAGES, platform="linux", installed=lambda name: False))
    shown = tool.run({"query": "tar"}, ToolContext())
    assert "tar — Archiving utility" in shown.text and "tar xf archive -C dir" in shown.text
    assert shown.data["examples"][0] == {"what": "Extract an archive into the target directory",
                                         "command": "tar xf archive -C dir"}
    other = tool.run({"query": "pbcopy"}, ToolContext())
    assert "(osx's page: this system is linux)" in other.text
    found = tool.run({"query": "which process opened a port"}, ToolContext())
    assert found.text.startswith("From the tldr pages") and "`lsof -i :port` (lsof)" in found.text
    with pytest.raises(ToolError, match="no example in the tldr pages does that"):
        tool.run({"query": "bake a sourdough loaf"}, ToolContext())
    with pytest.raises(ToolError, match="give a command's name"):
        tool.run({"query": "  "}, ToolContext())


def test_the_bundled_pages_are_the_tldr_projects_with_their_licence() -> None:
    data = json.loads(lzma.decompress(DATA.read_bytes()))
    assert data["license"] == "CC BY 4.0" and data["source"] == "https://github.com/tldr-pages/tldr"
    assert len(data["pages"]) > 5000
    assert (Path(DATA).parent / "TLDR-LICENSE.md").read_text().count("CC BY 4.0") == 1
    pages = Pages.bundled()
    tar = pages.page("tar")
    assert tar is not None and tar.languages >= 10
    assert any("-C" in render(c) for _, c in tar.examples)


# Asked in words that none of the probes used: the examples found hold the command that does it.
@pytest.mark.parametrize(("asked", "command"), [
    ("How do I unpack a .tar.xz into another directory?", "-C"),
    ("How can I list the commits made by one author with git log?", "--author"),
    ("How do I make a symlink to a directory?", "ln -s"),
    ("How do I change the owner of all files in a folder, recursively?", "chown -R"),
    ("How do I download a file with wget?", "wget "),
])
def test_the_bundled_pages_have_the_command_for_a_plain_how_to(asked: str, command: str) -> None:
    assert any(command in e.command for e in Pages.bundled().search(asked)), Pages.bundled().search(asked)
