"""Start, stop and inspect the bundled Neo4j Community server (jars fetched by Maven into tools/neo4j).

A run dir (default ``tools/neo4j/run/``) holds everything of one server: ``conf/neo4j.conf`` written
here, ``data/``, ``logs/console.log``, the pid file ``neo4j.pid`` and ``server.json`` with the ports.
The JVM runs ``org.neo4j.server.CommunityEntryPoint`` in its own session, so it outlives the CLI
call that started it; ``stop`` sends SIGTERM and waits. POSIX only.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[3]
TOOLS_DIR = Path(os.environ.get("HRGRAPH_NEO4J_TOOLS", REPO_DIR / "tools" / "neo4j"))
DEFAULT_RUN_DIR = TOOLS_DIR / "run"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
PASSWORD_ENV = "NEO4J_PASSWORD"
USER = "neo4j"

# JVM flags from Neo4j's default neo4j.conf that matter outside the official start script.
JVM_OPTIONS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+DisableExplicitGC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
)

CONFIG_TEMPLATE = """\
# Written by hrgraph (src/hrgraph/stores/neo4j_server.py); rewritten on every start.
server.default_listen_address=127.0.0.1
server.default_advertised_address=127.0.0.1
server.bolt.enabled=true
server.bolt.listen_address=127.0.0.1:{bolt_port}
server.bolt.advertised_address=127.0.0.1:{bolt_port}
server.http.enabled={http_enabled}
server.http.listen_address=127.0.0.1:{http_port}
server.https.enabled=false
dbms.security.auth_enabled={auth_enabled}
dbms.usage_report.enabled=false
dbms.routing.enabled=false
server.memory.heap.initial_size={heap}
server.memory.heap.max_size={heap}
server.memory.pagecache.size={pagecache}
db.tx_log.rotation.retention_policy=256M size
"""


class Neo4jServerError(RuntimeError):
    """The server cannot be set up, started or stopped; the message says what to do."""


@dataclass(frozen=True)
class ServerHandle:
    """A started server: where it lives and how to reach it."""

    run_dir: Path
    pid: int
    bolt_port: int
    http_port: int | None
    auth: bool

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def log_file(self) -> Path:
        return self.run_dir / "logs" / "console.log"


@dataclass(frozen=True)
class ServerStatus:
    """What ``status`` found in a run dir; ``bolt_ok`` means the Bolt port answered."""

    running: bool
    pid: int | None = None
    uri: str | None = None
    bolt_ok: bool = False
    rss_mb: float | None = None


def ensure_jars(tools_dir: Path = TOOLS_DIR) -> Path:
    """Return ``tools/neo4j/target/dependency``, running Maven first if the jars are not there yet."""
    jar_dir = tools_dir / "target" / "dependency"
    if any(jar_dir.glob("neo4j-server-*.jar")):
        return jar_dir
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    if missing:
        raise Neo4jServerError(
            f"Neo4j jars are missing in {jar_dir} and {' and '.join(missing)} not found on PATH; "
            "install Java 17+ and Maven, then run `make neo4j-jars` (mvn dependency:copy-dependencies)."
        )
    done = subprocess.run(["mvn", "-q", "-B", "dependency:copy-dependencies"], cwd=tools_dir,
                          capture_output=True, text=True)
    if done.returncode != 0 or not any(jar_dir.glob("neo4j-server-*.jar")):
        raise Neo4jServerError(f"mvn dependency:copy-dependencies failed in {tools_dir}:\n"
                               f"{(done.stdout + done.stderr)[-2000:]}")
    return jar_dir


def write_config(run_dir: Path, bolt_port: int, http_port: int | None, auth: bool,
                 heap: str, pagecache: str) -> Path:
    """Write ``conf/neo4j.conf`` for a local, small server and return its path."""
    conf = run_dir / "conf" / "neo4j.conf"
    conf.parent.mkdir(parents=True, exist_ok=True)
    conf.write_text(CONFIG_TEMPLATE.format(
        bolt_port=bolt_port, http_enabled=str(http_port is not None).lower(), http_port=http_port or 7474,
        auth_enabled=str(auth).lower(), heap=heap, pagecache=pagecache))
    return conf


def start(home: Path = DEFAULT_RUN_DIR, bolt_port: int = 7687, auth: bool = True, heap: str = "512m",
          pagecache: str = "128m", http_port: int | None = None, timeout: float = 120.0) -> ServerHandle:
    """Start a server in ``home`` and wait until Bolt answers; return the running one if already up.

    With ``auth`` the password comes from ``NEO4J_PASSWORD`` (at least 8 characters) and is set as
    the initial password of user ``neo4j`` before the first start of a fresh run dir.
    """
    home = Path(home).resolve()
    current = _read_handle(home)
    if current is not None and _alive(current.pid):
        _wait_for_bolt(current, _auth_tuple(current.auth), timeout, lambda: _alive(current.pid))
        return current
    java = shutil.which("java")
    if java is None:
        raise Neo4jServerError("java not found on PATH; Neo4j 5 needs Java 17 or 21.")
    jar_dir = ensure_jars()
    password = os.environ.get(PASSWORD_ENV) if auth else None
    if auth and not password:
        raise Neo4jServerError(f"auth is on but {PASSWORD_ENV} is not set; export a password "
                               "(8+ characters), or start with auth off for local tests.")
    for port in (bolt_port, http_port):
        if port is not None and not _port_free(port):
            raise Neo4jServerError(f"port {port} on 127.0.0.1 is in use (another Neo4j?); choose another port.")
    write_config(home, bolt_port, http_port, auth, heap, pagecache)
    auth_file = home / "data" / "dbms" / "auth.ini"
    if auth and not auth_file.exists():
        if (home / "data" / "databases" / "system").exists():
            raise Neo4jServerError(f"{home} was first started without auth; the initial password can only be "
                                   f"set on a fresh store: remove {home / 'data'} or use another --home.")
        _set_initial_password(java, jar_dir, home, password)
    if auth_file.exists():
        auth_file.chmod(0o600)  # the password hash: for the owner only (also in run dirs made before this)
    log_file = home / "logs" / "console.log"
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with log_file.open("ab") as log:
        process = subprocess.Popen(
            [java, f"-Xms{heap}", f"-Xmx{heap}", *JVM_OPTIONS, "-cp", str(jar_dir / "*"), ENTRY_POINT,
             f"--home-dir={home}", f"--config-dir={home / 'conf'}", "--console-mode"],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, cwd=home, start_new_session=True)
    handle = ServerHandle(home, process.pid, bolt_port, http_port, auth)
    (home / "neo4j.pid").write_text(f"{process.pid}\n")
    state = {k: v for k, v in asdict(handle).items() if k not in ("run_dir", "pid")}
    (home / "server.json").write_text(json.dumps(state))
    try:
        _wait_for_bolt(handle, _auth_tuple(auth), timeout, lambda: process.poll() is None)
    except BaseException:  # also Ctrl-C: never leave a half-started server behind
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        (home / "neo4j.pid").unlink(missing_ok=True)
        raise
    return handle


def stop(home: Path = DEFAULT_RUN_DIR, timeout: float = 60.0) -> bool:
    """Send SIGTERM to the server of ``home`` and wait for it to exit (SIGKILL after ``timeout``).

    Returns False if no server was running there.
    """
    home = Path(home).resolve()
    handle = _read_handle(home)
    (home / "neo4j.pid").unlink(missing_ok=True)
    if handle is None or not _alive(handle.pid):
        return False
    os.kill(handle.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _alive(handle.pid):
        if time.monotonic() > deadline:
            os.kill(handle.pid, signal.SIGKILL)
            deadline = time.monotonic() + 10
        time.sleep(0.2)
    return True


def status(home: Path = DEFAULT_RUN_DIR) -> ServerStatus:
    """Report whether the server of ``home`` runs, answers on Bolt, and how much memory it uses."""
    handle = _read_handle(Path(home).resolve())
    if handle is None or not _alive(handle.pid):
        return ServerStatus(running=False)
    return ServerStatus(running=True, pid=handle.pid, uri=handle.uri,
                        bolt_ok=_bolt_answers(handle.uri, _auth_tuple(handle.auth)), rss_mb=_rss_mb(handle.pid))


def _set_initial_password(java: str, jar_dir: Path, home: Path, password: str) -> None:
    """What ``neo4j-admin dbms set-initial-password`` does, run from the same jars.

    The password is not on the command line (every user can read ``/proc/<pid>/cmdline``): it is in an
    argument file that neo4j-admin reads (``@file``, picocli's AtFiles), readable by its owner only and
    removed right after; the tool runs with umask 077, so ``data/`` and ``auth.ini`` are the owner's only.
    """
    if "\n" in password or "\r" in password:
        raise Neo4jServerError(f"{PASSWORD_ENV} must be a single line.")
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    with tempfile.TemporaryDirectory(prefix="hrgraph-neo4j-") as folder:  # a 0700 folder
        argfile = Path(folder) / "password.args"
        with os.fdopen(os.open(argfile, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w", encoding="utf-8") as out:
            out.write(_at_file_argument(password))
        done = subprocess.run([java, "-Xmx128m", "-cp", str(jar_dir / "*"), ADMIN_TOOL, "dbms",
                               "set-initial-password", f"@{argfile}"], env=env, capture_output=True, text=True,
                              umask=0o077)
    if done.returncode != 0:
        raise Neo4jServerError(f"setting the initial password failed: {(done.stdout + done.stderr)[-1000:]}")


def _at_file_argument(value: str) -> str:
    """``value`` as one quoted argument of a picocli argument file (backslashes and quotes escaped)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"\n'


def _read_handle(home: Path) -> ServerHandle | None:
    pid_file, state_file = home / "neo4j.pid", home / "server.json"
    if not (pid_file.exists() and state_file.exists()):
        return None
    state = json.loads(state_file.read_text())
    return ServerHandle(run_dir=home, pid=int(pid_file.read_text()), **state)


def _alive(pid: int) -> bool:
    """True while ``pid`` is a running Neo4j entry point (reaps it first if it is our exited child)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
    cmdline = Path(f"/proc/{pid}/cmdline")
    try:
        return ENTRY_POINT in cmdline.read_bytes().decode(errors="replace")
    except (FileNotFoundError, ProcessLookupError):
        return False


def _port_free(port: int) -> bool:
    """True if nothing listens on ``port`` (SO_REUSEADDR: connections in TIME_WAIT do not count)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _auth_tuple(auth: bool) -> tuple[str, str] | None:
    return (USER, os.environ.get(PASSWORD_ENV, "")) if auth else None


def _bolt_answers(uri: str, auth: tuple[str, str] | None) -> bool:
    """True if a Bolt handshake succeeds; a rejected password still means the server answers."""
    from neo4j import GraphDatabase  # imported here: the CLI loads this module on every call
    from neo4j.exceptions import AuthError

    driver = GraphDatabase.driver(uri, auth=auth, connection_timeout=2)
    try:
        driver.verify_connectivity()
        return True
    except AuthError:
        return True
    except Exception:
        return False
    finally:
        driver.close()


def _wait_for_bolt(handle: ServerHandle, auth: tuple[str, str] | None, timeout: float,
                   alive: Callable[[], bool]) -> None:
    deadline = time.monotonic() + timeout
    while not _bolt_answers(handle.uri, auth):
        if not alive():
            raise Neo4jServerError(f"Neo4j exited during start-up; see {handle.log_file}:\n{_tail(handle.log_file)}")
        if time.monotonic() > deadline:
            raise Neo4jServerError(f"Neo4j did not answer on {handle.uri} within {timeout:.0f}s; "
                                   f"see {handle.log_file}")
        time.sleep(0.5)


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return None


def _tail(path: Path, lines: int = 20) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""
