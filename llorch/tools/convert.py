"""The `convert` tool: data written as JSON, YAML, TOML or CSV rewritten in another of them (or JSON minified or
pretty-printed) by the parsers and writers themselves, not retyped.

Asked to convert a small YAML file to JSON, the 1.5B moved a top-level key into the object above it (`tags` into
`server`); asked to turn a CSV into JSON, it wrote a Python script. `convert_asked` recognises a message that
plainly asks for such a conversion of a text it gives (after a colon, or piped: `cat config.yaml | llorch run
"convert this to JSON"`), so that it goes to the tool before the model answers (chat/conversation.py's exact
step), and the text is read whole however long (exact.READ_WHOLE). The answer's own JSON, YAML or TOML block is
read back and compared with the tool's, so that a block that differs gets a note (`same_data`).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from typing import Any

import tomli_w
import yaml

from llorch.errors import ToolError
from llorch.tools.asking import LEAD, asked_parts
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.validate import validate

__all__ = ["FORMATS", "ConvertTool", "convert", "convert_asked", "same_data"]

FORMATS = ("json", "yaml", "toml", "csv")
_NAMES = {"json": "JSON", "yaml": "YAML", "toml": "TOML", "csv": "CSV", "minified": "minified JSON"}
_MAX_TEXT = 5_000_000
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
# YAML's aliases share a node, and the writers copy it out at each use: a 324-byte file of nine lists of nine
# aliases (a "billion laughs") reads in 0.1 s but is 9^9 values written out, a MemoryError or the kernel's OOM
# kill. What a YAML text holds, counted out, may come to this many values or the text's length, not more.
_MAX_VALUES = 1_000_000


def _read(text: str, form: str) -> Any:
    if form == "csv":
        return _read_csv(text)
    import tomllib

    parse = {"json": json.loads, "yaml": yaml.safe_load, "toml": tomllib.loads}[form]
    try:
        value = parse(text)
    except (ValueError, yaml.YAMLError):  # (JSONDecodeError and TOMLDecodeError are ValueErrors): said as the
        checked, said = validate(text, form)  # validate tool says it, with the line and the usual cause
        if checked["valid"]:  # (a YAML stream of several documents)
            raise ToolError(f"convert: the text holds {checked['what']}; convert them one at a time") from None
        reason = said.split(": ", 1)[-1].rstrip(".")
        raise ToolError(f"convert: the text is not valid {_NAMES[form]}: {reason}") from None
    limit = max(_MAX_VALUES, len(text))
    if form == "yaml" and _values(value, limit, {}, set()) < 0:
        raise ToolError(f"convert: the YAML's aliases (*name) repeat its values past {limit:,} when written out (an "
                        "alias bomb?); write the values out or use fewer aliases")
    return value


def _values(value: Any, limit: int, counted: dict[int, int], open_: set[int]) -> int:
    """How many values `value` holds written out, each alias copied (-1: more than `limit`), counted once per
    shared list or mapping."""
    if not isinstance(value, (list, dict)):
        return 1
    key = id(value)
    if key in open_:
        raise ToolError("convert: the YAML holds a list or mapping inside itself (an alias inside its own anchor, "
                        "as in &a [*a]), which cannot be written out; break the loop")
    if key not in counted:
        open_.add(key)
        total = 1
        for item in value.values() if isinstance(value, dict) else value:
            inner = _values(item, limit, counted, open_)
            total = -1 if inner < 0 or total + inner > limit else total + inner
            if total < 0:
                break
        open_.discard(key)
        counted[key] = total
    return counted[key]


def _read_csv(text: str) -> list[dict[str, Any]]:
    """A CSV's rows as objects keyed by its header; numbers that are written as numbers become numbers ("36", not
    "036" or "1,000")."""
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text.strip()), dialect))
    except csv.Error as exc:  # (it was "convert failed: Error: …", as a bug of the tool's own is said)
        raise ToolError(f"convert: this CSV cannot be read ({exc}); a field with a line break in it must be quoted") from None
    if len(rows) < 2:
        raise ToolError("convert: a CSV needs a header line and at least one row")
    header = [h.strip() for h in rows[0]]
    if len(set(header)) != len(header) or not all(header):
        raise ToolError(f"convert: the CSV's header must name every column once: {', '.join(header)}")
    out = []
    for k, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise ToolError(f"convert: line {k} of the CSV has {len(row)} fields; its header has {len(header)}")
        out.append({h: _typed(v) for h, v in zip(header, row)})
    return out


def _typed(value: str) -> Any:
    value = value.strip()
    if _NUMBER.fullmatch(value):
        return float(value) if any(c in value for c in ".eE") else int(value)
    return {"true": True, "false": False}.get(value, value)


def _write(value: Any, form: str) -> str:
    if form == "json":
        return json.dumps(value, indent=2, ensure_ascii=False)
    if form == "minified":
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    if form == "yaml":
        said = yaml.safe_dump(value, sort_keys=False, allow_unicode=True, default_flow_style=False).rstrip("\n")
        if yaml.safe_load(said) != value:  # (PyYAML writes a NEL, U+0085, bare in quotes, where it reads as a space)
            said = yaml.safe_dump(value, sort_keys=False, default_flow_style=False).rstrip("\n")  # (escaped: "\N")
        return said
    if form == "toml":
        if not isinstance(value, Mapping):
            raise ToolError("convert: TOML holds a table (keys and values) at the top, not a list or a single value")
        try:
            return tomli_w.dumps(_tomlable(value)).rstrip("\n")
        except TypeError as exc:
            raise ToolError(f"convert: TOML cannot hold this: {exc}") from None
    return _write_csv(value)


def _tomlable(value: Any) -> Any:
    """TOML has no null: a key whose value is null is left out (as tools that write TOML do)."""
    if isinstance(value, Mapping):
        return {k: _tomlable(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        if any(v is None for v in value):
            raise ToolError("convert: TOML has no null, and a list here holds one")
        return [_tomlable(v) for v in value]
    return value


def _write_csv(value: Any) -> str:
    rows = value if isinstance(value, list) else [value]
    if not rows or not all(isinstance(r, Mapping) for r in rows):
        raise ToolError("convert: a CSV is a list of objects (one per row); this data is not")
    header: list[str] = []
    for row in rows:
        for key in row:
            if key not in header:
                header.append(str(key))
    if any(isinstance(v, (Mapping, list)) for r in rows for v in r.values()):
        raise ToolError("convert: a CSV's cells hold single values, and this data nests objects or lists in them")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if v is None else json.dumps(v) if isinstance(v, bool) else v) for k, v in row.items()})
    return out.getvalue().rstrip("\n")


def detect(text: str) -> str:
    """The format a text is most likely written in: JSON, CSV (a header and rows of as many fields), TOML or YAML."""
    stripped = text.strip()
    if stripped[:1] == "{" or stripped[:1] == "[" and not re.match(r"\[\[?[A-Za-z_][\w.-]*\]\]?\s*$",
                                                                  stripped.splitlines()[0]):
        return "json"  # (a first line such as [server] or [[bin]] is a TOML table's)
    lines = [line for line in stripped.splitlines() if line.strip()]
    if len(lines) >= 2 and "," in lines[0] and ":" not in lines[0] and "=" not in lines[0] and \
            len({len(next(csv.reader([line]))) for line in lines}) == 1:
        return "csv"
    if re.search(r"^\s*\[[\w.\"' -]+\]\s*$", stripped, re.M) or re.search(r"^\s*[\w\"'.-]+\s*=\s*\S", stripped, re.M):
        return "toml"
    return "yaml"


def convert(text: str, to: str, source: str = "auto") -> tuple[dict[str, Any], str]:
    """`text` (written in `source`, or the format it looks like) rewritten as `to` (a format of FORMATS, or
    "minified" JSON): the result as data and said with it."""
    if len(text) > _MAX_TEXT:
        raise ToolError(f"convert: the text is {len(text):,} characters; the limit is {_MAX_TEXT:,}")
    if not text.strip():
        raise ToolError("convert: give the text to convert")
    if to not in (*FORMATS, "minified"):
        raise ToolError(f"convert: unknown format {to!r}; formats: {', '.join(FORMATS)}, minified")
    form = detect(text) if source in ("", "auto") else source
    if form not in FORMATS:
        raise ToolError(f"convert: unknown format {source!r}; formats: {', '.join(FORMATS)}")
    try:
        value = _read(text, form)
        written = _write(value, to)
    except RecursionError:
        raise ToolError("convert: the text nests deeper than llorch can read") from None
    fence = "json" if to == "minified" else to
    said = f"The {_NAMES[form]} as {_NAMES[to]}:\n```{fence}\n{written}\n```"
    return {"from": form, "to": to, "result": written}, said


class ConvertTool:
    """Rewrite data from JSON, YAML, TOML or CSV into another of them, or minify or pretty-print JSON."""

    name = "convert"
    description = ("Rewrite data written as JSON, YAML, TOML or CSV in another of those formats, or minify or "
                   "pretty-print JSON")
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "to": {"type": "string", "enum": [*FORMATS, "minified"], "description": "the format to write"},
            "text": {"type": "string", "maxLength": _MAX_TEXT, "description": "the data"},
            "source": {"type": "string", "enum": ["auto", *FORMATS],
                       "description": "the format the text is in (default: the one it looks like)"},
        },
        "required": ["to", "text"],
    }
    positional = ("to", "text")
    write_actions: frozenset[str] = frozenset()
    examples: tuple[tuple[str, dict[str, Any]], ...] = (
        ('convert this JSON to YAML: {"a": 1}', {"to": "yaml", "text": '{"a": 1}', "source": "json"}),
    )

    def run(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolResult:
        data, said = convert(str(args.get("text", "")), str(args.get("to", "")), str(args.get("source") or "auto"))
        return ToolResult(said, data)


def same_data(answer: str, result: str, to: str) -> bool | None:
    """Whether the JSON, YAML or TOML block of `answer` holds the same data as the tool's `result` (None when the
    answer has no block of that format to read)."""
    blocks = re.findall(r"```[\w-]*\n(.*?)```", answer, re.DOTALL)
    if not blocks:
        return None
    form = "json" if to == "minified" else to
    want = _read(result, form) if form != "csv" else result.strip()
    for block in blocks:
        if form == "csv":
            if block.strip() == want:
                return True
            continue
        try:
            if _read(block, form) == want:
                return True
        except ToolError:
            continue
    return False


# --- recognising a plain request ----------------------------------------------------------------

_FORM = r"(?:json|yaml|yml|toml|csv)"
_TO = (r"(?:convert|turn|change|transform|translate|rewrite|make|write|format|render|put)?\s*(?:this|that|it|the\s+"
       r"following|these|the\s+data|my|the\s+\w+\s+below)?\s*(?P<from>" + _FORM + r")?(?:\s+(?:data|file|config|"
       r"document|object|array|text|rows|table))?\s+(?:to|into|in|as)\s+(?:a\s+|an\s+)?(?P<to>" + _FORM + r")\b")
_CONVERT = re.compile(LEAD + _TO + r"(?:\s+(?:format|please))?\s*[?.!]*$", re.I)
_BARE = re.compile(LEAD + r"(?P<from>" + _FORM + r")\s+(?:to|->|→)\s+(?P<to>" + _FORM + r")(?:\s+please)?\s*[?.!]*$",
                   re.I)
_MINIFY = re.compile(LEAD + r"(?P<how>minify|compact|compress|pretty[\s-]?print|prettify|beautify|indent|format)\s+"
                     r"(?:this|that|it|the\s+following|my)?\s*(?:json)?(?:\s+(?:data|file|object|please))?\s*[?.!]*$",
                     re.I)


def _structured(text: str) -> bool:
    """Whether a text whose format is not named reads as data (an object or a list), not prose: "Write this in
    YAML: a server called web on port 80" asks the model to structure it."""
    try:
        return isinstance(_read(text, detect(text)), (dict, list))
    except (ToolError, RecursionError):
        return False


def convert_asked(message: str) -> dict[str, Any] | None:
    """The convert tool's arguments for a message that plainly asks to convert a text it gives from JSON, YAML,
    TOML or CSV to another of them, or to minify or pretty-print JSON; or None."""
    if len(message) > _MAX_TEXT:
        return None
    for question, body in asked_parts(message):
        if not body:
            continue
        q = question.strip()
        found = _CONVERT.match(q) or _BARE.match(q)
        if found is not None:
            to = found.group("to").lower().replace("yml", "yaml")
            source = (found.group("from") or "auto").lower().replace("yml", "yaml")
            if to != source and (source != "auto" or _structured(body)):
                return {"to": to, "text": body, **({"source": source} if source != "auto" else {})}
            continue
        minify = _MINIFY.match(q)
        if minify is not None and body.lstrip()[:1] in "[{" and validate(body, "json")[0]["valid"]:
            how = minify.group("how").lower()
            return {"to": "minified" if how in ("minify", "compact", "compress") else "json", "text": body,
                    "source": "json"}
    return None
