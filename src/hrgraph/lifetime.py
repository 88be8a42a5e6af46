"""Child processes of a run: the temporary Prefect server, started early, and both it and the worker processes ending
when the run's process dies, also when it is killed (SIGKILL) and cannot stop them.

Two ways, Linux only (elsewhere nothing is done): worker processes of the process pool watch their parent from
a thread (:func:`exit_with_parent`, their initializer), and the temporary Prefect server is started with
``PR_SET_PDEATHSIG`` (:class:`TemporaryServer`). The kernel's parent-death signal fires when the *thread*
that started the child ends; the pool starts its workers from Prefect's resolver threads, which may end while
the workers are still needed, hence the watching thread there.
"""

from __future__ import annotations

import atexit
import ctypes
import importlib.util
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

PR_SET_PDEATHSIG = 1
PARENT_POLL_SECONDS = 0.5
PORTS = range(8000, 9000)
"""Where the temporary server listens, as with Prefect's own."""
PORT_IN_USE = 3
"""Exit code of uvicorn when its port is taken (by another process between our check and its start)."""


def kill_on_parent_death() -> None:
    """In a child before ``exec``: the kernel sends SIGKILL to this process when its parent thread ends."""
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def exit_with_parent(parent: int) -> None:
    """Exit at once (no clean-up, like a kill) as soon as this process's parent is no longer ``parent``."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def free_port() -> int:
    """A port of :data:`PORTS` that nothing listens on now."""
    for port in random.sample(PORTS, 50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1} for the temporary Prefect server")


def server_command(port: int) -> list[str]:
    """The command of Prefect's temporary server (``SubprocessASGIServer``): its API app under uvicorn."""
    site = Path(importlib.util.find_spec("prefect").origin).parent.parent
    return [sys.executable, "-m", "uvicorn", "--app-dir", str(site), "--factory", "prefect.server.api.server:create_app",
            "--host", "127.0.0.1", "--port", str(port), "--log-level", "error", "--lifespan", "on"]


def server_environment() -> dict[str, str]:
    """This process's environment for the server, as Prefect gives it to its temporary server: no UI, ephemeral
    services, and the Prefect settings made in this process (when Prefect is loaded already)."""
    environment = dict(os.environ) | {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1",
                                      "PREFECT__SERVER_FINAL": "1"}
    if "prefect.settings" in sys.modules:
        from prefect.settings import get_current_settings

        environment |= get_current_settings().to_environment_variables(exclude_unset=True)
    return environment


class TemporaryServer:
    """Prefect's temporary API server for the runs of this process, as its ephemeral mode would start it (same
    command, same database in PREFECT_HOME), with two differences: :meth:`start` does not wait for it, so that the
    run loads its code and model while the server starts (seconds each), and the kernel kills it when this
    process dies, however it dies. It stops when this process exits."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.api_url: str | None = None
        atexit.register(self.stop)

    def start(self) -> None:
        """Start the server unless it runs; return at once."""
        if self.process is not None and self.process.poll() is None:
            return
        self.port, self.api_url = free_port(), None
        self.process = subprocess.Popen(server_command(self.port), env=server_environment(),
                                        preexec_fn=kill_on_parent_death)

    def wait(self, timeout: float) -> str:
        """The server's API URL once it answers (starting it if need be); RuntimeError after ``timeout`` seconds."""
        self.start()
        deadline = time.monotonic() + timeout
        while self.api_url is None:
            if self.process.poll() == PORT_IN_USE:
                self.start()
            elif self.process.poll() is not None:
                raise RuntimeError(f"the temporary Prefect server exited with code {self.process.returncode}")
            elif self.answers():
                self.api_url = f"http://127.0.0.1:{self.port}/api"
            elif time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the temporary Prefect server did not answer within {timeout:.0f} s")
            else:
                time.sleep(0.1)
        return self.api_url

    def answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/health", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def stop(self) -> None:
        """Stop the server (Prefect's way: terminate, then kill after 5 s)."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process, self.api_url = None, None


temporary_server = TemporaryServer()
"""The one temporary server of this process: started early by ``hrgraph ingest``, used by every flow run."""
