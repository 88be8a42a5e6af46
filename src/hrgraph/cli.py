"""The ``hrgraph`` command line."""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from hrgraph import __version__
from hrgraph.config import DEFAULT_WORKERS, RUNNERS, Settings
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
    allow_empty: bool = typer.Option(False, "--allow-empty", help="Replace an earlier run in --out even when no documents are found."),
) -> None:
    """Run the Prefect ingestion flow over PATHS and write the graph to --out.

    Exit code 0 when every document was processed or skipped for a stated reason (an OParl record, a
    duplicate, a file not downloaded), 1 when any failed or needs OCR (see failures.jsonl), 3 when another
    run is writing into --out, 4 when no documents were found and --out keeps its earlier run (see
    --allow-empty); with 3 and 4 nothing in --out was changed.
    """
    if runner not in RUNNERS:
        raise typer.BadParameter(f"use one of {', '.join(RUNNERS)}", param_hint="--runner")
    for key, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(key, value)
    from hrgraph.flow import SourceOptions, ingest_flow
    from hrgraph.outputs import EmptyInput, OutputBusy

    if not paths and not oparl:
        raise typer.BadParameter("give at least one path or --oparl source", param_hint="PATHS")
    settings = Settings(**({"ner_model": model} if model else {}))
    if allow_private:
        settings.oparl = settings.oparl.model_copy(update={"allow_private": True})
    sources = SourceOptions(oparl=tuple(oparl or ()), modified_since=modified_since, download=download)
    try:
        summary = ingest_flow([str(p) for p in paths or []], str(out), force=force, settings=settings,
                              runner="dask" if dask_address else runner, workers=workers, dask_address=dask_address,
                              sources=sources, neo4j=neo4j, allow_empty=allow_empty)
    except (OutputBusy, EmptyInput) as refused:
        typer.echo(f"hrgraph: {refused}", err=True)
        raise typer.Exit(3 if isinstance(refused, OutputBusy) else 4) from None
    print_summary(summary)
    raise typer.Exit(1 if summary["failures"] else 0)


def print_summary(summary: dict) -> None:
    table = Table(title="documents")
    for column in ("source", "status", "reason"):
        table.add_column(column)
    for row in summary["per_document"]:
        style = "green" if row["status"] == "ok" else "red"
        table.add_row(row["source"], f"[{style}]{row['status']}[/{style}]", row["reason"])
    console.print(table)
    console.print(f"documents: {summary['documents']} (processed now: {summary['processed']}, failed: {summary['failures']})")
    console.print(f"entities: {summary['entities']}")
    console.print(f"relations: {summary['relations']}")
    console.print(f"written to: {summary['outdir']} (run {summary['run_id']})")
    if "neo4j" in summary:
        console.print(f"loaded into Neo4j: {summary['neo4j']}")


@app.command()
def evaluate(
    gold: Path = typer.Argument(..., exists=True, dir_okay=False, help="Gold annotations (format of ../shared/eval)."),
    outdir: Path = typer.Argument(..., exists=True, file_okay=False, help="Output folder of a run."),
    as_json: bool = typer.Option(False, "--json", help="Print scores and errors as JSON."),
) -> None:
    """Score a run against your own annotated documents: P/R/F1 per type, dates, relations, cross-document merges."""
    from hrgraph.evaluate import score_run

    scores = score_run(gold, outdir)
    if as_json:
        typer.echo(json.dumps(scores, ensure_ascii=False, indent=1))
        return
    for kind, items in scores.pop("errors").items():
        console.print(f"[dim]# {kind}: " + "; ".join(items[:25]) + "[/dim]", highlight=False)
    xdoc = scores.pop("XDOC")
    table = Table(title=f"evaluation of {outdir}")
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
