"""Where the bundled data lives, whether the package is installed or run from a checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def folder(package: str) -> Path:
    """A data folder of the package (corpus, ontology, shapes, queries) as a real path."""
    return Path(str(resources.files(f"cafcass_kg.{package}")))


def corpus_dir() -> Path:
    return folder("corpus")


def query_files() -> list[Path]:
    return sorted(folder("queries").glob("*.rq"))


def ontology_files() -> list[Path]:
    return sorted(folder("ontology").glob("*.ttl"))
