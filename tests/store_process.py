"""A SPARQL store run as a process of the tests: started on loopback, waited for until it answers
a query, killed as a crash would kill it, or stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from typing import ClassVar
from pathlib import Path

from .serving import free_port

__all__ = ["StoreProcess", "free_port", "environment"]

USER, PASSWORD = "dba", "dba"  # Virtuoso's on a fresh database; a store that asks for none ignores them


def environment(server: "StoreProcess", **more) -> dict[str, str]:
    """The settings a user puts in the environment to use ``server`` (credentials never on the
    command line), with the store's own advice (``server.settings``)."""
    return {"CAFCASS_KG_STORE": server.sparql, "CAFCASS_KG_STORE_UPDATE": server.update,
            "CAFCASS_KG_GRAPH_STORE": server.graph_store, "CAFCASS_KG_STORE_USER": USER,
            "CAFCASS_KG_STORE_PASSWORD": PASSWORD, **server.settings, **more}


@dataclass
class StoreProcess:
    folder: Path
    http_port: int
    process: subprocess.Popen | None = None
    name = "store"
    settings: ClassVar[dict[str, str]] = {}  # environment settings recommended for this store

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql(self) -> str:
        raise NotImplementedError

    def command(self) -> list[str]:
        raise NotImplementedError

    def start(self, timeout: float = 60.0):
        # A session of its own, and the server in the foreground: killing the group kills the store.
        self.process = subprocess.Popen(self.command(), cwd=self.folder, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} stopped at start (its files are in {self.folder})")
            try:
                with urllib.request.urlopen(self.sparql + "?query=ASK%7B%7D", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer within {timeout:g} s")

    def kill(self) -> None:
        """Stop the store at once, as a crash would."""
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
