"""The `code` tool: static metrics, structure and smells for a source file or a tree.

Python files are read with `ast` and `tokenize` (never imported or run): functions with
their cyclomatic complexity, classes, imports, TODO comments and simple smells. Other
text files get line metrics (code, blank and comment lines by the language's comment
markers) and TODOs, and in the languages lizard reads (C/C++, Java, JavaScript/TypeScript,
Go, Rust, Swift, Ruby, PHP, Kotlin, ...) their functions and cyclomatic complexity; for
any other language the report says that functions were not analysed, never "0 functions".

Cyclomatic complexity, per function or method (McCabe-style, as radon counts it, less
the loops of comprehensions): 1, plus 1 for each `if` / `elif`, `for` / `async for`,
`while`, `except` clause, ternary `a if c else b` and comprehension `if`; plus one for
each operand of `and` / `or` after the first; plus 1 for each `case` of a `match`
except an irrefutable one without a guard (`case _:`, the `else` of a match). `with`,
`assert`, `try`, `else`, `finally`, loop `else`, `break`, `continue` and `return` add
nothing. Code in a nested function or class counts toward that function or class, not
the enclosing one; a lambda counts toward the function it is written in.
"""

from __future__ import annotations

import ast
import io
import os
import re
import tokenize
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from llorch.errors import ToolError, ToolPermissionError
from llorch.tools.base import ToolContext, ToolResult, readable_path

__all__ = ["CodeTool"]

_SKIP_DIRS = frozenset({"__pycache__", "venv", "node_modules", "build", "dist", "site-packages"})
_MAX_BYTES = 1_000_000
_LONG_FUNCTION = 50
_MANY_PARAMETERS = 5
_DEEP_NESTING = 4
_TOP_FUNCTIONS = 10
_TODO = re.compile(r"\b(TODO|FIXME|XXX|HACK)\b[\s:(\-]*(.*)")


@dataclass(frozen=True)
class _Syntax:
    """A language's comment markers: line comments and (open, close) block comments."""

    name: str
    line: tuple[str, ...] = ()
    block: tuple[tuple[str, str], ...] = ()


_HASH = ("#",)
_C_LINE, _C_BLOCK = ("//",), (("/*", "*/"),)
_MARKUP = (("<!--", "-->"),)


def _languages() -> dict[str, _Syntax]:
    table: dict[str, _Syntax] = {}
    groups: list[tuple[str, str, tuple[str, ...], tuple[tuple[str, str], ...]]] = [
        ("python", ".py .pyi", _HASH, ()),
        ("shell", ".sh .bash .zsh .fish", _HASH, ()),
        ("ruby", ".rb .rake", _HASH, (("=begin", "=end"),)),
        ("perl", ".pl .pm", _HASH, ()),
        ("r", ".r", _HASH, ()),
        ("config", ".toml .yaml .yml .cfg .conf .mk .cmake .tf", _HASH, ()),
        ("ini", ".ini", ("#", ";"), ()),
        ("javascript", ".js .jsx .mjs .cjs", _C_LINE, _C_BLOCK),
        ("typescript", ".ts .tsx .mts .cts", _C_LINE, _C_BLOCK),
        ("go", ".go", _C_LINE, _C_BLOCK),
        ("rust", ".rs", _C_LINE, _C_BLOCK),
        ("c", ".c .h", _C_LINE, _C_BLOCK),
        ("c++", ".cpp .cc .cxx .hpp .hh .hxx", _C_LINE, _C_BLOCK),
        ("java", ".java", _C_LINE, _C_BLOCK),
        ("kotlin", ".kt .kts", _C_LINE, _C_BLOCK),
        ("swift", ".swift", _C_LINE, _C_BLOCK),
        ("c#", ".cs", _C_LINE, _C_BLOCK),
        ("scala", ".scala", _C_LINE, _C_BLOCK),
        ("dart", ".dart", _C_LINE, _C_BLOCK),
        ("zig", ".zig", _C_LINE, ()),
        ("php", ".php", ("//", "#"), _C_BLOCK),
        ("css", ".css", (), _C_BLOCK),
        ("scss", ".scss .less", _C_LINE, _C_BLOCK),
        ("sql", ".sql", ("--",), _C_BLOCK),
        ("lua", ".lua", ("--",), (("--[[", "]]"),)),
        ("haskell", ".hs", ("--",), (("{-", "-}"),)),
        ("lisp", ".el .lisp .clj .scm", (";",), ()),
        ("tex", ".tex", ("%",), ()),
        ("erlang", ".erl", ("%",), ()),
        ("markdown", ".md .markdown", (), _MARKUP),
        ("html", ".html .htm .xml .vue", (), _MARKUP),
        ("text", ".txt .rst", (), ()),
    ]
    for name, extensions, line, block in groups:
        for ext in extensions.split():
            table[ext] = _Syntax(name, line, block)
    return table


