"""Mapping a document itself: its class, title, dates and publisher, its text and checksum, the file
it was read from and the extraction (with the software) that made the text from the file."""

from __future__ import annotations

import datetime as dt
import re

from rdflib import Literal, URIRef

from cafcass_kg.loaders import records as r
from cafcass_kg.loaders.text import slug
from cafcass_kg.namespaces import ID

from .genres import GENRE_CLASS, GENRE_PUBLISHER
from .terms import CKG, CNT, DCAT, DCTERMS, PROV, RDF, RDFS, SCHEMA, SKOS, SPDX, XSD
from .values import literal_of
from .writer import GraphWriter

OGL = URIRef("http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/")


class DocumentMapping(GraphWriter):
    """The document and the file it came from."""

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
            self.claim(d, DCTERMS.issued, literal_of(info.issued), info.evidence)
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
        self.map_extraction(f)

    def map_extraction(self, file: URIRef) -> None:
        """The extraction of the document's text from ``file``, by the software that did it."""
        g, d, extracted = self.graph, self.iri, self.doc.extracted
        software = ID[f"software/{slug(extracted.extractor)}/{slug(extracted.extractor_version)}"]
        g.add((software, RDF.type, PROV.SoftwareAgent))
        g.add((software, SCHEMA.name, Literal(extracted.extractor)))
        g.add((software, SCHEMA.softwareVersion, Literal(extracted.extractor_version)))
        g.add((software, RDFS.label, Literal(f"{extracted.extractor} {extracted.extractor_version}")))
        extraction = URIRef(f"{d}/extraction")
        g.add((d, PROV.wasGeneratedBy, extraction))
        g.add((extraction, RDF.type, PROV.Activity))
        g.add((extraction, PROV.used, file))
        g.add((extraction, PROV.wasAssociatedWith, software))
