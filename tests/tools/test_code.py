"""The `code` tool: structure, complexity, smells, line metrics and the read roots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import llorch
from llorch.errors import ToolError, ToolPermissionError
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.registry import ToolRegistry

SAMPLE = '''"""A sample module."""

import os
import sys as system
from collections import OrderedDict
from typing import *
import json
from pathlib import Path

REGISTRY = OrderedDict()
NOTE = "TODO: this is a string, not a comment"


def simple(a):
    return a + 1


def branchy(x, items):
    # TODO: simplify this
    if x > 0 and x < 10 or x == 42:
        return [i for i in items if i if i > 1]
    elif x < 0:
        for i in items:
            while i:
                i -= 1
    try:
        y = 1 if x else 2
    except ValueError:
        y = 3
    except:
        y = 4
    with open(os.devnull) as fh:
        assert fh
    return y


def matcher(command):
    match command:
        case "go":
            return 1
        case "stop" | "halt":
            return 2
        case [x, y] if x:
            return 3
        case _:
            return 0


def deep(a):
    for x in a:
        if x:
            while x:
                with open(x) as f:
                    try:
                        f.read()
                    finally:
                        x = 0


def many(a, b, c, d, e, f=[], *, g={}):  # FIXME too many
    return a


def outer(n):
    def inner(m):
        return m if m else n
    return inner(n) or 0


def path_of(p: "Path") -> "Path":
    return p


class Base:
    pass


class Circle(Base):
    """A circle."""

    def __init__(self, r):
        self.r = r

    def area(self):
        return 3.14 * self.r ** 2 if self.r > 0 else 0

    class Inner:
        def method(self, a, b):
            return [a, b]


def long_one():
''' + "    x = 1\n" * 52 + "    return x\n"

JS = """// comment line
/* block

   still block */
const a = 1; // TODO: fix this