_BY_SUFFIX = _languages()
_BY_NAME = {name: _Syntax("make" if name == "Makefile" else name.lower(), _HASH) for name in ("Makefile", "Dockerfile", "Rakefile", "Gemfile")}
_PLAIN = _Syntax("text")


class CodeTool:
    """Line metrics, functions, complexity, imports, TODOs and smells of source code."""

    name = "code"
    description = (
        "Analyse source code in a file or directory: line counts, functions and their "
        "cyclomatic complexity, classes, imports, TODOs and code smells"
    )
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "path": {"type": "string", "description": "a source file or a directory (searched recursively)"},
            "max_files": {"type": "integer", "minimum": 1, "default": 200, "description": "stop after this many files"},
            "complexity_threshold": {
                "type": "integer",
                "minimum": 1,
                "default": 10,
                "description": "report functions whose cyclomatic complexity is above this",
            },
        },
        "required": ["path"],
    }
    positional = ("path",)
    write_actions: frozenset[str] = frozenset()

    def run(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolResult:
        max_files = int(args.get("max_files", 200))
        threshold = int(args.get("complexity_threshold", 10))
        if max_files < 1:
            raise ToolError(f"code: max_files must be at least 1, got {max_files}")
        if threshold < 1:
            raise ToolError(f"code: complexity_threshold must be at least 1, got {threshold}")
        target = readable_path(str(args["path"]), ctx)
        files: list[dict[str, Any]] = []
        skipped: list[dict[str, str]] = []
        truncated = False
        if target.is_dir():
            seen: set[Path] = set()
            for path, rel in _walk(target):
                try:
                    real = readable_path(str(path), ctx)
                except ToolPermissionError:
                    skipped.append({"path": rel, "reason": "links outside the readable directories"})
                    continue
                except ToolError:
                    skipped.append({"path": rel, "reason": "broken link"})
                    continue
                if real in seen:
                    continue
                seen.add(real)
                if len(files) >= max_files:
                    truncated = True
                    break
                try:
                    entry = _analyze_file(real, rel, threshold, explicit=False)
                except OSError as exc:
                    entry = {"skipped": exc.strerror or type(exc).__name__}
                if "skipped" in entry:
                    skipped.append({"path": rel, "reason": entry["skipped"]})
                else:
                    files.append(entry)
        else:
            entry = _analyze_file(target, target.name, threshold, explicit=True)
            if "skipped" in entry:
                raise ToolError(f"code: {args['path']}: {entry['skipped']}")
            files.append(entry)
        totals = _totals(files)
        data = {"path": str(target), "files": files, "totals": totals, "skipped": skipped, "truncated": truncated}
        return ToolResult(_report(files, totals, skipped, truncated, max_files), data)


def _walk(root: Path) -> Iterator[tuple[Path, str]]:
    """Candidate files under `root`, sorted; hidden and build directories are pruned."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and d not in _SKIP_DIRS and not d.endswith(".egg-info")
        )
        for name in sorted(filenames):
            if name.startswith(".") or _syntax_for(name) is None:
                continue
            path = Path(dirpath) / name
            yield path, path.relative_to(root).as_posix()


def _syntax_for(name: str) -> _Syntax | None:
    return _BY_NAME.get(name) or _BY_SUFFIX.get(Path(name).suffix.lower())


def _analyze_file(path: Path, rel: str, threshold: int, *, explicit: bool) -> dict[str, Any]:
    """One file's entry, or {"skipped": reason} for binary, oversized and special files."""
    if not path.is_file():
        return {"skipped": "not a regular file"}
    if path.stat().st_size > _MAX_BYTES:
        return {"skipped": f"larger than {_MAX_BYTES // 1_000_000} MB"}
    raw = path.read_bytes()
    if b"\0" in raw[:8192]:
        return {"skipped": "binary file"}
    syntax = _syntax_for(path.name) or (_PLAIN if explicit else None)
    if syntax is None:
        return {"skipped": "not a known source file type"}
    if syntax.name == "python":
        return _analyze_python(raw, rel, threshold, is_package_init=path.name == "__init__.py")
    text = raw.decode("utf-8", errors="replace")
    entry = _entry(rel, syntax.name)
    _line_metrics(entry, _lines(text), syntax)
    functions = _lizard_functions(path.name, text)
    if functions is None:
        entry["function_metrics"] = None  # said plainly in the report: line counts only
    else:
        entry["functions"] = functions
        entry["function_metrics"] = "lizard"
    return entry


def _lizard_functions(name: str, text: str) -> list[dict[str, Any]] | None:
    """Functions and their cyclomatic complexity in the languages lizard reads (C/C++, Java,
    JavaScript/TypeScript, Go, Rust, Swift, Ruby, PHP, Kotlin, Scala, Lua, ...); None for others."""
    import lizard
    from lizard_languages import get_reader_for

    if get_reader_for(name) is None:
        return None
    info = lizard.analyze_file.analyze_source_code(name, text)
    return [
        {"name": f.name, "line": f.start_line, "end_line": f.end_line, "args": f.parameter_count,
         "complexity": f.cyclomatic_complexity, "method": False, "async": False}
        for f in info.function_list
    ]


def _entry(rel: str, language: str) -> dict[str, Any]:
    return {
        "path": rel,
        "language": language,
        "lines": 0,
        "code": 0,
        "blank": 0,
        "comment": 0,
        "functions": [],
        "classes": [],
        "imports": [],
        "todos": [],
        "smells": [],
        "error": None,
        "function_metrics": "ast",  # "ast" (Python), "lizard", or None: not analysed for this language
    }


def _lines(text: str) -> list[str]:
    return io.StringIO(text).readlines()


def _add_todo(entry: dict[str, Any], line: int, comment: str) -> None:
    match = _TODO.search(comment)
    if match:
        entry["todos"].append({"line": line, "tag": match.group(1), "text": match.group(2).strip()})


def _line_metrics(entry: dict[str, Any], lines: list[str], syntax: _Syntax) -> None:
    """Count code, blank and comment lines with the language's markers; collect TODOs.

    A line with any code is a code line; a line inside a block comment is a comment line.
    Markers inside string literals are not recognised (best effort).
    """
    closing: str | None = None
    counts = {"code": 0, "blank": 0, "comment": 0}
    for number, line in enumerate(lines, 1):
        has_code, comments, closing = _scan_line(line.rstrip("\r\n"), syntax, closing)
        kind = "code" if has_code else "comment" if comments or closing else "blank" if not line.strip() else "code"
        counts[kind] += 1
        if comments:
            _add_todo(entry, number, " ".join(comments))
        elif not syntax.line and not syntax.block:
            _add_todo(entry, number, line)
    entry["lines"] = len(lines)
    entry.update(counts)


def _scan_line(line: str, syntax: _Syntax, closing: str | None) -> tuple[bool, list[str], str | None]:
    """Split one line into code and comments; returns (has code, comment texts, open block's closer)."""
    pos, has_code, comments = 0, False, []
    while pos < len(line):
        if closing is not None:
            end = line.find(closing, pos)
            if end < 0:
                comments.append(line[pos:])
                return has_code, comments, closing
            comments.append(line[pos:end])
            pos, closing = end + len(closing), None
            continue
        rest = line[pos:]
        stripped = rest.lstrip()
        if not stripped:
            break
        pos += len(rest) - len(stripped)
        opener = next(((o, c) for o, c in syntax.block if stripped.startswith(o)), None)
        if opener is not None:
            pos, closing = pos + len(opener[0]), opener[1]
            comments.append("")
            continue
        if any(stripped.startswith(marker) for marker in syntax.line):
            comments.append(stripped)
            break
        has_code = True
        starts = [i for i in (line.find(m, pos + 1) for m in (*syntax.line, *(o for o, _ in syntax.block))) if i > 0]
        if not starts:
            break
        pos = min(starts)
    return has_code, comments, closing


# -- Python ---------------------------------------------------------------------------

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_BLOCKS = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try, ast.TryStar, ast.Match)
_MUTABLE_CALLS = frozenset({"list", "dict", "set", "bytearray", "defaultdict", "OrderedDict", "deque", "Counter"})
_TRIVIA = frozenset({tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING, tokenize.ENDMARKER})


