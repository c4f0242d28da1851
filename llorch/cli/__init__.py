"""The Typer command line: thin commands that parse options, call the core and render."""
