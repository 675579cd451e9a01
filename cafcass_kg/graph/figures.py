"""Mapping the figures a document states: each an RDF Data Cube observation (value, unit, measure,
area, period, the unit it is about) in the document's data set, and the changes stated between two."""

from __future__ import annotations

from rdflib import Literal, URIRef

from cafcass_kg.loaders import records as r

from .terms import (
    CKG,
    PROV,
    QB,
    RDF,
    RDFS,
    SCHEMA,
    SDMX_ATT,
    SDMX_DIM,
    SDMX_MEASURE,
    XSD,
)
from .values import number
from .writer import GraphWriter


class FigureMapping(GraphWriter):
    """Figures as observations, and stated changes between them."""

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
        self.node(iri, QB.Observation, rec.evidence, (QB.dataSet, dataset), (SDMX_MEASURE.obsValue, number(rec.value)),
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
