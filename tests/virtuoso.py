"""Start Debian's Virtuoso (virtuoso-opensource 7) on loopback with a throwaway database folder,
for the remote-store tests and benchmarks; stop it and remove the folder afterwards."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from typing import ClassVar
from pathlib import Path

from .store_process import PASSWORD, USER, StoreProcess, free_port

EXECUTABLE = "virtuoso-t"
SHARE = Path("/usr/share/virtuoso-opensource-7")
SERVER_ROOT = Path("/var/lib/virtuoso-opensource-7/vsp")

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


@dataclass
class Virtuoso(StoreProcess):
    """A running Virtuoso: ``sparql`` answers queries, ``update`` takes SPARQL Update and
    ``graph_store`` the Graph Store Protocol (both with digest authentication)."""

    sql_port: int = 0
    buffers: int = 20_000
    max_seconds: int = 60  # a query stops after this (a test's abandoned query must not run on)
    name = "Virtuoso"
    settings: ClassVar[dict[str, str]] = {"CAFCASS_KG_STORE_KEEP_ALIVE": "false"}  # see StoreSettings.keep_alive

    @property
    def sparql(self) -> str:
        return self.base + "/sparql"

    @property
    def update(self) -> str:
        return self.base + "/sparql-auth"

    @property
    def graph_store(self) -> str:
        return self.base + "/sparql-graph-crud-auth"

    def command(self) -> list[str]:
        ini = self.folder / "virtuoso.ini"
        if not ini.exists():
            ini.write_text(INI.format(dir=self.folder, sql_port=self.sql_port, http_port=self.http_port, share=SHARE,
                                      server_root=SERVER_ROOT, buffers=self.buffers, dirty=self.buffers * 3 // 4,
                                      max_seconds=self.max_seconds))
        return [EXECUTABLE, "+foreground", "+configfile", str(ini)]


def start(buffers: int = 20_000) -> Virtuoso:
    folder = Path(tempfile.mkdtemp(prefix="cafcass-kg-virtuoso-"))
    return Virtuoso(folder, free_port(), sql_port=free_port(), buffers=buffers).start()


def remove(server: Virtuoso) -> None:
    server.stop()
    shutil.rmtree(server.folder, ignore_errors=True)


__all__ = ["Virtuoso", "available", "start", "remove", "USER", "PASSWORD"]
