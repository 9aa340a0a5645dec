"""A throwaway PostgreSQL cluster and hub processes on localhost, for the hub's tests and benchmarks.

``initdb`` + ``pg_ctl`` in a temporary folder on a free port. PostgreSQL refuses to run as root,
so under root the cluster belongs to, and runs as, the ``postgres`` user (``runuser``).
``fsync=off`` (the machine itself never crashes in a test) but ``synchronous_commit`` stays on:
a desk forgets what the hub acknowledged, so an acknowledged commit must survive PostgreSQL
being killed (the fault tests do exactly that).
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path


def pg_bindir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        real = Path(found).resolve().parent
        if (real / "pg_ctl").exists() and (real / "psql").exists():
            return real
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name.split(".")[0]))
    return Path(dirs[-1]) if dirs and Path(dirs[-1], "initdb").exists() else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self):
        self.bindir = pg_bindir()
        if self.bindir is None:
            raise RuntimeError("PostgreSQL's initdb was not found (apt-get install postgresql)")
        self.root = Path(tempfile.mkdtemp(prefix="civdesk-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            self.root.chmod(0o755)
            shutil.chown(self.root, "postgres", "postgres")

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, check=check, capture_output=True, text=True)

    @property
    def url(self) -> str:
        return f"postgresql://civdesk@127.0.0.1:{self.port}/civdesk"

    def start(self) -> Cluster:
        if not self.data.exists():
            self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "civdesk", "-E", "UTF8", "--no-sync")
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.root / "log"),
            "-w",
            "-t",
            "60",
            "-o",
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            f"-c full_page_writes=off -c max_connections=200",
            "start",
        )
        if not self._run(
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "civdesk",
            "-d",
            "postgres",
            "-tAc",
            "SELECT 1 FROM pg_database WHERE datname = 'civdesk'",
        ).stdout.strip():
            self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "civdesk", "civdesk")
        return self

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def restart(self) -> None:
        self.stop("immediate")
        self.start()

    def psql(self, sql: str) -> str:
        return self._run(
            "psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "civdesk", "-d", "civdesk", "-tAc", sql
        ).stdout.strip()

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


class HubProcess:
    """``civdesk-hub serve`` as a child process (real uvicorn, real workers)."""

    def __init__(
        self,
        url: str,
        *,
        workers: int = 1,
        port: int | None = None,
        env: dict | None = None,
        tls: tuple[Path, Path, Path] | None = None,
    ):
        """``tls``: (certificate, key, the CA that vouches for it) to serve HTTPS through uvicorn."""
        self.db_url, self.workers, self.env, self.tls = url, workers, env or {}, tls
        self.port = port or free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> HubProcess:
        env = dict(os.environ, CIVDESK_HUB_DATABASE=self.db_url, **self.env)
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - the server's stderr for as long as it runs
        tls = ["--ssl-certfile", str(self.tls[0]), "--ssl-keyfile", str(self.tls[1])] if self.tls else []
        context = ssl.create_default_context(cafile=str(self.tls[2])) if self.tls else None
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "civdesk.hub.cli",
                "serve",
                "--port",
                str(self.port),
                "--workers",
                str(self.workers),
                *tls,
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the hub exited: {self.output()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "/api/v1/health", timeout=2, context=context) as r:
                    if json.loads(r.read())["ok"]:
                        return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the hub did not start in time")

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def kill(self) -> None:
        """SIGKILL the whole process group (uvicorn's supervisor and its workers)."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()
