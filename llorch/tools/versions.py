"""The `version` tool: software versions compared and sorted, and whether a version satisfies a requirement, by
pip's rules (PEP 440, `packaging`) or npm's (semver ranges, `node-semver`).

Asked whether pip's `~=2.2` allows 2.3.1, the 1.5B said no ("less than 3.0", in the same breath), and it said
`^1.4.0` means "any 1.4.x". `version_asked` recognises a message that plainly asks which of two versions is newer,
to sort a list of them, or whether one satisfies a requirement, so that it goes to the tool before the model
answers (chat/conversation.py's exact step). The two schemes agree on plain comparisons; a requirement is read
by npm's rules when it is written npm's way (^, a lone ~, 1.2.x, ||, a hyphen range) or the message names npm,
package.json or Cargo, else by pip's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cmp_to_key
from typing import Any

from llorch.errors import ToolError
from llorch.tools.base import EXACT_ONLY, ToolContext, ToolResult

__all__ = ["VERSION", "VersionTool", "compare", "satisfies", "sort_versions", "version_asked"]

ACTIONS = ("compare", "sort", "satisfies")
SCHEMES = ("auto", "pep440", "npm")
_MAX_VERSIONS = 1_000
_MAX_TEXT = 200
_MAX_QUESTION = 1_000
_NPM_LOOK = re.compile(r"\^|(?<![~=])~(?!=)|\|\||(?:^|[\s.])[xX*](?:$|[\s.])|\s-\s")
_PEP_LOOK = re.compile(r"~=|==|!=|,|\.\*")


def _version(text: str, scheme: str) -> Any:
    """`text` as a version of `scheme` (pep440 or npm), or ToolError."""
    given = text.strip()
    if not given or len(given) > _MAX_TEXT:
        raise ToolError(f"version: {given[:40]!r} is not a version; give one such as 1.10.2 or 2.0.0-rc.1")
    if scheme == "pep440":
        from packaging.version import InvalidVersion, Version

        try:
            return Version(given)
        except InvalidVersion:
            raise ToolError(f"version: {given!r} is not a version pip reads (PEP 440); give one such as 1.10.2 or "
                            f"2.0rc1") from None
    import nodesemver

    try:
        return nodesemver.make_semver(given, loose=True)
    except (ValueError, TypeError):
        raise ToolError(f"version: {given!r} is not a semantic version; give one such as 1.10.2 or "
                        f"2.0.0-rc.1") from None


def _parsed(versions: Sequence[str], scheme: str) -> tuple[str, list[Any]]:
    """The scheme `versions` compare by — pip's when it reads them all (it reads `v1.2`, `1.0.0-rc.1` and two-part
    versions), else npm's (`1.0.0-alpha.beta`) — and each one read by it, once."""
    if scheme == "auto":
        try:
            return "pep440", [_version(v, "pep440") for v in versions]
        except ToolError:
            scheme = "npm"
    return scheme, [_version(v, scheme) for v in versions]


def _cmp(x: Any, y: Any) -> int:
    """-1, 0 or 1 for two versions read by one scheme (pip's are ordered; npm's SemVer compares)."""
    if hasattr(x, "compare"):
        return int(x.compare(y))
    return (x > y) - (x < y)


def compare(a: str, b: str, scheme: str = "auto") -> tuple[int, str]:
    """-1, 0 or 1 as version `a` is older than, the same as or newer than `b`, and it said in a sentence."""
    _, (x, y) = _parsed((a, b), scheme)
    order = _cmp(x, y)
    a, b = a.strip(), b.strip()
    if order == 0:
        return 0, f"{a} and {b} are the same version."
    newer, older = (a, b) if order > 0 else (b, a)  # (said in the question's order: told "2.0.0 is newer than
    # 2.0.0b1" when asked whether 2.0.0b1 was newer, the 1.5B answered "No, 2.0.0 is not newer than 2.0.0b1")
    return order, f"{a} is {'newer' if order > 0 else 'older'} than {b} ({_why(newer, older)})."


def _why(newer: str, older: str) -> str:
    """Which part tells two versions apart: parts compare as whole numbers, not as decimals or text."""
    a, b = (re.split(r"[.+-]", v.lstrip("vV")) for v in (newer, older))
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            if x.isdigit() and y.isdigit():
                return f"part {i + 1} is {int(x)} against {int(y)}: each part is a whole number, not a decimal"
            break
    if re.search(r"[A-Za-z]", newer + older):
        return "a pre-release comes before its release"
    return "compared part by part"


