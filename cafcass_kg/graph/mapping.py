"""Records to RDF: the one place that mints IRIs and writes triples.

Each document becomes one named graph. Every fact in it is either an n-ary node (a judgement,
an observation, a membership, a citation ...) that is ``prov:wasDerivedFrom`` an evidence
annotation, or a plain triple about an entity that is also written as an ``rdf:Statement`` with
its evidence, so that "which passage says this?" always has an answer.

IRIs come from stable keys (codes, normalised names, content hashes, character offsets), never
from counters or reading order; the ``Resolver`` is built from every document of a build first,
so that the result does not depend on the order documents are read in.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources

from rdflib import Graph, Literal, URIRef
from rdflib import namespace as rdflib_namespace

from cafcass_kg import namespaces
from cafcass_kg.namespaces import ID

from cafcass_kg.loaders import records as r
from cafcass_kg.dates import Period
from cafcass_kg.loaders.text import SourceText, slug


class _Terms:
    """A namespace whose terms are looked up once each. rdflib checks a term's name on every
    attribute access (DefinedNamespace) or makes a new URIRef (Namespace): a sixth of mapping time."""

    def __init__(self, namespace):
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        return self._namespace[name]


DCAT, DCTERMS, FOAF, ORG, PROV, QB, RDF, RDFS, SKOS, TIME, XSD = (
    _Terms(getattr(rdflib_namespace, n))
    for n in ("DCAT", "DCTERMS", "FOAF", "ORG", "PROV", "QB", "RDF", "RDFS", "SKOS", "TIME", "XSD"))
CGOV, CKG, CNT, LEG, OA, SCHEMA, SDMX_ATT, SDMX_DIM, SDMX_MEASURE, SPDX = (
    _Terms(getattr(namespaces, n))
    for n in ("CGOV", "CKG", "CNT", "LEG", "OA", "SCHEMA", "SDMX_ATT", "SDMX_DIM", "SDMX_MEASURE", "SPDX"))

OGL = URIRef("http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/")
CAFCASS = ID["organisation/cafcass"]
OFSTED = ID["organisation/ofsted"]
UNIT_WORDS = re.compile(r"\b(?:Centre|Center|Unit|Office|Team|Board)$")
STATED_IN = {
    "record-of-main-findings": CKG.RecordOfMainFindings,
    "section": CKG.SectionGradeLine,
    "unit-section": CKG.UnitSectionStatement,
    "press-release": CKG.PressReleaseStatement,
    "report-text": CKG.ReportTextStatement,
    "judgement-table": CKG.JudgementTable,
    "document-text": CKG.DocumentTextStatement,
}
GENRE_CLASS = {"ofsted-inspection-report": CKG.InspectionReport, "cafcass-press-release": CKG.PressRelease,
               "ofsted-national-inspection-report": CKG.NationalInspectionReport, "ofsted-visit-letter": CKG.VisitLetter,
               "document-about-cafcass": CKG.DocumentAboutCafcass}
# Publishers (and so the Open Government Licence) are known from the genre only for the public
# bodies' own genres; a document of no known family gets neither.
GENRE_PUBLISHER = {"ofsted-inspection-report": OFSTED, "cafcass-press-release": CAFCASS,
                   "ofsted-national-inspection-report": OFSTED, "ofsted-visit-letter": OFSTED}
# How documents name the organisation itself when it is what was inspected (a national inspection).
THE_ORGANISATION = re.compile(r"(?i)^(?:the\s+)?(?:cafcass|children\s+and\s+family\s+court\s+advisory\s+and\s+support\s+service)"
                              r"(?:\s+\(cafcass\))?(?:\s+as\s+a\s+national\s+organisation)?$")
# RFC 8118 (application/pdf fragment identifiers, after RFC 3778): "page=N" names a page of the PDF.
PDF_FRAGMENTS = URIRef("http://tools.ietf.org/rfc/rfc8118")
GRADE_OR_VERDICT = re.compile(r"(?i)^grade\s*\d|.*\(grade\s*\d\)$")
NAME_NOISE = re.compile(r"\b(?:the|and|service|area|areas|cafcass|region|services)\b|[^a-z0-9 ]")


def area_key(name: str) -> frozenset[str]:
    """A name's identity as a set of words: "Kent, Surrey and Sussex" = "Kent,
    Sussex and Surrey service area"."""
    return frozenset(w for w in NAME_NOISE.sub(" ", name.lower()).split() if w)


def _literal_of(period: Period) -> Literal:
    if period.kind == "day":
        return Literal(period.iso, datatype=XSD.date)
    if period.kind == "month":
        return Literal(period.iso, datatype=XSD.gYearMonth)
    if period.kind == "year":
        return Literal(period.iso, datatype=XSD.gYear)
    return Literal(period.iso)


def _number(value: float) -> Literal:
    return Literal(int(value), datatype=XSD.integer) if float(value).is_integer() else Literal(str(value), datatype=XSD.decimal)