def _analyze_python(raw: bytes, rel: str, threshold: int, *, is_package_init: bool) -> dict[str, Any]:
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
        text = raw.decode(encoding, errors="replace")
    except (SyntaxError, LookupError):
        text = raw.decode("utf-8", errors="replace")
    text = text.removeprefix("\ufeff")
    entry = _entry(rel, "python")
    lines = _lines(text)
    try:
        _python_line_metrics(entry, text, lines)
    except (tokenize.TokenError, SyntaxError):
        entry["todos"] = []
        _line_metrics(entry, lines, _BY_SUFFIX[".py"])
    try:
        tree = ast.parse(text, filename=rel)
    except SyntaxError as exc:
        entry["error"] = f"syntax error at line {exc.lineno}: {exc.msg}"
        return entry
    except (ValueError, RecursionError, MemoryError) as exc:
        entry["error"] = f"cannot parse: {type(exc).__name__}"
        return entry
    analyzer = _Analyzer(threshold)
    analyzer.visit(tree)
    entry["functions"], entry["classes"] = analyzer.functions, analyzer.classes
    entry["imports"] = sorted(analyzer.imports, key=lambda i: i["line"])
    smells = analyzer.smells + ([] if is_package_init else analyzer.unused_imports())
    entry["smells"] = sorted(smells, key=lambda s: (s["line"], s["kind"]))
    return entry


