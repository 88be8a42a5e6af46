"""The ``hrgraph`` command line."""

from __future__ import annotations

import gc
import json
import os
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from hrgraph import __version__
from hrgraph.config import DEFAULT_WORKERS, RUNNERS, Settings, absolute_settings
from hrgraph.names import printable
from hrgraph.stores.neo4j_cli import register as register_neo4j

app = typer.Typer(help="German regional-economy documents to a knowledge graph of who works with whom.",
                  no_args_is_help=True, add_completion=False)
console = Console()

# Prefect keeps the project's run history in .prefect (SQLite), offline; no analytics.
PREFECT_DEFAULTS = {
    "PREFECT_HOME": str(Path.cwd() / ".prefect"),
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "300",
}
SERVER_FILE = "hrgraph-server.json"
"""Written into PREFECT_HOME by ``hrgraph server`` while it runs: the API URL that runs report to."""
LISTED_OK = 20
"""Up to this many ok documents are listed one per line after a run; more are counted (see documents.jsonl)."""


def flag(name: str, help: str):
    """A boolean option without a value (``--force``, not ``--force <bool>``)."""
    return typer.Option(False, name, help=help, metavar="")


def prefect_environment() -> None:
    """Prefect's settings for a run of this project: its own PREFECT_HOME, and the project's server when
    ``hrgraph server`` runs (runs then stay in its history and the "View at" links work); otherwise Prefect
    starts a temporary server for the run."""
    for key, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(key, value)
    if not os.environ.get("PREFECT_API_URL") and (url := running_server(Path(os.environ["PREFECT_HOME"]))):
        os.environ["PREFECT_API_URL"] = url


def running_server(home: Path) -> str | None:
    """The API URL of the server that ``hrgraph server`` started on ``home``, if it answers."""
    try:
        url = json.loads((home / SERVER_FILE).read_text(encoding="utf-8"))["api_url"]
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
            return url if response.status == 200 else None
    except (OSError, ValueError, KeyError):
        return None


def missing_inputs(paths: list[Path]) -> list[Path]:
    """The given paths that name nothing (a dangling link is something: the run lists it as skipped)."""
    return [path for path in paths if not os.path.lexists(path)]


