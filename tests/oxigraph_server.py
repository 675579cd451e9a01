"""Start Oxigraph's own SPARQL server (the `oxigraph` command of the PyPI package of that name) on
loopback with a throwaway folder, for the remote-store tests: a store that follows the SPARQL 1.1
Protocol closely, beside Virtuoso, which deviates."""

from __future__ import annotations

import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .store_process import StoreProcess, free_port


def executable() -> str | None:
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def available() -> bool:
    return executable() is not None


@dataclass
class OxigraphServer(StoreProcess):
    name = "the Oxigraph server"

    @property
    def sparql(self) -> str:
        return self.base + "/query"

    @property
    def update(self) -> str:
        return self.base + "/update"

    @property
    def graph_store(self) -> str:
        return self.base + "/store"

    def command(self) -> list[str]:
        return [executable(), "serve", "--location", str(self.folder / "store"), "--bind", f"127.0.0.1:{self.http_port}"]


def start() -> OxigraphServer:
    return OxigraphServer(Path(tempfile.mkdtemp(prefix="cafcass-kg-oxigraph-")), free_port()).start()


def remove(server: OxigraphServer) -> None:
    server.stop()
    shutil.rmtree(server.folder, ignore_errors=True)
