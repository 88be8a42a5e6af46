"""A small run gets ready side by side: the temporary Prefect server starts without waiting (the command Prefect's
own ephemeral mode runs), a worker processes the documents while Prefect loads and the run takes its results
only for exactly the documents it has, the model loads once per process whichever threads ask; and ``hrgraph
server`` stops its Prefect server when only it is interrupted."""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import psutil
import spacy
from fixtures_docs import write_corpus

from hrgraph import warm_up
from hrgraph.config import IN_PROCESS_BELOW, Settings, absolute_settings
from hrgraph.extract.limits import ExtractionChild
from hrgraph.flow import ingest_flow
from hrgraph.graph import CONTRACT_FILES
from hrgraph.lifetime import TemporaryServer, server_command, server_environment
from hrgraph.nlp.pipeline import load_pipeline
from hrgraph.pipeline import process_documents
from hrgraph.sources.files import source_document
from hrgraph.warm_up import documents_to_process, processes_here, start_ahead, take_results


def test_the_temporary_server_is_started_as_prefect_starts_its_own(monkeypatch):
    import prefect.server.api.server as prefect_server

    started = {}
    monkeypatch.setattr(prefect_server.subprocess, "Popen", lambda args, env: started.update(args=args, env=env))
    server = prefect_server.SubprocessASGIServer(port=8123)
    server._run_uvicorn_command()
    server.stop()
    assert server_command(8123) == started["args"]
    ours = server_environment()
    assert {key: ours.get(key) for key in started["env"]} == started["env"]


def test_the_temporary_server_starts_without_waiting_and_answers_when_asked(monkeypatch, tmp_path):
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect"))
    server = TemporaryServer()
    started = time.monotonic()
    server.start()
    try:
        assert time.monotonic() - started < 2  # Prefect's server takes seconds to load
        url = server.wait(300)
        with urllib.request.urlopen(f"{url}/health", timeout=10) as response:
            assert response.status == 200
        process = server.process
        assert server.wait(1) == url  # no second server
    finally:
        server.stop()
    assert process.poll() is not None and server.process is None


def test_a_run_on_worker_processes_reports_only_to_its_temporary_server(tmp_path):
    """With Prefect's own ephemeral mode off, any part of the run that would start a server of its own fails (as
    the threads that pass the workers' logs on did): the run stays clean."""
    corpus = write_corpus(tmp_path / "raw", IN_PROCESS_BELOW + 2)
    env = os.environ | {"PREFECT_HOME": str(tmp_path / "prefect"), "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE": "false",
                        "PREFECT_LOGGING_LEVEL": "INFO"}
    run = subprocess.run([str(Path(sys.executable).parent / "hrgraph"), "ingest", str(corpus), "--out",
                          str(tmp_path / "out"), "--workers", "2"], env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert "Starting temporary server" not in run.stderr and "failed" not in run.stderr


def test_a_small_run_is_expected_to_process_here(tmp_path):
    for i in range(IN_PROCESS_BELOW + 2):
        (tmp_path / f"{i:02}.txt").write_text("Text", encoding="utf-8")
    few = [str(tmp_path / f"{i:02}.txt") for i in range(3)]
    assert processes_here(few, [])
    assert not processes_here([str(tmp_path)], [])
    assert not processes_here(few, ["https://oparl.example/api"])  # OParl may bring any number


def test_the_run_takes_what_the_worker_processed_ahead_for_exactly_its_documents(tmp_path):
    corpus, out = write_corpus(tmp_path / "raw", 3), tmp_path / "out"
    settings = absolute_settings(Settings())
    docs = documents_to_process([str(corpus)], out, False, False, settings)
    assert len(docs) == 3 and all(Path(doc.path).is_absolute() for doc in docs)
    start_ahead([str(corpus)], str(out), False, False, settings)
    taken = take_results(docs, settings)
    assert taken == process_documents(docs, settings) and taken[0].mentions
    assert take_results(docs, settings) is None  # once

    start_ahead([str(corpus)], str(out), False, False, settings)
    worker = warm_up._ahead.process
    assert take_results(docs[:2], settings) is None  # other documents: the run processes its own
    assert not worker.is_alive()


def test_a_small_run_takes_the_results_of_its_worker_and_writes_what_a_run_without_it_writes(tmp_path):
    corpus = write_corpus(tmp_path / "raw", 3)
    env = os.environ | {"PREFECT_HOME": str(tmp_path / "prefect"), "PREFECT_LOGGING_LEVEL": "INFO"}
    run = subprocess.run([str(Path(sys.executable).parent / "hrgraph"), "ingest", str(corpus), "--out",
                          str(tmp_path / "cli")], env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert "3 documents were processed ahead" in run.stderr
    ingest_flow([str(corpus)], str(tmp_path / "flow"))  # no worker ahead: the task processes them
    for name in CONTRACT_FILES:
        assert (tmp_path / "cli" / name).read_bytes() == (tmp_path / "flow" / name).read_bytes(), name


def test_the_runs_own_process_loads_neither_spacy_nor_the_extractors():
    """They load in the worker and in the extraction child; the run's process needs the rest (and starts sooner)."""
    code = ("import sys, hrgraph.cli, hrgraph.flow, hrgraph.report; print(sorted(m for m in sys.modules if m in "
            "{'spacy', 'thinc', 'trafilatura', 'pdfplumber', 'pypdfium2', 'pytesseract'}))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "[]\n"


def test_a_child_started_ahead_extracts_the_documents(tmp_path):
    settings = Settings(extract_memory_mb=1024)
    child = ExtractionChild()
    try:
        child.prepare(settings)
        process = child.process
        assert process.is_alive()
        path = tmp_path / "a.txt"
        path.write_text("Die Muster GmbH in Hannover.", encoding="utf-8")
        assert child.extract(source_document(path), settings).pages[0].text.startswith("Die Muster GmbH")
        assert child.process is process  # the same child
    finally:
        child.stop()


def test_threads_asking_for_the_model_at_once_get_the_one_copy(tmp_path):
    spacy.blank("de").to_disk(tmp_path / "blank")
    got = []
    threads = [threading.Thread(target=lambda: got.append(load_pipeline(str(tmp_path / "blank")))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(got) == 4 and all(nlp is got[0] for nlp in got)


def test_the_server_command_stops_prefects_server_when_only_it_is_interrupted(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = os.environ | {"PREFECT_HOME": str(tmp_path / "prefect")}
    command = [str(Path(sys.executable).parent / "hrgraph"), "server", "--port", str(port)]
    parent = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while not (tmp_path / "prefect" / "hrgraph-server.json").exists() or not psutil.Process(parent.pid).children():
            assert time.monotonic() < deadline and parent.poll() is None
            time.sleep(0.5)
        children = psutil.Process(parent.pid).children(recursive=True)
        assert json.loads((tmp_path / "prefect" / "hrgraph-server.json").read_text())["api_url"].endswith(f":{port}/api")
        parent.send_signal(signal.SIGINT)  # as `kill -INT`, not the terminal's Ctrl-C for the whole group
        assert parent.wait(60) == 0
        gone, alive = psutil.wait_procs(children, timeout=30)
        assert not alive
        assert not (tmp_path / "prefect" / "hrgraph-server.json").exists()
    finally:
        if parent.poll() is None:
            parent.kill()
