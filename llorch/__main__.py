"""`python -m llorch` runs the CLI."""

from __future__ import annotations

from llorch.cli.main import main

if __name__ == "__main__":
    main()
