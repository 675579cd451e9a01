"""Every term of the project's namespace that the code, the queries or the shapes use is defined in
ontology/: a mistyped term (``CKG.Inspecton``) fails here instead of minting triples nobody can query."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from cafcass_kg.namespaces import CKG
from cafcass_kg.resources import ontology_files

ROOT = Path(__file__).parent.parent
CODE = [*ROOT.glob("cafcass_kg/**/*.py"), *ROOT.glob("loaders/**/*.py"), *ROOT.glob("server/**/*.py")]
SPARQL_AND_SHAPES = [*ROOT.glob("queries/*.rq"), *ROOT.glob("shapes/*.ttl")]
# CKG.Name, CKG["name"], and the curie in SPARQL, Turtle and templates
IN_PYTHON = re.compile(r"\bCKG(?:\.(?P<attr>[A-Za-z_]\w*)|\[\"(?P<key>[^\"]+)\"\])")
AS_CURIE = re.compile(r"(?<![\w/#])ckg:(?P<local>[A-Za-z][\w-]*)")


@pytest.fixture(scope="module")
def defined() -> set[URIRef]:
    graph = Graph()
    for path in ontology_files():
        graph.parse(path, format="turtle")
    return {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and s.startswith(str(CKG))}


def _used_in(paths: list[Path], pattern: re.Pattern, group_names: tuple[str, ...]) -> dict[str, list[str]]:
    used: dict[str, list[str]] = {}
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for m in pattern.finditer(line):
                local = next(m[g] for g in group_names if m[g])
                used.setdefault(local, []).append(f"{path.relative_to(ROOT)}:{number}")
    return used


def test_every_term_the_code_uses_is_defined_in_the_ontology(defined):
    used = _used_in(CODE, IN_PYTHON, ("attr", "key"))
    assert len(used) > 40  # the scan sees the code
    missing = {local: places[:3] for local, places in used.items() if CKG[local] not in defined}
    assert not missing, f"terms used but not defined in ontology/: {missing}"


def test_every_term_the_queries_and_shapes_use_is_defined_in_the_ontology(defined):
    used = _used_in(SPARQL_AND_SHAPES + [*ROOT.glob("server/templates/*.html")], AS_CURIE, ("local",))
    assert len(used) > 20
    missing = {local: places[:3] for local, places in used.items() if CKG[local] not in defined}
    assert not missing, f"terms used but not defined in ontology/: {missing}"


def test_a_mistyped_term_is_caught_by_the_scan(defined, tmp_path, monkeypatch):
    code = tmp_path / "mapping.py"
    code.write_text('graph.add((node, RDF.type, CKG.Inspecton))\ngraph.add((node, RDF.type, CKG["Inspection"]))\n')
    monkeypatch.setattr("tests.test_terms.ROOT", tmp_path)
    used = _used_in([code], IN_PYTHON, ("attr", "key"))
    assert set(used) == {"Inspecton", "Inspection"}
    assert [local for local in used if CKG[local] not in defined] == ["Inspecton"]
