"""Build llorch/tools/data/tldr.json.xz, the `tldr` tool's pages, from a checkout of tldr-pages/tldr.

    git clone https://github.com/tldr-pages/tldr /tmp/tldr-pages
    python scripts/build_tldr.py /tmp/tldr-pages

Keeps the English pages of every platform (pages/<platform>/<command>.md): each page's name, its description,
its "More information" link, its examples as written (placeholders and all: llorch/tools/tldr.py renders them),
and in how many languages the page is translated (pages.<lang>/), which the search takes as how well known a
command is (tar is in 15, `betty` in one). The pages are CC BY 4.0 (llorch/tools/data/TLDR-LICENSE.md).
"""

from __future__ import annotations

import json
import lzma
import re
import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "llorch" / "tools" / "data" / "tldr.json.xz"
_MORE = re.compile(r"More information:\s*<([^>]+)>")


def parse(text: str) -> tuple[str, str, str, list[list[str]]]:
    """A page's name, description, link and examples ([what it does, the command as written])."""
    name, url = "", ""
    said: list[str] = []
    examples: list[list[str]] = []
    what: str | None = None
    for line in text.splitlines():
        if line.startswith("# ") and not name:
            name = line[2:].strip()
        elif line.startswith("> "):
            more = _MORE.search(line)
            if more is not None:
                url = more.group(1)
            else:
                said.append(line[2:].strip())
        elif line.startswith("- "):
            what = line[2:].strip().removesuffix(":")
        elif line.startswith("`") and line.rstrip().endswith("`") and what is not None:
            examples.append([what, line.strip()[1:-1]])
            what = None
    return name, " ".join(said), url, examples


def main(root: Path) -> None:
    pages_dir = root / "pages"
    if not pages_dir.is_dir():
        sys.exit(f"{root} has no pages/ folder: give a checkout of https://github.com/tldr-pages/tldr")
    languages: dict[str, int] = {}
    for translated in root.glob("pages.*"):
        for page in translated.glob("*/*.md"):
            key = f"{page.parent.name}/{page.name}"
            languages[key] = languages.get(key, 0) + 1
    pages = []
    for page in sorted(pages_dir.glob("*/*.md")):
        name, description, url, examples = parse(page.read_text(encoding="utf-8"))
        if name and examples:
            platform = page.parent.name
            pages.append([platform, name, description, url, languages.get(f"{platform}/{page.name}", 0), examples])
    try:
        commit = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%H %cs"], capture_output=True,
                                text=True, check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        commit = ["unknown", "unknown"]
    data = {"source": "https://github.com/tldr-pages/tldr", "commit": commit[0], "date": commit[1],
            "license": "CC BY 4.0", "pages": pages}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(lzma.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(), preset=9))
    print(f"{len(pages)} pages, {sum(len(p[5]) for p in pages)} examples -> {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python scripts/build_tldr.py PATH/TO/tldr-checkout")
    main(Path(sys.argv[1]))