def _python_line_metrics(entry: dict[str, Any], text: str, lines: list[str]) -> None:
    code: set[int] = set()
    comment: set[int] = set()
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type == tokenize.COMMENT:
            comment.add(tok.start[0])
            _add_todo(entry, tok.start[0], tok.string)
        elif tok.type not in _TRIVIA:
            code.update(range(tok.start[0], tok.end[0] + 1))
    counts = {"code": 0, "blank": 0, "comment": 0}
    for number, line in enumerate(lines, 1):
        kind = "code" if number in code else "comment" if number in comment else "blank" if not line.strip() else "code"
        counts[kind] += 1
    entry["lines"] = len(lines)
    entry.update(counts)


def _smell(line: int, kind: str, message: str) -> dict[str, Any]:
    return {"line": line, "kind": kind, "message": message}


class _Analyzer(ast.NodeVisitor):
    """One pass over a module: functions (dotted names), classes, imports, names used, smells."""

    def __init__(self, threshold: int) -> None:
        self.threshold = threshold
        self.scope: list[tuple[str, bool]] = []  # (name, is a class)
        self.functions: list[dict[str, Any]] = []
        self.classes: list[dict[str, Any]] = []
        self.imports: list[dict[str, Any]] = []
        self.smells: list[dict[str, Any]] = []
        self.bound: dict[str, int] = {}  # name an import binds -> first line
        self.used: set[str] = set()

    def _qualified(self, name: str) -> str:
        return ".".join([*(n for n, _ in self.scope), name])

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(
            {
                "name": self._qualified(node.name),
                "line": node.lineno,
                "end_line": node.end_lineno or node.lineno,
                "bases": [ast.unparse(b) for b in node.bases],
                "methods": [s.name for s in node.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))],
            }
        )
        self.scope.append((node.name, True))
        self.generic_visit(node)
        self.scope.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        name = self._qualified(node.name)
        is_method = bool(self.scope) and self.scope[-1][1]
        params = [*node.args.posonlyargs, *node.args.args]
        if is_method and params and params[0].arg in ("self", "cls"):
            params = params[1:]
        count = len(params) + len(node.args.kwonlyargs) + (node.args.vararg is not None) + (node.args.kwarg is not None)
        end = node.end_lineno or node.lineno
        complexity = _complexity(node)
        self.functions.append(
            {
                "name": name,
                "line": node.lineno,
                "end_line": end,
                "args": count,
                "complexity": complexity,
                "method": is_method,
                "async": isinstance(node, ast.AsyncFunctionDef),
            }
        )
        length = end - node.lineno + 1
        if length > _LONG_FUNCTION:
            self.smells.append(_smell(node.lineno, "long-function", f"{name} is {length} lines long (over {_LONG_FUNCTION})"))
        if count > _MANY_PARAMETERS:
            self.smells.append(_smell(node.lineno, "too-many-parameters", f"{name} takes {count} parameters (over {_MANY_PARAMETERS})"))
        if complexity > self.threshold:
            self.smells.append(
                _smell(node.lineno, "high-complexity", f"{name} has cyclomatic complexity {complexity} (over {self.threshold})")
            )
        depth, line = _nesting(node.body, 0)
        if depth > _DEEP_NESTING:
            self.smells.append(_smell(line, "deep-nesting", f"{name} nests blocks {depth} deep (over {_DEEP_NESTING})"))
        for param, default in _defaults(node.args):
            if _is_mutable(default):
                self.smells.append(
                    _smell(default.lineno, "mutable-default", f"{name}: parameter {param!r} has a mutable default; use None")
                )
        self._annotation(node.returns)
        self.scope.append((node.name, False))
        self.generic_visit(node)
        self.scope.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.imports.append({"line": node.lineno, "module": alias.name, "names": []})
            if alias.asname != alias.name:  # `import x as x` is an explicit re-export
                self.bound.setdefault(alias.asname or alias.name.split(".")[0], node.lineno)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = "." * node.level + (node.module or "")
        self.imports.append({"line": node.lineno, "module": module, "names": [a.name for a in node.names]})
        for alias in node.names:
            if alias.name == "*":
                self.smells.append(_smell(node.lineno, "star-import", f"from {module} import * hides where names come from"))
            elif node.module != "__future__" and alias.asname != alias.name:
                self.bound.setdefault(alias.asname or alias.name, node.lineno)

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.type is None:
            self.smells.append(_smell(node.lineno, "bare-except", "bare `except:` also catches KeyboardInterrupt and SystemExit"))
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if not isinstance(node.ctx, ast.Store):
            self.used.add(node.id)

    def visit_arg(self, node: ast.arg) -> None:
        self._annotation(node.annotation)
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign | ast.AugAssign | ast.AnnAssign) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if node.value is not None and any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            self.used.update(c.value for c in ast.walk(node.value) if isinstance(c, ast.Constant) and isinstance(c.value, str))
        if isinstance(node, ast.AnnAssign):
            self._annotation(node.annotation)
        self.generic_visit(node)

    visit_AugAssign = visit_AnnAssign = visit_Assign

    def _annotation(self, node: ast.expr | None) -> None:
        """Names inside string annotations (`"Path"`, `list["Path"]`) count as used."""
        for sub in ast.walk(node) if node is not None else ():
            if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                try:
                    parsed = ast.parse(sub.value, mode="eval")
                except SyntaxError:
                    continue
                self.used.update(n.id for n in ast.walk(parsed) if isinstance(n, ast.Name))

    def unused_imports(self) -> list[dict[str, Any]]:
        """Best effort: imported names never read (names listed in `__all__` count as read)."""
        return [
            _smell(line, "unused-import", f"{name} is imported but never used")
            for name, line in self.bound.items()
            if name not in self.used
        ]


