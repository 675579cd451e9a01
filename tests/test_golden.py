"""Golden files pin the loader output for the corpus: a change in what is read shows up as a diff.

Regenerate after an intended change with ``CAFCASS_KG_UPDATE_GOLDEN=1 pytest tests/test_golden.py``
and review the diff; the competency queries remain the judge of correctness.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest

from cafcass_kg.loaders import load_path

from .conftest import CORPUS

GOLDEN = Path(__file__).parent / "golden"


def _plain(value):
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name not in ("start", "end")}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def records_as_json(path: Path) -> str:
    doc = load_path(path)
    text = doc.text
    rows = []
    for rec in doc.parsed.records:
        row = {"record": type(rec).__name__, **_plain(rec)}
        row["quote"] = text[rec.evidence[0]:rec.evidence[1]]
        rows.append(row)
    return json.dumps({"genre": doc.parsed.genre, "records": rows}, indent=1, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.stem)
def test_loader_output_matches_golden_file(path):
    golden = GOLDEN / f"{path.stem}.json"
    actual = records_as_json(path)
    if os.environ.get("CAFCASS_KG_UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}: run with CAFCASS_KG_UPDATE_GOLDEN=1"
    assert actual == golden.read_text(encoding="utf-8")
