"""End-to-end time of ``hrgraph ingest`` on a small corpus against its floor, measured in the same period; and how
busy the cores are on a larger one.

``ratio``: the floor is a fresh ``python`` that runs ``import spacy; nlp = spacy.load(MODEL)`` (hrgraph's model)
and one bare ``nlp.pipe`` over the page texts of the same documents (extracted beforehand, untimed). The run is
the ``hrgraph ingest`` command with ``--force`` into a fresh output folder, once with the temporary Prefect server
that a run starts when no server runs, once with a running ``hrgraph server``; both on a Prefect home that has
seen a run before (as a user's ``.prefect`` has: the first run in a new home also creates the database). After an
untimed warm-up of each, the three are timed in turn ``--repeat`` times; medians and ratios are printed.

``cores``: one ``hrgraph ingest`` (temporary server) over the paths; its wall time, the CPU time (user + system)
of every process under it (:func:`timed_tree`) and their ratio: about 2 when two cores are busy throughout. The
load average before and after is printed, since other processes on the machine take cores too; beside it, the
average number of ``process`` tasks that ran at once (:func:`task_overlap`), which they do not change.

All are timed from outside as wall time, with the CPU time of the process and its children beside it.

Usage::

    python benchmarks/small_run.py ratio FILE_OR_FOLDER... [--repeat 3] [--workers 2]
    python benchmarks/small_run.py cores data/raw ../shared/documents [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from hrgraph.config import Settings
from hrgraph.extract import extract
from hrgraph.sources import discover_files, source_document

FLOOR = """import json, sys, spacy
nlp = spacy.load(sys.argv[1])
texts = json.load(open(sys.argv[2], encoding="utf-8"))
print(sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=16)))
"""
PREFECT_ENV = {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1",
               "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "300"}
HRGRAPH = str(Path(sys.executable).parent / "hrgraph")


def timed(command: list[str], env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the finished children) of one command; it must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    done = subprocess.run(command, env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):  # 1: some document failed, which the run reports
        raise RuntimeError(f"{command[:2]} exited with {done.returncode}: {done.stderr.decode()[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def task_overlap(log: str) -> float:
    """Seconds of ``process-documents`` task runs summed, over the seconds from the first one's start to the last
    one's end, from Prefect's debug log: how many workers were busy on average while documents were processed,
    whatever else the machine runs."""
    spans: dict[str, list[float]] = {}
    for line in log.splitlines():
        if match := re.match(r"(\d\d):(\d\d):(\d\d\.\d+) \| \w+ +\| Task run '(process [^']+)' - (Executing|Finished)", line):
            seconds = int(match[1]) * 3600 + int(match[2]) * 60 + float(match[3])
            spans.setdefault(match[4], []).append(seconds)
    spans = {name: times for name, times in spans.items() if len(times) == 2}
    if not spans:
        return 0.0
    busy = sum(end - start for start, end in spans.values())
    return busy / (max(end for _, end in spans.values()) - min(start for start, _ in spans.values()))


def timed_tree(command: list[str], env: dict, interval: float = 0.2) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds, standard error) of one command and every process under it, sampled every ``interval`` seconds
    (the extraction children and Tesseract hang below fork servers that the kernel, not the run, reaps, so that
    ``RUSAGE_CHILDREN`` misses them); it must succeed."""
    import psutil

    started = time.monotonic()
    errors = tempfile.TemporaryFile()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=errors)
    root, seen = psutil.Process(process.pid), {}
    while process.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.Error:
            tree = []
        for proc in tree:
            try:
                times = proc.cpu_times()
                seen[(proc.pid, proc.create_time())] = times.user + times.system
            except psutil.Error:
                pass
        time.sleep(interval)
    wall = time.monotonic() - started
    errors.seek(0)
    log = errors.read().decode(errors="replace")
    if process.returncode not in (0, 1):
        raise RuntimeError(f"{command[:2]} exited with {process.returncode}: {log[-2000:]}")
    return wall, sum(seen.values()), log


def ingest_command(paths: list[str], out: Path, workers: str) -> list[str]:
    return [HRGRAPH, "ingest", *paths, "--out", str(out), "--force", "--workers", workers]