def _scope_nodes(nodes: list[ast.stmt]) -> Iterator[ast.AST]:
    """Every node of a body, not descending into nested functions and classes."""
    stack: list[ast.AST] = [n for n in reversed(nodes) if not isinstance(n, _SCOPES)]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(c for c in ast.iter_child_nodes(node) if not isinstance(c, _SCOPES))


def _complexity(func: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    total = 1
    for node in _scope_nodes(func.body):
        if isinstance(node, (ast.If, ast.For, ast.AsyncFor, ast.While, ast.IfExp, ast.ExceptHandler)):
            total += 1
        elif isinstance(node, ast.BoolOp):
            total += len(node.values) - 1
        elif isinstance(node, ast.comprehension):
            total += len(node.ifs)
        elif isinstance(node, ast.Match):
            total += sum(1 for case in node.cases if not _irrefutable(case))
    return total


def _irrefutable(case: ast.match_case) -> bool:
    return isinstance(case.pattern, ast.MatchAs) and case.pattern.pattern is None and case.guard is None


def _nesting(body: list[ast.stmt], depth: int) -> tuple[int, int]:
    """The deepest nesting of blocks in `body` and the line of the first block that reaches it."""
    best = (depth, 0)
    for stmt in body:
        if not isinstance(stmt, _BLOCKS):
            continue
        inner = depth + 1
        if inner > best[0]:
            best = (inner, stmt.lineno)
        bodies: list[tuple[list[ast.stmt], int]] = []
        if isinstance(stmt, ast.If):
            bodies.append((stmt.body, inner))
            is_elif = len(stmt.orelse) == 1 and isinstance(stmt.orelse[0], ast.If)
            bodies.append((stmt.orelse, depth if is_elif else inner))
        elif isinstance(stmt, (ast.For, ast.AsyncFor, ast.While)):
            bodies += [(stmt.body, inner), (stmt.orelse, inner)]
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            bodies.append((stmt.body, inner))
        elif isinstance(stmt, (ast.Try, ast.TryStar)):
            bodies += [(stmt.body, inner), (stmt.orelse, inner), (stmt.finalbody, inner)]
            bodies += [(h.body, inner) for h in stmt.handlers]
        elif isinstance(stmt, ast.Match):
            bodies += [(case.body, inner) for case in stmt.cases]
        for sub, level in bodies:
            found = _nesting(sub, level)
            if found[0] > best[0]:
                best = found
    return best


def _defaults(args: ast.arguments) -> Iterator[tuple[str, ast.expr]]:
    positional = [*args.posonlyargs, *args.args]
    yield from ((a.arg, d) for a, d in zip(positional[len(positional) - len(args.defaults) :], args.defaults))
    yield from ((a.arg, d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None)


def _is_mutable(node: ast.expr) -> bool:
    if isinstance(node, (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)):
        return True
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _MUTABLE_CALLS


# -- Report ---------------------------------------------------------------------------

_SUMMED = ("lines", "code", "blank", "comment")


def _totals(files: list[dict[str, Any]]) -> dict[str, int]:
    totals = {"files": len(files)}
    for key in _SUMMED:
        totals[key] = sum(f[key] for f in files)
    for key in ("functions", "classes", "smells", "todos"):
        totals[key] = sum(len(f[key]) for f in files)
    totals["errors"] = sum(1 for f in files if f["error"])
    return totals


def _plural(count: int, word: str, plural: str = "") -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _summary(item: Mapping[str, Any], counts: Mapping[str, int]) -> str:
    if "function_metrics" in item and item["function_metrics"] is None:  # a file in a language nobody parses here
        definitions = "functions not analysed for this language (line counts only)"
    else:
        definitions = f"{_plural(counts['functions'], 'function')}, {_plural(counts['classes'], 'class', 'classes')}"
    return (
        f"{_plural(item['lines'], 'line')} ({item['code']} code, {item['blank']} blank, {item['comment']} comment), "
        f"{definitions}, "
        f"{_plural(counts['smells'], 'smell')}, "
        f"{_plural(counts['todos'], 'TODO')}"
    )


def _report(files: list[dict[str, Any]], totals: Mapping[str, int], skipped: list[dict[str, str]], truncated: bool, limit: int) -> str:
    out: list[str] = []
    for f in files:
        counts = {key: len(f[key]) for key in ("functions", "classes", "smells", "todos")}
        out.append(f"{f['path']} [{f['language']}]: {_summary(f, counts)}")
        if f["error"]:
            out.append(f"  error: {f['error']}")
        complex_ = sorted((fn for fn in f["functions"] if fn["complexity"] > 1), key=lambda fn: (-fn["complexity"], fn["line"]))
        if complex_:
            shown = ", ".join(f"{fn['name']} {fn['complexity']} (line {fn['line']})" for fn in complex_[:_TOP_FUNCTIONS])
            more = f", +{len(complex_) - _TOP_FUNCTIONS} more" if len(complex_) > _TOP_FUNCTIONS else ""
            out.append(f"  complexity: {shown}{more}")
        out += [f"  smell {f['path']}:{s['line']} {s['kind']}: {s['message']}" for s in f["smells"]]
        out += [f"  {t['tag']} {f['path']}:{t['line']} {t['text']}".rstrip() for t in f["todos"]]
    out.append(f"Totals: {_plural(totals['files'], 'file')}, {_summary(totals, totals)}, {_plural(totals['errors'], 'error')}")
    if skipped:
        out.append("Skipped: " + "; ".join(f"{s['path']} ({s['reason']})" for s in skipped[:20]) + (" ..." if len(skipped) > 20 else ""))
    if truncated:
        out.append(f"Stopped after {limit} files; pass a larger max_files to see the rest.")
    return "\n".join(out)
