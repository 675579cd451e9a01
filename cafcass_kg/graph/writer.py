"""How the mapping writes a fact with its evidence: the primitives every part of the mapper uses.

Each fact is either an n-ary node (a judgement, an observation, a membership, a citation ...) that
is ``prov:wasDerivedFrom`` an evidence annotation (``node``), or a plain triple about an entity that
is also written as an ``rdf:Statement`` with its evidence (``claim``), so that "which passage says
this?" always has an answer. An annotation targets the passage by its offsets and its quote (W3C
Web Annotation selectors), with its numbered paragraph and, for a paged file, its page.
"""

from __future__ import annotations

import hashlib
from functools import cached_property

from rdflib import Literal, URIRef

from cafcass_kg.loaders import LoadedDocument
from cafcass_kg.loaders.text import slug
from cafcass_kg.namespaces import ID

from .document_graph import DocumentGraph
from .identity import DocumentIdentity
from .paragraphs import ParagraphIndex
from .resolver import Resolver
from .terms import CKG, DCTERMS, OA, ORG, PROV, RDF, RDFS, SKOS, XSD

# RFC 8118 (application/pdf fragment identifiers, after RFC 3778): "page=N" names a page of the PDF.
PDF_FRAGMENTS = URIRef("http://tools.ietf.org/rfc/rfc8118")


class GraphWriter(DocumentIdentity):
    """One document's graph, and the facts, labels and concepts written into it with their evidence."""

    resolver: Resolver

    def __init__(self, doc: LoadedDocument, resolver: Resolver):
        super().__init__(doc, resolver)
        self.graph = DocumentGraph(self.iri)

    @cached_property
    def paragraphs(self) -> ParagraphIndex:
        return ParagraphIndex(self.doc.text)

    def paragraph_number(self, start: int) -> int | None:
        """The numbered paragraph a passage starting at ``start`` belongs to (``ParagraphIndex``)."""
        return self.paragraphs.number_at(start)

    def evidence(self, span: tuple[int, int], *facts: URIRef) -> URIRef:
        """The annotation of the passage ``span``, written once, as the evidence of each of ``facts``."""
        start, end = span
        g, text = self.graph, self.doc.text
        ann = URIRef(f"{self.iri}/evidence/{start}-{end}")
        if (ann, RDF.type, OA.Annotation) not in g:
            target = URIRef(f"{self.iri}/passage/{start}-{end}")
            position = URIRef(f"{target}/position")
            quote = URIRef(f"{target}/quote")
            g.add((ann, RDF.type, OA.Annotation))
            g.add((ann, OA.motivatedBy, OA.identifying))
            g.add((ann, OA.hasTarget, target))
            g.add((target, RDF.type, OA.SpecificResource))
            g.add((target, OA.hasSource, self.iri))
            g.add((target, OA.hasSelector, position))
            g.add((target, OA.hasSelector, quote))
            g.add((position, RDF.type, OA.TextPositionSelector))
            g.add((position, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
            g.add((position, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))
            g.add((quote, RDF.type, OA.TextQuoteSelector))
            g.add((quote, OA.exact, Literal(text[start:end])))
            g.add((quote, OA.prefix, Literal(text[max(0, start - 32):start])))
            g.add((quote, OA.suffix, Literal(text[end:end + 32])))
            number = self.paragraph_number(start)
            if number is not None:
                g.add((target, CKG.paragraphNumber, Literal(number, datatype=XSD.integer)))
            page = self.doc.extracted.page_of(start) if self.doc.extracted is not None else None
            if page is not None:
                self.page_selector(target, page)
        for fact in facts:
            g.add((ann, OA.hasBody, fact))
            g.add((fact, PROV.wasDerivedFrom, ann))
        return ann

    def page_selector(self, target: URIRef, page: int) -> None:
        """The page of the original file a passage is on, as a Web Annotation fragment selector
        ("page=3", the fragment that opens a PDF at that page) and as a number for queries."""
        g = self.graph
        selector = URIRef(f"{target}/page")
        g.add((target, CKG.pageNumber, Literal(page, datatype=XSD.integer)))
        g.add((target, OA.hasSelector, selector))
        g.add((selector, RDF.type, OA.FragmentSelector))
        g.add((selector, RDF.value, Literal(f"page={page}")))
        g.add((selector, DCTERMS.conformsTo, PDF_FRAGMENTS))

    def claim(self, s: URIRef, p: URIRef, o, span: tuple[int, int]) -> None:
        """A plain fact, with an rdf:Statement that carries its evidence."""
        self.graph.add((s, p, o))
        key = hashlib.sha1(f"{s} {p} {o.n3()}".encode()).hexdigest()[:16]
        st = URIRef(f"{self.iri}/statement/{key}")
        self.graph.add((st, RDF.type, RDF.Statement))
        self.graph.add((st, RDF.subject, s))
        self.graph.add((st, RDF.predicate, p))
        self.graph.add((st, RDF.object, o))
        self.evidence(span, st)

    def node(self, iri: URIRef, kind: URIRef, span: tuple[int, int], *pairs) -> URIRef:
        """An n-ary fact: ``iri`` of class ``kind`` with its (property, value) pairs (a value of None
        is left out), derived from the passage ``span``."""
        g = self.graph
        g.add((iri, RDF.type, kind))
        for p, o in pairs:
            if o is not None:
                g.add((iri, p, o))
        self.evidence(span, iri)
        return iri

    def label(self, iri: URIRef, text: str, kind: URIRef | None = None) -> URIRef:
        """``iri`` labelled ``text`` (and typed ``kind``), without evidence: a name, not a fact."""
        self.graph.add((iri, RDFS.label, Literal(text)))
        if kind is not None:
            self.graph.add((iri, RDF.type, kind))
        return iri

    def concept(self, scheme: str, label: str, broader: URIRef | None = None) -> URIRef:
        """The concept of the controlled vocabulary ``scheme`` with ``label``; one the vocabulary
        lacks is written into the document's graph, so that the graph stays whole."""
        found = self.resolver.reference.concept(scheme, label)
        if found is not None:
            return found
        iri = ID[f"concept/{scheme}/{slug(label)}"]
        g = self.graph
        g.add((iri, RDF.type, SKOS.Concept))
        g.add((iri, SKOS.inScheme, ID[f"scheme/{scheme}"]))
        g.add((iri, SKOS.prefLabel, Literal(label[:1].upper() + label[1:], lang="en")))
        if broader is not None:
            g.add((iri, SKOS.broader, broader))
        if scheme == "role":
            g.add((iri, RDF.type, ORG.Role))
        return iri
