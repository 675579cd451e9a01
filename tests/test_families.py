"""The document families beyond the bundled corpus, built into the graph: national inspections with
their frameworks and judgements (CQ22), who led Cafcass and when (CQ21), visit letters, and a
graph that conforms. The documents are the development set's (tests/devset)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cafcass_kg.build import build
from cafcass_kg.resources import query_files
from cafcass_kg.store import run_query
from cafcass_kg.validation import validate_store

DEVSET = Path(__file__).parent / "devset"


@pytest.fixture(scope="module")
def devset_build():
    return build([DEVSET])


def answers(result, number: str) -> list[dict]:
    query = next(p for p in query_files() if p.name.startswith(f"cq{number}-"))
    rows = run_query(result.store, query.read_text(encoding="utf-8"))
    return [{v.value: (row[v].value if row[v] is not None else None) for v in rows.variables} for row in rows]


def test_the_development_set_builds_whole_and_conforms(devset_build):
    assert not devset_build.skipped
    genres = {d.parsed.genre for d in devset_build.loaded}
    assert {"ofsted-inspection-report", "ofsted-national-inspection-report", "ofsted-visit-letter",
            "cafcass-press-release", "document-about-cafcass"} <= genres
    assert validate_store(devset_build.store).conforms


def test_cq22_national_judgements_are_grouped_by_framework(devset_build):
    rows = answers(devset_build, "22")
    frameworks = {r["framework"] for r in rows}
    assert len(frameworks) >= 2 and "(framework not stated)" not in frameworks
    by_start = {}
    for r in rows:
        by_start.setdefault((r["fieldworkStart"] or "")[:4], set()).add(r["grade"])
    # the 2018 inspection graded its areas good and outstanding; the 2024 one outstanding throughout
    assert by_start["2018"] == {"good", "outstanding"} and by_start["2024"] == {"outstanding"}


def test_cq21_names_chief_executives_and_chairs_with_their_dates(devset_build):
    led = {(r["person"], r["role"]): r for r in answers(devset_build, "21")}
    assert ("Anthony Douglas", "Chief Executive") in led and ("Jacky Tiotto", "Chief Executive") in led
    chairs = {person for person, role in led if role == "Chair"}
    assert {"Claire Tyler", "Edward Timpson"} <= chairs
    assert led[("Jacky Tiotto", "Chief Executive")]["firstStated"] >= "2019"
    assert led[("Anthony Douglas", "Chief Executive")]["inPostSince"] == "2004"  # "chief executive since 2004"
