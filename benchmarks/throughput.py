"""End-to-end throughput of the ingestion flow against bare ``nlp.pipe`` of the same model on the same text.

For each corpus size one fresh subprocess (so that memory peaks are separate) runs, once each:

1. the Prefect ingestion flow over the corpus (``--force``, fresh output folder), with the stages timed by
   wrapping the functions the pipeline calls (extraction, NLP, resolution, relations, export; with
   ``--runner process`` or ``dask`` extraction and NLP run in the workers and are not split out;
   resolution includes the first reading of the cache, relations the second);
2. after it, untimed, the page texts the NLP stage saw are extracted again into a file, and
   bare ``nlp.pipe`` of ``spacy.load(model)`` (no hrgraph components) over exactly those page texts, with the
   same ``batch_size``, in one process (the limit of the NER stage on one core) and, when the flow uses
   more workers, also with ``n_process=workers``.

Wall-clock ratios on a shared machine depend on what else runs; the CPU-time ratio (user + system seconds of
the process and its finished children) is reported beside them. Peak memory is the highest sum of RSS over the process tree (flow, spaCy workers, Prefect server), sampled
every 0.2 s during the flow; ``ru_maxrss`` of the flow process alone is reported beside it.
Prefect runs on a fresh home folder per subprocess. Results go to ``benchmarks/output/throughput_LABEL.json``
(per size: ``throughput_LABEL_SIZE.json`` and ``.log``) and a table is printed.

Usage::

    python benchmarks/make_corpus.py 1000 && python benchmarks/make_corpus.py 10000
    python benchmarks/throughput.py --sizes 1000 10000 --model PATH [--runner local|process|dask] [--workers 2] [--label NAME]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from functools import wraps
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent / "output"
PREFECT_ENV = {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1",
               "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120"}
STAGES = ("extraction", "nlp", "resolution", "relations", "export")


class StageTimer:
    """Seconds spent inside wrapped functions, summed per stage (across threads)."""

    def __init__(self) -> None:
        self.seconds = dict.fromkeys(STAGES, 0.0)
        self.lock = threading.Lock()

    def wrap(self, module, name: str, stage: str) -> None:
        original = getattr(module, name)

        @wraps(original)
        def timed(*args, **kwargs):
            start = time.perf_counter()
            result = original(*args, **kwargs)
            with self.lock:
                self.seconds[stage] += time.perf_counter() - start
            return result

        setattr(module, name, timed)


class PeakRss:
    """Highest summed RSS of this process and its children, sampled in a background thread."""

    def __init__(self, interval: float = 0.2) -> None:
        import psutil

        self.process, self.interval, self.peak = psutil.Process(), interval, 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        import psutil

        while not self.stop.is_set():
            total = 0
            for proc in [self.process, *self.process.children(recursive=True)]:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self.stop.wait(self.interval)

    def __enter__(self) -> PeakRss:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()


def spool_pages(corpus: Path, settings, spool_path: Path) -> None:
    """Write the page texts the NLP stage sees (extracted again, markup blanked) as JSON lines."""
    from hrgraph.extract import ExtractionError, extract
    from hrgraph.nlp.annotate import blank_markup
    from hrgraph.sources import discover_files, source_document

    with spool_path.open("w", encoding="utf-8") as spool:
        for path in discover_files([corpus]):
            try:
                extracted = extract(source_document(path), settings)
            except ExtractionError:
                continue
            for page in extracted.pages:
                if page.text.strip():
                    spool.write(json.dumps(blank_markup(page.text), ensure_ascii=False) + "\n")


def cpu_seconds() -> float:
    """User + system CPU time of this process and of its finished children (spaCy and Dask worker processes)."""
    return sum(resource.getrusage(who).ru_utime + resource.getrusage(who).ru_stime
               for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))


def bare_pipe(model: str, spool_path: Path, batch_size: int, n_process: int) -> tuple[float, float, int, int]:
    """(seconds, CPU seconds, tokens, texts) of ``spacy.load(model).pipe`` over the spooled texts."""
    import spacy

    nlp = spacy.load(model)
    with spool_path.open(encoding="utf-8") as spool:
        texts = [json.loads(line) for line in spool]
    start, cpu = time.perf_counter(), cpu_seconds()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process))
    return time.perf_counter() - start, cpu_seconds() - cpu, tokens, len(texts)


def run_one(corpus: Path, model: str, runner: str, workers: int) -> dict:
    """One flow run and one bare pass over one corpus, in this process.

    A warm-up flow over one document first starts Prefect's server and loads the model, so that neither
    fixed cost is in the measured run (the bare pass loads its model before timing too).
    """
    import hrgraph.export
    import hrgraph.flow
    import hrgraph.pipeline
    from hrgraph.config import Settings

    settings = Settings(ner_model=model)
    flow_kwargs = {"runner": runner, "workers": workers}
    timer = StageTimer()
    workdir = Path(tempfile.mkdtemp(prefix="hrgraph-bench-"))
    warm = workdir / "warm-up"
    warm.mkdir()
    (warm / "warm.txt").write_text("01.02.2024\n\nDie Beispiel GmbH und die Muster AG arbeiten zusammen.\n", encoding="utf-8")
    hrgraph.flow.ingest_flow([str(warm)], str(workdir / "warm-out"), force=True, settings=settings, **flow_kwargs)
    for module, name, stage in ((hrgraph.pipeline, "extract", "extraction"), (hrgraph.pipeline, "annotate", "nlp"),
                                (hrgraph.export, "resolve", "resolution"), (hrgraph.export, "relate", "relations"),
                                (hrgraph.export, "write_files", "export")):
        timer.wrap(module, name, stage)
    with PeakRss() as rss:
        start, cpu = time.perf_counter(), cpu_seconds()
        summary = hrgraph.flow.ingest_flow([str(corpus)], str(workdir / "out"), force=True, settings=settings,
                                           **flow_kwargs)
        seconds, flow_cpu = time.perf_counter() - start, cpu_seconds() - cpu
    flow_maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    spool_path = workdir / "pages.jsonl"
    spool_pages(corpus, settings, spool_path)
    bare_seconds, bare_cpu, tokens, texts = bare_pipe(model, spool_path, settings.batch_size, 1)
    parallel_seconds = bare_pipe(model, spool_path, settings.batch_size, workers)[0] if workers > 1 else bare_seconds
    documents = summary["documents"]
    return {
        "documents": documents, "failures": summary["failures"], "pages": texts, "tokens": tokens,
        "runner": runner, "model": model, "batch_size": settings.batch_size, "workers": workers,
        "end_to_end_seconds": seconds,
        "docs_per_minute": 60 * documents / seconds,
        "words_per_second": tokens / seconds,
        "bare_seconds": bare_seconds,
        "bare_words_per_second": tokens / bare_seconds,
        "ratio_end_to_end_to_bare": bare_seconds / seconds,
        "bare_parallel_words_per_second": tokens / parallel_seconds,
        "ratio_end_to_end_to_bare_parallel": parallel_seconds / seconds,
        "cpu_seconds": flow_cpu, "bare_cpu_seconds": bare_cpu, "cpu_ratio_end_to_end_to_bare": bare_cpu / flow_cpu,
        "stage_seconds": timer.seconds | {"other (flow, cache)": seconds - sum(timer.seconds.values())},
        "peak_rss_tree_mb": rss.peak / 2**20,
        "peak_rss_flow_process_mb": flow_maxrss / 2**20,
        "entities": summary["entities"], "relations": summary["relations"],
    }


def table(results: list[dict]) -> str:
    rows = [("documents", "{documents}"), ("tokens", "{tokens}"), ("end-to-end s", "{end_to_end_seconds:.1f}"),
            ("docs/min", "{docs_per_minute:.0f}"), ("words/s end-to-end", "{words_per_second:.0f}"),
            ("words/s bare nlp.pipe", "{bare_words_per_second:.0f}"), ("ratio e2e/bare", "{ratio_end_to_end_to_bare:.2f}"),
            ("words/s bare n_process=workers", "{bare_parallel_words_per_second:.0f}"),
            ("ratio e2e/bare n_process", "{ratio_end_to_end_to_bare_parallel:.2f}"),
            ("CPU s end-to-end", "{cpu_seconds:.1f}"), ("CPU s bare", "{bare_cpu_seconds:.1f}"),
            ("CPU ratio bare/e2e", "{cpu_ratio_end_to_end_to_bare:.2f}")]
    lines = []
    for label, fmt in rows:
        lines.append(f"{label:<32}" + "".join(f"{fmt.format(**r):>14}" for r in results))
    for stage in [*STAGES, "other (flow, cache)"]:
        lines.append(f"{stage + ' s':<32}" + "".join(f"{r['stage_seconds'][stage]:>14.1f}" for r in results))
    lines.append(f"{'peak RSS tree MB':<32}" + "".join(f"{r['peak_rss_tree_mb']:>14.0f}" for r in results))
    lines.append(f"{'peak RSS flow proc MB':<32}" + "".join(f"{r['peak_rss_flow_process_mb']:>14.0f}" for r in results))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--model", default=os.environ.get("HRGRAPH_NER_MODEL"))
    parser.add_argument("--runner", default="process", choices=["process", "local", "dask"])
    parser.add_argument("--workers", type=int, default=2, help="processes for the flow and for bare nlp.pipe")
    parser.add_argument("--label", default="current")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        from hrgraph.config import Settings

        result = run_one(args.one, args.model or Settings().ner_model, args.runner, args.workers)
        args.result.write_text(json.dumps(result), encoding="utf-8")
        return
    results = []
    for size in args.sizes:
        corpus = OUTPUT / f"corpus_{size}"
        if not corpus.exists():
            sys.exit(f"{corpus} is missing: run python benchmarks/make_corpus.py {size}")
        result_path = OUTPUT / f"throughput_{args.label}_{size}.json"
        command = [sys.executable, __file__, "--one", str(corpus), "--result", str(result_path), "--runner", args.runner,
                   "--workers", str(args.workers)]
        with (OUTPUT / f"throughput_{args.label}_{size}.log").open("w") as log:
            subprocess.run(command + (["--model", args.model] if args.model else []), stdout=log, stderr=subprocess.STDOUT,
                           check=True, env=os.environ | PREFECT_ENV | {"PREFECT_HOME": tempfile.mkdtemp(prefix="hrgraph-bench-prefect-")})
        results.append(json.loads(result_path.read_text(encoding="utf-8")))
        partial = {"label": args.label, "results": results}
        if len(results) == 2:
            first, second = results
            partial["resolution_growth"] = {
                "documents": [first["documents"], second["documents"]],
                "seconds": [first["stage_seconds"]["resolution"], second["stage_seconds"]["resolution"]],
                "exponent": growth_exponent(first, second, "resolution"),
                "peak_rss_ratio": second["peak_rss_tree_mb"] / first["peak_rss_tree_mb"],
            }
        (OUTPUT / f"throughput_{args.label}.json").write_text(json.dumps(partial, indent=2), encoding="utf-8")
    print(table(results))
    if "resolution_growth" in partial:
        print(json.dumps(partial["resolution_growth"]))


def growth_exponent(first: dict, second: dict, stage: str) -> float:
    """k in time ∝ documents^k between two runs (1 linear, 2 quadratic)."""
    import math

    return math.log(second["stage_seconds"][stage] / first["stage_seconds"][stage]) / \
        math.log(second["documents"] / first["documents"])


if __name__ == "__main__":
    main()
