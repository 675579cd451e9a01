"""Each result of a SHACL validation report graph described for a person: the resource's label,
the passages of the documents it was read from, what is wrong and what the shape expected.

Describer reads an rdflib Dataset (the pySHACL engines); StoreDescriber reads an Oxigraph store
(the fast engine) and gives the same descriptions.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SH, XSD

from cafcass_kg.namespaces import CKG, LABEL_PROPERTIES, OA, VOCABULARY_GRAPH, curie
from cafcass_kg.store import StoreGraphView, to_oxigraph
from cafcass_kg.validation.graph_forms import VOCABULARY
from cafcass_kg.validation.model import SEVERITY_ORDER, Passage, RawReport, Result
from cafcass_kg.validation.shapes import Shapes

SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
# A fact stated by every document would otherwise list every document.
MAX_PASSAGES = 4


def described(raw: list[RawReport], describer: Describer) -> list[Result]:
    """Every result of the report graphs, described once, in the order a person reads them."""
    seen: set = set()
    results: list[Result] = []
    for report_graph, shapes_graph in raw:
        # Only the report's own results: nested ones (sh:detail) explain a result, they are not results.
        for node in report_graph.objects(None, SH.result):
            result = describer.describe(report_graph, node, shapes_graph)
            key = (result.severity, result.focus, result.path, result.value, result.component, result.message)
            if key not in seen:
                seen.add(key)
                results.append(result)
    results.sort(key=lambda r: (SEVERITY_ORDER[r.severity], r.shape_label, r.focus_label, r.focus, r.message))
    return results


class Describer:
    """Turns a SHACL result node into a Result a person can read."""

    def __init__(self, union: Dataset, dataset: Dataset | None, vocabulary: Graph, shapes: Shapes):
        self.union = union
        self.vocabulary = vocabulary
        self.dataset = dataset
        self.shapes = shapes

    def label(self, node) -> str:
        for p in LABEL_PROPERTIES:
            value = self.union.value(node, p)
            if value is not None:
                return str(value)
        return curie(node) if isinstance(node, URIRef) else str(node)

    def describe(self, report: Graph, node, shapes_graph: Graph) -> Result:
        focus = report.value(node, SH.focusNode)
        path = report.value(node, SH.resultPath)
        value = report.value(node, SH.value)
        shape = report.value(node, SH.sourceShape)
        component = report.value(node, SH.sourceConstraintComponent)
        severity = SEVERITIES.get(report.value(node, SH.resultSeverity), "Violation")
        messages = list(report.objects(node, SH.resultMessage))
        english = [m for m in messages if getattr(m, "language", None) in ("en", None)]
        message = str((english or messages or ["(no message)"])[0])
        shape_id, node_shape, shape_label = self.shapes.label(shape)
        passages = self.passages(focus, path, value)
        if isinstance(value, URIRef) and value != focus:
            passages += tuple(p for p in self.passages(value, None) if p not in passages)
        return Result(
            severity=severity,
            focus=str(focus),
            focus_label=self.label(focus),
            path=curie(path) if isinstance(path, URIRef) else None,
            value=_show(value),
            message=message,
            expected=expected(shapes_graph, shape, component) or f"{shape_label[:1].upper()}{shape_label[1:]}.",
            shape=shape_id,
            node_shape=node_shape,
            shape_label=shape_label,
            component=curie(component).replace("sh:", "") if component is not None else "",
            passages=passages[:MAX_PASSAGES],
            value_n3=value.n3() if value is not None and not isinstance(value, BNode) else None,
        )

    def passages(self, node, path, value=None) -> tuple[Passage, ...]:
        """The passages that support a node: its own evidence, the evidence of the stated facts
        about it, or, for a node of the evidence itself, the passage it belongs to."""
        g = self.union
        if node is None:
            return ()
        targets: list = []
        if (node, RDF.type, OA.SpecificResource) in g:
            targets.append(node)
        # Sorted wherever the graph gives no order, so that every run (and every store) agrees.
        targets += sorted(g.objects(node, OA.hasTarget), key=str)
        targets += sorted(g.subjects(OA.hasSelector, node), key=str)
        annotations = sorted(g.objects(node, PROV.wasDerivedFrom), key=str)
        if not annotations:
            for statement in self.statements_about(node, path, value):
                annotations += sorted(g.objects(statement, PROV.wasDerivedFrom), key=str)
        for annotation in annotations:
            targets += sorted(g.objects(annotation, OA.hasTarget), key=str)
        found: list[Passage] = []
        for target in dict.fromkeys(targets):
            if len(found) >= MAX_PASSAGES:
                break
            found += [p for p in [self.passage(target)] if p is not None]
        if not found:
            found = [self.document_passage(d) for d in self.documents_mentioning(node)]
        if not found and any(self.vocabulary.triples((node, None, None))):
            found = [Passage(str(VOCABULARY_GRAPH), "vocabulary graph (ontology/)", None, None, None, None, None)]
        return tuple(found)

    def statements_about(self, node, path, value) -> list:
        """The stated facts about the node (with ``path``, if given): those with the value in
        question first."""
        g = self.union
        statements = [st for st in g.subjects(RDF.subject, node) if path is None or (st, RDF.predicate, path) in g]
        statements.sort(key=lambda st: ((st, RDF.object, value) not in g, str(st)))
        return statements

    def passage(self, target) -> Passage | None:
        g = self.union
        document = g.value(target, OA.hasSource)
        if document is None:
            return None
        start = end = quote = None
        for selector in g.objects(target, OA.hasSelector):
            if (selector, RDF.type, OA.TextPositionSelector) in g:
                start, end = _int(g.value(selector, OA.start)), _int(g.value(selector, OA.end))
            elif (selector, RDF.type, OA.TextQuoteSelector) in g:
                exact = g.value(selector, OA.exact)
                quote = str(exact) if exact is not None else None
        base = self.document_passage(document)
        return Passage(base.document, base.source_file, base.title, start, end, quote, _int(g.value(target, CKG.paragraphNumber)))

    def document_passage(self, document) -> Passage:
        g = self.union
        source = g.value(document, CKG.sourceFile)
        title = g.value(document, DCTERMS.title)
        return Passage(str(document), str(source) if source is not None else None,
                       str(title) if title is not None else None, None, None, None, None)

    def documents_mentioning(self, node) -> list:
        graphs = []
        for graph in sorted(self.dataset.graphs(), key=lambda g: str(g.identifier)):  # the same order every run
            if graph.identifier != VOCABULARY_GRAPH and (graph.identifier, CKG.sourceFile, None) in graph \
                    and (node, None, None) in graph:
                graphs.append(graph.identifier)
                if len(graphs) >= MAX_PASSAGES:
                    break
        return graphs


class StoreDescriber(Describer):
    """A Describer that reads the store itself. Copying into rdflib the graphs that results are
    about took longer than the validation (135 s of 148 s for 1,000 documents: a fact stated by
    every document brings every graph)."""

    def __init__(self, store: ox.Store, shapes: Shapes):
        super().__init__(StoreGraphView(store), None, StoreGraphView(store, VOCABULARY), shapes)
        self.store = store
        # Thousands of results can be about one resource (every document states facts about
        # Cafcass): each question is asked of the store once.
        self._asked: dict = {}

    def _once(self, key, compute):
        if key not in self._asked:
            self._asked[key] = compute()
        return self._asked[key]

    def label(self, node) -> str:
        return self._once(("label", node), lambda: super(StoreDescriber, self).label(node))

    def passages(self, node, path, value=None) -> tuple[Passage, ...]:
        return self._once(("passages", node, path, value), lambda: super(StoreDescriber, self).passages(node, path, value))

    def statements_about(self, node, path, value) -> list:
        # One query rather than a lookup per statement: every document states facts about Cafcass.
        if not isinstance(node, URIRef):
            return super().statements_about(node, path, value)
        predicate = f"; rdf:predicate <{path}>" if isinstance(path, URIRef) else ""
        first = f"sameTerm(?object, {to_oxigraph(value)})" if value is not None and not isinstance(value, BNode) else "false"
        rows = self.store.query(
            f"PREFIX rdf: <{RDF}> SELECT ?st WHERE {{ ?st rdf:subject <{node}> {predicate} . "
            f"OPTIONAL {{ ?st rdf:object ?object }} }} ORDER BY DESC({first}) STR(?st)")
        return list(dict.fromkeys(URIRef(row["st"].value) for row in rows))

    def documents_mentioning(self, node) -> list:
        if not isinstance(node, URIRef):
            return []
        rows = self.store.query(
            f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?g <{CKG.sourceFile}> ?file . <{node}> ?p ?o }} }} ORDER BY ?g LIMIT {MAX_PASSAGES}")
        return [URIRef(row["g"].value) for row in rows]


def _int(value) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _show(value) -> str | None:
    """A value as a result shows it: an IRI as a CURIE, a long literal cut short."""
    if value is None:
        return None
    if isinstance(value, URIRef):
        return curie(value)
    if isinstance(value, Literal):
        text = str(value)
        shown = text if len(text) <= 120 else text[:117] + "..."
        if value.datatype and value.datatype != XSD.string:
            return f'"{shown}"^^{curie(value.datatype)}'
        return f'"{shown}"'
    return str(value)


# Constraints described by one parameter: the parameter, and the words around its value.
_SIMPLE_EXPECTATIONS = {
    "MinCount": (SH.minCount, "at least {} value(s)"),
    "MaxCount": (SH.maxCount, "at most {} value(s)"),
    "Datatype": (SH.datatype, "a literal of type {}"),
    "Class": (SH["class"], "an instance of {}"),
    "Pattern": (SH.pattern, "text matching the pattern {}"),
    "MinLength": (SH.minLength, "at least {} character(s)"),
    "MinInclusive": (SH.minInclusive, "a value of at least {}"),
}


def expected(shapes: Graph, shape, component) -> str:
    """What the shape asked for, in words, from the parameters of the constraint that failed."""
    if shape is None or component is None:
        return ""
    name = str(component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
    value = lambda p: shapes.value(shape, p)  # noqa: E731
    simple = _SIMPLE_EXPECTATIONS.get(name)
    if simple is not None:
        parameter, wording = simple
        shown = value(parameter)
        return wording.format(curie(shown) if isinstance(shown, URIRef) else shown)
    if name == "NodeKind":
        return {SH.IRI: "an IRI", SH.Literal: "a literal", SH.BlankNode: "a blank node"}.get(value(SH.nodeKind), curie(value(SH.nodeKind)))
    if name == "In":
        members = Collection(shapes, value(SH["in"]))
        return "one of " + ", ".join(_show(m) or "" for m in members)
    if name == "HasValue":
        return f"the value {_show(value(SH.hasValue))}"
    if name == "UniqueLang":
        return "at most one value per language"
    if name == "Node":
        target = value(SH.node)
        comment = shapes.value(target, RDFS.comment)
        return f"a value that conforms to {curie(target) if isinstance(target, URIRef) else 'a shape'}" + (f" ({comment})" if comment else "")
    if name in ("QualifiedMinCount", "QualifiedMaxCount"):
        kind = shapes.value(value(SH.qualifiedValueShape), SH["class"])
        low, high = value(SH.qualifiedMinCount), value(SH.qualifiedMaxCount)
        bounds = f"exactly {low}" if low is not None and low == high else (f"at least {low}" if low is not None else f"at most {high}")
        return f"{bounds} value(s) of class {curie(kind)}" if kind is not None else f"{bounds} conforming value(s)"
    if name == "Or":
        return "one of the alternatives the shape lists"
    return ""
