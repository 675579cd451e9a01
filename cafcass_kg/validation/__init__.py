"""Validate a graph against the project's SHACL shapes and explain each result to a person.

The shapes are checked against SHACL-for-SHACL before anything runs (shapes); the documents are
then validated in batches with the vocabulary graph and the cross-checks once over the union of
every graph, by the engine the shapes allow (engines, fast_engine, batches, pyshacl_engines).
pySHACL is the reference implementation; the default engine gives its results faster, and the
tests hold the engines to the same results. Each result is described with the resource's label,
the passages of the documents it was read from, what is wrong and what was expected (describe,
model), and rendered by report. RDF handed over to be validated is read by uploads.

This package re-exports what the command line, the server, the tests and the benchmarks use.
"""

from cafcass_kg.validation.engines import ENGINES, choose_engine, validate_dataset, validate_store
from cafcass_kg.validation.model import Passage, Report, Result
from cafcass_kg.validation.shapes import Shapes
from cafcass_kg.validation.uploads import MEDIA_TYPES, RDF_SUFFIXES, parse_dataset, read_dataset

__all__ = [
    "ENGINES", "MEDIA_TYPES", "RDF_SUFFIXES", "Passage", "Report", "Result", "Shapes", "choose_engine",
    "parse_dataset", "read_dataset", "validate_dataset", "validate_store",
]
