"""Typer commands for Neo4j: ``neo4j start|stop|status|jars``, ``load-neo4j DIR`` and ``query NAME``.

Thin wrappers around neo4j_server, neo4j_loader and neo4j_queries; ``register(app)`` adds them to the
main ``hrgraph`` app. Connections use ``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``. The driver,
loader and query modules are imported inside the commands, so other ``hrgraph`` commands start fast.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from hrgraph.stores import neo4j_server

neo4j_app = typer.Typer(help="Run the bundled Neo4j Community server (jars from tools/neo4j).",
                        no_args_is_help=True)

HOME = typer.Option(neo4j_server.DEFAULT_RUN_DIR, "--home", help="Run dir with conf, data, logs and pid file.")


@neo4j_app.command()
def start(home: Path = HOME,
          bolt_port: int = typer.Option(7687, help="Bolt port on 127.0.0.1."),
          http_port: int = typer.Option(0, help="HTTP port for the browser; 0 disables HTTP."),
          auth: bool = typer.Option(True, help="Require a password (from NEO4J_PASSWORD); --no-auth for local tests."),
          heap: str = typer.Option("512m", help="JVM heap, e.g. 512m or 1g."),
          pagecache: str = typer.Option("128m", help="Page cache size."),
          timeout: float = typer.Option(120.0, help="Seconds to wait for Bolt.")) -> None:
    """Start the server in the background and wait until Bolt answers."""
    handle = _server_call(neo4j_server.start, home, bolt_port=bolt_port, auth=auth, heap=heap,
                          pagecache=pagecache, http_port=http_port or None, timeout=timeout)
    typer.echo(f"Neo4j running (pid {handle.pid}) at {handle.uri}; log {handle.log_file}")


@neo4j_app.command()
def stop(home: Path = HOME, timeout: float = typer.Option(60.0, help="Seconds before SIGKILL.")) -> None:
    """Stop the server (SIGTERM, then wait)."""
    stopped = _server_call(neo4j_server.stop, home, timeout=timeout)
    typer.echo("Neo4j stopped" if stopped else "Neo4j was not running")


@neo4j_app.command()
def status(home: Path = HOME, as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Show whether the server runs, answers on Bolt, and its memory (RSS); exit 1 if not running."""
    state = neo4j_server.status(home)
    data = {key: getattr(state, key) for key in ("running", "pid", "uri", "bolt_ok", "rss_mb")}
    if as_json:
        typer.echo(json.dumps(data))
    elif state.running:
        rss = f", RSS {state.rss_mb:.0f} MB" if state.rss_mb else ""
        typer.echo(f"running: pid {state.pid}, {state.uri}, bolt {'ok' if state.bolt_ok else 'not answering'}{rss}")
    else:
        typer.echo("not running")
    raise typer.Exit(0 if state.running else 1)


@neo4j_app.command()
def jars() -> None:
    """Fetch the Neo4j jars with Maven if they are not there yet."""
    typer.echo(_server_call(neo4j_server.ensure_jars))


def load_neo4j(outdir: Path = typer.Argument(..., exists=True, file_okay=False, help="Pipeline output dir."),
               batch_size: int = typer.Option(1000, help="Rows per transaction."),
               prune: bool = typer.Option(False, help="Delete nodes and edges an earlier, different load left."),
               ) -> None:
    """Load documents.jsonl, entities.jsonl and relations.jsonl of DIR into Neo4j (idempotent)."""
    from hrgraph.stores.neo4j_connection import ConnectionSettings
    from hrgraph.stores.neo4j_loader import graph_counts, load_output

    settings = ConnectionSettings.from_env()
    with _driver(settings) as driver:
        try:
            counts = load_output(driver, outdir, batch_size=batch_size, database=settings.database, prune=prune)
        except (FileNotFoundError, ValueError) as err:
            raise typer.BadParameter(str(err), param_hint="DIR") from err
        totals = graph_counts(driver, settings.database)
    typer.echo(json.dumps({**counts.as_dict(), "graph": totals}, indent=2))


def query(name: str = typer.Argument(None, help="Query name; omit to list the library."),
          param: list[str] = typer.Option([], "--param", "-p", help="key=value, repeatable."),
          fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json.")) -> None:
    """Run a named query of the library (resources/queries.yml)."""
    from hrgraph.stores.neo4j_connection import ConnectionSettings
    from hrgraph.stores.neo4j_queries import (FORMATS, QueryError, format_rows, load_library, parse_param_options,
                                              print_table, run_query)

    library = load_library()
    if name is None:
        for spec in library.values():
            params = " ".join(f"{p.name}=<{p.type}>" if p.required else f"[{p.name}={json.dumps(p.default)}]"
                              for p in spec.params)
            typer.echo(f"{spec.name} {params}\n    {spec.description}")
        return
    if fmt not in FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS)}", param_hint="--format")
    from neo4j.exceptions import ClientError

    settings = ConnectionSettings.from_env()
    try:
        params = parse_param_options(param)
        with _driver(settings) as driver:
            rows = run_query(driver, name, params, database=settings.database, library=library)
    except (QueryError, ClientError) as err:  # a bad parameter, or one Neo4j refused: one line, no traceback
        message = err.message if isinstance(err, ClientError) else str(err)
        typer.secho(f"query {name}: {' '.join(str(message).split())}", err=True, fg="red")
        raise typer.Exit(2) from err
    if fmt == "table":
        print_table(rows, title=f"{name} ({len(rows)} rows)")
    else:
        typer.echo(format_rows(rows, fmt), nl=False)


def register(app: typer.Typer) -> None:
    """Add ``neo4j``, ``load-neo4j`` and ``query`` to the main app."""
    app.add_typer(neo4j_app, name="neo4j")
    app.command("load-neo4j")(load_neo4j)
    app.command("query")(query)


def _server_call(function, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    except neo4j_server.Neo4jServerError as err:
        typer.secho(str(err), err=True, fg="red")
        raise typer.Exit(1) from err


def _driver(settings):
    """A connected driver for ``settings``, or exit 2 with what to do."""
    from neo4j.exceptions import DriverError, Neo4jError

    from hrgraph.stores.neo4j_connection import connect

    try:
        return connect(settings)
    except (DriverError, Neo4jError) as err:
        typer.secho(f"cannot reach Neo4j at {settings.uri} as {settings.user}: {err}\n"
                    "Start it with `hrgraph neo4j start` or set NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD.",
                    err=True, fg="red")
        raise typer.Exit(2) from err