def sort_versions(versions: Sequence[str], scheme: str = "auto") -> tuple[list[str], str]:
    """`versions` oldest first, and it said in a sentence."""
    given = [v.strip() for v in versions if v.strip()]
    if len(given) < 2:
        raise ToolError("version: give two or more versions to sort, separated by commas or spaces")
    if len(given) > _MAX_VERSIONS:
        raise ToolError(f"version: {len(given):,} versions; the limit is {_MAX_VERSIONS:,}")
    _, parsed = _parsed(given, scheme)

    def order(p: tuple[Any, str], q: tuple[Any, str]) -> int:
        return _cmp(p[0], q[0])

    ordered = [v for _, v in sorted(zip(parsed, given), key=cmp_to_key(order))]
    return ordered, (f"Oldest to newest: {', '.join(ordered)} (newest to oldest: {', '.join(reversed(ordered))}). "
                     f"The newest is {ordered[-1]}.")


def _requirement_scheme(requirement: str, scheme: str) -> str:
    if scheme != "auto":
        return scheme
    if _NPM_LOOK.search(requirement) and not _PEP_LOOK.search(requirement):
        return "npm"
    if re.search(r"\d\s+[<>=]", requirement) and "," not in requirement:  # ">=1.2 <2": npm joins with a space
        return "npm"
    return "pep440"


def satisfies(version: str, requirement: str, scheme: str = "auto") -> tuple[bool, str]:
    """Whether `version` satisfies `requirement` (pip's `>=1.20,<2`, `~=2.2`; npm's `^1.4.0`, `~1.2.3`, `1.x`),
    and why, in a sentence."""
    req = " ".join(requirement.split())
    if not req or len(req) > _MAX_TEXT:
        raise ToolError(f"version: {req[:40]!r} is not a requirement; give one such as >=1.20,<2 or ^1.4.0")
    used = _requirement_scheme(req, scheme)
    given = version.strip()
    if used == "npm":
        import nodesemver

        _version(given, "npm")
        try:
            meaning = str(nodesemver.make_range(req, loose=True).range)
        except (ValueError, TypeError):
            raise ToolError(f"version: {req!r} is not an npm range; give one such as ^1.4.0, ~1.2.3 or "
                            f">=1.2 <2") from None
        ok = bool(nodesemver.satisfies(given, req, loose=True))
        rules = "npm's rules (semver ranges, as package.json and Cargo use them)"
        means = " or ".join(", ".join(part.split()) for part in meaning.split("||"))
    else:
        from packaging.specifiers import InvalidSpecifier, SpecifierSet

        parsed = _version(given, "pep440")
        try:
            specs = SpecifierSet(req.replace(" ", "") if "," in req or "=" in req else req)
        except InvalidSpecifier:
            raise ToolError(f"version: {req!r} is not a pip requirement (PEP 440); give one such as >=1.20,<2 or "
                            f"~=2.2") from None
        ok = specs.contains(parsed, prereleases=True if parsed.is_prerelease else None)
        rules = "pip's rules (PEP 440)"
        means = ", ".join(_pep_meaning(clause.strip()) for clause in req.split(",") if clause.strip())
    verdict = "satisfies" if ok else "does not satisfy"
    return ok, f"{given} {verdict} {req} by {rules}: {req} means {means}."


def _pep_meaning(spec: str) -> str:
    """`~=2.2` as ">=2.2, ==2.*" (a compatible release: the last part may grow); other clauses as written."""
    compatible = re.fullmatch(r"~=\s*(\S+)", spec)
    if compatible is None:
        return spec
    parts = compatible.group(1).split(".")
    if len(parts) < 2:
        return spec
    prefix = ".".join(parts[:-1])
    return f">={compatible.group(1)} and =={prefix}.* (below {_next(prefix)})"


def _next(prefix: str) -> str:
    head, _, last = prefix.rpartition(".")
    bumped = str(int(last) + 1) if last.isdigit() else last
    return f"{head}.{bumped}" if head else bumped


