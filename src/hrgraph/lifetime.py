"""Child processes of a run end when the run's process dies, also when it is killed (SIGKILL) and cannot stop them.

Two ways, Linux only (elsewhere nothing is done): worker processes of the process pool watch their parent from
a thread (:func:`exit_with_parent`, their initializer), and the temporary Prefect server is started with
``PR_SET_PDEATHSIG`` (:class:`ParentBoundServer`). The kernel's parent-death signal fires when the *thread*
that started the child ends; the pool starts its workers from Prefect's resolver threads, which may end while
the workers are still needed, hence the watching thread there.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
from types import SimpleNamespace

import prefect.server.api.server as prefect_server
from prefect.server.api.server import SubprocessASGIServer

PR_SET_PDEATHSIG = 1
PARENT_POLL_SECONDS = 0.5


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


class ParentBoundServer(SubprocessASGIServer):
    """Prefect's temporary API server as a process that the kernel kills when the thread that started it ends
    (started from the main thread: when this process ends, however it ends)."""

    def _run_uvicorn_command(self) -> subprocess.Popen:
        popen = SimpleNamespace(Popen=lambda *args, **kwargs: subprocess.Popen(
            *args, **kwargs, preexec_fn=kill_on_parent_death))
        saved, prefect_server.subprocess = prefect_server.subprocess, popen
        try:
            return super()._run_uvicorn_command()
        finally:
            prefect_server.subprocess = saved
