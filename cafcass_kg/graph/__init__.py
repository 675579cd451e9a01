"""Records to triples: one named graph per document, its facts tied to their evidence.

``mapping`` (DocumentMapper) writes a document's graph from the parts that map each kind of
record (documents, organisation, people, inspections, figures, citations) on the evidence
primitives of ``writer``; ``resolver`` resolves the names that mean one entity across documents
first; ``terms`` is the closed registry of the vocabulary terms written; ``document_graph`` holds
the triples and writes them as N-Quads.
"""