class VersionTool:
    """Compare and sort software versions; check a version against a requirement."""

    name = "version"
    description = ("Compare software versions (which is newer), sort them, or check whether a version satisfies a "
                   "requirement such as >=1.20,<2 or ~=2.2 (pip) or ^1.4.0 (npm)")
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "action": {"type": "string", "enum": list(ACTIONS),
                       "description": "compare two versions, sort several, or whether one satisfies a requirement"},
            "versions": {"type": "array", "items": {"type": "string", "maxLength": _MAX_TEXT},
                         "maxItems": _MAX_VERSIONS, "description": "the versions (two to compare; one to check)"},
            "requirement": {"type": "string", "maxLength": _MAX_TEXT,
                            "description": "satisfies: the requirement, e.g. >=1.20,<2, ~=2.2, ^1.4.0, 1.2.x"},
            "scheme": {"type": "string", "enum": list(SCHEMES),
                       "description": "pep440 (pip), npm (semver ranges) or auto (by how it is written)"},
            "asked": {"type": "string", "enum": ["newer", "older"], EXACT_ONLY: True,
                      "description": "compare: which one the question asks for, named first"},
        },
        "required": ["action", "versions"],
    }
    positional = ("action", "versions")
    write_actions: frozenset[str] = frozenset()
    examples: tuple[tuple[str, dict[str, Any]], ...] = (
        ("is 1.10.2 newer than 1.9.15?", {"action": "compare", "versions": ["1.10.2", "1.9.15"]}),
    )

    def run(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolResult:
        action = str(args.get("action", ""))
        versions = [str(v) for v in args.get("versions") or []]
        if len(versions) == 1 and action != "satisfies":  # `llorch tool version sort "1.2, 1.10, 1.9"`
            versions = _listed(versions[0])
        scheme = str(args.get("scheme") or "auto")
        if action == "compare":
            if len(versions) != 2:
                raise ToolError(f"version: compare takes two versions, got {len(versions)}")
            order, said = compare(versions[0], versions[1], scheme)
            newer = "" if order == 0 else versions[0] if order > 0 else versions[1]
            older = "" if order == 0 else versions[1] if order > 0 else versions[0]
            asked = str(args.get("asked") or "")
            if order and asked in ("older", "newer"):  # ("Which is older: 10.0.2 or 9.12.4?": told "10.0.2 is newer
                # than 9.12.4", the 1.5B wrote "10.0.2 is older": the one asked for, named first)
                first, then = (older, newer) if asked == "older" else (newer, older)
                said = f"{first.strip()} is {asked} than {then.strip()} ({_why(newer.strip(), older.strip())})."
            return ToolResult(said, {"action": action, "order": order, "newer": newer.strip(),
                                     "older": older.strip()})
        if action == "sort":
            ordered, said = sort_versions(versions, scheme)
            return ToolResult(said, {"action": action, "sorted": ordered, "newest": ordered[-1]})
        if action == "satisfies":
            requirement = str(args.get("requirement") or "")
            if len(versions) != 1:
                raise ToolError(f"version: satisfies takes one version and a requirement, got {len(versions)} "
                                f"versions")
            ok, said = satisfies(versions[0], requirement, scheme)
            return ToolResult(said, {"action": action, "satisfies": ok}, verdict=ok)
        raise ToolError(f"version: unknown action {action!r}; actions: {', '.join(ACTIONS)}")


def _listed(text: str) -> list[str]:
    return [v for v in re.split(r"[,;\s]+", text) if v]


# --- recognising a plain request ----------------------------------------------------------------

_V = r"v?\d+(?:\.\d+)+(?:[-+.]?[A-Za-z][\w.+-]*?|-\d[\w.+-]*?)?"  # 1.10.2, v2.0, 2.0.0-rc.1, 1.0.0+build.5
VERSION = _V
_V2 = r"v?\d+(?:\.\d+){2,}(?:[-+.]?[A-Za-z][\w.+-]*?|-\d[\w.+-]*?)?"  # three parts or more: a version anyway
_NEWER = r"(?:newer|older|later|earlier|more\s+recent|greater|higher|bigger|larger|lower|smaller|less)"
_VERSION_WORD = re.compile(r"\bversions?\b|\brelease\b|\bv\d", re.IGNORECASE)
_END = r"\s*[?.!]*$"
_LEAD = r"^\s*(?:(?:can|could)\s+you\s+(?:tell\s+me\s+)?)?"
_COMPARE = [
    # "Is 1.10.2 newer than 1.9.15?", "Is version 3.10 later than 3.9?", "Is 2.0.0-rc.1 older than 2.0.0?"
    re.compile(_LEAD + r"is\s+(?:version\s+|release\s+)?(?P<a>" + _V + r")\s+(?P<way>" + _NEWER + r")\s+than\s+"
               r"(?:version\s+|release\s+)?(?P<b>" + _V + r")" + _END, re.I),
    # "Which is newer, 3.9.18 or 3.10.2?", "Which version is later: 1.2.10 or 1.2.9?", "…, version 2.10.1 or 2.9.12?",
    # "Which is the later release, 1.9.0 or 1.10.0?"
    re.compile(_LEAD + r"which\s+(?:one\s+|version\s+|release\s+)?is\s+(?:the\s+)?(?P<way>" + _NEWER
               + r"|latest|newest|oldest|highest|lowest)(?:\s+(?:version|release|one))?\s*[,:]?\s*(?:version\s+|release\s+)?"
               r"(?P<a>" + _V
               + r")\s*(?:,\s*)?(?:or|vs\.?|versus)\s+(?:version\s+|release\s+)?(?P<b>" + _V + r")" + _END, re.I),
    # "Compare versions 1.2.10 and 1.2.9", "1.10.0 vs 1.9.0: which is newer?"
    re.compile(_LEAD + r"compare\s+(?:the\s+)?(?:versions\s+)?(?P<a>" + _V + r")\s+(?:and|with|to|vs\.?|versus)\s+"
               r"(?P<b>" + _V + r")" + _END, re.I),
    re.compile(r"^\s*(?P<a>" + _V + r")\s+(?:vs\.?|versus|or)\s+(?P<b>" + _V + r")\s*[:?,]\s*which\s+(?:one\s+)?is\s+"
               r"(?:the\s+)?(?P<way>" + _NEWER + r"|latest|newest|oldest)" + _END, re.I),
]
_SORT = re.compile(_LEAD + r"(?:please\s+)?(?:sort|order|rank|arrange)\s+(?:these|the\s+following|this\s+list\s+of|"
                   r"the)?\s*(?:software\s+)?versions?(?:\s+numbers?)?(?P<how>[^:]*?)\s*:\s*(?P<list>.+)$", re.I)
_LATEST = re.compile(_LEAD + r"(?:what|which)(?:'s|’s|\s+is)\s+(?:the\s+)?(?P<way>latest|newest|oldest|highest|"
                     r"lowest)\s+(?:version|release)?\s*(?:of\s+these|in\s+this\s+list|here|among\s+these)?\s*[:?]"
                     r"\s*(?P<list>.+)$", re.I)
_REQ_CLAUSE = r"(?:(?:~=|===|==|!=|>=|<=|>|<|=|\^|~)\s*v?\d[\w.*+-]*|v?\d+(?:\.(?:\d+|[xX*]))*\.[xX*])"
_REQ = (r"(?P<req>" + _REQ_CLAUSE + r"(?:\s*(?:,|\|\||\s-\s|\s)\s*(?:" + _REQ_CLAUSE + r"|v?\d[\w.*+-]*))*)")
_ALLOWS = r"(?:allow|accept|match|include|cover|permit|let\s+in|admit|take)s?"
_SATISFIES = r"(?:satisfy|satisfies|match|matches|fit|fits|fall\s+(?:with)?in|falls\s+(?:with)?in|meet|meets)"
_SATISFY = [
    # "Does ^1.4.0 accept 2.0.0?", "Does the pip specifier ~=2.2 allow 2.3.1?", "Would >=1.20,<2 include 1.26.4?"
    re.compile(_LEAD + r"(?:does|do|would|will|can)\s+(?P<pre>[^?]*?)" + _REQ + r"(?P<mid>[^?]*?)\s+" + _ALLOWS
               + r"\s+(?:version\s+)?(?P<ver>" + _V + r")(?P<post>[^?]*?)" + _END, re.I),
    # "Does 1.26.4 satisfy >=1.20,<2?", "Does version 2.3.1 match ~=2.2 in pip?"
    re.compile(_LEAD + r"(?:does|do|would|will)\s+(?:version\s+)?(?P<ver>" + _V + r")\s+" + _SATISFIES
               + r"\s+(?P<pre>[^?]*?)" + _REQ + r"(?P<post>[^?]*?)" + _END, re.I),
    # "Is 2.0.0 allowed by ^1.4.0?", "Is 1.26.4 within >=1.20,<2?", "Is 1.3.0 compatible with ~1.2.3 in npm?"
    re.compile(_LEAD + r"is\s+(?:version\s+)?(?P<ver>" + _V + r")\s+(?:allowed|accepted|matched|included|covered|"
               r"permitted|satisfied)\s+by\s+(?P<pre>[^?]*?)" + _REQ + r"(?P<post>[^?]*?)" + _END, re.I),
    re.compile(_LEAD + r"is\s+(?:version\s+)?(?P<ver>" + _V + r")\s+(?:in|within|inside|compatible\s+with|in\s+the"
               r"\s+range(?:\s+of)?)\s+(?P<pre>[^?]*?)" + _REQ + r"(?P<post>[^?]*?)" + _END, re.I),
]
_NPM_WORDS = re.compile(r"\b(?:npm|package\.json|node|yarn|pnpm|cargo|cargo\.toml|semver|composer)\b", re.I)
_PIP_WORDS = re.compile(r"\b(?:pip|pypi|python|requirements(?:\.txt)?|pep\s*440|poetry|pyproject(?:\.toml)?|uv|"
                        r"setup\.py|conda)\b", re.I)
_FILLER = re.compile(r"^(?:the\s+)?(?:(?:pip|npm|python|node|cargo|poetry)\s+)?(?:version\s+)?(?:requirement|"
                     r"specifier|constraint|range|spec|pin|dependency)?\s*(?:of\s+)?$|^(?:in|for|under|with|by)\s+"
                     r"(?:npm|pip|package\.json|requirements(?:\.txt)?|pyproject\.toml|cargo(?:\.toml)?|poetry|"
                     r"semver|pep\s*440|python|node)(?:'s)?(?:\s+rules)?$", re.I)


def version_asked(message: str) -> dict[str, Any] | None:
    """The version tool's arguments for a message that plainly asks which of two versions is newer, to sort
    versions, or whether a version satisfies a requirement; or None."""
    whole = message.strip()
    question = whole if "\n" not in whole and len(whole) <= _MAX_QUESTION else _listed_question(whole)
    if question is None:
        return None
    for pattern in _SATISFY:
        match = pattern.match(question)
        if match is None:
            continue
        words = " ".join(match.groupdict().get(k) or "" for k in ("pre", "mid", "post"))
        if any(p.strip() and not _FILLER.match(p.strip()) for p in (match.groupdict().get(k) or ""
                                                                     for k in ("pre", "mid", "post"))):
            continue
        scheme = "npm" if _NPM_WORDS.search(words) else "pep440" if _PIP_WORDS.search(words) else "auto"
        args: dict[str, Any] = {"action": "satisfies", "versions": [match.group("ver")],
                                "requirement": match.group("req").strip()}
        return args | ({"scheme": scheme} if scheme != "auto" else {})
    for pattern in _COMPARE:
        match = pattern.match(question)
        if match is None:
            continue
        a, b = match.group("a"), match.group("b")
        way = (match.groupdict().get("way") or "newer").lower()
        plain_size = re.fullmatch(r"greater|higher|bigger|larger|lower|smaller|less|highest|lowest", way)
        if plain_size and not (_VERSION_WORD.search(question) or re.fullmatch(_V2, a) and re.fullmatch(_V2, b)):
            continue  # "Is 3.11 bigger than 3.9?" may ask about decimals: the math tool's
        which = re.match(_LEAD + r"(?:which|what)\b", question, re.IGNORECASE) is not None
        older = re.fullmatch(r"older|earlier|lower|smaller|less|oldest|lowest", way) is not None
        return {"action": "compare", "versions": [a, b], **({"asked": "older" if older else "newer"} if which else {})}
    for pattern in (_SORT, _LATEST):
        match = pattern.match(question)
        if match is None:
            continue
        listed = _listed(match.group("list").rstrip("?.! "))
        if len(listed) >= 2 and all(re.fullmatch(_V, v) for v in listed):
            return {"action": "sort", "versions": listed}
    return None


def _listed_question(message: str) -> str | None:
    """A message of a question and a list of versions on the lines after it, as one line ("Sort these versions:"
    then one per line)."""
    head, _, rest = message.strip().partition("\n")
    lines = [line.strip(" -*\t") for line in rest.splitlines() if line.strip()]
    if not head.rstrip().endswith(":") or not 2 <= len(lines) <= _MAX_VERSIONS or len(head) > 200:
        return None
    if not all(re.fullmatch(_V, line) for line in lines):
        return None
    return f"{head.strip()} {', '.join(lines)}"
