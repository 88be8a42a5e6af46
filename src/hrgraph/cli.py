"""The ``hrgraph`` command line."""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from hrgraph import __version__
from hrgraph.config import DEFAULT_WORKERS, RUNNERS, Settings
from hrgraph.names import printable
from hrgraph.stores.neo4j_cli import register as register_neo4j

app = typer.Typer(help="German regional-economy documents to a knowledge graph of who works with whom.",
                  no_args_is_help=True, add_completion=False)
console = Console()

# Prefect runs offline on its ephemeral local server with SQLite; no analytics.
PREFECT_DEFAULTS = {
    "PREFECT_HOME": str(Path.cwd() / ".prefect"),
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
}


@app.command()
def info(as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Show the version and the spaCy pipeline in use."""
    data = {"version": __version__, "ner_model": Settings().ner_model}
    typer.echo(json.dumps(data) if as_json else "\n".join(f"{k}: {v}" for k, v in data.items()))


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(None, help="Files or folders with PDF, HTML and text documents (and OParl JSON)."),
    out: Path = typer.Option(Path("data/processed"), "--out", help="Output folder for the graph files."),
    force: bool = typer.Option(False, "--force", help="Reprocess every document, even unchanged ones."),
    model: str = typer.Option(None, "--model", help="spaCy pipeline (package name or path); default: the shipped model."),
    runner: str = typer.Option("process", "--runner", help="process (a pool of worker processes), local (this process only) or dask."),
    workers: int = typer.Option(DEFAULT_WORKERS, "--workers", min=1, help="Worker processes (--runner process, or the local Dask cluster)."),
    dask_address: str = typer.Option(None, "--dask-address", help="Scheduler of a running Dask cluster (tcp://host:8786); implies --runner dask."),
    oparl: list[str] = typer.Option(None, "--oparl", help="OParl API (System, Body or list URL) or folder of OParl JSON; repeatable."),
    modified_since: str = typer.Option(None, "--modified-since", help="OParl: only objects modified since this ISO date."),
    download: bool = typer.Option(False, "--download", help="OParl: also download files that a local OParl folder names by URL."),
    allow_private: bool = typer.Option(False, "--allow-private", help="OParl: allow loopback, private and link-local "
                                       "addresses (a local test server, an intranet API); other limits: HRGRAPH_OPARL__*."),
    neo4j: bool = typer.Option(False, "--neo4j", help="Load the run into Neo4j afterwards (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD)."),
) -> None:
    """Run the Prefect ingestion flow over PATHS and write the graph to --out.

    Exit code 0 when every document was processed or skipped for a stated reason (an OParl record, a
    duplicate, a file not downloaded), 1 when any failed or needs OCR (see failures.jsonl).
    """
    if runner not in RUNNERS:
        raise typer.BadParameter(f"use one of {', '.join(RUNNERS)}", param_hint="--runner")
    for key, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(key, value)
    from hrgraph.flow import SourceOptions, ingest_flow

    if not paths and not oparl:
        raise typer.BadParameter("give at least one path or --oparl source", param_hint="PATHS")
    settings = Settings(**({"ner_model": model} if model else {}))
    if allow_private:
        settings.oparl = settings.oparl.model_copy(update={"allow_private": True})
    sources = SourceOptions(oparl=tuple(oparl or ()), modified_since=modified_since, download=download)
    summary = ingest_flow([str(p) for p in paths or []], str(out), force=force, settings=settings,
                          runner="dask" if dask_address else runner, workers=workers, dask_address=dask_address,
                          sources=sources, neo4j=neo4j)
    print_summary(summary)
    raise typer.Exit(1 if summary["failures"] else 0)


def source_cell(row: dict) -> str:
    """A document's source, and how many more paths hold the same content."""
    copies = len(row.get("paths") or [row["source"]]) - 1
    return row["source"] + (f" (+{copies} identical {'copy' if copies == 1 else 'copies'})" if copies else "")


def print_summary(summary: dict) -> None:
    """The documents with status and reason, then the counts; names are shown literally (no rich markup) and
    :func:`~hrgraph.names.printable` (no control characters reach the terminal)."""
    table = Table(title="documents")
    for column in ("source", "status", "reason"):
        table.add_column(column, overflow="fold")
    for row in summary["per_document"]:
        status = Text(row["status"], style="green" if row["status"] == "ok" else "red")
        table.add_row(Text(printable(source_cell(row))), status, Text(printable(row["reason"])))
    console.print(table)
    lines = [f"documents: {summary['documents']} (processed now: {summary['processed']}, failed: {summary['failures']})",
             f"entities: {summary['entities']}", f"relations: {summary['relations']}",
             f"written to: {printable(summary['outdir'])}"]
    if "neo4j" in summary:
        lines.append(f"loaded into Neo4j: {summary['neo4j']}")
    for line in lines:
        console.print(line, markup=False)


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
    """Convert the NER corpora and train the German NER pipeline (slow: 15 minutes on one core, 30 with ner_vectors.cfg)."""
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
