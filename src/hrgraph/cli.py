"""The ``hrgraph`` command line."""

from __future__ import annotations

import json

import typer

from hrgraph import __version__
from hrgraph.config import Settings

app = typer.Typer(help="German regional-economy documents to a knowledge graph of who works with whom.",
                  no_args_is_help=True, add_completion=False)


@app.command()
def info(as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Show the version and the spaCy pipeline in use."""
    data = {"version": __version__, "ner_model": Settings().ner_model}
    typer.echo(json.dumps(data) if as_json else "\n".join(f"{k}: {v}" for k, v in data.items()))


if __name__ == "__main__":
    app()
