"""SHACL Core constraints checked by the ``shacl`` package (a compiled validator, about a hundred
times faster than pySHACL on our shapes), for the shapes where it gives pySHACL's results.

The SPARQL constraints are taken out of the shapes first: the ``shacl`` package plans them badly
(quadratic) and misreads some comparisons of dates, so they run set-at-a-time on Oxigraph instead
(see sparql_constraints). The test suite runs every shape test on this engine and on pySHACL and
requires the same results.

The package reads the shapes from text, so blank-node shapes (a property shape written inline)
come back in its report under blank nodes of its own. We therefore name every such shape with an
IRI before compiling and turn the IRIs back into the original blank nodes in the report, so that a
result can be explained with the shape's parameters and messages.
"""

from __future__ import annotations

import shacl
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH

from cafcass_kg.errors import ShapesError
from cafcass_kg.validation.sparql_constraints import DESCRIPTIVE

SKOLEM = "urn:x-cafcass-kg-shape:"


def without_sparql(shapes: Graph) -> Graph:
    """The shapes graph less its SPARQL constraints."""
    constraints = set(shapes.objects(None, SH.sparql))
    core = Graph()
    for s, p, o in shapes:
        if p != SH.sparql and s not in constraints:
            core.add((s, p, o))
    return core


def sparql_only(shapes: Graph) -> Graph:
    """The shapes that have SPARQL constraints, with their targets, severities, messages, the
    constraints and their prefix declarations, and nothing else."""
    part = Graph()
    for shape in set(shapes.subjects(SH.sparql, None)):
        for p, o in shapes.predicate_objects(shape):
            if p in DESCRIPTIVE:
                part.add((shape, p, o))
        for constraint in shapes.objects(shape, SH.sparql):
            part += shapes.cbd(constraint)
    for p in (SH.declare, SH.prefix, SH.namespace):
        for triple in shapes.triples((None, p, None)):
            part.add(triple)
    return part


TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def has_core_targets(shapes: Graph) -> bool:
    """Whether any targeted shape has a core constraint (else there is nothing for them to check)."""
    core = without_sparql(shapes)
    targeted = {s for p in TARGETS for s in core.subjects(p, None)}
    targeted |= set(core.subjects(RDF.type, SH.NodeShape)) & set(core.subjects(RDF.type, RDFS.Class))
    return any(p not in DESCRIPTIVE for shape in targeted for p in core.predicates(shape, None))


class CoreValidator:
    """The core constraints of a shapes graph, compiled once, run on N-Triples text."""

    def __init__(self, shapes: Graph):
        core = without_sparql(shapes)
        try:
            self.compiled = shacl.Shapes.from_text(_named_shapes(core).serialize(format="nt"), format="ntriples")
        except (ValueError, RuntimeError) as exc:
            raise ShapesError(f"the shapes cannot be compiled by the fast engine: {exc}") from None

    def validate(self, ntriples: str) -> Graph:
        """A SHACL validation report graph, with the original shape nodes."""
        report = self.compiled.validate_text(ntriples, format="ntriples", allow_warnings=True)
        graph = Graph().parse(data=report.serialize("ntriples"), format="nt")
        return _original_shapes(graph)


_compiled: dict[int, tuple[Graph, CoreValidator]] = {}


def core_validator(shapes: Graph) -> CoreValidator:
    """The shapes graph compiled, once per graph object (its blank nodes are what the reports
    name, so a copy of the graph would not do)."""
    cached = _compiled.get(id(shapes))
    if cached is None or cached[0] is not shapes:
        if len(_compiled) >= 8:
            _compiled.clear()
        cached = _compiled[id(shapes)] = (shapes, CoreValidator(shapes))
    return cached[1]


def _named_shapes(shapes: Graph) -> Graph:
    """Every blank node of the shapes that is not a list cell, named by an IRI made from its id."""
    lists = set(shapes.subjects(RDF.first, None)) | {RDF.nil}

    def name(node):
        return URIRef(SKOLEM + str(node)) if isinstance(node, BNode) and node not in lists else node

    named = Graph()
    for s, p, o in shapes:
        named.add((name(s), p, name(o)))
    return named


def _original_shapes(report: Graph) -> Graph:
    def original(node):
        return BNode(node[len(SKOLEM):]) if isinstance(node, URIRef) and node.startswith(SKOLEM) else node

    restored = Graph()
    for s, p, o in report:
        restored.add((original(s), p, original(o)))
    return restored
