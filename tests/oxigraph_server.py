"""Start Oxigraph's own SPARQL server (the `oxigraph` command of the PyPI package of that name) on
loopback with a throwaway folder, for the remote-store tests: a store that follows the SPARQL 1.1
Protocol closely, beside Virtuoso, which deviates."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .virtuoso import _free_port


def executable() -> str | None:
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def available() -> bool:
    return executable() is not None


@dataclass
class OxigraphServer:
    folder: Path
    http_port: int
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql(self) -> str:
        return self.base + "/query"

    @property
    def update(self) -> str:
        return self.base + "/update"

    @property
    def graph_store(self) -> str:
        return self.base + "/store"

    def start(self, timeout: float = 30.0) -> "OxigraphServer":
        self.process = subprocess.Popen([executable(), "serve", "--location", str(self.folder / "store"), "--bind",
                                         f"127.0.0.1:{self.http_port}"], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the Oxigraph server stopped at start")
            try:
                with urllib.request.urlopen(self.sparql + "?query=ASK%7B%7D", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the Oxigraph server did not answer within {timeout:g} s")

    def kill(self) -> None:
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


def start() -> OxigraphServer:
    return OxigraphServer(Path(tempfile.mkdtemp(prefix="cafcass-kg-oxigraph-")), _free_port()).start()


def remove(server: OxigraphServer) -> None:
    server.stop()
    shutil.rmtree(server.folder, ignore_errors=True)
