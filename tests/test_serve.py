"""``hrgraph serve`` registers a deployment whose run, started with ``prefect deployment run``, completes: a real
Prefect server on a temporary home, the serve command and the deployment run as the user would start them."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, seconds: float, what: str):
    """The first true value of ``check()`` within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := check():
            return value
        time.sleep(2)
    raise AssertionError(f"no {what} after {seconds} s")


def answer(url: str, method: str = "GET", body: dict | None = None):
    try:
        response = httpx.request(method, url, json=body, timeout=10)
    except httpx.HTTPError:
        return None
    return response.json() if response.status_code == 200 else None


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_a_served_deployment_run_completes_and_keeps_the_poll_time(tmp_path):
    api = f"http://127.0.0.1:{free_port()}/api"
    env = os.environ | {"PREFECT_HOME": str(tmp_path / "prefect"), "PREFECT_API_URL": api}
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "note.txt").write_text("Die Muster GmbH arbeitet mit der Beispiel AG zusammen.", encoding="utf-8")
    out = tmp_path / "out"
    server = subprocess.Popen([str(BIN / "prefect"), "server", "start", "--port", api.split(":")[2].split("/")[0]],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    serve = None
    try:
        wait_for(lambda: answer(f"{api}/health"), 400, "Prefect server")
        serve = subprocess.Popen([str(BIN / "hrgraph"), "serve", str(tmp_path / "raw"), "--out", str(out), "--runner",
                                  "local", "--name", "test", "--cron", "0 3 * * *"], env=env, cwd=tmp_path,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deployment = wait_for(lambda: answer(f"{api}/deployments/name/hrgraph-poll/test"), 300, "deployment")
        assert deployment["schedules"][0]["schedule"]["cron"] == "0 3 * * *"
        subprocess.run([str(BIN / "prefect"), "deployment", "run", "hrgraph-poll/test"], env=env, check=True,
                       capture_output=True, timeout=120)

        def final_state():
            runs = answer(f"{api}/flow_runs/filter", "POST", {"deployments": {"id": {"any_": [deployment["id"]]}}})
            states = [run["state"] for run in runs or [] if run["state"] and run["state"]["type"] in
                      ("COMPLETED", "FAILED", "CRASHED", "CANCELLED")]
            return states[0] if states else None

        state = wait_for(final_state, 400, "finished flow run")
        assert state["type"] == "COMPLETED", state
        assert json.loads((out / "oparl_poll.json").read_text(encoding="utf-8"))["modified_since"]
        assert (out / "entities.jsonl").exists()
    finally:
        if serve:
            stop(serve)
        stop(server)
