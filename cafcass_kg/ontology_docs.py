"""Documentation of the ontology, read from ontology/*.ttl: the project's classes (with what they
specialise), its properties (with domain and range), its SKOS vocabularies (with their number of
concepts) and the vocabularies it reuses. The server shows it at /def/; ``cafcass-kg docs`` writes
the same page as one static HTML file that needs no server and no network."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from jinja2 import Environment, FileSystemLoader, select_autoescape
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from cafcass_kg.namespaces import CKG, PREFIXES, curie, expand
from cafcass_kg.ontology_diagram import ontology_diagram
from cafcass_kg.resources import ontology_files

PROJECT_SPACES = ("ckg", "id", "ckgsh")
PROPERTY_KINDS = {OWL.ObjectProperty: "object", OWL.DatatypeProperty: "datatype", OWL.AnnotationProperty: "annotation"}


@dataclass
class Term:
    iri: str
    name: str  # the prefixed name
    label: str
    definition: str = ""
    parents: list[str] = field(default_factory=list)  # superclasses or superproperties, as prefixed names
    domain: list[str] = field(default_factory=list)
    range: list[str] = field(default_factory=list)
    kind: str = ""
    concepts: int = 0  # for a concept scheme


@dataclass
class OntologyDocs:
    title: str
    description: str
    version: str
    classes: list[Term]
    properties: list[Term]
    schemes: list[Term]
    reused: list[tuple[str, str]]  # (prefix, namespace)


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    graph = Graph()
    for path in ontology_files():
        graph.parse(path, format="turtle")
    return graph


def describe_ontology(graph: Graph | None = None) -> OntologyDocs:
    """What the ontology files define, sorted by label."""
    g = graph if graph is not None else ontology_graph()
    ontology = URIRef(str(CKG))
    own = lambda iri: isinstance(iri, URIRef) and str(iri).startswith(str(CKG))  # noqa: E731
    classes = [_term(g, c) for c in set(g.subjects(RDF.type, OWL.Class)) if own(c)]
    properties = [_term(g, p, PROPERTY_KINDS[k]) for k in PROPERTY_KINDS for p in set(g.subjects(RDF.type, k)) if own(p)]
    schemes = [_term(g, s) for s in set(g.subjects(RDF.type, SKOS.ConceptScheme))]
    for scheme in schemes:
        scheme.concepts = len(set(g.subjects(SKOS.inScheme, URIRef(scheme.iri))))
    reused = [(p, str(ns)) for p, ns in PREFIXES.items() if p not in PROJECT_SPACES]
    by_label = lambda t: t.label.lower()  # noqa: E731
    return OntologyDocs(str(g.value(ontology, DCTERMS.title) or "cafcass-kg ontology"),
                        str(g.value(ontology, DCTERMS.description) or ""), str(g.value(ontology, OWL.versionInfo) or ""),
                        sorted(classes, key=by_label), sorted(properties, key=by_label), sorted(schemes, key=by_label), reused)


def _term(g: Graph, iri: URIRef, kind: str = "") -> Term:
    label = g.value(iri, RDFS.label) or g.value(iri, SKOS.prefLabel) or curie(str(iri))
    definition = g.value(iri, SKOS.definition) or g.value(iri, RDFS.comment) or ""
    parents = sorted(curie(str(o)) for o in g.objects(iri, RDFS.subClassOf) if isinstance(o, URIRef))
    parents += sorted(curie(str(o)) for o in g.objects(iri, RDFS.subPropertyOf) if isinstance(o, URIRef))
    return Term(str(iri), curie(str(iri)), str(label), str(definition), parents,
                sorted(_shown(g, o) for o in g.objects(iri, RDFS.domain)), sorted(_shown(g, o) for o in g.objects(iri, RDFS.range)), kind)


def _shown(g: Graph, node) -> str:
    """A class as a prefixed name; a union of classes (owl:unionOf) as "a or b"."""
    if isinstance(node, URIRef):
        return curie(str(node))
    members = g.value(node, OWL.unionOf)
    if members is not None:
        from rdflib.collection import Collection

        return " or ".join(curie(str(m)) for m in Collection(g, members))
    return "(an anonymous class)"


def render_static(docs: OntologyDocs | None = None) -> str:
    """The documentation as one self-contained HTML page (terms link to their IRIs)."""
    folder = resources.files("cafcass_kg.server").joinpath("templates")
    env = Environment(loader=FileSystemLoader(str(folder)), autoescape=select_autoescape(["html"]))
    docs = docs or describe_ontology()
    own = {t.name for t in docs.classes + docs.properties}
    # In the one-file page a project term's box goes to its row; a reused term's to its own IRI.
    diagram = ontology_diagram(docs.classes, docs.properties, lambda name: f"#{name}" if name in own else expand(name))
    return env.get_template("ontology.html").render(docs=docs, link=lambda term: term.iri, diagram=diagram, standalone=True)