@dataclass
class Reference:
    """Authorities' identifiers and the controlled vocabularies, read from ontology/."""

    graph: Graph

    @classmethod
    def load(cls) -> "Reference":
        g = Graph()
        folder = resources.files("cafcass_kg.ontology")
        # Every vocabulary and reference file; the OWL ontology itself names no concepts.
        for name in sorted(f.name for f in folder.iterdir() if f.name.endswith(".ttl") and f.name != "cafcass.ttl"):
            g.parse(data=folder.joinpath(name).read_text(encoding="utf-8"), format="turtle")
        return cls(g)

    def __post_init__(self) -> None:
        self.places: dict[str, URIRef] = {}
        for s, label in self.graph.subject_objects(RDFS.label):
            if (s, RDF.type, SCHEMA.AdministrativeArea) in self.graph:
                self.places[str(label).lower()] = s
        self.acts: dict[tuple[str, int], URIRef] = {}
        for s, title in self.graph.subject_objects(DCTERMS.title):
            year = self.graph.value(s, CKG.year)
            if year is not None:
                self.acts[(str(title).lower(), int(year))] = s
        self.concepts: dict[tuple[URIRef, str], URIRef] = {}
        for concept, scheme in self.graph.subject_objects(SKOS.inScheme):
            for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
                for label in self.graph.objects(concept, p):
                    self.concepts[(scheme, _norm(str(label)))] = concept

    def concept(self, scheme: str, label: str) -> URIRef | None:
        return self.concepts.get((ID[f"scheme/{scheme}"], _norm(label)))


