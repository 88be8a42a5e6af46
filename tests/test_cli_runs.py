"""The command line answers fast and plainly: wrong arguments before any server starts, flags without values, batch
sizes that give every worker work, and a run with failed documents that says so in its final state."""

import os
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from hrgraph.cli import app
from hrgraph.config import Settings
from hrgraph.flow import DOCUMENTS_PER_TASK, RunPaths, SourceOptions, documents_per_task, ingest, on_progress
from prefect.task_runners import ThreadPoolTaskRunner


def test_a_missing_path_is_one_line_and_exit_code_2_before_any_server_starts(tmp_path):
    started = time.monotonic()
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.output.strip() == f"hrgraph ingest: {tmp_path / 'nowhere'}: no such file or folder"
    assert time.monotonic() - started < 5 and not (tmp_path / "out").exists()


def test_boolean_options_are_plain_flags(tmp_path):
    result = CliRunner().invoke(app, ["ingest", "--help"], env={"COLUMNS": "200"})
    force = next(line for line in result.output.splitlines() if "--force" in line)
    assert "<bool>" not in force
    missing = CliRunner().invoke(app, ["ingest", "--force", "true", "--out", str(tmp_path / "out")])
    assert missing.exit_code == 2 and "true: no such file or folder" in missing.output  # a flag takes no value


def test_batches_give_every_worker_work_and_stay_bounded():
    assert documents_per_task(12, 2) == 2  # six tasks for two workers, not one task for one of them
    assert documents_per_task(50, 2) == 7
    assert documents_per_task(100_000, 2) == DOCUMENTS_PER_TASK
    assert documents_per_task(0, 2) == 1


def test_a_run_with_a_failed_document_ends_completed_with_failures_and_reports_progress(tmp_path):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "gut.txt").write_text("Die Muster GmbH und die Beispiel AG arbeiten zusammen.", encoding="utf-8")
    (tmp_path / "raw" / "kaputt.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<>> garbage")
    flow = ingest.with_options(task_runner=ThreadPoolTaskRunner(max_workers=1))
    progress = []
    token = on_progress.set(lambda done, total: progress.append((done, total)))
    try:
        paths = RunPaths(inputs=[str(tmp_path / "raw")], outdir=str(tmp_path / "out"), rundir=str(tmp_path / "out" / "run"))
        state = flow(paths, False, Settings(), 2, SourceOptions(), False, False, return_state=True)
    finally:
        on_progress.reset(token)
    assert progress[-1] == (2, 2)
    assert state.is_completed() and state.name == "Completed with failures"
    assert "1 of 2 documents failed" in state.message
    assert state.result()["failures"] == 1


def test_runs_report_to_the_projects_server_only_while_it_answers(tmp_path):
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from hrgraph.cli import SERVER_FILE, running_server

    class Health(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200 if self.path == "/api/health" else 404)
            self.end_headers()
            self.wfile.write(b"true")

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Health)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/api"
    (tmp_path / SERVER_FILE).write_text(json.dumps({"api_url": url}), encoding="utf-8")
    try:
        assert running_server(tmp_path) == url
    finally:
        server.shutdown()
        server.server_close()
    assert running_server(tmp_path) is None  # stopped: the run starts a temporary server instead
    assert running_server(tmp_path / "elsewhere") is None


def test_batches_start_with_the_largest_files_and_keep_large_ones_apart():
    from hrgraph.flow import batches
    from hrgraph.records import SourceDocument

    sizes = [10] * 16 + [1000, 900]
    docs = [SourceDocument(id=str(i), source=f"d{i}", path=f"d{i}", media_type="text", size=size)
            for i, size in enumerate(sizes)]
    cut = batches(list(range(len(docs))), docs, workers=2)
    assert cut[0] == [16] and cut[1] == [17]  # the two large files first, each alone
    assert sorted(i for batch in cut for i in batch) == list(range(len(docs)))
    assert max(len(batch) for batch in cut) == documents_per_task(len(docs), 2)



@pytest.mark.parametrize(("asked", "sent"), [(None, "None"), ("60", "60")])
def test_runs_from_the_command_line_send_heartbeats_only_when_the_user_asks(asked, sent):
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_FLOWS_HEARTBEAT_FREQUENCY"}
    if asked:
        env["PREFECT_FLOWS_HEARTBEAT_FREQUENCY"] = asked
    code = ("from prefect.settings import get_current_settings; from hrgraph.cli import without_heartbeats\n"
            "with without_heartbeats(): print(get_current_settings().flows.heartbeat_frequency)")
    assert subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          check=True).stdout.strip() == sent
