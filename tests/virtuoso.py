"""Start Debian's Virtuoso (virtuoso-opensource 7) on loopback with a throwaway database folder,
for the remote-store tests and benchmarks; stop it and remove the folder afterwards."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

EXECUTABLE = "virtuoso-t"
SHARE = Path("/usr/share/virtuoso-opensource-7")
SERVER_ROOT = Path("/var/lib/virtuoso-opensource-7/vsp")
USER, PASSWORD = "dba", "dba"  # a fresh database's administrator

INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
ServerThreads = 20
CheckpointInterval = 60
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
DirsAllowed = ., {share}/vad, {dir}
VADInstallDir = {share}/vad/

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {server_root}
ServerThreads = 10
MaxClientConnections = 10
KeepAliveTimeout = 10

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = {max_seconds}
MaxQueryCostEstimationTime = 0
DefaultQuery = select distinct ?Concept where {{[] a ?Concept}} LIMIT 100
"""


def available() -> bool:
    return shutil.which(EXECUTABLE) is not None and SERVER_ROOT.is_dir()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Virtuoso:
    """A running Virtuoso: ``sparql`` answers queries, ``update`` takes SPARQL Update and
    ``graph_store`` the Graph Store Protocol (both with digest authentication)."""

    folder: Path
    http_port: int
    sql_port: int
    buffers: int = 20_000
    max_seconds: int = 60  # a query stops after this (a test's abandoned query must not run on)
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql(self) -> str:
        return self.base + "/sparql"

    @property
    def update(self) -> str:
        return self.base + "/sparql-auth"

    @property
    def graph_store(self) -> str:
        return self.base + "/sparql-graph-crud-auth"

    def start(self, timeout: float = 60.0) -> "Virtuoso":
        ini = self.folder / "virtuoso.ini"
        if not ini.exists():
            ini.write_text(INI.format(dir=self.folder, sql_port=self.sql_port, http_port=self.http_port, share=SHARE,
                                      server_root=SERVER_ROOT, buffers=self.buffers, dirty=self.buffers * 3 // 4,
                                      max_seconds=self.max_seconds))
        # +foreground: the process is the server, so killing it kills the store (no daemon left behind).
        self.process = subprocess.Popen([EXECUTABLE, "+foreground", "+configfile", str(ini)], cwd=self.folder,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Virtuoso stopped at start: see {self.folder / 'virtuoso.log'}")
            try:
                with urllib.request.urlopen(self.sparql + "?query=ASK%7B%7D", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"Virtuoso did not answer within {timeout:g} s")

    def kill(self) -> None:
        """Stop the store at once, as a crash would (no checkpoint)."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def start(buffers: int = 20_000) -> Virtuoso:
    folder = Path(tempfile.mkdtemp(prefix="cafcass-kg-virtuoso-"))
    return Virtuoso(folder, _free_port(), _free_port(), buffers).start()


def remove(server: Virtuoso) -> None:
    server.stop()
    shutil.rmtree(server.folder, ignore_errors=True)