def _norm(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", label.lower()).strip()


@dataclass
class Resolver:
    """Corpus-wide identity: which names are one area, which inspection a release speaks of."""

    reference: Reference
    area_codes: dict[frozenset[str], str] = field(default_factory=dict)
    unit_abbreviations: dict[str, str] = field(default_factory=dict)
    org_aliases: dict[str, URIRef] = field(default_factory=dict)
    inspections_by_subject: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    dated_inspections: dict[URIRef, dict[str, URIRef]] = field(default_factory=dict)  # subject -> {ISO date: inspection}

    @classmethod
    def from_documents(cls, documents, reference: Reference | None = None) -> "Resolver":
        resolver = cls(reference or Reference.load())
        for s, label in resolver.reference.graph.subject_objects(RDFS.label | SKOS.altLabel):
            if (s, RDF.type, ORG.FormalOrganization) in resolver.reference.graph:
                resolver.org_aliases[str(label).lower()] = s
        for doc in documents:
            for rec in doc.parsed.of(r.Inspection):
                if rec.subject_code and rec.subject:
                    resolver.area_codes[area_key(rec.subject)] = rec.subject_code
            for rec in doc.parsed.of(r.ServiceAreaCoverage):
                if rec.code and rec.places:
                    resolver.area_codes.setdefault(area_key(" ".join(rec.places)), rec.code)
            for rec in doc.parsed.of(r.OrganisationName):
                target = resolver.org_aliases.get(rec.abbreviation.lower())
                if target is not None:
                    resolver.org_aliases[rec.full_name.lower()] = target
        # Second pass: report inspections, so that a release can point at the report's inspection.
        for doc in documents:
            mapper = DocumentMapper(doc, resolver)
            for rec in doc.parsed.of(r.Inspection):
                if rec.reference or "/" in rec.key:
                    subject = mapper.unit_or_area(rec.subject, rec.subject_code)
                    resolver.inspections_by_subject.setdefault(subject, set()).add(mapper.inspection_iri(rec))
                elif rec.fieldwork_start or rec.published:
                    subject = mapper.unit_or_area(rec.subject, rec.subject_code)
                    when = (rec.fieldwork_start or rec.published).iso
                    resolver.dated_inspections.setdefault(subject, {}).setdefault(when, mapper.inspection_iri(rec))
        return resolver

    def inspection_within(self, subject: URIRef, period: str) -> URIRef | None:
        """The one inspection of ``subject`` dated more precisely inside ``period`` (a year or a month
        that a document gives for an inspection another document dates to the day)."""
        found = {iri for when, iri in self.dated_inspections.get(subject, {}).items()
                 if when.startswith(period) and len(when) > len(period)}
        return found.pop() if len(found) == 1 else None

    def inspection_before(self, subject: URIRef, date: str | None, strictly: bool = False,
                          within_months: int = 12) -> URIRef | None:
        """The inspection of ``subject`` that a document of ``date`` speaks of without dating it: the
        last one that began before the document, within a year of it (news follows an inspection).
        ``strictly`` before ``date``: the inspection before the one a document reports."""
        if not date:
            return None
        earlier = [(when, iri) for when, iri in self.dated_inspections.get(subject, {}).items()
                   if when < date[:len(when)] or (not strictly and when <= date)]
        if not earlier:
            return None
        when, iri = max(earlier)
        return iri if _months_between(when, date) <= within_months else None

    def area(self, name: str | None, code: str | None) -> URIRef:
        if not code and name:
            code = self.area_codes.get(area_key(name))
        if code:
            return ID[f"area/{code.lower()}"]
        return ID[f"area/{slug(name or 'unknown')}"]

    def place(self, name: str) -> URIRef:
        found = self.reference.places.get(name.lower())
        return found if found is not None else ID[f"place/{slug(name)}"]

    def organisation(self, name: str) -> URIRef:
        found = self.org_aliases.get(name.lower())
        return found if found is not None else ID[f"organisation/{slug(name)}"]

    def legislation(self, title: str, year: int, section: tuple[str, ...], identifier: str | None = None) -> tuple[URIRef, URIRef]:
        """(the Act, the cited provision): legislation.gov.uk identifiers where the Act is known."""
        if identifier:
            act = LEG[identifier]
        else:
            act = self.reference.acts.get((title.lower(), year)) or ID[f"legislation/{slug(title)}-{year}"]
        provision = URIRef(f"{act}/{_provision_path(section)}") if section else act
        return act, provision


class DocumentGraph:
    """The triples of one document's graph, in the order written, each once.

    The mapper only adds triples and asks whether one is there; rdflib's Graph.add costs about
    15 microseconds a triple (events, context bookkeeping), which was half the time of a build."""

    def __init__(self, identifier: URIRef):
        self.identifier = identifier
        self._triples: dict[tuple, None] = {}
        self._first_object: dict[tuple, object] = {}

    def add(self, triple: tuple) -> None:
        if triple not in self._triples:
            self._triples[triple] = None
            self._first_object.setdefault(triple[:2], triple[2])

    def value(self, subject, predicate):
        return self._first_object.get((subject, predicate))

    def __contains__(self, triple: tuple) -> bool:
        return triple in self._triples

    def __iter__(self):
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def n_quads(self) -> bytes:
        """The triples as N-Quads in this graph, then the same triples in the default graph (the
        merge that queries read: see cafcass_kg/store.py). Written directly: converting each term to
        an Oxigraph term to serialise it was a third of the time of mapping a document."""
        term = _NTriplesTerms()
        lines = [f"{term(s)} {term(p)} {term(o)}" for s, p, o in self._triples]
        name = f" <{self.identifier}> .\n"
        return (name.join(lines) + name + " .\n".join(lines) + " .\n").encode("utf-8") if lines else b""


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


class _NTriplesTerms:
    """rdflib terms written as N-Triples terms (RDF 1.1 N-Triples, section 2); an IRI met again is
    written once. An IRI with a character N-Triples forbids is a fault of the mapping, not of a document."""

    def __init__(self):
        self.iris: dict[str, str] = {}

    def __call__(self, term) -> str:
        if isinstance(term, URIRef):
            written = self.iris.get(term)
            if written is None:
                if _NOT_IN_IRI.search(term):
                    raise ValueError(f"not a valid IRI: {str(term)!r}")
                written = self.iris[term] = f"<{term}>"
            return written
        if isinstance(term, Literal):
            value = '"' + str(term).translate(_ESCAPES) + '"'
            if term.language:
                return f"{value}@{term.language}"
            if term.datatype is not None and str(term.datatype) != XSD_STRING:
                return f"{value}^^{self(term.datatype)}"
            return value
        return f"_:{term}"  # a blank node


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class DocumentMapper:
    """Writes one document's named graph."""

    def __init__(self, doc, resolver: Resolver):
        self.doc = doc
        self.resolver = resolver
        self.iri = ID[f"document/{doc.sha256[:16]}"]
        self.graph = DocumentGraph(self.iri)
        self.short = doc.sha256[:8]
        self._source: SourceText | None = None
        self.subject_iri: URIRef | None = None
        self.inspection_iris: dict[str, URIRef] = {}
        self.dated_elsewhere: set[str] = set()  # inspections whose coarse dates give way to another document's

    # -- identity -------------------------------------------------------------------------
    def unit_or_area(self, name: str, code: str | None = None) -> URIRef:
        if not code and THE_ORGANISATION.match(name.strip()):
            return CAFCASS
        if not code and UNIT_WORDS.search(name):
            return ID[f"unit/{slug(name)}"]
        return self.resolver.area(name, code)

    def inspection_iri(self, rec: r.Inspection) -> URIRef:
        if rec.key in self.inspection_iris:
            return self.inspection_iris[rec.key]
        if rec.reference:
            iri = ID[f"inspection/{slug(rec.reference)}"]
        elif "/" in rec.key and not rec.key.startswith(("subject:", "other:")):
            parent, unit = rec.key.split("/", 1)
            iri = ID[f"inspection/{slug(parent)}/{slug(unit)}"]
        else:
            subject = self.unit_or_area(rec.subject, rec.subject_code)
            known = self.resolver.inspections_by_subject.get(subject, set())
            # The inspection's own date first: a report dates it by publication, news by its fieldwork.
            when = rec.fieldwork_start or rec.published
            if len(known) == 1 and when is None:
                iri = next(iter(known))
            elif when is not None:
                iri = self.resolver.inspection_within(subject, when.iso)
                if iri is not None:
                    self.dated_elsewhere.add(rec.key)  # another document gives its dates to the day
                else:
                    iri = ID[f"inspection/{slug(rec.subject_code or rec.subject)}/{when.iso}"]
            elif rec.key.endswith(":earlier"):  # "its previous inspection": the one before the one reported
                reported = self.reported_inspection_date()
                iri = ((self.resolver.inspection_before(subject, reported, strictly=True, within_months=120) if reported else None)
                       or ID[f"inspection/{slug(rec.subject_code or rec.subject)}/earlier-{self.short}"])
            else:
                iri = (self.resolver.inspection_before(subject, self.document_date())
                       or ID[f"inspection/{slug(rec.subject_code or rec.subject)}/reported-{self.short}"])
        self.inspection_iris[rec.key] = iri
        return iri

    def reported_inspection_date(self) -> str | None:
        """When the inspection a document reports began (its first dated inspection)."""
        dated = [rec.fieldwork_start or rec.published for rec in self.doc.parsed.of(r.Inspection)
                 if not rec.key.endswith(":earlier") and (rec.fieldwork_start or rec.published)]
        return dated[0].iso if dated else self.document_date()

    def document_date(self) -> str | None:
        """The document's own date (ISO): stated in its text, its embargo, or its file's metadata."""
        info = next(iter(self.doc.parsed.of(r.DocumentInfo)), None)
        if info is not None and info.issued is not None:
            return info.issued.iso
        if info is not None and info.embargoed_until is not None:
            return info.embargoed_until.isoformat()[:10]
        extracted = getattr(self.doc, "extracted", None)
        return extracted.published if extracted is not None else None

    # -- evidence -------------------------------------------------------------------------
    @property
    def source(self) -> SourceText:
        if self._source is None:
            self._source = SourceText.from_text(self.doc.name, self.doc.text)
        return self._source

    @cached_property
    def block_starts(self) -> list[int]:
        return [b.start for b in self.source.blocks]

    def paragraph_number(self, start: int) -> int | None:
        """The numbered paragraph a passage belongs to: its own, the one a list continues, or the
        one that a heading-like line (a grade line, a unit's verdict) introduces."""
        blocks = self.source.blocks
        i = bisect.bisect_right(self.block_starts, start) - 1
        if i < 0:
            return None
        if blocks[i].number is not None:
            return blocks[i].number
        if len(blocks[i].lines) == 1 and not blocks[i].bullet:
            for later in blocks[i + 1:]:
                if later.number is not None:
                    return later.number
                if later.is_heading and not GRADE_OR_VERDICT.match(later.text):
                    break
        if blocks[i].bullet:
            for earlier in reversed(blocks[:i]):
                if earlier.number is not None:
                    return earlier.number
        return None

    def evidence(self, span: tuple[int, int], *facts: URIRef) -> URIRef:
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
        g = self.graph
        g.add((iri, RDF.type, kind))
        for p, o in pairs:
            if o is not None:
                g.add((iri, p, o))
        self.evidence(span, iri)
        return iri

    def label(self, iri: URIRef, text: str, kind: URIRef | None = None) -> URIRef:
        self.graph.add((iri, RDFS.label, Literal(text)))
        if kind is not None:
            self.graph.add((iri, RDF.type, kind))
        return iri

    def concept(self, scheme: str, label: str, broader: URIRef | None = None) -> URIRef:
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

    # -- mapping --------------------------------------------------------------------------
    def map(self) -> DocumentGraph:
        parsed = self.doc.parsed
        self.map_document(parsed.of(r.DocumentInfo)[0])
        for rec in parsed.of(r.Inspection):
            self.map_inspection(rec)
        handlers = {
            r.OrganisationName: self.map_organisation_name, r.Formation: self.map_formation,
            r.Sponsorship: self.map_sponsorship, r.OrganisationType: self.map_organisation_type,
            r.ServiceAreaCount: self.map_service_area_count, r.UnitMention: self.map_unit_mention,
            r.ServiceAreaCoverage: self.map_coverage, r.Reorganisation: self.map_reorganisation,
            r.PostHolding: self.map_post_holding, r.PostTenure: self.map_post_tenure, r.Contact: self.map_contact,
            r.Quotation: self.map_quotation, r.CaseType: self.map_case_type,
            r.LawBranchDefinition: self.map_law_branch, r.Judgement: self.map_judgement,
            r.AreaForImprovement: self.map_area_for_improvement, r.Citation: self.map_citation,
            r.Checklist: self.map_checklist, r.GradeDefinition: self.map_grade_definition,
            r.Figure: self.map_figure, r.Change: self.map_change, r.UnitFact: self.map_unit_fact,
        }
        for rec in parsed.records:
            handler = handlers.get(type(rec))
            if handler:
                handler(rec)
        return self.graph

    def map_document(self, info: r.DocumentInfo) -> None:
        g, d = self.graph, self.iri
        g.add((d, RDF.type, GENRE_CLASS[info.genre]))
        g.add((d, CKG.genre, Literal(info.genre)))
        if info.genre in GENRE_PUBLISHER:
            g.add((d, DCTERMS.publisher, GENRE_PUBLISHER[info.genre]))
            g.add((d, DCTERMS.license, OGL))
        g.add((d, CKG.sourceFile, Literal(self.doc.name.replace("\\", "/").rsplit("/", 1)[-1])))
        g.add((d, SCHEMA.text, Literal(self.doc.text)))
        checksum = URIRef(f"{d}/checksum")
        g.add((d, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((checksum, SPDX.checksumValue, Literal(self.doc.sha256, datatype=XSD.hexBinary)))
        self.claim(d, DCTERMS.title, Literal(info.title), info.evidence)
        if info.issued:
            self.claim(d, DCTERMS.issued, _literal_of(info.issued), info.evidence)
        if info.embargoed_until:
            kind = XSD.dateTime if isinstance(info.embargoed_until, dt.datetime) else XSD.date
            g.add((d, DCTERMS.available, Literal(info.embargoed_until.isoformat(), datatype=kind)))
        if info.reference:
            self.claim(d, DCTERMS.identifier, Literal(info.reference), info.evidence)
        for warning in self.doc.warnings:
            g.add((d, SKOS.editorialNote, Literal(warning, lang="en")))
        self.map_source_file()

    def map_source_file(self) -> None:
        """The file as received (name, media type, size, SHA-256 of its bytes, the metadata it
        carries) and the extraction that made the text from it, with the software that did it."""
        doc, g, d = self.doc, self.graph, self.iri
        if doc.source is None or doc.extracted is None:
            return
        source, extracted = doc.source, doc.extracted
        f = URIRef(f"{d}/file")
        g.add((d, DCTERMS.source, f))
        g.add((f, RDF.type, SCHEMA.MediaObject))
        g.add((f, SCHEMA.name, Literal(source.name.replace("\\", "/").rsplit("/", 1)[-1])))
        g.add((f, SCHEMA.encodingFormat, Literal(extracted.media_type)))
        g.add((f, DCAT.byteSize, Literal(source.byte_size, datatype=XSD.nonNegativeInteger)))
        checksum = URIRef(f"{f}/checksum")
        g.add((f, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((checksum, SPDX.checksumValue, Literal(source.sha256, datatype=XSD.hexBinary)))
        if extracted.encoding:
            g.add((f, CNT.characterEncoding, Literal(extracted.encoding)))
        if extracted.page_starts:
            g.add((f, SCHEMA.numberOfPages, Literal(len(extracted.page_starts), datatype=XSD.integer)))
        if extracted.title:
            g.add((f, DCTERMS.title, Literal(extracted.title)))
        if extracted.published and re.fullmatch(r"\d{4}-\d{2}-\d{2}", extracted.published):
            g.add((f, DCTERMS.issued, Literal(extracted.published, datatype=XSD.date)))
        software = ID[f"software/{slug(extracted.extractor)}/{slug(extracted.extractor_version)}"]
        g.add((software, RDF.type, PROV.SoftwareAgent))
        g.add((software, SCHEMA.name, Literal(extracted.extractor)))
        g.add((software, SCHEMA.softwareVersion, Literal(extracted.extractor_version)))
        g.add((software, RDFS.label, Literal(f"{extracted.extractor} {extracted.extractor_version}")))
        extraction = URIRef(f"{d}/extraction")
        g.add((d, PROV.wasGeneratedBy, extraction))
        g.add((extraction, RDF.type, PROV.Activity))
        g.add((extraction, PROV.used, f))
        g.add((extraction, PROV.wasAssociatedWith, software))

    def map_inspection(self, rec: r.Inspection) -> None:
        g = self.graph
        iri = self.inspection_iri(rec)
        subject = self.unit_or_area(rec.subject, rec.subject_code)
        if rec.is_report_subject or (self.subject_iri is None and rec.key.startswith("subject:")):
            self.subject_iri = subject
        if subject != CAFCASS:
            self.map_unit_or_area(subject, rec.subject, rec.subject_code, rec.evidence)
        if rec.kind:
            g.add((iri, CKG.inspectionKind, self.concept("inspection-kind", rec.kind)))
        if rec.framework:
            g.add((iri, CKG.framework, self.concept("inspection-framework", rec.framework)))
        self.node(iri, CKG.Inspection, rec.evidence, (PROV.wasAssociatedWith, OFSTED), (CKG.inspected, subject),
                  (CKG.reportedIn, self.iri))
        g.add((iri, RDF.type, PROV.Activity))
        g.add((OFSTED, RDF.type, ORG.FormalOrganization))
        g.add((OFSTED, RDFS.label, Literal("Ofsted")))
        if rec.reference:
            g.add((iri, DCTERMS.identifier, Literal(rec.reference)))
            g.add((iri, RDFS.label, Literal(f"Inspection {rec.reference}: {rec.subject}")))
        else:
            g.add((iri, RDFS.label, Literal(f"Inspection of {rec.subject}")))
        if "/" in rec.key and not rec.key.startswith(("subject:", "other:")):
            g.add((iri, DCTERMS.isPartOf, ID[f"inspection/{slug(rec.key.split('/', 1)[0])}"]))
        if rec.key not in self.dated_elsewhere:  # "the inspection in 2018": the report's own dates stand
            self.map_inspection_dates(iri, rec)
        if rec.fieldwork_text:
            g.add((iri, CKG.fieldworkDescription, Literal(rec.fieldwork_text)))
        if rec.reference and self.doc.parsed.genre == "ofsted-inspection-report":
            g.add((self.iri, CKG.reportOf, iri))

    def map_inspection_dates(self, iri: URIRef, rec: r.Inspection) -> None:
        g = self.graph
        if rec.published:
            g.add((iri, CKG.reportPublished, _literal_of(rec.published)))
        if rec.fieldwork_start:
            g.add((iri, CKG.fieldworkStart, _literal_of(rec.fieldwork_start)))
        if rec.fieldwork_end:
            g.add((iri, CKG.fieldworkEnd, _literal_of(rec.fieldwork_end)))

    def map_unit_or_area(self, iri: URIRef, name: str, code: str | None, span) -> None:
        g = self.graph
        if "/unit/" in str(iri):
            g.add((iri, RDF.type, ORG.OrganizationalUnit))
        else:
            g.add((iri, RDF.type, CKG.ServiceArea))
            g.add((iri, RDF.type, ORG.OrganizationalUnit))
            if code:
                g.add((iri, SKOS.notation, Literal(code)))
        g.add((iri, RDFS.label, Literal(name)))
        self.claim(iri, ORG.unitOf, CAFCASS, span)

    def subject_or(self, unit: str | None) -> URIRef:
        if unit == "subject":
            return self.subject_iri or CAFCASS
        if unit is None:
            return CAFCASS
        return self.unit_or_area(unit)

    def map_organisation_name(self, rec: r.OrganisationName) -> None:
        org = self.resolver.organisation(rec.abbreviation)
        self.label(org, rec.abbreviation, ORG.FormalOrganization)
        self.claim(org, SCHEMA.legalName, Literal(rec.full_name), rec.evidence)

    def map_formation(self, rec: r.Formation) -> None:
        org = self.resolver.organisation(rec.organisation)
        event = ID[f"event/{slug(rec.organisation)}-formed-{rec.date.iso}"]
        self.node(event, ORG.ChangeEvent, rec.evidence, (ORG.resultingOrganization, org),
                  (DCTERMS.date, _literal_of(rec.date)),
                  (RDFS.label, Literal(f"Formation of {rec.organisation}")),
                  (CKG.jurisdiction, Literal(rec.jurisdiction) if rec.jurisdiction else None))
        for name in rec.predecessors:
            pred = self.label(self.resolver.organisation(name), name, ORG.Organization)
            self.graph.add((event, ORG.originalOrganization, pred))
        self.claim(org, SCHEMA.foundingDate, _literal_of(rec.date), rec.evidence)

    def map_sponsorship(self, rec: r.Sponsorship) -> None:
        dept = self.label(self.resolver.organisation(rec.department), rec.department, ORG.FormalOrganization)
        self.graph.add((dept, RDF.type, CGOV.Department))
        self.claim(self.resolver.organisation(rec.organisation), CGOV.parentDepartment, dept, rec.evidence)

    def map_organisation_type(self, rec: r.OrganisationType) -> None:
        org = self.resolver.organisation(rec.organisation)
        if rec.type_label == "non-departmental public body":
            self.claim(org, RDF.type, CGOV.NonDepartmentalPublicBody, rec.evidence)
        self.claim(org, CKG.organisationType, Literal(rec.type_label), rec.evidence)

    def map_service_area_count(self, rec: r.ServiceAreaCount) -> None:
        org = self.resolver.organisation(rec.organisation)
        self.claim(org, CKG.serviceAreaCount, Literal(rec.count, datatype=XSD.integer), rec.evidence)
        if rec.national_office:
            office = self.label(ID["unit/national-office"], "National office", ORG.OrganizationalUnit)
            self.claim(office, ORG.unitOf, org, rec.evidence)
            place = self.label(self.resolver.place(rec.national_office), rec.national_office, SCHEMA.AdministrativeArea)
            self.claim(office, SCHEMA.location, place, rec.evidence)

    def map_unit_mention(self, rec: r.UnitMention) -> None:
        iri = self.label(ID[f"unit/{slug(rec.kind)}-{slug(rec.name)}"], f"{rec.name} ({rec.kind})", ORG.OrganizationalUnit)
        self.graph.add((iri, RDF.type, CKG.NationalArea))
        self.claim(iri, ORG.unitOf, CAFCASS, rec.evidence)

    def map_coverage(self, rec: r.ServiceAreaCoverage) -> None:
        area = self.subject_iri if rec.name == "subject" else self.resolver.area(rec.name, rec.code)
        if area is None:
            return
        self.graph.add((area, RDF.type, CKG.ServiceArea))
        self.graph.add((area, RDF.type, ORG.OrganizationalUnit))
        if rec.code:
            self.claim(area, SKOS.notation, Literal(rec.code), rec.evidence)
            self.graph.add((area, RDFS.label, Literal(f"Service area {rec.code}")))
        self.claim(area, ORG.unitOf, CAFCASS, rec.evidence)
        for name in rec.places:
            place = self.label(self.resolver.place(name), name, SCHEMA.AdministrativeArea)
            self.claim(area, SCHEMA.areaServed, place, rec.evidence)
        for name in rec.units:
            unit = self.label(self.unit_or_area(name), name, ORG.OrganizationalUnit)
            self.claim(area, ORG.hasUnit, unit, rec.evidence)

    def map_reorganisation(self, rec: r.Reorganisation) -> None:
        area = self.subject_or(rec.area)
        event = ID[f"event/{str(area).rsplit('/', 1)[-1]}-reorganised-{rec.date.iso}"]
        self.node(event, ORG.ChangeEvent, rec.evidence, (ORG.resultingOrganization, area),
                  (DCTERMS.date, _literal_of(rec.date)), (DCTERMS.description, Literal(rec.description)),
                  (RDFS.label, Literal(f"Re-organisation of {self.graph.value(area, RDFS.label) or 'the service area'}, {rec.date.iso}")))
        for name in rec.units_moved_into:
            unit = self.label(self.unit_or_area(name), name, ORG.OrganizationalUnit)
            self.graph.add((event, CKG.teamsMovedInto, unit))
        for name in rec.places_transferred_out:
            place = self.label(self.resolver.place(name), name, SCHEMA.AdministrativeArea)
            self.graph.add((event, CKG.servicesTransferredOut, place))

    def map_post_holding(self, rec: r.PostHolding) -> None:
        person = ID[f"person/{slug(rec.person)}"]
        self.graph.add((person, RDF.type, FOAF.Person))
        self.graph.add((person, FOAF.name, Literal(rec.person)))
        self.graph.add((person, RDFS.label, Literal(rec.person)))
        if rec.organisation:
            org = self.resolver.organisation(rec.organisation)
            self.graph.add((org, RDF.type, ORG.Organization))
            self.graph.add((org, RDFS.label, Literal(rec.organisation)))
        else:
            org = self.subject_or(rec.unit)
            if rec.unit not in (None, "subject") and org != CAFCASS:
                # a unit named only with a post (a region, a committee): known to be a unit, nothing more
                self.graph.add((org, RDF.type, ORG.OrganizationalUnit))
                self.graph.add((org, RDFS.label, Literal(rec.unit)))
        role = self.concept("role", rec.role)
        org_key = str(org).rsplit("/id/", 1)[-1].replace("/", "-")
        iri = ID[f"membership/{slug(rec.person)}/{slug(rec.job_title)}/{org_key}"]
        self.node(iri, ORG.Membership, rec.evidence, (ORG.member, person), (ORG.organization, org), (ORG.role, role),
                  (SCHEMA.jobTitle, Literal(rec.job_title)), (RDFS.label, Literal(f"{rec.person}, {rec.job_title}")),
                  (CKG.interim, Literal(True) if rec.interim else None))
        if rec.since is not None:
            self.map_membership_start(iri, rec.since)

    def map_membership_start(self, membership: URIRef, since: Period) -> None:
        """"Chief Executive since April 2019": the membership's interval (W3C ORG, OWL-Time) begins then."""
        g = self.graph
        interval, beginning = URIRef(f"{membership}/during"), URIRef(f"{membership}/during/beginning")
        g.add((membership, ORG.memberDuring, interval))
        g.add((interval, RDF.type, TIME.Interval))
        g.add((interval, TIME.hasBeginning, beginning))
        g.add((beginning, RDF.type, TIME.Instant))
        by_kind = {"day": TIME.inXSDDate, "month": TIME.inXSDgYearMonth, "year": TIME.inXSDgYear}
        g.add((beginning, by_kind.get(since.kind, TIME.inXSDgYear), _literal_of(since)))

    def map_post_tenure(self, rec: r.PostTenure) -> None:
        unit = self.subject_or(rec.unit)
        role = self.concept("role", rec.role)
        post = ID[f"post/{str(unit).rsplit('/', 1)[-1]}/{slug(rec.role)}"]
        self.node(post, ORG.Post, rec.evidence, (ORG.postIn, unit), (ORG.role, role),
                  (CKG.inPostSince, _literal_of(rec.since)), (RDFS.label, Literal(rec.role)))

    def map_contact(self, rec: r.Contact) -> None:
        person = ID[f"person/{slug(rec.person)}"]
        self.label(person, rec.person, FOAF.Person)
        point = ID[f"contact/{slug(rec.person)}"]
        self.claim(person, SCHEMA.contactPoint, point, rec.evidence)
        self.graph.add((point, RDF.type, SCHEMA.ContactPoint))
        for phone in rec.telephones:
            self.claim(point, SCHEMA.telephone, Literal(phone), rec.evidence)

    def map_quotation(self, rec: r.Quotation) -> None:
        iri = URIRef(f"{self.iri}/quotation/{rec.evidence[0]}-{rec.evidence[1]}")
        self.node(iri, SCHEMA.Quotation, rec.evidence, (SCHEMA.creator, ID[f"person/{slug(rec.speaker)}"]),
                  (SCHEMA.text, Literal(rec.text)), (SCHEMA.isPartOf, self.iri))

    def map_case_type(self, rec: r.CaseType) -> None:
        branch = self.concept("branch-of-law", rec.branch)
        case_type = self.concept("case-type", rec.label, broader=branch)
        self.claim(CAFCASS, CKG.worksOnCaseType, case_type, rec.evidence)

    def map_law_branch(self, rec: r.LawBranchDefinition) -> None:
        self.claim(self.concept("branch-of-law", rec.branch), SKOS.definition, Literal(rec.definition, lang="en"), rec.evidence)

    def map_grade_definition(self, rec: r.GradeDefinition) -> None:
        grade = ID[f"concept/grade/{rec.number}"]
        self.claim(grade, SKOS.definition, Literal(rec.definition, lang="en"), rec.evidence)
        self.claim(grade, CKG.labelInSource, Literal(rec.label.lower()), rec.evidence)

    def map_judgement(self, rec: r.Judgement) -> None:
        inspection = self.inspection_iris.get(rec.inspection)
        if inspection is None:
            return
        area = self.concept("evaluation-area", rec.area)
        stated = rec.stated_in
        iri = URIRef(f"{inspection}/judgement/{self.short}/{stated}/{slug(rec.area)}")
        # A grade is its number on the scale; a document that only words it ("adequate") still names one.
        grade = ID[f"concept/grade/{rec.grade_number}"] if rec.grade_number else self.resolver.reference.concept("grade", rec.grade_label)
        number = f"grade {rec.grade_number}, " if rec.grade_number else ""
        self.node(iri, CKG.Judgement, rec.evidence, (CKG.inspection, inspection), (CKG.evaluationArea, area),
                  (CKG.grade, grade), (CKG.gradeLabel, Literal(rec.grade_label)), (CKG.statedIn, STATED_IN[stated]),
                  (CKG.areaLabel, Literal(rec.area)),
                  (RDFS.label, Literal(f"{rec.area[:1].upper()}{rec.area[1:]}: {number}{rec.grade_label.lower()}")))
        if rec.group:
            self.graph.add((iri, CKG.evaluationGroup, self.concept("evaluation-area", rec.group)))
        if rec.unit:
            self.graph.add((iri, CKG.judgedUnit, self.unit_or_area(rec.unit)))

    def map_area_for_improvement(self, rec: r.AreaForImprovement) -> None:
        inspection = self.inspection_iris.get(rec.inspection)
        if inspection is None:
            return
        # The same action can be asked for under two timescales: one area for improvement each.
        # The same text in two documents is one area for improvement (with one label); other wording,
        # even other punctuation, another.
        words = hashlib.sha1(rec.text.encode()).hexdigest()[:8]
        iri = URIRef(f"{inspection}/improvement/{slug(rec.timescale) or 'no-timescale'}/{slug(rec.text)[:60]}-{words}")
        self.node(iri, CKG.AreaForImprovement, rec.evidence, (CKG.inspection, inspection),
                  (RDFS.label, Literal(rec.text)), (CKG.timescaleLabel, Literal(rec.timescale) if rec.timescale else None),
                  (CKG.timescale, Literal(f"P{rec.months}M", datatype=XSD.duration) if rec.months else None))

    def map_citation(self, rec: r.Citation) -> None:
        act, provision = self.resolver.legislation(rec.act_title, rec.act_year, rec.section, rec.identifier)
        g = self.graph
        g.add((act, RDF.type, CKG.Legislation))
        if rec.act_title:
            g.add((act, RDFS.label, Literal(f"{rec.act_title} {rec.act_year}")))
        if provision != act:
            g.add((provision, RDF.type, CKG.LegislationProvision))
            g.add((provision, DCTERMS.isPartOf, act))
            g.add((provision, RDFS.label, Literal(f"{rec.act_title} {rec.act_year}, {_provision_label(rec.section)}")))
        iri = URIRef(f"{self.iri}/citation/{rec.evidence[0]}-{rec.evidence[1]}")
        cited = f"{rec.act_title} {rec.act_year}" + (f", {_provision_label(rec.section)}" if rec.section else "")
        self.node(iri, CKG.Citation, rec.evidence, (CKG.cites, provision), (CKG.citedBy, self.iri),
                  (RDFS.label, Literal(f"Citation of {cited}")),
                  (CKG.citedFor, Literal(rec.cited_for) if rec.cited_for else None),
                  (CKG.contextHeading, Literal(rec.context_heading) if rec.context_heading else None))
        g.add((self.iri, DCTERMS.references, provision))

    def map_checklist(self, rec: r.Checklist) -> None:
        iri = ID[f"checklist/{slug(rec.name)}"]
        self.node(iri, CKG.Checklist, rec.evidence, (RDFS.label, Literal(rec.name)),
                  (CKG.declaredItemCount, Literal(rec.declared_count, datatype=XSD.integer) if rec.declared_count else None))
        if rec.act_title and rec.act_year:
            _, provision = self.resolver.legislation(rec.act_title, rec.act_year, rec.section)
            self.claim(provision, CKG.setsOut, iri, rec.evidence)
        for position, (text, span) in enumerate(rec.items, start=1):
            item = URIRef(f"{iri}/item/{slug(text)[:60]}")
            self.node(item, CKG.ChecklistItem, span, (RDFS.label, Literal(text)), (CKG.checklist, iri),
                      (CKG.position, Literal(position, datatype=XSD.integer)))

    def figure_iri(self, rec: r.Figure) -> URIRef:
        return URIRef(f"{self.iri}/figure/{rec.evidence[0]}-{rec.evidence[1]}")

    def map_figure(self, rec: r.Figure) -> None:
        g = self.graph
        dataset = URIRef(f"{self.iri}/figures")
        g.add((dataset, RDF.type, QB.DataSet))
        g.add((dataset, RDFS.label, Literal("Figures stated in the document")))
        g.add((dataset, PROV.wasDerivedFrom, self.iri))
        unit = self.concept("unit", rec.unit)
        iri = self.figure_iri(rec)
        area = None
        if rec.area:
            area = self.label(self.resolver.place(rec.area), rec.area, SCHEMA.AdministrativeArea)
        period = None
        if rec.period:
            period = URIRef(rec.period.interval_iri)
            g.add((period, RDFS.label, Literal(rec.period.iso)))
        subject = self.subject_or(rec.subject) if rec.subject else None
        self.node(iri, QB.Observation, rec.evidence, (QB.dataSet, dataset), (SDMX_MEASURE.obsValue, _number(rec.value)),
                  (SDMX_ATT.unitMeasure, unit), (CKG.surfaceText, Literal(rec.surface)), (RDFS.label, Literal(rec.surface)),
                  (CKG.measureLabel, Literal(rec.measure) if rec.measure else None),
                  (CKG.qualifier, Literal(rec.qualifier) if rec.qualifier else None),
                  (SDMX_DIM.refArea, area), (SDMX_DIM.refPeriod, period), (CKG.aboutUnit, subject),
                  (CKG.ratePer, Literal(rec.per, datatype=XSD.duration) if rec.per else None))

    def map_change(self, rec: r.Change) -> None:
        iri = URIRef(f"{self.iri}/change/{rec.before.evidence[0]}-{rec.after.evidence[1]}")
        self.node(iri, CKG.StatedChange, rec.evidence, (CKG.fromObservation, self.figure_iri(rec.before)),
                  (CKG.toObservation, self.figure_iri(rec.after)),
                  (CKG.percentChange, Literal(str(rec.percent if rec.direction == "increase" else -rec.percent), datatype=XSD.decimal)))

    def map_unit_fact(self, rec: r.UnitFact) -> None:
        unit = self.label(self.unit_or_area(rec.unit), rec.unit, ORG.OrganizationalUnit)
        self.claim(unit, CKG.operationalSince, _literal_of(rec.operational_since), rec.evidence)


def _months_between(earlier: str, later: str) -> int:
    """Whole months from one ISO date (or year-month, or year) to another."""
    def month_number(iso: str) -> int:
        year, month = int(iso[:4]), int(iso[5:7]) if len(iso) >= 7 else 1
        return year * 12 + month
    return month_number(later) - month_number(earlier)


def _section_label(section: tuple[str, ...]) -> str:
    return section[0] + "".join(f"({s})" for s in section[1:])


def _provision_path(section: tuple[str, ...]) -> str:
    """The path of a provision under its Act, as legislation.gov.uk writes it: section/1/3,
    part/4A, schedule/2/paragraph/12/3."""
    if section[0] in ("part", "schedule"):
        return "/".join(s.lower() if s in ("part", "schedule", "paragraph") else s for s in section)
    return "section/" + "/".join(section)


def _provision_label(section: tuple[str, ...]) -> str:
    """section 1(3), Part 4A, Schedule 2, paragraph 12(3)."""
    if section[0] == "part":
        return "Part " + " ".join(section[1:])
    if section[0] == "schedule":
        label = f"Schedule {section[1]}" if len(section) > 1 else "Schedule"
        if len(section) > 3 and section[2] == "paragraph":
            label += ", paragraph " + _section_label(section[3:])
        return label
    return "section " + _section_label(section)
