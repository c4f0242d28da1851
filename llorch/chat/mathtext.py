"""LaTeX math in an answer, shown as plain text on a terminal.

The bundled Qwen models write math as LaTeX: asked "Convert 72 degrees Fahrenheit to Celsius", the
1.5B answered with `\\[ C = \\frac{F - 32}{9} \\]`, and 6 of 12 everyday math questions got `\\(`, `\\[`,
`\\frac` or `\\text` (a system prompt asking for plain text made it 7 of 12). A terminal shows that
raw, and the TUI's Markdown eats the backslashes of `\\(` and `\\[`, leaving `( 16\\pi )`. So the
front ends a person reads (the TUI, and `run` / `chat` when stdout is a terminal) show the spans
between `\\( \\)`, `\\[ \\]` and `$$ $$` as text: `C = (F − 32)/9`, `πr²`, `3 × 3600 = 10800`.
What is stored, exported, printed to a pipe or served over the API is the model's own text; config
`ui.math = "latex"` shows it as written everywhere.

pylatexenc (latex2text) reads the LaTeX; what it writes ambiguously is set here: a fraction's parts
in parentheses when they are more than one term (its `F - 32/9` reads as F − 32/9), spaces around
binary operators (its `3 ×3600`), superscripts and subscripts of a group in unicode where each
character has one (`x^{10}` as x¹⁰), else in parentheses (`a_(i=1)`). Code (fenced or inline) is
left alone, and a single `$` is never math (dollar amounts).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

__all__ = ["MathText", "latex_to_text", "plain_math"]

# The delimiters of a math span, and the one that ends it. `$...$` is not one: "$35 a week and $40" is money.
_CLOSERS = {"\\(": "\\)", "\\[": "\\]", "$$": "$$"}
# Held back at most this many characters waiting for a span's end; past it the opener is shown as written.
MAX_SPAN = 2000
_BOX = "\\boxed{"

_SUPER = str.maketrans("0123456789+-=()niax", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵃˣ")
_SUB = str.maketrans("0123456789+-=()aeoxijn", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓᵢⱼₙ")
_SCRIPT = re.compile(r"([\^_])(?:\{([^{}]*)\}|([0-9A-Za-z]))")
_DEGREE = re.compile(r"\^\s*\{?\s*\\circ\s*\}?")
# A macro that takes no argument keeps the space after it (LaTeX swallows it: `\\alpha + \\beta` came out "α+ β").
_BARE = re.compile(r"\\([A-Za-z]+)(?=[ \t])")
_WITH_ARGUMENTS = frozenset({"frac", "dfrac", "tfrac", "sqrt", "text", "textbf", "textit", "mathrm", "mathbf", "mathit",
                             "mathbb", "mathcal", "mathsf", "mathtt", "operatorname", "boxed", "overline", "hat", "bar",
                             "vec", "dot", "tilde", "underline", "begin", "end", "left", "right"})
_UNBOXED = re.compile(r"\\(?:boxed|displaystyle|textstyle)\b\s*")  # a box is its group; a style, nothing
_OPERATOR = re.compile(r"\s*([×÷±∓≈≠≤≥·→⇒])\s*")
_SPACES = re.compile(r"[ \t\n]+")
_SIMPLE = re.compile(r"[\w.′]+|\(.*\)")  # a fraction's part that needs no parentheses: one term, or bracketed already


def _group_end(text: str, start: int) -> int:
    """Where the brace group whose content begins at `start` closes (nested groups counted); -1: not in `text`."""
    depth = 1
    for at in range(start, len(text)):
        if text[at] == "{" and text[at - 1] != "\\":
            depth += 1
        elif text[at] == "}" and text[at - 1] != "\\":
            depth -= 1
            if not depth:
                return at
    return -1


def _script(match: re.Match[str]) -> str:
    """`^{10}` as ¹⁰, `_{i=1}` as ₍ᵢ₌₁₎ where every character has a unicode form; else `^(n+k)`."""
    mark, body = match.group(1), match.group(2) if match.group(2) is not None else match.group(3)
    body = body.strip()
    table = _SUPER if mark == "^" else _SUB
    # After "{}": a script that follows a macro (`\\sum_{i=1}`) must not run into its name.
    if body and "\\" not in body and all(ord(c) in table for c in body):
        return "{}" + body.translate(table)
    return "{}" + (f"{mark}({body})" if len(body) > 1 or "\\" in body else f"{mark}{body}")


def _fraction(node: Any, l2tobj: Any) -> str:
    args = node.nodeargd.argnlist if node.nodeargd else []
    if len(args) < 2 or args[0] is None or args[1] is None:
        return ""
    top, bottom = (_SPACES.sub(" ", l2tobj.nodelist_to_text([a])).strip() for a in args[:2])
    return "/".join(part if _SIMPLE.fullmatch(part) else f"({part})" for part in (top, bottom))


def _root(node: Any, l2tobj: Any) -> str:
    args = node.nodeargd.argnlist if node.nodeargd else []
    body = _SPACES.sub(" ", l2tobj.nodelist_to_text([args[-1]])).strip() if args and args[-1] is not None else ""
    return f"√{body}" if _SIMPLE.fullmatch(body) and not body.startswith("(") else f"√({body})"


@lru_cache(maxsize=1)
def _converter() -> Any:
    import logging

    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    logging.getLogger("pylatexenc").setLevel(logging.ERROR)  # its warnings on odd LaTeX would reach stderr
    db = get_default_latex_context_db().filter_context()
    db.add_context_category("llorch-math", prepend=True, macros=[
        MacroTextSpec("frac", simplify_repl=_fraction), MacroTextSpec("dfrac", simplify_repl=_fraction),
        MacroTextSpec("tfrac", simplify_repl=_fraction), MacroTextSpec("sqrt", simplify_repl=_root),
        MacroTextSpec("left", simplify_repl=""), MacroTextSpec("right", simplify_repl=""),
        MacroTextSpec("cdot", simplify_repl="·"),
        MacroTextSpec("dots", simplify_repl="…"), MacroTextSpec("ldots", simplify_repl="…"),
        MacroTextSpec("cdots", simplify_repl="⋯"), MacroTextSpec("quad", simplify_repl=" "),
        MacroTextSpec("qquad", simplify_repl=" "),
    ])
    return LatexNodes2Text(latex_context=db, math_mode="text", strict_latex_spaces=False)


def latex_to_text(math: str) -> str:
    """One math span's LaTeX (without its delimiters) as plain text on one line; as written if it will not parse."""
    source = _SCRIPT.sub(_script, _UNBOXED.sub("", _DEGREE.sub("°", math)))
    source = _BARE.sub(lambda m: m.group(0) if m.group(1) in _WITH_ARGUMENTS else m.group(0) + "{}", source)
    try:
        text = _converter().latex_to_text(source)
    except Exception:  # noqa: BLE001 - pylatexenc raises its own and plain errors on odd input: show it as written
        return _SPACES.sub(" ", math).strip()
    text = _OPERATOR.sub(r" \1 ", text)
    return _SPACES.sub(" ", text).strip()