def page_texts(paths: list[str]) -> tuple[int, list[str]]:
    """(documents, page texts) of the files under ``paths``, extracted as the run extracts them."""
    settings = Settings()
    files = [path for path in discover_files([Path(p) for p in paths]) if isinstance(path, Path)]
    return len(files), [page.text for path in files for page in extract(source_document(path), settings).pages]


class Server:
    """``hrgraph server`` on ``port`` for the duration of a ``with`` block (refused when a server answers there)."""

    def __init__(self, env: dict, port: int = 4299) -> None:
        self.env, self.port = env, port

    def __enter__(self) -> Server:
        if self.answers():
            raise RuntimeError(f"a server answers on port {self.port} already")
        self.process = subprocess.Popen([HRGRAPH, "server", "--port", str(self.port)], env=self.env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 300
        while not self.answers():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError("hrgraph server did not answer")
            time.sleep(0.5)
        return self

    def answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/health", timeout=2):
                return True
        except OSError:
            return False

    def __exit__(self, *exc) -> None:
        os.killpg(self.process.pid, signal.SIGINT)  # Ctrl-C: the server stops and removes its run file
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)


def ratio(args: argparse.Namespace) -> None:
    documents, texts = page_texts(args.paths)
    runs: dict[str, list[tuple[float, float]]] = {"floor": [], "temporary server": [], "running server": []}
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "texts.json").write_text(json.dumps(texts), encoding="utf-8")
        env = os.environ | PREFECT_ENV | {"PREFECT_HOME": str(Path(tmp) / "prefect")}
        env.pop("PREFECT_API_URL", None)
        floor = [sys.executable, "-c", FLOOR, Settings().ner_model, str(Path(tmp) / "texts.json")]
        ingest = ingest_command(args.paths, Path(tmp) / "out", args.workers)
        timed(floor, env), timed(ingest, env)  # warm-up: the file cache, Prefect's database
        for _ in range(args.repeat):
            runs["floor"].append(timed(floor, env))
            runs["temporary server"].append(timed(ingest, env))
        with Server(env):
            timed(ingest, env)
            for _ in range(args.repeat):
                runs["running server"].append(timed(ingest, env))
    print(f"documents: {documents}, pages: {len(texts)}; medians of {args.repeat} runs; "
          f"load average {os.getloadavg()[0]:.1f}")
    base = statistics.median(wall for wall, _ in runs["floor"])
    for name, times in runs.items():
        wall, cpu = statistics.median(w for w, _ in times), statistics.median(c for _, c in times)
        print(f"{name:>17}: {wall:5.1f} s wall ({', '.join(f'{w:.1f}' for w, _ in times)}), {cpu:5.1f} s CPU; "
              f"{wall / base:.1f}x the floor")


def cores(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = os.environ | PREFECT_ENV | {"PREFECT_HOME": str(Path(tmp) / "prefect")}
        env.pop("PREFECT_API_URL", None)
        (Path(tmp) / "warm-up.txt").write_text("Die Muster GmbH in Hannover.", encoding="utf-8")
        timed(ingest_command([str(Path(tmp) / "warm-up.txt")], Path(tmp) / "warm-up", args.workers), env)  # the database
        load = os.getloadavg()[0]
        wall, cpu, log = timed_tree(ingest_command(args.paths, Path(tmp) / "out", args.workers),
                                    env | {"PREFECT_LOGGING_LEVEL": "DEBUG"})
        counts = json.loads((Path(tmp) / "out" / "manifest.json").read_text(encoding="utf-8"))["counts"]
    print(f"documents: {counts['documents']} (processed: {counts['processed']}); workers: {args.workers}; "
          f"load average before {load:.1f}, after {os.getloadavg()[0]:.1f} (1 min)")
    print(f"hrgraph ingest: {wall:.1f} s wall, {cpu:.1f} s CPU; CPU/wall {cpu / wall:.2f}; "
          f"workers busy while documents were processed: {task_overlap(log):.2f} on average")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name, function in (("ratio", ratio), ("cores", cores)):
        command = commands.add_parser(name)
        command.add_argument("paths", nargs="+")
        command.add_argument("--workers", default="2")
        command.set_defaults(function=function)
    commands.choices["ratio"].add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    args.function(args)


if __name__ == "__main__":
    main()
