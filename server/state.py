"""What the views of one application share: the store, the configuration, the query workers and
what is computed once from the read-only graph. One ``ServerState`` per application, kept in
``app.extensions["cafcass_kg"]``; a view reaches it with ``state()``.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from flask import current_app

from cafcass_kg.store import is_remote

from .runner import QueryRunner

if TYPE_CHECKING:  # heavy modules, imported by the views that need them
    import networkx as nx

    from cafcass_kg.validation import Report

EXTENSION = "cafcass_kg"


@dataclass
class ServerState:
    """The store an application serves, its configuration, and what is worked out from the store
    once (the store is read-only, so none of it goes stale)."""

    store: ox.Store
    config: Mapping[str, Any]  # the application's config, read at each request as Flask's is
    runner: QueryRunner | None = None  # started on the first query: an app that never queries forks nothing
    memory_copy: ox.Store | None = None  # a remote store's triples, for validation and export
    report: Report | None = None  # the served graph's validation report
    network: nx.MultiDiGraph | None = None  # the served graph for the visualisation exports
    descriptions: dict[str, list[ox.Triple]] = field(default_factory=dict)  # service descriptions per endpoint URL
    _starting: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def row_limit(self) -> int | None:
        """Rows (or triples) of one answer at most; None for no limit."""
        return int(self.config["ROW_LIMIT"]) or None

    @property
    def query_timeout(self) -> float:
        return float(self.config["QUERY_TIMEOUT"])

    @property
    def max_nesting(self) -> int:
        return int(self.config["MAX_NESTING"])

    @property
    def service_allow(self) -> list[str]:
        return self.config["SERVICE_ALLOW"]

    @property
    def queries_in_workers(self) -> bool:
        """Whether queries run in worker processes. A remote store runs them itself: the wait for
        its answer is bounded by the timeout instead."""
        return bool(int(self.config["QUERY_WORKERS"])) and not is_remote(self.store)

    def query_runner(self) -> QueryRunner:
        """The worker pool, started by the first query that needs it."""
        # Threads serve requests: two first queries at once must not each fork a pool.
        with self._starting:
            if self.runner is None:
                self.runner = QueryRunner(self.store, int(self.config["QUERY_WORKERS"]), self.query_timeout)
        return self.runner

    def local_store(self) -> ox.Store:
        """The graph with every triple at hand, for validation and export: a remote graph is copied
        into memory once."""
        if not is_remote(self.store):
            return self.store
        if self.memory_copy is None:
            from cafcass_kg.store.remote import copy_to_memory

            self.memory_copy = copy_to_memory(self.store)
        return self.memory_copy

    def __getitem__(self, name: str) -> Any:
        """Read by name as well (``extensions["cafcass_kg"]["runner"]``), as callers read the dict
        this object replaced; what is not worked out yet is missing, as it was there."""
        value = getattr(self, name) if name in _SHARED else None
        if value is None:
            raise KeyError(name)
        return value


_SHARED = {f.name for f in fields(ServerState) if not f.name.startswith("_")}


def state() -> ServerState:
    """The shared state of the application handling the current request."""
    return current_app.extensions[EXTENSION]