function f() {
  /* inline */ return a;
}
const url = "http://example.com";
"""

SMALL_PY = '''# header comment
import os


def f():
    """Doc."""
    return os.sep  # trailing
'''


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line containing `needle`."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def call(path: Path, roots: tuple[Path, ...], **args: Any) -> ToolResult:
    ctx = ToolContext(roots=roots, data_dir=roots[0])
    return ToolRegistry().call("code", {"path": str(path), **args}, ctx)


@pytest.fixture
def sample(tmp_path: Path) -> tuple[dict[str, Any], ToolResult]:
    path = tmp_path / "sample.py"
    path.write_text(SAMPLE, encoding="utf-8")
    result = call(path, (tmp_path,))
    (entry,) = result.data["files"]
    return entry, result


def test_schema_and_protocol() -> None:
    tool = ToolRegistry().get("code")
    assert tool.positional == ("path",)
    assert tool.write_actions == frozenset()
    assert tool.parameters["required"] == ["path"]
    props = tool.parameters["properties"]
    assert props["max_files"] == {**props["max_files"], "type": "integer", "default": 200}
    assert props["complexity_threshold"]["default"] == 10
    assert all(spec["type"] in ("string", "integer", "number", "boolean") for spec in props.values())


def test_functions_and_complexity(sample: tuple[dict[str, Any], ToolResult]) -> None:
    entry, _ = sample
    functions = {f["name"]: f for f in entry["functions"]}
    # branchy: 1 + if + or + and + 2 comprehension ifs + elif + for + while + ternary + 2 excepts
    expected = {
        "simple": 1,
        "branchy": 12,
        "matcher": 4,  # 1 + three refutable cases; `case _` adds nothing
        "deep": 4,
        "many": 1,
        "outer": 2,  # the `or`; inner's ternary belongs to inner
        "outer.inner": 2,
        "path_of": 1,
        "Circle.__init__": 1,
        "Circle.area": 2,
        "Circle.Inner.method": 1,
        "long_one": 1,
    }
    assert {name: f["complexity"] for name, f in functions.items()} == expected
    assert functions["branchy"]["line"] == line_of(SAMPLE, "def branchy")
    assert functions["branchy"]["end_line"] == line_of(SAMPLE, "return y")
    assert functions["many"]["args"] == 7
    assert functions["Circle.Inner.method"]["args"] == 2  # self is not counted
    assert functions["Circle.area"]["method"] is True
    assert functions["simple"]["method"] is False


def test_classes_and_imports(sample: tuple[dict[str, Any], ToolResult]) -> None:
    entry, _ = sample
    classes = {c["name"]: c for c in entry["classes"]}
    assert set(classes) == {"Base", "Circle", "Circle.Inner"}
    assert classes["Circle"]["bases"] == ["Base"]
    assert classes["Circle"]["methods"] == ["__init__", "area"]
    assert classes["Circle"]["line"] == line_of(SAMPLE, "class Circle")
    modules = [(i["module"], i["names"]) for i in entry["imports"]]
    assert modules == [
        ("os", []),
        ("sys", []),
        ("collections", ["OrderedDict"]),
        ("typing", ["*"]),
        ("json", []),
        ("pathlib", ["Path"]),
    ]


def test_todos_come_from_comments_only(sample: tuple[dict[str, Any], ToolResult]) -> None:
    entry, _ = sample
    assert [(t["line"], t["tag"], t["text"]) for t in entry["todos"]] == [
        (line_of(SAMPLE, "# TODO"), "TODO", "simplify this"),
        (line_of(SAMPLE, "# FIXME"), "FIXME", "too many"),
    ]


def test_each_smell_triggers(sample: tuple[dict[str, Any], ToolResult]) -> None:
    entry, _ = sample
    smells = sorted((s["kind"], s["line"]) for s in entry["smells"])
    assert smells == sorted(
        [
            ("unused-import", line_of(SAMPLE, "import sys as system")),
            ("unused-import", line_of(SAMPLE, "import json")),
            ("star-import", line_of(SAMPLE, "from typing import *")),
            ("high-complexity", line_of(SAMPLE, "def branchy")),
            ("bare-except", line_of(SAMPLE, "except:")),
            ("deep-nesting", line_of(SAMPLE, "                    try:")),  # the fifth block
            ("too-many-parameters", line_of(SAMPLE, "def many")),
            ("mutable-default", line_of(SAMPLE, "def many")),
            ("mutable-default", line_of(SAMPLE, "def many")),
            ("long-function", line_of(SAMPLE, "def long_one")),
        ]
    )
    messages = " | ".join(s["message"] for s in entry["smells"])
    assert "'f'" in messages and "'g'" in messages  # both mutable defaults are named
    assert "system is imported but never used" in messages
    assert "Path" not in messages  # used only in string annotations, so not unused
    assert "long_one is 54 lines long" in messages


def test_threshold_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "sample.py"
    path.write_text(SAMPLE, encoding="utf-8")
    kinds = {s["kind"] for s in call(path, (tmp_path,), complexity_threshold=12).data["files"][0]["smells"]}
    assert "high-complexity" not in kinds
    kinds = {s["kind"] for s in call(path, (tmp_path,), complexity_threshold=3).data["files"][0]["smells"]}
    assert "high-complexity" in kinds


def test_text_report(sample: tuple[dict[str, Any], ToolResult]) -> None:
    entry, result = sample
    lines = result.text.splitlines()
    assert lines[0].startswith(f"sample.py [python]: {entry['lines']} lines (")
    complexity = next(line for line in lines if line.strip().startswith("complexity:"))
    # sorted by complexity: branchy (12) first, then matcher and deep (4, by line)
    assert complexity.strip().startswith(
        f"complexity: branchy 12 (line {line_of(SAMPLE, 'def branchy')}), "
        f"matcher 4 (line {line_of(SAMPLE, 'def matcher')}), deep 4 (line {line_of(SAMPLE, 'def deep')}), "
    )
    assert "simple" not in complexity  # complexity 1 is not listed
    assert f"smell sample.py:{line_of(SAMPLE, 'except:')} bare-except" in result.text
    assert f"TODO sample.py:{line_of(SAMPLE, '# TODO')} simplify this" in result.text
    assert lines[-1].startswith("Totals: 1 file, ")
    assert result.data["totals"]["smells"] == len(entry["smells"]) == 10


def test_python_line_metrics_exact(tmp_path: Path) -> None:
    path = tmp_path / "small.py"
    path.write_text(SMALL_PY, encoding="utf-8")
    entry = call(path, (tmp_path,)).data["files"][0]
    assert (entry["lines"], entry["code"], entry["blank"], entry["comment"]) == (7, 4, 2, 1)
    assert entry["smells"] == []


def test_syntax_error_is_a_per_file_error(tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text("def broken(:\n    pass\n", encoding="utf-8")
    (tmp_path / "fine.py").write_text("x = 1\n", encoding="utf-8")
    result = call(tmp_path, (tmp_path,))
    files = {f["path"]: f for f in result.data["files"]}
    assert files["broken.py"]["error"].startswith("syntax error at line 1")
    assert files["broken.py"]["lines"] == 2
    assert files["fine.py"]["error"] is None
    assert result.data["totals"]["errors"] == 1
    assert "error: syntax error at line 1" in result.text


def test_directory_walk(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    outside = tmp_path / "outside"
    (root / "pkg").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.py").write_text("import os\n", encoding="utf-8")
    (root / "pkg" / "small.py").write_text(SMALL_PY, encoding="utf-8")
    (root / "app.js").write_text(JS, encoding="utf-8")
    (root / "blob.js").write_bytes(b"\x00\x01binary")
    (root / "picture.png").write_bytes(b"\x89PNG\x00")
    for hidden in (".hidden", "node_modules", "__pycache__", ".venv"):
        (root / hidden).mkdir()
        (root / hidden / "skip.py").write_text("x = 1\n", encoding="utf-8")
    (root / "link.py").symlink_to(outside / "secret.py")
    (root / "linkdir").symlink_to(outside, target_is_directory=True)
    (root / "dangling.py").symlink_to(root / "nowhere.py")

    result = call(root, (root,))
    files = {f["path"]: f for f in result.data["files"]}
    assert set(files) == {"app.js", "pkg/small.py"}
    js = files["app.js"]
    assert js["language"] == "javascript"
    assert (js["lines"], js["code"], js["blank"], js["comment"]) == (10, 5, 1, 4)
    assert [(t["line"], t["text"]) for t in js["todos"]] == [(5, "fix this")]
    skipped = {s["path"]: s["reason"] for s in result.data["skipped"]}
    assert skipped["link.py"] == "links outside the readable directories"
    assert skipped["blob.js"] == "binary file"
    assert skipped["dangling.py"] == "broken link"
    assert "secret" not in result.text
    totals = result.data["totals"]
    assert totals == {**totals, "files": 2, "lines": 17, "code": 9, "blank": 3, "comment": 5, "functions": 2, "classes": 0}
    assert [fn["name"] for fn in js["functions"]] == ["f"]


def test_max_files_truncates(tmp_path: Path) -> None:
    for name in ("a.py", "b.py", "c.py"):
        (tmp_path / name).write_text("x = 1\n", encoding="utf-8")
    result = call(tmp_path, (tmp_path,), max_files=2)
    assert [f["path"] for f in result.data["files"]] == ["a.py", "b.py"]
    assert result.data["truncated"] is True
    assert "Stopped after 2 files" in result.text


def test_refuses_paths_outside_the_roots(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    secret = tmp_path / "secret.py"
    secret.write_text("x = 1\n", encoding="utf-8")
    with pytest.raises(ToolPermissionError):
        call(secret, (root,))
    (root / "sneaky.py").symlink_to(secret)
    with pytest.raises(ToolPermissionError):
        call(root / "sneaky.py", (root,))
    with pytest.raises(ToolPermissionError):
        call(root / ".." / "secret.py", (root,))


def test_bad_arguments_and_binary_file(tmp_path: Path) -> None:
    (tmp_path / "data.bin").write_bytes(b"\x00\x00")
    with pytest.raises(ToolError, match="binary"):
        call(tmp_path / "data.bin", (tmp_path,))
    with pytest.raises(ToolError, match="max_files"):
        call(tmp_path, (tmp_path,), max_files=0)
    with pytest.raises(ToolError, match="no such file"):
        call(tmp_path / "missing.py", (tmp_path,))


def test_unknown_extension_named_directly_is_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.xyz"
    path.write_text("first\n\nXXX check this\n", encoding="utf-8")
    entry = call(path, (tmp_path,)).data["files"][0]
    assert (entry["language"], entry["lines"], entry["code"], entry["blank"]) == ("text", 3, 2, 1)
    assert [(t["line"], t["tag"]) for t in entry["todos"]] == [(3, "XXX")]


def test_runs_on_the_real_package() -> None:
    package = Path(llorch.__file__).parent
    result = call(package, (package,), max_files=1000)
    totals = result.data["totals"]
    assert totals["files"] > 10
    assert totals["lines"] > totals["code"] > 0
    assert totals["functions"] > 50 and totals["classes"] > 5
    assert totals["errors"] == 0
    assert [f["path"] for f in result.data["files"] if f["error"]] == []
    files = {f["path"]: f for f in result.data["files"]}
    assert "CodeTool.run" in {fn["name"] for fn in files["tools/code.py"]["functions"]}


def test_functions_and_complexity_in_other_languages_and_never_a_misleading_zero(tmp_path: Path) -> None:
    """`llorch tool code file.js` reported "0 functions" for a file with two."""
    (tmp_path / "app.js").write_text(
        "function add(a, b) { return a + b; }\n"
        "const pick = (x) => { if (x > 1) { return 'big'; } else if (x < 0) { return 'neg'; } return 'small'; };\n"
    )
    (tmp_path / "notes.txt").write_text("plain words\n")
    result = call(tmp_path, (tmp_path,))
    files = {f["path"]: f for f in result.data["files"]}
    js = files["app.js"]
    assert js["function_metrics"] == "lizard"
    assert [(f["name"], f["complexity"], f["args"]) for f in js["functions"]] == [("add", 1, 2), ("pick", 3, 1)]
    assert files["notes.txt"]["function_metrics"] is None
    assert "app.js [javascript]: 2 lines (2 code, 0 blank, 0 comment), 2 functions" in result.text
    assert "notes.txt [text]: 1 line (1 code, 0 blank, 0 comment), functions not analysed for this language" in result.text