def plain_math(text: str) -> str:
    """`text` with each math span written as plain text (see the module's docstring)."""
    stream = MathText()
    return stream.feed(text) + stream.close()


class MathText:
    """plain_math for an answer as it streams: text goes out as soon as it cannot begin a math span; a span is
    held until its end arrives (at most MAX_SPAN characters, then shown as written)."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self._held = ""
        self._fence = False  # inside a ``` block
        self._code = False  # inside `inline code` on the current line
        self._line_start = True

    def feed(self, text: str) -> str:
        self._held += text
        out, self._held = self._scan(self._held, final=False)
        return out

    def close(self) -> str:
        """The rest, as it stands (a span not ended, as written); the next text starts a new answer."""
        out, _ = self._scan(self._held, final=True)
        self._reset()
        return out

    def _scan(self, text: str, *, final: bool) -> tuple[str, str]:
        out: list[str] = []
        i, n = 0, len(text)
        while i < n:
            if self._line_start and text[i] == "`" and not final and n - i < 3 and "```".startswith(text[i:]):
                break  # one or two backticks at a line's start: a fence, maybe, the rest not here yet
            if self._line_start and text.startswith("```", i):
                end = text.find("\n", i)
                if end < 0 and not final:
                    break  # the fence's line (its language) not ended yet
                end = n if end < 0 else end + 1
                self._fence = not self._fence
                out.append(text[i:end])
                i, self._line_start = end, True
                continue
            ch = text[i]
            if self._fence or (self._code and ch != "`" and ch != "\n"):
                out.append(ch)
            elif ch == "`":
                self._code = not self._code
                out.append(ch)
            elif ch in "\\$":
                opener = text[i:i + 2]
                if opener in _CLOSERS:
                    end = text.find(_CLOSERS[opener], i + 2)
                    if end >= 0:
                        inner = text[i + 2:end]
                        shown = latex_to_text(inner)
                        out.append(shown if shown or not inner.strip() else inner)
                        i = end + 2
                        self._line_start = False
                        continue
                    if not final and n - i <= MAX_SPAN:
                        break  # the span's end is still to come
                    out.append(opener)
                    i += 2
                    self._line_start = False
                    continue
                if text.startswith(_BOX, i):  # `\\boxed{72}` outside a span, as Qwen ends an answer: its content
                    end = _group_end(text, i + len(_BOX))
                    if end >= 0:
                        out.append(latex_to_text(text[i + len(_BOX):end]))
                        i = end + 1
                        self._line_start = False
                        continue
                    if not final and n - i <= MAX_SPAN:
                        break
                elif not final and (_BOX.startswith(text[i:]) or i == n - 1):
                    break  # a backslash or dollar that may begin an opener, the rest not here yet
                out.append(ch)
            else:
                out.append(ch)
            if ch == "\n":
                self._code = False
            self._line_start = ch == "\n"
            i += 1
        return "".join(out), text[i:]
