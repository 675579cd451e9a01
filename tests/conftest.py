from __future__ import annotations

from pathlib import Path

import pytest

from cafcass_kg.build import build
from cafcass_kg.resources import corpus_dir, query_files
from cafcass_kg.store import run_query, store_from_dataset

CORPUS = corpus_dir()


@pytest.fixture(scope="session")
def corpus_build():
    return build([CORPUS])


@pytest.fixture(scope="session")
def corpus_graph_file(tmp_path_factory) -> Path:
    """The bundled corpus's graph, written by `cafcass-kg build` once for the whole session.
    Tests read it; none may change it."""
    from click.testing import CliRunner

    from cafcass_kg.cli import main

    out = tmp_path_factory.mktemp("corpus-graph") / "kg.trig"
    result = CliRunner().invoke(main, ["build", "-q", "--no-validate", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def store(corpus_build):
    return store_from_dataset(corpus_build.dataset)


@pytest.fixture(scope="session")
def select(store):
    """Run a competency query by its number; rows as dicts of plain strings."""

    def run(number: str) -> list[dict[str, str]]:
        path = next(p for p in query_files() if p.name.startswith(f"cq{number}-"))
        results = run_query(store, path.read_text(encoding="utf-8"))
        names = [v.value for v in results.variables]
        return [{n: (s[n].value if s[n] is not None else "") for n in names} for s in results]

    return run


def corpus_file(prefix: str) -> Path:
    return next(CORPUS.glob(f"{prefix}_*.txt"))
