"""What a document's genre says of it in the graph: its class and its publisher.

Both are read from the genre modules of loaders/, where each family declares them next to its
``GENRE`` (``CLASS``, a class of the ontology; ``PUBLISHER``, the name of the body that publishes
the genre, or None), so that a new family of documents is one module in loaders/ and the terms it
needs in ontology/. A ``CLASS`` the ontology does not define fails here, when the mapping is imported.
"""

from __future__ import annotations

from rdflib import URIRef

from cafcass_kg.loaders import GENRES, other_document
from cafcass_kg.loaders.text import slug
from cafcass_kg.namespaces import ID

from .terms import CKG

# Every family: those chosen by detection, and the one a text about Cafcass falls back to.
FAMILIES = (*GENRES, other_document)
GENRE_CLASS: dict[str, URIRef] = {family.GENRE: CKG[family.CLASS] for family in FAMILIES}
# Publishers (and so the Open Government Licence) are known from the genre only for the public
# bodies' own genres; a document of no known family gets neither.
GENRE_PUBLISHER: dict[str, URIRef] = {family.GENRE: ID[f"organisation/{slug(family.PUBLISHER)}"]
                                      for family in FAMILIES if family.PUBLISHER}