@contextmanager
def document_progress() -> Iterator:
    """A progress bar of the documents processed, on the console while the run goes on."""
    with Progress(TextColumn("processing"), BarColumn(), MofNCompleteColumn(), TextColumn("documents"),
                  TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task("documents", total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


@contextmanager
def without_heartbeats() -> Iterator[None]:
    """No flow-run heartbeats for a run of ``hrgraph ingest`` unless the user's Prefect settings ask for them
    (``PREFECT_FLOWS_HEARTBEAT_FREQUENCY``): they serve Prefect's detection of crashed runs, which needs an
    automation this project does not set up, and ending their thread (it sleeps in steps of a second) ends every
    run up to a second late. ``hrgraph serve`` keeps Prefect's default."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, get_current_settings, temporary_settings

    if "heartbeat_frequency" in get_current_settings().flows.model_fields_set:
        yield
        return
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


@app.command()
def info(as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Show the version and the spaCy pipeline in use."""
    data = {"version": __version__, "ner_model": Settings().ner_model}
    typer.echo(json.dumps(data) if as_json else "\n".join(f"{k}: {v}" for k, v in data.items()))


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(None, help="Files or folders with PDF, HTML and text documents (and OParl JSON)."),
    out: Path = typer.Option(Path("data/processed"), "--out", help="Output folder for the graph files."),
    force: bool = flag("--force", "Reprocess every document, even unchanged ones."),
    model: str = typer.Option(None, "--model", help="spaCy pipeline (package name or path); default: the shipped model."),
    runner: str = typer.Option("process", "--runner", help="process (a pool of worker processes), local (this process only) or dask."),
    workers: int = typer.Option(DEFAULT_WORKERS, "--workers", min=1, help="Worker processes (--runner process, or the local Dask cluster)."),
    dask_address: str = typer.Option(None, "--dask-address", help="Scheduler of a running Dask cluster (tcp://host:8786); implies --runner dask."),
    oparl: list[str] = typer.Option(None, "--oparl", help="OParl API (System, Body or list URL) or folder of OParl JSON; repeatable."),
    modified_since: str = typer.Option(None, "--modified-since", help="OParl: only objects modified since this ISO date."),
    download: bool = flag("--download", "OParl: also download files that a local OParl folder names by URL."),
    allow_private: bool = flag("--allow-private", "OParl: allow loopback, private and link-local addresses (a local "
                               "test server, an intranet API); other limits: HRGRAPH_OPARL__*."),
    neo4j: bool = flag("--neo4j", "Load the run into Neo4j afterwards (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD)."),
    allow_empty: bool = flag("--allow-empty", "Replace an earlier run in --out even when no documents are found."),
) -> None:
    """Run the Prefect ingestion flow over PATHS and write the graph to --out.

    Exit code 0 when every document was processed or skipped for a stated reason (an OParl record, a
    duplicate, a file not downloaded), 1 when any failed or needs OCR (see failures.jsonl), 2 for a wrong
    argument (a path that does not exist), 3 when another run is writing into --out, 4 when no documents were
    found and --out keeps its earlier run (see --allow-empty); with 2, 3 and 4 nothing in --out was changed.
    Runs report to the project's server when `hrgraph server` runs.
    """
    check_run_arguments(paths, oparl, runner)
    prefect_environment()
    settings = Settings(**({"ner_model": model} if model else {}))
    if allow_private:
        settings.oparl = settings.oparl.model_copy(update={"allow_private": True})
    start_early([str(p) for p in paths or []], oparl or [], str(out), force, download, settings)
    from hrgraph.flow import SourceOptions, ingest_flow
    from hrgraph.outputs import EmptyInput, OutputBusy

    sources = SourceOptions(oparl=tuple(oparl or ()), modified_since=modified_since, download=download)
    try:
        with document_progress() as progress, without_heartbeats():
            summary = ingest_flow([str(p) for p in paths or []], str(out), force=force, settings=settings,
                                  runner="dask" if dask_address else runner, workers=workers, dask_address=dask_address,
                                  sources=sources, neo4j=neo4j, allow_empty=allow_empty, progress=progress)
    except (OutputBusy, EmptyInput) as refused:
        typer.echo(f"hrgraph: {printable(str(refused))}", err=True)
        raise typer.Exit(3 if isinstance(refused, OutputBusy) else 4) from None
    print_summary(summary)
    gc.freeze()  # the exit need not have the collector walk the objects of Prefect, spaCy and the model (a second)
    if not os.environ.get("PREFECT_API_URL"):
        console.print("(the run's link above worked only during the run; `hrgraph server` shows the history of every "
                      "run and keeps such links working)", style="dim", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(1 if summary["failures"] else 0)


def start_early(paths: list[str], oparl: list[str], out: str, force: bool, download: bool, settings: Settings) -> None:
    """Start what a run waits for, before it loads Prefect: the temporary Prefect server when none runs, and for a
    small run the worker that processes its documents meanwhile (:mod:`hrgraph.warm_up`)."""
    if not os.environ.get("PREFECT_API_URL"):
        from hrgraph.lifetime import temporary_server

        temporary_server.start()
    from hrgraph.warm_up import processes_here, start_ahead

    if processes_here(paths, oparl):
        start_ahead(paths, out, force, download, absolute_settings(settings))


def check_run_arguments(paths: list[Path] | None, oparl: list[str] | None, runner: str) -> None:
    """Refuse a run that cannot work before any server or model starts: one line, exit code 2."""
    if runner not in RUNNERS:
        raise typer.BadParameter(f"use one of {', '.join(RUNNERS)}", param_hint="--runner")
    if not paths and not oparl:
        raise typer.BadParameter("give at least one path or --oparl source", param_hint="PATHS")
    missing = missing_inputs(paths or [])
    for path in missing:
        typer.echo(f"hrgraph ingest: {printable(str(path))}: no such file or folder", err=True)
    if missing:
        raise typer.Exit(2)


def source_cell(row: dict) -> str:
    """A document's source, and how many more paths hold the same content."""
    copies = len(row.get("paths") or [row["source"]]) - 1
    return row["source"] + (f" (+{copies} identical {'copy' if copies == 1 else 'copies'})" if copies else "")


def print_summary(summary: dict) -> None:
    """One line per document that failed, needs OCR or was skipped (and per ok document when there are few), with
    its reason, then the counts; names are shown literally (no rich markup), whole (no cut at the terminal's
    width) and :func:`~hrgraph.names.printable` (no control characters reach the terminal)."""
    rows = summary["per_document"]
    ok = [row for row in rows if row["status"] == "ok"]
    for row in ok if len(ok) <= LISTED_OK else []:
        console.print(Text.assemble(("ok ", "green"), printable(source_cell(row))), soft_wrap=True)
    for row in rows:
        if row["status"] != "ok":
            style = "yellow" if row["status"] == "skipped" else "red"
            console.print(Text.assemble((f"{row['status']} ", style), printable(source_cell(row)), ": ",
                                        printable(row["reason"])), soft_wrap=True)
    lines = [f"documents: {summary['documents']} (processed now: {summary['processed']}, failed: {summary['failures']})"
             + (f"; ok ones are listed in {printable(summary['outdir'])}/documents.jsonl" if len(ok) > LISTED_OK else ""),
             f"entities: {summary['entities']}", f"relations: {summary['relations']}",
             f"written to: {printable(summary['outdir'])} (run {summary['run_id']})"]
    if "neo4j" in summary:
        lines.append(f"loaded into Neo4j: {summary['neo4j']}")
    for line in lines:
        console.print(line, markup=False, highlight=False, soft_wrap=True)


@app.command()
def server(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0 for workers on other hosts)."),
    port: int = typer.Option(4200, "--port"),
) -> None:
    """Start a Prefect server with its UI on this project's run history (.prefect) until Ctrl-C. While it runs,
    `hrgraph ingest` and `hrgraph serve` report to it and their "View at" links work."""
    for key, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(key, value)
    home = Path(os.environ["PREFECT_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    api_url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/api"
    (home / SERVER_FILE).write_text(json.dumps({"api_url": api_url}) + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "prefect", "server", "start", "--host", host, "--port", str(port)]
    prefect_server = subprocess.Popen(command, env=os.environ | {"PREFECT_UI_API_URL": api_url})
    try:
        raise typer.Exit(prefect_server.wait())
    except KeyboardInterrupt:  # Ctrl-C reaches both; `kill -INT` this process only: pass it on
        prefect_server.send_signal(signal.SIGINT)
        prefect_server.wait()
        raise typer.Exit(0) from None
    finally:
        (home / SERVER_FILE).unlink(missing_ok=True)


@app.command()
def serve(
    paths: list[Path] = typer.Argument(None, help="Files or folders to ingest on each run, besides the OParl sources."),
    out: Path = typer.Option(Path("data/processed"), "--out", help="Output folder; it also keeps the time of the last poll."),
    oparl: list[str] = typer.Option(None, "--oparl", help="OParl API or folder of OParl JSON; repeatable."),
    cron: str = typer.Option("0 3 * * *", "--cron", help="When to run, as a cron expression (default: 03:00 daily)."),
    name: str = typer.Option("nightly", "--name", help="Name of the deployment (hrgraph-poll/NAME)."),
    download: bool = flag("--download", "OParl: also download files that a local OParl folder names by URL."),
    runner: str = typer.Option("process", "--runner", help="process, local or dask (see hrgraph ingest)."),
    workers: int = typer.Option(DEFAULT_WORKERS, "--workers", min=1),
    neo4j: bool = flag("--neo4j", "Load each run into Neo4j afterwards."),
) -> None:
    """Serve the deployment hrgraph-poll/NAME until Ctrl-C: on the CRON schedule (and on `prefect deployment run
    hrgraph-poll/NAME`) it ingests PATHS and the OParl sources into OUT, asking OParl only for what changed since
    the start of the last run that processed every document (OUT/oparl_poll.json). Needs a running Prefect
    server: `hrgraph server`, or PREFECT_API_URL."""
    check_run_arguments(paths, oparl, runner)
    prefect_environment()
    if not os.environ.get("PREFECT_API_URL"):
        typer.echo("hrgraph serve: no Prefect server; start one with `hrgraph server` (or set PREFECT_API_URL)", err=True)
        raise typer.Exit(2)
    from prefect.deployments.runner import EntrypointType

    from hrgraph.flow import poll

    parameters = {"oparl": list(oparl or []), "outdir": str(out.resolve()), "paths": [str(p.resolve()) for p in paths or []],
                  "download": download, "runner": runner, "workers": workers, "neo4j": neo4j}
    poll.serve(name=name, cron=cron, parameters=parameters, entrypoint_type=EntrypointType.MODULE_PATH)


@app.command()
def evaluate(
    paths: list[Path] = typer.Argument(..., metavar="GOLD... OUTDIR", help="One or more gold files (format of "
                                       "../shared/eval), then the output folder of a run."),
    as_json: bool = typer.Option(False, "--json", help="Print scores and errors as JSON."),
) -> None:
    """Score a run against your own annotated documents: P/R/F1 per type, dates, relations, cross-document merges;
    one table per gold file and, for several, their micro average."""
    from hrgraph.evaluate import score_runs

    *golds, outdir = paths
    if not golds:
        raise typer.BadParameter("give at least one gold file before OUTDIR", param_hint="GOLD... OUTDIR")
    if not outdir.is_dir():
        raise typer.BadParameter(f"{outdir}: not an output folder", param_hint="OUTDIR")
    try:
        per_file, average = score_runs(golds, outdir)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="GOLD") from err
    except FileNotFoundError as err:
        raise typer.BadParameter(f"{outdir}: not the output of a run ({err.strerror}: {err.filename})",
                                 param_hint="OUTDIR") from err
    if as_json:
        scores = per_file[str(golds[0])] if len(golds) == 1 else {"files": per_file, "micro": average}
        typer.echo(json.dumps(scores, ensure_ascii=False, indent=1))
        return
    for gold, scores in per_file.items():
        print_scores(scores, f"evaluation of {outdir} against {gold}")
    if len(per_file) > 1:
        print_scores(average, f"micro average over {len(per_file)} gold files")


def print_scores(scores: dict, title: str) -> None:
    """The errors (first 25 of each kind), a table of P/R/F1 per key and the cross-document line."""
    scores = dict(scores)
    for kind, items in scores.pop("errors", {}).items():
        console.print(f"[dim]# {kind}: " + "; ".join(items[:25]) + "[/dim]", highlight=False)
    xdoc = scores.pop("XDOC")
    table = Table(title=title)
    for column in ("", "P", "R", "F1", "tp", "fp", "fn"):
        table.add_column(column)
    for key, s in scores.items():
        table.add_row(key, *(str(s[k]) for k in ("p", "r", "f1", "tp", "fp", "fn")))
    console.print(table)
    console.print(f"cross-document: {xdoc['merged']}/{xdoc['of']} entities named in several documents are one node, "
                  f"{xdoc['false_merges']} false merges")


@app.command()
def report(
    outdir: Path = typer.Argument(..., help="Output folder of a run (documents/entities/relations.jsonl)."),
    interactive: bool = typer.Option(False, "--interactive", help="Also embed the interactive network (~0.7 MB)."),
) -> None:
    """Write OUTDIR/report.html, a self-contained HTML report: tables, top organisations, regions, pictures."""
    from hrgraph.report import write_report

    try:
        typer.echo(write_report(outdir, interactive=interactive))
    except FileNotFoundError as err:
        raise typer.BadParameter(str(err), param_hint="OUTDIR") from err


@app.command("train-ner")
def train_ner_command(
    corpora: Path = typer.Option(None, "--corpora", help="Folder of the NER corpora; default ../shared/corpora/ner next to the repo."),
    output: Path = typer.Option(Path("training/output"), "--output", help="Corpus and training output folder (git-ignored)."),
    ship: bool = typer.Option(False, "--ship", help="Also replace the shipped model src/hrgraph/models/de_hrgraph_ner."),
    seed: int = typer.Option(0, "--seed"),
    config: Path = typer.Option(None, "--config", help="Training config; default training/ner.cfg (the shipped model). "
                                "training/ner_vectors.cfg adds floret vectors and pretraining (needs floret, the train extra); "
                                "training/ner_text.cfg also the open running text of --text."),
    text: Path = typer.Option(None, "--text", help="Folder of open running text (*.txt.xz) for configs with [raw_text]; "
                              "default ../shared/corpora/text next to the repo."),
) -> None:
    """Convert the NER corpora and train the German NER pipeline (slow: 15 minutes on one core, 30 with ner_vectors.cfg,
    an estimated 1.5-2 hours with ner_text.cfg)."""
    from hrgraph.config import DEFAULT_MODEL
    from hrgraph.training.train import DEFAULT_CONFIG, DEFAULT_CORPORA, DEFAULT_TEXT, train_ner

    typer.echo(train_ner(corpora or DEFAULT_CORPORA, output, config=config or DEFAULT_CONFIG, seed=seed,
                         ship_to=DEFAULT_MODEL if ship else None, text_dir=text or DEFAULT_TEXT))


@app.command("evaluate-ner")
def evaluate_ner_command(
    data: Path = typer.Argument(..., help="Gold .spacy DocBin, e.g. training/output/corpus/dev.spacy."),
    model: str = typer.Option(None, "--model", help="spaCy pipeline; default: the shipped model."),
    labels: str = typer.Option(None, "--labels", help="Comma-separated labels to score, e.g. PER,ORG,LOC."),
) -> None:
    """Span-level precision, recall and F1 per label (exact match) of a pipeline on gold DATA."""
    from hrgraph.training.evaluate import evaluate_ner, format_scores

    scores = evaluate_ner(model or Settings().ner_model, data, labels=labels.split(",") if labels else None)
    typer.echo(format_scores(scores))


register_neo4j(app)  # neo4j start|stop|status|jars, load-neo4j, query


if __name__ == "__main__":
    app()
