"""The records' values as RDF literals: periods (a day, a month, a year) and numbers."""

from __future__ import annotations

from rdflib import Literal

from cafcass_kg.dates import Period

from .terms import XSD


def literal_of(period: Period) -> Literal:
    """A period as the XML Schema type of its precision (xsd:date, xsd:gYearMonth, xsd:gYear);
    a period of another kind (a government year, a quarter) as its plain ISO text."""
    if period.kind == "day":
        return Literal(period.iso, datatype=XSD.date)
    if period.kind == "month":
        return Literal(period.iso, datatype=XSD.gYearMonth)
    if period.kind == "year":
        return Literal(period.iso, datatype=XSD.gYear)
    return Literal(period.iso)


def number(value: float) -> Literal:
    """A whole number as xsd:integer, any other as xsd:decimal (never a binary float)."""
    return Literal(int(value), datatype=XSD.integer) if float(value).is_integer() else Literal(str(value), datatype=XSD.decimal)
