"""What every `storyline` command module shares: the consoles and the `--db` option.

Kept apart from `storyline.cli` so that command modules registered there (threads, batch,
load) use the same option and consoles without importing the whole CLI.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

# No automatic highlighting: article text, quotes and notes are prose, not code (Rich would
# colour their numbers and quoted strings); styles are set explicitly where they mean something.
console = Console(highlight=False)
err = Console(stderr=True, highlight=False)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="STORYLINE_DB",
        help="SQLite file or database URL (default: ./storyline.db).",
        show_default=False,
    ),
]
