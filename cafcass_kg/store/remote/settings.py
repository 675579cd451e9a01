"""The remote store's settings: where it is and how to reach it, read from the command line, the
environment and the ``[store]`` table of a TOML config file, in that order of precedence."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from cafcass_kg.errors import UsageError

CONFIG_ENV = "CAFCASS_KG_CONFIG"
CONFIG_FILE = "cafcass-kg.toml"


@dataclass(frozen=True)
class StoreSettings:
    """Where the remote store is and how to reach it. The password is never shown (repr, logs)."""

    query: str
    update: str | None = None  # SPARQL 1.1 Update; default: the query URL
    graph_store: str | None = None  # Graph Store HTTP Protocol; default: load with SPARQL Update
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 60.0  # seconds to wait for an answer
    retries: int = 4  # further attempts after a transient failure
    batch_bytes: int = 4 << 20  # N-Triples sent in one request, about
    max_named_graphs: int = 1000  # named in a query that reads named graphs; beyond, the store's choice
    # Connections kept open between requests. Virtuoso answers a request whose answer is some
    # kilobytes 37 ms late on a kept-alive connection (43 ms against 6 on loopback): set false for it.
    # (Oxigraph's server sometimes reset a large PUT sent with "Connection: close".)
    keep_alive: bool = True

    @property
    def update_url(self) -> str:
        return self.update or self.query


# Each field of StoreSettings and its name in the config file (and, upper-cased, in the environment)
SETTING_NAMES = {"query": "store", "update": "update", "graph_store": "graph_store", "user": "user",
                 "password": "password", "timeout": "timeout", "retries": "retries", "batch_bytes": "batch_bytes",
                 "max_named_graphs": "max_named_graphs", "keep_alive": "keep_alive"}
NUMBER_SETTINGS = (("timeout", float), ("retries", int), ("batch_bytes", int), ("max_named_graphs", int))
URL_SETTINGS = ("query", "update", "graph_store")


def store_settings(query: str | None = None, update: str | None = None, graph_store: str | None = None,
                   config: Path | None = None, environ: Mapping[str, str] | None = None) -> StoreSettings | None:
    """The remote store's settings, or None for the embedded store. Each setting comes from the
    command line, else the environment (CAFCASS_KG_STORE, CAFCASS_KG_STORE_UPDATE,
    CAFCASS_KG_GRAPH_STORE, CAFCASS_KG_STORE_USER, CAFCASS_KG_STORE_PASSWORD, ...), else the
    ``[store]`` table of the config file (``--config``, $CAFCASS_KG_CONFIG, or ./cafcass-kg.toml).
    Credentials are read from the environment or the file only."""
    environ = os.environ if environ is None else environ
    path, values = _config_file(config, environ)
    sources = {key: f"{path} [store] {SETTING_NAMES[key]}" for key in values}
    for key, name in SETTING_NAMES.items():
        variable = environment_variable(name)
        if environ.get(variable):
            values[key], sources[key] = environ[variable], variable
    for key, value, option in (("query", query, "--store"), ("update", update, "--update"),
                               ("graph_store", graph_store, "--graph-store")):
        if value:
            values[key], sources[key] = value, option
    if not values.get("query"):
        if values.get("update") or values.get("graph_store"):
            raise UsageError("a remote store needs its query URL too (--store or CAFCASS_KG_STORE)")
        return None
    for key in URL_SETTINGS:
        if values.get(key):
            _check_url(values[key], sources[key])
    _convert_types(values, sources)
    return StoreSettings(**values)


def environment_variable(name: str) -> str:
    """The environment variable of a setting named so in the config file."""
    if name == "store":
        return "CAFCASS_KG_STORE"
    if name == "graph_store":
        return "CAFCASS_KG_GRAPH_STORE"
    return "CAFCASS_KG_STORE_" + name.upper()


def _convert_types(values: dict, sources: dict[str, str]) -> None:
    """The settings read as text (from the environment) made booleans and numbers, in place."""
    if isinstance(values.get("keep_alive"), str):
        if values["keep_alive"].lower() not in ("1", "0", "true", "false", "yes", "no"):
            raise UsageError(f"{sources['keep_alive']}: '{values['keep_alive']}' is not true or false")
        values["keep_alive"] = values["keep_alive"].lower() in ("1", "true", "yes")
    for key, kind in NUMBER_SETTINGS:
        if key in values:
            try:
                values[key] = kind(values[key])
            except (TypeError, ValueError):
                raise UsageError(f"{sources[key]}: '{values[key]}' is not a {'number' if kind is float else 'whole number'}") from None


def _config_file(path: Path | None, environ: Mapping[str, str]) -> tuple[Path, dict]:
    """The config file's path and its ``[store]`` settings (none when the default file is absent)."""
    explicit = path or environ.get(CONFIG_ENV)
    path = Path(explicit) if explicit else Path(CONFIG_FILE)
    if not path.exists():
        if explicit:
            raise UsageError(f"{path}: no such config file")
        return path, {}
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("store", {})
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot be read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML: {exc}") from None
    unknown = set(table) - set(SETTING_NAMES.values())
    if unknown:
        raise UsageError(f"{path}: [store] has unknown settings: {', '.join(sorted(unknown))} "
                         f"(known: {', '.join(SETTING_NAMES.values())})")
    return path, {key: table[name] for key, name in SETTING_NAMES.items() if name in table}


def _check_url(url: str, source: str) -> None:
    """A store URL must be http(s), and must not carry credentials (they would be shown in logs)."""
    parts = urlsplit(str(url))
    if parts.username or parts.password:
        raise UsageError(f"{source}: a store URL must not carry credentials: set CAFCASS_KG_STORE_USER and "
                         "CAFCASS_KG_STORE_PASSWORD, or user and password in the config file")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"{source}: '{url}' is not an http(s) URL of a SPARQL service")
