"""The SHACL shapes of a run: the project's own (``shapes/``) or a user's files, read, checked
against SHACL-for-SHACL before anything runs, and split into the shapes checked document by
document and those checked once over the whole graph.

- the *document shapes* (``shapes/document.ttl`` and ``shapes/ontology.ttl``) only look inside a
  document's own graph and the vocabulary graph, so documents can be validated in batches;
- the *cross-checks* (``shapes/cross-checks.ttl``) compare documents with each other and run once
  over the union of every graph. A user's shapes run there too: every triple is in view.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from pyshacl.entrypoints import meta_validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SH

from cafcass_kg import formats
from cafcass_kg.errors import ShapesError
from cafcass_kg.namespaces import curie
from cafcass_kg.resources import folder

DOCUMENT_SHAPE_FILES = ("document.ttl", "ontology.ttl")
CROSS_CHECK_FILES = ("cross-checks.ttl",)


@dataclass
class Shapes:
    """The shapes of a run: those checked per document batch, and those checked on the whole graph."""

    per_document: Graph
    whole_graph: Graph
    files: list[str]

    @classmethod
    def bundled(cls) -> Shapes:
        """The project's shapes, read and checked once per process (pySHACL does not change them)."""
        return _bundled_shapes()

    @classmethod
    def _read_bundled(cls) -> Shapes:
        shapes_dir = folder("shapes")
        per_document = parse_shape_files([shapes_dir / n for n in DOCUMENT_SHAPE_FILES])
        whole = parse_shape_files([shapes_dir / n for n in CROSS_CHECK_FILES])
        shapes = cls(per_document, whole, [f"shapes/{n}" for n in DOCUMENT_SHAPE_FILES + CROSS_CHECK_FILES])
        shapes.check()
        return shapes

    @classmethod
    def from_files(cls, paths: Sequence[Path]) -> Shapes:
        """A user's own shapes: all run on the whole graph, where every triple is in view."""
        files: list[Path] = []
        for path in paths:
            path = Path(path)
            if path.is_dir():
                files += sorted(path.glob("*.ttl"))
            else:
                files.append(path)
        shapes = cls(Graph(), parse_shape_files(files), [str(p) for p in files])
        shapes.check()
        return shapes

    def check(self) -> None:
        """Check the shapes against SHACL-for-SHACL; a broken shapes graph stops the run."""
        for graph in (self.per_document, self.whole_graph):
            if not len(graph):
                continue
            conforms, _, text = meta_validate(graph)
            if not conforms:
                problems = "\n".join(line for line in str(text).splitlines() if line.strip().startswith(("Message:", "Focus Node:", "Result Path:")))
                raise ShapesError(f"the shapes are not valid SHACL ({', '.join(self.files)}):\n{problems}")

    @cached_property
    def all_shapes(self) -> Graph:
        """Both shapes graphs in one (made once: describing thousands of results asked for it each time)."""
        return self.per_document + self.whole_graph

    def label(self, shape) -> tuple[str, str, str]:
        """(the shape's name, the name of the node shape it belongs to, that node shape's label).
        A property shape without an IRI is named by its node shape."""
        graph = self.all_shapes
        owner = next(iter(graph.subjects(SH.property, shape)), shape)
        name = graph.value(owner, RDFS.label)
        owner_id = curie(owner) if isinstance(owner, URIRef) else "(anonymous shape)"
        shape_id = curie(shape) if isinstance(shape, URIRef) else owner_id
        return shape_id, owner_id, str(name) if name is not None else owner_id


@lru_cache(maxsize=1)
def _bundled_shapes() -> Shapes:
    return Shapes._read_bundled()


def parse_shape_files(paths: Iterable[Path]) -> Graph:
    """The shapes files in one graph, each read in the RDF format its suffix names (Turtle when
    the suffix names none); a missing or unparsable file is a ShapesError."""
    graph = Graph()
    for path in paths:
        known = formats.by_suffix(Path(path).suffix, "graph", "dataset")
        fmt = known.rdflib if known is not None else "turtle"
        try:
            graph.parse(path, format=fmt)
        except FileNotFoundError:
            raise ShapesError(f"{path}: no such shapes file") from None
        except Exception as exc:  # rdflib raises many parser-specific types
            raise ShapesError(f"{path}: not valid {fmt}: {exc}") from None
    return graph
